"""The independent checker: re-checks a written rota against its inputs, rule by rule.

It shares no code with the optimiser (scheduler.model.demand, scheduler.solve.constraints, …): demand,
availability and eligibility are recomputed here from the turnus in plain loops, following
docs/semantics.md to the minute. When optimiser and checker disagree, one of them has a bug —
so the checker stays simple enough to be read against the document line by line.

Each hard rule is one ``check_<rule>(ctx, rota)`` returning :class:`Violation` objects that say
in plain words (Norwegian and English) who, when, which limit and by how much. The other files
of an output folder (coverage, burden, notices, calendars, workbook, summary) are compared with
assignments.csv by :mod:`scheduler.check.outputs`, whose :func:`~scheduler.check.outputs.verify_dir` runs both.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from scheduler.domain import Employee, Pin, Rules, Slot, SlotKind, Supporter, Ward
from scheduler.errors import Message
from scheduler.io.types import Inputs

__all__ = [
    "Violation",
    "VerifyReport",
    "CheckContext",
    "WrittenRota",
    "AssignmentRow",
    "DutyRow",
    "build_context",
    "parse_rota",
    "make_report",
    "HARD_RULE_CHECKS",
    "verify",
    "format_verify_report",
    "check_supporter_available",
    "check_never_covers_own_ward",
    "check_never_covers_led_ward",
    "check_same_site",
    "check_named_supporter_on_duty",
    "check_one_duty_per_day",
    "check_weekly_duties",
    "check_weekly_protected_hours",
    "check_period_duties",
    "check_period_nights",
    "check_consecutive_days",
    "check_max_on_duty_per_ward",
    "check_release_keeps_minimum_staffing",
    "check_wards_per_duty",
    "check_pins",
    "check_every_demand_ward_slot_reported",
    "check_duty_rows_consistent",
]

_DAY = 1440  # minutes
_EPS = 1e-9  # float slack when comparing overlaps and hours
_HOURS_TOLERANCE = 0.005  # hours are written with two decimals

DutyKey = tuple[str, int]  # (supporter_id, slot index)
WardSlot = tuple[str, int]  # (ward, slot index)


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Violation:
    """One broken hard rule, or an output file that disagrees with assignments.csv: `rule` is the
    stable id (a key of HARD_RULE_CHECKS or of verify_outputs.OUTPUT_CHECKS); `file`, `row` and
    `column` say where, when the finding is about one place in one file."""

    rule: str
    supporter_id: str = ""
    date: dt.date | None = None
    slot: str = ""
    ward: str | None = None
    text_no: str
    text_en: str
    file: str = ""
    row: int | None = None
    column: str = ""

    def render(self, lang: str = "no") -> str:
        return self.text_no if lang == "no" else self.text_en


@dataclass
class VerifyReport:
    """Violations plus what the checker recomputed: coverage per ward-slot and burden per supporter.

    `input_changes` lists input files that differ from those the rota was made from, when the
    check was asked to go on anyway (`--allow-changed-inputs`); otherwise such a difference
    stops the check before it starts.
    """

    violations: list[Violation]
    coverage: pd.DataFrame
    burden: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)
    input_changes: list[Message] = field(default_factory=list)
    files_checked: bool = False  # True when the other output files were compared too (verify_dir)

    @property
    def ok(self) -> bool:
        return not self.violations

    def by_rule(self) -> dict[str, int]:
        return dict(Counter(v.rule for v in self.violations))

    def violations_frame(self) -> pd.DataFrame:
        columns = ["rule", "supporter_id", "date", "slot", "ward", "text_no", "text_en", "file", "row", "column"]
        return pd.DataFrame(
            [
                [v.rule, v.supporter_id, v.date.isoformat() if v.date else "", v.slot, v.ward or "",
                 v.text_no, v.text_en, v.file, v.row, v.column]
                for v in self.violations
            ],
            columns=columns,
        )


# --- what the inputs imply -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckContext:
    """Everything the checks need, derived once from the inputs (docs/semantics.md).

    Slot indices follow the semantics: day number × slots per day + position. `staff` counts
    everyone with a qualifying work row per ward-slot (whether or not the ward needs cover; the
    release rule uses it); `demand` keeps the ward-slots that need cover. `available` maps a
    supporter-slot to its via ("work"/"support"); `blocked` maps supporter-slots that are at work
    but cannot be on duty to "training", "unavailable" or "release".
    """

    rules: Rules
    slots: tuple[Slot, ...]
    slot_at: Mapping[tuple[dt.date, str], Slot]
    wards: Mapping[str, Ward]
    supporters: Mapping[str, Supporter]
    home: Mapping[str, str]
    names: Mapping[str, str]
    staff: Mapping[WardSlot, int]
    demand: Mapping[WardSlot, int]
    available: Mapping[DutyKey, str]
    blocked: Mapping[DutyKey, str]
    at_work: Mapping[DutyKey, str]
    pins: tuple[Pin, ...] = ()
    employees: Mapping[str, Employee] = field(default_factory=dict)

    def who(self, supporter_id: str) -> str:
        name = self.names.get(supporter_id, "")
        return f"{name} ({supporter_id})" if name else supporter_id

    def department(self, ward: str) -> str:
        known = self.wards.get(ward)
        return known.department if known else ward

    def site(self, ward: str) -> str:
        known = self.wards.get(ward)
        return known.site if known else ""

    def min_staff(self, ward: str, slot: Slot) -> int | None:
        known = self.wards.get(ward)
        return known.min_staff(slot.kind) if known else None

    def supporter(self, supporter_id: str) -> Supporter:
        """The supporter, or one with only default limits for an unknown id (flagged elsewhere)."""
        return self.supporters.get(supporter_id) or Supporter(employee_id=supporter_id)


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _clean(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "").astype(str).str.strip()


def build_context(inputs: Inputs) -> CheckContext:
    """Recompute slots, demand and availability from the turnus, independently of scheduler.model.demand."""
    rules = inputs.rules
    turnus = inputs.turnus
    dates = pd.to_datetime(turnus["date"]).dt.normalize()
    known_dates = dates.dropna()
    first = rules.horizon_start or (known_dates.min().date() if len(known_dates) else None)
    last = rules.horizon_end or (known_dates.max().date() if len(known_dates) else None)

    # Slots: every slot definition on every date of the horizon, in order.
    per_day = len(rules.slots)
    slots: list[Slot] = []
    n_days = (last - first).days + 1 if first and last else 0
    for day in range(max(n_days, 0)):
        for pos, slot_def in enumerate(rules.slots):
            slots.append(slot_def.on(first + dt.timedelta(days=day), day * per_day + pos))  # type: ignore[operator]
    origin = dt.datetime.combine(first or dt.date(2000, 1, 1), dt.time())
    bounds = [(_minutes(s.start - origin), _minutes(s.end - origin)) for s in slots]
    needed = [rules.min_overlap * _minutes(d.length) for d in rules.slots]

    employees = inputs.employees
    employee_ids = _clean(turnus["employee_id"])
    row_wards = _clean(turnus["ward"])
    kinds = _clean(turnus["kind"]).str.lower()
    starts = pd.to_numeric(turnus["start_min"], errors="coerce")
    ends = pd.to_numeric(turnus["end_min"], errors="coerce")
    days = (dates - pd.Timestamp(origin)).dt.days

    # Home ward: the staff register's, else the most frequent ward in the turnus (ties: first by name).
    home = {eid: e.ward for eid, e in employees.items() if e.ward}
    for sid in inputs.supporters:
        if sid not in home:
            counts = Counter(w for w in row_wards[employee_ids == sid] if w)
            if counts:
                home[sid] = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    # Who is at work in which slot: a work/support row qualifies when the overlap reaches
    # min_overlap × slot length. A row without a ward belongs to the employee's home ward.
    staff_sets: dict[WardSlot, set[str]] = defaultdict(set)
    at_work: dict[DutyKey, str] = {}
    timed = kinds.isin(["work", "support"]) & starts.notna() & ends.notna() & days.notna()
    supporter_ids = set(inputs.supporters)
    for emp, ward, kind, start, end, day in zip(
        employee_ids[timed], row_wards[timed], kinds[timed], starts[timed], ends[timed], days[timed],
        strict=True,
    ):
        day = int(day)
        shift_start, shift_end = day * _DAY + start, day * _DAY + end
        ward = ward or home.get(emp, "")
        for slot_day in range(max(day - 1, 0), min(day + int(end // _DAY) + 1, n_days - 1) + 1):
            for pos in range(per_day):
                t = slot_day * per_day + pos
                slot_start, slot_end = bounds[t]
                overlap = min(shift_end, slot_end) - max(shift_start, slot_start)
                if overlap < needed[pos] - _EPS:
                    continue
                if kind == "work" and ward:
                    staff_sets[(ward, t)].add(emp)
                if emp in supporter_ids and at_work.get((emp, t)) != "support":
                    at_work[(emp, t)] = kind
    staff = {key: len(people) for key, people in staff_sets.items()}

    # Wards: the wards file, plus a default ward (own department, shared site) for any other id.
    wards = dict(inputs.wards)
    for ward_id in sorted({w for w in row_wards.unique() if w} | set(home.values())):
        wards.setdefault(ward_id, Ward(ward_id=ward_id))
    demand = {key: n for key, n in staff.items() if wards[key[0]].needs_coverage}

    # Availability: at work, trained, not an unavailable date, and the home ward can release them.
    available: dict[DutyKey, str] = {}
    blocked: dict[DutyKey, str] = {}
    for (sid, t), via in at_work.items():
        slot, person = slots[t], inputs.supporters[sid]
        own = home.get(sid, "")
        minimum = wards[own].min_staff(slot.kind) if own in wards else None
        if not person.trained_on(slot.date):
            blocked[(sid, t)] = "training"
        elif slot.date in person.unavailable:
            blocked[(sid, t)] = "unavailable"
        elif via == "work" and minimum is not None and staff.get((own, t), 0) - 1 < minimum:
            blocked[(sid, t)] = "release"
        else:
            available[(sid, t)] = via

    names = {eid: e.name for eid, e in employees.items() if e.name}
    names.update({sid: s.name for sid, s in inputs.supporters.items() if s.name and sid not in names})
    return CheckContext(
        rules=rules,
        slots=tuple(slots),
        slot_at={(s.date, s.name): s for s in slots},
        wards=wards,
        supporters=dict(inputs.supporters),
        home=home,
        names=names,
        staff=staff,
        demand=demand,
        available=available,
        blocked=blocked,
        at_work=at_work,
        pins=tuple(inputs.pins),
        employees=dict(employees),
    )


# --- the written rota ------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    """One row of assignments.csv; `line` is the 1-based line in the file (header = 1)."""

    line: int
    date_text: str
    date: dt.date | None
    slot: str
    ward: str
    supporter_id: str
    role: str
    reason: str
    t: int | None  # slot index, None when date/slot name is not a slot of the horizon


@dataclass(frozen=True)
class DutyRow:
    """One row of duties.csv, as written (texts) plus the resolved slot index."""

    line: int
    supporter_id: str
    name: str
    home_ward: str
    date_text: str
    date: dt.date | None
    slot: str
    start: str
    end: str
    wards_covered: str
    hours: str
    t: int | None


@dataclass(frozen=True)
class WrittenRota:
    """The rota as written. A duty (supporter, slot) is on when duties.csv lists it or an
    assignment names the supporter; both ways count, so a missing duty row hides no limit."""

    assignments: tuple[AssignmentRow, ...]
    duty_rows: tuple[DutyRow, ...]
    named: Mapping[DutyKey, frozenset[str]]  # wards each duty is named for (any role)
    listed: Mapping[DutyKey, tuple[DutyRow, ...]]  # duty rows per duty
    on_duty: frozenset[DutyKey]


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            return None


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, str]]:
    """Rows as plain stripped strings; NaN and missing columns become ""."""
    cleaned = {c: _clean(frame[c]) if c in frame.columns else pd.Series([""] * len(frame)) for c in columns}
    table = pd.DataFrame({c: s.to_numpy() for c, s in cleaned.items()})
    return table.to_dict("records")  # type: ignore[return-value]


_ASSIGNMENT_COLUMNS = ("date", "slot", "ward", "supporter_id", "role", "reason")
_DUTY_COLUMNS = ("supporter_id", "name", "home_ward", "date", "slot", "start", "end", "wards_covered", "hours")


def parse_rota(ctx: CheckContext, assignments: pd.DataFrame, duties: pd.DataFrame) -> WrittenRota:
    """Read the two tables (docs/outputs.md); rows whose date/slot is not a slot of the horizon keep t=None."""
    for frame, needed, what in (
        (assignments, ("date", "slot", "ward", "supporter_id", "role"), "assignments"),
        (duties, ("supporter_id", "date", "slot"), "duties"),
    ):
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ValueError(f"{what}.csv mangler kolonner / lacks columns: {', '.join(missing)}")

    def resolve(date: dt.date | None, slot: str) -> int | None:
        found = ctx.slot_at.get((date, slot)) if date else None
        return found.index if found else None

    rows = []
    for i, r in enumerate(_records(assignments, _ASSIGNMENT_COLUMNS)):
        date = _parse_date(r["date"])
        rows.append(AssignmentRow(i + 2, r["date"], date, r["slot"], r["ward"], r["supporter_id"],
                                  r["role"].lower(), r["reason"], resolve(date, r["slot"])))
    duty_rows = []
    for i, r in enumerate(_records(duties, _DUTY_COLUMNS)):
        date = _parse_date(r["date"])
        duty_rows.append(DutyRow(i + 2, r["supporter_id"], r["name"], r["home_ward"], r["date"], date,
                                 r["slot"], r["start"], r["end"], r["wards_covered"], r["hours"],
                                 resolve(date, r["slot"])))

    named: dict[DutyKey, set[str]] = defaultdict(set)
    for a in rows:
        if a.supporter_id and a.t is not None:
            named[(a.supporter_id, a.t)].add(a.ward)
    listed: dict[DutyKey, list[DutyRow]] = defaultdict(list)
    for d in duty_rows:
        if d.supporter_id and d.t is not None:
            listed[(d.supporter_id, d.t)].append(d)
    return WrittenRota(
        assignments=tuple(rows),
        duty_rows=tuple(duty_rows),
        named={k: frozenset(v) for k, v in named.items()},
        listed={k: tuple(v) for k, v in listed.items()},
        on_duty=frozenset(named) | frozenset(listed),
    )


# --- small helpers for the checks ------------------------------------------------------------


def _duties_by_supporter(rota: WrittenRota) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for sid, t in sorted(rota.on_duty):
        out[sid].append(t)
    return out


def _label(slot: Slot) -> str:
    return f"{slot.date.isoformat()} {slot.name}"


def _hhmm(slot: Slot) -> str:
    return f"{slot.start:%H:%M}–{slot.end:%H:%M}"


def _dates(ctx: CheckContext, ts: Iterable[int]) -> str:
    return ", ".join(_label(ctx.slots[t]) for t in ts)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _at(ctx: CheckContext, rule: str, sid: str, t: int, text_no: str, text_en: str,
        ward: str | None = None) -> Violation:
    slot = ctx.slots[t]
    return Violation(rule=rule, supporter_id=sid, date=slot.date, slot=slot.name, ward=ward,
                     text_no=text_no, text_en=text_en)


def _row_at(rule: str, a: AssignmentRow, text_no: str, text_en: str) -> Violation:
    return Violation(rule=rule, supporter_id=a.supporter_id, date=a.date, slot=a.slot, ward=a.ward or None,
                     text_no=text_no, text_en=text_en)


# --- availability and eligibility ------------------------------------------------------------


def check_supporter_available(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Support is done in paid, protected working time: on duty only when at work (or on a
    support shift), trained, not marked unavailable, and releasable from the home ward."""
    out = []
    for sid, t in sorted(rota.on_duty, key=lambda k: (k[1], k[0])):
        slot, who = ctx.slots[t], ctx.who(sid)
        label = _label(slot)
        if sid not in ctx.supporters:
            out.append(_at(ctx, "supporter_available", sid, t,
                           f"{who} er satt på støttevakt {label}, men er ikke registrert som kollegastøtte.",
                           f"{who} is on duty {label} but is not a registered peer supporter."))
            continue
        if (sid, t) in ctx.available:
            continue
        reason = ctx.blocked.get((sid, t), "not_at_work")
        if reason == "not_at_work":
            share = _fmt(ctx.rules.min_overlap * 100)
            no = (f"{who} er satt på støttevakt {label}, men har ingen arbeids- eller støttevakt som dekker "
                  f"minst {share} % av {_hhmm(slot)} — støtte skal gis i betalt arbeidstid.")
            en = (f"{who} is on duty {label} but has no work or support shift covering at least {share} % of "
                  f"{_hhmm(slot)} — support must be given in paid working time.")
        elif reason == "training":
            until = ctx.supporters[sid].training_valid_until
            no = f"{who} er satt på støttevakt {label}, men opplæringen gikk ut {until}."
            en = f"{who} is on duty {label} but their training expired on {until}."
        elif reason == "unavailable":
            no = f"{who} er satt på støttevakt {label}, men er meldt utilgjengelig {slot.date}."
            en = f"{who} is on duty {label} but is marked unavailable on {slot.date}."
        else:
            own = ctx.home.get(sid, "")
            n, minimum = ctx.staff.get((own, t), 0), ctx.min_staff(own, slot) or 0
            short = minimum - (n - 1)
            no = (f"{who} er satt på støttevakt {label} fra en arbeidsvakt, men post {own} har {n} på jobb og "
                  f"minstebemanning {minimum}: uten {who} blir det {n - 1} ({short} for lite).")
            en = (f"{who} is on duty {label} from a work shift, but ward {own} has {n} at work and minimum "
                  f"staffing {minimum}: without {who} it would have {n - 1} ({short} short).")
        out.append(_at(ctx, "supporter_available", sid, t, no, en))
    return out


