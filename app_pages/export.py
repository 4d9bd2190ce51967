"""Export: the rota's tables (canonical CSV, and CSV for Norwegian Excel), one workbook, calendars
per supporter and the ward notices — each built when its button is clicked (app_pages/lazy_downloads.py),
never all of them before anything is clicked (issue 25: 12–14 s on every visit at a trust-year)."""

import streamlit as st

from app_i18n import has_text, lang, t
from app_pages.common import stale_warning, view_or_stop
from app_pages.lazy_downloads import (
    calendar_maker,
    calendars_zip_maker,
    csv_maker,
    excel_csv_maker,
    notice_maker,
    notices_zip_maker,
    workbook_maker,
)
from app_state import auth
from scheduler.io.outputs import safe_filename


def for_people(frame):
    """A table in the page's language — headers, coded words and dates (scheduler/views/downloads.py) —
    as CSV for Norwegian Excel, made when the button is clicked."""
    headers = {c: t(f"xcol_{c}") for c in frame.columns if has_text(f"xcol_{c}")}
    words = {w: t(f"xword_{w}") for w in ("primary", "backup", "True", "False")}
    return excel_csv_maker(frame, headers, words, day_first=lang() == "no")


access = auth.require("export")
st.title(t("export_title"))
st.markdown(t("export_intro"))

view = view_or_stop()
stale_warning(view)
tag = {"draft": "utkast", "in_force": "gjeldende"}.get(view.kind, f"publisert-{view.publication_id}")

if access.all_wards:  # the whole-rota tables and calendars hold every ward: for those who have them all
    st.subheader(t("export_tables"))
    st.caption(t("export_tables_help"))
    for name in ("assignments", "duties", "burden", "coverage"):
        c1, c2, c3 = st.columns([2, 2, 3], vertical_alignment="center")
        # For people: their language's headers and words, dates as they write them; the canonical
        # CSV beside it stays as docs/outputs.md says, for other programs.
        c1.download_button(t("download_excel_csv", name=t(f"table_name_{name}")),
                           for_people(view.tables[name]),
                           file_name=f"{t(f'table_file_{name}')}_excel.csv", mime="text/csv", key=f"dl_{name}_excel",
                           on_click="ignore", icon=":material/table_view:")
        c2.download_button(t("download_plain_csv", file=f"{name}.csv"), csv_maker(view.tables[name]),
                           file_name=f"{name}.csv", mime="text/csv", key=f"dl_{name}", on_click="ignore",
                           icon=":material/description:")
        c3.caption(t("table_" + name))
    if view.on_call is not None:  # who is on call from home, when planned (docs/domain.md)
        c1, c2, c3 = st.columns([2, 2, 3], vertical_alignment="center")
        c2.download_button(t("download_plain_csv", file="on_call.csv"), csv_maker(view.on_call), file_name="on_call.csv",
                           mime="text/csv", key="dl_on_call", on_click="ignore", icon=":material/description:")
        c3.caption(t("table_on_call"))
    st.download_button(t("download_workbook"), workbook_maker(view, lang()), file_name=f"kollegastotte_{tag}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_workbook",
                       on_click="ignore", icon=":material/table_view:")

    st.subheader(t("export_calendars"))
    st.caption(t("export_calendars_help"))
    on_duty = view.on_duty()
    if on_duty:
        names = {e: emp.name or e for e, emp in view.instance.employees.items()}
        c1, c2, c3 = st.columns([2, 1, 1])
        who = c1.selectbox(t("choose_supporter"), on_duty, key="ics_supporter",
                           format_func=lambda s: f"{names.get(s, s)} ({s})")
        c2.download_button(t("download_ics"), calendar_maker(view, who), file_name=f"kollegastotte_{safe_filename(who)}.ics",
                           mime="text/calendar", key="dl_ics", on_click="ignore", icon=":material/calendar_month:")
        c3.download_button(t("download_ics_zip"),
                           calendars_zip_maker(view, on_duty, lambda s: f"{safe_filename(s)}.ics"),
                           file_name=f"kalendere_{tag}.zip", mime="application/zip", key="dl_ics_zip",
                           on_click="ignore", icon=":material/folder_zip:")
    else:
        st.caption(t("no_duties"))
else:
    st.caption(t("export_only_notices"))

st.subheader(t("export_notices"))
wards = [w for w in view.wards() if access.sees(w)]
if wards:
    ward_names = {w: view.instance.wards[w].name if w in view.instance.wards else w for w in wards}
    c1, c2, c3 = st.columns([2, 1, 1])
    language, make_notice = lang(), notice_maker(view)
    ward = c1.selectbox(t("notice_ward"), wards, key="notice_ward",
                        format_func=lambda w: f"{w} – {ward_names[w]}" if ward_names[w] and ward_names[w] != w else w)
    c2.download_button(t("download_notice"), lambda: make_notice(ward, language).encode("utf-8"),
                       file_name=f"oppslag_{safe_filename(ward)}.html", mime="text/html", key="dl_notice",
                       on_click="ignore", icon=":material/print:")
    c3.download_button(t("download_notices_zip"),
                       notices_zip_maker(view, wards, language, lambda w: f"oppslag_{safe_filename(w)}.html"),
                       file_name=f"oppslag_{tag}.zip", mime="application/zip", key="dl_notices_zip", on_click="ignore",
                       icon=":material/folder_zip:")
