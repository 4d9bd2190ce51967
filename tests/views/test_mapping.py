"""Hand-made fixes after reading: renamed headers and mapped codes are read like the real thing."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from scheduler.io import read_shift_codes, read_turnus
from scheduler.io.headers import TURNUS
from scheduler.io.shift_codes import DEFAULT_SHIFT_CODES
from scheduler.io.supporters import _ALIASES as SUPPORTER_ALIASES
from scheduler.io.types import Source
from scheduler.io.wards import _ALIASES as WARD_ALIASES
from scheduler.views.mapping import MAPPABLE_FIELDS, codes_source, rename_headers

CP1252 = "Ansattnr;Navn;Tittel;Post;Dato;Vakt\r\n1001;Øster, Åse;sykepleier;3B;04.01.2027;D\r\n".encode("cp1252")


def test_renaming_a_header_keeps_every_other_byte_and_the_encoding():
    renamed = rename_headers(Source("turnus.csv", CP1252), {"Tittel": "profession"})
    head, _, rest = renamed.data.partition(b"\r\n")
    assert head == b"Ansattnr;Navn;profession;Post;Dato;Vakt"
    assert rest == CP1252.partition(b"\r\n")[2]  # the rows are the uploaded bytes
    _, _, reports = read_turnus([renamed], DEFAULT_SHIFT_CODES)
    assert reports[0].encoding == "cp1252"
    assert reports[0].columns["profession"] == "profession"


def test_a_byte_order_mark_stays_and_an_empty_mapping_changes_nothing():
    data = b"\xef\xbb\xbfAnsattnr,Tittel\n1,x\n"
    assert rename_headers(Source("a.csv", data), {"Tittel": "profession"}).data == \
        b"\xef\xbb\xbfAnsattnr,profession\n1,x\n"
    src = Source("a.csv", data)
    assert rename_headers(src, {"Tittel": ""}) is src


def test_the_header_is_found_below_title_rows_and_in_a_workbook():
    data = b"Turnus for 3B\n\nAnsattnr;Tittel\n1;x\n"
    assert rename_headers(Source("a.csv", data), {"Tittel": "profession"}).data == \
        b"Turnus for 3B\n\nAnsattnr;profession\n1;x\n"
    book = Workbook()
    book.active.append(["Ansattnr", "Tittel"])
    buffer = io.BytesIO()
    book.save(buffer)
    out = rename_headers(Source("a.xlsx", buffer.getvalue()), {"Tittel": "profession"})
    assert [c.value for c in load_workbook(io.BytesIO(out.data)).active[1]] == ["Ansattnr", "profession"]


def test_codes_mapped_by_hand_join_the_uploaded_table_and_win_over_it():
    base = Source("koder.csv", b"code,start,end,kind\nDX,07:00,15:00,work\nQ,,,off\n")
    src = codes_source({"DX": {"like": "N"}, "ZZ": {"kind": "absence"}}, base)
    codes, report = read_shift_codes(src)
    assert not report.errors
    assert (codes["DX"].start, codes["DX"].kind.value) == (DEFAULT_SHIFT_CODES["N"].start, "work")
    assert codes["ZZ"].kind.value == "absence" and codes["Q"].kind.value == "off"
    assert codes_source({}, base) is base


def test_the_fields_offered_are_the_readers_own():
    assert set(MAPPABLE_FIELDS["turnus"]) == set(TURNUS)
    assert set(MAPPABLE_FIELDS["supporters"]) == set(SUPPORTER_ALIASES)
    assert set(MAPPABLE_FIELDS["wards"]) == set(WARD_ALIASES)
