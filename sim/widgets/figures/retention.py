"""Chapter 1: why retention pays.

Better and improving value keeps more customers. The figure shows how long
relationships last (the model's own Kaplan-Meier survival curve: the share
of relationships still going after each month of age), the cumulative
profit over time, the yearly churn rate r of established customers and
the expected lifetime read from the survival curve. Next to it stands the
lifetime 1 / r would give if every customer left at the established rate:
new customers leave far more often than established ones, so the survival
curve, not 1 / r, says how long a relationship lasts.
"""

from __future__ import annotations

from typing import Any

from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Reveal, Series, TableRow

PERIODS_PER_YEAR = 12
LONGEST_SHOWN = 50.0
"""Expected lifetimes above this many years are reported as "more than 50 years"."""


def spec() -> FigureSpec:
    """Return the retention figure: value vs survival of relationships, profit, lifetime."""
    return FigureSpec(
        name="retention",
        title="Why retention pays",
        controls=(
            c.scenario_control("supplier_value", c.even(0.3, 0.8, 6), 0.6),
            c.scenario_control("value_innovation", c.even(0.0, 1.0, 5), 0.5),
        ),
        panels=(
            Panel("survival", "line", "Share of relationships still going, by age",
                  series=(Series("survival", "Still going", PALETTE["blue"]),),
                  x="age", xlabel="Age of the relationship (months)",
                  ylabel="Share still going", percent=True, ymax=1.0),
            Panel("profit", "line", "Cumulative profit",
                  series=(Series("profit", "Cumulative profit", PALETTE["green"]),),
                  x="period", xlabel="Month", ylabel="Wallet units", ymin=None),
        ),
        sentence=(
            "{survival_year|pct} of relationships last a full year and {survival_end|pct} "
            "are still going after {periods} months. Established customers (past their first "
            "year) leave at r = {churn_year|pct1} a year; the survival curve gives an expected "
            "lifetime of {lifetime_text}. Cumulative profit: {profit|int} wallet units."
        ),
        table=(
            TableRow("Relationships still going after a year", "survival_year", "pct"),
            TableRow("Relationships still going at the end", "survival_end", "pct"),
            TableRow("Churn rate r of established customers per year", "churn_year", "pct1"),
            TableRow("Expected lifetime from the survival curve (years)", "lifetime", "f1"),
            TableRow("1 / r: lifetime if every customer left at rate r (years)",
                     "naive_lifetime", "f1"),
            TableRow("Cumulative profit (wallet units)", "profit", "int"),
            TableRow("Mean lifetime value per customer", "mean_clv", "f2"),
        ),
        axes={"period": c.PERIOD_AXIS, "age": c.PERIOD_AXIS},
        seeds=c.SEEDS,
        caption="The survival curve follows every relationship from its first purchase and "
                "counts those still going at the end as lasting at least their age so far "
                "(Kaplan-Meier). Profit is gross margin minus acquisition, bond and "
                "innovation costs, in wallet units (one wallet unit is an average customer's "
                "monthly spending in the category).",
        try_this="Try this: keep the offer at 0.6 and stop improving it (0). How much "
                 "shorter do relationships last, and what happens to profit?",
        reveal=Reveal(
            question="Predict: a supplier starts with a poor offer (0.4) but improves it "
                     "fast (1). Will at least half of its relationships last a full year?",
            values={"supplier_value": 0.4, "value_innovation": 1.0},
            predictions=(("yes", "Yes, at least half"), ("no", "No, fewer than half")),
            answer_key="half_stay",
            explain="{survival_year|pct} of its relationships last a year and "
                    "{survival_end|pct} are still going after {periods} months; the survival "
                    "curve gives an expected lifetime of {lifetime_text}.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: survival curve, profit path, churn and lifetime."""
    _, res = c.run(c.scenario_from(values), seed)
    curve = [survival_at(res, age) for age in c.PERIOD_AXIS]
    return {
        "s": {"survival": c.clean(curve), "profit": c.profit_series(res)},
        "n": {"survival_year": survival_at(res, PERIODS_PER_YEAR),
              "survival_end": survival_at(res, c.PERIODS),
              "churn_year": res.annual_churn,
              "lifetime_months": res.expected_lifetime,
              "profit": res.profit, "mean_clv": res.mean_clv, "periods": c.PERIODS},
    }


def survival_at(res: Any, age: int) -> float:
    """Share of relationships still going at ``age``: 0 once every one has ended.

    Why: the survival curve stops at the longest age observed; past it the
    share is 0 if the last relationship ended there, and unknown otherwise.
    """
    curve = res.survival.curve
    if age < len(curve):
        return float(curve[age])
    return 0.0 if float(curve[-1]) == 0.0 else float("nan")


def _years_text(years: float) -> str:
    if years != years or years > LONGEST_SHOWN:
        return f"more than {LONGEST_SHOWN:.0f} years (hardly anyone leaves)"
    return f"about {years:.1f} years"


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Expected lifetime in years (from the survival curve) and 1 / r, in numbers and words.

    Computed from the numbers averaged over seeds, so that the table's 1 / r
    is exactly the inverse of the table's r.
    """
    months = numbers.get("lifetime_months")
    lifetime = months / PERIODS_PER_YEAR if months is not None else float("nan")
    churn = numbers.get("churn_year") or 0.0
    naive = 1.0 / churn if churn > 0 else float("nan")
    half = "yes" if (numbers.get("survival_year") or 0.0) >= 0.5 else "no"
    return {"lifetime": lifetime, "lifetime_text": _years_text(lifetime),
            "naive_lifetime": naive, "half_stay": half}
