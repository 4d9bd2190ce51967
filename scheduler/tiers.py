"""The one list of priorities, in default order: what each is called, why it has its place, and
how the planner treats it (docs/semantics.md, "Priorities").

The solver, the command line, the app and the `priorities` setting of rules.toml all read this
registry. A coordinator may choose another order; tiers left out keep their default place after
the listed ones, and tiers that do not apply to a run (backups without redundancy 2, changes
without a published rota) are skipped.

A tier's behaviour is its entry: its kind, scale, share of the time, and the flags below. The
planner reads flags, never names. Building a tier's objective and counting its value on a rota
are the solver's (`scheduler.solve.objectives.BUILDERS`, `scheduler.solve.tier_values.COUNTERS`,
one function per tier, keyed by its name; tests/solve/test_tiers.py checks both are complete) — kept
there because they need the model, and this registry is read by the domain's own validation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scheduler.units import HOURS_SCALE

__all__ = ["Tier", "TIERS", "DEFAULT_PRIORITIES", "RATIO_SCALE", "ABOVE_SHARE_SCALE", "tier", "tier_order",
           "check_priorities", "coverage_tier"]

Kind = Literal["sum", "ratio"]
#: Load ÷ fair share is kept in thousandths.
RATIO_SCALE = 1000
#: The cost of load above the fair share is read in hours above, per unit of share.
ABOVE_SHARE_SCALE = 100 * HOURS_SCALE


@dataclass(frozen=True)
class Tier:
    """One priority: what people call it, why it has its place, and how the planner treats it."""

    name: str
    label_no: str
    label_en: str
    reason_no: str
    reason_en: str
    time_weight: int  # a tier may use weight ÷ (sum of the remaining weights) of the time left
    kind: Kind = "sum"  # "ratio": the fairness tier, solved in two steps (docs/fairness.md)
    scale: float = 1.0  # model value ÷ scale = the value people read
    coverage: bool = False  # solved on the whole horizon at once, also for the largest hospitals
    needs: Literal["", "redundancy", "previous", "exposure"] = ""
    #: the first tier: who has someone to call. Its time sets the least any later tier gets; when
    #: it covers everything coverable, that is fixed and the duty cuts are added (docs/fairness.md)
    covers_ward_slots: bool = False
    #: changes against a published rota: starts from the published rota, gets more time (the whole
    #: model must presolve), and once held, no later step may undo a change (docs/fairness.md,
    #: "Re-planning")
    counts_changes: bool = False
    #: needs each supporter's fair share (measured before the first such tier runs)
    needs_fair_shares: bool = False
    #: needs the even split of nights and weekends of the rota so far
    needs_even_split: bool = False
    #: the number of duties: starts without spare duties, and after fairness the fewest duties
    #: possible at that fairness is its proven bound
    counts_duties: bool = False
    #: improved on the whole-horizon model only; where the later tiers run in windows of weeks (a
    #: year) it is counted on the rota and reported, not improved: the windows count loads on the
    #: fairness basis, and this tier counts hours where that basis is exposure
    whole_model: bool = False


TIERS: tuple[Tier, ...] = (
    Tier("uncovered_ward_slots", "Vakter på postene uten kollegastøtte", "Shifts in wards without a supporter",
         "Alle skal ha noen å ringe, på hver vakt og hver post.", "Everyone should have someone to call, on every shift and ward.",
         time_weight=4, coverage=True, covers_ward_slots=True),
    Tier("uncovered_staff_shifts", "Ansatte på jobb uten kollegastøtte å ringe", "Staff at work with no supporter to call",
         "Må noe stå udekket, så helst der færrest er på jobb.", "If something must stay uncovered, then where fewest are at work.",
         time_weight=1, coverage=True),
    Tier("missing_backups", "Vakter uten reserve", "Shifts without a backup",
         "En reserve når den første er opptatt i en samtale.", "A backup for when the first is busy in a conversation.",
         time_weight=1, coverage=True, needs="redundancy"),
    Tier("changed_duties", "Endrede støttevakter", "Changed duties",
         "Folk har planlagt etter den publiserte planen; endre lite.", "People have planned around the published rota; change little.",
         time_weight=1, coverage=True, needs="previous", counts_changes=True),
    Tier("largest_load_ratio", "Største belastning i forhold til rettferdig andel", "Largest load against fair share",
         "Å være kollegastøtte er krevende; ingen skal bære mye mer enn sin andel. Kommer før færrest vakter, "
         "ellers får den som kan dekke mange poster alene, vakt uke etter uke.",
         "Being a supporter is a burden; nobody should carry much more than their share. Comes before fewest "
         "duties, or whoever can cover many wards alone gets duty week after week.",
         time_weight=12, kind="ratio", scale=RATIO_SCALE, needs_fair_shares=True),
    Tier("largest_hours_ratio", "Største antall timer i forhold til andel", "Largest hours against share",
         "Med rettferdighet etter eksponering: den som tar mange små vakter (netter med få på jobb), "
         "skal ikke bære mange flere timer enn sin andel.",
         "With fairness over exposure: whoever takes many small duties (nights with few at work) should not "
         "carry many more hours than their share.",
         time_weight=3, scale=RATIO_SCALE, needs="exposure", needs_fair_shares=True, whole_model=True),
    Tier("total_duties", "Støttevakter i alt", "Duties in all",
         "Hver vakt bruker noens beskyttede tid; ikke flere enn rettferdigheten trenger.",
         "Each duty spends someone's protected time; no more than fairness needs.",
         time_weight=10, counts_duties=True),
    Tier("load_above_fair_share", "Belastning over rettferdig andel, alle til sammen", "Load above fair share, all together",
         "Deretter alle så nær sin andel som mulig; de lengst over først.",
         "Then everyone as close to their share as possible; the furthest above first.",
         time_weight=2, scale=ABOVE_SHARE_SCALE, needs_fair_shares=True),
    Tier("profession_mismatches", "Kollegastøtte fra et annet yrke", "Supporter from another profession",
         "Det er lettest å snakke med en av samme yrke (likemannsprinsippet).",
         "It is easiest to talk to someone of the same profession (the peer principle).",
         time_weight=2),
    Tier("uneven_nights_weekends", "Ujevn fordeling av netter og helger", "Uneven share of nights and weekends",
         "Netter og helger veier tyngst; fordel dem jevnt.", "Nights and weekends weigh most; spread them evenly.",
         time_weight=1, needs_even_split=True),
)

_BY_NAME = {t.name: t for t in TIERS}
DEFAULT_PRIORITIES: tuple[str, ...] = tuple(t.name for t in TIERS)


def tier(name: str) -> Tier:
    return _BY_NAME[name]


def coverage_tier() -> Tier:
    """The first tier: fewest ward-slots without a supporter."""
    return next(t for t in TIERS if t.covers_ward_slots)


def check_priorities(names: Sequence[str]) -> tuple[str, ...]:
    """The order as given, validated: known names, each once. Raises ValueError listing the valid names."""
    unknown = [n for n in names if n not in _BY_NAME]
    if unknown:
        raise ValueError(f"unknown priorities {unknown}; valid names, in the default order: {', '.join(DEFAULT_PRIORITIES)}")
    twice = sorted({n for n in names if list(names).count(n) > 1})
    if twice:
        raise ValueError(f"priorities named more than once: {twice}")
    return tuple(names)


def tier_order(priorities: Sequence[str], *, redundancy: int, previous: bool, exposure: bool = False) -> list[Tier]:
    """The tiers of one run: the chosen order, then the unnamed ones in default order, minus
    those that do not apply (`exposure`: the rules' `fair_share_basis` is "exposure")."""
    names = list(priorities) + [n for n in DEFAULT_PRIORITIES if n not in priorities]
    applies = {"": True, "redundancy": redundancy == 2, "previous": previous, "exposure": exposure}
    return [_BY_NAME[n] for n in names if applies[_BY_NAME[n].needs]]
