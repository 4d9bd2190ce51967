"""Readers: the only part of the library that parses files (docs/inputs.md).

Every reader takes a :class:`Source` (bytes and a name) and returns what it could read plus a
:class:`ReadingReport`; bad input becomes messages, never an exception.
"""

from scheduler.errors import Message, Severity
from scheduler.io.history import read_history
from scheduler.io.load import load_inputs, load_paths
from scheduler.io.pins import read_pins
from scheduler.io.report_text import format_reports
from scheduler.io.rules_file import read_rules
from scheduler.io.shift_codes import DEFAULT_SHIFT_CODES, describe_default_codes, read_shift_codes
from scheduler.io.staff import read_staff
from scheduler.io.supporters import read_supporters
from scheduler.io.turnus import read_turnus
from scheduler.io.types import Inputs, ReadingReport, Source
from scheduler.io.wards import read_wards

__all__ = [
    "DEFAULT_SHIFT_CODES",
    "describe_default_codes",
    "read_shift_codes",
    "read_turnus",
    "read_supporters",
    "read_wards",
    "read_staff",
    "read_rules",
    "read_pins",
    "read_history",
    "load_inputs",
    "load_paths",
    "format_reports",
    "Source",
    "Message",
    "Severity",
    "ReadingReport",
    "Inputs",
]
