"""`scheduler outreach` on the sample data as the README shows it, with and without the published rota,
checked by `scheduler verify`; the output folder is never the rota's or the user's; invitations
never name the involved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from scheduler.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "data"
INPUTS = ["--turnus", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--wards",
          str(DATA / "wards.csv"), "--rules", str(DATA / "rules.toml")]
#: The involved given by employee id in data/incidents.csv.
INVOLVED = ("65404", "40866", "38944")
SPEC_COLUMNS = ["incident_id", "contact", "supporter_id", "date", "slot", "start", "end", "group", "contact_key",
                "reason_if_unplanned"]


@pytest.fixture(scope="module")
def rota(tmp_path_factory) -> Path:
    """The sample hospital's rota, as `scheduler solve` writes it (short and repeatable)."""
    out = tmp_path_factory.mktemp("rota") / "rota"
    code = main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--wards",
                 str(DATA / "wards.csv"), "--rules", str(DATA / "rules.toml"), "--out", str(out), "--time-limit", "5",
                 "--deterministic", "--no-limit-analysis", "--quiet"])
    assert code == 0
    return out


def _outreach(out: Path, *extra: str) -> int:
    return main(["outreach", str(DATA / "incidents.csv"), *INPUTS, "--out", str(out), *extra])


def test_the_readme_example_without_a_rota(tmp_path: Path, capsys) -> None:
    out = tmp_path / "outreach"
    assert _outreach(out) == 0
    table = pd.read_csv(out / "outreach.csv", dtype=str, keep_default_na=False)
    assert list(table.columns[:10]) == SPEC_COLUMNS
    assert set(table["incident_id"]) == {"H-2027-001", "H-2027-002", "H-2027-003"}
    assert set(table["contact"]) == {"defusing", "first", "follow_up"}
    unplanned = table[table["supporter_id"] == ""]
    assert list(unplanned["reason_code"]) == ["outside_turnus"]  # H-2027-003's follow-up, after the sample period
    assert (out / "invitations").is_dir() and (out / "excel" / "outreach.csv").is_file()
    err = capsys.readouterr().err
    assert "er selv kollegastøtte" in err  # 65404 is involved and a supporter: said, kept as involved
    assert main(["verify", str(out)]) == 0
    assert "Ingen brudd på reglene" in capsys.readouterr().out


def test_verify_asks_the_defusings_that_outreach_defusing_planned(tmp_path: Path, capsys) -> None:
    out = tmp_path / "outreach"
    assert _outreach(out, "--defusing") == 0
    table = pd.read_csv(out / "outreach.csv", dtype=str, keep_default_na=False)
    assert set(table.loc[table["contact"] == "defusing", "incident_id"]) == {"H-2027-001", "H-2027-002", "H-2027-003"}
    assert main(["verify", str(out)]) == 0, capsys.readouterr().out


def test_with_the_published_rota_no_contact_is_on_a_duty_and_the_limits_hold_together(rota: Path, tmp_path: Path,
                                                                                     capsys) -> None:
    out = tmp_path / "outreach"
    assert _outreach(out, "--rota", str(rota), "--lang", "en") == 0
    table = pd.read_csv(out / "outreach.csv", dtype=str, keep_default_na=False)
    duties = pd.read_csv(rota / "duties.csv", dtype=str, keep_default_na=False)
    on_duty = set(zip(duties["supporter_id"], duties["date"], strict=True))
    planned = table[table["supporter_id"] != ""]
    assert len(planned) >= 10
    assert not {(s, d) for s, d in zip(planned["supporter_id"], planned["date"], strict=True)} & on_duty  # one a day
    assert main(["verify", str(out), "--lang", "en"]) == 0
    assert "No rule broken" in capsys.readouterr().out
    # a contact moved onto a rota duty's day is a broken rule, exit 1
    i = planned.index[0]
    sid = table.loc[i, "supporter_id"]
    day = duties[duties["supporter_id"] == sid]
    if len(day):
        table.loc[i, "date"] = day["date"].iloc[0]
        table.to_csv(out / "outreach.csv", index=False)
        assert main(["verify", str(out), "--allow-changed-inputs"]) == 1


