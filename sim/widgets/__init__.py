"""Interactive figures of the book: one anywidget for static, live and classroom use.

Chapters call :func:`interactive_figure` with the figure's name. The widget
works on a static page (it carries precomputed model runs), in a live
Jupyter kernel and in the classroom app (it reruns the model for any slider
value).
"""

from __future__ import annotations

from typing import Any

from sim.widgets.catalog import FIGURE_NAMES
from sim.widgets.widget import LoyaltyFigure

__all__ = ["FIGURE_NAMES", "LoyaltyFigure", "interactive_figure", "prebuild_grids"]


def interactive_figure(name: str, **options: Any) -> LoyaltyFigure:
    """Return the chapter's interactive figure ``name`` (see ``FIGURE_NAMES``).

    Args:
        name: the figure, e.g. ``"lifecycle"``.
        **options: passed to :class:`LoyaltyFigure`, e.g. ``projector=True``
            or ``values={"fairness": 0.4}``.
    """
    return LoyaltyFigure(name, **options)


def prebuild_grids(names: tuple[str, ...] = FIGURE_NAMES) -> dict[str, float]:
    """Compute (or load from cache) every figure's grid; return seconds per figure.

    Why: the book build can call this once before executing chapters, so
    the grids are computed in parallel up front instead of inside each
    chapter's execution timeout.
    """
    import time

    from sim.widgets.grid import load_grid

    timings = {}
    for name in names:
        start = time.perf_counter()
        load_grid(name)
        timings[name] = round(time.perf_counter() - start, 2)
    return timings
