"""Judge validated answers with the hidden tests, in the grader's process.

This is the only place hidden tests run. They see plain data and nothing
else from the submission, so monkeypatching in the student's notebook has
no effect here. A judge that raises (a bug, or an answer shape nobody
foresaw) scores 0 for that criterion with a message; it never stops the
batch.

Written questions have no hidden tests: a person marks them against their
rubric. Their result is *pending* (one criterion per rubric item, nothing
earned yet, "to be marked by hand") until the marks are merged back
(:mod:`sim.grading.written`); a blank answer needs no marker and scores 0
at once.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from sim.exercises.spec import Question

#: Longest written answer kept for marking (characters).
MAX_WRITTEN = 10_000


@dataclass
class CriterionResult:
    """The outcome of one hidden test or rubric item."""

    name: str
    score: float
    max_score: float
    message: str
    pending: bool = False


@dataclass
class QuestionResult:
    """The outcome of one question: its criteria and their sum."""

    qid: str
    title: str
    kind: str
    max_score: float
    criteria: list[CriterionResult] = field(default_factory=list)
    answered: bool = False
    note: str = ""
    answer: Any = None

    @property
    def score(self) -> float:
        """Points earned (sum of the criteria), rounded to avoid 0.30000000000000004."""
        return round(sum(c.score for c in self.criteria), 6)

    @property
    def pending_points(self) -> float:
        """Points still to be marked by hand."""
        return round(sum(c.max_score for c in self.criteria if c.pending), 6)

    @property
    def pending(self) -> bool:
        """Whether a person still has to mark (part of) this question."""
        return any(c.pending for c in self.criteria)

    def to_dict(self) -> dict:
        """JSON-ready form (``grades.json``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, doc: dict) -> QuestionResult:
        """Inverse of :meth:`to_dict`."""
        criteria = [CriterionResult(**c) for c in doc.get("criteria", [])]
        fields = {k: v for k, v in doc.items() if k != "criteria"}
        return cls(**fields, criteria=criteria)


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    value = float(value)
    if not math.isfinite(value):
        return 0.0
    return min(1.0, max(0.0, value))


def _blank(answer: Any) -> bool:
    """None, empty text, or a starter dict still holding only blanks."""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return True
    return isinstance(answer, dict) and bool(answer) and all(_blank(v) for v in answer.values())


def judge_written(question: Question, answer: Any, note: str = "") -> QuestionResult:
    """A written answer: pending against its rubric (blank or not text: 0 at once)."""
    result = QuestionResult(qid=question.qid, title=question.title, kind=question.kind,
                            max_score=question.points, note=note)
    result.answered = not _blank(answer)
    if isinstance(answer, str):
        result.answer = answer[:MAX_WRITTEN]
    for item in question.rubric:
        if _blank(answer):
            message = note or f"{question.variable} is not answered (still empty)"
            result.criteria.append(CriterionResult(item.criterion, 0.0, item.points, message))
        elif not isinstance(answer, str):
            result.criteria.append(CriterionResult(
                item.criterion, 0.0, item.points,
                f"the answer should be text (a string), got {type(answer).__name__}"))
        else:
            result.criteria.append(CriterionResult(
                item.criterion, 0.0, item.points,
                f"to be marked by hand ({item.points:g} points)", pending=True))
    return result


def judge_question(question: Question, answers: dict[str, Any], rejected: dict[str, str]
                   ) -> QuestionResult:
    """Run the hidden tests of one question on the student's answer."""
    name = question.variable
    note = f"{name} could not be exported: {rejected[name]}" if name in rejected else ""
    answer = answers.get(name)
    if question.kind == "written":
        return judge_written(question, answer, note)
    result = QuestionResult(qid=question.qid, title=question.title, kind=question.kind,
                            max_score=question.points, note=note, answer=answer)
    result.answered = not _blank(answer)
    for test in question.hidden:
        if answer is None:
            message = result.note or f"{name} is not answered (still None or missing)"
            result.criteria.append(CriterionResult(test.name, 0.0, test.points, message))
            continue
        try:
            fraction, message = test.judge(answer)
            fraction = _fraction(fraction)
            message = str(message)[:500]
        except Exception as exc:  # noqa: BLE001 - never let one judge stop the batch
            fraction, message = 0.0, f"could not be evaluated ({type(exc).__name__})"
        result.criteria.append(CriterionResult(test.name, round(fraction * test.points, 6),
                                               test.points, message))
    return result
