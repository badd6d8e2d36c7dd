"""Chapter 7: what a loyalty programme buys.

A points-and-discounts programme is a financial bond: it gives back part of
the revenue and adds perceived value until rivals copy it. The figure sets
the programme's generosity, its cost and the rivals' imitation lag against
the retention it buys and what it costs, compared with no programme.
"""

from __future__ import annotations

from typing import Any

from sim.scenario import Scenario
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Series, TableRow

NO_PROGRAMME = {name: Scenario.spec(name).default
                for name in ("financial_bond", "financial_bond_cost", "imitation_lag")}
"""The comparison: no programme (cost and lag are irrelevant then; one cached run)."""


def spec() -> FigureSpec:
    """Return the programme figure: programme cost vs retention bought."""
    return FigureSpec(
        name="programme",
        title="A loyalty programme: what it costs and what it buys",
        controls=(
            c.scenario_control("financial_bond", (0.0, 0.25, 0.5, 0.75, 1.0), 0.5),
            c.scenario_control("financial_bond_cost", (0.05, 0.1, 0.2), 0.1),
            c.scenario_control("imitation_lag", (3, 12, 60), 12),
        ),
        panels=(
            Panel("retention", "line", "Share of customers still active",
                  series=(Series("retention", "With the programme", PALETTE["blue"]),
                          Series("retention_base", "No programme", PALETTE["grey"], dash=True)),
                  x="period", xlabel="Period", ylabel="Share active", percent=True, ymax=1.0),
            Panel("bought", "slice", "Extra customers kept vs programme level",
                  series=(Series("extra_active", "Extra active customers", PALETTE["green"]),),
                  x="financial_bond", xlabel="Programme level (financial bond)",
                  ylabel="Customers", ymin=None),
            Panel("cost", "slice", "Programme cost and profit change vs level",
                  series=(Series("programme_cost", "Revenue given back", PALETTE["orange"]),
                          Series("profit_change", "Profit change", PALETTE["purple"], dash=True)),
                  x="financial_bond", xlabel="Programme level (financial bond)",
                  ylabel="Wallet units", ymin=None),
        ),
        sentence=(
            "The programme keeps {extra_active|int} more customers active after {periods} "
            "periods than no programme ({retention_end|pct} vs {retention_base_end|pct}). "
            "It gives back {programme_cost|int} in revenue and changes cumulative profit "
            "by {profit_change|int}."
        ),
        table=(
            TableRow("Still active at the end", "retention_end", "pct"),
            TableRow("Still active, no programme", "retention_base_end", "pct"),
            TableRow("Extra active customers", "extra_active", "int"),
            TableRow("Revenue given back", "programme_cost", "int"),
            TableRow("Cost per extra customer kept", "cost_per_customer", "f1"),
            TableRow("Profit change", "profit_change", "int"),
        ),
        axes={"period": c.PERIOD_AXIS},
        seeds=c.SEEDS,
        caption="An imitation lag of 60 periods means rivals never copy the programme "
                "within the run. Money is in units of an average customer's monthly "
                "category spend.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the programme and the no-programme comparison with the same seed."""
    scenario = c.scenario_from(values)
    _, res = c.run(scenario, seed)
    base = c.baseline(scenario.replace(**NO_PROGRAMME), seed)
    kept = scenario.financial_bond * scenario.financial_bond_cost
    given_back = res.revenue * kept / (1.0 - kept) if kept < 1 else 0.0
    extra = float(res.active - base.active)
    retention, retention_base = c.retention_series(res), c.retention_series(base)
    return {
        "s": {"retention": retention, "retention_base": retention_base},
        "n": {"retention_end": retention[-1] or 0.0,
              "retention_base_end": retention_base[-1] or 0.0,
              "extra_active": extra, "programme_cost": given_back,
              "cost_per_customer": given_back / extra if extra > 0 else float("nan"),
              "profit_change": res.profit - base.profit, "periods": c.PERIODS},
    }
