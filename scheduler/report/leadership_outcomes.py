"""What the scheme achieved, for the leadership report: per quarter and site, counts only
(docs/history.md, «Leadership report», «Outcomes»).

- **incidents**: how many, and the share with a first talk (or defusing) held within 72 hours,
  with a follow-up held, and with both — for every group met of the incident;
- **contacts**: planned, and held, declined, not reached, moved, no status yet (a contact is a team's
  talk with one group, not a team place);
- **conversations** per month, as the supporters entered them (counts);
- **protected hours**: the hours planned (duties and contacts) against the hours set aside
  (each supporter's protected hours a week × the weeks of the rota in force);
- **training**: run out, running out within 60 days, refresher due — on each quarter's last day;
- **supervision**: the supervision meetings whose attendance was recorded, those held (anyone
  came) and how many came in all (docs/supervision.md);
- **what would help**: the binding limits the rotas in force measured («Renew expired training for
  3 supporters: +39 covered ward-shifts»), summed over the rotas of each quarter.

A site is that of the incident's first ward (incidents, contacts) or of the supporter's home ward
(conversations, hours, training), from the wards and people kept with the rotas; "" when not known.
Pure over plain tables; :func:`outcome_data` reads them from the store.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from scheduler.domain import Rules, Supporter
from scheduler.history.training import SOON_DAYS, refresher_due
from scheduler.model.in_force import duties_in_force, in_force
from scheduler.report.leadership import Outcomes, Quarter, quarters
from scheduler.store.history import StoredPublication

__all__ = ["Outcomes", "OutcomeData", "build_outcomes", "outcome_data", "FIRST_CONTACT_HOURS"]

#: A first contact counts when it starts within this many hours of the incident (TRiM: about 72 h).
FIRST_CONTACT_HOURS = 72
_STATUS_COLUMNS = ("held", "declined", "not_reached", "moved", "no_status")


@dataclass(frozen=True)
class OutcomeData:
    """What the store holds for the outcomes: planned contacts with status (scheduler.store.outcomes.OUTCOME_COLUMNS),
    incidents (incident_id, occurred, wards) and conversations (supporter_id, month, conversations)."""

    contacts: pd.DataFrame
    incidents: pd.DataFrame
    conversations: pd.DataFrame
    attendance: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["date", "start", "site", "attended"]))


def outcome_data(store_path: str | os.PathLike[str]) -> OutcomeData:
    """The store's contacts, incidents and conversations (an SQLite store file)."""
    from scheduler.store.supervision import SupervisionStore

    store = SupervisionStore(store_path)
    return OutcomeData(store.outcomes(), store.incidents_occurred(), store.conversations(), store.attendance())


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _sites(publications: Sequence[StoredPublication]) -> tuple[dict[str, str], dict[str, str], dict[str, dict]]:
    """Site per ward, home ward per person, and each supporter's kept row (newest publication first)."""
    site_of: dict[str, str] = {}
    ward_of: dict[str, str] = {}
    people: dict[str, dict] = {}
    for pub in sorted(publications, key=lambda p: p.id, reverse=True):
        for r in pub.tables.get("wards", pd.DataFrame()).to_dict("records"):
            site_of.setdefault(str(r.get("ward", "")), str(r.get("site", "") or ""))
        for r in pub.tables.get("people", pd.DataFrame()).to_dict("records"):
            ward_of.setdefault(str(r.get("employee_id", "")), str(r.get("ward", "")))
            people.setdefault(str(r.get("employee_id", "")), r)
    return site_of, ward_of, people


def _quarter(day: dt.date, qs: Sequence[Quarter]) -> str:
    return next((q.label_en for q in qs if q.first <= day <= q.last), "")


def _incidents(data: OutcomeData, qs: Sequence[Quarter], site_of: Mapping[str, str]) -> pd.DataFrame:
    contacts = data.contacts
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in data.incidents.itertuples(index=False):
        occurred = dt.datetime.fromisoformat(str(r.occurred))
        quarter = _quarter(occurred.date(), qs)
        if not quarter:
            continue
        site = site_of.get(str(r.wards).split(";")[0], "")
        mine = contacts[contacts["incident_id"] == r.incident_id]
        groups = set(mine["profession"])
        first_ok = follow_ok = bool(groups)
        for group in groups:
            g = mine[mine["profession"] == group]
            early = g[g["contact"].isin(["defusing", "first"]) & (g["status"] == "held")]
            within = [dt.datetime.fromisoformat(str(s)) - occurred <= dt.timedelta(hours=FIRST_CONTACT_HOURS)
                      for s in early["start"] if str(s)]
            first_ok &= any(within)
            follow_ok &= bool(((g["contact"] == "follow_up") & (g["status"] == "held")).any())
        c = counts[quarter, site]
        c[0] += 1
        c[1] += first_ok
        c[2] += follow_ok
        c[3] += first_ok and follow_ok
    rows = [{"quarter": q, "site": site, "incidents": n, "first_72h": a, "follow_up_held": b, "both": both,
             "share_first_72h": _share(a, n), "share_follow_up": _share(b, n), "share_both": _share(both, n)}
            for (q, site), (n, a, b, both) in counts.items()]
    return _sorted(pd.DataFrame(rows, columns=["quarter", "site", "incidents", "first_72h", "follow_up_held", "both",
                                               "share_first_72h", "share_follow_up", "share_both"]), qs)


