"""Grade a batch of students: locally in parallel or over a Dask cluster.

The pipeline for each student:

1. *prepare* (in the grader's main process): read the student's files
   defensively, parse the notebooks, and pick at most one notebook per
   chapter of the assignment; everything else is reported ("not run"),
   never executed;
2. *grade* (in a worker: a local process, or a Dask worker that runs the
   sandbox on its own machine): run the chosen notebooks within the
   student's time budget and judge every question of the assignment;
3. *report* (main process): results, feedback, gradebook, grades.json,
   the instructor report and the written-answer sheets.

Every student is graded out of the assignment (:mod:`sim.grading.assignment`),
whatever anyone hands in. A student whose grading fails (a worker dies,
the sandbox cannot be set up, a grader bug) gets a result that says so and
the batch goes on; :attr:`BatchResult.failed` lists them and the command's
exit status reports it.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from sim.exercises import simruns
from sim.exercises.spec import Chapter
from sim.grading import classreport, runtime, sandbox, written
from sim.grading.answers import answers_by_variable
from sim.grading.assignment import Assignment
from sim.grading.execute import execute
from sim.grading.judge import judge_question
from sim.grading.layouts import Discovery, LayoutError, StudentFiles, discover, hint
from sim.grading.notebooks import NotebookError, Submission, parse_notebook, read_bytes
from sim.grading.report import (
    StudentResult,
    write_gradebook,
    write_grades,
    write_student,
)
from sim.grading.sandbox import Limits, detect_sandbox


class SandboxUnavailableError(RuntimeError):
    """The batch requires bubblewrap and this machine (or worker) cannot run it."""


@dataclass(frozen=True)
class BatchConfig:
    """How to grade (picklable: it travels to local and Dask workers)."""

    assignment: Assignment
    limits: Limits
    mode: str = "auto"
    require_sandbox: bool = False
    cgroups: str = "auto"
    cache_dir: str | None = None


@dataclass
class Prepared:
    """One student's notebooks to run, and what was not run and why."""

    key: str
    name: str
    submissions: list[Submission] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)
    lang: str = "en"


class BatchResult(list):
    """The students' results (a list, sorted by key) and facts about the batch."""

    def __init__(self, results: Iterable[StudentResult], discovery: Discovery,
                 meta: dict) -> None:
        super().__init__(results)
        self.discovery = discovery
        self.meta = meta

    @property
    def failed(self) -> list[StudentResult]:
        """Students whose grading failed (to regrade)."""
        return [r for r in self if r.failed]


_RESUBMISSION = re.compile(r"-(\d+)(?=\.ipynb$)", re.IGNORECASE)


def _resubmission(label: str) -> int:
    match = _RESUBMISSION.search(label)
    return int(match.group(1)) if match else 0


def prepare(student: StudentFiles, assignment: Assignment) -> Prepared:
    """Read and choose a student's notebooks (one per assignment chapter).

    A notebook belongs to the chapter in its metadata, else the one in its
    file name, else, when the assignment has a single chapter, that one.
    When a chapter has several, the latest re-submission wins (an LMS
    appends ``-1``, ``-2`` to a name handed in again), then the one named
    exactly as handed out.
    """
    prepared = Prepared(key=student.key, name=student.name)
    wanted = {c.number: c for c in assignment.chapters}
    found: dict[int, list[Submission]] = {}
    for path in student.files:
        label = student.label(path)
        if not label.lower().endswith(".ipynb"):
            prepared.not_run.append(f"{label}: not a notebook (.ipynb)")
            continue
        try:
            if path.is_symlink():
                raise NotebookError(f"{label} is a symbolic link; submit the file itself")
            if path.is_dir():
                raise NotebookError(f"{label} is a folder, not a notebook")
            sub = parse_notebook(label, read_bytes(path))
        except NotebookError as exc:
            prepared.notes.append(str(exc))
            continue
        chapter = sub.chapter
        if chapter is None and len(wanted) == 1:
            chapter = next(iter(wanted))
        if chapter not in wanted:
            where = f"chapter {chapter}" if chapter is not None else "no chapter"
            prepared.not_run.append(f"{label}: {where}, not part of this assignment")
            continue
        found.setdefault(chapter, []).append(sub)
    for number in sorted(found):
        subs = found[number]
        canonical = wanted[number].notebook
        subs.sort(key=lambda s: (_resubmission(s.name), s.name == canonical, s.name))
        chosen = subs[-1]
        prepared.submissions.append(chosen)
        for other in subs[:-1]:
            prepared.not_run.append(f"{other.name}: another notebook for chapter {number} "
                                    f"({chosen.name}) was graded")
    # Feedback in the language of the notebooks graded (Chinese if any is Chinese).
    if any(sub.lang == "zh" for sub in prepared.submissions):
        prepared.lang = "zh"
    return prepared


def _resolve_mode(config: BatchConfig) -> str:
    mode = detect_sandbox() if config.mode == "auto" else config.mode
    if config.mode == "bubblewrap" and detect_sandbox() != "bubblewrap":
        raise SandboxUnavailableError("bubblewrap was requested but does not work on this "
                                      "machine")
    if config.require_sandbox and mode != "bubblewrap":
        raise SandboxUnavailableError("a sandbox is required and bubblewrap does not work here")
    return mode


