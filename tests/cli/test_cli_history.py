"""History and the leadership report on the command line (scheduler/cli/history.py, and what `solve`
carries over): `solve --store / --history`, `history`, `report` (docs/history.md)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from scheduler.cli.main import main
from scheduler.domain import SolverSettings
from scheduler.io import load_paths
from scheduler.model.demand import build_instance
from scheduler.solve.plan import make_plan
from scheduler.store.publications import PublicationStore
from scheduler.store.published import kept_tables

DATA = Path(__file__).resolve().parents[2] / "data"
FIRST = dt.date(2027, 1, 4)


def _rules(tmp: Path, first: dt.date, last: dt.date) -> Path:
    path = tmp / f"rules_{first}.toml"
    text = (DATA / "rules.toml").read_text(encoding="utf-8")
    path.write_text(f"horizon_start = {first}\nhorizon_end = {last}\n{text}", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The sample hospital's first two weeks, planned and published as the app does it."""
    tmp = tmp_path_factory.mktemp("store")
    db = tmp / "kollegastotte.sqlite3"
    inputs = load_paths([DATA / "turnus.csv"], DATA / "supporters.csv", wards_path=DATA / "wards.csv",
                        rules_path=_rules(tmp, FIRST, FIRST + dt.timedelta(days=13)))
    plan = make_plan(build_instance(inputs), settings=SolverSettings(time_limit=5, workers=1, deterministic=True),
                     measure_limits=False)
    PublicationStore(db).publish(kept_tables(plan), plan.summary, inputs.rules.model_dump_json(), {}, reason="new_period")
    return db


def _solve(tmp: Path, out: str, *extra: str) -> dict:
    second = FIRST + dt.timedelta(days=14)
    code = main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--wards",
                 str(DATA / "wards.csv"), "--rules", str(_rules(tmp, second, second + dt.timedelta(days=6))),
                 "--out", str(tmp / out), "--time-limit", "5", "--deterministic", "--no-limit-analysis", "--quiet", *extra])
    assert code == 0
    assert main(["verify", str(tmp / out)]) == 0  # the independent checker
    return json.loads((tmp / out / "summary.json").read_text(encoding="utf-8"))


def test_store_and_history_file_give_the_next_period_the_same_history(store, tmp_path, capsys):
    history_file = tmp_path / "historikk.csv"
    assert main(["history", "--store", str(store), "--to", "2027-01-17", "--out", str(history_file)]) == 0
    written = pd.read_csv(history_file, dtype={"supporter_id": str})
    assert set(written.columns) >= {"supporter_id", "period_start", "period_end", "duties", "hours", "fair_share_hours"}
    assert (written["period_start"] == "2027-01-04").all() and written["duties"].sum() > 0
    assert main(["history", "--store", str(store), "--to", "2027-01-17", "--out", str(history_file)]) == 2  # never replaced
    from_store = _solve(tmp_path, "a", "--store", str(store))
    from_file = _solve(tmp_path, "b", "--history", str(history_file))
    assert from_store["history"] == from_file["history"]
    assert from_store["history"]["periods"] == 1 and from_store["history"]["supporters"] > 20
    a = pd.read_csv(tmp_path / "a" / "burden.csv", dtype={"supporter_id": str})
    b = pd.read_csv(tmp_path / "b" / "burden.csv", dtype={"supporter_id": str})
    pd.testing.assert_series_equal(a["carried_ratio"], b["carried_ratio"])
    pd.testing.assert_series_equal(a["target"], b["target"])
    carried = a.dropna(subset=["carried_ratio"])
    assert len(carried) > 20
    carried = carried[carried["base_target"] > 0]  # available this week
    # those who carried more than their share got a smaller share now, and the other way round
    above, below = carried[carried["carried_ratio"] > 1.2], carried[carried["carried_ratio"] < 0.8]
    assert (above["target"] < above["base_target"]).all() and (below["target"] > below["base_target"]).all()


def test_a_bad_history_file_is_a_message_with_its_row_and_column(store, tmp_path, capsys):
    bad = tmp_path / "historikk.csv"
    bad.write_text("supporter_id,period_start,period_end,duties\n0319,2026-12-01,2026-12-31,3\n11468,31.12.2026,2026-12-01,2\n",
                   encoding="utf-8")
    _solve(tmp_path, "c", "--history", str(bad), "--lang", "en")
    err = capsys.readouterr().err
    assert "historikk.csv, row 3" in err and "period_end" in err
    missing = main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--history",
                    str(tmp_path / "nope.csv"), "--out", str(tmp_path / "d"), "--quiet"])
    assert missing == 2
    assert main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--store",
                 str(tmp_path / "nope.sqlite3"), "--out", str(tmp_path / "e"), "--quiet"]) == 2
    assert not (tmp_path / "nope.sqlite3").exists()  # a mistyped store is not created empty


