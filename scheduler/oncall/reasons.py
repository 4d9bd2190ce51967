"""Why a slot that needs an on-call supporter has none, in counts — never names: the reason is
written to on_call.csv and may be shown beside the rota (docs/domain.md, «The on-call supporter»)."""

from __future__ import annotations

from collections import Counter

__all__ = ["no_on_call_reason", "CAUSE_WORDS"]

#: Each cause of candidates.CAUSES in words (Norwegian, English).
CAUSE_WORDS = {
    "at_work": ("på jobb (egen vakt eller støttevakt)", "at work (own shift or support duty)"),
    "absent": ("borte (fravær eller utilgjengelig)", "away (absence or unavailable)"),
    "training": ("uten gyldig opplæring", "without valid training"),
    "rest": ("hviler etter natt", "resting after a night"),
    "own_ward": ("fra posten uten dekning", "from the ward without cover"),
}


def no_on_call_reason(opted_in: int, blocked: Counter, at_limit: int, lang: str = "no") -> str:
    """`opted_in` supporters said yes to on-call; `blocked` counts those who may not by cause;
    `at_limit` could have been but reached their on-call limit (a day, a week or the period)."""
    no = lang == "no"
    if opted_in == 0:
        return ("Ingen kollegastøtte har sagt ja til beredskap (on_call i supporters.csv)." if no
                else "No supporter has opted in to be on call (on_call in supporters.csv).")
    parts = [f"{blocked[c]} {CAUSE_WORDS[c][0 if no else 1]}" for c in CAUSE_WORDS if blocked.get(c)]
    if at_limit:
        parts.append(f"{at_limit} {'har nådd grensen for beredskap' if no else 'at their on-call limit'}")
    head = f"Av {opted_in} med beredskap: " if no else f"Of {opted_in} who may be on call: "
    return head + ", ".join(parts) + "."
