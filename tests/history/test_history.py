"""History (docs/history.md): what each supporter carried, counted from published rotas, imported
periods and outreach contacts, and carried over into the next period's fair shares."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import pandas as pd
import pytest
from conftest import days, make_inputs

from scheduler.carried import CarriedLoad, History, PeriodLoad
from scheduler.domain import Rules, Supporter
from scheduler.history.carried import (
    carried_history,
    history_frame,
    history_from,
    history_window,
    period_loads,
    with_fair_shares,
)
from scheduler.io.history import read_history
from scheduler.io.types import Source
from scheduler.model.demand import build_instance
from scheduler.solve.fairness import HISTORY_SHARE_RANGE, carried_over, share_weights
from scheduler.store.history import OUTREACH_CONTACTS_TABLE, HistoryStore
from scheduler.store.publications import PublicationStore

D = dt.date


def _publish(db, first: D, last: D, duties: list[tuple[str, str, str]], targets: dict[str, float],
             base: dict[str, float] | None = None) -> int:
    """A publication as the app keeps one: duties (supporter, date, slot), burden with targets."""
    frame = pd.DataFrame([{"supporter_id": s, "name": "", "home_ward": "A", "date": d, "slot": slot,
                           "start": "", "end": "", "wards_covered": "B", "hours": 1.0} for s, d, slot in duties],
                         columns=["supporter_id", "name", "home_ward", "date", "slot", "start", "end", "wards_covered", "hours"])
    burden = pd.DataFrame([{"supporter_id": s, "target": t, "base_target": (base or targets)[s]} for s, t in targets.items()])
    summary = {"status": "OPTIMAL", "horizon": {"from": first.isoformat(), "to": last.isoformat()},
               "counts": {"covered": 1, "uncovered": 0, "duties": len(frame)}}
    return PublicationStore(db).publish({"duties": frame, "burden": burden}, summary, Rules().model_dump_json(), {})


# --- the window ---------------------------------------------------------------------------------------

def test_the_window_is_the_months_before_the_period():
    assert history_window(D(2027, 4, 5), 12) == (D(2026, 4, 5), D(2027, 4, 4))
    assert history_window(D(2027, 1, 4), 3) == (D(2026, 10, 4), D(2027, 1, 3))
    assert history_window(D(2027, 3, 31), 1) == (D(2027, 2, 28), D(2027, 3, 30))  # February has no 31st


# --- counting from the store --------------------------------------------------------------------------

def test_published_duties_count_with_nights_weekends_and_the_fair_share(tmp_path):
    db = tmp_path / "s.sqlite3"
    # Mon 4 – Sun 10 January 2027; Friday 8 natt is a weekend night, Saturday 9 dag a weekend day.
    _publish(db, D(2027, 1, 4), D(2027, 1, 10),
             [("a", "2027-01-04", "dag"), ("a", "2027-01-08", "natt"), ("a", "2027-01-09", "dag"), ("b", "2027-01-05", "kveld")],
             {"a": 2.0, "b": 2.0, "c": 0.0})
    history, _ = history_from(HistoryStore(db), D(2027, 1, 11), Rules())
    a, b = history.carried["a"], history.carried["b"]
    assert (a.duties, a.hours, a.nights, a.weekend_duties, a.fair_share_hours) == (3, 3.0, 1, 2, 2.0)
    assert (b.duties, b.nights, b.weekend_duties) == (1, 0, 0)
    assert a.ratio == pytest.approx(1.5) and b.ratio == pytest.approx(0.5)
    assert history.carried["c"].ratio is None  # no fair share to measure against
    assert (history.first, history.last, history.periods, history.days) == (D(2026, 1, 11), D(2027, 1, 10), 1, 7)


def test_a_change_replaces_the_dates_it_covers_and_a_withdrawn_rota_does_not_count(tmp_path):
    db = tmp_path / "s.sqlite3"
    _publish(db, D(2027, 1, 4), D(2027, 1, 10), [("a", "2027-01-04", "dag"), ("a", "2027-01-06", "dag")], {"a": 2.0})
    _publish(db, D(2027, 1, 4), D(2027, 1, 10), [("b", "2027-01-04", "dag")], {"a": 1.0, "b": 1.0})  # the change
    history, _ = history_from(HistoryStore(db), D(2027, 1, 11), Rules())
    assert "a" in history.carried and history.carried["a"].duties == 0 and history.carried["b"].duties == 1
    withdrawn = _publish(db, D(2027, 1, 4), D(2027, 1, 10), [("c", "2027-01-05", "dag")], {"c": 1.0})
    PublicationStore(db).unpublish(withdrawn, "lokal")
    history, _ = history_from(HistoryStore(db), D(2027, 1, 11), Rules())
    assert "c" not in history.carried and history.carried["b"].duties == 1


def test_the_window_cuts_a_period_and_counts_its_fair_share_for_the_days_inside(tmp_path):
    db = tmp_path / "s.sqlite3"
    _publish(db, D(2027, 1, 4), D(2027, 1, 17), [("a", "2027-01-05", "dag"), ("a", "2027-01-15", "dag")], {"a": 4.0})
    store = HistoryStore(db)
    inside = period_loads(store.published_periods(D(2027, 1, 11), D(2027, 1, 17)), [], D(2027, 1, 11), D(2027, 1, 17))
    assert [(r.duties, r.fair_share_hours) for r in inside] == [(1, 2.0)]  # half the days: half the share


def test_an_imported_period_counts_only_where_no_rota_was_published(tmp_path):
    db = tmp_path / "s.sqlite3"
    _publish(db, D(2027, 1, 4), D(2027, 1, 10), [("a", "2027-01-04", "dag")], {"a": 1.0})
    store = HistoryStore(db)
    # Two weeks from another tool, one of them the week published: half of it counts.
    rows = [PeriodLoad("a", D(2027, 1, 4), D(2027, 1, 17), duties=4, hours=4, fair_share_hours=2.0, source="old.csv")]
    store.save_import(rows, hashlib.sha256(b"old").hexdigest(), "lokal")
    history, loads = history_from(store, D(2027, 1, 18), Rules())
    assert history.carried["a"].duties == pytest.approx(1 + 2)
    assert history.carried["a"].fair_share_hours == pytest.approx(1 + 1)
    assert history.days == 14 and history.periods == 2
    assert {r.source for r in loads} == {"publication 1", "import 1"}


def test_an_import_is_kept_withdrawn_and_put_back_never_deleted(tmp_path):
    store = HistoryStore(tmp_path / "s.sqlite3")
    digest = hashlib.sha256(b"x").hexdigest()
    number = store.save_import([PeriodLoad("a", D(2026, 10, 5), D(2026, 12, 27), duties=9, hours=9)], digest, "lokal")
    assert [(i.id, i.rows, i.withdrawn, i.first, i.last) for i in store.imports()] == [(number, 1, False, D(2026, 10, 5), D(2026, 12, 27))]
    assert store.set_import_withdrawn(number, True) and not store.set_import_withdrawn(number, True)
    assert store.imported_loads(D(2026, 1, 1), D(2027, 1, 1)) == [] and store.imports()[0].withdrawn
    assert store.set_import_withdrawn(number, False)
    assert [r.duties for r in store.imported_loads(D(2026, 1, 1), D(2027, 1, 1))] == [9]
    with pytest.raises(ValueError):
        store.save_import([], "not a digest", "lokal")
    # each write is in the audit log, written in the same transaction as the write itself
    log = PublicationStore(tmp_path / "s.sqlite3").audit_log()
    assert [(e.action, e.actor, e.object_id) for e in reversed(log)] == [
        ("history_import", "lokal", str(number)), ("history_import_withdrawn", "lokal", str(number)),
        ("history_import_restored", "lokal", str(number))]


def test_contacts_are_zero_until_the_outreach_table_exists_then_counted(tmp_path):
    db = tmp_path / "s.sqlite3"
    store = HistoryStore(db)
    assert store.contacts(D(2027, 1, 1), D(2027, 3, 31)) == {} and store.contacts_total(D(2027, 1, 1), D(2027, 3, 31)) is None
    with sqlite3.connect(db) as conn:  # the outreach feature's table (scheduler.store.incidents), its columns we read
        conn.execute(f"CREATE TABLE {OUTREACH_CONTACTS_TABLE} (incident_id TEXT, contact TEXT, supporter_id TEXT, "
                     "date TEXT, hours REAL)")
        conn.executemany(f"INSERT INTO {OUTREACH_CONTACTS_TABLE} VALUES (?, ?, ?, ?, ?)",
                         [("i1", "first", "a", "2027-01-05", 1.5), ("i1", "follow_up", "a", "2027-02-02", 1.0),
                          ("i1", "first", "", "2027-01-05", 1.0),  # a place not planned: no contact
                          ("i2", "first", "b", "2027-04-01", 1.0)])
    assert store.contacts(D(2027, 1, 1), D(2027, 3, 31)) == {"a": 2}
    assert store.contact_hours(D(2027, 1, 1), D(2027, 3, 31)) == {"a": 2.5}
    assert store.contacts_total(D(2027, 1, 1), D(2027, 12, 31)) == 3
    history, _ = history_from(store, D(2027, 4, 1), Rules(history_months=3))
    assert history.carried["a"].contacts == 2 and history.carried["a"].load_hours == 2.5  # the contacts' own hours
    counted = carried_history([], D(2027, 1, 1), D(2027, 3, 31), {"a": 2}, 1.5)
    assert counted.carried["a"].load_hours == 3.0  # without their hours: a duty's hours each


def test_every_query_compiles_for_postgresql():
    """The storage interface is SQLAlchemy Core: its tables build on PostgreSQL as on SQLite."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from scheduler.store import history as history_store

    for table in history_store._OWN:
        assert "CREATE TABLE" in str(CreateTable(table).compile(dialect=postgresql.dialect()))


