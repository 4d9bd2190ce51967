"""The app on a PostgreSQL store (KOLLEGASTOTTE_STORE=postgresql+psycopg://…; docs/database.md): the
coordinator plans and publishes, an employee's call page reads the rota in force, and the draft, the
publication and their audit rows are in the database — the same pages as on the SQLite file."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_app import APP, DATA, _goto, _ok, _plan, _upload
from test_app_access import PEOPLE, SECRETS, TODAY, supporters_with_phones

from scheduler.store.publications import PublicationStore

ROLES = """
[[grant]]
email = "kari@sykehus.no"
role = "coordinator"
"""


def _as(person: dict, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = SECRETS
    at.user = {"is_logged_in": True, "email_verified": True, **person}
    at.query_params.update(query or {})
    at.run()
    _ok(at)
    return at


def test_the_app_plans_publishes_and_calls_on_a_postgresql_store(postgres_server, tmp_path, monkeypatch):
    url = postgres_server.new_database()
    monkeypatch.setenv("KOLLEGASTOTTE_STORE", url)
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "not-used.sqlite3"))  # KOLLEGASTOTTE_STORE wins
    monkeypatch.setenv("KOLLEGASTOTTE_ROLES", str(tmp_path / "roles.toml"))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", TODAY)
    (tmp_path / "roles.toml").write_text(ROLES, encoding="utf-8")
    at = _as(PEOPLE["coordinator"])
    _upload(at, "turnus", [("turnus.csv", (DATA / "turnus.csv").read_bytes())])
    _upload(at, "supporters", [("supporters.csv", supporters_with_phones())])
    _upload(at, "wards", [("wards.csv", (DATA / "wards.csv").read_bytes())])
    _plan(at)
    _goto(at, "publish")
    at.button(key="publish_button").click().run()
    _ok(at)
    store = PublicationStore(url)
    rota = store.rota_in_force()
    assert rota is not None and rota.publications == [1]
    actions = [e.action for e in store.audit_log()]
    assert "publish" in actions and "draft_created" in actions and "draft_plan" in actions
    assert {e.actor for e in store.audit_log(actions=("publish",))} == {PEOPLE["coordinator"]["email"]}
    assert not (tmp_path / "not-used.sqlite3").exists()
    ward = sorted(set(rota.tables["assignments"]["ward"]))[0]
    call = _as(PEOPLE["employee"], {"post": ward})
    page = next(h.proto.body for h in call.get("html") if "class='ring'" in h.proto.body)
    supporters = set(rota.tables["assignments"].loc[rota.tables["assignments"]["ward"] == ward, "supporter_id"])
    names = set(rota.tables["people"].loc[rota.tables["people"]["employee_id"].isin(supporters), "name"])
    assert any(name and name in page for name in names)
    for page in ("audit", "followup", "report", "incident", "contact_status", "supporter"):  # every page on the store
        _ok(_goto(at, page))
