"""Each code the turnus used is shown with the meaning it got; codes that differ by unit are asked."""

from scheduler.domain import ShiftCode, ShiftKind
from scheduler.io.shift_codes import DEFAULT_SHIFT_CODES
from scheduler.io.types import ReadingReport
from scheduler.views.code_meanings import code_meanings


def _report(seen):
    return ReadingReport(file="turnus.csv", kind="turnus", codes_seen=seen)


def test_meanings_sources_and_the_codes_to_check():
    codes = {**DEFAULT_SHIFT_CODES, "D": ShiftCode(code="D", kind=ShiftKind.WORK, start=DEFAULT_SHIFT_CODES["N"].start,
                                                   end=DEFAULT_SHIFT_CODES["N"].end)}
    reports = [_report({"K": 5, "D": 9, "07:00-15:00": 2, "QQ": 1}), _report({"K": 1}),
               ReadingReport(file="koder.csv", kind="shift_codes", codes_seen={"Z": 1})]
    by_code = {m.code: m for m in code_meanings(reports, codes)}
    assert list(by_code) == ["D", "K", "07:00-15:00", "QQ"]  # most used first; only turnus files
    assert (by_code["K"].count, by_code["K"].source, by_code["K"].kind) == (6, "builtin", "work")
    assert by_code["K"].needs_check and "kurs" in by_code["K"].also_no
    assert by_code["D"].source == "file" and not by_code["D"].needs_check
    assert (by_code["07:00-15:00"].source, by_code["07:00-15:00"].start_min) == ("times", 420)
    assert by_code["QQ"].kind == "unknown" and by_code["QQ"].source == ""


def test_a_code_confirmed_by_hand_is_no_longer_asked():
    meanings = code_meanings([_report({"K": 3})], DEFAULT_SHIFT_CODES, by_hand=["k"])
    assert meanings[0].source == "hand" and not meanings[0].needs_check
