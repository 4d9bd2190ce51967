"""File names from ward and person ids: safe on every system, one file per id, and reversible.

A ward notice is `notices/<safe_filename(ward)>.html` and a calendar
`calendars/<safe_filename(supporter_id)>.ics` — in the output folder, in the app's zip files and
wherever the independent checker looks for them. Two different ids never give the same name
(wards "S/INT3" and "S_INT3" become `S%2FINT3` and `S_INT3`), and `id_from_filename` gives the
id back.

The rule (docs/outputs.md): letters (any alphabet, e.g. æøå), digits, `-`, `_` and inner `.`
stay as they are; every other character — `/`, `\\`, `:`, spaces, `%`, control characters, a
leading or trailing dot, a leading dash (shell commands read it as an option) — is written as
`%XX` per byte of its UTF-8 form, like a web address.
A name Windows reserves for devices (`CON`, `NUL`, `COM1`, …) gets its first letter encoded.
An id whose name would be longer than 180 bytes keeps its first part and ends in `~` and a
hash (:func:`hashed_filename`), so the name stays unique but cannot be turned back (`~` is
never written otherwise). Ids that differ only in letter case (`3b`, `3B`) give names that
differ only in case, which Windows and macOS treat as one file: the writer then gives the
second id its hashed name rather than overwrite the first.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["safe_filename", "hashed_filename", "id_from_filename", "MAX_NAME_BYTES"]

#: Longest name (in UTF-8 bytes) before the hashed form is used; leaves room for a prefix
#: like `oppslag_` and an extension within the 255 bytes most file systems allow.
MAX_NAME_BYTES = 180
_EMPTY = "~"  # the name of the empty id; `~` is otherwise always encoded
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
                      | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")})


def _keeps(char: str) -> bool:
    if char in "-_":
        return True
    category = unicodedata.category(char)
    return category[0] == "L" or category == "Nd"


def _encode(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogatepass"))


def safe_filename(ident: str) -> str:
    """The file name (without extension) for a ward or person id: safe, unique, reversible."""
    if ident == "":
        return _EMPTY
    parts = []
    last = len(ident) - 1
    for i, char in enumerate(ident):
        if (_keeps(char) and not (i == 0 and char == "-")) or (char == "." and 0 < i < last):
            parts.append(char)
        else:
            parts.append(_encode(char))
    if ident.split(".")[0].upper() in _RESERVED:
        parts[0] = _encode(ident[0])
    name = "".join(parts)
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    return _hashed(ident, parts)


def _hashed(ident: str, parts: list[str]) -> str:
    # A readable head, cut between whole characters and escapes, then `~` and a hash of the id.
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    head, size = [], 0
    for part in parts:
        size += len(part.encode("utf-8"))
        if size > MAX_NAME_BYTES - 17:
            break
        head.append(part)
    return "".join(head) + "~" + digest


def hashed_filename(ident: str) -> str:
    """The second name of an id: its safe name's head, `~` and a hash. Used for ids too long for
    a file name, and when a folder on a system that ignores letter case already holds the safe
    name of another id (`3b` and `3B`). Unique, but not reversible."""
    name = safe_filename(ident)
    return name if "~" in name else _hashed(ident, _ESCAPE_OR_CHAR.findall(name))


_ESCAPE_OR_CHAR = re.compile(r"%[0-9A-F]{2}|.", re.DOTALL)


_ESCAPE = re.compile(r"(?:%[0-9A-F]{2})+")


def id_from_filename(name: str) -> str | None:
    """The id a name from :func:`safe_filename` stands for; None for a name it cannot have made
    (a shortened long id, or a file someone else put there)."""
    if name == _EMPTY:
        return ""
    if "~" in name:
        return None
    try:
        ident = _ESCAPE.sub(lambda m: bytes.fromhex(m.group(0).replace("%", "")).decode("utf-8", "surrogatepass"), name)
    except UnicodeDecodeError:
        return None
    return ident if safe_filename(ident) == name else None
