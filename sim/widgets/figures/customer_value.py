"""Chapter 6: customer value.

Two parts. A lifetime-value calculator (the course's worked example by
default) that the browser evaluates exactly with the formulas of
:mod:`sim.clv`, so it needs no grid and no kernel; and the value pyramid of
the simulated customer base (platinum, gold, iron, lead tiers by lifetime
value), which comes from the model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, Control, FigureSpec, Panel, Series, TableRow

TIERS = (("platinum", "Platinum (top 10%)", 0.10), ("gold", "Gold (next 20%)", 0.20),
         ("iron", "Iron (next 30%)", 0.30), ("lead", "Lead (bottom 40%)", 0.40))
YEARS_MAX = 10
SCENARIO_CONTROLS = ("supplier_value", "structural_bond")
"""The only controls that feed the model; the others are the in-browser calculator."""


def _calc(name: str, label: str, low: float, high: float, step: float, value: float,
          fmt: str, unit: str = "", **extra: Any) -> Control:
    return Control(name, label, low=low, high=high, step=step, value=value, fmt=fmt,
                   unit=unit, calc=True, **extra)


def spec() -> FigureSpec:
    """Return the customer-value figure: CLV calculator and value pyramid."""
    year_labels = tuple(f"Year {k}" for k in range(YEARS_MAX + 1))
    return FigureSpec(
        name="customer_value",
        title="Customer value: lifetime value and the value pyramid",
        controls=(
            _calc("years", "Relationship length N", 1, YEARS_MAX, 1, 5, "f0", "years"),
            _calc("c0", "Acquisition cost C0", 0, 2000, 50, 400, "int"),
            _calc("p0", "First-year purchase P0", 0, 10000, 100, 2000, "int"),
            _calc("growth", "Yearly growth of purchases", 0, 2000, 50, 500, "int"),
            _calc("interest", "Interest rate i", 0, 0.3, 0.005, 0.09, "pct1"),
            Control("timing", "First purchase paid", kind="select", value="start",
                    options=(("start", "now (t = 0)"), ("end", "at the end of year 1")),
                    calc=True),
            _calc("churn", "Churn rate per year (for 1 / r)", 0.01, 0.5, 0.01, 0.2, "pct"),
            c.scenario_control("supplier_value", (0.4, 0.5, 0.6, 0.7, 0.8), 0.6),
            c.scenario_control("structural_bond", (0.0, 0.5, 1.0), 0.0),
        ),
        panels=(
            Panel("cashflow", "bar", "Cash flows and their present value",
                  series=(Series("clv_flow", "Cash flow", PALETTE["sky"]),
                          Series("clv_pv", "Present value", PALETTE["blue"])),
                  categories=year_labels, ymin=None),
            Panel("pyramid", "bar", "Value pyramid of the simulated customers",
                  series=(Series("tier_clv", "Mean lifetime value", PALETTE["yellow"]),),
                  categories=tuple(t[1] for t in TIERS), horizontal=True, ymin=None,
                  ylabel="Mean lifetime value (wallet units)"),
            Panel("tier_share", "bar", "Share of total customer value by tier",
                  series=(Series("tier_share", "Share of total value", PALETTE["green"]),),
                  categories=tuple(t[1] for t in TIERS), percent=True, ymin=None),
        ),
        sentence=(
            "Lifetime value: {clv|money} (undiscounted {clv_undiscounted|money}). "
            "A churn rate of {churn|pct} a year means an expected lifetime of "
            "{lifetime|f1} years. In the simulated base the platinum tier brings "
            "{share_platinum|pct} of all customer value."
        ),
        table=(
            TableRow("Lifetime value (CLV)", "clv", "money"),
            TableRow("Sum of cash flows, undiscounted", "clv_undiscounted", "money"),
            TableRow("Expected lifetime 1 / churn (years)", "lifetime", "f2"),
            *(TableRow(f"{label}: mean lifetime value", f"clv_{key}", "f2")
              for key, label, _ in TIERS),
            *(TableRow(f"{label}: share of value", f"share_{key}", "pct")
              for key, label, _ in TIERS),
        ),
        calc="clv",
        seeds=c.SEEDS,
        caption="The calculator uses the formulas of sim.clv: acquisition cost at t = 0; "
                "year k's cash flow at t = k - 1 (first purchase now) or t = k (end of "
                "year). The pyramid ranks every simulated customer by lifetime value.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once and split its customers into value tiers."""
    levers = {k: values[k] for k in SCENARIO_CONTROLS}
    model, _ = c.run(c.scenario_from(levers), seed)
    clv = model.population.column("clv") - model.scenario.acquisition_cost
    ranked = np.sort(clv)[::-1]
    total = float(ranked.sum())
    n = len(ranked)
    numbers: dict[str, float] = {}
    means, shares = [], []
    start = 0
    for key, _, share in TIERS:
        stop = n if key == TIERS[-1][0] else start + int(round(share * n))
        part = ranked[start:stop]
        mean = float(part.mean()) if len(part) else 0.0
        part_share = float(part.sum()) / total if total else 0.0
        numbers[f"clv_{key}"], numbers[f"share_{key}"] = mean, part_share
        means.append(mean)
        shares.append(part_share)
        start = stop
    return {"s": {"tier_clv": means, "tier_share": shares}, "n": numbers}
