"""Registry of the book's interactive figures.

Each figure lives in its own module under :mod:`sim.widgets.figures` and
exposes ``spec() -> FigureSpec`` and ``compute(values, seed) -> result``.
Modules are imported lazily so that importing :mod:`sim.widgets` (done by
every chapter) does not import the engine until a figure is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sim.widgets.spec import FigureSpec

FIGURE_NAMES: tuple[str, ...] = (
    "tour",
    "retention",
    "bonding",
    "lifecycle",
    "satisfaction_trap",
    "drivers",
    "customer_value",
    "programme",
    "scenarios",
    "customers",
)
"""The chapters' figures, in chapter order (CONTRACTS.md); ``customers`` follows a
few customers of chapter 3's market through their relationships."""

_MODULES = {name: f"sim.widgets.figures.{name}" for name in FIGURE_NAMES}
_MODULES["demo"] = "sim.widgets.figures.demo"


@dataclass(frozen=True)
class FigureDef:
    """A figure's spec factory, its model computation for one seed and its texts.

    ``describe(numbers, values)``, if the module has one, turns the numbers
    averaged over seeds into the texts the figure's sentences quote (and
    numbers that must be derived from the averages, such as 1 / r).
    """

    name: str
    spec: Callable[[], FigureSpec]
    compute: Callable[[dict[str, Any], int], dict[str, dict[str, Any]]]
    describe: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] | None = None


@cache
def figure_def(name: str) -> FigureDef:
    """Return the definition of the named figure, importing its module once."""
    if name not in _MODULES:
        known = ", ".join(FIGURE_NAMES)
        raise ValueError(f"Unknown interactive figure {name!r}; known figures: {known}")
    module = importlib.import_module(_MODULES[name])

    @cache
    def checked_spec() -> FigureSpec:
        spec = module.spec()
        spec.check()
        return spec

    return FigureDef(name=name, spec=checked_spec, compute=module.compute,
                     describe=getattr(module, "describe", None))
