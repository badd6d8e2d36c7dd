"""Chapter 2: three levels of bonding.

Financial, social and structural bonds against retention and profit over
time, compared with the same supplier without bonds. Rivals copy the
financial bond after the imitation lag, so its gain fades; the structural
bond's gain lasts (stylized fact 7).
"""

from __future__ import annotations

from typing import Any

from sim.facts import BOND_MARKET
from sim.scenario import Scenario
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Series, TableRow

NO_BONDS = dict(financial_bond=0.0, social_bond=0.0, structural_bond=0.0,
                imitation_lag=Scenario.spec("imitation_lag").default)
"""The comparison: no bonds (the lag is irrelevant then, so one cached run serves all)."""


def spec() -> FigureSpec:
    """Return the bonding figure: bond mix vs retention and profit over time."""
    return FigureSpec(
        name="bonding",
        title="Three levels of bonding: what lasts when rivals copy",
        controls=(
            c.scenario_control("financial_bond", (0.0, 0.5, 1.0), 1.0),
            c.scenario_control("social_bond", (0.0, 0.5, 1.0), 0.0),
            c.scenario_control("structural_bond", (0.0, 0.5, 1.0), 0.0),
            c.scenario_control("imitation_lag", (3, 12, 24), 12),
        ),
        panels=(
            Panel("retention", "line", "Share of customers still active",
                  series=(Series("retention", "With these bonds", PALETTE["blue"]),
                          Series("retention_base", "No bonds", PALETTE["grey"], dash=True)),
                  x="period", xlabel="Period", ylabel="Share active", percent=True, ymax=1.0),
            Panel("profit", "line", "Cumulative profit",
                  series=(Series("profit", "With these bonds", PALETTE["green"]),
                          Series("profit_base", "No bonds", PALETTE["grey"], dash=True)),
                  x="period", xlabel="Period", ylabel="Wallet units", ymin=None),
        ),
        sentence=(
            "With these bonds {retention_end|pct} of customers are still active after "
            "{periods} periods, against {retention_base_end|pct} without bonds; cumulative "
            "profit is {profit|int} against {profit_base|int}. Rivals copy the financial "
            "bond after {imitation_lag|f0} periods."
        ),
        table=(
            TableRow("Still active at the end", "retention_end", "pct"),
            TableRow("Still active, no bonds", "retention_base_end", "pct"),
            TableRow("Cumulative profit", "profit", "int"),
            TableRow("Cumulative profit, no bonds", "profit_base", "int"),
            TableRow("Long-term relationships (IV)", "p_IV", "pct"),
        ),
        axes={"period": c.PERIOD_AXIS},
        seeds=c.SEEDS,
        caption="The market of chapter 2's experiment: rivals out-innovate the supplier "
                "(value innovation 0.2 against the rivals' 0.5), so customers keep leaving "
                "unless something holds them. Bond costs: financial bonds give back part of "
                "the revenue, social and structural bonds cost a fee per active customer and "
                "period.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the bonded scenario and the no-bond comparison with the same seed."""
    scenario = c.scenario_from(values, base=BOND_MARKET)
    _, res = c.run(scenario, seed)
    base = c.baseline(scenario.replace(**NO_BONDS), seed)
    retention, retention_base = c.retention_series(res), c.retention_series(base)
    return {
        "s": {"retention": retention, "retention_base": retention_base,
              "profit": c.profit_series(res), "profit_base": c.profit_series(base)},
        "n": {"retention_end": retention[-1] or 0.0,
              "retention_base_end": retention_base[-1] or 0.0,
              "profit": res.profit, "profit_base": base.profit,
              "p_IV": res.pattern_shares["IV"], "periods": c.PERIODS},
    }


