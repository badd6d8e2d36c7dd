"""Unprivileged user ids for sandbox runs: a range nobody else uses, leased per run.

When the grader runs as root, every run of a notebook drops to a user id of
its own, so that the kernel's per-user process limit holds (root ignores
it) and a run's leftovers can be found and ended by user id. Two rules
keep that safe for the rest of the machine:

* the ids come from a range that no ``/etc/subuid`` or ``/etc/subgid``
  range, no account in ``/etc/passwd`` and the usual container ranges use
  (Debian hands out subordinate ids from 100000 up, systemd-nspawn from
  524288 to 1879048191), so killing every process of a leased id can only
  hit processes of that run;
* an id is *leased* for the length of one run: an exclusive ``flock`` on a
  file per id, held by the grading process (the kernel drops it if the
  process dies), and an id that some process still uses is skipped, never
  cleaned. Parallel workers, threads of a Dask worker and two batches on
  one machine therefore never share an id.
"""

from __future__ import annotations

import fcntl
import os
import stat
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: First id tried: above the subordinate ranges that Debian's useradd and
#: systemd-nspawn hand out, below 2**31 (some tools treat larger ids badly).
DEFAULT_BASE = 1_900_000_000
#: How many ids the grader may use at once (far more than any machine's workers).
POOL_SIZE = 4096
_LIMIT = 2**31 - 1


class UidError(RuntimeError):
    """No free sandbox user id (the message says why)."""


def _ranges(path: str) -> list[tuple[int, int]]:
    """``(first, last)`` id ranges of a subuid/subgid file (missing file: none)."""
    ranges: list[tuple[int, int]] = []
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ranges
    for line in text.splitlines():
        parts = line.strip().split(":")
        if len(parts) >= 3 and parts[1].isdigit() and parts[2].isdigit():
            start, count = int(parts[1]), int(parts[2])
            ranges.append((start, start + count - 1))
    return ranges


def _account_ids(path: str) -> set[int]:
    """Numeric ids (third field) of a passwd/group file."""
    ids: set[int] = set()
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ids
    for line in text.splitlines():
        parts = line.split(":")
        if len(parts) >= 3 and parts[2].isdigit():
            ids.add(int(parts[2]))
    return ids


def choose_base(taken: Iterable[tuple[int, int]], accounts: Iterable[int] = (),
                start: int = DEFAULT_BASE, size: int = POOL_SIZE) -> int:
    """First window of ``size`` ids at or above ``start`` that overlaps nothing taken.

    Raises:
        UidError: if no such window exists below 2**31.
    """
    blocked = sorted(taken) + sorted((a, a) for a in accounts)
    base = start
    while base + size - 1 <= _LIMIT:
        clash = [hi for lo, hi in blocked if lo <= base + size - 1 and hi >= base]
        if not clash:
            return base
        base = max(clash) + 1
    raise UidError(f"no free window of {size} user ids at or above {start} (every id is "
                   "taken by /etc/subuid, /etc/subgid or accounts)")


@dataclass(frozen=True)
class UidPool:
    """The window of ids the grader leases from, and where the lease locks live."""

    base: int
    size: int
    lock_dir: Path

    def candidates(self, first: int = 0) -> list[int]:
        """Every id of the window, starting at offset ``first``."""
        return [self.base + (first + i) % self.size for i in range(self.size)]


def _lock_dir() -> Path:
    """A folder only this user can write, for the lease files."""
    euid = os.geteuid()
    for parent in ("/run/lock", "/run", tempfile.gettempdir()):
        folder = Path(parent) / f"loyalty-lab-uids-{euid}"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            info = os.lstat(folder)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == euid and not info.st_mode & 0o022:
            return folder
    raise UidError("no private folder for the user-id leases (tried /run/lock, /run and "
                   "the temporary folder)")


_pool: UidPool | None = None
_pool_guard = threading.Lock()


def pool() -> UidPool:
    """The machine's sandbox id window (computed once per process)."""
    global _pool
    with _pool_guard:
        if _pool is None:
            taken = _ranges("/etc/subuid") + _ranges("/etc/subgid")
            accounts = _account_ids("/etc/passwd") | _account_ids("/etc/group")
            _pool = UidPool(choose_base(taken, accounts), POOL_SIZE, _lock_dir())
        return _pool


def processes_of(uid: int) -> list[int]:
    """Pids of the live processes whose real, effective or saved user is ``uid``.

    Read from ``/proc/PID/status``: the owner of ``/proc/PID`` is not enough,
    because a process that changed its user id is not "dumpable" and its
    folder then belongs to root. Zombies are left out: they hold nothing,
    cannot be killed, and their parents reap them.
    """
    pids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", "rb") as handle:
                for line in handle:
                    if line.startswith(b"State:") and line.split()[1:2] == [b"Z"]:
                        break
                    if line.startswith(b"Uid:"):
                        if uid in (int(v) for v in line.split()[1:4]):
                            pids.append(int(entry.name))
                        break
        except (OSError, ValueError):
            continue
    return pids


class UidLease:
    """An id held exclusively for one run; release it with :meth:`release`.

    Use as a context manager. The lease is an exclusive ``flock`` on
    ``<lock_dir>/<uid>.lock``; an id that a process still uses (a survivor
    of some earlier crash, or anybody else's process) is skipped.
    """

    def __init__(self, uid_pool: UidPool | None = None) -> None:
        self.pool = uid_pool or pool()
        self.uid = -1
        self._fd = -1
        start = (os.getpid() * 7 + threading.get_ident()) % self.pool.size
        for uid in self.pool.candidates(start):
            fd = os.open(self.pool.lock_dir / f"{uid}.lock",
                         os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            if processes_of(uid):
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
                continue
            self.uid, self._fd = uid, fd
            return
        raise UidError(f"all {self.pool.size} sandbox user ids from {self.pool.base} are "
                       "in use")

    def release(self) -> None:
        """Give the id back (after every process of the run has ended)."""
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> UidLease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
