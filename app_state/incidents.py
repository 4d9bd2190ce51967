"""The incident page's state (docs/outreach.md): the store with incidents, the rota planned around,
the proposal for one incident and its check, the invitations.

The proposal is made from the uploaded files (the same Instance the next rota would use) and the
rota in force — the newest publication, else this session's draft — with the contacts accepted
for other incidents as duties too. Nothing typed freely is kept: the page offers wards,
employees, professions and numbers to choose from.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_state import keys, uploads, views
from scheduler.check.context import build_context
from scheduler.check.outreach import OutreachVerifyReport, verify_outreach
from scheduler.domain import Instance, SolverSettings
from scheduler.incidents import generated_id
from scheduler.io import Inputs
from scheduler.io.filenames import safe_filename
from scheduler.io.rota_folder import rota_pairs
from scheduler.localtime import today
from scheduler.outreach.files import invitations
from scheduler.outreach.plan import OutreachPlan, plan_outreach
from scheduler.store.incidents import IncidentStore, StoredIncident, retention_days
from scheduler.views.downloads import zip_bytes
from scheduler.views.outreach import contact_pairs, contacts_as_duties, plan_of_stored

#: session keys of this page
PROPOSAL = "_incident_proposal"  # (key, OutreachPlan)
SELECTED = "incident_selected"  # the incident shown
REPLANNING = "_incident_replanning"  # the accepted incident a new proposal is being made for
CONTEXT_CACHE = "_incident_check_context"  # (inputs key, CheckContext)


def store() -> IncidentStore:
    """The store, with the ids of incidents past their deletion date deleted first."""
    kept = IncidentStore(views.store_path())
    kept.purge_expired(today())
    return kept


def retention() -> int:
    return retention_days()


def effective_inputs() -> Inputs | None:
    """The uploaded files as the next plan reads them: edited rules and the coordinator's follow-up."""
    inputs = uploads.read_inputs()
    if inputs is None:
        return None
    return Inputs(turnus=inputs.turnus, employees=inputs.employees, supporters=uploads.effective_supporters(inputs),
                  wards=inputs.wards, shift_codes=inputs.shift_codes, rules=uploads.effective_rules(inputs),
                  pins=inputs.pins, reports=inputs.reports, checksums=inputs.checksums)


def instance() -> Instance | None:
    return uploads.current_instance()


def rota_view() -> views.View | None:
    """The rota the contacts are planned together with: in force, else this session's draft."""
    return views.in_force_view() or views.draft_view()


def _rota(inst: Instance, view: views.View | None) -> tuple[list[tuple[str, int]], float | None]:
    if view is None:
        return [], None
    pairs, _ = rota_pairs(inst, view.duties)
    needed = view.summary.get("fairness", {}).get("needed_hours") if isinstance(view.summary, dict) else None
    return pairs, float(needed) if isinstance(needed, int | float) else None


def propose(kept: IncidentStore, stored: StoredIncident, inst: Instance, view: views.View | None) -> OutreachPlan:
    """The proposal for one incident (remembered until the files, the rota or the contacts change)."""
    others = kept.accepted_contacts(exclude=stored.id)
    key = (stored.id, uploads.plan_key(), view.kind if view else "", view.publications if view else (),
           tuple(sorted((c.supporter_id, c.date, c.slot) for c in others)))
    cached = st.session_state.get(PROPOSAL)
    if cached and cached[0] == key:
        return cached[1]
    pairs, needed = _rota(inst, view)
    plan = plan_outreach(inst, [stored.incident], pairs, fixed_contacts=contact_pairs(inst, others),
                         needed_hours=needed, settings=SolverSettings(time_limit=10, workers=1), alternatives=3)
    st.session_state[PROPOSAL] = (key, plan)
    return plan


def forget_proposal() -> None:
    st.session_state.pop(PROPOSAL, None)


def check(kept: IncidentStore, stored: StoredIncident, plan: OutreachPlan, view: views.View | None) -> OutreachVerifyReport:
    """The independent check of a plan for one incident, with the rota and the other accepted
    contacts as duties (the coordinator may have picked alternatives)."""
    inputs = effective_inputs()
    assert inputs is not None
    cache_key = uploads.plan_key()
    cached = st.session_state.get(CONTEXT_CACHE)
    if cached and cached[0] == cache_key:
        context = cached[1]
    else:
        context = build_context(inputs)
        st.session_state[CONTEXT_CACHE] = (cache_key, context)
    duties = [contacts_as_duties(kept.accepted_contacts(exclude=stored.id))]
    if view is not None:
        duties.append(view.duties[["supporter_id", "date", "slot"]].astype(str))
    return verify_outreach(inputs, [stored.incident], plan.table(), pd.concat(duties, ignore_index=True),
                           context=context, invitations={f"{safe_filename(sid)}.ics": data
                                                         for sid, data in invitations(plan).items()})


def invitations_zip(inst: Instance, stored: StoredIncident) -> bytes:
    """The accepted contacts' invitations, one .ics per supporter, in a zip."""
    plan = plan_of_stored(inst, stored.incident, stored.contacts)
    return zip_bytes({f"{safe_filename(sid)}.ics": data for sid, data in invitations(plan, st.session_state.get(keys.LANG, "no")).items()})


def new_incident_id(occurred: dt.datetime) -> str:
    """The id of an incident registered on the page: the page takes no id (no free text), it is
    generated — the first of its minute; the store gives the next running number when that is
    taken (docs/outreach.md, «The incident id»)."""
    return generated_id(occurred)


__all__ = ["store", "retention", "effective_inputs", "instance", "rota_view", "propose", "forget_proposal", "check",
           "invitations_zip", "new_incident_id"]
