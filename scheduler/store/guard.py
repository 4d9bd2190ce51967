"""Is this file a store we may use? Checked before anything reads it, so a hostile store fails closed.

The store is a file a person names (`--store`, `KOLLEGASTOTTE_STORE`; a PostgreSQL database is
checked by scheduler.store.guard_db, with the same messages). A wrong path, a truncated
copy, another program's database or a file made to hurt the reader must end in a clear message
within seconds — never in a hang, a crash or "no rota published" (docs/threat-model.md, «Stores»).
So before the store is read:

- the file must be an SQLite database (its first 16 bytes), or empty, or absent (a new store);
- the database must pass SQLite's own `PRAGMA quick_check` (once per process per file version);
- it must not be another program's: an `application_id` of another program, or tables of which
  none is ours, is refused; a store made by a newer version of this program (`user_version`
  above ours) is refused with a message to update;
- it may hold no views and no triggers, and our names must be plain tables: a view named
  `publications` (a recursive one hangs any reader) or a trigger (it runs on our writes) is refused;
- every query runs under a time limit (:func:`limit_query_time`).

Everything wrong becomes :class:`StoreError`, an input error: the command line exits 2 with the
message, the app shows it. A full disk becomes :class:`StoreFull`, said as such.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from functools import lru_cache
from pathlib import Path

from scheduler.errors import InputError, Message, Severity

__all__ = ["StoreError", "StoreFull", "APPLICATION_ID", "SCHEMA_VERSION", "OUR_TABLES", "QUERY_SECONDS",
           "check_store_file", "check_store_schema", "limit_query_time", "store_error_from", "read_json",
           "read_json_error", "new_or_empty", "refuse"]

#: "KST1" — marks a file as this program's store (SQLite's `PRAGMA application_id`).
APPLICATION_ID = 0x4B535431
#: The store's schema version (SQLite's `PRAGMA user_version`); a newer one is refused.
SCHEMA_VERSION = 3
#: The tables this program makes; a file holding tables but none of these is another program's.
OUR_TABLES = frozenset({
    "publications", "publication_tables", "drafts", "blobs", "draft_files", "draft_plans", "draft_plan_tables",
    "audit_log", "withdrawn_publications", "known_access", "known_roles_file", "chosen_wards", "store_meta",
    "incidents", "incident_involved", "incident_contacts", "incident_contact_keys", "history_imports",
    "history_import_rows", "contact_status", "conversation_counts", "supervision_attendance",
})  # and `alembic_version`, the schema's version (scheduler.store.migrate), which other programs have too
#: The longest one query may run before it is stopped (a store that takes longer is not usable).
QUERY_SECONDS = 20.0
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: JSON kept in the store nests a few levels; anything deeper is damage (or an attack on the reader).
_MAX_JSON_DEPTH = 40


class StoreError(InputError):
    """The store cannot be used: not a store, damaged, another program's, newer, or too slow."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full: nothing was written."""


def _message(path: Path | str, no: str, en: str, fix_no: str, fix_en: str) -> Message:
    where = str(path)
    return Message(severity=Severity.ERROR, file=where if "://" in where else (Path(path).name or where), text_no=no, text_en=en,
                   fix_no=fix_no, fix_en=fix_en)


def refuse(path: Path | str, no: str, en: str, fix_no: str = "", fix_en: str = "") -> StoreError:
    """The store at `path` cannot be used: why (Norwegian, English) and what to do."""
    return StoreError(_message(path, no, en, fix_no or "Oppgi riktig lager (SQLite-fila appen bruker), eller en ny fil.",
                               fix_en or "Give the right store (the SQLite file the app uses), or a new file."))


def check_store_file(path: Path) -> None:
    """Refuse a path that is no store before SQLite opens it: a folder, or a file that is not SQLite."""
    if path.is_dir():
        raise refuse(path, "Lageret er en mappe, ikke en fil.", "The store is a folder, not a file.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise refuse(path, f"Lageret kan ikke leses ({exc.strerror or exc}).",
                      f"The store cannot be read ({exc.strerror or exc}).",
                      "Sjekk filens rettigheter.", "Check the file's permissions.") from None
    if head and head != _SQLITE_MAGIC:
        raise refuse(path, "Fila er ikke et lager (ikke en SQLite-database).",
                      "The file is not a store (not an SQLite database).")
    if head and len(head) < len(_SQLITE_MAGIC):
        raise refuse(path, "Lageret er avkortet.", "The store is truncated.")


