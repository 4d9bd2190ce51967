"""History's storage interface (scheduler/store/history.py) on both databases: an import is kept whole
with its audit row in the same transaction, or not at all; withdrawn and put back; read back by date."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from scheduler.history.carried import PeriodLoad
from scheduler.store.history import HistoryStore
from scheduler.store.publications import PublicationStore

D = dt.date
DIGEST = hashlib.sha256(b"historikk.csv").hexdigest()


def _rows() -> list[PeriodLoad]:
    return [PeriodLoad("0319", D(2026, 10, 5), D(2026, 12, 27), duties=12, hours=13.5, nights=3, weekend_duties=4,
                       contacts=1, fair_share_hours=7.5),
            PeriodLoad("11468", D(2026, 10, 5), D(2026, 12, 27), duties=4, hours=4)]


def test_an_import_is_kept_whole_read_back_and_audited(where):
    store = HistoryStore(where)
    number = store.save_import(_rows(), DIGEST, "o'brien@sykehus.no")
    (info,) = store.imports()
    assert (info.id, info.rows, info.first, info.last, info.withdrawn) == (number, 2, D(2026, 10, 5), D(2026, 12, 27), False)
    loads = store.imported_loads(D(2026, 12, 1), D(2026, 12, 31))
    assert [(r.supporter_id, r.duties, r.hours, r.fair_share_hours) for r in loads] == [("0319", 12, 13.5, 7.5),
                                                                                      ("11468", 4, 4, None)]
    assert store.set_import_withdrawn(number, True, actor="kari@sykehus.no")
    assert store.imported_loads(D(2026, 12, 1), D(2026, 12, 31)) == []
    assert store.set_import_withdrawn(number, False, actor="kari@sykehus.no")
    log = [(e.action, e.actor, e.object_id) for e in reversed(PublicationStore(where).audit_log())]
    assert log == [("history_import", "o'brien@sykehus.no", str(number)),
                   ("history_import_withdrawn", "kari@sykehus.no", str(number)),
                   ("history_import_restored", "kari@sykehus.no", str(number))]


def test_an_import_whose_audit_row_fails_leaves_nothing(where, monkeypatch):
    store = HistoryStore(where)

    def failing(*_args, **_kwargs):
        raise OSError("the audit row could not be written")

    monkeypatch.setattr(HistoryStore, "_audit", failing)
    with pytest.raises(OSError):
        store.save_import(_rows(), DIGEST, "lokal")
    monkeypatch.undo()
    assert store.imports() == [] and store.imported_loads(D(2026, 1, 1), D(2027, 12, 31)) == []
