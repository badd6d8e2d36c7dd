"""Written answers: exported with their rubric for marking by hand, merged back.

After grading, ``OUT/written/`` holds, for every written question of the
assignment:

* ``<qid>.csv``: one row per student who answered (blank answers score 0
  and need no marker), with the answer and one empty column per rubric
  criterion, headed ``<criterion> (max N)``, for the marker to fill in;
* ``rubric.md``: each question's prompt, rubric and model answer (the
  output folder is the instructor's, so the key may be there).

``loyalty-lab grade --merge-written --out OUT`` reads the filled-in sheets
back, checks every mark (a number from 0 to the criterion's maximum; an
empty cell stays "to be marked"), and writes the results, feedback,
gradebook and report again with the marks included.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from sim.exercises.spec import Chapter, Question
from sim.grading.report import StudentResult, cell

WRITTEN_DIR = "written"


class MarksError(ValueError):
    """A marking sheet holds something other than valid marks (the message says where)."""


def written_questions(chapters: list[Chapter]) -> list[Question]:
    """The written questions of the assignment, in order."""
    return [q for c in chapters for q in c.questions if q.kind == "written"]


def _header(question: Question) -> list[str]:
    return ["student", "name", "answer",
            *(f"{item.criterion} (max {item.points:g})" for item in question.rubric),
            "comment"]


def export(out: Path, results: list[StudentResult], chapters: list[Chapter]) -> list[Path]:
    """Write the marking sheets and ``rubric.md``; return the sheets' paths."""
    questions = written_questions(chapters)
    if not questions:
        return []
    folder = out / WRITTEN_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for question in questions:
        path = folder / f"{question.qid}.csv"
        previous = _read_rows(path) if path.exists() else {}
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(_header(question))
            for r in sorted(results, key=lambda r: r.student.lower()):
                q = next((q for q in r.questions if q.qid == question.qid), None)
                if q is None or not q.answered or not isinstance(q.answer, str):
                    continue
                marks = [("" if c.pending else f"{c.score:g}") for c in q.criteria]
                kept = previous.get(r.student)
                if kept and all(m == "" for m in marks):
                    marks = kept[: len(marks)]
                writer.writerow([cell(r.student), cell(r.name), cell(q.answer), *marks,
                                 ""])
        paths.append(path)
    lines = ["# Written questions: rubric and model answers", ""]
    for question in questions:
        lines += [f"## {question.qid} {question.title} ({question.points:g} points)", "",
                  question.prompt.strip(), "", "| criterion | points |", "| --- | ---: |"]
        lines += [f"| {item.criterion} | {item.points:g} |" for item in question.rubric]
        model = question.solution.split("=", 1)[1].strip() if "=" in question.solution else ""
        lines += ["", "Model answer:", "", f"> {model}", ""]
    (folder / "rubric.md").write_text("\n".join(lines), encoding="utf-8")
    return paths


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _read_rows(path: Path) -> dict[str, list[str]]:
    """Student key -> the mark cells of an existing sheet (to keep marks on re-export)."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return {_uncell(row[0]): row[3:-1] for row in rows[1:] if len(row) >= 4}


def merge(out: Path, results: list[StudentResult], chapters: list[Chapter]) -> int:
    """Fill the marks of ``OUT/written/*.csv`` into ``results``; return how many were set.

    Raises:
        MarksError: naming the sheet, row, column, allowed range and value.
    """
    folder = out / WRITTEN_DIR
    by_key = {r.student: r for r in results}
    count = 0
    for question in written_questions(chapters):
        path = folder / f"{question.qid}.csv"
        if not path.exists():
            continue
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.reader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise MarksError(f"{path}: cannot be read ({exc})") from None
        if not rows or rows[0][:3] != ["student", "name", "answer"]:
            raise MarksError(f"{path}: the first row must be the header written by the grader")
        width = len(question.rubric)
        for number, row in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in row):
                continue
            key = _uncell(row[0])
            result = by_key.get(key)
            if result is None:
                raise MarksError(f"{path} row {number}: no student {key!r} in this batch")
            q = next((q for q in result.questions if q.qid == question.qid), None)
            if q is None or len(q.criteria) != width:
                raise MarksError(f"{path} row {number}: student {key!r} has no written "
                                 f"answer to {question.qid}")
            marks = (row[3:3 + width] + [""] * width)[:width]
            for item, criterion, text in zip(question.rubric, q.criteria, marks, strict=True):
                text = text.strip()
                column = f"{item.criterion} (max {item.points:g})"
                if not text:
                    continue
                try:
                    value = float(text.replace(",", "."))
                except ValueError:
                    value = math.nan
                if not math.isfinite(value) or not 0 <= value <= item.points:
                    raise MarksError(f"{path} row {number}, column '{column}': the mark must "
                                     f"be a number from 0 to {item.points:g}, got {text!r}")
                criterion.score = round(value, 6)
                criterion.pending = False
                comment = row[3 + width].strip() if len(row) > 3 + width else ""
                criterion.message = "marked by hand" + (f": {comment}" if comment else "")
                count += 1
    return count
