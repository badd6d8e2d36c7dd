"""The shape of an exercise: questions, their parts and their hidden tests.

An exercise is plain data plus small judging functions. The *student* sees
the prompt, a starter cell that assigns ``None`` (or a dict of ``None``) to
the answer variable and a public self-check call that only looks at the
answer's form. The *grader* alone sees the solution and the hidden tests.
Keeping both in one instructor object (one module per chapter) means the
question, its answer and the way it is marked cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

#: What a hidden test returns: the fraction of its points earned (0..1) and
#: a message for the student that must not give the expected answer away.
Verdict = tuple[float, str]
Judge = Callable[[Any], Verdict]

Kind = Literal["numeric", "choice", "simulation", "written"]

_QID = re.compile(r"^(\d+)\.(\d+)$")


@dataclass(frozen=True)
class HiddenTest:
    """One marked criterion of a question, run only in the grader process.

    Attributes:
        name: Short label shown in the feedback (e.g. ``"start-of-year CLV"``).
        points: Points this criterion is worth.
        judge: Function of the whole (validated, plain-data) answer returning
            a :data:`Verdict`. It may raise; the grader then scores it 0.
    """

    name: str
    points: float
    judge: Judge


@dataclass(frozen=True)
class RubricItem:
    """One criterion of a written answer, marked by a person, not by code.

    Attributes:
        criterion: What the marker looks for, in a sentence.
        points: Points this criterion is worth.
    """

    criterion: str
    points: float


@dataclass(frozen=True)
class Question:
    """One exercise question with its solution and its tests.

    Attributes:
        qid: ``"chapter.number"``, e.g. ``"6.1"``; the answer variable is
            derived from it (``answer_6_1``).
        title: Short title for gradebooks and feedback.
        kind: ``numeric``, ``choice``, ``simulation`` or ``written`` (free
            text, marked by the instructor against ``rubric``).
        prompt: The question in Markdown (student-visible).
        starter: Right-hand side the student starts from (``None`` or a dict
            of ``None``): a blank notebook must score zero.
        solution: Code assigning the reference answer to the variable; kept
            cheap because solution notebooks are graded in benchmarks.
        self_check: Keyword arguments of the public ``self_check`` helper
            (form only: type, keys, options, bounds, budget).
        hidden: The hidden tests; their points add up to the question's.
        task: For simulation questions, the public :class:`SimTask`
            definition (base scenario, levers, budget, goals).
        rubric: For written questions, the criteria a person marks; written
            questions have no hidden tests (their points come from here).
    """

    qid: str
    title: str
    kind: Kind
    prompt: str
    starter: str
    solution: str
    self_check: dict[str, Any]
    hidden: tuple[HiddenTest, ...]
    task: Any = None
    rubric: tuple[RubricItem, ...] = ()

    def __post_init__(self) -> None:
        if not _QID.match(self.qid):
            raise ValueError(f"question id must look like '6.1', got {self.qid!r}")
        if self.kind == "written":
            if self.hidden or not self.rubric:
                raise ValueError(f"written question {self.qid} needs a rubric and no "
                                 "hidden tests")
        elif not self.hidden:
            raise ValueError(f"question {self.qid} has no hidden tests")
        if self.variable not in self.solution:
            raise ValueError(f"solution of {self.qid} does not assign {self.variable}")

    @property
    def chapter(self) -> int:
        """The chapter number, from the id."""
        return int(self.qid.split(".")[0])

    @property
    def variable(self) -> str:
        """The name the student assigns the answer to, e.g. ``answer_6_1``."""
        return "answer_" + self.qid.replace(".", "_")

    @property
    def points(self) -> float:
        """Total points of the question (its rubric's, for written questions)."""
        if self.kind == "written":
            return float(sum(item.points for item in self.rubric))
        return float(sum(t.points for t in self.hidden))

    @property
    def auto_points(self) -> float:
        """Points the grader marks by itself (0 for written questions)."""
        return float(sum(t.points for t in self.hidden))


@dataclass(frozen=True)
class Chapter:
    """The exercises of one book chapter.

    Attributes:
        number: Chapter number (0-8).
        title: Chapter title as in the syllabus.
        intro: Markdown shown above the questions.
        questions: The questions, in order.
        setup: Optional extra student-visible code run after the standard
            setup cell (e.g. helper data for the chapter); keep it cheap.
    """

    number: int
    title: str
    intro: str
    questions: tuple[Question, ...]
    setup: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for q in self.questions:
            if q.chapter != self.number:
                raise ValueError(f"question {q.qid} is filed under chapter {self.number}")
        ids = [q.qid for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate question ids in chapter {self.number}: {ids}")

    @property
    def slug(self) -> str:
        """File stem used for notebooks and book pages, e.g. ``ch06``."""
        return f"ch{self.number:02d}"

    @property
    def points(self) -> float:
        """Total points of the chapter."""
        return float(sum(q.points for q in self.questions))
