"""Turning uploaded bytes into text: BOM, then strict UTF-8, then Windows-1252 (ECOSYSTEM.md).

charset-normalizer alone misreads Norwegian Windows-1252 as cp1250 ("Ø" → "Ř"), so it is only
asked, restricted to the encodings Nordic exports use, when neither UTF-8 nor a BOM decides.
"""

from __future__ import annotations

import codecs

__all__ = ["sniff_type", "decode"]


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
    if sample.count(b"\x00") > len(sample) // 10:
        return "binary"
    return "text"


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Never raises: the last resort, cp1252 with replacement, always works."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000], cp_isolation=["utf_8", "cp1252", "utf_16"]).best()
        if best is not None and best.encoding in ("cp1252", "utf_16"):
            name = "cp1252" if best.encoding == "cp1252" else "utf-16"
            return data.decode(name, errors="replace"), name
    except Exception:  # noqa: BLE001 - detection is a hint only; cp1252 below always decodes
        pass
    return data.decode("cp1252", errors="replace"), "cp1252"
