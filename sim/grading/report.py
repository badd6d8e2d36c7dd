"""Write what the grader found: Gradescope JSON, feedback and a gradebook.

``results.json`` follows the Gradescope autograder format (top-level
``score``, ``output``, ``visibility``, ``stdout_visibility`` and ``tests``
with ``name``, ``score``, ``max_score``, ``status``, ``output`` and
``visibility``), one test per question so partial credit shows per
question. ``feedback.md`` says the same in prose for students, and
``gradebook.csv`` has one row per student for the instructor.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sim.grading.judge import QuestionResult


@dataclass
class StudentResult:
    """Everything graded for one student."""

    student: str
    questions: list[QuestionResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)
    sandbox: str = "bubblewrap"
    seconds: float = 0.0

    @property
    def score(self) -> float:
        """Total points."""
        return round(sum(q.score for q in self.questions), 6)

    @property
    def max_score(self) -> float:
        """Total points available."""
        return round(sum(q.max_score for q in self.questions), 6)


def sandbox_banner(mode: str) -> str:
    """The LOUD warning when no sandbox was used ('' when it was)."""
    if mode == "bubblewrap":
        return ""
    from sim.grading.sandbox import UNSANDBOXED_WARNING

    line = "!" * 78
    return f"{line}\n{UNSANDBOXED_WARNING}\n{line}\n"


def _question_output(q: QuestionResult) -> str:
    lines = [f"{c.name}: {c.score:g}/{c.max_score:g} - {c.message}" for c in q.criteria]
    if q.note and q.note not in "\n".join(lines):
        lines.insert(0, q.note)
    return "\n".join(lines)


def results_json(result: StudentResult) -> dict:
    """The Gradescope results document for one student."""
    tests = []
    for q in result.questions:
        full = q.score >= q.max_score - 1e-9
        tests.append({
            "name": f"{q.qid} {q.title} ({q.kind})",
            "number": q.qid,
            "score": q.score,
            "max_score": q.max_score,
            "status": "passed" if full else "failed",
            "output": _question_output(q),
            "visibility": "visible",
        })
    summary = [f"Score {result.score:g} / {result.max_score:g}."]
    summary += result.notes
    summary += result.cell_errors[:20]
    banner = sandbox_banner(result.sandbox)
    return {
        "score": result.score,
        "output": banner + "\n".join(summary),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"sandbox": result.sandbox, "notebooks": result.notebooks,
                       "max_score": result.max_score},
    }


def feedback_markdown(result: StudentResult) -> str:
    """Readable per-student feedback (what earned points, what did not, why)."""
    lines = [f"# Feedback for {result.student}", ""]
    banner = sandbox_banner(result.sandbox)
    if banner:
        lines += ["```", banner.strip(), "```", ""]
    lines += [f"**Score: {result.score:g} / {result.max_score:g}**", ""]
    if result.notebooks:
        lines += ["Notebooks graded: " + ", ".join(f"`{n}`" for n in result.notebooks), ""]
    if result.notes:
        lines += ["## Problems running your submission", ""]
        lines += [f"- {n}" for n in result.notes] + [""]
    if result.cell_errors:
        lines += ["## Cells that raised an error", ""]
        lines += [f"- {e}" for e in result.cell_errors[:30]] + [""]
    lines += ["## Questions", "", "| question | score | max |", "| --- | ---: | ---: |"]
    for q in result.questions:
        lines.append(f"| {q.qid} {q.title} | {q.score:g} | {q.max_score:g} |")
    lines.append("")
    for q in result.questions:
        lines += [f"### {q.qid} {q.title}: {q.score:g} / {q.max_score:g}", ""]
        if q.note:
            lines.append(f"- {q.note}")
        for c in q.criteria:
            mark = "✓" if c.score >= c.max_score - 1e-9 else ("~" if c.score > 0 else "✗")
            lines.append(f"- {mark} {c.name} ({c.score:g}/{c.max_score:g}): {c.message}")
        lines.append("")
    return "\n".join(lines)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_student(out: Path, result: StudentResult) -> None:
    """Write ``OUT/<student>/results.json`` and ``feedback.md``."""
    folder = out / result.student
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(folder / "results.json", json.dumps(results_json(result), indent=2))
    _write_atomic(folder / "feedback.md", feedback_markdown(result))


def write_gradebook(out: Path, results: list[StudentResult]) -> Path:
    """Write ``OUT/gradebook.csv``: one row per student, one column per question."""
    qids: list[str] = []
    for r in results:
        for q in r.questions:
            if q.qid not in qids:
                qids.append(q.qid)
    path = out / "gradebook.csv"
    tmp = path.with_name("gradebook.csv.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "score", "max_score", "percent", "sandbox", "problems",
                         *qids])
        for r in sorted(results, key=lambda r: r.student):
            by_id = {q.qid: q.score for q in r.questions}
            percent = 100.0 * r.score / r.max_score if r.max_score else 0.0
            writer.writerow([r.student, f"{r.score:g}", f"{r.max_score:g}", f"{percent:.1f}",
                             r.sandbox, len(r.notes),
                             *(f"{by_id[q]:g}" if q in by_id else "" for q in qids)])
    os.replace(tmp, path)
    return path
