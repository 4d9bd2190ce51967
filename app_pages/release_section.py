"""The release list on the coverage page (issue 19): which of the ward's own staff are on support
duty when — they may be called away from the ward in those hours — so the manager plans with it.

A ward manager sees their own wards' staff only (scheduler/access.py, as everywhere in the app);
the coordinator and rostering staff of every ward see all. The rows are release.csv's
(scheduler/views/release.py), with a download for Excel in the page's language.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_i18n import fmt_date, lang, plural, t
from app_state.views import View
from scheduler.access import Access
from scheduler.io.outputs import safe_filename
from scheduler.io.table_words import header
from scheduler.views.downloads import excel_csv_bytes
from scheduler.views.release import release_rows

__all__ = ["show_release", "TABLE_ROWS"]

#: More rows than this for all wards (a trust-year: tens of thousands): the table waits for a ward to
#: be picked; the download (made when clicked) still has them all.
TABLE_ROWS = 400


def _for_excel(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The rows as a person opens them: dates as they write them, headers in their language."""
    out = rows.copy()
    day_first = language == "no"
    out["date"] = [_date_text(d, day_first) for d in out["date"]]
    return out.rename(columns={c: header(c, language) for c in out.columns})


def _date_text(iso: str, day_first: bool) -> str:
    text = str(iso)[:10]
    return f"{text[8:10]}.{text[5:7]}.{text[:4]}" if day_first and len(text) == 10 else text


def show_release(view: View, access: Access, ward: str) -> None:
    """The section: for `ward`'s staff when one is chosen, else for every home ward the reader sees."""
    st.subheader(t("release_title"))
    st.caption(t("release_help"))
    rows = release_rows(view.duties, None if access.all_wards else access.sees, ward)
    if rows.empty:
        st.info(t("release_none"), icon=":material/info:")
        return
    st.caption(plural(len(rows), "release_count_one", "release_count_many"))
    language = lang()
    # the file is made when the button is clicked (issue 25); the function may not touch the session
    st.download_button(t("download_release"), lambda: excel_csv_bytes(_for_excel(rows, language)), key="dl_release",
                       on_click="ignore", mime="text/csv", icon=":material/download:",
                       file_name=f"{t('release_file')}_{safe_filename(ward) if ward else t('release_file_all')}.csv")
    if not ward and len(rows) > TABLE_ROWS:
        st.caption(t("release_pick_ward"))
        return
    shown = pd.DataFrame({
        t("col_date"): [fmt_date(d, weekday=True) for d in rows["date"]],
        t("col_slot"): rows["slot"].astype(str),
        t("col_time"): rows["start"].astype(str) + "–" + rows["end"].astype(str),
        t("col_name"): rows["name"].astype(str),
        t("col_home_ward"): rows["home_ward"].astype(str),
        t("col_wards_covered_count"): rows["wards_covered_count"].astype(int),
    })
    st.dataframe(shown, hide_index=True, width="stretch", key="release_table", placeholder="")
