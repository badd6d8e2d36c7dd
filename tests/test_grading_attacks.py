"""Attacks on the grader's sandbox, each kept as a test (issue 10), run under bubblewrap.

Every test here starts its own sandbox runs and looks only at processes
those runs started (found by a random token in their command line) or at
processes it started itself: nothing depends on the rest of the machine.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import threading
import time

import pytest

import sim.exercises as ex
from sim.exercises import simruns
from sim.grading import cgroups, sandbox, uids
from sim.grading.answers import parse_latest
from sim.grading.assignment import Assignment
from sim.grading.batch import grade_batch
from sim.grading.sandbox import Limits, run_once

# serial: the grader's time limits must not share the machine with other tests.
pytestmark = [
    pytest.mark.serial,
    pytest.mark.timeout(300),
    pytest.mark.skipif(sandbox.detect_sandbox() != "bubblewrap", reason="needs bubblewrap"),
]
CH6 = ex.chapters([6])[0]
CORRECT_6 = (
    "answer_6_1 = {'start_of_year': 7074.49, 'end_of_year': 6528.23}\n"
    "answer_6_2 = 4.0\nanswer_6_3 = 428.5714\n"
    "answer_6_4 = ['platinum', 'gold', 'iron', 'lead']\nanswer_6_5 = 0.25\n"
)
QUICK = Limits(wall_seconds=20, cell_seconds=10, cell_wall_seconds=15, cpu_seconds=20)
HAS_CGROUPS = cgroups.detect().usable


def probe(cells: list[str], mode: str = "bubblewrap", limits: Limits = QUICK,
          cgroup_mode: str = "auto"):
    outcome = run_once(cells, "probe.ipynb", b"{}", limits=limits, skip=[], mode=mode,
                       cgroup_mode=cgroup_mode)
    return outcome, parse_latest(outcome.snapshot_texts)


def code_notebook(*cells: str, chapter: int = 6) -> dict:
    return {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": None,
                       "outputs": [], "source": s} for s in cells],
            "metadata": {"loyalty_lab": {"chapter": chapter}}, "nbformat": 4,
            "nbformat_minor": 5}


def processes_with(token: str) -> list[int]:
    """Pids whose command line holds ``token`` (only processes a test started carry it)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                    if token.encode() in handle.read():
                        found.append(int(entry.name))
            except OSError:
                continue
    return found


# ------------------------------------------------------------ seccomp and user namespaces

SYSCALL_PROBE = r"""
import ctypes, os, threading
libc = ctypes.CDLL(None, use_errno=True)
def attempt(call):
    ctypes.set_errno(0)
    result = call()
    return [result, ctypes.get_errno()]
NR = {'x86_64': dict(clone=56, clone3=435, setns=308, keyctl=250, bpf=321, io_uring_setup=425,
                     unshare=272),
      'aarch64': dict(clone=220, clone3=435, setns=268, keyctl=219, bpf=280,
                      io_uring_setup=425, unshare=97)}[os.uname().machine]
res = {}
res['unshare_user'] = attempt(lambda: libc.unshare(0x10000000))
res['unshare_mount'] = attempt(lambda: libc.unshare(0x00020000))
def raw_clone():
    pid = libc.syscall(NR['clone'], 0x10000000 | 17, 0, 0, 0, 0)
    if pid == 0:
        os._exit(0)
    if pid > 0:
        os.waitpid(pid, 0)
    return pid
res['clone_newuser'] = attempt(raw_clone)
res['clone3'] = attempt(lambda: libc.syscall(NR['clone3'], 0, 0))
res['setns'] = attempt(lambda: libc.syscall(NR['setns'], 0, 0))
res['mount'] = attempt(lambda: libc.mount(b'none', b'/tmp', b'tmpfs', 0, None))
res['umount'] = attempt(lambda: libc.umount2(b'/tmp', 2))
res['ptrace'] = attempt(lambda: libc.ptrace(16, os.getppid(), 0, 0))
res['keyctl'] = attempt(lambda: libc.syscall(NR['keyctl'], 0, -3, 0, 0))
res['bpf'] = attempt(lambda: libc.syscall(NR['bpf'], 0, 0, 0))
res['io_uring'] = attempt(lambda: libc.syscall(NR['io_uring_setup'], 1, 0))
seen = []
thread = threading.Thread(target=lambda: seen.append(1))
thread.start(); thread.join()
pid = os.fork()
if pid == 0:
    os._exit(7)
res['fork'] = os.waitpid(pid, 0)[1] >> 8
res['thread'] = len(seen)
res['uid'] = os.getuid()
answer_0_1 = res
"""


