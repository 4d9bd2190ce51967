"""The hard rules of a rota, each defined once: its constraint, its check, its words, its relaxation.

docs/semantics.md states every rule precisely and docs/domain.md says why it exists. Here each
rule is one :class:`HardRule` of :data:`HARD_RULES`, holding everything the program does with it:

- ``constrain`` adds it to a CP-SAT model (:func:`scheduler.solve.constraints.add_hard_rules` adds them all);
- ``check`` answers "may this supporter take one more duty?" one duty at a time. The greedy start
  (scheduler.solve.greedy) and the reasons for uncovered ward-slots (scheduler.solve.explain) ask every rule
  at once through :class:`DutyLoad`;
- ``reason`` is what an explanation says when the rule is what stands in the way;
- ``relax`` loosens it one step, to measure what it costs in coverage (scheduler.solve.sensitivity);
- ``checked_by`` names the checks of the independent checker (:data:`scheduler.check.rules.HARD_RULE_CHECKS`)
  that re-check it. The checker does not read this module: it is written separately from
  docs/semantics.md, and tests/solve/test_limits.py holds each entry against its checks.

A part that does not apply is an :class:`Exempt` that says why, never a gap.

Duties already decided, such as a published rota, can be given to both the constraint
(``fixed``) and the check (``DutyLoad(instance, duties)``). They count against every limit, so
one more duty (an incident outreach contact, say) is planned or checked together with them.

Nothing here imports OR-Tools: the constraints only call methods of the model they are given.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Protocol

import pandas as pd

from scheduler.domain import Instance, SlotKind, Supporter
from scheduler.units import centi_hours

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from scheduler.solve.variables import ModelVariables

__all__ = [
    "HARD_RULES",
    "Duty",
    "DutyLoad",
    "DutyVariables",
    "Exempt",
    "HardRule",
    "LimitContext",
    "Relaxation",
    "Words",
    "unblock",
]


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


# --- "at most so much per group": the shape of most limits ---------------------------------------


def _duties(v: DutyVariables, per: str) -> Iterator[tuple[str, int]]:
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
class _Counted:
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
        for sid, t in _duties(v, self.per):
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
    def __init__(self, limit: _Counted, ctx: LimitContext) -> None:
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


# --- changed copies of an instance, for the relaxations ------------------------------------------


def _with(instance: Instance, rules: dict | None = None, supporters: dict | None = None, **fields: Any) -> Instance:
    update = dict(fields)
    if rules:
        update["rules"] = instance.rules.model_copy(update=rules)
    if supporters is not None:
        update["supporters"] = supporters
    return instance.model_copy(update=update)


def _supporters_with(instance: Instance, field: str, change: Callable[[Any], Any]) -> dict:
    return {sid: s.model_copy(update={field: change(getattr(s, field))}) for sid, s in instance.supporters.items()}


def _plus_one(value: int | None) -> int | None:
    return None if value is None else value + 1


def _one_more(field: str) -> Callable[[Instance], Instance]:
    """The rule's value and every supporter's own value one higher."""
    def apply(i: Instance) -> Instance:
        return _with(i, {field: getattr(i.rules, field) + 1}, _supporters_with(i, field, _plus_one))
    return apply


def _one_more_rule(field: str) -> Callable[[Instance], Instance]:
    def apply(i: Instance) -> Instance:
        return _with(i, {field: getattr(i.rules, field) + 1})
    return apply


def _no_limit(field: str) -> Callable[[Instance], Instance | None]:
    """Neither the rule nor any supporter sets the limit; None when nobody had one."""
    def apply(i: Instance) -> Instance | None:
        if getattr(i.rules, field) is None and all(getattr(s, field) is None for s in i.supporters.values()):
            return None
        return _with(i, {field: None}, _supporters_with(i, field, lambda _: None))
    return apply


def unblock(instance: Instance, reason: str) -> Instance:
    """Supporters blocked for `reason` ("training", "release", …) made available."""
    freed = instance.blocked[instance.blocked["reason"] == reason][["supporter_id", "slot", "via"]]
    availability = pd.concat([instance.availability, freed], ignore_index=True)
    blocked = instance.blocked[instance.blocked["reason"] != reason].reset_index(drop=True)
    return _with(instance, availability=availability, blocked=blocked)


_MINIMUMS = ("min_staff_day", "min_staff_evening", "min_staff_night")


def _ignore_minimum_staffing(i: Instance) -> Instance | None:
    """No minimum staffing anywhere: whoever is at work may be released."""
    if not any(getattr(w, m) is not None for w in i.wards.values() for m in _MINIMUMS):
        return None
    wards = {wid: w.model_copy(update=dict.fromkeys(_MINIMUMS)) for wid, w in i.wards.items()}
    return unblock(_with(i, wards=wards), "release")


def _one_more_ward(i: Instance) -> Instance | None:
    limit = i.rules.max_wards_per_duty
    return None if limit is None else _with(i, {"max_wards_per_duty": limit + 1})


# --- the rules -----------------------------------------------------------------------------------


def _supporter(ctx: LimitContext, sid: str) -> Supporter:
    return ctx.instance.supporters[sid]


def _centi_hours(ctx: LimitContext, t: int) -> int:
    return centi_hours(ctx.instance.slots[t].duty_hours)


def _protected_centi_hours(ctx: LimitContext, key: tuple[str, tuple[int, int]]) -> int | None:
    hours = ctx.rules.weekly_hours(_supporter(ctx, key[0]))
    return None if hours is None else centi_hours(hours)


def _release_cap(ctx: LimitContext, key: tuple[str, int]) -> int | None:
    """How many of a ward's staff may leave for support duty in a slot: headcount − minimum."""
    ward_id, t = key
    ward = ctx.instance.wards.get(ward_id)
    minimum = ward.min_staff(ctx.instance.slots[t].kind) if ward else None
    return None if minimum is None else ctx.headcount.get(key, 0) - minimum


