"""Chapter 4: the satisfaction trap.

Investment in basic value and in latent value (delight) against loyalty:
loyalty rises with basic satisfaction only up to about the average level
(concave), and with latent satisfaction ever faster (convex): stylized
fact 5. The two response curves are read off the grid through the current
point.
"""

from __future__ import annotations

from typing import Any

from sim.mechanisms import AVERAGE_LOYALTY
from sim.widgets.figures import common as c
from sim.widgets.spec import PALETTE, FigureSpec, Panel, Series, TableRow


def spec() -> FigureSpec:
    """Return the satisfaction-trap figure: basic vs latent investment vs loyalty."""
    loyalty = (Series("loyalty", "Loyalty (attitude)", PALETTE["blue"]),
               Series("average", "Average loyalty", PALETTE["grey"], dash=True))
    return FigureSpec(
        name="satisfaction_trap",
        title="The satisfaction trap: polishing the basics vs serving latent needs",
        controls=(
            c.scenario_control("supplier_value", (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), 0.8),
            c.scenario_control("latent_value", (0.0, 0.2, 0.4, 0.6, 0.8, 1.0), 0.0),
        ),
        panels=(
            Panel("basic", "slice", "Loyalty vs basic value", series=loyalty,
                  x="supplier_value", xlabel="Basic value delivered", ylabel="Loyalty",
                  ymax=1.0),
            Panel("latent", "slice", "Loyalty vs latent value (delight)", series=loyalty,
                  x="latent_value", xlabel="Latent value delivered", ylabel="Loyalty",
                  ymax=1.0),
            Panel("sat", "bar", "Active customers at the end",
                  series=(Series("means", "Mean", PALETTE["purple"]),),
                  categories=("Basic satisfaction", "Latent satisfaction", "Loyalty",
                              "Repurchase intention"), ymax=1.0),
        ),
        sentence=(
            "Basic satisfaction is {basic_satisfaction|f2} and latent satisfaction "
            "{latent_satisfaction|f2}; loyalty is {loyalty|f3} (average loyalty is "
            "{average|f2}). Raising basic value further barely moves loyalty once the "
            "basics are met; raising latent value moves it more and more."
        ),
        table=(
            TableRow("Basic satisfaction", "basic_satisfaction", "f2"),
            TableRow("Latent satisfaction", "latent_satisfaction", "f2"),
            TableRow("Loyalty (attitude)", "loyalty", "f3"),
            TableRow("Repurchase intention", "repurchase", "f2"),
            TableRow("Long-term relationships (IV)", "p_IV", "pct"),
        ),
        seeds=c.SEEDS,
        caption="Loyalty is the mean attitudinal loyalty of customers still active after "
                "60 periods; the diamond marks the current setting.",
    )


def compute(values: dict[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    """Run the model once: satisfaction, loyalty and repurchase of active customers."""
    model, res = c.run(c.scenario_from(values), seed)
    means = c.active_means(model, ("basic_satisfaction", "latent_satisfaction", "attitude",
                                   "repurchase"))
    numbers = {
        "basic_satisfaction": means["basic_satisfaction"],
        "latent_satisfaction": means["latent_satisfaction"],
        "loyalty": means["attitude"],
        "repurchase": means["repurchase"],
        "average": AVERAGE_LOYALTY,
        "p_IV": res.pattern_shares["IV"],
    }
    series = {"means": [numbers["basic_satisfaction"], numbers["latent_satisfaction"],
                        numbers["loyalty"], numbers["repurchase"]]}
    return {"s": series, "n": numbers}
