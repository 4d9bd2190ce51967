"""Outreach on a generated hospital with incidents at night, on a weekend and on a public holiday
(scheduler/demo/incidents.py): every plan passes the independent checker, and every named person
who can be met at work in the contact's slot choice is — the best single slot with a supporter.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_outreach import SETTINGS

from scheduler.check.context import build_context
from scheduler.check.outreach import format_outreach_report, verify_outreach
from scheduler.check.outreach_worktime import (
    contact_slots,
    defusing_latest,
    group_presence,
    involved_shifts,
)
from scheduler.demo.generate import generate
from scheduler.demo.incidents import demo_incidents, incident_moments, incidents_csv
from scheduler.io import load_paths
from scheduler.model.demand import build_instance
from scheduler.outreach.plan import plan_outreach

#: Easter 2027 (25–29 March) falls inside an S hospital starting 1 March.
SPRING = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    from scheduler.demo.files import write_canonical

    folder = tmp_path_factory.mktemp("spring")
    write_canonical(generate("S", seed=1, start=SPRING), folder)
    inputs = load_paths([folder / "turnus.csv"], folder / "supporters.csv", wards_path=folder / "wards.csv",
                        rules_path=folder / "rules.toml")
    return inputs, build_instance(inputs), folder


def test_incidents_at_night_on_a_weekend_and_on_a_holiday(hospital, tmp_path):
    _, instance, _ = hospital
    moments = dict(incident_moments(instance))
    assert set(moments) == {"night", "late_night", "weekend", "holiday"}
    assert moments["night"].hour == 2 and moments["weekend"].weekday() == 5
    assert moments["holiday"].date() == dt.date(2027, 3, 25)  # Skjærtorsdag
    incidents = demo_incidents(instance)
    assert any(i.involved_ids for i in incidents) and any(i.involved_counts for i in incidents)
    text = incidents_csv(incidents, tmp_path / "incidents.csv").read_text(encoding="utf-8")
    assert text.startswith("incident_id,ward,occurred,involved,defusing")


def test_every_named_person_who_can_be_met_at_work_is(hospital):
    """Each incident planned on its own (incidents planned together may compete for one supporter):
    each contact meets as many of its named people at work as the best slot of its window in which
    a supporter from another ward is available — recounted by the checker's functions."""
    inputs, instance, _ = hospital
    incidents = demo_incidents(instance)
    base = build_context(inputs)
    shifts = involved_shifts(base, inputs.turnus, incidents)
    checked = 0
    for incident in incidents:
        table = plan_outreach(instance, [incident], settings=SETTINGS).table("en")
        report = verify_outreach(inputs, [incident], table, context=base)
        assert report.ok, format_outreach_report(report, "en")
        checked += _best_met(instance, base, shifts, incident, table)
    assert checked >= 8


def _best_met(instance, base, shifts, incident, table) -> int:
    checked = 0
    for (_, kind, profession), rows in table[table["supporter_id"] != ""].groupby(
            ["incident_id", "contact", "profession"]):
        if not any((instance.employees[e].profession if e in instance.employees else "") == profession
                   for e in incident.involved_ids):
            continue
        earliest, latest = incident.window(kind)
        if kind == "defusing":
            latest = defusing_latest(base, shifts, incident, profession)
        slots = contact_slots(base, incident, earliest, latest)
        with_supporter = [s for s in slots if any(t == s.index and base.home.get(sid) not in incident.wards
                                                  for sid, t in base.available)]
        presence = group_presence(base, shifts, incident, profession, with_supporter)
        best = max((presence.named.get(s.index, 0) for s in with_supporter), default=0)
        assert int(rows["named_at_work"].iloc[0]) == best, (incident.incident_id, kind, profession)
        checked += 1
    return checked


def test_generate_writes_incidents_the_outreach_command_plans_and_verify_passes(tmp_path):
    """`scheduler generate --incidents` writes incidents.csv beside the hospital (nothing else changes);
    `scheduler outreach` plans it and `scheduler verify` recounts the working time without a finding."""
    from scheduler.cli.main import main as cli
    from scheduler.demo.command import main as generate_command

    folder, out = tmp_path / "h", tmp_path / "ut"
    assert generate_command(["--size", "S", "--seed", "1", "--start", SPRING.isoformat(), "--out", str(folder),
                             "--incidents"]) == 0
    assert {p.name for p in folder.iterdir()} == {"turnus.csv", "supporters.csv", "wards.csv", "rules.toml",
                                                  "incidents.csv"}
    files = ["--turnus", str(folder / "turnus.csv"), "--supporters", str(folder / "supporters.csv"), "--wards",
             str(folder / "wards.csv"), "--rules", str(folder / "rules.toml")]
    assert cli(["outreach", str(folder / "incidents.csv"), *files, "--out", str(out)]) == 0
    assert cli(["verify", str(out)]) == 0
