"""What each supporter carried in earlier periods: the types history hands to the planner
(docs/history.md). Counts only — nothing of what was said in a conversation or contact is known."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CarriedLoad", "PeriodLoad", "History"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CarriedLoad(_Frozen):
    """What one supporter carried in earlier periods, over the history window (docs/history.md).

    Counts may be fractional where an imported period lies partly outside the window (its counts
    are spread evenly over its days). `fair_share_hours` is what would have been fair over the
    same days, before any earlier history changed it: the base every "carried N×" is measured on.
    Counts only: nothing of what was said in a conversation or contact is known here.
    """

    supporter_id: str
    duties: float = Field(default=0.0, ge=0)
    hours: float = Field(default=0.0, ge=0, description="duty hours")
    nights: float = Field(default=0.0, ge=0)
    weekend_duties: float = Field(default=0.0, ge=0)
    contacts: float = Field(default=0.0, ge=0, description="outreach contacts after incidents (a count)")
    contact_hours: float = Field(default=0.0, ge=0, description="the contacts counted as duty hours")
    fair_share_hours: float = Field(default=0.0, ge=0)

    @property
    def load_hours(self) -> float:
        """Duty hours and outreach contacts together: a contact is support work like a duty."""
        return self.hours + self.contact_hours

    @property
    def ratio(self) -> float | None:
        """Load ÷ fair share over the window (None without a fair share to measure against)."""
        return self.load_hours / self.fair_share_hours if self.fair_share_hours > 0 else None


@dataclass(frozen=True)
class PeriodLoad:
    """One supporter's load in one period (a published rota, or a row of a history file).

    `fair_share_hours` is None when an imported row does not say it (scheduler.history.carried.with_fair_shares gives it one).
    `first`..`last` are the period's dates; the counts are the whole period's.
    """

    supporter_id: str
    first: dt.date
    last: dt.date
    duties: float = 0.0
    hours: float = 0.0
    nights: float = 0.0
    weekend_duties: float = 0.0
    contacts: float = 0.0
    fair_share_hours: float | None = None
    source: str = ""  # "publication 3", "import 2", or a file name
    contacts_held: float = 0.0  # of `contacts`, those whose status is held (docs/outreach.md)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


class History(_Frozen):
    """Every supporter's carried load over one window of dates before the period planned."""

    first: dt.date | None = None
    last: dt.date | None = None
    periods: int = Field(default=0, ge=0, description="published rotas and imported periods that count")
    days: int = Field(default=0, ge=0, description="dates of the window some period covers")
    carried: dict[str, CarriedLoad] = Field(default_factory=dict)
    recent_activity: dict[str, int] = Field(default_factory=dict, description=(
        "conversations per supporter in the three calendar months before the period's month, as entered in the store "
        "(a count, nothing else); where a supporter has one it is their recent_activity (docs/history.md)"))

    @property
    def empty(self) -> bool:
        return not self.carried
