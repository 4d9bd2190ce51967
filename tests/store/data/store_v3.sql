-- The store as the program made it before Alembic (schema 3, scheduler/store/schema.py and incidents.py
-- at e70beb0), for tests/store/test_migrations.py: upgraded in place, nothing lost.
CREATE TABLE IF NOT EXISTS publications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at     TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    summary_json   TEXT NOT NULL,
    rules_json     TEXT NOT NULL,
    checksums_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS publication_tables (
    publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    csv            TEXT NOT NULL,
    dtypes_json    TEXT NOT NULL,
    PRIMARY KEY (publication_id, name)
);
CREATE TABLE IF NOT EXISTS drafts (
    id             TEXT PRIMARY KEY,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    state_json     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS blobs (
    sha256         TEXT PRIMARY KEY,
    data           BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS draft_files (
    draft_id       TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES blobs(sha256),
    PRIMARY KEY (draft_id, kind, position)
);
CREATE TABLE IF NOT EXISTS draft_plans (
    draft_id       TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
    finished_at    TEXT NOT NULL,
    summary_json   TEXT NOT NULL,
    rules_json     TEXT NOT NULL,
    checksums_json TEXT NOT NULL,
    meta_json      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    object_kind    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS withdrawn_publications (
    publication_id INTEGER PRIMARY KEY REFERENCES publications(id),
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS known_access (
    user           TEXT PRIMARY KEY,
    access         TEXT NOT NULL,
    seen_at        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS known_roles_file (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    sha256         TEXT NOT NULL,
    seen_at        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chosen_wards (
    user           TEXT PRIMARY KEY,
    ward           TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS store_meta (
    key            TEXT PRIMARY KEY,
    value          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS draft_plan_tables (
    draft_id       TEXT NOT NULL REFERENCES draft_plans(draft_id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    csv            TEXT NOT NULL,
    dtypes_json    TEXT NOT NULL,
    PRIMARY KEY (draft_id, name)
);
CREATE TABLE IF NOT EXISTS contact_status (
    incident_id    TEXT NOT NULL,
    contact        TEXT NOT NULL,
    profession     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('held', 'declined', 'not_reached', 'moved')),
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (incident_id, contact, profession)
);
CREATE TABLE IF NOT EXISTS conversation_counts (
    supporter_id   TEXT NOT NULL,
    month          TEXT NOT NULL,
    conversations  INTEGER NOT NULL CHECK (conversations >= 0),
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (supporter_id, month)
);

CREATE TABLE IF NOT EXISTS incidents (
    id                TEXT PRIMARY KEY,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    occurred          TEXT NOT NULL,
    wards_json        TEXT NOT NULL,
    counts_json       TEXT NOT NULL,
    team_size         INTEGER,
    defusing          INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL,
    delete_ids_after  TEXT NOT NULL,
    anonymised_at     TEXT
);
CREATE TABLE IF NOT EXISTS incident_involved (
    incident_id       TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    employee_id       TEXT NOT NULL,
    profession        TEXT NOT NULL,
    PRIMARY KEY (incident_id, employee_id)
);
CREATE TABLE IF NOT EXISTS incident_contact_keys (
    contact_key       TEXT PRIMARY KEY,
    incident_id       TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    profession        TEXT NOT NULL,
    UNIQUE (incident_id, profession)
);
CREATE TABLE IF NOT EXISTS incident_contacts (
    incident_id       TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    contact           TEXT NOT NULL,
    profession        TEXT NOT NULL,
    position          INTEGER NOT NULL,
    supporter_id      TEXT NOT NULL,
    date              TEXT NOT NULL,
    slot              TEXT NOT NULL,
    start             TEXT NOT NULL,
    end               TEXT NOT NULL,
    hours             REAL NOT NULL,
    reason_code       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, contact, profession, position)
);
-- imported history, as scheduler/store/history.py made it (SQLAlchemy's create_all)
CREATE TABLE history_imports (
	id INTEGER NOT NULL, 
	imported_at TEXT NOT NULL, 
	actor VARCHAR(320) NOT NULL, 
	file_sha256 VARCHAR(64) NOT NULL, 
	rows INTEGER NOT NULL, 
	withdrawn_at TEXT, 
	PRIMARY KEY (id)
);
CREATE TABLE history_import_rows (
	import_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	supporter_id VARCHAR(64) NOT NULL, 
	period_start DATE NOT NULL, 
	period_end DATE NOT NULL, 
	duties FLOAT NOT NULL, 
	hours FLOAT NOT NULL, 
	nights FLOAT NOT NULL, 
	weekend_duties FLOAT NOT NULL, 
	contacts FLOAT NOT NULL, 
	fair_share_hours FLOAT, 
	PRIMARY KEY (import_id, position), 
	FOREIGN KEY(import_id) REFERENCES history_imports (id)
);
CREATE INDEX ix_history_import_rows_import_id ON history_import_rows (import_id);
-- the columns the program's migrate() added on open (its ADDED_COLUMNS)
ALTER TABLE publications ADD COLUMN wards_json TEXT;
ALTER TABLE publications ADD COLUMN replaces_all INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE draft_files ADD COLUMN original_sha256 TEXT NOT NULL DEFAULT '';
