"""The output folder never costs the user a file: refusals before work, atomic swaps, repairs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.io import out_folder
from scheduler.io.out_folder import MARKER, check_output_folder, is_rota_folder, write_folder_safely

DATA = Path(__file__).resolve().parents[2] / "data"


def _rota(text: str):
    def fill(folder: Path) -> None:
        (folder / "assignments.csv").write_text(text, encoding="utf-8")
        (folder / "notices").mkdir()
        (folder / "notices" / "A.html").write_text(text, encoding="utf-8")

    return fill


def test_new_folder_is_created_with_the_marker(tmp_path: Path) -> None:
    out = write_folder_safely(tmp_path / "out", _rota("new"))
    assert out == tmp_path / "out"
    assert (out / MARKER).is_file() and (out / "assignments.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_own_folder_is_replaced_whole(tmp_path: Path) -> None:
    write_folder_safely(tmp_path / "out", _rota("old"))
    (tmp_path / "out" / "notices" / "gone.html").write_text("x")
    write_folder_safely(tmp_path / "out", _rota("new"))
    assert (tmp_path / "out" / "assignments.csv").read_text() == "new"
    assert not (tmp_path / "out" / "notices" / "gone.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_folder_with_users_files_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "turnus.csv").write_text("mine")
    (out / "assignments.csv").write_text("looks like ours")
    with pytest.raises(InputError) as error:
        check_output_folder(out)
    assert "turnus.csv" in str(error.value)
    assert (out / "turnus.csv").read_text() == "mine"


def test_a_file_named_as_out_is_refused_and_not_hidden(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("a user's file")
    with pytest.raises(InputError, match="file"):
        check_output_folder(target)
    assert target.read_text() == "a user's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_working_folder_with_files_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notes.txt").write_text("keep")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError):
        check_output_folder(Path("."))


def test_empty_working_folder_takes_the_rota(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    write_folder_safely(Path("."), _rota("in place"))
    assert (here / "assignments.csv").read_text() == "in place"
    assert (here / MARKER).is_file()


def test_older_rota_folders_without_marker_are_recognised(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("assignments.csv", "duties.csv", "summary.json"):
        (out / name).write_text("x")
    assert is_rota_folder(out)
    check_output_folder(out)


def test_failure_while_writing_leaves_the_old_rota(tmp_path: Path) -> None:
    write_folder_safely(tmp_path / "out", _rota("old"))

    def broken(folder: Path) -> None:
        (folder / "assignments.csv").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_folder_safely(tmp_path / "out", broken)
    assert (tmp_path / "out" / "assignments.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_two_rename_swap_is_repaired_after_a_kill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_folder_safely(out, _rota("old"))
    # A kill after the first of two renames: only the backup holds the old rota.
    os.replace(out, tmp_path / ".out.old")
    check_output_folder(out)
    assert (out / "assignments.csv").read_text() == "old"
    monkeypatch.setattr(out_folder, "_exchange", lambda a, b: False)  # systems without renameat2
    write_folder_safely(out, _rota("new"))
    assert (out / "assignments.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_stale_staging_of_a_dead_run_is_removed_but_not_foreign_folders(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / ".out.tmp-abc"
    stale.mkdir()
    (stale / MARKER).write_text(f'{{"pid": {int(dead.stdout)}}}')
    lookalike = tmp_path / ".out.tmp-user"
    lookalike.mkdir()
    (lookalike / "precious.txt").write_text("mine")
    write_folder_safely(tmp_path / "out", _rota("new"))
    assert not stale.exists()
    assert (lookalike / "precious.txt").read_text() == "mine"


def test_folder_filled_by_the_user_during_the_solve_gets_a_sibling(tmp_path: Path) -> None:
    out = tmp_path / "out"
    check_output_folder(out)  # fine before the solve …
    out.mkdir()
    (out / "mine.txt").write_text("mine")  # … then the user puts a file there
    written = write_folder_safely(out, _rota("new"))
    assert written != out and written.name.startswith("out-")
    assert (out / "mine.txt").read_text() == "mine"
    assert (written / "assignments.csv").read_text() == "new"


def test_cli_refuses_a_users_folder_before_solving(tmp_path: Path) -> None:
    out = tmp_path / "inputs"
    out.mkdir()
    (out / "turnus.csv").write_bytes((DATA / "turnus.csv").read_bytes())
    run = subprocess.run([sys.executable, "-m", "scheduler", "solve", str(out / "turnus.csv"), "--supporters",
                          str(DATA / "supporters.csv"), "--out", str(out), "--time-limit", "2", "--lang", "en"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "will not be replaced" in run.stderr and "Traceback" not in run.stderr
    assert (out / "turnus.csv").read_bytes() == (DATA / "turnus.csv").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["turnus.csv"]
