"""The lifecycle model written the plain Mesa way: one agent, one ``step``.

This is the version to read first. Each :class:`ReferenceCustomer` is a
:class:`mesa.Agent` holding its own state as ordinary attributes; every
period the model asks each active customer to ``step``: compare the
purchase with its expectations, update trust, weigh the supplier's offer
against the best rival and the fairness of the split, feel its switching
costs, form its loyalty intentions, buy, and then perhaps move to another
stage. In decline the supplier (a :class:`~sim.agents.Supplier` agent)
decides whether the customer is worth a win-back offer. The equations are
the very functions of :mod:`sim.mechanisms` that the fast
:class:`sim.model.LoyaltyModel` applies to whole arrays at once, and the
customers' traits are drawn by the same :func:`sim.model.draw_traits`.

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
from sim.agents import Rival, Supplier
from sim.model import draw_traits
from sim.scenario import Scenario, check_known_fields
from sim.stages import DECLINE, ENDED, EXPLORATION, FORMATION, PATTERNS, STABILITY, STAGES

_SQRT3 = math.sqrt(3.0)


class ReferenceCustomer(mesa.Agent):
    """One customer, with its state as plain attributes.

    Args:
        model: The :class:`ReferenceModel` the customer belongs to.
        traits: What the customer brings with it (see
            :func:`sim.model.draw_traits`): expectations, wallet, orientation,
            sensitivities and its taste for each rival.
    """

    def __init__(self, model: ReferenceModel, traits: dict[str, float]) -> None:
        super().__init__(model)
        for name, value in traits.items():
            setattr(self, name, value)
        self.stage = EXPLORATION
        self.previous = EXPLORATION
        self.furthest = EXPLORATION
        self.pattern = 0
        self.age = 0
        self.stability_time = 0
        self.experience = 0.0
        self.trust = mech.INITIAL_TRUST
        self.share = 0.0
        self.winback = 0  # 0 undecided, 1 offered, 2 let go
        self.repurchase = self.cross_buy = self.referral = self.price_tolerance = 0.0
        self.commitment = self.held = self.value = self.incentive_pull = 0.0
        self.clv = 0.0

    @property
    def active(self) -> bool:
        """True while the relationship has not ended."""
        return self.stage != ENDED

    def step(self) -> None:
        """Live one period: buy, judge, update loyalty, maybe move stage."""
        if not self.active:
            return
        sat, latent_sat, e_basic, e_latent = self.judge_purchase()
        self.trust = mech.trust_update(self.trust, sat, self.model.scenario.social_bond)
        self.weigh_offer(latent_sat, e_basic, e_latent)
        self.form_intentions(sat)
        self.buy()
        self.experience = mech.experience_update(self.experience, self.stage)
        self.move()

    def judge_purchase(self) -> tuple[float, float, float, float]:
        """Compare this period's purchase with basic and latent expectations.

        Returns the satisfaction, the latent satisfaction and the two
        expectations it was judged against.
        """
        model = self.model
        sc = model.scenario
        quality = mech.QUALITY_NOISE * _SQRT3 * (2.0 * model.rng.random() - 1.0)
        e_basic = mech.comparison_level(
            mech.basic_expectation(self.initial_expectation, sc.expectation_growth,
                                   self.experience), model.v_rival_basic,
            sc.initial_expectation)
        e_latent = mech.comparison_level(
            mech.latent_expectation(self.latent_offset, sc.expectation_growth, self.experience),
            model.v_rival_latent, 0.0)
        s_basic = mech.basic_satisfaction(model.v_basic + quality, e_basic)
        latent_sat = mech.latent_satisfaction(model.v_latent, e_latent)
        return mech.satisfaction(s_basic, latent_sat), latent_sat, e_basic, e_latent

    def weigh_offer(self, latent_sat: float, e_basic: float, e_latent: float) -> None:
        """Compare the whole offer with the best rival, and judge the split of gains."""
        model = self.model
        sc = model.scenario
        advantage = mech.basic_advantage(model.v_basic, e_basic)
        appeal = mech.incentive_appeal(model.incentive, self.orientation)
        rival_appeal = mech.incentive_appeal(model.v_rival_incentive, self.orientation)
        self.incentive_pull = appeal - rival_appeal  # concentrates purchases (buy())
        offer = mech.offer_value(advantage, latent_sat, appeal, sc.price,
                                 self.price_sensitivity, self.price_tolerance)
        rival = mech.alternative_value(
            mech.basic_advantage(model.v_rival_basic, e_basic),
            mech.latent_satisfaction(model.v_rival_latent, e_latent), rival_appeal,
            self.best_taste)
        self.value = mech.perceived_value(offer, rival)
        gain = mech.customer_gain(advantage, latent_sat, sc.price)
        self.unfairness = mech.unfairness(mech.supplier_share(model.supplier.margin, gain),
                                          self.fair_share, self.stage, self.orientation)

    def form_intentions(self, sat: float) -> None:
        """Turn satisfaction, trust, value, fairness and lock-in into the four measures."""
        sc = self.model.scenario
        switching = mech.switching_cost(
            mech.economic_switching_cost(sc.switching_cost, float(self.age),
                                         sc.structural_bond),
            mech.social_switching_cost(sc.social_bond, self.orientation))
        att = mech.attitude(sat, self.trust, self.value, self.unfairness, self.stage,
                             self.orientation)
        self.held = mech.hold(switching, self.switching_sensitivity)
        self.repurchase = mech.repurchase_intention(att, self.held)
        self.price_tolerance = mech.price_tolerance(att, self.value, self.held)
        self.cross_buy = mech.cross_buy_intention(att, self.trust, self.stage)
        self.referral = mech.referral_intention(att, sat, self.trust, self.stage)
        self.commitment = mech.commitment(att)

    def buy(self) -> None:
        """Adjust share of wallet, then pay the supplier for this period."""
        model = self.model
        sc = model.scenario
        self.share = mech.share_of_wallet_update(self.share, self.stage, self.repurchase,
                                                 self.incentive_pull)
        rev = mech.revenue(self.wallet, self.share, self.cross_buy, sc.financial_bond,
                           sc.financial_bond_cost)
        cash = mech.cash_flow(rev, model.supplier.margin, model.cost)
        self.clv += cash * mech.discount_factor(model.period_rate, float(self.age))
        model.profit += cash
        model.revenue += rev
        model.referral_sum += self.referral

    def move(self) -> None:
        """Move up, down or stay (one draw), and settle the lifecycle pattern."""
        sc = self.model.scenario
        outside = mech.background_exit(sc.background_churn, self.held)
        down = mech.pull_away_chance(self.commitment, self.held, self.stage)
        up = mech.advance_chance(self.commitment, self.stage, self.trust, self.value)
        if self.stage == DECLINE:
            up += mech.winback_chance(self.winback == 1, sc.winback_effort, self.commitment)
        draw = self.model.rng.random()
        dropped = (self.age == 0 and self.stage == EXPLORATION
                   and not mech.worth_developing(self.wallet, sc.development_threshold))
        if self.stage == STABILITY:
            self.stability_time += 1
        self.age += 1
        if draw < outside:
            self.end()
        elif draw < outside + down or dropped:
            self.move_down()
        elif draw < outside + down + up:
            self.move_up()
        if self.pattern == 0 and self.stability_time >= sc.long_term_threshold:
            self.pattern = 4

    def move_down(self) -> None:
        """End the relationship (exploration, decline) or start declining."""
        if self.stage in (EXPLORATION, DECLINE):
            self.end()
        else:
            self.previous, self.stage = self.stage, DECLINE
            self.winback = self.model.supplier_decides(self)

    def move_up(self) -> None:
        """Advance one stage, or come back from decline to where it was."""
        if self.stage == DECLINE:
            self.stage = self.previous
            self.winback = 0
            self.trust = mech.recovered_trust(self.trust, self.model.scenario.winback_effort)
            self.model.winbacks["won_back"] += 1
        elif self.stage in (EXPLORATION, FORMATION):
            self.stage += 1
            self.furthest = max(self.furthest, self.stage)

    def end(self) -> None:
        """End the relationship and settle its pattern by the furthest stage reached."""
        self.stage = ENDED
        if self.pattern == 0:
            self.pattern = self.furthest + 1


class ReferenceModel(mesa.Model):
    """The per-agent reference version of :class:`sim.model.LoyaltyModel`.

    Args:
        scenario: The parameters; defaults to ``Scenario()``.
        seed: Seed of the random number generator.
        **kwargs: Scenario fields overriding ``scenario``.
    """

    def __init__(self, scenario: Scenario | None = None, seed: int | None = None,
                 **kwargs: Any) -> None:
        check_known_fields(kwargs)
        super().__init__(rng=seed)
        self.scenario = (scenario or Scenario()).replace(**kwargs)
        sc = self.scenario
        self.supplier = Supplier(self, sc)
        self.rivals = [Rival(self, rank, sc) for rank in range(sc.n_rivals)]
        self.period_rate = mech.period_discount_rate(sc.discount_rate, sc.periods_per_year)
        self.cost = mech.serving_cost(sc.social_bond, sc.social_bond_cost, sc.structural_bond,
                                      sc.structural_bond_cost, sc.value_innovation,
                                      sc.innovation_cost)
        self.profit = 0.0
        self.revenue = 0.0
        self.referral_sum = 0.0
        self.winbacks = {"offered": 0, "let_go": 0, "won_back": 0}
        self.v_basic = self.v_latent = self.v_rival_latent = self.v_rival_incentive = 0.0
        self.v_rival_basic = 0.0
        self.incentive = mech.FINANCIAL_VALUE * sc.financial_bond

        self.add_prospects(sc.n_customers)
        self.stage_history = [self.stage_counts()]

    @property
    def customers(self) -> list[ReferenceCustomer]:
        """The customer agents, in order of arrival."""
        return list(self.agents_by_type.get(ReferenceCustomer, []))

    def add_prospects(self, count: int) -> None:
        """Create ``count`` new customers in exploration, paying their acquisition cost."""
        traits = draw_traits(self.rng, self.scenario, count)
        for i in range(count):
            ReferenceCustomer(self, {name: float(values[i]) for name, values in traits.items()})
        self.profit -= self.scenario.acquisition_cost * count

    def supplier_decides(self, customer: ReferenceCustomer) -> int:
        """The supplier's win-back decision on a customer entering decline (1 offer, 2 not)."""
        sc = self.scenario
        worth = sc.winback_effort > 0 and bool(mech.winback_worth(
            self.supplier.margin, customer.wallet, sc.winback_effort, customer.commitment,
            sc.winback_cost))
        if not worth:
            self.winbacks["let_go"] += 1
            return 2
        cost = sc.winback_cost * sc.winback_effort
        self.profit -= cost
        customer.clv -= cost * mech.discount_factor(self.period_rate, float(customer.age))
        self.winbacks["offered"] += 1
        return 1

    def step(self) -> None:
        """One period: arrivals, then every active customer steps."""
        sc = self.scenario
        t = self.steps - 1
        if t > 0:
            acquired, referred = mech.expected_new_prospects(
                sc.acquisition_rate, sc.n_customers, sc.referral_strength, self.referral_sum)
            self.add_prospects(int(self.rng.poisson(acquired) + self.rng.poisson(referred)))
        self.referral_sum = 0.0
        self.v_basic = self.supplier.basic_value(t)
        self.v_latent = self.supplier.latent_value(t)
        self.v_rival_basic = self.rivals[0].basic_value(t)
        self.v_rival_latent = self.rivals[0].latent_value(t)
        self.v_rival_incentive = self.rivals[0].incentive(t)

        for customer in self.customers:
            customer.step()
        self.stage_history.append(self.stage_counts())

    def stage_counts(self) -> dict[str, int]:
        """Customers in each stage now (ended included)."""
        counts = dict.fromkeys(STAGES, 0)
        for customer in self.customers:
            counts[STAGES[customer.stage]] += 1
        return counts

    def run(self) -> dict[str, Any]:
        """Run all periods and return a small summary for comparison."""
        while self.steps < self.scenario.periods:
            self.step()
        return self.summary()

    def summary(self) -> dict[str, Any]:
        """Pattern shares, stage counts, loyalty of active customers, money."""
        customers = self.customers
        counts = [sum(1 for c in customers if c.pattern == k) for k in range(1, 5)]
        resolved = sum(counts)
        active = [c for c in customers if c.active]
        n_active = max(len(active), 1)
        return {
            "pattern_shares": {p: (n / resolved if resolved else 0.0)
                               for p, n in zip(PATTERNS, counts, strict=True)},
            "unresolved": len(customers) - resolved,
            "stages": dict(self.stage_history[-1]),
            "stage_history": [dict(row) for row in self.stage_history],
            "loyalty": {m: sum(getattr(c, m) for c in active) / n_active
                        for m in ("repurchase", "cross_buy", "referral", "price_tolerance")},
            "profit": self.profit,
            "revenue": self.revenue,
            "customers": len(customers),
            "winbacks": dict(self.winbacks),
        }
