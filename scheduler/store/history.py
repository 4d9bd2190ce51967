"""The storage interface of history and the leadership report: SQLAlchemy Core over the store.

History and the report read the published rotas (the tables :class:`scheduler.store.publications.PublicationStore`
writes), the periods imported from history files (this module's own tables) and the outreach
contacts (the incident outreach feature's table, once it exists). They read them through
:class:`HistoryStore` only, which speaks SQLAlchemy Core: the same table definitions and queries
run on the SQLite file the app uses today and on a PostgreSQL server tomorrow — only the address
changes (`sqlite:///kollegastotte.sqlite3` → `postgresql+psycopg://…`). Why SQLAlchemy Core and not
plain DB-API: docs/history.md, «Storage».

What is kept here: per imported period and supporter, dates and counts (duties, hours, nights,
weekend duties, contacts, fair share) — never a name and never free text; an import is named by
its number and the SHA-256 of the file it came from. Nothing is deleted: an import can be
withdrawn (it stops counting) and put back.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from scheduler.history.carried import PeriodLoad, PublishedPeriod, published_period
from scheduler.localtime import now_iso
from scheduler.model.in_force import ALL_WARDS, Scope
from scheduler.store.engine import store_url
from scheduler.store.guard import StoreError, read_json, read_json_error

__all__ = ["HistoryStore", "StoredPublication", "ImportInfo", "OUTREACH_CONTACTS_TABLE", "database_url"]

#: The outreach feature's table of contacts (scheduler.store.incidents): one row per place in a
#: contact team, with at least `supporter_id` (empty: not planned) and `date` (ISO), and `hours` when
#: kept. Until it exists every supporter has 0 contacts (docs/history.md, «Outreach contacts»).
OUTREACH_CONTACTS_TABLE = "incident_contacts"

_META = sa.MetaData()
# The store's publication tables (scheduler.store.schema creates them, scheduler.store.publications writes them; read here only).
_publications = sa.Table(
    "publications", _META,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("summary_json", sa.Text, nullable=False),
    sa.Column("rules_json", sa.Text, nullable=False),
    sa.Column("checksums_json", sa.Text, nullable=False),
    sa.Column("wards_json", sa.Text, nullable=True),
    sa.Column("replaces_all", sa.Integer, nullable=False),
)
_publication_tables = sa.Table(
    "publication_tables", _META,
    sa.Column("publication_id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("csv", sa.Text, nullable=False),
    sa.Column("dtypes_json", sa.Text, nullable=False),
)
_withdrawn = sa.Table(
    "withdrawn_publications", _META,
    sa.Column("publication_id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
)
# The store's audit log (scheduler.store.schema, scheduler.store.audit): an import is audited in the transaction that keeps it.
_audit_log = sa.Table(
    "audit_log", _META,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("object_kind", sa.Text, nullable=False),
    sa.Column("object_id", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
)
# This module's own tables: imported history (made by scheduler.store.schema, like every table).
_imports = sa.Table(
    "history_imports", _META,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("imported_at", sa.Text, nullable=False),
    sa.Column("actor", sa.String(320), nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("withdrawn_at", sa.Text, nullable=True),
)
_import_rows = sa.Table(
    "history_import_rows", _META,
    sa.Column("import_id", sa.Integer, sa.ForeignKey("history_imports.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("supporter_id", sa.String(64), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("duties", sa.Float, nullable=False),
    sa.Column("hours", sa.Float, nullable=False),
    sa.Column("nights", sa.Float, nullable=False),
    sa.Column("weekend_duties", sa.Float, nullable=False),
    sa.Column("contacts", sa.Float, nullable=False),
    sa.Column("fair_share_hours", sa.Float, nullable=True),
    sa.PrimaryKeyConstraint("import_id", "position"),
)
_OWN = [_imports, _import_rows]  # this module's own (scheduler.store.schema makes them, with every other table)


def database_url(where: str | os.PathLike[str]) -> str:
    """A database address: an SQLAlchemy URL as given, or a file path as an SQLite URL."""
    return store_url(where)


@dataclass(frozen=True)
class StoredPublication:
    """A publication not withdrawn, as the report reads it: its tables, summary, rules and the
    wards it replaces (scheduler.model.in_force)."""

    id: int
    created_at: str
    reason: str
    first: dt.date
    last: dt.date
    tables: dict[str, pd.DataFrame]
    summary: dict
    rules_json: str
    wards: frozenset[str] = frozenset({ALL_WARDS})
    replaces_all: bool = False

    def scope(self) -> Scope:
        return Scope(self.id, self.first, self.last, self.wards, self.replaces_all)


@dataclass(frozen=True)
class _Head:
    """A publication's row without its tables."""

    id: int
    created_at: str
    note: str
    summary: dict
    rules_json: str
    first: dt.date
    last: dt.date
    wards: frozenset[str]
    replaces_all: bool


