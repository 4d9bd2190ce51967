"""«Si hva kodene betyr» on the upload page: the codes to fix, typed from the keyboard (issue 23).

One text cell per code — a known code (`D`), or a kind by its first letters with times (`ar 7-15`,
`fravær`) — so a person types, presses Enter and is on the next code; and a box for many codes at
once, one line per code (`KODE = betydning`). What cannot be read is said per row (or line) with
what to type, and nothing is applied until every row reads (scheduler/views/code_entry.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_i18n import lang, t, t_plain
from app_state import keys
from scheduler.views.code_entry import EntryError, meaning_text, parse_lines, parse_meaning

__all__ = ["show_code_fixes", "PASTE", "PASTE_PROBLEMS"]

PASTE = "codes_paste"  # the box's text
PASTE_PROBLEMS = "_codes_paste_problems"  # the lines that could not be read, said under the box


def _apply_paste(codes: list[str], known: list[str], language: str) -> None:
    """The box's lines, added to the codes mapped (all of them, or none while a line cannot be read)."""
    found, problems = parse_lines(st.session_state.get(PASTE, ""), codes, known, language)
    if problems:
        st.session_state[PASTE_PROBLEMS] = [t_plain("codes_line_problem", line=n, problem=e.text(language))
                                            for n, e in problems]
        return
    st.session_state.pop(PASTE_PROBLEMS, None)
    st.session_state[keys.CODE_MAPS] = {**st.session_state.get(keys.CODE_MAPS, {}), **found}
    st.session_state.pop(keys.CODES_EDITOR, None)
    st.session_state[PASTE] = ""


def show_code_fixes(todo: list[str], counts: dict[str, int], read_as: dict[str, str], mapped: dict,
                    codes: list[str], known: list[str]) -> None:
    """The grid of the codes to fix (`todo`), then the box for many at once."""
    language = lang()
    st.markdown(f"**{t('codes_fix_title')}**", help=t("codes_fix_help"))
    if todo:
        rows = [{"code": c, "count": counts.get(c, 0), "meaning": meaning_text(mapped.get(c), language),
                 "read_as": read_as.get(c, "")} for c in todo]
        edited = st.data_editor(
            pd.DataFrame(rows), key=keys.CODES_EDITOR, hide_index=True, width="stretch", placeholder="",
            disabled=["code", "count", "read_as"], column_order=["code", "count", "meaning", "read_as"],
            column_config={
                "code": st.column_config.TextColumn(t("col_code"), width="small"),
                "count": st.column_config.NumberColumn(t("col_count"), width="small"),
                "meaning": st.column_config.TextColumn(t("col_meaning_typed"), help=t("col_meaning_typed_help"),
                                                       width="medium"),
                "read_as": st.column_config.TextColumn(t("col_read_as_now")),
            })
        if st.button(t("apply_codes"), key="apply_codes"):
            maps, problems = {}, []
            for i, r in enumerate(edited.to_dict("records"), start=1):
                try:
                    spec = parse_meaning(str(r.get("meaning") or ""), known, language)
                except EntryError as error:
                    problems.append(t_plain("codes_row_problem", row=i, code=r["code"], problem=error.text(language)))
                    continue
                if spec is not None:
                    maps[r["code"]] = spec
            if problems:  # nothing applied: the grid keeps what was typed, to be put right
                for problem in problems:
                    st.error(problem, icon=":material/keyboard:")
            else:
                st.session_state[keys.CODE_MAPS] = maps
                st.session_state.pop(keys.CODES_EDITOR, None)
                st.rerun()
    with st.form("codes_paste_form", border=False):
        st.text_area(t("codes_paste"), key=PASTE, height=110, help=t("codes_paste_help"),
                     placeholder=t("codes_paste_placeholder"))
        st.form_submit_button(t("codes_paste_apply"), on_click=_apply_paste, args=(codes, known, language),
                              icon=":material/keyboard:")
    for problem in st.session_state.get(PASTE_PROBLEMS, []):
        st.error(problem, icon=":material/keyboard:")
