"""Instructor sources of the exercises: questions, solutions, hidden tests.

One module per chapter (``ch00`` ... ``ch08``) defines a ``CHAPTER`` with
its questions. Each question carries its prompt, a starter, the reference
solution, a public self-check (form only) and hidden tests (run only by
the grader). This package is masked out of the grader's sandbox, so student
code never sees it.

Public entry points:

* :func:`chapters` / :func:`question` to look exercises up;
* :func:`write_book_pages` for the book build (student versions, MyST);
* :func:`write_notebooks` for ``loyalty-lab exercises``.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from sim.exercises.spec import Chapter, HiddenTest, Question

CHAPTER_MODULES = tuple(f"sim.exercises.ch{n:02d}" for n in range(9))

__all__ = ["Chapter", "HiddenTest", "Question", "chapters", "question", "write_book_pages",
           "write_notebooks"]


@lru_cache(maxsize=1)
def _load() -> tuple[Chapter, ...]:
    return tuple(importlib.import_module(name).CHAPTER for name in CHAPTER_MODULES)


def chapters(numbers: list[int] | tuple[int, ...] | None = None) -> list[Chapter]:
    """All chapters in order, or only those whose numbers are given."""
    every = list(_load())
    if numbers is None:
        return every
    wanted = set(numbers)
    unknown = wanted - {c.number for c in every}
    if unknown:
        raise ValueError(f"no exercises for chapter(s) {sorted(unknown)}")
    return [c for c in every if c.number in wanted]


def question(qid: str) -> Question:
    """Look a question up by id, e.g. ``question("6.1")``."""
    for chapter in _load():
        for q in chapter.questions:
            if q.qid == qid:
                return q
    raise KeyError(f"no question {qid!r}")


def write_book_pages(directory: str | Path) -> list[Path]:
    """Write the student versions ``chNN.md`` (MyST) for the book into ``directory``.

    Called by ``loyalty-lab book`` before building; the pages hold no
    solutions and no hidden tests, and their code cells are cheap (setup,
    ``None`` starters and form checks) so the book build stays fast.
    """
    from sim.exercises.render import write_pages

    return write_pages(Path(directory), chapters())


def write_notebooks(directory: str | Path, *, solutions: bool = False,
                    numbers: list[int] | None = None) -> list[Path]:
    """Write student (or reference-solution) notebooks ``chNN.ipynb``."""
    from sim.exercises.render import write_notebooks as write

    return write(Path(directory), chapters(numbers), solution=solutions)