@dataclass(frozen=True)
class ImportInfo:
    """One imported history file: when, by whom, how many rows, which file (its checksum)."""

    id: int
    imported_at: str
    actor: str
    file_sha256: str
    rows: int
    withdrawn: bool
    first: dt.date | None
    last: dt.date | None


class HistoryStore:
    """History and report data in one database (SQLite file or SQLAlchemy URL)."""

    def __init__(self, where: str | os.PathLike[str]) -> None:
        # The store is opened as every part of it is: checked, upgraded, purged (scheduler.store.base).
        from scheduler.store.publications import PublicationStore

        self._store = PublicationStore(where)
        self.url = self._store.url
        self.where = self._store.path  # as messages name it (never a password)
        self.engine = self._store.engine

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        """A connection of the store's (its errors said as the store's: busy, too slow, unreachable)."""
        with self._store._connect() as conn:
            yield conn.sa

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction under the store's write lock, its audit row in it (scheduler.store.base)."""
        with self._store._transaction() as conn:
            yield conn.sa

    # --- published rotas -----------------------------------------------------------------------------

    def _publications_in_force(self, first: dt.date, last: dt.date) -> list[_Head]:
        """The publications not withdrawn whose dates meet first..last, oldest first (which of them
        hold which ward on which date is scheduler.model.in_force's to say)."""
        if not sa.inspect(self.engine).has_table("publications"):
            return []
        withdrawn = sa.select(_withdrawn.c.publication_id)
        query = (sa.select(_publications.c.id, _publications.c.created_at, _publications.c.note,
                           _publications.c.summary_json, _publications.c.rules_json, _publications.c.wards_json,
                           _publications.c.replaces_all)
                 .where(_publications.c.id.not_in(withdrawn)).order_by(_publications.c.id))
        out = []
        with self._read() as conn:
            for pid, created, note, summary_json, rules_json, wards_json, replaces_all in conn.execute(query):
                summary = read_json(summary_json, self.where, f"publication {pid}")
                wards = read_json(wards_json or "[]", self.where, f"publication {pid}")
                horizon = summary.get("horizon") if isinstance(summary, dict) else None
                try:
                    start = dt.date.fromisoformat(horizon["from"])  # type: ignore[index]
                    end = dt.date.fromisoformat(horizon["to"])  # type: ignore[index]
                except (KeyError, TypeError, ValueError):
                    continue
                if start <= last and end >= first and isinstance(wards, list):
                    out.append(_Head(int(pid), created, note, summary, rules_json, start, end,
                                     frozenset(str(w) for w in wards), bool(replaces_all)))
        return out

    def _tables(self, publication_id: int, names: Iterable[str]) -> dict[str, pd.DataFrame]:
        names = list(names)
        query = sa.select(_publication_tables.c.name, _publication_tables.c.csv).where(
            _publication_tables.c.publication_id == publication_id, _publication_tables.c.name.in_(names))
        with self._read() as conn:
            rows = conn.execute(query).all()
        try:
            return {name: pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) if text.strip()
                    else pd.DataFrame() for name, text in rows}
        except (ValueError, pd.errors.ParserError):
            raise StoreError(read_json_error(self.where, f"publication {publication_id}")) from None

    def published_periods(self, first: dt.date, last: dt.date) -> list[PublishedPeriod]:
        """Publications in force that meet `first`..`last`, as history reads them (oldest first)."""
        out = []
        for head in self._publications_in_force(first, last):
            period = published_period(head.id, self._tables(head.id, ("duties", "burden")), head.summary,
                                      head.rules_json, head.created_at, head.wards, head.replaces_all)
            if period is not None:
                out.append(period)
        return out

    def publications(self, first: dt.date, last: dt.date,
                     tables: Iterable[str] = ("duties", "burden", "coverage", "wards", "people")) -> list[StoredPublication]:
        """Publications not withdrawn that meet `first`..`last`, with the tables the report reads
        (oldest first); each knows the wards it replaces, so the report counts each ward's rota in force."""
        from scheduler.store.publications import PUBLICATION_REASONS

        names = list(tables)
        return [StoredPublication(head.id, head.created_at, head.note if head.note in PUBLICATION_REASONS else "",
                                  head.first, head.last, self._tables(head.id, names), head.summary, head.rules_json,
                                  head.wards, head.replaces_all)
                for head in self._publications_in_force(first, last)]

    # --- imported history ----------------------------------------------------------------------------

    def save_import(self, loads: Iterable[PeriodLoad], file_sha256: str, actor: str) -> int:
        """Keep the rows of a history file (in one transaction); returns the import's number."""
        loads = list(loads)
        if not all(c in "0123456789abcdef" for c in file_sha256) or len(file_sha256) != 64:
            raise ValueError("not a SHA-256 digest")
        if not actor or len(actor) > 320 or any(ord(c) < 32 for c in actor):
            raise ValueError("the actor must be an e-mail address or an id (one line)")
        with self._write() as conn:
            import_id = conn.execute(sa.insert(_imports).values(
                imported_at=now_iso(), actor=actor, file_sha256=file_sha256, rows=len(loads))).inserted_primary_key[0]
            if loads:
                conn.execute(sa.insert(_import_rows), [{
                    "import_id": import_id, "position": i, "supporter_id": r.supporter_id[:64],
                    "period_start": r.first, "period_end": r.last, "duties": float(r.duties), "hours": float(r.hours),
                    "nights": float(r.nights), "weekend_duties": float(r.weekend_duties), "contacts": float(r.contacts),
                    "fair_share_hours": None if r.fair_share_hours is None else float(r.fair_share_hours),
                } for i, r in enumerate(loads)])
            self._audit(conn, actor, "history_import", import_id, f"{len(loads)} rows")
        return int(import_id)

    def _audit(self, conn: sa.Connection, actor: str, action: str, import_id: int, detail: str = "") -> None:
        """The import's row in the store's audit log, in the caller's transaction (who, when, which import)."""
        if not sa.inspect(conn).has_table("audit_log"):
            return
        conn.execute(sa.insert(_audit_log).values(at=now_iso(), actor=actor, action=action,
                                                  object_kind="history_import", object_id=str(import_id), detail=detail))

    def imports(self) -> list[ImportInfo]:
        """Every import, newest first (withdrawn ones too, marked)."""
        span = (sa.select(_import_rows.c.import_id, sa.func.min(_import_rows.c.period_start).label("first"),
                          sa.func.max(_import_rows.c.period_end).label("last"))
                .group_by(_import_rows.c.import_id).subquery())
        query = (sa.select(_imports, span.c.first, span.c.last).join(span, span.c.import_id == _imports.c.id, isouter=True)
                 .order_by(_imports.c.id.desc()))
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        return [ImportInfo(int(r["id"]), r["imported_at"], r["actor"], r["file_sha256"], int(r["rows"]),
                           r["withdrawn_at"] is not None, r["first"], r["last"]) for r in rows]

    def set_import_withdrawn(self, import_id: int, withdrawn: bool, actor: str = "lokal") -> bool:
        """Withdraw an import (it stops counting; nothing is deleted), or put it back, audited in the
        same transaction. True when changed."""
        with self._write() as conn:
            result = conn.execute(sa.update(_imports).where(
                _imports.c.id == import_id,
                _imports.c.withdrawn_at.is_(None) if withdrawn else _imports.c.withdrawn_at.is_not(None),
            ).values(withdrawn_at=now_iso() if withdrawn else None))
            if result.rowcount:
                self._audit(conn, actor, "history_import_withdrawn" if withdrawn else "history_import_restored",
                            import_id)
        return bool(result.rowcount)

    def imported_loads(self, first: dt.date, last: dt.date) -> list[PeriodLoad]:
        """Rows of imports in force whose periods meet `first`..`last` (whole periods; history cuts them)."""
        query = (sa.select(_import_rows).join(_imports, _imports.c.id == _import_rows.c.import_id)
                 .where(_imports.c.withdrawn_at.is_(None), _import_rows.c.period_start <= last,
                        _import_rows.c.period_end >= first)
                 .order_by(_import_rows.c.import_id, _import_rows.c.position))
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        return [PeriodLoad(r["supporter_id"], r["period_start"], r["period_end"], duties=r["duties"], hours=r["hours"],
                           nights=r["nights"], weekend_duties=r["weekend_duties"], contacts=r["contacts"],
                           fair_share_hours=r["fair_share_hours"], source=f"import {r['import_id']}") for r in rows]

    # --- outreach contacts ---------------------------------------------------------------------------

    def contacts(self, first: dt.date, last: dt.date) -> dict[str, int]:
        """Outreach contacts per supporter with a date in `first`..`last`; empty until the outreach
        feature's table (:data:`OUTREACH_CONTACTS_TABLE`) exists."""
        counts = self._contact_sums(first, last)
        return {sid: n for sid, (n, _) in counts.items()} if counts else {}

    def contact_hours(self, first: dt.date, last: dt.date) -> dict[str, float] | None:
        """Hours of those contacts per supporter, when the outreach table keeps them (else None)."""
        counts = self._contact_sums(first, last)
        if counts is None or any(h is None for _, h in counts.values()):
            return None
        return {sid: float(h) for sid, (_, h) in counts.items()}

    def contacts_total(self, first: dt.date, last: dt.date) -> int | None:
        """The outreach contacts dated `first`..`last` — a team's talk with one group counts once, however
        many places its team has (docs/history.md); None when outreach is not recorded in this store."""
        if self._contact_sums(first, last) is None:
            return None
        columns = {c["name"] for c in sa.inspect(self.engine).get_columns(OUTREACH_CONTACTS_TABLE)}
        keys = [c for c in ("incident_id", "contact", "profession") if c in columns] or ["supporter_id", "date"]
        table = sa.table(OUTREACH_CONTACTS_TABLE, *(sa.column(c) for c in {*keys, "supporter_id", "date"}))
        inner = (sa.select(*(table.c[k] for k in keys)).distinct()
                 .where(*_dated_in(table, first, last), table.c.supporter_id != "")).subquery()
        with self._read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())

    def conversations_in(self, first: dt.date, last: dt.date) -> dict[str, int]:
        """Each supporter's conversations entered for the months `first`..`last` touch
        (scheduler.store.outcomes); the months' totals without a supporter are left out."""
        if not sa.inspect(self.engine).has_table("conversation_counts"):
            return {}
        t = sa.table("conversation_counts", sa.column("supporter_id"), sa.column("month"), sa.column("conversations"))
        query = (sa.select(t.c.supporter_id, sa.func.sum(t.c.conversations))
                 .where(t.c.month >= f"{first:%Y-%m}", t.c.month <= f"{last:%Y-%m}", t.c.supporter_id != "")
                 .group_by(t.c.supporter_id))
        with self._read() as conn:
            return {str(sid): int(n) for sid, n in conn.execute(query)}

    def contact_rows(self, first: dt.date, last: dt.date) -> pd.DataFrame:
        """Each supporter's planned contacts dated `first`..`last`, one row per contact they were on
        (incident, kind, group) with its status ("" = planned): what `scheduler history` counts."""
        columns = ["supporter_id", "date", "incident_id", "contact", "profession", "status"]
        inspector = sa.inspect(self.engine)
        if not inspector.has_table(OUTREACH_CONTACTS_TABLE) or not inspector.has_table("contact_status"):
            return pd.DataFrame(columns=columns)
        c = sa.table(OUTREACH_CONTACTS_TABLE, *(sa.column(n) for n in ("supporter_id", "date", "incident_id", "contact",
                                                                       "profession")))
        s = sa.table("contact_status", *(sa.column(n) for n in ("incident_id", "contact", "profession", "status")))
        query = (sa.select(c.c.supporter_id, _day(c), c.c.incident_id, c.c.contact, c.c.profession,
                           sa.func.coalesce(s.c.status, ""))
                 .select_from(c.join(s, sa.and_(s.c.incident_id == c.c.incident_id, s.c.contact == c.c.contact,
                                                s.c.profession == c.c.profession), isouter=True))
                 .where(*_dated_in(c, first, last), c.c.supporter_id != "")
                 .distinct())
        with self._read() as conn:
            rows = [tuple(r) for r in conn.execute(query)]
        return pd.DataFrame(rows, columns=columns)

    def _contact_sums(self, first: dt.date, last: dt.date) -> dict[str, tuple[int, float | None]] | None:
        """Per supporter (contacts, hours or None) in first..last; None without the outreach table."""
        inspector = sa.inspect(self.engine)
        if not inspector.has_table(OUTREACH_CONTACTS_TABLE):
            return None
        columns = {c["name"] for c in inspector.get_columns(OUTREACH_CONTACTS_TABLE)}
        if not {"supporter_id", "date"} <= columns:
            return None
        table = sa.table(OUTREACH_CONTACTS_TABLE, *(sa.column(c) for c in ("supporter_id", "date", "hours") if c in columns))
        hours = sa.func.sum(table.c.hours) if "hours" in columns else sa.null()
        query = (sa.select(table.c.supporter_id, sa.func.count(), hours)
                 .where(*_dated_in(table, first, last))
                 .where(table.c.supporter_id.is_not(None), table.c.supporter_id != "")
                 .group_by(table.c.supporter_id))
        with self._read() as conn:
            return {str(sid): (int(n), None if h is None else float(h)) for sid, n, h in conn.execute(query)}


def _day(table: sa.TableClause) -> sa.ColumnElement:
    """The outreach table's `date` as its day: it holds `YYYY-MM-DD` or a start time after it."""
    return sa.func.substr(table.c.date, 1, 10)


def _dated_in(table: sa.TableClause, first: dt.date, last: dt.date) -> tuple[sa.ColumnElement, ...]:
    """Rows of the outreach table dated `first`..`last` (text comparison: ISO dates sort as days)."""
    return _day(table) >= first.isoformat(), _day(table) <= last.isoformat()
