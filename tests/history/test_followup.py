"""Training notes and load follow-up flags (docs/history.md); the leadership report: tests/report/test_leadership.py."""

from __future__ import annotations

import datetime as dt

from scheduler.carried import CarriedLoad, History
from scheduler.domain import Supporter
from scheduler.history.followup import load_flags, load_followup_table
from scheduler.history.training import refresher_due, training_notes, training_status

D = dt.date
FIRST, LAST = D(2027, 1, 4), D(2027, 3, 28)


# --- training -----------------------------------------------------------------------------------------

def _s(sid: str, until: D | None = None, refresher: D | None = None) -> Supporter:
    return Supporter(employee_id=sid, training_valid_until=until, last_refresher=refresher)


def test_training_notes_say_who_lapses_when_and_who_is_due_a_refresher():
    supporters = {s.employee_id: s for s in (
        _s("gone", D(2026, 12, 31)),               # before the period: left out, and said so
        _s("during", D(2027, 2, 14)),              # planned up to that date
        _s("soon", D(2027, 5, 1)),                 # within 60 days after 28 March
        _s("later", D(2027, 6, 1)),                # more than 60 days after: nothing to say
        _s("refresh", None, D(2026, 4, 15)),       # due 15 April 2027: within 60 days after
        _s("overdue", None, D(2025, 11, 2)),       # due 2 November 2026: overdue
        _s("fresh", None, D(2026, 9, 1)),          # due 1 September 2027: nothing yet
    )}
    notes = training_notes(supporters, FIRST, LAST)
    assert [(n.supporter_id, n.code, n.date) for n in notes] == [
        ("overdue", "refresher_due", D(2026, 11, 2)),
        ("gone", "lapsed", D(2026, 12, 31)),
        ("during", "lapses_in_period", D(2027, 2, 14)),
        ("refresh", "refresher_due", D(2027, 4, 15)),
        ("soon", "lapses_soon", D(2027, 5, 1)),
    ]
    text = {n.supporter_id: n.text("no") for n in notes}
    assert text["gone"] == "gone: opplæringen gikk ut 31.12.2026; vedkommende er ikke satt opp i denne perioden."
    assert "bare til og med" in text["during"] and "14.02.2027" in text["during"]
    assert "forfalt 02.11.2026" in text["overdue"] and "forfaller 15.04.2027" in text["refresh"]
    assert notes[0].warning and not notes[1].warning
    assert all(n.text("en") != n.text("no") for n in notes)


def test_lapsed_supporters_are_left_out_of_the_plan_from_the_day_after():
    """What the note says is what the planner does: availability ends with the training."""
    from conftest import days, make_inputs

    from scheduler.model.demand import build_instance

    rows = [(s, w, d, "D") for d in days(4) for s, w in (("a", "A"), ("b", "B"), ("x", "A"), ("y", "B"))]
    instance = build_instance(make_inputs(rows, [_s("a", D(2027, 1, 5)), _s("b")]))
    dates = {instance.slots[t].date for t in instance.availability[instance.availability["supporter_id"] == "a"]["slot"]}
    assert max(dates) == D(2027, 1, 5)
    notes = training_notes(instance.supporters, instance.slots[0].date, instance.slots[-1].date)
    assert [(n.code, n.date) for n in notes] == [("lapses_in_period", D(2027, 1, 5))]


def test_refresher_due_a_year_later_even_from_a_leap_day():
    assert refresher_due(_s("a", refresher=D(2024, 2, 29))) == D(2025, 2, 28)
    assert refresher_due(_s("a")) is None


def test_training_status_counts_every_supporter_once_per_question():
    supporters = {s.employee_id: s for s in (_s("a", D(2027, 12, 31), D(2027, 1, 10)), _s("b", D(2027, 4, 1)),
                                             _s("c", D(2026, 1, 1)), _s("d"))}
    counts = training_status(supporters, LAST)
    assert counts == {"valid": 1, "lapses_soon": 1, "lapsed": 1, "no_end_date": 1,
                      "refresher_ok": 1, "refresher_due": 0, "refresher_unknown": 3}


# --- load follow-up -----------------------------------------------------------------------------------

def _carried(**loads: dict) -> History:
    return History(first=D(2026, 1, 4), last=D(2027, 1, 3), periods=4, days=364,
                   carried={sid: CarriedLoad(supporter_id=sid, **v) for sid, v in loads.items()})


def test_flags_for_load_nights_weekends_recent_load_and_many_conversations():
    year = _carried(
        busy=dict(hours=30, fair_share_hours=15, nights=2, weekend_duties=2),       # 2× share
        nights=dict(hours=15, fair_share_hours=15, nights=9, weekend_duties=1),     # most nights
        even=dict(hours=15, fair_share_hours=15, nights=2, weekend_duties=3),
        calm=dict(hours=10, fair_share_hours=15, nights=1, weekend_duties=2),
    )
    recent = _carried(busy=dict(hours=4, fair_share_hours=4), even=dict(hours=8, fair_share_hours=4, contacts=3),
                      calm=dict(hours=3, fair_share_hours=4))
    flags = {(f.supporter_id, f.code) for f in load_flags(year, recent, {"calm": 6, "even": 2, "busy": 0, "nights": 1})}
    # conversations and contacts: calm 6, even 2 + 3, nights 1, busy 0; the line is max(5, 2 × median 3) = 6
    assert flags == {("busy", "above_share"), ("nights", "many_nights"), ("even", "heavy_lately"),
                     ("calm", "many_conversations")}
    table = load_followup_table(year, recent, {"calm": 6, "even": 2})
    assert table["supporter_id"].tolist()[0] == "busy"  # flagged first, the highest ratio first among them
    assert (table["flags"] != "").tolist() == sorted((table["flags"] != "").tolist(), reverse=True)
    assert list(table.columns)[-1] == "flags" and table.set_index("supporter_id").loc["busy", "ratio"] == 2.0


def test_no_flags_for_few_nights_or_a_quiet_year():
    year = _carried(a=dict(hours=10, fair_share_hours=10, nights=2), b=dict(hours=10, fair_share_hours=10, nights=0))
    assert load_flags(year, History(), {"a": 1, "b": 2}) == []


def test_the_last_refresher_is_read_and_survives_editing_the_supporters_table():
    from scheduler.io.supporters import read_supporters
    from scheduler.io.types import Source
    from scheduler.views.supporter_edits import supporters_table, table_to_csv

    read, report = read_supporters(Source("kollegastøtter.csv", b"Ansattnr;Siste oppfriskning\n7;15.09.2026\n8;i fjor\n"))
    assert read["7"].last_refresher == D(2026, 9, 15) and "8" not in read
    assert [(m.row, m.column) for m in report.errors] == [(3, "Siste oppfriskning")]
    again, report = read_supporters(Source("s.csv", table_to_csv(supporters_table(read))))
    assert report.ok and again["7"].last_refresher == D(2026, 9, 15)
