"""History: what each supporter carried in earlier periods, counted from published rotas, imported
periods and outreach contacts (docs/history.md).

Every published rota is history. A rota published again for the same dates (a change) replaces
the earlier one for those dates; a withdrawn one does not count. Periods imported from a file (the
first period, or a migration from another tool) count only for dates no published rota covers.
A period's counts are spread evenly over its days, so a window of dates takes the share of the
period that falls inside it; published duties are counted on their own dates.

Per supporter the window gives duties, duty hours, nights, weekend duties, outreach contacts and
the fair share over the same days — the share *before* any history changed it, so "carried 1.6×"
always means 1.6 times what their protected time and availability made fair.

Pure functions over plain data; reading the store is scheduler.store.history's job, reading a
history file scheduler.io.history's.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import pandas as pd

from scheduler.carried import CarriedLoad, History, PeriodLoad
from scheduler.domain import Rules, SlotKind
from scheduler.model.in_force import ALL_WARDS, Scope, duties_in_force, in_force

__all__ = [
    "HISTORY_COLUMNS",
    "PeriodLoad",
    "PublishedPeriod",
    "HistorySource",
    "history_window",
    "activity_window",
    "published_period",
    "period_loads",
    "carried_history",
    "history_frame",
    "with_fair_shares",
    "history_from",
    "RECENT_DAYS",
]

#: The columns of a history file (docs/history.md, «History file»), one row per supporter and period.
HISTORY_COLUMNS = ("supporter_id", "period_start", "period_end", "duties", "hours", "nights", "weekend_duties",
                   "contacts", "contacts_held", "fair_share_hours", "load_ratio")
#: "Recent" activity, for the coordinator's flags: the last 90 days before the period.
RECENT_DAYS = 90


@dataclass(frozen=True)
class PublishedPeriod:
    """A published rota as history needs it: its dates, its duties and each supporter's fair share."""

    publication_id: int
    first: dt.date
    last: dt.date
    duties: pd.DataFrame  # supporter_id, date (ISO), hours, night (bool), weekend (bool)[, wards_covered]
    fair_shares: Mapping[str, float]  # base_target (else target) per supporter in burden.csv
    created_at: str = ""
    wards: frozenset[str] = frozenset({ALL_WARDS})  # the wards it replaces (scheduler.model.in_force)
    replaces_all: bool = False

    def scope(self) -> Scope:
        return Scope(self.publication_id, self.first, self.last, self.wards, self.replaces_all)


class HistorySource(Protocol):
    """Where history comes from: the store (scheduler.store.history.HistoryStore) or a test's fake."""

    def published_periods(self, first: dt.date, last: dt.date) -> list[PublishedPeriod]: ...

    def imported_loads(self, first: dt.date, last: dt.date) -> list[PeriodLoad]: ...

    def contacts(self, first: dt.date, last: dt.date) -> dict[str, int]: ...


