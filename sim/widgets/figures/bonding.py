"""Chapter 2: three levels of bonding.

Financial, social and structural bonds against retention and profit over
time, compared with the same supplier without bonds. Rivals copy the
financial bond after the imitation lag, so its gain fades; the structural
bond's gain lasts (stylized fact 7).
"""

from __future__ import annotations

from typing import Any

from sim.presets import get as preset
from sim.scenario import Scenario
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Reveal, Series, TableRow

BOND_MARKET = preset("bond_market")
"""The market of stylized facts 7 and 12: rivals out-innovate the supplier and copy points."""
NO_BONDS = dict(financial_bond=0.0, social_bond=0.0, structural_bond=0.0,
                imitation_lag=Scenario.spec("imitation_lag").default)
"""The comparison: no bonds (the lag is irrelevant then, so one cached run serves all)."""
STEP = 2
"""Curves are kept every second month (``figures.mjs`` samples the same in the page)."""
BONDS = c.even(0.0, 1.0, 5)


def spec() -> FigureSpec:
    """Return the bonding figure: bond mix vs retention and profit over time."""
    return FigureSpec(
        name="bonding",
        title="Three levels of bonding: what lasts when rivals copy",
        controls=(
            c.scenario_control("financial_bond", BONDS, 1.0),
            c.scenario_control("social_bond", BONDS, 0.0),
            c.scenario_control("structural_bond", BONDS, 0.0),
            c.scenario_control("imitation_lag", c.even(0, 24, 5), 12),
        ),
        panels=(
            Panel("retention", "line", "Share of customers still active",
                  series=(Series("retention", "With these bonds", PALETTE["blue"]),
                          Series("retention_base", "No bonds", PALETTE["grey"], dash=True)),
                  x="period", xlabel="Month", ylabel="Share active", percent=True, ymax=1.0),
            Panel("profit", "line", "Cumulative profit",
                  series=(Series("profit", "With these bonds", PALETTE["green"]),
                          Series("profit_base", "No bonds", PALETTE["grey"], dash=True)),
                  x="period", xlabel="Month", ylabel="Wallet units", ymin=None),
        ),
        sentence=(
            "With these bonds {retention_end|pct} of customers are still active after "
            "{periods} months, against {retention_base_end|pct} without bonds "
            "({extra_active|signed} customers); cumulative profit is {profit|int} against "
            "{profit_base|int} wallet units. Rivals copy the points after {imitation_lag|f0} "
            "months."
        ),
        table=(
            TableRow("Still active at the end", "retention_end", "pct"),
            TableRow("Still active, no bonds", "retention_base_end", "pct"),
            TableRow("Extra customers kept", "extra_active", "signed"),
            TableRow("Cumulative profit", "profit", "int"),
            TableRow("Cumulative profit, no bonds", "profit_base", "int"),
            TableRow("Long-term relationships (IV, share of decided)", "p_IV", "pct"),
            TableRow("Relationships still undecided at the end", "unresolved", "int"),
        ),
        axes={"period": c.period_axis(STEP)},
        seeds=c.ONE_SEED,
        caption="The market of chapter 2's experiment: rivals improve their offer faster "
                "than the supplier, so customers keep leaving unless something holds them. "
                "Points give back part of the revenue; recognition and customised systems "
                "cost a fee per active customer and month. Curves show every second month.",
        try_this="Try this: points only, then rivals copying after 0 months and after 24. "
                 "Then swap the points for customised systems.",
        reveal=Reveal(
            question="Predict: the supplier offers generous points (1) and nothing else, and "
                     "rivals copy the points after 6 months. After five years, does the "
                     "supplier still keep more customers than with no bond at all?",
            values={"financial_bond": 1.0, "social_bond": 0.0, "structural_bond": 0.0,
                    "imitation_lag": 6},
            predictions=(("yes", "Yes, clearly more"), ("no", "No, about the same or fewer")),
            answer_key="bond_keeps",
            explain="With copied points {retention_end|pct} are still active against "
                    "{retention_base_end|pct} with no bond ({extra_active|signed} customers); "
                    "cumulative profit is {profit|int} against {profit_base|int} wallet units.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the bonded scenario and the no-bond comparison with the same seed."""
    scenario = c.scenario_from(values, base=BOND_MARKET)
    _, res = c.run(scenario, seed)
    base = c.baseline(scenario.replace(**NO_BONDS), seed)
    retention, retention_base = c.retention_series(res), c.retention_series(base)
    return {
        "s": {"retention": c.sample(retention, STEP),
              "retention_base": c.sample(retention_base, STEP),
              "profit": c.sample(c.profit_series(res), STEP),
              "profit_base": c.sample(c.profit_series(base), STEP)},
        "n": {"retention_end": retention[-1] or 0.0,
              "retention_base_end": retention_base[-1] or 0.0,
              "extra_active": float(res.active - base.active),
              "profit": res.profit, "profit_base": base.profit,
              "p_IV": res.pattern_shares["IV"], "unresolved": float(res.unresolved),
              "periods": c.PERIODS},
    }


KEEPS_MORE = 0.02
"""A bond "clearly" keeps more customers when retention is this much higher."""


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """Whether the bonds keep clearly more customers than no bond."""
    gain = (numbers.get("retention_end") or 0.0) - (numbers.get("retention_base_end") or 0.0)
    return {"bond_keeps": "yes" if gain > KEEPS_MORE else "no"}
