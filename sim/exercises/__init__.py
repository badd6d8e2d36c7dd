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
import re
import sys
from functools import lru_cache
from pathlib import Path

from sim.exercises.spec import Chapter, HiddenTest, Question

CHAPTER_MODULES = tuple(f"sim.exercises.ch{n:02d}" for n in range(9))

__all__ = ["Chapter", "HiddenTest", "Question", "chapters", "load_chapter", "question",
           "write_book_pages", "write_notebooks"]
_MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


@lru_cache(maxsize=1)
def _load() -> tuple[Chapter, ...]:
    return tuple(importlib.import_module(name).CHAPTER for name in CHAPTER_MODULES)


def load_chapter(module: str) -> Chapter:
    """The ``CHAPTER`` of an exercise module, e.g. ``"sim.exercises.ch06"``.

    Course chapters live in this package; an instructor's own chapter (or a
    test fixture) is any importable module defining ``CHAPTER``. An
    assignment manifest names the module of each of its chapters.

    Raises:
        ValueError: if the name is not a module path, the module cannot be
            imported or it defines no ``CHAPTER``.
    """
    if not _MODULE_NAME.match(module):
        raise ValueError(f"exercise module must be a dotted module name, got {module!r}")
    try:
        loaded = importlib.import_module(module)
    except ImportError as exc:
        raise ValueError(f"exercise module {module!r} cannot be imported ({exc})") from None
    chapter = getattr(loaded, "CHAPTER", None)
    if not isinstance(chapter, Chapter):
        raise ValueError(f"exercise module {module!r} defines no CHAPTER")
    return chapter


def module_of(chapter: Chapter) -> str:
    """The module whose ``CHAPTER`` is ``chapter`` (e.g. ``sim.exercises.ch06``).

    Raises:
        ValueError: if no imported module defines it.
    """
    for name, loaded in zip(CHAPTER_MODULES, _load(), strict=True):
        if loaded is chapter:
            return name
    for name, module in list(sys.modules.items()):
        if getattr(module, "CHAPTER", None) is chapter:
            return name
    raise ValueError(f"chapter {chapter.number} is defined by no imported module")


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
                    numbers: list[int] | None = None, lang: str = "en") -> list[Path]:
    """Write student (or reference-solution) notebooks ``chNN.ipynb``.

    ``lang`` is ``"en"`` (default) or ``"zh"``: the same questions, answer
    variables, points and checks, with Chinese words (:mod:`sim.exercises.zh`).

    Raises:
        ValueError: for another language, or a text without a Chinese version.
    """
    from sim.exercises.render import write_notebooks as write
    from sim.exercises.zh import check_language

    return write(Path(directory), chapters(numbers), solution=solutions,
                 lang=check_language(lang))
