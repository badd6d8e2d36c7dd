"""Judge validated answers with the hidden tests, in the grader's process.

This is the only place hidden tests run. They see plain data and nothing
else from the submission, so monkeypatching in the student's notebook has
no effect here. A judge that raises (a bug, or an answer shape nobody
foresaw) scores 0 for that criterion with a message; it never stops the
batch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sim.exercises.spec import Question


@dataclass
class CriterionResult:
    """The outcome of one hidden test."""

    name: str
    score: float
    max_score: float
    message: str


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

    @property
    def score(self) -> float:
        """Points earned (sum of the criteria), rounded to avoid 0.30000000000000004."""
        return round(sum(c.score for c in self.criteria), 6)


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    value = float(value)
    if not math.isfinite(value):
        return 0.0
    return min(1.0, max(0.0, value))


def judge_question(question: Question, answers: dict[str, Any], rejected: dict[str, str]
                   ) -> QuestionResult:
    """Run the hidden tests of one question on the student's answer."""
    result = QuestionResult(qid=question.qid, title=question.title, kind=question.kind,
                            max_score=question.points)
    name = question.variable
    if name in rejected:
        result.note = f"{name} could not be exported: {rejected[name]}"
    answer = answers.get(name)
    result.answered = answer is not None
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
