"""The memory watcher (app_state/memory.py, issue 25 item 7): it collects and trims when sessions
have closed since it last looked, and forgets finished plan jobs once no session is left."""

from __future__ import annotations

import app_state.memory as memory


def test_the_watcher_releases_only_when_sessions_have_closed(monkeypatch):
    counts = iter([None, 2, 3, 3, 1, 1, 0])
    released, forgotten = [], []
    monkeypatch.setattr(memory, "release", lambda: released.append(1))
    watcher = memory.Watcher(count=lambda: next(counts), forget=forgotten.append)
    looks = [watcher.look() for _ in range(7)]
    assert looks == [False, False, False, False, True, False, True]
    assert len(released) == 2 and forgotten == [1, 0]


def test_release_collects_and_trims_without_failing():
    memory.release()  # glibc: malloc_trim; elsewhere a collection only
    assert memory.trim_heap() in (True, False)


def test_no_session_count_outside_a_server():
    assert memory.session_count() is None
