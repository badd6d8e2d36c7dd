"""Short constructors for the usual kinds of question.

The chapter modules stay readable (one call per question, the facts in
plain sight) and every question of a kind gets the same starter, public
self-check and hidden tests, so they cannot drift apart between chapters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.exercises import checks
from sim.exercises.spec import HiddenTest, Question, RubricItem


def _var(qid: str) -> str:
    return "answer_" + qid.replace(".", "_")


def numeric(qid: str, title: str, prompt: str, expected: float, solution: str, *,
            points: float = 2.0, rel: float = 1e-3, abs_tol: float = 0.01, unit: str = ""
            ) -> Question:
    """A single-number answer, judged within a tolerance.

    ``solution`` is the code of the solution cell (it should show the
    working, not just the number).
    """
    return Question(
        qid=qid, title=title, kind="numeric", prompt=prompt, starter="None",
        solution=solution, self_check={"kind": "number"},
        hidden=(HiddenTest("value", points,
                           checks.number(expected, rel=rel, abs_tol=abs_tol, unit=unit)),))


def numbers(qid: str, title: str, prompt: str, parts: Mapping[str, tuple[float, float]],
            solution: str, *, rel: float = 1e-3, abs_tol: float = 0.01) -> Question:
    """A dict of named numbers, each part judged and scored on its own.

    Args:
        qid: Question id, e.g. ``"6.1"``.
        title: Short title.
        prompt: The question in Markdown.
        parts: key -> (expected value, points).
        solution: Code of the solution cell.
        rel: Relative tolerance of every part.
        abs_tol: Absolute tolerance of every part.
    """
    hidden = tuple(
        HiddenTest(key, pts, checks.number(value, rel=rel, abs_tol=abs_tol, key=key))
        for key, (value, pts) in parts.items())
    starter = "{" + ", ".join(f"{k!r}: None" for k in parts) + "}"
    return Question(qid=qid, title=title, kind="numeric", prompt=prompt, starter=starter,
                    solution=solution, self_check={"kind": "numbers", "keys": list(parts)},
                    hidden=hidden)


def choice(qid: str, title: str, prompt: str, options: Sequence[str], expected: str, *,
           points: float = 1.0, aliases: Sequence[str] = ()) -> Question:
    """One option out of a list (a string), case and spacing ignored."""
    if expected not in options:
        raise ValueError(f"{qid}: expected {expected!r} is not among the options")
    options = sorted(options, key=str.lower)  # the author's order must not hint at the answer
    shown = ", ".join(f"`{o!r}`" for o in options)
    return Question(
        qid=qid, title=title, kind="choice", prompt=f"{prompt}\n\nOptions: {shown}.",
        starter="None", solution=f"{_var(qid)} = {expected!r}",
        self_check={"kind": "choice", "options": list(options)},
        hidden=(HiddenTest("choice", points, checks.choice(expected, aliases=aliases)),))


def mapping(qid: str, title: str, prompt: str, items: Mapping[str, str],
            options: Sequence[str], *, points: float = 2.0,
            aliases: Mapping[str, Sequence[str]] | None = None) -> Question:
    """Classify each item into one of the options; credit per item right."""
    for item, category in items.items():
        if category not in options:
            raise ValueError(f"{qid}: {item!r} -> {category!r} is not an option")
    shown = ", ".join(f"`{o!r}`" for o in options)
    starter = "{\n" + "".join(f"    {k!r}: None,\n" for k in items) + "}"
    solution = f"{_var(qid)} = {{\n" + "".join(
        f"    {k!r}: {v!r},\n" for k, v in items.items()) + "}"
    return Question(
        qid=qid, title=title, kind="choice", prompt=f"{prompt}\n\nCategories: {shown}.",
        starter=starter, solution=solution,
        self_check={"kind": "mapping", "keys": list(items), "options": list(options)},
        hidden=(HiddenTest("classification", points, checks.mapping(items, aliases=aliases)),))


def selection(qid: str, title: str, prompt: str, options: Sequence[str],
              correct: Sequence[str], *, points: float = 2.0) -> Question:
    """Select all options that apply; wrong ticks cancel right ones."""
    shown = "\n".join(f"- `{o!r}`" for o in options)
    return Question(
        qid=qid, title=title, kind="choice",
        prompt=f"{prompt}\n\nAssign a list of the options that apply:\n\n{shown}",
        starter="None", solution=f"{_var(qid)} = {list(correct)!r}",
        self_check={"kind": "selection", "options": list(options)},
        hidden=(HiddenTest("selection", points, checks.selection(correct, options)),))


def ordering(qid: str, title: str, prompt: str, correct: Sequence[str],
             shuffled: Sequence[str], *, points: float = 2.0) -> Question:
    """Put the items in order; credit per position right."""
    if sorted(correct) != sorted(shuffled):
        raise ValueError(f"{qid}: shuffled items differ from the correct ones")
    shown = ", ".join(f"`{o!r}`" for o in shuffled)
    return Question(
        qid=qid, title=title, kind="choice", prompt=f"{prompt}\n\nItems: {shown}.",
        starter="None", solution=f"{_var(qid)} = {list(correct)!r}",
        self_check={"kind": "ordering", "options": list(shuffled)},
        hidden=(HiddenTest("order", points, checks.ordering(correct)),))


def written(qid: str, title: str, prompt: str, rubric: Sequence[tuple[str, float]],
            model_answer: str) -> Question:
    """A free-text answer marked by the instructor against a rubric.

    The grader exports the text with the rubric for manual marking (it
    cannot judge prose); ``model_answer`` is the instructor's key, shown
    only in the solutions.

    Args:
        qid: Question id, e.g. ``"3.6"``.
        title: Short title.
        prompt: The question in Markdown.
        rubric: (criterion, points) pairs the marker checks.
        model_answer: A full-marks answer, in the instructor's key.
    """
    return Question(
        qid=qid, title=title, kind="written", prompt=prompt, starter='""',
        solution=f"{_var(qid)} = {model_answer!r}", self_check={"kind": "text"},
        hidden=(), rubric=tuple(RubricItem(c, float(p)) for c, p in rubric))
