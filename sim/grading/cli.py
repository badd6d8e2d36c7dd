"""``loyalty-lab exercises``, ``loyalty-lab grade`` and ``loyalty-lab autograder``.

``exercises --out DIR`` writes the student notebooks (``--solutions`` the
reference solutions) and ``DIR/assignment.json``; ``grade SUBMISSIONS
--assignment DIR/assignment.json --out OUT`` grades a submissions folder
(one folder per student, or a Canvas or Moodle download) into
``OUT/students/<student>/`` (Gradescope ``results.json``, ``feedback.md``),
``OUT/gradebook.csv``, ``OUT/grades.json``, ``OUT/report/index.html`` and,
for written questions, ``OUT/written/`` (sheets to mark by hand; merge them
back with ``grade --merge-written --out OUT``). ``autograder --out
autograder.zip`` writes a Gradescope autograder.

Exit status of ``grade``: 0 every student was graded; 1 the grading of at
least one student failed (listed; regrade them); 2 bad arguments; 3 no
sandbox and ``--require-sandbox``.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path


def _chapters(text: str | None) -> list[int] | None:
    if not text:
        return None
    numbers = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit():
            raise argparse.ArgumentTypeError(
                f"--chapters must be chapter numbers separated by commas, got {text!r}")
        numbers.append(int(part))
    return sorted(set(numbers))


def _number(name: str, low: float, high: float, whole: bool = False):
    def parse(text: str) -> float:
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            value = math.nan
        if not (isinstance(value, int) or math.isfinite(value)) or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{name} must be a {'whole ' if whole else ''}number from {low:g} to "
                f"{high:g}, got {text!r}")
        return value

    return parse


def _language(text: str) -> str:
    """Parse ``--lang``: a bad value names the option, the allowed values and the value."""
    from sim.exercises.zh import LANGUAGES

    if text not in LANGUAGES:
        raise argparse.ArgumentTypeError(f"must be one of {', '.join(LANGUAGES)}, got {text!r}")
    return text


def exercises_main(argv: list[str]) -> int:
    """Write student or reference-solution notebooks and the assignment manifest."""
    parser = argparse.ArgumentParser(
        prog="loyalty-lab exercises",
        description="Write the exercise notebooks chNN.ipynb (student versions by default) "
                    "and assignment.json, the manifest 'loyalty-lab grade' grades out of.")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--solutions", action="store_true",
                        help="write reference solutions instead of student versions")
    parser.add_argument("--chapters", help="comma-separated chapter numbers (default: all)")
    parser.add_argument("--title", default="", help="assignment title (for the report)")
    parser.add_argument("--pages", action="store_true",
                        help="also write the MyST book pages chNN.md (student versions)")
    parser.add_argument("--lang", type=_language, default="en",
                        help="language of the notebooks: en (default) or zh (Chinese); "
                             "questions, points and grading are the same")
    args = parser.parse_args(argv)
    from sim import exercises
    from sim.grading.assignment import Assignment

    try:
        numbers = _chapters(args.chapters)
        paths = exercises.write_notebooks(args.out, solutions=args.solutions, numbers=numbers,
                                          lang=args.lang)
        manifest = Assignment.from_chapters(exercises.chapters(numbers), args.title)
    except (ValueError, argparse.ArgumentTypeError) as exc:
        parser.error(str(exc))
    paths.append(manifest.write(args.out))
    if args.pages:
        paths += exercises.write_book_pages(args.out)
    kind = "reference solutions" if args.solutions else "student notebooks"
    print(f"wrote {len(paths)} files ({kind} and assignment.json: chapters "
          f"{', '.join(map(str, manifest.numbers))}, {manifest.points:g} points) to {args.out}")
    return 0


def grade_main(argv: list[str]) -> int:
    """Grade a folder of submissions (or merge written marks into a graded one)."""
    parser = argparse.ArgumentParser(
        prog="loyalty-lab grade",
        description="Grade a submissions folder (one folder per student, or a Canvas or "
                    "Moodle bulk download) in a sandbox.")
    parser.add_argument("submissions", type=Path, nargs="?",
                        help="submissions folder (not needed with --merge-written)")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--assignment", type=Path,
                        help="assignment.json written by 'loyalty-lab exercises'")
    parser.add_argument("--chapters", help="course chapters to grade, instead of --assignment")
    parser.add_argument("--layout", choices=["auto", "folders", "canvas", "moodle"],
                        default="auto", help="how SUBMISSIONS is organised (default: detect)")
    parser.add_argument("--jobs", type=_number("--jobs", 1, 1024, whole=True), default=None,
                        help="parallel workers (default: cores)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="grade over a Dask cluster (e.g. tcp://host:8786); each worker "
                             "runs the sandbox on its own machine")
    parser.add_argument("--timeout", type=_number("--timeout", 0.5, 36000), default=60.0,
                        help="wall-clock seconds per notebook, all attempts (default 60)")
    parser.add_argument("--student-timeout", type=_number("--student-timeout", 0.5, 360000),
                        default=150.0, help="wall-clock seconds per student (default 150)")
    parser.add_argument("--cell-timeout", type=_number("--cell-timeout", 0.1, 3600),
                        default=10.0, help="CPU seconds per code cell (default 10)")
    parser.add_argument("--cell-wall", type=_number("--cell-wall", 0.1, 3600), default=30.0,
                        help="wall-clock seconds per code cell (default 30)")
    parser.add_argument("--memory-mb", type=_number("--memory-mb", 64, 1024**2, whole=True),
                        default=2048, help="memory per notebook run, all processes (MB)")
    parser.add_argument("--sandbox", choices=["auto", "bubblewrap", "none"], default="auto",
                        help="'none' runs without isolation (LOUD warning); default: detect")
    parser.add_argument("--require-sandbox", action="store_true",
                        help="refuse to grade if bubblewrap is not usable")
    parser.add_argument("--cgroups", choices=["auto", "off"], default="auto",
                        help="per-run control groups where the machine offers them")
    parser.add_argument("--cache", default=None,
                        help="simulation cache folder, or 'off' (default: the user's cache)")
    parser.add_argument("--merge-written", action="store_true",
                        help="merge the marks of OUT/written/*.csv into OUT's grades")
    try:
        args = parser.parse_args(argv)
        chapters = _chapters(args.chapters)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    if args.merge_written:
        return _merge_written(parser, args.out)
    if args.submissions is None:
        parser.error("SUBMISSIONS is required (the folder of submissions to grade)")
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder")
    from sim.grading.assignment import Assignment, AssignmentError
    from sim.grading.batch import grade_batch
    from sim.grading.cgroups import detect as detect_cgroups
    from sim.grading.layouts import discover
    from sim.grading.report import StudentResult, sandbox_banner
    from sim.grading.sandbox import Limits, detect_sandbox, worst_case_seconds

    try:
        if args.assignment and chapters:
            parser.error("give --assignment or --chapters, not both")
        if args.assignment:
            assignment = Assignment.read(args.assignment)
        elif chapters:
            assignment = Assignment.from_numbers(chapters)
        else:
            parser.error("say what to grade: --assignment DIR/assignment.json (written by "
                         "'loyalty-lab exercises --out DIR') or --chapters, e.g. --chapters 6")
        assignment.load()
    except AssignmentError as exc:
        parser.error(str(exc))
    if args.scheduler is None:
        mode = detect_sandbox() if args.sandbox == "auto" else args.sandbox
        if args.sandbox == "bubblewrap" and detect_sandbox() != "bubblewrap":
            parser.error("bubblewrap was requested but does not work here")
        if mode != "bubblewrap":
            if args.require_sandbox:
                print("loyalty-lab grade: no usable sandbox (bubblewrap) and --require-sandbox "
                      "given", file=sys.stderr)
                return 3
            print(sandbox_banner(mode), file=sys.stderr)
            print(sandbox_banner(mode))
    else:
        mode = "on the Dask workers"
    limits = Limits(wall_seconds=args.timeout, student_seconds=args.student_timeout,
                    cell_seconds=args.cell_timeout, cell_wall_seconds=args.cell_wall,
                    cpu_seconds=max(1, int(args.timeout)),
                    memory_bytes=int(args.memory_mb) * 1024**2)
    jobs = args.jobs or None
    try:
        students = len(discover(args.submissions.resolve(), args.layout).students)
    except ValueError as exc:
        parser.error(str(exc))
    workers = int(jobs or os.cpu_count() or 1)
    bound = worst_case_seconds(students, workers, limits, len(assignment.chapters))
    print(f"grading {students} students on chapters {', '.join(map(str, assignment.numbers))} "
          f"({assignment.points:g} points); sandbox: {mode}; "
          f"{detect_cgroups().describe() if args.cgroups == 'auto' else 'control groups off'}")
    if not args.scheduler:
        print(f"worst case: ceil({students}/{workers}) x (min({limits.student_seconds:g}, "
              f"{len(assignment.chapters)} x {limits.wall_seconds:g}) + 2) + 10 = {bound:.0f} s")
    start = time.monotonic()

    def progress(result: StudentResult) -> None:
        flag = "  GRADING FAILED: " + result.failed if result.failed else ""
        pending = f" (+{result.pending_points:g} to mark)" if result.pending_points else ""
        print(f"  {result.name}: {result.score:g} / {result.max_score:g}{pending}"
              f" ({result.seconds:.1f} s){flag}", flush=True)

    try:
        results = grade_batch(args.submissions, args.out, assignment=assignment,
                              layout=args.layout, jobs=jobs, limits=limits,
                              mode=args.sandbox, cache_dir=args.cache,
                              scheduler=args.scheduler, cgroups=args.cgroups,
                              require_sandbox=args.require_sandbox, progress=progress)
    except ValueError as exc:
        parser.error(str(exc))
    seconds = time.monotonic() - start
    for line in results.discovery.ignored:
        print(f"  not a submission: {line}")
    print(f"graded {len(results)} students in {seconds:.1f} s (layout: "
          f"{results.discovery.layout}); gradebook: {args.out / 'gradebook.csv'}; report: "
          f"{args.out / 'report' / 'index.html'}")
    pending = sum(1 for r in results if r.pending_points)
    if pending:
        print(f"{pending} students have written answers to mark: fill in "
              f"{args.out / 'written'}/*.csv, then run: loyalty-lab grade --merge-written "
              f"--out {args.out}")
    if results.meta.get("sandbox") != "bubblewrap":
        print(sandbox_banner("none"))
    if results.failed:
        print(f"GRADING FAILED for {len(results.failed)} student(s): "
              + ", ".join(r.name for r in results.failed), file=sys.stderr)
        return 1
    return 0


def _merge_written(parser: argparse.ArgumentParser, out: Path) -> int:
    from sim.grading import written
    from sim.grading.assignment import Assignment, AssignmentError
    from sim.grading.batch import finish
    from sim.grading.report import read_grades, write_student

    try:
        meta, results = read_grades(out)
        assignment = Assignment.from_dict(meta.get("assignment"), str(out / "grades.json"))
        chapters = assignment.load()
        count = written.merge(out, results, chapters)
    except (ValueError, AssignmentError) as exc:
        parser.error(str(exc))
    for result in results:
        write_student(out, result)
    finish(out, results, meta, chapters)
    left = sum(r.pending_points for r in results)
    print(f"merged {count} marks; {left:g} points still to mark; gradebook: "
          f"{out / 'gradebook.csv'}")
    return 0


def autograder_main(argv: list[str]) -> int:
    """Write a Gradescope autograder zip for an assignment."""
    parser = argparse.ArgumentParser(
        prog="loyalty-lab autograder",
        description="Write a Gradescope autograder (setup.sh, run_autograder, the assignment "
                    "and the grader) as a zip to upload on Gradescope.")
    parser.add_argument("--out", required=True, type=Path, help="the zip to write")
    parser.add_argument("--assignment", type=Path, help="assignment.json to grade out of")
    parser.add_argument("--chapters", help="course chapters, instead of --assignment")
    args = parser.parse_args(argv)
    from sim.grading.assignment import Assignment, AssignmentError
    from sim.grading.gradescope import build_autograder

    try:
        chapters = _chapters(args.chapters)
        if args.assignment:
            assignment = Assignment.read(args.assignment)
        elif chapters:
            assignment = Assignment.from_numbers(chapters)
        else:
            parser.error("say what to grade: --assignment FILE or --chapters")
        assignment.load()
        path = build_autograder(args.out, assignment)
    except (AssignmentError, argparse.ArgumentTypeError, ValueError) as exc:
        parser.error(str(exc))
    print(f"wrote {path}: upload it as the assignment's autograder on Gradescope "
          f"(chapters {', '.join(map(str, assignment.numbers))}, "
          f"{assignment.auto_points:g} points marked automatically)")
    return 0
