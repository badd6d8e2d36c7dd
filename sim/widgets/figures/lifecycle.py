"""Chapter 3: the relationship lifecycle (the centre of the book).

Five levers from the theory of patterns I-IV (supplier value, value
innovation, expectation growth, price, switching cost) against the stage
flows over time, the life curves by pattern and the pattern shares. The
price sets how the gains of the relationship are split (customers in
stability judge whether the split is fair). The figure opens on a market
where all four patterns occur, with their shares well apart.
"""

from __future__ import annotations

from typing import Any

from sim.stages import PATTERN_NAMES, PATTERNS
from sim.widgets.figures import common as c
from sim.widgets.spec import FigureSpec, Reveal

LEVERS = {
    "supplier_value": c.even(0.35, 0.8, 4),
    "value_innovation": c.even(0.0, 0.9, 4),
    "expectation_growth": c.even(0.0, 0.9, 4),
    "price": c.even(0.8, 1.4, 4),
    "switching_cost": c.even(0.0, 0.9, 4),
}
START = {"supplier_value": 0.65, "value_innovation": 0.3, "expectation_growth": 0.3,
         "price": 1.0, "switching_cost": 0.3}
STEP = 3
"""Series are kept every third month (``figures.mjs`` samples the same in the page)."""
CURVE_DECIMALS = 2
"""Life curves keep two decimals (a hundredth of a month's spend, under a pixel)."""


def spec() -> FigureSpec:
    """Return the lifecycle figure: five levers, stage flows, life curves, patterns."""
    return FigureSpec(
        name="lifecycle",
        title="The relationship lifecycle: what makes relationships last",
        controls=tuple(c.scenario_control(n, g, START[n]) for n, g in LEVERS.items()),
        panels=(*c.stage_panels(), c.life_curve_panel(), c.pattern_panel()),
        sentence=(
            f"Of the {{resolved|int}} relationships decided after {c.PERIODS} months, "
            "{p_I|pct} aborted "
            "early (I), {p_II|pct} died mid-way (II), {p_III|pct} exited early (III) and "
            "{p_IV|pct} lasted long-term (IV); {unresolved|int} ({unresolved_share|pct} of "
            "all) are still undecided. At month {t} there are {st_stability@t|int} customers "
            "in stability and {st_ended@t|int} ended relationships."
        ),
        table=(*c.pattern_rows(), *c.stage_rows(), *c.flow_rows(STEP)),
        axes={"period": c.period_axis(STEP), "age": c.age_axis(STEP)},
        timeline="period",
        seeds=c.ONE_SEED,
        n_customers=c.N_CUSTOMERS,
        periods=c.PERIODS,
        caption="Patterns: I ends in exploration, II in formation, III early in stability, "
                "IV stays in stability for at least 24 months. Curves and the timeline "
                "show every third month.",
        try_this="Try this: set expectations to rise fast (0.9) and the offer never to "
                 "improve (0). Which pattern takes over? Then give the supplier a strong "
                 "offer (0.8, improving at 0.6) and raise its price from 1.0 to 1.2: which "
                 "pattern grows?",
        reveal=Reveal(
            question="Predict: customers' expectations rise fast (0.9) while the supplier, "
                     "whose offer starts a little above them (0.65), never improves it (0). "
                     "Where will most relationships end?",
            values={**START, "value_innovation": 0.0, "expectation_growth": 0.9},
            predictions=tuple((p, f"Pattern {p}: {PATTERN_NAMES[p]}") for p in PATTERNS),
            answer_key="dominant",
            explain="Most decided relationships ended as {dominant|pattern} ({p_I|pct} I, "
                    "{p_II|pct} II, {p_III|pct} III, {p_IV|pct} IV; {unresolved|int} still "
                    "undecided): the offer that met expectations at first fell behind them.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once and return stage flows, life curves and pattern shares."""
    _, res = c.run(c.scenario_from(values), seed)
    numbers = c.pattern_numbers(res)
    curves = {key: [None if v is None else round(v, CURVE_DECIMALS) for v in values]
              for key, values in c.life_curve_series(res, STEP).items()}
    series = {**c.stage_series(res, STEP), **curves,
              "patterns": [numbers[f"p_{p}"] for p in c.PATTERNS]}
    return {"s": series, "n": numbers}


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """The most common pattern, in words."""
    return c.pattern_words(numbers)