def history_window(period_start: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The dates history counts for a period starting `period_start`: the `months` before it.

    `history_window(2027-04-05, 12)` is 2026-04-05..2027-04-04 (the same day of the month, or the
    month's last day when it has no such day)."""
    month = period_start.month - 1 - months
    year = period_start.year + month // 12
    month = month % 12 + 1
    for day in range(period_start.day, 0, -1):
        try:
            first = dt.date(year, month, day)
            break
        except ValueError:
            continue
    return first, period_start - dt.timedelta(days=1)


def activity_window(period_start: dt.date, months: int = 3) -> tuple[dt.date, dt.date]:
    """The months whose conversation counts are a period's `recent_activity`: the `months` whole
    calendar months before the month it starts in (2027-04-05 → 2027-01-01..2027-03-31)."""
    last = period_start.replace(day=1) - dt.timedelta(days=1)
    index = last.year * 12 + last.month - months
    return dt.date(index // 12, index % 12 + 1, 1), last


def _weekend(date: dt.date, kind: SlotKind) -> bool:
    """Saturday and Sunday, and Friday nights (as scheduler.domain.Slot.is_weekend)."""
    return date.weekday() >= 5 or (date.weekday() == 4 and kind is SlotKind.NIGHT)


def published_period(publication_id: int, tables: Mapping[str, pd.DataFrame], summary: Mapping,
                     rules_json: str, created_at: str = "", wards: Iterable[str] | None = None,
                     replaces_all: bool = False) -> PublishedPeriod | None:
    """History's view of one publication; None when it has no dates (an empty rota)."""
    horizon = summary.get("horizon") or {}
    if not horizon.get("from") or not horizon.get("to"):
        return None
    first, last = dt.date.fromisoformat(horizon["from"]), dt.date.fromisoformat(horizon["to"])
    try:
        rules = Rules.model_validate_json(rules_json)
        kinds = {s.name: s.kind for s in rules.slots}
    except ValueError:
        kinds = {}
    duties = tables.get("duties", pd.DataFrame())
    rows = []
    covered = duties["wards_covered"].astype(str) if "wards_covered" in duties.columns else pd.Series("", index=duties.index)
    for (sid, date, slot, hours), wards_covered in zip(
            duties[["supporter_id", "date", "slot", "hours"]].astype(str).itertuples(index=False) if len(duties) else (),
            covered, strict=False):
        day = dt.date.fromisoformat(date[:10])
        kind = kinds.get(slot, SlotKind.DAY)
        rows.append({"supporter_id": sid, "date": day.isoformat(), "hours": _number(hours),
                     "night": kind is SlotKind.NIGHT, "weekend": _weekend(day, kind),
                     "wards_covered": "" if wards_covered == "nan" else wards_covered})
    frame = pd.DataFrame(rows, columns=["supporter_id", "date", "hours", "night", "weekend", "wards_covered"])
    shares: dict[str, float] = {}
    burden = tables.get("burden")
    if burden is not None and len(burden):
        column = "base_target" if "base_target" in burden.columns else "target"
        for sid, value in zip(burden["supporter_id"].astype(str), burden[column], strict=True):
            shares[sid] = _number(value)
    scope = frozenset(str(w) for w in wards) if wards is not None else frozenset({ALL_WARDS})
    return PublishedPeriod(publication_id, first, last, frame, shares, created_at, scope, replaces_all)


def _number(value: object) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return 0.0
    return number if number == number else 0.0


def period_loads(published: Sequence[PublishedPeriod], imported: Iterable[PeriodLoad],
                 first: dt.date, last: dt.date) -> list[PeriodLoad]:
    """Each supporter's load per period, counted inside `first`..`last` only.

    A publication counts its duties on the wards and dates it is in force for (scheduler.model.in_force:
    a newer publication of the same wards and dates replaces it there, one of other wards does
    not), and its fair shares for the part of its ward-days in force inside the window. An
    imported period counts for its days inside the window that no publication covers, its counts
    spread evenly over its days. Rows keep their period's dates for showing.
    """
    forced = in_force([p.scope() for p in published], first, last)
    held = set(forced.publications())
    out: list[PeriodLoad] = []
    for pub in sorted(published, key=lambda p: p.publication_id):
        if pub.publication_id not in held:
            continue
        share = forced.share_in_force(pub.publication_id)
        duties = pub.duties if "wards_covered" in pub.duties.columns else pub.duties.assign(wards_covered="")
        duties = duties_in_force(duties, pub.publication_id, forced)
        counted: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for sid, hours, night, weekend in duties[["supporter_id", "hours", "night", "weekend"]].itertuples(index=False):
            c = counted[sid]
            c["duties"] += 1
            c["hours"] += float(hours)
            c["nights"] += bool(night)
            c["weekend_duties"] += bool(weekend)
        for sid in sorted(set(pub.fair_shares) | set(counted)):
            c = counted.get(sid, {})
            out.append(PeriodLoad(sid, pub.first, pub.last, duties=c.get("duties", 0.0), hours=round(c.get("hours", 0.0), 2),
                                  nights=c.get("nights", 0.0), weekend_duties=c.get("weekend_duties", 0.0),
                                  fair_share_hours=round(pub.fair_shares.get(sid, 0.0) * share, 3),
                                  source=f"publication {pub.publication_id}"))
    owned = sorted(d.toordinal() for d in forced.dates())
    for row in imported:
        start, end = max(row.first, first).toordinal(), min(row.last, last).toordinal()
        if start > end:
            continue
        free = (end - start + 1) - (bisect.bisect_right(owned, end) - bisect.bisect_left(owned, start))
        if free <= 0:
            continue
        share = free / row.days
        out.append(PeriodLoad(row.supporter_id, row.first, row.last, duties=row.duties * share, hours=row.hours * share,
                              nights=row.nights * share, weekend_duties=row.weekend_duties * share,
                              contacts=row.contacts * share,
                              fair_share_hours=None if row.fair_share_hours is None else row.fair_share_hours * share,
                              source=row.source))
    return out


def with_fair_shares(rows: Sequence[PeriodLoad]) -> list[PeriodLoad]:
    """Imported rows without a fair share get one: the hours of their period (same dates, same
    source) shared equally among the supporters listed for it (docs/history.md)."""
    groups: dict[tuple[str, dt.date, dt.date], list[PeriodLoad]] = defaultdict(list)
    for row in rows:
        groups[row.source, row.first, row.last].append(row)
    out = []
    for row in rows:
        if row.fair_share_hours is not None:
            out.append(row)
            continue
        group = groups[row.source, row.first, row.last]
        total = sum(r.hours for r in group)
        out.append(replace(row, fair_share_hours=total / len(group)))
    return out


def _days_covered(spans: Iterable[tuple[dt.date, dt.date]], first: dt.date, last: dt.date) -> int:
    """How many dates of first..last at least one of the spans covers (spans merged, not walked day by day)."""
    days, reached = 0, first.toordinal() - 1
    for start, end in sorted((max(a, first).toordinal(), min(b, last).toordinal()) for a, b in spans):
        if end <= reached or start > end:
            continue
        days += end - max(start, reached + 1) + 1
        reached = end
    return days


def carried_history(loads: Iterable[PeriodLoad], first: dt.date, last: dt.date,
                    contacts: Mapping[str, float] | None = None, hours_per_contact: float = 1.0,
                    contact_hours: Mapping[str, float] | None = None) -> History:
    """Sum the period loads (already cut to the window) and the outreach contacts per supporter.

    Contacts count as support work: their own hours where the outreach feature keeps them
    (`contact_hours`), else `hours_per_contact` each (the mean duty hours of the rules the new
    period is planned with: a contact is a duty)."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    periods: set[tuple[str, dt.date, dt.date]] = set()
    loads = list(loads)
    covered = _days_covered({(r.first, r.last) for r in loads}, first, last)
    for row in loads:
        s = sums[row.supporter_id]
        s["duties"] += row.duties
        s["hours"] += row.hours
        s["nights"] += row.nights
        s["weekend_duties"] += row.weekend_duties
        s["contacts"] += row.contacts
        s["fair_share_hours"] += row.fair_share_hours or 0.0
        periods.add((row.source, row.first, row.last))
    for sid, n in (contacts or {}).items():
        if n:
            sums[sid]["contacts"] += n
            sums[sid]["stored_contacts"] += n
    carried = {}
    for sid, s in sums.items():
        carried[sid] = CarriedLoad(
            supporter_id=sid, duties=round(s["duties"], 3), hours=round(s["hours"], 3), nights=round(s["nights"], 3),
            weekend_duties=round(s["weekend_duties"], 3), contacts=round(s["contacts"], 3),
            contact_hours=round((s["contacts"] - s["stored_contacts"]) * hours_per_contact
                                + ((contact_hours or {}).get(sid, s["stored_contacts"] * hours_per_contact)
                                   if s["stored_contacts"] else 0.0), 3),
            fair_share_hours=round(s["fair_share_hours"], 3))
    return History(first=first, last=last, periods=len(periods), days=covered, carried=carried)


def history_from(source: HistorySource, period_start: dt.date, rules: Rules,
                 extra: Iterable[PeriodLoad] = (), *, days: int | None = None) -> tuple[History, list[PeriodLoad]]:
    """The history a period starting `period_start` carries over: the rules' `history_months`
    before it (or the last `days`), from `source` and any `extra` imported rows (a history file);
    with the loads per period, for showing."""
    first, last = history_window(period_start, rules.history_months)
    if days is not None:
        first = period_start - dt.timedelta(days=days)
    imported = with_fair_shares([*source.imported_loads(first, last), *extra])
    loads = period_loads(source.published_periods(first, last), imported, first, last)
    mean_hours = sum(s.duty_hours for s in rules.slots) / len(rules.slots)
    hours = getattr(source, "contact_hours", None)
    history = carried_history(loads, first, last, source.contacts(first, last), mean_hours,
                              hours(first, last) if hours is not None else None)
    conversations = getattr(source, "conversations_in", None)  # the store's counts per month (docs/history.md)
    if conversations is not None:
        counted = conversations(*activity_window(period_start))
        history = history.model_copy(update={"recent_activity": {k: int(v) for k, v in counted.items()}})
    return history, loads


def history_frame(loads: Iterable[PeriodLoad]) -> pd.DataFrame:
    """Period loads as a history file (:data:`HISTORY_COLUMNS`): what `scheduler history` writes
    and the importer reads back."""
    rows = []
    for r in loads:
        share = r.fair_share_hours
        rows.append({"supporter_id": r.supporter_id, "period_start": r.first.isoformat(),
                     "period_end": r.last.isoformat(), "duties": _round(r.duties), "hours": _round(r.hours),
                     "nights": _round(r.nights), "weekend_duties": _round(r.weekend_duties),
                     "contacts": _round(r.contacts), "contacts_held": _round(r.contacts_held), "fair_share_hours": "" if share is None else round(share, 2),
                     "load_ratio": "" if not share else round(r.hours / share, 3)})
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))


def _round(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)

