"""summary.json against the rota and its inputs: the counts, horizon, rules and checksums it states.

The command line and the app quote summary.json, so what it says must be what assignments.csv,
duties.csv and the inputs give; without its input checksums a rota could not be tied to the
files it was made from (:func:`scheduler.check.folder.compare_input_checksums`).
"""

from __future__ import annotations

import json

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem, _short
from scheduler.check.output_files import OutputFolder
from scheduler.check.written import WrittenRota

__all__ = ["compare_summary"]


def _json_equal(a: object, b: object) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def compare_summary(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """summary.json counts what assignments.csv and duties.csv hold, spans the horizon, states
    the rules read from the inputs, and records the inputs' checksums."""
    rule, file = "summary_matches_rota", "summary.json"
    summary = folder.summary
    if summary is None:
        return []
    out: list[Violation] = []
    primary = [a for a in rota.assignments if a.role == "primary"]
    uncovered = sum(1 for a in primary if not a.supporter_id)
    duty_ids = [d.supporter_id for d in rota.duty_rows]
    expected = {
        "ward_slots": len(primary),
        "covered": len(primary) - uncovered,
        "uncovered": uncovered,
        "backups": sum(1 for a in rota.assignments if a.role == "backup"),
        "duties": len(rota.duty_rows),
        "supporters": sum(1 for sid in ctx.supporters if sid in ctx.employees),
        "supporters_on_duty": len(set(duty_ids)),
        "wards": len(ctx.wards),
        "slots": len(ctx.slots),
    }
    counts = summary.get("counts")
    if not isinstance(counts, dict):
        out.append(_problem(rule, file, "mangler «counts».", "lacks «counts».", key="counts"))
        counts = {}
    for key, want in expected.items():
        got = counts.get(key)
        if key in counts and (isinstance(got, bool) or got != want):
            out.append(_problem(rule, file, f"counts.{key} = {got!r}, men assignments.csv/duties.csv og inndataene gir {want}.",
                                f"counts.{key} = {got!r}, but assignments.csv/duties.csv and the inputs give {want}.",
                                key=f"counts.{key}"))
        elif key not in counts and counts:
            out.append(_problem(rule, file, f"mangler counts.{key}.", f"lacks counts.{key}.", key=f"counts.{key}"))
    uncoverable = counts.get("uncoverable")
    if counts and (not isinstance(uncoverable, int) or isinstance(uncoverable, bool) or not 0 <= uncoverable <= uncovered):
        out.append(_problem(rule, file, f"counts.uncoverable = {uncoverable!r}; skal være et heltall fra 0 til {uncovered} "
                            "(antall udekkede).",
                            f"counts.uncoverable = {uncoverable!r}; should be a whole number from 0 to {uncovered} "
                            "(the uncovered count).", key="counts.uncoverable"))
    horizon = summary.get("horizon") if isinstance(summary.get("horizon"), dict) else {}
    span = {"from": ctx.slots[0].date.isoformat() if ctx.slots else None,
            "to": ctx.slots[-1].date.isoformat() if ctx.slots else None}
    for key, want in span.items():
        if horizon.get(key) != want:
            out.append(_problem(rule, file, f"horizon.{key} = {horizon.get(key)!r}, men turnus og regler gir {want!r}.",
                                f"horizon.{key} = {horizon.get(key)!r}, but the turnus and rules give {want!r}.",
                                key=f"horizon.{key}"))
    rules = summary.get("rules")
    given = json.loads(json.dumps(ctx.rules.model_dump(mode="json"), default=str))
    if not isinstance(rules, dict):
        out.append(_problem(rule, file, "mangler «rules».", "lacks «rules».", key="rules"))
    else:
        for key in sorted(set(rules) | set(given)):
            if not _json_equal(rules.get(key), given.get(key)):
                out.append(_problem(rule, file, f"rules.{key} = {_short(rules.get(key))}, men regelfila gir "
                                    f"{_short(given.get(key))}.",
                                    f"rules.{key} = {_short(rules.get(key))}, but the rules file gives "
                                    f"{_short(given.get(key))}.", key=f"rules.{key}"))
    pins = summary.get("pins")
    if pins is not None and pins != len(ctx.pins):
        out.append(_problem(rule, file, f"pins = {pins!r}, men låsefila har {len(ctx.pins)}.",
                            f"pins = {pins!r}, but the pins file has {len(ctx.pins)}.", key="pins"))
    out += _fairness_basis(ctx, rota, folder)
    out += _hours_tier(ctx, rota, folder)
    if not isinstance(summary.get("input_checksums"), dict):
        out.append(_problem(rule, file, "mangler «input_checksums»: inndataene kan ikke kontrolleres.",
                            "lacks «input_checksums»: the inputs cannot be checked.", key="input_checksums"))
    return out


def _fairness_basis(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """fairness.basis is the rules' `fair_share_basis`, and fairness.largest_ratio the busiest's
    load on that basis — hours, or exposure (staff covered × hours) — counted from the rota, ÷ their
    target in burden.csv (docs/fairness.md)."""
    rule, file = "summary_matches_rota", "summary.json"
    fairness = (folder.summary or {}).get("fairness")
    burden = folder.tables.get("burden")
    if not isinstance(fairness, dict) or not fairness or burden is None or "target" not in burden.columns:
        return []
    out: list[Violation] = []
    basis = ctx.rules.fair_share_basis
    if "basis" in fairness and fairness["basis"] != basis:
        out.append(_problem(rule, file, f"fairness.basis = {fairness['basis']!r}, men regelfila gir {basis!r}.",
                            f"fairness.basis = {fairness['basis']!r}, but the rules file gives {basis!r}.",
                            key="fairness.basis"))
    load: dict[str, float] = {}
    if basis == "exposure":
        for a in rota.assignments:
            if a.role == "primary" and a.supporter_id and a.t is not None:
                staff = ctx.demand.get((a.ward, a.t), 0)
                load[a.supporter_id] = load.get(a.supporter_id, 0.0) + staff * ctx.slots[a.t].duty_hours
    else:
        for sid, t in rota.on_duty:
            load[sid] = load.get(sid, 0.0) + ctx.slots[t].duty_hours
    low, high, want = 0.0, 0.0, 0.0
    for sid, target in zip(burden["supporter_id"].astype(str), burden["target"], strict=True):
        try:
            value = float(str(target).replace(",", "."))
        except ValueError:
            continue  # burden.csv's own check names it
        if value > 0:  # the target is written with two decimals, the ratios with three and four
            mine = load.get(sid, 0.0)
            want = max(want, mine / value)
            low = max(low, mine / (value + 0.005) - 0.0006)
            high = max(high, mine / (value - 0.005) + 0.0006 if value > 0.005 else float("inf"))
    got = fairness.get("largest_ratio")
    if isinstance(got, (int, float)) and not isinstance(got, bool) and high > 0 and not low <= got <= high:
        out.append(_problem(rule, file, f"fairness.largest_ratio = {got!r}, men vaktplanen ({basis}) ÷ målene i burden.csv "
                            f"gir {want:.4f}.",
                            f"fairness.largest_ratio = {got!r}, but the rota ({basis}) ÷ the targets in burden.csv "
                            f"gives {want:.4f}.", key="fairness.largest_ratio"))
    return out


def _hours_tier(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """With fairness over exposure, tier `largest_hours_ratio` is the busiest's duty hours, counted
    from the rota, ÷ their share of `fairness.hours_base` — the share being their target in
    burden.csv ÷ all targets (docs/fairness.md, «Exposure»)."""
    rule, file = "summary_matches_rota", "summary.json"
    summary = folder.summary or {}
    fairness, burden = summary.get("fairness"), folder.tables.get("burden")
    tier = next((t for t in summary.get("tiers", []) if isinstance(t, dict) and t.get("name") == "largest_hours_ratio"), None)
    if tier is None or not isinstance(fairness, dict) or burden is None or "target" not in burden.columns:
        return []
    base, got = fairness.get("hours_base"), tier.get("value")
    if not isinstance(base, (int, float)) or not isinstance(got, (int, float)) or base <= 0:
        return [_problem(rule, file, "tiers: largest_hours_ratio uten fairness.hours_base å regne den mot.",
                         "tiers: largest_hours_ratio without fairness.hours_base to count it against.",
                         key="fairness.hours_base")]
    targets: dict[str, float] = {}
    for sid, target in zip(burden["supporter_id"].astype(str), burden["target"], strict=True):
        try:
            targets[sid] = float(str(target).replace(",", "."))
        except ValueError:
            continue  # burden.csv's own check names it
    total = sum(t for t in targets.values() if t > 0)
    hours: dict[str, float] = {}
    for sid, t in rota.on_duty:
        hours[sid] = hours.get(sid, 0.0) + ctx.slots[t].duty_hours
    # The model keeps each share in hundredths of an hour rounded down and the ratio in thousandths
    # rounded up; the targets are written with two decimals: the value is within those roundings.
    low = high = want = 0.0
    for sid, t in targets.items():
        if t > 0:
            mine, share = hours.get(sid, 0.0), base * t / total
            want = max(want, mine / share)
            low = max(low, mine / (base * (t + 0.005) / total) - 0.0011)
            high = max(high, mine / (share - 0.01) + 0.0011 if share > 0.01 else float("inf"))
    if not low <= got <= high:
        return [_problem(rule, file, f"tiers: largest_hours_ratio = {got!r}, men timene i vaktplanen ÷ andelen av "
                         f"fairness.hours_base ({base}) gir {want:.4f}.",
                         f"tiers: largest_hours_ratio = {got!r}, but the rota's hours ÷ each one's share of "
                         f"fairness.hours_base ({base}) give {want:.4f}.", key="tiers.largest_hours_ratio")]
    return []