# --- the history file ---------------------------------------------------------------------------------

def _src(text: str, name: str = "historikk.csv") -> Source:
    return Source(name, text.encode("utf-8"))


def test_history_file_reads_norwegian_headers_and_decimal_commas():
    rows, report = read_history(_src(
        "Ansattnr;Periode fra;Periode til;Vakter;Timer;Netter;Helgevakter;Kontakter;Rettferdig andel\n"
        "0319;05.10.2026;27.12.2026;12;12;3;4;1;7,5\n"
        "11468;2026-10-05;2026-12-27;4;;0;1;;\n"))
    assert report.ok, [m.render("en") for m in report.messages]
    assert [(r.supporter_id, r.first, r.last, r.duties, r.hours, r.nights, r.weekend_duties, r.contacts, r.fair_share_hours)
            for r in rows] == [("0319", D(2026, 10, 5), D(2026, 12, 27), 12, 12, 3, 4, 1, 7.5),
                               ("11468", D(2026, 10, 5), D(2026, 12, 27), 4, 4, 0, 1, 0, None)]
    assert report.rows_read == 2 and report.employees == 2


def test_history_file_messages_name_file_row_and_column():
    rows, report = read_history(_src(
        "supporter_id,period_start,period_end,duties,load_ratio\n"
        "a,2026-10-05,2026-12-27,6,1.5\n"
        "b,2026-13-40,2026-12-27,2,\n"
        "c,2026-12-27,2026-10-05,2,\n"
        "d,2026-10-05,2026-12-27,-1,\n"
        "a,2026-10-05,2026-12-27,3,\n"))
    assert [r.supporter_id for r in rows] == ["a"] and rows[0].fair_share_hours == pytest.approx(4.0)
    where = {(m.row, m.column, m.severity.value) for m in report.messages}
    assert {(3, "period_start", "error"), (4, "period_end", "error"), (5, "duties", "error"), (6, "supporter_id", "warning")} <= where
    for m in report.messages:
        assert m.file == "historikk.csv" and m.text_no and m.text_en and (m.severity.value == "warning" or m.fix_no)


