"""The person × day grid's cells typed from the keyboard (issue 23): a cell is text one types, not a
pick from a list — `natt` (or `n`) a duty that must come, `lås natt` (`l n`) a duty kept, `forby
natt` (`f n`, `-n`) a duty that must not appear, two on one day joined with `+`, empty for none.

:func:`cell_words` writes a cell's value (scheduler.views.pin_edits: `natt`, `lock:natt`,
`forbid:natt`) as the grid shows it; :func:`parse_cell` reads what was typed back to that value,
or says what to type. The values' canonical forms (`lock:natt`) are read too.
"""

from __future__ import annotations

from collections.abc import Sequence

from scheduler.views.code_entry import EntryError
from scheduler.views.pin_edits import FORBID, LOCK

__all__ = ["ACTION_WORDS", "cell_words", "parse_cell"]

#: What a person types (any first letters) for each action, per language; both work in either.
ACTION_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "lock": {"no": ("låst", "lås"), "en": ("locked", "lock")},
    "forbid": {"no": ("forbudt", "forby"), "en": ("forbidden", "forbid")},
}
_PREFIX = {"lock": LOCK, "forbid": FORBID}


def _word(action: str, lang: str) -> str:
    return ACTION_WORDS[action]["no" if lang == "no" else "en"][0]


def cell_words(value: str, lang: str = "no") -> str:
    """A cell's value as typed text: `natt`, `låst natt`, `forbudt natt`, joined with ` + `."""
    parts = []
    for part in filter(None, str(value or "").split("+")):
        for action, prefix in _PREFIX.items():
            if part.startswith(prefix):
                parts.append(f"{_word(action, lang)} {part[len(prefix):]}")
                break
        else:
            parts.append(part)
    return " + ".join(parts)


def _action(word: str) -> str | None:
    word = word.lower().rstrip(":")
    if not word:
        return None
    found = {a for a, langs in ACTION_WORDS.items() for words in langs.values() for w in words if w.startswith(word)}
    return next(iter(found)) if len(found) == 1 else None


def _slot(word: str, slots: Sequence[str], lang: str) -> str:
    typed = word.lower()
    exact = [s for s in slots if s.lower() == typed]
    matches = exact or [s for s in slots if s.lower().startswith(typed)]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(slots)
    if matches:
        raise EntryError(f"«{word}» kan være {' eller '.join(matches)}: skriv flere bokstaver.",
                         f"«{word}» could be {' or '.join(matches)}: type more letters.")
    raise EntryError(f"«{word}» er ingen vakt. Skriv en vakt ({names}, eller første bokstav), «{_word('lock', 'no')} "
                     f"{slots[0] if slots else 'natt'}» for å låse, «{_word('forbid', 'no')} "
                     f"{slots[0] if slots else 'natt'}» for å forby, eller tomt.",
                     f"«{word}» is no shift. Type a shift ({names}, or its first letter), «{_word('lock', 'en')} "
                     f"{slots[0] if slots else 'night'}» to lock, «{_word('forbid', 'en')} "
                     f"{slots[0] if slots else 'night'}» to forbid, or nothing.")


def _part(text: str, slots: Sequence[str], lang: str) -> str:
    for prefix in (LOCK, FORBID):  # the canonical form, as kept
        if text.startswith(prefix) and text[len(prefix):] in slots:
            return text
    if text.startswith("-"):
        return FORBID + _slot(text[1:].strip(), slots, lang)
    words = text.replace(":", " ").split()
    if len(words) == 1:
        if words[0].lower() not in {s.lower() for s in slots} and _action(words[0]) and \
                not any(s.lower().startswith(words[0].lower()) for s in slots):
            raise EntryError(f"«{text}»: skriv vakta også, f.eks. «{text} {slots[0] if slots else 'natt'}».",
                             f"«{text}»: type the shift too, e.g. «{text} {slots[0] if slots else 'night'}».")
        return _slot(words[0], slots, lang)
    if len(words) == 2 and _action(words[0]):
        return _PREFIX[_action(words[0]) or "lock"] + _slot(words[1], slots, lang)
    return _slot(text, slots, lang)  # says what to type


def parse_cell(text: str, slots: Sequence[str], lang: str = "no") -> str:
    """What was typed in a cell as the grid's value (`natt`, `lock:natt`, `forbid:natt`, joined with
    `+`; "" for nothing). EntryError, saying what to type, when a part cannot be read."""
    parts = [p.strip() for p in str(text or "").replace(",", "+").split("+")]
    values = [_part(p, slots, lang) for p in parts if p]
    slots_used = [v.split(":", 1)[-1] for v in values]
    if len(set(slots_used)) < len(slots_used):
        raise EntryError("samme vakt to ganger i én celle: skriv den én gang.",
                         "the same shift twice in one cell: type it once.")
    return "+".join(values)
