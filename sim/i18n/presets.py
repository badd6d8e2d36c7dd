"""Chapter 8's table of presets, in English and in Chinese, from one builder (issue 13).

Why: the instructor's guide shows a table of every preset (what it shows,
what it changes, its expected outcome with the chapter's seed) generated
from :data:`sim.presets.PRESETS` and fresh runs. Its numbers change with the
model, so it cannot be translated in the gettext catalogue; the chapter glues
it twice, ``key`` from :func:`preset_table_markdown` and ``key__zh_CN`` from
:func:`preset_table_markdown_zh`. Both are made by one builder, so the two
editions always have the same rows, columns and digits;
:func:`preset_table_markdown` is byte-identical to the chapter's former code
cell (``tests/test_generated_zh.py`` checks).

A preset's ``shows`` text is translated by its form (``pattern III``,
``facts 5 and 11``) or from :data:`SHOWS_ZH`; any other text raises
:class:`ValueError`, so a new preset cannot put English on a Chinese page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.i18n.names import PATTERNS_ZH
from sim.presets import Preset
from sim.stages import PATTERNS

SHOWS_ZH = {
    "bonding levels": "关系营销的层次",
}
"""A preset's ``shows`` text that names neither a pattern nor facts -> Chinese
(the chapter 8 catalogue's translation)."""


@dataclass(frozen=True)
class _Language:
    """The words of one edition of the table; the builder supplies structure and numbers."""

    caption: Callable[[int], str]
    header: Callable[[int], list[str]]
    shows: Callable[[str], str]
    changes: Callable[[list[str]], str]
    outcome: Callable[[str | None, list[str], int, int], str]


def _english_outcome(dominant: str | None, shares: list[str], unresolved: int,
                     customers: int) -> str:
    return (f"most common: pattern {dominant} ({', '.join(shares)}; "
            f"{unresolved:,} of {customers:,} relationships undecided)")


ENGLISH = _Language(
    caption=lambda seed: ("The presets, what each shows and changes from the defaults, and the "
                          f"expected outcome with seed {seed}."),
    header=lambda seed: ["preset", "shows", "changes from the defaults",
                         "expected outcome (seed " + str(seed) + ")"],
    shows=lambda text: text,
    changes=lambda items: ", ".join(items) or "(none)",
    outcome=_english_outcome,
)


def shows_zh(text: str) -> str:
    """A preset's ``shows`` text in Chinese.

    >>> shows_zh("facts 5, 6, 9, 10, 14"), shows_zh("pattern III")
    ('典型事实5、6、9、10、14', '模式 III（提前退出型）')

    Raises:
        ValueError: for a text of no known form.
    """
    pattern = re.fullmatch(r"pattern (\w+)", text)
    if pattern and pattern[1] in PATTERNS_ZH:
        return f"模式 {pattern[1]}（{PATTERNS_ZH[pattern[1]]}）"
    facts = re.fullmatch(r"facts? (\d+(?:(?:, | and )\d+)*)", text)
    if facts:
        numbers = re.split(r", | and ", facts[1])
        if " and " in facts[1] and len(numbers) > 1:
            return "典型事实" + "、".join(numbers[:-1]) + "和" + numbers[-1]
        return "典型事实" + "、".join(numbers)
    if text in SHOWS_ZH:
        return SHOWS_ZH[text]
    raise ValueError(f"no Chinese text for what a preset shows: {text!r}; add it to "
                     "sim.i18n.presets.SHOWS_ZH")


def _chinese_outcome(dominant: str | None, shares: list[str], unresolved: int,
                     customers: int) -> str:
    if dominant is None or dominant == "None":
        most = "尚无已定关系"
    elif dominant in PATTERNS_ZH:
        most = f"最常见：模式 {dominant}"
    else:
        raise ValueError(f"not a pattern: {dominant!r}")
    return f"{most}（{'，'.join(shares)}；{customers:,}段关系中有{unresolved:,}段未定）"


CHINESE = _Language(
    caption=lambda seed: ("各预设情景展示的内容、相对于默认设置的改动，"
                          f"以及使用随机种子{seed}时的预期结果。"),
    header=lambda seed: ["预设情景", "展示内容", "相对于默认设置的改动",
                         f"预期结果（随机种子{seed}）"],
    shows=shows_zh,
    changes=lambda items: "、".join(items) or "（无）",
    outcome=_chinese_outcome,
)
"""The Chinese words, as the chapter 8 catalogue translates the table's cells."""


def _table(language: _Language, presets: Mapping[str, Preset], results: Mapping[str, Any],
           seed: int) -> str:
    lines = [
        "```{list-table} " + language.caption(seed),
        ":name: tab-ch8-presets",
        ":header-rows: 1",
        ":widths: 15 15 35 35",
        "",
    ]
    first, *rest = language.header(seed)
    lines += [f"* - {first}"] + [f"  - {cell}" for cell in rest]
    for name, preset in presets.items():
        res = results[name]
        changes = [f"`{k}={v:g}`" for k, v in preset.scenario.changed_fields().items()]
        shares = [f"{p} {res.pattern_shares[p]:.0%}" for p in PATTERNS]
        outcome = language.outcome(res.dominant_pattern, shares, res.unresolved, res.customers)
        lines += [f"* - `{name}`", f"  - {language.shows(preset.shows)}",
                  f"  - {language.changes(changes)}", f"  - {outcome}"]
    lines.append("```")
    return "\n".join(lines)


def preset_table_markdown(presets: Mapping[str, Preset], results: Mapping[str, Any],
                          seed: int) -> str:
    """Chapter 8's list-table of presets (MyST), in English.

    Args:
        presets: The presets, in table order (the chapter passes ``PRESETS``).
        results: Each preset's :class:`sim.Results` by name (the chapter's ``RESULTS``).
        seed: The seed the results were run with (shown in the caption and header).
    """
    return _table(ENGLISH, presets, results, seed)


def preset_table_markdown_zh(presets: Mapping[str, Preset], results: Mapping[str, Any],
                             seed: int) -> str:
    """The same table in Chinese: same rows, columns, label and digits.

    Raises:
        ValueError: if a preset's ``shows`` text has no Chinese (see :func:`shows_zh`).
    """
    return _table(CHINESE, presets, results, seed)
