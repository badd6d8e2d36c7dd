"""Run a notebook's cells in an OS sandbox and bring back its answers.

The submission runs as a separate process that sees only what it needs:

* under Debian's ``bubblewrap``: new mount, PID, network, IPC and UTS
  namespaces (no network at all), read-only binds of ``/usr``, the base
  interpreter and the virtual environment, the simulation engine with the
  ``sim.exercises`` and ``sim.grading`` folders masked by empty tmpfs
  mounts, a private ``/tmp``, and one fresh read-write folder holding only
  a copy of the submission;
* a working folder ``/submission`` and a ``/tmp`` that are small tmpfs
  mounts, so a submission can fill neither the disk nor the memory;
* resource limits (CPU time, address space, processes, file size, open
  files) and an unprivileged uid, set by :mod:`sim.grading.runner` before
  any student code runs;
* answers written to snapshot files in a root-only folder, opened by the
  runner before it drops privileges: student code can overwrite their
  content through the open descriptors (only with its own answers, which
  are validated) but cannot replace them with links or pipes;
* a wall-clock timeout and an output cap enforced from here.

No user namespace is created on purpose: as root, bubblewrap would map the
sandbox user to root outside, and the kernel exempts root from
RLIMIT_NPROC. Instead the sandbox starts as root in its private mount
namespace and the runner drops to a per-worker uid before touching the
submission; each parallel worker has its own uid (derived from its pid)
so that one fork bomb cannot starve another student's run and cleaning up
after a run cannot touch anybody else's processes.

Where bubblewrap is missing or does not work (no namespaces), the same
runner is started as a plain subprocess with the same limits and a LOUD
warning is attached to every result, because student code can then read
anything the grading user can.
"""

from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import sim

RUNNER = Path(__file__).with_name("runner.py")
SANDBOX_WORKDIR = "/submission"
SANDBOX_RUNNER = "/opt/loyaltylab/runner.py"
SANDBOX_CELLS = "/opt/loyaltylab/cells.json"
SANDBOX_OUT = "/opt/loyaltylab/out"
SNAPSHOT_FILES = ("snapshot-0.json", "snapshot-1.json")
SANDBOX_ENGINE_ROOT = "/opt/loyaltylab/lib"
#: Sandbox uids are BASE_UID + slot, and the batch uses the worker's pid as
#: its slot: unique among concurrently running graders (even two batches at
#: once) and above ordinary users and nobody (65534), so that killing every
#: process of a sandbox uid can only hit that one run.
BASE_UID = 100000
#: Isolated mode, no ``site`` (its .pth hooks, e.g. an editable install's
#: finder, cost a fifth of a run and could point back into the repository),
#: no bytecode writing. The runner puts the site-packages folders on the path.
PYTHON_FLAGS = ("-I", "-S", "-B")

UNSANDBOXED_WARNING = (
    "WARNING: NO SANDBOX. bubblewrap (or the namespaces it needs) is not available, so "
    "submissions ran as plain subprocesses with resource limits only. Student code could "
    "read and change files of the grading machine, including solutions and hidden tests "
    "(and, when the grader runs as root, the process limit cannot hold a fork bomb). "
    "Do not trust these grades; install bubblewrap (apt-get install bubblewrap) and regrade."
)


@dataclass(frozen=True)
class Limits:
    """Resource limits for one run of one notebook.

    The defaults are generous for course notebooks (which should take well
    under a second) and small enough that a hostile notebook costs a batch
    at most a few tens of seconds.
    """

    wall_seconds: float = 30.0
    cell_seconds: float = 10.0
    cpu_seconds: int = 30
    memory_bytes: int = 2 * 1024**3
    nproc: int = 64
    fsize_bytes: int = 16 * 1024**2
    nofile: int = 128
    log_bytes: int = 16_000
    snapshot_bytes: int = 600_000
    disk_bytes: int = 64 * 1024**2
    retries: int = 2


@dataclass
class RunOutcome:
    """What came back from one sandboxed run (untrusted text, not yet parsed)."""

    snapshot_texts: list[str | None]
    log: str
    returncode: int | None
    timed_out: bool
    seconds: float
    sandbox: str
    notes: list[str] = field(default_factory=list)


def engine_root() -> Path:
    """Folder that contains the ``sim`` package (bound read-only into the sandbox)."""
    return Path(next(iter(sim.__path__))).resolve().parent


def _python_roots() -> list[Path]:
    """Folders the interpreter needs: the venv and the base installation."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
             Path(sys.exec_prefix).resolve(), Path(sys.base_exec_prefix).resolve()}
    exe = Path(sys.executable)
    roots.add(exe.resolve().parent.parent)
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            roots.add(Path(path).resolve())
    # keep only outermost folders
    ordered = sorted(roots, key=lambda p: len(p.parts))
    keep: list[Path] = []
    for root in ordered:
        if not any(root == k or k in root.parents for k in keep):
            keep.append(root)
    return keep


def _site_dirs() -> list[str]:
    """This environment's site-packages folders (added by the runner, as -S skips site)."""
    paths = sysconfig.get_paths()
    dirs = []
    for key in ("purelib", "platlib"):
        if paths.get(key) and paths[key] not in dirs:
            dirs.append(paths[key])
    return dirs