def test_invitations_never_name_the_involved(tmp_path: Path) -> None:
    out = tmp_path / "outreach"
    assert _outreach(out) == 0
    names = pd.read_csv(DATA / "turnus.csv", dtype=str).drop_duplicates("employee_id").set_index("employee_id")["name"]
    calendars = list((out / "invitations").glob("*.ics"))
    assert calendars
    for path in calendars:
        text = path.read_text(encoding="utf-8")
        for eid in INVOLVED:
            assert eid not in text and names[eid].split(",")[0] not in text, (path.name, eid)
    assert "Oppsøkende kollegastøtte" in calendars[0].read_text(encoding="utf-8")


def test_out_may_not_be_the_rota_folder_and_a_users_folder_is_never_replaced(rota: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(rota, tmp_path / "rota"))
    before = sorted(p.name for p in copy.iterdir())
    assert _outreach(copy, "--rota", str(copy)) == 2
    assert sorted(p.name for p in copy.iterdir()) == before
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    assert _outreach(mine) == 2
    assert (mine / "notes.txt").read_text() == "mine" and not (mine / "outreach.csv").exists()


def test_an_incidents_file_with_an_error_plans_nothing(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "incidents.csv"
    bad.write_text("ward,occurred,involved\nN-MED1,2027-01-12 14:20,lege:1\nX-99,2027-01-13,lege:1\n", encoding="utf-8")
    out = tmp_path / "outreach"
    assert main(["outreach", str(bad), *INPUTS, "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "incidents.csv, row 3" in err and "nothing was planned" in err
    assert not out.exists()


def test_an_incident_id_that_says_what_happened_is_refused_and_never_repeated(tmp_path: Path, capsys) -> None:
    """The security officer's case: `Eide-selvmordsforsok` as the incident id was printed into every
    invitation. Now it is an error naming file, row and column and the fix, nothing is planned, and
    the id is repeated nowhere (docs/outreach.md, «The incident id»)."""
    given = tmp_path / "incidents.csv"
    given.write_text("incident_id,ward,occurred,involved\nSYN-2027-0142,N-MED1,2027-01-12 14:20,lege:1\n"
                     "Eide-selvmordsforsok,S-NEV2,2027-01-20 03:10,sykepleier:2\n", encoding="utf-8")
    out = tmp_path / "outreach"
    assert main(["outreach", str(given), *INPUTS, "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "incidents.csv, row 3, column «incident_id»: The incident id is neither a reference number" in err
    assert "Leave the cell empty to get a generated id (H-YYYYMMDD-HHMM-n)" in err
    assert "selvmord" not in err and not out.exists()
    # left empty, the id is generated from the time: the invitations name that
    given.write_text("incident_id,ward,occurred,involved\n,S-NEV2,2027-01-20 03:10,sykepleier:2\n", encoding="utf-8")
    assert main(["outreach", str(given), *INPUTS, "--out", str(out)]) == 0
    text = b"".join(p.read_bytes() for p in (out / "invitations").glob("*.ics")).replace(b"\r\n ", b"").decode("utf-8")
    assert "Hendelse H-20270120-0310-1 på S-NEV2" in text


def test_no_file_written_holds_an_involved_id_and_verify_says_so_when_one_does(tmp_path: Path, capsys) -> None:
    """The security officer's case: `outreach.csv` and `excel/outreach.csv` held the involved's ids in
    `group`. Now no file of the folder does: a group is profession × count with an opaque contact key,
    and the independent check reports an id put back into outreach.csv or an invitation (exit 1)."""
    out = tmp_path / "outreach"
    assert _outreach(out) == 0
    for path in (p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert not any(eid.encode() in data for eid in INVOLVED), path.name
    table = pd.read_csv(out / "outreach.csv", dtype=str, keep_default_na=False)
    mine = table[table["incident_id"] == "H-2027-002"]
    assert sorted(set(mine["group"])) == ["helsefagarbeider×1", "sykepleier×2"]  # the three ids, by profession
    assert mine.groupby("group")["contact_key"].nunique().eq(1).all()
    assert all(len(k) == 32 for k in table["contact_key"])
    excel = (out / "excel" / "outreach.csv").read_text(encoding="utf-8-sig")
    assert "contact_key" in excel and "×" in excel
    capsys.readouterr()
    table.loc[mine.index, "group"] = ";".join(INVOLVED)  # as it was written before
    table.to_csv(out / "outreach.csv", index=False)
    assert main(["verify", str(out), "--lang", "en"]) == 1
    shown = capsys.readouterr().out
    assert "[involved_not_named] outreach.csv row" in shown and "column «group»" in shown
    assert not any(eid in shown for eid in INVOLVED)