def _consecutive_days(v: DutyVariables, ctx: LimitContext, fixed: Sequence[Duty]) -> None:
    """No window of `max_consecutive_days + 1` dates with a duty on every date."""
    run = ctx.rules.max_consecutive_days
    per_day = ctx.rules.max_duties_per_day
    fixed_days: dict[str, set[int]] = defaultdict(set)
    for sid, t, _ in fixed:
        fixed_days[sid].add(ctx.day(t))
    for sid, slots in v.slots_of.items():
        days: dict[int, list[int]] = defaultdict(list)
        for t in slots:
            days[ctx.day(t)].append(t)
        worked: dict[int, Any] = {}  # a day's 0/1 expression, or 1 when a fixed duty is on it
        for day, day_slots in days.items():
            terms = [v.duty[sid, t] for t in day_slots]
            if day in fixed_days[sid]:
                worked[day] = 1
            elif per_day == 1 or len(terms) == 1:
                worked[day] = sum(terms)
            else:
                flag = v.model.new_bool_var(f"has_duty[{sid}][day {day}]")
                v.model.add_max_equality(flag, terms)
                worked[day] = flag
        for day in fixed_days.get(sid, ()):
            worked.setdefault(day, 1)
        for day in list(worked):
            window = [worked.get(day + k) for k in range(run + 1)]
            if any(w is None for w in window):
                continue
            terms = [w for w in window if not isinstance(w, int)]
            if terms:
                v.model.add(sum(terms) <= max(run - (len(window) - len(terms)), 0))


class _ConsecutiveCheck:
    def __init__(self, ctx: LimitContext) -> None:
        self._ctx = ctx
        self._days: dict[str, set[int]] = defaultdict(set)

    def blocks(self, supporter_id: str, t: int, via: str) -> bool:
        day, days = self._ctx.day(t), self._days[supporter_id]
        if day in days:
            return False
        before = 0
        while day - before - 1 in days:
            before += 1
        after = 0
        while day + after + 1 in days:
            after += 1
        return before + after + 1 > self._ctx.rules.max_consecutive_days

    def add(self, supporter_id: str, t: int, via: str) -> None:
        self._days[supporter_id].add(self._ctx.day(t))


def _coverage_only_by_eligible_supporters(v: ModelVariables, ctx: LimitContext, fixed: Sequence[Duty]) -> None:
    """A ward-slot counts as covered only while as many eligible supporters are on duty (two
    distinct ones for a backup). Fixed duties are not in this model's coverage."""
    for key, is_covered in v.covered.items():
        if key in v.backup:
            v.model.add(is_covered + v.backup[key] <= v.eligible_sum[key])
            v.model.add(v.backup[key] <= is_covered)
        else:
            v.model.add(is_covered <= v.eligible_sum[key])


