"""Rules: every rule with its default and why it exists (docs/semantics.md); the edited rules plan the rota."""

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from app_i18n import fmt_num, has_text, lang, t, t_plain, tier_label
from app_state import auth, keys, uploads
from scheduler.domain import OnCallRules, Rules, SlotDef
from scheduler.tiers import tier_order

auth.require("rules")
st.title(t("rules_title"))
st.markdown(t("rules_intro"))

inputs = uploads.read_inputs() if uploads.has_inputs() else None
rules = uploads.effective_rules(inputs)
defaults = Rules()
if st.session_state.get(keys.RULES_EDIT) is not None:
    st.info(t("rules_edited"), icon=":material/edit:")
elif inputs is not None and any(r.kind == "rules" for r in inputs.reports):
    st.caption(t("rules_from_file"))
else:
    st.caption(t("rules_defaults_used"))

RULE_KEYS = ("min_overlap", "separation", "same_site", "redundancy", "max_on_duty_per_ward", "max_wards_per_duty",
             "max_staff_per_duty", "fair_share_basis",
             "max_duties_per_day", "max_duties_per_week", "max_consecutive_days", "max_duties_per_period",
             "max_nights_per_period", "protected_hours_per_week", "horizon_start", "horizon_end", "night_shift_date",
             "activity_weight", "workers")
ON_CALL_KEYS = ("on_call", "on_call_also_nights", "on_call_also_holidays", "on_call_max_per_week",
                "on_call_max_per_period", "on_call_rest_after_night", "on_call_weight")
ON_CALL_DEFAULTS = OnCallRules()


def _reset() -> None:
    st.session_state.pop(keys.RULES_EDIT, None)
    for key in (*RULE_KEYS, *ON_CALL_KEYS, "slots"):
        st.session_state.pop(f"rule_{key}", None)


def _default_text(key: str, value) -> str:
    """A rule's default as people read it (words, not the setting's internal value)."""
    if value is None:
        return t("unlimited")
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if key == "min_overlap":
        return f"{round(100 * value)} %"
    for prefix in ("sep_", "redundancy_", "night_", "basis_"):
        if has_text(f"{prefix}{value}") and key in ("separation", "redundancy", "night_shift_date", "fair_share_basis"):
            return t(f"{prefix}{value}")
    return fmt_num(value)


def _row(key: str, widget) -> object:
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        value = widget()
    if key == "workers":
        default = defaults.solver.workers
    elif key.startswith("on_call_"):
        default = getattr(ON_CALL_DEFAULTS, key.removeprefix("on_call_"))
    else:
        default = False if key == "on_call" else getattr(defaults, key)
    right.markdown(f"{t('why_' + key)}  \n*{t('default')}: {_default_text(key, default)}*")
    return value


st.subheader(t("priorities_title"), help=t("priorities_help"))
order = tier_order(rules.priorities, redundancy=rules.redundancy, previous=False,
                   exposure=rules.fair_share_basis == "exposure")
st.dataframe(pd.DataFrame([{t("col_priority"): i, t("col_tier"): tier_label(x.name),
                            t("col_why"): x.reason_no if lang() == "no" else x.reason_en}
                           for i, x in enumerate(order, start=1)]),
             hide_index=True, width="stretch", key="priorities_table", placeholder="")

