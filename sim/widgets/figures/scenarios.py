"""Chapter 8 and the classroom app: the class scenarios.

A preset picker (one preset per lifecycle pattern and per stylized fact,
from :mod:`sim.presets`) with the stage-flow view, life curves and pattern
shares. In the static book the presets are precomputed; with a live kernel
(classroom mode) the key levers can be changed freely and a run repeated
with any seed.
"""

from __future__ import annotations

from typing import Any

from sim import presets
from sim.widgets.figures import common as c
from sim.widgets.spec import Control, FigureSpec, TableRow

LEVERS = ("supplier_value", "value_innovation", "expectation_growth", "fairness",
          "switching_cost", "latent_value")
START = "lifelong"


def spec() -> FigureSpec:
    """Return the scenarios figure: presets, live levers, seed, stage flows."""
    start = presets.get(START)
    options = c.preset_options()
    return FigureSpec(
        name="scenarios",
        title="Class scenarios",
        controls=(
            Control("preset", "Scenario", kind="select", value=START,
                    grid=tuple(name for name, _ in options), options=options),
            *(c.scenario_control(name, (), getattr(start, name)) for name in LEVERS),
            Control("seed", "Seed", kind="seed", low=0, high=2**31 - 1, step=1, value=1,
                    fmt="f0", help="Seed of the live run; the same seed gives the same run."),
        ),
        panels=(*c.stage_panels(), c.life_curve_panel(), c.pattern_panel()),
        sentence=(
            "{preset}: at period {t}, {st_exploration@t|int} customers are exploring, "
            "{st_formation@t|int} forming, {st_stability@t|int} stable, "
            "{st_decline@t|int} declining and {st_ended@t|int} have ended. Endings so "
            "far: I {p_I|pct}, II {p_II|pct}, III {p_III|pct}, IV {p_IV|pct}."
        ),
        table=(*c.stage_rows(), *c.flow_rows(), *c.pattern_rows(),
               TableRow("Relationships resolved", "resolved", "int")),
        axes={"period": c.PERIOD_AXIS, "age": c.AGE_AXIS},
        timeline="period",
        presets=c.preset_payload(LEVERS),
        seeds=c.SEEDS,
        caption="Choosing a scenario sets the levers to that preset's values. Live runs "
                "use one seed; the precomputed ones average seeds 1-3.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the chosen preset, with the levers as set, once."""
    base = presets.get(values.get("preset", START))
    levers = {k: v for k, v in values.items() if k in LEVERS}
    _, res = c.run(c.scenario_from(levers, base=base), seed)
    numbers = c.pattern_numbers(res)
    series = {**c.stage_series(res), **c.life_curve_series(res),
              "patterns": [numbers[f"p_{p}"] for p in c.PATTERNS]}
    return {"s": series, "n": numbers}
