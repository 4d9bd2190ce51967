"""The report for the leadership: per quarter and for the whole span, counts only (docs/history.md,
«Leadership report»).

A peer-support scheme lasts when it is anchored in the management and evaluated; the report gives
the management what it needs for that and nothing more: coverage per site and ward, uncovered
ward-slots and why (grouped by kind of reason, never the reason's own text, which can name people),
how the duties were shared among the supporters (a distribution; names only when asked for),
outreach contacts after incidents, and the supporters' training status.

It reads the rotas in force through :class:`scheduler.store.history.HistoryStore` (a newer
publication of the same dates replaces an older one there, as in history). This module builds its
numbers (:func:`build_report`, pure); they are shown as printable HTML and PDF
(scheduler.report.leadership_html), as an .xlsx workbook with charts (scheduler.report.leadership_xlsx),
in the words of scheduler.report.leadership_words, and written as a folder
(scheduler.report.leadership_folder).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from scheduler.domain import Supporter
from scheduler.history.training import training_status
from scheduler.model.in_force import duties_in_force, in_force, rows_in_force
from scheduler.model.reason_privacy import REASON_KINDS
from scheduler.solve.fairness import FLAG_RATIO
from scheduler.store.history import StoredPublication

__all__ = ["LeadershipReport", "Outcomes", "Quarter", "quarters", "build_report", "supporters_from_people", "REASON_LABELS",
           "reason_code_of", "covered_share"]

#: The kinds of reason a ward-slot is uncovered (scheduler.solve.explain), in plain words.
REASON_LABELS: dict[str, tuple[str, str]] = REASON_KINDS
#: How a stored reason text begins, for rotas published before coverage.csv had `reason_code`.
_REASON_STARTS = {
    "no_supporter_at_work": ("Ingen kollegastøtte er på jobb", "No peer supporter is at work"),
    "only_ineligible": ("Bare kollegastøtter som ikke kan dekke", "Only peer supporters who may not cover"),
    "all_blocked": ("De som kunne dekket er ikke tilgjengelige", "Those who could cover are not available"),
    "all_at_limit": ("Alle som kunne dekket er ved en grense", "Everyone who could cover is at a limit"),
    "not_chosen": ("Løseren rakk ikke", "The solver did not cover"),
}
#: Duties per supporter over the span, in groups (the distribution, without names).
_DUTY_BINS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, 20), (21, 10**9))
#: Load ÷ fair share over the span, in groups.
_RATIO_BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 1.2), (1.2, FLAG_RATIO), (FLAG_RATIO, float("inf")))


def reason_code_of(code: str, text: str) -> str:
    """The kind of reason: the stored code, else read from the start of the stored text."""
    if code and code in REASON_LABELS:
        return code
    for kind, starts in _REASON_STARTS.items():
        if text.startswith(starts):
            return kind
    return ""


@dataclass(frozen=True)
class Quarter:
    label_no: str
    label_en: str
    first: dt.date
    last: dt.date

    def label(self, lang: str) -> str:
        return self.label_no if lang == "no" else self.label_en


def quarters(first: dt.date, last: dt.date) -> list[Quarter]:
    """The calendar quarters that `first`..`last` touches, cut to it."""
    out = []
    year, q = first.year, (first.month - 1) // 3
    while True:
        start = dt.date(year, 3 * q + 1, 1)
        end = (dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1)) - dt.timedelta(days=1)
        if start > last:
            break
        out.append(Quarter(f"{q + 1}. kvartal {year}", f"Q{q + 1} {year}", max(start, first), min(end, last)))
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return out


@dataclass(frozen=True)
class Outcomes:
    """What the scheme achieved, per quarter and site (its numbers: scheduler.report.leadership_outcomes)."""

    incidents: pd.DataFrame  # quarter, site, incidents, first_72h, follow_up_held, both, share_first_72h, share_follow_up, share_both
    contacts: pd.DataFrame  # quarter, site, planned, held, declined, not_reached, moved, no_status
    conversations: pd.DataFrame  # month, site, conversations
    hours: pd.DataFrame  # quarter, site, hours_planned, hours_set_aside (None: not known), share_used
    training: pd.DataFrame  # quarter, site, supporters, lapsed, lapses_soon, refresher_due
    helps: pd.DataFrame  # quarter, limit, label_no, label_en, gain, supporters, proven
    supervision: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["quarter", "site", "meetings", "held", "attended"]))  # supervision meetings' attendance recorded


@dataclass
class LeadershipReport:
    """Every table of the report (DataFrames with plain column names; labels are added when shown)."""

    first: dt.date
    last: dt.date
    quarters: list[Quarter]
    publications: list[int]
    days_with_rota: int
    days: int
    overview: pd.DataFrame  # per quarter (and "total"): ward-slots, covered, uncovered, share, duties, supporters on duty, contacts
    by_site: pd.DataFrame  # site, quarter, ward_slots, covered, uncovered, share
    by_ward: pd.DataFrame  # site, ward, name, ward_slots, covered, uncovered, share (whole span)
    reasons: pd.DataFrame  # reason, quarter, uncovered
    duty_groups: pd.DataFrame  # group, supporters
    ratio_groups: pd.DataFrame  # group, supporters
    duty_stats: dict[str, float]
    per_supporter: pd.DataFrame  # supporter_id, name, duties, hours, fair_share_hours, ratio (names shown only when asked)
    contacts: pd.DataFrame  # quarter, contacts (None: not recorded)
    training: dict[str, int]
    training_on: dt.date
    outcomes: Outcomes | None = None  # per quarter and site (scheduler.report.leadership_outcomes); None: not read


def _quarter_of(quarter_list: Sequence[Quarter]) -> Callable[[str], str]:
    def find(date: str) -> str:
        day = dt.date.fromisoformat(date[:10])
        return next((q.label_en for q in quarter_list if q.first <= day <= q.last), "")
    return find


def supporters_from_people(people: pd.DataFrame) -> dict[str, Supporter]:
    """Supporters' training dates as kept with a publication (its `people` table)."""
    out: dict[str, Supporter] = {}
    if people is None or "training_valid_until" not in people.columns:
        return out
    for r in people.itertuples(index=False):
        until = str(getattr(r, "training_valid_until", "") or "")
        refresher = str(getattr(r, "last_refresher", "") or "")
        try:
            out[str(r.employee_id)] = Supporter(employee_id=str(r.employee_id),
                                                training_valid_until=dt.date.fromisoformat(until) if until else None,
                                                last_refresher=dt.date.fromisoformat(refresher) if refresher else None)
        except ValueError:
            continue
    return out


