"""What a draft keeps of an upload (scheduler/io/kept_form.py): the fields read, row for row — never a
column the reader does not use, a title row, or a note written after a date."""

from __future__ import annotations

from pathlib import Path

from scheduler.io import load_inputs
from scheduler.io.kept_form import kept_form
from scheduler.io.supporters import read_supporters
from scheduler.io.types import Source

DATA = Path(__file__).resolve().parents[2] / "data"
SECRET = "samtale etter dødsfall"


def _inputs(turnus: list[Source], supporters: Source):
    return load_inputs(turnus, supporters, wards=Source("wards.csv", (DATA / "wards.csv").read_bytes()))


def test_every_messy_export_reads_the_same_from_its_kept_form():
    supporters = Source("supporters.csv", (DATA / "supporters.csv").read_bytes())
    for path in sorted((DATA / "messy").glob("turnus_*")):
        upload = Source(path.name, path.read_bytes())
        kept = Source(path.name, kept_form("turnus", upload))
        a, b = _inputs([upload], supporters).turnus, _inputs([kept], supporters).turnus
        columns = [c for c in a.columns if c != "source"]
        assert a[columns].reset_index(drop=True).equals(b[columns].reset_index(drop=True)), path.name  # rows too


def test_a_column_the_reader_does_not_use_is_not_kept():
    text = (f"employee_id,name,merknad,unavailable\n0319,\"Johnsen, Lars\",{SECRET},2027-01-06 {SECRET}\n"
            "11468,\"Aas, Mohammed\",,2027-01-07..2027-01-09\n")
    upload = Source("supporters.csv", text.encode())
    kept = kept_form("supporters", upload)
    assert SECRET.encode() not in kept and b"merknad" not in kept
    assert read_supporters(Source("supporters.csv", kept))[0] == read_supporters(upload)[0]


def test_a_rules_file_keeps_only_the_keys_the_program_knows():
    upload = Source("rules.toml", f'redundancy = 2\nmerknad = "{SECRET}"\n[solver]\ntime_limit = 30\nnotat = "x"\n'
                    .encode())
    kept = kept_form("rules", upload).decode()
    assert "redundancy = 2" in kept and "time_limit = 30" in kept and SECRET not in kept and "notat" not in kept


def test_a_note_after_a_date_is_said_and_its_text_never_quoted():
    text = f"employee_id,unavailable,training_valid_until\n0319,2027-01-06 {SECRET},2027-12-31 kurs\n"
    supporters, report = read_supporters(Source("supporters.csv", text.encode()))
    notes = [m for m in report.messages if "text after the date" in m.text_en]
    assert sorted(m.column for m in notes) == ["training_valid_until", "unavailable"] and all(m.row == 2 for m in notes)
    assert all(SECRET not in m.render("no") and SECRET not in m.raw for m in report.messages)
    assert [d.isoformat() for d in supporters["0319"].unavailable] == ["2027-01-06"]
