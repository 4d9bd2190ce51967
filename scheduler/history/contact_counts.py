"""Outreach contacts in a history file: each supporter's planned contacts, and those held, on the
rows `scheduler history` writes (docs/history.md, «History file»).

A contact is one talk of a team with one group (an incident's defusing, first talk or follow-up):
a supporter on its team has one contact, however many places the team has. Each is counted on the
supporter's row of the period whose dates hold it (the first such period); a contact outside every
period of theirs gets a row of its own for its calendar month (cut to the window), with no duties.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from scheduler.carried import PeriodLoad

__all__ = ["with_contacts"]


def _month(day: dt.date, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    end = (start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1) - dt.timedelta(days=1))
    return max(start, first), min(end, last)


def with_contacts(loads: Sequence[PeriodLoad], contacts: pd.DataFrame, first: dt.date, last: dt.date) -> list[PeriodLoad]:
    """`loads` with each supporter's contacts (rows of `contacts`: supporter_id, date, status — one per
    contact they were on) counted in, and a month's row for those outside every period of theirs."""
    out = list(loads)
    by_supporter: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(out):
        by_supporter[row.supporter_id].append(i)
    extra: dict[tuple[str, dt.date, dt.date], list[float]] = {}
    for sid, date, status in contacts[["supporter_id", "date", "status"]].astype(str).itertuples(index=False):
        day = dt.date.fromisoformat(date[:10])
        if not first <= day <= last:
            continue
        held = float(status == "held")
        home = next((i for i in by_supporter.get(sid, ()) if out[i].first <= day <= out[i].last), None)
        if home is not None:
            out[home] = replace(out[home], contacts=out[home].contacts + 1, contacts_held=out[home].contacts_held + held)
            continue
        counts = extra.setdefault((sid, *_month(day, first, last)), [0.0, 0.0])
        counts[0] += 1
        counts[1] += held
    for (sid, start, end), (n, held) in sorted(extra.items()):
        out.append(PeriodLoad(sid, start, end, contacts=n, contacts_held=held, fair_share_hours=0.0, source="outreach"))
    return out
