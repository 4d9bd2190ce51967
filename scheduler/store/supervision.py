"""How many attended each supervision meeting: a count per meeting, never who or what was said
(docs/supervision.md, «Attendance, as counts»).

:class:`SupervisionStore` is the store with one more table (scheduler.store.schema, revision 4):
`supervision_attendance` — a whole number per meeting (its date, start time and site, as
supervision.csv writes them). The coordinator records it; every change is in the audit log in the
same transaction: who, when, which meeting — never anything else. A count names no one, so it is
kept as long as the scheme's history.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from scheduler.localtime import now_iso
from scheduler.store.audit import audit_row, valid_object_id
from scheduler.store.outcomes import OutcomeStore

__all__ = ["SupervisionStore", "ATTENDANCE_COLUMNS", "MAX_ATTENDED", "meeting_id"]

ATTENDANCE_COLUMNS = ["date", "start", "site", "attended"]
#: More than this many at one meeting is a typing error, not a supervision group.
MAX_ATTENDED = 500
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def meeting_id(date: str, start: str, site: str) -> str:
    """The meeting as the audit log names it: `veiledning:2027-01-19T08:00[:site]`."""
    return f"veiledning:{date}T{start}" + (f":{site}" if site else "")


def check_meeting(date: str, start: str, site: str, attended: int) -> None:
    """A meeting's key and count as the store takes them; ValueError saying what is wrong."""
    try:
        dt.date.fromisoformat(date)
    except (TypeError, ValueError):
        raise ValueError("a meeting's date is written 2027-01-19") from None
    if not isinstance(start, str) or not _TIME.match(start):
        raise ValueError("a meeting's start is written 08:00")
    if site and not valid_object_id(site):
        raise ValueError("a site is named by its id (letters, digits, . _ : @ + -)")
    if isinstance(attended, bool) or not isinstance(attended, int) or not 0 <= attended <= MAX_ATTENDED:
        raise ValueError(f"attendance is a whole number from 0 to {MAX_ATTENDED}")


class SupervisionStore(OutcomeStore):
    """The store with the attendance of supervision meetings, as counts."""

    def set_attendance(self, actor: str, date: str, start: str, site: str, attended: int) -> bool:
        """How many attended the meeting on `date` at `start` (for `site`, "" for all); True when it changed."""
        check_meeting(date, start, site, attended)
        with self._transaction() as conn:
            row = conn.execute("SELECT attended FROM supervision_attendance WHERE meeting_date = ? AND start = ? "
                               "AND site = ?", (date, start, site)).fetchone()
            if row is not None and int(row[0]) == attended:
                return False
            conn.execute("INSERT INTO supervision_attendance (meeting_date, start, site, attended, updated_at) VALUES "
                         "(?, ?, ?, ?, ?) ON CONFLICT (meeting_date, start, site) DO UPDATE SET attended = "
                         "excluded.attended, updated_at = excluded.updated_at",
                         (date, start, site, attended, now_iso()))
            audit_row(conn, actor, "supervision_attendance", meeting_id(date, start, site), str(attended))
        return True

    def attendance(self) -> pd.DataFrame:
        """Every meeting's attendance recorded (:data:`ATTENDANCE_COLUMNS`), oldest first."""
        with self._connect() as conn:
            rows = conn.execute("SELECT meeting_date, start, site, attended FROM supervision_attendance "
                                "ORDER BY meeting_date, start, site").fetchall()
        return pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS).astype({"attended": "int64"})
