"""Is this database a store we may use? The checks of scheduler.store.guard, for a database server.

An SQLite file is checked by scheduler.store.guard (its bytes, SQLite's integrity check, its marks).
A PostgreSQL database is named by a URL a trust's IT gives; the same promise holds there — a
database that is not ours, or whose schema is newer than this program, ends in a clear message
before anything is read or written (docs/threat-model.md, «Stores»):

- its schema (the URL's `search_path`, `public` by default) may hold tables, but if it does, some must
  be ours: a database of another program's tables only is refused;
- it may hold no views, and no triggers or rules on our tables (a trigger runs on our writes);
- its schema version (the Alembic revision in `alembic_version`) must be one this program knows:
  a newer one is refused with the version and what to do (update the program), an unknown one as
  not ours — on SQLite files too;
- every statement runs under the server's `statement_timeout` (scheduler.store.engine), so a slow or
  locked database is said as such within seconds, never a hang.

Backups, disk encryption and what the server keeps of deleted rows are the database's
administrator's (docs/database.md).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from scheduler.store.guard import OUR_TABLES, SCHEMA_VERSION, refuse
from scheduler.store.migrate import KNOWN_REVISIONS, revision_number

__all__ = ["check_database", "check_revision"]

_FIX_NO = "Oppgi riktig database (den appen bruker), eller en ny, tom database."
_FIX_EN = "Give the right database (the one the app uses), or a new, empty database."


def check_revision(revision: str | None, where: Path | str) -> None:
    """Refuse a store whose schema version (Alembic revision) this program does not know."""
    if revision is None or revision in KNOWN_REVISIONS:
        return
    number = revision_number(revision)
    if number is not None and number > SCHEMA_VERSION:
        raise refuse(where, f"Lageret er laget av en nyere versjon av programmet (skjema {number}; denne versjonen "
                            f"kjenner {SCHEMA_VERSION}).",
                     f"The store was made by a newer version of the program (schema {number}; this version knows "
                     f"{SCHEMA_VERSION}).",
                     "Oppdater programmet (alle som bruker lageret), eller bruk en sikkerhetskopi fra før oppgraderingen.",
                     "Update the program (everyone using the store), or use a backup from before the upgrade.")
    raise refuse(where, f"Lageret har en skjemaversjon dette programmet ikke kjenner ({revision[:40]}); det er ikke "
                        "dette programmets lager.",
                 f"The store has a schema version this program does not know ({revision[:40]}); it is not this "
                 "program's store.", _FIX_NO, _FIX_EN)


def check_database(conn: sa.Connection, where: Path | str) -> None:
    """Refuse a PostgreSQL database that is not (or not only) our store (see the module's docstring)."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    if schema is None:
        raise refuse(where, "Databasen har ingen skjema å lagre i (search_path).", "The database has no schema to "
                     "keep the store in (search_path).", "Be databaseadministratoren gi brukeren et skjema.",
                     "Ask the database administrator to give the user a schema.")
    tables = {r[0] for r in conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'f')", (schema,))}
    odd = sorted(f"view {r[0]}" for r in conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('v', 'm')", (schema,)))
    odd += sorted(f"trigger {r[0]}" for r in conn.exec_driver_sql(
        "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON "
        "n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal", (schema,)))
    odd += sorted(f"rule {r[0]}" for r in conn.exec_driver_sql(
        "SELECT rulename FROM pg_rules WHERE schemaname = %s", (schema,)))
    if odd:
        raise refuse(where, f"Lageret har innhold dette programmet ikke lager ({', '.join(odd[:3])}); det blir ikke brukt.",
                     f"The store holds objects this program does not make ({', '.join(odd[:3])}); it is not used.",
                     _FIX_NO, _FIX_EN)
    if tables - {"alembic_version"} and not tables & OUR_TABLES:
        raise refuse(where, "Databasen er en annen programs database, ikke dette programmets lager.",
                     "The database is another program's database, not this program's store.", _FIX_NO, _FIX_EN)
