"""The words of an invitation (docs/outreach.md, «Output»): the group met as a count of a profession
in correct Norwegian («1 sykepleier», «2 sykepleiere», «3 helsefagarbeidere», «2 leger»), where to
go, and that the ward's manager receives the team and introduces them — never who was involved.
"""

from __future__ import annotations

__all__ = ["plural", "people_words", "meeting_words"]

#: Plurals that follow no rule below.
_IRREGULAR = {"jordmor": "jordmødre", "mann": "menn", "ansatt": "ansatte"}


def plural(word: str) -> str:
    """The indefinite plural of a Norwegian (bokmål) profession noun: -er → -ere (sykepleier), -e → -er
    (lege), irregulars (jordmor → jordmødre), else -er (fysioterapeut → fysioterapeuter). A compound
    takes the plural of its last part; in a phrase the first word is the noun («lege i spesialisering»
    → «leger i spesialisering»); an abbreviation (LIS1, ALIS) stays as it is."""
    head, space, rest = word.partition(" ")
    if space:
        return f"{plural(head)} {rest}"
    if not word or word.upper() == word or any(ch.isdigit() for ch in word):
        return word
    lower = word.lower()
    for end, form in _IRREGULAR.items():
        if lower.endswith(end):
            return word[: len(word) - len(end)] + form
    if lower.endswith("er"):
        return word + "e"
    if lower.endswith("e"):
        return word + "r"
    return word + "er"


def people_words(n: int, profession: str, lang: str = "no") -> str:
    """«1 sykepleier», «3 helsefagarbeidere»; without a known profession «2 ansatte» / «2 staff»."""
    if not profession:
        if lang == "no":
            return f"{n} ansatt" if n == 1 else f"{n} ansatte"
        return f"{n} staff member" if n == 1 else f"{n} staff"
    return f"{n} {profession if n == 1 else plural(profession)}"


def meeting_words(people: str, where: str, at_work: int, note: str, lang: str = "no", estimated: bool = False) -> str:
    """Whom to meet and where, that the ward's manager introduces the team, and how many of the
    group are at work then by their turnus (a count, «probably» when estimated from the ward's
    turnus; the note's code when none is) — never who."""
    if lang == "no":
        text = (f"Møt {people} på {where}. Meld dere til lederen på posten, som tar imot dere og presenterer "
                "dere for dem.")
        if at_work > 0:
            return text + f" Etter turnus er {'trolig ' if estimated else ''}{at_work} av dem på jobb da."
        return text + (" Etter turnus er ingen av dem på jobb da; lederen på posten avtaler tid med dem."
                       if note else "")
    text = f"Meet {people} on {where}. Report to the ward's manager, who receives you and introduces you to them."
    if at_work > 0:
        return text + f" By the turnus, {'probably ' if estimated else ''}{at_work} of them are at work then."
    return text + (" By the turnus, none of them is at work then; the ward's manager arranges a time with them."
                   if note else "")
