"""Streamlit entry point: only the router (st.navigation), sign-in, the language toggle and the rota shown.

Run with `streamlit run app.py`. Pages live in app_pages/, shared state in app_state/ and every
text in app_i18n.py; the work itself is done by the scheduler package. Who may see which page is
decided by the person's role (app_state/auth.py, scheduler/access.py, docs/access.md): a page a
role may not see is not in its menu, and refuses if reached anyway. Without sign-in configured
the app runs as one local user with every right and says so on every page — on loopback only; a
sign-in set up wrongly stops the app with the configuration error page (app_pages/setup_error.py).

The session's work is kept as a draft in the store (app_state/drafts.py) and found again from the
page address after a reload or a restart. Where the store and the role file live are the
server's settings (KOLLEGASTOTTE_DB, KOLLEGASTOTTE_ROLES), not the page's.
"""

import logging
import os

import streamlit as st

from app_i18n import LANGUAGES, t, t_plain
from app_state import auth, drafts, jobs, keys, return_link, views, widgets
from scheduler.report.call_now import WARD_PARAM
from scheduler.signin_setup import Mode

log = logging.getLogger("app")
st.set_page_config(page_title="Kollegastøtte – vaktplan", page_icon="🤝", layout="wide")

PAGES = {  # name: (file, title, icon, address)
    "upload": ("app_pages/upload.py", "page_upload", ":material/upload_file:", "last-opp"),
    "rules": ("app_pages/rules.py", "page_rules", ":material/rule:", "regler"),
    "plan": ("app_pages/plan.py", "page_plan", ":material/edit_calendar:", "planlegg"),
    "coverage": ("app_pages/coverage.py", "page_coverage", ":material/local_hospital:", "dekning"),
    "burden": ("app_pages/burden.py", "page_burden", ":material/balance:", "belastning"),
    "export": ("app_pages/export.py", "page_export", ":material/download:", "eksport"),
    "publish": ("app_pages/publish.py", "page_publish", ":material/push_pin:", "publiser"),
    "who": ("app_pages/who.py", "page_who", ":material/call:", "hvem-ringer"),
    "audit": ("app_pages/audit.py", "page_audit", ":material/history:", "logg"),
    "followup": ("app_pages/followup.py", "page_followup", ":material/monitor_heart:", "oppfolging"),
    "supporter": ("app_pages/supporter.py", "page_supporter", ":material/person_search:", "kollegastotte"),
    "report": ("app_pages/report.py", "page_report", ":material/summarize:", "rapport"),
    "incident": ("app_pages/incident.py", "page_incident", ":material/emergency:", "hendelse"),
    "contact_status": ("app_pages/contact_status.py", "page_contact_status", ":material/fact_check:", "kontaktstatus"),
    "whatif": ("app_pages/whatif.py", "page_whatif", ":material/school:", "hvor-lare-opp"),
}
SIGNIN_ADDRESS = "logg-inn"
START_ADDRESS = "start"  # the start page's own name; it is served at `/`

jobs.memory_watcher()  # gives a closed session's memory back (issue 25, item 7)
setup = auth.signin_setup()
if setup.mode is Mode.REFUSED:
    # Sign-in is set up wrongly (or missing on a server others can reach): the configuration error
    # page at every address, and nothing else — never the local user with every right.
    from app_pages.setup_error import show as show_setup_error

    auth.log_refusal(setup)
    st.navigation([st.Page(show_setup_error, title=t("setup_page"), url_path="oppsett", default=True),
                   *[st.Page(show_setup_error, title=t("setup_page"), url_path=url, visibility="hidden")
                     for url in (SIGNIN_ADDRESS, *(page[3] for page in PAGES.values()))]], position="hidden").run()
    st.stop()

if keys.LANG not in st.session_state:
    st.session_state[keys.LANG] = "no"

with st.sidebar:
    st.radio("Språk / Language", options=list(LANGUAGES), format_func=LANGUAGES.get, key=keys.LANG,
             horizontal=True)

def _refused() -> None:
    """A page this person's role does not give them, reached by its address: said, nothing shown."""
    st.error(t("forbidden"), icon=":material/block:")


access = auth.current()
if access is None or not access.pages():
    # Sign-in is configured and nobody is signed in (or the person has no role): the sign-in page,
    # also at every other page's address, so a link (a QR code) keeps its address through sign-in.
    from app_pages.signin import show as show_signin

    shown = st.navigation([st.Page("app_pages/signin.py", title=t("page_signin"), icon=":material/login:",
                                   url_path=SIGNIN_ADDRESS, default=True),
                           *[st.Page(show_signin, title=t(title), url_path=url, visibility="hidden")
                             for _, title, _, url in PAGES.values()]], position="hidden")
    if access is None and shown.url_path not in ("", SIGNIN_ADDRESS):
        return_link.remember(shown.url_path, st.query_params.get(WARD_PARAM))
    shown.run()
    st.stop()

