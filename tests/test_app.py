"""The Streamlit app driven by AppTest: every page, with and without data, both languages.

The solve runs in a worker thread; the tests poll by re-running the script until it is done.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import app_i18n
from app_state.widgets import plain

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DATA = Path(__file__).resolve().parents[1] / "data"
PAGES = ("upload", "rules", "plan", "coverage", "burden", "export", "publish")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "kollegastotte.sqlite3"
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(path))
    return path


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py").run()
    _ok(at)
    return at


def _plan(at: AppTest, seconds: int = 5, timeout: float = 120) -> AppTest:
    _goto(at, "plan")
    at.checkbox(key="measure_limits").uncheck()
    at.slider(key="time_limit").set_value(seconds)
    at.button(key="plan_button").click().run()
    _ok(at)
    started = time.monotonic()
    while at.session_state["plan_job"].running:
        assert time.monotonic() - started < timeout, "the solve did not finish"
        time.sleep(0.5)
        at.run()
    at.run()
    _ok(at)
    return at


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """One sample-data plan shared by the tests that only look at it."""
    import os

    path = tmp_path_factory.mktemp("db") / "shared.sqlite3"
    old = os.environ.get("KOLLEGASTOTTE_DB")
    os.environ["KOLLEGASTOTTE_DB"] = str(path)
    at = _app()
    at.button(key="sample_button").click().run()
    _plan(at)
    yield at
    if old is None:
        os.environ.pop("KOLLEGASTOTTE_DB", None)
    else:
        os.environ["KOLLEGASTOTTE_DB"] = old


def test_every_text_has_both_languages():
    for key, (no, en) in app_i18n.TEXTS.items():
        assert no and en, key


@pytest.mark.parametrize("page", PAGES)
def test_every_page_without_data(db, page):
    at = _app()
    _goto(at, page)
    assert at.title, page


def test_sample_data_loads_and_reports_each_file(db):
    at = _app()
    assert at.button(key="sample_button").label == "Prøv med eksempeldata"
    at.button(key="sample_button").click().run()
    _ok(at)
    labels = [e.label for e in at.expander]
    for name in ("turnus.csv", "supporters.csv", "wards.csv", "rules.toml"):
        assert any(plain(name) in label for label in labels), labels
    for page in PAGES:
        _goto(at, page)


def test_messy_exports_take_the_ward_from_the_file_name(db):
    at = _app()
    at.button(key="sample_messy_button").click().run()
    _ok(at)
    inputs = at.session_state["_inputs_cache"][1]
    wards = inputs.turnus.groupby("source")["ward"].unique()
    assert list(wards["turnus_N-MED1.csv"]) == ["N-MED1"] and list(wards["turnus_N-MED2.xlsx"]) == ["N-MED2"]
    assert any(plain("turnus_N-MED2.xlsx") in e.label for e in at.expander)


def test_upload_files_through_the_uploaders(db):
    at = _app()
    at.file_uploader(key="upload_turnus").set_value([("turnus.csv", (DATA / "turnus.csv").read_bytes(), "text/csv")])
    at.file_uploader(key="upload_supporters").set_value(("supporters.csv", (DATA / "supporters.csv").read_bytes(), "text/csv"))
    at.run()
    _ok(at)
    assert at.session_state["files"]["supporters"]["name"] == "supporters.csv"
    assert any("turnus.csv" in e.label for e in at.expander)


def test_unknown_code_and_column_mapped_by_hand(db):
    text = (DATA / "turnus.csv").read_text(encoding="utf-8").replace("profession", "Tittel", 1)
    text = text.replace(",D,", ",DX,", 5)
    at = _app()
    at.file_uploader(key="upload_turnus").set_value([("turnus.csv", text.encode(), "text/csv")])
    at.file_uploader(key="upload_supporters").set_value(("supporters.csv", (DATA / "supporters.csv").read_bytes(), "text/csv"))
    at.run()
    _ok(at)
    inputs = at.session_state["_inputs_cache"][1]
    assert inputs.reports[0].unknown_codes == {"DX": 5}
    assert "Tittel" in inputs.reports[0].unused_columns
    # map the column: Tittel -> profession
    box = next(s for s in at.selectbox if s.label == "Tittel")
    box.set_value("profession")
    next(b for b in at.button if b.key == "apply_colmap_0").click().run()
    _ok(at)
    assert at.session_state["column_maps"]["turnus.csv"] == {"Tittel": "profession"}
    inputs = at.session_state["_inputs_cache"][1]
    assert "Tittel" not in inputs.reports[0].unused_columns
    # map the code: DX like D
    at.session_state["codes_editor"] = {"edited_rows": {0: {"like": "D"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="apply_codes").click().run()
    _ok(at)
    assert at.session_state["code_maps"] == {"DX": {"like": "D"}}
    inputs = at.session_state["_inputs_cache"][1]
    assert not any(r.unknown_codes for r in inputs.reports if r.kind == "turnus")


def test_supporters_edited_in_the_table(db):
    at = _app()
    at.button(key="sample_button").click().run()
    at.session_state["supporters_editor"] = {"edited_rows": {0: {"max_duties_per_week": 1}}, "added_rows": [],
                                             "deleted_rows": []}
    at.run()
    at.button(key="apply_supporters").click().run()
    _ok(at)
    inputs = at.session_state["_inputs_cache"][1]
    first = sorted(inputs.supporters)[0]
    assert inputs.supporters[first].max_duties_per_week == 1
    assert "(redigert)" in at.session_state["files"]["supporters"]["name"]


def test_rules_edited_are_used_by_the_plan(db):
    at = _app()
    at.button(key="sample_button").click().run()
    _goto(at, "rules")
    assert at.number_input(key="rule_max_duties_per_week").value == 3
    at.number_input(key="rule_max_duties_per_week").set_value(1)
    at.button(key="rules_apply").click().run()
    _ok(at)
    assert at.session_state["rules_edit"]["max_duties_per_week"] == 1
    _plan(at)
    plan = at.session_state["plan"]
    assert plan.instance.rules.max_duties_per_week == 1
    _goto(at, "rules")
    at.button(key="rules_reset").click().run()
    assert "rules_edit" not in at.session_state


def test_plan_shows_tiers_and_result(planned):
    at = _goto(planned, "plan")
    plan = at.session_state["plan"]
    assert plan.summary["counts"]["ward_slots"] > 0
    assert any(df.value.shape[0] == len(plan.summary["tiers"]) for df in at.dataframe)
    labels = [m.label for m in at.metric]
    assert "Dekket" in labels and "Udekket" in labels


def test_coverage_heatmap_filter_and_uncovered_list(planned):
    at = _goto(planned, "coverage")
    charts = [e for e in at.get("vega_lite_chart")]
    assert charts, "no heatmap"
    assert "dekket" in charts[0].proto.spec
    at.selectbox(key="coverage_ward__no").set_value("N-MED1").run()
    _ok(at)
    assert "dl_notice_coverage" in {b.key for b in at.get("download_button")}


def test_burden_page_edits_follow_up(planned):
    at = _goto(planned, "burden")
    assert any(df.value.shape[0] == 30 and "Timer" in df.value.columns for df in at.dataframe)
    first = at.session_state["plan"].burden.sort_values("supporter_id")["supporter_id"].iloc[0]
    row = next(i for i, sid in enumerate(sorted(at.session_state["_inputs_cache"][1].supporters)) if sid == first)
    at.session_state["followup_editor"] = {"edited_rows": {row: {"recent_activity": 9, "unavailable": "2027-01-04..2027-01-06"}},
                                           "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="apply_followup").click().run()
    _ok(at)
    updates = at.session_state["supporter_updates"]
    assert updates[first]["recent_activity"] == 9
    assert updates[first]["unavailable"] == ["2027-01-04", "2027-01-05", "2027-01-06"]
    # the supporters as read stay as they were; the next plan's instance carries the change
    assert at.session_state["_inputs_cache"][1].supporters[first].recent_activity != 9
    _goto(at, "plan")
    instance = at.session_state["_instance_cache"][1]
    assert instance.supporters[first].recent_activity == 9
    assert instance.supporters[first].unavailable >= {dt.date(2027, 1, 4), dt.date(2027, 1, 6)}


def test_export_downloads(planned):
    at = _goto(planned, "export")
    keys = {b.key for b in at.get("download_button")}
    assert {"dl_assignments", "dl_duties", "dl_burden", "dl_workbook", "dl_ics", "dl_ics_zip", "dl_notice",
            "dl_notices_zip"} <= keys


def test_publish_survives_a_restart_and_replan_minimal_change(db):
    at = _app()
    at.button(key="sample_button").click().run()
    _plan(at)
    _goto(at, "publish")
    assert at.button(key="publish_button").label == "Publiser vaktplanen"
    at.selectbox(key="publish_reason__no").set_value("new_period")
    at.button(key="publish_button").click().run()
    _ok(at)
    assert any("nr. 1" in s.value for s in at.success)
    assert db.exists()
    assert at.session_state["view_source"] == "pub:1"
    _goto(at, "coverage")
    assert any(c.value.endswith("). Ny periode.") for c in at.caption), [c.value for c in at.caption]
    # a new session (another user, or after a restart) sees the published rota, without any upload
    fresh = _app()
    assert fresh.session_state["view_source"] == "pub:1" if "view_source" in fresh.session_state else True
    for page in ("coverage", "burden", "export", "publish"):
        _goto(fresh, page)
    _goto(fresh, "coverage")
    assert fresh.get("vega_lite_chart")
    # re-plan with minimal change from the published rota, a forbidden duty included
    _goto(at, "burden")
    duty = at.session_state["plan"].rota.duties.iloc[0]
    at.session_state["pins_editor"] = {"edited_rows": {0: {"action": "forbid"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_pins").click().run()
    _ok(at)
    assert at.session_state["pins"][0]["action"] == "forbid"
    at.number_input(key="replan_time_limit").set_value(5)
    at.button(key="replan_button").click().run()
    _ok(at)
    started = time.monotonic()
    while at.session_state["plan_job"].running:
        assert time.monotonic() - started < 120
        time.sleep(0.5)
        at.run()
    at.run()
    _ok(at)
    plan = at.session_state["plan"]
    assert plan.summary["previous_rota"] is True and plan.summary["pins"] == 1
    again = plan.rota.duties
    assert not ((again["supporter_id"] == duty["supporter_id"]) & (again["date"] == duty["date"])
                & (again["slot"] == duty["slot"])).any()


def test_stop_keeps_the_best_rota(db):
    at = _app()
    at.button(key="sample_button").click().run()
    _goto(at, "plan")
    at.checkbox(key="measure_limits").uncheck()
    at.slider(key="time_limit").set_value(120)
    at.button(key="plan_button").click().run()
    _ok(at)
    job = at.session_state["plan_job"]
    time.sleep(1.0)
    at.run()
    if job.running:
        at.button(key="stop_button").click().run()
    started = time.monotonic()
    while job.running:
        assert time.monotonic() - started < 60
        time.sleep(0.3)
        at.run()
    at.run()
    _ok(at)
    assert job.elapsed() < 60
    assert at.session_state["plan"] is not None
    # a re-run of the page never re-solves by itself
    at.run()
    assert at.session_state["plan_job"] is job


def test_language_toggle_switches_labels(db):
    at = _app()
    assert at.button(key="sample_button").label == "Prøv med eksempeldata"
    at.radio(key="lang").set_value("en").run()
    _ok(at)
    assert at.button(key="sample_button").label == "Try with sample data"
    for page in PAGES:
        _goto(at, page)


def test_make_run_starts_on_the_sample_data(db, monkeypatch):
    """`make run` sets KOLLEGASTOTTE_SAMPLE=1: a new session has the sample loaded, ready to plan."""
    monkeypatch.setenv("KOLLEGASTOTTE_SAMPLE", "1")
    at = _app()
    _ok(at)
    labels = [e.label for e in at.expander]
    assert any(plain("turnus.csv") in label for label in labels), labels
    _goto(at, "plan")
    assert at.button(key="plan_button").disabled is False


def test_no_page_has_a_free_text_field(planned):
    """Nothing typed freely is stored: no text input or text area on any page (publish included)."""
    at = planned
    for page in PAGES:
        _goto(at, page)
        assert not at.text_input and not at.text_area, (page, [w.key for w in [*at.text_input, *at.text_area]])


def test_a_file_name_is_shown_as_plain_text_never_as_a_link_or_image(db):
    hostile = "[klikk](https://example.org) ![x](https://example.org/x.png) :red[rød]*.csv"
    at = _app()
    at.file_uploader(key="upload_turnus").set_value([(hostile, (DATA / "turnus.csv").read_bytes(), "text/csv")])
    at.file_uploader(key="upload_supporters").set_value(("supporters.csv", (DATA / "supporters.csv").read_bytes(), "text/csv"))
    at.run()
    _ok(at)
    label = next(e.label for e in at.expander if "klikk" in e.label)
    assert plain(hostile) in label
    assert "](" not in label.replace("\\](", "").replace("\\(", "") and ":red[" not in label
