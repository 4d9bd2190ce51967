"""Streamlit entry point: only the router (st.navigation), the language toggle and the rota shown.

Run with `streamlit run app.py`. Pages live in app_pages/, shared state in app_state/ and every
text in app_i18n.py; the work itself is done by the scheduler package. The session's work is
kept as a draft in the store (app_state/drafts.py) and found again from the page address after
a reload or a restart. Where the store lives is the server's setting (the KOLLEGASTOTTE_DB
environment variable), not the page's.
"""

import logging
import os

import streamlit as st

from app_i18n import LANGUAGES, t
from app_state import drafts, jobs, keys, uploads, views, widgets

log = logging.getLogger("app")
st.set_page_config(page_title="Kollegastøtte – vaktplan", page_icon="🤝", layout="wide")

if keys.LANG not in st.session_state:
    st.session_state[keys.LANG] = "no"

# A reload, a restart or the same link in another tab: take back the draft named in the address.
drafts.restore()
drafts.keep_in_address()

# `make run` starts on the bundled sample data: a new session gets it loaded, ready to plan.
if os.environ.get("KOLLEGASTOTTE_SAMPLE") == "1" and "sample_loaded_once" not in st.session_state:
    st.session_state["sample_loaded_once"] = True
    if not uploads.has_inputs():
        uploads.load_sample()

# A finished worker hands its plan to the session before any page draws.
jobs.collect_finished()

with st.sidebar:
    st.radio("Språk / Language", options=list(LANGUAGES), format_func=LANGUAGES.get, key=keys.LANG,
             horizontal=True)

pages = [
    st.Page("app_pages/upload.py", title=t("page_upload"), icon=":material/upload_file:", url_path="last-opp", default=True),
    st.Page("app_pages/rules.py", title=t("page_rules"), icon=":material/rule:", url_path="regler"),
    st.Page("app_pages/plan.py", title=t("page_plan"), icon=":material/edit_calendar:", url_path="planlegg"),
    st.Page("app_pages/coverage.py", title=t("page_coverage"), icon=":material/local_hospital:", url_path="dekning"),
    st.Page("app_pages/burden.py", title=t("page_burden"), icon=":material/balance:", url_path="belastning"),
    st.Page("app_pages/export.py", title=t("page_export"), icon=":material/download:", url_path="eksport"),
    st.Page("app_pages/publish.py", title=t("page_publish"), icon=":material/push_pin:", url_path="publiser"),
]
page = st.navigation({t("nav_section"): pages})

with st.sidebar:
    st.divider()
    options = views.view_options()
    if keys.VIEW_PENDING in st.session_state:
        st.session_state[keys.VIEW] = st.session_state.pop(keys.VIEW_PENDING)
    if st.session_state.get(keys.VIEW) not in options:
        st.session_state.pop(keys.VIEW, None)
    if options:
        names = {o: t("view_draft") if o == "draft" else t("view_published", id=o.split(":", 1)[1]) for o in options}
        widgets.localized_selectbox(st, t("view_source"), options, keys.VIEW, names.get, help=t("view_source_help"))
    else:
        st.caption(t("no_rota_yet"))
    current = jobs.current()
    if current is not None and current.running:
        st.info(t("sidebar_waiting") if current.waiting else t("sidebar_solving"), icon=":material/hourglass_top:")

try:
    page.run()
except Exception:  # a bug: said plainly here, the details go to the server log (never a traceback)
    log.exception("the page %s failed", page.url_path)
    st.error(t("page_failed"), icon=":material/error:")
finally:  # also after st.stop() or st.rerun() in a page
    drafts.save_if_changed()
