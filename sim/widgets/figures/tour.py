"""Chapter 0: a two-minute tour of the simulator.

Two levers only, supplier value and price, against the stage flows and the
pattern shares, so a first-time reader sees customers move through the
lifecycle and end in patterns I-IV before any theory.
"""

from __future__ import annotations

from typing import Any

from sim.stages import PATTERN_NAMES, PATTERNS
from sim.widgets.figures import common as c
from sim.widgets.spec import FigureSpec, Reveal, TableRow


def spec() -> FigureSpec:
    """Return the tour figure: value and price vs stage flows and patterns."""
    return FigureSpec(
        name="tour",
        title="A first look: one supplier and its customers",
        controls=(
            c.scenario_control("supplier_value", c.even(0.3, 0.8, 6), 0.6),
            c.scenario_control("price", c.even(0.8, 1.4, 7), 1.0),
        ),
        panels=(*c.stage_panels(), c.pattern_panel()),
        sentence=(
            "In month {t}, {st_stability@t|int} customers are in stability and "
            "{st_ended@t|int} relationships have ended; {arrived@t|int} customers have "
            "arrived so far ({start|int} at the start, then new ones every month). "
            "Of the {resolved|int} relationships decided by the end, {p_IV|pct} lasted "
            "long-term (pattern IV) and {p_I|pct} aborted early; {unresolved|int} are still "
            "undecided."
        ),
        table=(*c.stage_rows(),
               TableRow("Arrived so far (in the chosen month)", "arrived@t", "int"),
               *c.pattern_rows()),
        axes={"period": c.PERIOD_AXIS},
        timeline="period",
        seeds=c.SEEDS,
        caption="Press Play to watch customers move between stages month by month. "
                "New prospects keep arriving, from marketing and from referrals, so the "
                "total grows.",
        try_this="Try this: lower the offer to 0.3 and press Play. Where do most "
                 "relationships end now? Then put it back and raise the price to 1.4.",
        reveal=Reveal(
            question="Predict: the supplier's offer starts well below what new customers "
                     "expect (0.3). Where will most relationships end?",
            values={"supplier_value": 0.3, "price": 1.0},
            predictions=tuple((p, f"Pattern {p}: {PATTERN_NAMES[p]}") for p in PATTERNS),
            answer_key="dominant",
            explain="Most decided relationships ended as {dominant|pattern}: {p_I|pct} aborted "
                    "early, {p_II|pct} died mid-way, {p_III|pct} exited early and {p_IV|pct} "
                    "lasted ({unresolved|int} still undecided).",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: stage flows, arrivals and pattern shares."""
    scenario = c.scenario_from(values)
    _, res = c.run(scenario, seed)
    numbers = c.pattern_numbers(res)
    numbers["start"] = float(scenario.n_customers)
    stages = c.stage_series(res)
    arrived = [sum(v or 0.0 for v in row) for row in zip(*stages.values(), strict=True)]
    return {"s": {**stages, "arrived": arrived,
                  "patterns": [numbers[f"p_{p}"] for p in c.PATTERNS]},
            "n": numbers}


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """The most common pattern, in words."""
    return c.pattern_words(numbers)
