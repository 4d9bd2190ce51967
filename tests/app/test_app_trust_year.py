"""Pages at a trust's size (issue 25, «At a trust-year»), driven by AppTest on the sample hospital:
what each page sends grows with wards × weeks, not with every ward-slot or every supporter; downloads
are built when asked for; no Streamlit warning. Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zipfile

import pyarrow as pa
import pytest
from streamlit.elements.lib import policies
from test_app import _app, _goto, _ok, _plan


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """One sample plan (12 wards, 8 weeks) shared by the tests that only look at it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("KOLLEGASTOTTE_DB", str(tmp_path_factory.mktemp("db") / "year.sqlite3"))
    mp.setenv("KOLLEGASTOTTE_TODAY", "2027-01-13")
    at = _app()
    at.button(key="sample_button").click().run()
    _plan(at)
    yield at
    mp.undo()


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def streamlit_warnings(monkeypatch):
    """Streamlit's own warnings as a served app logs them (AppTest runs without a runtime, which
    silences the widget-state warning; here it speaks as it does on the server, every time)."""
    monkeypatch.setattr(policies.runtime, "exists", lambda: True)
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    handler = _Warnings()
    logger = logging.getLogger("streamlit")
    logger.addHandler(handler)
    policies._LOGGER.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)
    policies._LOGGER.removeHandler(handler)


def _rows(chart) -> int:
    return sum(pa.ipc.open_stream(d.data.data).read_all().num_rows for d in chart.proto.datasets)


def test_coverage_all_wards_opens_on_wards_by_weeks_worst_first(year):
    at = _goto(year, "coverage")
    charts = list(at.get("vega_lite_chart"))
    assert len(charts) == 1, "all wards: one overview, not a heatmap of every ward-slot"
    spec = json.loads(charts[0].proto.spec)
    wards = {str(w) for w in at.session_state["plan"].rota.assignments["ward"]}
    weeks = {s.date - dt.timedelta(days=s.date.weekday()) for s in at.session_state["plan"].instance.slots}
    assert _rows(charts[0]) <= len(wards) * len(weeks), "one cell per ward and week"
    assert spec["layer"][0]["encoding"]["x"]["field"] == "week"
    # what to look at first: the ward-weeks with shifts nobody covers, worst first; one pick opens ward and week
    from scheduler.views.overview import problems_first, ward_week_overview

    go = at.selectbox(key="coverage_go_to")
    worst = problems_first(ward_week_overview(at.session_state["plan"].coverage))
    first = go.options[1]
    assert go.options[0] == "Velg …" and "uten kollegastøtte" in first
    assert first.startswith(f"{worst['ward'][0]} – ") and f"{worst['uncovered'][0]} vakter" in first
    assert list(worst["uncovered"]) == sorted(worst["uncovered"], reverse=True)
    go.set_value(f"{worst['ward'][0]}|{worst['week'][0]}").run()
    _ok(at)
    ward = at.session_state["coverage_ward"]
    assert ward == worst["ward"][0]
    week = at.session_state["coverage_week"]
    assert week == dt.date.fromisoformat(worst["week"][0])
    assert at.selectbox(key="notice_ward_coverage").value == ward  # the notice follows the ward picked
    html = next(h.proto.body for h in at.get("html") if "class='uke'" in h.proto.body)
    assert f"{week.day:02d}.{week.month:02d}." in html
    # the ward's own heatmap of every shift is back, and no table of every ward's shifts on the overview
    assert len(list(at.get("vega_lite_chart"))) == 1
    at.selectbox(key="coverage_ward__no").set_value("").run()
    assert not [d for d in at.dataframe if d.key == "coverage_table"]


def test_picking_wards_on_coverage_logs_no_streamlit_warning(year, streamlit_warnings):
    at = _goto(year, "coverage")
    for ward in ("N-MED1", "", "N-MED2", "", "N-MED1"):
        at.selectbox(key="coverage_ward__no").set_value(ward).run()
        _ok(at)
    assert not streamlit_warnings, streamlit_warnings


