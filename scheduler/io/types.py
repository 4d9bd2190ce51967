"""What the readers take and give: raw sources, messages for people, reading reports, all inputs.

Messages are bilingual (Norwegian bokmål first, English second) because the same message is shown
on the command line, in the app, and in tests, and the users are Norwegian.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pydantic import BaseModel, Field

from scheduler.carried import History
from scheduler.domain import Employee, Pin, Rules, ShiftCode, Supporter, Ward
from scheduler.errors import Message, Severity

__all__ = ["Source", "ReadingReport", "Inputs"]


@dataclass(frozen=True)
class Source:
    """One input file as bytes and a name, so uploads (app) and paths (CLI) are read the same way.

    `ward` names the ward of every row when the file itself does not say it (one file per ward);
    `sheet` picks a worksheet of an `.xlsx` workbook (default: the first). `checksum` is the
    SHA-256 of the file as the person gave it, when `data` is a form of it (a header renamed by
    hand, or the kept form of a draft: scheduler.io.kept_form) — the fingerprint stays the upload's.
    """

    name: str
    data: bytes
    ward: str | None = None
    sheet: str | None = None
    checksum: str | None = None

    @property
    def sha256(self) -> str:
        return self.checksum or hashlib.sha256(self.data).hexdigest()


class ReadingReport(BaseModel):
    """What one file gave: counts, the codes seen, and every message about it."""

    file: str
    kind: str = Field(description="turnus, supporters, wards, shift_codes, rules, staff, pins")
    layout: str = Field(default="", description="e.g. 'long csv', 'wide xlsx'")
    encoding: str = ""
    delimiter: str = ""
    rows_read: int = 0
    rows_skipped: int = 0
    employees: int = 0
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    codes_seen: dict[str, int] = Field(default_factory=dict)
    unknown_codes: dict[str, int] = Field(default_factory=dict)
    columns: dict[str, str] = Field(default_factory=dict, description="header in file -> field it was read as")
    unused_columns: list[str] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Inputs:
    """Everything read for one run, before demand and availability are derived.

    `turnus` has the columns of scheduler.domain.TURNUS_COLUMNS. Missing optional files leave
    their defaults (no wards file: each ward its own department on one site; built-in codes;
    default rules).
    """

    turnus: pd.DataFrame
    employees: dict[str, Employee]
    supporters: dict[str, Supporter]
    wards: dict[str, Ward] = field(default_factory=dict)
    shift_codes: dict[str, ShiftCode] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)
    pins: list[Pin] = field(default_factory=list)
    reports: list[ReadingReport] = field(default_factory=list)
    checksums: dict[str, str] = field(default_factory=dict)
    #: What each supporter carried in earlier periods (docs/history.md): from the store (app,
    #: `--store`) or a history file (`--history`); empty for a first period.
    history: History = field(default_factory=History)
    #: What reading the turnus gave, for the rota folder: a scheduler.io.turnus_cache.TurnusCache
    #: when asked for (that module reads these types, so it is not named here).
    turnus_cache: Any = None
    #: What building the instance derived from the turnus alone: a scheduler.io.instance_cache.InstanceParts,
    #: set by scheduler.model.demand.build_instance when the turnus has a cache key.
    instance_parts: Any = None

    @property
    def messages(self) -> list[Message]:
        return [m for r in self.reports for m in r.messages]

    @property
    def errors(self) -> list[Message]:
        return [m for r in self.reports for m in r.errors]