def covered_share(covered: int, total: int) -> float | None:
    """The share of ward-slots covered, to four decimals; None when none needed cover."""
    return round(covered / total, 4) if total else None


def build_report(publications: Sequence[StoredPublication], first: dt.date, last: dt.date, *,
                 contacts: Callable[[dt.date, dt.date], int | None] | None = None,
                 supporters: Mapping[str, Supporter] | None = None) -> LeadershipReport:
    """The report for `first`..`last` from the rotas in force (`publications`, oldest first).

    `contacts(first, last)` counts outreach contacts (None: not recorded); `supporters` gives the
    training dates (default: those kept with the newest publication that has them)."""
    qs = quarters(first, last)
    quarter_of = _quarter_of(qs)
    forced = in_force([p.scope() for p in publications], first, last)
    by_id = {p.id: p for p in publications}
    used = forced.publications()
    cov_parts, duty_parts, share_rows, site_of, name_of, people_names = [], [], [], {}, {}, {}
    for pid in sorted(used, reverse=True):  # the newest publication's ward names and sites win
        pub = by_id[pid]
        wards = pub.tables.get("wards", pd.DataFrame())
        for r in wards.itertuples(index=False):
            site_of.setdefault(str(r.ward), str(getattr(r, "site", "")))
            name_of.setdefault(str(r.ward), str(getattr(r, "name", "")) or str(r.ward))
        cov = pub.tables.get("coverage", pd.DataFrame())
        if len(cov):
            cov = rows_in_force(cov, pid, forced)
            cov["covered"] = cov["covered"].astype(str).str.lower().isin(["true", "1"])
            codes = cov["reason_code"].astype(str) if "reason_code" in cov.columns else pd.Series("", index=cov.index)
            cov["kind"] = [reason_code_of(c, t) if not covered else "" for c, t, covered
                           in zip(codes, cov["reason"].astype(str), cov["covered"], strict=True)]
            cov_parts.append(cov[["date", "slot", "ward", "covered", "kind"]])
        duties = pub.tables.get("duties", pd.DataFrame())
        if len(duties):
            duty_parts.append(duties_in_force(duties, pid, forced)[["supporter_id", "date", "hours"]])
        burden = pub.tables.get("burden", pd.DataFrame())
        share = forced.share_in_force(pid)
        if len(burden):
            column = "base_target" if "base_target" in burden.columns else "target"
            for sid, target in zip(burden["supporter_id"].astype(str), burden[column], strict=True):
                share_rows.append((sid, _float(target) * share))
        people = pub.tables.get("people", pd.DataFrame())
        for r in people.itertuples(index=False):
            people_names.setdefault(str(r.employee_id), str(r.name))
    coverage = pd.concat(cov_parts, ignore_index=True) if cov_parts else pd.DataFrame(
        columns=["date", "slot", "ward", "covered", "kind"])
    coverage["quarter"] = coverage["date"].astype(str).map(quarter_of)
    coverage["site"] = coverage["ward"].astype(str).map(lambda w: site_of.get(w, ""))
    duties = pd.concat(duty_parts, ignore_index=True) if duty_parts else pd.DataFrame(columns=["supporter_id", "date", "hours"])
    duties["hours"] = pd.to_numeric(duties["hours"], errors="coerce").fillna(0.0)
    duties["quarter"] = duties["date"].astype(str).map(quarter_of)

    def counts(frame: pd.DataFrame) -> dict:
        total = int(len(frame))
        covered = int(frame["covered"].sum()) if total else 0
        return {"ward_slots": total, "covered": covered, "uncovered": total - covered, "share": covered_share(covered, total)}

    overview_rows = []
    for q in [*qs, None]:
        label = q.label_en if q else "total"
        cov_q = coverage if q is None else coverage[coverage["quarter"] == label]
        dut_q = duties if q is None else duties[duties["quarter"] == label]
        n_contacts = contacts(q.first if q else first, q.last if q else last) if contacts else None
        overview_rows.append({"quarter": label, **counts(cov_q), "duties": int(len(dut_q)),
                              "supporters_on_duty": int(dut_q["supporter_id"].nunique()), "contacts": n_contacts})
    overview = pd.DataFrame(overview_rows)
    by_site = pd.DataFrame([{"site": site, "quarter": q.label_en, **counts(coverage[(coverage["site"] == site) &
                                                                                     (coverage["quarter"] == q.label_en)])}
                            for site in sorted(set(coverage["site"])) for q in qs],
                           columns=["site", "quarter", "ward_slots", "covered", "uncovered", "share"])
    by_ward = pd.DataFrame([{"site": site_of.get(w, ""), "ward": w, "name": name_of.get(w, w), **counts(g)}
                            for w, g in coverage.groupby("ward", sort=True)],
                           columns=["site", "ward", "name", "ward_slots", "covered", "uncovered", "share"])
    if len(by_ward):
        by_ward = by_ward.sort_values(["site", "share", "ward"], na_position="last").reset_index(drop=True)
    uncovered = coverage[~coverage["covered"].astype(bool)]
    reasons = pd.DataFrame([{"reason": kind, "quarter": q.label_en,
                             "uncovered": int(((uncovered["kind"] == kind) & (uncovered["quarter"] == q.label_en)).sum())}
                            for kind in [k for k in REASON_LABELS if (uncovered["kind"] == k).any()] for q in qs],
                           columns=["reason", "quarter", "uncovered"])
    # duties per supporter: everyone with a fair share or a duty in the span
    fair: dict[str, float] = {}
    for sid, share in share_rows:
        fair[sid] = fair.get(sid, 0.0) + share
    per = duties.groupby("supporter_id").agg(duties=("date", "size"), hours=("hours", "sum"))
    ids = sorted(set(fair) | set(per.index.astype(str)))
    per_supporter = pd.DataFrame([{
        "supporter_id": sid, "name": people_names.get(sid, ""),
        "duties": int(per.loc[sid, "duties"]) if sid in per.index else 0,
        "hours": round(float(per.loc[sid, "hours"]), 2) if sid in per.index else 0.0,
        "fair_share_hours": round(fair.get(sid, 0.0), 2),
        "ratio": round(float(per.loc[sid, "hours"]) / fair[sid], 3) if sid in per.index and fair.get(sid, 0) > 0
        else (0.0 if fair.get(sid, 0) > 0 else None),
    } for sid in ids], columns=["supporter_id", "name", "duties", "hours", "fair_share_hours", "ratio"])
    per_supporter = per_supporter.sort_values(["duties", "supporter_id"], ascending=[False, True]).reset_index(drop=True)
    duty_groups = pd.DataFrame([{"group": f"{lo}" if lo == hi else (f"{lo}–{hi}" if hi < 10**9 else f"{lo}+"),
                                 "supporters": int(((per_supporter["duties"] >= lo) & (per_supporter["duties"] <= hi)).sum())}
                                for lo, hi in _DUTY_BINS], columns=["group", "supporters"])
    ratios = per_supporter["ratio"].dropna()
    ratio_groups = pd.DataFrame([{"group": (f"< {hi:g}" if lo == 0 else f"≥ {lo:g}" if hi == float("inf") else f"{lo:g}–{hi:g}"),
                                  "supporters": int(((ratios >= lo) & (ratios < hi)).sum())}
                                 for lo, hi in _RATIO_BINS], columns=["group", "supporters"])
    n = per_supporter["duties"].tolist()
    duty_stats = {"supporters": len(n), "with_duties": sum(1 for x in n if x > 0),
                  "median": float(statistics.median(n)) if n else 0.0, "max": float(max(n, default=0)),
                  "above_flag": int((ratios > FLAG_RATIO + 1e-9).sum())}
    contact_rows = pd.DataFrame([{"quarter": q.label_en, "contacts": contacts(q.first, q.last) if contacts else None}
                                 for q in qs], columns=["quarter", "contacts"])
    if supporters is None:
        supporters = {}
        for pub in sorted(publications, key=lambda p: p.id, reverse=True):
            supporters = supporters_from_people(pub.tables.get("people"))
            if supporters:
                break
    return LeadershipReport(first, last, qs, used, len(forced.dates()), (last - first).days + 1, overview, by_site, by_ward,
                            reasons, duty_groups, ratio_groups, duty_stats, per_supporter, contact_rows,
                            training_status(supporters, last), last)


def _float(value: object) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return 0.0
    return number if number == number else 0.0
