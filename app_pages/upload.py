"""Upload (rostering staff): turnus exports, supporters, optional files; reading reports; fixes by hand.

A file chooser only takes files in: what is in use is listed under it, each with a button that
stops using it, so the list on the page is always what the plan is made from.
"""

import pandas as pd
import streamlit as st

from app_i18n import fmt_num, has_text, lang, plural, t, t_plain
from app_pages.code_fixes import show_code_fixes
from app_pages.common import code_effect_warning, uploader_in_words
from app_state import auth, keys, uploads, widgets
from app_state.widgets import plain
from scheduler.io import DEFAULT_SHIFT_CODES
from scheduler.io.load import ward_from_filename
from scheduler.views.code_meanings import code_meanings
from scheduler.views.mapping import MAPPABLE_FIELDS
from scheduler.views.supporter_edits import supporters_table, table_to_csv

TYPES = {"turnus": ["csv", "xlsx", "txt", "tsv"], "supporters": ["csv", "xlsx", "txt"], "wards": ["csv", "xlsx", "txt"],
         "shift_codes": ["csv", "xlsx", "txt"], "rules": ["toml", "txt"]}

auth.require("upload")
st.title(t("upload_title"))
st.markdown(t("upload_intro"))

uploader_in_words()  # Streamlit's file chooser speaks English only

c1, c2, c3 = st.columns([1, 1, 1])
c1.button(t("sample_button"), key="sample_button", type="primary", on_click=uploads.load_sample, icon=":material/science:",
          help=t("sample_help"))
c2.button(t("sample_messy_button"), key="sample_messy_button", on_click=uploads.load_sample, kwargs={"messy": True},
          help=t("sample_messy_help"))


def _fresh_choosers() -> None:
    generation = st.session_state.setdefault(keys.UPLOADER_GENERATION, {})
    for kind in uploads.KINDS:
        generation[kind] = generation.get(kind, 0) + 1


def _clear() -> None:
    uploads.clear_files()
    _fresh_choosers()


c3.button(t("clear_files"), key="clear_files", on_click=_clear, help=t("clear_files_help"))


def _take(kind: str, widget: str) -> None:
    """Take the chosen files into use, then give an empty chooser (what is in use is listed below it)."""
    value = st.session_state.get(widget)
    chosen = value if isinstance(value, list) else [value] if value else []
    uploads.add_files(kind, [uploads.file_entry(f.name, f.getvalue()) for f in chosen])
    generation = st.session_state.setdefault(keys.UPLOADER_GENERATION, {})
    generation[kind] = generation.get(kind, 0) + 1


def _size(n: int) -> str:
    return f"{fmt_num(round(n / 1024, 1), 1)} kB" if n < 1024 * 1024 else f"{fmt_num(round(n / 1024 / 1024, 1), 1)} MB"


def file_box(container, kind: str, label: str, help_text: str | None = None) -> None:
    generation = st.session_state.get(keys.UPLOADER_GENERATION, {}).get(kind, 0)
    widget = f"upload_{kind}_{generation}"
    container.file_uploader(label, type=TYPES[kind], accept_multiple_files=kind == "turnus", key=widget,
                            help=help_text, on_change=_take, args=(kind, widget))
    in_use = uploads.entries(kind)
    if not in_use:
        container.caption(t("no_file_in_use"))
    for i, entry in enumerate(in_use):
        name_col, remove_col = container.columns([6, 1], vertical_alignment="center")
        name_col.markdown(f"{plain(entry['name'])} :gray[({_size(len(entry['data']))})]")
        remove_col.button(":material/close:", key=f"remove_{kind}_{i}", on_click=uploads.remove_file,
                          args=(kind, entry["name"]), help=t("remove_file"), type="tertiary")


with st.container(border=True):
    st.subheader(t("files_title"))
    u1, u2 = st.columns(2)
    file_box(u1, "turnus", t("upload_turnus"), t("upload_turnus_help"))
    file_box(u2, "supporters", t("upload_supporters"))
    o1, o2, o3 = st.columns(3)
    file_box(o1, "wards", t("upload_wards"))
    file_box(o2, "shift_codes", t("upload_shift_codes"))
    file_box(o3, "rules", t("upload_rules"))

