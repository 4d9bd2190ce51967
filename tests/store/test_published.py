"""A kept rota read back from the store draws the same notices and calendars as the live plan."""

from __future__ import annotations

from conftest import plan_and_verify

from scheduler.domain import Supporter
from scheduler.report.calendars import supporter_calendar
from scheduler.report.notices import ward_notice_html
from scheduler.store.publications import PublicationStore
from scheduler.store.published import kept_phones, kept_rota, kept_tables, skeleton_instance


def test_a_publication_draws_the_same_notices_and_calendars(three_wards_two_days, where):
    three_wards_two_days.supporters["b1"] = Supporter(employee_id="b1", phone="+47 22 11 80 00")
    plan, _ = plan_and_verify(three_wards_two_days)
    tables = kept_tables(plan)
    assert set(tables) == {"assignments", "duties", "burden", "coverage", "wards", "people", "named_reasons"}
    store = PublicationStore(where)
    pub = store.load(store.publish(tables, plan.summary, plan.instance.rules.model_dump_json(), {"t.csv": "x"}))
    instance = skeleton_instance(pub.tables, pub.summary, pub.rules_json, pub.checksums)
    rota = kept_rota(pub.tables)
    assert [s.index for s in instance.slots] == [s.index for s in plan.instance.slots]
    phones = kept_phones(pub.tables)
    assert phones == {"b1": "+47 22 11 80 00"}
    for ward in ("A", "B", "C"):
        assert ward_notice_html(instance, rota, ward, phones=phones) == ward_notice_html(plan.instance, plan.rota, ward)
    assert "tel:+4722118000" in ward_notice_html(plan.instance, plan.rota, "A")
    for sid in set(plan.rota.duties["supporter_id"]):
        assert supporter_calendar(instance, rota, sid) == supporter_calendar(plan.instance, plan.rota, sid)


def test_the_on_call_list_is_kept_and_read_back_from_a_folder(where, tmp_path):
    from oncall_world import on_call_world, plan_on_call

    from scheduler.store.published import folder_tables

    plan, report = plan_on_call(on_call_world(2), tmp_path / "out")
    assert report.ok
    tables = kept_tables(plan)
    store = PublicationStore(where)
    pub = store.load(store.publish(tables, plan.summary, plan.instance.rules.model_dump_json(), {}))
    kept = pub.tables["on_call"]
    assert kept["supporter_id"].astype(str).tolist() == plan.on_call["supporter_id"].tolist()
    instance = skeleton_instance(pub.tables, pub.summary, pub.rules_json, pub.checksums)
    assert ward_notice_html(instance, kept_rota(pub.tables), "A", phones=kept_phones(pub.tables), on_call=kept) == \
        ward_notice_html(plan.instance, plan.rota, "A", on_call=plan.on_call)
    in_force = store.rota_in_force()
    assert in_force.tables["on_call"]["supporter_id"].astype(str).tolist() == plan.on_call["supporter_id"].tolist()
    read = folder_tables(tmp_path / "out")
    assert read["on_call"]["supporter_id"].tolist() == plan.on_call["supporter_id"].tolist()
    assert read["burden"]["on_call"].sum() == 2
