"""The store: published rotas, the rota in force per ward, and :class:`PublicationStore` — the whole store.

A publication is the rota's tables (assignments, duties, burden, coverage, …), the run summary,
the rules used, the checksums of the input files and, optionally, which kind of publication it
is — one of a fixed set (:data:`PUBLICATION_REASONS`), never free text. Each one is written in a
single transaction, so a killed server or a failed write never leaves half a rota behind:
either the whole publication is there, or none of it is. Earlier publications are kept as history;
one can be withdrawn and put back, and the rota in force per ward and date is put together from
those in force (scheduler.model.in_force).

:class:`PublicationStore` is the one class callers use: the publications here, on the drafts
(scheduler.store.drafts), the audit log (scheduler.store.audit_log) and the people's records
(scheduler.store.people), all over one opened file (scheduler.store.base).

Confidentiality: only what the rota tables and the input files hold is stored — dates, slots,
ids, names, phone numbers and counts. No field takes free text, so nothing said in a support
conversation can end up here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from scheduler.localtime import now_iso
from scheduler.model.in_force import InForce, Scope, compose, in_force
from scheduler.store.audit import audit_row, check_actor
from scheduler.store.audit_log import AuditLog
from scheduler.store.drafts import DraftStore
from scheduler.store.engine import StoreConn
from scheduler.store.people import PeopleRecords
from scheduler.store.replan_basis import BasisReader
from scheduler.store.tables import names_apart, to_text, wards_of

__all__ = ["PublicationStore", "Publication", "RotaInForce", "PublicationInfo", "PUBLICATION_REASONS"]

#: The kinds of publication a person may pick; the store refuses any other text.
PUBLICATION_REASONS = ("new_period", "change")


def _reason(stored: str) -> str:
    """The kind of publication; text stored by older versions (a free note) is not shown."""
    return stored if stored in PUBLICATION_REASONS else ""


@dataclass(frozen=True)
class PublicationInfo:
    """One line of the history: when, which kind, and the counts that tell rotas apart."""

    id: int
    created_at: str
    reason: str
    status: str
    covered: int | None
    uncovered: int | None
    duties: int | None
    withdrawn: bool = False


@dataclass
class Publication:
    """A published rota as it was saved; ids (and every text column) come back as strings."""

    id: int
    created_at: str
    reason: str
    tables: dict[str, pd.DataFrame]
    summary: dict
    rules_json: str
    checksums: dict[str, str] = field(default_factory=dict)

    @property
    def rules(self) -> dict:
        return json.loads(self.rules_json)


@dataclass
class RotaInForce:
    """The rota in force per ward and date (scheduler.model.in_force): the tables put together from the
    publications that hold it, a summary of its counts, and the newest one's rules."""

    publications: list[int]
    tables: dict[str, pd.DataFrame]
    summary: dict
    rules_json: str
    forced: InForce

    @property
    def key(self) -> str:
        """What it is made of: equal keys, equal rota (for caches)."""
        return ",".join(str(p) for p in self.publications)


def _night_slots(rules_json: str) -> set[str]:
    """The names of the night slots in a publication's rules (for counting nights in force)."""
    try:
        rules = json.loads(rules_json)
        return {str(s["name"]) for s in rules.get("slots", []) if s.get("kind") == "night"}
    except (ValueError, TypeError, KeyError, AttributeError):
        return set()