def test_the_download_page_builds_nothing_before_a_click(year, monkeypatch):
    """The workbook, the calendars and the notices are made when their button is clicked, not on every visit."""
    import sys

    made: list[str] = []

    def counting(name, real):
        def wrapper(*args, **kwargs):
            made.append(name)
            return real(*args, **kwargs)
        return wrapper

    for module in [m for n, m in list(sys.modules.items()) if n.startswith(("app_state", "app_pages", "scheduler"))]:
        for name in ("workbook_bytes", "supporter_calendar", "supporter_calendars", "ward_notice_html", "excel_csv_bytes",
                     "csv_bytes"):
            real = getattr(module, name, None)
            if callable(real):
                monkeypatch.setattr(module, name, counting(name, real))
    at = _goto(year, "export")
    buttons = {b.key for b in at.get("download_button")}
    assert {"dl_workbook", "dl_ics", "dl_ics_zip", "dl_notice", "dl_notices_zip", "dl_assignments_excel",
            "dl_coverage"} <= buttons
    assert made == [], f"built before any click: {sorted(set(made))}"
    # and what a click makes is the file itself (the function the button holds)
    from app_pages.lazy_downloads import calendars_zip_maker, workbook_maker
    from app_state.views import View
    from scheduler.report.calendars import supporter_calendar
    from scheduler.solve.plan import plan_tables

    plan = at.session_state["plan"]
    view = View("draft", None, plan_tables(plan), plan.summary, plan.instance, plan.rota, plan.instance.rules)
    assert workbook_maker(view)()[:2] == b"PK"
    assert "workbook_bytes" in made
    who = view.on_duty()[:2]
    archive = zipfile.ZipFile(io.BytesIO(calendars_zip_maker(view, who, lambda s: f"{s}.ics")()))
    assert sorted(archive.namelist()) == sorted(f"{s}.ics" for s in who)
    for s in who:  # each the supporter's own calendar, as the one-person download makes it (the sample's meetings too)
        ics = archive.read(f"{s}.ics")
        duties = int((plan.rota.duties["supporter_id"] == s).sum())
        assert duties and ics.count(b"BEGIN:VEVENT") >= duties, (s, duties)
        assert ics == supporter_calendar(plan.instance, plan.rota, s, view.on_call, meetings=view.meetings)


def _chart_rows(at, key: str) -> list[dict]:
    """The rows a chart sends (AppTest keeps no key on a chart: the hours chart is the first, duties the second)."""
    chart = list(at.get("vega_lite_chart"))[{"burden_hours_chart": 0, "burden_duties_chart": 1}[key]]
    return [r for d in chart.proto.datasets for r in pa.ipc.open_stream(d.data.data).read_all().to_pylist()]


def test_burden_draws_the_top_of_the_list_with_search_and_sort(year, streamlit_warnings):
    at = _goto(year, "burden")
    burden = at.session_state["plan"].burden
    assert len(burden) > 20
    hours = _chart_rows(at, "burden_hours_chart")
    assert len(hours) == 20, "the top of the list, not every supporter"
    ratios = [r["load_ratio"] for r in hours]
    assert ratios == sorted(ratios, reverse=True) and max(ratios) == max(burden["load_ratio"].astype(float))
    assert len({r["who"] for r in _chart_rows(at, "burden_duties_chart")}) == 20
    # sort by name: the alphabetically first supporters
    at.selectbox(key="burden_sort__no").set_value("name").run()
    _ok(at)
    names = sorted(str(n) for n in burden["name"])
    assert [r["who"] for r in _chart_rows(at, "burden_hours_chart")] == names[:20]
    # search: a choice list one types into (no free text field); only those found are drawn
    one = str(burden.sort_values("load_ratio")["supporter_id"].iloc[0])
    at.multiselect(key="burden_find").set_value([one]).run()
    _ok(at)
    assert [r["supporter_id"] for r in _chart_rows(at, "burden_hours_chart")] == [one]
    assert not at.text_input
    # all: every supporter again
    at.multiselect(key="burden_find").set_value([]).run()
    at.selectbox(key="burden_shown__no").set_value(0).run()
    assert len(_chart_rows(at, "burden_hours_chart")) == len(burden)
    assert not streamlit_warnings, streamlit_warnings


