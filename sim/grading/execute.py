"""Run one submitted notebook, retrying around cells that kill the run.

A cell that calls ``os._exit``, kills its own process, exhausts memory or
ignores the per-cell timer ends the whole run. The runner's snapshot says
which cell was running at that moment, so the notebook is run again with
that cell skipped (up to ``Limits.retries`` times): the answers of the
other cells are still graded, as they would be for a cell that merely
raised. The snapshot that holds the most answers wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.grading.answers import InvalidDataError, Snapshot, parse_latest
from sim.grading.notebooks import Submission
from sim.grading.sandbox import Limits, run_once


@dataclass
class Execution:
    """The outcome of running one notebook, ready for judging."""

    snapshot: Snapshot
    notes: list[str] = field(default_factory=list)
    attempts: int = 0
    seconds: float = 0.0


def _describe_death(outcome_returncode: int | None, timed_out: bool, limits: Limits) -> str:
    if timed_out:
        return f"the notebook ran longer than {limits.wall_seconds:g} s and was stopped"
    if outcome_returncode is not None and outcome_returncode < 0:
        return f"the notebook's process was killed by signal {-outcome_returncode}"
    if outcome_returncode is not None and outcome_returncode > 128:
        # bubblewrap reports a child killed by signal N as exit status 128 + N
        return f"the notebook's process was killed by signal {outcome_returncode - 128}"
    return f"the notebook's process ended abruptly (exit status {outcome_returncode})"


def execute(sub: Submission, *, limits: Limits, slot: int, mode: str) -> Execution:
    """Run ``sub`` in the sandbox (with retries) and return the best snapshot."""
    result = Execution(snapshot=Snapshot())
    skip: list[int] = []
    best: Snapshot | None = None
    for _attempt in range(limits.retries + 1):
        outcome = run_once(sub.cells, sub.name, sub.raw, limits=limits, slot=slot,
                           skip=skip, mode=mode)
        result.attempts += 1
        result.seconds += outcome.seconds
        try:
            snap = parse_latest(outcome.snapshot_texts)
        except InvalidDataError as exc:
            result.notes.append(f"{sub.name}: {exc}; "
                                + _describe_death(outcome.returncode, outcome.timed_out, limits))
            break
        if best is None or snap.answered >= best.answered:
            best = snap
        if snap.done:
            break
        death = _describe_death(outcome.returncode, outcome.timed_out, limits)
        if snap.running is None or snap.running in skip:
            result.notes.append(f"{sub.name}: {death}")
            break
        result.notes.append(f"{sub.name}: {death} in code cell {snap.running + 1}; "
                            "that cell is skipped and the notebook run again")
        skip.append(snap.running)
    if best is not None:
        result.snapshot = best
    return result