def _system_binds() -> list[str]:
    """Read-only binds of the OS libraries an interpreter links against."""
    args: list[str] = []
    for path in ("/usr", "/lib", "/lib64", "/lib32", "/etc/alternatives", "/etc/ld.so.cache",
                 "/etc/localtime", "/etc/ssl/certs", "/etc/fonts"):
        if os.path.exists(path) and not os.path.islink(path):
            args += ["--ro-bind", path, path]
        elif os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
    if not os.path.exists("/bin") or os.path.islink("/bin"):
        args += ["--symlink", "usr/bin", "/bin"]
    return args


def _dirs_for(path: Path) -> list[str]:
    """``--dir`` arguments creating the (0755) parents of a mount point.

    bubblewrap creates missing parents with mode 0700, which the
    unprivileged sandbox user could not traverse.
    """
    args: list[str] = []
    for parent in reversed(path.parents):
        if str(parent) == "/":
            continue
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def bwrap_command(notebook: Path, cells: Path, out: Path, python: str, config: dict,
                  disk_bytes: int = 64 * 1024**2) -> list[str]:
    """The full bubblewrap command line for one run.

    The working folder ``/submission`` and ``/tmp`` are size-limited tmpfs
    mounts (a submission cannot fill the grader's disk or memory through
    them); the notebook copy is bound read-only into the former. ``out``
    holds the answer snapshots: a root-only folder the runner opens before
    it drops privileges, so student code cannot replace the files in it.
    """
    size = str(int(disk_bytes))
    cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session",
           "--hostname", "sandbox"]
    if os.getuid() != 0:
        # An ordinary user needs a user namespace to build the sandbox; the
        # runner then keeps that (unprivileged) uid, so RLIMIT_NPROC applies.
        cmd.append("--unshare-user")
    cmd += _system_binds()
    # /tmp first: bubblewrap applies mounts in order, so a tmpfs mounted later
    # would hide an environment or checkout that lives under /tmp.
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--size", size, "--perms", "1777", "--tmpfs", "/tmp"]
    repo = engine_root()
    for root in _python_roots():
        cmd += _dirs_for(root) + ["--ro-bind", str(root), str(root)]
        if root == repo or root in repo.parents:
            # An environment that contains the repository (a venv one level up,
            # a system-wide checkout) would expose the instructor sources at
            # their real path: mask them there as well.
            for secret in (repo / "sim" / "exercises", repo / "sim" / "grading",
                           repo / "tests"):
                if secret.is_dir():
                    cmd += ["--size", "4096", "--tmpfs", str(secret)]
    engine = repo / "sim"
    target = Path(SANDBOX_ENGINE_ROOT) / "sim"
    cmd += _dirs_for(target) + ["--ro-bind", str(engine), str(target)]
    for hidden in ("exercises", "grading"):
        if (engine / hidden).exists():
            cmd += ["--size", "4096", "--tmpfs", str(target / hidden)]
    cmd += _dirs_for(Path(SANDBOX_RUNNER)) + ["--ro-bind", str(RUNNER), SANDBOX_RUNNER]
    cmd += ["--ro-bind", str(cells), SANDBOX_CELLS, "--bind", str(out), SANDBOX_OUT]
    cmd += ["--size", size, "--perms", "0777", "--tmpfs", SANDBOX_WORKDIR,
            "--ro-bind", str(notebook), f"{SANDBOX_WORKDIR}/{notebook.name}",
            "--chdir", SANDBOX_WORKDIR]
    cmd += ["--", python, *PYTHON_FLAGS, SANDBOX_RUNNER, json.dumps(config)]
    return cmd


@functools.lru_cache(maxsize=1)
def detect_sandbox() -> str:
    """Return ``"bubblewrap"`` if a trial sandbox starts here, else ``"none"``."""
    if os.environ.get("LOYALTY_LAB_SANDBOX") == "none":
        return "none"
    if shutil.which("bwrap") is None or os.name != "posix":
        return "none"
    with tempfile.TemporaryDirectory(prefix="loyaltylab-probe-") as tmp:
        cells = Path(tmp) / "cells.json"
        cells.write_text("[]", encoding="utf-8")
        notebook = Path(tmp) / "probe.ipynb"
        notebook.write_text("{}", encoding="utf-8")
        cmd = bwrap_command(notebook, cells, Path(tmp), _python(), {})
        cmd = cmd[: cmd.index("--")] + ["--", _python(), "-I", "-c", "print('ok')"]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=20, text=True)
        except (OSError, subprocess.TimeoutExpired):
            return "none"
    return "bubblewrap" if done.returncode == 0 and done.stdout.strip() == "ok" else "none"


def _python() -> str:
    """The interpreter used inside the sandbox: this environment's own."""
    return sys.executable


def _clean_env() -> dict[str, str]:
    """Environment of the sandboxed process: nothing inherited from the grader."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": SANDBOX_WORKDIR,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }


def _read_capped(path: Path, cap: int) -> str | None:
    """Read a file the sandbox may have tampered with: no symlinks, no FIFOs, capped."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, cap + 1)
    finally:
        os.close(fd)
    if len(data) > cap:
        return None
    return data.decode("utf-8", errors="replace")


