"""Chapter 1: why retention pays.

Better and improving value keeps more customers; the figure shows the share
still active and the cumulative profit over time, and the yearly churn rate
r with the expected lifetime it implies (T = 1 / r).
"""

from __future__ import annotations

from typing import Any

from sim.stages import ENDED
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Reveal, Series, TableRow

PERIODS_PER_YEAR = 12
LONGEST_SHOWN = 50.0
"""Expected lifetimes above this many years are reported as "more than 50 years"."""


def spec() -> FigureSpec:
    """Return the retention figure: value vs retention, profit and lifetime."""
    return FigureSpec(
        name="retention",
        title="Why retention pays",
        controls=(
            c.scenario_control("supplier_value", c.even(0.3, 0.8, 6), 0.6),
            c.scenario_control("value_innovation", c.even(0.0, 1.0, 5), 0.5),
        ),
        panels=(
            Panel("retention", "line", "Share of customers still active",
                  series=(Series("retention", "Still active", PALETTE["blue"]),),
                  x="period", xlabel="Month", ylabel="Share active", percent=True, ymax=1.0),
            Panel("profit", "line", "Cumulative profit",
                  series=(Series("profit", "Cumulative profit", PALETTE["green"]),),
                  x="period", xlabel="Month", ylabel="Wallet units", ymin=None),
        ),
        sentence=(
            "After {periods} months {retention_end|pct} of all customers who ever arrived "
            "are still active. Active customers leave at a rate of r = {churn_year|pct1} a "
            "year, so a customer stays {lifetime_text} on average (T = 1 / r). Cumulative "
            "profit: {profit|int} wallet units."
        ),
        table=(
            TableRow("Still active at the end", "retention_end", "pct"),
            TableRow("Churn rate r per year", "churn_year", "pct1"),
            TableRow("Expected lifetime T = 1 / r (years)", "lifetime", "f1"),
            TableRow("Cumulative profit (wallet units)", "profit", "int"),
            TableRow("Mean lifetime value per customer", "mean_clv", "f2"),
        ),
        axes={"period": c.PERIOD_AXIS},
        seeds=c.SEEDS,
        caption="Profit is gross margin minus acquisition and bond costs, in wallet units "
                "(one wallet unit is an average customer's monthly spending in the "
                "category). The churn rate counts the relationships that ended among "
                "customer-months of active relationships.",
        try_this="Try this: keep the offer at 0.6 and stop improving it (0). How much "
                 "shorter do relationships last, and what happens to profit?",
        reveal=Reveal(
            question="Predict: a supplier starts with a poor offer (0.4) but improves it "
                     "fast (1). After five years, will at least half of all the customers "
                     "it ever won still be there?",
            values={"supplier_value": 0.4, "value_innovation": 1.0},
            predictions=(("yes", "Yes, at least half"), ("no", "No, fewer than half")),
            answer_key="half_stay",
            explain="{retention_end|pct} of the customers it ever won are still active after "
                    "{periods} months, and they stay {lifetime_text} on average.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: retention and profit paths, yearly churn and lifetime."""
    _, res = c.run(c.scenario_from(values), seed)
    counts = res.stage_counts.to_numpy(dtype=float)
    exposure = counts[:-1, :ENDED].sum()  # customer-months at risk of ending
    monthly = counts[-1, ENDED] / exposure if exposure else 0.0
    yearly = 1.0 - (1.0 - monthly) ** PERIODS_PER_YEAR
    retention = c.retention_series(res)
    return {
        "s": {"retention": retention, "profit": c.profit_series(res)},
        "n": {"retention_end": retention[-1] or 0.0, "churn_year": yearly, "profit": res.profit,
              "mean_clv": res.mean_clv, "periods": c.PERIODS},
    }


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Expected lifetime T = 1 / r of the churn rate shown (in numbers and words).

    Computed from the churn rate averaged over seeds, so that the table's
    lifetime is exactly 1 / r of the table's r.
    """
    churn = numbers.get("churn_year") or 0.0
    lifetime = 1.0 / churn if churn > 0 else float("nan")
    if lifetime != lifetime or lifetime > LONGEST_SHOWN:
        text = f"more than {LONGEST_SHOWN:.0f} years (hardly anyone leaves)"
    else:
        text = f"about {lifetime:.1f} years"
    half = "yes" if (numbers.get("retention_end") or 0.0) >= 0.5 else "no"
    return {"lifetime": lifetime, "lifetime_text": text, "half_stay": half}
