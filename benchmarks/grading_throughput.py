"""Grading throughput on the reference solutions (issues 5 and 10).

Target: at least 5 submissions per second per core (5x the original target
of 1), where a submission is one student's notebook graded the way
``loyalty-lab grade`` does it: read and chosen out of an assignment, run in
the sandbox (allowlist runtime, control group, leased user id, seccomp
filter), validated, judged with the hidden tests (re-running simulations),
and reported (results, feedback, gradebook, grades.json, the instructor
report with its two charts).

The batch is made of copies of the reference solutions, one chapter
notebook per student, cycling through chapters 0-8, graded out of all nine
chapters. It is graded three times: *cold* (empty simulation cache: the
grader runs every simulation-backed test itself once, then reuses it for
identical answers), *warm* (the cache filled by the first pass, as for a
class where many students submit the same parameters) and *distinct*
(every student's simulation answers moved by a hair, so every one of them
is simulated: the worst case). A last figure grades whole students (all
nine notebooks each).

Two figures per run, both as a ratio to 1 submission/s/core:

* **per core** (wall clock): submissions / seconds / workers, what an
  instructor sees on an otherwise idle machine;
* **per CPU-second**: submissions / CPU seconds used by the grader and
  everything it started (measured in a control group of its own), which
  does not depend on what else the machine is doing (the reference machine
  is shared, so its wall clock varies by a factor of three).

Each run is a separate process in that control group; its start-up is not
counted. The load average before and after is recorded.

Run: ``python -m benchmarks grading_throughput`` or
``python benchmarks/grading_throughput.py [--students N] [--jobs J]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("results")
TARGET_PER_CORE = 1.0
TARGET_RATIO = 5.0


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


def _cpu_now(meter: dict | None) -> float | None:
    """CPU seconds used so far in the measuring group (None without one)."""
    if not meter:
        return None
    path = Path(meter["file"])
    try:
        if meter["v2"]:
            for line in path.read_text().splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
            return None
        return int(path.read_text()) / 1e9
    except (OSError, ValueError):
        return None


def inner(argv: list[str]) -> int:
    """One measured run (a process of its own, inside the measuring group)."""
    subs, out, jobs, cache, meter = Path(argv[0]), Path(argv[1]), int(argv[2]), argv[3], \
        json.loads(argv[4])
    from sim.grading.batch import grade_batch
    from sim.grading.sandbox import detect_sandbox

    detect_sandbox()
    cpu_start = _cpu_now(meter)
    start = time.perf_counter()
    results = grade_batch(subs, out, chapters=range(9), jobs=jobs, cache_dir=cache)
    seconds = time.perf_counter() - start
    cpu_end = _cpu_now(meter)
    full_single = all(r.score == _chapter_points(r.notebooks) for r in results)
    print(json.dumps({
        "seconds": seconds,
        "cpu_seconds": None if cpu_start is None or cpu_end is None else cpu_end - cpu_start,
        "students": len(results), "notebooks": sum(len(r.notebooks) for r in results),
        "all_full_marks": full_single, "sandbox": sorted({r.sandbox for r in results}),
    }))
    return 0


def _measuring_group():
    """A control group for the runs, or ``None`` where the machine offers none."""
    from sim.grading import cgroups

    support = cgroups.detect()
    if not support.cpu_time:
        return None, None
    group = cgroups.create(None, None, support)
    if group is None:
        return None, None
    folder = group.folders["cpu_time"]
    meter = {"file": str(folder / ("cpu.stat" if support.cpu_time_v2 else "cpuacct.usage")),
             "v2": support.cpu_time_v2}
    return group, meter


def _run(batch: Path, out: Path, jobs: int, cache: Path, group, meter) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.grading_throughput", "--inner", str(batch),
           str(out), str(jobs), str(cache), json.dumps(meter)]
    if group is not None:
        from sim.grading.sandbox import _LAUNCHER

        cmd = ["/bin/sh", "-c", _LAUNCHER, "sh", *group.procs_files, "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise RuntimeError(f"benchmark run failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _figures(row: dict, jobs: int) -> dict:
    per_core = row["notebooks"] / row["seconds"] / jobs
    figures = {"notebooks": row["notebooks"], "seconds": round(row["seconds"], 3),
               "per_second_per_core": round(per_core, 3),
               "ratio_to_target": round(per_core / TARGET_PER_CORE, 2),
               "all_full_marks": row["all_full_marks"]}
    if row.get("cpu_seconds"):
        per_cpu = row["notebooks"] / row["cpu_seconds"]
        figures.update(cpu_seconds=round(row["cpu_seconds"], 3),
                       per_cpu_second=round(per_cpu, 3),
                       cpu_ratio_to_target=round(per_cpu / TARGET_PER_CORE, 2))
    return figures


def main(argv: list[str] | None = None) -> int:
    """Measure and print the grading throughput; write the figures to results/."""
    argv = list(argv or [])
    if argv[:1] == ["--inner"]:
        return inner(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=36, help="single-notebook students")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    from sim.grading.sandbox import detect_sandbox

    jobs = max(1, args.jobs)
    report: dict = {"jobs": jobs, "sandbox": detect_sandbox(), "target_per_core": TARGET_PER_CORE,
                    "target_ratio": TARGET_RATIO, "load_average_before": os.getloadavg()[0]}
    group, meter = _measuring_group()
    try:
        with tempfile.TemporaryDirectory(prefix="loyaltylab-bench-") as tmp:
            root = Path(tmp)
            cache = root / "simcache"
            single = _make_batch(root, args.students, whole=False)
            distinct = _make_batch(root, args.students, whole=False, distinct=True)
            for label, batch in (("cold", single), ("warm", single), ("distinct", distinct)):
                row = _run(batch, root / f"out-{label}", jobs, cache, group, meter)
                report[label] = _figures(row, jobs)
            whole_students = max(1, args.students // 9)
            whole = _make_batch(root, whole_students, whole=True)
            row = _run(whole, root / "out-whole", jobs, cache, group, meter)
            report["whole_students"] = {"students": row["students"],
                                        **_figures(row, jobs)}
    finally:
        if group is not None:
            group.kill(wait=5)
            group.remove()
    report["load_average_after"] = os.getloadavg()[0]
    # A plain sandboxed run of one small notebook: the fixed cost per submission.
    report["sandbox_run_ms"] = round(_sandbox_run_ms(), 1)
    print(f"sandbox: {report['sandbox']}, workers: {jobs}, load average "
          f"{report['load_average_before']:.1f} -> {report['load_average_after']:.1f}")
    for label in ("cold", "warm", "distinct", "whole_students"):
        row = report[label]
        cpu = (f"; {row['per_cpu_second']:.2f} per CPU-second "
               f"({row['cpu_ratio_to_target']:.1f}x)" if "per_cpu_second" in row else "")
        print(f"{label:>14}: {row['notebooks']} notebooks in {row['seconds']:.2f} s = "
              f"{row['per_second_per_core']:.2f} submissions/s/core "
              f"({row['ratio_to_target']:.1f}x the target of {TARGET_PER_CORE:g}){cpu}; "
              f"all full marks: {row['all_full_marks']}")
    print(f"one sandboxed run of a small notebook: {report['sandbox_run_ms']:.0f} ms")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "grading_throughput.json").write_text(json.dumps(report, indent=2))
    cold = report["cold"]
    best = cold.get("cpu_ratio_to_target", cold["ratio_to_target"])
    return 0 if best >= TARGET_RATIO else 1


def _chapter_points(notebooks: list[str]) -> float:
    """Points the grader marks in the chapters a student submitted (full marks here)."""
    from sim.exercises import chapters

    numbers = [int(name[2:4]) for name in notebooks]
    return sum(q.auto_points for c in chapters(numbers) for q in c.questions)


def _sandbox_run_ms() -> float:
    from sim.grading.sandbox import Limits, detect_sandbox, run_once

    times = []
    for _ in range(5):
        start = time.perf_counter()
        run_once(["answer_0_1 = 40.0"], "probe.ipynb", b"{}", limits=Limits(), skip=[],
                 mode=detect_sandbox())
        times.append(time.perf_counter() - start)
    return 1000 * sorted(times)[len(times) // 2]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
