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
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Reveal, Series, TableRow

NO_PROGRAMME = {name: Scenario.spec(name).default
                for name in ("financial_bond", "financial_bond_cost", "imitation_lag")}
"""The comparison: no programme (cost and lag are irrelevant then; one cached run)."""


def spec() -> FigureSpec:
    """Return the programme figure: programme cost vs retention bought."""
    return FigureSpec(
        name="programme",
        title="A loyalty programme: what it costs and what it buys",
        controls=(
            c.scenario_control("financial_bond", c.even(0.0, 1.0, 5), 0.5),
            c.scenario_control("financial_bond_cost", c.even(0.05, 0.2, 4), 0.1),
            c.scenario_control("imitation_lag", c.even(0, 60, 6), 12),
        ),
        panels=(
            Panel("retention", "line", "Share of customers still active",
                  series=(Series("retention", "With the programme", PALETTE["blue"]),
                          Series("retention_base", "No programme", PALETTE["grey"], dash=True)),
                  x="period", xlabel="Month", ylabel="Share active", percent=True, ymax=1.0),
            Panel("bought", "slice", "Extra customers kept, by how generous the points are",
                  series=(Series("extra_active", "Extra active customers", PALETTE["green"]),),
                  x="financial_bond", xlabel="Points and discounts (financial bond)",
                  ylabel="Customers", ymin=None),
            Panel("cost", "slice", "Programme cost and profit change, by generosity",
                  series=(Series("programme_cost", "Revenue given back", PALETTE["orange"]),
                          Series("profit_change", "Profit change", PALETTE["purple"], dash=True)),
                  x="financial_bond", xlabel="Points and discounts (financial bond)",
                  ylabel="Wallet units", ymin=None),
        ),
        sentence=(
            "The programme keeps {extra_active|signed} customers active after {periods} "
            "months compared with no programme ({retention_end|pct} vs {retention_base_end|pct}). "
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
        caption="A points-and-discounts programme only (a financial bond). Rivals copying "
                "after 60 months means they never copy it within the five years shown. Money "
                "is in wallet units (an average customer's monthly spending in the category).",
        try_this="Try this: a generous programme (1) that rivals copy at once (0 months), "
                 "then one they never copy (60). Compare the extra customers and the profit.",
        reveal=Reveal(
            question="Predict: rivals copy the points after 12 months. After five years, does "
                     "a generous programme (1) still keep extra customers?",
            values={"financial_bond": 1.0, "financial_bond_cost": 0.1, "imitation_lag": 12},
            predictions=(("yes", "Yes, it still keeps extra customers"),
                         ("no", "No, the gain is gone")),
            answer_key="still_keeps",
            explain="It keeps {extra_active|signed} customers compared with no programme, and "
                    "changes profit by {profit_change|signed} wallet units after giving back "
                    "{programme_cost|int}.",
        ),
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


KEEPS = 5.0
"""A programme "still keeps extra customers" with more than this many extra active."""


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """Whether the programme still keeps extra customers at the end."""
    return {"still_keeps": "yes" if (numbers.get("extra_active") or 0.0) > KEEPS else "no"}