@functools.lru_cache(maxsize=1)
def _others_can_run_python() -> bool:
    """Whether an unprivileged uid could use this interpreter without a sandbox.

    Inside bubblewrap the mount points are created world-traversable, but a
    plain subprocess sees the real folders: a pyenv interpreter under a 0700
    ``/root`` is unusable to other users, and the fallback then has to keep
    the grader's uid (the warning says that submissions are not isolated).
    """
    for root in [*_python_roots(), engine_root()]:
        for folder in [root, *root.parents]:
            try:
                if not folder.stat().st_mode & 0o001:
                    return False
            except OSError:
                return False
    return True


def _read_head(path: Path, cap: int) -> str:
    """First ``cap`` bytes of the run's log (which we opened, so no tampering)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(cap)
    except OSError:
        return ""
    return data.decode("utf-8", errors="replace")


def _die_with_grader() -> None:
    """In the child before exec: get SIGKILL if the grader dies (Linux prctl).

    Without it, a grader killed mid-batch (Ctrl-C, OOM) would leave a
    sleeping submission behind; bubblewrap's ``--die-with-parent`` then
    takes the whole sandbox down with it.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait(proc: subprocess.Popen, seconds: float) -> bool:
    """Wait for the process to end; False on timeout.

    ``Popen.wait(timeout=...)`` polls with sleeps of up to 50 ms, which is
    a third of a typical notebook's run; a pidfd wakes us the moment the
    process exits.
    """
    try:
        fd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        try:
            proc.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False
    try:
        ready, _, _ = select.select([fd], [], [], seconds)
        return bool(ready)
    finally:
        os.close(fd)


def _kill_tree(proc: subprocess.Popen, uid: int | None) -> None:
    """Kill the run's process group and, when we can, every process of its uid."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if uid is not None and os.getuid() == 0:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid == uid:
                    os.kill(int(entry.name), signal.SIGKILL)
            except (OSError, ProcessLookupError):
                continue


def run_once(cells: list[str], notebook_name: str, notebook_bytes: bytes, *, limits: Limits,
             slot: int, skip: list[int], mode: str) -> RunOutcome:
    """Run the cells once in a fresh folder and return the raw snapshots."""
    uid = BASE_UID + slot
    base = Path(tempfile.mkdtemp(prefix="loyaltylab-run-"))
    start = time.monotonic()
    sandboxed = mode == "bubblewrap"
    try:
        safe_name = Path(notebook_name).name or "submission.ipynb"
        source = base / "source"
        source.mkdir()
        notebook = source / safe_name
        notebook.write_bytes(notebook_bytes)
        cells_file = base / "cells.json"
        cells_file.write_text(json.dumps(cells), encoding="utf-8")
        out = base / "out"
        out.mkdir(mode=0o700)
        snapshots = [out / name for name in SNAPSHOT_FILES]
        for path in snapshots:
            path.touch(mode=0o600)
        work = base / "work"  # only used without bubblewrap
        drop = sandboxed or _others_can_run_python()
        if not sandboxed:
            work.mkdir()
            shutil.copy(notebook, work / safe_name)
            if os.getuid() == 0 and drop:
                os.chown(work, uid, uid)
                os.chmod(work, 0o700)
                os.chmod(base, 0o711)
        out_dir = SANDBOX_OUT if sandboxed else str(out)
        config = {
            "workdir": SANDBOX_WORKDIR if sandboxed else str(work),
            "cells_path": SANDBOX_CELLS if sandboxed else str(cells_file),
            "snapshot_paths": [f"{out_dir}/{name}" for name in SNAPSHOT_FILES],
            "skip": skip,
            "uid": uid if drop else None,
            "gid": uid if drop else None,
            "cell_seconds": limits.cell_seconds,
            "cpu_seconds": limits.cpu_seconds,
            "memory_bytes": limits.memory_bytes,
            "nproc": limits.nproc,
            "fsize_bytes": limits.fsize_bytes,
            "nofile": limits.nofile,
            "pythonpath": ([SANDBOX_ENGINE_ROOT] if sandboxed else [str(engine_root())])
            + _site_dirs(),
        }
        if sandboxed:
            cmd = bwrap_command(notebook, cells_file, out, _python(), config,
                                limits.disk_bytes)
        else:
            cmd = [_python(), *PYTHON_FLAGS, str(RUNNER), json.dumps(config)]
        log_path = base / "log.txt"
        timed_out = False
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    env=_clean_env(), cwd=str(base), start_new_session=True,
                                    preexec_fn=_die_with_grader)
            try:
                timed_out = not _wait(proc, limits.wall_seconds)
            finally:
                _kill_tree(proc, uid)
                proc.wait()
        return RunOutcome(
            snapshot_texts=[_read_capped(path, limits.snapshot_bytes) for path in snapshots],
            log=_read_head(log_path, limits.log_bytes),
            returncode=proc.returncode,
            timed_out=timed_out,
            seconds=time.monotonic() - start,
            sandbox=mode,
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
