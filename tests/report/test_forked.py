"""rota.xlsx made in a forked child: the same bytes as made in place, and made in place when the child fails."""

from __future__ import annotations

import os

from scheduler.report.forked import made_apart


def test_the_child_sends_back_what_it_made() -> None:
    parent = os.getpid()
    wait = made_apart(lambda: f"{os.getpid() != parent}".encode() * 50_000)  # more than a pipe holds
    assert wait() == b"True" * 50_000


def test_a_child_that_fails_leaves_the_parent_to_make_it() -> None:
    parent = os.getpid()

    def make() -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return b"made here"

    assert made_apart(make)() == b"made here"
