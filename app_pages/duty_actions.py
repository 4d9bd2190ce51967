"""One click on a duty, from the plan and coverage pages: lock it, forbid it, or give it to someone
else — then make the plan again, changing as little as possible (issue 23: the grids took a click,
Enter and a pick from a list per cell).

The duty is chosen by clicking its row; the actions are buttons. The pins are the same rows the
coordinator's person × day grid on *Belastning* keeps (scheduler/views/pin_edits.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_i18n import fmt_date, t
from app_state import auth, jobs, keys, uploads, views
from scheduler.views.pin_edits import pins_from_rows, swap_candidates, with_pin


def _set(supporter_id: str, date: str, slot: str, action: str | None) -> None:
    st.session_state[keys.PINS] = with_pin(st.session_state.get(keys.PINS, []), supporter_id, date, slot, action)


def _swap(supporter_id: str, date: str, slot: str, widget: str) -> None:
    other = st.session_state.get(widget)
    if not other:
        return
    rows = with_pin(st.session_state.get(keys.PINS, []), supporter_id, date, slot, "forbid")
    st.session_state[keys.PINS] = with_pin(rows, other, date, slot, "lock")
    st.session_state.pop(widget, None)


def _replan() -> None:
    instance = uploads.current_instance()
    if instance is None:
        return
    base, previous = next(iter(views.replan_bases(uploads.demand_wards()).items()), (None, None))
    pins, _ = pins_from_rows(st.session_state.get(keys.PINS, []))
    jobs.start(instance, time_limit=st.session_state.get("time_limit", 30), pins=pins, previous=previous,
               measure_limits=False, base=base or "published")


def duty_actions(view: views.View, duties: pd.DataFrame, key: str) -> None:
    """The duties given (a week of one ward, or the whole draft), each one click from lock, forbid or
    swap; shown to those who plan, on their draft only."""
    if view.kind != "draft" or not auth.may_see("plan") or duties.empty:
        return
    names = {e: emp.name or e for e, emp in view.instance.employees.items()}
    pins = {(p["supporter_id"], str(p["date"])[:10], p["slot"]): p["action"] for p in st.session_state.get(keys.PINS, [])}
    shown = duties.sort_values(["date", "slot"], kind="stable").reset_index(drop=True)
    table = pd.DataFrame({
        t("col_date"): [fmt_date(d, weekday=True) for d in shown["date"]],
        t("col_slot"): shown["slot"].astype(str),
        t("col_supporter"): [names.get(str(s), str(s)) for s in shown["supporter_id"]],
        t("col_wards_covered"): shown["wards_covered"].astype(str).str.replace(";", ", "),
        t("col_pin"): [t(f"{pins[k]}_word") if (k := (str(s), str(d)[:10], str(sl))) in pins else ""
                       for s, d, sl in zip(shown["supporter_id"], shown["date"], shown["slot"], strict=True)],
    })
    st.markdown(f"**{t('duty_actions_title')}**", help=t("duty_actions_help"))
    picked = st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_duties", on_select="rerun",
                          selection_mode="single-row", placeholder="", height=min(35 * (len(table) + 1) + 3, 320))
    rows = picked.selection.rows if picked is not None else []
    if rows:
        duty = shown.iloc[rows[0]]
        sid, date, slot = str(duty["supporter_id"]), str(duty["date"])[:10], str(duty["slot"])
        current = views.draft_view()
        instance = uploads.current_instance() or view.instance
        others = swap_candidates(instance, current.duties.to_dict("records") if current is not None else [], date, slot,
                                 str(duty["wards_covered"]).split(";"))
        c1, c2, c3, c4 = st.columns([1, 1, 2, 1], vertical_alignment="bottom")
        c1.button(t("duty_lock"), key=f"{key}_lock", on_click=_set, args=(sid, date, slot, "lock"),
                  icon=":material/lock:", width="stretch")
        c2.button(t("duty_forbid"), key=f"{key}_forbid", on_click=_set, args=(sid, date, slot, "forbid"),
                  icon=":material/block:", width="stretch")
        widget = f"{key}_swap_to"
        c3.selectbox(t("duty_swap_with"), others, index=None, key=widget, placeholder=t("duty_swap_placeholder"),
                     format_func=lambda s: f"{names.get(s, s)} ({instance.employees[s].ward})"
                     if s in instance.employees else s)
        c4.button(t("duty_swap"), key=f"{key}_swap", on_click=_swap, args=(sid, date, slot, widget),
                  icon=":material/swap_horiz:", width="stretch", disabled=not others)
        if (sid, date, slot) in pins:
            st.button(t("duty_unpin"), key=f"{key}_unpin", on_click=_set, args=(sid, date, slot, None), type="tertiary")
    else:
        st.caption(t("duty_pick"))
    count = len(st.session_state.get(keys.PINS, []))
    job = jobs.current()
    if count and st.button(t("duty_replan", n=count), key=f"{key}_replan", type="primary", icon=":material/refresh:",
                           disabled=job is not None and job.running):
        _replan()
        st.switch_page("app_pages/plan.py")  # where the plan is made, and then what changed