def test_history_file_without_counts_or_ids_says_what_is_missing():
    _, report = read_history(_src("supporter_id,period_start,period_end,nights\na,2026-10-05,2026-12-27,2\n"))
    assert [m.text_en for m in report.errors] == ["Missing column: duties or hours."]
    _, report = read_history(_src("duties,hours\n1,1\n"))
    assert report.errors and "supporter_id, period_start, period_end" in report.errors[0].fix_en


def test_a_written_history_reads_back_the_same():
    loads = [PeriodLoad("0319", D(2026, 10, 5), D(2026, 12, 27), duties=12, hours=13.5, nights=3, weekend_duties=4,
                        contacts=1, fair_share_hours=9.0, source="publication 1"),
             PeriodLoad("7", D(2026, 10, 5), D(2026, 12, 27), duties=0, hours=0, fair_share_hours=2.5, source="publication 1")]
    text = history_frame(loads).to_csv(index=False)
    back, report = read_history(_src(text))
    assert report.ok
    assert [(r.supporter_id, r.duties, r.hours, r.nights, r.weekend_duties, r.contacts, r.fair_share_hours) for r in back] == \
        [(r.supporter_id, r.duties, r.hours, r.nights, r.weekend_duties, r.contacts, r.fair_share_hours) for r in loads]


