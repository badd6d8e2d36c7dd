"""Customers as Mesa agents: thin, read-only views onto the model's arrays.

The fast model keeps every customer's state in numpy arrays (see
:mod:`sim.population`). Each customer is nevertheless a real
:class:`mesa.Agent`, so ``model.agents``, ``select``, ``groupby`` and agent
reporters work as in any Mesa model; reading an attribute looks the value up
in the arrays. For the same model written as agents with their own ``step``
methods, read :mod:`sim.reference`.
"""

from __future__ import annotations

from typing import Any

import mesa

from sim.loyalty_types import loyalty_type_of
from sim.stages import PATTERNS, SOURCES, STAGES


class _State:
    """Descriptor reading one state column of this customer."""

    def __init__(self, column: str, doc: str) -> None:
        self.column = column
        self.__doc__ = doc

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        return agent.model.population.value(self.column, agent.index)


class Customer(mesa.Agent):
    """One customer of the supplier (a view onto the fast model's state).

    Args:
        model: The :class:`~sim.model.LoyaltyModel` holding the state.
        index: The customer's id in the model's arrays (order of arrival).
    """

    age = _State("age", "Relationship age in periods.")
    trust = _State("trust", "Trust in the supplier, 0-1.")
    satisfaction = _State("satisfaction", "Overall satisfaction of the last purchase.")
    basic_satisfaction = _State("basic_satisfaction", "Satisfaction of basic expectations.")
    latent_satisfaction = _State("latent_satisfaction", "Satisfaction of latent expectations.")
    perceived_value = _State("value", "Perceived value relative to the best alternative.")
    switching_cost = _State("switching", "Switching cost the customer faces, 0-1.")
    attitude = _State("attitude", "Attitudinal loyalty, 0-1.")
    repurchase = _State("repurchase", "Repurchase intention, 0-1.")
    cross_buy = _State("cross_buy", "Cross-buying intention, 0-1.")
    referral = _State("referral", "Referral intention, 0-1.")
    price_tolerance = _State("price_tolerance", "Price tolerance, 0-1.")
    share_of_wallet = _State("share", "Share of the customer's category spend won.")
    wallet = _State("wallet", "The customer's category spend per period (mean 1).")
    stability_time = _State("stability_time", "Periods spent in stability.")
    clv = _State("clv", "Discounted cash flow so far, before acquisition cost.")

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def stage(self) -> str:
        """Current lifecycle stage: exploration, formation, stability, decline or ended."""
        return STAGES[self.model.population.value("stage", self.index)]

    @property
    def furthest_stage(self) -> str:
        """The most advanced stage the relationship has reached."""
        return STAGES[self.model.population.value("furthest", self.index)]

    @property
    def pattern(self) -> str | None:
        """Lifecycle pattern "I"-"IV", or None while still undecided."""
        code = self.model.population.value("pattern", self.index)
        return PATTERNS[code - 1] if code else None

    @property
    def source(self) -> str:
        """How the customer arrived: initial, acquired or referred."""
        return SOURCES[self.model.population.value("source", self.index)]

    @property
    def loyalty_type(self) -> str:
        """The kind of loyalty the customer shows now (see :mod:`sim.loyalty_types`)."""
        return loyalty_type_of(self.model, self.index)

    def step(self) -> None:
        """Do nothing: the model updates all customers at once (see ``sim.reference``)."""

    def __repr__(self) -> str:
        return f"Customer({self.index}, stage={self.stage!r}, pattern={self.pattern!r})"
