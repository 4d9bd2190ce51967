"""`scheduler outreach-status`: outreach.csv's status column filled in and imported into the store,
the store's contacts and conversations exported; a file with a problem records nothing and names
file, row and column; invitations carry the status page's link when the app's address is set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from test_cli_outreach import DATA, INPUTS

from scheduler.cli.main import main
from scheduler.incidents import Incident
from scheduler.store.incidents import StoredContact
from scheduler.store.outcomes import OutcomeStore

URL = "https://kollegastotte.sykehus.example/app"


@pytest.fixture(scope="module")
def outreach(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outreach") / "outreach"
    mp = pytest.MonkeyPatch()
    mp.setenv("KOLLEGASTOTTE_PUBLIC_URL", URL)
    try:
        assert main(["outreach", str(DATA / "incidents.csv"), *INPUTS, "--out", str(out)]) == 0
    finally:
        mp.undo()
    return out


def _store_of(table: pd.DataFrame, path: Path) -> OutcomeStore:
    """The store as the app leaves it after accepting these contacts (the incidents as counts)."""
    store = OutcomeStore(path)
    for iid, rows in table.groupby("incident_id"):
        counts = {p: int(n) for p, n in rows.drop_duplicates("profession")[["profession", "people"]].values}
        store.add_incident("koordinator@sykehus.no", Incident(incident_id=iid, wards=tuple(rows["ward"].iloc[0].split(";")),
                                                              occurred=dt.datetime(2027, 1, 5, 10),
                                                              involved_counts=counts), {})
        contacts = [StoredContact(iid, r.contact, r.profession, i, r.supporter_id, r.date, r.slot, r.start, r.end,
                                  float(r.hours or 0), r.reason_code) for i, r in enumerate(rows.itertuples(index=False))]
        store.accept("koordinator@sykehus.no", iid, contacts)
    return store


def test_outreach_csv_has_an_empty_status_column_and_invitations_the_link(outreach: Path) -> None:
    table = pd.read_csv(outreach / "outreach.csv", dtype=str, keep_default_na=False)
    assert "status" in table.columns and (table["status"] == "").all()
    from icalendar import Calendar

    calendar = Calendar.from_ical(next((outreach / "invitations").glob("*.ics")).read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    link = f"{URL}/kontaktstatus?hendelse={event['uid'].split('-first')[0].split('-follow_up')[0].split('-defusing')[0]}"
    assert str(event["url"]) == link
    assert f"Sett status (holdt, avslått, ikke nådd, flyttet) og antall samtaler her: {link}" in str(event["description"])


def test_without_a_public_address_no_link(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("KOLLEGASTOTTE_PUBLIC_URL", raising=False)
    out = tmp_path / "o"
    assert main(["outreach", str(DATA / "incidents.csv"), *INPUTS, "--out", str(out)]) == 0
    assert all("kontaktstatus" not in p.read_text(encoding="utf-8") for p in (out / "invitations").glob("*.ics"))


def test_a_filled_in_outreach_csv_sets_the_statuses_and_export_gives_them_back(outreach: Path, tmp_path: Path,
                                                                               capsys) -> None:
    table = pd.read_csv(outreach / "outreach.csv", dtype=str, keep_default_na=False)
    store = _store_of(table, tmp_path / "store.sqlite3")
    first = table[(table["contact"] == "first") & (table["supporter_id"] != "")]
    filled = table.copy()
    filled.loc[first.index, "status"] = "holdt"  # every team place of the first talks (they must agree)
    follow = table[(table["contact"] == "follow_up") & (table["supporter_id"] != "")].index[0]
    filled.loc[follow, "status"] = "Ikke nådd"
    filled.to_csv(tmp_path / "filled.csv", index=False, sep=";", encoding="cp1252")  # as Excel saves it
    assert main(["outreach-status", "--store", str(tmp_path / "store.sqlite3"), "--import", str(tmp_path / "filled.csv")]) == 0
    statuses = {c.key: c.status for c in store.planned_contacts()}
    assert {s for (_, k, _), s in statuses.items() if k == "first"} == {"held"}
    assert statuses[tuple(table.loc[follow, ["incident_id", "contact", "profession"]])] == "not_reached"
    assert sum(s != "" for s in statuses.values()) == len(first.drop_duplicates(["incident_id", "profession"])) + 1
    assert "endret" in capsys.readouterr().out
    assert store.audit_log(1)[0].actor.startswith("cli:")
    assert main(["outreach-status", "--store", str(tmp_path / "store.sqlite3"), "--export", str(tmp_path / "out.csv"),
                 "--lang", "en"]) == 0
    exported = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert len(exported) == len(statuses)  # one row per contact, not per team place
    assert set(exported.loc[exported["contact"] == "first", "status"]) == {"held"}
    # the export read back, one status changed: only that one changes
    exported.loc[exported["contact"] == "first", "status"] = ""
    exported.loc[exported.index[0], "status"] = "declined"
    exported.to_csv(tmp_path / "back.csv", index=False)
    assert main(["outreach-status", "--store", str(tmp_path / "store.sqlite3"), "--import", str(tmp_path / "back.csv")]) == 0
    after = {(c.incident_id, c.contact, c.profession): c.status for c in store.planned_contacts()}
    key = tuple(exported.loc[exported.index[0], ["incident_id", "contact", "profession"]])
    assert after[key] == "declined" and sum(s == "held" for s in after.values()) == sum(
        s == "held" for s in statuses.values()) - (statuses[key] == "held")
    # never replaces a file
    assert main(["outreach-status", "--store", str(tmp_path / "store.sqlite3"), "--export", str(tmp_path / "out.csv")]) == 2


def test_a_file_with_a_problem_records_nothing_and_names_row_and_column(outreach: Path, tmp_path: Path, capsys) -> None:
    table = pd.read_csv(outreach / "outreach.csv", dtype=str, keep_default_na=False)
    store = _store_of(table, tmp_path / "store.sqlite3")
    bad = table.copy()
    bad.loc[0, "status"] = "holdt"
    bad.loc[1, "status"] = "hun gråt hele tiden"  # text where a status belongs: refused, never repeated
    bad.loc[2, "incident_id"] = "SYN-999999"
    bad.loc[2, "status"] = "holdt"
    bad.to_csv(tmp_path / "bad.csv", index=False)
    assert main(["outreach-status", "--store", str(tmp_path / "store.sqlite3"), "--import", str(tmp_path / "bad.csv")]) == 2
    err = capsys.readouterr().err
    assert "rad 3" in err.lower() and "status" in err and "gråt" not in err  # row 3 of the file: the second data row
    assert "rad 4" in err.lower() and "incident_id" in err and "Hendelse" in err
    assert "Ingenting er registrert" in err
    assert all(c.status == "" for c in store.planned_contacts())
    assert store.audit_log(1)[0].action != "contact_status"


def test_conversations_in_and_out(tmp_path: Path, capsys) -> None:
    store = OutcomeStore(tmp_path / "store.sqlite3")
    (tmp_path / "samtaler.csv").write_text("Ansattnr;Måned;Samtaler\n1001;2027-01;3\n1002;02.2027;0\n", encoding="utf-8")
    assert main(["outreach-status", "--store", str(store.path), "--import", str(tmp_path / "samtaler.csv")]) == 0
    assert store.conversations().values.tolist() == [["1001", "2027-01", 3], ["1002", "2027-02", 0]]
    (tmp_path / "bad.csv").write_text("supporter_id,month,conversations\n1001,2027-01,3 lange\n1001,2027-13,2\n",
                                      encoding="utf-8")
    assert main(["outreach-status", "--store", str(store.path), "--import", str(tmp_path / "bad.csv")]) == 2
    err = capsys.readouterr().err
    assert "conversations" in err and "month" in err and "lange" not in err
    assert store.conversations()["conversations"].tolist() == [3, 0]
    assert main(["outreach-status", "--store", str(store.path), "--export-conversations", str(tmp_path / "c.csv")]) == 0
    assert pd.read_csv(tmp_path / "c.csv", dtype=str).values.tolist() == [["1001", "2027-01", "3"], ["1002", "2027-02", "0"]]


def test_a_store_that_does_not_exist_is_said(tmp_path: Path, capsys) -> None:
    assert main(["outreach-status", "--store", str(tmp_path / "nope.sqlite3"), "--export", str(tmp_path / "x.csv")]) == 2
    assert "finnes ikke" in capsys.readouterr().err
