"""The store's schema versions as Alembic revisions, run when a store is opened.

Each version of the schema is one revision in scheduler/store/migrations/versions/ (the first, `3`,
is the schema of the stores made before Alembic; `4` adds supervision attendance). Opening a store (scheduler.store.base) brings it
up to :data:`HEAD` in place, inside the store's write lock, so two programs opening the same new
store never both make it. A store whose revision this program does not know was made by a newer
version (or is not ours) and is refused before anything is written (scheduler.store.guard and
scheduler.store.guard_pg say so).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

__all__ = ["HEAD", "KNOWN_REVISIONS", "current_revision", "upgrade", "revision_number"]

#: The newest schema this program knows (its Alembic revision id, the schema's version number).
HEAD = "4"
#: Every revision this program knows, oldest first.
KNOWN_REVISIONS = ("3", "4")
_SCRIPTS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def current_revision(conn: sa.Connection) -> str | None:
    """The store's Alembic revision (None: made before Alembic, or new)."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return MigrationContext.configure(conn).get_current_revision()


def revision_number(revision: str | None) -> int | None:
    """A revision id as the schema version it stands for (None when it is not one of ours)."""
    return int(revision) if revision is not None and revision.isdigit() else None


def upgrade(conn: sa.Connection) -> None:
    """Bring the store on `conn` (inside the caller's transaction) up to :data:`HEAD`."""
    config = _config()
    script = ScriptDirectory.from_config(config)

    def _steps(revision, _context):  # noqa: ANN001 - Alembic's callback
        return script._upgrade_revs(HEAD, revision)

    with EnvironmentContext(config, script, fn=_steps, destination_rev=HEAD) as env:
        env.configure(connection=conn, target_metadata=None, transactional_ddl=True)
        with env.begin_transaction():
            env.run_migrations()
