"""Write what the grader found: Gradescope JSON, feedback, a gradebook and grades.json.

``results.json`` follows the Gradescope autograder format (top-level
``score``, ``output``, ``visibility``, ``stdout_visibility`` and ``tests``
with ``name``, ``score``, ``max_score``, ``status``, ``output`` and
``visibility``), one test per question so partial credit shows per
question. Written questions still to be marked by hand appear with
``max_score`` 0 and say so (Gradescope marks them in its own manual
questions). ``feedback.md`` says the same in prose for students,
``gradebook.csv`` has one row per student for the instructor (with chapter
subtotals, points still to mark, and every text cell escaped against
spreadsheet formula injection) and ``grades.json`` keeps everything, so
written marks can be merged in and the reports written again.

Outputs go to ``OUT/students/<key>/``, ``OUT/gradebook.csv``,
``OUT/grades.json``; the key is a safe folder name (see
:mod:`sim.grading.layouts`), never the raw name a student chose.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sim.grading.judge import QuestionResult

GRADES_FILE = "grades.json"
GRADEBOOK_FILE = "gradebook.csv"
STUDENTS_DIR = "students"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


@dataclass
class StudentResult:
    """Everything graded for one student."""

    student: str
    name: str = ""
    questions: list[QuestionResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)
    sandbox: str = "bubblewrap"
    seconds: float = 0.0
    failed: str | None = None
    cpu_seconds: float = 0.0
    memory_peak: int | None = None
    lang: str = "en"

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.student

    @property
    def score(self) -> float:
        """Total points earned (marked ones only)."""
        return round(sum(q.score for q in self.questions), 6)

    @property
    def max_score(self) -> float:
        """Total points available."""
        return round(sum(q.max_score for q in self.questions), 6)

    @property
    def pending_points(self) -> float:
        """Points of written answers still to be marked by hand."""
        return round(sum(q.pending_points for q in self.questions), 6)

    def chapter_scores(self) -> dict[int, tuple[float, float]]:
        """Chapter -> (score, max)."""
        out: dict[int, tuple[float, float]] = {}
        for q in self.questions:
            chapter = int(q.qid.split(".")[0])
            score, top = out.get(chapter, (0.0, 0.0))
            out[chapter] = (round(score + q.score, 6), round(top + q.max_score, 6))
        return out

    def to_dict(self) -> dict:
        """JSON-ready form."""
        doc = asdict(self)
        doc["questions"] = [q.to_dict() for q in self.questions]
        return doc

    @classmethod
    def from_dict(cls, doc: dict) -> StudentResult:
        """Inverse of :meth:`to_dict`."""
        fields = {k: v for k, v in doc.items() if k != "questions"}
        return cls(**fields, questions=[QuestionResult.from_dict(q)
                                        for q in doc.get("questions", [])])


def sandbox_banner(mode: str, lang: str = "en") -> str:
    """The LOUD warning when no sandbox was used ('' when it was), in the student's language."""
    if mode == "bubblewrap":
        return ""
    from sim.grading import feedback_zh, sandbox

    warning = feedback_zh.UNSANDBOXED_WARNING_ZH if lang == "zh" else sandbox.UNSANDBOXED_WARNING
    line = "!" * 78
    return f"{line}\n{warning}\n{line}\n"


#: What the student reads around the marks, per language of the submission
#: (``StudentResult.lang``, from the notebook's metadata: it changes words, never marks).
LABELS = {
    "en": {
        "criterion": "{name}: {score}/{top} - {message}",
        "written_test": "{qid} {title} (written, marked by hand)",
        "to_mark_points": "To be marked by hand: {points} points.\n",
        "test": "{qid} {title} ({kind})",
        "score_line": "Score {score} / {top}.",
        "pending": "{points} points of written answers are still to be marked by hand.",
        "failed_line": "Grading failed: {why}. Your instructor will regrade.",
        "heading": "# Feedback for {name}",
        "score": "**Score: {score} / {top}**",
        "failed": "**Grading failed**: {why}. Your instructor will regrade.",
        "notebooks": "Notebooks graded: ",
        "not_run": "Files not run: ",
        "separator": "; ",
        "problems": "## Problems running your submission",
        "cell_errors": "## Cells that raised an error",
        "questions": "## Questions",
        "table": "| question | score | max |",
        "to_be_marked": "to be marked",
        "question": "### {qid} {title}: {score} / {top}",
        "mark": "- {mark} {name} ({score}/{top}): {message}",
    },
    "zh": {
        "criterion": "{name}：{score}/{top} - {message}",
        "written_test": "{qid} {title}（文字题，由教师手工批改）",
        "to_mark_points": "待教师手工批改：{points} 分。\n",
        "test": "{qid} {title}（{kind}）",
        "score_line": "得分 {score} / {top}。",
        "pending": "文字题还有 {points} 分待教师手工批改。",
        "failed_line": "评分失败：{why}。教师会重新评分。",
        "heading": "# {name} 的反馈",
        "score": "**得分：{score} / {top}**",
        "failed": "**评分失败**：{why}。教师会重新评分。",
        "notebooks": "已评分的 notebook：",
        "not_run": "未运行的文件：",
        "separator": "；",
        "problems": "## 运行你提交的文件时出现的问题",
        "cell_errors": "## 出错的单元格",
        "questions": "## 各题得分",
        "table": "| 题目 | 得分 | 满分 |",
        "to_be_marked": "待批改",
        "question": "### {qid} {title}：{score} / {top}",
        "mark": "- {mark} {name}（{score}/{top}）：{message}",
    },
}


