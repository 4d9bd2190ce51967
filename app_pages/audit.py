"""Logg (the coordinator): the audit log — who published, withdrew, changed an incident or got
another role, and when; never content — and the role file as the server reads it."""

import pandas as pd
import streamlit as st

from app_i18n import has_text, lang, t, t_plain
from app_state import auth, views, widgets
from scheduler.localtime import shown
from scheduler.store.retention import draft_days, incident_retention_days, last_late_purge


def roles_in_words(detail: str) -> str:
    """A role change as the log keeps it (`coordinator; manager:N-MED1 → employee`) in the page's
    words: «koordinator; leder (N-MED1) → ansatt»."""
    def grant(text: str) -> str:
        role, _, wards = text.strip().partition(":")
        word = t(f"role_{role}") if has_text(f"role_{role}") else role
        return f"{word} ({wards.replace(',', ', ')})" if wards else word

    return " → ".join("; ".join(grant(g) for g in side.split(";")) if side.strip() not in ("", "–") else side.strip()
                      for side in detail.split("→"))


auth.require("audit")
st.title(t("audit_title"))
st.markdown(t("audit_intro"))

try:
    rows = views.store().audit_log(limit=2000)
except Exception:
    st.error(t("store_unreadable"), icon=":material/error:")
    widgets.end_page()
if not rows:
    st.caption(t("audit_empty"))
else:
    st.dataframe(pd.DataFrame([{
        t("col_when"): shown(r.at, lang()),
        t("col_who"): r.actor if r.actor not in ("server", "lokal") else t(f"actor_{r.actor}"),
        t("col_what"): t(f"audit_{r.action}") if has_text(f"audit_{r.action}") else r.action,
        t("col_object"): f"{t('object_' + r.object_kind) if has_text('object_' + r.object_kind) else r.object_kind} "
                         f"{r.object_id}",
        t("col_detail"): roles_in_words(r.detail) if r.action == "role_change" else r.detail,
    } for r in rows]), hide_index=True, width="stretch", key="audit_table", placeholder="")

st.subheader(t("retention_title"))
st.caption(t("retention_text", days=incident_retention_days(), draft_days=draft_days()))
late = last_late_purge(views.store())
if late:
    st.warning(t("retention_late", when=shown(str(late.get("at", "")), lang()), n=late.get("incidents", 0),
                 days=late.get("days", 0)), icon=":material/schedule:")

st.subheader(t("roles_title"))
roles = auth.role_file()
if not auth.configured():
    st.caption(t("roles_not_used"))
st.markdown(t_plain("roles_where", path=roles.path or str(auth.roles_path())))
if not roles.found:
    st.caption(t("roles_missing"))
for message in roles.messages:
    st.warning(widgets.plain(message.render(lang())), icon=":material/warning:")
grants = []
for kind, table in ((t("roles_by_subject"), roles.subjects), (t("roles_by_email"), roles.users),
                    (t("roles_by_group"), roles.groups)):
    for who, listed in table.items():
        for grant in listed:
            grants.append({t("col_who"): f"{kind}: {who}", t("col_role"): t(f"role_{grant.role.value}"),
                           t("col_wards"): ", ".join(sorted(grant.wards)) if grant.wards is not None else t("all_wards")})
if grants:
    st.dataframe(pd.DataFrame(grants), hide_index=True, width="stretch", key="roles_table", placeholder="")
default = t(f"role_{roles.default_role.value}") if roles.default_role is not None else t("role_none")
st.caption(t_plain("roles_default", role=default, claim=roles.groups_claim))