def test_report_writes_html_pdf_and_workbook_counts_only(store, tmp_path, capsys):
    out = tmp_path / "rapport"
    assert main(["report", "--store", str(store), "--from", "2027-01-01", "--to", "2027-03-31", "--out", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "rapport til ledelsen" in page and "1. kvartal 2027" in page and "@media print" in page
    assert "<svg" in page and "Dekning per sykehus" in page and "Hvorfor vakter ikke ble dekket" in page
    people = pd.read_csv(DATA / "supporters.csv", dtype=str)
    assert not any(name in page for name in people["name"].dropna())  # no names unless asked
    counts = json.loads((out / "report.json").read_text(encoding="utf-8"))
    total = counts["overview"][-1]
    assert total["quarter"] == "total" and total["ward_slots"] == total["covered"] + total["uncovered"] > 0
    assert counts["days_with_rota"] == 14 and counts["publications"] == [1]
    assert sum(g["supporters"] for g in counts["duty_groups"]) == counts["duty_stats"]["supporters"] == len(people)
    assert counts["training"]["valid"] + counts["training"]["lapsed"] + counts["training"]["lapses_soon"] \
        + counts["training"]["no_end_date"] == len(people)
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert "Oversikt" in book.sheetnames
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)  # text is text, never a formula
    with zipfile.ZipFile(out / "report.xlsx") as z:
        assert any(n.startswith("xl/charts/") for n in z.namelist())
    pdf = out / "report.pdf"
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        assert not pdf.exists()
    else:
        assert pdf.read_bytes().startswith(b"%PDF")
    named = tmp_path / "med-navn"
    assert main(["report", "--store", str(store), "--from", "2027-01-01", "--to", "2027-03-31", "--out", str(named),
                 "--names", "--lang", "en"]) == 0
    page = (named / "report.html").read_text(encoding="utf-8")
    assert "Q1 2027" in page and any(name in page for name in people["name"].dropna())


def test_report_refuses_a_folder_of_the_users_and_a_missing_store(store, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notat.txt").write_text("x", encoding="utf-8")
    assert main(["report", "--store", str(store), "--from", "2027-01-01", "--to", "2027-03-31", "--out", str(mine)]) == 2
    assert (mine / "notat.txt").exists()
    assert main(["report", "--store", str(tmp_path / "none.sqlite3"), "--from", "2027-01-01", "--to", "2027-03-31",
                 "--out", str(tmp_path / "r")]) == 2
    assert main(["report", "--store", str(store), "--from", "2027-03-31", "--to", "2027-01-01", "--out",
                 str(tmp_path / "r")]) == 2


def test_history_counts_the_published_period_like_the_burden_table(store):
    """The history of the published fortnight is its burden.csv: duties, nights, weekends, fair share."""
    from scheduler.domain import Rules
    from scheduler.history.carried import history_from
    from scheduler.store.history import HistoryStore

    pub = PublicationStore(store).latest()
    history, _ = history_from(HistoryStore(store), FIRST + dt.timedelta(days=14), Rules.model_validate_json(pub.rules_json))
    burden = pub.tables["burden"]
    for r in burden.itertuples(index=False):
        c = history.carried[r.supporter_id]
        assert (c.duties, c.nights, c.weekend_duties) == (r.duties, r.nights, r.weekend_duties), r.supporter_id
        assert c.fair_share_hours == pytest.approx(r.base_target, abs=0.01)



def test_history_counts_contacts_not_team_places_and_those_held(store, tmp_path):
    """Two supporters on one first talk are one contact each (not two places each); a follow-up
    after every period of theirs gets its month's row; held ones are counted apart."""
    import shutil

    from scheduler.incidents import Incident
    from scheduler.store.incidents import StoredContact
    from scheduler.store.outcomes import OutcomeStore

    db = tmp_path / "s.sqlite3"
    shutil.copy(store, db)
    s1, s2 = pd.read_csv(DATA / "supporters.csv", dtype=str)["employee_id"].head(2)
    outcomes = OutcomeStore(db)
    outcomes.add_incident("k@sykehus.no", Incident(incident_id="H-1", wards=("X",), occurred=dt.datetime(2027, 1, 5, 9),
                                                   involved_counts={"sykepleier": 3, "lege": 1}), {})

    def place(contact, profession, i, sid, day):
        return StoredContact("H-1", contact, profession, i, sid, day, "dag", f"{day}T08:00", f"{day}T15:00", 1.0)

    outcomes.accept("k@sykehus.no", "H-1", [
        place("first", "sykepleier", 0, s1, "2027-01-06"), place("first", "sykepleier", 1, s2, "2027-01-06"),
        place("first", "lege", 0, s2, "2027-01-07"), place("follow_up", "sykepleier", 0, s1, "2027-02-02")])
    outcomes.set_status("k@sykehus.no", "H-1", "first", "sykepleier", "held")
    out = tmp_path / "h.csv"
    assert main(["history", "--store", str(db), "--from", "2027-01-01", "--to", "2027-02-28", "--out", str(out)]) == 0
    written = pd.read_csv(out, dtype={"supporter_id": str})
    assert list(written.columns[7:9]) == ["contacts", "contacts_held"]
    assert written["contacts"].sum() == 4 and written["contacts_held"].sum() == 2  # 4 contacts by 2 supporters
    in_period = written[written["period_start"] == "2027-01-04"].set_index("supporter_id")
    assert in_period.loc[s1, ["contacts", "contacts_held"]].tolist() == [1, 1]
    assert in_period.loc[s2, ["contacts", "contacts_held"]].tolist() == [2, 1]
    month = written[written["period_start"] == "2027-02-01"]
    assert month[["supporter_id", "period_end", "duties", "contacts", "contacts_held"]].values.tolist() == [
        [s1, "2027-02-28", 0, 1, 0]]
    # the report counts the same contacts once each (4 team places, 3 contacts), with their outcome
    assert main(["report", "--store", str(db), "--from", "2027-01-01", "--to", "2027-03-31", "--out",
                 str(tmp_path / "rapport")]) == 0
    data = json.loads((tmp_path / "rapport" / "report.json").read_text(encoding="utf-8"))
    assert data["overview"][-1]["contacts"] == 3
    assert [(r["planned"], r["held"], r["no_status"]) for r in data["outcomes"]["contacts"]] == [(3, 1, 2)]
    assert data["outcomes"]["incidents"][0]["incidents"] == 1
