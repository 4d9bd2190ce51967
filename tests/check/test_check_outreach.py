"""scheduler/check/outreach.py, the independent check of an outreach plan: an unaltered plan passes, and
each kind of alteration is caught by the check responsible for it, in outreach_rules.py or
outreach_privacy.py (removing that check makes its test fail)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest
from test_outreach import AT, SETTINGS, incident, world

from scheduler.check.outreach import OUTREACH_CHECKS, format_outreach_report, verify_outreach
from scheduler.domain import Supporter
from scheduler.model.demand import build_instance
from scheduler.outreach.plan import plan_outreach

INCIDENTS = [incident(involved_counts={"sykepleier": 3}), incident(incident_id="H2", occurred=AT + dt.timedelta(days=2),
                                                                   involved_ids=("a2",), involved_counts={})]


@pytest.fixture(scope="module")
def base():
    inputs = world(supporters=("a1", "b1", "c1", "d1"),
                   sup_objects={"d1": Supporter(employee_id="d1", max_duties_per_week=1)})
    plan = plan_outreach(build_instance(inputs), INCIDENTS, settings=SETTINGS)
    return inputs, plan.table("en")


def _check(base, table: pd.DataFrame, rota: pd.DataFrame | None = None) -> set[str]:
    inputs, _ = base
    return {v.rule for v in verify_outreach(inputs, INCIDENTS, table, rota).violations}


def test_the_unaltered_plan_passes(base):
    inputs, table = base
    report = verify_outreach(inputs, INCIDENTS, table)
    assert report.ok, format_outreach_report(report, "en")
    assert report.counts["team_places_planned"] == len(table) == 6  # H1: teams of 2, first and follow-up; H2: 1 each


def _first(table: pd.DataFrame, incident_id: str = "H1", contact: str = "first") -> int:
    return int(table.index[(table["incident_id"] == incident_id) & (table["contact"] == contact)][0])


def unknown_incident(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[0, "incident_id"] = "H9"
    return t


def row_deleted(t: pd.DataFrame) -> pd.DataFrame:
    return t.drop(index=_first(t, "H2", "follow_up")).reset_index(drop=True)


def moved_out_of_the_window(t: pd.DataFrame) -> pd.DataFrame:
    i = _first(t, "H2", "first")
    day = dt.date.fromisoformat(t.loc[i, "date"]) + dt.timedelta(days=5)
    t.loc[i, ["date", "slot", "start", "end"]] = [day.isoformat(), "dag", f"{day}T08:00", f"{day}T15:00"]
    return t


def from_the_involved_ward(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[_first(t, "H2", "follow_up"), "supporter_id"] = "a1"
    return t


def reason_that_does_not_hold(t: pd.DataFrame) -> pd.DataFrame:
    i = _first(t, "H2", "follow_up")
    t.loc[i, ["supporter_id", "reason_code", "reason_if_unplanned"]] = ["", "outside_turnus", "utenfor"]
    return t


def over_the_weekly_limit(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[_first(t, "H1", "first"), "supporter_id"] = "d1"  # Tuesday and Thursday of one week; d1 has 1 a week
    t.loc[_first(t, "H2", "first"), "supporter_id"] = "d1"
    return t


def group_miscounted(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[_first(t, "H1", "first"), "group"] = "sykepleier×4"
    return t


def group_named_by_its_ids(t: pd.DataFrame) -> pd.DataFrame:
    """The `group` column as it was before: the involved's employee ids."""
    t.loc[t["incident_id"] == "H2", "group"] = "a2"
    return t


