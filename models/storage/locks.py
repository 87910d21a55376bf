"""An OS lock on a file, portable, released by the OS when the process ends however it ends."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import BinaryIO


class FileLock:
    """An exclusive lock on `path` (created if missing): `flock` on POSIX, `msvcrt.locking` on Windows.

    A `shared` lock (POSIX only) is held by any number of processes at once, never together
    with an exclusive one. Windows has no shared byte-range lock in msvcrt: there a shared lock
    is taken as always granted (see models/storage/store.py for why none is needed there).
    """

    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = Path(path)
        self.shared = shared
        self._file: BinaryIO | None = None

    def acquire(self, timeout: float = 0) -> bool:
        """Take the lock, waiting up to `timeout` seconds; False when another process keeps it."""
        deadline = time.monotonic() + timeout
        file = open(self.path, "a+b")  # noqa: SIM115 - held open for the life of the lock
        while True:
            try:
                _lock(file, shared=self.shared)
            except OSError:
                if time.monotonic() >= deadline:
                    file.close()
                    return False
                time.sleep(0.02)
                continue
            self._file = file
            return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing releases the lock on every platform
            self._file = None


def _lock(file, *, shared: bool) -> None:
    if sys.platform == "win32":
        if shared:
            return
        import msvcrt

        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(file.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
