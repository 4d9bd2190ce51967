"""Streamlit entry point: only the router (st.navigation), the language toggle and the store path.

Run with `streamlit run app.py`. Pages live in app_pages/, shared state in app_state.py and every
text in app_i18n.py; the work itself is done by the scheduler package.
"""

import os

import streamlit as st

import app_state as state
from app_i18n import LANGUAGES, t

st.set_page_config(page_title="Kollegastøtte – vaktplan", page_icon="🤝", layout="wide")

if state.LANG not in st.session_state:
    st.session_state[state.LANG] = "no"
if state.STORE_PATH not in st.session_state:
    st.session_state[state.STORE_PATH] = os.environ.get(state.DB_ENV) or state.DEFAULT_DB_PATH

# `make run` starts on the bundled sample data: a new session gets it loaded, ready to plan.
if os.environ.get("KOLLEGASTOTTE_SAMPLE") == "1" and "sample_loaded_once" not in st.session_state:
    st.session_state["sample_loaded_once"] = True
    if not state.has_inputs():
        state.load_sample()

# A finished worker hands its plan to the session before any page draws.
state.collect_finished_job()

with st.sidebar:
    st.radio("Språk / Language", options=list(LANGUAGES), format_func=LANGUAGES.get, key=state.LANG,
             horizontal=True)

pages = [
    st.Page("app_pages/upload.py", title=t("page_upload"), icon="📂", url_path="last-opp", default=True),
    st.Page("app_pages/rules.py", title=t("page_rules"), icon="📏", url_path="regler"),
    st.Page("app_pages/plan.py", title=t("page_plan"), icon="🧮", url_path="planlegg"),
    st.Page("app_pages/coverage.py", title=t("page_coverage"), icon="🏥", url_path="dekning"),
    st.Page("app_pages/burden.py", title=t("page_burden"), icon="⚖️", url_path="belastning"),
    st.Page("app_pages/export.py", title=t("page_export"), icon="⬇️", url_path="eksport"),
    st.Page("app_pages/publish.py", title=t("page_publish"), icon="📌", url_path="publiser"),
]
page = st.navigation({t("nav_section"): pages})

with st.sidebar:
    st.divider()
    options = state.view_options()
    if state.VIEW_PENDING in st.session_state:
        st.session_state[state.VIEW] = st.session_state.pop(state.VIEW_PENDING)
    if st.session_state.get(state.VIEW) not in options:
        st.session_state.pop(state.VIEW, None)
    if options:
        names = {o: t("view_draft") if o == "draft" else t("view_published", id=o.split(":", 1)[1]) for o in options}
        state.localized_selectbox(st, t("view_source"), options, state.VIEW, names.get, help=t("view_source_help"))
    else:
        st.caption(t("no_rota_yet"))
    current = state.job()
    if current is not None and current.running:
        st.info(t("sidebar_solving"), icon="⏳")
    with st.expander(t("settings")):
        st.text_input(t("store_path"), key=state.STORE_PATH, help=t("store_path_help"))

page.run()