def test_rows_without_a_fair_share_share_their_period_equally():
    rows = with_fair_shares([PeriodLoad("a", D(2026, 1, 5), D(2026, 3, 29), hours=9, source="f"),
                             PeriodLoad("b", D(2026, 1, 5), D(2026, 3, 29), hours=3, source="f"),
                             PeriodLoad("c", D(2026, 1, 5), D(2026, 3, 29), hours=3, fair_share_hours=5, source="f")])
    assert [r.fair_share_hours for r in rows] == [5.0, 5.0, 5]


# --- carried over into the fair shares ----------------------------------------------------------------

def _history(**carried: tuple[float, float]) -> History:
    return History(first=D(2026, 1, 4), last=D(2027, 1, 3), periods=1, days=28,
                   carried={s: CarriedLoad(supporter_id=s, hours=h, fair_share_hours=f) for s, (h, f) in carried.items()})


def test_who_carried_more_gets_less_now_and_who_carried_less_gets_more():
    base = {"a": 0.25, "b": 0.25, "c": 0.25, "d": 0.25}
    # 28 days of history needed 40 hours; the next 28 days need about as much: 10 hours each.
    shares = carried_over(base, _history(a=(14, 10), b=(6, 10), c=(10, 10), d=(10, 10)), 1.0, 28)
    need = 40
    assert shares["a"] * need == pytest.approx(6, rel=0.01) and shares["b"] * need == pytest.approx(14, rel=0.01)
    assert shares["c"] == pytest.approx(0.25) and sum(shares.values()) == pytest.approx(1)
    half = carried_over(base, _history(a=(14, 10), b=(6, 10), c=(10, 10), d=(10, 10)), 0.5, 28)
    assert half["a"] * need == pytest.approx(8, rel=0.01)


def test_without_history_or_with_weight_zero_the_shares_stay():
    base = {"a": 0.6, "b": 0.4}
    assert carried_over(base, History(), 1.0, 28) == base
    assert carried_over(base, _history(a=(30, 10), b=(1, 10)), 0.0, 28) == base


def test_a_share_stays_within_its_range_of_the_share_without_history():
    low, high = HISTORY_SHARE_RANGE
    # 20 hours needed over 28 days, 20 in the next 28: 10 each; a carried 90 too many, b 10 too few.
    shares = carried_over({"a": 0.5, "b": 0.5}, _history(a=(100, 10), b=(0, 10)), 1.0, 28)
    assert shares["a"] == pytest.approx(low * 10 / (low * 10 + 20))
    # A long window against a week: a, who carried nothing of 300 hours, gets at most `high` × their share.
    shares = carried_over({"a": 0.5, "b": 0.5}, _history(a=(0, 300)), 1.0, 7)
    assert shares["a"] / shares["b"] == pytest.approx(high)


