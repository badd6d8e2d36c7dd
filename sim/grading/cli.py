"""``loyalty-lab exercises`` and ``loyalty-lab grade``.

``exercises --out DIR`` writes the student notebooks (``--solutions`` the
reference solutions); ``grade SUBMISSIONS --out OUT`` grades a folder of
``<student>/<notebook>.ipynb`` into Gradescope ``results.json``, a
``feedback.md`` per student and ``gradebook.csv``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _chapters(text: str | None) -> list[int] | None:
    if not text:
        return None
    return sorted({int(part) for part in text.replace(" ", "").split(",") if part})


def exercises_main(argv: list[str]) -> int:
    """Write student or reference-solution notebooks."""
    parser = argparse.ArgumentParser(
        prog="loyalty-lab exercises",
        description="Write the exercise notebooks chNN.ipynb (student versions by default).")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--solutions", action="store_true",
                        help="write reference solutions instead of student versions")
    parser.add_argument("--chapters", help="comma-separated chapter numbers (default: all)")
    parser.add_argument("--pages", action="store_true",
                        help="also write the MyST book pages chNN.md (student versions)")
    args = parser.parse_args(argv)
    from sim import exercises

    try:
        paths = exercises.write_notebooks(args.out, solutions=args.solutions,
                                          numbers=_chapters(args.chapters))
    except ValueError as exc:
        parser.error(str(exc))
    if args.pages:
        paths += exercises.write_book_pages(args.out)
    kind = "reference solutions" if args.solutions else "student notebooks"
    print(f"wrote {len(paths)} files ({kind}) to {args.out}")
    return 0


def grade_main(argv: list[str]) -> int:
    """Grade a folder of submissions."""
    parser = argparse.ArgumentParser(
        prog="loyalty-lab grade",
        description="Grade SUBMISSIONS/<student>/<notebook>.ipynb in a sandbox.")
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--chapters", help="chapters to grade (default: those in the batch)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="wall-clock seconds per notebook run (default 30)")
    parser.add_argument("--cell-timeout", type=float, default=10.0,
                        help="seconds per code cell (default 10)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space limit")
    parser.add_argument("--sandbox", choices=["auto", "bubblewrap", "none"], default="auto",
                        help="'none' runs without isolation (LOUD warning); default: detect")
    parser.add_argument("--require-sandbox", action="store_true",
                        help="refuse to grade if bubblewrap is not usable")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder")
    from sim.grading.batch import grade_batch
    from sim.grading.report import StudentResult, sandbox_banner
    from sim.grading.sandbox import Limits, detect_sandbox

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
    limits = Limits(wall_seconds=args.timeout, cell_seconds=args.cell_timeout,
                    cpu_seconds=int(args.timeout) + 1, memory_bytes=args.memory_mb * 1024**2)
    start = time.monotonic()

    def progress(result: StudentResult) -> None:
        print(f"  {result.student}: {result.score:g} / {result.max_score:g}"
              f" ({result.seconds:.1f} s)", flush=True)

    try:
        results = grade_batch(args.submissions, args.out, chapters=_chapters(args.chapters),
                              jobs=args.jobs, limits=limits, mode=mode, progress=progress)
    except ValueError as exc:
        parser.error(str(exc))
    seconds = time.monotonic() - start
    print(f"graded {len(results)} students in {seconds:.1f} s (sandbox: {mode}); "
          f"gradebook: {args.out / 'gradebook.csv'}")
    if mode != "bubblewrap":
        print(sandbox_banner(mode))
    return 0
