"""One site of a hospital whose sites share nobody, as an instance of its own.

With `same_site`, supporters cover only the wards of their own site, and every limit is per
supporter or per ward: the sites' rotas do not interact. A year of a 100-ward trust is a model
CP-SAT improves only window by window; one site of it, all year, is a model a quarter the size
that CP-SAT improves as a whole — and proves bounds on (scheduler.solve.planner, docs/fairness.md).
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.domain import Instance
from scheduler.model.eligibility import profile

__all__ = ["site_instance", "supporters_by_site"]


def supporters_by_site(instance: Instance) -> dict[str, set[str]]:
    """Each site's supporters (their home ward's site)."""
    out: dict[str, set[str]] = defaultdict(set)
    for sid in instance.supporters:
        if sid in instance.employees:
            out[profile(instance, sid).site].add(sid)
    return dict(out)


def site_instance(instance: Instance, site: str, supporters: set[str]) -> Instance:
    """The part of `instance` on `site`: its wards' demand and staffing, its supporters' availability."""
    wards = {w for w, ward in instance.wards.items() if ward.site == site}
    return instance.model_copy(update={
        "availability": instance.availability[instance.availability["supporter_id"].isin(supporters)].reset_index(drop=True),
        "demand": instance.demand[instance.demand["ward"].isin(wards)].reset_index(drop=True),
        "staffing": instance.staffing[instance.staffing["ward"].isin(wards)].reset_index(drop=True),
    })
