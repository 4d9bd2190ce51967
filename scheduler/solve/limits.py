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

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from scheduler.domain import Instance, Slot, SlotKind, Supporter
from scheduler.solve.limit_parts import (
    Check,
    Counted,
    Duty,
    DutyVariables,
    Exempt,
    HardRule,
    LimitContext,
    Relaxation,
    Words,
)
from scheduler.solve.relaxations import (
    five_more_staff,
    ignore_minimum_staffing,
    no_limit,
    one_more,
    one_more_rule,
    one_more_ward,
)
from scheduler.units import centi_hours

if TYPE_CHECKING:

    from scheduler.solve.variables import ModelVariables

__all__ = ["HARD_RULES", "DutyLoad", "limit_week"]


def limit_week(slot: Slot) -> tuple[int, int]:
    """The week a duty counts in for the weekly limits (docs/semantics.md): its ISO week. The one
    statement of that meaning on the solver's side — the weekly entries below, the fair shares and
    their bounds (scheduler.solve.fairness) and the app's burden view all count weeks with it."""
    iso = slot.date.isocalendar()
    return (iso.year, iso.week)




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


def _staff_per_duty(v: ModelVariables, ctx: LimitContext, fixed: Sequence[Duty]) -> None:
    """At most `max_staff_per_duty` staff at work in the wards named for one duty. Wards are not
    split, so this is a bin packing per slot; the model keeps its necessary conditions per class of
    interchangeable supporters (flow variables, as `_wards_per_duty`): a ward with more staff than
    the cap is never covered; the staff a class covers are at most cap × its duties; and two wards
    with more than half the cap each never share a duty. scheduler.solve.assign_packed then packs
    the wards exactly and adds a duty where the packing needs one (docs/semantics.md)."""
    cap = ctx.rules.max_staff_per_duty
    if cap is None:
        return
    by_slot: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key in v.covered:
        if v.headcount[key] > cap:  # no duty may cover it: its own staff exceed the cap
            v.model.add(v.covered[key] == 0)
            if key in v.backup:
                v.model.add(v.backup[key] == 0)
        else:
            by_slot[key[1]].append(key)
    per_ward = ctx.rules.redundancy
    for t, keys in by_slot.items():
        size: dict = defaultdict(int)
        for s in v.supporters_in.get(t, []):
            size[v.profiles[s]] += 1
        staff: dict = defaultdict(list)
        large: dict = defaultdict(list)
        served: dict[tuple[str, int], list] = defaultdict(list)
        for key in keys:
            for c in size:  # first-seen order, as `_wards_per_duty`
                if v.fits(c, key[0]):
                    a = v.model.new_int_var(0, min(size[c], per_ward), f"staff_of[{c.home_ward}][{key[0]}][{t}]")
                    v.model.add(a <= v.class_sums[c, t])
                    staff[c].append(v.headcount[key] * a)
                    if 2 * v.headcount[key] > cap:
                        large[c].append(a)
                    served[key].append(a)
        for c, terms in staff.items():
            v.model.add(sum(terms) <= cap * v.class_sums[c, t])
            if len(large[c]) > 1:
                v.model.add(sum(large[c]) <= v.class_sums[c, t])
        for key in keys:
            need = v.covered[key] + (v.backup[key] if key in v.backup else 0)
            v.model.add(sum(served[key]) >= need)


