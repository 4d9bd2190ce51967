"""Valid inequalities on the duties of a slot: they close the gap between the LP and the fewest
duties, so the fewest-duties tiers prove in seconds (docs/fairness.md)."""

from __future__ import annotations

from scheduler.domain import Instance
from scheduler.solve.variables import ModelVariables

__all__ = ["min_duties_cuts"]


def min_duties_cuts(v: ModelVariables, instance: Instance, all_covered: bool, alone_counts: bool = True) -> int:
    """Valid inequalities on the duties of a slot, site by site when sites cover only themselves:
    one supporter never covers their own ward, so covering every ward of a slot takes two duties
    unless someone who covers them all alone is on duty — Σ others + 2 × Σ those alone ≥ 2 (with
    redundancy 2, two duties in any case) — less one for each of its ward-slots left uncovered when
    the coverage reached leaves some uncovered (and one for each without a backup). Without them the
    LP covers three wards with three half duties; with them its bound is the fewest duties, also
    under fairness caps.

    Without `alone_counts` (a year, whose later tiers run in windows and site models), only slots
    nobody covers alone get the cut, over all sites at once: the per-site cuts changed the
    coverage rota the site-by-site fairness starts from, and it lost its proof (4.26 × proven on
    the generated L-hard year became 2.41 ×); the later tiers there never see the whole model."""
    wards_in: dict[tuple[str, int], list[str]] = {}
    for ward, t in v.covered:
        pool = instance.wards[ward].site if instance.rules.same_site and alone_counts else ""
        wards_in.setdefault((pool, t), []).append(ward)
    added = 0
    for (_, t), wards in wards_in.items():
        sids = [s for s in v.supporters_in.get(t, []) if any(v.fits(v.profiles[s], w) for w in wards)]
        alone = {s for s in sids if all(v.fits(v.profiles[s], w) for w in wards)}
        slack = 0 if all_covered else sum(1 - v.covered[w, t] for w in wards)
        if instance.rules.redundancy > 1:
            # Backups are a priority, not a rule: each ward-slot without one frees a duty too.
            missing = sum(1 - v.backup[w, t] for w in wards if (w, t) in v.backup)
            if len(sids) >= instance.rules.redundancy:
                v.model.add(sum(v.duty[s, t] for s in sids) >= instance.rules.redundancy - slack - missing)
                added += 1
        elif len(wards) >= 2 and len(alone) < len(sids) and (alone_counts or not alone):
            v.model.add(sum((2 if s in alone else 1) * v.duty[s, t] for s in sids) >= 2 - slack)
            added += 1
    return added
