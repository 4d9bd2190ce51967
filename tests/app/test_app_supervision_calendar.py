"""The app's calendars carry the supervision meetings as the command line's do (docs/supervision.md):
a draft planned in the session, a publication read back from the store and the rota in force give
each supporter the same .ics as `scheduler solve` writes — checked by the independent checker."""

from __future__ import annotations

import pytest
from conftest import days, make_inputs

from scheduler.check.folder import verify_dir
from scheduler.check.report import format_verify_report
from scheduler.domain import Rules, SolverSettings, Supervision
from scheduler.model.demand import build_instance
from scheduler.report.calendars import SUPERVISION_SUMMARY
from scheduler.report.folder import write_plan
from scheduler.solve.plan import make_plan, plan_tables


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory):
    # Wards A and B work days on weekdays; a1 and b1 support each other's ward; c1 (ward C) works
    # days but is never needed: a meeting but no duty, so a calendar only for the meeting.
    rows = [(e, w, d, "D") for d in days(5) for e, w in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B"),
                                                           ("c1", "C"))]
    inputs = make_inputs(rows, ["a1", "b1", "c1"], rules=Rules(supervision=Supervision(every_weeks=1)))
    inputs.wards = {}
    settings = SolverSettings(time_limit=10, workers=1, deterministic=True)
    plan = make_plan(build_instance(inputs), settings=settings, measure_limits=False)
    folder = write_plan(plan, tmp_path_factory.mktemp("sup") / "out", "no")
    report = verify_dir(folder, inputs)
    assert report.ok, format_verify_report(report, "en")
    return plan, folder


def _written(folder) -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in sorted((folder / "calendars").glob("*.ics"))}


def _view(kind: str, tables, summary, instance, rota):
    from app_state.views import View

    return View(kind, None, tables, summary, instance, rota, instance.rules)


def _app_calendars(view) -> dict[str, bytes]:
    from app_pages.lazy_downloads import calendar_maker

    return {sid: calendar_maker(view, sid)() for sid in view.on_duty()}


def test_a_draft_planned_here_has_the_meetings_in_its_calendars(planned) -> None:
    plan, folder = planned
    written = _written(folder)
    assert sum(SUPERVISION_SUMMARY.encode() in c for c in written.values()) == 3  # everyone works the meeting's hours
    view = _view("draft", plan_tables(plan), plan.summary, plan.instance, plan.rota)
    assert _app_calendars(view) == written  # c1 too: a meeting, no duty


def test_a_publication_and_the_rota_in_force_keep_them(planned, tmp_path) -> None:
    from scheduler.store.publications import PublicationStore
    from scheduler.store.published import kept_rota, kept_tables, skeleton_instance

    plan, folder = planned
    written = _written(folder)
    store = PublicationStore(tmp_path / "store.sqlite3")
    pub = store.load(store.publish(kept_tables(plan), plan.summary, plan.instance.rules.model_dump_json(), {"t.csv": "x"}))
    instance = skeleton_instance(pub.tables, pub.summary, pub.rules_json, pub.checksums)
    assert _app_calendars(_view("published", pub.tables, pub.summary, instance, kept_rota(pub.tables))) == written
    force = store.rota_in_force()
    instance = skeleton_instance(force.tables, force.summary, force.rules_json, {})
    assert _app_calendars(_view("in_force", force.tables, force.summary, instance, kept_rota(force.tables))) == written