def _configure_cache(config: BatchConfig, mode: str) -> None:
    if mode != "bubblewrap" and os.getuid() != 0:
        # Unsandboxed student code runs as this very user: it could write the
        # cache folder and its key, so nothing it could touch is trusted.
        simruns.configure("off")
    else:
        simruns.configure(config.cache_dir)


def _chapters(config: BatchConfig) -> list[Chapter]:
    return config.assignment.load()


def grade_prepared(prepared: Prepared, config: BatchConfig) -> StudentResult:
    """Run and judge one student's chosen notebooks (in a worker)."""
    start = time.monotonic()
    result = StudentResult(student=prepared.key, name=prepared.name,
                           notes=list(prepared.notes), not_run=list(prepared.not_run),
                           lang=prepared.lang)
    chapters = _chapters(config)
    try:
        mode = _resolve_mode(config)
    except SandboxUnavailableError as exc:
        result.sandbox = "none"
        result.failed = str(exc)
        result.questions = [judge_question(q, {}, {}) for c in chapters for q in c.questions]
        return result
    result.sandbox = mode
    _configure_cache(config, mode)
    merged: dict = {}
    rejected: dict[str, str] = {}
    limits = config.limits
    for sub in prepared.submissions:
        left = limits.student_seconds - (time.monotonic() - start)
        if left <= 0.05:
            result.not_run.append(f"{sub.name}: the student's time budget "
                                  f"({limits.student_seconds:g} s) was used up")
            continue
        result.notebooks.append(sub.name)
        run = execute(sub, limits=limits, mode=mode, budget=left, cgroup_mode=config.cgroups)
        result.notes += run.notes
        result.cpu_seconds += run.cpu_seconds
        if run.memory_peak is not None:
            result.memory_peak = max(result.memory_peak or 0, run.memory_peak)
        if run.failed and not result.failed:
            result.failed = run.failed
        for cell in run.snapshot.cells:
            if cell["status"] in ("error", "timeout"):
                result.cell_errors.append(
                    f"{sub.name}, code cell {cell['index'] + 1}: {cell['error']}")
        for name, value in answers_by_variable(run.snapshot).items():
            if value is not None or name not in merged:
                merged[name] = value
        rejected.update(run.snapshot.rejected)
    rejected = {k: v for k, v in rejected.items() if merged.get(k) is None}
    if not result.notebooks and not result.failed:
        result.notes.append("no notebook of this assignment was found: every question "
                            "scores 0")
    for chapter in chapters:
        for question in chapter.questions:
            result.questions.append(judge_question(question, merged, rejected))
    result.seconds = time.monotonic() - start
    return result


def _failed_result(prepared: Prepared, config: BatchConfig, why: str) -> StudentResult:
    result = StudentResult(student=prepared.key, name=prepared.name,
                           notes=list(prepared.notes), not_run=list(prepared.not_run),
                           sandbox=config.mode, failed=why, lang=prepared.lang)
    try:
        chapters = _chapters(config)
    except ValueError:
        chapters = []
    result.questions = [judge_question(q, {}, {}) for c in chapters for q in c.questions]
    return result


def safe_grade(prepared: Prepared, config: BatchConfig) -> StudentResult:
    """:func:`grade_prepared` that turns a grader bug into a failed result."""
    try:
        return grade_prepared(prepared, config)
    except Exception as exc:  # noqa: BLE001 - a grader bug must not stop the batch
        return _failed_result(prepared, config,
                              f"internal grader error ({type(exc).__name__}: {exc})")


def _init_worker(cache_dir: str | None, detected: str, rt: runtime.Runtime | None) -> None:
    """Start a local worker with what the parent already found out.

    It saves each worker the sandbox probe and the scan of the runtime's libraries.
    """
    simruns.configure(cache_dir)
    sandbox.prime(detected, rt)


