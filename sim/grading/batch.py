"""Grade a folder of submissions, in parallel, one student at a time per worker.

Layout: ``SUBMISSIONS/<student>/<notebook>.ipynb``. Every student is graded
on the same chapters (given, or found in the batch's notebooks) so the
gradebook compares like with like; a missing or broken notebook scores 0
for its questions with a message, and never stops the batch.

Each worker's pid is its sandbox slot (the runs' uid is ``BASE_UID + pid``),
so parallel runs, even of two batches at once, cannot see or signal each
other's processes and one fork bomb only exhausts its own process quota.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from sim.exercises import chapters as exercise_chapters
from sim.exercises import simruns
from sim.grading.answers import answers_by_variable
from sim.grading.execute import execute
from sim.grading.judge import judge_question
from sim.grading.notebooks import NotebookError, parse_notebook, read_bytes
from sim.grading.report import StudentResult, write_gradebook, write_student
from sim.grading.sandbox import Limits, detect_sandbox


@dataclass(frozen=True)
class BatchConfig:
    """How to grade a batch."""

    chapters: tuple[int, ...]
    limits: Limits
    mode: str
    cache_dir: str | None


def discover(submissions: Path) -> dict[str, list[Path]]:
    """Map each student folder to its files (sorted; hidden entries ignored)."""
    students: dict[str, list[Path]] = {}
    for entry in sorted(submissions.iterdir()):
        if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
            continue
        students[entry.name] = sorted(p for p in entry.iterdir() if not p.name.startswith("."))
    return students


def batch_chapters(students: dict[str, list[Path]]) -> tuple[int, ...]:
    """Chapters named by the batch's notebook file names (all if none)."""
    from sim.grading.notebooks import chapter_from_name

    known = {c.number for c in exercise_chapters()}
    found = {chapter_from_name(p.name) for files in students.values() for p in files
             if p.suffix == ".ipynb"}
    found = {c for c in found if c in known}
    return tuple(sorted(found)) if found else tuple(sorted(known))


def _init_worker(cache_dir: str | None) -> None:
    if cache_dir:
        os.environ[simruns.CACHE_ENV] = cache_dir


def grade_student(student: str, files: list[Path], config: BatchConfig,
                  slot: int | None = None) -> StudentResult:
    """Run and judge one student's notebooks."""
    start = time.monotonic()
    slot = os.getpid() if slot is None else slot
    result = StudentResult(student=student, sandbox=config.mode)
    merged: dict = {}
    rejected: dict[str, str] = {}
    for path in files:
        if path.suffix != ".ipynb":
            result.notes.append(f"{path.name}: not a notebook (.ipynb); ignored")
            continue
        try:
            if path.is_symlink():
                raise NotebookError(f"{path.name} is a symbolic link; submit the file itself")
            sub = parse_notebook(path.name, read_bytes(path))
        except NotebookError as exc:
            result.notes.append(str(exc))
            continue
        if sub.chapter is not None and sub.chapter not in config.chapters:
            result.notes.append(f"{path.name}: chapter {sub.chapter} is not graded in this "
                                "batch; its answers still count if they match graded questions")
        result.notebooks.append(path.name)
        run = execute(sub, limits=config.limits, slot=slot, mode=config.mode)
        result.notes += run.notes
        for cell in run.snapshot.cells:
            if cell["status"] in ("error", "timeout"):
                result.cell_errors.append(
                    f"{path.name}, code cell {cell['index'] + 1}: {cell['error']}")
        for name, value in answers_by_variable(run.snapshot).items():
            if value is not None or name not in merged:
                merged[name] = value
        rejected.update(run.snapshot.rejected)
    rejected = {k: v for k, v in rejected.items() if merged.get(k) is None}
    if not result.notebooks:
        result.notes.append("no gradable notebook was found: every question scores 0")
    for chapter in exercise_chapters():
        if chapter.number not in config.chapters:
            continue
        for question in chapter.questions:
            result.questions.append(judge_question(question, merged, rejected))
    result.seconds = time.monotonic() - start
    return result


def _safe_grade(student: str, files: list[Path], config: BatchConfig) -> StudentResult:
    try:
        return grade_student(student, files, config)
    except Exception as exc:  # noqa: BLE001 - a grader bug must not stop the batch
        result = StudentResult(student=student, sandbox=config.mode)
        result.notes.append(f"internal grader error ({type(exc).__name__}: {exc}); "
                            "please report to the instructor")
        for chapter in exercise_chapters():
            if chapter.number in config.chapters:
                for question in chapter.questions:
                    result.questions.append(judge_question(question, {}, {}))
        return result


def grade_batch(submissions: Path, out: Path, *, chapters: Iterable[int] | None = None,
                jobs: int | None = None, limits: Limits | None = None,
                mode: str | None = None, cache_dir: str | None = None,
                progress: Callable[[StudentResult], None] | None = None
                ) -> list[StudentResult]:
    """Grade every student folder under ``submissions`` into ``out``.

    Args:
        submissions: Folder of ``<student>/<notebook>.ipynb``.
        out: Output folder (created); must not be inside ``submissions``.
        chapters: Chapters to grade; default: those named in the batch.
        jobs: Parallel workers (default: the number of CPU cores).
        limits: Sandbox limits (default :class:`Limits`).
        mode: ``"bubblewrap"`` or ``"none"``; default: detect.
        cache_dir: Shared cache of simulation runs (default ``out/.simcache``).
        progress: Called with each student's result as it completes.

    Returns:
        The students' results, sorted by name.
    """
    submissions, out = submissions.resolve(), out.resolve()
    if out == submissions or submissions in out.parents:
        raise ValueError("the output folder must not be inside the submissions folder")
    out.mkdir(parents=True, exist_ok=True)
    students = discover(submissions)
    chosen = tuple(sorted(set(chapters))) if chapters else batch_chapters(students)
    config = BatchConfig(chapters=chosen, limits=limits or Limits(),
                         mode=mode or detect_sandbox(),
                         cache_dir=cache_dir or str(out / ".simcache"))
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[StudentResult] = []

    def done(result: StudentResult) -> None:
        write_student(out, result)
        results.append(result)
        if progress:
            progress(result)

    if jobs == 1 or len(students) <= 1:
        previous = os.environ.get(simruns.CACHE_ENV)
        os.environ[simruns.CACHE_ENV] = config.cache_dir or ""
        try:
            for student, files in students.items():
                done(_safe_grade(student, files, config))
        finally:
            if previous is None:
                os.environ.pop(simruns.CACHE_ENV, None)
            else:
                os.environ[simruns.CACHE_ENV] = previous
    else:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(config.cache_dir,)) as pool:
            futures = {pool.submit(_safe_grade, s, f, config): s for s, f in students.items()}
            for future in as_completed(futures):
                try:
                    done(future.result())
                except Exception as exc:  # noqa: BLE001 - e.g. a worker died
                    student = futures[future]
                    done(_safe_grade_failed(student, config, exc))
    results.sort(key=lambda r: r.student)
    write_gradebook(out, results)
    return results


def _safe_grade_failed(student: str, config: BatchConfig, exc: Exception) -> StudentResult:
    result = StudentResult(student=student, sandbox=config.mode)
    result.notes.append(f"grading worker failed ({type(exc).__name__}); scored 0, regrade")
    for chapter in exercise_chapters():
        if chapter.number in config.chapters:
            result.questions += [judge_question(q, {}, {}) for q in chapter.questions]
    return result