with st.form("rules_form"):
    st.subheader(t("rules_slots"))
    st.caption(t("why_slots"))
    slots_frame = pd.DataFrame([{"name": s.name, "start": s.start, "end": s.end, "kind": s.kind.value,
                                 "duty_hours": s.duty_hours} for s in rules.slots])
    slots_edit = st.data_editor(slots_frame, key="rule_slots", num_rows="dynamic", hide_index=True, width="stretch",
                                column_config={
                                    "name": st.column_config.TextColumn(t("col_slot_name"), required=True),
                                    "start": st.column_config.TimeColumn(t("col_start"), format="HH:mm", required=True),
                                    "end": st.column_config.TimeColumn(t("col_end"), format="HH:mm", required=True),
                                    "kind": st.column_config.SelectboxColumn(t("col_slot_kind"), options=["day", "evening", "night"],
                                                                             format_func=lambda k: t("slotkind_" + k),
                                                                             required=True),
                                    "duty_hours": st.column_config.NumberColumn(t("col_duty_hours"), min_value=0.0, step=0.25,
                                                                                help=t("why_duty_hours")),
                                })
    st.caption(t("default") + ": " + ", ".join(f"{d.name} {d.start:%H:%M}–{d.end:%H:%M}" for d in defaults.slots) + "; "
               + t("col_duty_hours").lower() + " " + fmt_num(defaults.slots[0].duty_hours))

    st.subheader(t("rules_who"))
    v = {}
    v["min_overlap"] = _row("min_overlap", lambda: st.slider(t("rule_min_overlap"), 5, 100, round(100 * rules.min_overlap), 5,
                                                             format="%d %%", key="rule_min_overlap")) / 100
    v["separation"] = _row("separation", lambda: st.radio(t("rule_separation"), ["ward", "department"],
                                                          index=["ward", "department"].index(rules.separation),
                                                          format_func={x: t("sep_" + x) for x in ("ward", "department")}.get, horizontal=True,
                                                          key="rule_separation"))
    v["same_site"] = _row("same_site", lambda: st.toggle(t("rule_same_site"), value=rules.same_site, key="rule_same_site"))
    v["redundancy"] = _row("redundancy", lambda: st.radio(t("rule_redundancy"), [1, 2], index=[1, 2].index(rules.redundancy),
                                                          format_func={x: t(f"redundancy_{x}") for x in (1, 2)}.get, horizontal=True,
                                                          key="rule_redundancy"))
    v["max_on_duty_per_ward"] = _row("max_on_duty_per_ward", lambda: st.number_input(
        t("rule_max_on_duty_per_ward"), min_value=1, value=rules.max_on_duty_per_ward, step=1, key="rule_max_on_duty_per_ward"))
    v["max_wards_per_duty"] = _row("max_wards_per_duty", lambda: st.number_input(
        t("rule_max_wards_per_duty"), min_value=1, value=rules.max_wards_per_duty, step=1, placeholder=t("unlimited"),
        key="rule_max_wards_per_duty"))
    v["max_staff_per_duty"] = _row("max_staff_per_duty", lambda: st.number_input(
        t("rule_max_staff_per_duty"), min_value=1, value=rules.max_staff_per_duty, step=1, placeholder=t("unlimited"),
        key="rule_max_staff_per_duty"))

    st.subheader(t("rules_limits"))
    v["max_duties_per_day"] = _row("max_duties_per_day", lambda: st.number_input(
        t("rule_max_duties_per_day"), min_value=1, value=rules.max_duties_per_day, step=1, key="rule_max_duties_per_day"))
    v["max_duties_per_week"] = _row("max_duties_per_week", lambda: st.number_input(
        t("rule_max_duties_per_week"), min_value=0, value=rules.max_duties_per_week, step=1, key="rule_max_duties_per_week"))
    v["max_consecutive_days"] = _row("max_consecutive_days", lambda: st.number_input(
        t("rule_max_consecutive_days"), min_value=1, value=rules.max_consecutive_days, step=1, key="rule_max_consecutive_days"))
    v["max_duties_per_period"] = _row("max_duties_per_period", lambda: st.number_input(
        t("rule_max_duties_per_period"), min_value=0, value=rules.max_duties_per_period, step=1, placeholder=t("unlimited"),
        key="rule_max_duties_per_period"))
    v["max_nights_per_period"] = _row("max_nights_per_period", lambda: st.number_input(
        t("rule_max_nights_per_period"), min_value=0, value=rules.max_nights_per_period, step=1, placeholder=t("unlimited"),
        key="rule_max_nights_per_period"))
    v["protected_hours_per_week"] = _row("protected_hours_per_week", lambda: st.number_input(
        t("rule_protected_hours_per_week"), min_value=0.0, value=rules.protected_hours_per_week, step=0.5,
        placeholder=t("unlimited"), key="rule_protected_hours_per_week"))
    v["fair_share_basis"] = _row("fair_share_basis", lambda: st.radio(
        t("rule_fair_share_basis"), ["hours", "exposure"], index=["hours", "exposure"].index(rules.fair_share_basis),
        format_func={x: t("basis_" + x) for x in ("hours", "exposure")}.get, horizontal=True, key="rule_fair_share_basis"))
    v["activity_weight"] = _row("activity_weight", lambda: st.number_input(
        t("rule_activity_weight"), min_value=0.0, value=float(rules.activity_weight), step=0.05, key="rule_activity_weight"))

    st.subheader(t("rules_horizon"))
    v["horizon_start"] = _row("horizon_start", lambda: st.date_input(t("rule_horizon_start"), value=rules.horizon_start,
                                                                     format="DD.MM.YYYY", key="rule_horizon_start"))
    v["horizon_end"] = _row("horizon_end", lambda: st.date_input(t("rule_horizon_end"), value=rules.horizon_end,
                                                                 format="DD.MM.YYYY", key="rule_horizon_end"))
    v["night_shift_date"] = _row("night_shift_date", lambda: st.radio(
        t("rule_night_shift_date"), ["start", "most_hours"], index=["start", "most_hours"].index(rules.night_shift_date),
        format_func={x: t("night_" + x) for x in ("start", "most_hours")}.get, horizontal=True, key="rule_night_shift_date"))
    v["workers"] = _row("workers", lambda: st.number_input(t("rule_workers"), min_value=1, max_value=16,
                                                           value=rules.solver.workers, step=1, key="rule_workers"))

    st.subheader(t("rules_on_call"))  # docs/domain.md, «The on-call supporter»
    oc = rules.on_call or ON_CALL_DEFAULTS
    c = {"on_call": _row("on_call", lambda: st.toggle(t("rule_on_call"), value=rules.on_call is not None,
                                                      key="rule_on_call"))}
    for name in ("also_nights", "also_holidays", "rest_after_night"):
        c[name] = _row(f"on_call_{name}", lambda n=name: st.toggle(t(f"rule_on_call_{n}"), value=getattr(oc, n),
                                                                   key=f"rule_on_call_{n}"))
    c["max_per_week"] = _row("on_call_max_per_week", lambda: st.number_input(
        t("rule_on_call_max_per_week"), min_value=0, max_value=21, value=oc.max_per_week, step=1,
        key="rule_on_call_max_per_week"))
    c["max_per_period"] = _row("on_call_max_per_period", lambda: st.number_input(
        t("rule_on_call_max_per_period"), min_value=0, value=oc.max_per_period, step=1, placeholder=t("unlimited"),
        key="rule_on_call_max_per_period"))
    c["weight"] = _row("on_call_weight", lambda: st.number_input(
        t("rule_on_call_weight"), min_value=0.0, max_value=2.0, value=float(oc.weight), step=0.05,
        key="rule_on_call_weight"))
    submitted = st.form_submit_button(t("rules_apply"), key="rules_apply", type="primary")

