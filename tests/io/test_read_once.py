"""Each file read once by its content (scheduler/io/read_once.py, issue 25): re-adding one file
re-reads only that file and what truly depends on it — the turnus only when the shift codes, the
ward a file is read as, the staff register or the rules' night-shift date change."""

from __future__ import annotations

from typing import Any

import pytest
from iohelpers import src

import scheduler.io.load as load
import scheduler.io.supporters as supporters_module
from scheduler.io import load_inputs

TURNUS = "employee_id;date;shift_code\n1;2027-01-04;D\n2;2027-01-04;QQ\n"
SUPPORTERS = "employee_id;leads_wards\n1;3B\n9;ZZ\n"
WARDS = "ward;site\n3A;Ullevål\n3B;Aker\n"
CODES = "code;start;end;kind\nQQ;08:00;12:00;work\n"


class Kept:
    """The smallest store: one entry per role, another key drops it (as app_state/read_parts.py)."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, Any]] = {}

    def get(self, role: str, key: str) -> Any | None:
        entry = self.kept.pop(role, None)
        if entry is not None and entry[0] == key:
            self.kept[role] = entry
            return entry[1]
        return None

    def put(self, role: str, key: str, value: Any) -> None:
        self.kept[role] = (key, value)


@pytest.fixture
def reads(monkeypatch) -> dict[str, int]:
    """How often the turnus and the supporters list were read."""
    counts = {"turnus": 0, "supporters": 0}

    def counted(name, real):
        def read(*args, **kw):
            counts[name] += 1
            return real(*args, **kw)
        return read

    monkeypatch.setattr(load, "read_turnus", counted("turnus", load.read_turnus))
    monkeypatch.setattr(load, "read_supporters", counted("supporters", supporters_module.read_supporters))
    return counts


def _load(parts: Kept | None, *, supporters: str = SUPPORTERS, codes: str = CODES, wards: str = WARDS,
          rules: bytes = b"min_overlap = 0.8\n", turnus_name: str = "turnus_3A.csv"):
    return load_inputs([src(turnus_name, TURNUS)], src("s.csv", supporters), wards=src("w.csv", wards),
                       shift_codes=src("c.csv", codes), rules=src("r.toml", rules), parts=parts)


def test_re_adding_the_supporters_list_does_not_read_the_turnus_again(reads) -> None:
    parts = Kept()
    first = _load(parts)
    again = _load(parts)  # the same files again
    changed = _load(parts, supporters=SUPPORTERS + "2;\n")  # another supporters list
    assert reads == {"turnus": 1, "supporters": 2}
    assert set(changed.supporters) == {"1", "2", "9"} and changed.turnus is first.turnus
    assert [r.model_dump() for r in again.reports] == [r.model_dump() for r in first.reports]  # no message twice


def test_a_changed_codes_file_reads_the_turnus_again(reads) -> None:
    parts = Kept()
    assert _load(parts).turnus["kind"].tolist() == ["work", "work"]
    changed = _load(parts, codes="code;start;end;kind\nQQ;;;absence\n")
    assert reads["turnus"] == 2 and changed.turnus["kind"].tolist() == ["work", "absence"]


def test_the_turnus_is_read_again_only_when_the_ward_it_is_read_as_or_the_night_date_changes(reads) -> None:
    parts = Kept()
    _load(parts)
    _load(parts, wards=WARDS + "4C;Aker\n")  # the file still reads as 3A
    _load(parts, rules=b"min_overlap = 0.5\n")  # a rule the reading does not use
    assert reads["turnus"] == 1
    without = _load(parts, wards="ward;site\n3B;Aker\n")  # 3A unknown: the file name no longer gives the ward
    assert reads["turnus"] == 2 and without.turnus["ward"].isna().all()
    _load(parts, rules=b'night_shift_date = "most_hours"\n')  # and the ward list as at first
    assert reads["turnus"] == 3
    renamed = _load(parts, turnus_name="turnus_3B.csv", rules=b'night_shift_date = "most_hours"\n')
    assert reads["turnus"] == 4 and set(renamed.turnus["ward"]) == {"3B"}


def test_a_reading_through_the_store_equals_one_without(reads) -> None:
    parts = Kept()
    _load(parts)
    kept, plain = _load(parts), _load(None)
    assert kept.turnus.equals(plain.turnus) and kept.supporters == plain.supporters and kept.wards == plain.wards
    assert kept.rules == plain.rules and kept.shift_codes == plain.shift_codes
    assert [r.model_dump() for r in kept.reports] == [r.model_dump() for r in plain.reports]
    assert set(parts.kept) == {"turnus", "supporters", "wards", "shift_codes", "rules"}  # one entry per role
