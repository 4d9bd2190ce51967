"""on_call.csv as written (docs/outputs.md), read apart from the code that wrote it: one row per
slot that needs an on-call supporter. The notices and calendars are compared with what it says;
whether what it says follows the rules is scheduler.check.on_call's job."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem
from scheduler.check.output_files import MAX_OUTPUT_BYTES, OutputFolder
from scheduler.check.written import _parse_date

__all__ = ["OnCallRow", "OnCallWritten", "read_on_call", "standby"]

FILE = "on_call.csv"
#: Exactly these columns: nothing else (a name, a note) may be written beside who is on call.
COLUMNS = ("date", "slot", "start", "end", "need", "wards", "supporter_id", "phone", "reason")


@dataclass(frozen=True)
class OnCallRow:
    line: int
    date_text: str
    slot: str
    t: int | None
    start: str
    end: str
    need: str
    wards: str
    supporter_id: str
    phone: str
    reason: str


@dataclass
class OnCallWritten:
    present: bool = False
    rows: list[OnCallRow] = field(default_factory=list)
    problems: list[Violation] = field(default_factory=list)


def read_on_call(ctx: CheckContext, folder: OutputFolder) -> OnCallWritten:
    """The rows of on_call.csv (absent: `present` False); a file that cannot be read, or has other
    columns than COLUMNS, is a finding of the rule `on_call_follows_rules`."""
    rule, path = "on_call_follows_rules", folder.path / FILE
    out = OnCallWritten(present=path.is_file())
    if not out.present:
        return out
    if path.stat().st_size > MAX_OUTPUT_BYTES:
        out.problems.append(_problem(rule, FILE, "fila er for stor til å leses.", "the file is too large to read."))
        return out
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.problems.append(_problem(rule, FILE, f"ikke UTF-8 ({exc}).", f"not UTF-8 ({exc})."))
        return out
    try:
        parsed = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # e.g. a field beyond the csv module's limit: a finding, not a crash
        out.problems.append(_problem(rule, FILE, f"kan ikke leses som CSV ({exc}).", f"cannot be read as CSV ({exc})."))
        return out
    reader = iter(parsed)
    header = [h.strip() for h in next(reader, [])]
    if tuple(header) != COLUMNS:
        out.problems.append(_problem(rule, FILE, f"kolonnene er {', '.join(header) or '–'}, skal være {', '.join(COLUMNS)}.",
                                     f"the columns are {', '.join(header) or '–'}, should be {', '.join(COLUMNS)}.",
                                     row=1))
        return out
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        r = dict(zip(COLUMNS, [c.strip() for c in cells] + [""] * (len(COLUMNS) - len(cells)), strict=False))
        if len(cells) > len(COLUMNS):
            out.problems.append(_problem(rule, FILE, f"raden har {len(cells)} celler, skal ha {len(COLUMNS)}.",
                                         f"the row has {len(cells)} cells, should have {len(COLUMNS)}.", row=number))
        date = _parse_date(r["date"])
        slot = ctx.slot_at.get((date, r["slot"])) if date else None
        out.rows.append(OnCallRow(number, r["date"], r["slot"], slot.index if slot else None, r["start"], r["end"],
                                  r["need"], r["wards"], r["supporter_id"], r["phone"], r["reason"]))
    return out


def standby(ctx: CheckContext, folder: OutputFolder) -> dict[int, tuple[str, str]]:
    """Slot → (supporter, phone) of the on-call supporters on_call.csv names (the first row of a slot)."""
    out: dict[int, tuple[str, str]] = {}
    for row in read_on_call(ctx, folder).rows:
        if row.t is not None and row.supporter_id:
            out.setdefault(row.t, (row.supporter_id, row.phone))
    return out
