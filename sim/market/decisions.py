"""What a team decides each round, and the budget its investments must fit.

A team runs one supplier. Each round it sets its price and spreads an
investment budget over innovation (split between basic and latent needs) and
the three bonding levels. Every decision names the scenario field it sets, so
a round of the market game is the lifecycle model's own levers, chosen by
students instead of by the course's presets.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

from sim.market.messages import RefusalError
from sim.scenario import Scenario

DECISION_FIELDS = ("price", "value_innovation", "latent_focus", "financial_bond",
                   "social_bond", "structural_bond")
"""The scenario fields a team sets each round, in the order forms show them."""
INVESTMENTS = ("value_innovation", "financial_bond", "social_bond", "structural_bond")
"""The decisions that spend budget points: innovation and the three bonds."""
DEFAULT_BUDGET = 1.5
"""Budget points per round: innovation plus the three bonds may add up to this.

Each investment runs from 0 to 1, so with 1.5 points a team can go all in on
one or two and must choose; the model charges each at its per-customer cost
(``innovation_cost``, ``*_bond_cost``) on top, so the budget is about
attention and capability, the costs about money."""
LABELS = {
    "price": "Price (market = 1.00)",
    "value_innovation": "Innovation budget",
    "latent_focus": "Share of innovation on latent needs",
    "financial_bond": "Financial bond (discounts, points)",
    "social_bond": "Social bond (personal contact)",
    "structural_bond": "Structural bond (customised systems)",
}

HELP = {
    "price": "Above 1.00 earns more on every sale; customers weigh it against value, and "
             "mature customers judge whether the split of gains is fair.",
    "value_innovation": "How fast your offer improves each month; it costs money for every "
                        "customer you serve.",
    "latent_focus": "0: polish the basics customers already expect. 1: serve needs they did "
                    "not know they had (delight).",
    "financial_bond": "Discounts and points: they draw deal-seekers at once, and rivals can "
                      "offer the same.",
    "social_bond": "Personal contact: trust grows faster, and customers who value the "
                   "relationship find leaving harder.",
    "structural_bond": "Customised systems: value rivals cannot copy quickly, and a high "
                       "cost of leaving.",
}
"""One line per decision, shown under its slider on the team's page."""


class DecisionError(RefusalError, ValueError):
    """A team's decision that the game refuses, with a message a student can act on."""


@dataclass(frozen=True)
class Decisions:
    """One team's decisions for one round.

    Attributes:
        price: Price relative to the market price 1.0 (margin 1 - unit_cost / price).
        value_innovation: Innovation budget, 0-1.
        latent_focus: Share of the innovation budget spent on latent needs, 0-1.
        financial_bond: Level-1 bond (incentives, points), 0-1.
        social_bond: Level-2 bond (personal ties), 0-1.
        structural_bond: Level-3 bond (customised systems), 0-1.
    """

    price: float = 1.0
    value_innovation: float = 0.5
    latent_focus: float = 0.3
    financial_bond: float = 0.0
    social_bond: float = 0.0
    structural_bond: float = 0.0

    @property
    def spent(self) -> float:
        """Budget points the investments use."""
        return math.fsum(getattr(self, name) for name in INVESTMENTS)

    def to_dict(self) -> dict[str, float]:
        """Return the decisions as a plain dict (JSON-ready)."""
        return {name: getattr(self, name) for name in DECISION_FIELDS}

    @classmethod
    def parse(cls, data: Any, budget: float = DEFAULT_BUDGET) -> Decisions:
        """Check decisions sent by a team and return them, or refuse them clearly.

        Every field must be a number within the scenario field's range; missing
        fields are refused rather than defaulted (a form that lost a slider
        should not submit a default the team never chose); the investments must
        fit the budget.

        Raises:
            DecisionError: naming the field, the allowed range and the value given.
        """
        fields = ", ".join(DECISION_FIELDS)
        if not isinstance(data, dict):
            raise DecisionError("decisions must be an object with the fields {fields}; "
                                "got {got}", fields=fields, got=type(data).__name__)
        unknown = sorted(str(key) for key in data if key not in DECISION_FIELDS)
        if unknown:
            raise DecisionError("unknown decision {name!r}; the decisions are {fields}",
                                name=unknown[0][:40], fields=fields)
        values = {}
        for name in DECISION_FIELDS:
            spec = Scenario.spec(name)
            if name not in data:
                raise DecisionError("decision {name!r} is missing: it must be a number in "
                                    "[{low}, {high}]", name=name, low=spec.low, high=spec.high)
            value = data[name]
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
                    math.isfinite(value) and spec.low <= value <= spec.high):
                raise DecisionError("decision {name!r} must be a number in [{low}, {high}]; "
                                    "got {got!r}", name=name, low=spec.low, high=spec.high,
                                    got=str(value)[:40])
            values[name] = float(value)
        decisions = cls(**values)
        if decisions.spent > budget + 1e-9:
            raise DecisionError(
                "the investments (innovation {innovation:.2f}, financial {financial:.2f}, "
                "social {social:.2f}, structural {structural:.2f}) add up to {spent:.2f}; "
                "the budget allows at most {budget:.2f}",
                innovation=decisions.value_innovation, financial=decisions.financial_bond,
                social=decisions.social_bond, structural=decisions.structural_bond,
                spent=decisions.spent, budget=budget)
        return decisions
