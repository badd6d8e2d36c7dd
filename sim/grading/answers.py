"""Validate what came out of the sandbox: untrusted JSON, plain data only.

The snapshot written by the runner is student-controlled (the student's
code runs in the same process and could rewrite it), so it is treated like
any untrusted input: parsed with ``json`` (never unpickled), NaN/Infinity
refused, sizes and nesting bounded, and only answer names kept. Anything
odd is reported, not trusted.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

ANSWER_NAME = re.compile(r"^answer_(\d+)_(\d+)$")
_LOOSE_ID = re.compile(r"^(?:answer_)?(\d+)[._](\d+)$")
MAX_DEPTH = 8
MAX_NODES = 20_000
MAX_STR = 10_000


class InvalidDataError(ValueError):
    """The snapshot holds something other than bounded plain data."""


@dataclass
class Snapshot:
    """The validated content of one run's snapshot."""

    answers: dict[str, Any] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    cells: list[dict[str, Any]] = field(default_factory=list)
    running: int | None = None
    done: bool = False
    seq: int = 0

    @property
    def answered(self) -> int:
        """How many answers are not None."""
        return sum(1 for v in self.answers.values() if v is not None)


def _refuse_constant(name: str) -> Any:
    raise InvalidDataError(f"non-finite number {name} is not plain data")


def check_plain(value: Any, depth: int = 0, budget: list[int] | None = None) -> Any:
    """Return ``value`` if it is bounded plain JSON data, else raise InvalidDataError."""
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0:
        raise InvalidDataError("too much data")
    if depth > MAX_DEPTH:
        raise InvalidDataError("nested too deeply")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > 10**18:
            raise InvalidDataError("integer too large")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidDataError("non-finite number")
        return value
    if isinstance(value, str):
        if len(value) > MAX_STR:
            raise InvalidDataError("string too long")
        return value
    if isinstance(value, list):
        return [check_plain(v, depth + 1, budget) for v in value]
    if isinstance(value, dict):
        return {str(k): check_plain(v, depth + 1, budget) for k, v in value.items()}
    raise InvalidDataError(f"unexpected type {type(value).__name__}")


def _text(value: Any, cap: int = 1000) -> str:
    return value[:cap] if isinstance(value, str) else ""


def parse_snapshot(text: str | None) -> Snapshot:
    """Parse and validate a runner snapshot; ``None`` or junk gives an empty one.

    Raises:
        InvalidDataError: if the text is not a well-formed snapshot.
    """
    if text is None:
        raise InvalidDataError("the notebook produced no answers file")
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidDataError(f"answers file is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(doc, dict):
        raise InvalidDataError("answers file is not a JSON object")
    snap = Snapshot()
    answers = doc.get("answers")
    if isinstance(answers, dict):
        for name, value in answers.items():
            if not (ANSWER_NAME.match(str(name)) or name == "ANSWERS"):
                continue
            try:
                snap.answers[str(name)] = check_plain(value)
            except InvalidDataError as exc:
                snap.rejected[str(name)] = str(exc)
    rejected = doc.get("rejected")
    if isinstance(rejected, dict):
        for name, reason in list(rejected.items())[:200]:
            snap.rejected[str(name)[:100]] = _text(reason, 300)
    cells = doc.get("cells")
    if isinstance(cells, list):
        for cell in cells[:1000]:
            if isinstance(cell, dict):
                index = cell.get("index")
                snap.cells.append({
                    "index": index if isinstance(index, int) and not isinstance(
                        index, bool) else -1,
                    "status": _text(cell.get("status"), 20),
                    "error": _text(cell.get("error"), 1000),
                })
    running = doc.get("running")
    snap.running = running if isinstance(running, int) and not isinstance(running, bool) \
        else None
    snap.done = doc.get("done") is True
    seq = doc.get("seq")
    snap.seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else 0
    return snap


def parse_latest(texts: list[str | None]) -> Snapshot:
    """The valid snapshot with the highest sequence number among ``texts``.

    Raises:
        InvalidDataError: if none is valid (the message says whether the
            files were empty or held something else).
    """
    valid: list[Snapshot] = []
    errors: list[str] = []
    for text in texts:
        if not text:
            continue
        try:
            valid.append(parse_snapshot(text))
        except InvalidDataError as exc:
            errors.append(str(exc))
    if valid:
        return max(valid, key=lambda snap: snap.seq)
    if errors:
        raise InvalidDataError(errors[0])
    raise InvalidDataError("the notebook produced no answers file (it stopped before the "
                           "first cell ran)")


def answers_by_variable(snap: Snapshot) -> dict[str, Any]:
    """Merge ``answer_C_Q`` variables with an ``ANSWERS`` dict (variables win).

    ``ANSWERS`` may be keyed ``"6.1"``, ``"6_1"`` or ``"answer_6_1"``.
    """
    merged: dict[str, Any] = {}
    extra = snap.answers.get("ANSWERS")
    if isinstance(extra, dict):
        for key, value in extra.items():
            match = _LOOSE_ID.match(str(key).strip())
            if match:
                merged[f"answer_{int(match.group(1))}_{int(match.group(2))}"] = value
    for name, value in snap.answers.items():
        if name != "ANSWERS" and (value is not None or name not in merged):
            merged[name] = value
    return merged
