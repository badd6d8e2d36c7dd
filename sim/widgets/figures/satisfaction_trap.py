"""Chapter 4: the satisfaction trap, as a choice of where to spend a fixed budget.

The supplier of the ``satisfaction_trap`` preset meets basic expectations
and has an improvement budget (``value_innovation``). The figure splits that
budget between polishing the basics and serving latent needs
(``latent_focus``) at equal spend, and sets its size, against the loyalty
and profit it buys: loyalty from the basics levels off near the average
level, loyalty from latent needs keeps rising (stylized facts 5 and 11).
The response curves through the chosen point are computed at the
positions listed in each slider's ``grid``.
"""

from __future__ import annotations

from typing import Any

from sim import presets
from sim.mechanisms import AVERAGE_LOYALTY
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Reveal, Series, TableRow

MARKET = presets.get("satisfaction_trap")
"""The chapter's supplier: basics met, a sizeable budget, almost no latent needs served."""
FOCUS = c.even(0.0, 1.0, 6)
BUDGET = c.even(0.2, 1.0, 5)


def spec() -> FigureSpec:
    """Return the satisfaction-trap figure: the budget's split and size vs loyalty and profit."""
    loyalty = (Series("loyalty", "Loyalty (attitude)", PALETTE["blue"]),
               Series("average", "Average loyalty", PALETTE["grey"], dash=True))
    return FigureSpec(
        name="satisfaction_trap",
        title="The satisfaction trap: polishing the basics vs serving latent needs",
        controls=(
            c.scenario_control("latent_focus", FOCUS, MARKET.latent_focus),
            c.scenario_control("value_innovation", BUDGET, MARKET.value_innovation),
        ),
        panels=(
            Panel("focus", "slice", "Loyalty as the budget moves to unspoken needs",
                  series=loyalty, x="latent_focus",
                  xlabel="Share of the budget spent on unspoken needs", ylabel="Loyalty",
                  ymax=1.0),
            Panel("profit", "slice", "Profit as the budget moves to unspoken needs",
                  series=(Series("profit", "Profit over five years", PALETTE["green"]),),
                  x="latent_focus", xlabel="Share of the budget spent on unspoken needs",
                  ylabel="Wallet units", ymin=None),
            Panel("budget", "slice", "Loyalty as the budget grows, split as chosen",
                  series=loyalty, x="value_innovation",
                  xlabel="How fast the supplier improves its offer", ylabel="Loyalty",
                  ymax=1.0),
            Panel("sat", "bar", "Active customers at the end",
                  series=(Series("means", "Mean", PALETTE["purple"]),),
                  categories=("Basic satisfaction", "Latent satisfaction", "Loyalty",
                              "Repurchase intention"), ymax=1.0),
        ),
        sentence=(
            "With {focus|pct} of the budget spent on unspoken needs, basic satisfaction is "
            "{basic_satisfaction|f2} and latent satisfaction {latent_satisfaction|f2}; loyalty "
            "is {loyalty|f2} (average loyalty is {average|f2}): {trap_text}. Profit over "
            "{periods} months: {profit|int} wallet units."
        ),
        table=(
            TableRow("Basic satisfaction", "basic_satisfaction", "f2"),
            TableRow("Latent satisfaction", "latent_satisfaction", "f2"),
            TableRow("Loyalty (attitude)", "loyalty", "f3"),
            TableRow("Repurchase intention", "repurchase", "f2"),
            TableRow("Profit (wallet units)", "profit", "int"),
            TableRow("Long-term relationships (IV, share of decided)", "p_IV", "pct"),
            TableRow("Relationships still undecided at the end", "unresolved", "int"),
        ),
        seeds=c.SEEDS,
        caption="One supplier, whose offer meets basic expectations at the start (0.65), with "
                "one improvement budget that costs the same however it is split. Loyalty is "
                "the mean attitudinal loyalty of customers still active after 60 months; the "
                "diamond marks the current setting, the lines run through it along each "
                "lever.",
        try_this="Try this: with the whole budget on the basics (0%), raise the budget from "
                 "0.2 to 1. Then keep the budget at 0.8 and move half of it to unspoken "
                 "needs. Which change buys loyalty? Then shrink the budget to 0.2: does the "
                 "split still help?",
        reveal=Reveal(
            question="Predict: a hotel spends its whole improvement budget (0.8) polishing "
                     "basics that already meet what guests expect, and nothing on needs they "
                     "have not voiced. Will its guests' loyalty rise well above the average "
                     "level?",
            values={"latent_focus": 0.0, "value_innovation": 0.8},
            predictions=(("yes", "Yes, well above average"),
                         ("no", "No, it stays near the average")),
            answer_key="above_average",
            explain="Loyalty is {loyalty|f2} against an average level of {average|f2}: "
                    "{trap_text}.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: satisfaction, loyalty, repurchase and profit."""
    model, res = c.run(c.scenario_from(values, base=MARKET), seed)
    means = c.active_means(model, ("basic_satisfaction", "latent_satisfaction", "attitude",
                                   "repurchase"))
    numbers = {
        "basic_satisfaction": means["basic_satisfaction"],
        "latent_satisfaction": means["latent_satisfaction"],
        "loyalty": means["attitude"],
        "repurchase": means["repurchase"],
        "average": AVERAGE_LOYALTY,
        "profit": res.profit,
        "p_IV": res.pattern_shares["IV"],
        "unresolved": float(res.unresolved),
        "focus": float(model.scenario.latent_focus),
        "periods": c.PERIODS,
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
