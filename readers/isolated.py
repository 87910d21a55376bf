"""A PDF read in a child process with a memory and a time limit.

PDFium is native code: a 2 KB PDF of nested form XObjects makes it take gigabytes while it loads a
page, and no Python check can see that coming. So `read_pdf` runs in a child process that may take
at most CHILD_MEMORY bytes more than it started with and CHILD_SECONDS seconds; the child sends
back the Source (pickled) or what went wrong, and a child that dies or runs over is a refusal in one
sentence, never a hang or the program-bug apology.

- POSIX (Linux, the desktops of Kylin and UOS): the child is a fork of this process (2 ms, where a
  fresh interpreter importing pypdfium2 would double the 90 ms of `main.py read`), which lowers its
  own RLIMIT_AS to its size at the fork plus CHILD_MEMORY (within a hard limit set from outside)
  and RLIMIT_CPU; the parent kills it at CHILD_SECONDS of wall-clock time.
- Windows (no fork): a spawned interpreter (multiprocessing) puts itself into a Job Object with
  JOB_OBJECT_LIMIT_PROCESS_MEMORY through ctypes before it opens the file; the parent kills it at
  CHILD_SECONDS. This path is written to the documented API but was not run on this project's
  machines (which run Linux only).
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from pathlib import Path

from models.i18n import _
from readers.budget import TooLarge

CHILD_MEMORY = 768 * 1024 * 1024  # bytes a reading may add
CHILD_SECONDS = 8.0  # the rest of `read` takes well under a second of the 10 the clerk may wait


class PdfFailed(Exception):
    """PDFium refused the file; the message is PDFium's (English), for the caller to interpret."""


