"""Chapter 8 and the classroom app: the class scenarios.

A preset picker (one preset per lifecycle pattern and per stylized fact,
from :mod:`sim.presets`) with the stage-flow view, life curves and pattern
shares. The key levers can be changed freely and a run repeated with any
seed, in the static book (the page computes) as with a live kernel
(classroom mode).
"""

from __future__ import annotations

from typing import Any

from sim import presets
from sim.stages import PATTERN_NAMES, PATTERNS
from sim.widgets.figures import common as c
from sim.widgets.spec import Control, FigureSpec, Reveal

LEVERS = ("supplier_value", "value_innovation", "latent_focus", "expectation_growth",
          "price", "switching_cost", "latent_value")
START = "lifelong"


def _preset_showing(what: str) -> str:
    """The first preset whose story is ``what`` (e.g. "pattern III")."""
    return next(p.name for p in presets.PRESETS.values() if p.shows == what)


def spec() -> FigureSpec:
    """Return the scenarios figure: presets, their levers, seed, stage flows."""
    start = presets.get(START)
    options = c.preset_options()
    return FigureSpec(
        name="scenarios",
        title="Class scenarios",
        controls=(
            Control("preset", "Scenario", kind="select", value=START,
                    grid=tuple(name for name, _ in options), options=options),
            *(c.scenario_control(name, (), getattr(start, name)) for name in LEVERS),
            Control("seed", "Random seed", kind="seed", low=0, high=2**31 - 1, step=1, value=1,
                    fmt="f0", help="The same seed gives exactly the same run."),
        ),
        panels=(*c.stage_panels(), c.life_curve_panel(), c.pattern_panel()),
        sentence=(
            "{preset}: in month {t}, {st_exploration@t|int} customers are exploring, "
            "{st_formation@t|int} forming, {st_stability@t|int} stable, "
            "{st_decline@t|int} declining and {st_ended@t|int} have ended. Of the "
            "{resolved|int} relationships decided by the end, I {p_I|pct}, II {p_II|pct}, "
            "III {p_III|pct}, IV {p_IV|pct}; {unresolved|int} are still undecided."
        ),
        table=(*c.stage_rows(), *c.flow_rows(), *c.pattern_rows()),
        axes={"period": c.PERIOD_AXIS, "age": c.AGE_AXIS},
        timeline="period",
        presets=c.preset_payload(LEVERS),
        seeds=c.SEEDS,
        caption="Choosing a scenario sets the levers to that preset's values; move one lever at "
                "a time to see what it does. Each run uses the seed in the box: the same seed "
                "gives the same run.",
        try_this="Try this: pick each pattern's scenario in turn and press Play; watch where "
                 "the customers pile up before their relationships end.",
        reveal=Reveal(
            question="Predict: in this scenario the supplier's offer is good and keeps "
                     "improving, but it sells at 30% above the market's price and so keeps "
                     "most of the relationship's gains for itself. Where will most "
                     "relationships end?",
            values={"preset": _preset_showing("pattern III")},
            predictions=tuple((p, f"Pattern {p}: {PATTERN_NAMES[p]}") for p in PATTERNS),
            answer_key="dominant",
            explain="Most decided relationships ended as {dominant|pattern} ({p_I|pct} I, "
                    "{p_II|pct} II, {p_III|pct} III, {p_IV|pct} IV; {unresolved|int} still "
                    "undecided).",
        ),
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


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """The most common pattern, in words."""
    return c.pattern_words(numbers)
