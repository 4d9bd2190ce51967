"""The burden page's part about outreach contacts: each accepted contact is a duty and counts in the load."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_i18n import fmt_num, t
from app_state import incidents, views
from scheduler.views.outreach import contact_load


def contact_load_section(view: views.View) -> None:
    """Accepted contacts per supporter, their hours, and the load ratio with them counted."""
    st.subheader(t("incident_contacts_title"))
    st.caption(t("incident_contacts_help"))
    try:
        contacts = incidents.store().accepted_contacts()
    except Exception:
        st.error(t("store_unreadable"), icon=":material/error:")
        return
    if not contacts:
        st.caption(t("incident_no_contacts"))
        return
    load = contact_load(view.burden, contacts)
    load = load[load["contacts"] > 0]
    st.dataframe(pd.DataFrame({
        t("col_name"): load["name"].fillna("").astype(str).where(load["name"].fillna("") != "", load["supporter_id"]),
        t("col_contacts"): load["contacts"], t("col_contact_hours"): [fmt_num(x) for x in load["contact_hours"]],
        t("col_hours"): [fmt_num(float(x)) for x in load["hours"]],
        t("col_load_with_contacts"): [t("times_share", x=fmt_num(r)) if r is not None and r == r else "–"
                                      for r in load["load_ratio_with_contacts"]],
    }), hide_index=True, width="stretch", key="burden_contacts_table", placeholder="")