def read_pdf_isolated(path: Path):
    """The Source of a PDF read by readers.pdf_reader.read_pdf in a limited child process.
    Raises NoTextLayer and TooLarge as read_pdf does, PdfFailed for a file PDFium refuses,
    TooLarge for a child that ran out of memory or time."""
    if os.name == "posix":
        outcome = _forked(path)
    else:
        outcome = _spawned(path)
    if outcome is None:
        raise TooLarge(
            _(
                "读取 {name} 时所需内存超过 {memory} MB，未读取（这不是正常的年报 PDF，可能是恶意构造的文件）"
            ).format(name=path.name, memory=CHILD_MEMORY // (1024 * 1024))
        )
    return _result(outcome, path)


def _result(outcome: tuple, path: Path):
    from readers.pdf_reader import NoTextLayer

    kind, value = outcome
    if kind == "source":
        return value
    if kind == "no_text":
        raise NoTextLayer()
    if kind == "pdfium":
        raise PdfFailed(value)
    if kind == "too_large":
        raise TooLarge(value)
    if kind == "timeout":
        raise TooLarge(
            _(
                "读取 {name} 超过 {seconds} 秒，未读取（这不是正常的年报 PDF，可能是恶意构造的文件）"
            ).format(name=path.name, seconds=int(CHILD_SECONDS))
        )
    raise RuntimeError(f"reading {path} in a child process failed:\n{value}")


def _read(path: Path) -> tuple:
    """What the child sends back: ("source", Source) or (kind of failure, message)."""
    from pypdfium2 import PdfiumError

    from readers.pdf_reader import NoTextLayer, read_pdf

    try:
        return "source", read_pdf(path)
    except NoTextLayer:
        return "no_text", ""
    except PdfiumError as error:
        return "pdfium", str(error)
    except TooLarge as error:
        return "too_large", str(error)
    except MemoryError:
        return "memory", ""
    except Exception:
        return "bug", traceback.format_exc()


# POSIX ------------------------------------------------------------------------------------------


_UNREAPED: list[int] = []  # children that had sent their outcome and were still ending


def _forked(path: Path) -> tuple | None:
    import select
    import signal
    import time

    _reap()
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(readable)
        _child(path, writable)
    os.close(writable)
    data = bytearray()
    deadline = time.monotonic() + CHILD_SECONDS
    try:
        while not _whole(data):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([readable], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return "timeout", ""
            chunk = os.read(readable, 1 << 20)
            if not chunk:
                break
            data += chunk
    finally:
        os.close(readable)
    if _whole(data):
        _UNREAPED.append(pid)  # its outcome is here: no need to wait while it frees its memory
    else:
        os.waitpid(pid, 0)
    outcome = _unpickled(bytes(data[_HEADER:])) if _whole(data) else None
    return None if outcome is None or outcome[0] == "memory" else outcome


_HEADER = 8  # bytes of the length the child sends before its outcome


def _whole(data: bytearray) -> bool:
    return len(data) >= _HEADER and len(data) >= _HEADER + int.from_bytes(data[:_HEADER], "big")


def _reap() -> None:
    """Collect the children that have ended since (none is left a zombie for long)."""
    for pid in list(_UNREAPED):
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _UNREAPED.remove(pid)


def _child(path: Path, writable: int) -> None:
    """Limit this forked process, read, send the outcome, and end without Python's clean-up."""
    status = 0
    try:
        _limit_posix()
        data = pickle.dumps(_read(path), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writable, "wb") as pipe:
            pipe.write(len(data).to_bytes(_HEADER, "big") + data)
    except BaseException:  # noqa: BLE001 — the child must end here whatever happened
        status = 1
    finally:
        os._exit(status)


def _limit_posix() -> None:
    import resource

    size = _address_space()
    for limit, wanted in (
        (resource.RLIMIT_AS, size + CHILD_MEMORY if size else None),
        (resource.RLIMIT_CPU, int(CHILD_SECONDS) + 1),
    ):
        if wanted is None:
            continue
        _soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(limit, (wanted, hard))


def _address_space() -> int:
    """This process's virtual size in bytes (Linux's /proc), or 0 where it cannot be read (macOS,
    which does not enforce RLIMIT_AS anyway)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _unpickled(data: bytes) -> tuple | None:
    """The child's outcome, or None when it died before sending one whole (killed for memory)."""
    if not data:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 — a message cut short when the child died
        return None


# Windows --------------------------------------------------------------------------------------


def _spawned(path: Path) -> tuple | None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_spawned_child, args=(str(path), sending), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(CHILD_SECONDS):
            child.kill()
            return "timeout", ""
        outcome = _unpickled(receiving.recv_bytes())
    except (EOFError, OSError):
        outcome = None
    finally:
        receiving.close()
        child.join(1)
        if child.is_alive():
            child.kill()
    return None if outcome is None or outcome[0] == "memory" else outcome


def _spawned_child(path: str, sending) -> None:
    _limit_windows()
    sending.send_bytes(pickle.dumps(_read(Path(path)), protocol=pickle.HIGHEST_PROTOCOL))
    sending.close()


def _limit_windows() -> None:
    """Put this process into a new Job Object that allows it CHILD_MEMORY bytes of committed
    memory and kills it when the job's last handle closes."""
    if sys.platform != "win32":
        return
    import ctypes
    from ctypes import wintypes

    class IoCounters(ctypes.Structure):
        _fields_ = [(name, ctypes.c_ulonglong) for name in ("r", "w", "o", "rb", "wb", "ob")]

    class BasicLimits(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_longlong),
            ("PerJobUserTimeLimit", ctypes.c_longlong),
            ("LimitFlags", wintypes.DWORD),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", wintypes.DWORD),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", wintypes.DWORD),
            ("SchedulingClass", wintypes.DWORD),
        ]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", BasicLimits),
            ("IoInfo", IoCounters),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    job = kernel32.CreateJobObjectW(None, None)
    limits = ExtendedLimits()
    process_memory, kill_on_close = 0x100, 0x2000  # JOB_OBJECT_LIMIT_*
    limits.BasicLimitInformation.LimitFlags = process_memory | kill_on_close
    limits.ProcessMemoryLimit = CHILD_MEMORY
    extended_information = 9  # JobObjectExtendedLimitInformation
    if not job or not kernel32.SetInformationJobObject(
        job, extended_information, ctypes.byref(limits), ctypes.sizeof(limits)
    ):
        raise OSError(ctypes.get_last_error(), "SetInformationJobObject")
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        raise OSError(ctypes.get_last_error(), "AssignProcessToJobObject")
