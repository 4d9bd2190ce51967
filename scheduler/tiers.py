"""The one list of priorities: name → objective builder, labels and the reason, in default order.

The solver, the command line, the app and the `priorities` setting of rules.toml all read this
registry (docs/semantics.md, "Priorities"). A coordinator may choose another order; tiers left
out keep their default place after the listed ones, and tiers that do not apply to a run
(backups without redundancy 2, changes without a published rota) are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from scheduler.solve import objectives as obj

__all__ = ["Tier", "TIERS", "DEFAULT_PRIORITIES", "tier", "tier_order", "check_priorities"]

Kind = Literal["sum", "ratio"]


@dataclass(frozen=True)
class Tier:
    """One priority: how it is built, what people call it, and why it has its place."""

    name: str
    label_no: str
    label_en: str
    reason_no: str
    reason_en: str
    build: Callable[[obj.TierContext], obj.Objective]
    kind: Kind = "sum"  # "ratio": the fairness tier, solved in two steps (docs/fairness.md)
    scale: float = 1.0  # model value ÷ scale = the value people read
    coverage: bool = False  # solved on the whole horizon at once, also for the largest hospitals
    needs: Literal["", "redundancy", "previous"] = ""


TIERS: tuple[Tier, ...] = (
    Tier("uncovered_ward_slots", "Vakter på postene uten kollegastøtte", "Shifts in wards without a supporter",
         "Alle skal ha noen å ringe, på hver vakt og hver post.", "Everyone should have someone to call, on every shift and ward.",
         obj.uncovered_ward_slots, coverage=True),
    Tier("uncovered_staff_shifts", "Ansatte på jobb uten kollegastøtte å ringe", "Staff at work with no supporter to call",
         "Må noe stå udekket, så helst der færrest er på jobb.", "If something must stay uncovered, then where fewest are at work.",
         obj.uncovered_staff_shifts, coverage=True),
    Tier("missing_backups", "Vakter uten reserve", "Shifts without a backup",
         "En reserve når den første er opptatt i en samtale.", "A backup for when the first is busy in a conversation.",
         obj.missing_backups, coverage=True, needs="redundancy"),
    Tier("changed_duties", "Endrede støttevakter", "Changed duties",
         "Folk har planlagt etter den publiserte planen; endre lite.", "People have planned around the published rota; change little.",
         obj.changed_duties, coverage=True, needs="previous"),
    Tier("largest_load_ratio", "Største belastning i forhold til rettferdig andel", "Largest load against fair share",
         "Å være kollegastøtte er krevende; ingen skal bære mye mer enn sin andel. Kommer før færrest vakter, "
         "ellers får den som kan dekke mange poster alene, vakt uke etter uke.",
         "Being a supporter is a burden; nobody should carry much more than their share. Comes before fewest "
         "duties, or whoever can cover many wards alone gets duty week after week.",
         obj.largest_load_ratio, kind="ratio", scale=obj.RATIO_SCALE),
    Tier("total_duties", "Støttevakter i alt", "Duties in all",
         "Hver vakt bruker noens beskyttede tid; ikke flere enn rettferdigheten trenger.",
         "Each duty spends someone's protected time; no more than fairness needs.",
         obj.total_duties),
    Tier("load_above_fair_share", "Belastning over rettferdig andel, alle til sammen", "Load above fair share, all together",
         "Deretter alle så nær sin andel som mulig; de lengst over først.",
         "Then everyone as close to their share as possible; the furthest above first.",
         obj.load_above_fair_share, scale=obj.ABOVE_SHARE_SCALE),
    Tier("profession_mismatches", "Kollegastøtte fra et annet yrke", "Supporter from another profession",
         "Det er lettest å snakke med en av samme yrke (likemannsprinsippet).",
         "It is easiest to talk to someone of the same profession (the peer principle).",
         obj.profession_mismatches),
    Tier("uneven_nights_weekends", "Ujevn fordeling av netter og helger", "Uneven share of nights and weekends",
         "Netter og helger veier tyngst; fordel dem jevnt.", "Nights and weekends weigh most; spread them evenly.",
         obj.uneven_nights_weekends),
)

_BY_NAME = {t.name: t for t in TIERS}
DEFAULT_PRIORITIES: tuple[str, ...] = tuple(t.name for t in TIERS)


def tier(name: str) -> Tier:
    return _BY_NAME[name]


def check_priorities(names: Sequence[str]) -> tuple[str, ...]:
    """The order as given, validated: known names, each once. Raises ValueError listing the valid names."""
    unknown = [n for n in names if n not in _BY_NAME]
    if unknown:
        raise ValueError(f"unknown priorities {unknown}; valid names, in the default order: {', '.join(DEFAULT_PRIORITIES)}")
    twice = sorted({n for n in names if list(names).count(n) > 1})
    if twice:
        raise ValueError(f"priorities named more than once: {twice}")
    return tuple(names)


def tier_order(priorities: Sequence[str], *, redundancy: int, previous: bool) -> list[Tier]:
    """The tiers of one run: the chosen order, then the unnamed ones in default order, minus
    those that do not apply."""
    names = list(priorities) + [n for n in DEFAULT_PRIORITIES if n not in priorities]
    applies = {"": True, "redundancy": redundancy == 2, "previous": previous}
    return [_BY_NAME[n] for n in names if applies[_BY_NAME[n].needs]]
