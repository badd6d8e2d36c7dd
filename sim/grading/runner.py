"""Execute a notebook's code cells inside the sandbox and export the answers.

This script is the only grader code that runs next to student code, so it
knows nothing worth stealing: no solutions, no hidden tests, no paths of the
course. It is started by :mod:`sim.grading.sandbox` (under bubblewrap when
available) with a JSON configuration as its single argument and uses only
the standard library, because the ``sim.grading`` package is hidden from the
sandbox.

What it does, in order:

1. read the cells the grader extracted from the notebook (from a file
   that the student's user could not read or change) and open the two
   snapshot files (in a folder the student's user cannot enter);
2. set resource limits (CPU, address space, processes, file size, open
   files, no core dumps) and, when started as root, drop to the unprivileged
   uid/gid it was given: root ignores RLIMIT_NPROC, so a fork bomb would
   otherwise be unbounded (without bubblewrap, import folders only root may
   enter are opened first and reached through ``/proc/self/fd``, and the
   seccomp filter is installed here; bubblewrap installs it otherwise);
3. run each cell with ``exec`` in one fresh namespace, with two per-cell
   timers (CPU time of this process, ``SIGPROF``, and a longer wall-clock
   one, ``SIGALRM``), stdout/stderr captured and capped, and every
   exception (including ``SystemExit``) caught so that one failing cell
   does not lose the answers of the others;
4. before and after each cell, write a snapshot of the answer variables as
   plain JSON (alternating between the two files, see :class:`Snapshots`).
   If the process dies inside a cell (``os._exit``, a signal, the
   wall-clock limit), the grader still has the answers up to that cell and
   knows which cell to skip when it tries again.

The snapshot is only a report of the student's own variables: whatever the
student's code does to it (rewrite it, patch this module) it can only change
its own answers, which the grader validates and judges in its own process.
"""

from __future__ import annotations

import builtins
import importlib
import io
import json
import math
import numbers
import os
import re
import resource
import signal
import sys
import traceback
import types

_ANSWER_NAME = re.compile(r"^answer_\d+_\d+$")
_MAGIC = re.compile(r"^(\s*)[%!]")
MAX_STR = 10_000
MAX_ITEMS = 2_000
MAX_DEPTH = 6
MAX_SNAPSHOT = 512_000
MAX_CELL_OUTPUT = 2_000


