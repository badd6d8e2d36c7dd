"""One control group per sandbox run: fair CPU, one memory ceiling, clean kills.

Why: without them the kernel schedules *processes*, so a notebook that
starts sixty busy loops gets sixty shares of the machine and its
neighbours' cells slow to a crawl; a memory limit per process lets a
notebook with many children take gigabytes; and leftovers of a run can
only be found by user id. A control group per run fixes all three:

* **CPU**: every run's group gets the same weight (``cpu.weight`` or
  ``cpu.shares``), however many processes it starts, and the group's CPU
  time (``cpu.stat`` or ``cpuacct.usage``) is what the run is charged;
* **memory**: one ceiling for the whole group (``memory.max`` or
  ``memory.limit_in_bytes``, swap included where the kernel accounts it),
  with the peak reported;
* **processes**: ``pids.max`` for the group;
* **cleanup**: every process in the group, and only those, is killed
  (``cgroup.kill``, or a freeze-kill-thaw loop on version 1).

The machine may offer the unified hierarchy (cgroup v2), the version 1
controllers, both, or neither, and the grader's own group may or may not be
writable. Each feature is taken from wherever it works: on a host with v1
controllers and a controller-less v2 tree, for instance, kills and CPU time
come from v2 and the limits from v1. New groups are made under the
grader's own group in each hierarchy, so limits set on the grader (a
container, a systemd slice) still hold.

Fallback when no group can be made (documented in ``sim/grading/README.md``):
each cell is charged the CPU time of the runner process (a ``SIGPROF``
timer), every process has its own CPU-time and address-space limits
(``RLIMIT_CPU``, ``RLIMIT_AS``), the number of processes is limited per
sandbox user id (``RLIMIT_NPROC``), and leftovers are found by that user id.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()
_counter_lock = threading.Lock()


@dataclass(frozen=True)
class Support:
    """Where each feature comes from on this machine (``None``: not available).

    Each value is the folder under which run groups are created.
    """

    kill: Path | None = None
    kill_v2: bool = False
    cpu_time: Path | None = None
    cpu_time_v2: bool = False
    cpu_weight: Path | None = None
    cpu_weight_v2: bool = False
    memory: Path | None = None
    memory_v2: bool = False
    pids: Path | None = None
    pids_v2: bool = False

    @property
    def usable(self) -> bool:
        """Whether runs can be put in groups at all (their CPU time at least).

        Killing needs no feature of its own: without ``cgroup.kill`` or a
        freezer, every process listed in the run's groups is killed in turn.
        """
        return self.cpu_time is not None

    def describe(self) -> str:
        """One line for logs and reports."""
        if not self.usable:
            return "no control groups (fallback: per-process limits)"
        parts = []
        for name in ("kill", "cpu_time", "cpu_weight", "memory", "pids"):
            where = getattr(self, name)
            if name == "kill" and where is None:
                parts.append("kill: process list")
                continue
            version = "v2" if getattr(self, f"{name}_v2") else "v1"
            parts.append(f"{name}: {version}" if where else f"{name}: none")
        return "control groups (" + ", ".join(parts) + ")"


def _own_groups() -> dict[str, str]:
    """Controller (or ``""`` for v2) -> this process's group path, from /proc/self/cgroup."""
    groups: dict[str, str] = {}
    try:
        text = Path("/proc/self/cgroup").read_text(encoding="utf-8")
    except OSError:
        return groups
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "":
            groups[""] = path
        for name in controllers.split(","):
            if name:
                groups[name] = path
    return groups


def _writable_parent(mount: Path, relative: str, needs: str = "cgroup.procs"
                     ) -> Path | None:
    """The grader's group folder in a hierarchy, if we may create groups in it.

    A trial child group is made and removed; ``needs`` is a file the child
    must have (the interface of the controller we want from it).
    """
    folder = mount / relative.lstrip("/")
    probe = folder / f"loyaltylab-probe-{os.getpid()}-{threading.get_ident()}"
    try:
        probe.mkdir()
    except OSError:
        return None
    try:
        return folder if (probe / needs).exists() else None
    finally:
        try:
            probe.rmdir()
        except OSError:
            pass


