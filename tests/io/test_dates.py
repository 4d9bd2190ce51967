"""Date forms, wide-header dates with weekday prefixes and the year taken from context."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.io.dates import parse_date, parse_date_list, parse_header_date, resolve_header_dates

D = dt.date(2027, 1, 4)


@pytest.mark.parametrize("text", ["2027-01-04", "04.01.2027", "4.1.2027", "04.01.27", "04/01/2027",
                                  "2027-01-04 00:00:00", "2027-01-04T00:00", "46391", "46391.0",
                                  "ma 04.01.27", " 04.01.2027 "])
def test_full_dates(text: str) -> None:
    assert parse_date(text) == D


@pytest.mark.parametrize("text", ["", "D", "31.02.2027", "2027-13-01", "12345", "x 04.01.2027", "04.01"])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_header_dates_with_weekdays() -> None:
    assert parse_header_date("Man 04.01") == parse_header_date("ma 4.1")
    p = parse_header_date("tir 5.1")
    assert p is not None and (p.day, p.month, p.year, p.weekday) == (5, 1, None, 1)
    assert parse_header_date("Turnus") is None


def test_year_from_other_headers_and_wrap() -> None:
    parts = [parse_header_date(t) for t in ("ma 28.12", "ti 29.12", "fr 01.01.2027", "lø 2.1")]
    dates, how = resolve_header_dates(parts)  # type: ignore[arg-type]
    assert how == "written"
    assert dates == [dt.date(2026, 12, 28), dt.date(2026, 12, 29), dt.date(2027, 1, 1), dt.date(2027, 1, 2)]


def test_year_from_hint_and_wrap() -> None:
    parts = [parse_header_date(t) for t in ("30.12", "31.12", "1.1")]
    dates, how = resolve_header_dates(parts, year_hint=2030)  # type: ignore[arg-type]
    assert how == "hint" and dates == [dt.date(2030, 12, 30), dt.date(2030, 12, 31), dt.date(2031, 1, 1)]


def test_year_inferred_from_weekdays() -> None:
    parts = [parse_header_date(t) for t in ("Man 04.01", "Tir 05.01")]
    dates, how = resolve_header_dates(parts, today=dt.date(2026, 11, 1))  # type: ignore[arg-type]
    assert how == "weekday" and dates[0] == D


def test_date_lists() -> None:
    dates, bad = parse_date_list("2027-01-04..2027-01-06; 01.02.2027,xx")
    assert dates == {D, dt.date(2027, 1, 5), dt.date(2027, 1, 6), dt.date(2027, 2, 1)}
    assert bad == ["xx"]