st.button(t("rules_reset"), key="rules_reset", on_click=_reset)

if submitted:
    try:
        slots = []
        for r in slots_edit.to_dict("records"):
            if not r.get("name"):
                continue
            start, end = r["start"], r["end"]
            start = start if isinstance(start, dt.time) else dt.time.fromisoformat(str(start))
            end = end if isinstance(end, dt.time) else dt.time.fromisoformat(str(end))
            hours = r.get("duty_hours")
            slots.append(SlotDef(name=str(r["name"]), start=start, end=end, kind=r["kind"],
                                 duty_hours=1.0 if hours is None or pd.isna(hours) else float(hours)))
        values = {k: v[k] for k in v if k != "workers"}
        for k in ("max_wards_per_duty", "max_staff_per_duty", "max_duties_per_period", "max_nights_per_period"):
            values[k] = None if values[k] is None else int(values[k])
        solver = rules.solver.model_copy(update={"workers": int(v["workers"])})
        on_call = None
        if c["on_call"]:
            on_call = OnCallRules(also_nights=c["also_nights"], also_holidays=c["also_holidays"],
                                  rest_after_night=c["rest_after_night"], max_per_week=int(c["max_per_week"]),
                                  max_per_period=None if c["max_per_period"] is None else int(c["max_per_period"]),
                                  weight=float(c["weight"]))
        # The chain is kept; an on-call step without a phone stands for the planned person, so it goes when off.
        chain = tuple(s for s in rules.fallback if on_call is not None or s.kind != "on_call" or s.phone)
        kept = rules.model_dump(exclude={"slots", "solver", "priorities", "fallback", "on_call", *values})  # not shown here
        new = Rules(**kept, slots=tuple(slots), solver=solver, priorities=rules.priorities, fallback=chain,
                    on_call=on_call, **values)
    except (ValidationError, ValueError, TypeError) as exc:
        st.error(t_plain("rules_invalid", error=str(exc)), icon=":material/error:")
    else:
        st.session_state[keys.RULES_EDIT] = new.model_dump(mode="json")
        st.success(t("rules_saved"), icon=":material/check_circle:")
