"""Run a notebook's cells in an OS sandbox and bring back its answers.

The submission runs as a separate process that sees only what it needs:

* under Debian's ``bubblewrap``: new mount, PID, network, IPC, UTS and
  cgroup namespaces (no network at all) whose file system is an allowlist
  at neutral paths (:mod:`sim.grading.runtime`): the interpreter, the
  packages student code may import, the student-facing part of the engine
  and the shared libraries they need, all read-only; no ``/proc``;
* a working folder ``/submission`` and a ``/tmp`` that are small tmpfs
  mounts, so a submission can fill neither the disk nor the memory;
* a control group of its own where the machine offers them
  (:mod:`sim.grading.cgroups`): an equal CPU share whatever it starts,
  its CPU time as its charge, one memory ceiling and a process cap for the
  whole run, and a kill that reaches every process of the run and no other;
* a user id leased for this run only (:mod:`sim.grading.uids`) from a
  range nobody else uses, resource limits and a seccomp filter
  (:mod:`sim.grading.seccomp`) against namespaces, mounts, tracing, the
  keyring and eBPF, all set by :mod:`sim.grading.runner` before any
  student code runs;
* answers written to snapshot files in a root-only folder, opened by the
  runner before it drops privileges: student code can overwrite their
  content through the open descriptors (only with its own answers, which
  are validated) but cannot replace them with links or pipes;
* a wall-clock limit and an output cap enforced from here.

When the grader is root, no user namespace is created: bubblewrap would
map the sandbox to root outside, the kernel exempts root from
``RLIMIT_NPROC``, and leftovers could not be told apart by user id.
Instead the sandbox starts as root in its private namespaces and the runner
drops to the leased id; the seccomp filter stops it from creating user
namespaces (what ``--disable-userns`` does, which bubblewrap only offers
together with ``--unshare-user``). An ordinary user's grader does use
``--unshare-user --disable-userns``.

Where bubblewrap is missing or does not work (no namespaces), the same
runner is started as a plain subprocess with the same limits, user id and
filter, and every output carries a LOUD warning, because student code can
then read whatever that user id may read. The fallback never runs student
code as root: when the interpreter lives in a folder only root may enter
(a pyenv under ``/root``), the runner reaches it through descriptors
opened before it dropped root.
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
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sim.grading import cgroups, runtime, seccomp, uids

RUNNER = Path(__file__).with_name("runner.py")
SANDBOX_WORKDIR = "/submission"
SANDBOX_RUNNER = "/opt/loyaltylab/runner.py"
SANDBOX_CELLS = "/opt/loyaltylab/cells.json"
SANDBOX_OUT = "/opt/loyaltylab/out"
SNAPSHOT_FILES = ("snapshot-0.json", "snapshot-1.json")
#: Isolated mode, no ``site`` (its .pth hooks, e.g. an editable install's
#: finder, cost a fifth of a run and could point back into the repository),
#: no bytecode writing. The runner puts the allowed package folders on the path.
PYTHON_FLAGS = ("-I", "-S", "-B")
#: Exit status of the launcher when it cannot put the run in its control group.
LAUNCH_FAILED = 111
_LAUNCHER = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 111; shift; done; shift; exec "$@"'

UNSANDBOXED_WARNING = (
    "WARNING: NO SANDBOX. bubblewrap (or the namespaces it needs) is not available, so "
    "submissions ran as plain subprocesses with resource limits, an unprivileged user id "
    "and a system-call filter only. Student code could read every file of the grading "
    "machine that other users may read, which may include solutions, hidden tests and "
    "other students' work. Do not trust these grades; install bubblewrap "
    "(apt-get install bubblewrap) and regrade."
)


@dataclass(frozen=True)
class Limits:
    """Resource limits and time budgets.

    Time charged to a notebook is its own: each cell may use ``cell_seconds``
    of CPU time (a neighbour's load cannot use it up) and wait at most
    ``cell_wall_seconds``; a notebook gets ``wall_seconds`` of wall-clock
    time for all its attempts together and ``cpu_seconds`` of CPU time per
    attempt (all its processes together where control groups exist), and a
    student ``student_seconds`` for all notebooks. The defaults are generous
    for course notebooks (which take well under a second) and bound what a
    hostile notebook can cost a batch (see :func:`worst_case_seconds`).
    """

    cell_seconds: float = 10.0
    cell_wall_seconds: float = 30.0
    wall_seconds: float = 60.0
    student_seconds: float = 150.0
    cpu_seconds: int = 60
    memory_bytes: int = 2 * 1024**3
    nproc: int = 64
    fsize_bytes: int = 16 * 1024**2
    nofile: int = 128
    log_bytes: int = 16_000
    snapshot_bytes: int = 600_000
    disk_bytes: int = 64 * 1024**2
    retries: int = 2

    def __post_init__(self) -> None:
        checks = [
            ("cell_seconds", self.cell_seconds, 0.1, 3600),
            ("cell_wall_seconds", self.cell_wall_seconds, 0.1, 3600),
            ("wall_seconds", self.wall_seconds, 0.5, 36_000),
            ("student_seconds", self.student_seconds, 0.5, 360_000),
            ("cpu_seconds", self.cpu_seconds, 1, 36_000),
            ("memory_bytes", self.memory_bytes, 64 * 1024**2, 1024**4),
            ("nproc", self.nproc, 1, 100_000),
            ("retries", self.retries, 0, 10),
        ]
        for name, value, low, high in checks:
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                    low <= value <= high):
                raise ValueError(f"Limits.{name} must be between {low:g} and {high:g}, "
                                 f"got {value!r}")


def worst_case_seconds(students: int, jobs: int, limits: Limits, notebooks: int,
                       overhead: float = 2.0, batch_overhead: float = 10.0) -> float:
    """Longest a batch can take (wall clock), whatever the submissions do.

    Each student costs at most ``min(student_seconds, notebooks *
    wall_seconds)`` of sandbox time plus a fixed ``overhead`` (reading the
    files, judging, the grader's own re-runs of simulations, writing the
    student's reports: well under a second for the course's exercises);
    ``jobs`` workers take students in turn, so the students are done after
    at most ``ceil(students / jobs)`` rounds of the slowest student; the
    batch's own reports (gradebook, instructor report) come on top::

        T <= ceil(S / J) * (min(T_student, N * T_notebook) + overhead) + batch_overhead

    Args:
        students: Students in the batch (S).
        jobs: Parallel workers (J).
        limits: The budgets (``T_student``, ``T_notebook``).
        notebooks: Notebooks in the assignment (N): only those are run.
        overhead: Seconds per student outside the sandbox.
        batch_overhead: Seconds for starting the workers and writing the reports.
    """
    if students <= 0:
        return 0.0
    rounds = -(-students // max(1, jobs))
    per_student = min(limits.student_seconds, notebooks * limits.wall_seconds)
    return rounds * (per_student + overhead) + batch_overhead


@dataclass
class RunOutcome:
    """What came back from one sandboxed run (untrusted text, not yet parsed)."""

    snapshot_texts: list[str | None]
    log: str
    returncode: int | None
    timed_out: bool
    seconds: float
    sandbox: str
    cpu_exceeded: bool = False
    cpu_seconds: float | None = None
    memory_peak: int | None = None
    oom_killed: bool = False
    infrastructure_error: str | None = None
    uid: int | None = None
    cgroup: bool = False
    leftovers: int = 0
    notes: list[str] = field(default_factory=list)


def engine_root() -> Path:
    """Folder that contains the ``sim`` package."""
    return runtime.engine_root()


def _dirs_for(path: Path, made: set[str]) -> list[str]:
    """``--dir`` arguments creating the (0755) parents of a mount point once each.

    bubblewrap creates missing parents with mode 0700, which the
    unprivileged sandbox user could not traverse.
    """
    args: list[str] = []
    for parent in reversed(path.parents):
        text = str(parent)
        if text == "/" or text in made:
            continue
        made.add(text)
        args += ["--perms", "0755", "--dir", text]
    return args


def bwrap_command(notebook: Path, cells: Path, out: Path, config: dict,
                  disk_bytes: int = 64 * 1024**2, rt: runtime.Runtime | None = None,
                  seccomp_fd: int | None = None) -> list[str]:
    """The full bubblewrap command line for one run (pass it with ``--args``).

    The working folder ``/submission`` and ``/tmp`` are size-limited tmpfs
    mounts; the notebook copy is bound read-only into the former. ``out``
    holds the answer snapshots: a root-only folder the runner opens before
    it drops privileges, so student code cannot replace the files in it.
    """
    rt = rt or runtime.build()
    size = str(int(disk_bytes))
    cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session",
           "--hostname", "sandbox"]
    if os.getuid() != 0:
        # An ordinary user needs a user namespace to build the sandbox; the
        # runner then keeps that (unprivileged) uid, so RLIMIT_NPROC applies.
        cmd += ["--unshare-user", "--disable-userns"]
    # /dev/shm holds multiprocessing's semaphores: writable, small, like /tmp
    cmd += ["--dev", "/dev", "--size", size, "--perms", "1777", "--tmpfs", "/dev/shm",
            "--size", size, "--perms", "1777", "--tmpfs", "/tmp"]
    made: set[str] = {"/dev", "/dev/shm", "/tmp"}
    for source, target in rt.binds:
        cmd += _dirs_for(Path(target), made) + ["--ro-bind", source, target]
    for mask in rt.masks:
        cmd += ["--size", "4096", "--tmpfs", mask]
    cmd += _dirs_for(Path(SANDBOX_RUNNER), made) + ["--ro-bind", str(RUNNER), SANDBOX_RUNNER]
    cmd += ["--ro-bind", str(cells), SANDBOX_CELLS, "--bind", str(out), SANDBOX_OUT]
    cmd += ["--size", size, "--perms", "0777", "--tmpfs", SANDBOX_WORKDIR,
            "--ro-bind", str(notebook), f"{SANDBOX_WORKDIR}/{notebook.name}",
            "--chdir", SANDBOX_WORKDIR]
    if seccomp_fd is not None:
        cmd += ["--seccomp", str(seccomp_fd)]
    cmd += ["--", rt.python, *PYTHON_FLAGS, SANDBOX_RUNNER, json.dumps(config)]
    return cmd


def prime(detected: str, rt: runtime.Runtime | None) -> None:
    """Reuse a parent process's findings in a worker (same machine, same environment)."""
    global _primed
    _primed = detected
    if rt is not None:
        runtime.use(rt)


_primed: str | None = None


def detect_sandbox() -> str:
    """Return ``"bubblewrap"`` if a trial sandbox runs Python here, else ``"none"``."""
    return _primed or _detect_sandbox()


@functools.lru_cache(maxsize=1)
def _detect_sandbox() -> str:
    if os.environ.get("LOYALTY_LAB_SANDBOX") == "none":
        return "none"
    if shutil.which("bwrap") is None or os.name != "posix":
        return "none"
    with tempfile.TemporaryDirectory(prefix="loyaltylab-probe-") as tmp:
        cells = Path(tmp) / "cells.json"
        cells.write_text("[]", encoding="utf-8")
        notebook = Path(tmp) / "probe.ipynb"
        notebook.write_text("{}", encoding="utf-8")
        rt = runtime.build()
        cmd = bwrap_command(notebook, cells, Path(tmp), {}, rt=rt)
        cmd = cmd[: cmd.index("--")] + ["--", rt.python, "-I", "-S", "-c",
                                         "import encodings, json; print('ok')"]
        try:
            done = _run_bwrap_args(cmd, Path(tmp), timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return "none"
    return "bubblewrap" if done.returncode == 0 and done.stdout.strip() == b"ok" else "none"


def _args_fd(cmd: list[str], folder: Path) -> tuple[list[str], int]:
    """Move bubblewrap's options into a file read with ``--args FD``.

    The command line of bubblewrap (PID 1 of the sandbox) then names no
    host path, only the sandboxed command; returns the short command and
    the descriptor to pass.
    """
    split = cmd.index("--")
    path = folder / "bwrap.args"
    data = b"".join(os.fsencode(arg) + b"\0" for arg in cmd[1:split])
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    return [cmd[0], "--args", str(fd), *cmd[split:]], fd


def _run_bwrap_args(cmd: list[str], folder: Path, timeout: float
                    ) -> subprocess.CompletedProcess:
    short, fd = _args_fd(cmd, folder)
    try:
        return subprocess.run(short, capture_output=True, timeout=timeout, pass_fds=(fd,),
                              env=_clean_env(runtime.build()))
    finally:
        os.close(fd)


def _clean_env(rt: runtime.Runtime | None, workdir: str = SANDBOX_WORKDIR) -> dict[str, str]:
    """Environment of the sandboxed process: nothing inherited from the grader.

    Without bubblewrap ``/tmp`` is the machine's, shared by every run, so
    temporary files (``TMPDIR``, matplotlib's cache) go to the run's own
    working folder instead.
    """
    tmp = "/tmp" if rt is not None else workdir
    env = {
        "PATH": "/opt/python/bin:/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": tmp,
        "USER": "student",
        "LOGNAME": "student",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": tmp,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    if rt is not None:
        env.update(dict(rt.env))
    return env


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


def _read_head(path: Path, cap: int) -> str:
    """First ``cap`` bytes of the run's log (which we opened, so no tampering)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(cap)
    except OSError:
        return ""
    return data.decode("utf-8", errors="replace")


def _wait(proc: subprocess.Popen, seconds: float) -> bool:
    """Wait for the process to end; False on timeout.

    ``Popen.wait(timeout=...)`` polls with sleeps of up to 50 ms, which is
    a third of a typical notebook's run; a pidfd wakes us the moment the
    process exits.
    """
    if seconds <= 0:
        return proc.poll() is not None
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


def kill_run(proc: subprocess.Popen, group: cgroups.RunGroup | None, uid: int | None,
             wait: float = 5.0) -> int:
    """End every process the run started, and nothing else; return how many were left.

    Three nets, each reaching only this run's processes: the run's control
    group (every descendant, whatever session it made for itself), the
    process group of the launcher, and every process of the run's leased
    user id (which no other process may use). Processes that survive all
    three are counted, never ignored.
    """
    if group is not None:
        group.kill(wait=0)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()  # our own child stays listed in its group until it is reaped
    if group is not None:
        group.kill(wait=wait)
    left = 0
    if uid is not None and os.getuid() == 0:
        deadline = time.monotonic() + wait
        while True:
            pids = uids.processes_of(uid)
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    continue
            if not pids:
                break
            if time.monotonic() > deadline:
                left = len(pids)
                break
            time.sleep(0.01)
    if group is not None:
        left = max(left, len(group.pids()))
    return left


def _wait_with_budget(proc: subprocess.Popen, wall: float, group: cgroups.RunGroup | None,
                      cpu_budget: float) -> tuple[bool, bool]:
    """Wait for the run within ``wall`` seconds and, with a group, its CPU budget.

    Returns ``(timed_out, cpu_exceeded)``.
    """
    deadline = time.monotonic() + wall
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return proc.poll() is None, False
        step = left if group is None else min(left, 0.25)
        if _wait(proc, step):
            return False, False
        if group is not None and group.cpu_seconds() > cpu_budget:
            return False, True


def _safe_name(name: str) -> str:
    """A file name for the notebook inside the sandbox (the student's when harmless)."""
    base = Path(name).name
    if (not base or base.startswith(".") or len(base.encode("utf-8", "surrogateescape")) > 200
            or not base.isprintable() or any(ord(c) > 0xFFFF or 0xD800 <= ord(c) <= 0xDFFF
                                             for c in base)):
        return "submission.ipynb"
    return base


def run_once(cells: list[str], notebook_name: str, notebook_bytes: bytes, *, limits: Limits,
             skip: list[int], mode: str, wall_seconds: float | None = None,
             cgroup_mode: str = "auto") -> RunOutcome:
    """Run the cells once in a fresh folder and return the raw snapshots.

    Args:
        cells: Code cells' sources.
        notebook_name: Name of the submitted file (shown to the notebook).
        notebook_bytes: The file, copied read-only into the working folder.
        limits: Resource limits.
        skip: Indices of cells not to run.
        mode: ``"bubblewrap"`` or ``"none"``.
        wall_seconds: Wall-clock budget of this run (default ``limits.wall_seconds``).
        cgroup_mode: ``"auto"`` (use control groups where possible) or ``"off"``.
    """
    wall = limits.wall_seconds if wall_seconds is None else max(0.0, wall_seconds)
    start = time.monotonic()
    sandboxed = mode == "bubblewrap"
    rt = runtime.build() if sandboxed else None
    base = Path(tempfile.mkdtemp(prefix="loyaltylab-run-"))
    lease: uids.UidLease | None = None
    group: cgroups.RunGroup | None = None
    try:
        if os.getuid() == 0:
            lease = uids.UidLease()
        uid = lease.uid if lease else None
        safe_name = _safe_name(notebook_name)
        source = base / "source"
        source.mkdir()
        notebook = source / safe_name
        notebook.write_bytes(notebook_bytes)
        cells_file = base / "cells.json"  # read by the runner before it drops root
        cells_file.touch(mode=0o600)
        cells_file.write_text(json.dumps(cells), encoding="utf-8")
        out = base / "out"
        out.mkdir(mode=0o700)
        snapshots = [out / name for name in SNAPSHOT_FILES]
        for path in snapshots:
            path.touch(mode=0o600)
        work = base / "work"  # only used without bubblewrap
        if not sandboxed:
            work.mkdir()
            shutil.copy(notebook, work / safe_name)
            if uid is not None:
                os.chown(work, uid, uid)
                os.chmod(work, 0o700)
                os.chmod(base, 0o711)
        if cgroup_mode != "off":
            group = cgroups.create(limits.memory_bytes, limits.nproc + 8)
        out_dir = SANDBOX_OUT if sandboxed else str(out)
        config = {
            "workdir": SANDBOX_WORKDIR if sandboxed else str(work),
            "cells_path": SANDBOX_CELLS if sandboxed else str(cells_file),
            "snapshot_paths": [f"{out_dir}/{name}" for name in SNAPSHOT_FILES],
            "skip": skip,
            "uid": uid,
            "gid": uid,
            "cell_seconds": limits.cell_seconds,
            "cell_wall_seconds": limits.cell_wall_seconds,
            "cpu_seconds": limits.cpu_seconds,
            "memory_bytes": limits.memory_bytes,
            "nproc": limits.nproc,
            "fsize_bytes": limits.fsize_bytes,
            "nofile": limits.nofile,
            "pythonpath": list(rt.pythonpath) if rt else runtime.host_pythonpath(),
            # bubblewrap installs the filter itself (--seccomp); the fallback's runner does
            "seccomp": (seccomp.build_filter().hex()
                        if seccomp.supported() and not sandboxed else None),
            "reach_through_fds": not sandboxed,
            "die_with_parent": not sandboxed,
        }
        pass_fds: tuple[int, ...] = ()
        if sandboxed:
            filter_fd = None
            if seccomp.supported():
                (base / "seccomp.bpf").write_bytes(seccomp.build_filter())
                filter_fd = os.open(base / "seccomp.bpf", os.O_RDONLY)
                pass_fds += (filter_fd,)
            cmd = bwrap_command(notebook, cells_file, out, config, limits.disk_bytes, rt=rt,
                                seccomp_fd=filter_fd)
            cmd, args_fd = _args_fd(cmd, base)
            pass_fds += (args_fd,)
        else:
            cmd = [sys.executable, *PYTHON_FLAGS, str(RUNNER), json.dumps(config)]
        if group is not None:
            cmd = ["/bin/sh", "-c", _LAUNCHER, "sh", *group.procs_files, "--", *cmd]
        log_path = base / "log.txt"
        timed_out = cpu_exceeded = False
        env = _clean_env(rt, SANDBOX_WORKDIR if sandboxed else str(work))
        with open(log_path, "wb") as log:
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                        env=env, cwd=str(base), start_new_session=True,
                                        pass_fds=pass_fds)
            finally:
                for fd in pass_fds:
                    os.close(fd)
            try:
                timed_out, cpu_exceeded = _wait_with_budget(
                    proc, wall, group, float(limits.cpu_seconds))
            finally:
                cpu_used = group.cpu_seconds() if group else None
                leftovers = kill_run(proc, group, uid)
                proc.wait()
        log_text = _read_head(log_path, limits.log_bytes)
        texts = [_read_capped(path, limits.snapshot_bytes) for path in snapshots]
        infra = None
        if proc.returncode == LAUNCH_FAILED and group is not None and not any(texts):
            infra = "could not put the run in its control group"
        elif sandboxed and not any(texts) and log_text.startswith("bwrap:"):
            infra = "bubblewrap failed: " + log_text.strip().splitlines()[0][:200]
        return RunOutcome(
            snapshot_texts=texts,
            log=log_text,
            returncode=proc.returncode,
            timed_out=timed_out,
            cpu_exceeded=cpu_exceeded,
            seconds=time.monotonic() - start,
            sandbox=mode,
            cpu_seconds=cpu_used,
            memory_peak=group.memory_peak() if group else None,
            oom_killed=group.oom_killed() if group else False,
            infrastructure_error=infra,
            uid=uid,
            cgroup=group is not None,
            leftovers=leftovers,
        )
    finally:
        if group is not None:
            group.remove()
        if lease is not None:
            lease.release()
        shutil.rmtree(base, ignore_errors=True)
