"""Training: whose training runs out in or soon after the period, and who is due the yearly
refresher (docs/history.md, «Training»).

A supporter's `training_valid_until` is the last date they may be on duty: the planner already
leaves them out after it (docs/semantics.md, «Availability»), and this module says so, with the
date, so that nobody wonders why a trained colleague is missing. `last_refresher` is the date of
their last yearly refresher course; the next is due a year after it.

Pure functions over the supporters; the command line prints the notes, the app shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from scheduler.domain import Supporter

__all__ = ["SOON_DAYS", "TrainingNote", "training_notes", "refresher_due", "training_status"]

#: Training that runs out within this many days after the period is said in advance.
SOON_DAYS = 60

NoteCode = Literal["lapsed", "lapses_in_period", "lapses_soon", "refresher_due"]


def refresher_due(supporter: Supporter) -> dt.date | None:
    """The date the next yearly refresher is due: a year after the last one (None when unknown)."""
    last = supporter.last_refresher
    if last is None:
        return None
    try:
        return last.replace(year=last.year + 1)
    except ValueError:  # 29 February
        return last.replace(year=last.year + 1, day=28)


@dataclass(frozen=True)
class TrainingNote:
    """One thing the coordinator should know about a supporter's training, with its date."""

    supporter_id: str
    code: NoteCode
    date: dt.date
    overdue: bool = False  # a refresher due before the period starts

    def text(self, lang: str = "no", who: str | None = None) -> str:
        who = who or self.supporter_id
        d = f"{self.date:%d.%m.%Y}"
        no = {
            "lapsed": f"{who}: opplæringen gikk ut {d}; vedkommende er ikke satt opp i denne perioden.",
            "lapses_in_period": f"{who}: opplæringen går ut {d}; vedkommende er satt opp bare til og med den datoen.",
            "lapses_soon": f"{who}: opplæringen går ut {d}, innen {SOON_DAYS} dager etter perioden. Avtal nytt kurs.",
            "refresher_due": f"{who}: årlig oppfriskningskurs forfalt {d}." if self.overdue
            else f"{who}: årlig oppfriskningskurs forfaller {d}.",
        }
        en = {
            "lapsed": f"{who}: training ran out on {d}; not planned in this period.",
            "lapses_in_period": f"{who}: training runs out on {d}; planned only up to and including that date.",
            "lapses_soon": f"{who}: training runs out on {d}, within {SOON_DAYS} days after the period. Book a course.",
            "refresher_due": f"{who}: the yearly refresher was due on {d}." if self.overdue
            else f"{who}: the yearly refresher is due on {d}.",
        }
        return (no if lang == "no" else en)[self.code]

    @property
    def warning(self) -> bool:
        """Something to act on (a course to book), not only something to know."""
        return self.code in ("lapses_soon", "refresher_due")


def training_notes(supporters: Mapping[str, Supporter], first: dt.date, last: dt.date) -> list[TrainingNote]:
    """For a period `first`..`last`: whose training ran out before it (left out of the plan), runs
    out in it (planned up to that date), or runs out within :data:`SOON_DAYS` after it; and whose
    yearly refresher falls due by then. Ordered by date, then supporter."""
    soon = last + dt.timedelta(days=SOON_DAYS)
    notes: list[TrainingNote] = []
    for sid, s in supporters.items():
        until = s.training_valid_until
        if until is not None:
            if until < first:
                notes.append(TrainingNote(sid, "lapsed", until))
                continue  # not planned: a refresher note would say nothing more
            if until < last:
                notes.append(TrainingNote(sid, "lapses_in_period", until))
            elif until <= soon:
                notes.append(TrainingNote(sid, "lapses_soon", until))
        due = refresher_due(s)
        if due is not None and due <= soon:
            notes.append(TrainingNote(sid, "refresher_due", due, overdue=due < first))
    return sorted(notes, key=lambda n: (n.date, n.supporter_id, n.code))


def training_status(supporters: Mapping[str, Supporter], on: dt.date) -> dict[str, int]:
    """Counts on one date, for the leadership report: training valid, running out within
    :data:`SOON_DAYS`, run out, no end date given; refresher up to date, due, date unknown."""
    soon = on + dt.timedelta(days=SOON_DAYS)
    counts = dict.fromkeys(("valid", "lapses_soon", "lapsed", "no_end_date", "refresher_ok", "refresher_due",
                            "refresher_unknown"), 0)
    for s in supporters.values():
        until = s.training_valid_until
        if until is None:
            counts["no_end_date"] += 1
        elif until < on:
            counts["lapsed"] += 1
        elif until <= soon:
            counts["lapses_soon"] += 1
        else:
            counts["valid"] += 1
        due = refresher_due(s)
        if due is None:
            counts["refresher_unknown"] += 1
        elif due <= soon:
            counts["refresher_due"] += 1
        else:
            counts["refresher_ok"] += 1
    return counts
