"""Run one submitted notebook within its time budget.

A notebook gets one wall-clock budget for everything (``Limits.wall_seconds``
or what is left of its student's budget, whichever is less). Within it:

* a notebook stopped for time (its wall clock, its CPU time, or a cell that
  ignored the per-cell timers) is **not** run again: what it had answered
  until then is graded;
* a cell that ends the whole process (``os._exit``, a signal, the memory
  ceiling) is skipped and the notebook run again *in what is left of the
  same budget*, at most ``Limits.retries`` times, so that the answers of
  the other cells still count, as they would for a cell that merely raised;
* a run that failed for a reason outside the notebook (bubblewrap or the
  control group could not be set up) is tried once more; if it fails again
  the student's grading has failed (reported, and the batch's exit status
  says so) rather than scored as if the student had done nothing.

The snapshot that holds the most answers wins.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sim.grading.answers import InvalidDataError, Snapshot, parse_latest
from sim.grading.notebooks import Submission
from sim.grading.sandbox import Limits, RunOutcome, run_once


@dataclass
class Execution:
    """The outcome of running one notebook, ready for judging."""

    snapshot: Snapshot
    notes: list[str] = field(default_factory=list)
    attempts: int = 0
    seconds: float = 0.0
    failed: str | None = None
    cpu_seconds: float = 0.0
    memory_peak: int | None = None


def describe_death(outcome: RunOutcome, limits: Limits) -> str:
    """Why a run ended before its last cell, in words for the student."""
    if outcome.timed_out:
        return "the notebook ran out of its time budget and was stopped"
    if outcome.cpu_exceeded:
        return (f"the notebook used more than {limits.cpu_seconds:g} s of CPU time (all its "
                "processes together) and was stopped")
    if outcome.oom_killed:
        return (f"the notebook went over the memory limit of "
                f"{limits.memory_bytes / 1024**2:.0f} MB (all its processes together)")
    code = outcome.returncode
    if code is not None and code < 0:
        return f"the notebook's process was killed by signal {-code}"
    if code is not None and code > 128:
        # bubblewrap reports a child killed by signal N as exit status 128 + N
        return f"the notebook's process was killed by signal {code - 128}"
    return f"the notebook's process ended abruptly (exit status {code})"


def execute(sub: Submission, *, limits: Limits, mode: str, budget: float | None = None,
            cgroup_mode: str = "auto") -> Execution:
    """Run ``sub`` in the sandbox within its budget and return the best snapshot.

    Args:
        sub: The validated notebook.
        limits: Limits and budgets.
        mode: ``"bubblewrap"`` or ``"none"``.
        budget: Seconds left for this notebook (default ``limits.wall_seconds``).
        cgroup_mode: ``"auto"`` or ``"off"``.
    """
    start = time.monotonic()
    allowed = limits.wall_seconds if budget is None else min(limits.wall_seconds, budget)
    deadline = start + allowed
    result = Execution(snapshot=Snapshot())
    skip: list[int] = []
    best: Snapshot | None = None
    infrastructure_retry = True
    while True:
        left = deadline - time.monotonic()
        if left <= 0.05:
            result.notes.append(f"{sub.name}: no time left in the budget; "
                                + ("later cells were not run" if result.attempts else
                                   "the notebook was not run"))
            break
        outcome = run_once(sub.cells, sub.name, sub.raw, limits=limits, skip=skip, mode=mode,
                           wall_seconds=left, cgroup_mode=cgroup_mode)
        result.attempts += 1
        result.cpu_seconds += outcome.cpu_seconds or 0.0
        if outcome.memory_peak is not None:
            result.memory_peak = max(result.memory_peak or 0, outcome.memory_peak)
        if outcome.leftovers:
            result.notes.append(f"{sub.name}: {outcome.leftovers} process(es) of the run "
                                "could not be ended")
        if outcome.infrastructure_error:
            if infrastructure_retry:
                infrastructure_retry = False
                continue
            result.failed = f"{sub.name}: {outcome.infrastructure_error}"
            break
        try:
            snap = parse_latest(outcome.snapshot_texts)
        except InvalidDataError as exc:
            result.notes.append(f"{sub.name}: {exc}; {describe_death(outcome, limits)}")
            break
        if best is None or snap.answered >= best.answered:
            best = snap
        if snap.done:
            break
        death = describe_death(outcome, limits)
        stopped_for_time = outcome.timed_out or outcome.cpu_exceeded
        if stopped_for_time or snap.running is None or snap.running in skip:
            where = f" in code cell {snap.running + 1}" if snap.running is not None else ""
            result.notes.append(f"{sub.name}: {death}{where}")
            break
        if len(skip) >= limits.retries:
            result.notes.append(f"{sub.name}: {death} in code cell {snap.running + 1}; "
                                "no more reruns")
            break
        result.notes.append(f"{sub.name}: {death} in code cell {snap.running + 1}; "
                            "that cell is skipped and the notebook run again")
        skip.append(snap.running)
    if best is not None:
        result.snapshot = best
    result.seconds = time.monotonic() - start
    return result
