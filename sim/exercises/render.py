"""Turn instructor chapters into student notebooks, solutions and book pages.

The student version holds the prompts, starter cells (answers set to
``None``), the public self-check and nothing else: no solution and no
hidden test is ever written into it. The solution version has the same
cells with the starter replaced by the solution code, so that grading the
solution notebooks must give full marks (the tests check it).
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

from sim.exercises import practice, selfcheck
from sim.exercises.spec import Chapter, Question

NBFORMAT_MINOR = 5


def self_check_source() -> str:
    """The public helper's source, as pasted into the notebooks' setup cell."""
    return inspect.getsource(selfcheck.self_check).replace(
        "  # noqa: C901 - one flat checker is easier to copy", "")


def _setup_code(chapter: Chapter, lang: str = "en") -> str:
    if lang == "zh":
        from sim.exercises.zh import notebook as zh

        extra = f"\n\n{chapter.setup.strip()}\n" if chapter.setup.strip() else ""
        return zh.setup_header(chapter) + zh.self_check_source() + extra
    header = (
        f"# Loyalty Lab exercises, chapter {chapter.number}: setup. Run this cell first.\n"
        "# self_check() tests the FORM of an answer only; the grader marks it with\n"
        "# hidden tests, in a separate process, re-running simulations itself.\n\n")
    extra = f"\n\n{chapter.setup.strip()}\n" if chapter.setup.strip() else ""
    return header + self_check_source() + extra


def _answer_code(question: Question, solution: bool, chapter: Chapter | None = None,
                 lang: str = "en") -> str:
    if lang == "zh" and chapter is not None:
        from sim.exercises.zh import notebook as zh

        if solution:
            return zh.solution_code(question, chapter)
        return f"{zh.ANSWER_COMMENT}\n{question.variable} = {question.starter}"
    if solution:
        return question.solution
    return (f"# Replace None with your answer (plain data: numbers, strings, lists, dicts).\n"
            f"{question.variable} = {question.starter}")


def _check_code(question: Question) -> str:
    spec = dict(question.self_check)
    kind = spec.pop("kind")
    args = "".join(f", {k}={v!r}" for k, v in spec.items())
    return f"self_check({question.qid!r}, {question.variable}, {kind!r}{args})"


def _try_code(question: Question, lang: str = "en") -> str | None:
    task = question.task
    if task is None:
        return None
    if lang == "zh":
        from sim.exercises.zh import notebook as zh

        return zh.try_code(question)
    from sim.exercises.simtask import RUN

    return (
        "# Optional: try your proposal with the simulator (the grader runs exactly this\n"
        "# itself, so it does not matter what you print here). Uncomment to run.\n"
        f"# import sim\n# base = {dict(task.base)!r}\n"
        f"# for seed in {tuple(task.seeds)!r}:\n"
        f"#     res = sim.LoyaltyModel(seed=seed, n_customers={RUN['n_customers']}, "
        f"periods={RUN['periods']},\n"
        f"#                            **{{**base, **{question.variable}}}).run()\n"
        "#     print(seed, res.pattern_shares, res.loyalty)")


def chapter_cells(chapter: Chapter, *, solution: bool, lang: str = "en"
                  ) -> list[tuple[str, str]]:
    """The chapter's cells as (kind, source) pairs.

    Kinds: ``markdown``, ``code`` and ``setup`` (a code cell that the book
    folds away, since its helper is not part of the exercise). With
    ``lang="zh"`` the cells are the same (same answer variables, starters and
    self-check calls); only the words are Chinese (:mod:`sim.exercises.zh`).
    """
    if lang == "zh":
        return _chapter_cells_zh(chapter, solution=solution)
    title = f"# Exercises: Chapter {chapter.number}, {chapter.title}"
    if solution:
        title += " (reference solutions)"
    cells: list[tuple[str, str]] = [("markdown", f"{title}\n\n{chapter.intro.strip()}"),
                                    ("setup", _setup_code(chapter))]
    for q in chapter.questions:
        points = f"{q.points:g} point" + ("" if q.points == 1 else "s")
        cells.append(("markdown", f"## Question {q.qid}: {q.title} ({points})\n\n"
                                  f"{q.prompt.strip()}"))
        cells.append(("code", _answer_code(q, solution)))
        cells.append(("code", _check_code(q)))
        tried = _try_code(q)
        if tried:
            cells.append(("code", tried))
    return cells


def _chapter_cells_zh(chapter: Chapter, *, solution: bool) -> list[tuple[str, str]]:
    from sim.exercises.zh import notebook as zh

    cells: list[tuple[str, str]] = [
        ("markdown", f"{zh.chapter_title(chapter, solution)}\n\n{zh.intro(chapter)}"),
        ("setup", _setup_code(chapter, "zh"))]
    for q in chapter.questions:
        cells.append(("markdown", f"{zh.question_heading(q, chapter)}\n\n"
                                  f"{zh.prompt(q, chapter)}"))
        cells.append(("code", _answer_code(q, solution, chapter, "zh")))
        cells.append(("code", _check_code(q)))
        tried = _try_code(q, "zh")
        if tried:
            cells.append(("code", tried))
    return cells


def _source_lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    return lines


def notebook(chapter: Chapter, *, solution: bool, lang: str = "en") -> dict[str, Any]:
    """The chapter as an nbformat-4 notebook document (a plain dict).

    A notebook in another language than English records it in its metadata
    (``loyalty_lab.lang``), so the grader writes the student's feedback in
    that language; English notebooks stay exactly as they were.
    """
    cells = []
    for index, (kind, source) in enumerate(chapter_cells(chapter, solution=solution,
                                                         lang=lang)):
        cell_type = "markdown" if kind == "markdown" else "code"
        cell: dict[str, Any] = {"cell_type": cell_type, "id": f"c{index:03d}", "metadata": {},
                                "source": _source_lines(source)}
        if cell_type == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    info: dict[str, Any] = {"chapter": chapter.number, "solution": solution}
    if lang != "en":
        info["lang"] = lang
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "loyalty_lab": info,
        },
        "nbformat": 4,
        "nbformat_minor": NBFORMAT_MINOR,
    }


def write_notebooks(out: Path, chapters: list[Chapter], *, solution: bool, lang: str = "en"
                    ) -> list[Path]:
    """Write ``out/chNN.ipynb`` for each chapter; return the paths.

    Every notebook is built before any is written, so a missing translation
    (``lang="zh"``) fails without leaving a half-written hand-out.
    """
    docs = [(chapter, notebook(chapter, solution=solution, lang=lang)) for chapter in chapters]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for chapter, doc in docs:
        path = out / f"{chapter.slug}.ipynb"
        path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


MYST_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


NOTEBOOKS = "notebooks"
"""Folder, next to the book's exercise pages, holding the student notebooks to download."""