@pytest.mark.parametrize("mode", ["bubblewrap", "none"])
def test_seccomp_stops_namespaces_mounts_tracing_keyring_and_bpf(mode):
    _, snap = probe([SYSCALL_PROBE], mode=mode)
    res = snap.answers["answer_0_1"]
    eperm, enosys = 1, 38
    for name in ("unshare_user", "unshare_mount", "clone_newuser", "setns", "mount", "umount",
                 "ptrace", "keyctl", "bpf", "io_uring"):
        assert res[name] == [-1, eperm], (name, res[name])
    assert res["clone3"] == [-1, enosys]  # the C library then falls back to clone
    assert res["fork"] == 7 and res["thread"] == 1  # ordinary processes and threads work
    assert res["uid"] >= uids.pool().base


def test_without_the_filter_an_unprivileged_user_could_make_a_user_namespace():
    """The control: any user may create user namespaces here; the filter is what stops it."""
    if shutil.which("unshare") is None or os.getuid() != 0:
        pytest.skip("needs util-linux unshare and root to become another user")
    with uids.UidLease() as lease:
        done = subprocess.run(["unshare", "--user", "true"], user=lease.uid, group=lease.uid,
                              extra_groups=[], capture_output=True)
    assert done.returncode == 0, done.stderr


# ------------------------------------------------------------ cleanup (issue 14)

DAEMON = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.setsid()
        if os.fork() == 0:
            for argv in ([sys.executable, '-c', 'import time; time.sleep(60)', '{token}'],
                         ['/bin/sh', '-c', 'sleep 60', '{token}']):
                try:
                    os.execv(argv[0], argv)
                except OSError:
                    continue
    finally:
        os._exit(0)
os.waitpid(pid, 0)
answer_0_1 = 'daemon started'
"""


def _version_1_only() -> cgroups.Support:
    """What the machine offers without its unified (v2) hierarchy."""
    real = cgroups._v2_mount
    cgroups._v2_mount = lambda: None
    try:
        return cgroups._detect()
    finally:
        cgroups._v2_mount = real


@pytest.mark.parametrize("mode", ["bubblewrap", "none"])
@pytest.mark.parametrize("cgroup_mode", ["auto", "v1", "off"])
def test_no_process_a_run_started_survives_it(mode, cgroup_mode, monkeypatch):
    """A daemon that left its session and its parent dies with the run (and nothing else).

    Three cleanups: the run's control group (as the machine offers it, and
    version 1 alone: freezer and process list), and without groups the
    leased user id and the PID namespace.
    """
    if cgroup_mode == "auto" and not HAS_CGROUPS:
        pytest.skip("no control groups here")
    if cgroup_mode == "v1":
        support = _version_1_only()
        if not support.usable:
            pytest.skip("no version 1 control groups here")
        monkeypatch.setattr(cgroups, "_support", support)
    token = "loyaltylab-daemon-" + secrets.token_hex(8)
    cells = [DAEMON.format(token=token), "import time\ntime.sleep(1.5)"]
    done: dict = {}
    wanted = "off" if cgroup_mode == "off" else "auto"
    runner = threading.Thread(target=lambda: done.update(
        zip(("outcome", "snap"), probe(cells, mode=mode, cgroup_mode=wanted), strict=True)))
    runner.start()
    seen = False
    while runner.is_alive():
        seen = seen or bool(processes_with(token))
        time.sleep(0.05)
    runner.join()
    assert done["snap"].answers["answer_0_1"] == "daemon started"
    assert seen, "the daemon never ran, so this test would prove nothing"
    assert done["outcome"].cgroup == (cgroup_mode != "off")
    assert done["outcome"].leftovers == 0
    assert processes_with(token) == []


def test_cleanup_spares_a_bystander_with_a_sandbox_like_user_id():
    """Cleanup kills by leased id only; an id some process already uses is never leased."""
    if os.getuid() != 0:
        pytest.skip("needs root")
    pool = uids.pool()
    start = (os.getpid() * 7 + threading.get_ident()) % pool.size
    first = pool.candidates(start)[0]
    token = "loyaltylab-bystander-" + secrets.token_hex(8)
    bystander = subprocess.Popen(["/bin/sh", "-c", "sleep 60", token],
                                 user=first, group=first, extra_groups=[])
    try:
        outcome, snap = probe(["import os\nanswer_0_1 = os.getuid()"], mode="none",
                              cgroup_mode="off")
        assert snap.answers["answer_0_1"] != first
        assert bystander.poll() is None  # still running
    finally:
        bystander.kill()
        bystander.wait()


def test_sandbox_ids_avoid_subordinate_ranges():
    pool = uids.pool()
    for path in ("/etc/subuid", "/etc/subgid"):
        for low, high in uids._ranges(path):
            assert pool.base > high or pool.base + pool.size - 1 < low
    assert pool.base >= 1_879_048_192  # above systemd-nspawn's container range


# ------------------------------------------------------------ memory: one ceiling per sandbox

@pytest.mark.skipif(not (HAS_CGROUPS and cgroups.detect().memory), reason="no memory cgroup")
def test_memory_ceiling_is_per_sandbox_not_per_process():
    """Four children of 300 MB each cannot take 1.2 GB when the run may use 512 MB."""
    limit = 512 * 1024**2
    hog = """
