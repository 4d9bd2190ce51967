"""The Streamlit app driven by AppTest: every page, with and without data, both languages, and the
bugs and friction of the three roles (issue 10), each as a test that failed before its fix.

The solve runs in a worker thread; the tests poll by re-running the script until it is done.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import app_i18n
from app_state.widgets import plain

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DATA = ROOT / "data"
PAGES = ("upload", "rules", "plan", "coverage", "burden", "export", "publish", "incident")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "kollegastotte.sqlite3"
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(path))
    return path


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    return at


def _ok(at: AppTest) -> None:
    """No exception, and no page that failed (a failed page says so plainly; the router catches it)."""
    assert not at.exception, [e.value for e in at.exception]
    failed = app_i18n.TEXTS["page_failed"]
    assert not any(e.value in failed for e in at.error), "a page failed: see the captured log"


def _goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py").run()
    _ok(at)
    return at


def _upload(at: AppTest, kind: str, files: list[tuple[str, bytes]]) -> AppTest:
    """Choose files in a kind's file chooser (its key carries a generation number)."""
    box = next(u for u in at.file_uploader if u.key.startswith(f"upload_{kind}_"))
    box.set_value([(n, d, "text/csv") for n, d in files] if kind == "turnus" else (files[0][0], files[0][1], "text/csv"))
    at.run()
    _ok(at)
    return at


def _sample(name: str) -> tuple[str, bytes]:
    return name, (DATA / name).read_bytes()


def _code_row(at: AppTest, code: str) -> int:
    """The row of `code` in the codes editor: unknown, to check, or mapped — sorted by code."""
    table = next(df.value for df in at.dataframe if "Lest som" in df.value.columns)
    todo = {c for c, read, check in zip(table["Kode"], table["Lest som"], table["Sjekk"], strict=True)
            if check or read.startswith("ukjent")} | set(at.session_state["code_maps"] if "code_maps" in at.session_state else {})
    return sorted(todo).index(code)


def _job(at: AppTest):
    from app_state import jobs

    return jobs.registry().jobs[at.session_state["draft_id"]]


def _wait(at: AppTest, timeout: float = 120) -> AppTest:
    started = time.monotonic()
    while _job(at).running:
        assert time.monotonic() - started < timeout, "the solve did not finish"
        time.sleep(0.3)
        at.run()
    at.run()
    _ok(at)
    return at


