"""Hendelse (the coordinator): register a serious incident, see who can make the contacts and when,
pick among the alternatives, accept, and download the invitations (docs/outreach.md).

No field takes free text: wards, employees and professions are chosen from the files, times and
counts are numbers. Every change goes to the audit log; the ids of those involved are deleted
after the follow-up.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from app_i18n import fmt_date, lang, t, t_plain
from app_pages.common import link
from app_state import auth, incidents, widgets
from scheduler.incidents import MAX_TEAM_SIZE, Incident
from scheduler.localtime import today
from scheduler.views.outreach import plan_of_stored, stored_contacts

auth.require("incident")
st.title(t("incident_title"))
st.markdown(t("incident_intro"))
st.info(t("incident_confidential", days=incidents.retention()), icon=":material/lock:")

try:
    kept = incidents.store()
except Exception:
    st.error(t("store_unreadable"), icon=":material/error:")
    widgets.end_page()

inst = incidents.instance()
view = incidents.rota_view()
if inst is None:
    st.warning(t("incident_needs_inputs"), icon=":material/upload_file:")
    link(st, "upload", t("go_upload"), ":material/upload_file:")
elif view is None:
    st.caption(t("incident_rota_none"))
elif view.kind != "draft":
    st.caption(t("incident_rota_published", id=", ".join(str(i) for i in view.publications)))
else:
    st.caption(t("incident_rota_draft"))


def _ward_label(ward: str) -> str:
    known = inst.wards.get(ward) if inst is not None else None
    return f"{ward} – {known.name}" if known and known.name and known.name != ward else ward


def _contact_word(kind: str) -> str:
    return t(f"incident_contact_{kind}")


# --- register -------------------------------------------------------------------------------------------
if inst is not None:
    st.subheader(t("incident_new"))
    wards = sorted(inst.wards)
    people = sorted(inst.employees.values(), key=lambda e: (e.ward, e.name or e.employee_id, e.employee_id))
    professions = sorted({e.profession for e in inst.employees.values() if e.profession})
    with st.form("incident_form", clear_on_submit=True, enter_to_submit=False):
        chosen_wards = st.multiselect(t("incident_wards"), wards, key="incident_wards", format_func=_ward_label,
                                      placeholder=t("incident_choose_wards"))
        c1, c2 = st.columns(2)
        first_day = inst.slots[0].date if inst.slots else today()
        default_day = min(max(today(), first_day), inst.slots[-1].date) if inst.slots else today()
        day = c1.date_input(t("incident_date"), value=default_day, key="incident_date", format="DD.MM.YYYY")
        clock = c2.time_input(t("incident_time"), value=dt.time(12, 0), step=300, key="incident_time")
        involved = st.multiselect(t("incident_people"), [e.employee_id for e in people], key="incident_people",
                                  help=t("incident_people_help"), placeholder=t("incident_choose_people"),
                                  format_func=lambda eid: f"{inst.employees[eid].name or eid} ({eid}) – "
                                                          f"{inst.employees[eid].ward}")
        st.caption(t("incident_counts"))
        columns = st.columns(max(len(professions), 1))
        counts = {p: columns[i].number_input(widgets.plain(p), min_value=0, max_value=200, value=0, step=1, key=f"incident_count_{p}")
                  for i, p in enumerate(professions)}
        team = st.selectbox(t("incident_team"), [0, *range(1, MAX_TEAM_SIZE + 1)], key="incident_team",
                            format_func=lambda n: t("incident_team_auto") if n == 0 else str(n))
        defusing = st.checkbox(t("incident_defusing"), key="incident_defusing")
        submitted = st.form_submit_button(t("incident_register"), type="primary", icon=":material/add_alert:")
    if submitted:
        given = {p: int(n) for p, n in counts.items() if n}
        if not chosen_wards:
            st.error(t("incident_missing_ward"), icon=":material/error:")
        elif not involved and not given:
            st.error(t("incident_missing_people"), icon=":material/error:")
        else:
            occurred = dt.datetime.combine(day, clock)
            incident = Incident(incident_id=incidents.new_incident_id(occurred), wards=tuple(chosen_wards),
                                occurred=occurred, involved_ids=tuple(involved), involved_counts=given,
                                team_size=team or None, defusing=defusing)
            new_id = kept.add_incident(auth.actor(), incident,
                                       {eid: inst.employees[eid].profession or "" for eid in involved})
            st.session_state[incidents.SELECTED] = new_id
            incidents.forget_proposal()
            st.success(t("incident_registered", id=new_id), icon=":material/check_circle:")

# --- one incident ---------------------------------------------------------------------------------------
all_kept = kept.incidents()
open_ones = [i for i in all_kept if i.status != "closed"]
if not all_kept:
    st.caption(t("incident_none"))
    widgets.end_page()
st.divider()
# --- every incident, and the counts that stay -----------------------------------------------------------
with st.expander(t("incident_list")):
    st.dataframe(pd.DataFrame([{
        t("incident_choose"): i.id, t("col_when"): f"{fmt_date(i.incident.occurred.date(), year=True)} {i.incident.occurred:%H:%M}",
        t("col_wards"): ", ".join(i.incident.wards), t("col_people"): sum(i.professions.values()),
        t("col_status"): t(f"incident_status_{i.status}"),
        t("col_ids_deleted"): "✓" if i.anonymised_at else fmt_date(i.delete_ids_after, year=True)} for i in all_kept]),
        hide_index=True, width="stretch", key="incident_list_table", placeholder="")
    st.caption(t("incident_counts_title"))
    counts = kept.counts()
    st.dataframe(counts.rename(columns={"month": t("col_month"), "ward": t("col_wards"), "incidents": t("col_incidents"),
                                        "people": t("col_people"), "team_places_accepted": t("col_places_accepted")}),
                 hide_index=True, width="stretch", key="incident_counts_table", placeholder="")
ids = [i.id for i in open_ones] or [all_kept[0].id]
by_id = {i.id: i for i in all_kept}
if st.session_state.get(incidents.SELECTED) not in ids:
    st.session_state[incidents.SELECTED] = ids[0]
selected = by_id[st.selectbox(t("incident_choose"), ids, key=incidents.SELECTED)]
incident = selected.incident
st.markdown(t_plain("incident_facts", when=f"{fmt_date(incident.occurred.date(), weekday=True, year=True)} "
                                     f"{incident.occurred:%H:%M}",
              wards=", ".join(_ward_label(w) for w in incident.wards),
              people="; ".join(f"{n} {p or '–'}" for p, n in sorted(selected.professions.items())),
              status=t(f"incident_status_{selected.status}")))
st.caption(t("incident_ids_gone") if selected.anonymised_at else t("incident_ids_until",
                                                                      date=fmt_date(selected.delete_ids_after, year=True)))


def _who(sid: str) -> str:
    """A supporter as a choice or a table cell shows them (plain text there: no escapes)."""
    employee = inst.employees.get(sid) if inst is not None else None
    if employee is None:
        return sid
    return f"{employee.name or sid} ({employee.ward}{', ' + employee.profession if employee.profession else ''})"


def _group(profession: str, people: int) -> str:
    return f"{people} {profession or '–'}"


if selected.status == "accepted" or selected.status == "closed":
    st.subheader(t("incident_accepted_title"))
    rows = [{t("col_contact"): _contact_word(c.contact), t("col_group"): _group(c.profession, selected.professions.get(c.profession, 0)),
             t("col_date"): fmt_date(c.date, weekday=True) if c.date else "–", t("col_slot"): c.slot or "–",
             t("col_time"): f"{c.start[11:16]}–{c.end[11:16]}" if c.start else "–",
             t("col_supporter"): _who(c.supporter_id) if c.supporter_id else t("incident_not_planned", reason=c.reason_code)}
            for c in selected.contacts]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="incident_accepted_table", placeholder="")
    if inst is not None:
        st.download_button(t("incident_invitations"), incidents.invitations_zip(inst, selected),
                           file_name=f"invitasjoner_{selected.id}.zip", mime="application/zip", key="dl_invitations",
                           on_click="ignore", icon=":material/calendar_month:", help=t("incident_invitations_help"))
    c1, c2 = st.columns(2)
    if selected.status == "accepted" and c2.button(t("incident_close"), key="incident_close_button",
                                                   icon=":material/task_alt:"):
        kept.close(auth.actor(), selected.id)
        st.success(t("incident_closed"), icon=":material/check_circle:")
        st.rerun()
    if selected.status == "accepted" and c1.button(t("incident_replan"), key="incident_replan_button",
                                                   icon=":material/refresh:"):
        st.session_state[incidents.REPLANNING] = selected.id
    if st.session_state.get(incidents.REPLANNING) != selected.id or selected.status == "closed":
        widgets.end_page()

if inst is None:
    widgets.end_page()

st.subheader(t("incident_proposal"))
plan = incidents.propose(kept, selected, inst, view)
chosen: dict[tuple[str, str, int], str] = {}
for m in plan.members:
    need = m.need
    label = t_plain("incident_pick", contact=_contact_word(need.kind),
                    group=_group(need.group.profession, need.group.people))
    if not m.planned:
        st.warning(widgets.plain(f"{_contact_word(need.kind)}, {_group(need.group.profession, need.group.people)}")
                   + ": " + t_plain("incident_not_planned", reason=m.reason_no if lang() == "no" else m.reason_en),
                   icon=":material/warning:")
        continue
    slot = inst.slots[m.t]
    when = widgets.plain(f"{fmt_date(slot.date, weekday=True)} {slot.name} {m.start:%H:%M}–{m.end:%H:%M}")
    options = [m.supporter_id, *m.alternatives]
    pick = st.selectbox(f"{label} · {when}", options, key=f"incident_pick_{selected.id}_{need.kind}_{need.group.profession}_{m.position}",
                        format_func=_who)
    if pick != m.supporter_id:
        chosen[(need.kind, need.group.profession, m.position)] = pick

contacts = stored_contacts(plan, chosen)
checked_plan = plan_of_stored(inst, incident, contacts) if chosen else plan
report = incidents.check(kept, selected, checked_plan, view)
if not report.ok:
    st.error(t_plain("incident_check_failed", problems="; ".join(v.render(lang()) for v in report.violations[:3])),
             icon=":material/error:")
if st.button(t("incident_accept"), key="incident_accept_button", type="primary", disabled=not report.ok,
             icon=":material/check:"):
    kept.accept(auth.actor(), selected.id, contacts)
    incidents.forget_proposal()
    st.session_state.pop(incidents.REPLANNING, None)
    st.success(t("incident_accepted"), icon=":material/check_circle:")
    st.rerun()
