"""Turning uploaded bytes into text: BOM, then UTF-8 line by line with Windows-1252 for the lines
that are not UTF-8, then UTF-16 without a BOM when every other byte is zero.

Exports are mostly UTF-8 now, but a file that passed through Excel on a Norwegian PC often has
one row typed in Windows-1252 (cp1252) among UTF-8 ones. Decoding the whole file as cp1252 would
garble every UTF-8 name ("Ã¸" for "ø"), so each line is decoded by what it is, and the lines
read as cp1252 are reported (:attr:`Encoded.repaired`). charset-normalizer is not asked: it reads
Norwegian cp1252 as cp1250 ("Ø" → "Ř").

Memory: a 200 MB upload is never held as a Python string. :func:`as_parseable` returns the bytes
a CSV parser can read directly — the upload itself when it is UTF-8 or cp1252 (the common case;
no copy), else one UTF-8 copy built chunk by chunk (UTF-16, repaired lines, NUL bytes, CR-only
line ends).
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass

__all__ = ["sniff_type", "decode", "decode_text", "Decoded", "Encoded", "as_parseable"]

#: The start of a UTF-8 sequence of two to four bytes: a file with none is not UTF-8 at all. (One
#: character class pair, not the exact grammar: the exact one takes seconds on 200 MB.)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
#: Bytes that do not occur in text files (C0 controls except tab, line ends, BEL and ESC: escape
#: codes are text, to be neutralised later, not proof of a binary file).
_CONTROL_BYTES = bytes([*range(0, 7), 8, 11, *range(14, 27), *range(28, 32)])
#: Line numbers kept for the report; the rest are counted.
_KEEP_LINES = 1_000
_CHUNK = 1 << 24


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
    """'empty', 'xlsx', 'xls', 'encrypted', 'pdf', 'zip', 'binary' or 'text', from the first bytes."""
    if not data[:65536].strip() and not data.strip():
        return "empty"
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if b"xl/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: Excel 97, or an encrypted .xlsx
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000] else "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    sample = data[:4096]
    if _utf16_without_bom(sample) is not None:
        return "text"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) * 0.08:
        return "binary"
    return "text"


@dataclass(frozen=True)
class Encoded:
    """Bytes ready for a CSV parser: `data[start:]` in `parser_encoding` ("utf-8" or "cp1252")."""

    data: bytes | bytearray | memoryview
    start: int
    parser_encoding: str
    encoding: str  # as found: utf-8, utf-8-sig, utf-16, cp1252, or "utf-8+cp1252" (some lines repaired)
    repaired: tuple[int, ...] = ()  # 1-based line numbers read as cp1252 (the first _KEEP_LINES)
    repaired_count: int = 0

    def text(self, limit: int | None = None) -> str:
        """The text (or its first `limit` bytes' worth; a character cut at the end is dropped)."""
        view = memoryview(self.data)[self.start:] if limit is None else memoryview(self.data)[self.start:self.start + limit]
        return codecs.decode(view, self.parser_encoding, "ignore" if limit is not None else "replace")


@dataclass(frozen=True)
class Decoded:
    """Text of a (small) file, the encoding it was read in, and the lines repaired."""

    text: str
    encoding: str
    repaired: tuple[int, ...] = ()
    repaired_count: int = 0


def _valid_utf8(view: memoryview) -> bool:
    """Strict UTF-8 over the whole buffer, chunk by chunk (nothing kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for off in range(0, len(view), _CHUNK):
            decoder.decode(view[off:off + _CHUNK], False)
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


def _repair(data: bytes, offset: int) -> Encoded:
    """UTF-8 where it is UTF-8, each other line re-encoded from cp1252; one output buffer sized
    exactly. Linear: each failed attempt stops at the bad byte (memoryview, no copies of the rest)."""
    view = memoryview(data)
    spans: list[tuple[int, int, bytes]] = []
    repaired: list[int] = []
    pos, counted, line, n = offset, offset, 1, len(data)
    while pos < n:
        try:
            codecs.utf_8_decode(view[pos:], "strict", True)
            break
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            start = max(pos, data.rfind(b"\n", pos, bad) + 1)
            end = data.find(b"\n", bad)
            end = n if end < 0 else end
            line += data.count(b"\n", counted, start)
            counted = start
            if len(repaired) < _KEEP_LINES:
                repaired.append(line)
            spans.append((start, end, data[start:end].decode("cp1252", errors="replace").encode("utf-8")))
            pos = end
    out = bytearray(n - offset - sum(e - s for s, e, _ in spans) + sum(len(b) for _, _, b in spans))
    at, src = 0, offset
    for start, end, fixed in spans:
        out[at:at + start - src] = view[src:start]
        at += start - src
        out[at:at + len(fixed)] = fixed
        at += len(fixed)
        src = end
    out[at:] = view[src:]
    name = "utf-8-sig" if offset else "utf-8"
    return Encoded(out, 0, "utf-8", f"{name}+cp1252", tuple(repaired), len(spans))


def _transcode(data: bytes, encoding: str) -> bytearray:
    """Any encoding to UTF-8, chunk by chunk."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    out = io.BytesIO()
    view = memoryview(data)
    for off in range(0, len(view), _CHUNK):
        out.write(decoder.decode(view[off:off + _CHUNK], False).encode("utf-8"))
    out.write(decoder.decode(b"", True).encode("utf-8"))
    return bytearray(out.getbuffer())


def as_parseable(data: bytes) -> Encoded:
    """The upload as bytes a parser reads in one encoding; never raises (U+FFFD for what no
    encoding explains). NUL bytes are dropped and CR-only line ends become LF."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE) or (
            not data.startswith(codecs.BOM_UTF8) and _utf16_without_bom(data[:4096]) is not None):
        encoding = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else _utf16_without_bom(data[:4096])
        enc = Encoded(_transcode(data, encoding or "utf-16"), 0, "utf-8", "utf-16")
    else:
        offset = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        if _valid_utf8(memoryview(data)[offset:]):
            enc = Encoded(data, offset, "utf-8", "utf-8-sig" if offset else "utf-8")
        elif _UTF8_MULTIBYTE.search(data) is None:  # no UTF-8 letter anywhere: a Windows-1252 file
            enc = Encoded(data, offset, "cp1252", "cp1252")
        else:
            enc = _repair(data, offset)
    return _normalise_bytes(enc)


def _normalise_bytes(enc: Encoded) -> Encoded:
    raw = enc.data
    if b"\x00" not in raw and (b"\n" in raw or b"\r" not in raw):
        return enc
    fixed = bytes(memoryview(raw)[enc.start:]).replace(b"\x00", b"")
    if b"\n" not in fixed:
        fixed = fixed.replace(b"\r", b"\n")
    return Encoded(fixed, 0, enc.parser_encoding, enc.encoding, enc.repaired, enc.repaired_count)


def decode_text(data: bytes) -> Decoded:
    """The whole text of a small file (rules.toml); see :func:`as_parseable`."""
    enc = as_parseable(data)
    return Decoded(enc.text(), enc.encoding, enc.repaired, enc.repaired_count)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name); see :func:`decode_text`."""
    d = decode_text(data)
    return d.text, d.encoding
