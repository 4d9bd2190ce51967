"""A property over generated hospitals: whatever the hospital, its rota, its rules and its incidents, the
independent checker finds no broken rule in the outreach plan, and every contact is reported.

Hospitals come from scheduler.demo.generate (small: 6 wards, 4 weeks, 12 supporters); the rota is a
random set of duties that keeps every limit (built with the rule entries' incremental checks);
hypothesis picks the seed, the rules, the incidents and how many meetings a contact may have.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.check.outreach import format_outreach_report, verify_outreach
from scheduler.demo.generate import generate
from scheduler.demo.shapes import SizeSpec
from scheduler.domain import SolverSettings
from scheduler.incidents import Incident
from scheduler.io import Source, load_inputs
from scheduler.model.demand import build_instance
from scheduler.outreach.plan import plan_outreach
from scheduler.solve.limits import DutyLoad

TINY = SizeSpec(wards=6, weeks=4, staff=150, supporters=12, sites=2)


@cache
def hospital(seed: int) -> tuple[bytes, bytes, bytes]:
    h = generate(TINY, seed=seed)
    return (h.turnus.to_csv(index=False).encode(), h.supporters.to_csv(index=False).encode(),
            h.wards.to_csv(index=False).encode())


def inputs_for(seed: int, rules: str):
    turnus, supporters, wards = hospital(seed)
    return load_inputs([Source("turnus.csv", turnus)], Source("supporters.csv", supporters),
                       wards=Source("wards.csv", wards), rules=Source("rules.toml", rules.encode()))


def random_rota(instance, rng: random.Random, share: float) -> list[tuple[str, int]]:
    """About `share` of the available supporter-slots as duties, each kept only if every limit allows it."""
    load = DutyLoad(instance)
    rows = list(instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False))
    rng.shuffle(rows)
    out = []
    for sid, t, via in rows[: int(len(rows) * share)]:
        if not load.blocking_limit(sid, int(t), via):
            load.add(sid, int(t), via)
            out.append((sid, int(t)))
    return out


@st.composite
def cases(draw):
    seed = draw(st.integers(1, 4))
    rules = "\n".join([
        f"separation = \"{draw(st.sampled_from(['ward', 'department']))}\"",
        f"same_site = {draw(st.sampled_from(['false', 'true']))}",
        f"max_duties_per_day = {draw(st.integers(1, 2))}",
        f"max_duties_per_week = {draw(st.integers(1, 4))}",
        f"max_consecutive_days = {draw(st.integers(1, 3))}",
        f"max_on_duty_per_ward = {draw(st.integers(1, 2))}",
    ])
    share = draw(st.sampled_from([0.0, 0.1, 0.4]))
    n = draw(st.integers(1, 6))
    picks = draw(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 27 * 24 * 60), st.integers(1, 5),
                                    st.booleans(), st.booleans(), st.sampled_from([None, 1, 2, 3])),
                          min_size=n, max_size=n))
    return seed, rules, share, picks, draw(st.sampled_from([1, 2]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_checker_finds_no_broken_rule_in_any_outreach_plan(case):
    seed, rules, share, picks, meetings = case
    inputs = inputs_for(seed, rules)
    instance = build_instance(inputs)
    rng = random.Random(seed)
    rota = random_rota(instance, rng, share)
    wards = sorted(w for w, ward in instance.wards.items() if ward.needs_coverage)
    staff: dict[str, list[str]] = {}
    for eid, e in instance.employees.items():
        staff.setdefault(e.ward, []).append(eid)
    first = dt.datetime.combine(instance.slots[0].date, dt.time()) - dt.timedelta(days=2)
    incidents = []
    for k, (w, minute, people, by_id, defusing, team) in enumerate(picks):
        ward = wards[w % len(wards)]
        occurred = first + dt.timedelta(minutes=minute)
        if by_id:
            pool = sorted(staff[ward])
            ids = tuple(pool[(w + j) % len(pool)] for j in range(min(people, len(pool))))
            incidents.append(Incident(incident_id=f"P{k}", wards=(ward,), occurred=occurred, involved_ids=ids,
                                      team_size=team, defusing=defusing))
        else:
            incidents.append(Incident(incident_id=f"P{k}", wards=(ward,), occurred=occurred,
                                      involved_counts={"sykepleier": people}, team_size=team, defusing=defusing))
    plan = plan_outreach(instance, incidents, rota, settings=SolverSettings(time_limit=10, workers=1, deterministic=True),
                         meetings=meetings)
    duties = [(sid, instance.slots[t].date.isoformat(), instance.slots[t].name) for sid, t in rota]
    frame = pd.DataFrame(duties, columns=["supporter_id", "date", "slot"])
    report = verify_outreach(inputs, incidents, plan.table(), frame)
    assert report.ok, format_outreach_report(report, "en")
    table = plan.table()
    assert len(table[table["meeting"] == 1]) == sum(m.need.team for m in plan.members if m.position == 0)
