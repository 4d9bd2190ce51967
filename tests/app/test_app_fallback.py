"""The call page says the scheme's fallback chain — by default the occupational health service with
the server's number — never «the manager on duty» unless the scheme chose it (docs/domain.md)."""

from __future__ import annotations

import pytest
from test_app import _goto, _plan
from test_app_walk import _publish, _tab


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "kollegastotte.sqlite3"))


def test_the_call_page_names_the_chain_with_its_number_and_never_the_leader(db, monkeypatch):
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-01-13")
    monkeypatch.setenv("KOLLEGASTOTTE_FALLBACK_PHONE", "22 95 00 00")
    at = _tab()
    at.button(key="sample_button").click().run()
    _plan(at)
    _publish(at)
    who = _tab()
    who.query_params["post"] = "N-MED1"
    _goto(who, "who")
    page = next(h.proto.body for h in who.get("html") if "class='ring'" in h.proto.body)
    chain = page[page.index("Står det ingen kollegastøtte på vakta, ring:"):]
    assert "<ol class='kjede'><li><strong>Bedriftshelsetjenesten</strong>" in chain
    assert "href='tel:22950000'" in chain
    assert "leder på vakt" not in page.lower()