def test_report_year_is_the_one_holding_most_of_the_rota():
    from scheduler.views.report_period import report_year, report_years

    span = [dt.date(2027, 1, 4) + dt.timedelta(days=i) for i in range(364)]  # 04.01.2027–02.01.2028
    assert report_year(span, dt.date(2026, 12, 7)) == 2027
    assert report_years(span, dt.date(2026, 12, 7))[:2] == [2028, 2027]
    assert report_year([], dt.date(2026, 12, 7)) == 2026


def test_the_report_opens_on_the_rota_s_own_year(tmp_path, monkeypatch):
    """A rota of 15.11.2027–09.01.2028 (47 days in 2027, 9 in 2028) opens on 2027, not on «9 av 366 dager»."""
    import subprocess
    import sys

    import pandas as pd
    from test_app import DATA

    turnus = pd.read_csv(DATA / "turnus.csv", dtype=str, keep_default_na=False)
    turnus["date"] = [(dt.date.fromisoformat(d) + dt.timedelta(days=315)).isoformat() for d in turnus["date"]]
    (tmp_path / "turnus.csv").write_text(turnus.to_csv(index=False), encoding="utf-8")
    supporters = pd.read_csv(DATA / "supporters.csv", dtype=str, keep_default_na=False)
    if "training_valid_until" in supporters:
        supporters["training_valid_until"] = ""
    (tmp_path / "supporters.csv").write_text(supporters.to_csv(index=False), encoding="utf-8")
    store = tmp_path / "store.sqlite3"
    run = [sys.executable, "-m", "scheduler"]
    subprocess.run([*run, "solve", str(tmp_path / "turnus.csv"), "--supporters", str(tmp_path / "supporters.csv"),
                    "--wards", str(DATA / "wards.csv"), "--out", str(tmp_path / "out"), "--time-limit", "5"],
                   check=True, capture_output=True)
    subprocess.run([*run, "publish", str(tmp_path / "out"), "--store", str(store)], check=True, capture_output=True)
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(store))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-11-20")
    at = _app()
    at = _goto(at, "report")
    assert at.selectbox(key="report_year").value == 2027
    assert 2028 in at.selectbox(key="report_year").options or "2028" in at.selectbox(key="report_year").options


def test_plan_result_fits_at_1440_px_and_counts_in_the_right_number(year):
    """«Med kollegastøtte» is a share (the counts on hover), not «86399 / 86402» cut to «86399 / 8…»;
    «høyst 1 vakter» is «høyst 1 vakt»."""
    import app_i18n

    at = _goto(year, "plan")
    covered = next(m for m in at.metric if m.label == "Med kollegastøtte")
    assert covered.value.endswith(" %") and "/" not in covered.value
    assert " av " in covered.proto.help
    counts = at.session_state["plan"].summary["counts"]
    assert covered.value == app_i18n.fmt_pct(int(1000 * counts["covered"] / counts["ward_slots"]) / 1000)
    assert app_i18n.t("fair_price_bound", extra=app_i18n.plural(1, "duties_n_one", "duties_n_many"), fewest=3) \
        == "Prisen for rettferdighet: høyst 1 vakt flere enn færrest mulig (minst 3)."
    assert app_i18n.fmt_count(86399) == "86\u202f399"


