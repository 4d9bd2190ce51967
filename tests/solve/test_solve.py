"""The optimiser end to end: tier values equal brute force on tiny worlds; scenarios; repeatability.

Every rota here passes through the independent checker (conftest.plan_and_verify).
"""

from __future__ import annotations

import datetime as dt
import itertools

from conftest import MONDAY, days, make_inputs, plan_and_verify
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import Pin, Rules, Supporter, Ward
from scheduler.model.demand import build_instance
from scheduler.solve.fair_bounds import fewest_duties_lower_bound
from scheduler.solve.limits import HARD_RULES
from scheduler.solve.variables import create_variables

# --- brute force -------------------------------------------------------------------------------


def _brute_force(instance) -> dict[str, float]:
    """The tier values of the lexicographically best valid duty set, by enumerating every subset of
    available duties and checking the limits by hand (docs/semantics.md, docs/fairness.md):
    uncovered ward-slots, their staff, then fairness — the largest load ÷ fair share, where the
    fair shares split the fewest duties this coverage needs by weight — then duties in total."""
    rules = instance.rules
    options = [(s, int(t)) for s, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False)]
    demand = [(w, int(t), int(h)) for w, t, h in instance.demand[["ward", "slot", "headcount"]].itertuples(index=False)]
    home = {s: instance.employees[s].ward for s in instance.supporters}
    site = {w: ward.site for w, ward in instance.wards.items()}

    def may_cover(s: str, w: str) -> bool:  # never one's own ward; with same_site, only one's own site
        return home[s] != w and (not rules.same_site or site.get(home[s]) == site.get(w))

    valid = []
    for r in range(len(options) + 1):
        for chosen in itertools.combinations(options, r):
            if _valid(instance, chosen, home, rules):
                uncovered = [(w, t, h) for w, t, h in demand if not any(tt == t and may_cover(s, w) for s, tt in chosen)]
                valid.append((len(uncovered), sum(h for _, _, h in uncovered), chosen))
    coverage = min((u, h) for u, h, _ in valid)
    at_coverage = [c for u, h, c in valid if (u, h) == coverage]
    fewest = min(len(c) for c in at_coverage)
    slots_of: dict[str, list[int]] = {}
    for s, t in options:
        slots_of.setdefault(s, []).append(t)
    shares = _weights(instance, slots_of)
    targets = {s: int(fewest * w * 100) for s, w in shares.items() if int(fewest * w * 100) > 0}  # hundredths, down

    def largest(chosen) -> int:
        load = {s: 100 * sum(1 for x, _ in chosen if x == s) for s in targets}
        return max([-(-load[s] * 1000 // targets[s]) for s in targets], default=0)

    def above_line(chosen) -> int:
        """The convex cost of load above 1.5 × the fair share (docs/fairness.md), by hand."""
        load = {s: 100 * sum(1 for x, _ in chosen if x == s) for s in targets}
        bands = ((1.5, 9), (2.0, 27), (3.0, 81))
        return sum(w * max(1, round(10000 / targets[s])) * max(0, load[s] - int(start * targets[s]))
                   for s in targets for start, w in bands)

    ratio = min(largest(c) for c in at_coverage)
    fair = [c for c in at_coverage if largest(c) <= ratio]
    if ratio > 1500:  # someone is held above the follow-up line: the others come down to it
        least = min(above_line(c) for c in fair)
        fair = [c for c in fair if above_line(c) == least]
    duties = min(len(c) for c in fair)
    return {"uncovered_ward_slots": coverage[0], "uncovered_staff_shifts": coverage[1],
            "largest_load_ratio": ratio / 1000, "total_duties": duties, "fewest_possible": fewest}


def _weights(instance, slots_of) -> dict[str, float]:
    """Each supporter's share of the work, restated here from docs/fairness.md and not taken from
    the code under test: weekly capacity (protected hours, else the weekly duty limit × the mean
    duty hours) × the ISO weeks they are available in ÷ (1 + activity_weight × recent conversations),
    summing to 1 (tiny worlds carry no history)."""
    rules = instance.rules
    mean_hours = sum(s.duty_hours for s in rules.slots) / len(rules.slots)
    raw = {}
    for sid, slots in slots_of.items():
        supporter = instance.supporters[sid]
        hours = rules.weekly_hours(supporter)
        capacity = hours if hours is not None else rules.weekly_duties(supporter) * mean_hours
        weeks = len({instance.slots[t].date.isocalendar()[:2] for t in slots})
        raw[sid] = capacity * weeks / (1 + rules.activity_weight * supporter.recent_activity)
    total = sum(raw.values())
    return {sid: w / total if total > 0 else 0.0 for sid, w in raw.items()}


def _valid(instance, chosen, home, rules) -> bool:
    per_day, per_week, per_ward_slot, dates = {}, {}, {}, {}
    for s, t in chosen:
        slot = instance.slots[t]
        per_day[s, slot.date] = per_day.get((s, slot.date), 0) + 1
        week = slot.date.isocalendar()[:2]
        per_week[s, week] = per_week.get((s, week), 0) + 1
        per_ward_slot[home[s], t] = per_ward_slot.get((home[s], t), 0) + 1
        dates.setdefault(s, set()).add(slot.date)
    if any(n > rules.max_duties_per_day for n in per_day.values()):
        return False
    if any(n > rules.weekly_duties(instance.supporters[s]) for (s, _), n in per_week.items()):
        return False
    if any(n > rules.max_on_duty_per_ward for n in per_ward_slot.values()):
        return False
    for ds in dates.values():
        for d in ds:
            if all(d + dt.timedelta(days=k) in ds for k in range(rules.max_consecutive_days + 1)):
                return False
    return True


@st.composite
def tiny_worlds(draw):
    """Two or three wards on one site, or four on two sites that share nobody (same_site); maybe a
    staff unit that needs no cover, whose supporter can cover a slot alone."""
    two_sites = draw(st.booleans())
    n_wards = 4 if two_sites else draw(st.integers(2, 3))
    n_days = draw(st.integers(1, 3))
    wards = "ABCD"[:n_wards]
    rows = []
    supporters = []
    for w in wards:
        for i in range(draw(st.integers(0, 1 if two_sites else 2))):
            sid = f"{w.lower()}{i}"
            codes = draw(st.lists(st.sampled_from(["D", "A", "F"]), min_size=n_days, max_size=n_days))
            for date, code in zip(days(n_days), codes, strict=True):
                rows.append((sid, w, date, code))
            supporters.append(sid)
        for date in days(n_days):
            if draw(st.booleans()):
                rows.append((f"{w.lower()}staff", w, date, draw(st.sampled_from(["D", "A"]))))
    staff_unit = draw(st.booleans())
    if staff_unit:  # a unit that needs no cover: its supporter covers every ward (of their site) alone
        codes = draw(st.lists(st.sampled_from(["D", "A", "F"]), min_size=n_days, max_size=n_days))
        rows.extend(("u0", "U", date, code) for date, code in zip(days(n_days), codes, strict=True))
        supporters.append("u0")
    if not rows:
        rows.append(("x", "A", MONDAY, "D"))
    rules = Rules(max_duties_per_week=draw(st.integers(1, 2)), max_consecutive_days=draw(st.integers(1, 2)),
                  same_site=two_sites)
    sites = [Ward(ward_id=w, site="Nord" if w in "AB" else "Sør") for w in wards] if two_sites else []
    if staff_unit:
        sites.append(Ward(ward_id="U", site="Nord", needs_coverage=False))
    return make_inputs(rows, supporters, rules=rules, wards=sites)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_worlds())
def test_tier_values_equal_brute_force(inputs) -> None:
    instance = build_instance(inputs)
    if len(instance.availability) > 12:
        return  # keep enumeration small
    plan, _ = plan_and_verify(inputs)
    tiers = {t.name: t.value for t in plan.result.tiers}
    expected = _brute_force(instance)
    fewest = expected.pop("fewest_possible")
    assert {name: tiers[name] for name in expected} == expected
    assert all(t.optimal for t in plan.result.tiers)
    # The proven bounds behind the fair shares never claim more than is true.
    v = create_variables(instance)
    assert fewest_duties_lower_bound(v, instance, expected["uncovered_ward_slots"] - len(v.uncoverable)) <= fewest
    fairness = plan.summary["fairness"]
    assert (fairness.get("fewest_duties_at_fairness_bound") or 0) <= expected["total_duties"]
    assert fairness["fewest_duties_bound"] <= fewest == fairness["fewest_duties"] or fairness["fewest_duties"] is None
    assert fairness["largest_ratio_bound"] <= expected["largest_load_ratio"] + 1e-9


# --- scenarios ---------------------------------------------------------------------------------


def _three_wards(n_days: int = 2, supporters=("a1", "b1", "c1"), **kw):
    rows = [(f"{w.lower()}{i}", w, d, "D") for d in days(n_days) for w in "ABC" for i in (1, 2)]
    return make_inputs(rows, list(supporters), **kw)


def test_everything_covered_with_two_duties_per_slot() -> None:
    plan, report = plan_and_verify(_three_wards())
    assert report.counts["uncovered"] == 0
    assert plan.result.tier("total_duties").value == 4  # two per slot: one never covers own ward


def test_uncoverable_ward_slot_is_reported_with_reason_not_dropped() -> None:
    plan, report = plan_and_verify(_three_wards(supporters=("a1",)))
    uncovered = plan.rota.uncovered
    assert set(uncovered["ward"]) == {"A"}
    assert uncovered["reason"].str.contains("egen post").all()
    assert report.counts["uncovered"] == 2


def test_no_supporter_at_work_reason() -> None:
    rows = [("a1", "A", MONDAY, "D"), ("b1", "B", MONDAY, "N")]
    plan, _ = plan_and_verify(make_inputs(rows, ["a1"]))
    reason = plan.rota.uncovered.set_index("ward").loc["B", "reason"]
    assert "Ingen kollegastøtte er på jobb" in reason


def test_limit_reason_names_the_limit_and_the_person() -> None:
    inputs = _three_wards(n_days=3, supporters=(Supporter(employee_id="a1", max_duties_per_week=1), "b1"))
    plan, _ = plan_and_verify(inputs)
    reasons = " ".join(plan.rota.uncovered["reason"])
    assert "Person a1 (a1): " + HARD_RULES["weekly_duties"].reason.no in reasons


def test_infeasible_limits_give_uncovered_not_failure() -> None:
    inputs = _three_wards(rules=Rules(max_duties_per_week=0))
    plan, report = plan_and_verify(inputs, measure_limits=True)
    assert plan.result.status == "OPTIMAL"
    assert report.counts["uncovered"] == 6 and report.counts["duties"] == 0
    assert plan.limits and plan.limits[0].limit == "weekly_duties" and plan.limits[0].gain > 0


def test_redundancy_two_gives_distinct_backups() -> None:
    inputs = _three_wards(supporters=("a1", "b1", "c1", "a2", "b2", "c2"), rules=Rules(redundancy=2, max_on_duty_per_ward=2))
    plan, report = plan_and_verify(inputs)
    assert report.counts["missing_backup"] == 0
    a = plan.rota.assignments
    assert (a["role"] == "backup").sum() == 6


def test_same_site_keeps_supporters_on_their_site() -> None:
    wards = [Ward(ward_id="A", site="Nord"), Ward(ward_id="B", site="Nord"), Ward(ward_id="C", site="Sør")]
    inputs = _three_wards(supporters=("a1", "b1"), rules=Rules(same_site=True), wards=wards)
    plan, _ = plan_and_verify(inputs)
    assert set(plan.rota.uncovered["ward"]) == {"C"}


def test_department_separation() -> None:
    wards = [Ward(ward_id="A", department="Med"), Ward(ward_id="B", department="Med"), Ward(ward_id="C", department="Kir")]
    inputs = _three_wards(supporters=("a1",), rules=Rules(separation="department"), wards=wards)
    plan, _ = plan_and_verify(inputs)
    assert set(plan.rota.uncovered["ward"]) == {"A", "B"}


def test_leader_never_covers_the_ward_they_lead() -> None:
    inputs = _three_wards(supporters=(Supporter(employee_id="a1", leads_wards=frozenset({"B"})), "c1"))
    plan, _ = plan_and_verify(inputs)
    a = plan.rota.assignments
    assert not ((a["supporter_id"] == "a1") & (a["ward"] == "B")).any()


def test_locks_and_forbids_are_kept() -> None:
    pins = [Pin(supporter_id="c1", date=MONDAY, slot="dag", action="lock", ward="A"),
            Pin(supporter_id="b1", date=MONDAY, slot="dag", action="forbid")]
    plan, _ = plan_and_verify(_three_wards(), pins=pins)
    d = plan.rota.duties
    assert ((d["supporter_id"] == "c1") & (d["date"] == MONDAY.isoformat())).any()
    assert not ((d["supporter_id"] == "b1") & (d["date"] == MONDAY.isoformat())).any()
    a = plan.rota.assignments
    assert a[(a["ward"] == "A") & (a["date"] == MONDAY.isoformat())]["supporter_id"].tolist() == ["c1"]


def test_replanning_changes_as_few_duties_as_possible() -> None:
    first, _ = plan_and_verify(_three_wards(n_days=4))
    changed = _three_wards(n_days=4, supporters=("a1", "b1", "c1"))
    # c1 becomes unavailable on day 2: at most the duties of that day may change.
    changed.supporters["c1"] = Supporter(employee_id="c1", unavailable=frozenset({MONDAY + dt.timedelta(days=1)}))
    second, _ = plan_and_verify(changed, previous=first.rota.duties)
    before = set(map(tuple, first.rota.duties[["supporter_id", "date", "slot"]].values.tolist()))
    after = set(map(tuple, second.rota.duties[["supporter_id", "date", "slot"]].values.tolist()))
    lost = {d for d in before if d[0] == "c1" and d[1] == (MONDAY + dt.timedelta(days=1)).isoformat()}
    assert len(before ^ after) == second.result.tier("changed_duties").value
    assert second.result.tier("changed_duties").value <= 2 * max(1, len(lost))


def test_replanning_moves_a_duty_in_another_week_when_coverage_needs_it(monkeypatch) -> None:
    """The published rota with its gaps filled cannot cover A on day 10: b2, the only one left who
    can, has the one duty of their period on day 2. Coverage comes first, so the re-plan gives
    day 2 to b1 and day 10 to b2 (four changes), starting from that published rota with CP-SAT
    repairing it (docs/fairness.md, "Re-planning")."""
    import pandas as pd

    import scheduler.solve.planner as solve_module

    d = days(14)
    rows = [(sid, ward, date, "D") for date in d for sid, ward in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B"))]
    rules = Rules(max_duties_per_week=7, max_consecutive_days=31)
    supporters = ["a1", Supporter(employee_id="b1", unavailable=frozenset({d[10]})),
                  Supporter(employee_id="b2", max_duties_per_period=1)]
    published = [("a1", date) for date in d] + [("b1", date) for date in d if date != d[2]] + [("b2", d[2])]
    previous = pd.DataFrame([{"supporter_id": sid, "date": date.isoformat(), "slot": "dag"} for sid, date in published])
    repaired = []
    solve_model = solve_module.solve_model

    def spy(*args, **kw):
        repaired.append(kw.get("repair", False))
        return solve_model(*args, **kw)

    monkeypatch.setattr(solve_module, "solve_model", spy)
    plan, report = plan_and_verify(make_inputs(rows, supporters, rules=rules), previous=previous)
    assert report.counts["uncovered"] == 0 and any(repaired)
    after = set(map(tuple, plan.rota.duties[["supporter_id", "date", "slot"]].values.tolist()))
    before = set(map(tuple, previous.values.tolist()))
    assert before ^ after == {(sid, date.isoformat(), "dag") for sid in ("b1", "b2") for date in (d[2], d[10])}
    assert plan.result.tier("changed_duties").value == 4 and plan.result.tier("changed_duties").optimal


def test_deterministic_mode_repeats_exactly() -> None:
    inputs = _three_wards(n_days=5, supporters=("a1", "b1", "c1", "a2", "b2"))
    one, _ = plan_and_verify(inputs)
    two, _ = plan_and_verify(inputs)
    assert one.rota.assignments.equals(two.rota.assignments)
    assert one.rota.duties.equals(two.rota.duties)


def test_fair_share_lowers_target_for_recent_activity() -> None:
    from scheduler.solve.fairness import FairShares, share_weights

    inputs = _three_wards(n_days=7, supporters=(Supporter(employee_id="a1", recent_activity=5), "b1"))
    instance = build_instance(inputs)
    slots_of: dict[str, list[int]] = {}
    for s, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        slots_of.setdefault(s, []).append(int(t))
    targets = FairShares(needed_hours=10.0, needed_proven=True, weights=share_weights(instance, slots_of)).targets
    assert targets["a1"] < targets["b1"] and abs(sum(targets.values()) - 10.0) < 1e-9


def test_a_proven_objective_bound_is_held_as_a_constraint_less_the_offset() -> None:
    from ortools.sat.python import cp_model

    from scheduler.solve.cpsat import _objective_at_least

    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y")
    model.minimize(3 * x + 2 * y + 5)  # 5 alone; held at 11 it must reach 11 exactly (y = 3)
    _objective_at_least(model, 11.0)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert solver.objective_value == 11  # 5 without the hold, 16 if the offset were not taken off