def test_share_weights_use_the_instances_history_and_keep_their_behaviour_without_it():
    rows = [(s, w, d, "D") for d in days(7) for s, w in (("a", "A"), ("b", "B"), ("x", "A"), ("y", "B"))]
    inputs = make_inputs(rows, [Supporter(employee_id="a"), Supporter(employee_id="b")])
    plain = build_instance(inputs)
    slots_of = plain.availability.groupby("supporter_id")["slot"].agg(list).to_dict()
    assert share_weights(plain, slots_of) == pytest.approx({"a": 0.5, "b": 0.5})
    inputs.history = _history(a=(20, 10), b=(0, 10))
    carried = build_instance(inputs)
    shares = share_weights(carried, slots_of)
    assert shares["a"] < 0.5 < shares["b"]
    assert share_weights(carried, slots_of, history_weight=0.0) == pytest.approx({"a": 0.5, "b": 0.5})


def test_rules_validate_the_history_keys():
    from pydantic import ValidationError

    assert (Rules().history_weight, Rules().history_months) == (1.0, 12)
    for bad in ({"history_weight": -0.1}, {"history_weight": 1.5}, {"history_months": 0}, {"history_months": 37}):
        with pytest.raises(ValidationError):
            Rules(**bad)


def test_rules_file_reads_history_keys_and_explains_a_bad_one():
    from scheduler.io.rules_file import read_rules

    rules, report = read_rules(Source("rules.toml", b"history_weight = 0.5\nhistory_months = 6\n"))
    assert report.ok and (rules.history_weight, rules.history_months) == (0.5, 6)
    rules, report = read_rules(Source("rules.toml", b"history_weight = 2\n"))
    assert rules.history_weight == 1.0
    assert report.errors[0].column == "history_weight" and "0" in report.errors[0].text_en and "1" in report.errors[0].text_en


def test_history_summary_and_burden_columns(tmp_path):
    from conftest import plan_and_verify

    rows = [(s, w, d, "D") for d in days(7) for s, w in (("a", "A"), ("b", "B"), ("c", "C"), ("x", "A"), ("y", "B"), ("z", "C"))]
    inputs = make_inputs(rows, ["a", "b", "c"])
    inputs.history = _history(a=(20, 10), b=(5, 10))
    plan, _ = plan_and_verify(inputs, time_limit=5)
    burden = plan.burden.set_index("supporter_id")
    assert burden.loc["a", "carried_ratio"] == pytest.approx(2.0) and burden.loc["b", "carried_ratio"] == pytest.approx(0.5)
    assert pd.isna(burden.loc["c", "carried_ratio"])
    assert burden.loc["a", "target"] < burden.loc["a", "base_target"]
    assert burden.loc["b", "target"] > burden.loc["b", "base_target"]
    assert burden["base_target"].sum() == pytest.approx(burden["target"].sum(), abs=0.05)
    assert plan.summary["history"] == {"from": "2026-01-04", "to": "2027-01-03", "periods": 1, "supporters": 2,
                                       "history_weight": 1.0, "history_months": 12}
    json.dumps(plan.summary, default=str)


def test_a_history_file_full_of_problems_gives_a_short_report():
    """Every bad row is counted; a few hundred are shown, the rest summed up in one message."""
    from scheduler.io.messages import MAX_ROW_MESSAGES

    text = "supporter_id,period_start,period_end,duties\n" + "a,2026-10-05,2026-12-27,1\n" * 3000
    rows, report = read_history(_src(text))
    assert len(rows) == 1 and report.rows_skipped == 2999
    assert len(report.messages) == MAX_ROW_MESSAGES + 1
    assert report.messages[-1].text_en == f"{2999 - MAX_ROW_MESSAGES} more messages about single rows are not shown."
