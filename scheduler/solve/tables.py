"""The tables made from a solve (docs/outputs.md): burden per supporter against fair share, coverage
per ward-slot, and summary.json with every tier's value and bound, fairness and its price."""

from __future__ import annotations

import math

import pandas as pd

from scheduler.domain import Instance, SlotKind
from scheduler.solve.fairness import FLAG_RATIO, FairShares, share_weights
from scheduler.solve.results import SolveResult
from scheduler.solve.rota import Rota

__all__ = ["burden_table", "base_targets", "history_summary", "fairness_summary", "coverage_table", "summary"]


def base_targets(instance: Instance, shares: FairShares | None) -> dict[str, float]:
    """Each supporter's fair share before history changed it (docs/history.md): the same needed
    hours, shared by the weights without history. Equal to the targets without history."""
    if shares is None:
        return {}
    if instance.history.empty or instance.rules.history_weight == 0:
        return shares.targets
    slots_of = instance.availability.groupby("supporter_id")["slot"].agg(list).to_dict() if len(instance.availability) else {}
    weights = share_weights(instance, {sid: slots_of.get(sid, []) for sid in shares.weights}, history_weight=0.0)
    return {sid: shares.needed_hours * w for sid, w in weights.items()}


def burden_table(instance: Instance, rota: Rota, shares: FairShares | None) -> pd.DataFrame:
    """Per supporter: duties, nights, weekend duties, hours, fair share (target) and load ÷ target,
    and the staff their duties covered (exposure: staff × hours). With `fair_share_basis =
    "exposure"` the target is in staff-hours and the load ratio is exposure ÷ target.

    The targets are the run's fair shares (docs/fairness.md): the hours the coverage needs,
    shared by weight — the same numbers as summary.json and the app show. With history
    (docs/history.md), `base_target` is the share before history changed it and `carried_ratio`
    what the supporter carried ÷ their fair share over the history window."""
    slots = {(s.date.isoformat(), s.name): s for s in instance.slots}
    exposure = _exposure(instance, rota, slots)
    base = base_targets(instance, shares)
    carried = instance.history.carried
    rows = []
    chosen_of: dict[str, list] = {}  # one pass over the duties (a year of 100 wards has 20,000)
    d = rota.duties
    for sid, date, name in zip(d["supporter_id"].tolist(), d["date"].tolist(), d["slot"].tolist(), strict=True):
        chosen_of.setdefault(sid, []).append(slots[(date, name)])
    for sid in sorted(instance.supporters):
        employee = instance.employees.get(sid)
        chosen = chosen_of.get(sid, [])
        hours = float(sum(s.duty_hours for s in chosen))
        target = shares.target(sid) if shares else 0.0
        supporter = instance.supporters[sid]
        # The load fairness shares out (docs/fairness.md): hours, or exposure (staff × hours).
        load = exposure.get(sid, (0, 0.0))[1] if instance.rules.fair_share_basis == "exposure" else hours
        rows.append(
            {
                "supporter_id": sid,
                "name": employee.name if employee else "",
                "home_ward": employee.ward if employee else "",
                "profession": employee.profession if employee else "",
                "duties": len(chosen),
                "nights": sum(1 for s in chosen if s.kind is SlotKind.NIGHT),
                "weekend_duties": sum(1 for s in chosen if s.is_weekend),
                "hours": round(hours, 2),
                "target": round(target, 2),
                "load_ratio": round(load / target, 3) if target > 0 else (0.0 if load == 0 else None),
                "max_duties_per_week": instance.rules.weekly_duties(supporter),
                "recent_activity": supporter.recent_activity,
                "base_target": round(base.get(sid, 0.0), 2),
                "carried_ratio": _carried_ratio(carried.get(sid)),
                "staff_covered": exposure.get(sid, (0, 0.0))[0],
                "exposure": round(exposure.get(sid, (0, 0.0))[1], 2),
            }
        )
    return pd.DataFrame(rows)