def check_never_covers_own_ward(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Colleagues talk more easily to someone not from their own ward (or department, with
    separation = department), so a supporter never covers it."""
    out = []
    department = ctx.rules.separation == "department"
    for a in rota.assignments:
        own = ctx.home.get(a.supporter_id, "")
        if not a.supporter_id or not own:
            continue
        who, when = ctx.who(a.supporter_id), f"{a.date_text} {a.slot}"
        if a.ward == own:
            out.append(_row_at("never_covers_own_ward", a,
                               f"{who} er oppført for sin egen post {own} {when}.",
                               f"{who} is named for their own ward {own} {when}."))
        elif department and ctx.department(a.ward) == ctx.department(own):
            dep = ctx.department(own)
            out.append(_row_at("never_covers_own_ward", a,
                               f"{who} (post {own}) er oppført for post {a.ward} {when}, i samme avdeling {dep}.",
                               f"{who} (ward {own}) is named for ward {a.ward} {when}, in the same department {dep}."))
    return out


def check_never_covers_led_ward(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """People do not open up to their own manager: a supporter never covers a ward they lead."""
    out = []
    for a in rota.assignments:
        person = ctx.supporters.get(a.supporter_id)
        if person and a.ward in person.leads_wards:
            who = ctx.who(a.supporter_id)
            out.append(_row_at("never_covers_led_ward", a,
                               f"{who} er oppført for post {a.ward} {a.date_text} {a.slot}, som vedkommende leder.",
                               f"{who} is named for ward {a.ward} {a.date_text} {a.slot}, which they lead."))
    return out


def check_same_site(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """With same_site, the supporter must be able to reach the ward: same site as the home ward."""
    if not ctx.rules.same_site:
        return []
    out = []
    for a in rota.assignments:
        own = ctx.home.get(a.supporter_id, "")
        if a.supporter_id and own and ctx.site(a.ward) != ctx.site(own):
            who = ctx.who(a.supporter_id)
            mine, theirs = ctx.site(own) or "(tomt)", ctx.site(a.ward) or "(tomt)"
            out.append(_row_at("same_site", a,
                               f"{who} (sted {mine}) er oppført for post {a.ward} på sted {theirs} {a.date_text} {a.slot}.",
                               f"{who} (site {mine}) is named for ward {a.ward} on site {theirs} {a.date_text} {a.slot}."))
    return out


def check_named_supporter_on_duty(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """The person named as the one to call must actually have the duty in duties.csv (and so in
    their calendar and protected time)."""
    out = []
    for (sid, t), wards in sorted(rota.named.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if (sid, t) not in rota.listed:
            label, who, listed = _label(ctx.slots[t]), ctx.who(sid), ", ".join(sorted(wards))
            out.append(_at(ctx, "named_supporter_on_duty", sid, t,
                           f"{who} er oppført for {listed} {label}, men har ingen rad i duties.csv for den vakta.",
                           f"{who} is named for {listed} {label} but has no row in duties.csv for that duty."))
    return out


# --- load limits -----------------------------------------------------------------------------


def check_one_duty_per_day(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Support work is burdensome: at most max_duties_per_day duties per supporter and date."""
    limit = ctx.rules.max_duties_per_day
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        by_date: dict[dt.date, list[int]] = defaultdict(list)
        for t in ts:
            by_date[ctx.slots[t].date].append(t)
        for date, day_ts in sorted(by_date.items()):
            if len(day_ts) > limit:
                names, who = ", ".join(ctx.slots[t].name for t in day_ts), ctx.who(sid)
                out.append(Violation(
                    rule="one_duty_per_day", supporter_id=sid, date=date, slot=ctx.slots[day_ts[-1]].name,
                    text_no=f"{who} har {len(day_ts)} støttevakter {date} ({names}); grensen er {limit} per dag "
                            f"({len(day_ts) - limit} for mange).",
                    text_en=f"{who} has {len(day_ts)} duties on {date} ({names}); the limit is {limit} per day "
                            f"({len(day_ts) - limit} too many)."))
    return out


def _by_week(ctx: CheckContext, ts: list[int]) -> dict[tuple[int, int], list[int]]:
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for t in ts:
        weeks[ctx.slots[t].date.isocalendar()[:2]].append(t)  # the ISO week, restated here on purpose
    return dict(sorted(weeks.items()))


def check_weekly_duties(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Load is limited and followed up: at most the weekly duty limit per ISO week."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.weekly_duties(ctx.supporter(sid))
        for (year, week), week_ts in _by_week(ctx, ts).items():
            if len(week_ts) > limit:
                who, n, dates = ctx.who(sid), len(week_ts), _dates(ctx, week_ts)
                out.append(Violation(
                    rule="weekly_duties", supporter_id=sid, date=ctx.slots[week_ts[0]].date, slot="",
                    text_no=f"{who} har {n} støttevakter i uke {week} ({year}: {dates}); grensen er {limit} "
                            f"({n - limit} for mange).",
                    text_en=f"{who} has {n} duties in ISO week {year}-W{week:02d} ({dates}); the limit is {limit} "
                            f"({n - limit} too many)."))
    return out


def check_weekly_protected_hours(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Support happens in paid protected time: duty hours per ISO week never exceed the
    supporter's protected hours."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.weekly_hours(ctx.supporter(sid))
        if limit is None:
            continue
        for (year, week), week_ts in _by_week(ctx, ts).items():
            hours = sum(ctx.slots[t].duty_hours for t in week_ts)
            if hours > limit + _EPS:
                who, over, dates = ctx.who(sid), round(hours - limit, 2), _dates(ctx, week_ts)
                out.append(Violation(
                    rule="weekly_protected_hours", supporter_id=sid, date=ctx.slots[week_ts[0]].date, slot="",
                    text_no=f"{who} har {_fmt(hours)} timer støttevakt i uke {week} ({year}: {dates}), men bare "
                            f"{_fmt(limit)} beskyttede timer ({_fmt(over)} timer for mye).",
                    text_en=f"{who} has {_fmt(hours)} duty hours in ISO week {year}-W{week:02d} ({dates}) but only "
                            f"{_fmt(limit)} protected hours ({_fmt(over)} hours over)."))
    return out


def check_period_duties(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """The coordinator's cap on duties over the whole horizon."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.period_duties(ctx.supporter(sid))
        if limit is not None and len(ts) > limit:
            who, n = ctx.who(sid), len(ts)
            span = f"{ctx.slots[ts[0]].date}–{ctx.slots[ts[-1]].date}"
            out.append(Violation(
                rule="period_duties", supporter_id=sid, date=ctx.slots[ts[limit]].date, slot="",
                text_no=f"{who} har {n} støttevakter i perioden ({span}); grensen er {limit} "
                        f"({n - limit} for mange).",
                text_en=f"{who} has {n} duties in the period ({span}); the limit is {limit} "
                        f"({n - limit} too many)."))
    return out


def check_period_nights(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Night duty weighs most: the cap on night-slot duties over the horizon."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.period_nights(ctx.supporter(sid))
        nights = [t for t in ts if ctx.slots[t].kind is SlotKind.NIGHT]
        if limit is not None and len(nights) > limit:
            who, n = ctx.who(sid), len(nights)
            dates = ", ".join(ctx.slots[t].date.isoformat() for t in nights)
            out.append(Violation(
                rule="period_nights", supporter_id=sid, date=ctx.slots[nights[limit]].date,
                slot=ctx.slots[nights[limit]].name,
                text_no=f"{who} har {n} nattevakter som kollegastøtte ({dates}); grensen er {limit} "
                        f"({n - limit} for mange).",
                text_en=f"{who} has {n} night duties ({dates}); the limit is {limit} ({n - limit} too many)."))
    return out


def check_consecutive_days(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Recovery between duties: at most max_consecutive_days dates in a row with a duty."""
    limit = ctx.rules.max_consecutive_days
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        dates = sorted({ctx.slots[t].date for t in ts})
        runs: list[list[dt.date]] = []
        for date in dates:
            if runs and (date - runs[-1][-1]).days == 1:
                runs[-1].append(date)
            else:
                runs.append([date])
        for run in runs:
            if len(run) > limit:
                who, n = ctx.who(sid), len(run)
                out.append(Violation(
                    rule="consecutive_days", supporter_id=sid, date=run[limit], slot="",
                    text_no=f"{who} har støttevakt {n} dager på rad ({run[0]}–{run[-1]}); grensen er {limit} "
                            f"({n - limit} for mange).",
                    text_en=f"{who} is on duty {n} days in a row ({run[0]} to {run[-1]}); the limit is {limit} "
                            f"({n - limit} too many)."))
    return out


def check_max_on_duty_per_ward(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """A ward must not lose several people to support duty at once: at most
    max_on_duty_per_ward on-duty supporters from one home ward per slot."""
    limit = ctx.rules.max_on_duty_per_ward
    groups: dict[WardSlot, list[str]] = defaultdict(list)
    for sid, t in sorted(rota.on_duty):
        if sid in ctx.supporters and ctx.home.get(sid):  # others are flagged by supporter_available
            groups[(ctx.home[sid], t)].append(sid)
    out = []
    for (ward, t), sids in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if len(sids) > limit:
            label, people = _label(ctx.slots[t]), ", ".join(ctx.who(s) for s in sids)
            out.append(_at(ctx, "max_on_duty_per_ward", ";".join(sids), t,
                           f"{len(sids)} kollegastøtter fra post {ward} har støttevakt samtidig {label} ({people}); "
                           f"grensen er {limit} ({len(sids) - limit} for mange).",
                           f"{len(sids)} supporters from ward {ward} are on duty at once {label} ({people}); "
                           f"the limit is {limit} ({len(sids) - limit} too many).", ward=ward))
    return out


def check_release_keeps_minimum_staffing(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Extension (docs/semantics.md): releasing several supporters from one ward at once must
    still leave the ward at its minimum staffing; support-shift duties need no release."""
    released: dict[WardSlot, list[str]] = defaultdict(list)
    for sid, t in sorted(rota.on_duty):
        own = ctx.home.get(sid, "")
        if own and ctx.at_work.get((sid, t)) == "work":
            released[(own, t)].append(sid)
    out = []
    for (ward, t), sids in sorted(released.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        slot = ctx.slots[t]
        minimum = ctx.min_staff(ward, slot)
        n = ctx.staff.get((ward, t), 0)
        if minimum is not None and n - len(sids) < minimum:
            people, short = ", ".join(ctx.who(s) for s in sids), minimum - (n - len(sids))
            out.append(_at(ctx, "release_keeps_minimum_staffing", ";".join(sids), t,
                           f"Post {ward} har {n} på jobb {_label(slot)} og minstebemanning {minimum}; med "
                           f"{len(sids)} frigitt til støttevakt ({people}) blir det {n - len(sids)} ({short} for lite).",
                           f"Ward {ward} has {n} at work {_label(slot)} and minimum staffing {minimum}; with "
                           f"{len(sids)} released for support duty ({people}) it has {n - len(sids)} ({short} short).",
                           ward=ward))
    return out


def check_wards_per_duty(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """One person can only answer so many wards in one slot: at most max_wards_per_duty."""
    limit = ctx.rules.max_wards_per_duty
    if limit is None:
        return []
    out = []
    for (sid, t), wards in sorted(rota.named.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if len(wards) > limit:
            who, listed = ctx.who(sid), ", ".join(sorted(wards))
            out.append(_at(ctx, "wards_per_duty", sid, t,
                           f"{who} dekker {len(wards)} poster {_label(ctx.slots[t])} ({listed}); grensen er {limit} "
                           f"({len(wards) - limit} for mange).",
                           f"{who} covers {len(wards)} wards {_label(ctx.slots[t])} ({listed}); the limit is {limit} "
                           f"({len(wards) - limit} too many)."))
    return out


# --- pins, completeness, consistency ---------------------------------------------------------


def check_pins(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """What the user locked stays and what they forbade never appears — the planner's word is final."""
    out = []
    for pin in ctx.pins:
        slot = ctx.slot_at.get((pin.date, pin.slot))
        key = (pin.supporter_id, slot.index) if slot else None
        here = key is not None and key in rota.on_duty
        who, label = ctx.who(pin.supporter_id), f"{pin.date} {pin.slot}"
        if pin.action == "forbid" and here:
            no, en = f"{who} har støttevakt {label}, som er sperret.", f"{who} is on duty {label}, which is forbidden."
        elif pin.action == "lock" and not here:
            no = f"{who} skal ha låst støttevakt {label}, men har den ikke."
            en = f"{who} has a locked duty {label} but it is not in the rota."
        elif pin.action == "lock" and pin.ward and key and pin.ward not in rota.named.get(key, frozenset()):
            no = f"{who} er låst til post {pin.ward} {label}, men er ikke oppført for den."
            en = f"{who} is locked to ward {pin.ward} {label} but is not named for it."
        else:
            continue
        out.append(Violation(rule="pins", supporter_id=pin.supporter_id, date=pin.date, slot=pin.slot,
                             ward=pin.ward, text_no=no, text_en=en))
    return out


def check_every_demand_ward_slot_reported(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Nothing is silently dropped: each ward-slot with demand has exactly one primary row
    (named, or empty with a reason); no rows for ward-slots without demand; backups only with
    redundancy 2, one per ward-slot, and never the primary again."""
    rule = "every_demand_ward_slot_reported"
    out: list[Violation] = []
    primaries: dict[WardSlot, list[AssignmentRow]] = defaultdict(list)
    backups: dict[WardSlot, list[AssignmentRow]] = defaultdict(list)
    for a in rota.assignments:
        where = f"assignments.csv rad/row {a.line}"
        if a.t is None:
            out.append(_row_at(rule, a, f"{where}: {a.date_text!r} {a.slot!r} er ingen vakt i perioden.",
                               f"{where}: {a.date_text!r} {a.slot!r} is not a slot of the horizon."))
        elif a.role not in ("primary", "backup"):
            out.append(_row_at(rule, a, f"{where}: ukjent rolle {a.role!r} (primary/backup).",
                               f"{where}: unknown role {a.role!r} (primary/backup)."))
        elif (a.ward, a.t) not in ctx.demand:
            out.append(_row_at(rule, a, f"{where}: post {a.ward} har ikke behov for dekning {a.date_text} {a.slot}.",
                               f"{where}: ward {a.ward} needs no cover {a.date_text} {a.slot}."))
        else:
            (primaries if a.role == "primary" else backups)[(a.ward, a.t)].append(a)
    for ward, t in sorted(ctx.demand, key=lambda k: (k[1], k[0])):
        label, rows = _label(ctx.slots[t]), primaries.get((ward, t), [])
        if not rows:
            out.append(_at(ctx, rule, "", t, f"Post {ward} {label} har behov, men ingen rad i assignments.csv.",
                           f"Ward {ward} {label} needs cover but has no row in assignments.csv.", ward=ward))
            continue
        if len(rows) > 1:
            out.append(_at(ctx, rule, ";".join(r.supporter_id for r in rows), t,
                           f"Post {ward} {label} har {len(rows)} rader som primær (skal være én).",
                           f"Ward {ward} {label} has {len(rows)} primary rows (should be one).", ward=ward))
        primary = rows[0]
        if not primary.supporter_id and not primary.reason:
            out.append(_at(ctx, rule, "", t, f"Post {ward} {label} er udekket uten begrunnelse.",
                           f"Ward {ward} {label} is uncovered without a reason.", ward=ward))
        extra = backups.get((ward, t), [])
        if extra and ctx.rules.redundancy == 1:
            out.append(_at(ctx, rule, extra[0].supporter_id, t,
                           f"Post {ward} {label} har reserve, men redundancy er 1.",
                           f"Ward {ward} {label} has a backup although redundancy is 1.", ward=ward))
            continue
        if len(extra) > 1:
            out.append(_at(ctx, rule, ";".join(r.supporter_id for r in extra), t,
                           f"Post {ward} {label} har {len(extra)} reserverader (høyst én).",
                           f"Ward {ward} {label} has {len(extra)} backup rows (at most one).", ward=ward))
        for b in extra:
            if b.supporter_id and b.supporter_id == primary.supporter_id:
                who = ctx.who(b.supporter_id)
                out.append(_at(ctx, rule, b.supporter_id, t,
                               f"{who} er både primær og reserve for post {ward} {label}.",
                               f"{who} is both primary and backup for ward {ward} {label}.", ward=ward))
            elif b.supporter_id and not primary.supporter_id:
                who = ctx.who(b.supporter_id)
                out.append(_at(ctx, rule, b.supporter_id, t,
                               f"Post {ward} {label} har reserve {who}, men ingen primær.",
                               f"Ward {ward} {label} has backup {who} but no primary.", ward=ward))
    return out


def _parse_datetime(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _parse_hours(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_duty_rows_consistent(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """duties.csv feeds calendars and protected-time accounting, so each row must match the
    slot (start, end, duty_hours), the supporter's home ward and the wards they are named for."""
    rule = "duty_rows_consistent"
    out: list[Violation] = []
    for d in rota.duty_rows:
        where, who = f"duties.csv rad/row {d.line}", ctx.who(d.supporter_id)

        def add(no: str, en: str, d: DutyRow = d, where: str = where) -> None:
            out.append(Violation(rule=rule, supporter_id=d.supporter_id, date=d.date, slot=d.slot,
                                 text_no=f"{where}: {no}", text_en=f"{where}: {en}", file="duties.csv", row=d.line))

        if not d.supporter_id:
            add("støttevakt uten supporter_id.", "duty without supporter_id.")
            continue
        if d.t is None:
            add(f"{who}: {d.date_text!r} {d.slot!r} er ingen vakt i perioden.",
                f"{who}: {d.date_text!r} {d.slot!r} is not a slot of the horizon.")
            continue
        slot = ctx.slots[d.t]
        label = _label(slot)
        if rota.listed[(d.supporter_id, d.t)][0] is not d:
            add(f"{who} {label} står mer enn én gang.", f"{who} {label} is listed more than once.")
            continue
        start, end = _parse_datetime(d.start), _parse_datetime(d.end)
        if start != slot.start or end != slot.end:
            add(f"{who} {label}: start/slutt {d.start}–{d.end}, vakta er {slot.start:%Y-%m-%d %H:%M}–{slot.end:%Y-%m-%d %H:%M}.",
                f"{who} {label}: start/end {d.start}–{d.end}, the slot is {slot.start:%Y-%m-%d %H:%M}–{slot.end:%Y-%m-%d %H:%M}.")
        hours = _parse_hours(d.hours)
        if hours is None or abs(hours - slot.duty_hours) > _HOURS_TOLERANCE:
            add(f"{who} {label}: {d.hours!r} timer, men duty_hours for {slot.name} er {_fmt(slot.duty_hours)}.",
                f"{who} {label}: {d.hours!r} hours, but duty_hours of {slot.name} is {_fmt(slot.duty_hours)}.")
        employee = ctx.employees.get(d.supporter_id)
        if employee is not None and d.name != employee.name.strip():
            add(f"{who} {label}: navn {d.name!r}, skal være {employee.name.strip()!r}.",
                f"{who} {label}: name {d.name!r}, should be {employee.name.strip()!r}.")
        own = ctx.home.get(d.supporter_id)
        if own is not None and d.home_ward != own:
            add(f"{who} {label}: hjemmepost {d.home_ward!r}, skal være {own}.",
                f"{who} {label}: home ward {d.home_ward!r}, should be {own}.")
        written = {w.strip() for w in d.wards_covered.split(";") if w.strip()}
        named = set(rota.named.get((d.supporter_id, d.t), frozenset()))
        if written != named:
            add(f"{who} {label}: wards_covered {';'.join(sorted(written)) or '(tom)'}, men oppført for "
                f"{';'.join(sorted(named)) or '(ingen)'} i assignments.csv.",
                f"{who} {label}: wards_covered {';'.join(sorted(written)) or '(empty)'}, but named for "
                f"{';'.join(sorted(named)) or '(none)'} in assignments.csv.")
    return out


HARD_RULE_CHECKS: dict[str, Callable[[CheckContext, WrittenRota], list[Violation]]] = {
    "supporter_available": check_supporter_available,
    "never_covers_own_ward": check_never_covers_own_ward,
    "never_covers_led_ward": check_never_covers_led_ward,
    "same_site": check_same_site,
    "named_supporter_on_duty": check_named_supporter_on_duty,
    "one_duty_per_day": check_one_duty_per_day,
    "weekly_duties": check_weekly_duties,
    "weekly_protected_hours": check_weekly_protected_hours,
    "period_duties": check_period_duties,
    "period_nights": check_period_nights,
    "consecutive_days": check_consecutive_days,
    "max_on_duty_per_ward": check_max_on_duty_per_ward,
    "release_keeps_minimum_staffing": check_release_keeps_minimum_staffing,
    "wards_per_duty": check_wards_per_duty,
    "pins": check_pins,
    "every_demand_ward_slot_reported": check_every_demand_ward_slot_reported,
    "duty_rows_consistent": check_duty_rows_consistent,
}


# --- running everything ----------------------------------------------------------------------


def _coverage(ctx: CheckContext, rota: WrittenRota) -> pd.DataFrame:
    primary: dict[WardSlot, AssignmentRow] = {}
    backup: dict[WardSlot, str] = {}
    for a in rota.assignments:
        if a.t is None:
            continue
        if a.role == "primary":
            primary.setdefault((a.ward, a.t), a)
        elif a.role == "backup" and a.supporter_id:
            backup.setdefault((a.ward, a.t), a.supporter_id)
    rows = []
    for ward, t in sorted(ctx.demand, key=lambda k: (k[1], k[0])):
        slot, found = ctx.slots[t], primary.get((ward, t))
        sid = found.supporter_id if found else ""
        rows.append({
            "date": slot.date.isoformat(), "slot": slot.name, "ward": ward,
            "headcount": ctx.demand[(ward, t)], "covered": bool(sid),
            "has_backup": bool(sid) and bool(backup.get((ward, t))),
            "supporter_id": sid, "backup_id": backup.get((ward, t), "") if sid else "",
            "reason": found.reason if found and not sid else ("" if found else "ingen rad / no row"),
        })
    columns = ["date", "slot", "ward", "headcount", "covered", "has_backup", "supporter_id", "backup_id", "reason"]
    frame = pd.DataFrame(rows, columns=columns)
    # Typed even when empty: boolean masks on an empty object column select columns, not rows.
    return frame.astype({"headcount": "int64", "covered": bool, "has_backup": bool})


def _burden(ctx: CheckContext, rota: WrittenRota) -> pd.DataFrame:
    per = _duties_by_supporter(rota)
    rows = []
    for sid in sorted(set(ctx.supporters) | set(per)):
        slots = [ctx.slots[t] for t in per.get(sid, [])]
        rows.append({
            "supporter_id": sid, "duties": len(slots),
            "nights": sum(s.kind is SlotKind.NIGHT for s in slots),
            "weekend_duties": sum(s.is_weekend for s in slots),
            "hours": round(sum(s.duty_hours for s in slots), 2),
        })
    return pd.DataFrame(rows, columns=["supporter_id", "duties", "nights", "weekend_duties", "hours"])


def make_report(ctx: CheckContext, rota: WrittenRota, extra: Iterable[Violation] = ()) -> VerifyReport:
    """Every hard rule on a parsed rota, plus findings about the other files (`extra`)."""
    violations = [v for check in HARD_RULE_CHECKS.values() for v in check(ctx, rota)]
    violations.extend(extra)
    coverage = _coverage(ctx, rota)
    uncovered = coverage[~coverage["covered"]]
    counts = {
        "ward_slots": len(coverage),
        "uncovered": len(uncovered),
        "uncovered_staff_shifts": int(uncovered["headcount"].sum()),
        "missing_backup": int((coverage["covered"] & ~coverage["has_backup"]).sum())
        if ctx.rules.redundancy == 2 else 0,
        "duties": len(rota.on_duty),
    }
    return VerifyReport(violations=violations, coverage=coverage, burden=_burden(ctx, rota), counts=counts)


def verify(inputs: Inputs, assignments: pd.DataFrame, duties: pd.DataFrame) -> VerifyReport:
    """Re-check a written rota (the assignments and duties tables) against its inputs with every hard rule."""
    ctx = build_context(inputs)
    return make_report(ctx, parse_rota(ctx, assignments, duties))


#: At most this many findings per rule are printed; the rest are counted.
SHOWN_PER_RULE = 25


def format_verify_report(report: VerifyReport, lang: str = "no") -> str:
    """Plain text for the command line: the counts, then every violation in words (at most
    SHOWN_PER_RULE per rule; the report itself keeps them all)."""
    c = report.counts
    no = lang == "no"
    if no:
        lines = [
            "Uavhengig kontroll av vaktplanen",
            f"Post-vakter med behov: {c.get('ward_slots', 0)}; udekket: {c.get('uncovered', 0)} "
            f"({c.get('uncovered_staff_shifts', 0)} ansattvakter); uten reserve: {c.get('missing_backup', 0)}; "
            f"støttevakter: {c.get('duties', 0)}",
        ]
    else:
        lines = [
            "Independent check of the rota",
            f"Ward-slots needing cover: {c.get('ward_slots', 0)}; uncovered: {c.get('uncovered', 0)} "
            f"({c.get('uncovered_staff_shifts', 0)} staff-shifts); without backup: {c.get('missing_backup', 0)}; "
            f"duties: {c.get('duties', 0)}",
        ]
    if "changed_duties" in c:
        lines.append(f"Endrede støttevakter mot forrige vaktplan (telt i filene): {c['changed_duties']}" if no else
                     f"Duties changed against the previous rota (counted in the files): {c['changed_duties']}")
    if report.input_changes:
        lines.append("Inndata som avviker fra dem vaktplanen ble laget av (kontrollert likevel):" if no else
                     "Inputs that differ from those the rota was made from (checked anyway):")
        lines.extend(f"- {_printable(m.render(lang))}" for m in report.input_changes)
    hard = [v for v in report.violations if v.rule in HARD_RULE_CHECKS]
    files = [v for v in report.violations if v.rule not in HARD_RULE_CHECKS]
    if hard:
        lines.append(f"Brudd på harde regler: {len(hard)}" if no else f"Hard-rule violations: {len(hard)}")
        lines.extend(_shown(hard, lang))
    else:
        lines.append("Ingen brudd på harde regler" if no else "No hard-rule violations")
    if files:
        lines.append(f"Utdatafiler som ikke stemmer med assignments.csv: {len(files)}" if no else
                     f"Output files that disagree with assignments.csv: {len(files)}")
        lines.extend(_shown(files, lang))
    elif report.files_checked:
        lines.append("Alle utdatafilene stemmer med assignments.csv" if no else
                     "Every output file agrees with assignments.csv")
    return "\n".join(lines)


def _printable(text: str) -> str:
    """Line breaks and escape codes from a cell shown as `\\n`, `\\x1b`, never acted on by a terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _shown(violations: list[Violation], lang: str) -> list[str]:
    lines, per_rule = [], Counter(v.rule for v in violations)
    shown: Counter[str] = Counter()
    for v in violations:
        shown[v.rule] += 1
        if shown[v.rule] <= SHOWN_PER_RULE:
            lines.append(f"- [{v.rule}] {_printable(v.render(lang))}")
    for rule, n in per_rule.items():
        if n > SHOWN_PER_RULE:
            more = n - SHOWN_PER_RULE
            lines.append(f"- [{rule}] … og {more} til" if lang == "no" else f"- [{rule}] … and {more} more")
    return lines
