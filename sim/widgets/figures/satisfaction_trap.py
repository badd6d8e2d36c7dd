"""Chapter 4: the satisfaction trap.

Investment in basic value and in latent value (delight) against loyalty:
loyalty rises with basic satisfaction only up to about the average level
(concave), and with latent satisfaction ever faster (convex): stylized
fact 5. The two response curves are read off the grid through the current
point.
"""

from __future__ import annotations

from typing import Any

from sim.mechanisms import AVERAGE_LOYALTY
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Reveal, Series, TableRow


def spec() -> FigureSpec:
    """Return the satisfaction-trap figure: basic vs latent investment vs loyalty."""
    loyalty = (Series("loyalty", "Loyalty (attitude)", PALETTE["blue"]),
               Series("average", "Average loyalty", PALETTE["grey"], dash=True))
    return FigureSpec(
        name="satisfaction_trap",
        title="The satisfaction trap: polishing the basics vs serving latent needs",
        controls=(
            c.scenario_control("supplier_value", c.even(0.3, 0.9, 7), 0.8),
            c.scenario_control("latent_value", c.even(0.0, 1.0, 6), 0.0),
        ),
        panels=(
            Panel("basic", "slice", "Loyalty as the basics get better", series=loyalty,
                  x="supplier_value", xlabel="How good the offer is", ylabel="Loyalty",
                  ymax=1.0),
            Panel("latent", "slice", "Loyalty as delight grows", series=loyalty,
                  x="latent_value", xlabel="How much the supplier delights",
                  ylabel="Loyalty", ymax=1.0),
            Panel("sat", "bar", "Active customers at the end",
                  series=(Series("means", "Mean", PALETTE["purple"]),),
                  categories=("Basic satisfaction", "Latent satisfaction", "Loyalty",
                              "Repurchase intention"), ymax=1.0),
        ),
        sentence=(
            "Basic satisfaction is {basic_satisfaction|f2} and latent satisfaction "
            "{latent_satisfaction|f2}; loyalty is {loyalty|f3} (average loyalty is "
            "{average|f2}): {trap_text}."
        ),
        table=(
            TableRow("Basic satisfaction", "basic_satisfaction", "f2"),
            TableRow("Latent satisfaction", "latent_satisfaction", "f2"),
            TableRow("Loyalty (attitude)", "loyalty", "f3"),
            TableRow("Repurchase intention", "repurchase", "f2"),
            TableRow("Long-term relationships (IV)", "p_IV", "pct"),
        ),
        seeds=c.SEEDS,
        caption="Two separate levers: the basics (how good the offer is) and delight (the "
                "share of unspoken needs served). Loyalty is the mean attitudinal loyalty of "
                "customers still active after 60 months; the diamond marks the current "
                "setting, the lines run through it along each lever.",
        try_this="Try this: with no delight, push the basics from 0.6 to 0.9, then go back "
                 "to 0.6 and raise delight instead. Which line bends which way?",
        reveal=Reveal(
            question="Predict: a hotel polishes the basics far beyond what guests expect "
                     "(0.9) and delights no one. Will its guests' loyalty rise well above "
                     "the average level?",
            values={"supplier_value": 0.9, "latent_value": 0.0},
            predictions=(("yes", "Yes, well above average"),
                         ("no", "No, it stays near the average")),
            answer_key="above_average",
            explain="Loyalty is {loyalty|f2} against an average level of {average|f2}: "
                    "{trap_text}.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: satisfaction, loyalty and repurchase of active customers."""
    model, res = c.run(c.scenario_from(values), seed)
    means = c.active_means(model, ("basic_satisfaction", "latent_satisfaction", "attitude",
                                   "repurchase"))
    numbers = {
        "basic_satisfaction": means["basic_satisfaction"],
        "latent_satisfaction": means["latent_satisfaction"],
        "loyalty": means["attitude"],
        "repurchase": means["repurchase"],
        "average": AVERAGE_LOYALTY,
        "p_IV": res.pattern_shares["IV"],
    }
    series = {"means": [numbers["basic_satisfaction"], numbers["latent_satisfaction"],
                        numbers["loyalty"], numbers["repurchase"]]}
    return {"s": series, "n": numbers}


WELL_ABOVE = 0.1
"""Loyalty this far above the average level counts as "well above"."""


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """Whether loyalty is stuck near the average level or well above it."""
    gap = (numbers.get("loyalty") or 0.0) - (numbers.get("average") or 0.0)
    if gap > WELL_ABOVE:
        return {"above_average": "yes", "trap_text": "well above the average level"}
    if gap < -WELL_ABOVE:
        return {"above_average": "no", "trap_text": "below the average level"}
    return {"above_average": "no", "trap_text": "stuck near the average level"}
