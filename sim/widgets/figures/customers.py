"""Chapter 3: follow one customer through the relationship lifecycle.

A handful of customers of chapter 3's mixed market (where all four patterns
occur), traced period by period from the model's own run
(:mod:`sim.widgets.customer_trace`): satisfaction and trust, the cost of
leaving, and the stage, with the timeline to play their story.
"""

from __future__ import annotations

from typing import Any

from sim.stages import PATTERN_NAMES, PATTERNS, STAGES
from sim.widgets import customer_trace
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, Control, FigureSpec, Panel, Reveal, Series, TableRow

MARKET: dict[str, float] = {}
"""Chapter 3's mixed market: the default scenario, where all four patterns occur (an offer
that meets the average new customer's expectations and keeps improving, at the market's
price, against two average rivals)."""
LETTERS = ("A", "B", "C", "D", "E")
SEED = 1


def spec() -> FigureSpec:
    """Return the follow-one-customer figure."""
    options = tuple((letter, f"Customer {letter}") for letter in LETTERS)
    return FigureSpec(
        name="customers",
        title="Follow one customer through the lifecycle",
        controls=(Control("customer", "Which customer", kind="select", value=LETTERS[0],
                          grid=LETTERS, options=options,
                          help="Five customers of the same market, each with their own "
                               "expectations and luck."),),
        panels=(
            Panel("feelings", "line", "Satisfaction and trust",
                  series=(Series("satisfaction", "Satisfaction", PALETTE["blue"]),
                          Series("trust", "Trust", PALETTE["green"], dash=True)),
                  x="period", xlabel="Month", ylabel="Level", ymin=-1.0, ymax=1.0),
            Panel("switching", "line", "What it would cost to leave",
                  series=(Series("switching", "Cost of leaving", PALETTE["orange"]),),
                  x="period", xlabel="Month", ylabel="Switching cost"),
            Panel("stage", "line", "Stage of the relationship",
                  series=(Series("stage", "Stage", PALETTE["purple"]),),
                  x="period", xlabel="Month", ylabel="", ymin=0, ymax=len(STAGES) - 1,
                  ylabels=tuple(s.capitalize() for s in STAGES)),
        ),
        sentence=(
            "{who} in month {t}: satisfaction {satisfaction@t|f2}, trust {trust@t|f2}, "
            "cost of leaving {switching@t|f2}, stage {stage@t|stage}."
        ),
        table=(
            TableRow("Satisfaction (chosen month)", "satisfaction@t", "f2"),
            TableRow("Trust (chosen month)", "trust@t", "f2"),
            TableRow("Cost of leaving (chosen month)", "switching@t", "f2"),
            TableRow("Stage (chosen month)", "stage@t", "stage"),
        ),
        axes={"period": c.PERIOD_AXIS},
        timeline="period",
        seeds=(SEED,),
        unfold=True,
        caption="Traced from one run of the model (seed 1) in chapter 3's mixed market, the "
                "default scenario: the offer meets what the average new customer expects "
                "(0.6 against 0.5) and keeps improving, at the market's price, but customers "
                "differ in what they expect and in what they care about. Satisfaction below "
                "zero means the customer got less than they expected.",
        try_this="Try this: play a customer whose relationship ends early, then one who "
                 "stays. What happened to trust before each of them moved on?",
        reveal=Reveal(
            question="Predict: watch customer A from their first month. Where will their "
                     "relationship end?",
            values={"customer": "A"},
            predictions=(*((p, f"Pattern {p}: {PATTERN_NAMES[p]}") for p in PATTERNS),
                         ("none", "It is still undecided after five years")),
            answer_key="pattern_code",
            explain="{who}: {story}",
        ),
    )


def scenario() -> Any:
    """The traced market, at the book's figure size."""
    return c.scenario_from(MARKET)


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """The chosen customer's trace (all five are traced in one cached run)."""
    found = customer_trace.traces(scenario(), seed, len(LETTERS))
    letter = values.get("customer", LETTERS[0])
    chosen = found[LETTERS.index(letter)]
    return {"s": {col: list(chosen.series[col]) for col in customer_trace.COLUMNS},
            "n": {"who": f"Customer {letter}", "story": chosen.story(),
                  "customer_id": float(chosen.customer),
                  "pattern_code": chosen.pattern or "none"}}