import os
pids = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        block = bytearray(300 * 1024 * 1024)
        for i in range(0, len(block), 4096):
            block[i] = 1
        os._exit(0)
    pids.append(pid)
answer_0_1 = [os.waitpid(pid, 0)[1] for pid in pids]
"""
    outcome, snap = probe([hog], limits=Limits(memory_bytes=limit, wall_seconds=30,
                                               cell_seconds=20, cell_wall_seconds=25))
    statuses = snap.answers.get("answer_0_1")
    # each child alone fits its own address-space limit; together they do not fit the run's
    assert statuses is None or any(status != 0 for status in statuses)
    assert outcome.memory_peak is not None and outcome.memory_peak <= limit + 8 * 1024**2
    assert outcome.oom_killed


# ------------------------------------------------------------ CPU: a neighbour cannot cost marks

HONEST = """
total = 0
for i in range(3_000_000):  # some real work before the answers: about half a second of CPU
    total += i * i
""" + CORRECT_6.replace("answer_6_2 = 4.0", "answer_6_2 = float(total > 0) * 4.0")
NEIGHBOUR = ["""
import os, time
end = time.time() + 10
started = 0
for _ in range(62):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        while time.time() < end:
            pass
        os._exit(0)
    started += 1
answer_0_1 = started
"""] + ["import time\ntime.sleep(2)"] * 5  # each cell short of any per-cell limit


@pytest.mark.skipif(not HAS_CGROUPS, reason="fair CPU shares need control groups")
def test_an_honest_students_score_is_the_same_with_a_cpu_hungry_neighbour(tmp_path):
    # CPU limits are what a neighbour must not eat into; the wall-clock backstops are
    # generous so that a machine busy with other work cannot decide the outcome either
    limits = Limits(cell_seconds=3, cell_wall_seconds=90, wall_seconds=120,
                    student_seconds=150, cpu_seconds=30)
    assignment = Assignment.from_numbers([6])
    scores = {}
    for label, neighbour in (("alone", False), ("neighbour", True)):
        subs = tmp_path / label / "subs"
        for index in range(3):
            folder = subs / f"honest{index}"
            folder.mkdir(parents=True)
            (folder / "ch06.ipynb").write_text(json.dumps(code_notebook(HONEST)))
        if neighbour:
            (subs / "aaa-neighbour").mkdir()
            (subs / "aaa-neighbour" / "ch06.ipynb").write_text(
                json.dumps(code_notebook(*NEIGHBOUR)))
        results = grade_batch(subs, tmp_path / label / "out", assignment=assignment, jobs=2,
                              limits=limits, cache_dir="off")
        scores[label] = {r.student: r.score for r in results if r.student.startswith("h")}
        if neighbour:
            hungry = next(r for r in results if r.student == "aaa-neighbour")
            assert hungry.cpu_seconds > 2  # its loops really ran while the others did
    full = sum(q.auto_points for q in CH6.questions)
    assert scores["alone"] == scores["neighbour"] == {f"honest{i}": full for i in range(3)}


# ------------------------------------------------------------ budgets and the worst case

def test_budgets_bound_a_batch_of_sleepers_by_the_documented_formula(tmp_path):
    """Sleeping just under the cell limit, in every cell of every notebook, is capped."""
    limits = Limits(cell_seconds=1.0, cell_wall_seconds=1.0, wall_seconds=2.5,
                    student_seconds=4.0, cpu_seconds=5)
    assignment = Assignment.from_numbers([3, 6])
    subs = tmp_path / "subs"
    sleepy = ["import time\ntime.sleep(0.9)"] * 20
    for index in range(4):
        for chapter in (3, 6):
            folder = subs / f"sleeper{index}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"ch{chapter:02d}.ipynb").write_text(
                json.dumps(code_notebook(*sleepy, chapter=chapter)))
    start = time.monotonic()
    results = grade_batch(subs, tmp_path / "out", assignment=assignment, jobs=2, limits=limits,
                          cache_dir="off")
    seconds = time.monotonic() - start
    bound = sandbox.worst_case_seconds(4, 2, limits, notebooks=2)
    assert bound == 2 * (min(4.0, 2 * 2.5) + 2.0) + 10.0
    assert seconds <= bound
    for result in results:
        assert result.seconds <= limits.student_seconds + 1.0
        notes = " ".join(result.notes + result.not_run)
        assert "run again" not in notes  # a student's timeout is never retried
        assert "time budget" in notes
    # the budgets, not luck, ended it: every student used (nearly) all of theirs
    assert min(r.seconds for r in results) >= limits.student_seconds - 1.0


# ------------------------------------------------------------ the simulation cache

POISON = """
import json, os
answer_0_1 = os.getuid()
attempts = {{}}
for folder in [{cache!r}, {cache!r} + '/x', {out!r} + '/.simcache', os.path.expanduser('~/.cache')]:
    try:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, 'poison.json'), 'w') as handle:
            handle.write(json.dumps({{'metrics': {{}}, 'mac': 'x'}}))
        attempts[folder] = 'written'
    except OSError as exc:
        attempts[folder] = type(exc).__name__
