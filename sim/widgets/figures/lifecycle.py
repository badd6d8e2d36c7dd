"""Chapter 3: the relationship lifecycle (the centre of the book).

Five levers from the theory of patterns I-IV (supplier value, value
innovation, expectation growth, fairness, switching cost) against the
stage flows over time, the life curves by pattern and the pattern shares.
"""

from __future__ import annotations

from typing import Any

from sim.widgets.figures import common as c
from sim.widgets.spec import FigureSpec, TableRow

LEVERS = {
    "supplier_value": (0.3, 0.5, 0.7),
    "value_innovation": (0.0, 0.5, 1.0),
    "expectation_growth": (0.0, 0.5, 1.0),
    "fairness": (0.2, 0.6, 1.0),
    "switching_cost": (0.1, 0.5, 0.9),
}
START = {"supplier_value": 0.7, "value_innovation": 0.5, "expectation_growth": 0.5,
         "fairness": 1.0, "switching_cost": 0.5}


def spec() -> FigureSpec:
    """Return the lifecycle figure: five levers, stage flows, life curves, patterns."""
    return FigureSpec(
        name="lifecycle",
        title="The relationship lifecycle: what makes relationships last",
        controls=tuple(c.scenario_control(n, g, START[n]) for n, g in LEVERS.items()),
        panels=(*c.stage_panels(), c.life_curve_panel(), c.pattern_panel()),
        sentence=(
            "Of the relationships that ended or lasted, {p_I|pct} aborted early (I), "
            "{p_II|pct} died mid-way (II), {p_III|pct} exited early (III) and {p_IV|pct} "
            "lasted long-term (IV). At period {t} there are {st_stability@t|int} customers "
            "in stability and {st_ended@t|int} ended relationships."
        ),
        table=(*c.pattern_rows(), *c.stage_rows(), *c.flow_rows(),
               TableRow("Relationships resolved", "resolved", "int")),
        axes={"period": c.PERIOD_AXIS, "age": c.AGE_AXIS},
        timeline="period",
        seeds=c.SEEDS,
        n_customers=c.N_CUSTOMERS,
        periods=c.PERIODS,
        caption="Patterns: I ends in exploration, II in formation, III early in stability, "
                "IV stays in stability for at least 24 periods.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once and return stage flows, life curves and pattern shares."""
    _, res = c.run(c.scenario_from(values), seed)
    numbers = c.pattern_numbers(res)
    series = {**c.stage_series(res), **c.life_curve_series(res),
              "patterns": [numbers[f"p_{p}"] for p in c.PATTERNS]}
    return {"s": series, "n": numbers}
