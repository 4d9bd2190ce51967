"""Memory given back when sessions close (issue 25, item 7).

With `runner.postScriptGC = false` (.streamlit/config.toml: a full collection after every page run
held a rush of call-page visitors up) nothing collects a closed session's garbage on time: its
uploaded files and their frames hang in reference cycles until a full collection comes by, and
glibc keeps the freed pages unless told to give them back. One daemon thread per server looks
every `EVERY` seconds; when sessions have closed since it last looked (Streamlit drops a closed
session `server.disconnectedSessionTTL` seconds after its tab went), it forgets the finished plan
jobs no session can collect any more, runs a full collection and trims the heap (glibc's
`malloc_trim`; elsewhere a collection only) and Arrow's memory pool. Expired sessions are shut
down and their state emptied first: Streamlit's runtime loop keeps the last session it served
alive, with all its files and readings (:func:`empty`). Measured in benchmarks/RESULTS.md, «Memory».
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
import threading
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Seconds between two looks at the number of sessions.
EVERY = 10.0


def trim_heap() -> bool:
    """Give freed heap pages back to the system (glibc's malloc_trim); False where there is none."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): collecting is all there is
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return bool(trim(0))


def release() -> None:
    """A full collection, then the freed pages back to the system: glibc's heap, and Arrow's own
    pool (mimalloc), where the text columns of the frames live — it kept 300 MiB of a trust-year's
    turnus after the frames were gone (measured in a plain process: 435 → 139 MiB).

    mimalloc gives back only from a thread that has allocated from it: in the watcher's thread,
    which never had, `release_unused` did nothing and 170 MiB of a trust-year stayed after the last
    session closed. One small allocation first makes the call count."""
    gc.collect()
    trim_heap()
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        pool = arrow.default_memory_pool()
        awake = arrow.allocate_buffer(64, memory_pool=pool)
        pool.release_unused()
        del awake


def session_count() -> int | None:
    """Sessions the server holds (open, or closed and kept for a reconnect); None outside a server.
    Expired sessions are shut down and emptied on the way (:func:`shut_down_expired`)."""
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        manager = Runtime.instance()._session_mgr  # no public API for the sessions kept for a reconnect
        shut_down_expired(manager)
        return int(manager.num_sessions())
    except Exception:  # a Streamlit without these internals: the watcher does nothing, the app runs on
        log.debug("no session count", exc_info=True)
        return None


def shut_down_expired(manager: Any) -> int:
    """Shut down and empty the sessions whose reconnect time is over; how many there were.

    Streamlit keeps a closed session for its reconnect time and then only forgets it: it never
    shuts it down, so the server-wide managers keep the session's uploaded files. It also forgets
    expired sessions by itself whenever its store is written to or counted; those are caught as they
    go (:func:`_catch_forgotten`) and shut down here too, outside the store's lock."""
    storage = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    if not hasattr(storage, "expire"):
        return 0
    forgotten = _catch_forgotten(storage)
    with getattr(manager, "_storage_lock", threading.Lock()):
        storage.expire()  # what it drops joins those the store dropped by itself
        expired = list(forgotten)
        forgotten.clear()
    for _, info in expired:
        info.session.shutdown()
        empty(info.session)
    return len(expired)


def _catch_forgotten(storage: Any) -> list:
    """The sessions the store dropped by itself since the last look (its own `expire`, called on
    every write and count, is wrapped once to keep what it drops)."""
    caught = getattr(storage, "_memory_forgotten", None)
    if caught is None:
        caught = []
        plain = storage.expire

        def expire(*args: Any, **kwargs: Any) -> list:
            gone = plain(*args, **kwargs)
            caught.extend(gone)
            return gone

        storage.expire, storage._memory_forgotten = expire, caught
    return caught


def empty(session: Any) -> None:
    """A shut-down session's state emptied (its files, inputs, plans, drafts).

    Shutting down is not enough for its memory to go: Streamlit's runtime loop keeps its loop
    variable bound to the last session it sent messages for (`Runtime._loop_coroutine`,
    `for active_session_info in …`) until another session is served — the last session of a day
    stays alive with everything in its state (found with gc.get_referrers after a trust-year walk:
    DataFrame ← Inputs ← SessionState ← AppSession ← ActiveSessionInfo ← the loop's coroutine)."""
    state = getattr(session, "_session_state", None)
    if hasattr(state, "clear"):
        state.clear()
    widgets = getattr(getattr(state, "_new_widget_state", None), "widget_metadata", None)
    if isinstance(widgets, dict):
        widgets.clear()  # the widgets' callbacks, and through them the page globals they close over
    queue = getattr(session, "_browser_queue", None)
    if hasattr(queue, "clear"):
        queue.clear()


APP = Path(__file__).resolve().parents[1] / "app.py"


def forget_last_page(no_sessions: Callable[[], bool] = lambda: True) -> int:
    """The data the last page run left in its globals, dropped; how many names.

    Streamlit runs each page in a fresh module it puts at `sys.modules["__main__"]`, and leaves the
    last one there: after a plan, its `current` job held the plan and its instance (170 MiB at M)
    with no session left. Only a module that is this app's script run is touched, and only its
    data — modules, classes and functions stay, so nothing defined there breaks. The module is
    taken *before* `no_sessions` is asked: a visitor's session exists before its page runs, so a
    page that starts after the question runs in a module of its own, never the one emptied."""
    module = sys.modules.get("__main__")
    where = getattr(module, "__file__", None)
    if module is None or not isinstance(where, str) or Path(where).resolve() != APP:
        return 0
    if not no_sessions():
        return 0
    names = [name for name, value in vars(module).items() if not name.startswith("__") and
             not isinstance(value, (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType))]
    for name in names:
        vars(module).pop(name, None)
    return len(names)


class Watcher:
    """Collects and trims when the number of sessions has fallen since the last look."""

    def __init__(self, count: Callable[[], int | None] = session_count,
                 forget: Callable[[int], None] | None = None, every: float = EVERY) -> None:
        self.count, self.forget, self.every = count, forget, every
        self.last: int | None = None
        self.released = 0
        self.again = False
        self._stop = threading.Event()

    def look(self) -> bool:
        """One look: release memory when sessions closed since the last, and once more on the look
        after (a shut-down session's threads and tasks let go of what they held only after it).
        Returns whether sessions closed."""
        now = self.count()
        fell = now is not None and self.last is not None and now < self.last
        self.last = now
        if not fell:
            if self.again:
                self.again = False
                if now == 0:
                    forget_last_page(lambda: self.count() == 0)
                release()
            return False
        if self.forget is not None:
            self.forget(now)
        release()
        self.released += 1
        self.again = True
        return True

    def run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.look()
            except Exception:  # never take the server down for a look at its memory
                log.exception("memory watcher")

    def start(self) -> Watcher:
        threading.Thread(target=self.run, name="memory-watcher", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()


