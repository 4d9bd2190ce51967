"""The memory watcher (app_state/memory.py, issue 25 item 7): it collects and trims when sessions
have closed since it last looked, and forgets finished plan jobs once no session is left."""

from __future__ import annotations

from test_app import _app, _upload

import app_state.memory as memory
import app_state.uploads as uploads


def test_the_watcher_releases_only_when_sessions_have_closed(monkeypatch):
    counts = iter([None, 2, 3, 3, 1, 1, 0])
    released, forgotten = [], []
    monkeypatch.setattr(memory, "release", lambda: released.append(1))
    watcher = memory.Watcher(count=lambda: next(counts), forget=forgotten.append)
    looks = [watcher.look() for _ in range(7)]
    assert looks == [False, False, False, False, True, False, True]
    assert len(released) == 3 and forgotten == [1, 0]  # each fall, and once more on the look after


def test_release_collects_and_trims_without_failing():
    memory.release()  # glibc: malloc_trim; elsewhere a collection only
    assert memory.trim_heap() in (True, False)


def test_no_session_count_outside_a_server():
    assert memory.session_count() is None


def test_re_adding_a_file_in_the_app_reads_only_that_file(tmp_path, monkeypatch):
    """Issue 25: adding supporters.csv, wards.csv or rules.toml read every file again (24–32 s at a
    trust-year), and the page built the plan's instance each time. Now the turnus is read once while
    what it depends on stays; a codes file reads it again."""
    import scheduler.io.load as load

    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "store.sqlite3"))
    reads = []
    real = load.read_turnus
    monkeypatch.setattr(load, "read_turnus", lambda *a, **kw: reads.append(1) or real(*a, **kw))
    built, build = [], uploads.build_instance
    monkeypatch.setattr(uploads, "build_instance", lambda *a, **kw: built.append(1) or build(*a, **kw))
    at = _app()
    _upload(at, "turnus", [("turnus.csv", b"employee_id;ward;date;shift_code\n1;3A;2027-01-04;D\n2;3B;2027-01-04;D\n")])
    _upload(at, "supporters", [("supporters.csv", b"employee_id\n1\n")])
    _upload(at, "wards", [("wards.csv", b"ward;site\n3A;Aker\n3B;Aker\n")])
    _upload(at, "supporters", [("supporters.csv", b"employee_id\n1\n2\n")])  # another list
    assert len(reads) == 1
    assert built == []  # nor does the upload page build the plan's instance (8.5 s at L) without codes mapped by hand
    _upload(at, "shift_codes", [("koder.csv", b"code;start;end;kind\nZZ;08:00;12:00;work\n")])
    assert len(reads) == 2


def test_mapping_another_code_by_hand_does_not_read_the_files_as_read_again(tmp_path, monkeypatch):
    """Issue 25: with a code mapped by hand, the effect of the choices (demand and availability as
    read) read every file again on every change of the choices. What was read does not depend on
    them: it is counted once per files, column mappings and rules."""
    import scheduler.io.load as load

    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "store.sqlite3"))
    reads = []
    real = load.read_turnus
    monkeypatch.setattr(load, "read_turnus", lambda *a, **kw: reads.append(1) or real(*a, **kw))
    at = _app()
    at.button(key="sample_button").click().run()
    at.session_state["code_maps"] = {"A": {"kind": "absence", "start": "", "end": ""}}
    at.run()
    assert any("annen betydning (A)" in w.value for w in at.warning)
    first = len(reads)
    at.session_state["code_maps"] = {"A": {"kind": "absence", "start": "", "end": ""},
                                     "N": {"kind": "absence", "start": "", "end": ""}}
    at.run()
    assert any("annen betydning (A, N)" in w.value for w in at.warning)
    assert len(reads) == first + 1, "only the reading with the new meanings; the files as read are not read again"