class _Words:
    """The student's language: labels, and the grader's English records translated."""

    def __init__(self, lang: str) -> None:
        self.zh = lang == "zh"
        self.labels = LABELS["zh" if self.zh else "en"]

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def message(self, text: str) -> str:
        if not self.zh:
            return text
        from sim.grading import feedback_zh

        return feedback_zh.message(text)

    def name(self, name: str, qid: str) -> str:
        if not self.zh:
            return name
        from sim.grading import feedback_zh

        return feedback_zh.criterion_name(name, qid)

    def title(self, q: QuestionResult) -> str:
        if not self.zh:
            return q.title
        from sim.grading import feedback_zh

        return feedback_zh.title(q.title, q.qid)

    def kind(self, kind: str) -> str:
        if not self.zh:
            return kind
        from sim.grading import feedback_zh

        return feedback_zh.KINDS.get(kind, kind)


def _question_output(q: QuestionResult, words: _Words | None = None) -> str:
    words = words or _Words("en")
    lines = [words["criterion"].format(name=words.name(c.name, q.qid), score=f"{c.score:g}",
                                       top=f"{c.max_score:g}", message=words.message(c.message))
             for c in q.criteria]
    note = words.message(q.note)
    if note and note not in "\n".join(lines):
        lines.insert(0, note)
    return "\n".join(lines)


def results_json(result: StudentResult) -> dict:
    """The Gradescope results document for one student."""
    words = _Words(result.lang)
    tests = []
    for q in result.questions:
        if q.pending:
            tests.append({
                "name": words["written_test"].format(qid=q.qid, title=words.title(q)),
                "number": q.qid,
                "score": q.score,
                "max_score": round(q.max_score - q.pending_points, 6),
                "status": "passed",
                "output": words["to_mark_points"].format(points=f"{q.pending_points:g}")
                          + _question_output(q, words),
                "visibility": "visible",
            })
            continue
        full = q.score >= q.max_score - 1e-9
        tests.append({
            "name": words["test"].format(qid=q.qid, title=words.title(q),
                                         kind=words.kind(q.kind)),
            "number": q.qid,
            "score": q.score,
            "max_score": q.max_score,
            "status": "passed" if full else "failed",
            "output": _question_output(q, words),
            "visibility": "visible",
        })
    summary = [words["score_line"].format(score=f"{result.score:g}",
                                          top=f"{result.max_score:g}")]
    if result.pending_points:
        summary.append(words["pending"].format(points=f"{result.pending_points:g}"))
    if result.failed:
        summary.append(words["failed_line"].format(why=words.message(result.failed)))
    summary += [words.message(n) for n in result.notes]
    summary += [words.message(e) for e in result.cell_errors[:20]]
    banner = sandbox_banner(result.sandbox, result.lang)
    return {
        "score": result.score,
        "output": banner + "\n".join(summary),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"sandbox": result.sandbox, "notebooks": result.notebooks,
                       "max_score": result.max_score, "pending_points": result.pending_points,
                       "failed": result.failed},
    }


