"""Interactive figures of the book: one anywidget for static, live and classroom use.

Chapters call :func:`interactive_figure` with the figure's name. The widget
works on a static page (the page runs the lifecycle model itself, with the
browser engine), in a live Jupyter kernel and in the classroom app (Python
reruns the Mesa model for any slider value).
"""

from __future__ import annotations

from typing import Any

from sim.widgets.catalog import FIGURE_NAMES
from sim.widgets.widget import LoyaltyFigure

__all__ = ["FIGURE_NAMES", "LoyaltyFigure", "interactive_figure"]


def interactive_figure(name: str, **options: Any) -> LoyaltyFigure:
    """Return the chapter's interactive figure ``name`` (see ``FIGURE_NAMES``).

    Args:
        name: the figure, e.g. ``"lifecycle"``.
        **options: passed to :class:`LoyaltyFigure`, e.g. ``projector=True``
            or ``values={"price": 1.2}``.
    """
    return LoyaltyFigure(name, **options)

