"""The app's re-plan after sick leave keeps the published fair shares (issue 20), as `scheduler solve
--previous` does: the plan's base is kept with its publication in the store
(scheduler.store.replan_basis), the plan job hands it to the re-plan, and the re-plan's burden targets
split the published rota's proven needed hours — checked by the independent checker against the
published rota's folder (`shares_match_basis`); a second sick week re-planned against the draft
keeps it on. Before, the app's re-plan split its own, smaller bound: every target smaller, ratios
larger for the same duties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_app import _app, _goto, _ok, _plan, _upload, _wait

from scheduler.check.folder import verify_dir
from scheduler.check.report import format_verify_report
from scheduler.io import load_paths
from scheduler.report.folder import write_plan
from scheduler.store.publications import PublicationStore

MONDAY = dt.date(2027, 1, 4)
WARDS = "ABCDEF"
SICK_WEEK = [MONDAY + dt.timedelta(days=i) for i in range(14, 21)]
SECOND_WEEK = [MONDAY + dt.timedelta(days=i) for i in range(7, 14)]


def _away(duties, week: list[dt.date]) -> list[str]:
    """Who has a weekday duty in `week`: those whose sick week changes the rota."""
    return sorted(set(duties[duties["date"].isin([d.isoformat() for d in week[:5]])]["supporter_id"]))


def _files(folder: Path) -> dict[str, Path]:
    """Six wards over four weeks; on weekdays two supporters and a colleague per ward at work, at
    weekends the colleague and, on ward A, one supporter. Two wards a duty: the proven fewest (68
    hours) is well above the bound a re-plan computes without a model — the M shape, small
    (tests/solve/test_replan_shares.py)."""
    lines = ["employee_id,date,shift_code,ward,name,profession"]
    for day in (MONDAY + dt.timedelta(days=i) for i in range(28)):
        weekend = day.weekday() >= 5
        for w in WARDS:
            staff = [f"{w.lower()}3"] + ([] if weekend else [f"{w.lower()}1", f"{w.lower()}2"])
            staff += ["a1"] if w == "A" and weekend else []
            lines += [f"{e},{day.isoformat()},D,{w},Person {e},sykepleier" for e in staff]
    files = {"turnus": folder / "turnus.csv", "supporters": folder / "supporters.csv", "rules": folder / "rules.toml"}
    files["turnus"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    files["supporters"].write_text("employee_id\n" + "\n".join(f"{w.lower()}{i}" for w in WARDS for i in (1, 2)) + "\n",
                                   encoding="utf-8")
    files["rules"].write_text("max_duties_per_week = 3\nmax_consecutive_days = 3\nmax_wards_per_duty = 2\n\n"
                              "[solver]\nworkers = 1\n", encoding="utf-8")
    return files


def _sick(at, sid: str, week: list[dt.date]) -> None:
    """Mark `sid` away for `week` on the burden page's follow-up, as the coordinator does."""
    _goto(at, "burden")
    row = list(at.session_state["_inputs_cache"][1].supporters).index(sid)
    at.session_state["followup_editor"] = {"edited_rows": {row: {"unavailable": f"{week[0]}..{week[-1]}"}},
                                           "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="apply_followup").click().run()
    _ok(at)


def test_the_apps_replan_after_sick_leave_splits_the_published_needed_hours(tmp_path, monkeypatch):
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "store.sqlite3"))
    files = _files(tmp_path)
    at = _app()
    for kind in ("turnus", "supporters", "rules"):
        _upload(at, kind, [(files[kind].name, files[kind].read_bytes())])
    _plan(at, seconds=20)
    first = at.session_state["plan"]
    fairness = first.summary["fairness"]
    assert fairness["needed_hours_proven"] is True and first.basis is not None
    _goto(at, "publish")
    at.selectbox(key="publish_reason__no").set_value("new_period")
    at.button(key="publish_button").click().run()
    _ok(at)
    store = PublicationStore(tmp_path / "store.sqlite3")
    assert store.replan_bases([1]) == [first.basis]  # kept beside the publication's tables
    # A supporter with weekday duties in the third week falls sick for that week; re-plan.
    duties = first.rota.duties
    sid = _away(duties, SICK_WEEK)[0]
    _sick(at, sid, SICK_WEEK)
    at.number_input(key="replan_time_limit").set_value(20)
    at.button(key="replan_button").click().run()
    _ok(at)
    _wait(at)
    again = at.session_state["plan"]
    assert again.summary["previous_rota"] is True
    model = again.summary["model"]
    assert model["local_replan"] == 1 and model["shares_from_previous"] == 1
    needed = again.summary["fairness"]["needed_hours"]
    assert needed == fairness["needed_hours"]  # the published rota's, not the re-plan's own smaller bound
    assert again.burden["target"].sum() == pytest.approx(needed, abs=0.01 * len(again.burden))
    # On its own bound (48 hours against the published 68) the sick week put one supporter above the
    # 1.5× follow-up line (largest 1.96); on the published needed hours nobody is (largest 1.38).
    assert again.summary["fairness"]["supporters_above_flag"] == 0
    assert again.basis is not None and again.basis.needed_hours == needed  # kept with it for the next re-plan
    # The independent checker: the targets add up to the needed hours, and the base kept is the
    # published rota's proven one, with the same inputs but the supporters' sick week.
    published = write_plan(first, tmp_path / "published", "en")
    replanned = write_plan(again, tmp_path / "replan", "en")
    inputs = load_paths([files["turnus"]], files["supporters"], rules_path=files["rules"])
    inputs.supporters[sid] = inputs.supporters[sid].model_copy(update={"unavailable": frozenset(SICK_WEEK)})
    report = verify_dir(replanned, inputs, previous=published)
    assert report.ok, format_verify_report(report, "en")
    assert not (again.rota.duties["supporter_id"].eq(sid) & again.rota.duties["date"].isin(
        [d.isoformat() for d in SICK_WEEK])).any()
    # Another sick week, re-planned against the draft's last plan (not published): the base kept
    # with that plan carries the published one on.
    other = next(s for s in _away(again.rota.duties, SECOND_WEEK) if s != sid)
    _sick(at, other, SECOND_WEEK)
    at.button(key="replan_button").click().run()
    _ok(at)
    _wait(at)
    third = at.session_state["plan"]
    assert at.session_state["plan_meta"]["baseline"] == "draft"
    assert third.summary["model"]["shares_from_previous"] == 1 and third.summary["fairness"]["needed_hours"] == needed
    inputs.supporters[other] = inputs.supporters[other].model_copy(update={"unavailable": frozenset(SECOND_WEEK)})
    report = verify_dir(write_plan(third, tmp_path / "third", "en"), inputs, previous=replanned)
    assert report.ok, format_verify_report(report, "en")