answer_0_2 = attempts
"""


def test_unsandboxed_runs_never_run_as_root_and_cannot_write_the_cache(tmp_path):
    if os.getuid() != 0:
        pytest.skip("the grader runs as root here only")
    cache = tmp_path / "cache"
    simruns._private_folder(cache)
    out = tmp_path / "out"
    subs = tmp_path / "subs" / "attacker"
    subs.mkdir(parents=True)
    cell = POISON.format(cache=str(cache), out=str(out))
    (subs / "ch00.ipynb").write_text(json.dumps(code_notebook(cell, chapter=0)))
    results = grade_batch(subs.parent, out, chapters=[0], jobs=1, mode="none",
                          cache_dir=str(cache))
    result = results[0]
    assert result.sandbox == "none"
    answers = {q.qid: q.answer for q in result.questions}
    assert answers["0.1"] != 0 and answers["0.1"] >= uids.pool().base
    assert not list(cache.rglob("poison.json"))
    assert not (out / ".simcache").exists()


def test_a_forged_cache_entry_is_not_trusted(tmp_path):
    """An entry that fails its HMAC (written by anyone but the grader) is recomputed."""
    cache = tmp_path / "cache"
    question = ex.question("2.5")
    proposal = {"financial_bond": 1.0, "social_bond": 0.0, "structural_bond": 0.0}
    fields = question.task.fields(proposal)
    previous = simruns.configured()
    simruns.configure(str(cache))
    try:
        simruns.clear_memory()
        true_value = simruns.mean_metrics(fields, question.task.seeds)["share_IV"]
        forged = {name: 1.0 for name in simruns.METRICS}
        for seed in question.task.seeds:
            path = cache / simruns.engine_fingerprint() / f"{simruns._key(fields, seed)}.json"
            assert path.is_file()
            path.write_text(json.dumps({"metrics": forged, "mac": "0" * 64}))
        simruns.clear_memory()
        again = simruns.mean_metrics(fields, question.task.seeds)["share_IV"]
    finally:
        simruns.configure(previous)
        simruns.clear_memory()
    assert again == true_value < 0.75  # the goal stays missed
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    assert oct((cache / "key").stat().st_mode & 0o777) == "0o600"


def test_the_cache_lives_outside_the_output_folder(tmp_path):
    subs = tmp_path / "subs" / "someone"
    subs.mkdir(parents=True)
    (subs / "ch02.ipynb").write_text(json.dumps(code_notebook(
        "answer_2_5 = {'financial_bond': 0.2, 'social_bond': 0.1, 'structural_bond': 0.1}",
        chapter=2)))
    cache = tmp_path / "private-cache"
    grade_batch(subs.parent, tmp_path / "out", chapters=[2], jobs=1, cache_dir=str(cache))
    assert not (tmp_path / "out" / ".simcache").exists()
    assert list((cache / simruns.engine_fingerprint()).glob("*.json"))


TOOLS = r"""
import multiprocessing, os
def square(x):
    return x * x
with multiprocessing.Pool(2) as pool:  # semaphores in /dev/shm, functions pickled by name
    squares = pool.map(square, range(5))
import numpy, pandas
import matplotlib.pyplot as plt
figure = plt.figure()
plt.plot([1, 2])
figure.savefig('figure.png')  # the working folder (in the fallback /tmp is the host's)
import sim
shares = sim.LoyaltyModel(seed=1, n_customers=30, periods=4).run().pattern_shares
answer_0_1 = {'squares': squares, 'mean': float(pandas.Series(numpy.arange(5)).mean()),
              'png': os.path.getsize('figure.png') > 0, 'shares': sum(shares.values())}
"""


@pytest.mark.parametrize("mode", ["bubblewrap", "none"])
def test_ordinary_notebook_tools_work_in_the_sandbox(mode):
    """The allowlist is minimal, not crippling: pools, pandas, matplotlib and the model run."""
    _, snap = probe([TOOLS], mode=mode)
    assert snap.cells[0]["status"] == "ok", snap.cells
    result = snap.answers["answer_0_1"]
    assert result["squares"] == [0, 1, 4, 9, 16] and result["mean"] == 2.0
    assert result["png"] and result["shares"] == pytest.approx(1.0)
