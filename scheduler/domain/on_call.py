"""The on-call supporter's rules (rules.toml `[on_call]`; docs/domain.md, «The on-call supporter»):
which slots need someone on call from home by phone (paid standby), the limits of an on-call
duty, and how much one counts in load and fairness beside an on-site duty hour."""

from __future__ import annotations

from pydantic import Field

from scheduler.domain.types import MAX_PERIOD_DAYS, _Frozen

__all__ = ["OnCallRules"]


class OnCallRules(_Frozen):
    """Planning who is on call is off unless rules.toml has an `[on_call]` table (or the fallback
    chain names an on-call step without a fixed phone); then the supporters who opted in
    (`on_call = ja` in supporters.csv) are planned after the main rota, one per needed slot."""

    also_nights: bool = Field(default=False, description="every night slot needs someone on call, "
                              "not only those where some ward has no supporter on site")
    also_holidays: bool = Field(default=False, description="every slot of a Norwegian public holiday needs "
                                "someone on call")
    max_per_week: int = Field(default=2, ge=0, le=21, description="on-call slots per supporter per ISO week")
    max_per_period: int | None = Field(default=None, ge=0, le=3 * MAX_PERIOD_DAYS,
                                       description="on-call slots per supporter over the period (empty: no limit)")
    rest_after_night: bool = Field(default=True, description="not on call in the slot right after a night "
                                   "the supporter worked or held a support duty in")
    weight: float = Field(default=0.25, ge=0, le=2, description="how much one on-call slot counts in load and "
                          "fairness, in on-site duty hours (paid standby at home weighs less than a duty at work)")