class CellTimeout(BaseException):
    """Raised by a per-cell timer; a BaseException so bare ``except Exception`` misses it."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class NotPlainError(Exception):
    """An answer holds something other than plain JSON data."""


class CappedText(io.TextIOBase):
    """A text stream that keeps the first ``cap`` characters and drops the rest."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        """Always writable (this is an output sink)."""
        return True

    def write(self, text: str) -> int:
        """Keep what fits under the cap, count the rest; never fail."""
        text = str(text)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def text(self) -> str:
        """The kept output, with a note of how much was dropped."""
        out = "".join(self.parts)
        if self.dropped:
            out += f"\n[... {self.dropped} more characters of output dropped]"
        return out


def set_limits(cfg: dict) -> None:
    """Apply the resource limits named in the configuration."""
    pairs = [
        (resource.RLIMIT_CPU, cfg["cpu_seconds"], cfg["cpu_seconds"] + 1),
        (resource.RLIMIT_AS, cfg["memory_bytes"], cfg["memory_bytes"]),
        (resource.RLIMIT_NPROC, cfg["nproc"], cfg["nproc"]),
        (resource.RLIMIT_FSIZE, cfg["fsize_bytes"], cfg["fsize_bytes"]),
        (resource.RLIMIT_NOFILE, cfg["nofile"], cfg["nofile"]),
        (resource.RLIMIT_CORE, 0, 0),
    ]
    for which, soft, hard in pairs:
        resource.setrlimit(which, (int(soft), int(hard)))


def _others_can_reach(path: str) -> bool:
    """Whether a user other than the owner may traverse every folder up to ``path``."""
    current = os.path.abspath(path)
    while True:
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return False
        if not mode & 0o001:
            return False
        parent = os.path.dirname(current)
        if parent == current:
            return True
        current = parent


def open_private_paths(cfg: dict) -> dict[str, str]:
    """Descriptors for import folders the sandbox user could not enter (fallback only).

    Without bubblewrap the interpreter's own files may live under a folder
    only root may enter (a pyenv under ``/root``). Student code must still
    not run as root, so the folders on the import path are opened here,
    while still root, and reached later as ``/proc/self/fd/N``: the user id
    can then read the standard library but not the folders around it.
    Returns old prefix -> new prefix.
    """
    if not cfg.get("reach_through_fds") or cfg.get("uid") is None or os.getuid() != 0:
        return {}
    import ctypes  # noqa: F401 - needed after the drop, when the library may be unreachable

    folders = [p for p in sys.path if p and os.path.isdir(p)]
    for module in list(sys.modules.values()):
        for entry in list(getattr(module, "__path__", []) or []):
            if isinstance(entry, str) and os.path.isdir(entry):
                folders.append(entry)
    mapping: dict[str, str] = {}
    for folder in sorted(set(folders), key=len):
        if any(folder == old or folder.startswith(old + os.sep) for old in mapping):
            continue
        if _others_can_reach(folder):
            continue
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        mapping[folder] = f"/proc/self/fd/{fd}"
    return mapping


def _remap(path: str, mapping: dict[str, str]) -> str:
    for old, new in mapping.items():
        if path == old or path.startswith(old + os.sep):
            return new + path[len(old):]
    return path


def use_private_paths(mapping: dict[str, str]) -> None:
    """Point the import system at the descriptors of :func:`open_private_paths`."""
    if not mapping:
        return
    import ctypes  # imported while root, before the standard library became unreachable

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: /proc/self/fd becomes ours again
    sys.path[:] = [_remap(p, mapping) for p in sys.path]
    for module in list(sys.modules.values()):
        path = getattr(module, "__path__", None)
        if isinstance(path, list):
            path[:] = [_remap(p, mapping) if isinstance(p, str) else p for p in path]
    sys.path_importer_cache.clear()
    importlib.invalidate_caches()


def drop_privileges(cfg: dict) -> None:
    """Become the unprivileged uid/gid given by the grader (when root).

    ``uid`` is None only when the grader itself is not root (then the run
    keeps the grader's own unprivileged user).
    """
    if os.getuid() != 0:
        return
    if cfg.get("uid") is None:
        raise SystemExit("runner: started as root without a user id to drop to")
    os.setgroups([])
    os.setgid(int(cfg["gid"]))
    os.setuid(int(cfg["uid"]))
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("runner: could not drop root privileges")


def die_with_parent() -> None:
    """Get SIGKILL if the grader goes away (the setting does not survive a uid change)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def install_filter(hex_program: str | None) -> None:
    """Install the grader's seccomp filter (see ``sim.grading.seccomp``); irrevocable."""
    if not hex_program:
        return
    import ctypes

    program = bytes.fromhex(hex_program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong,
                           ctypes.c_ulong]
    if libc.prctl(38, 1, None, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        raise SystemExit(f"runner: no_new_privs failed (errno {ctypes.get_errno()})")
    if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:  # PR_SET_SECCOMP, FILTER
        raise SystemExit(f"runner: seccomp filter refused (errno {ctypes.get_errno()})")


def to_plain(value: object, depth: int = 0) -> object:
    """Return ``value`` as plain JSON data or raise :class:`NotPlainError`.

    Accepts None, bool, whole and real numbers (numpy scalars included, as
    they subclass the numbers ABCs), strings, lists, tuples and dicts with
    string keys. Everything else (arrays, DataFrames, functions, custom
    classes) is refused with the type's name so the student knows to convert.
    """
    if depth > MAX_DEPTH:
        raise NotPlainError("nested too deeply")
    if value is None or type(value) is bool:
        return value
    if type(value).__name__ == "bool_":  # numpy.bool_
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise NotPlainError("is not a finite number")
        return number
    if isinstance(value, str):
        if len(value) > MAX_STR:
            raise NotPlainError("string is too long")
        return str(value)
    if isinstance(value, list | tuple):
        if len(value) > MAX_ITEMS:
            raise NotPlainError("has too many items")
        return [to_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise NotPlainError("has too many items")
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotPlainError(f"has a non-string key {type(key).__name__}")
            out[str(key)] = to_plain(item, depth + 1)
        return out
    raise NotPlainError(f"has type {type(value).__name__}; use numbers, strings, lists or dicts")


def collect(namespace: dict) -> tuple[dict, dict]:
    """Pick the answer variables out of the namespace as plain data."""
    answers: dict = {}
    rejected: dict = {}
    for name in list(namespace):
        if not (isinstance(name, str) and (_ANSWER_NAME.match(name) or name == "ANSWERS")):
            continue
        try:
            answers[name] = to_plain(namespace[name])
        except NotPlainError as exc:
            rejected[name] = str(exc)
        except Exception as exc:  # noqa: BLE001 - hostile objects can raise anything
            rejected[name] = f"could not be read ({type(exc).__name__})"
    return answers, rejected


class Snapshots:
    """Two snapshot files written in turn, each with a sequence number.

    The descriptors are opened before privileges are dropped (the files
    live in a folder the sandbox user cannot enter). Alternating means a
    process killed in the middle of a write still leaves the previous,
    complete snapshot; the grader takes the valid one with the highest
    sequence number.
    """

    def __init__(self, paths: list) -> None:
        self.fds = [os.open(path, os.O_WRONLY) for path in paths]
        self.seq = 0

    def write(self, state: dict) -> None:
        """Write ``state`` (size-capped) into the older of the two files."""
        self.seq += 1
        state = dict(state, seq=self.seq)
        text = json.dumps(state, allow_nan=False)
        if len(text) > MAX_SNAPSHOT:
            state = dict(state, answers={}, rejected={"*": "answers too large to export"})
            text = json.dumps(state, allow_nan=False)
        data = text.encode("utf-8")
        fd = self.fds[self.seq % len(self.fds)]
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)


def strip_magics(source: str) -> str:
    """Turn IPython magics and shell escapes into ``pass`` (no IPython here)."""
    return "\n".join(_MAGIC.sub(r"\1pass  # ", line) for line in source.splitlines())


def _on_timer(signum: int, frame: object) -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.setitimer(signal.ITIMER_PROF, 0)
    raise CellTimeout("cpu" if signum == signal.SIGPROF else "wall")


def run(cfg: dict, cells: list, snapshots: Snapshots) -> None:
    """Run the cells and keep the snapshot up to date."""
    skip = set(cfg.get("skip", []))
    # A fresh __main__ module, as in a notebook kernel: functions defined in
    # cells can then be pickled (multiprocessing) by their module and name.
    main_module = types.ModuleType("__main__")
    main_module.__builtins__ = builtins
    sys.modules["__main__"] = main_module
    namespace: dict = main_module.__dict__
    builtins.display = print  # notebooks often call display() without importing it
    records: list = []
    state = {"answers": {}, "rejected": {}, "cells": records, "running": None, "done": False}
    signal.signal(signal.SIGALRM, _on_timer)
    signal.signal(signal.SIGPROF, _on_timer)
    real_out, real_err = sys.stdout, sys.stderr
    for index, source in enumerate(cells):
        if index in skip:
            records.append({"index": index, "status": "skipped",
                            "error": "skipped: this cell stopped the previous attempt"})
            continue
        state["running"] = index
        snapshots.write(state)
        captured = CappedText(MAX_CELL_OUTPUT)
        record = {"index": index, "status": "ok", "error": ""}
        sys.stdout = sys.stderr = captured
        # CPU time of this process (a neighbour's load cannot use it up) and,
        # for a cell that only waits, a longer wall-clock limit.
        signal.setitimer(signal.ITIMER_PROF, float(cfg["cell_seconds"]))
        signal.setitimer(signal.ITIMER_REAL, float(cfg.get("cell_wall_seconds",
                                                           3 * cfg["cell_seconds"])))
        try:
            code = compile(strip_magics(source), f"<cell {index}>", "exec")
            exec(code, namespace)  # noqa: S102 - running the notebook is the point
        except CellTimeout as exc:
            if exc.kind == "cpu":
                error = (f"stopped after {cfg['cell_seconds']:g} s of CPU time "
                         "(time limit per cell)")
            else:
                error = (f"stopped after waiting {cfg.get('cell_wall_seconds'):g} s "
                         "(wall-clock limit per cell)")
            record.update(status="timeout", error=error)
        except BaseException as exc:  # noqa: BLE001 - SystemExit and friends too
            lines = traceback.format_exception_only(type(exc), exc)
            record.update(status="error", error="".join(lines).strip()[:1000])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.setitimer(signal.ITIMER_PROF, 0)
            sys.stdout, sys.stderr = real_out, real_err
        record["output"] = captured.text()
        records.append(record)
        state["answers"], state["rejected"] = collect(namespace)
        state["running"] = None
        snapshots.write(state)
    state["done"] = True
    snapshots.write(state)


def main(argv: list[str]) -> int:
    """Entry point: ``python -I -B runner.py CONFIG_JSON``."""
    cfg = json.loads(argv[1])
    with open(cfg["cells_path"], encoding="utf-8") as handle:
        cells = json.load(handle)
    snapshots = Snapshots(cfg["snapshot_paths"])
    sys.path[:0] = list(cfg.get("pythonpath", []))
    private = open_private_paths(cfg)
    set_limits(cfg)
    drop_privileges(cfg)
    use_private_paths(private)
    if cfg.get("die_with_parent"):
        die_with_parent()  # bubblewrap does this itself (--die-with-parent)
    os.chdir(cfg["workdir"])
    install_filter(cfg.get("seccomp"))
    run(cfg, cells, snapshots)
    sys.stdout.flush()
    # Skip interpreter teardown: student objects' __del__ and atexit hooks
    # have nothing to add once the final snapshot is written.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
