"""The customer relationship lifecycle model (fast, array-based Mesa model).

Customers arrive as prospects and move through the four stages of the
relationship lifecycle: exploration, formation, stability and decline. Each
period every active customer buys from the supplier and compares what it got
with what it expected, both for basic expectations (which only dissatisfy
when unmet) and for latent ones (which delight when met). Satisfaction
builds trust; the supplier's value is compared with the best alternative,
whose value rises and which copies financial incentives after a lag; the
split of the relationship's gains is judged more strictly as it matures;
switching costs grow with time and with social and structural bonds. From
these come the four loyalty measures, and from repurchase intention the
chance of moving up or down a stage. How far a relationship got and how long
it stayed in stability decide its lifecycle pattern, I to IV.

The maths lives in :mod:`sim.mechanisms`. This module applies it to numpy
arrays holding all active customers at once, which is 30 to 100 times faster
than looping over agents; :mod:`sim.reference` is the same model written as
plain per-agent Mesa code, for reading. Customers are still Mesa agents
(:class:`sim.agents.Customer`), thin views onto the arrays.
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np

from sim import mechanisms as mech
from sim.agents import Customer
from sim.population import Population
from sim.results import Results, build_results
from sim.scenario import Scenario, check_known_fields
from sim.stages import DECLINE, ENDED, EXPLORATION, FORMATION, STABILITY, STAGES

_SQRT3 = math.sqrt(3.0)
BLOCK = 16_384
"""Customers evaluated together: small enough for the CPU cache, big enough for numpy."""
_MEANS = ("repurchase", "cross_buy", "referral", "price_tolerance", "satisfaction", "trust")
_TOTALS = ("active", "revenue", "cash", *_MEANS)
# Where a move up or down leads from each stage (decline's way up is looked up
# per customer: back to the stage it declined from).
_UP_TO = np.array([FORMATION, STABILITY, STABILITY, DECLINE, ENDED], dtype=np.int8)
_DOWN_TO = np.array([ENDED, DECLINE, DECLINE, ENDED, ENDED], dtype=np.int8)


class LoyaltyModel(mesa.Model):
    """Customers moving through the relationship lifecycle with one supplier.

    Args:
        scenario: The parameters; defaults to ``Scenario()``.
        seed: Seed of the model's random number generator. The same seed and
            scenario give bit-identical results.
        create_agents: ``"lazy"`` (default) creates the
            :class:`~sim.agents.Customer` agents the first time ``model.agents``
            is read, so runs that only need results do not pay for them;
            ``True`` creates them as customers arrive; ``False`` never.
        **kwargs: Scenario fields overriding ``scenario`` (so that
            ``mesa.batch_run(LoyaltyModel, parameters={...})`` works; named
            ``kwargs`` because Mesa's SolaraViz accepts no other name).
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        seed: int | None = None,
        *,
        create_agents: bool | str = "lazy",
        **kwargs: Any,
    ) -> None:
        if scenario is not None and not isinstance(scenario, Scenario):
            raise TypeError(
                f"scenario must be a sim.Scenario, got {type(scenario).__name__}; "
                "pass single fields as keyword arguments instead"
            )
        if create_agents not in (True, False, "lazy"):
            raise ValueError(f"create_agents must be True, False or 'lazy'; got {create_agents!r}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)):
            raise TypeError(f"seed must be a whole number or None; got {seed!r}")
        check_known_fields(kwargs)
        self.scenario = (scenario or Scenario()).replace(**kwargs) if kwargs else (
            scenario or Scenario())
        super().__init__(seed=None, rng=seed)
        self.seed = seed
        self.create_agents = create_agents
        self._agents_made = 0  # customers that already have an agent
        sc = self.scenario
        self.population = Population(capacity=_initial_capacity(sc), periods=sc.periods)
        self._period_rate = mech.period_discount_rate(sc.discount_rate, sc.periods_per_year)
        self._age_tables = self._tables_by_age(sc.periods + 1)
        self._bond_cost = mech.bond_cost_per_customer(
            sc.social_bond, sc.social_bond_cost, sc.structural_bond, sc.structural_bond_cost
        )
        self.profit = 0.0
        self.customer_periods = 0  # active customer-periods evaluated (for benchmarks)
        self.revenue_total = 0.0
        self._referral_sum = 0.0  # sum of active customers' referral intentions
        self.stage_history: list[np.ndarray] = []
        self._stats: dict[str, float] = {}
        self._means = dict.fromkeys(_MEANS, 0.0)
        self.datacollector = PeriodCollector(model_reporters=_model_reporters())
        self._arrive(sc.n_customers, source=0)
        self._record()

    # ------------------------------------------------------------------
    # The period
    # ------------------------------------------------------------------
    def step(self) -> None:
        """Advance one period: new arrivals, purchases, evaluations, moves."""
        t = self.steps - 1  # Mesa counts steps from 1 inside step()
        if t >= len(self._age_tables["discount"]) - 1:  # stepping past the horizon
            self._age_tables = self._tables_by_age(2 * (t + 1))
        if t > 0:
            self._arrive_new_prospects()
        self._evaluate_period(t)
        self._record()
        self.running = self.steps < self.scenario.periods  # tells mesa.batch_run to stop
        if self.population.ended_share() > 0.25:
            self.population.compact()

    def run(self) -> Results:
        """Run the scenario's remaining periods and return the results."""
        while self.steps < self.scenario.periods:
            self.step()
        return self.results()

    def results(self) -> Results:
        """Summarise the run so far (patterns, stages, loyalty, money)."""
        return build_results(self)

    def _tables_by_age(self, ages: int) -> dict[str, np.ndarray]:
        """Quantities that depend on relationship age alone, computed once per model.

        Switching costs and discount factors depend only on a customer's age
        (and on the scenario), so the model looks them up instead of
        recomputing them for every customer every period.
        """
        sc = self.scenario
        age = np.arange(ages, dtype=float)
        return {
            "switching": mech.switching_cost(sc.switching_cost, age, sc.social_bond,
                                             sc.structural_bond).astype(np.float32),
            "discount": mech.discount_factor(self._period_rate, age),
            "age": age.astype(np.float32),
        }

    # ------------------------------------------------------------------
    # Arrivals
    # ------------------------------------------------------------------
    def _arrive_new_prospects(self) -> None:
        """New prospects from marketing (acquisition) and from referrals."""
        sc = self.scenario
        acquired, referred = self.rng.poisson(mech.expected_new_prospects(
            sc.acquisition_rate, sc.n_customers, sc.referral_strength, self._referral_sum))
        if acquired + referred:
            self._arrive(int(acquired + referred), source=1, referred=int(referred))

    def _arrive(self, count: int, source: int, referred: int = 0) -> None:
        """Add ``count`` prospects in exploration, paying their acquisition cost.

        The last ``referred`` of them came by referral (source 2).
        """
        sc = self.scenario
        initial = sc.initial_expectation + sc.expectation_spread * _SQRT3 * (
            2.0 * self.rng.random(count) - 1.0
        )
        # Category spend: lognormal with mean 1 (a few customers are worth a lot).
        wallet = np.exp(0.6 * self.rng.standard_normal(count) - 0.18)
        self.population.add(
            count, initial_expectation=initial, wallet=wallet,
            initial_trust=mech.INITIAL_TRUST, source=source,
            arrival=max(self.steps - 1, 0),
        )
        if referred:
            self.population.state["source"][-referred:] = 2
        self.profit -= sc.acquisition_cost * count
        if self.create_agents is True:
            self._make_agents()

    def _make_agents(self) -> None:
        """Create the agent views of customers who do not have one yet."""
        for index in range(self._agents_made, self.population.count):
            Customer(self, index)
        self._agents_made = self.population.count

    @property
    def agents(self) -> mesa.agent.AgentSet:
        """All customers as Mesa agents (created on first use when lazy)."""
        if self.create_agents and self._agents_made < self.population.count:
            self._make_agents()
        return super().agents

    @agents.setter
    def agents(self, value: Any) -> None:  # Mesa forbids it too; keep its message
        mesa.Model.agents.fset(self, value)

    @property
    def agents_by_type(self) -> dict[type, mesa.agent.AgentSet]:
        """Agents grouped by type (all are :class:`~sim.agents.Customer`)."""
        self.agents  # noqa: B018 - materialise lazy agents first
        return super().agents_by_type

    # ------------------------------------------------------------------
    # Evaluation and moves
    # ------------------------------------------------------------------
    def _evaluate_period(self, t: int) -> None:
        """Apply one period's mechanisms to every active customer, a block at a time.

        The random draws are made for the whole population first, so the
        results do not depend on the block size; blocks only keep numpy's
        temporary arrays small enough to stay in the CPU cache.
        """
        sc = self.scenario
        size = self.population.size
        quality = (mech.QUALITY_NOISE * _SQRT3) * (
            2.0 * self.rng.random(size, dtype=np.float32) - 1.0)
        draws = self.rng.random(size, dtype=np.float32)
        firm = (
            mech.basic_value(sc.supplier_value, sc.value_innovation, t),
            mech.latent_value(sc.latent_value, sc.value_innovation, sc.structural_bond, t),
            mech.rival_value(sc.competitor_value, sc.market_innovation, sc.financial_bond,
                             sc.imitation_lag, t),
        )
        totals = np.zeros(len(_TOTALS))
        state = self.population.state
        for lo in range(0, size, BLOCK):
            hi = min(lo + BLOCK, size)
            block = state if hi - lo == size else {name: column[lo:hi]
                                                    for name, column in state.items()}
            totals += self._evaluate_block(block, firm, quality[lo:hi], draws[lo:hi])
        self._add_up(dict(zip(_TOTALS, totals.tolist(), strict=True)))

    def _evaluate_block(self, s: dict[str, np.ndarray], firm: tuple[float, float, float],
                        quality: np.ndarray, draws: np.ndarray) -> np.ndarray:
        """Evaluate one block of customers; return its totals (see ``_TOTALS``)."""
        sc = self.scenario
        v_basic, v_latent, v_rival = firm
        active = s["stage"] < ENDED
        stage = s["stage"]
        age = s["age"]
        years = self._age_tables["age"].take(age)  # the ages as float32 numbers

        # What each customer expected and what this purchase delivered.
        e_basic = mech.basic_expectation(s["initial_expectation"], sc.expectation_growth, years)
        e_latent = mech.latent_expectation(sc.expectation_growth, years)
        s_basic = mech.basic_satisfaction(v_basic + quality, e_basic)
        s_latent = mech.latent_satisfaction(v_latent, e_latent)
        sat = mech.satisfaction(s_basic, s_latent)

        # How the customer now sees the supplier, and what holds it.
        trust = mech.trust_update(s["trust"], sat, sc.social_bond)
        value = mech.perceived_value(v_basic, v_rival, sc.financial_bond)
        unfair = mech.fairness_penalty(sc.fairness, stage)
        switching = self._age_tables["switching"].take(age)
        att = mech.attitude(sat, trust, value, unfair)
        rep = mech.repurchase_intention(att, switching)
        tol = mech.price_tolerance(att, value, switching)
        cross = mech.cross_buy_intention(att, trust)
        refer = mech.referral_intention(att, sat, trust)

        # What it buys, and what that earns.
        share = mech.share_of_wallet_update(s["share"], stage, rep)
        rev = mech.revenue(s["wallet"], share, cross, tol, sc.financial_bond,
                           sc.financial_bond_cost)
        weight = active.astype(np.float32)  # 1 for active customers, 0 for ended ones
        cash = mech.cash_flow(rev, sc.margin, self._bond_cost) * weight

        # Ended customers in the block are computed too (cheaper than masking
        # them out) but their state at exit is kept in the archive (see _move).
        for name, values in (("basic_satisfaction", s_basic), ("latent_satisfaction", s_latent),
                             ("satisfaction", sat), ("trust", trust), ("value", value),
                             ("switching", switching), ("attitude", att), ("repurchase", rep),
                             ("price_tolerance", tol), ("cross_buy", cross),
                             ("referral", refer), ("share", share)):
            s[name][:] = values
        s["clv"] += cash * self._age_tables["discount"].take(age)
        s["cash"] += cash
        self.population.record_volume(s["id"], age, s["wallet"] * share, active)
        # Sums over active customers; (x * w).sum() rather than x @ w, because a
        # BLAS dot product on a busy machine can be 20 times slower.
        totals = np.array([weight.sum(), (rev * weight).sum(), cash.sum()]
                          + [(v * weight).sum() for v in (rep, cross, refer, tol, sat, trust)])
        self._move(s, active, rep, trust, value, draws)
        return totals

    def _add_up(self, totals: dict[str, float]) -> None:
        """Book one period's totals: money, customer-periods, means, referrals."""
        n_active = totals["active"]
        self.customer_periods += int(n_active)
        self.revenue_total += totals["revenue"]
        self.profit += totals["cash"]
        self._means = {name: totals[name] / max(n_active, 1.0) for name in _MEANS}
        self._referral_sum = totals["referral"]

    def _move(self, s: dict[str, np.ndarray], active: np.ndarray, rep: np.ndarray,
              trust: np.ndarray, value: np.ndarray, draws: np.ndarray) -> None:
        """Move customers between stages and resolve their patterns.

        One uniform draw per customer decides the move: below the chance of
        moving down it moves down, below that plus the chance of moving up it
        moves up, otherwise it stays. Ended relationships have both chances 0.
        """
        sc = self.scenario
        stage = s["stage"]
        commit = mech.commitment(rep)
        down = mech.pull_away_chance(commit, stage)
        up = mech.advance_chance(commit, stage, trust, value)
        # The supplier drops prospects not worth developing after the first trial.
        dropped = (s["age"] == 0) & (stage == EXPLORATION) & ~mech.worth_developing(
            s["wallet"], sc.development_threshold)
        goes_down = (draws < down) | dropped
        goes_up = (draws < down + up) & ~goes_down

        s["stability_time"] += stage == STABILITY
        s["age"] += active
        # Patterns: IV once long enough in stability ...
        reached = (s["stability_time"] == sc.long_term_threshold) & (s["pattern"] == 0)
        s["pattern"][reached] = 4
        # ... and the few customers who move this period change stage.
        movers = np.flatnonzero(goes_down | goes_up)
        if movers.size:
            self._change_stage(s, movers, goes_down[movers], dropped[movers])

    def _change_stage(self, s: dict[str, np.ndarray], movers: np.ndarray, down: np.ndarray,
                      dropped: np.ndarray) -> None:
        """Apply the moves of the customers at ``movers`` (index into the block).

        Down: exploration and decline end, formation and stability decline.
        Up: exploration to formation to stability; decline recovers to the
        stage it declined from. An ending settles pattern I, II or III by the
        furthest stage reached, unless the relationship already counts as IV.
        """
        old = s["stage"][movers]
        previous = s["previous"][movers]
        up_to = np.where(old == DECLINE, previous, _UP_TO[old])
        new = np.where(down, _DOWN_TO[old], up_to)
        s["previous"][movers] = np.where(new == DECLINE, old, previous)
        s["stage"][movers] = new
        furthest = np.maximum(s["furthest"][movers], np.where(new <= STABILITY, new, 0))
        s["furthest"][movers] = furthest
        s["dropped"][movers] = dropped
        ends = new == ENDED
        ended = movers[ends]
        s["ended_at"][ended] = self.steps
        unresolved = s["pattern"][ended] == 0
        s["pattern"][ended[unresolved]] = furthest[ends][unresolved] + 1
        self.population.retire(s, ended)

    # ------------------------------------------------------------------
    # Bookkeeping
    # ------------------------------------------------------------------
    def _record(self) -> None:
        """Store this period's stage counts and aggregates for the DataCollector."""
        pop = self.population
        counts = pop.stage_counts()
        self.stage_history.append(counts)
        stats: dict[str, float] = {name: int(counts[code]) for code, name in enumerate(STAGES)}
        stats.update(self._means)
        stats["active"] = int(counts[:ENDED].sum())
        stats["profit"] = self.profit
        self._stats = stats
        self.datacollector.collect(self)

    @property
    def stats(self) -> dict[str, float]:
        """The aggregates of the last recorded period."""
        return self._stats

    @property
    def active_count(self) -> int:
        """Number of customers whose relationship has not ended."""
        return int(self.stage_history[-1][:ENDED].sum())


class PeriodCollector(mesa.DataCollector):
    """Mesa's DataCollector, minus a deep copy of every number it records.

    The model's reporters return plain ints and floats, which cannot change
    after they are recorded, so copying them (as Mesa does to be safe with
    lists and dicts) only costs time. Agent reporters, if someone adds them,
    go through Mesa's own code.
    """

    def collect(self, model: mesa.Model) -> None:
        """Record one row of the model reporters (and agent data, if any)."""
        if self.agent_reporters or self.agenttype_reporters or not self._validated:
            super().collect(model)
            return
        for var, reporter in self.model_reporters.items():
            self.model_vars[var].append(reporter(model))


def _model_reporters() -> dict[str, Any]:
    names = [*STAGES, "active", "repurchase", "cross_buy", "referral", "price_tolerance",
             "satisfaction", "trust", "profit"]
    return {name: (lambda m, key=name: m.stats[key]) for name in names}


def _initial_capacity(sc: Scenario) -> int:
    """Room for the starting customers plus the expected acquisitions."""
    expected = sc.n_customers * (1.0 + sc.acquisition_rate * sc.periods * 1.5) + 64
    return int(expected)


__all__ = ["LoyaltyModel", "PeriodCollector"]
