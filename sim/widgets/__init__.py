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
            or ``values={"price": 1.2}``.
    """
    return LoyaltyFigure(name, **options)


def prebuild_grids(names: tuple[str, ...] = FIGURE_NAMES) -> float:
    """Compute every missing figure grid into the disk cache; return the seconds taken.

    Why: the book build can call this once before executing chapters, so
    all grids are computed in one process pool up front instead of inside
    each chapter's execution.
    """
    import time

    from sim.widgets.grid import build_grids

    start = time.perf_counter()
    build_grids(names)
    return round(time.perf_counter() - start, 2)
