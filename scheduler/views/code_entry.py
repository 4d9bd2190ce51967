"""What a shift code means, typed from the keyboard (issue 23): one text per code instead of a pick
from a list per cell, and many codes at once as lines of `KODE = betydning`.

A meaning is typed as
- a known code — `D`, `n`, `som D`, `=KURS` — the code means what that one means (its kind, times);
- a kind, by its first letters in the page's language (or in full in English), with times for the
  kinds at work — `arbeid 07:30-15:30`, `ar 7-15`, `kollegastøtte 8-15:30`, `fri`, `fravær`;
- nothing: the code keeps what it was read as.

A single word that is a known code is that code (`A` is the evening shift `A`, not «arbeid»), so
the usual case — «DX is like D» — is one letter; a kind's whole word is the kind (`fri`). What cannot be read comes back as a message naming
the row (or line) and what to type; nothing of a grid with such a row is applied.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from scheduler.io.times import parse_minutes

__all__ = ["KIND_WORDS", "parse_meaning", "meaning_text", "parse_lines", "EntryError"]

#: The kinds by the words people type, per language; English's full words work in both.
KIND_WORDS: dict[str, dict[str, str]] = {
    "no": {"arbeid": "work", "kollegastøtte": "support", "fri": "off", "fravær": "absence"},
    "en": {"work": "work", "support": "support", "off": "off", "absence": "absence"},
}
_AT_WORK = ("work", "support")
_LIKE = re.compile(r"^(?:=|som\s+|like\s+)\s*(\S+)$", re.IGNORECASE)
_TIMES = re.compile(r"^(\S+?)\s*(?:[-–—]|\s+til\s+|\s+to\s+|\s+)\s*(\S+)$", re.IGNORECASE)


class EntryError(ValueError):
    """A meaning that cannot be read: (Norwegian, English), each saying what to type instead."""

    def __init__(self, no: str, en: str) -> None:
        super().__init__(en)
        self.no, self.en = no, en

    def text(self, lang: str) -> str:
        return self.no if lang == "no" else self.en


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _examples(lang: str) -> str:
    words = list(KIND_WORDS[lang])
    if lang == "no":
        return (f"Skriv en kjent kode (f.eks. D eller N), eller {words[0]} eller {words[1]} med tider "
                f"(«{words[0]} 07:30-15:30»), {words[2]} eller {words[3]}.")
    return (f"Type a known code (e.g. D or N), or {words[0]} or {words[1]} with times "
            f"(«{words[0]} 07:30-15:30»), {words[2]} or {words[3]}.")


def _kind(word: str, lang: str) -> str | None:
    """The kind a typed word stands for: a unique prefix in `lang`, or an English kind in full."""
    word = word.lower().rstrip(":")
    english = KIND_WORDS["en"]
    if word in english:
        return english[word]
    matches = {kind for name, kind in KIND_WORDS[lang].items() if name.startswith(word)}
    if len(matches) > 1:
        names = [name for name in KIND_WORDS[lang] if name.startswith(word)]
        raise EntryError(f"«{word}» kan være {' eller '.join(names)}: skriv flere bokstaver.",
                         f"«{word}» could be {' or '.join(names)}: type more letters.")
    return next(iter(matches), None)


def parse_meaning(text: str, known: Collection[str], lang: str = "no") -> dict[str, str] | None:
    """A typed meaning as a code mapping (`{"like": "D"}` or `{"kind", "start", "end"}`); None for
    nothing typed. EntryError, saying what to type, when it cannot be read."""
    typed = " ".join(str(text or "").split())
    if not typed:
        return None
    upper = {c.upper(): c for c in known}
    like = _LIKE.match(typed)
    exact_kind = typed.lower() in KIND_WORDS["en"] or typed.lower() in KIND_WORDS.get(lang, {})
    if like or (" " not in typed and typed.upper() in upper and not exact_kind):
        code = (like[1] if like else typed).upper()
        if code not in upper:
            raise EntryError(f"«{code}» er ingen kjent vaktkode. {_examples('no')}",
                             f"«{code}» is not a known shift code. {_examples('en')}")
        return {"like": upper[code]}
    word, _, rest = typed.partition(" ")
    kind = _kind(word, lang)
    if kind is None:
        raise EntryError(f"«{typed}» er verken en kjent vaktkode eller en type. {_examples('no')}",
                         f"«{typed}» is neither a known shift code nor a kind. {_examples('en')}")
    name_no = next(n for n, k in KIND_WORDS["no"].items() if k == kind)
    name_en = next(n for n, k in KIND_WORDS["en"].items() if k == kind)
    if kind not in _AT_WORK:
        if rest.strip():
            raise EntryError(f"{name_no} har ingen tider: skriv bare «{name_no}».",
                             f"{name_en} has no times: type just «{name_en}».")
        return {"kind": kind, "start": "", "end": ""}
    times = _TIMES.match(rest.strip())
    start = parse_minutes(times[1]) if times else None
    end = parse_minutes(times[2]) if times else None
    if start is None or end is None:
        raise EntryError(f"{name_no} trenger fra og til: skriv f.eks. «{name_no} 07:30-15:30» (eller «{word} 7-15»).",
                         f"{name_en} needs a start and an end: type e.g. «{name_en} 07:30-15:30» (or «{word} 7-15»).")
    return {"kind": kind, "start": _hhmm(start), "end": _hhmm(end)}


def meaning_text(spec: Mapping[str, str] | None, lang: str = "no") -> str:
    """A code mapping as one types it (what the grid shows, and reads back to the same mapping)."""
    if not spec:
        return ""
    if spec.get("like"):
        return str(spec["like"])
    kind = str(spec.get("kind") or "")
    name = next((n for n, k in KIND_WORDS["no" if lang == "no" else "en"].items() if k == kind), kind)
    times = f" {spec.get('start')}-{spec.get('end')}" if spec.get("start") and spec.get("end") else ""
    return f"{name}{times}"


def parse_lines(text: str, codes: Collection[str], known: Collection[str],
                lang: str = "no") -> tuple[dict[str, dict[str, str]], list[tuple[int, EntryError]]]:
    """Lines of `KODE = betydning` (also `KODE: …` or a tab) as {code: mapping}, and the lines that
    cannot be read as (line number, what to type). `codes` are those the turnus uses (another
    code is a mistake, said); a line with nothing after `=` leaves its code as read."""
    found: dict[str, dict[str, str]] = {}
    problems: list[tuple[int, EntryError]] = []
    in_turnus = {c.upper(): c for c in codes}
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = re.split(r"\s*(?:=|:|\t)\s*", line.strip(), maxsplit=1)
        if len(parts) != 2 or not parts[0]:
            problems.append((number, EntryError("skriv «KODE = betydning», f.eks. «DX = D» eller «KV = arbeid 15-22».",
                                                "type «CODE = meaning», e.g. «DX = D» or «KV = work 15-22».")))
            continue
        code = parts[0].upper()
        if code not in in_turnus:
            problems.append((number, EntryError(
                f"koden «{parts[0]}» står ikke i noen turnusfil (koder der: {', '.join(sorted(in_turnus)[:12])}).",
                f"the code «{parts[0]}» is in no turnus file (codes there: {', '.join(sorted(in_turnus)[:12])}).")))
            continue
        try:
            meaning = parse_meaning(parts[1], known, lang)
        except EntryError as error:
            problems.append((number, error))
            continue
        if meaning is not None:
            found[in_turnus[code]] = meaning
    return found, problems
