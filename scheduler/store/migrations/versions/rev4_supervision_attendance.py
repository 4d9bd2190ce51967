"""Schema 4: how many attended each supervision meeting (docs/supervision.md) — one count per
meeting (date, start, site), never who.

Revision ID: 4
Revises: 3
"""

from __future__ import annotations

from alembic import op

from scheduler.store.schema import store_metadata

revision = "4"
down_revision = "3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    table = store_metadata(bind.dialect.name == "postgresql").tables["supervision_attendance"]
    table.create(bind, checkfirst=True)


def downgrade() -> None:
    raise NotImplementedError("the store is never downgraded: restore a backup made before the upgrade")