def _v2_mount() -> Path | None:
    for candidate in (CGROUP_ROOT, CGROUP_ROOT / "unified"):
        if (candidate / "cgroup.controllers").is_file():
            return candidate
    return None


def _v2_enabled(folder: Path) -> set[str]:
    """Controllers that new children of ``folder`` get (its subtree_control)."""
    try:
        return set((folder / "cgroup.subtree_control").read_text().split())
    except OSError:
        return set()


_support: Support | None = None
_support_lock = threading.Lock()


def detect() -> Support:
    """What this machine offers (computed once per process)."""
    global _support
    with _support_lock:
        if _support is None:
            _support = _detect()
        return _support


def _detect() -> Support:
    if os.environ.get("LOYALTY_LAB_CGROUPS") == "off":
        return Support()
    own = _own_groups()
    found: dict[str, object] = {}
    v2 = _v2_mount()
    if v2 is not None and "" in own:
        parent = _writable_parent(v2, own[""])
        if parent is not None:
            # A child group of a v2 parent always has cgroup.kill (Linux 5.14+)
            # and cpu.stat; limits only for controllers the parent delegates.
            if os.path.exists("/proc/self/ns/cgroup") and _has_kill(parent):
                found.update(kill=parent, kill_v2=True)
            found.update(cpu_time=parent, cpu_time_v2=True)
            enabled = _v2_enabled(parent)
            if "cpu" in enabled:
                found.update(cpu_weight=parent, cpu_weight_v2=True)
            if "memory" in enabled:
                found.update(memory=parent, memory_v2=True)
            if "pids" in enabled:
                found.update(pids=parent, pids_v2=True)
    for controller, key, files in (("cpuacct", "cpu_time", "cpuacct.usage"),
                                   ("cpu", "cpu_weight", "cpu.shares"),
                                   ("memory", "memory", "memory.limit_in_bytes"),
                                   ("pids", "pids", "pids.max"),
                                   ("freezer", "kill", "freezer.state")):
        if found.get(key) is not None or controller not in own:
            continue
        mount = _v1_mount(controller)
        if mount is None:
            continue
        parent = _writable_parent(mount, own[controller], files)
        if parent is not None:
            found[key] = parent
    return Support(**found)  # type: ignore[arg-type]


def _has_kill(parent: Path) -> bool:
    probe = parent / f"loyaltylab-probe-k{os.getpid()}-{threading.get_ident()}"
    try:
        probe.mkdir()
    except OSError:
        return False
    try:
        return (probe / "cgroup.kill").exists()
    finally:
        try:
            probe.rmdir()
        except OSError:
            pass


