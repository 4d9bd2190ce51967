"""The store's tables, one definition for SQLite and PostgreSQL, and what brings an older store up to them.

:func:`store_metadata` defines every table the store keeps (publications, drafts, the audit log,
the people's records, incidents and their contacts, statuses and conversation counts, imported
history). The schema's versions are Alembic revisions (scheduler/store/migrations/versions/): the
first, `3`, is today's schema — what :data:`~scheduler.store.guard.SCHEMA_VERSION` 3 means — and it
brings any store made before Alembic up to it in place: the tables made when missing, the columns
added since the first version (:data:`ADDED_COLUMNS`), the wards of older publications filled in
(:func:`fill_wards`). scheduler.store.migrate runs the revisions on open.

Two differences are the databases', not ours: on PostgreSQL every text column compares and sorts
byte for byte (`COLLATE "C"`, as SQLite does), and the three tables read back in the order they
were written carry an explicit `rowid` (SQLite has one on every table).
"""

from __future__ import annotations

import io
import json

import pandas as pd
import sqlalchemy as sa

from scheduler.store.tables import wards_of

__all__ = ["store_metadata", "ADDED_COLUMNS", "add_missing_columns", "fill_wards", "INSERT_ORDERED", "INCIDENT_TABLES",
           "make_tables"]

#: Columns added after the first version: (table, column, definition). Added in place on open.
ADDED_COLUMNS = (
    ("publications", "wards_json", "TEXT"),  # the wards a publication replaces (None: those in its assignments)
    ("publications", "replaces_all", "INTEGER NOT NULL DEFAULT 0"),  # the coordinator replaced every ward
    ("drafts", "owner", "TEXT NOT NULL DEFAULT ''"),  # who made the draft ('' in older stores: the local user)
    ("draft_files", "original_sha256", "TEXT NOT NULL DEFAULT ''"),  # the uploaded file's checksum (docs/threat-model.md)
)
#: The incident feature's tables: made when the feature is first used (scheduler.store.incidents), as
#: before Alembic — a store without them has no outreach recorded (scheduler.store.history).
INCIDENT_TABLES = ("incidents", "incident_involved", "incident_contact_keys", "incident_contacts")
#: Tables read back in the order their rows were written (`ORDER BY rowid`).
INSERT_ORDERED = ("publication_tables", "draft_plan_tables", "incident_involved")


