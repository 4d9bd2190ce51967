"""A rota as it is kept (published, or a saved draft) and read back for notices and calendars.

What is kept is the output tables of docs/outputs.md plus two small ones the notices need: the
wards' names and the names (and, for supporters, the phone numbers and training dates, for the
follow-up over time: docs/history.md) of the people on the rota. Read back, :func:`skeleton_instance`
rebuilds enough of an :class:`~scheduler.domain.Instance` (wards, people, support slots) to
draw notices, calendars and the week view without the original files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from scheduler.domain import Employee, Instance, Rules, Supporter, Ward
from scheduler.model.demand import make_slots
from scheduler.model.reason_privacy import kind_words, without_names
from scheduler.model.supervision import attendee_frame, meetings_for
from scheduler.solve.plan import Plan, plan_tables
from scheduler.solve.rota import Rota
from scheduler.store.replan_basis import basis_table

__all__ = ["kept_tables", "kept_extras", "kept_meetings", "skeleton_instance", "kept_rota", "kept_phones",
           "folder_tables"]

_WARD_COLUMNS = ["ward", "name", "department", "site"]
_PEOPLE_COLUMNS = ["employee_id", "name", "ward", "profession", "phone", "training_valid_until", "last_refresher",
                   "protected_hours_per_week"]  # the supporter's own (empty: the rules'), for the report's hours set aside


def kept_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The tables kept for a plan: assignments, duties, burden, coverage, wards and people (and the
    plan's fair-share base for a re-plan, when it has one) — the reasons in assignments and
    coverage naming nobody, the named ones in :data:`NAMED_REASONS`."""
    instance = plan.instance
    tables = {**plan_tables(plan), **kept_extras(instance.wards, instance.employees, instance.supporters,
                                                 plan.rota.duties)}
    if plan.on_call is not None:  # who is on call from home (scheduler.oncall): ids and phones, no names
        tables["on_call"] = plan.on_call
    tables.update(kept_meetings(instance, plan.rota.duties))
    tables.update(basis_table(plan.basis))  # what a later local re-plan may keep (scheduler.store.replan_basis)
    index = {(s.date.isoformat(), s.name): s.index for s in instance.slots}

    def unnamed(date: str, slot: str, ward: str, text: str, code: str) -> str:
        reason = plan.rota.reasons.get((ward, index.get((date[:10], slot), -1)))
        if reason is None:
            return kind_words(code, text)
        return reason.text("en" if text == reason.text_en else "no", names=False)

    return without_names(tables, unnamed)


def kept_meetings(instance: Instance, duties: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """With `[supervision]`, the meetings for the calendars of a kept rota — a kept rota has no
    turnus to place them again: per meeting its times and the ids of those at work for it
    (`supervision_calendar`, docs/supervision.md). Nothing without the rule."""
    if instance.rules.supervision is None:
        return {}
    return {"supervision_calendar": attendee_frame(meetings_for(instance, duties))}


def kept_extras(wards: Mapping[str, Ward], employees: Mapping[str, Employee], supporters: Mapping[str, Supporter],
                duties: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The two small tables kept beside a rota: the wards' names and sites, and the people on it
    (names; for supporters their phone and training dates) — so it can be shown without its files."""
    ward_frame = pd.DataFrame([{"ward": w.ward_id, "name": w.name, "department": w.department, "site": w.site}
                               for w in wards.values()], columns=_WARD_COLUMNS)
    ids = sorted(set(duties["supporter_id"].astype(str)) | set(supporters))
    people = pd.DataFrame([{"employee_id": e, "name": employees[e].name, "ward": employees[e].ward,
                            "profession": employees[e].profession,
                            "phone": supporters[e].phone if e in supporters else "",
                            "training_valid_until": _iso(getattr(supporters.get(e), "training_valid_until", None)),
                            "last_refresher": _iso(getattr(supporters.get(e), "last_refresher", None)),
                            "protected_hours_per_week": _hours(getattr(supporters.get(e), "protected_hours_per_week", None))}
                           for e in ids if e in employees], columns=_PEOPLE_COLUMNS)
    return {"wards": ward_frame, "people": people}


#: How each column of a written rota is read back (docs/outputs.md): the rest are text.
_NUMBER_COLUMNS = {"hours", "target", "base_target", "load_ratio", "carried_ratio", "headcount", "duties", "nights",
                   "weekend_duties", "max_duties_per_week", "recent_activity", "on_call", "on_call_load"}


def folder_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The four tables of a rota folder written by `scheduler solve` (and on_call.csv, when an
    on-call supporter was planned), read back as the app keeps them: ids and dates as text, numbers
    as numbers, `covered` as true/false."""
    out: dict[str, pd.DataFrame] = {}
    optional = ("on_call",) if (folder / "on_call.csv").is_file() else ()
    for name in ("assignments", "duties", "burden", "coverage", *optional):
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for column in frame.columns:
            if column in _NUMBER_COLUMNS:
                frame[column] = pd.to_numeric(frame[column].mask(frame[column] == ""), errors="coerce")
            elif column == "covered":
                frame[column] = frame[column].str.lower().isin(["true", "1"])
        out[name] = frame
    return out


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def skeleton_instance(tables: Mapping[str, pd.DataFrame], summary: Mapping, rules_json: str,
                      checksums: Mapping[str, str]) -> Instance:
    """Wards, people and slots of a kept rota; no turnus, so no demand or availability."""
    rules = Rules.model_validate_json(rules_json)
    horizon = summary.get("horizon", {}) or {}
    first = dt.date.fromisoformat(horizon["from"]) if horizon.get("from") else None
    last = dt.date.fromisoformat(horizon["to"]) if horizon.get("to") else first
    slots = make_slots(first, last, rules) if first else ()
    wards_frame = tables.get("wards", pd.DataFrame(columns=_WARD_COLUMNS))
    wards = {str(r.ward): Ward(ward_id=str(r.ward), name=str(r.name), department=str(r.department), site=str(r.site))
             for r in wards_frame.itertuples(index=False)}
    for w in set(tables["assignments"]["ward"]) - set(wards):
        wards[w] = Ward(ward_id=w)
    people = tables.get("people", pd.DataFrame(columns=_PEOPLE_COLUMNS))
    employees = {str(r.employee_id): Employee(employee_id=str(r.employee_id), name=str(r.name), ward=str(r.ward),
                                              profession=str(r.profession)) for r in people.itertuples(index=False)}
    for r in tables["duties"].itertuples(index=False):
        employees.setdefault(str(r.supporter_id), Employee(employee_id=str(r.supporter_id), name=str(r.name),
                                                           ward=str(r.home_ward)))
    empty = pd.DataFrame()
    return Instance.model_construct(rules=rules, wards=wards, employees=employees, supporters={}, shift_codes={},
                                    slots=slots, demand=empty, availability=empty, blocked=empty, staffing=empty,
                                    checksums=dict(checksums))


def kept_rota(tables: Mapping[str, pd.DataFrame]) -> Rota:
    """The rota of kept tables (reasons are the stored texts, in the language they were made in)."""
    return Rota(tables["assignments"], tables["duties"], {})


def kept_phones(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Supporters' phone numbers by employee id, as kept with the rota (none in older stores)."""
    people = tables.get("people")
    if people is None or "phone" not in people.columns:
        return {}
    return {str(e): str(p) for e, p in zip(people["employee_id"], people["phone"].fillna(""), strict=True) if str(p)}
