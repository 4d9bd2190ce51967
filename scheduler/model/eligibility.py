"""Who may be named for which ward (docs/semantics.md, «Eligibility»), shared by model, greedy and reports.

A supporter never covers their own ward (or department), a ward they lead, or — with
`same_site` — a ward on another site: colleagues find it much easier to talk to someone who is
not a close colleague or their manager (Ukom 2023).
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Instance

__all__ = ["SupporterProfile", "profile", "eligible", "ineligible_reason", "pool_of_ward", "EligibilityCache"]


@dataclass(frozen=True)
class SupporterProfile:
    """What eligibility depends on. Supporters with equal profiles are interchangeable for coverage."""

    home_ward: str
    department: str
    site: str
    leads: frozenset[str]
    profession: str


def profile(instance: Instance, supporter_id: str) -> SupporterProfile:
    employee = instance.employees[supporter_id]
    ward = instance.wards.get(employee.ward)
    return SupporterProfile(
        home_ward=employee.ward,
        department=ward.department if ward else employee.ward,
        site=ward.site if ward else "",
        leads=instance.supporters[supporter_id].leads_wards,
        profession=employee.profession or "",
    )


def ineligible_reason(instance: Instance, who: SupporterProfile, ward_id: str) -> str:
    """"" when `who` may cover `ward_id`, else "own_ward", "own_department", "leads" or "other_site"."""
    ward = instance.wards[ward_id]
    rules = instance.rules
    if ward_id == who.home_ward:
        return "own_ward"
    if rules.separation == "department" and ward.department == who.department:
        return "own_department"
    if ward_id in who.leads:
        return "leads"
    if rules.same_site and ward.site != who.site:
        return "other_site"
    return ""


def eligible(instance: Instance, who: SupporterProfile, ward_id: str) -> bool:
    return ineligible_reason(instance, who, ward_id) == ""


def pool_of_ward(instance: Instance, ward_id: str) -> str:
    """Supporters can only ever cover wards of their own pool: their site with `same_site`."""
    return instance.wards[ward_id].site if instance.rules.same_site else ""


class EligibilityCache:
    """`eligible` remembered per (profile, ward): the model asks the same question for every slot."""

    def __init__(self, instance: Instance) -> None:
        self._instance = instance
        self._known: dict[tuple[int, str], bool] = {}
        self._keep: dict[int, SupporterProfile] = {}  # ids stay valid while we hold the objects

    def __call__(self, who: SupporterProfile, ward_id: str) -> bool:
        key = (id(who), ward_id)
        answer = self._known.get(key)
        if answer is None:
            self._keep[id(who)] = who
            answer = self._known[key] = eligible(self._instance, who, ward_id)
        return answer