def _plan(at: AppTest, seconds: int = 5, wait: bool = True) -> AppTest:
    _goto(at, "plan")
    at.checkbox(key="measure_limits").uncheck()
    at.slider(key="time_limit").set_value(seconds)
    at.button(key="plan_button").click().run()
    _ok(at)
    return _wait(at) if wait else at


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """One sample-data plan shared by the tests that only look at it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("KOLLEGASTOTTE_DB", str(tmp_path_factory.mktemp("db") / "shared.sqlite3"))
    mp.setenv("KOLLEGASTOTTE_TODAY", "2027-01-13")
    at = _app()
    at.button(key="sample_button").click().run()
    _plan(at)
    yield at
    mp.undo()


# --- texts ----------------------------------------------------------------------------------------------

def test_every_text_has_both_languages():
    for key, (no, en) in app_i18n.TEXTS.items():
        assert no and en, key


def test_every_text_a_page_asks_for_exists():
    """A literal t("key") anywhere in the app names a text that exists (else the page shows ⟨key⟩)."""
    missing = set()
    for path in [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("app_state/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t" and node.args
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value not in app_i18n.TEXTS):
                missing.add((path.name, node.args[0].value))
    assert not missing


def test_norwegian_texts_use_plain_words():
    """No English left in the Norwegian, and no solver terms outside the help that explains them."""
    explained = {"metric_sure_help", "solver_numbers_help", "col_bound", "col_gap"}
    banned = re.compile(r"\b(ward|wards|day|evening|night|gap|bound|solver|tier|slot|slots|draft|"
                        r"post-vakt\w*|binder|optimerer\w*|løser\w*|ansattvakt\w*)\b", re.IGNORECASE)
    found = {k: no for k, (no, _) in app_i18n.TEXTS.items()
             if k not in explained and banned.search(re.sub(r"\{\w+\}", "", no))}
    assert not found
    for key, (no, _) in app_i18n.TEXTS.items():
        assert "-vakta" not in no and "1 flere" not in no, key


# --- every page ------------------------------------------------------------------------------------------

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
    # every file in use is listed on the page, each with its own remove button
    assert {b.key for b in at.button if b.key.startswith("remove_turnus_")} == {f"remove_turnus_{i}" for i in range(12)}


def test_upload_files_through_the_file_choosers(db):
    at = _app()
    _upload(at, "turnus", [_sample("turnus.csv")])
    _upload(at, "supporters", [_sample("supporters.csv")])
    assert at.session_state["files"]["supporters"]["name"] == "supporters.csv"
    assert any(plain("turnus.csv") in e.label for e in at.expander)
    # the chooser is empty again: what is in use is the list under it
    assert all(not u.value for u in at.file_uploader)


def test_unknown_code_and_column_mapped_by_hand(db):
    text = (DATA / "turnus.csv").read_text(encoding="utf-8").replace("profession", "Tittel", 1)
    text = text.replace(",D,", ",DX,", 5)
    at = _app()
    _upload(at, "turnus", [("turnus.csv", text.encode())])
    _upload(at, "supporters", [_sample("supporters.csv")])
    inputs = at.session_state["_inputs_cache"][1]
    assert inputs.reports[0].unknown_codes == {"DX": 5}
    assert "Tittel" in inputs.reports[0].unused_columns
    # map the column: Tittel -> profession, offered by its name for people ("Yrke")
    box = next(s for s in at.selectbox if s.label == "Tittel")
    assert "Yrke" in [box.format_func(o) for o in box.options] or "Yrke" in box.options
    box.set_value("profession")
    next(b for b in at.button if b.key == "apply_colmap_0").click().run()
    _ok(at)
    assert at.session_state["column_maps"]["turnus.csv"] == {"Tittel": "profession"}
    inputs = at.session_state["_inputs_cache"][1]
    assert "Tittel" not in inputs.reports[0].unused_columns
    # map the code: DX like D
    at.session_state["codes_editor"] = {"edited_rows": {_code_row(at, "DX"): {"meaning": "D"}}, "added_rows": [],
                                        "deleted_rows": []}
    at.run()
    at.button(key="apply_codes").click().run()
    _ok(at)
    assert at.session_state["code_maps"] == {"DX": {"like": "D"}}
    inputs = at.session_state["_inputs_cache"][1]
    assert not any(r.unknown_codes for r in inputs.reports if r.kind == "turnus")


def test_a_code_that_differs_by_unit_is_asked_until_confirmed(db):
    """Friction: built-in code meanings were applied silently (a unit's K = course read as evening)."""
    text = (DATA / "turnus.csv").read_text(encoding="utf-8").replace(",A,", ",K,", 40)
    at = _app()
    _upload(at, "turnus", [("turnus.csv", text.encode())])
    _upload(at, "supporters", [_sample("supporters.csv")])
    codes = next(df.value for df in at.dataframe if "Lest som" in df.value.columns)
    k = codes.set_index("Kode").loc["K"]
    assert k["Lest som"].startswith("på jobb 15:00–22:30") and k["Hvorfra"] == "innebygd tabell"
    assert "kurs" in k["Sjekk"]
    assert any(re.search(r"Sjekk disse kodene: [^.]*\bK\b", w.value) for w in at.warning)
    at.session_state["codes_editor"] = {"edited_rows": {_code_row(at, "K"): {"meaning": "kurs"}}, "added_rows": [],
                                        "deleted_rows": []}
    at.run()
    at.button(key="apply_codes").click().run()
    _ok(at)
    assert at.session_state["code_maps"] == {"K": {"like": "KURS"}}
    assert not any(re.search(r"Sjekk disse kodene: [^.]*\bK\b", w.value) for w in at.warning)
    inputs = at.session_state["_inputs_cache"][1]
    assert set(inputs.turnus.loc[inputs.turnus["shift_code"] == "K", "kind"]) == {"absence"}


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
    assert any("Standard: post" in m.value for m in at.markdown)  # not the setting's value «ward»
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


def test_rules_page_sets_the_staff_cap_and_the_exposure_basis(db):
    at = _app()
    at.button(key="sample_button").click().run()
    _goto(at, "rules")
    assert any("Standard: timer" in m.value for m in at.markdown)  # the basis in words, not «hours»
    at.number_input(key="rule_max_staff_per_duty").set_value(60)
    at.radio(key="rule_fair_share_basis").set_value("exposure")
    at.button(key="rules_apply").click().run()
    _ok(at)
    assert at.session_state["rules_edit"]["max_staff_per_duty"] == 60
    assert at.session_state["rules_edit"]["fair_share_basis"] == "exposure"
    _plan(at)
    at = _goto(at, "burden")
    _ok(at)
    assert any("ansatte dekket × timer" in c.value for c in at.caption)  # the bars are exposure, said so
    why = " ".join(m.value for m in at.markdown if "rettferdige andelen er" in m.value)
    assert "ansatt-timer" in why and "ganger andelen" in why


# --- looking at a plan ---------------------------------------------------------------------------------

def test_plan_shows_the_tiers_the_summary_lists_and_the_whole_period(planned):
    at = _goto(planned, "plan")
    plan = at.session_state["plan"]
    tiers = plan.summary["tiers"]
    table = next(df.value for df in at.dataframe if df.value.shape[0] == len(tiers) and "Mål" in df.value.columns)
    assert list(table["Mål"]) == [x["label_no"] for x in tiers]  # one registry of priorities: scheduler.tiers
    labels = [m.label for m in at.metric]
    assert "Med kollegastøtte" in labels and "Uten kollegastøtte" in labels
    # bug 9: the period is a line of text, never a metric cut off at the edge
    assert "Periode" not in labels
    assert any("**Periode:** mandag 04.01.2027 – søndag 28.02.2027 (8 uker)" in m.value for m in at.markdown)


def test_coverage_week_view_heatmap_and_notice(planned, monkeypatch):
    # Around noon, whatever the hour the test runs (from 22:15 Oslo time the night was «nå», not «i natt»):
    # the clock starts at 12:00 when scheduler.localtime was imported and runs on from there.
    monkeypatch.setenv("KOLLEGASTOTTE_CLOCK", "12:00:00")
    at = _goto(planned, "coverage")
    at.selectbox(key="coverage_ward__no").set_value("N-MED1").run()
    _ok(at)
    week = next(h.proto.body for h in at.get("html") if "class='uke'" in h.proto.body)
    # this week (KOLLEGASTOTTE_TODAY = Wednesday 13 January 2027), weekdays, today and tonight marked
    assert "mandag 11.01." in week and "søndag 17.01." in week
    assert "<tr class='idag'><td class='dag'><span class='merke'>i dag</span>onsdag 13.01.</td>" in week
    assert "i natt</span>" in week and ("Ring " in week or "Ingen kollegastøtte" in week)
    # bugs 1 and 8: one ward's heatmap keeps a fixed row height and all three statuses in its legend
    spec = json.loads(next(c for c in at.get("vega_lite_chart")).proto.spec)
    layer = spec["layer"][0]
    assert spec["height"] == {"step": 20}
    assert layer["encoding"]["color"]["scale"]["domain"] == ["kollegastøtte og reserve (R)", "kollegastøtte",
                                                             "ingen kollegastøtte (!)"]
    # colour-blind safe: no red or green, and a mark in every uncovered cell
    assert set(layer["encoding"]["color"]["scale"]["range"]) == {"#0072B2", "#9ecae1", "#E69F00"}
    assert spec["layer"][1]["mark"]["type"] == "text"
    # bug 4: the notice never says why nobody covers (the sample has unavailable and unreleased colleagues)
    notice = next(h.proto.body for h in at.get("html") if "<!doctype html>" in h.proto.body)
    assert "ring Bedriftshelsetjenesten" in notice and "leder på vakt" not in notice
    for hint in ("tilgjengelig", "avgi", "grense"):
        assert hint not in notice
    assert "dl_notice_coverage" in {b.key for b in at.get("download_button")}
    # the coordinator (the local user) reads the reasons with names; a ward manager never does
    # (tests/app/test_app_access.py, the manager's coverage page)
    plan = at.session_state["plan"]
    reasons = [r for (w, _), r in plan.rota.reasons.items() if w == "N-MED1" and r.code in ("all_blocked", "all_at_limit")]
    assert reasons and all(r.text_no != r.text("no", names=False) for r in reasons)
    shown = " ".join(str(cell) for table in at.table for cell in table.value.to_numpy().ravel())
    names = {e.name for sid, e in plan.instance.employees.items() if sid in plan.instance.supporters and e.name}
    assert any(name.replace(",", "\\,") in shown or name in shown for name in names)


def test_burden_page_explains_a_high_load_and_edits_follow_up(planned):
    at = _goto(planned, "burden")
    assert any(df.value.shape[0] == 30 and "Timer" in df.value.columns for df in at.dataframe)
    why = " ".join(m.value for m in at.markdown if "rettferdige andelen er" in m.value)
    assert "ganger andelen" in why and "uker" in why
    first = at.session_state["plan"].burden.sort_values("supporter_id")["supporter_id"].iloc[0]
    row = next(i for i, sid in enumerate(at.session_state["_inputs_cache"][1].supporters) if sid == first)
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
    # the follow-up makes the draft stale (bug 7), and says so
    assert any("endret etter at denne vaktplanen ble laget" in w.value for w in at.warning)
    at.session_state["supporter_updates"] = {}
    at.run()


def test_export_downloads_canonical_and_excel_csv(planned):
    at = _goto(planned, "export")
    keys = {b.key for b in at.get("download_button")}
    assert {"dl_assignments", "dl_duties", "dl_burden", "dl_workbook", "dl_ics", "dl_ics_zip", "dl_notice",
            "dl_notices_zip", "dl_assignments_excel", "dl_burden_excel"} <= keys


#: Boxes one types into whose text is read into fixed values at once and never kept (not in the draft,
#: not in the store): the shift codes' lines `KODE = betydning` (issue 23; tests/app/test_app_walk.py).
PARSED_BOXES = {"codes_paste"}


def test_no_page_has_a_free_text_field(planned):
    """Nothing typed freely is stored: no text input or text area on any page (publish included),
    but the box of code lines, whose text becomes code meanings and is never kept."""
    at = planned
    for page in PAGES:
        _goto(at, page)
        free = [w.key for w in [*at.text_input, *at.text_area] if w.key not in PARSED_BOXES]
        assert not free, (page, free)


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


def test_a_file_name_is_shown_as_plain_text_never_as_a_link_or_image(db):
    hostile = "[klikk](https://example.org) ![x](https://example.org/x.png) :red[rød]*.csv"
    at = _app()
    _upload(at, "turnus", [(hostile, (DATA / "turnus.csv").read_bytes())])
    _upload(at, "supporters", [_sample("supporters.csv")])
    label = next(e.label for e in at.expander if "klikk" in e.label)
    assert plain(hostile) in label
    assert "](" not in label.replace("\\](", "").replace("\\(", "") and ":red[" not in label


# --- the bugs of issue 10 --------------------------------------------------------------------------------

def test_bug2_removing_the_last_file_stops_using_it(db):
    at = _app()
    _upload(at, "turnus", [_sample("turnus.csv")])
    _upload(at, "supporters", [_sample("supporters.csv")])
    assert at.session_state["_inputs_cache"][1].turnus.shape[0] > 0
    at.button(key="remove_turnus_0").click().run()
    _ok(at)
    assert at.session_state["files"]["turnus"] == []
    assert not at.expander  # no reading report uses it any more
    assert any("Last opp minst én turnusfil" in i.value for i in at.info)


def test_bug3_remove_all_files_leaves_nothing_to_come_back(db):
    at = _app()
    messy = sorted((DATA / "messy").glob("turnus_*.csv"))[:3]
    _upload(at, "turnus", [(p.name, p.read_bytes()) for p in messy])
    _upload(at, "supporters", [_sample("supporters.csv")])
    at.button(key="clear_files").click().run()
    _ok(at)
    _upload(at, "turnus", [_sample("turnus.csv")])
    assert [e["name"] for e in at.session_state["files"]["turnus"]] == ["turnus.csv"]
    assert at.session_state["files"]["supporters"] is None


def test_bug6_a_file_without_id_and_ward_columns_says_so_and_mapping_keeps_its_encoding(db):
    lines = ["Navn;Arbeidssted;Dato;Vakt"]
    for day in range(4, 11):
        lines += [f"Ås, Kari;3B;{day:02d}.01.2027;D", f"Ås, Kari;3C;{day:02d}.01.2027;N", f"Øie, Per;3C;{day:02d}.01.2027;A"]
    data = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    at = _app()
    _upload(at, "turnus", [("turnus_alle.csv", data)])
    _upload(at, "supporters", [("supporters.csv", "employee_id\nØie, Per\n".encode())])
    warnings = " ".join(w.value for w in at.warning)
    assert "ingen kolonne for ansattnummer" in warnings  # names as ids: said loudly, not as info
    assert "«alle»" in warnings  # a ward taken from the file name that no ward list knows
    report = next(e for e in at.expander if "turnus\\_alle.csv" in e.label)
    facts = report.markdown[0].value
    assert "**Tegnsett:** Windows-1252" in facts and "**Post fra filnavnet:** alle" in facts
    box = next(s for s in at.selectbox if s.label == "Arbeidssted")
    box.set_value("ward")
    next(b for b in at.button if b.key.startswith("apply_colmap_")).click().run()
    _ok(at)
    report = next(e for e in at.expander if "turnus\\_alle.csv" in e.label)
    facts = report.markdown[0].value
    assert "Windows-1252" in facts and "Post fra filnavnet" not in facts  # bug: said utf-8 and «alle» after mapping
    assert not any("«alle»" in w.value for w in at.warning)
    inputs = at.session_state["_inputs_cache"][1]
    assert set(inputs.turnus["ward"]) == {"3B", "3C"}


def test_bug5_reload_and_restart_resume_the_draft_and_the_running_plan(db):
    from app_state import jobs

    at = _app()
    at.button(key="sample_button").click().run()
    at.session_state["code_maps"] = {"ZZ": {"kind": "off"}}
    at.run()
    _plan(at, wait=False)
    draft = at.session_state["draft_id"]
    # a reload in the middle of planning: a new session at the same address finds files, mapping and the job
    again = _app({"utkast": draft})
    _ok(again)
    assert again.session_state["draft_id"] == draft
    assert [e["name"] for e in again.session_state["files"]["turnus"]] == ["turnus.csv"]
    assert again.session_state["code_maps"] == {"ZZ": {"kind": "off"}}
    _goto(again, "plan")
    assert jobs.registry().jobs[draft] is _job(at)
    _wait(again)
    assert again.session_state["plan"] is not None and again.session_state["view_source"] == "draft"
    # publish something else, then restart the server: the old tab keeps its own unpublished draft
    _goto(again, "publish")
    again.button(key="publish_button").click().run()
    _ok(again)
    again.session_state["pins"] = [{"supporter_id": "0319", "date": "2027-01-05", "slot": "natt", "action": "forbid"}]
    again.run()
    jobs.registry.clear()  # the server process is gone: no jobs, no sessions
    restarted = _app({"utkast": draft})
    _ok(restarted)
    assert restarted.session_state["view_source"] == "draft"  # not silently the published rota
    assert restarted.session_state["pins"][0]["action"] == "forbid"
    assert restarted.session_state["stored_plan"] is not None
    _goto(restarted, "coverage")
    assert any("Viser: utkastet ditt" in c.value for c in restarted.caption)
    assert any("endret etter at" in w.value for w in restarted.warning)  # the new lock made it stale
    # a plan that was running when the server stopped is said to be interrupted
    restarted.session_state["plan_started"] = "a-job-that-never-ended"
    restarted.run()
    _goto(restarted, "plan")
    assert any("serveren startet på nytt" in w.value for w in restarted.warning)


def test_bug7_a_draft_from_changed_files_is_marked_stale_and_not_published(db):
    at = _app()
    at.button(key="sample_messy_button").click().run()
    _plan(at)
    _goto(at, "publish")
    assert at.button(key="publish_button").disabled is False
    _goto(at, "upload")
    at.button(key="remove_turnus_0").click().run()
    for page in ("coverage", "burden", "export"):
        _goto(at, page)
        assert any("endret etter at denne vaktplanen ble laget" in w.value for w in at.warning), page
    _goto(at, "publish")
    assert at.button(key="publish_button").disabled is True
    assert any("kan ikke publiseres" in w.value for w in at.warning)


def test_bug10_two_plans_at_once_take_turns(db):
    first, second = _app(), _app()
    for at in (first, second):
        at.button(key="sample_button").click().run()
    _plan(first, wait=False)
    _plan(second, wait=False)
    a, b = _job(first), _job(second)
    assert a is not b
    deadline = time.monotonic() + 5
    while b.solving_since is None and a.running and time.monotonic() < deadline:
        second.run()
        if any("Venter på tur" in i.value for i in second.info):
            break
        time.sleep(0.2)
    assert any("Venter på tur" in i.value for i in second.info) or a.finished is not None
    _wait(first)
    _wait(second)
    assert a.plan is not None and b.plan is not None
    assert b.solving_since >= a.solved  # never both solving at once


# --- the coordinator: grid, change list, re-plan; publish survives a restart -------------------------------

def test_publish_survives_a_restart_and_replan_shows_what_changed(db):
    at = _app()
    at.button(key="sample_button").click().run()
    _plan(at)
    _goto(at, "publish")
    assert at.button(key="publish_button").label == "Publiser vaktplanen"
    at.selectbox(key="publish_reason__no").set_value("new_period")
    at.button(key="publish_button").click().run()
    _ok(at)
    assert any("nr. 1" in s.value for s in at.success)
    assert at.session_state["view_source"] == "pub:1"
    _goto(at, "coverage")
    assert any(re.search(r"\(\d\d\.\d\d\.\d{4} kl\. \d\d:\d\d\)\. Ny periode\.$", c.value) for c in at.caption)
    # a new session (another user) sees the published rota, without any upload
    fresh = _app()
    for page in ("coverage", "burden", "export", "publish"):
        _goto(fresh, page)
    _goto(fresh, "coverage")
    assert fresh.get("vega_lite_chart")
    # the coordinator forbids one duty on the person × day grid and re-plans with minimal change
    _goto(at, "burden")
    duty = at.session_state["plan"].rota.duties.iloc[0]
    at.selectbox(key="grid_week__no").set_value(dt.date(2027, 1, 4)).run()
    grid_key = "pins_grid_2027-01-04"
    people = sorted(at.session_state["_inputs_cache"][1].supporters,
                    key=lambda s: (at.session_state["_inputs_cache"][1].supporters[s].name or s, s))
    row = people.index(duty["supporter_id"])
    at.session_state[grid_key] = {"edited_rows": {row: {duty["date"]: ""}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_pins").click().run()
    _ok(at)
    assert at.session_state["pins"] == [{"supporter_id": duty["supporter_id"], "date": duty["date"],
                                         "slot": duty["slot"], "action": "forbid"}]
    at.number_input(key="replan_time_limit").set_value(5)
    at.button(key="replan_button").click().run()
    _ok(at)
    _wait(at)
    plan = at.session_state["plan"]
    assert plan.summary["previous_rota"] is True and plan.summary["pins"] == 1
    again = plan.rota.duties
    assert not ((again["supporter_id"] == duty["supporter_id"]) & (again["date"] == duty["date"])
                & (again["slot"] == duty["slot"])).any()
    # the change list says who lost and who gained which duty
    _goto(at, "plan")
    changes = next(df.value for df in at.dataframe if "Endring" in df.value.columns)
    assert "mister støttevakt" in set(changes["Endring"]) and len(changes) == len(at.session_state["plan_meta"]["changes"])
    lost = [c for c in at.session_state["plan_meta"]["changes"] if c["change"] == "removed"]
    assert {"supporter_id": duty["supporter_id"], "date": duty["date"], "slot": duty["slot"]}.items() <= \
        next(c for c in lost if c["supporter_id"] == duty["supporter_id"] and c["date"] == duty["date"]).items()


def _solver_reported(job) -> bool:
    """The solver has reported on a step (its value is NaN from the step's start until then)."""
    value = job.progress.get("objective")
    return value is not None and value == value


def test_stop_keeps_the_best_rota(db):
    at = _app()
    at.button(key="sample_button").click().run()
    _goto(at, "plan")
    at.checkbox(key="measure_limits").uncheck()
    at.slider(key="time_limit").set_value(120)
    at.button(key="plan_button").click().run()
    _ok(at)
    job = _job(at)
    waited = time.monotonic()
    while job.running and not _solver_reported(job):  # a stop while building keeps no rota (test_app_job_stop.py)
        assert time.monotonic() - waited < 120
        time.sleep(0.05)
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
    assert _job(at) is job


def test_plain_escapes_markdown_and_breaks_every_kind_of_autolink():
    assert plain("[a](b) ![c](d) :red[x] *y* `z`") == "\\[a\\]\\(b\\) \\!\\[c\\]\\(d\\) \\:red\\[x\\] \\*y\\* \\`z\\`"
    assert plain("www.x.no https://x.no a@b.no") == "www\u2060.x.no http\u2060s\\://x.no a@\u2060b.no"
    assert plain("1. januar") == "1\\. januar" and plain("- a\nb") == "\\- a b"
    assert plain("x&#46;") == "x\\&\\#46;"


def test_a_failing_page_says_so_plainly_without_a_traceback(db, monkeypatch):
    import app_state.views

    def broken():
        raise RuntimeError("secret internal detail")

    at = _app()
    monkeypatch.setattr(app_state.views, "current_view", broken)
    at.switch_page("app_pages/coverage.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [app_i18n.TEXTS["page_failed"][0]]
    assert "secret internal detail" not in str(at.main)
