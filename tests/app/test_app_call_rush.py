"""The call page at shift change (issue 25), driven by AppTest: a visitor who does nothing writes
nothing to the store, and every session shares one parsed copy of the rota in force, made again
after a publication or a withdrawal."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
from call_world import RENAMED, TODAY, publish_renamed
from streamlit.testing.v1 import AppTest
from test_app import APP, _ok


@pytest.fixture(scope="module")
def published(tmp_path_factory, sample_store):
    return sample_store(tmp_path_factory.mktemp("call_world"))


@pytest.fixture
def store(published, tmp_path, monkeypatch):
    path = tmp_path / "kollegastotte.sqlite3"
    shutil.copy(published, path)
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(path))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", TODAY)
    return path


def _drafts(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]


def _visit(ward: str = "N-MED1") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["post"] = ward
    at.run()
    at.switch_page("app_pages/who.py").run()
    _ok(at)
    return at


def _sheet(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if "class='ring'" in h.proto.body)


def test_a_visitor_who_does_nothing_writes_no_draft_even_with_the_sample_loaded(store, monkeypatch):
    monkeypatch.setenv("KOLLEGASTOTTE_SAMPLE", "1")  # `make run`: every new session got the sample, and a draft
    for _ in range(3):
        at = _visit()
        assert "class='ring'" in _sheet(at)
        at.run()  # and once more, as a page that checks itself does
    start = AppTest.from_file(APP, default_timeout=60)
    start.run()  # the start page (Last opp) with the sample loaded, nothing done
    _ok(start)
    assert start.session_state["files"]["turnus"], "the sample is loaded for those who plan"
    assert _drafts(store) == 0
    # a change by the person is work: then a draft is kept
    start.button(key="sample_button").click().run()
    _ok(start)
    assert _drafts(store) == 1


def test_one_parsed_rota_in_force_for_every_session_made_again_after_publish_and_withdraw(store, monkeypatch):
    from app_state import views

    made = []
    parse = views.skeleton_instance
    monkeypatch.setattr(views, "skeleton_instance", lambda *a, **k: made.append(1) or parse(*a, **k))
    getattr(views, "forget_in_force", lambda: None)()
    first = _visit()
    assert RENAMED not in _sheet(first)
    for _ in range(3):
        _visit("S-MED1")
    assert len(made) == 1, "every session read and parsed the rota in force again"

    second = publish_renamed(store)  # as another process would (the command line): the key notices it
    time.sleep(getattr(views, "IN_FORCE_CHECK_SECONDS", 0))  # … within this many seconds
    first.run()
    assert RENAMED in _sheet(first)
    assert len(made) == 2

    from scheduler.store.publications import PublicationStore

    PublicationStore(store).unpublish(second, actor="lokal")
    time.sleep(getattr(views, "IN_FORCE_CHECK_SECONDS", 0))
    first.run()
    assert RENAMED not in _sheet(first)
    assert len(made) == 3


def test_the_page_says_when_it_last_checked(store):
    at = _visit()
    assert any("Sist sjekket kl." in c.value for c in at.caption)


def test_a_rush_of_people_signing_in_for_the_first_time_opens_the_store_once(store, monkeypatch, tmp_path):
    """Each first visit of a signed-in person writes their roles and ward to the store; the server
    writes them through its one opened store, not a store opened (checked, purged) per person."""
    from test_app_access import SECRETS

    from app_state import opened_store
    from scheduler.store import publications

    roles = tmp_path / "roles.toml"
    roles.write_text('[[grant]]\nemail = "kari@sykehus.no"\nrole = "coordinator"\n', encoding="utf-8")
    monkeypatch.setenv("KOLLEGASTOTTE_ROLES", str(roles))
    opened_store.store()  # the server's store, as after its first visitor
    opens = []
    real_init = publications.PublicationStore.__init__

    def counted(self, *args, **kwargs):
        opens.append(args)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(publications.PublicationStore, "__init__", counted)
    for person in range(3):
        at = AppTest.from_file(APP, default_timeout=60)
        at.secrets = SECRETS
        at.user = {"is_logged_in": True, "sub": f"ansatt-{person}", "email": f"ansatt{person}@sykehus.no",
                   "email_verified": True, "name": f"Ansatt {person}"}
        at.query_params["post"] = "N-MED1"
        at.run()
        at.switch_page("app_pages/who.py").run()
        _ok(at)
        assert "class='ring'" in _sheet(at)
    with sqlite3.connect(store) as conn:
        remembered = conn.execute("SELECT COUNT(*) FROM chosen_wards").fetchone()[0]
    assert remembered == 3, "each person's ward is remembered"
    assert opens == [], "the store was opened again for people signing in"
