"""The names of the database's files, and a path as the file system resolves it."""

import os
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")
BACKUP_FOLDER_SUFFIX = ".backups"
LOCK_SUFFIX = ".lock"


def resolved(path: Path) -> Path:
    """`path` absolute, with symlinks and `..` resolved as far as they go (a loop stays as typed:
    opening it then fails with its own sentence)."""
    return Path(os.path.realpath(path))
