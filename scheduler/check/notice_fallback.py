"""What a notice may say when nobody covers a shift, re-stated from the rules' fallback chain
(docs/domain.md, «The fallback chain») apart from the writer: the table's cell names the first
step, the line under the table every step in order with its number and hours — and a help line
without a number of its own may carry the one the server is set up with."""

from __future__ import annotations

import re

from scheduler.domain import Rules

__all__ = ["fallback_cells", "fallback_footer", "on_call_cells"]

_PHONE = r"[+\d][\d ().-]*"


def _name(kind: str, name: str, lang: str) -> str:
    if kind == "on_call":
        return name or ("Kollegastøtte i beredskap" if lang == "no" else "Peer supporter on call")
    if kind == "leader_on_duty":
        return "Leder på vakt" if lang == "no" else "The leader on duty"
    return name[:1].upper() + name[1:]


def _steps(rules: Rules) -> tuple:
    """The chain written for every shift: a planned on-call supporter's step without a phone is named
    only in the shifts on_call.csv gives someone (on_call_cells)."""
    return tuple(s for s in rules.fallback if rules.on_call is None or s.kind != "on_call" or s.phone)


def fallback_cells(rules: Rules) -> set[str]:
    """The words of a shift without a supporter, in either language."""
    steps = _steps(rules)
    if not steps:
        return {"Ingen kollegastøtte denne vakta – se under.", "No peer supporter this shift – see below."}
    first = steps[0]
    return {f"Ingen kollegastøtte denne vakta – ring {_name(first.kind, first.name, 'no')} (se under).",
            f"No peer supporter this shift – call {_name(first.kind, first.name, 'en')} (see below)."}


def on_call_cells(name: str) -> set[str]:
    """The words of a shift nobody covers on site when on_call.csv names someone on call for it."""
    return {f"Ingen kollegastøtte på stedet – ring {name} (i beredskap)", f"No peer supporter on site – call {name} (on call)"}


def _step(kind: str, name: str, phone: str, hours: str, lang: str, may_get_phone: bool) -> str:
    words = re.escape(_name(kind, name, lang))
    tel = "tlf\\." if lang == "no" else "tel\\."
    if phone:
        words += f", {tel} {re.escape(phone)}"
    elif may_get_phone:
        words += f"(?:, {tel} {_PHONE})?"
    if hours:
        start, end = hours.split("-")
        words += re.escape(f" (kl. {start}–{end})" if lang == "no" else f" ({start}–{end})")
    return words


def _sentence(rules: Rules, lang: str) -> str:
    no = lang == "no"
    chain = _steps(rules)
    if not chain:
        return re.escape("Står det ingen kollegastøtte på vakta, ring en kollegastøtte du kjenner fra en annen post."
                         if no else "If no supporter is on duty, call a supporter you know from another ward.")
    first_bare = next((i for i, s in enumerate(chain) if s.kind == "help_line" and not s.phone), None)
    steps = [_step(s.kind, s.name, s.phone, s.hours, lang, i == first_bare) for i, s in enumerate(chain)]
    head = "Står det ingen kollegastøtte på vakta, ring" if no else "If no supporter is on duty, call"
    if len(steps) == 1:
        return f"{re.escape(head)} {steps[0]}\\."
    listed = "; ".join(f"{i}\\) {s}" for i, s in enumerate(steps, start=1))
    order = " i denne rekkefølgen: " if no else " in this order: "
    return f"{re.escape(head)}{order}{listed}\\."


def fallback_footer(rules: Rules) -> re.Pattern[str]:
    """The line under a notice's table, in either language."""
    return re.compile(f"^(?:{_sentence(rules, 'no')}|{_sentence(rules, 'en')})$")
