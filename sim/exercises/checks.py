"""Builders of hidden-test judges for numeric and choice answers.

Judges receive plain data that the grader has already validated (numbers,
strings, lists, dicts, ``None``). They never trust the type the student meant
to give: a judge must cope with *any* plain value and say clearly what was
wrong, without printing the expected answer (feedback is shown to students).
Partial credit comes from splitting a question into several judges or from
judges that score the share of correct items.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sim.exercises.spec import Judge, Verdict

_FOLD = re.compile(r"[\s_\-]+")


def normalize(text: Any) -> str | None:
    """Fold a free-text choice for comparison (case, spaces, dashes, dots).

    Returns ``None`` for anything that is not a string or a whole number, so
    that ``None`` or a list never matches an option by accident.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        text = str(text)
    if not isinstance(text, str):
        return None
    folded = _FOLD.sub(" ", text.strip().casefold()).strip(" .")
    return folded.replace(" ", "")


def is_number(value: Any) -> bool:
    """True for finite int/float values that are not booleans."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def pick(answer: Any, key: str | None) -> Any:
    """Return ``answer[key]`` for dict answers (``None`` if absent)."""
    if key is None:
        return answer
    if isinstance(answer, Mapping):
        return answer.get(key)
    return None


def number(
    expected: float, *, rel: float = 1e-3, abs_tol: float = 0.01, key: str | None = None,
    unit: str = "",
) -> Judge:
    """Judge a numeric answer against ``expected`` within a tolerance.

    Args:
        expected: The reference value (hidden).
        rel: Relative tolerance; the default accepts sensible rounding.
        abs_tol: Absolute tolerance for values near zero.
        key: Look the value up under this key of a dict answer.
        unit: Unit named in the feedback (e.g. ``"years"``).
    """

    def judge(answer: Any) -> Verdict:
        value = pick(answer, key)
        where = f"'{key}'" if key else "the answer"
        if value is None:
            return 0.0, f"{where} is missing (still None)"
        if not is_number(value):
            return 0.0, f"{where} should be a finite number, got {type(value).__name__}"
        if math.isclose(float(value), expected, rel_tol=rel, abs_tol=abs_tol):
            return 1.0, f"{where} is correct"
        return 0.0, f"{where} = {value}{' ' + unit if unit else ''} is not correct"

    return judge


def choice(expected: str, *, aliases: Iterable[str] = (), key: str | None = None) -> Judge:
    """Judge a single choice (string) answer, ignoring case and spacing.

    Args:
        expected: The correct option.
        aliases: Other spellings that count as the same option.
        key: Look the value up under this key of a dict answer.
    """
    accepted = {normalize(expected), *(normalize(a) for a in aliases)}

    def judge(answer: Any) -> Verdict:
        value = pick(answer, key)
        where = f"'{key}'" if key else "the answer"
        if value is None:
            return 0.0, f"{where} is missing (still None)"
        if normalize(value) in accepted:
            return 1.0, f"{where} is correct"
        return 0.0, f"{where} = {value!r} is not correct"

    return judge


def mapping(expected: Mapping[str, str], *, aliases: Mapping[str, Iterable[str]] | None = None
            ) -> Judge:
    """Judge a dict of item -> category, scoring the share of items right.

    Keys are matched after :func:`normalize`, values likewise; ``aliases``
    maps a category to other accepted spellings of it.
    """
    aliases = aliases or {}
    canon: dict[str, str] = {}
    for category in set(expected.values()):
        canon[normalize(category)] = category
        for alt in aliases.get(category, ()):
            canon[normalize(alt)] = category
    def judge(answer: Any) -> Verdict:
        if not isinstance(answer, Mapping):
            return 0.0, "the answer should be a dict mapping each item to a category"
        given = {normalize(k): v for k, v in answer.items()}
        right = sum(
            1 for item, category in expected.items()
            if canon.get(normalize(given.get(normalize(item)))) == category
        )
        if right == len(expected):
            return 1.0, f"all {len(expected)} items are classified correctly"
        return right / len(expected), f"{right} of {len(expected)} items classified correctly"

    return judge


def selection(correct: Iterable[str], options: Iterable[str]) -> Judge:
    """Judge a multiple-select answer (a list of options).

    Each correct option earns ``1/len(correct)``; each wrong option selected
    costs the same, so ticking every box is not a winning strategy. The
    fraction never goes below zero.
    """
    right = {normalize(c) for c in correct}
    allowed = {normalize(o) for o in options} | right

    def judge(answer: Any) -> Verdict:
        if not isinstance(answer, list | tuple):
            return 0.0, "the answer should be a list of the options you select"
        chosen = {normalize(a) for a in answer}
        unknown = chosen - allowed
        hits = len(chosen & right)
        misses = len(chosen - right)
        fraction = max(0.0, (hits - misses) / len(right))
        note = f" ({len(unknown)} not among the options)" if unknown else ""
        return fraction, f"{hits} correct and {misses} wrong selections{note}"

    return judge


def ordering(expected: Iterable[str], *, aliases: Mapping[str, Iterable[str]] | None = None
             ) -> Judge:
    """Judge an ordered list, scoring the share of positions that are right."""
    want = [normalize(e) for e in expected]
    alias = {normalize(a): normalize(k) for k, alts in (aliases or {}).items() for a in alts}

    def judge(answer: Any) -> Verdict:
        if not isinstance(answer, list | tuple):
            return 0.0, "the answer should be a list in order"
        given = [alias.get(normalize(a) or "", normalize(a)) for a in answer]
        right = sum(1 for i, w in enumerate(want) if i < len(given) and given[i] == w)
        if right == len(want) and len(given) == len(want):
            return 1.0, "the order is correct"
        fraction = right / len(want) if len(given) == len(want) else right / max(
            len(want), len(given))
        return fraction, f"{right} of {len(want)} positions correct"

    return judge


def describe(value: Any) -> str:
    """Short, safe description of a submitted value for feedback."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
