"""Chapter 6: customer value.

Two parts. A lifetime-value calculator (the course's worked example by
default) that the browser evaluates exactly with the formulas of
:mod:`sim.clv`, so it needs no model run and no kernel, with its cash-flow table;
and the value pyramid of the simulated customer base (platinum, gold, iron,
lead tiers by lifetime value), which comes from the model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, Control, FigureSpec, Panel, Reveal, Series, TableRow

TIERS = (("platinum", "Platinum (top 10%)", 0.10), ("gold", "Gold (next 20%)", 0.20),
         ("iron", "Iron (next 30%)", 0.30), ("lead", "Lead (bottom 40%)", 0.40))
"""The value pyramid's tiers: key, label and share of customers, best first.

Chapter 6 uses the same tiers (and :func:`value_tiers`) for its own figure."""
YEARS_MAX = 10
SCENARIO_CONTROLS = ("supplier_value", "structural_bond")
"""The only controls that feed the model; the others are the in-browser calculator."""


def _calc(name: str, label: str, low: float, high: float, step: float, value: float,
          fmt: str, unit: str = "", **extra: Any) -> Control:
    return Control(name, label, low=low, high=high, step=step, value=value, fmt=fmt,
                   unit=unit, calc=True, **extra)


def value_tiers(values: np.ndarray) -> dict[str, float]:
    """Rank customers by lifetime value and describe the four tiers.

    For each tier: ``clv_<tier>``, its customers' mean lifetime value (may be
    negative), and ``share_<tier>``, its share of the value *created*: the sum
    of the positive lifetime values. Shares are therefore in [0, 1] and add
    up to 1 even when many customers never pay back what they cost (a share
    of a negative total would be meaningless). ``negative_share`` is the
    share of customers whose lifetime value is below zero.
    """
    ranked = np.sort(np.asarray(values, dtype=float))[::-1]
    n = len(ranked)
    created = float(np.clip(ranked, 0.0, None).sum())
    out: dict[str, float] = {"negative_share": float((ranked < 0).mean()) if n else 0.0}
    start = 0
    for key, _, share in TIERS:
        stop = n if key == TIERS[-1][0] else start + int(round(share * n))
        part = ranked[start:stop]
        out[f"clv_{key}"] = float(part.mean()) if len(part) else 0.0
        out[f"share_{key}"] = float(np.clip(part, 0.0, None).sum()) / created if created else 0.0
        start = stop
    return out


def spec() -> FigureSpec:
    """Return the customer-value figure: CLV calculator and value pyramid."""
    year_labels = ("Acquisition",) + tuple(f"Year {k}" for k in range(1, YEARS_MAX + 1))
    return FigureSpec(
        name="customer_value",
        title="Customer value: lifetime value and the value pyramid",
        controls=(
            _calc("years", "Years the customer stays (N)", 1, YEARS_MAX, 1, 5, "f0", "years"),
            _calc("c0", "Cost of winning the customer (C0)", 0, 2000, 50, 400, "int"),
            _calc("p0", "First year's purchases (P0)", 0, 10000, 100, 2000, "int"),
            _calc("growth", "Growth of purchases each year", 0, 2000, 50, 500, "int"),
            _calc("interest", "Interest rate (i)", 0, 0.3, 0.005, 0.09, "pct1"),
            Control("timing", "When the first year's purchases are paid", kind="select",
                    value="start",
                    options=(("start", "now (t = 0)"), ("end", "at the end of year 1")),
                    calc=True, help="Both conventions pay the acquisition cost at t = 0."),
            _calc("churn", "Churn rate r per year (for T = 1 / r)", 0.01, 0.5, 0.01, 0.2, "pct"),
            c.scenario_control("supplier_value", c.even(0.4, 0.8, 5), 0.6),
            c.scenario_control("structural_bond", c.even(0.0, 1.0, 5), 0.0),
        ),
        panels=(
            Panel("cashflow", "bar", "Cash flows and their present value",
                  series=(Series("clv_flow", "Cash flow", PALETTE["sky"]),
                          Series("clv_pv", "Present value", PALETTE["blue"])),
                  categories=year_labels, ymin=None),
            Panel("cashtable", "table", "Cash-flow table",
                  series=(Series("clv_flow", "Cash flow"), Series("clv_pv", "Present value")),
                  categories=year_labels),
            Panel("pyramid", "bar", "Value pyramid of the simulated customers",
                  series=(Series("tier_clv", "Mean lifetime value", PALETTE["yellow"]),),
                  categories=tuple(t[1] for t in TIERS), horizontal=True, ymin=None,
                  ylabel="Mean lifetime value (wallet units)"),
            Panel("tier_share", "bar", "Share of the value customers created, by tier",
                  series=(Series("tier_share", "Share of value created", PALETTE["green"]),),
                  categories=tuple(t[1] for t in TIERS), percent=True, ymax=1.0),
        ),
        sentence=(
            "Lifetime value: {clv|money} (undiscounted {clv_undiscounted|money}). "
            "A churn rate of {churn|pct} a year means an expected lifetime of "
            "{lifetime|f1} years. In the simulated base the platinum tier creates "
            "{share_platinum|pct} of the value customers created, and {negative_share|pct} "
            "of customers never paid back what it cost to win them."
        ),
        table=(
            TableRow("Lifetime value (CLV)", "clv", "money"),
            TableRow("Sum of cash flows, undiscounted", "clv_undiscounted", "money"),
            TableRow("Expected lifetime 1 / r (years)", "lifetime", "f2"),
            *(TableRow(f"{label}: mean lifetime value", f"clv_{key}", "f2")
              for key, label, _ in TIERS),
            *(TableRow(f"{label}: share of value created", f"share_{key}", "pct")
              for key, label, _ in TIERS),
            TableRow("Customers who never paid back their cost", "negative_share", "pct"),
        ),
        calc="clv",
        seeds=c.SEEDS,
        caption="The calculator uses the formulas of the book's lifetime-value module: "
                "acquisition cost at t = 0; year k's cash flow at t = k - 1 (first purchase "
                "now) or t = k (end of year). The pyramid ranks every simulated customer by "
                "realised lifetime value (wallet units); a tier's share counts only value "
                "created, so customers who lost money add nothing to it.",
        try_this="Try this: move the first purchase to the end of year 1 and watch every "
                 "present value in the table shrink; then set the interest rate to 0.",
        reveal=Reveal(
            question="Predict: in the worked example, what happens to the lifetime value "
                     "if every year's purchases arrive at the end of that year, one year "
                     "later than now? Does it fall by one year's interest on the whole "
                     "lifetime value?",
            values={"timing": "end"},
            explain="Now the lifetime value is {clv|money}. Every purchase arrives a year "
                    "later and is discounted once more, but the acquisition cost is still "
                    "paid at t = 0 and is not: the drop is a year's interest on the "
                    "purchases only.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once and split its customers into value tiers."""
    levers = {k: values[k] for k in SCENARIO_CONTROLS}
    model, _ = c.run(c.scenario_from(levers), seed)
    clv = model.population.column("clv") - model.scenario.acquisition_cost
    numbers = value_tiers(clv)
    return {"s": {"tier_clv": [numbers[f"clv_{k}"] for k, _, _ in TIERS],
                  "tier_share": [numbers[f"share_{k}"] for k, _, _ in TIERS]},
            "n": numbers}
