"""«Hvor lære opp?» driven by AppTest as the coordinator would: on the sample, one proposal with
its before → after, checked by the independent checker; without inputs, what to do first
(app_pages/whatif.py, docs/whatif.md)."""

from __future__ import annotations

import pytest
from test_app import _app, _goto, _ok

import app_i18n


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "kollegastotte.sqlite3"))


def test_the_coordinator_learns_where_one_more_supporter_helps(db, monkeypatch) -> None:
    monkeypatch.setenv("KOLLEGASTOTTE_SAMPLE", "1")
    monkeypatch.setenv("KOLLEGASTOTTE_DASK", "serial")  # the sweep in the server's process (a cluster: the CLI test)
    at = _goto(_app(), "whatif")
    at.number_input[0].set_value(1)
    at.slider[0].set_value(1)
    at.button[0].click().run(timeout=240)
    _ok(at)
    done = " ".join(s.value for s in at.success)
    assert "kontrollert av den uavhengige kontrollen" in done, done
    table = at.dataframe[0].value
    assert list(table.columns)[:3] == ["Nr.", "Post", "Yrke"] and len(table) == 1
    before, after = (int(x) for x in table.iloc[0]["Vakter uten kollegastøtte (før → etter)"].split(" → "))
    assert after < before  # the sample has shifts nobody can cover: one more supporter closes some
    assert at.get("download_button")


def test_without_inputs_it_says_what_to_do_first(db) -> None:
    at = _goto(_app(), "whatif")
    assert app_i18n.TEXTS["whatif_needs_inputs"][0] in [i.value for i in at.info]
