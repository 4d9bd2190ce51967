"""The rota in force, per ward and date, from the publications kept (docs/access.md, «A rota in force per ward»).

A hospital's rota is published in parts: the rostering office of one ward re-plans and publishes
its ward; the coordinator publishes the whole hospital for a new period. A publication replaces
only what it covers — its wards (:attr:`Scope.wards`), on its dates — so one ward's publication
never empties the rota of every other ward. Only the coordinator may publish a rota that replaces
*every* ward on its dates (:attr:`Scope.replaces_all`): wards it lacks are then no longer in force.

Who is in force for a ward on a date is the newest publication (not withdrawn) that covers it. The
call page, the notices, the coverage views, history and the leadership report all read the rota
through :func:`in_force`, so they never disagree about which rota holds for a ward.

Pure functions over plain data; the store reads the publications (scheduler.store.publications).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = ["Scope", "InForce", "in_force", "rows_in_force", "duties_in_force", "compose", "on_call_in_force",
           "meetings_in_force", "ALL_WARDS"]

#: The ward set of a publication whose wards are not known (an old test double): it stands for all.
ALL_WARDS = "*"


@dataclass(frozen=True)
class Scope:
    """What one publication replaces: its wards, on its dates (both ends included)."""

    publication_id: int
    first: dt.date
    last: dt.date
    wards: frozenset[str]
    replaces_all: bool = False

    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class InForce:
    """Which publication holds each (ward, date), and each publication's own (ward, date) pairs."""

    owner: Mapping[tuple[str, dt.date], int]
    scopes: Mapping[int, Scope]

    def publications(self) -> list[int]:
        """The publications in force somewhere, oldest first."""
        return sorted(set(self.owner.values()))

    def held_by(self, publication_id: int) -> set[tuple[str, dt.date]]:
        return {key for key, pid in self.owner.items() if pid == publication_id}

    def dates(self) -> set[dt.date]:
        """Every date some ward has a rota in force for."""
        return {day for _, day in self.owner}

    def wards(self) -> set[str]:
        return {ward for ward, _ in self.owner}

    def share_in_force(self, publication_id: int, first: dt.date | None = None, last: dt.date | None = None) -> float:
        """The part of a publication's ward-days that is in force (inside first..last when given):
        its fair shares count for this part (docs/history.md)."""
        scope = self.scopes[publication_id]
        total = max(1, len(scope.wards)) * scope.days()
        held = sum(1 for (_, day), pid in self.owner.items() if pid == publication_id
                   and (first is None or day >= first) and (last is None or day <= last))
        return held / total

    def span(self) -> tuple[dt.date, dt.date] | None:
        days = self.dates()
        return (min(days), max(days)) if days else None


def in_force(scopes: Iterable[Scope], first: dt.date | None = None, last: dt.date | None = None) -> InForce:
    """The owner of every (ward, date) inside first..last: publications applied oldest first, each
    taking its wards on its dates; one that replaces all first clears every ward on its dates."""
    owner: dict[tuple[str, dt.date], int] = {}
    by_date: dict[dt.date, set[str]] = defaultdict(set)
    ordered = sorted(scopes, key=lambda s: s.publication_id)
    for scope in ordered:
        start = max(scope.first, first) if first else scope.first
        end = min(scope.last, last) if last else scope.last
        day = start
        while day <= end:
            if scope.replaces_all:
                for ward in by_date.pop(day, set()):
                    owner.pop((ward, day), None)
            for ward in scope.wards:
                owner[ward, day] = scope.publication_id
                by_date[day].add(ward)
            day += dt.timedelta(days=1)
    return InForce(owner, {s.publication_id: s for s in ordered})


def _keys(frame: pd.DataFrame, ward_column: str = "ward") -> pd.Series:
    return frame[ward_column].astype(str) + "|" + frame["date"].astype(str).str[:10]


def _held_keys(forced: InForce, publication_id: int) -> set[str]:
    scope = forced.scopes[publication_id]
    held = forced.held_by(publication_id)
    if scope.wards == frozenset({ALL_WARDS}):
        return {f"{ALL_WARDS}|{day.isoformat()}" for _, day in held}
    return {f"{ward}|{day.isoformat()}" for ward, day in held}


