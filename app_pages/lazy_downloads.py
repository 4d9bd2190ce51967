"""Downloads built when asked for: each download button gets a function, not bytes.

Streamlit runs the function only when the button is clicked (a *deferred* download; the button shows
that it is working until the file comes), so a page with a workbook, every calendar and every notice
of a trust-year opens at once instead of building them all first (issue 25: 12–14 s on every visit).

The function runs outside the page's script: it may not read the session or call ``st.*``. So
everything it needs — the language, the server's public address and fallback number, the tables —
is read here, when the page draws, and handed to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from app_state import auth
from app_state.views import View
from scheduler.report.calendars import supporter_calendar, supporter_calendars
from scheduler.report.call_now import call_page_url
from scheduler.report.notices import ward_notice_html
from scheduler.report.workbook import workbook_bytes
from scheduler.views.downloads import csv_bytes, excel_csv_bytes, readable_table, zip_bytes

__all__ = ["notice_maker", "workbook_maker", "calendar_maker", "calendars_zip_maker", "notices_zip_maker",
           "excel_csv_maker", "csv_maker"]


def notice_maker(view: View) -> Callable[[str, str], str]:
    """`make(ward, lang)` → the ward's printable notice, as View.notice makes it, without the session."""
    base, fallback = auth.public_url(), auth.fallback_phone()
    instance, rota, phones, on_call = view.instance, view.rota, view.phones, view.on_call

    def make(ward: str, lang: str) -> str:
        return ward_notice_html(instance, rota, ward, lang, phones=phones,
                                qr_url=call_page_url(base, ward) if base else "", fallback_phone=fallback,
                                on_call=on_call)

    return make


def notices_zip_maker(view: View, wards: list[str], lang: str, name: Callable[[str], str]) -> Callable[[], bytes]:
    make = notice_maker(view)
    return lambda: zip_bytes({name(w): make(w, lang) for w in wards})


def workbook_maker(view: View, lang: str | None = None) -> Callable[[], bytes]:
    """rota.xlsx in the reader's language (sheet names, headers, coded words), made when clicked."""
    tables = {k: view.tables[k] for k in ("assignments", "duties", "burden", "coverage")}
    return lambda: workbook_bytes(tables, lang)


def calendar_maker(view: View, supporter_id: str) -> Callable[[], bytes]:
    """One supporter's calendar: duties, on-call slots (docs/domain.md) and the supervision meetings
    their own shift covers (docs/supervision.md) — as `scheduler solve` writes it."""
    instance, rota, on_call, meetings = view.instance, view.rota, view.on_call, view.meetings
    return lambda: supporter_calendar(instance, rota, supporter_id, on_call, meetings=meetings)


def calendars_zip_maker(view: View, supporters: list[str], name: Callable[[str], str]) -> Callable[[], bytes]:
    """Every calendar from one split of the rota (supporter_calendars, as `scheduler solve` writes them:
    duties, supervision meetings, on-call slots); someone asked for with nothing in it gets their
    empty calendar."""
    instance, rota, on_call, meetings = view.instance, view.rota, view.on_call, view.meetings

    def make() -> bytes:
        made = supporter_calendars(instance, rota, meetings, on_call=on_call)
        return zip_bytes({name(s): made.get(s) or supporter_calendar(instance, rota, s, on_call, meetings=meetings)
                          for s in supporters})

    return make


def excel_csv_maker(frame: pd.DataFrame, headers: Mapping[str, str], words: Mapping[str, str],
                    day_first: bool) -> Callable[[], bytes]:
    """The table for people (their language's headers and words), as CSV for Norwegian Excel."""
    headers, words = dict(headers), dict(words)
    return lambda: excel_csv_bytes(readable_table(frame, headers, words, day_first=day_first))


def csv_maker(frame: pd.DataFrame) -> Callable[[], bytes]:
    return lambda: csv_bytes(frame)
