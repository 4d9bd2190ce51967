"""Issue 23 driven by AppTest: the app walked again as every role — lost edits between two tabs,
wrong code meanings, a turnus without rows, the fairness figures, the texts a Norwegian user opens.

Each test failed before its fix. Helpers are the ones of tests/app/test_app.py.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, _ok, _sample, _upload


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "kollegastotte.sqlite3"
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(path))
    return path


def _tab(draft: str | None = None) -> AppTest:
    """A browser tab: a new session, opened at the draft's address when given."""
    at = AppTest.from_file(APP, default_timeout=60)
    if draft:
        at.query_params["utkast"] = draft
    at.run()
    _ok(at)
    return at


def _names(at: AppTest, kind: str) -> list[str]:
    files = at.session_state["files"][kind]
    return [e["name"] for e in (files if isinstance(files, list) else [files] if files else [])]


def test_bug2_two_tabs_on_one_draft_the_second_edit_is_not_lost_silently(db):
    a = _tab()
    _upload(a, "turnus", [_sample("turnus.csv")])
    _upload(a, "supporters", [_sample("supporters.csv")])
    draft = a.session_state["draft_id"]
    b = _tab(draft)
    assert _names(b, "turnus") == ["turnus.csv"]
    b.button(key="remove_turnus_0").click().run()  # tab B removes the turnus
    _ok(b)
    a.button(key="remove_supporters_0").click().run()  # tab A, not reloaded, removes the supporters
    _ok(a)
    # A is told, and nothing of A's is saved over B's work
    assert any("endret i en annen fane" in w.value for w in a.warning)
    fresh = _tab(draft)
    assert _names(fresh, "turnus") == [] and _names(fresh, "supporters") == ["supporters.csv"]
    # A takes what is kept: B's work, and A can go on from there
    a.button(key="draft_take_kept").click().run()
    _ok(a)
    assert _names(a, "turnus") == [] and _names(a, "supporters") == ["supporters.csv"]
    assert not any("endret i en annen fane" in w.value for w in a.warning)
    _upload(a, "turnus", [_sample("turnus.csv")])
    assert _names(_tab(draft), "turnus") == ["turnus.csv"]


def test_bug2_keeping_ones_own_edit_makes_a_new_draft(db):
    a = _tab()
    _upload(a, "turnus", [_sample("turnus.csv")])
    _upload(a, "supporters", [_sample("supporters.csv")])
    draft = a.session_state["draft_id"]
    b = _tab(draft)
    b.button(key="remove_turnus_0").click().run()
    a.button(key="remove_supporters_0").click().run()
    a.button(key="draft_keep_as_new").click().run()
    _ok(a)
    mine = a.session_state["draft_id"]
    assert mine != draft and a.query_params["utkast"] == mine
    assert _names(_tab(mine), "turnus") == ["turnus.csv"] and _names(_tab(mine), "supporters") == []
    assert _names(_tab(draft), "turnus") == [] and _names(_tab(draft), "supporters") == ["supporters.csv"]


