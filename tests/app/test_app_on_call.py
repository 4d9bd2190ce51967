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