def _exposure(instance: Instance, rota: Rota, slots: dict) -> dict[str, tuple[int, float]]:
    """Per supporter: the staff at work in the wards they are the one to call for (summed over their
    duties), and that × the duty's hours — what a duty exposes them to, beside its hours
    (docs/outputs.md, burden.csv)."""
    index = {(s.date.isoformat(), s.name): t for t, s in enumerate(instance.slots)}
    a = rota.assignments
    primary = a[(a["role"] == "primary") & (a["supporter_id"] != "")]
    if primary.empty:
        return {}
    # By column (a year of 100 wards has 80,000 primaries): each row's slot, its staff, their hours.
    t = [index[key] for key in zip(primary["date"].tolist(), primary["slot"].tolist(), strict=True)]
    rows = pd.DataFrame({"supporter_id": primary["supporter_id"].to_numpy(dtype=object),
                         "ward": primary["ward"].to_numpy(dtype=object), "slot": t})
    demand = instance.demand[["ward", "slot", "headcount"]].astype({"ward": object, "slot": "int64"})
    rows = rows.merge(demand, on=["ward", "slot"], how="left")
    staff = rows["headcount"].fillna(0).astype("int64")
    hours = pd.Series([s.duty_hours for s in instance.slots], dtype="float64")
    per = pd.DataFrame({"sid": rows["supporter_id"], "staff": staff,
                        "weighted": staff * hours.iloc[rows["slot"]].to_numpy()}).groupby("sid", sort=False).sum()
    return {str(sid): (int(n), float(w)) for sid, n, w in zip(per.index, per["staff"], per["weighted"], strict=True)}


def _with_basis(fairness: dict, instance: Instance) -> dict:
    """What the fairness figures are of (docs/fairness.md, «Exposure»): with exposure, the ratios of
    burden.csv and `largest_ratio` are the rota's exposure, the fairness tier's value and bound are
    of the model's even split per slot, and `needed_hours` is staff-hours."""
    if fairness:
        fairness["basis"] = instance.rules.fair_share_basis
    return fairness


def _carried_ratio(load) -> float | None:
    ratio = load.ratio if load is not None else None
    return None if ratio is None else round(ratio, 3)


def _held_above_line(fairness, burden: pd.DataFrame) -> set[str]:
    """Supporters above the follow-up line whom a proven forced-load bound of their own holds there."""
    if "load_ratio" not in burden:
        return set()
    above = {str(sid) for sid, r in zip(burden["supporter_id"], burden["load_ratio"], strict=True)
             if r is not None and r == r and r > FLAG_RATIO + 1e-9}
    return {f.supporters[0] for f in fairness.shares.forced
            if len(f.supporters) == 1 and f.ratio > FLAG_RATIO + 1e-9 and f.supporters[0] in above}


def fairness_summary(result: SolveResult, rota: Rota, burden: pd.DataFrame) -> dict:
    """The fairness reached and what it cost: busiest ÷ fair share with its proven bound, how many
    are above the follow-up line, and the duties beyond the fewest possible (docs/fairness.md)."""
    if result.fairness is None:
        return {}
    f = result.fairness
    ratios = [r for r in (burden["load_ratio"].tolist() if "load_ratio" in burden else []) if r is not None and r == r]
    duties = int(len(rota.duties))
    fewest = None if f.fewest_duties is None else min(f.fewest_duties, duties)  # the fair rota is a rota too
    out = f.to_dict()
    largest = round(max(ratios, default=0.0), 4)
    out.update({
        "largest_ratio": largest,
        # The model keeps ratios in thousandths rounded up; the bound never reads above the rota's own.
        "largest_ratio_bound": min(out["largest_ratio_bound"], largest),
        "supporters_above_flag": sum(1 for r in ratios if r > FLAG_RATIO + 1e-9),
        # of them, those whom coverage itself holds above the line (docs/fairness.md, forced load)
        "above_flag_forced": len(_held_above_line(f, burden)),
        "flag_ratio": FLAG_RATIO,
        "duties": duties,
        # Duties beyond the fewest possible: at most this many (against the proven bound), and
        # at least this many against the fewest rota found, when one was measured.
        "price_of_fairness_at_most": duties - f.fewest_duties_bound,
        "fewest_duties": fewest,
        "price_of_fairness_found": None if fewest is None else duties - fewest,
        "fewest_duties_at_fairness_bound": _fewest_at_fairness(result, f.fewest_duties_bound),
    })
    return out


def _fewest_at_fairness(result: SolveResult, fewest_bound: int) -> int | None:
    """Proven: no rota as fair as this one has fewer duties — the duties tier's bound, when it ran
    after fairness and knows more than the fewest at any fairness. It splits the price of fairness
    into what the fairness reached needs and what the rota adds on top of it."""
    names = [t.name for t in result.tiers]
    if "total_duties" not in names or "largest_load_ratio" not in names[:names.index("total_duties")]:
        return None
    bound = math.ceil(result.tiers[names.index("total_duties")].bound - 1e-9)
    return bound if bound > fewest_bound else None


