"""Translate a generated English sentence by matching the f-string template it came from.

Why: sentences that carry a run's numbers (a report's evidence, a table
cell) cannot live in gettext catalogues, because the numbers change with the
model. Each such sentence comes from one English f-string; the pattern made
from that f-string captures the values exactly as the English shows them, and
a Chinese template puts the very same text (so the same digits) into a
Chinese sentence. A sentence no template matches raises :class:`ValueError`
naming it: a wording change upstream then fails the build instead of showing
English on a Chinese page. (:mod:`sim.i18n.facts` uses the same approach.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache

Converter = Callable[[str], str]


@cache
def compile_template(template: str) -> re.Pattern[str]:
    """An English template with ``{name}`` fields -> a regex matching the whole sentence.

    >>> compile_template("{n} of {total} levers").match("3 of 4 levers")["total"]
    '4'
    """
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                    for i, part in enumerate(parts))
    return re.compile(regex + r"\Z", re.S)


def translate(text: str, templates: Sequence[tuple[str, str]], *,
              convert: Mapping[str, Converter] | None = None,
              extra: Callable[[dict[str, str]], Mapping[str, str]] | None = None,
              what: str = "sentence") -> str:
    """Return the Chinese sentence of the first template pair whose English side matches.

    Args:
        text: The English sentence, as generated.
        templates: ``(English template, Chinese template)`` pairs with the same
            field names; tried in order (put the more specific one first).
        convert: Per field, a function applied to the captured text before it
            is filled in (to put identifiers in backticks, say); it may raise
            :class:`ValueError` to reject the match.
        extra: Given the (converted) values, more values only the Chinese
            template uses (a pattern's Chinese name, say).
        what: What the sentence is, for the error message.

    Raises:
        ValueError: if no template matches (or every match is rejected).
    """
    convert = convert or {}
    for english, chinese in templates:
        match = compile_template(english).match(text.strip())
        if not match:
            continue
        values = match.groupdict()
        try:
            values = {k: convert[k](v) if k in convert else v for k, v in values.items()}
            if extra is not None:
                values.update(extra(values))
        except (KeyError, ValueError):
            continue
        return chinese.format(**values)
    raise ValueError(f"no Chinese template for the {what}: {text!r}")


def fixed(text: str, table: Mapping[str, str], what: str = "text") -> str:
    """The Chinese of a fixed English text, refusing one the table does not know."""
    try:
        return table[text]
    except KeyError:
        raise ValueError(f"no Chinese text for the {what}: {text!r}") from None
