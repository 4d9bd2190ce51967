"""Upload (rostering staff): turnus exports, supporters, optional files; reading reports; fixes by hand."""

import pandas as pd
import streamlit as st

from app_i18n import lang, t
from app_state import keys, uploads
from app_state.widgets import plain
from scheduler.io import DEFAULT_SHIFT_CODES
from scheduler.io.load import ward_from_filename
from scheduler.mapping import MAPPABLE_FIELDS
from scheduler.supporter_edits import supporters_table, table_to_csv

st.title(t("upload_title"))
st.markdown(t("upload_intro"))

c1, c2, c3 = st.columns([1, 1, 1])
c1.button(t("sample_button"), key="sample_button", type="primary", on_click=uploads.load_sample, icon="🧪",
          help=t("sample_help"))
c2.button(t("sample_messy_button"), key="sample_messy_button", on_click=uploads.load_sample, kwargs={"messy": True},
          help=t("sample_messy_help"))


def _clear() -> None:
    st.session_state[keys.FILES] = uploads.empty_files()
    uploads.reset_derived()


c3.button(t("clear_files"), key="clear_files", on_click=_clear)

files = uploads.files()


def _take(key: str, kind: str) -> None:
    """Keep what the uploader holds (as bytes) once; the stored files survive page switches."""
    value = st.session_state.get(key)
    if not value:
        return
    if kind == "turnus":
        files["turnus"] = [uploads.file_entry(f.name, f.getvalue()) for f in value]
    else:
        files[kind] = uploads.file_entry(value.name, value.getvalue())
    uploads.reset_derived()


with st.container(border=True):
    st.subheader(t("files_title"))
    u1, u2 = st.columns(2)
    u1.file_uploader(t("upload_turnus"), type=["csv", "xlsx", "txt", "tsv"], accept_multiple_files=True,
                     key="upload_turnus", help=t("upload_turnus_help"), on_change=_take, args=("upload_turnus", "turnus"))
    u2.file_uploader(t("upload_supporters"), type=["csv", "xlsx", "txt"], key="upload_supporters",
                     on_change=_take, args=("upload_supporters", "supporters"))
    o1, o2, o3 = st.columns(3)
    o1.file_uploader(t("upload_wards"), type=["csv", "xlsx", "txt"], key="upload_wards",
                     on_change=_take, args=("upload_wards", "wards"))
    o2.file_uploader(t("upload_shift_codes"), type=["csv", "xlsx", "txt"], key="upload_shift_codes",
                     on_change=_take, args=("upload_shift_codes", "shift_codes"))
    o3.file_uploader(t("upload_rules"), type=["toml", "txt"], key="upload_rules",
                     on_change=_take, args=("upload_rules", "rules"))

if not uploads.has_inputs():
    st.info(t("need_files"), icon="ℹ️")
    if files["turnus"] or files["supporters"]:
        st.caption(t("have_files", n=len(files["turnus"]), supporters=t("yes") if files["supporters"] else t("no")))
    st.stop()

with st.spinner(t("reading")):
    inputs = uploads.read_inputs()

# --- what was read, file by file -------------------------------------------------------------------
st.subheader(t("reports_title"))
n_err = len(inputs.errors)
st.caption(t("reports_summary", files=len(inputs.reports), rows=len(inputs.turnus), employees=len(inputs.employees),
             supporters=len(inputs.supporters), errors=n_err))
L = lang()


def file_ward(report, known: set[str]) -> str:
    """The ward a per-ward export gives its rows, as the reader takes it from the file name —
    only when the file has no ward column of its own (then the column decides)."""
    if report.kind != "turnus" or "ward" in report.columns.values():
        return ""
    return ward_from_filename(report.file, known) or ""


KIND_LABEL = {k: t(f"kind_{k}") for k in ("turnus", "supporters", "wards", "shift_codes", "rules", "staff", "pins")}
known_wards = set(inputs.wards)
for i, report in enumerate(inputs.reports):
    warnings = sum(1 for m in report.messages if m.severity.value == "warning")
    icon = "❌" if report.errors else ("⚠️" if warnings else "✅")
    label = f"{icon} {plain(report.file)} — {KIND_LABEL.get(report.kind, report.kind)}: " + t(
        "report_counts", errors=len(report.errors), warnings=warnings, rows=report.rows_read)
    with st.expander(label, expanded=bool(report.errors)):
        facts = {t("fact_layout"): report.layout, t("fact_encoding"): report.encoding,
                 t("fact_delimiter"): {"\t": "tab"}.get(report.delimiter, report.delimiter),
                 t("fact_rows"): report.rows_read, t("fact_skipped"): report.rows_skipped,
                 t("fact_employees"): report.employees or "",
                 t("fact_dates"): f"{report.date_from} – {report.date_to}" if report.date_from else "",
                 t("fact_ward"): file_ward(report, known_wards)}
        st.markdown(" · ".join(f"**{k}:** {plain(v)}" for k, v in facts.items() if v not in ("", None)))
        if report.columns:
            st.caption(t("columns_read") + ": " + ", ".join(f"{plain(h)} → {f}" for h, f in report.columns.items()
                                                             if not f.startswith("date ")))
        if report.codes_seen:
            st.caption(t("codes_seen") + ": " + ", ".join(f"{plain(c)} {n}" for c, n in sorted(report.codes_seen.items(),
                                                                                     key=lambda kv: -kv[1])))
        if report.messages:
            st.dataframe(pd.DataFrame([{t("col_severity"): t(f"sev_{m.severity.value}"), t("col_where"): m.where(L),
                                        t("col_message"): m.text_no if L == "no" else m.text_en,
                                        t("col_fix"): m.fix_no if L == "no" else m.fix_en, t("col_raw"): m.raw}
                                       for m in report.messages]), hide_index=True, width="stretch",
                         key=f"report_messages_{i}")
        else:
            st.caption(t("no_messages"))
        # unknown columns: map them by hand
        fields = MAPPABLE_FIELDS.get(report.kind)
        if fields and report.unused_columns:
            st.markdown(f"**{t('map_columns')}**")
            st.caption(t("map_columns_help"))
            current = st.session_state.get(keys.COLUMN_MAPS, {}).get(report.file, {})
            with st.form(f"colmap_form_{i}", border=False):
                chosen = {}
                cols = st.columns(min(4, len(report.unused_columns)))
                for j, header in enumerate(report.unused_columns):
                    options = ["", *fields]
                    chosen[header] = cols[j % len(cols)].selectbox(
                        plain(header), options, index=options.index(current.get(header, "")) if current.get(header, "") in options else 0,
                        format_func={f: f or t("ignore_column") for f in options}.get, key=f"colmap_{i}_{j}")
                if st.form_submit_button(t("apply_mapping"), key=f"apply_colmap_{i}"):
                    maps = dict(st.session_state.get(keys.COLUMN_MAPS, {}))
                    maps[report.file] = {h: f for h, f in chosen.items() if f}
                    st.session_state[keys.COLUMN_MAPS] = maps
                    st.rerun()

