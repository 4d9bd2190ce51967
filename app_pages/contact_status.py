"""Kontaktstatus: a supporter sets the status of the outreach contacts they are on the team of and
enters their conversations count for a month; the coordinator does it for anyone (docs/outreach.md,
«Status and conversations, as counts»), and records how many attended each supervision meeting
(docs/supervision.md, «Attendance, as counts»). Reached by the link in an invitation (`?hendelse=<id>`).

Words from a fixed list and a number — no field takes text. A supporter sees and sets only their
own contacts (the store refuses any other: scheduler.store.outcomes); someone not linked to an
employee number sees nothing (scheduler.access, fail closed). Every change is in the audit log.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from app_i18n import fmt_date, lang, t
from app_state import auth, widgets
from app_state import history as app_history
from scheduler.access import Role
from scheduler.history.carried import RECENT_DAYS
from scheduler.incidents import CONTACT_KINDS
from scheduler.io.contact_status import (
    CONTACT_STATUSES,
    INCIDENT_PARAM,
    MAX_CONVERSATIONS,
    status_label,
)
from scheduler.localtime import today
from scheduler.store.base import default_db_path
from scheduler.store.outcomes import NotYours
from scheduler.store.supervision import MAX_ATTENDED, SupervisionStore

_WORDS = {
    "intro": ("Sett hva som ble av hver kontakt, og hvor mange samtaler du hadde i en måned. Bare status og antall "
              "lagres – aldri hva samtalen handlet om eller hvem du snakket med.",
              "Set what became of each contact, and how many conversations you had in a month. Only the status and "
              "the number are kept – never what the conversation was about or whom you talked to."),
    "all_intro": ("Som koordinator ser du alle planlagte kontakter.", "As the coordinator you see every planned contact."),
    "not_linked": ("Innloggingen din er ikke knyttet til et ansattnummer, så ingen kontakter kan vises. Be koordinatoren "
                   "legge inn ansattnummeret ditt i rollefila.",
                   "Your sign-in is not linked to an employee number, so no contacts can be shown. Ask the coordinator "
                   "to add your employee number to the role file."),
    "contacts": ("Kontakter", "Contacts"),
    "none": ("Du har ingen planlagte kontakter.", "You have no planned contacts."),
    "focus": ("Viser kontaktene for hendelse {id}.", "Showing the contacts of incident {id}."),
    "focus_none": ("Du har ingen kontakter for hendelse {id}; her er alle dine.",
                   "You have no contacts of incident {id}; here are all of yours."),
    "show_all": ("Vis alle kontaktene", "Show every contact"),
    "older": ("Vis også {n} kontakter fra før de siste 90 dagene", "Also show {n} contacts from before the last 90 days"),
    "save_status": ("Lagre status", "Save status"),
    "saved": ("Lagret: {n} endret.", "Saved: {n} changed."),
    "not_yours": ("En kontakt du ikke er med på, kan ikke endres.", "A contact you are not on cannot be changed."),
    "summary": ("Kontakter i alt: {n} – {counts}.", "Contacts in all: {n} – {counts}."),
    "conversations": ("Samtaler per måned", "Conversations per month"),
    "who": ("Kollegastøtte", "Supporter"),
    "month": ("Måned", "Month"),
    "count": ("Antall samtaler", "Number of conversations"),
    "count_help": ("Bare antallet – aldri hva de handlet om.", "The number only – never what they were about."),
    "save_count": ("Lagre antall", "Save number"),
    "count_saved": ("Lagret: {n} samtaler i {month}.", "Saved: {n} conversations in {month}."),
    "nobody": ("Ingen kollegastøtter i vaktplanen som gjelder.", "No supporters in the rota in force."),
    "kind_defusing": ("Avlastningssamtale", "Defusing"),
    "kind_first": ("Første samtale", "First talk"),
    "kind_follow_up": ("Oppfølgingssamtale", "Follow-up talk"),
    "team": ("team på {n}", "team of {n}"),
    "supervision": ("Veiledningsmøter: fremmøte", "Supervision meetings: attendance"),
    "supervision_intro": ("Hvor mange kollegastøtter som kom på veiledningsmøtet (supervision.csv gir dato og tid). Bare "
                          "antallet lagres – aldri hvem eller hva som ble sagt.",
                          "How many supporters came to the supervision meeting (supervision.csv gives date and time). "
                          "Only the number is kept – never who or what was said."),
    "meeting_date": ("Møtedato", "Meeting date"), "meeting_start": ("Start", "Start"),
    "meeting_site": ("Sted", "Site"), "all_sites": ("Alle steder", "Every site"),
    "attended": ("Antall som møtte", "Number who came"),
    "save_attended": ("Lagre fremmøte", "Save attendance"),
    "attended_saved": ("Lagret: {n} på møtet {when}.", "Saved: {n} at the meeting {when}."),
    "store_error": ("Lageret kan ikke leses nå: {error}", "The store cannot be read now: {error}"),
}


def w(key: str, **values: object) -> str:
    no, en = _WORDS[key]
    text = no if lang() == "no" else en
    return text.format(**values) if values else text


access = auth.require("contact_status")
st.title(t("page_contact_status"))
st.markdown(w("intro"))
coordinator = access.has(Role.COORDINATOR)
me = access.employee_id
if not coordinator and not me:  # fail closed: nobody's contacts without a linked employee number
    st.error(w("not_linked"), icon=":material/block:")
    widgets.end_page()
if coordinator:
    st.caption(w("all_intro"))
try:
    store = SupervisionStore(default_db_path())
    contacts = store.planned_contacts(None if coordinator else me)
except Exception as exc:  # a damaged or busy store: said, nothing shown
    st.error(w("store_error", error=widgets.plain(str(exc))[:300]), icon=":material/error:")
    widgets.end_page()

# --- contacts ---------------------------------------------------------------------------------------
st.subheader(w("contacts"))
focus = st.query_params.get(INCIDENT_PARAM, "")
if focus:
    mine = [c for c in contacts if c.incident_id == focus]
    st.caption(w("focus" if mine else "focus_none", id=widgets.plain(focus)))
    if mine:
        contacts = mine
        if st.button(w("show_all"), key="contact_status_all"):
            del st.query_params[INCIDENT_PARAM]
            st.rerun()
else:
    since = (today() - dt.timedelta(days=RECENT_DAYS)).isoformat()
    older = sum(1 for c in contacts if c.date < since)
    if older and not st.checkbox(w("older", n=older), key="contact_status_older"):
        contacts = [c for c in contacts if c.date >= since]
if not contacts:
    st.info(w("none"), icon=":material/info:")
else:
    counts = pd.Series([c.status for c in contacts]).value_counts()
    st.caption(w("summary", n=len(contacts), counts=", ".join(f"{int(counts[s])} {status_label(s, lang())}"
                                                            for s in ("", *CONTACT_STATUSES) if s in counts)))
    options = ["", *CONTACT_STATUSES]
    with st.form("contact_status_form"):
        for i, c in enumerate(contacts):
            start = dt.datetime.fromisoformat(c.start) if c.start else None
            when = f"{fmt_date(start.date(), year=True)} {start:%H:%M}" if start else c.date
            kind = w(f"kind_{c.contact}") if c.contact in CONTACT_KINDS else c.contact
            label = (f"{kind} · {when} · {widgets.plain(', '.join(c.wards))} · {widgets.plain(c.profession or '–')} × "
                     f"{c.people} · {w('team', n=len(c.team))} · {widgets.plain(c.incident_id)}")
            st.selectbox(label, options, index=options.index(c.status), key=f"contact_status_{i}",
                         format_func=lambda s: status_label(s, lang()))
        if st.form_submit_button(w("save_status"), type="primary"):
            changed, refused = 0, False
            for i, c in enumerate(contacts):
                chosen = st.session_state.get(f"contact_status_{i}", c.status)
                if chosen == c.status:
                    continue
                try:
                    changed += store.set_status(auth.actor(), c.incident_id, c.contact, c.profession, chosen,
                                                supporter_id=None if coordinator else me)
                except NotYours:
                    refused = True
            if refused:
                st.error(w("not_yours"), icon=":material/block:")
            st.success(w("saved", n=changed), icon=":material/check:")

# --- conversations per month --------------------------------------------------------------------------
st.subheader(w("conversations"))
now = today()
months = [f"{(now.year * 12 + now.month - 1 - k) // 12:04d}-{(now.year * 12 + now.month - 1 - k) % 12 + 1:02d}"
          for k in range(12)]
if coordinator:
    names = app_history.names()
    ids = sorted(set(names) | {s for c in contacts for s in c.team} | ({me} if me else set()),
                 key=lambda s: (names.get(s, s), s))
    if not ids:
        st.info(w("nobody"), icon=":material/info:")
        widgets.end_page()
with st.form("conversations_form"):
    if coordinator:
        who = st.selectbox(w("who"), ids, key="conversations_who",
                           format_func=lambda s: f"{widgets.plain(names[s])} ({s})" if names.get(s) else s)
    else:
        who = me
    month = st.selectbox(w("month"), months, key="conversations_month")
    count = st.number_input(w("count"), min_value=0, max_value=MAX_CONVERSATIONS, step=1, value=0,
                            key="conversations_count", help=w("count_help"))
    if st.form_submit_button(w("save_count"), type="primary"):
        store.set_conversations(auth.actor(), who, month, int(count))
        st.success(w("count_saved", n=int(count), month=month), icon=":material/check:")
kept = store.conversations(who)
if len(kept):
    st.dataframe(kept[["month", "conversations"]].rename(columns={"month": w("month"), "conversations": w("count")}),
                 hide_index=True, key="conversations_table", placeholder="")

# --- supervision meetings' attendance (the coordinator) -------------------------------------------------
if coordinator:
    st.subheader(w("supervision"))
    st.caption(w("supervision_intro"))
    times = [f"{m // 60:02d}:{m % 60:02d}" for m in range(6 * 60, 22 * 60 + 1, 15)]
    places = app_history.sites()
    with st.form("supervision_form"):
        day = st.date_input(w("meeting_date"), value=now, max_value=now, key="supervision_date", format="DD.MM.YYYY")
        start = st.selectbox(w("meeting_start"), times, index=times.index("08:00"), key="supervision_start")
        site = st.selectbox(w("meeting_site"), places, key="supervision_site",
                            format_func=lambda s: widgets.plain(s) if s else w("all_sites"))
        came = st.number_input(w("attended"), min_value=0, max_value=MAX_ATTENDED, step=1, value=0,
                               key="supervision_attended", help=w("count_help"))
        if st.form_submit_button(w("save_attended"), type="primary"):
            store.set_attendance(auth.actor(), day.isoformat(), start, site, int(came))
            st.success(w("attended_saved", n=int(came), when=f"{fmt_date(day, year=True)} {start}"),
                       icon=":material/check:")
    recorded = store.attendance()
    if len(recorded):
        st.dataframe(recorded.rename(columns={"date": w("meeting_date"), "start": w("meeting_start"),
                                              "site": w("meeting_site"), "attended": w("attended")}),
                     hide_index=True, key="supervision_table", placeholder="")
