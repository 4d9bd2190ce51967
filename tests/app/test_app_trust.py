"""Trust in the app (AppTest; docs/threat-model.md): one ward's publication replaces that ward only;
a ward manager never reads who is unavailable; drafts belong to their author; uploads are kept as the
fields read; every change of a draft is audited with who and when."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, DATA, _goto, _ok, _plan, _upload
from test_app_access import PEOPLE, SECRETS, TODAY, supporters_with_phones

from scheduler.store.publications import PublicationStore

ROLES = """
[[grant]]
email = "kari@sykehus.no"
role = "coordinator"

[[grant]]
email = "ola@sykehus.no"
role = "rostering"
wards = ["N-MED1", "N-MED2"]

[[grant]]
email = "siri@sykehus.no"
role = "rostering"
wards = ["S-NEV2"]

[[grant]]
group = "ledere-med1"
role = "manager"
wards = ["N-MED1"]
"""
SIRI = {"email": "siri@sykehus.no", "name": "Siri Turnus"}
SECRET = "samtale etter dødsfall"


def _as(person: dict | None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = SECRETS
    at.user = {"is_logged_in": True, "email_verified": True, **person} if person else {"is_logged_in": False}
    at.query_params.update(query or {})
    at.run()
    _ok(at)
    return at


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    """A store with the whole sample hospital published by the coordinator."""
    tmp = tmp_path_factory.mktemp("trust")
    mp = pytest.MonkeyPatch()
    mp.setenv("KOLLEGASTOTTE_DB", str(tmp / "store.sqlite3"))
    mp.setenv("KOLLEGASTOTTE_ROLES", str(tmp / "roles.toml"))
    mp.setenv("KOLLEGASTOTTE_TODAY", TODAY)
    (tmp / "roles.toml").write_text(ROLES, encoding="utf-8")
    at = _as(PEOPLE["coordinator"])
    _upload(at, "turnus", [("turnus.csv", (DATA / "turnus.csv").read_bytes())])
    _upload(at, "supporters", [("supporters.csv", supporters_with_phones())])
    _upload(at, "wards", [("wards.csv", (DATA / "wards.csv").read_bytes())])
    _plan(at)
    _goto(at, "publish")
    at.button(key="publish_button").click().run()
    _ok(at)
    yield tmp, PublicationStore(tmp / "store.sqlite3")
    mp.undo()


def _one_ward_turnus(ward: str) -> bytes:
    turnus = pd.read_csv(DATA / "turnus.csv", dtype=str, keep_default_na=False)
    return turnus[turnus["ward"] == ward].to_csv(index=False).encode()


def _call_page(ward: str) -> str:
    at = _as(PEOPLE["employee"], {"post": ward})
    return next(h.proto.body for h in at.get("html") if "class='ring'" in h.proto.body)


def test_one_wards_rostering_staff_replace_their_ward_only(hospital):
    _, store = hospital
    before = _call_page("N-MED2")
    at = _as(SIRI)
    _upload(at, "turnus", [("turnus_S-NEV2.csv", _one_ward_turnus("S-NEV2"))])
    _upload(at, "supporters", [("supporters.csv", supporters_with_phones())])
    _upload(at, "wards", [("wards.csv", (DATA / "wards.csv").read_bytes())])
    _plan(at)
    _goto(at, "publish")
    assert any("S-NEV2" in c.value and "Andre poster beholder" in c.value for c in at.caption)
    assert not any(c.key == "publish_replace_all" for c in at.checkbox)  # only the coordinator replaces all
    at.button(key="publish_button").click().run()
    _ok(at)
    assert store.audit_log(actions=("publish",))[0].actor == "siri@sykehus.no"
    rota = store.rota_in_force()
    assert len(rota.publications) == 2 and len(set(rota.tables["assignments"]["ward"])) == 11
    # every other ward's call page is as it was; S-NEV2's is from Siri's publication
    assert _call_page("N-MED2") == before
    assert "publisert nr. 1, 2" in " ".join(c.value for c in _as(PEOPLE["employee"], {"post": "S-NEV2"}).caption)


def test_a_ward_manager_never_reads_who_is_unavailable(hospital):
    _, store = hospital
    pub = store.load(1)
    named = pub.tables["named_reasons"]
    assert len(named) and "named_reasons" not in {"assignments", "coverage"}
    names = {n for n in pub.tables["people"]["name"] if n}
    named_med1 = " ".join(named[named["ward"] == "N-MED1"]["reason"])
    assert any(n in named_med1 for n in names)  # the coordinator's table names them
    for person, may in ((PEOPLE["manager"], False), (PEOPLE["coordinator"], True)):
        at = _goto(_as(person), "coverage")
        at.selectbox(key="view_source__no").set_value("pub:1").run() if person is PEOPLE["coordinator"] else None
        at.selectbox(key="coverage_ward__no").set_value("N-MED1").run()
        _ok(at)
        shown = " ".join(str(cell) for table in at.table for cell in table.value.to_numpy().ravel())
        assert "N-MED1" in shown or "dag" in shown
        assert any(n.replace(",", "\\,") in shown or n in shown for n in names) is may, person["email"]


def test_drafts_belong_to_their_author_and_the_coordinator_only_reads_them(hospital):
    _, store = hospital
    ola = _as(PEOPLE["rostering"])
    _upload(ola, "turnus", [("turnus_N-MED1.csv", _one_ward_turnus("N-MED1"))])
    draft = ola.session_state["draft_id"]
    assert store.draft_owner(draft) == "ola@sykehus.no"
    siri = _as(SIRI, {"utkast": draft})
    assert siri.session_state["draft_id"] != draft if "draft_id" in siri.session_state else True
    assert any("tilhører en annen" in w.value for w in siri.warning)
    assert not any(e["name"] == "turnus_N-MED1.csv" for e in siri.session_state["files"]["turnus"]) \
        if "files" in siri.session_state else True
    kari = _as(PEOPLE["coordinator"], {"utkast": draft})
    assert any("bare lesing" in i.value for i in kari.info)
    assert kari.session_state["files"]["turnus"][0]["name"] == "turnus_N-MED1.csv"
    _upload(kari, "wards", [("wards.csv", (DATA / "wards.csv").read_bytes())])  # a change: a draft of her own
    assert kari.session_state["draft_id"] != draft and store.draft_owner(kari.session_state["draft_id"]) == "kari@sykehus.no"
    assert store.load_draft(draft, "ola@sykehus.no").files.get("wards") is None  # Ola's is untouched


def test_uploads_are_kept_as_the_fields_read_and_every_change_is_audited(hospital):
    tmp, store = hospital
    at = _as(PEOPLE["rostering"])
    supporters = pd.read_csv(io.BytesIO(supporters_with_phones()), dtype=str, keep_default_na=False)
    supporters["merknad"] = SECRET
    _upload(at, "supporters", [("supporters.csv", supporters.to_csv(index=False).encode())])
    draft = at.session_state["draft_id"]
    at.session_state["pins"] = [{"supporter_id": "0319", "date": "2027-01-12", "slot": "dag", "action": "forbid"}]
    at.run()
    _ok(at)
    actions = [e.action for e in store.audit_log() if e.object_id == draft]
    assert {"draft_created", "draft_files", "draft_pins"} <= set(actions)
    assert {e.actor for e in store.audit_log() if e.object_id == draft} == {"ola@sykehus.no"}
    import sqlite3

    with sqlite3.connect(tmp / "store.sqlite3") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() not in (tmp / "store.sqlite3").read_bytes()
    kept = store.load_draft(draft, "ola@sykehus.no").files["supporters"][0][1]
    assert b"merknad" not in kept and b"0319" in kept


def test_the_call_page_says_a_broken_store_is_broken_not_that_nothing_is_published(tmp_path, monkeypatch):
    broken = tmp_path / "store.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(broken))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/who.py").run()
    assert not at.exception
    assert any("kan ikke leses" in e.value for e in at.error)
    assert not any("Ingen vaktplan" in i.value for i in at.info)