def key_not_opaque(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[_first(t, "H1", "first"), "contact_key"] = "H1-sykepleier"
    return t


def two_keys_for_one_group(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[_first(t, "H1", "follow_up"), "contact_key"] = "0" * 32
    return t


def one_key_for_two_groups(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[t["incident_id"] == "H2", "contact_key"] = t.loc[_first(t, "H1", "first"), "contact_key"]
    return t


def working_time_misstated(t: pd.DataFrame) -> pd.DataFrame:
    """a2 works every day shift: the first talk meets them at work; the plan says it does not."""
    i = _first(t, "H2", "first")
    assert int(t.loc[i, "named_at_work"]) == 1
    t.loc[i, "named_at_work"] = 0
    return t


def note_that_does_not_hold(t: pd.DataFrame) -> pd.DataFrame:
    t.loc[_first(t, "H1", "follow_up"), "worktime_note"] = "none_at_work_in_window"
    return t


ALTERATIONS: dict[str, tuple[Callable[[pd.DataFrame], pd.DataFrame], str]] = {
    "unknown incident": (unknown_incident, "outreach_rows_readable"),
    "a row deleted": (row_deleted, "every_contact_reported"),
    "moved out of its window": (moved_out_of_the_window, "contact_in_window"),
    "someone from the involved ward": (from_the_involved_ward, "contact_supporter_eligible"),
    "a reason that does not hold": (reason_that_does_not_hold, "reasons_hold"),
    "over the weekly limit": (over_the_weekly_limit, "weekly_duties"),
    "a group miscounted": (group_miscounted, "every_contact_reported"),
    "a group named by the ids of the involved": (group_named_by_its_ids, "involved_not_named"),
    "a contact key that is not opaque": (key_not_opaque, "contact_keys_opaque"),
    "two contact keys for one group": (two_keys_for_one_group, "contact_keys_opaque"),
    "one contact key for two groups": (one_key_for_two_groups, "contact_keys_opaque"),
    "the involved's working time misstated": (working_time_misstated, "worktime_recounted"),
    "a working-time note that does not hold": (note_that_does_not_hold, "worktime_recounted"),
}
#: The rota checker's limits, run by the check `limits_with_rota` on the rota and the contacts together.
LIMIT_RULES = {"weekly_duties", "one_duty_per_day", "supporter_available"}


@pytest.mark.parametrize("name", list(ALTERATIONS))
def test_each_alteration_is_caught_by_its_check(base, name):
    alter, rule = ALTERATIONS[name]
    assert rule in _check(base, alter(base[1].copy())), name


def test_a_contact_in_the_slot_of_a_rota_duty_is_caught(base):
    table = base[1]
    i = _first(table, "H2", "first")
    rota = pd.DataFrame({"supporter_id": [table.loc[i, "supporter_id"]], "date": [table.loc[i, "date"]],
                         "slot": [table.loc[i, "slot"]]})
    assert "contact_not_on_duty" in _check(base, table.copy(), rota)


def test_a_rotas_own_breaches_are_not_blamed_on_the_plan(base):
    table = base[1]
    rota = pd.DataFrame({"supporter_id": ["c1", "c1"], "date": ["2027-02-20", "2027-02-20"], "slot": ["dag", "kveld"]})
    assert _check(base, table.copy(), rota) == set()


def test_the_catalogue_covers_every_check():
    covered = {"limits_with_rota" if rule in LIMIT_RULES else rule for _, rule in ALTERATIONS.values()}
    # contact_not_on_duty above; defusing_by_duty_supporter in test_check_outreach_duty.py
    assert covered | {"contact_not_on_duty", "defusing_by_duty_supporter"} == set(OUTREACH_CHECKS)


def test_the_written_plan_names_groups_by_profession_and_count_with_one_opaque_key_each(base):
    _, table = base
    assert set(table["group"]) == {"sykepleier×3", "sykepleier×1"}  # H1 by count, H2 by the id a2
    keys = table.groupby(["incident_id", "group"])["contact_key"].unique()
    assert all(len(k) == 1 and len(k[0]) == 32 and int(k[0], 16) >= 0 for k in keys)
    assert len({k[0] for k in keys}) == len(keys) == 2


def test_an_involved_id_anywhere_in_outreach_csv_or_an_invitation_is_caught():
    """Files written by `outreach` never hold who was involved: an involved employee id (here one the
    turnus does not know) in any column or in any invitation is a finding, and the finding does not
    repeat it."""
    from scheduler.io.filenames import safe_filename
    from scheduler.outreach.files import invitations

    inputs = world(supporters=("b1", "c1"))
    incidents = [incident(involved_ids=("E48213", "a3"), involved_counts={})]
    plan = plan_outreach(build_instance(inputs), incidents, settings=SETTINGS)
    table = plan.table()
    calendars = {f"{safe_filename(sid)}.ics": data for sid, data in invitations(plan).items()}
    assert calendars and all(b"E48213" not in data for data in calendars.values())
    assert verify_outreach(inputs, incidents, table, invitations=calendars).ok

    def found(t: pd.DataFrame, cals: dict[str, bytes]) -> list:
        return [v for v in verify_outreach(inputs, incidents, t, invitations=cals).violations
                if v.rule == "involved_not_named"]

    for column, value in (("name", "E48213"), ("ward", "A;E48213"), ("reason_if_unplanned", "møt E48213 i morgen")):
        altered = table.copy()
        altered.loc[0, column] = value
        (v,) = found(altered, calendars)
        assert v.row == 2 and f"column «{column}»" in v.text_en and "E48213" not in v.text_en + v.text_no
    name, data = next(iter(calendars.items()))
    told = {**calendars, name: data.replace(b"DESCRIPTION:", b"DESCRIPTION:Gjelder E48213. ", 1)}
    (v,) = found(table, told)
    assert v.file == f"invitations/{name}" and "E48213" not in v.text_en + v.text_no
    # an involved supporter on another incident's team is a supporter there, not a leak
    other = table.copy()
    other.loc[0, "incident_id"] = "H9"
    assert found(other, {}) == []
