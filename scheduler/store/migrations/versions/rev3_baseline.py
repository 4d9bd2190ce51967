"""Schema 3: the store as it was when Alembic came — made new, or brought up to it in place.

A store made before the schema had Alembic revisions (any of SQLite schema 0–3) is upgraded here:
the tables it lacks are made, the columns added since the first version are added, and the wards of
older publications are filled in. A new store (SQLite or PostgreSQL) gets every table but the
incident feature's, which scheduler.store.incidents makes when it is first used (as before).

Revision ID: 3
Revises: (none)
"""

from __future__ import annotations

from alembic import op

from scheduler.store.schema import add_missing_columns, fill_wards, make_tables

revision = "3"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    make_tables(bind, incidents=False)  # the incident feature's are made when it is first used, as before
    add_missing_columns(bind)
    fill_wards(bind)


def downgrade() -> None:
    raise NotImplementedError("the store is never downgraded: restore a backup made before the upgrade")
