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

import pandas as pd

from scheduler.demand import make_slots
from scheduler.domain import Employee, Instance, Rules, Ward
from scheduler.plan import Plan, plan_tables
from scheduler.rota import Rota

__all__ = ["kept_tables", "skeleton_instance", "kept_rota", "kept_phones"]

_WARD_COLUMNS = ["ward", "name", "department", "site"]
_PEOPLE_COLUMNS = ["employee_id", "name", "ward", "profession", "phone", "training_valid_until", "last_refresher"]


def kept_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The tables kept for a plan: assignments, duties, burden, coverage, wards and people."""
    instance = plan.instance
    wards = pd.DataFrame([{"ward": w.ward_id, "name": w.name, "department": w.department, "site": w.site}
                          for w in instance.wards.values()], columns=_WARD_COLUMNS)
    ids = sorted(set(plan.rota.duties["supporter_id"]) | set(instance.supporters))
    people = pd.DataFrame([{"employee_id": e, "name": instance.employees[e].name, "ward": instance.employees[e].ward,
                            "profession": instance.employees[e].profession,
                            "phone": instance.supporters[e].phone if e in instance.supporters else "",
                            "training_valid_until": _iso(getattr(instance.supporters.get(e), "training_valid_until", None)),
                            "last_refresher": _iso(getattr(instance.supporters.get(e), "last_refresher", None))}
                           for e in ids if e in instance.employees], columns=_PEOPLE_COLUMNS)
    return {**plan_tables(plan), "wards": wards, "people": people}


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
