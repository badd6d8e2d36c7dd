"""In-page practice versions of the exercises: answer in the book, check at once.

Why: students read the book in a browser and should not need Python to
practise. Each choice, classification, ordering and numeric question becomes
a small HTML form on its exercises page; ``book/_static/practice.js`` checks
an answer the moment it is given. The graded version stays the notebook.

The page must not print the answer key, so each correct answer is stored as
a short hash, salted with the question id (:func:`fingerprint`); the script
hashes what the student chose the same way and compares. That hides the
answer from a glance at the page source; it is a practice aid, not a secret
(the graded notebook is marked by the grader's hidden tests).

Numbers are compared at three significant digits (:func:`number_key`), about
half a per cent: close enough to tell a right method from a wrong one.
Simulation questions cannot be checked in the page (the grader runs the
model); written answers are marked by the instructor against a rubric.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sim.exercises.spec import Question

_CHOICE_TAIL = re.compile(
    r"\n\n(?:Options: |Categories: |Items: |Assign a list of the options that apply:).*\Z", re.S)
_CODE = re.compile(r"`'([^'`]*)'`")


def fingerprint(qid: str, text: str) -> str:
    """FNV-1a (32 bit) of ``"loyalty-lab|<qid>|<text>"``, as 8 hex digits.

    Mirrored by ``fingerprint`` in ``book/_static/practice.js`` (a test runs both).
    """
    value = 0x811C9DC5
    for byte in f"loyalty-lab|{qid}|{text}".encode():
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def number_key(value: float) -> str:
    """A number rounded to three significant digits, written without exponent.

    Mirrored by ``numberKey`` in ``book/_static/practice.js``.
    """
    if value == 0 or not math.isfinite(value):
        return "0"
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    rounded = float(f"{value:.3g}")
    text = f"{rounded:.{decimals}f}"
    return "0" if float(text) == 0 else text


def _fold(text: Any) -> str:
    return str(text).strip().lower()


def reference_answer(question: Question) -> Any:
    """Run the question's (instructor-written, cheap) solution code and return the answer."""
    namespace: dict[str, Any] = {}
    exec(question.solution, namespace)  # noqa: S102 - our own solution code, not student code
    return namespace[question.variable]


def page_prompt(question: Question) -> str:
    """The prompt without the notebook's list of Python literals (the form shows them)."""
    prompt = question.prompt.strip()
    if question.kind == "choice":
        prompt = _CHOICE_TAIL.sub("", prompt)
    return prompt


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _radio_group(qid: str, name: str, options: Sequence[str], legend: str) -> str:
    items = "".join(
        f'<label class="ll-option"><input type="radio" name="{_e(name)}" value="{_e(o)}"> '
        f"{_e(o)}</label>" for o in options)
    return (f'<fieldset class="ll-practice-group"><legend>{_e(legend)}</legend>'
            f"{items}</fieldset>")


def _select(name: str, label: str, options: Sequence[str], key: str = "") -> str:
    opts = '<option value="">choose…</option>' + "".join(
        f'<option value="{_e(o)}">{_e(o)}</option>' for o in options)
    key_attr = f' data-key="{_e(key)}"' if key else ""
    return (f'<label class="ll-practice-row"><span>{_e(label)}</span>'
            f'<select name="{_e(name)}"{key_attr}>{opts}</select></label>')


def _number(name: str, label: str, key: str = "") -> str:
    key_attr = f' data-key="{_e(key)}"' if key else ""
    return (f'<label class="ll-practice-row"><span>{_e(label)}</span>'
            f'<input type="text" inputmode="decimal" name="{_e(name)}"{key_attr} '
            'autocomplete="off"></label>')


def _form(question: Question, mode: str, checks: Mapping[str, str], body: str) -> str:
    data = " ".join(f'data-check-{_e(k)}="{v}"' for k, v in checks.items())
    # "fields": every input (data-key K) is checked on its own against "K=<answer>";
    # otherwise the whole answer is checked at once against data-check-all.
    return (
        f'<form class="ll-practice" data-qid="{_e(question.qid)}" data-mode="{mode}" {data} '
        f'aria-label="Practice: question {_e(question.qid)}">{body}'
        '<div class="ll-practice-actions"><button type="submit">Check my answer</button>'
        '<button type="button" class="ll-practice-clear">Clear</button></div>'
        '<p class="ll-practice-feedback" role="status" aria-live="polite"></p></form>')


def practice_form(question: Question) -> str | None:
    """The question's in-page practice form as HTML, or None if it has none.

    Returns None for simulation questions; written questions get a text box
    whose text stays in the page.
    """
    qid = question.qid
    spec = question.self_check
    kind = spec.get("kind")
    if question.kind == "simulation":
        return None
    if kind == "text":
        return (f'<form class="ll-practice" data-qid="{_e(qid)}" data-mode="text" '
                f'aria-label="Practice: question {_e(qid)}">'
                f'<label class="ll-practice-row ll-practice-text"><span>Your answer</span>'
                f'<textarea name="text" rows="6"></textarea></label>'
                '<p class="ll-practice-feedback" role="status" aria-live="polite"></p>'
                "<p class=\"ll-practice-note\">Written answers are marked by your instructor "
                "against a rubric. Draft here, then copy your answer into the notebook.</p>"
                "</form>")
    answer = reference_answer(question)
    if kind == "choice":
        body = _radio_group(qid, f"q{qid}", spec["options"], "Choose one")
        return _form(question, "choice", {"all": fingerprint(qid, _fold(answer))}, body)
    if kind == "mapping":
        rows = "".join(_select(f"q{qid}-{i}", item, spec["options"], key=str(i))
                       for i, item in enumerate(spec["keys"]))
        checks = {str(i): fingerprint(qid, f"{i}={_fold(answer[item])}")
                  for i, item in enumerate(spec["keys"])}
        return _form(question, "fields", checks, rows)
    if kind == "selection":
        items = "".join(
            f'<label class="ll-option"><input type="checkbox" value="{_e(o)}"> {_e(o)}</label>'
            for o in spec["options"])
        body = (f'<fieldset class="ll-practice-group"><legend>Tick every option that '
                f"applies</legend>{items}</fieldset>")
        chosen = "|".join(sorted(_fold(a) for a in answer))
        return _form(question, "selection", {"all": fingerprint(qid, chosen)}, body)
    if kind == "ordering":
        places = ("1st", "2nd", "3rd") + tuple(f"{k}th" for k in range(4, 11))
        rows = "".join(_select(f"q{qid}-{i}", places[i], spec["options"], key=str(i))
                       for i in range(len(spec["options"])))
        order = "|".join(_fold(a) for a in answer)
        return _form(question, "ordering", {"all": fingerprint(qid, order)}, rows)
    if kind == "number":
        body = _number(f"q{qid}", "Your answer", key="value")
        check = fingerprint(qid, f"value={number_key(float(answer))}")
        return _form(question, "fields", {"value": check}, body)
    if kind in ("numbers", "choices") and isinstance(answer, Mapping):
        rows, checks = [], {}
        for key, value in answer.items():
            if isinstance(value, str):
                options = spec.get("options") or sorted({value})
                rows.append(_select(f"q{qid}-{key}", key, options, key=key))
                checks[key] = fingerprint(qid, f"{key}={_fold(value)}")
            else:
                rows.append(_number(f"q{qid}-{key}", key, key=key))
                checks[key] = fingerprint(qid, f"{key}={number_key(float(value))}")
        return _form(question, "fields", checks, "".join(rows))
    return None
