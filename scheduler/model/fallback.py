"""The fallback chain in words: whom staff call when no supporter covers their shift — the backup
(with redundancy 2, named beside the supporter), then the steps the scheme chose in rules.toml
`[[fallback]]`: an on-call supporter's phone, a help line such as the occupational health service
(bedriftshelsetjenesten), and the leader on duty only when chosen (docs/domain.md, «The fallback
chain»). The notices, the call page and the QR page say the same words."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from scheduler.domain import FallbackStep, Rules

__all__ = ["fallback_chain", "without_planned", "step_name", "step_words", "fallback_sentence", "no_cover_words",
           "on_call_words"]


def fallback_chain(rules: Rules, default_phone: str = "") -> tuple[FallbackStep, ...]:
    """The rules' chain; the first help line without a number gets `default_phone` (the server's
    KOLLEGASTOTTE_FALLBACK_PHONE), so an older set-up keeps its number."""
    steps, given = [], False
    for step in rules.fallback:
        if step.kind == "help_line" and not step.phone and default_phone and not given:
            step, given = step.model_copy(update={"phone": default_phone}), True
        steps.append(step)
    return tuple(steps)


def without_planned(steps: Sequence[FallbackStep], rules: Rules) -> tuple[FallbackStep, ...]:
    """The chain as written for every shift (a notice's footer, a shift with nobody on call): when the
    on-call supporter is planned, its step without a phone stands for whoever is on call in that
    shift, so it is named only where someone is (docs/domain.md, «The on-call supporter»)."""
    if rules.on_call is None:
        return tuple(steps)
    return tuple(s for s in steps if s.kind != "on_call" or s.phone)


def step_name(step: FallbackStep, lang: str = "no") -> str:
    """What the step is called: «Kollegastøtte i beredskap», «Bedriftshelsetjenesten», «Leder på vakt»."""
    if step.kind == "on_call":
        return step.name or ("Kollegastøtte i beredskap" if lang == "no" else "Peer supporter on call")
    if step.kind == "leader_on_duty":
        return "Leder på vakt" if lang == "no" else "The leader on duty"
    return step.name[:1].upper() + step.name[1:]


def _same(text: str) -> str:
    return text


def step_words(step: FallbackStep, lang: str = "no", phone: Callable[[str], str] = _same,
               text: Callable[[str], str] = _same) -> str:
    """The step in one line, with its number and hours: «Bedriftshelsetjenesten, tlf. 22 00 00 00 (kl. 08:00–15:30)».
    `phone` and `text` format the number and the words (a notice makes the number a `tel:` link)."""
    words = text(step_name(step, lang))
    if step.phone:
        words += f", {'tlf.' if lang == 'no' else 'tel.'} {phone(step.phone)}"
    if step.hours:
        start, end = step.hours.split("-")
        words += f" ({'kl.' if lang == 'no' else ''} {start}–{end})".replace("( ", "(")
    return words


def no_cover_words(steps: Sequence[FallbackStep], lang: str = "no") -> str:
    """What a shift without a supporter says in a notice's table: the first step, by name (its number
    and the rest of the chain are in the line under the table)."""
    if not steps:
        return "Ingen kollegastøtte denne vakta – se under." if lang == "no" else "No peer supporter this shift – see below."
    name = step_name(steps[0], lang)
    return (f"Ingen kollegastøtte denne vakta – ring {name} (se under)." if lang == "no"
            else f"No peer supporter this shift – call {name} (see below).")


def on_call_words(name: str, lang: str = "no") -> str:
    """What a shift without a supporter on site says when an on-call supporter is planned for it
    (docs/domain.md, «The on-call supporter»): «Ingen kollegastøtte på stedet – ring NAVN (i beredskap)»."""
    return (f"Ingen kollegastøtte på stedet – ring {name} (i beredskap)" if lang == "no"
            else f"No peer supporter on site – call {name} (on call)")


def fallback_sentence(steps: Sequence[FallbackStep], lang: str = "no", phone: Callable[[str], str] = _same,
                      text: Callable[[str], str] = _same) -> str:
    """The line under every notice and on the call page: whom to call, in order."""
    if not steps:
        return ("Står det ingen kollegastøtte på vakta, ring en kollegastøtte du kjenner fra en annen post."
                if lang == "no" else "If no supporter is on duty, call a supporter you know from another ward.")
    head = "Står det ingen kollegastøtte på vakta, ring" if lang == "no" else "If no supporter is on duty, call"
    if len(steps) == 1:
        return f"{head} {step_words(steps[0], lang, phone, text)}."
    listed = "; ".join(f"{i}) {step_words(s, lang, phone, text)}" for i, s in enumerate(steps, start=1))
    return f"{head} i denne rekkefølgen: {listed}." if lang == "no" else f"{head} in this order: {listed}."
