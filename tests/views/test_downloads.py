"""Downloads: canonical CSV, a CSV Norwegian Excel opens as columns, zip archives."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from scheduler.views.downloads import csv_bytes, excel_csv_bytes, zip_bytes

FRAME = pd.DataFrame({"name": ["Øster, Åse", "=HYPERLINK(\"x\")"], "hours": [1.5, 2.0], "duties": [1, 2]})


def test_canonical_csv_is_plain_utf8_with_commas():
    data = csv_bytes(FRAME)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8").splitlines()[1] == '"Øster, Åse",1.5,1'


def test_excel_csv_has_bom_semicolons_decimal_comma_and_no_formulas():
    data = excel_csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "name;hours;duties"
    assert lines[1] == "Øster, Åse;1,5;1"
    assert lines[2].startswith("\"'=HYPERLINK") or lines[2].startswith("'=HYPERLINK")


def test_zip_holds_every_member():
    data = zip_bytes({"a.html": "<p>æ</p>", "b.ics": b"BEGIN"})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("a.html").decode("utf-8") == "<p>æ</p>" and z.read("b.ics") == b"BEGIN"
