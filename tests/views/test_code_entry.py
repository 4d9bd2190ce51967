"""scheduler/views/code_entry.py: a code's meaning typed from the keyboard — a known code, a kind by
its first letters with times, or nothing — and lines of `KODE = betydning`; what cannot be read
says what to type."""

from __future__ import annotations

import pytest

from scheduler.views.code_entry import EntryError, meaning_text, parse_lines, parse_meaning

KNOWN = ["A", "D", "F", "FRI", "K", "KURS", "N", "S"]


@pytest.mark.parametrize(("typed", "meaning"), [
    ("D", {"like": "D"}), ("n", {"like": "N"}), ("  som kurs ", {"like": "KURS"}), ("=D", {"like": "D"}),
    ("a", {"like": "A"}),  # a single letter that is a code is that code, not «arbeid»
    ("arbeid 07:30-15:30", {"kind": "work", "start": "07:30", "end": "15:30"}),
    ("ar 7-15", {"kind": "work", "start": "07:00", "end": "15:00"}),
    ("Arb 22.15 til 7.45", {"kind": "work", "start": "22:15", "end": "07:45"}),
    ("ko 8 15:30", {"kind": "support", "start": "08:00", "end": "15:30"}),
    ("work 0730-1530", {"kind": "work", "start": "07:30", "end": "15:30"}),  # English in full, in Norwegian too
    ("fra", {"kind": "absence", "start": "", "end": ""}), ("fravær", {"kind": "absence", "start": "", "end": ""}),
    ("fri", {"kind": "off", "start": "", "end": ""}), ("FRI", {"kind": "off", "start": "", "end": ""}), ("", None), ("   ", None),
])
def test_typed_meanings(typed, meaning) -> None:
    assert parse_meaning(typed, KNOWN, "no") == meaning


@pytest.mark.parametrize(("typed", "lang", "needle"), [
    ("q", "no", "«q» er verken en kjent vaktkode eller en type. Skriv en kjent kode (f.eks. D eller N)"),
    ("fr", "no", "«fr» kan være fri eller fravær: skriv flere bokstaver."),
    ("arbeid", "no", "arbeid trenger fra og til: skriv f.eks. «arbeid 07:30-15:30»"),
    ("ar 7-25", "no", "arbeid trenger fra og til"),
    ("fravær 8-15", "no", "fravær har ingen tider: skriv bare «fravær»."),
    ("som XY", "no", "«XY» er ingen kjent vaktkode."),
    ("wo", "en", "work needs a start and an end: type e.g. «work 07:30-15:30» (or «wo 7-15»)."),
])
def test_what_cannot_be_read_says_what_to_type(typed, lang, needle) -> None:
    with pytest.raises(EntryError) as error:
        parse_meaning(typed, KNOWN, lang)
    assert needle in error.value.text(lang), error.value.text(lang)
    assert error.value.no and error.value.en


def test_a_mapping_shown_reads_back_to_itself() -> None:
    for spec in ({"like": "D"}, {"kind": "work", "start": "07:30", "end": "15:30"}, {"kind": "off", "start": "", "end": ""},
                 {"kind": "support", "start": "08:00", "end": "15:30"}):
        for lang in ("no", "en"):
            assert parse_meaning(meaning_text(spec, lang), KNOWN, lang) == spec
    assert meaning_text(None) == "" and meaning_text({"kind": "absence"}, "no") == "fravær"


def test_lines_of_code_equals_meaning_fill_many_codes_and_name_the_lines_that_fail() -> None:
    text = "DX = D\nkv: arbeid 15-22\n\n# a comment\nXY = fri\nZZ\tq\nNN = \nMM = fravær 8-9\n"
    found, problems = parse_lines(text, ["DX", "KV", "ZZ", "NN", "MM"], KNOWN, "no")
    assert found == {"DX": {"like": "D"}, "KV": {"kind": "work", "start": "15:00", "end": "22:00"}}
    assert [(n, e.text("no")[:40]) for n, e in problems] == [
        (5, "koden «XY» står ikke i noen turnusfil (k"), (6, "«q» er verken en kjent vaktkode eller en"),
        (8, "fravær har ingen tider: skriv bare «frav")]
    _, problems = parse_lines("just words", ["DX"], KNOWN, "en")
    assert problems[0][0] == 1 and "type «CODE = meaning»" in problems[0][1].text("en")