# --- unknown shift codes -----------------------------------------------------------------------------
unknown: dict[str, int] = {}
for report in inputs.reports:
    for code, n in report.unknown_codes.items():
        unknown[code] = unknown.get(code, 0) + n
mapped = st.session_state.get(keys.CODE_MAPS, {})
if unknown or mapped:
    st.subheader(t("unknown_codes_title"))
    st.caption(t("unknown_codes_help"))
    known = sorted(set(DEFAULT_SHIFT_CODES) | set(inputs.shift_codes))
    rows = [{"code": c, "count": unknown.get(c, 0), "like": mapped.get(c, {}).get("like", ""),
             "kind": mapped.get(c, {}).get("kind", ""), "start": mapped.get(c, {}).get("start", ""),
             "end": mapped.get(c, {}).get("end", "")} for c in sorted(set(unknown) | set(mapped))]
    edited = st.data_editor(
        pd.DataFrame(rows), key="codes_editor", hide_index=True, width="stretch",
        disabled=["code", "count"],
        column_config={
            "code": st.column_config.TextColumn(t("col_code")),
            "count": st.column_config.NumberColumn(t("col_count")),
            "like": st.column_config.SelectboxColumn(t("col_like"), options=["", *known], help=t("col_like_help")),
            "kind": st.column_config.SelectboxColumn(t("col_kind"), options=["", "work", "support", "off", "absence"]),
            "start": st.column_config.TextColumn(t("col_start"), help="07:30"),
            "end": st.column_config.TextColumn(t("col_end"), help="15:30"),
        })
    if st.button(t("apply_codes"), key="apply_codes"):
        maps = {}
        for r in edited.to_dict("records"):
            if r.get("like"):
                maps[r["code"]] = {"like": r["like"]}
            elif r.get("kind"):
                maps[r["code"]] = {"kind": r["kind"], "start": r.get("start") or "", "end": r.get("end") or ""}
        st.session_state[keys.CODE_MAPS] = maps
        st.session_state.pop("codes_editor", None)
        st.rerun()

# --- supporters, editable ------------------------------------------------------------------------------
st.subheader(t("supporters_title"))
st.caption(t("supporters_help"))
base = supporters_table(inputs.supporters)
edited_supporters = st.data_editor(
    base, key="supporters_editor", num_rows="dynamic", hide_index=True, width="stretch",
    column_config={
        "employee_id": st.column_config.TextColumn(t("col_employee_id"), required=True),
        "name": st.column_config.TextColumn(t("col_name")),
        "max_duties_per_week": st.column_config.NumberColumn(t("col_max_week"), min_value=0, step=1),
        "max_duties_per_period": st.column_config.NumberColumn(t("col_max_period"), min_value=0, step=1),
        "max_nights_per_period": st.column_config.NumberColumn(t("col_max_nights"), min_value=0, step=1),
        "protected_hours_per_week": st.column_config.NumberColumn(t("col_protected_hours"), min_value=0.0),
        "training_valid_until": st.column_config.DateColumn(t("col_training"), format="YYYY-MM-DD"),
        "leads_wards": st.column_config.TextColumn(t("col_leads")),
        "unavailable": st.column_config.TextColumn(t("col_unavailable"), help="2027-01-04..2027-01-10;2027-02-01"),
        "recent_activity": st.column_config.NumberColumn(t("col_recent_activity"), min_value=0, step=1,
                                                         help=t("counts_only")),
    })


def _apply_supporters(frame: pd.DataFrame) -> None:
    old = files["supporters"]["name"] if files["supporters"] else "supporters.csv"
    stem = old.rsplit(".", 1)[0].removesuffix(" (redigert)")
    files["supporters"] = {"name": f"{stem} (redigert).csv", "data": table_to_csv(frame)}
    st.session_state.pop("supporters_editor", None)


st.button(t("apply_supporters"), key="apply_supporters", on_click=_apply_supporters, args=(edited_supporters,))

st.divider()
if n_err:
    st.warning(t("errors_but_can_plan", n=n_err), icon="⚠️")
st.page_link("app_pages/rules.py", label=t("next_rules"), icon="📏")
st.page_link("app_pages/plan.py", label=t("next_plan"), icon="🧮")
