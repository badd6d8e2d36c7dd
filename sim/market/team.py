"""One team's supplier and its customer relationships, inside the class market.

A team's book is the lifecycle model itself (:class:`sim.model.LoyaltyModel`),
configured for a market of several suppliers:

- its decisions change from round to round (:meth:`TeamBook.decide`), and its
  value grows by what each round's innovation added, not retroactively;
- its best rival is the strongest other team (:class:`TeamRival`), whose
  value, incentives and price the market sets each period;
- it wins no prospects of its own from marketing: the market hands it the
  prospects that chose it (:meth:`TeamBook.receive`), with the tastes that
  made them choose it, on top of those its own customers refer;
- it reports the customers who left it for a rival, who are back on the
  market for the other teams.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim import mechanisms as mech
from sim.agents import Supplier
from sim.market.choice import Offer
from sim.market.decisions import Decisions
from sim.model import LoyaltyModel
from sim.scenario import Scenario
from sim.stages import EXIT_CAUSES

_NONE = np.zeros(0)
SWITCHING_CAUSES = tuple(EXIT_CAUSES.index(name)
                         for name in ("dissatisfied", "value", "unfair"))
"""Exit causes of customers who still need the category and try another team.
Customers who left for outside reasons (moved away, need ended) leave the market;
prospects a supplier dropped as not worth developing would be dropped by any
other supplier too, so they do not come back either."""


class TeamSupplier(Supplier):
    """A team's supplier: its value grows by each round's innovation from where it stood.

    Args:
        model: The team's book.
        scenario: The team's scenario (its decisions are the supplier levers).
    """

    def __init__(self, model: mesa.Model, scenario: Scenario) -> None:
        super().__init__(model, scenario)
        self.since = 0  # the period the current decisions took effect
        self.basic_start = scenario.supplier_value
        self.latent_start = scenario.latent_value

    def decide(self, scenario: Scenario, t: int) -> None:
        """Take new decisions from period ``t`` on, keeping the value reached so far."""
        self.basic_start = self.basic_value(t)
        old = self.scenario
        self.latent_start = self.latent_value(t) - mech.STRUCTURAL_LATENT * old.structural_bond
        self.since = t
        self.scenario = scenario
        self.price = scenario.price
        self.margin = mech.margin(scenario.price, scenario.unit_cost)

    def basic_value(self, t: int) -> float:
        """Basic value delivered in period ``t``."""
        sc = self.scenario
        return mech.basic_value(self.basic_start, sc.value_innovation, sc.latent_focus,
                                t - self.since)

    def latent_value(self, t: int) -> float:
        """Latent value (share of latent needs met) in period ``t``."""
        sc = self.scenario
        return mech.latent_value(self.latent_start, sc.value_innovation, sc.latent_focus,
                                 sc.structural_bond, t - self.since)

    def offer(self, t: int) -> Offer:
        """What the supplier offers in period ``t``."""
        return Offer(self.basic_value(t), self.latent_value(t), self.scenario.financial_bond,
                     self.scenario.price)


class TeamRival(mesa.Agent):
    """The strongest other team, as this team's customers see it in a period.

    The market sets its offer each period (:meth:`TeamBook.face`); the book
    reads it the way the single-supplier model reads its best rival.
    """

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.team = ""
        self.basic = self.latent = self.incentive_value = 0.0

    def basic_value(self, t: int) -> float:
        """The rival team's basic value this period."""
        return self.basic

    def latent_value(self, t: int) -> float:
        """The rival team's latent value this period."""
        return self.latent

    def incentive(self, t: int) -> float:
        """The rival team's incentives and price, as one incentive (``rival_incentive``)."""
        return self.incentive_value