def _wards_per_duty(v: ModelVariables, ctx: LimitContext, fixed: Sequence[Duty]) -> None:
    """At most `max_wards_per_duty` wards named per duty. The model decides who covers which ward
    per class of interchangeable supporters (flow variables), not per supporter. Fixed duties
    are not in this model's coverage."""
    limit = ctx.rules.max_wards_per_duty
    if limit is None:
        return
    by_slot: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for ward, t in v.covered:
        by_slot[t].append((ward, t))
    for t, keys in by_slot.items():
        size: dict = defaultdict(int)  # supporters of each class available in the slot
        for s in v.supporters_in.get(t, []):
            size[v.profiles[s]] += 1
        classes = list(size)  # first-seen order: a set's order would change with the hash seed
        load: dict = {c: [] for c in classes}
        served: dict[tuple[str, int], list] = defaultdict(list)
        for key in keys:
            for c in classes:
                if v.fits(c, key[0]):
                    a = v.model.new_int_var(0, size[c], f"names[{c.home_ward}][{key[0]}][{t}]")
                    v.model.add(a <= v.class_sums[c, t])
                    load[c].append(a)
                    served[key].append(a)
        for c, terms in load.items():
            if terms:
                v.model.add(sum(terms) <= limit * v.class_sums[c, t])
        for key in keys:
            need = v.covered[key] + (v.backup[key] if key in v.backup else 0)
            v.model.add(sum(served[key]) >= need)


def _limit(rule_id: str, counted: _Counted, *, reason: Words, relax: Relaxation, checked_by: tuple[str, ...]) -> HardRule:
    """A duty limit of the "at most so much per group" shape: constraint and check from one definition."""
    return HardRule(id=rule_id, kind="duty", constrain=counted.constrain, check=counted.check,  # type: ignore[arg-type]
                    reason=reason, relax=relax, checked_by=checked_by)


def _entries() -> Iterator[HardRule]:
    yield HardRule(
        id="coverage_only_by_eligible_supporters",
        kind="coverage",
        constrain=_coverage_only_by_eligible_supporters,
        check=Exempt("decided per ward, not per duty: scheduler.model.eligibility says who may cover which ward"),
        reason=Words("Bare kollegastøtter som ikke kan dekke denne posten er på jobb",
                     "Only supporters who may not cover this ward are at work"),
        relax=Exempt("who may cover a ward is the scheme's principle, not a capacity to trade"),
        checked_by=("never_covers_own_ward", "never_covers_led_ward", "same_site"),
    )
    yield _limit(
        "one_duty_per_day",
        _Counted(group=lambda ctx, sid, t, via: (sid, ctx.instance.slots[t].date),
                 cap=lambda ctx, key: ctx.rules.max_duties_per_day),
        reason=Words("har allerede støttevakt denne dagen", "already on duty that day"),
        relax=Relaxation(Words("To støttevakter per dag", "Two duties per day"), _one_more_rule("max_duties_per_day")),
        checked_by=("one_duty_per_day",),
    )
    yield _limit(
        "weekly_duties",
        _Counted(group=lambda ctx, sid, t, via: (sid, ctx.instance.slots[t].iso_week),
                 cap=lambda ctx, key: ctx.rules.weekly_duties(_supporter(ctx, key[0]))),
        reason=Words("ukegrensen for støttevakter er nådd", "weekly duty limit reached"),
        relax=Relaxation(Words("Én støttevakt mer per uke", "One more duty per week"), _one_more("max_duties_per_week")),
        checked_by=("weekly_duties",),
    )
    yield _limit(
        "weekly_protected_hours",
        _Counted(group=lambda ctx, sid, t, via: (sid, ctx.instance.slots[t].iso_week),
                 cap=_protected_centi_hours, weight=_centi_hours),
        reason=Words("den beskyttede tiden denne uka er brukt opp", "this week's protected time used up"),
        relax=Relaxation(Words("Ingen grense på beskyttet tid per uke", "No limit on protected time per week"),
                         _no_limit("protected_hours_per_week")),
        checked_by=("weekly_protected_hours",),
    )
    yield _limit(
        "period_duties",
        _Counted(group=lambda ctx, sid, t, via: sid,
                 cap=lambda ctx, sid: ctx.rules.period_duties(_supporter(ctx, sid))),
        reason=Words("grensen for støttevakter i perioden er nådd", "duty limit for the period reached"),
        relax=Relaxation(Words("Ingen grense på vakter i perioden", "No limit on duties per period"),
                         _no_limit("max_duties_per_period")),
        checked_by=("period_duties",),
    )
    yield _limit(
        "period_nights",
        _Counted(group=lambda ctx, sid, t, via: sid if ctx.instance.slots[t].kind is SlotKind.NIGHT else None,
                 cap=lambda ctx, sid: ctx.rules.period_nights(_supporter(ctx, sid))),
        reason=Words("grensen for nattevakter i perioden er nådd", "night limit for the period reached"),
        relax=Relaxation(Words("Ingen grense på netter i perioden", "No limit on nights per period"),
                         _no_limit("max_nights_per_period")),
        checked_by=("period_nights",),
    )
    yield HardRule(
        id="consecutive_days",
        kind="duty",
        constrain=_consecutive_days,
        check=_ConsecutiveCheck,
        reason=Words("ville fått for mange dager på rad med støttevakt", "would be on duty too many days in a row"),
        relax=Relaxation(Words("Én dag mer på rad", "One more day in a row"), _one_more_rule("max_consecutive_days")),
        checked_by=("consecutive_days",),
    )
    yield _limit(
        "max_on_duty_per_ward",
        _Counted(group=lambda ctx, sid, t, via: (ctx.home[sid], t),
                 cap=lambda ctx, key: ctx.rules.max_on_duty_per_ward, per="slot"),
        reason=Words("en annen fra samme post har allerede støttevakt", "someone from the same ward already on duty"),
        relax=Relaxation(Words("Én mer fra samme post på vakt samtidig", "One more from the same ward on duty at once"),
                         _one_more_rule("max_on_duty_per_ward")),
        checked_by=("max_on_duty_per_ward",),
    )
    yield _limit(
        "release_keeps_minimum_staffing",
        _Counted(group=lambda ctx, sid, t, via: (ctx.home[sid], t) if via == "work" else None,
                 cap=_release_cap, per="slot"),
        reason=Words("hjemmeposten er på minstebemanning", "home ward at minimum staffing"),
        relax=Relaxation(Words("Se bort fra minstebemanning ved frigjøring", "Ignore minimum staffing when releasing"),
                         _ignore_minimum_staffing),
        checked_by=("release_keeps_minimum_staffing",),
    )
    yield HardRule(
        id="wards_per_duty",
        kind="coverage",
        constrain=_wards_per_duty,
        check=Exempt("limits the wards named for a duty, not the duties: scheduler.solve.assign keeps it when naming"),
        reason=Words("dekker allerede så mange poster som tillatt", "already covers as many wards as allowed"),
        relax=Relaxation(Words("Én post mer per støttevakt", "One more ward per duty"), _one_more_ward),
        checked_by=("wards_per_duty",),
    )