def _download_box(chapter: Chapter) -> str:
    path = f"{NOTEBOOKS}/{chapter.slug}.ipynb"
    return (
        "```{admonition} Practise here, hand in the notebook\n:class: tip\n\n"
        "Answer the questions below right in this page and press **Check my answer**: "
        "the page tells you at once whether you are right. Nothing is sent anywhere and "
        "no programming is needed.\n\n"
        f"For the graded version, {{download}}`download the notebook for this chapter <{path}>` "
        f"(`{chapter.slug}.ipynb`), open it in JupyterLab or in the classroom app your "
        "instructor runs, type your answers where the notebook says, run it from top to "
        "bottom and hand it in. Questions marked *simulation* can only be answered there: "
        "the grader runs the model with your settings. Written answers are marked by your "
        "instructor against a rubric.\n```\n")


def _question_heading(q: Question) -> str:
    points = f"{q.points:g} point" + ("" if q.points == 1 else "s")
    kind = {"simulation": ", simulation", "written": ", written answer"}.get(q.kind, "")
    return f"## Question {q.qid}: {q.title} ({points}{kind})"


def book_page(chapter: Chapter) -> str:
    """The student version of a chapter as a MyST page: practice forms first.

    The page shows each question with its in-page practice form
    (:mod:`sim.exercises.practice`) and offers the student notebook for
    download. The notebook's code cells follow at the end: its setup folded
    away, the answer and self-check cells removed from the page (they still
    run when the book is built, which checks that a blank notebook runs).
    """
    parts = [MYST_HEADER,
             f"# Exercises: Chapter {chapter.number}, {chapter.title}\n\n"
             f"{chapter.intro.strip()}\n",
             _download_box(chapter)]
    for q in chapter.questions:
        parts.append(f"{_question_heading(q)}\n\n{practice.page_prompt(q)}\n")
        form = practice.practice_form(q)
        if form is None:
            parts.append("*Answer this one in the notebook: the grader runs the simulation "
                         "with the settings you propose.*\n")
        else:
            parts.append("```{raw} html\n" + form + "\n```\n")
    parts.append("## The notebook's code\n\nThe notebook you download holds the same "
                 "questions with a cell for each answer. Its first cell, below, defines the "
                 "`self_check` helper that tells you whether an answer has the right form "
                 "(a number, one of the options, ...) before you hand it in.\n")
    for kind, source in chapter_cells(chapter, solution=False):
        if kind == "setup":
            parts.append("```{code-cell} ipython3\n:tags: [hide-input]\n\n" + source.rstrip()
                         + "\n```\n")
        elif kind == "code":
            parts.append("```{code-cell} ipython3\n:tags: [remove-cell]\n\n" + source.rstrip()
                         + "\n```\n")
    return "\n".join(parts)


def write_pages(out: Path, chapters: list[Chapter]) -> list[Path]:
    """Write ``out/chNN.md`` (student versions) and ``out/notebooks/chNN.ipynb`` for the book."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for chapter in chapters:
        path = out / f"{chapter.slug}.md"
        path.write_text(book_page(chapter), encoding="utf-8")
        paths.append(path)
    write_notebooks(out / NOTEBOOKS, chapters, solution=False)
    return paths
