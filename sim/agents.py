"""The model's agents: the supplier, its rivals, and customers.

The supplier and each rival are :class:`mesa.Agent` objects holding their
own decisions and value paths; a market in which several suppliers (student
teams, say) compete for one population is a matter of configuring more of
them. Customers are many, so the fast model keeps their state in numpy
arrays (see :mod:`sim.population`); each customer is nevertheless a real
:class:`mesa.Agent`, a thin read-only view onto those arrays, so
``model.agents``, ``select``, ``groupby`` and agent reporters work as in any
Mesa model. For the same model written as customer agents with their own
``step`` methods, read :mod:`sim.reference`.
"""

from __future__ import annotations

import itertools
import weakref
from typing import Any

import mesa

from sim import mechanisms as mech
from sim.loyalty_types import loyalty_type_of
from sim.scenario import Scenario
from sim.stages import EXIT_CAUSES, PATTERNS, SOURCES, STAGES


class _IdCounters(weakref.WeakKeyDictionary):
    """Mesa's per-model agent-id counters, without keeping finished models alive.

    Mesa 3.3 numbers agents with ``Agent._ids[model]``, a class-level
    ``defaultdict`` that holds every model that ever created an agent, so a
    sweep of thousands of runs keeps them all in memory (about 1.3 MB each).
    This drop-in replacement starts the same counter for a new model and
    forgets it when the model is gone.
    """

    def __getitem__(self, model: Any) -> Any:
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = self[model] = itertools.count(1)
            return counter


if not isinstance(mesa.Agent._ids, _IdCounters):
    mesa.Agent._ids = _IdCounters(mesa.Agent._ids)


class Supplier(mesa.Agent):
    """The supplier whose customer relationships the model follows.

    Its decisions are the scenario's supplier levers: the value it starts
    with, its innovation budget and how that budget is split between basic
    and latent needs, its price, its bonds and its win-back effort.

    Args:
        model: The model the supplier belongs to.
        scenario: Where the decisions come from.
    """

    def __init__(self, model: mesa.Model, scenario: Scenario) -> None:
        super().__init__(model)
        self.scenario = scenario
        self.price = scenario.price
        self.margin = mech.margin(scenario.price, scenario.unit_cost)

    def basic_value(self, t: int) -> float:
        """Basic value delivered in period ``t``."""
        sc = self.scenario
        return mech.basic_value(sc.supplier_value, sc.value_innovation, sc.latent_focus, t)

    def latent_value(self, t: int) -> float:
        """Latent value (share of latent needs met) in period ``t``."""
        sc = self.scenario
        return mech.latent_value(sc.latent_value, sc.value_innovation, sc.latent_focus,
                                 sc.structural_bond, t)

    def step(self) -> None:
        """Do nothing: the supplier's decisions are fixed for the run."""


class Rival(mesa.Agent):
    """A rival supplier: an alternative the customers can switch to.

    Rivals improve at the market's innovation pace, half of it on basics and
    half on latent needs, and copy the supplier's financial bond once
    ``imitation_lag`` periods have passed; they differ in their appeal (rank
    0 draws customers most) and in each customer's taste for them.

    Args:
        model: The model the rival belongs to.
        rank: 0 for the best rival, 1 for the next, ...
        scenario: Where the market's fields come from.
    """

    def __init__(self, model: mesa.Model, rank: int, scenario: Scenario) -> None:
        super().__init__(model)
        self.rank = rank
        self.scenario = scenario
        self.appeal = mech.rival_appeal(rank)
        self.start_value = mech.rival_start_value(scenario.competitor_value,
                                                  scenario.n_rivals, rank)

    def basic_value(self, t: int) -> float:
        """The rival's basic value in period ``t``."""
        return mech.rival_basic_value(self.start_value, self.scenario.market_innovation, t)

    def latent_value(self, t: int) -> float:
        """The rival's latent value (share of latent needs it meets) in period ``t``."""
        return mech.rival_latent_value(self.scenario.market_innovation, t)

    def incentive(self, t: int) -> float:
        """The incentives the rival offers in period ``t`` (copied financial bonds)."""
        sc = self.scenario
        return mech.rival_incentive(sc.financial_bond, sc.imitation_lag, t)

    def step(self) -> None:
        """Do nothing: the rival's path is fixed by the scenario."""


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
    orientation = _State("orientation", "Relational orientation, 0 transactional to 1.")
    unfairness = _State("unfairness", "Perceived unfairness of the split of gains.")
    commitment = _State("commitment", "How firmly the customer has decided to stay, 0-1.")
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
    def exit_cause(self) -> str:
        """Why the relationship ended ("" while it has not; see EXIT_CAUSES)."""
        return EXIT_CAUSES[self.model.population.value("exit_cause", self.index)]

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
