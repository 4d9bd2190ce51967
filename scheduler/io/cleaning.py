"""One form for every cell the readers keep: Unicode NFC, no control characters, bounded length.

- **NFC**: a Mac or a web form may write "Å" as "A" plus a combining ring (NFD); without
  normalising, "SÅR" and "SÅR" would be two wards. NFC changes no visible character, so it is
  done silently.
- **Control characters** (line breaks from Alt+Enter in Excel, tabs, terminal escape codes,
  invisible direction marks): a line break or tab becomes a space; other controls are removed,
  so nothing a file contains can move the cursor or recolour a terminal, or break a CSV, an
  .ics calendar or a notice written later. The reader warns (file, row, column).
- **Length**: a cell is cut at :data:`scheduler.io.input_limits.MAX_CELL_CHARS` characters, with a warning.
"""

from __future__ import annotations

import re
import unicodedata

from scheduler.io.input_limits import MAX_CELL_CHARS

__all__ = ["clean_cell", "cleaned", "printable"]

# Line breaks and tabs: a space. C0/C1 controls, DEL, zero-width and bidirectional controls,
# the BOM: removed.
_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_cell(text: str) -> str:
    """The text as the readers keep it (NFC, no controls, at most MAX_CELL_CHARS characters)."""
    if text.isascii() and text.isprintable() and len(text) <= MAX_CELL_CHARS:
        return text
    s = text[: 4 * MAX_CELL_CHARS]
    s = _CONTROLS.sub("", _BREAKS.sub(" ", s))
    s = unicodedata.normalize("NFC", s)
    return s[:MAX_CELL_CHARS]


def cleaned(text: str) -> tuple[str, str]:
    """(clean text, what was done: "" when only NFC or nothing changed, else "controls" or "length")."""
    out = clean_cell(text)
    if out == text:
        return out, ""
    if len(text) > MAX_CELL_CHARS and len(out) == MAX_CELL_CHARS:
        return out, "length"
    if out == unicodedata.normalize("NFC", text):
        return out, ""
    return out, "controls"


def printable(text: str) -> str:
    """Text safe to print on a terminal: line breaks kept, every other control shown as `?`."""
    return "\n".join(_CONTROLS.sub("?", _BREAKS.sub(" ", line)) for line in str(text).split("\n"))
