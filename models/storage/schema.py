"""The drafts database's tables, as the migrations that build them, oldest first.

A new schema version is a new Migration at the end; an existing one is never edited, because the
files of earlier versions on clerks' PCs are brought forward by running what follows their version.
"""

from models.storage.database import Migration

MIGRATIONS = (
    Migration(
        1,
        (
            """CREATE TABLE reports (
                id INTEGER PRIMARY KEY,
                format_id TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'draft',
                created_at TEXT NOT NULL,
                modified_at TEXT NOT NULL,
                error_count INTEGER NOT NULL DEFAULT 0)""",
            """CREATE TABLE fields (
                report_id INTEGER NOT NULL REFERENCES reports(id),
                location TEXT NOT NULL,
                value TEXT,
                PRIMARY KEY (report_id, location)) WITHOUT ROWID""",
            """CREATE TABLE history (
                id INTEGER PRIMARY KEY,
                report_id INTEGER NOT NULL REFERENCES reports(id),
                batch INTEGER NOT NULL,
                location TEXT NOT NULL,
                old TEXT,
                new TEXT,
                at TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'done')""",
            "CREATE INDEX history_by_report ON history (report_id, batch)",
        ),
    ),
    Migration(
        2,
        (
            "ALTER TABLE reports ADD COLUMN deleted_at TEXT",
            "ALTER TABLE reports ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            """CREATE TABLE unconfirmed (
                report_id INTEGER NOT NULL REFERENCES reports(id),
                location TEXT NOT NULL,
                PRIMARY KEY (report_id, location)) WITHOUT ROWID""",
            """CREATE TABLE finals (
                id INTEGER PRIMARY KEY,
                report_id INTEGER NOT NULL REFERENCES reports(id),
                version INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                content TEXT NOT NULL,
                finalized_at TEXT NOT NULL)""",
        ),
    ),
    Migration(
        3,
        (
            # 提示 marked 已核实: the finding's key, its message then, and the clerk's 说明.
            """CREATE TABLE acknowledged (
                report_id INTEGER NOT NULL REFERENCES reports(id),
                finding TEXT NOT NULL,
                message TEXT NOT NULL,
                note TEXT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (report_id, finding)) WITHOUT ROWID""",
        ),
    ),
    Migration(
        4,
        (
            # Every save drops the redo branch (state = 'undone') and the window then asks whether
            # anything is left to redo: with this index neither reads the report's whole history.
            "CREATE INDEX history_by_state ON history (report_id, state, batch)",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