def _sorted(frame: pd.DataFrame, qs: Sequence[Quarter], by: str = "quarter") -> pd.DataFrame:
    if frame.empty:
        return frame.reset_index(drop=True)
    order = {q.label_en: i for i, q in enumerate(qs)}
    key = frame[by].map(lambda q: order.get(q, len(order))) if by == "quarter" else frame[by]
    return frame.assign(_k=key).sort_values(["_k", "site"]).drop(columns="_k").reset_index(drop=True)


def _contacts(data: OutcomeData, qs: Sequence[Quarter], site_of: Mapping[str, str]) -> pd.DataFrame:
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(("planned", *_STATUS_COLUMNS), 0))
    for r in data.contacts.itertuples(index=False):
        quarter = _quarter(dt.date.fromisoformat(str(r.date)[:10]), qs) if str(r.date) else ""
        if not quarter:
            continue
        c = counts[quarter, site_of.get(str(r.wards).split(";")[0], "")]
        c["planned"] += 1
        c[str(r.status) or "no_status"] += 1
    rows = [{"quarter": q, "site": site, **c} for (q, site), c in counts.items()]
    return _sorted(pd.DataFrame(rows, columns=["quarter", "site", "planned", *_STATUS_COLUMNS]), qs)


def _supervision(data: OutcomeData, qs: Sequence[Quarter]) -> pd.DataFrame:
    """Per quarter and the meeting's site: meetings with attendance recorded, held (someone came), attended."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(("meetings", "held", "attended"), 0))
    for r in data.attendance.itertuples(index=False):
        quarter = _quarter(dt.date.fromisoformat(str(r.date)[:10]), qs)
        if quarter:
            c = counts[quarter, str(r.site)]
            c["meetings"] += 1
            c["held"] += int(r.attended) > 0
            c["attended"] += int(r.attended)
    rows = [{"quarter": q, "site": site, **c} for (q, site), c in counts.items()]
    return _sorted(pd.DataFrame(rows, columns=["quarter", "site", "meetings", "held", "attended"]), qs)


def _conversations(data: OutcomeData, first: dt.date, last: dt.date, site_of: Mapping[str, str],
                   ward_of: Mapping[str, str]) -> pd.DataFrame:
    frame = data.conversations
    frame = frame[frame["month"].between(f"{first:%Y-%m}", f"{last:%Y-%m}")]
    sites = [site_of.get(ward_of.get(str(s), ""), "") for s in frame["supporter_id"]]
    out = (frame.assign(site=sites).groupby(["month", "site"], as_index=False)["conversations"].sum()
           if len(frame) else pd.DataFrame(columns=["month", "site", "conversations"]))
    return out.astype({"conversations": "int64"}).sort_values(["month", "site"]).reset_index(drop=True)


def _hours(publications: Sequence[StoredPublication], data: OutcomeData, qs: Sequence[Quarter],
           site_of: Mapping[str, str], ward_of: Mapping[str, str]) -> pd.DataFrame:
    planned: dict[tuple[str, str], float] = defaultdict(float)
    aside: dict[tuple[str, str], float] = defaultdict(float)
    known: dict[tuple[str, str], bool] = defaultdict(lambda: True)
    by_id = {p.id: p for p in publications}
    for q in qs:
        forced = in_force([p.scope() for p in publications], q.first, q.last)
        for pid in forced.publications():
            pub = by_id[pid]
            duties = pub.tables.get("duties", pd.DataFrame())
            if len(duties):
                for sid, hours in duties_in_force(duties, pid, forced)[["supporter_id", "hours"]].itertuples(index=False):
                    planned[q.label_en, site_of.get(ward_of.get(str(sid), ""), "")] += _float(hours)
            try:
                default = Rules.model_validate_json(pub.rules_json).protected_hours_per_week
            except ValueError:
                default = None
            weeks = forced.share_in_force(pid, q.first, q.last) * ((pub.last - pub.first).days + 1) / 7
            people = pub.tables.get("people", pd.DataFrame())
            for r in people.to_dict("records"):
                key = (q.label_en, site_of.get(str(r.get("ward", "")), ""))
                own = str(r.get("protected_hours_per_week", "") or "")
                weekly = _float(own) if own else default
                if weekly is None:
                    known[key] = False
                else:
                    aside[key] += weekly * weeks
    for r in data.contacts.itertuples(index=False):
        day = dt.date.fromisoformat(str(r.date)[:10]) if str(r.date) else None
        team = [s for s in str(r.supporters).split(";") if s]
        quarter = _quarter(day, qs) if day else ""
        for sid in team if quarter else ():
            planned[quarter, site_of.get(ward_of.get(sid, ""), "")] += _float(r.hours) / len(team)
    rows = []
    for key in sorted(set(planned) | set(aside)):
        set_aside = round(aside[key], 1) if known[key] and key in aside else None
        rows.append({"quarter": key[0], "site": key[1], "hours_planned": round(planned[key], 1),
                     "hours_set_aside": set_aside,
                     "share_used": round(planned[key] / set_aside, 4) if set_aside else None})
    return _sorted(pd.DataFrame(rows, columns=["quarter", "site", "hours_planned", "hours_set_aside", "share_used"]), qs)


def _training(people: Mapping[str, dict], qs: Sequence[Quarter], site_of: Mapping[str, str],
              supporters: Mapping[str, Supporter] | None) -> pd.DataFrame:
    rows = []
    for q in qs:
        soon = q.last + dt.timedelta(days=SOON_DAYS)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for sid, r in people.items():
            if supporters is not None and sid not in supporters:
                continue
            s = supporters[sid] if supporters is not None else _supporter(sid, r)
            if s is None:
                continue
            c = counts[site_of.get(str(r.get("ward", "")), "")]
            c[0] += 1
            until = s.training_valid_until
            c[1] += until is not None and until < q.last
            c[2] += until is not None and q.last <= until <= soon
            due = refresher_due(s)
            c[3] += due is not None and due <= soon
        rows += [{"quarter": q.label_en, "site": site, "supporters": n, "lapsed": a, "lapses_soon": b, "refresher_due": d}
                 for site, (n, a, b, d) in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["quarter", "site", "supporters", "lapsed", "lapses_soon", "refresher_due"])


def _supporter(sid: str, row: Mapping) -> Supporter | None:
    """A supporter's training dates as kept with a rota; None for a person kept without them (no supporter)."""
    if "training_valid_until" not in row:
        return None
    until, refresher = str(row.get("training_valid_until") or ""), str(row.get("last_refresher") or "")
    try:
        return Supporter(employee_id=sid, training_valid_until=dt.date.fromisoformat(until) if until else None,
                         last_refresher=dt.date.fromisoformat(refresher) if refresher else None)
    except ValueError:
        return None


