"""`scheduler whatif` as a coordinator runs it: on the bundled sample, on this machine's cores
(an embedded Dask cluster), the folder written whole; wrong options and a cluster that is not
there are messages with their fix, never a traceback (scheduler/cli/whatif.py, docs/whatif.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scheduler.cli.main import main
from scheduler.io.out_folder import write_folder_safely

DATA = Path(__file__).resolve().parents[2] / "data"
INPUTS = [str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--wards", str(DATA / "wards.csv"),
          "--rules", str(DATA / "rules.toml")]


def test_proposes_where_to_train_on_a_local_cluster(tmp_path, capsys) -> None:
    out = tmp_path / "hvor"
    code = main(["whatif", *INPUTS, "--train", "1", "--shortlist", "2", "--time-limit", "1", "--workers", "2",
                 "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    picks = pd.read_csv(out / "whatif.csv", dtype={"ward": str, "profession": str})
    assert list(picks.columns[:8]) == ["rank", "ward", "profession", "uncovered_before", "uncovered_after",
                                       "largest_ratio_before", "largest_ratio_after", "duties_before"]
    evaluated = pd.read_csv(out / "evaluated.csv")
    assert len(evaluated) == 2
    if len(picks):
        assert picks.loc[0, "uncovered_after"] <= picks.loc[0, "uncovered_before"]
        assert "uavhengige kontrollen" in (out / "whatif.txt").read_text(encoding="utf-8")
    assert "[1/3]" in printed.err and "Hvor bør neste kollegastøtter læres opp?" in printed.out


def test_wrong_options_are_messages_with_the_fix(tmp_path, capsys) -> None:
    assert main(["whatif", *INPUTS, "--train", "0", "--out", str(tmp_path / "a")]) == 2
    assert "--train må være 1–20" in capsys.readouterr().err
    assert main(["whatif", str(DATA / "turnus.csv"), "--out", str(tmp_path / "b")]) == 2
    assert "--supporters" in capsys.readouterr().err


def test_never_writes_over_a_rota(tmp_path, capsys) -> None:
    rota = write_folder_safely(tmp_path / "vaktplan", lambda d: (d / "assignments.csv").write_text("date\n"))
    assert main(["whatif", *INPUTS, "--train", "1", "--serial", "--out", str(rota)]) == 2
    assert (rota / "assignments.csv").exists() and not (rota / "whatif.csv").exists()


def test_a_cluster_that_is_not_there_is_named(tmp_path, capsys) -> None:
    code = main(["whatif", *INPUTS, "--train", "1", "--cluster", "tcp://127.0.0.1:9", "--out", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "tcp://127.0.0.1:9" in err and "Dask" in err