planner = access.sees_drafts
if planner:
    # A reload, a restart or the same link in another tab: take back the draft named in the address.
    drafts.restore()
    drafts.keep_in_address()
    # A finished worker hands its plan to the session before any page draws.
    jobs.collect_finished()

landing = access.landing_page()
pages = [st.Page(path, title=t(title), icon=icon, url_path=url)
         if access.may_see_page(name) else st.Page(_refused, title=t(title), url_path=url, visibility="hidden")
         for name, (path, title, icon, url) in PAGES.items()]
# The start (`/`) shows the role's first page, which also keeps its own address: a page registered
# as the default is served at `/` only, so `/hvem-ringer?post=…` (the QR code) or `/dekning` would
# be "not found" for the role that starts there. Registered last, so a page's file names its own address.
start_path, start_title, start_icon, _ = PAGES[landing]
start = st.Page(start_path, title=t(start_title), icon=start_icon, url_path=START_ADDRESS, default=True,
                visibility="hidden")
page = st.navigation({t("nav_section"): [*pages, start]}, expanded=True)  # every page in view, however many a role has
on_call_page = page.url_path == PAGES["who"][3] or (page is start and landing == "who")
if planner and not on_call_page and os.environ.get("KOLLEGASTOTTE_SAMPLE") == "1" \
        and keys.SAMPLE_LOADED not in st.session_state:
    # `make run` starts on the bundled sample data: a new session gets it loaded, ready to plan — not
    # on the call page, where it is not used. Loading it is not the person's work: no draft for it.
    st.session_state[keys.SAMPLE_LOADED] = True
    from app_state import uploads

    if not uploads.has_inputs():
        uploads.load_sample()
        drafts.mark_baseline()

with st.sidebar:
    st.divider()
    if (planner or "coverage" in access.pages()) and not on_call_page:  # the call page shows the rota in force
        options = views.view_options()
        if keys.VIEW_PENDING in st.session_state:
            st.session_state[keys.VIEW] = st.session_state.pop(keys.VIEW_PENDING)
        if st.session_state.get(keys.VIEW) not in options:
            st.session_state.pop(keys.VIEW, None)
        if options:
            names = {o: t("view_draft") if o == "draft" else t("view_in_force") if o == "in_force"
                     else t("view_published", id=o.split(":", 1)[1]) for o in options}
            widgets.localized_selectbox(st, t("view_source"), options, keys.VIEW, names.get, help=t("view_source_help"))
        else:
            st.caption(t("no_rota_yet") if planner else t("no_publication_yet"))
    if planner:
        current = jobs.current()
        if current is not None and current.running:
            st.info(t("sidebar_waiting") if current.waiting else t("sidebar_solving"), icon=":material/hourglass_top:")
    if access.signed_in:
        st.caption(t_plain("signed_in_as", who=access.name or access.user, roles=auth.role_names(access)))
        if st.button(t("sign_out"), key="sign_out", icon=":material/logout:"):
            st.logout()

if access.local:
    st.info(t("local_user_banner"), icon=":material/person:")
if planner and st.session_state.get(keys.DRAFT_READ_ONLY):
    st.info(t("draft_read_only", owner=widgets.plain(st.session_state[keys.DRAFT_READ_ONLY])), icon=":material/visibility:")
if planner and st.session_state.pop(keys.DRAFT_REFUSED, False):
    st.warning(t("draft_refused"), icon=":material/block:")

conflict_shown = planner and drafts.conflict()
if conflict_shown:  # another tab saved this draft since this one read it: say so, save nothing over it
    with st.container(key="draft_conflict"):
        st.warning(t("draft_conflict"), icon=":material/sync_problem:")
        take, keep = st.columns(2)
        take.button(t("draft_take_kept"), key="draft_take_kept", on_click=drafts.take_kept, type="primary")
        keep.button(t("draft_keep_as_new"), key="draft_keep_as_new", on_click=drafts.keep_as_new)
widgets.close_menu_after_page_change(page.url_path)
kept = return_link.take()  # the page (and ward) a link opened before sign-in
if kept is not None and page is start:
    addresses = {url: i for i, (_, _, _, url) in enumerate(PAGES.values())}
    if kept[0] in addresses and access.may_see_page(list(PAGES)[addresses[kept[0]]]):
        st.switch_page(pages[addresses[kept[0]]], query_params={WARD_PARAM: kept[1]} if kept[1] else None)
if page is start and landing != "who":
    # Whoever opens the app, the call page is one tap away: a big button at the top of the start.
    widgets.call_now_button(pages[list(PAGES).index("who")])

try:
    page.run()
except widgets.PageDone:
    pass  # a page that ended early on purpose; its work is saved below
except Exception:  # a bug: said plainly here, the details go to the server log (never a traceback)
    log.exception("the page %s failed", page.url_path)
    st.error(t("page_failed"), icon=":material/error:")
finally:  # also after st.stop() or st.rerun() in a page
    if planner:
        drafts.save_if_changed()
        if drafts.conflict() and not conflict_shown:
            st.rerun()  # the warning goes at the top, where it is seen