def _v1_mount(controller: str) -> Path | None:
    """Mount point of a version 1 controller (``/sys/fs/cgroup/<name>`` usually)."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "cgroup":
            if controller in parts[3].split(","):
                return Path(parts[1])
    return None


@dataclass
class RunGroup:
    """The groups of one run (one folder per hierarchy used)."""

    support: Support
    name: str
    folders: dict[str, Path] = field(default_factory=dict)

    @property
    def procs_files(self) -> list[str]:
        """The ``cgroup.procs`` files a new process must join (one per hierarchy)."""
        seen: list[str] = []
        for folder in self.folders.values():
            path = str(folder / "cgroup.procs")
            if path not in seen:
                seen.append(path)
        return seen

    def _folder(self, feature: str) -> Path | None:
        return self.folders.get(feature)

    def cpu_seconds(self) -> float:
        """CPU time used by every process of the run so far."""
        folder = self._folder("cpu_time")
        if folder is None:
            return 0.0
        try:
            if self.support.cpu_time_v2:
                for line in (folder / "cpu.stat").read_text().splitlines():
                    if line.startswith("usage_usec "):
                        return int(line.split()[1]) / 1e6
                return 0.0
            return int((folder / "cpuacct.usage").read_text()) / 1e9
        except (OSError, ValueError):
            return 0.0

    def memory_peak(self) -> int | None:
        """Highest memory use of the run's group in bytes (``None`` if not measured)."""
        folder = self._folder("memory")
        if folder is None:
            return None
        names = ("memory.peak",) if self.support.memory_v2 else (
            "memory.memsw.max_usage_in_bytes", "memory.max_usage_in_bytes")
        for name in names:
            try:
                return int((folder / name).read_text())
            except (OSError, ValueError):
                continue
        return None

    def oom_killed(self) -> bool:
        """Whether the kernel killed a process of the run for the memory ceiling."""
        folder = self._folder("memory")
        if folder is None:
            return False
        try:
            if self.support.memory_v2:
                for line in (folder / "memory.events").read_text().splitlines():
                    if line.startswith("oom_kill ") and int(line.split()[1]) > 0:
                        return True
                return False
            for line in (folder / "memory.oom_control").read_text().splitlines():
                if line.startswith("oom_kill ") and int(line.split()[1]) > 0:
                    return True
            return False
        except (OSError, ValueError):
            return False

    def pids(self) -> set[int]:
        """Every process in the run's groups now."""
        found: set[int] = set()
        for path in self.procs_files:
            try:
                found |= {int(p) for p in Path(path).read_text().split()}
            except (OSError, ValueError):
                continue
        return found

    def kill(self, wait: float = 5.0) -> bool:
        """Kill every process of the run (and only those); True when none is left."""
        deadline = time.monotonic() + wait
        kill_folder = self._folder("kill")
        while True:
            if kill_folder is not None and self.support.kill_v2:
                try:
                    (kill_folder / "cgroup.kill").write_text("1")
                except OSError:
                    pass
            else:
                self._freeze(True)
                for pid in self.pids():
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                self._freeze(False)
            if not self.pids():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)

    def _freeze(self, frozen: bool) -> None:
        folder = self._folder("kill")
        if folder is None or self.support.kill_v2:
            return
        try:
            (folder / "freezer.state").write_text("FROZEN" if frozen else "THAWED")
        except OSError:
            pass

    def remove(self) -> None:
        """Remove the (empty) groups; a group still in use is left and reported by kill()."""
        for folder in {str(f): f for f in self.folders.values()}.values():
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)


def create(memory_bytes: int | None, pids: int | None, support: Support | None = None
           ) -> RunGroup | None:
    """Make the groups of a new run with its limits, or ``None`` without support."""
    support = support or detect()
    if not support.usable:
        return None
    with _counter_lock:
        name = f"loyaltylab-{os.getpid()}-{next(_counter)}"
    group = RunGroup(support=support, name=name)
    made: dict[str, Path] = {}
    try:
        for feature in ("kill", "cpu_time", "cpu_weight", "memory", "pids"):
            parent = getattr(support, feature)
            if parent is None:
                continue
            folder = parent / name
            if str(folder) not in {str(f) for f in made.values()}:
                folder.mkdir()
            made[feature] = folder
        group.folders = made
        _limit(group, memory_bytes, pids)
    except OSError:
        group.folders = made
        group.kill(wait=0.5)
        group.remove()
        return None
    return group


def _limit(group: RunGroup, memory_bytes: int | None, pids: int | None) -> None:
    support = group.support
    memory = group.folders.get("memory")
    if memory is not None and memory_bytes:
        if support.memory_v2:
            (memory / "memory.max").write_text(str(int(memory_bytes)))
            swap = memory / "memory.swap.max"
            if swap.exists():
                swap.write_text("0")
        else:
            (memory / "memory.limit_in_bytes").write_text(str(int(memory_bytes)))
            memsw = memory / "memory.memsw.limit_in_bytes"
            if memsw.exists():
                try:
                    memsw.write_text(str(int(memory_bytes)))
                except OSError:
                    pass
    folder = group.folders.get("pids")
    if folder is not None and pids:
        (folder / "pids.max").write_text(str(int(pids)))
    weight = group.folders.get("cpu_weight")
    if weight is not None:
        # Equal for every run (the defaults), written for clarity and so that
        # a parent configured otherwise does not change the split between runs.
        if support.cpu_weight_v2:
            (weight / "cpu.weight").write_text("100")
        else:
            (weight / "cpu.shares").write_text("1024")
