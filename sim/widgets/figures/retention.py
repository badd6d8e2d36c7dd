"""Chapter 1: why retention pays.

Better and improving value keeps more customers; the figure shows the share
still active and the cumulative profit over time, and the expected lifetime
implied by the average churn rate (T = 1 / churn).
"""

from __future__ import annotations

from typing import Any

from sim.stages import ENDED
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Series, TableRow


def spec() -> FigureSpec:
    """Return the retention figure: value vs retention, profit and lifetime."""
    return FigureSpec(
        name="retention",
        title="Why retention pays",
        controls=(
            c.scenario_control("supplier_value", (0.4, 0.5, 0.6, 0.7, 0.8), 0.6),
            c.scenario_control("value_innovation", (0.0, 0.5, 1.0), 0.5),
        ),
        panels=(
            Panel("retention", "line", "Share of customers still active",
                  series=(Series("retention", "Still active", PALETTE["blue"]),),
                  x="period", xlabel="Period", ylabel="Share active", percent=True, ymax=1.0),
            Panel("profit", "line", "Cumulative profit",
                  series=(Series("profit", "Cumulative profit", PALETTE["green"]),),
                  x="period", xlabel="Period", ylabel="Wallet units", ymin=None),
        ),
        sentence=(
            "After {periods} periods {retention_end|pct} of all customers are still active. "
            "The average churn rate is {churn|pct1} per period, so a customer stays "
            "{lifetime|f1} periods on average (1 / churn). Cumulative profit: {profit|int}."
        ),
        table=(
            TableRow("Still active at the end", "retention_end", "pct"),
            TableRow("Churn per period", "churn", "pct1"),
            TableRow("Expected lifetime (periods)", "lifetime", "f1"),
            TableRow("Cumulative profit", "profit", "int"),
            TableRow("Mean lifetime value per customer", "mean_clv", "f2"),
        ),
        axes={"period": c.PERIOD_AXIS},
        seeds=c.SEEDS,
        caption="Profit is gross margin minus acquisition and bond costs, in units of an "
                "average customer's monthly category spend.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: retention and profit paths, churn and lifetime."""
    _, res = c.run(c.scenario_from(values), seed)
    counts = res.stage_counts.to_numpy(dtype=float)
    exposure = counts[:-1, :ENDED].sum()  # customer-periods at risk of ending
    churn = counts[-1, ENDED] / exposure if exposure else 0.0
    retention = c.retention_series(res)
    return {
        "s": {"retention": retention, "profit": c.profit_series(res)},
        "n": {"retention_end": retention[-1] or 0.0, "churn": churn,
              "lifetime": 1.0 / churn if churn else float("nan"), "profit": res.profit,
              "mean_clv": res.mean_clv, "periods": c.PERIODS},
    }
