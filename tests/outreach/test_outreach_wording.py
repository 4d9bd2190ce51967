"""Invitations in correct Norwegian (scheduler/outreach/wording.py, files.py): plural professions,
where to meet, and that the ward's manager introduces the team — never who was involved."""

from __future__ import annotations

import re

import pytest
from test_outreach import incident, plan_and_check, world

from scheduler.outreach.files import invitation_calendar
from scheduler.outreach.wording import people_words, plural


@pytest.mark.parametrize(("n", "profession", "words"), [
    (1, "sykepleier", "1 sykepleier"), (2, "sykepleier", "2 sykepleiere"), (3, "helsefagarbeider", "3 helsefagarbeidere"),
    (2, "lege", "2 leger"), (1, "lege", "1 lege"), (2, "jordmor", "2 jordmødre"), (2, "fysioterapeut", "2 fysioterapeuter"),
    (4, "spesialsykepleier", "4 spesialsykepleiere"), (2, "lege i spesialisering", "2 leger i spesialisering"),
    (2, "LIS1", "2 LIS1"), (2, "", "2 ansatte"), (1, "", "1 ansatt"), (2, "portør", "2 portører"),
])
def test_professions_take_their_norwegian_plural(n, profession, words):
    assert people_words(n, profession) == words


def test_an_irregular_plural_in_a_compound():
    assert plural("avdelingsjordmor") == "avdelingsjordmødre"


def _description(data: bytes) -> str:
    text = re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))
    return next(line for line in text.splitlines() if line.startswith("DESCRIPTION:")).replace("\\,", ",")


def test_an_invitation_says_whom_to_meet_where_and_that_the_wards_manager_introduces_them():
    inputs = world(professions={f"a{k}": "helsefagarbeider" for k in (2, 3, 4)})
    plan = plan_and_check(inputs, [incident(involved_ids=("a2", "a3", "a4"), involved_counts={})])
    sid = next(m.supporter_id for m in plan.planned() if m.need.kind == "first")
    no = _description(invitation_calendar(plan, sid, "no"))
    assert "Hendelse H1 på A. Møt 3 helsefagarbeidere på posten." in no
    assert "Meld dere til lederen på posten, som tar imot dere og presenterer dere for dem." in no
    assert "Etter turnus er 3 av dem på jobb da." in no
    assert not re.search(r"\ba[234]\b", no)  # never who
    en = _description(invitation_calendar(plan, sid, "en"))
    assert "Incident H1 at A. Meet 3 helsefagarbeidere on the ward." in en and "introduces you to them" in en


def test_people_given_as_counts_are_probably_at_work():
    plan = plan_and_check(world(), [incident(involved_counts={"sykepleier": 2})])
    sid = next(m.supporter_id for m in plan.planned() if m.need.kind == "first")
    no = _description(invitation_calendar(plan, sid, "no"))
    assert "Møt 2 sykepleiere på posten." in no and "Etter turnus er trolig 2 av dem på jobb da." in no


def test_an_invitation_carries_oslos_yearly_rules_so_every_calendar_reads_it_right():
    import datetime as dt

    import vobject

    plan = plan_and_check(world(), [incident(involved_counts={"sykepleier": 2})])
    sid = next(m.supporter_id for m in plan.planned() if m.need.kind == "first")
    data = invitation_calendar(plan, sid, "no")
    text = data.decode("utf-8")
    assert text.count("BEGIN:VTIMEZONE") == 1 and "RRULE:FREQ=YEARLY" in text and "RDATE" not in text
    getattr(vobject.icalendar, "__tzidMap").pop("Europe/Oslo", None)  # vobject keeps the first zone it read
    event = vobject.readOne(text).vevent
    planned = next(m for m in plan.planned() if m.supporter_id == sid and m.need.kind == "first")
    assert event.dtstart.value.utcoffset() == dt.timedelta(hours=1)  # January: CET
    assert event.dtstart.value.replace(tzinfo=None) == planned.start