def _helps(publications: Sequence[StoredPublication], qs: Sequence[Quarter], first: dt.date, last: dt.date) -> pd.DataFrame:
    used = set(in_force([p.scope() for p in publications], first, last).publications())
    rows: dict[tuple[str, str], dict] = {}
    for q in qs:
        for pub in publications:
            if pub.id not in used or pub.last < q.first or pub.first > q.last:
                continue
            for e in pub.summary.get("binding_limits", []) or []:
                gain = int(e.get("gain", 0) or 0)
                if gain <= 0:
                    continue
                entry = rows.setdefault((q.label_en, str(e.get("limit", ""))), {
                    "quarter": q.label_en, "limit": str(e.get("limit", "")), "label_no": str(e.get("label_no", "")),
                    "label_en": str(e.get("label_en", "")), "gain": 0, "supporters": None, "proven": True})
                entry["gain"] += gain
                if e.get("supporters") is not None:
                    entry["supporters"] = (entry["supporters"] or 0) + int(e["supporters"])
                entry["proven"] &= bool(e.get("proven"))
    frame = pd.DataFrame(list(rows.values()), columns=["quarter", "limit", "label_no", "label_en", "gain", "supporters",
                                                       "proven"])
    if frame.empty:
        return frame
    order = {q.label_en: i for i, q in enumerate(qs)}
    return (frame.assign(_k=frame["quarter"].map(order)).sort_values(["_k", "gain", "limit"], ascending=[True, False, True])
            .drop(columns="_k").reset_index(drop=True))


def build_outcomes(publications: Sequence[StoredPublication], data: OutcomeData, first: dt.date, last: dt.date, *,
                   supporters: Mapping[str, Supporter] | None = None) -> Outcomes:
    """The outcomes of `first`..`last` (see the module's docstring)."""
    qs = quarters(first, last)
    site_of, ward_of, people = _sites(publications)
    return Outcomes(_incidents(data, qs, site_of), _contacts(data, qs, site_of),
                    _conversations(data, first, last, site_of, ward_of), _hours(publications, data, qs, site_of, ward_of),
                    _training(people, qs, site_of, supporters), _helps(publications, qs, first, last),
                    _supervision(data, qs))


def _float(value: object) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return 0.0
    return number if number == number else 0.0