files = uploads.files()
if not uploads.has_inputs():
    st.info(t("need_files"), icon=":material/info:")
    widgets.end_page()

with st.spinner(t("reading")):
    inputs = uploads.read_inputs()
L = lang()
known_wards = set(inputs.wards)


def file_ward(report) -> str:
    """The ward a per-ward export gives its rows, as the reader takes it from the file name —
    only when the file has no ward column of its own (then the column decides)."""
    if report.kind != "turnus" or "ward" in report.columns.values():
        return ""
    return ward_from_filename(report.file, known_wards) or ""


def ids_from_names(report) -> bool:
    """A turnus without an employee-id column: the reader used the names as ids."""
    return report.kind == "turnus" and report.rows_read > 0 and "employee_id" not in report.columns.values()


def layout_text(layout: str) -> str:
    first, _, rest = layout.partition(" ")
    return f"{t('layout_' + first)} {plain(rest)}".strip() if first in ("long", "wide") else plain(layout)


ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": t("encoding_bom"), "cp1252": "Windows-1252", "utf-16": "UTF-16"}
DELIMITERS = {";": t("delim_semicolon"), ",": t("delim_comma"), "\t": t("delim_tab"), "|": t("delim_bar")}

def empty_turnus(report) -> bool:
    """A turnus file from which no shift could be read (only a header, or every row rejected)."""
    return report.kind == "turnus" and report.rows_read == 0


# A ward whose whole turnus is missing — a file with only a header, a file rejected row by row, a
# per-ward export forgotten — gets no cover and gives no supporters: said loudly, naming it.
turnus_wards = set(inputs.turnus["ward"].astype(str)) if len(inputs.turnus) else set()
missing_wards = sorted(w for w, ward in inputs.wards.items() if ward.needs_coverage and w not in turnus_wards)
empty_files = {report.file: file_ward(report) or ward_from_filename(report.file, known_wards) or ""
               for report in inputs.reports if empty_turnus(report)}

# --- what needs attention first ------------------------------------------------------------------------
for name, ward in empty_files.items():
    st.warning(t("turnus_file_empty", file=plain(name), ward=t_plain("turnus_file_empty_ward", ward=ward) if ward else ""),
               icon=":material/warning:")
if [w for w in missing_wards if w not in empty_files.values()]:
    st.warning(t_plain("wards_without_turnus", wards=", ".join(missing_wards)), icon=":material/warning:")
for report in inputs.reports:
    if ids_from_names(report):
        st.warning(t_plain("ids_from_names", file=report.file), icon=":material/warning:")
    ward = file_ward(report)
    if ward and ward not in known_wards:
        st.warning(t_plain("ward_from_name_unknown", file=report.file, ward=ward), icon=":material/warning:")

# --- what was read, file by file -------------------------------------------------------------------
st.subheader(t("reports_title"))
n_err = len(inputs.errors)
st.caption(t("reports_summary", files=len(inputs.reports), rows=len(inputs.turnus), employees=len(inputs.employees),
             supporters=len(inputs.supporters), errors=n_err))
