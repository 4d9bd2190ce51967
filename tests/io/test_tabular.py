"""A file to a table (scheduler/io/tabular.py, grid.py): the wrong file types, no header found (docs/inputs.md)."""

from __future__ import annotations

import pytest
from iohelpers import src, turnus


@pytest.mark.parametrize(("data", "word"), [
    (b"", "tom"), (b"   \n", "tom"), (b"%PDF-1.4\n%\xe2\xe3", "PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04garbage", "zip"), (b"\x00\x01\x02\x00" * 100, "binær"),
])
def test_wrong_file_types_give_a_clear_message(data: bytes, word: str) -> None:
    df, emps, (rep,) = turnus(src("x.csv", data))
    assert len(df) == 0 and emps == {}
    assert not rep.ok and word in rep.errors[0].text_no


def test_no_header_found() -> None:
    _, _, (rep,) = turnus(src("x.csv", "a;b;c\n1;2;3\n"))
    assert not rep.ok
    assert rep.errors[0].row == 1 and rep.errors[0].raw == ""  # the first line may be a data row with names
    assert "header" in rep.errors[0].text_en