def test_a_plan_job_says_the_phase_it_is_in():
    import time

    from app_state.jobs import PlanJob

    job = PlanJob(time_limit=5, draft_id="x")
    assert job.phase == "waiting"
    job.solving_since = time.monotonic()
    assert job.phase == "building"
    job.progress.update(tier="uncovered", tier_number=1, tiers=7, gap=0.0)
    assert job.phase == "solving"
    job.control.mark("rota")
    assert job.phase == "rota" and "rota" in job.marks
    job.solved = time.monotonic()
    assert job.phase == "saving"
    job.finished = time.monotonic()
    assert job.phase == "done"
    job.stop()
    assert job.stop_pressed is not None and job.control.stopped


def _running_job(at, **progress):
    """A plan job the page sees as running (the registry is the server's), with progress as given."""
    import time

    from app_state import jobs

    draft = at.session_state["draft_id"]
    job = jobs.PlanJob(time_limit=5, draft_id=draft)
    job.meta["kept"] = jobs.registry().jobs.get(draft)  # put back when the test is done
    job.solving_since = time.monotonic() - 60  # far past the time limit: the old page said «finding out which rules …»
    job.progress.update(progress)
    jobs.registry().jobs[draft] = job
    return job


def test_progress_says_the_step_it_is_at_and_proven_only_when_proven(year):
    at = _goto(year, "plan")
    job = _running_job(at, tier="largest_load_ratio", tier_number=3, tiers=7, objective=2.1, bound=1.2, gap=0.43,
                       coverage=0.99, done_tiers=[{"tier": "uncovered", "proven": True}, {"tier": "backups", "proven": False}])
    try:
        at.run()
        bar = at.get("progress")[0].proto.text
        assert bar.startswith("Steg 3 av 7") and "hindrer dekning" not in bar
        sure = next(m for m in at.metric if m.label == "Kan dette steget bli bedre?")
        assert sure.value == "Kanskje"
        captions = " ".join(c.value for c in at.caption)
        assert "Steg 3 av 7: 2,1 (beste mulige: 1,2)" in captions
        assert "1 bevist best, 1 ikke bevist" in captions
        # after the solve: the rota is being laid out — no step, and nothing said to be proven
        job.progress["gap"] = 0.0
        job.control.mark("rota")
        at.run()
        assert "Setter opp vaktplanen" in at.get("progress")[0].proto.text
        assert next(m for m in at.metric if m.label == "Kan dette steget bli bedre?").value == "–"
    finally:
        from app_state import jobs

        job.finished = 0.0
        jobs.registry().jobs[job.draft_id] = job.meta["kept"]
        at.run()


def test_a_stopped_plan_says_how_it_compares_with_the_last(tmp_path, monkeypatch):
    import time

    from test_app import _job, _solver_reported, _wait

    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "store.sqlite3"))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-01-13")
    at = _app()
    at.button(key="sample_button").click().run()
    _plan(at)
    before = at.session_state["plan"].summary
    at.slider(key="time_limit").set_value(120)
    at.radio(key="replan_base").set_value("fresh")
    at.button(key="plan_button").click().run()
    _ok(at)
    job = _job(at)
    # Stop once the solver reports on a step (a stop while the model is built says there is no
    # new plan instead, tests/app/test_app_job_stop.py).
    waited = time.monotonic()
    while job.running and not _solver_reported(job):
        assert time.monotonic() - waited < 120
        time.sleep(0.05)
    at.button(key="stop_button").click().run()
    started = time.monotonic()
    _wait(at)
    assert time.monotonic() - started < 30
    assert job.meta["stopped"] and job.stop_pressed is not None
    box = " ".join(m.value for m in at.markdown)
    assert "Stoppet før tiden" in box
    ratio = app_i18n_ratio(before["fairness"]["largest_ratio"])
    assert f"(forrige plan: {ratio})" in box
    assert f"(forrige plan: {before['counts']['uncovered']})" in box
    assert "Endringer fra forrige plan:" in box


def app_i18n_ratio(x):
    import app_i18n

    return app_i18n.fmt_ratio(x)
