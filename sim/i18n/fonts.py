"""A Chinese font for matplotlib figures, carried by the project (issue 13).

Why: the Chinese edition's figures have Chinese titles, labels and legends;
on a machine without a CJK font matplotlib draws every Chinese character as
an empty box (and warns "Glyph ... missing from font"). No system font is
used: ``sim/static/fonts/noto-sans-sc-subset.ttf`` is Noto Sans SC (SIL Open
Font License, npm ``@fontsource/noto-sans-sc``) cut down to the characters
the book and its translation use by ``scripts/vendor-cjk-font.sh``.

:func:`use_cjk_font` registers it and puts it *after* the font families in
use, so Latin text and digits keep their usual look and only characters
those fonts lack fall back to Noto Sans SC (matplotlib >= 3.6 falls back
glyph by glyph through ``font.family``).
"""

from __future__ import annotations

from pathlib import Path

FONT_PATH = Path(__file__).resolve().parents[1] / "static" / "fonts" / "noto-sans-sc-subset.ttf"
FAMILY = "Noto Sans SC"


def use_cjk_font() -> str | None:
    """Register the vendored CJK font with matplotlib as the sans-serif fallback.

    Safe to call repeatedly. Returns the family name, or None when the font
    file is missing (the figures then show boxes for Chinese characters).
    """
    if not FONT_PATH.is_file():
        return None
    import matplotlib as mpl
    from matplotlib import font_manager

    names = {entry.name for entry in font_manager.fontManager.ttflist}
    if FAMILY not in names:
        font_manager.fontManager.addfont(str(FONT_PATH))
    # Glyph-by-glyph fallback happens across the families of ``font.family``
    # (a generic name such as "sans-serif" stands for one font only), so the
    # CJK font goes after the families already chosen.
    family = list(mpl.rcParams["font.family"])
    if FAMILY not in family:
        mpl.rcParams["font.family"] = [*family, FAMILY]
    return FAMILY