def _count(summary: Mapping, key: str) -> int | None:
    counts = summary.get("counts")
    value = counts.get(key) if isinstance(counts, dict) else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class PublicationStore(DraftStore, AuditLog, PeopleRecords, BasisReader):
    """`publish` a rota, read the `latest`, list the `history`, `load` an earlier one; the rota in
    force (`in_force`, `rota_in_force`); `unpublish` and `republish`. Drafts, the audit log, the
    people's records and the re-plan's fair-share bases come from the parts it is built of."""

    def _insert_table(self, conn: StoreConn, publication_id: int, name: str, text: str, dtypes: str) -> None:
        conn.execute(
            "INSERT INTO publication_tables (publication_id, name, csv, dtypes_json) VALUES (?, ?, ?, ?)",
            (publication_id, name, text, dtypes),
        )

    def publish(
        self,
        tables: Mapping[str, pd.DataFrame],
        summary: Mapping,
        rules_json: str,
        checksums: Mapping[str, str],
        reason: str = "",
        actor: str = "lokal",
        *,
        wards: Iterable[str] | None = None,
        replaces_all: bool = False,
    ) -> int:
        """Save a rota as the newest publication, atomically, with its row in the audit log;
        returns its id.

        It replaces `wards` on its dates (default: the wards in its assignments) and nothing else
        (scheduler.model.in_force); with `replaces_all` it replaces every ward on its dates — the caller
        checks that only the coordinator may. `reason` is "" or one of :data:`PUBLICATION_REASONS`;
        anything else is refused, so no free text can be stored with a rota. `actor` is who
        publishes (see :meth:`audit`).
        """
        if reason and reason not in PUBLICATION_REASONS:
            raise ValueError(f"reason must be one of {PUBLICATION_REASONS} or empty")
        check_actor(actor)
        replaced = sorted({str(w) for w in (wards if wards is not None else wards_of(tables))})
        serialised = {name: to_text(frame) for name, frame in tables.items()}
        summary_json = json.dumps(summary, ensure_ascii=False, default=str)
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO publications (created_at, note, summary_json, rules_json, checksums_json, wards_json, "
                "replaces_all) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (now_iso(), reason, summary_json, rules_json, json.dumps(dict(checksums)), json.dumps(replaced),
                 int(replaces_all)),
            )
            publication_id = int(cur.fetchone()[0])
            for name, (text, dtypes) in serialised.items():
                self._insert_table(conn, publication_id, name, text, dtypes)
            audit_row(conn, actor, "publish", str(publication_id),
                   "all wards" if replaces_all else f"{len(replaced)} wards")
        return publication_id

    def history(self) -> list[PublicationInfo]:
        """Every publication, newest first (withdrawn ones too, marked)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT p.id, p.created_at, p.note, p.summary_json, w.publication_id IS NOT NULL "
                                "FROM publications p LEFT JOIN withdrawn_publications w ON w.publication_id = p.id "
                                "ORDER BY p.id DESC").fetchall()
        out = []
        for pid, created, note, summary_json, withdrawn in rows:
            summary = self._json(summary_json, f"publication {pid}")
            summary = summary if isinstance(summary, dict) else {}
            out.append(PublicationInfo(int(pid), created, _reason(note), str(summary.get("status", "")),
                                       _count(summary, "covered"), _count(summary, "uncovered"), _count(summary, "duties"),
                                       bool(withdrawn)))
        return out

    def latest(self) -> Publication | None:
        """The newest publication that is not withdrawn (for the rota in force per ward, see :meth:`in_force`)."""
        with self._connect() as conn:
            row = conn.execute("SELECT MAX(id) FROM publications WHERE id NOT IN "
                               "(SELECT publication_id FROM withdrawn_publications)").fetchone()
        return None if row is None or row[0] is None else self.load(int(row[0]))

    def scopes(self) -> list[Scope]:
        """What each publication in force (not withdrawn) replaces: its wards on its dates, oldest first."""
        with self._connect() as conn:
            rows = conn.execute("SELECT id, summary_json, wards_json, replaces_all FROM publications WHERE id NOT IN "
                                "(SELECT publication_id FROM withdrawn_publications) ORDER BY id").fetchall()
        out = []
        for pid, summary_json, wards_json, replaces_all in rows:
            summary = self._json(summary_json, f"publication {pid}")
            horizon = summary.get("horizon") if isinstance(summary, dict) else None
            wards = self._json(wards_json or "[]", f"publication {pid}")
            try:
                first = dt.date.fromisoformat(horizon["from"])  # type: ignore[index]
                last = dt.date.fromisoformat(horizon["to"])  # type: ignore[index]
            except (KeyError, TypeError, ValueError):
                continue  # an empty rota has no dates: it holds nothing
            if not isinstance(wards, list) or last < first:
                continue
            out.append(Scope(int(pid), first, last, frozenset(str(w) for w in wards), bool(replaces_all)))
        return out

    def in_force(self, first: dt.date | None = None, last: dt.date | None = None) -> InForce:
        """Which publication holds each ward on each date (inside first..last when given)."""
        return in_force(self.scopes(), first, last)

    def rota_in_force(self, first: dt.date | None = None, last: dt.date | None = None) -> RotaInForce | None:
        """The rota in force per ward and date, put together from the publications that hold it;
        None when nothing is published (or everything was withdrawn)."""
        forced = self.in_force(first, last)
        ids = forced.publications()
        if not ids:
            return None
        pubs = {pid: self.load(pid) for pid in ids}
        newest = pubs[ids[-1]]
        tables = compose([(pid, pub.tables) for pid, pub in pubs.items()], forced, _night_slots(newest.rules_json))
        span = forced.span()
        coverage = tables["coverage"]
        covered = int(coverage["covered"].astype(str).str.lower().isin(["true", "1"]).sum()) if len(coverage) else 0
        summary = {"status": "IN_FORCE", "publications": ids,
                   "horizon": {"from": span[0].isoformat(), "to": span[1].isoformat()} if span else {},
                   "counts": {"ward_slots": int(len(coverage)), "covered": covered,
                              "uncovered": int(len(coverage)) - covered, "duties": int(len(tables["duties"]))}}
        return RotaInForce(ids, tables, summary, newest.rules_json, forced)

    def unpublish(self, publication_id: int, actor: str) -> None:
        """Withdraw a publication: it stays in the history (marked), but is no longer in force, so
        the one published before it is again. Nothing is deleted; the audit log says who did it."""
        check_actor(actor)
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM publications WHERE id = ?", (publication_id,)).fetchone() is None:
                raise KeyError(f"no publication {publication_id}")
            cur = conn.execute("INSERT INTO withdrawn_publications (publication_id, at, actor) VALUES (?, ?, ?) "
                               "ON CONFLICT DO NOTHING",
                               (publication_id, now_iso(), actor))
            if cur.rowcount:
                audit_row(conn, actor, "unpublish", str(publication_id))

    def republish(self, publication_id: int, actor: str) -> None:
        """Put a withdrawn publication back in force (the newest one in force is shown)."""
        check_actor(actor)
        with self._transaction() as conn:
            cur = conn.execute("DELETE FROM withdrawn_publications WHERE publication_id = ?", (publication_id,))
            if cur.rowcount:
                audit_row(conn, actor, "republish", str(publication_id))

    def load(self, publication_id: int) -> Publication:
        with self._snapshot() as conn:
            row = conn.execute(
                "SELECT id, created_at, note, summary_json, rules_json, checksums_json FROM publications WHERE id = ?",
                (publication_id,),
            ).fetchone()
            if row is None:
                raise KeyError(f"no publication {publication_id}")
            parts = conn.execute(
                "SELECT name, csv, dtypes_json FROM publication_tables WHERE publication_id = ? ORDER BY rowid",
                (publication_id,),
            ).fetchall()
        pid, created, note, summary_json, rules_json, checksums_json = row
        what = f"publication {pid}"
        tables = names_apart({name: self._table(text, dtypes, what) for name, text, dtypes in parts})
        return Publication(int(pid), created, _reason(note), tables, self._dict(summary_json, what), rules_json,
                           self._dict(checksums_json, what))
