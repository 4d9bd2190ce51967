"""The call page names the on-call supporter planned for a shift nobody covers on site, with a call
button, at the on-call step of the chain (docs/domain.md, «The on-call supporter»)."""

from __future__ import annotations

from oncall_world import PHONES, on_call_world, plan_on_call
from streamlit.testing.v1 import AppTest
from test_app import APP, _ok

from scheduler.store.publications import PublicationStore
from scheduler.store.published import kept_tables


def test_the_call_page_says_who_is_on_call_tonight(tmp_path, monkeypatch) -> None:
    plan, _ = plan_on_call(on_call_world(2))
    store = tmp_path / "kollegastotte.sqlite3"
    PublicationStore(store).publish(kept_tables(plan), plan.summary, plan.instance.rules.model_dump_json(), {},
                                    actor="lokal")
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(store))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-01-04")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["post"] = "A"
    at.run()
    at.switch_page("app_pages/who.py").run()
    _ok(at)
    page = next(h.proto.body for h in at.get("html") if "class='ring'" in h.proto.body)
    sid = plan.on_call.iloc[0]["supporter_id"]
    assert f"Kollegastøtte i beredskap hjemmefra: Person {sid}" in page
    assert f"href='tel:{PHONES[sid].replace(' ', '')}'" in page


def test_the_rules_page_turns_on_call_planning_on_and_off(tmp_path, monkeypatch) -> None:
    from test_app import _goto

    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "kollegastotte.sqlite3"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.button(key="sample_button").click().run()
    _goto(at, "rules")
    assert at.toggle(key="rule_on_call").value is True  # the sample runs the scheme with on-call (data/rules.toml)
    at.toggle(key="rule_on_call").set_value(False)
    at.button(key="rules_apply").click().run()
    _ok(at)
    assert at.session_state["rules_edit"]["on_call"] is None
    assert [s["kind"] for s in at.session_state["rules_edit"]["fallback"]] == ["help_line"]
    at.toggle(key="rule_on_call").set_value(True)
    at.number_input(key="rule_on_call_weight").set_value(0.5)
    at.button(key="rules_apply").click().run()
    _ok(at)
    edited = at.session_state["rules_edit"]
    assert edited["on_call"]["weight"] == 0.5 and edited["on_call"]["max_per_week"] == 2
    assert [s["kind"] for s in edited["fallback"]] == ["on_call", "help_line"]
