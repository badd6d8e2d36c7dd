"""The lifecycle model written the plain Mesa way: one agent, one ``step``.

This is the version to read first. Each :class:`ReferenceCustomer` is a
:class:`mesa.Agent` holding its own state as ordinary attributes; every
period the model asks each active customer to ``step``: compare the
purchase with its expectations, update trust, weigh value, fairness and
switching costs, form its loyalty intentions, and then perhaps move to
another stage. The equations are the very functions of
:mod:`sim.mechanisms` that the fast :class:`sim.model.LoyaltyModel` applies
to whole arrays at once.

The two models draw their random numbers in a different order, so they do
not agree run by run; they agree in distribution, which the tests check.
The reference is about 30 to 100 times slower: use it to read and to check,
use :class:`sim.model.LoyaltyModel` to teach and to grade.
"""

from __future__ import annotations

import math
from typing import Any

import mesa

from sim import mechanisms as mech
from sim.scenario import Scenario, check_known_fields
from sim.stages import DECLINE, ENDED, EXPLORATION, FORMATION, PATTERNS, STABILITY, STAGES

_SQRT3 = math.sqrt(3.0)


class ReferenceCustomer(mesa.Agent):
    """One customer, with its state as plain attributes.

    Args:
        model: The :class:`ReferenceModel` the customer belongs to.
        initial_expectation: The basic expectation the customer starts with.
        wallet: The customer's category spend per period.
    """

    def __init__(self, model: ReferenceModel, initial_expectation: float, wallet: float) -> None:
        super().__init__(model)
        self.initial_expectation = initial_expectation
        self.wallet = wallet
        self.stage = EXPLORATION
        self.previous = EXPLORATION
        self.furthest = EXPLORATION
        self.pattern = 0
        self.age = 0
        self.stability_time = 0
        self.trust = mech.INITIAL_TRUST
        self.share = 0.0
        self.repurchase = self.cross_buy = self.referral = self.price_tolerance = 0.0
        self.clv = 0.0

    @property
    def active(self) -> bool:
        """True while the relationship has not ended."""
        return self.stage != ENDED

    def step(self) -> None:
        """Live one period: buy, judge, update loyalty, maybe move stage."""
        if not self.active:
            return
        model = self.model
        sc = model.scenario
        sat = self.judge_purchase(model.v_basic, model.v_latent)
        self.trust = mech.trust_update(self.trust, sat, sc.social_bond)
        value = mech.perceived_value(model.v_basic, model.v_rival, sc.financial_bond)
        self.form_intentions(sat, value)
        self.buy()
        self.move(value)

    def judge_purchase(self, v_basic: float, v_latent: float) -> float:
        """Compare this period's purchase with basic and latent expectations."""
        sc = self.model.scenario
        quality = mech.QUALITY_NOISE * _SQRT3 * (2.0 * self.model.rng.random() - 1.0)
        e_basic = mech.basic_expectation(self.initial_expectation, sc.expectation_growth,
                                         self.age)
        e_latent = mech.latent_expectation(sc.expectation_growth, self.age)
        s_basic = mech.basic_satisfaction(v_basic + quality, e_basic)
        s_latent = mech.latent_satisfaction(v_latent, e_latent)
        return mech.satisfaction(s_basic, s_latent)

    def form_intentions(self, sat: float, value: float) -> None:
        """Turn satisfaction, trust, value, fairness and lock-in into the four measures."""
        sc = self.model.scenario
        unfair = mech.fairness_penalty(sc.fairness, self.stage)
        switching = mech.switching_cost(sc.switching_cost, float(self.age), sc.social_bond,
                                        sc.structural_bond)
        att = mech.attitude(sat, self.trust, value, unfair)
        self.repurchase = mech.repurchase_intention(att, switching)
        self.price_tolerance = mech.price_tolerance(att, value, switching)
        self.cross_buy = mech.cross_buy_intention(att, self.trust)
        self.referral = mech.referral_intention(att, sat, self.trust)

    def buy(self) -> None:
        """Adjust share of wallet, then pay the supplier for this period."""
        model = self.model
        sc = model.scenario
        self.share = mech.share_of_wallet_update(self.share, self.stage, self.repurchase)
        rev = mech.revenue(self.wallet, self.share, self.cross_buy, self.price_tolerance,
                           sc.financial_bond, sc.financial_bond_cost)
        cash = mech.cash_flow(rev, sc.margin, model.bond_cost)
        self.clv += cash * mech.discount_factor(model.period_rate, float(self.age))
        model.profit += cash
        model.referral_sum += self.referral

    def move(self, value: float) -> None:
        """Move up, down or stay, and settle the lifecycle pattern."""
        sc = self.model.scenario
        commit = mech.commitment(self.repurchase)
        down = mech.pull_away_chance(commit, self.stage)
        up = mech.advance_chance(commit, self.stage, self.trust, value)
        draw = self.model.rng.random()
        dropped = (self.age == 0 and self.stage == EXPLORATION
                   and not mech.worth_developing(self.wallet, sc.development_threshold))
        if self.stage == STABILITY:
            self.stability_time += 1
        self.age += 1
        if draw < down or dropped:
            self.move_down()
        elif draw < down + up:
            self.move_up()
        if self.pattern == 0 and self.stability_time >= sc.long_term_threshold:
            self.pattern = 4

    def move_down(self) -> None:
        """End the relationship (exploration, decline) or start declining."""
        if self.stage in (EXPLORATION, DECLINE):
            self.stage = ENDED
            if self.pattern == 0:
                self.pattern = self.furthest + 1
        else:
            self.previous, self.stage = self.stage, DECLINE

    def move_up(self) -> None:
        """Advance one stage, or recover from decline to where it was."""
        if self.stage == DECLINE:
            self.stage = self.previous
        elif self.stage in (EXPLORATION, FORMATION):
            self.stage += 1
            self.furthest = max(self.furthest, self.stage)


