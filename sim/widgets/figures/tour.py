"""Chapter 0: a two-minute tour of the simulator.

Two levers only, supplier value and fairness, against the stage flows and
the pattern shares, so a first-time reader sees customers move through the
lifecycle and end in patterns I-IV before any theory.
"""

from __future__ import annotations

from typing import Any

from sim.widgets.figures import common as c
from sim.widgets.spec import FigureSpec


def spec() -> FigureSpec:
    """Return the tour figure: value and fairness vs stage flows and patterns."""
    return FigureSpec(
        name="tour",
        title="A first look: 1,000 customers and one supplier",
        controls=(
            c.scenario_control("supplier_value", (0.3, 0.4, 0.5, 0.6, 0.7, 0.8), 0.6),
            c.scenario_control("fairness", (0.2, 0.5, 0.8, 1.0), 0.8),
        ),
        panels=(*c.stage_panels(), c.pattern_panel()),
        sentence=(
            "At period {t}, {st_stability@t|int} customers are in stability and "
            "{st_ended@t|int} relationships have ended. {p_IV|pct} of the relationships "
            "that were decided lasted long-term (pattern IV); {p_I|pct} aborted early."
        ),
        table=(*c.stage_rows(), *c.pattern_rows()),
        axes={"period": c.PERIOD_AXIS},
        timeline="period",
        seeds=c.SEEDS,
        caption="Press Play to watch customers move between stages period by period.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: stage flows and pattern shares."""
    _, res = c.run(c.scenario_from(values), seed)
    numbers = c.pattern_numbers(res)
    return {"s": {**c.stage_series(res), "patterns": [numbers[f"p_{p}"] for p in c.PATTERNS]},
            "n": numbers}
