"""Grading throughput on the reference solutions (issue 5).

Target: at least 1 submission per second per core, where a submission is
one student's notebook, graded the way ``loyalty-lab grade`` does it
(sandboxed run, validation, hidden tests, reports, gradebook).

The batch is made of copies of the reference solutions, one chapter
notebook per student, cycling through chapters 0-8. It is graded three
times: *cold* (empty simulation cache: the grader runs every
simulation-backed test itself once, then reuses it for identical answers),
*warm* (the cache filled by the first pass, as for a class where many
students submit the same parameters) and *distinct* (every student's
simulation answers moved by a hair, so every one of them is simulated: the
worst case). A last figure grades whole students (all nine notebooks each). Figures are printed as
submissions per second per core and as a ratio to the target, and written
to ``benchmarks/results/grading_throughput.json``.

Run: ``python -m benchmarks grading_throughput`` or
``python benchmarks/grading_throughput.py [--students N] [--jobs J]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("results")
TARGET_PER_CORE = 1.0


def _make_batch(root: Path, students: int, whole: bool, distinct: bool = False) -> Path:
    from sim.exercises import write_notebooks

    reference = root / "reference"
    if not reference.exists():
        write_notebooks(reference, solutions=True)
    notebooks = sorted(reference.glob("ch*.ipynb"))
    subs = root / ("whole" if whole else "distinct" if distinct else "single")
    for index in range(students):
        folder = subs / f"student{index:03d}"
        folder.mkdir(parents=True)
        chosen = notebooks if whole else [notebooks[index % len(notebooks)]]
        for path in chosen:
            if distinct:
                doc = json.loads(path.read_text(encoding="utf-8"))
                doc["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [],
                                     "execution_count": None,
                                     "source": _perturbed(int(path.stem[2:]), index + 1)})
                (folder / path.name).write_text(json.dumps(doc), encoding="utf-8")
            else:
                shutil.copy(path, folder / path.name)
    return subs


def _perturbed(chapter: int, index: int) -> str:
    """Code moving each simulation answer a hair, so that no run is cached.

    Every student then proposes parameters nobody else did: the grader has to
    run the model for each of them (the worst case for throughput).
    """
    from sim.exercises import chapters

    lines = []
    for question in chapters([chapter])[0].questions:
        if question.kind != "simulation":
            continue
        namespace: dict = {}
        exec(question.solution, namespace)  # instructor code
        value = dict(namespace[question.variable])
        levers = question.task.levers if question.task else {k: (0.0, 1.0) for k in value}
        for key, (low, _high) in levers.items():
            step = 1e-4 * index
            value[key] = value[key] - step if value[key] - step >= low else value[key] + step
        lines.append(f"{question.variable} = {value!r}")
    return "\n".join(lines) or "pass"


def _grade(subs: Path, out: Path, jobs: int, cache: Path) -> tuple[float, list]:
    from sim.grading.batch import grade_batch

    start = time.perf_counter()
    results = grade_batch(subs, out, chapters=range(9), jobs=jobs, cache_dir=str(cache))
    return time.perf_counter() - start, results


def main(argv: list[str] | None = None) -> int:
    """Measure and print the grading throughput; write the figures to results/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=36, help="single-notebook students")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv or [])
    from sim.grading.sandbox import detect_sandbox

    jobs = max(1, args.jobs)
    report: dict = {"jobs": jobs, "sandbox": detect_sandbox(), "target_per_core": TARGET_PER_CORE}
    with tempfile.TemporaryDirectory(prefix="loyaltylab-bench-") as tmp:
        root = Path(tmp)
        cache = root / "simcache"
        single = _make_batch(root, args.students, whole=False)
        distinct = _make_batch(root, args.students, whole=False, distinct=True)
        for label, batch in (("cold", single), ("warm", single), ("distinct", distinct)):
            seconds, results = _grade(batch, root / f"out-{label}", jobs, cache)
            full = all(r.score == _chapter_points(r.notebooks) for r in results)
            notebooks = len(results)
            per_core = notebooks / seconds / jobs
            report[label] = {"notebooks": notebooks, "seconds": round(seconds, 3),
                             "per_second_per_core": round(per_core, 3),
                             "ratio_to_target": round(per_core / TARGET_PER_CORE, 2),
                             "all_full_marks": full}
        whole_students = max(2, args.students // 9)
        whole = _make_batch(root, whole_students, whole=True)
        seconds, results = _grade(whole, root / "out-whole", jobs, cache)
        report["whole_students"] = {
            "students": len(results), "notebooks": 9 * len(results),
            "seconds": round(seconds, 3),
            "notebooks_per_second_per_core": round(9 * len(results) / seconds / jobs, 3),
            "all_full_marks": all(r.score == r.max_score for r in results)}
    # A plain sandboxed run of one small notebook: the fixed cost per submission.
    report["sandbox_run_ms"] = round(_sandbox_run_ms(), 1)
    print(f"sandbox: {report['sandbox']}, workers: {jobs}")
    for label in ("cold", "warm", "distinct"):
        row = report[label]
        print(f"{label:>8}: {row['notebooks']} notebooks in {row['seconds']:.2f} s = "
              f"{row['per_second_per_core']:.2f} submissions/s/core "
              f"({row['ratio_to_target']:.1f}x the target of {TARGET_PER_CORE:g}); "
              f"all full marks: {row['all_full_marks']}")
    row = report["whole_students"]
    print(f"whole students (9 notebooks each): {row['students']} in {row['seconds']:.2f} s = "
          f"{row['notebooks_per_second_per_core']:.2f} notebooks/s/core")
    print(f"one sandboxed run of a small notebook: {report['sandbox_run_ms']:.0f} ms")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "grading_throughput.json").write_text(json.dumps(report, indent=2))
    return 0 if report["cold"]["ratio_to_target"] >= 1 else 1


def _chapter_points(notebooks: list[str]) -> float:
    """Points of the chapters a student submitted (what full marks means here)."""
    from sim.exercises import chapters

    numbers = [int(name[2:4]) for name in notebooks]
    return sum(c.points for c in chapters(numbers))


def _sandbox_run_ms() -> float:
    from sim.grading.sandbox import Limits, detect_sandbox, run_once

    times = []
    for _ in range(5):
        start = time.perf_counter()
        run_once(["answer_0_1 = 40.0"], "probe.ipynb", b"{}", limits=Limits(),
                 slot=os.getpid(), skip=[], mode=detect_sandbox())
        times.append(time.perf_counter() - start)
    return 1000 * sorted(times)[len(times) // 2]


if __name__ == "__main__":
    raise SystemExit(main(None))