def _limit(rule_id: str, counted: Counted, *, reason: Words, relax: Relaxation, checked_by: tuple[str, ...]) -> HardRule:
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
        Counted(group=lambda ctx, sid, t, via: (sid, ctx.instance.slots[t].date),
                 cap=lambda ctx, key: ctx.rules.max_duties_per_day),
        reason=Words("har allerede støttevakt denne dagen", "already on duty that day"),
        relax=Relaxation(Words("To støttevakter per dag", "Two duties per day"), one_more_rule("max_duties_per_day")),
        checked_by=("one_duty_per_day",),
    )
    yield _limit(
        "weekly_duties",
        Counted(group=lambda ctx, sid, t, via: (sid, limit_week(ctx.instance.slots[t])),
                 cap=lambda ctx, key: ctx.rules.weekly_duties(_supporter(ctx, key[0]))),
        reason=Words("ukegrensen for støttevakter er nådd", "weekly duty limit reached"),
        relax=Relaxation(Words("Én støttevakt mer per uke", "One more duty per week"), one_more("max_duties_per_week")),
        checked_by=("weekly_duties",),
    )
    yield _limit(
        "weekly_protected_hours",
        Counted(group=lambda ctx, sid, t, via: (sid, limit_week(ctx.instance.slots[t])),
                 cap=_protected_centi_hours, weight=_centi_hours),
        reason=Words("den beskyttede tiden denne uka er brukt opp", "this week's protected time used up"),
        relax=Relaxation(Words("Ingen grense på beskyttet tid per uke", "No limit on protected time per week"),
                         no_limit("protected_hours_per_week")),
        checked_by=("weekly_protected_hours",),
    )
    yield _limit(
        "period_duties",
        Counted(group=lambda ctx, sid, t, via: sid,
                 cap=lambda ctx, sid: ctx.rules.period_duties(_supporter(ctx, sid))),
        reason=Words("grensen for støttevakter i perioden er nådd", "duty limit for the period reached"),
        relax=Relaxation(Words("Ingen grense på vakter i perioden", "No limit on duties per period"),
                         no_limit("max_duties_per_period")),
        checked_by=("period_duties",),
    )
    yield _limit(
        "period_nights",
        Counted(group=lambda ctx, sid, t, via: sid if ctx.instance.slots[t].kind is SlotKind.NIGHT else None,
                 cap=lambda ctx, sid: ctx.rules.period_nights(_supporter(ctx, sid))),
        reason=Words("grensen for nattevakter i perioden er nådd", "night limit for the period reached"),
        relax=Relaxation(Words("Ingen grense på netter i perioden", "No limit on nights per period"),
                         no_limit("max_nights_per_period")),
        checked_by=("period_nights",),
    )
    yield HardRule(
        id="consecutive_days",
        kind="duty",
        constrain=_consecutive_days,
        check=_ConsecutiveCheck,
        reason=Words("ville fått for mange dager på rad med støttevakt", "would be on duty too many days in a row"),
        relax=Relaxation(Words("Én dag mer på rad", "One more day in a row"), one_more_rule("max_consecutive_days")),
        checked_by=("consecutive_days",),
    )
    yield _limit(
        "max_on_duty_per_ward",
        Counted(group=lambda ctx, sid, t, via: (ctx.home[sid], t),
                 cap=lambda ctx, key: ctx.rules.max_on_duty_per_ward, per="slot"),
        reason=Words("en annen fra samme post har allerede støttevakt", "someone from the same ward already on duty"),
        relax=Relaxation(Words("Én mer fra samme post på vakt samtidig", "One more from the same ward on duty at once"),
                         one_more_rule("max_on_duty_per_ward")),
        checked_by=("max_on_duty_per_ward",),
    )
    yield _limit(
        "release_keeps_minimum_staffing",
        Counted(group=lambda ctx, sid, t, via: (ctx.home[sid], t) if via == "work" else None,
                 cap=_release_cap, per="slot"),
        reason=Words("hjemmeposten er på minstebemanning", "home ward at minimum staffing"),
        relax=Relaxation(Words("Se bort fra minstebemanning ved frigjøring", "Ignore minimum staffing when releasing"),
                         ignore_minimum_staffing),
        checked_by=("release_keeps_minimum_staffing",),
    )
    yield HardRule(
        id="wards_per_duty",
        kind="coverage",
        constrain=_wards_per_duty,
        check=Exempt("limits the wards named for a duty, not the duties: scheduler.solve.assign keeps it when naming"),
        reason=Words("dekker allerede så mange poster som tillatt", "already covers as many wards as allowed"),
        relax=Relaxation(Words("Én post mer per støttevakt", "One more ward per duty"), one_more_ward),
        checked_by=("wards_per_duty",),
    )
    yield HardRule(
        id="staff_per_duty",
        kind="coverage",
        constrain=_staff_per_duty,
        check=Exempt("limits the staff of the wards named for a duty, not the duties: "
                     "scheduler.solve.assign_packed keeps it when naming"),
        reason=Words("dekker allerede så mange ansatte som tillatt", "already covers as many staff as allowed"),
        relax=Relaxation(Words("Fem ansatte mer per støttevakt", "Five more staff per duty"), five_more_staff),
        checked_by=("staff_per_duty",),
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
        duties = list(duties)
        via: dict[tuple[str, int], str] = {}
        for frame in (instance.blocked, instance.availability):  # by column: a year has 100,000s of rows
            for sid, t, how in zip(frame["supporter_id"].tolist(), frame["slot"].tolist(), frame["via"].tolist(),
                                   strict=True):
                via[sid, int(t)] = how
        return cls(instance, ((sid, t, via.get((sid, t), "work")) for sid, t in sorted(duties, key=lambda k: (k[1], k[0]))))

    def blocking_limit(self, supporter_id: str, t: int, via: str) -> str:
        """"" when one more duty (supporter, slot `t`) breaks no limit, else the first rule it breaks."""
        for rule_id, check in self._checks:
            if check.blocks(supporter_id, t, via):
                return rule_id
        return ""

    def blocking_limits(self, supporter_id: str, t: int, via: str) -> set[str]:
        """Every rule one more duty (supporter, slot `t`) breaks; empty when none."""
        return {rule_id for rule_id, check in self._checks if check.blocks(supporter_id, t, via)}

    def add(self, supporter_id: str, t: int, via: str) -> None:
        for _, check in self._checks:
            check.add(supporter_id, t, via)