for i, report in enumerate(inputs.reports):
    warnings = sum(1 for m in report.messages if m.severity.value == "warning")
    icon = (":material/error:" if report.errors else
            ":material/warning:" if warnings or ids_from_names(report) or empty_turnus(report) else
            ":material/check_circle:")
    label = (f"{icon} {plain(report.file)} — {t('kind_' + report.kind)}: "
             + ", ".join([plural(len(report.errors), "n_error_one", "n_error_many"),
                          plural(warnings, "n_warning_one", "n_warning_many"),
                          plural(report.rows_read, "n_row_one", "n_row_many")]))
    with st.expander(label, expanded=bool(report.errors)):
        facts = {t("fact_layout"): layout_text(report.layout) if report.layout else "",
                 t("fact_encoding"): ENCODINGS.get(report.encoding, plain(report.encoding)),
                 t("fact_delimiter"): DELIMITERS.get(report.delimiter, plain(report.delimiter)),
                 t("fact_rows"): report.rows_read, t("fact_skipped"): report.rows_skipped,
                 t("fact_employees"): report.employees or "",
                 t("fact_dates"): f"{report.date_from:%d.%m.%Y} – {report.date_to:%d.%m.%Y}" if report.date_from else "",
                 t("fact_ward"): plain(file_ward(report))}
        st.markdown(" · ".join(f"**{k}:** {v}" for k, v in facts.items() if v not in ("", None)))
        if report.columns:
            st.caption(t("columns_read") + ": " + ", ".join(
                f"{plain(h)} → {t('field_' + f) if has_text('field_' + f) else plain(f)}"
                for h, f in report.columns.items() if not f.startswith("date ")))
        if report.messages:
            st.dataframe(pd.DataFrame([{t("col_severity"): t(f"sev_{m.severity.value}"), t("col_where"): m.where(L),
                                        t("col_message"): m.text_no if L == "no" else m.text_en,
                                        t("col_fix"): m.fix_no if L == "no" else m.fix_en, t("col_raw"): m.raw}
                                       for m in report.messages]), hide_index=True, width="stretch",
                         key=f"report_messages_{i}", placeholder="")
        else:
            st.caption(t("no_messages"))
        # columns the reader did not know: say which field each one is
        fields = MAPPABLE_FIELDS.get(report.kind)
        if fields and report.unused_columns:
            st.markdown(f"**{t('map_columns')}**", help=t("map_columns_help"))
            current = st.session_state.get(keys.COLUMN_MAPS, {}).get(report.file, {})
            with st.form(f"colmap_form_{i}", border=False):
                chosen = {}
                cols = st.columns(min(4, len(report.unused_columns)))
                options = ["", *fields]
                for j, header in enumerate(report.unused_columns):
                    chosen[header] = cols[j % len(cols)].selectbox(
                        plain(header), options, index=options.index(current.get(header, "")) if current.get(header, "") in options else 0,
                        format_func=lambda f: t("field_" + f) if f else t("ignore_column"), key=f"colmap_{i}_{j}")
                if st.form_submit_button(t("apply_mapping"), key=f"apply_colmap_{i}"):
                    maps = dict(st.session_state.get(keys.COLUMN_MAPS, {}))
                    maps[report.file] = {h: f for h, f in chosen.items() if f}
                    st.session_state[keys.COLUMN_MAPS] = maps
                    st.rerun()

# --- shift codes: what each one was read as; the unknown and the uncertain ones asked ---------------------
mapped = st.session_state.get(keys.CODE_MAPS, {})
meanings = code_meanings(inputs.reports, inputs.shift_codes, by_hand=mapped)


def kind_text(kind: str) -> str:
    return t("codekind_" + kind)


def meaning_text(m) -> str:
    if m.kind == "unknown":
        return t("code_unknown")
    times = ""
    if m.start_min is not None and m.end_min is not None:
        times = f" {m.start_min // 60:02d}:{m.start_min % 60:02d}–{(m.end_min // 60) % 24:02d}:{m.end_min % 60:02d}"
    return f"{kind_text(m.kind)}{times}"


if meanings:
    st.subheader(t("codes_title"))
    st.caption(t("codes_intro"))
    st.dataframe(pd.DataFrame([{t("col_code"): m.code, t("col_count"): m.count, t("col_meaning"): meaning_text(m),
                                t("col_source"): t("codesource_" + m.source) if m.source else "",
                                t("col_check"): (t("code_also", also=m.also_no if L == "no" else m.also_en)
                                                 if m.needs_check else "")}
                               for m in meanings]),
                 hide_index=True, width="stretch", key="codes_table", placeholder="",
                 column_config={t("col_code"): st.column_config.TextColumn(width="small"),
                                t("col_count"): st.column_config.NumberColumn(width="small"),
                                t("col_check"): st.column_config.TextColumn(width="large")})
