"""The app's history pages driven by AppTest (docs/history.md): the next plan carries the store's
history and the burden page says why a share is smaller; the coordinator's follow-up, one
supporter's history, importing a history file, and the leadership report."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import app_i18n
from scheduler.domain import Rules
from scheduler.store.publications import PublicationStore

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DATA = ROOT / "data"
NEW_PAGES = ("followup", "supporter", "report")


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not any(e.value in app_i18n.TEXTS["page_failed"] for e in at.error), "a page failed"


def _goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py").run()
    _ok(at)
    return at


def _earlier_period(db: Path) -> None:
    """A fortnight before the sample's period, published: the sample supporters, some carrying far
    more than their share (duties on the first 8 days for the first five supporters)."""
    ids = pd.read_csv(DATA / "supporters.csv", dtype=str)["employee_id"].tolist()
    first = dt.date(2026, 12, 21)
    duties = pd.DataFrame([{"supporter_id": sid, "name": "", "home_ward": "", "date": (first + dt.timedelta(days=d)).isoformat(),
                            "slot": "dag", "start": "", "end": "", "wards_covered": "N-MED1", "hours": 1.0}
                           for sid in ids[:5] for d in range(0, 8, 2)])
    burden = pd.DataFrame({"supporter_id": ids, "target": [20 / len(ids)] * len(ids), "base_target": [20 / len(ids)] * len(ids)})
    coverage = pd.DataFrame({"date": ["2026-12-21", "2026-12-22"], "slot": ["dag", "natt"], "ward": ["N-MED1", "N-MED2"],
                             "headcount": [4, 2], "covered": [True, False], "reason": ["", "Ingen kollegastøtte er på jobb"],
                             "supporter_id": [ids[0], ""], "backup_id": ["", ""], "reason_code": ["", "no_supporter_at_work"]})
    summary = {"status": "OPTIMAL", "horizon": {"from": first.isoformat(), "to": (first + dt.timedelta(days=13)).isoformat()},
               "counts": {"covered": 1, "uncovered": 1, "duties": len(duties)}}
    PublicationStore(db).publish({"duties": duties, "burden": burden, "coverage": coverage}, summary,
                                 Rules().model_dump_json(), {}, reason="new_period")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "kollegastotte.sqlite3"
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(path))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-01-13")
    return path


@pytest.mark.parametrize("page", NEW_PAGES)
def test_the_new_pages_without_any_data(db, page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    _goto(at, page)
    assert at.title
    assert not at.text_input and not at.text_area  # nothing typed freely is stored


def test_the_next_plan_carries_the_store_history_and_the_burden_page_says_why(db):
    _earlier_period(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.button(key="sample_button").click().run()
    _goto(at, "plan")
    instance = at.session_state["_instance_cache"][1]
    heavy = pd.read_csv(DATA / "supporters.csv", dtype=str)["employee_id"].tolist()[0]
    assert instance.history.periods == 1 and instance.history.carried[heavy].duties == 4
    at.checkbox(key="measure_limits").uncheck()
    at.slider(key="time_limit").set_value(5)
    at.button(key="plan_button").click().run()
    from app_state import jobs

    started = time.monotonic()
    while jobs.registry().jobs[at.session_state["draft_id"]].running:
        assert time.monotonic() - started < 120
        time.sleep(0.3)
        at.run()
    at.run()
    _goto(at, "burden")
    assert any("tidligere periode" in c.value for c in at.caption)
    assert at.session_state["plan"].summary["history"]["periods"] == 1
    burden = at.session_state["plan"].burden.set_index("supporter_id")
    assert burden.loc[heavy, "target"] < burden.loc[heavy, "base_target"]
    # the coordinator asks about the heavy one: the carried load is the reason given
    at.selectbox(key="why_load_supporter__no").set_value(heavy).run()
    why = " ".join(m.value for m in at.markdown if "rettferdige andelen er" in m.value)
    assert "Bar " in why and "× det den ellers ville vært" in why
    assert any("Bar før" in df.value.columns for df in at.dataframe)


def test_followup_flags_supporter_page_and_history_import(db):
    _earlier_period(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.button(key="sample_button").click().run()
    _goto(at, "followup")
    table = next(df.value for df in at.dataframe if "Merknader" in df.value.columns)
    assert len(table) == 30
    flagged = table[table["Merknader"] != ""]
    assert len(flagged) >= 5 and all("over 1,5 × andelen" in f for f in flagged["Merknader"].head(5))
    assert at.get("download_button") and any(b.key == "dl_history" for b in at.get("download_button"))
    assert any("opplæringen" in w.value for w in [*at.warning, *at.info])  # the sample has training that runs out
    # import a history file: its rows count, the audit log says who imported it
    text = "ansattnr;periode fra;periode til;vakter\n" + "".join(
        f"{sid};2026-10-05;2026-12-20;{n}\n" for sid, n in (("0319", 9), ("11468", 1)))
    at.file_uploader(key="history_upload").set_value(("historikk.csv", text.encode(), "text/csv")).run()
    _ok(at)
    at.button(key="import_button").click().run()
    _ok(at)
    assert any("Importert som nr. 1" in s.value for s in at.success)
    imports = next(df.value for df in at.dataframe if "Rader" in df.value.columns)
    assert imports["Rader"].tolist() == [2]
    log = PublicationStore(db).audit_log()
    assert [(e.action, e.object_id) for e in log if e.action.startswith("history_import")] == [("history_import", "1")]
    at.button(key="import_withdraw").click().run()
    _ok(at)
    assert PublicationStore(db).audit_log()[0].action == "history_import_withdrawn"
    # one supporter's own history, for the talk with them
    _goto(at, "supporter")
    heavy = pd.read_csv(DATA / "supporters.csv", dtype=str)["employee_id"].tolist()[0]
    at.selectbox(key="supporter_pick__no").set_value(heavy).run()
    _ok(at)
    text = " ".join(m.value for m in at.markdown)
    assert "støttevakter 4 (4 timer)" in text and "Merknader: over 1,5 × andelen" in text
    periods = next(df.value for df in at.dataframe if "Periode" in df.value.columns)
    assert periods["Periode"].tolist() == ["21.12.2026–03.01.2027"]


def test_report_page_offers_html_pdf_and_excel(db):
    _earlier_period(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    _goto(at, "report")
    at.selectbox(key="report_year").set_value(2026).run()
    at.selectbox(key="report_span__no").set_value("q4").run()
    _ok(at)
    keys = {b.key for b in at.get("download_button")}
    assert {"dl_report_html", "dl_report_xlsx"} <= keys
    assert not any("Ingen publiserte vaktplaner" in i.value for i in at.info)
