"""Turning uploaded bytes into text: BOM, then UTF-8 line by line with Windows-1252 for the lines
that are not UTF-8, then UTF-16 without a BOM when every other byte is zero.

Exports are mostly UTF-8 now, but a file that passed through Excel on a Norwegian PC often has
one row typed in Windows-1252 (cp1252) among UTF-8 ones. Decoding the whole file as cp1252 would
garble every UTF-8 name ("Ã¸" for "ø"), so each line is decoded by what it is, and the lines
read as cp1252 are reported (:attr:`Decoded.repaired`). charset-normalizer is not asked: it reads
Norwegian cp1252 as cp1250 ("Ø" → "Ř").
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["sniff_type", "decode", "decode_text", "Decoded"]

#: A valid UTF-8 sequence of two to four bytes: a file with none of them is not UTF-8 at all.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: Line numbers kept for the report; the rest are counted.
_KEEP_LINES = 1_000


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the sample looks like UTF-16 text of Latin letters."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def sniff_type(data: bytes) -> str:
    """'empty', 'xlsx', 'xls', 'pdf', 'zip', 'binary' or 'text', from the first bytes."""
    if not data[:65536].strip() and not data.strip():
        return "empty"
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if b"xl/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    sample = data[:4096]
    if _utf16_without_bom(sample) is not None:
        return "text"
    if sample.count(b"\x00") > len(sample) // 10:
        return "binary"
    return "text"


@dataclass(frozen=True)
class Decoded:
    """Text of a file, the encoding it was read in, and the lines read as Windows-1252 in a UTF-8 file."""

    text: str
    encoding: str  # utf-8, utf-8-sig, utf-16, cp1252, or "utf-8+cp1252" (some lines repaired)
    repaired: tuple[int, ...] = ()  # 1-based line numbers (the first _KEEP_LINES)
    repaired_count: int = 0


def _mixed(data: bytes, offset: int, name: str) -> Decoded:
    """UTF-8 where it is UTF-8, each other line as cp1252. Linear: each failed attempt stops at the
    bad byte, and the decoder reads a memoryview (no copies of the rest of the file)."""
    view = memoryview(data)
    pieces: list[str] = []
    repaired: list[int] = []
    count = 0
    pos, counted, line = offset, offset, 1
    n = len(data)
    while pos < n:
        try:
            pieces.append(codecs.utf_8_decode(view[pos:], "strict", True)[0])
            break
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            start = max(pos, data.rfind(b"\n", pos, bad) + 1)
            end = data.find(b"\n", bad)
            end = n if end < 0 else end
            pieces.append(codecs.utf_8_decode(view[pos:start], "strict", True)[0])
            pieces.append(data[start:end].decode("cp1252", errors="replace"))
            line += data.count(b"\n", counted, start)
            counted = start
            count += 1
            if len(repaired) < _KEEP_LINES:
                repaired.append(line)
            pos = end
    return Decoded("".join(pieces), f"{name}+cp1252", tuple(repaired), count)


def decode_text(data: bytes) -> Decoded:
    """Never raises: a byte no encoding explains becomes U+FFFD."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return _mixed(data, len(codecs.BOM_UTF8), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data[:4096])
    if utf16 is not None:
        return Decoded(data.decode(utf16, errors="replace"), "utf-16")
    if _UTF8_MULTIBYTE.search(data) is None:  # no UTF-8 letter anywhere: a Windows-1252 file
        return Decoded(data.decode("cp1252", errors="replace"), "cp1252")
    return _mixed(data, 0, "utf-8")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name); see :func:`decode_text`."""
    d = decode_text(data)
    return d.text, d.encoding