class TeamBook(LoyaltyModel):
    """One team's customers, with the lifecycle model's mechanisms and results.

    Args:
        scenario: The market's scenario with the team's first decisions and its
            share of the starting prospects (``n_customers``); ``acquisition_rate``
            must be 0, because the market hands out the prospects.
        seed: The team's seed (spawned from the market's).
        rivals: Number of other teams (0 in a one-team market, which then
            keeps the scenario's own rivals).
        gaps: The starting customers' taste gaps (see
            :func:`sim.market.choice.choose_suppliers`), one per customer;
            None in a one-team market.
    """

    def __init__(self, scenario: Scenario, seed: int, rivals: int,
                 gaps: np.ndarray | None = None) -> None:
        if scenario.acquisition_rate:
            raise ValueError("a team's book gets its prospects from the market: its "
                             "scenario's acquisition_rate must be 0")
        if rivals and (gaps is None or len(gaps) != scenario.n_customers):
            raise ValueError("a team's book in a market of several teams needs one taste "
                             "gap per starting customer")
        self.team_rivals = rivals
        self.incoming = gaps if rivals else None  # handed to the first _arrive
        super().__init__(scenario.replace(n_rivals=min(rivals, 4)) if rivals else scenario,
                         seed, create_agents=False)
        # The stock supplier makes way for the team's; the stock rivals for the
        # other teams (a market of one team keeps them).
        self.supplier.remove()
        self.supplier = TeamSupplier(self, self.scenario)
        if rivals:
            for rival in self.rivals:
                rival.remove()
            self.rivals = [TeamRival(self)]
        self.incoming = _NONE  # taste gaps of the prospects the market hands over
        self.switchers = 0  # customers who left for a rival this period

    def decide(self, decisions: Decisions, t: int) -> None:
        """Apply a round's decisions from period ``t``: price, innovation, bonds.

        What depends on the levers is refreshed: the supplier's value paths
        and margin, the cost of serving a customer, switching costs by age
        (the structural bond), and the personal ties existing customers feel
        (the social bond).
        """
        sc = self.scenario = self.scenario.replace(**decisions.to_dict())
        self.supplier.decide(sc, t)
        self._cost = mech.serving_cost(
            sc.social_bond, sc.social_bond_cost, sc.structural_bond, sc.structural_bond_cost,
            sc.value_innovation, sc.innovation_cost)
        self._age_tables = self._tables_by_age(len(self._age_tables["discount"]))
        state = self.population.state
        state["social_switching"][:] = mech.social_switching_cost(sc.social_bond,
                                                                  state["orientation"])

    def face(self, team: str, offer: Offer, incentive: float) -> None:
        """Set the strongest other team's offer for the coming period."""
        rival = self.rivals[0]
        if isinstance(rival, TeamRival):
            rival.team = team
            rival.basic, rival.latent, rival.incentive_value = offer.basic, offer.latent, incentive

    def receive(self, gaps: np.ndarray) -> None:
        """Hand the book the prospects that chose this team for the coming period.

        Args:
            gaps: One taste gap per prospect (see :func:`sim.market.choice.choose_suppliers`).
        """
        self.incoming = gaps

    def step(self) -> None:
        """One period: the market's prospects arrive, then the model's period runs."""
        self.switchers = 0
        super().step()

    def _arrive_new_prospects(self) -> None:
        """Prospects from the market, and those this team's own customers referred."""
        sc = self.scenario
        _, referred = self.rng.poisson(mech.expected_new_prospects(
            0.0, sc.n_customers, sc.referral_strength, self._referral_sum))
        count = len(self.incoming) + int(referred)
        if count:
            self._arrive(count, source=1, referred=int(referred))
        self.incoming = _NONE

    def _arrive(self, count: int, source: int, referred: int = 0) -> None:
        """Add prospects as the model does, with their tastes for this team and its rivals.

        The model gives a customer a taste for each rival and keeps the pull of
        the best-suited one; its supplier gets none, because it is the
        reference the rivals are measured against. Among teams no supplier is
        the reference: a prospect chose this team partly by taste, and that
        taste offsets the rivals' pull (the gap the market drew). A referred
        prospect came on a customer's word, not by comparing, so its tastes
        are drawn afresh and it need not like this team best.
        """
        super()._arrive(count, source, referred)
        if self.team_rivals:
            tastes = self.rng.standard_normal((referred, self.team_rivals + 1))
            referred_gaps = mech.TASTE_SPREAD * (tastes[:, 1:].max(axis=1) - tastes[:, 0])
            self.population.state["best_taste"][-count:] = np.concatenate(
                [self.incoming, referred_gaps])

    def _end(self, s: dict[str, np.ndarray], ended: np.ndarray, *args: Any) -> None:
        """Close relationships as the model does, and count those who went to a rival."""
        super()._end(s, ended, *args)
        self.switchers += int(np.isin(s["exit_cause"][ended], SWITCHING_CAUSES).sum())