to_check = [m for m in meanings if m.needs_check]
unknown = {m.code: m.count for m in meanings if m.kind == "unknown"}
def _confirm_as_read(codes: list[str]) -> None:
    """The codes asked about mean what they were read as: kept as confirmed (each «like» itself)."""
    st.session_state[keys.CODE_MAPS] = {**st.session_state.get(keys.CODE_MAPS, {}), **{c: {"like": c} for c in codes}}
    st.session_state.pop(keys.CODES_EDITOR, None)


if to_check:
    st.warning(t_plain("codes_to_check", codes=", ".join(m.code for m in to_check)), icon=":material/help:")
    # One click when what was read is right (the usual case); the table below is for the others.
    st.button(t_plain("confirm_codes", codes=", ".join(m.code for m in to_check)), key="confirm_codes",
              on_click=_confirm_as_read, args=([m.code for m in to_check],), icon=":material/done_all:")
code_effect_warning(undo=True)
if meanings:  # the codes asked about, typed from the keyboard; any code by the box of lines (issue 23)
    show_code_fixes(sorted(set(unknown) | {m.code for m in to_check} | set(mapped)), {m.code: m.count for m in meanings},
                    {m.code: meaning_text(m) for m in meanings}, mapped, [m.code for m in meanings],
                    sorted(set(DEFAULT_SHIFT_CODES) | set(inputs.shift_codes)))

# --- supporters, editable ------------------------------------------------------------------------------
st.subheader(t("supporters_title"))
st.caption(t("supporters_help"))
base = supporters_table(inputs.supporters)
edited_supporters = st.data_editor(
    base, key=keys.SUPPORTERS_EDITOR, num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
    column_config={
        "employee_id": st.column_config.TextColumn(t("col_employee_id"), required=True),
        "name": st.column_config.TextColumn(t("col_name")),
        "max_duties_per_week": st.column_config.NumberColumn(t("col_max_week"), min_value=0, step=1),
        "max_duties_per_period": st.column_config.NumberColumn(t("col_max_period"), min_value=0, step=1),
        "max_nights_per_period": st.column_config.NumberColumn(t("col_max_nights"), min_value=0, step=1),
        "protected_hours_per_week": st.column_config.NumberColumn(t("col_protected_hours"), min_value=0.0),
        "training_valid_until": st.column_config.DateColumn(t("col_training"), format="DD.MM.YYYY"),
        "leads_wards": st.column_config.TextColumn(t("col_leads"), help=t("col_leads_help")),
        "unavailable": st.column_config.TextColumn(t("col_unavailable"), help=t("unavailable_help")),
        "recent_activity": st.column_config.NumberColumn(t("col_recent_activity"), min_value=0, step=1,
                                                         help=t("counts_only")),
        "phone": st.column_config.TextColumn(t("col_phone"), help=t("col_phone_help")),
        "last_refresher": st.column_config.DateColumn(t("col_last_refresher"), format="DD.MM.YYYY"),
        "on_call": st.column_config.CheckboxColumn(t("col_on_call_opt_in"), help=t("col_on_call_opt_in_help")),
    })


def _apply_supporters(frame: pd.DataFrame) -> None:
    old = files["supporters"]["name"] if files["supporters"] else "supporters.csv"
    stem = old.rsplit(".", 1)[0].removesuffix(" (redigert)")
    uploads.set_supporters(f"{stem} (redigert).csv", table_to_csv(frame))
    st.session_state.pop(keys.SUPPORTERS_EDITOR, None)


st.button(t("apply_supporters"), key="apply_supporters", on_click=_apply_supporters, args=(edited_supporters,))

st.divider()
gone = sorted(set(missing_wards) | {w for w in empty_files.values() if w}) or sorted(empty_files)
if gone:
    st.warning(t_plain("plan_without_wards", wards=", ".join(gone),
                       them=t("them_one") if len(gone) == 1 else t("them_many")), icon=":material/warning:")
elif n_err:
    st.warning(t("errors_but_can_plan", n=n_err), icon=":material/warning:")
st.page_link("app_pages/rules.py", label=t("next_rules"), icon=":material/rule:")
st.page_link("app_pages/plan.py", label=t("next_plan"), icon=":material/edit_calendar:")