def feedback_markdown(result: StudentResult) -> str:
    """Readable per-student feedback (what earned points, what did not, why)."""
    words = _Words(result.lang)
    lines = [words["heading"].format(name=result.name), ""]
    banner = sandbox_banner(result.sandbox, result.lang)
    if banner:
        lines += ["```", banner.strip(), "```", ""]
    lines += [words["score"].format(score=f"{result.score:g}", top=f"{result.max_score:g}"), ""]
    if result.pending_points:
        lines += [words["pending"].format(points=f"{result.pending_points:g}"), ""]
    if result.failed:
        lines += [words["failed"].format(why=words.message(result.failed)), ""]
    if result.notebooks:
        lines += [words["notebooks"] + ", ".join(f"`{n}`" for n in result.notebooks), ""]
    if result.not_run:
        lines += [words["not_run"] + words["separator"].join(
            words.message(n) for n in result.not_run), ""]
    if result.notes:
        lines += [words["problems"], ""]
        lines += [f"- {words.message(n)}" for n in result.notes] + [""]
    if result.cell_errors:
        lines += [words["cell_errors"], ""]
        lines += [f"- {words.message(e)}" for e in result.cell_errors[:30]] + [""]
    lines += [words["questions"], "", words["table"], "| --- | ---: | ---: |"]
    for q in result.questions:
        shown = words["to_be_marked"] if q.pending else f"{q.score:g}"
        lines.append(f"| {q.qid} {words.title(q)} | {shown} | {q.max_score:g} |")
    lines.append("")
    for q in result.questions:
        lines += [words["question"].format(qid=q.qid, title=words.title(q),
                                           score=f"{q.score:g}", top=f"{q.max_score:g}"), ""]
        if q.note:
            lines.append(f"- {words.message(q.note)}")
        for c in q.criteria:
            if c.pending:
                mark = "…"
            else:
                mark = "✓" if c.score >= c.max_score - 1e-9 else ("~" if c.score > 0 else "✗")
            lines.append(words["mark"].format(mark=mark, name=words.name(c.name, q.qid),
                                              score=f"{c.score:g}", top=f"{c.max_score:g}",
                                              message=words.message(c.message)))
        lines.append("")
    return "\n".join(lines)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def student_folder(out: Path, result: StudentResult) -> Path:
    """``OUT/students/<key>/``."""
    return out / STUDENTS_DIR / result.student


def write_student(out: Path, result: StudentResult) -> None:
    """Write ``OUT/students/<key>/results.json`` and ``feedback.md``."""
    folder = student_folder(out, result)
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(folder / "results.json", json.dumps(results_json(result), indent=2))
    _write_atomic(folder / "feedback.md", feedback_markdown(result))


def cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab, a line break or
    ``|``/``%`` (OWASP's list plus DDE's pipes) gets a leading apostrophe.
    Numbers are written as numbers.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{value:g}"
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_gradebook(out: Path, results: list[StudentResult]) -> Path:
    """Write ``OUT/gradebook.csv``: one row per student.

    Columns: the output key and display name, total, maximum, points still
    to mark, percent (blank while points are still to mark), sandbox,
    whether grading failed, problems, one subtotal per chapter, then one
    column per question (``to mark`` for written answers not yet marked).
    """
    qids: list[str] = []
    chapters: list[int] = []
    for r in results:
        for q in r.questions:
            if q.qid not in qids:
                qids.append(q.qid)
            chapter = int(q.qid.split(".")[0])
            if chapter not in chapters:
                chapters.append(chapter)
    path = out / GRADEBOOK_FILE
    tmp = path.with_name(GRADEBOOK_FILE + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "name", "score", "max_score", "to_mark", "percent",
                         "sandbox", "grading_failed", "problems",
                         *(f"ch{c:02d}" for c in chapters), *qids])
        for r in sorted(results, key=lambda r: r.student.lower()):
            by_id = {q.qid: q for q in r.questions}
            subtotals = r.chapter_scores()
            percent = ("" if r.pending_points or not r.max_score
                       else f"{100.0 * r.score / r.max_score:.1f}")
            row = [cell(r.student), cell(r.name), cell(r.score), cell(r.max_score),
                   cell(r.pending_points), percent, cell(r.sandbox),
                   "yes" if r.failed else "no", len(r.notes) + (1 if r.failed else 0)]
            row += [cell(subtotals[c][0]) if c in subtotals else "" for c in chapters]
            for qid in qids:
                q = by_id.get(qid)
                row.append("" if q is None else "to mark" if q.pending else cell(q.score))
            writer.writerow(row)
    os.replace(tmp, path)
    return path


def write_grades(out: Path, results: list[StudentResult], meta: dict) -> Path:
    """Write ``OUT/grades.json`` (every result, for merging marks and reports)."""
    path = out / GRADES_FILE
    doc = {"meta": meta, "students": [r.to_dict() for r in results]}
    _write_atomic(path, json.dumps(doc, indent=1))
    return path


def read_grades(out: Path) -> tuple[dict, list[StudentResult]]:
    """Read ``OUT/grades.json`` back.

    Raises:
        ValueError: if the file is missing or not a grader's output.
    """
    path = out / GRADES_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc["meta"], [StudentResult.from_dict(s) for s in doc["students"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a grading output ({type(exc).__name__}); grade "
                         "first") from None
