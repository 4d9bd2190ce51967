"""The store, opened once per server process and minute and shared by every session.

Opening a store checks the file and its tables and purges what is due (scheduler.store.retention),
~10 ms each time: a rush of people at shift change — each signing in for the first time, the store
remembering their roles — would otherwise open it once per person (issue 25, benchmarks/RESULTS.md,
«The call page at shift change»).
"""

from __future__ import annotations

import os
import threading
import time

from scheduler.store.base import default_db_path
from scheduler.store.publications import PublicationStore

__all__ = ["STORE_REOPEN_SECONDS", "file_id", "store", "store_path"]

#: How long an opened store is used before it is opened again (which purges what is due).
STORE_REOPEN_SECONDS = 60.0
_opened: dict[tuple, tuple[PublicationStore, float]] = {}
_open_lock = threading.Lock()


def store_path() -> str:
    """The store (KOLLEGASTOTTE_STORE: a file or a PostgreSQL URL; else KOLLEGASTOTTE_DB; else the default file)."""
    return str(default_db_path())


def file_id(path: str) -> tuple:
    """The file's device and inode (a store file replaced by another is a new store); () when absent."""
    try:
        info = os.stat(path)
        return info.st_dev, info.st_ino
    except OSError:
        return ()


def store() -> PublicationStore:
    """The store, opened once per server process and minute (each call opens its own connection,
    so it is shared by every session). A store file replaced or removed is opened afresh."""
    path = store_path()
    key = (path, file_id(path))
    now = time.monotonic()
    with _open_lock:
        kept = _opened.get(key)
        if kept is not None and now - kept[1] < STORE_REOPEN_SECONDS:
            return kept[0]
    opened = PublicationStore(path)  # refuses a file that is not a store (raises): nothing is kept then
    with _open_lock:
        _opened.clear()
        _opened[(path, file_id(path))] = (opened, now)
    return opened