def rows_in_force(frame: pd.DataFrame, publication_id: int, forced: InForce) -> pd.DataFrame:
    """The rows of a publication's ward table (assignments, coverage) that are in force."""
    if not len(frame):
        return frame
    keys = _held_keys(forced, publication_id)
    if forced.scopes[publication_id].wards == frozenset({ALL_WARDS}):
        mask = (ALL_WARDS + "|" + frame["date"].astype(str).str[:10]).isin(keys)
    else:
        mask = _keys(frame).isin(keys)
    return frame.loc[mask.to_numpy()].reset_index(drop=True)


def duties_in_force(duties: pd.DataFrame, publication_id: int, forced: InForce) -> pd.DataFrame:
    """A publication's duties on the wards and dates it holds; each duty's `wards_covered` keeps
    only the wards still in force. A duty that covers nothing in force any more is left out; one
    that names no ward counts where its publication holds any ward that day."""
    if not len(duties):
        return duties
    scope = forced.scopes[publication_id]
    held = forced.held_by(publication_id)
    held_dates = {day.isoformat() for _, day in held}
    if scope.wards == frozenset({ALL_WARDS}):
        return duties.loc[duties["date"].astype(str).str[:10].isin(held_dates).to_numpy()].reset_index(drop=True)
    held_text = {(ward, day.isoformat()) for ward, day in held}
    keep, covered = [], []
    has_wards = "wards_covered" in duties.columns
    for date, wards in zip(duties["date"].astype(str).str[:10],
                           duties["wards_covered"].astype(str) if has_wards else [""] * len(duties), strict=True):
        named = [w for w in wards.split(";") if w and w != "nan"]
        still = [w for w in named if (w, date) in held_text]
        keep.append(bool(still) if named else date in held_dates)
        covered.append(";".join(still))
    out = duties.loc[keep].copy()
    if has_wards:
        out["wards_covered"] = [c for c, k in zip(covered, keep, strict=True) if k]
    return out.reset_index(drop=True)


def _latest_first(frames: Sequence[pd.DataFrame], key: str) -> pd.DataFrame:
    """Rows of several publications' small tables (wards, people), the newest's row winning."""
    present = [f for f in frames if len(f)]
    if not present:
        return frames[-1] if frames else pd.DataFrame(columns=[key, "name"])
    merged = pd.concat(list(reversed(present)), ignore_index=True)
    return merged.drop_duplicates(subset=[key], keep="first").sort_values(key).reset_index(drop=True)


def compose(parts: Sequence[tuple[int, Mapping[str, pd.DataFrame]]], forced: InForce,
            night_slots: Iterable[str] = ()) -> dict[str, pd.DataFrame]:
    """The tables of the rota in force: each publication's rows where it holds, put together.

    `parts` are (publication id, its tables), for the publications in force. `burden` is counted
    again from the duties in force (`night_slots` names the night slots), each fair share taken
    for the part of its publication in force; a supporter's name, ward and limits are the newest
    publication's."""
    ordered = sorted(parts, key=lambda p: p[0])
    out: dict[str, pd.DataFrame] = {}
    for name in ("assignments", "coverage"):
        frames = [rows_in_force(t[name], pid, forced) for pid, t in ordered if name in t]
        out[name] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    duty_frames = [duties_in_force(t["duties"], pid, forced) for pid, t in ordered if "duties" in t]
    out["duties"] = pd.concat(duty_frames, ignore_index=True) if duty_frames else pd.DataFrame()
    for name, key in (("wards", "ward"), ("people", "employee_id")):
        out[name] = _latest_first([t[name] for _, t in ordered if name in t], key)
    for name in ("assignments", "coverage", "duties"):
        frame = out[name]
        if len(frame) and {"date", "slot"} <= set(frame.columns):
            sort = [c for c in ("date", "start", "slot", "ward", "supporter_id") if c in frame.columns]
            out[name] = frame.sort_values(sort, kind="stable").reset_index(drop=True)
    out["burden"] = _burden_in_force(out["duties"], ordered, forced, set(night_slots))
    calls = [(pid, t["on_call"]) for pid, t in ordered if "on_call" in t and len(t["on_call"])]
    if calls:
        out["on_call"] = on_call_in_force(calls, forced)
    meetings = [(pid, t["supervision_calendar"]) for pid, t in ordered
                if "supervision_calendar" in t and len(t["supervision_calendar"])]
    if meetings:
        out["supervision_calendar"] = meetings_in_force(meetings, forced)
    return out


