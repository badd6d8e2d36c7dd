"""The assignment manifest: which chapters are graded and what each is worth.

``loyalty-lab exercises --out DIR`` writes ``DIR/assignment.json`` next to
the notebooks it hands out; ``loyalty-lab grade --assignment
DIR/assignment.json`` grades every student out of exactly that, whatever
files anyone hands in. (Taking the chapters from the batch's file names let
one student's junk ``ch00``-``ch08`` files raise everybody's maximum.)

The manifest is plain data (public: it holds question ids, titles and
points, never answers). Each chapter names the module that defines it, so
an instructor's own exercise module works like a course chapter. When the
grader loads a manifest it checks the questions against the modules: a
manifest written by another version of the exercises is refused with the
first difference, rather than graded against a different key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sim import exercises
from sim.exercises.spec import Chapter

FORMAT = "loyalty-lab-assignment/1"
FILE_NAME = "assignment.json"


class AssignmentError(ValueError):
    """The manifest is unreadable or does not match the exercise sources."""


@dataclass(frozen=True)
class QuestionEntry:
    """One question as the manifest records it."""

    qid: str
    title: str
    kind: str
    points: float
    auto_points: float


@dataclass(frozen=True)
class ChapterEntry:
    """One graded chapter: its module, the notebook handed out and its questions."""

    number: int
    module: str
    notebook: str
    title: str
    questions: tuple[QuestionEntry, ...]

    @property
    def points(self) -> float:
        """Total points of the chapter."""
        return float(sum(q.points for q in self.questions))


@dataclass(frozen=True)
class Assignment:
    """What a batch is graded out of."""

    chapters: tuple[ChapterEntry, ...]
    title: str = ""

    @property
    def numbers(self) -> tuple[int, ...]:
        """Chapter numbers, in order."""
        return tuple(c.number for c in self.chapters)

    @property
    def points(self) -> float:
        """Maximum score of a student."""
        return float(sum(c.points for c in self.chapters))

    @property
    def auto_points(self) -> float:
        """Points the grader marks by itself (the rest is marked by hand)."""
        return float(sum(q.auto_points for c in self.chapters for q in c.questions))

    def load(self) -> list[Chapter]:
        """The chapters' sources, checked against the manifest.

        Raises:
            AssignmentError: if a module is missing or its questions differ.
        """
        loaded = []
        for entry in self.chapters:
            try:
                chapter = exercises.load_chapter(entry.module)
            except ValueError as exc:
                raise AssignmentError(str(exc)) from None
            _check(entry, chapter)
            loaded.append(chapter)
        return loaded

    def to_dict(self) -> dict:
        """JSON-ready form (the file format)."""
        return {
            "format": FORMAT,
            "title": self.title,
            "points": self.points,
            "auto_points": self.auto_points,
            "chapters": [
                {"number": c.number, "module": c.module, "notebook": c.notebook,
                 "title": c.title, "points": c.points,
                 "questions": [{"qid": q.qid, "title": q.title, "kind": q.kind,
                                "points": q.points, "auto_points": q.auto_points}
                               for q in c.questions]}
                for c in self.chapters],
        }

    def write(self, folder: str | Path) -> Path:
        """Write ``folder/assignment.json``; return its path."""
        path = Path(folder) / FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_chapters(cls, chapters: Iterable[Chapter], title: str = "") -> Assignment:
        """The manifest of the given chapter sources."""
        entries = []
        for chapter in sorted(chapters, key=lambda c: c.number):
            entries.append(ChapterEntry(
                number=chapter.number, module=exercises.module_of(chapter),
                notebook=f"{chapter.slug}.ipynb", title=chapter.title,
                questions=tuple(QuestionEntry(q.qid, q.title, q.kind, q.points, q.auto_points)
                                for q in chapter.questions)))
        numbers = [e.number for e in entries]
        if len(set(numbers)) != len(numbers):
            raise AssignmentError(f"two chapters share a number: {numbers}")
        if not entries:
            raise AssignmentError("an assignment needs at least one chapter")
        return cls(chapters=tuple(entries), title=title)

    @classmethod
    def from_numbers(cls, numbers: Iterable[int], title: str = "") -> Assignment:
        """The manifest of course chapters by number (``--chapters 3,6``)."""
        try:
            return cls.from_chapters(exercises.chapters(sorted(set(numbers))), title)
        except ValueError as exc:
            raise AssignmentError(str(exc)) from None

    @classmethod
    def read(cls, path: str | Path) -> Assignment:
        """Read and validate a manifest file.

        Raises:
            AssignmentError: with the file, the field and what was wrong.
        """
        path = Path(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise AssignmentError(f"{path}: cannot read the assignment ({exc})") from None
        return cls.from_dict(doc, str(path))

    @classmethod
    def from_dict(cls, doc: object, where: str = "assignment") -> Assignment:
        """Validate the JSON form (see :meth:`to_dict`)."""
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise AssignmentError(f"{where}: 'format' must be {FORMAT!r}, got "
                                  f"{doc.get('format') if isinstance(doc, dict) else doc!r}")
        chapters = doc.get("chapters")
        if not isinstance(chapters, list) or not chapters:
            raise AssignmentError(f"{where}: 'chapters' must be a non-empty list")
        entries = []
        for index, raw in enumerate(chapters):
            field = f"{where}: chapters[{index}]"
            if not isinstance(raw, dict):
                raise AssignmentError(f"{field} must be an object")
            number = raw.get("number")
            if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 99:
                raise AssignmentError(f"{field}.number must be a whole number from 0 to 99, "
                                      f"got {number!r}")
            for key in ("module", "notebook", "title"):
                if not isinstance(raw.get(key), str):
                    raise AssignmentError(f"{field}.{key} must be text, got {raw.get(key)!r}")
            questions = raw.get("questions")
            if not isinstance(questions, list) or not questions:
                raise AssignmentError(f"{field}.questions must be a non-empty list")
            parsed = []
            for q_index, q in enumerate(questions):
                q_field = f"{field}.questions[{q_index}]"
                if not isinstance(q, dict) or not all(
                        isinstance(q.get(k), str) for k in ("qid", "title", "kind")):
                    raise AssignmentError(f"{q_field} needs text 'qid', 'title' and 'kind'")
                for key in ("points", "auto_points"):
                    value = q.get(key)
                    if isinstance(value, bool) or not isinstance(value, int | float) or not (
                            0 <= value <= 1000):
                        raise AssignmentError(f"{q_field}.{key} must be a number from 0 to "
                                              f"1000, got {value!r}")
                parsed.append(QuestionEntry(q["qid"], q["title"], q["kind"],
                                            float(q["points"]), float(q["auto_points"])))
            entries.append(ChapterEntry(number, raw["module"], raw["notebook"], raw["title"],
                                        tuple(parsed)))
        numbers = [e.number for e in entries]
        if len(set(numbers)) != len(numbers):
            raise AssignmentError(f"{where}: two chapters share a number: {numbers}")
        title = doc.get("title", "")
        return cls(chapters=tuple(entries), title=title if isinstance(title, str) else "")


def _check(entry: ChapterEntry, chapter: Chapter) -> None:
    where = f"assignment chapter {entry.number} ({entry.module})"
    if chapter.number != entry.number:
        raise AssignmentError(f"{where}: the module defines chapter {chapter.number}")
    have = {q.qid: q for q in chapter.questions}
    want = [q.qid for q in entry.questions]
    if want != [q.qid for q in chapter.questions]:
        raise AssignmentError(
            f"{where}: the manifest lists questions {want} but the module has "
            f"{[q.qid for q in chapter.questions]}; write the assignment again with "
            "loyalty-lab exercises")
    for q in entry.questions:
        source = have[q.qid]
        if (q.kind, q.points, q.auto_points) != (source.kind, source.points, source.auto_points):
            raise AssignmentError(
                f"{where}: question {q.qid} is a {q.kind} question worth {q.points:g} points "
                f"in the manifest but a {source.kind} question worth {source.points:g} in the "
                "module; write the assignment again with loyalty-lab exercises")