class ReferenceModel(mesa.Model):
    """The per-agent reference version of :class:`sim.model.LoyaltyModel`.

    Args:
        scenario: The parameters; defaults to ``Scenario()``.
        seed: Seed of the random number generator.
        **fields: Scenario fields overriding ``scenario``.
    """

    def __init__(self, scenario: Scenario | None = None, seed: int | None = None,
                 **fields: Any) -> None:
        check_known_fields(fields)
        super().__init__(rng=seed)
        self.scenario = (scenario or Scenario()).replace(**fields)
        sc = self.scenario
        self.period_rate = mech.period_discount_rate(sc.discount_rate, sc.periods_per_year)
        self.bond_cost = mech.bond_cost_per_customer(
            sc.social_bond, sc.social_bond_cost, sc.structural_bond, sc.structural_bond_cost)
        self.profit = 0.0
        self.referral_sum = 0.0
        self.v_basic = self.v_latent = self.v_rival = 0.0
        self.add_prospects(sc.n_customers)

    def add_prospects(self, count: int) -> None:
        """Create ``count`` new customers in exploration."""
        sc = self.scenario
        for _ in range(count):
            initial = sc.initial_expectation + sc.expectation_spread * _SQRT3 * (
                2.0 * self.rng.random() - 1.0)
            wallet = math.exp(0.6 * self.rng.standard_normal() - 0.18)
            ReferenceCustomer(self, initial, wallet)
        self.profit -= sc.acquisition_cost * count

    def step(self) -> None:
        """One period: arrivals, then every active customer steps."""
        sc = self.scenario
        t = self.steps - 1
        if t > 0:
            acquired, referred = mech.expected_new_prospects(
                sc.acquisition_rate, sc.n_customers, sc.referral_strength, self.referral_sum)
            arrivals = self.rng.poisson(acquired) + self.rng.poisson(referred)
            self.add_prospects(int(arrivals))
        self.referral_sum = 0.0
        self.v_basic = mech.basic_value(sc.supplier_value, sc.value_innovation, t)
        self.v_latent = mech.latent_value(sc.latent_value, sc.value_innovation,
                                          sc.structural_bond, t)
        self.v_rival = mech.rival_value(sc.competitor_value, sc.market_innovation,
                                        sc.financial_bond, sc.imitation_lag, t)
        self.agents.do("step")

    def run(self) -> dict[str, Any]:
        """Run all periods and return a small summary for comparison."""
        while self.steps < self.scenario.periods:
            self.step()
        return self.summary()

    def summary(self) -> dict[str, Any]:
        """Pattern shares, stage counts and mean intentions of active customers."""
        customers = list(self.agents)
        counts = [sum(1 for c in customers if c.pattern == k) for k in range(1, 5)]
        resolved = sum(counts)
        active = [c for c in customers if c.active]
        n_active = max(len(active), 1)
        return {
            "pattern_shares": {p: (n / resolved if resolved else 0.0)
                               for p, n in zip(PATTERNS, counts, strict=True)},
            "unresolved": len(customers) - resolved,
            "stages": {name: sum(1 for c in customers if c.stage == code)
                       for code, name in enumerate(STAGES)},
            "loyalty": {m: sum(getattr(c, m) for c in active) / n_active
                        for m in ("repurchase", "cross_buy", "referral", "price_tolerance")},
            "profit": self.profit,
            "customers": len(customers),
        }
