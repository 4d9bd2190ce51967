"""scheduler/views/pin_entry.py: the person × day grid's cells typed — a shift, `lås`/`forby` and a
shift by their first letters, two joined with `+` — read back to the grid's values, or what to type."""

from __future__ import annotations

import pytest

from scheduler.views.code_entry import EntryError
from scheduler.views.pin_entry import cell_words, parse_cell

SLOTS = ["dag", "kveld", "natt"]


@pytest.mark.parametrize(("typed", "value"), [
    ("natt", "natt"), ("n", "natt"), ("N", "natt"), ("l n", "lock:natt"), ("lås natt", "lock:natt"),
    ("låst: natt", "lock:natt"), ("f k", "forbid:kveld"), ("forby dag", "forbid:dag"), ("-n", "forbid:natt"),
    ("lock night".replace("night", "natt"), "lock:natt"), ("forbudt natt", "forbid:natt"),
    ("d + f n", "dag+forbid:natt"), ("d, l k", "dag+lock:kveld"), ("lock:natt", "lock:natt"), ("", ""), ("  ", ""),
])
def test_typed_cells(typed, value) -> None:
    assert parse_cell(typed, SLOTS, "no") == value


@pytest.mark.parametrize(("typed", "needle"), [
    ("q", "«q» er ingen vakt. Skriv en vakt (dag, kveld, natt, eller første bokstav)"),
    ("l", "«l»: skriv vakta også, f.eks. «l dag»."),
    ("f x", "«x» er ingen vakt."),
    ("n + natt", "samme vakt to ganger"),
])
def test_what_cannot_be_read_says_what_to_type(typed, needle) -> None:
    with pytest.raises(EntryError) as error:
        parse_cell(typed, SLOTS, "no")
    assert needle in error.value.no, error.value.no


def test_a_prefix_two_shifts_share_asks_for_more_letters() -> None:
    with pytest.raises(EntryError, match="could be dag or døgn"):
        parse_cell("d", ["dag", "døgn"], "en")
    assert parse_cell("dø", ["dag", "døgn"]) == "døgn"


def test_a_cell_shown_reads_back_to_its_value() -> None:
    for value in ("", "natt", "lock:natt", "forbid:dag", "dag+forbid:natt"):
        for lang in ("no", "en"):
            assert parse_cell(cell_words(value, lang), SLOTS, lang) == value
    assert cell_words("dag+forbid:natt", "no") == "dag + forbudt natt"
    assert cell_words("lock:kveld", "en") == "locked kveld"
