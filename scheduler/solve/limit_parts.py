"""The parts a hard rule's entry is made of (scheduler.solve.limits): its words, its relaxation or
why it has none, the context rules look things up in, the check's protocol, and the shape most
limits share — "in each group, the duties' weights add up to at most the cap" — from which one
definition gives both the constraint and the check."""


from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Protocol

from scheduler.domain import Instance

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from scheduler.solve.variables import ModelVariables


__all__ = ["Duty", "Words", "Exempt", "Relaxation", "DutyVariables", "Check", "LimitContext", "Constrain", "HardRule",
           "Counted", "possible_duties"]


#: A duty: (supporter id, slot index, via). Via is "work" (released from a work shift) or
#: "support" (on a support shift: protected time, no release needed).
Duty = tuple[str, int, str]


# --- the parts of an entry -----------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """One text in Norwegian bokmål and English."""

    no: str
    en: str

    def text(self, lang: str = "no") -> str:
        return self.no if lang == "no" else self.en


@dataclass(frozen=True)
class Exempt:
    """A part that does not apply to a rule, and why."""

    why: str


@dataclass(frozen=True)
class Relaxation:
    """The rule one step looser: `apply` returns the changed instance, or None when the rule
    limits nothing in this instance (no value is set), so there is nothing to measure."""

    label: Words
    apply: Callable[[Instance], Instance | None]


class DutyVariables(Protocol):
    """What a duty limit's constraint needs of a model: a 0/1 variable per possible duty.

    :class:`scheduler.solve.variables.ModelVariables` has these; a model of other duties (outreach
    contacts) only needs these five fields to get the same limits.
    """

    model: cp_model.CpModel
    duty: Mapping[tuple[str, int], cp_model.IntVar]
    via: Mapping[tuple[str, int], str]
    slots_of: Mapping[str, Sequence[int]]
    supporters_in: Mapping[int, Sequence[str]]


class Check(Protocol):
    """The incremental form of a rule over a growing set of duties."""

    def blocks(self, supporter_id: str, t: int, via: str) -> bool: ...

    def add(self, supporter_id: str, t: int, via: str) -> None: ...


class LimitContext:
    """What the rules look up about an instance, computed once."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.rules = instance.rules
        #: Each supporter's home ward (the ward of their employee record).
        self.home: dict[str, str] = {sid: e.ward for sid, e in instance.employees.items() if sid in instance.supporters}
        self._first = instance.slots[0].date if instance.slots else dt.date(2000, 1, 1)

    @cached_property
    def headcount(self) -> dict[tuple[str, int], int]:
        """Staff at work per (ward, slot index), every ward."""
        frame = self.instance.staffing[["ward", "slot", "headcount"]]
        return {(w, int(t)): int(h) for w, t, h in frame.itertuples(index=False)}

    def day(self, t: int) -> int:
        """Day number of slot `t` in the horizon."""
        return (self.instance.slots[t].date - self._first).days


Constrain = Callable[["ModelVariables", LimitContext, Sequence[Duty]], None]


@dataclass(frozen=True, kw_only=True)
class HardRule:
    """One hard rule and everything done with it (see the module docstring).

    `kind` "duty" limits which duties a supporter may have; its constraint uses only the
    :class:`DutyVariables` fields, so it applies to any kind of duty. "coverage" rules govern how
    the rota's duties cover ward-slots and need the whole :class:`ModelVariables`.
    """

    id: str
    kind: Literal["duty", "coverage"]
    constrain: Constrain
    check: Callable[[LimitContext], Check] | Exempt
    reason: Words
    relax: Relaxation | Exempt
    checked_by: tuple[str, ...]

    def add(self, v: ModelVariables | DutyVariables, instance: Instance, fixed: Iterable[Duty] = ()) -> None:
        """Add this rule alone to a model, `fixed` duties counted. The rota's model gets every rule
        from :func:`scheduler.solve.constraints.add_hard_rules`; a model of other duties (outreach contacts)
        adds the rules of kind "duty"."""
        self.constrain(v, LimitContext(instance), tuple(fixed))  # type: ignore[arg-type]


def possible_duties(v: DutyVariables, per: str) -> Iterator[tuple[str, int]]:
    """The model's possible duties, supporter by supporter or slot by slot."""
    if per == "supporter":
        for sid, slots in v.slots_of.items():
            for t in slots:
                yield sid, t
    else:
        for t, sids in v.supporters_in.items():
            for sid in sids:
                yield sid, t


def _one(ctx: LimitContext, t: int) -> int:
    return 1


@dataclass(frozen=True)
class Counted:
    """A limit of the form "in each group, the duties' weights add up to at most the cap".

    `group` says which group a duty counts in (None: it counts nowhere), `weight` how much it
    counts, `cap` the group's limit (None: no limit). `per` is the order constraints are added in:
    by supporter for a supporter's own limits, by slot for limits on a ward at one time.
    """

    group: Callable[[LimitContext, str, int, str], Hashable | None]
    cap: Callable[[LimitContext, Any], int | None]
    weight: Callable[[LimitContext, int], int] = _one
    per: Literal["supporter", "slot"] = "supporter"

    def constrain(self, v: DutyVariables, ctx: LimitContext, fixed: Sequence[Duty]) -> None:
        used: dict[Hashable, int] = defaultdict(int)
        for sid, t, via in fixed:
            key = self.group(ctx, sid, t, via)
            if key is not None:
                used[key] += self.weight(ctx, t)
        groups: dict[Hashable, list[tuple[str, int]]] = {}
        for sid, t in possible_duties(v, self.per):
            key = self.group(ctx, sid, t, v.via[sid, t])
            if key is not None:
                groups.setdefault(key, []).append((sid, t))
        for key, members in groups.items():
            cap = self.cap(ctx, key)
            if cap is None:
                continue
            weights = [self.weight(ctx, t) for _, t in members]
            if used[key] + sum(weights) > cap:
                if all(w == 1 for w in weights):
                    total = sum(v.duty[k] for k in members)
                else:
                    total = sum(w * v.duty[k] for w, k in zip(weights, members, strict=True))
                v.model.add(total <= max(cap - used[key], 0))

    def check(self, ctx: LimitContext) -> Check:
        return _CountedCheck(self, ctx)


class _CountedCheck:
    def __init__(self, limit: Counted, ctx: LimitContext) -> None:
        self._limit, self._ctx = limit, ctx
        self._used: dict[Hashable, int] = defaultdict(int)
        self._caps: dict[Hashable, int | None] = {}

    def blocks(self, supporter_id: str, t: int, via: str) -> bool:
        key = self._limit.group(self._ctx, supporter_id, t, via)
        if key is None:
            return False
        if key not in self._caps:
            self._caps[key] = self._limit.cap(self._ctx, key)
        cap = self._caps[key]
        return cap is not None and self._used[key] + self._limit.weight(self._ctx, t) > cap

    def add(self, supporter_id: str, t: int, via: str) -> None:
        key = self._limit.group(self._ctx, supporter_id, t, via)
        if key is not None:
            self._used[key] += self._limit.weight(self._ctx, t)