#: Every hard rule by id, in the order they are added to the model and checked.
HARD_RULES: dict[str, HardRule] = {rule.id: rule for rule in _entries()}


# --- the incremental check -----------------------------------------------------------------------


class DutyLoad:
    """A set of duties and what they use of every limit: may a supporter take one more duty?

    Start it empty (the greedy start adds duties as it chooses them) or with duties already
    decided, e.g. a published rota (:meth:`of_rota`), and ask :meth:`blocking_limit`.
    """

    def __init__(self, instance: Instance, duties: Iterable[Duty] = ()) -> None:
        self.context = LimitContext(instance)
        self._checks: list[tuple[str, Check]] = [
            (rule.id, rule.check(self.context)) for rule in HARD_RULES.values() if not isinstance(rule.check, Exempt)
        ]
        for sid, t, via in duties:
            self.add(sid, t, via)

    @classmethod
    def of_rota(cls, instance: Instance, duties: Iterable[tuple[str, int]]) -> DutyLoad:
        """From (supporter, slot index) pairs; each duty's via is looked up in the instance
        (available or blocked), "work" when the supporter is not at work in the slot any more."""
        via: dict[tuple[str, int], str] = {}
        for frame in (instance.blocked, instance.availability):
            for sid, t, how in frame[["supporter_id", "slot", "via"]].itertuples(index=False):
                via[sid, int(t)] = how
        return cls(instance, ((sid, t, via.get((sid, t), "work")) for sid, t in sorted(duties, key=lambda k: (k[1], k[0]))))

    def blocking_limit(self, supporter_id: str, t: int, via: str) -> str:
        """"" when one more duty (supporter, slot `t`) breaks no limit, else the first rule it breaks."""
        for rule_id, check in self._checks:
            if check.blocks(supporter_id, t, via):
                return rule_id
        return ""

    def add(self, supporter_id: str, t: int, via: str) -> None:
        for _, check in self._checks:
            check.add(supporter_id, t, via)