def test_expired_sessions_are_shut_down_and_emptied_also_when_streamlit_dropped_them_itself():
    """Issue 25: 0.9 GiB stayed after the last session closed. Streamlit forgets an expired session
    on any write to its store without shutting it down, and its runtime loop keeps the last session
    it served alive; so each expired session is shut down and its state (values and the widgets'
    callbacks, which hold the page globals) emptied."""
    import threading
    from types import SimpleNamespace

    from streamlit.runtime.caching.ttl_cache import TTLCache
    from streamlit.runtime.state.session_state import SessionState

    class Session:
        def __init__(self) -> None:
            self.down = False
            self._session_state = SessionState()
            self._session_state["inputs"] = bytearray(10)
            self._session_state._new_widget_state.widget_metadata["upload"] = object()

        def shutdown(self) -> None:
            self.down = True

    now = [0.0]
    store = TTLCache(maxsize=10, ttl=60, timer=lambda: now[0])
    manager = SimpleNamespace(_session_storage=SimpleNamespace(_cache=store), _storage_lock=threading.Lock())
    first, second = Session(), Session()
    store["first"] = SimpleNamespace(session=first)
    assert memory.shut_down_expired(manager) == 0
    now[0] = 61.0
    store["second"] = SimpleNamespace(session=second)  # Streamlit's own write forgets the first
    assert memory.shut_down_expired(manager) == 1 and first.down and not second.down
    assert "inputs" not in first._session_state and not first._session_state._new_widget_state.widget_metadata
    assert "inputs" in second._session_state
    now[0] = 200.0
    assert memory.shut_down_expired(manager) == 1 and second.down and "inputs" not in second._session_state


def _rss_mib() -> float:
    line = next(x for x in open("/proc/self/status").read().splitlines() if x.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


def test_release_gives_arrows_pool_back_from_a_thread_that_never_used_it():
    """Issue 25: Arrow's pool (mimalloc) gives back only from a thread that has allocated from it;
    the watcher's thread never had, so 170 MiB of a trust-year's text columns stayed."""
    import threading

    import pyarrow as pa
    import pytest

    if pa.default_memory_pool().backend_name != "mimalloc":
        pytest.skip("only Arrow's mimalloc pool keeps freed pages this way")
    kept = {}
    made = threading.Thread(target=lambda: kept.update(a=[pa.array([b"x" * 200] * 20_000) for _ in range(40)]))
    made.start()
    made.join()
    kept.clear()
    before = _rss_mib()
    watcher = threading.Thread(target=memory.release)
    watcher.start()
    watcher.join()
    assert before - _rss_mib() > 60  # ~160 MiB of strings allocated, freed, and now given back


def test_the_last_page_runs_data_is_dropped_but_not_its_functions(monkeypatch):
    """Issue 25: Streamlit leaves the last page run's module at sys.modules["__main__"]; after a
    plan its `current` job held the plan and its instance with no session left."""
    import sys
    import types

    page = types.ModuleType("__main__")
    page.__file__ = str(memory.APP)
    page.current, page.inputs, page.helper, page.memory = object(), [1], (lambda: 1), memory
    monkeypatch.setitem(sys.modules, "__main__", page)
    assert memory.forget_last_page() == 2
    assert not hasattr(page, "current") and not hasattr(page, "inputs") and page.helper() == 1 and page.memory is memory
    other = types.ModuleType("__main__")
    other.data = 1
    monkeypatch.setitem(sys.modules, "__main__", other)  # not this app's page run (pytest's own, say)
    assert memory.forget_last_page() == 0 and other.data == 1


def test_a_page_is_not_emptied_when_a_visitor_came_in_the_meantime(monkeypatch):
    """The watcher saw no session, then a visitor arrived: their page may run in the module at
    sys.modules["__main__"], so nothing is dropped."""
    import sys
    import types

    page = types.ModuleType("__main__")
    page.__file__ = str(memory.APP)
    page.current = object()
    monkeypatch.setitem(sys.modules, "__main__", page)
    assert memory.forget_last_page(lambda: False) == 0 and hasattr(page, "current")
    assert memory.forget_last_page(lambda: True) == 1 and not hasattr(page, "current")
