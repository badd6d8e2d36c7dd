"""The widget's front-end code, assembled from files shipped in ``sim/static``.

The ES module handed to anywidget is the vendored Chart.js UMD build wrapped
in a function scope, the browser engine and the figures' computations, and
``widget.js``. Inlining the library means a
static page needs no network and no module loader for it; wrapping it hides
the page's AMD ``define`` (Jupyter Book pages load require.js), which would
otherwise capture the UMD build and leave ``Chart`` undefined.

The browser engine (``engine.mjs`` and the mechanisms generated from
``sim/mechanisms.py``) is inlined the same way by :func:`engine_prelude`:
two ES modules turned into one ``const loyaltyEngine`` in a function scope,
so a page runs the model without a module loader, a server or a network.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
CHART_JS = STATIC / "vendor" / "chart.umd.min.js"
WIDGET_JS = STATIC / "widget.js"
WIDGET_CSS = STATIC / "widget.css"
ENGINE_JS = STATIC / "engine.mjs"
FIGURES_JS = STATIC / "figures.mjs"
_EXPORT = re.compile(r"^export (?:async )?(?:function\*?|const|let|class) (\w+)", re.MULTILINE)
_MECHANISMS_IMPORT = 'import * as m from "./mechanisms.mjs";\n'


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
    """Return the complete ES module source of the figure widget.

    Chart.js, the browser engine (:func:`engine_prelude`) and the figures'
    computations (``figures.mjs`` as ``loyaltyFigures``), then ``widget.js``:
    one module a static page runs with no loader, server or network.
    """
    figures = _as_scope(FIGURES_JS.read_text(encoding="utf-8"), "loyaltyFigures")
    return "\n".join([_chart_prelude(), engine_prelude(), figures,
                      WIDGET_JS.read_text(encoding="utf-8")])


@cache
def css() -> str:
    """Return the widget's stylesheet."""
    return WIDGET_CSS.read_text(encoding="utf-8")


def _as_scope(source: str, name: str) -> str:
    """An ES module's code as a function scope returning its exports (``const name = ...``)."""
    names = _EXPORT.findall(source)
    body = _EXPORT.sub(lambda match: match.group(0).removeprefix("export "), source)
    if re.search(r"^\s*(import|export)\b", body, re.MULTILINE):
        raise ValueError(f"{name}: only plain `export function/const/class` can be inlined")
    return (f"const {name} = (function () {{\n{body}\n"
            f"  return {{ {', '.join(names)} }};\n}})();\n")


def browser_modules() -> dict[str, str]:
    """The browser engine's ES modules by file name, as they import one another.

    ``engine.mjs``, the mechanisms generated from ``sim/mechanisms.py`` and
    ``figures.mjs``: what Node runs in the tests (:func:`sim.widgets.node.run_node`).
    """
    from sim.widgets.jsmechanisms import mechanisms_module

    return {"engine.mjs": ENGINE_JS.read_text(encoding="utf-8"),
            "mechanisms.mjs": mechanisms_module(),
            "figures.mjs": FIGURES_JS.read_text(encoding="utf-8")}


@cache
def engine_prelude() -> str:
    """Return the browser engine as script code defining ``loyaltyEngine``.

    ``loyaltyEngine.LoyaltyModel(scenario, seed).run()`` runs the lifecycle
    model in the page; the mechanisms it calls are generated from
    ``sim/mechanisms.py`` at this moment, so the page cannot run stale maths.
    """
    from sim.widgets.jsmechanisms import mechanisms_module

    engine = ENGINE_JS.read_text(encoding="utf-8")
    if _MECHANISMS_IMPORT not in engine:
        raise ValueError(f"{ENGINE_JS.name} must import the mechanisms as: {_MECHANISMS_IMPORT}")
    engine = engine.replace(_MECHANISMS_IMPORT, "const m = loyaltyMechanisms;\n")
    return ("const loyaltyEngine = (function () {\n"
            + _as_scope(mechanisms_module(), "loyaltyMechanisms")
            + _as_scope(engine, "engine")
            + "  return engine;\n})();\n")
