"""Chinese copies of the chapters' static matplotlib figures (issue 13).

Why: a chapter draws each figure once, from one set of runs; the Chinese
edition needs the same figure with Chinese titles, axis labels, legends and
notes. Drawing it twice would duplicate the plotting code of every chapter,
and running the model twice would double the build. Instead
:func:`chinese_figure` copies the finished figure (the data are already in
its artists) and replaces its text, string by string, through a translation
table; the chapter glues the copy as ``key__zh_CN`` beside ``key``
(``book/_ext/translation.py`` swaps it in on the Chinese pages).

A table entry is an exact English string, or an English template with
``{name}`` fields (numbers and names the chapter formatted in) that the
Chinese template reuses: ``"seed {seed}"`` -> ``"种子 {seed}"``. Text no entry
matches is kept as it is (numbers, tick labels, preset names), and
:func:`chinese_figure` reports the English words it left, so a chapter can
insist on a complete translation (``strict=True``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from sim.i18n.fonts import FAMILY, use_cjk_font

_ENGLISH_WORD = re.compile(r"\b(?![IVX]+\b)[A-Za-z]{3,}\b")


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(regex + r"\Z", re.S)


class Translator:
    """Translate figure text with a table of exact strings and ``{field}`` templates."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.exact = {k: v for k, v in table.items() if "{" not in k}
        self.templates = [(_compile(k), v) for k, v in table.items() if "{" in k]
        self.left: list[str] = []

    def __call__(self, text: str) -> str:
        """Chinese for ``text``; unchanged (and remembered in ``left``) if no entry matches."""
        if not text or not _ENGLISH_WORD.search(text):
            return text
        if text in self.exact:
            return self.exact[text]
        for pattern, chinese in self.templates:
            match = pattern.match(text)
            if match:
                return chinese.format(**{k: self(v) for k, v in match.groupdict().items()})
        self.left.append(text)
        return text


def _texts(fig: Any) -> list[Any]:
    """Every Text artist of a figure: titles, labels, ticks, legends, annotations."""
    from matplotlib.text import Text

    return list(fig.findobj(Text))


def chinese_figure(fig: Any, table: Mapping[str, str], *, strict: bool = False) -> Any:
    """A copy of ``fig`` with its text translated by ``table`` (see the module docstring).

    The copy is drawn with the vendored Chinese font (:func:`use_cjk_font`).
    With ``strict=True``, English text no entry matches raises ``ValueError``.
    """
    use_cjk_font()
    twin = copy.deepcopy(fig)
    translate = Translator(table)
    for text in _texts(twin):
        text.set_text(translate(text.get_text()))
        family = list(text.get_fontfamily())
        if FAMILY not in family:  # text made before use_cjk_font(): give it the fallback
            text.set_fontfamily([*family, FAMILY])
    for ax in twin.axes:
        # Tick labels are recreated from the formatter when the figure is drawn: fix them.
        for axis, setter in ((ax.xaxis, ax.set_xticks), (ax.yaxis, ax.set_yticks)):
            labels = [t.get_text() for t in axis.get_ticklabels()]
            if any(_ENGLISH_WORD.search(label) for label in labels):
                setter(axis.get_ticklocs(), [translate(label) for label in labels])
    if strict and translate.left:
        raise ValueError(f"figure text with no Chinese: {sorted(set(translate.left))}")
    twin.left_in_english = sorted(set(translate.left))
    return twin
