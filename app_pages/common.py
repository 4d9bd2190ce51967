"""What several pages share: the rota shown (or a pointer to the plan page), the stale-plan
warning, the effect of code meanings changed by hand, and the week view drawn as HTML that reads on a phone."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from app_i18n import fmt_date, fmt_pct, has_text, t, t_plain, view_caption
from app_state import auth, code_effect, keys, views, widgets
from scheduler.domain import Slot


def uploader_in_words() -> None:
    """Streamlit's file chooser speaks English only («Upload», «200MB per file • CSV»): its button and
    size line are replaced by the page's own words, on every page with a file chooser."""
    st.html(f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: "{t('choose_files')}"; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{t('upload_limit')}";
  font-size: 0.8rem; }}
</style>""")


def link(container, page: str, label: str, icon: str) -> None:
    """A link to another page, only when this person may see that page (else it is not shown)."""
    if auth.may_see(page):
        container.page_link(f"app_pages/{page}.py", label=label, icon=icon)


def view_or_stop() -> views.View:
    """The draft or publication shown now, with its caption; without one, say so and stop the page."""
    view = views.current_view()
    if view is None:
        st.info(t("no_rota_yet") if auth.may_see("plan") else t("no_publication_yet"), icon=":material/info:")
        link(st, "plan", t("go_plan"), ":material/edit_calendar:")
        widgets.end_page()
    st.caption(view_caption(view))
    if view.withdrawn:
        st.warning(t("view_withdrawn"), icon=":material/undo:")
    return view


def _undo_codes() -> None:
    st.session_state[keys.CODE_MAPS] = {}
    st.session_state.pop(keys.CODES_EDITOR, None)


def code_effect_warning(*, undo: bool = False) -> None:
    """A change of code meanings that removes more than a few percent of the demand or of the
    supporters' availability, shown with its effect (scheduler/views/code_effect.py)."""
    found = code_effect.effect()
    if found is None or not found.notable:
        return
    st.warning(t_plain("code_effect", codes=", ".join(found.codes)) + " " +
               t("code_effect_numbers", demand_after=found.demand_after, demand_before=found.demand_before,
                 demand_lost=fmt_pct(found.demand_lost), available_after=found.available_after,
                 available_before=found.available_before, available_lost=fmt_pct(found.available_lost)),
               icon=":material/rule:")
    if undo:
        st.button(t("code_effect_undo"), key="code_effect_undo", on_click=_undo_codes, icon=":material/undo:")


def stale_warning(view: views.View) -> bool:
    """Say so when the draft shown was made from files or choices that have changed since."""
    if views.is_stale(view):
        st.warning(t("plan_stale"), icon=":material/warning:")
        link(st, "plan", t("go_plan"), ":material/edit_calendar:")
        return True
    return False


_WEEK_CSS = """
<style>
.uke { width: 100%; max-width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 1rem; }
.uke th, .uke td { border: 1px solid #c8c8c8; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top;
                   white-space: normal !important; overflow-wrap: anywhere; }
.uke th.dag { width: 11rem; }
.uke .hjem { white-space: nowrap !important; }
.uke th { background: #f0f2f6; }
.uke tr.idag td { background: #fff7e0; }
.uke tr.idag td.dag { font-weight: 700; }
.uke td.naa, .uke td.inatt { outline: 3px solid #0072B2; outline-offset: -3px; }
.uke .merke { display: inline-block; font-size: 0.75rem; font-weight: 700; color: #fff; background: #0072B2;
              border-radius: 0.3rem; padding: 0 0.35rem; margin-right: 0.3rem; }
.uke .udekket { font-weight: 700; color: #8a4b00; }
.uke .udekket::before { content: "! "; }
.uke .ingen { color: #6b6b6b; }
.uke .reserve { display: block; color: #444; font-size: 0.85rem; }
.uke .tid { display: block; color: #555; font-size: 0.8rem; }
@media (max-width: 640px) {
  .uke thead { display: none; }
  .uke, .uke tbody, .uke tr, .uke td { display: block; width: 100%; }
  .uke tr { margin-bottom: 0.6rem; border: 1px solid #c8c8c8; border-radius: 0.4rem; }
  .uke td { border: none; border-top: 1px solid #e4e4e4; }
  .uke td.dag { border-top: none; font-weight: 700; background: #f0f2f6; }
  .uke td[data-slot]::before { content: attr(data-slot) ": "; font-weight: 600; }
}
</style>
"""


def slot_heading(slot: str) -> str:
    """A support slot as a column heading: «Dagvakt» for the built-in «dag» (never a bare «dag»
    beside the date), else the slot's own name with a capital."""
    key = f"slot_heading_{slot}"
    return t(key) if has_text(key) else slot[:1].upper() + slot[1:]


def week_html(week: pd.DataFrame, today, now_slot: Slot | None, night: Slot | None) -> str:
    """The week of one ward as a table (a card per day on a narrow screen); names are escaped."""
    slots = list(dict.fromkeys(week["slot"]))
    # «Dato», not «Dag»: the first column is the date, and «dag» is also the day shift beside it.
    out = [_WEEK_CSS, "<table class='uke'><thead><tr>", f"<th class='dag'>{html.escape(t('col_date'))}</th>"]
    out += [f"<th>{html.escape(slot_heading(s))}</th>" for s in slots]
    out.append("</tr></thead><tbody>")
    for date, rows in week.groupby("date", sort=True):
        is_today = date == today
        label = fmt_date(date, weekday=True, long=True)
        badge = f"<span class='merke'>{html.escape(t('today'))}</span>" if is_today else ""
        out.append(f"<tr class='{'idag' if is_today else ''}'><td class='dag'>{badge}{html.escape(label)}</td>")
        for r in rows.itertuples(index=False):
            marks = []
            if now_slot is not None and now_slot.date == date and now_slot.name == r.slot:
                marks.append(("naa", t("now")))
            elif night is not None and night.date == date and night.name == r.slot:
                marks.append(("inatt", t("tonight")))
            css = " ".join(c for c, _ in marks)
            badges = "".join(f"<span class='merke'>{html.escape(text)}</span>" for _, text in marks)
            if r.status == "covered":
                who = html.escape(r.call_name) + (f" <span class='hjem'>({html.escape(r.call_ward)})</span>"
                                                  if r.call_ward else "")
                body = f"{t('call')} {who}"
                if r.backup_name:
                    body += f"<span class='reserve'>{html.escape(t('col_backup'))}: {html.escape(r.backup_name)}</span>"
            elif r.status == "uncovered":
                body = f"<span class='udekket'>{html.escape(t('week_uncovered'))}</span>"
            else:
                body = f"<span class='ingen'>{html.escape(t('week_no_need'))}</span>"
            times = f"<span class='tid'>{r.start:%H:%M}–{r.end:%H:%M}</span>"
            out.append(f"<td class='{css}' data-slot='{html.escape(r.slot)}'>{badges}{body}{times}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)