def coverage_table(instance: Instance, rota: Rota) -> pd.DataFrame:
    """coverage.csv (docs/outputs.md): one row per ward-slot with demand, plus who covers, the backup
    and, when uncovered, the reason's code (scheduler.solve.explain)."""
    columns = ["date", "slot", "ward", "headcount", "covered", "reason", "supporter_id", "backup_id", "reason_code"]
    if instance.demand.empty:
        return pd.DataFrame({c: pd.Series(dtype=bool if c == "covered" else int if c == "headcount" else str)
                             for c in columns})
    a = rota.assignments.astype({"date": str, "slot": str, "ward": str})
    keys = ["date", "slot", "ward"]
    primary = a[a["role"] == "primary"][keys + ["supporter_id", "reason"]]
    backup = a[a["role"] == "backup"][keys + ["supporter_id"]].rename(columns={"supporter_id": "backup_id"})
    slots = pd.DataFrame({"slot_index": [s.index for s in instance.slots],
                          "date": [s.date.isoformat() for s in instance.slots],
                          "slot": [s.name for s in instance.slots]})
    demand = instance.demand[["ward", "slot", "headcount"]].rename(columns={"slot": "slot_index"})
    table = demand.merge(slots, on="slot_index", how="left").merge(primary, on=keys, how="left").merge(backup, on=keys, how="left")
    table["supporter_id"] = table["supporter_id"].fillna("").astype(str)
    table["backup_id"] = table["backup_id"].fillna("").astype(str)
    table["reason"] = table["reason"].fillna("").astype(str)
    table["covered"] = table["supporter_id"] != ""
    table["headcount"] = table["headcount"].astype(int)
    # Why, as a fixed code (scheduler.solve.explain): the leadership report groups reasons by it, never by text.
    table["reason_code"] = [("" if covered else getattr(rota.reasons.get((ward, int(t))), "code", ""))
                            for ward, t, covered in table[["ward", "slot_index", "covered"]].itertuples(index=False)]
    return table[columns].reset_index(drop=True)


def summary(instance: Instance, rota: Rota, result: SolveResult, timings: dict[str, float], extra: dict | None = None,
            burden: pd.DataFrame | None = None) -> dict:
    """summary.json: status, per-tier value and bound, fairness and its price, timings, counts,
    input checksums (docs/outputs.md)."""
    a = rota.assignments
    primary = a[a["role"] == "primary"]
    uncovered = primary[primary["supporter_id"] == ""]
    return {
        "status": result.status,
        "tiers": [
            {"name": t.name, "label_no": t.label_no, "label_en": t.label_en, "value": t.value, "bound": t.bound,
             "gap": round(t.gap, 6), "status": t.status, "seconds": round(t.seconds, 3)}
            for t in result.tiers
        ],
        "fairness": _with_basis(fairness_summary(result, rota, burden) if burden is not None else {}, instance),
        "timings": {k: round(v, 3) for k, v in {**timings, "build": result.build_seconds, "solve": result.solve_seconds}.items()},
        "counts": {
            "ward_slots": int(len(primary)),
            "covered": int(len(primary) - len(uncovered)),
            "uncovered": int(len(uncovered)),
            "uncoverable": len(result.uncoverable),
            "backups": int((a["role"] == "backup").sum()),
            "duties": int(len(rota.duties)),
            "supporters": len(instance.supporters),
            "supporters_on_duty": int(rota.duties["supporter_id"].nunique()) if len(rota.duties) else 0,
            "wards": len(instance.wards),
            "slots": len(instance.slots),
        },
        "settings": result.settings.model_dump(),
        "rules": instance.rules.model_dump(mode="json"),
        "model": result.model_stats,
        "horizon": {"from": instance.slots[0].date.isoformat() if instance.slots else None,
                    "to": instance.slots[-1].date.isoformat() if instance.slots else None},
        "input_checksums": dict(instance.checksums),
        "history": history_summary(instance),
        **(extra or {}),
    }


def history_summary(instance: Instance) -> dict:
    """summary.json «history»: the window and how strongly it changed the fair shares (docs/history.md)."""
    h = instance.history
    return {
        "from": h.first.isoformat() if h.first else None,
        "to": h.last.isoformat() if h.last else None,
        "periods": h.periods,
        "supporters": sum(1 for sid in h.carried if sid in instance.supporters),
        "history_weight": instance.rules.history_weight,
        "history_months": instance.rules.history_months,
    }