def meetings_in_force(parts: Sequence[tuple[int, pd.DataFrame]], forced: InForce) -> pd.DataFrame:
    """The supervision meetings for the calendars in force (docs/supervision.md): each publication's
    meetings on the dates it holds any ward, the newest publication's for a period and site."""
    frames = []
    for pid, frame in parts:
        held = {day.isoformat() for _, day in forced.held_by(pid)}
        frames.append(frame.loc[frame["start"].astype(str).str[:10].isin(held).to_numpy()].assign(_pid=pid))
    merged = pd.concat(frames, ignore_index=True)
    newest = merged.groupby(["period_start", "site"])["_pid"].transform("max")
    merged = merged.loc[(merged["_pid"] == newest).to_numpy()].drop(columns="_pid")
    return merged.sort_values(["start", "site", "supporter_id"]).reset_index(drop=True)


def on_call_in_force(parts: Sequence[tuple[int, pd.DataFrame]], forced: InForce) -> pd.DataFrame:
    """The on-call rows (on_call.csv) in force: each publication's on the dates it holds any ward,
    the newest publication's row winning for a slot (scheduler.oncall; docs/domain.md)."""
    frames = []
    for pid, frame in sorted(parts, key=lambda p: p[0], reverse=True):
        held = {day.isoformat() for _, day in forced.held_by(pid)}
        frames.append(frame.loc[frame["date"].astype(str).str[:10].isin(held).to_numpy()])
    merged = pd.concat(frames, ignore_index=True)
    merged = merged.drop_duplicates(subset=["date", "slot"], keep="first")
    return merged.sort_values(["date", "start" if "start" in merged.columns else "slot"]).reset_index(drop=True)


#: The columns of burden.csv (docs/outputs.md) a rota in force has too.
BURDEN_COLUMNS = ("supporter_id", "name", "home_ward", "profession", "duties", "nights", "weekend_duties", "hours",
                  "target", "load_ratio", "max_duties_per_week", "recent_activity", "base_target", "carried_ratio")


def _burden_in_force(duties: pd.DataFrame, parts: Sequence[tuple[int, Mapping[str, pd.DataFrame]]],
                     forced: InForce, night_slots: set[str]) -> pd.DataFrame:
    """Duties, nights, weekend duties and hours per supporter in the rota in force, against the
    fair shares in force (each publication's for the part of it in force)."""
    target: dict[str, float] = defaultdict(float)
    base: dict[str, float] = defaultdict(float)
    about: dict[str, dict] = {}
    for pid, tables in parts:  # oldest first: the newest's name, ward and limits win
        burden = tables.get("burden")
        if burden is None or not len(burden):
            continue
        share = forced.share_in_force(pid)
        for row in burden.to_dict("records"):
            sid = str(row["supporter_id"])
            target[sid] += _number(row.get("target")) * share
            base[sid] += _number(row.get("base_target", row.get("target"))) * share
            about[sid] = row
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    if len(duties):
        for sid, date, slot, hours in duties[["supporter_id", "date", "slot", "hours"]].astype(str).itertuples(index=False):
            day = dt.date.fromisoformat(date[:10])
            night = slot in night_slots
            c = counts[sid]
            c["duties"] += 1
            c["hours"] += _number(hours)
            c["nights"] += night
            c["weekend_duties"] += day.weekday() >= 5 or (day.weekday() == 4 and night)
    rows = []
    for sid in sorted(set(target) | set(counts)):
        c, row = counts.get(sid, {}), about.get(sid, {})
        hours = round(c.get("hours", 0.0), 2)
        rows.append({"supporter_id": sid, "name": row.get("name", ""), "home_ward": row.get("home_ward", ""),
                     "profession": row.get("profession", ""), "duties": int(c.get("duties", 0)),
                     "nights": int(c.get("nights", 0)), "weekend_duties": int(c.get("weekend_duties", 0)),
                     "hours": hours, "target": round(target.get(sid, 0.0), 2),
                     "load_ratio": round(hours / target[sid], 3) if target.get(sid) else None,
                     "max_duties_per_week": row.get("max_duties_per_week"),
                     "recent_activity": row.get("recent_activity"), "base_target": round(base.get(sid, 0.0), 2),
                     "carried_ratio": row.get("carried_ratio")})
    return pd.DataFrame(rows, columns=list(BURDEN_COLUMNS))


def _number(value: object) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return 0.0
    return number if number == number else 0.0
