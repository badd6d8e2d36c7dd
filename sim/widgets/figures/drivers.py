"""Chapter 5: what drives loyalty.

Perceived value, satisfaction (through delight), trust (through social
bonds) and switching costs against the four loyalty measures and the mix of
loyalty types. Switching costs raise repurchase intention and price
tolerance but leave cross-buying and referral unchanged (stylized fact 6):
the response curves along the switching-cost axis show it.
"""

from __future__ import annotations

from typing import Any

from sim.loyalty_types import LOYALTY_TYPES
from sim.results import MEASURES
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Reveal, Series, TableRow

MEASURE_LABELS = {"repurchase": "Repurchase", "cross_buy": "Cross-buying",
                  "referral": "Referral", "price_tolerance": "Price tolerance"}
MEASURE_COLORS = {"repurchase": PALETTE["blue"], "cross_buy": PALETTE["orange"],
                  "referral": PALETTE["green"], "price_tolerance": PALETTE["purple"]}
START = {"supplier_value": 0.6, "latent_value": 0.2, "social_bond": 0.0, "switching_cost": 0.25}
DEFAULTS = dict(START)
"""The grey comparison bars: a middling supplier (the starting settings)."""


def spec() -> FigureSpec:
    """Return the drivers figure: determinants vs loyalty measures and types."""
    return FigureSpec(
        name="drivers",
        title="What drives loyalty: four determinants, four measures",
        controls=(
            c.scenario_control("supplier_value", c.even(0.4, 0.8, 5), START["supplier_value"]),
            c.scenario_control("latent_value", c.even(0.0, 0.8, 5), START["latent_value"]),
            c.scenario_control("social_bond", c.even(0.0, 1.0, 5), START["social_bond"]),
            c.scenario_control("switching_cost", c.even(0.0, 1.0, 5), START["switching_cost"]),
        ),
        panels=(
            Panel("measures", "bar", "The four loyalty measures (active customers)",
                  series=(Series("measures", "These settings", PALETTE["blue"]),
                          Series("measures_base", "Default scenario", PALETTE["grey"])),
                  categories=tuple(MEASURE_LABELS.values()), ymax=1.0),
            Panel("switching", "slice", "Measures as leaving gets costlier",
                  series=tuple(Series(m, MEASURE_LABELS[m], MEASURE_COLORS[m],
                                      dash=m in ("cross_buy", "referral")) for m in MEASURES),
                  x="switching_cost", xlabel="What it costs a customer to leave",
                  ylabel="Mean intention",
                  ymax=1.0),
            Panel("types", "bar", "Loyalty types among active customers",
                  series=(Series("types", "Share of active customers", PALETTE["green"]),),
                  categories=LOYALTY_TYPES, percent=True, ymax=1.0, horizontal=True),
        ),
        sentence=(
            "Repurchase intention {repurchase|f2}, cross-buying {cross_buy|f2}, referral "
            "{referral|f2}, price tolerance {price_tolerance|f2}. {t_super-value|pct} of "
            "active customers show super-value (trust) loyalty and {spurious|pct} a "
            "spurious kind (price, incentive, monopoly, kinship or inertia)."
        ),
        table=(
            *(TableRow(MEASURE_LABELS[m], m, "f2") for m in MEASURES),
            *(TableRow(f"Loyalty type: {t}", f"t_{t}", "pct") for t in LOYALTY_TYPES),
        ),
        seeds=c.ONE_SEED,
        caption="Measures are means over customers still active after 60 months. The "
                "grey bars repeat a middling supplier (the starting settings) for comparison.",
        try_this="Try this: move only the cost of leaving from 0 to 1 and watch which "
                 "lines of the middle chart rise and which stay flat.",
        reveal=Reveal(
            question="Predict: the supplier makes leaving very costly (1) and changes "
                     "nothing else. Will its customers recommend it more?",
            values={**START, "switching_cost": 1.0},
            predictions=(("yes", "Yes, they recommend it more"),
                         ("no", "No, recommendations stay about the same")),
            answer_key="referral_up",
            explain="Repurchase intention went from {repurchase_base|f2} to {repurchase|f2} and "
                    "price tolerance from {price_tolerance_base|f2} to {price_tolerance|f2}, "
                    "but referral only from {referral_base|f2} to {referral|f2}: locked-in "
                    "customers keep buying without recommending.",
        ),
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once (plus the cached default) for measures and type mix."""
    _, res = c.run(c.scenario_from(values), seed)
    base = c.baseline(c.scenario_from(DEFAULTS), seed)
    types = res.loyalty_types
    spurious = sum(types[t] for t in ("price", "incentive", "monopoly", "kinship", "inertia"))
    numbers = {m: res.loyalty[m] for m in MEASURES}
    numbers.update({f"t_{t}": types[t] for t in LOYALTY_TYPES})
    numbers["spurious"] = spurious
    numbers.update({f"{m}_base": base.loyalty[m] for m in MEASURES})
    return {
        "s": {"measures": [res.loyalty[m] for m in MEASURES],
              "measures_base": [base.loyalty[m] for m in MEASURES],
              "types": [types[t] for t in LOYALTY_TYPES]},
        "n": numbers,
    }


MORE = 0.03
"""Referral intention this much above the comparison counts as "more"."""


def describe(numbers: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """Whether customers recommend the supplier more than in the comparison."""
    gain = (numbers.get("referral") or 0.0) - (numbers.get("referral_base") or 0.0)
    return {"referral_up": "yes" if gain > MORE else "no"}
