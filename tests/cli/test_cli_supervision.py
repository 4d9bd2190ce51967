"""`scheduler supervision-attendance`: supervision.csv with its `attended` column filled in goes into
the store as counts (audited as the command line's user), comes out with --export, and a file
with a bad cell records nothing, naming row and column."""

from __future__ import annotations

from scheduler.cli.main import main
from scheduler.store.supervision import SupervisionStore

SUPERVISION = ("period_start,period_end,site,date,start,end,invited,at_work,on_duty,attended\n"
               "2027-01-04,2027-01-31,,2027-01-19,08:00,09:30,29,13,1,9\n"
               "2027-02-01,2027-02-28,,2027-02-18,08:00,09:30,30,15,2,\n")


def test_import_then_export(tmp_path, capsys):
    store = tmp_path / "s.sqlite3"
    SupervisionStore(store)
    (tmp_path / "supervision.csv").write_text(SUPERVISION, encoding="utf-8")
    assert main(["supervision-attendance", "--store", str(store), "--import", str(tmp_path / "supervision.csv")]) == 0
    assert main(["supervision-attendance", "--store", str(store), "--export", str(tmp_path / "out.csv")]) == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "date,start,site,attended\n2027-01-19,08:00,,9\n"
    [entry] = SupervisionStore(store).audit_log()[:1]
    assert entry.actor.startswith("cli:") and entry.object_id == "veiledning:2027-01-19T08:00"


def test_a_bad_cell_records_nothing(tmp_path, capsys):
    store = tmp_path / "s.sqlite3"
    SupervisionStore(store)
    (tmp_path / "bad.csv").write_text("date,start,attended\n2027-01-19,08:00,4\n2027-01-20,08:00,sju\n", encoding="utf-8")
    assert main(["supervision-attendance", "--store", str(store), "--import", str(tmp_path / "bad.csv"),
                 "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "row 3, column «attended»" in err and "Nothing was recorded" in err
    assert SupervisionStore(store).attendance().empty