def _preload_report() -> None:
    """Import the plotting library while the students are graded (it takes a second)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass


def grade_batch(submissions: Path, out: Path, *, assignment: Assignment | None = None,
                chapters: Iterable[int] | None = None, layout: str = "auto",
                jobs: int | None = None, limits: Limits | None = None,
                mode: str | None = None, cache_dir: str | None = None,
                scheduler: str | None = None, cgroups: str = "auto",
                require_sandbox: bool = False,
                progress: Callable[[StudentResult], None] | None = None) -> BatchResult:
    """Grade every student under ``submissions`` into ``out``.

    Args:
        submissions: The submissions folder (see :mod:`sim.grading.layouts`).
        out: Output folder (created); must not be inside ``submissions``.
        assignment: What to grade out of (or give ``chapters``).
        chapters: Course chapters to grade, when no ``assignment`` is given.
        layout: ``auto``, ``folders``, ``canvas`` or ``moodle``.
        jobs: Parallel local workers (default: the number of CPU cores).
        limits: Limits and budgets (default :class:`Limits`).
        mode: ``"auto"``, ``"bubblewrap"`` or ``"none"`` (default: auto).
        cache_dir: Simulation cache folder (default: the per-user cache; ``"off"``).
        scheduler: Address of a Dask scheduler: grade over its workers.
        cgroups: ``"auto"`` or ``"off"`` (per-process limits only).
        require_sandbox: Fail students whose worker cannot run bubblewrap.
        progress: Called with each student's result as it completes.

    Raises:
        ValueError: bad folders, no assignment, or no student found.
    """
    submissions, out = Path(submissions).resolve(), Path(out).resolve()
    if out == submissions or submissions in out.parents:
        raise ValueError("the output folder must not be inside the submissions folder")
    if assignment is None:
        if not chapters:
            raise ValueError("say what to grade: an assignment (loyalty-lab exercises writes "
                             "assignment.json) or chapters")
        assignment = Assignment.from_numbers(chapters)
    loaded = assignment.load()
    found = discover(submissions, layout)
    if not found.students:
        raise LayoutError(hint(submissions))
    out.mkdir(parents=True, exist_ok=True)
    config = BatchConfig(assignment=assignment, limits=limits or Limits(),
                         mode=mode or "auto", require_sandbox=require_sandbox,
                         cgroups=cgroups, cache_dir=cache_dir)
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[StudentResult] = []
    threading.Thread(target=_preload_report, daemon=True).start()

    def done(result: StudentResult) -> None:
        write_student(out, result)
        results.append(result)
        if progress:
            progress(result)

    prepared = (prepare(s, assignment) for s in found.students)
    if scheduler:
        _run_dask(scheduler, prepared, config, done)
    elif jobs == 1 or len(found.students) <= 1:
        saved = simruns.configured()
        try:
            for item in prepared:
                done(safe_grade(item, config))
        finally:
            simruns.configure(saved)
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sim.grading.batch"])
        detected = detect_sandbox()
        rt = runtime.build() if detected == "bubblewrap" else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(config.cache_dir, detected, rt)) as pool:
            _bounded(lambda item: pool.submit(safe_grade, item, config), prepared, config,
                     done, 2 * jobs, wait_any=lambda fs: wait(fs, return_when=FIRST_COMPLETED))
    results.sort(key=lambda r: r.student.lower())
    sandboxes = sorted({r.sandbox for r in results})
    meta = {"title": assignment.title, "points": assignment.points,
            "auto_points": assignment.auto_points, "chapters": list(assignment.numbers),
            "layout": found.layout, "ignored": found.ignored,
            "sandbox": sandboxes[0] if len(sandboxes) == 1 else "mixed",
            "assignment": assignment.to_dict()}
    finish(out, results, meta, loaded)
    return BatchResult(results, found, meta)


def finish(out: Path, results: list[StudentResult], meta: dict, chapters: list[Chapter]
           ) -> None:
    """Write the batch-level outputs (gradebook, grades.json, report, written sheets)."""
    write_gradebook(out, results)
    write_grades(out, results, meta)
    written.export(out, results, chapters)
    classreport.write_report(out, results, meta)


def _bounded(submit: Callable, items: Iterable[Prepared], config: BatchConfig,
             done: Callable[[StudentResult], None], window: int, wait_any: Callable) -> None:
    """Submit tasks keeping at most ``window`` in flight (bounded memory)."""
    pending: dict = {}

    def collect(futures: Iterable) -> None:
        for future in futures:
            item = pending.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. a worker died
                result = _failed_result(item, config, f"grading worker failed "
                                                      f"({type(exc).__name__}); regrade")
            done(result)

    for item in items:
        pending[submit(item)] = item
        if len(pending) >= window:
            finished, _ = wait_any(list(pending))
            collect(finished)
    while pending:
        finished, _ = wait_any(list(pending))
        collect(finished)


def _check_reachable(address: str) -> None:
    """Fail at once (not after the client's 30 s) when nothing listens at a TCP address."""
    match = re.match(r"^(?:tcp://)?\[?([^\]]+?)\]?:(\d+)$", address)
    if not match:
        return
    try:
        socket.create_connection((match.group(1), int(match.group(2))), timeout=5).close()
    except OSError as exc:
        raise ValueError(f"cannot reach the Dask scheduler at {address} "
                         f"({exc.strerror or exc})") from None


def _run_dask(address: str, items: Iterable[Prepared], config: BatchConfig,
              done: Callable[[StudentResult], None]) -> None:
    """Fan the students out over a Dask cluster; each worker sandboxes locally."""
    try:
        from distributed import Client
        from distributed import wait as dask_wait
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise ValueError(f"--scheduler needs dask.distributed ({exc})") from None
    _check_reachable(address)
    try:
        client = Client(address, timeout=30, set_as_default=False)
    except OSError as exc:
        raise ValueError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
    batch = uuid.uuid4().hex[:8]
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        with client.as_current():
            _bounded(lambda item: client.submit(safe_grade, item, config, pure=False,
                                                key=f"grade-{batch}-{item.key}"),
                     items, config, done, 4 * workers,
                     wait_any=lambda fs: dask_wait(fs, return_when="FIRST_COMPLETED"))
    finally:
        client.close()
