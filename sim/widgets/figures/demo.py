"""A tiny engine-free figure used by the widget tests and benchmarks.

Why: the widget plumbing (live protocol, charts, text alternative) can be
tested in a browser in seconds without running the Mesa model, so a failure
there points at the widget, not the engine.
"""

from __future__ import annotations

import math
from typing import Any

from sim.widgets.spec import PALETTE, Control, FigureSpec, Panel, Series, TableRow

PERIODS = 20


def spec() -> FigureSpec:
    """Return the demo figure: three sliders (it computes only with a kernel)."""
    return FigureSpec(
        name="demo",
        title="Demo figure",
        controls=(
            Control("a", "Growth", low=0.0, high=1.0, step=0.01, value=0.5,
                    grid=(0.0, 0.25, 0.5, 0.75, 1.0)),
            Control("b", "Level", low=0.0, high=2.0, step=0.05, value=1.0,
                    grid=(0.0, 1.0, 2.0)),
            Control("c", "Wobble", low=0.0, high=1.0, step=0.01, value=0.0),
        ),
        panels=(
            Panel("curve", "line", "Curve over time", x="period", xlabel="Period",
                  ylabel="Level", series=(Series("up", "Rising", PALETTE["blue"]),
                                          Series("down", "Falling", PALETTE["orange"], True))),
            Panel("stack", "stage_bar", "Now", series=(Series("up", "Rising"),
                                                       Series("down", "Falling"))),
            Panel("bars", "bar", "Split", categories=("x", "y"),
                  series=(Series("split", "Share", PALETTE["green"]),), percent=True),
        ),
        sentence="Growth {a|f2} gives a final level of {final|f2} and a share x of {sx|pct}.",
        table=(TableRow("Final level", "final", "f2"), TableRow("Share x", "sx", "pct"),
               TableRow("Rising now", "up@t", "f2")),
        axes={"period": list(range(PERIODS + 1))},
        timeline="period",
        seeds=(1, 2),
        caption="Demo data, not the model.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Return a smooth deterministic function of the inputs (plus a seed offset)."""
    a, b, c = float(values["a"]), float(values["b"]), float(values.get("c", 0.0))
    up = [b + a * t / PERIODS + c * math.sin(t) + 0.01 * seed for t in range(PERIODS + 1)]
    down = [b - a * t / PERIODS for t in range(PERIODS + 1)]
    sx = 0.5 + 0.4 * a - 0.1 * c
    return {"s": {"up": up, "down": down, "split": [sx, 1 - sx]},
            "n": {"final": up[-1], "sx": sx, "a": a}}