@lru_cache(maxsize=64)
def _checked_once(path: str, size: int, mtime_ns: int) -> None:  # noqa: ARG001 - the key: a new version is checked again
    """Run SQLite's integrity check once per file version in this process (it reads every page)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        limit_query_time(conn)
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise store_error_from(exc, path) from None
    finally:
        conn.close()
    if [r[0] for r in rows] != ["ok"]:
        raise refuse(path, "Lageret er skadet (SQLites egen kontroll fant feil).",
                      "The store is damaged (SQLite's own check found errors).",
                      "Bruk en sikkerhetskopi av lageret.", "Use a backup of the store.")


def check_store_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a database that is not (or not only) our store; run the integrity check once per version."""
    try:
        info = path.stat()
        if info.st_size:
            _checked_once(str(path), info.st_size, info.st_mtime_ns)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        raise store_error_from(exc, path) from None
    except OSError:
        return  # a new store: nothing to check yet
    if app_id not in (0, APPLICATION_ID):
        raise refuse(path, "Fila er en annen programs database, ikke dette programmets lager.",
                      "The file is another program's database, not this program's store.")
    if version > SCHEMA_VERSION:
        raise refuse(path, f"Lageret er laget av en nyere versjon av programmet (skjema {version}; denne versjonen "
                            f"kjenner {SCHEMA_VERSION}).",
                      f"The store was made by a newer version of the program (schema {version}; this version knows "
                      f"{SCHEMA_VERSION}).", "Oppdater programmet.", "Update the program.")
    tables = {name for kind, name, _ in objects if kind == "table" and not name.startswith("sqlite_")}
    odd = sorted(f"{kind} {name}" for kind, name, _ in objects if kind in ("view", "trigger")
                 or (name in OUR_TABLES and kind != "table"))
    if odd:
        raise refuse(path, f"Lageret har innhold dette programmet ikke lager ({', '.join(odd[:3])}); det blir ikke brukt.",
                      f"The store holds objects this program does not make ({', '.join(odd[:3])}); it is not used.")
    if tables and not tables & OUR_TABLES:
        raise refuse(path, "Fila er en annen programs database, ikke dette programmets lager.",
                      "The file is another program's database, not this program's store.")


def limit_query_time(conn: sqlite3.Connection, seconds: float = QUERY_SECONDS) -> None:
    """Stop any statement on `conn` that runs longer than `seconds` (it then fails as interrupted)."""
    deadline = [time.monotonic() + seconds]

    def _too_long() -> int:
        return 1 if time.monotonic() > deadline[0] else 0

    conn.set_progress_handler(_too_long, 10_000)


def store_error_from(exc: BaseException, path: Path | str) -> StoreError:
    """A database error as the person should read it: disk full, damaged, locked, too slow, unreachable."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "full" in text or "no space left" in text:
        return StoreFull(_message(path, "Disken er full (eller lageret har nådd sin største størrelse); "
                                        "ingenting ble lagret.",
                                  "The disk is full (or the store reached its largest size); nothing was saved.",
                                  "Frigjør plass på disken og prøv igjen.", "Free space on the disk and try again."))
    if "interrupt" in text or "statement timeout" in text or "lock timeout" in text:
        return refuse(path, f"Lageret svarte ikke innen {QUERY_SECONDS:g} sekunder; det blir ikke brukt.",
                       f"The store did not answer within {QUERY_SECONDS:g} seconds; it is not used.")
    if "locked" in text or "busy" in text:
        return refuse(path, "Lageret er opptatt av en annen skriving; prøv igjen om litt.",
                       "The store is busy with another write; try again shortly.",
                       "Prøv igjen.", "Try again.")
    if "authentication" in text or "permission denied" in text or "does not exist" in text and "database" in text:
        return refuse(path, "Databasen tok ikke imot brukeren (navn, passord, rettigheter eller databasens navn).",
                      "The database did not accept the user (name, password, rights or the database's name).",
                      "Sjekk adressen og brukerens rettigheter med databaseadministratoren.",
                      "Check the address and the user's rights with the database administrator.")
    if ("connection" in text and ("refused" in text or "failed" in text or "timeout" in text)) or "could not connect" in text:
        return refuse(path, "Databaseserveren svarer ikke (tilkoblingen feilet).",
                      "The database server does not answer (the connection failed).",
                      "Sjekk adressen, og at serveren kjører; spør databaseadministratoren.",
                      "Check the address, and that the server runs; ask the database administrator.")
    if "readonly" in text or "read-only" in text:
        return refuse(path, "Lageret kan bare leses (ikke skrives).", "The store can be read but not written.",
                       "Sjekk filens og mappens rettigheter.", "Check the permissions of the file and its folder.")
    return refuse(path, f"Lageret er skadet eller ikke et lager ({type(exc).__name__}).",
                   f"The store is damaged or not a store ({type(exc).__name__}).",
                   "Bruk en sikkerhetskopi av lageret.", "Use a backup of the store.")


def _too_deep(value: object, limit: int = _MAX_JSON_DEPTH) -> bool:
    """Whether parsed JSON nests deeper than `limit` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def read_json_error(path: Path | str, what: str) -> Message:
    """The message for a part of the store that cannot be read back."""
    return _message(path, f"Lageret er skadet: {what} kan ikke leses.", f"The store is damaged: {what} cannot be read.",
                    "Bruk en sikkerhetskopi av lageret.", "Use a backup of the store.")


def read_json(text: str | bytes | None, path: Path | str, what: str) -> object:
    """JSON kept in the store; damage (or nesting meant to crash the reader) is a StoreError."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if not isinstance(text, str):
            raise ValueError("not text")
        value = json.loads(text)
        if _too_deep(value):
            raise ValueError("nested too deep")
        return value
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise StoreError(read_json_error(path, what)) from None


def new_or_empty(path: Path) -> bool:
    """A store about to be made (no file yet, or an empty one)."""
    try:
        return os.path.getsize(path) == 0
    except OSError:
        return True