def store_metadata(postgres: bool) -> sa.MetaData:
    """Every table of the store, for SQLite or PostgreSQL."""
    meta = sa.MetaData()

    def text() -> sa.types.TypeEngine:
        return sa.Text(collation="C") if postgres else sa.Text()

    def col(name: str, *args: object, **kw: object) -> sa.Column:
        kw.setdefault("nullable", False)
        return sa.Column(name, *args, **kw)

    def t(name: str) -> sa.Column:  # a text column, NOT NULL
        return col(name, text())

    def table(name: str, *columns: object, **kw: object) -> sa.Table:
        extra = [sa.Column("rowid", sa.BigInteger, sa.Identity(), nullable=False)] if postgres and name in INSERT_ORDERED else []
        return sa.Table(name, meta, *columns, *extra, **kw)

    table("publications", col("id", sa.Integer, primary_key=True), t("created_at"),
          col("note", text(), server_default=""), t("summary_json"), t("rules_json"), t("checksums_json"),
          col("wards_json", text(), nullable=True), col("replaces_all", sa.Integer, server_default="0"),
          sqlite_autoincrement=True)
    table("publication_tables", col("publication_id", sa.Integer, sa.ForeignKey("publications.id", ondelete="CASCADE"),
                                    primary_key=True), col("name", text(), primary_key=True), t("csv"), t("dtypes_json"))
    table("drafts", col("id", text(), primary_key=True), t("created_at"), t("updated_at"), t("state_json"),
          col("owner", text(), server_default=""))
    table("blobs", col("sha256", text(), primary_key=True), col("data", sa.LargeBinary))
    table("draft_files", col("draft_id", text(), sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
          col("kind", text(), primary_key=True), col("position", sa.Integer, primary_key=True, autoincrement=False),
          t("name"), col("sha256", text(), sa.ForeignKey("blobs.sha256")), col("original_sha256", text(), server_default=""))
    table("draft_plans", col("draft_id", text(), sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
          t("finished_at"), t("summary_json"), t("rules_json"), t("checksums_json"), t("meta_json"))
    table("audit_log", col("id", sa.Integer, primary_key=True), t("at"), t("actor"), t("action"), t("object_kind"),
          t("object_id"), col("detail", text(), server_default=""), sqlite_autoincrement=True)
    table("withdrawn_publications", col("publication_id", sa.Integer, sa.ForeignKey("publications.id"), primary_key=True,
                                        autoincrement=False), t("at"), t("actor"))
    table("known_access", col("user", text(), primary_key=True), t("access"), t("seen_at"))
    table("known_roles_file", col("id", sa.Integer, primary_key=True, autoincrement=False), t("sha256"), t("seen_at"),
          sa.CheckConstraint("id = 1"))
    table("chosen_wards", col("user", text(), primary_key=True), t("ward"), t("updated_at"))
    table("store_meta", col("key", text(), primary_key=True), t("value"))
    table("draft_plan_tables", col("draft_id", text(), sa.ForeignKey("draft_plans.draft_id", ondelete="CASCADE"),
                                   primary_key=True), col("name", text(), primary_key=True), t("csv"), t("dtypes_json"))
    table("contact_status", col("incident_id", text(), primary_key=True), col("contact", text(), primary_key=True),
          col("profession", text(), primary_key=True), t("status"), t("updated_at"),
          sa.CheckConstraint("status IN ('held', 'declined', 'not_reached', 'moved')"))
    table("conversation_counts", col("supporter_id", text(), primary_key=True), col("month", text(), primary_key=True),
          col("conversations", sa.Integer), t("updated_at"), sa.CheckConstraint("conversations >= 0"))
    table("supervision_attendance", col("meeting_date", text(), primary_key=True), col("start", text(), primary_key=True),
          col("site", text(), primary_key=True), col("attended", sa.Integer), t("updated_at"),
          sa.CheckConstraint("attended >= 0"))  # a count per meeting, never who (revision 4)
    # Incidents and their outreach (scheduler.store.incidents).
    table("incidents", col("id", text(), primary_key=True), t("created_at"), t("updated_at"), t("occurred"),
          t("wards_json"), t("counts_json"), col("team_size", sa.Integer, nullable=True),
          col("defusing", sa.Integer, server_default="0"), t("status"), t("delete_ids_after"),
          col("anonymised_at", text(), nullable=True))
    table("incident_involved", col("incident_id", text(), sa.ForeignKey("incidents.id", ondelete="CASCADE"),
                                   primary_key=True), col("employee_id", text(), primary_key=True), t("profession"))
    table("incident_contact_keys", col("contact_key", text(), primary_key=True),
          col("incident_id", text(), sa.ForeignKey("incidents.id", ondelete="CASCADE")), t("profession"),
          sa.UniqueConstraint("incident_id", "profession"))
    table("incident_contacts", col("incident_id", text(), sa.ForeignKey("incidents.id", ondelete="CASCADE"),
                                   primary_key=True), col("contact", text(), primary_key=True),
          col("profession", text(), primary_key=True), col("position", sa.Integer, primary_key=True, autoincrement=False),
          t("supporter_id"), t("date"), t("slot"), t("start"), t("end"), col("hours", sa.Float),
          col("reason_code", text(), server_default=""))
    # Imported history (scheduler.store.history).
    table("history_imports", col("id", sa.Integer, primary_key=True), t("imported_at"),
          col("actor", sa.String(320, collation="C") if postgres else sa.String(320)),
          col("file_sha256", sa.String(64)), col("rows", sa.Integer), col("withdrawn_at", text(), nullable=True))
    table("history_import_rows", col("import_id", sa.Integer, sa.ForeignKey("history_imports.id"), index=True),
          col("position", sa.Integer), col("supporter_id", sa.String(64, collation="C") if postgres else sa.String(64)),
          col("period_start", sa.Date), col("period_end", sa.Date), col("duties", sa.Float), col("hours", sa.Float),
          col("nights", sa.Float), col("weekend_duties", sa.Float), col("contacts", sa.Float),
          col("fair_share_hours", sa.Float, nullable=True), sa.PrimaryKeyConstraint("import_id", "position"))
    return meta


def make_tables(conn: sa.Connection, incidents: bool) -> None:
    """Make the store's tables that are missing: all but the incident feature's, or only those."""
    meta = store_metadata(conn.dialect.name == "postgresql")
    wanted = [t for name, t in meta.tables.items() if (name in INCIDENT_TABLES) == incidents]
    meta.create_all(conn, tables=wanted, checkfirst=True)


def add_missing_columns(conn: sa.Connection) -> None:
    """Add the columns a store made by an earlier version lacks (:data:`ADDED_COLUMNS`)."""
    inspector = sa.inspect(conn)
    for table, column, definition in ADDED_COLUMNS:
        present = {c["name"] for c in inspector.get_columns(table)}
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


def fill_wards(conn: sa.Connection) -> None:
    """The wards of publications kept before publications named them: those their tables cover."""
    ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM publications WHERE wards_json IS NULL"))]
    for pid in ids:
        parts = conn.execute(sa.text("SELECT name, csv FROM publication_tables WHERE publication_id = :pid AND name IN "
                                     "('assignments', 'coverage', 'duties')"), {"pid": pid}).all()
        tables = {name: pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) for name, text in parts
                  if text.strip()}
        conn.execute(sa.text("UPDATE publications SET wards_json = :wards WHERE id = :pid"),
                     {"wards": json.dumps(sorted(wards_of(tables))), "pid": pid})
