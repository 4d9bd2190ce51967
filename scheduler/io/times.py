"""Clock times (`07:30`, `7.30`, `0730`, `07:30:00`) and time ranges in cells (`22:15–07:45`)."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_minutes", "parse_time", "parse_range", "span"]

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::\d{2})?|(\d{2}))?$")
_RANGE = re.compile(r"^\s*(\d{1,2}(?:[:.]?\d{2})?)\s*[-–—]\s*(\d{1,2}(?:[:.]?\d{2})?)\s*$")


def parse_minutes(text: str) -> int | None:
    """Minutes after midnight (0..1440), or None."""
    m = _TIME.match(str(text).strip())
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or m[3] or 0)
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        return None
    return hour * 60 + minute


def parse_time(text: str) -> dt.time | None:
    minutes = parse_minutes(text)
    if minutes is None:
        return None
    return dt.time(0) if minutes == 1440 else dt.time(minutes // 60, minutes % 60)


def span(start: int, end: int) -> tuple[int, int]:
    """(start_min, end_min) with end after start: an end not after the start is the next day."""
    start %= 1440
    end %= 1440
    return start, end + 1440 if end <= start else end


def parse_range(text: str) -> tuple[int, int] | None:
    """A cell such as `07:00-15:00` or `22:15–07:45` as (start_min, end_min), or None."""
    m = _RANGE.match(str(text))
    if not m:
        return None
    a, b = parse_minutes(m[1]), parse_minutes(m[2])
    if a is None or b is None:
        return None
    return span(a, b)
