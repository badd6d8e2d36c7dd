"""Subset Noto Sans SC to the Chinese characters the book uses (run by vendor-cjk-font.sh).

Why: the glossary and the key-term tables carry Chinese terms, and a reader's
machine may have no CJK font at all (empty boxes). The full font is tens of
megabytes; the book uses a few hundred characters. This script keeps only
those, at the two weights the pages use (400 for text, 700 for the glossary's
bold terms), as WOFF files in ``book/_static/fonts``.

The Chinese edition's figures (matplotlib) need the same glyphs, and matplotlib
reads neither WOFF nor system fonts we could rely on: the regular weight is
also written as a TrueType file, ``sim/static/fonts/noto-sans-sc-subset.ttf``,
which :mod:`sim.i18n.fonts` registers with matplotlib when a chapter runs.

Input: the unpacked npm package ``@fontsource/noto-sans-sc`` (its font is cut
into numbered chunks, each with a ``unicode-range`` in ``<weight>.css``).
The characters are collected from the book's sources by
:func:`book_characters`, the same function the tests use.

Usage: ``python scripts/subset_cjk_font.py PACKAGE_DIR``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "book" / "_static" / "fonts"
WEIGHTS = (400, 700)
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                 r"\uf900-\ufaff\uff00-\uffef]")
MPL_OUT = ROOT / "sim" / "static" / "fonts"
MPL_FONT = "noto-sans-sc-subset.ttf"
# The translation catalogues count: the Chinese edition's text is in book/locales.
SOURCES = ("book/**/*.md", "book/*.bib", "sim/**/*.py", "book/locales/**/*.po", "sim/**/*.po")


def book_characters(root: Path = ROOT) -> set[str]:
    """Every CJK character (ideographs, CJK punctuation, full-width forms) in the sources."""
    found: set[str] = set()
    for pattern in SOURCES:
        for path in root.glob(pattern):
            if "_build" in path.parts:
                continue
            found |= set(CJK.findall(path.read_text(encoding="utf-8")))
    return found


def _chunks(package: Path, weight: int) -> list[tuple[Path, list[tuple[int, int]]]]:
    """(woff file, unicode ranges) of each chunk of one weight, from the package's CSS."""
    css = (package / f"{weight}.css").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"@font-face\s*{(.*?)}", css, re.S):
        woff = re.search(r"url\(\./files/([^)]+\.woff)\)", block)
        ranges = re.search(r"unicode-range:\s*([^;]+);", block)
        if not (woff and ranges):
            continue
        spans = []
        for part in ranges.group(1).split(","):
            low, _, high = part.strip()[2:].partition("-")
            spans.append((int(low, 16), int(high or low, 16)))
        out.append((package / "files" / woff.group(1), spans))
    return out


def subset_weight(package: Path, weight: int, chars: set[str], out: Path,
                  flavor: str | None = "woff") -> set[str]:
    """Write one weight's subset to ``out`` (WOFF2 for the web, TrueType with ``flavor=None``).

    Returns the characters it covers.
    """
    codes = {ord(c) for c in chars}
    parts, covered = [], set()
    tmp = out.parent / f".tmp-{weight}"
    tmp.mkdir(exist_ok=True)
    for path, spans in _chunks(package, weight):
        wanted = {c for c in codes if any(a <= c <= b for a, b in spans)} - covered
        if not wanted:
            continue
        font = TTFont(path)
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        sub = subset.Subsetter(options)
        sub.populate(unicodes=wanted)
        sub.subset(font)
        font.flavor = None
        part = tmp / f"{path.stem}.ttf"
        font.save(part)
        parts.append(part)
        covered |= wanted & set(font.getBestCmap())
    merged = Merger().merge([str(p) for p in parts])
    merged.flavor = flavor
    merged.save(out)
    for part in parts:
        part.unlink()
    tmp.rmdir()
    return {chr(c) for c in covered}


def main(argv: list[str]) -> int:
    """Subset both weights and report what was written."""
    package = Path(argv[1])
    chars = book_characters()
    OUT.mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        target = OUT / f"noto-sans-sc-subset-{weight}.woff2"
        covered = subset_weight(package, weight, chars, target, flavor="woff2")
        missing = sorted(chars - covered)
        print(f"[cjk] {target.relative_to(ROOT)}: {len(covered)} characters, "
              f"{target.stat().st_size / 1024:.0f} KB; not in the font: {''.join(missing)}")
    MPL_OUT.mkdir(parents=True, exist_ok=True)
    target = MPL_OUT / MPL_FONT
    covered = subset_weight(package, 400, chars, target, flavor=None)
    print(f"[cjk] {target.relative_to(ROOT)} (matplotlib): {len(covered)} characters, "
          f"{target.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
