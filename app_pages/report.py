"""Rapport til ledelsen (the coordinator): per quarter and for the year, counts only — shown here,
and downloaded for printing (HTML, PDF) and as Excel (docs/history.md, «Leadership report»)."""

import dataclasses
import datetime as dt

import streamlit as st

from app_i18n import lang, t
from app_state import auth, views, widgets
from app_state import history as app_history
from scheduler.localtime import now_iso, shown, today
from scheduler.report.leadership_html import report_html, report_pdf
from scheduler.report.leadership_xlsx import report_workbook
from scheduler.views.report_period import report_year, report_years

#: The system libraries WeasyPrint opens when it is imported (weasyprint/text/ffi.py).
PDF_LIBRARIES = ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0")


@st.cache_resource(show_spinner=False)
def pdf_possible() -> bool:
    """WeasyPrint and the system libraries it opens (Pango) are here: the PDF can be offered (asked
    once per server). Looked up, not imported: importing WeasyPrint took 3.8 s on a server's first
    visit at a trust-year; it is imported when the PDF button is clicked (report_pdf)."""
    import ctypes.util
    import importlib.util

    if importlib.util.find_spec("weasyprint") is None:
        return False
    return all(ctypes.util.find_library(name) for name in PDF_LIBRARIES)


auth.require("report")
st.title(t("report_title"))
st.markdown(t("report_intro"))

# The report opens on the rota's own year: the one holding most of the rota in force (a rota of
# 04.01.2027–02.01.2028 is 2027's, not 2028's «2 av 366 dager»).
try:
    in_force_dates = views.store().in_force().dates()
except Exception:  # an unreadable store: the publish page says why; the report opens on this year
    in_force_dates = set()
years = report_years(in_force_dates, today())
if st.session_state.get("report_year") not in years:
    st.session_state["report_year"] = report_year(in_force_dates, today())
c1, c2, c3 = st.columns([1, 1, 2], vertical_alignment="bottom")
year = c1.selectbox(t("report_year"), years, key="report_year")
spans = ["year", "q1", "q2", "q3", "q4"]
span = widgets.localized_selectbox(c2, t("report_span"), spans, "report_span",
                                   lambda s: t("report_whole_year") if s == "year" else t("report_quarter_n", n=s[1]))
names = c3.checkbox(t("report_names"), key="report_names", help=t("report_names_help"))
if span == "year":
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
else:
    q = int(span[1])
    first = dt.date(year, 3 * q - 2, 1)
    last = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)) - dt.timedelta(days=1)

report = app_history.report(first, last)
# Outcomes per quarter and site (statuses and conversations change without a publication: their
# counts are read each time, the outcomes made again when they or the publications changed).
try:
    outcomes = app_history.outcomes(first, last)
except Exception:  # an unreadable store: the report without its outcomes (the publish page says why)
    outcomes = None
report = dataclasses.replace(report, outcomes=outcomes)
if not report.publications:
    st.info(t("report_empty"), icon=":material/info:")
made = shown(now_iso(), lang())
page = report_html(report, lang(), names=names, made=made)
tag = f"{year}" if span == "year" else f"{year}-{span.upper()}"
d1, d2, d3 = st.columns(3)
d1.download_button(t("report_download_html"), page.encode("utf-8"), file_name=f"rapport_{tag}.html", mime="text/html",
                   key="dl_report_html", on_click="ignore", icon=":material/print:")
# The workbook and the PDF are made when their button is clicked (a PDF of a trust-year takes
# seconds): everything they need is read here, as the function runs outside the page's script.
language = lang()
d2.download_button(t("report_download_xlsx"), lambda: report_workbook(report, language, names),
                   file_name=f"rapport_{tag}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_report_xlsx",
                   on_click="ignore", icon=":material/table_view:")
if pdf_possible():
    printable = report_html(report, language, names=names)
    d3.download_button(t("report_download_pdf"), lambda: report_pdf(printable), file_name=f"rapport_{tag}.pdf",
                       mime="application/pdf", key="dl_report_pdf", on_click="ignore", icon=":material/picture_as_pdf:")
else:
    d3.caption(t("report_no_pdf"))
# The report is this program's own HTML (every name and number escaped; no script), shown as it prints.
st.iframe(page, height=1400)
