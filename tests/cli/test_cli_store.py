"""`scheduler publish` and `scheduler purge` (scheduler/cli/store.py): a rota folder is checked by the
command line's own `verify` first, then kept in the store with its row in the audit log; a folder
that is not a rota, a rota whose files were changed by hand and a store that is not there are
refused, and nothing is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scheduler.cli.main import main
from scheduler.solve.replan_shares import read_basis
from scheduler.store.publications import PublicationStore

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def rota(tmp_path_factory) -> Path:
    """The sample hospital's rota, as `scheduler solve` writes it (short and repeatable)."""
    out = tmp_path_factory.mktemp("rota") / "rota"
    assert main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--wards",
                 str(DATA / "wards.csv"), "--rules", str(DATA / "rules.toml"), "--out", str(out), "--time-limit", "5",
                 "--deterministic", "--no-limit-analysis", "--quiet"]) == 0
    return out


def test_publish_checks_the_rota_then_keeps_it_with_its_audit_row(rota: Path, where, tmp_path: Path, capsys) -> None:
    """On an SQLite file and on a PostgreSQL database alike (`where`: tests/store_backends.py)."""
    store = where
    assert main(["publish", str(rota), "--store", str(store), "--note-code", "new_period", "--lang", "en"]) == 0
    assert "Published as no. 1 (replaces " in capsys.readouterr().out
    (entry,) = PublicationStore(store).audit_log(actions=("publish",))
    assert entry.actor.startswith("cli:")
    # the supervision meetings are kept for the app's calendars, as `solve` wrote them (docs/supervision.md)
    kept = PublicationStore(store).load(1).tables["supervision_calendar"]
    written = sum(f.read_text(encoding="utf-8").count("SUMMARY:Veiledning for kollegastøtter")
                  for f in (rota / "calendars").glob("*.ics"))
    assert len(kept) == written > 0
    # the fair-share base `solve` wrote, kept for the app's re-plan (scheduler.store.replan_basis)
    assert PublicationStore(store).replan_bases([1]) == [read_basis(rota)] and read_basis(rota) is not None
    assert main(["purge", "--store", str(store)]) == 0
    assert capsys.readouterr().out.startswith("Slettet: ")
    history = tmp_path / "historikk.csv"
    assert main(["history", "--store", str(store), "--to", "2027-12-31", "--out", str(history)]) == 0
    assert len(history.read_text(encoding="utf-8").splitlines()) > 1
    assert main(["report", "--store", str(store), "--from", "2027-01-01", "--to", "2027-12-31",
                 "--out", str(tmp_path / "rapport")]) == 0
    assert (tmp_path / "rapport" / "report.json").is_file()


def test_what_is_not_a_checked_rota_is_never_published(rota: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "kollegastotte.sqlite3"
    assert main(["publish", str(tmp_path), "--store", str(store), "--lang", "en"]) == 2
    assert "not a folder with a rota written by `scheduler solve`" in capsys.readouterr().err
    changed = tmp_path / "changed"
    shutil.copytree(rota, changed)
    duties = (changed / "duties.csv").read_text(encoding="utf-8").splitlines()
    (changed / "duties.csv").write_text("\n".join(duties[:1] + duties[2:]) + "\n", encoding="utf-8")  # one duty fewer
    assert main(["publish", str(changed), "--store", str(store), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert "Not published: the rota did not pass the check." in captured.err and captured.out
    assert not store.exists()
    assert main(["purge", "--store", str(tmp_path / "nope.sqlite3"), "--lang", "en"]) == 2
    assert "no such store" in capsys.readouterr().err
