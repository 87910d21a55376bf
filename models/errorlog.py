"""The error log beside the database: the details the clerk need not read, kept for whoever helps.

Messages to the clerk stay one sentence; what SQLite or Python said in full goes here, through
`logging` (logger "nianbao"). Until `start` names the file, nothing is written anywhere.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

LOG_NAME = "nianbao-errors.log"
logger = logging.getLogger("nianbao")
logger.addHandler(logging.NullHandler())  # no handler yet: not logging's last resort on stderr


class _LogFile(logging.Handler):
    """Appends to the log beside the database, or to the temporary folder when that fails."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record) + "\n"
        for path in (self.path, Path(tempfile.gettempdir()) / LOG_NAME):
            try:
                with open(path, "a", encoding="utf-8") as file:
                    file.write(text)
            except OSError:
                continue
            self.path = path
            return


def start(db_path: Path) -> None:
    """Log into the folder of the database `db_path` from now on."""
    for handler in [h for h in logger.handlers if isinstance(h, _LogFile)]:
        logger.removeHandler(handler)
    logger.addHandler(_LogFile(Path(db_path).parent / LOG_NAME))
    logger.setLevel(logging.INFO)


def where() -> Path | None:
    """The log file written to, or None before `start`."""
    for handler in logger.handlers:
        if isinstance(handler, _LogFile):
            return handler.path
    return None
