"""What a translation must carry over unchanged from the English message.

A translated message is prose around machinery: glued values
(``{glue:text}`name:.2f```), cross-references, citations, maths, code and
links. The prose changes language; the machinery must not, or the Chinese
page shows a broken reference, a missing number or the wrong equation.
:func:`markup_tokens` lists the machinery of one message;
:func:`markup_problems` compares a message with its translation.

Cross-references may gain a Chinese title (``{term}`客户份额 <share of
wallet>```): only their target has to match. Glue, maths, citations and code
must match character for character.

Run ``python -m sim.i18n.markup CATALOGUE.po ...`` to list the problems of
some catalogues (translators do, before they commit).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

_ROLE = re.compile(r"\{([a-z][a-z:-]*)\}`([^`]*)`")
_CODE = re.compile(r"(?<![`}])`([^`]+)`")
_MATH = re.compile(r"\$\$?[^$]+\$\$?")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_REFERENCES = {"ref", "numref", "doc", "term", "download", "eq"}
"""Roles whose title may be translated: only the target must match."""


def _target(text: str) -> str:
    """The target of a cross-reference role: ``title <target>`` or the whole text."""
    match = re.search(r"<([^<>]+)>\s*$", text)
    return (match.group(1) if match else text).strip()


def markup_tokens(text: str) -> Counter[str]:
    """The machinery of a message: roles, code spans, maths and link targets, counted.

    >>> sorted(markup_tokens("See {term}`churn rate` and {glue:text}`x:.2f` in `sim.run`."))
    ['code:sim.run', 'glue:text:x:.2f', 'term:churn rate']
    >>> markup_tokens("{term}`客户流失率 <churn rate>`") == markup_tokens("{term}`churn rate`")
    True
    """
    tokens: Counter[str] = Counter()
    for role, body in _ROLE.findall(text):
        if role == "term":  # glossary terms match whatever their case
            tokens[f"term:{_target(body).lower()}"] += 1
        elif role in _REFERENCES:
            tokens[f"{role}:{_target(body)}"] += 1
        else:
            tokens[f"{role}:{body}"] += 1
    rest = _ROLE.sub(" ", text)
    tokens.update(f"code:{code}" for code in _CODE.findall(rest))
    rest = _CODE.sub(" ", rest)
    tokens.update(f"math:{math}" for math in _MATH.findall(rest))
    tokens.update(f"link:{url}" for url in _LINK.findall(rest))
    return tokens


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """What a translation lost or added of the English message's machinery (empty: none)."""
    if not msgstr:
        return []
    source, translated = markup_tokens(msgid), markup_tokens(msgstr)
    lost = source - translated
    added = translated - source
    return ([f"missing {token!r}" for token in sorted(lost)]
            + [f"not in the English: {token!r}" for token in sorted(added)])


def catalogue_problems(po: Path) -> list[tuple[str, list[str]]]:
    """Every message of a catalogue whose translation does not carry its machinery over."""
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else message.string[0]
        problems = markup_problems(msgid, msgstr)
        if problems:
            out.append((msgid, problems))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the markup problems of the catalogues named; exit 1 if there are any."""
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    failed = 0
    for path in paths:
        for msgid, problems in catalogue_problems(path):
            failed += 1
            print(f"{path}: {msgid[:70]!r}\n    " + "\n    ".join(problems))
    print(f"{failed} message(s) with markup problems in {len(paths)} catalogue(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
