"""The widget's front-end code, assembled from files shipped in ``sim/static``.

The ES module handed to anywidget is the vendored Chart.js UMD build wrapped
in a function scope, followed by ``widget.js``. Inlining the library means a
static page needs no network and no module loader for it; wrapping it hides
the page's AMD ``define`` (Jupyter Book pages load require.js), which would
otherwise capture the UMD build and leave ``Chart`` undefined.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
CHART_JS = STATIC / "vendor" / "chart.umd.min.js"
WIDGET_JS = STATIC / "widget.js"
WIDGET_CSS = STATIC / "widget.css"


def _chart_prelude() -> str:
    source = CHART_JS.read_text(encoding="utf-8")
    return (
        "const Chart = (function () {\n"
        "  const module = { exports: {} };\n"
        "  const exports = module.exports;\n"
        "  const define = undefined;\n"
        f"{source}\n"
        "  return module.exports;\n"
        "})();\n"
    )


@cache
def esm() -> str:
    """Return the complete ES module source of the figure widget."""
    return _chart_prelude() + "\n" + WIDGET_JS.read_text(encoding="utf-8")


@cache
def css() -> str:
    """Return the widget's stylesheet."""
    return WIDGET_CSS.read_text(encoding="utf-8")
