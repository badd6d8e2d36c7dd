"""The customer relationship lifecycle model (fast, array-based Mesa model).

Customers arrive as prospects and move through the four stages of the
relationship lifecycle: exploration, formation, stability and decline.
Customers differ: in what they expect, how much they spend, how relational
or transactional they are, how much price and switching costs weigh with
them. Each period every active customer buys from the supplier and compares
what it got with what it expected, both for basic expectations (which only
dissatisfy when unmet) and for latent ones (which delight when met).
Satisfaction builds trust; the supplier's whole offer, price included, is
compared with the best of the rival suppliers, who improve and copy
financial incentives after a lag (incentives draw deal-prone, transactional
customers most, and make them concentrate their purchases until copied); as
the relationship matures the customer also judges how the price splits the
gains; switching costs grow with time and with social and structural bonds,
and hold back, without forbidding, a customer who wants to leave. From these
come the four loyalty measures and the chances of moving up or down a stage;
in decline the supplier decides whether a customer is worth a win-back offer.
How far a relationship got and how long it stayed in stability decide its
lifecycle pattern, I to IV.

The maths lives in :mod:`sim.mechanisms`. This module applies it to numpy
arrays holding all active customers at once, which is 30 to 100 times faster
than looping over agents; :mod:`sim.reference` is the same model written as
plain per-agent Mesa code, for reading. The supplier and its rivals are Mesa
agents (:mod:`sim.agents`); customers are too, as thin views onto the arrays.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np

from sim import mechanisms as mech
from sim.agents import Customer, Rival, Supplier
from sim.population import Population
from sim.results import Results, build_results
from sim.scenario import Scenario, check_known_fields
from sim.stages import (
    DECLINE,
    ENDED,
    EXIT_CAUSES,
    FORMATION,
    PATTERNS,
    STABILITY,
    STAGES,
)

_SQRT3 = math.sqrt(3.0)
BLOCK = 65_536
"""Customers evaluated together. Most of a period's time is numpy's fixed cost per call,
so bigger blocks are faster (measured: 16,384 customers 7.8 M customer-periods/s,
65,536 9.1 M/s at 100,000 customers); blocks only keep the working memory bounded."""
THREADS = 1
"""Blocks evaluated at once. numpy releases the interpreter lock in its array loops, so
blocks can run in parallel, and the result is the same whatever the order in which they
finish; on two cores two threads measured 0.8 to 0.95 times one (the calls are too short
for the lock to be released for long), so one is the default."""
_POOL: ThreadPoolExecutor | None = None
SWITCHING_SENSITIVITY = 0.7
"""Mean sensitivity of customers to switching costs (its spread is a scenario field)."""
_MEANS = ("repurchase", "cross_buy", "referral", "price_tolerance", "satisfaction", "trust")
_TOTALS = ("active", "revenue", "cash", "discounted", "bought", "spend", *_MEANS)
# Where a move up or down leads from each stage (decline's way up is looked up
# per customer: back to the stage it declined from).
_UP_TO = np.array([FORMATION, STABILITY, STABILITY, DECLINE, ENDED], dtype=np.int8)
_DOWN_TO = np.array([ENDED, DECLINE, DECLINE, ENDED, ENDED], dtype=np.int8)
_CAUSE = {name: code for code, name in enumerate(EXIT_CAUSES)}


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
        agent_reporters: Mesa agent reporters (e.g. ``{"trust": "trust"}``) to
            record for every agent every period; they cost about 1.5 µs per
            agent and period, so they are off unless asked for (and then the
            agents are created as customers arrive).
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
        agent_reporters: dict[str, Any] | None = None,
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
        self.create_agents = True if agent_reporters else create_agents
        self._agents_made = 0  # customers that already have an agent
        sc = self.scenario
        self.supplier = Supplier(self, sc)
        self.rivals = [Rival(self, rank, sc) for rank in range(sc.n_rivals)]
        self.population = Population(capacity=_initial_capacity(sc), periods=sc.periods)
        self._period_rate = mech.period_discount_rate(sc.discount_rate, sc.periods_per_year)
        self._age_tables = self._tables_by_age(sc.periods + 1)
        self._cost = mech.serving_cost(
            sc.social_bond, sc.social_bond_cost, sc.structural_bond, sc.structural_bond_cost,
            sc.value_innovation, sc.innovation_cost)
        self.profit = 0.0
        self.customer_periods = 0  # active customer-periods evaluated (for benchmarks)
        self.revenue_total = 0.0
        self.bought_total = 0.0  # category spend that went to the supplier, over the run
        self.spend_total = 0.0  # category spend of its active customers, over the run
        self.discounted_total = 0.0  # discounted cash flows of every customer so far
        self.acquisition_total = 0.0
        self.pattern_counts = np.zeros(5, dtype=np.int64)  # index = pattern code
        self.winbacks = {"offered": 0, "let_go": 0, "won_back": 0}
        self._referral_sum = 0.0  # sum of active customers' referral intentions
        self.stage_history: list[np.ndarray] = []
        self._stats: dict[str, float] = {}
        self._means = dict.fromkeys(_MEANS, 0.0)
        self.datacollector = PeriodCollector(model_reporters=_model_reporters(),
                                             agent_reporters=agent_reporters)
        self._arrive(sc.n_customers, source=0)
        self._record(collect=False)  # period 0: before any purchase
        self.initial_stats = dict(self._stats)

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

        Discount factors and economic switching costs depend only on a
        customer's age (and the scenario), so the model looks them up instead
        of recomputing them for every customer every period.
        """
        sc = self.scenario
        age = np.arange(ages, dtype=float)
        return {
            "discount": mech.discount_factor(self._period_rate, age).astype(np.float32),
            "switching": mech.economic_switching_cost(
                sc.switching_cost, age, sc.structural_bond).astype(np.float32),
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
        self.population.add(
            count, traits=draw_traits(self.rng, sc, count), initial_trust=mech.INITIAL_TRUST,
            source=source, arrival=max(self.steps - 1, 0),
        )
        if referred:
            self.population.state["source"][-referred:] = 2
        self.profit -= sc.acquisition_cost * count
        self.acquisition_total += sc.acquisition_cost * count
        if self.create_agents is True:
            self._make_agents()

    def _make_agents(self) -> None:
        """Create the agent views of customers who do not have one yet."""
        for index in range(self._agents_made, self.population.count):
            Customer(self, index)
        self._agents_made = self.population.count

    @property
    def agents(self) -> mesa.agent.AgentSet:
        """All agents: the supplier, its rivals and the customers (created on first use)."""
        if self.create_agents and self._agents_made < self.population.count:
            self._make_agents()
        return super().agents

    @agents.setter
    def agents(self, value: Any) -> None:  # Mesa forbids it too; keep its message
        mesa.Model.agents.fset(self, value)

    @property
    def agents_by_type(self) -> dict[type, mesa.agent.AgentSet]:
        """Agents grouped by type (Supplier, Rival, Customer)."""
        self.agents  # noqa: B018 - materialise lazy agents first
        return super().agents_by_type

    @property
    def customers(self) -> mesa.agent.AgentSet:
        """The customer agents only."""
        return self.agents_by_type.get(Customer, mesa.agent.AgentSet([], random=self.random))

    # ------------------------------------------------------------------
    # Evaluation and moves
    # ------------------------------------------------------------------
    def _evaluate_period(self, t: int) -> None:
        """Apply one period's mechanisms to every active customer, a block at a time.

        The random draws are made for the whole population first, so each
        customer's draws do not depend on the blocks or on the order in which
        they finish; the period's sums are added in block order, so (through
        rounding in the last bits) the :data:`BLOCK` size is part of what
        makes a seed's results bit-identical.
        """
        size = self.population.size
        quality = (mech.QUALITY_NOISE * _SQRT3) * (
            2.0 * self.rng.random(size, dtype=np.float32) - 1.0)
        draws = self.rng.random(size, dtype=np.float32)
        best = self.rivals[0]
        market = Market(
            basic=self.supplier.basic_value(t),
            latent=self.supplier.latent_value(t),
            incentive=mech.FINANCIAL_VALUE * self.scenario.financial_bond,
            rival_basic=best.basic_value(t),
            rival_latent=best.latent_value(t),
            rival_incentive=best.incentive(t),
        )
        state = self.population.state
        self.population.reserve_ages(int(state["age"].max()) if size else 0)
        blocks = [(state if hi - lo == size else {name: column[lo:hi]
                                                   for name, column in state.items()},
                   quality[lo:hi], draws[lo:hi])
                  for lo in range(0, size, BLOCK) for hi in (min(lo + BLOCK, size),)]
        outcomes = _map_blocks(lambda b: self._evaluate_block(b[0], market, b[1], b[2]), blocks)
        totals = np.zeros(len(_TOTALS))
        for block_totals, tally in outcomes:  # in block order, whichever finished first
            totals += block_totals
            self._book(tally)
        self._add_up(dict(zip(_TOTALS, totals.tolist(), strict=True)))

    def _book(self, tally: Tally) -> None:
        """Add one block's pattern resolutions and win-back decisions to the model's."""
        self.pattern_counts += tally.patterns
        for name, count in tally.winbacks.items():
            self.winbacks[name] += count
        self.profit -= tally.winback_cost
        self.discounted_total -= tally.winback_discounted

    def _evaluate_block(self, s: dict[str, np.ndarray], market: Market, quality: np.ndarray,
                        draws: np.ndarray) -> tuple[np.ndarray, Tally]:
        """Evaluate one block of customers; return its totals (see ``_TOTALS``) and tally.

        A block touches only its own customers' rows (and their archive
        rows), so blocks can run in parallel; what they add to the model's
        counters comes back in the tally and is booked in block order.
        """
        sc = self.scenario
        margin = self.supplier.margin
        active = s["stage"] < ENDED
        stage = mech.StageLookups(s["stage"], {table: s[f"stage_{name}"]
                                               for name, table in mech.STAGE_TABLES.items()})
        age = s["age"]

        # What each customer expected and what this purchase delivered.
        experience = s["experience"]
        e_basic = mech.comparison_level(
            mech.basic_expectation(s["initial_expectation"], sc.expectation_growth, experience),
            market.rival_basic, sc.initial_expectation)
        e_latent = mech.comparison_level(
            mech.latent_expectation(s["latent_offset"], sc.expectation_growth, experience),
            market.rival_latent, 0.0)
        s_basic = mech.basic_satisfaction(market.basic + quality, e_basic)
        s_latent = mech.latent_satisfaction(market.latent, e_latent)
        sat = mech.satisfaction(s_basic, s_latent)
        trust = mech.trust_update(s["trust"], sat, sc.social_bond)

        # The whole offer against the best rival, and the split of the gains.
        advantage = mech.basic_advantage(market.basic, e_basic)
        orientation = s["orientation"]
        appeal = mech.incentive_appeal(market.incentive, orientation)
        rival_appeal = mech.incentive_appeal(market.rival_incentive, orientation)
        offer = mech.offer_value(advantage, s_latent, appeal, sc.price,
                                 s["price_sensitivity"], s["price_tolerance"])
        rival = mech.alternative_value(
            mech.basic_advantage(market.rival_basic, e_basic),
            mech.latent_satisfaction(market.rival_latent, e_latent), rival_appeal,
            s["best_taste"])
        value = mech.perceived_value(offer, rival)
        gain = mech.customer_gain(advantage, s_latent, sc.price)
        unfair = mech.unfairness(mech.supplier_share(margin, gain), s["fair_share"], stage,
                                 orientation)

        # What the customer thinks, what holds it, and the loyalty it shows.
        switching = mech.switching_cost(self._age_tables["switching"].take(age),
                                        s["social_switching"])
        att = mech.attitude(sat, trust, value, unfair, stage, s["orientation"])
        held = mech.hold(switching, s["switching_sensitivity"])
        rep = mech.repurchase_intention(att, held)
        tol = mech.price_tolerance(att, value, held)
        cross = mech.cross_buy_intention(att, trust, stage)
        refer = mech.referral_intention(att, sat, trust, stage)
        commit = mech.commitment(att)

        # What it buys, and what that earns.
        share = mech.share_of_wallet_update(s["share"], stage, rep, appeal - rival_appeal)
        rev = mech.revenue(s["wallet"], share, cross, sc.financial_bond, sc.financial_bond_cost)
        weight = active.astype(np.float32)  # 1 for active customers, 0 for ended ones
        cash = mech.cash_flow(rev, margin, self._cost) * weight
        discounted = cash * self._age_tables["discount"].take(age)

        # Ended customers in the block are computed too (cheaper than masking
        # them out); their state at exit was archived when they ended (_move).
        for name, values in (("basic_satisfaction", s_basic), ("latent_satisfaction", s_latent),
                             ("satisfaction", sat), ("trust", trust), ("value", value),
                             ("alternative", rival), ("unfairness", unfair),
                             ("switching", switching), ("attitude", att),
                             ("commitment", commit), ("repurchase", rep),
                             ("price_tolerance", tol), ("cross_buy", cross),
                             ("referral", refer), ("share", share),
                             ("experience", mech.experience_update(experience, stage))):
            s[name][:] = values
        s["clv"] += discounted
        s["cash"] += cash
        self.population.record_volume(s["sample_row"], age, s["wallet"] * share, active)
        # Sums over active customers; (x * w).sum() rather than x @ w, because a
        # BLAS dot product on a busy machine can be 20 times slower.
        spend = s["wallet"] * weight
        money = [(rev * weight).sum(dtype=np.float64), cash.sum(dtype=np.float64),
                 discounted.sum(dtype=np.float64), (spend * share).sum(dtype=np.float64),
                 spend.sum(dtype=np.float64)]
        totals = np.array([weight.sum(), *money]
                          + [(v * weight).sum() for v in (rep, cross, refer, tol, sat, trust)])
        tally = Tally()
        self._move(s, stage, active, commit, held, trust, value, draws, tally)
        return totals, tally

    def _add_up(self, totals: dict[str, float]) -> None:
        """Book one period's totals: money, customer-periods, means, referrals."""
        n_active = totals["active"]
        self.customer_periods += int(n_active)
        self.revenue_total += totals["revenue"]
        self.bought_total += totals["bought"]
        self.spend_total += totals["spend"]
        self.profit += totals["cash"]
        self.discounted_total += totals["discounted"]
        self._means = {name: totals[name] / max(n_active, 1.0) for name in _MEANS}
        self._referral_sum = totals["referral"]

    def _move(self, s: dict[str, np.ndarray], stage: mech.StageLookups, active: np.ndarray,
              commit: np.ndarray, held: np.ndarray, trust: np.ndarray, value: np.ndarray,
              draws: np.ndarray, tally: Tally) -> None:
        """Move customers between stages and resolve their patterns.

        One uniform draw per customer decides the move: below the chance of
        leaving for outside reasons the relationship ends; below that plus
        the chance of moving down it moves down; below that plus the chance
        of moving up (or of being won back from decline) it moves up;
        otherwise it stays. Ended relationships have all chances 0.
        """
        sc = self.scenario
        outside = mech.background_exit(sc.background_churn, held) * active
        down = mech.pull_away_chance(commit, held, stage)
        up = mech.advance_chance(commit, stage, trust, value) + mech.winback_chance(
            s["winback"] == 1, sc.winback_effort, commit) * (stage == DECLINE)
        # The supplier drops prospects not worth developing after the first trial.
        dropped = (s["age"] == 0) & s["not_worth"]
        leaves = (draws < outside) | dropped
        goes_down = (draws < outside + down) | dropped
        goes_up = (draws < outside + down + up) & ~goes_down

        s["stability_time"] += s["stage"] == STABILITY
        s["age"] += active
        # Patterns: IV once long enough in stability ...
        reached = (s["stability_time"] == sc.long_term_threshold) & (s["pattern"] == 0)
        if reached.any():
            s["pattern"][reached] = 4
            tally.patterns[4] += int(np.count_nonzero(reached))
        # ... and the few customers who move this period change stage.
        movers = np.flatnonzero(goes_down | goes_up)
        if movers.size:
            self._change_stage(s, movers, goes_down[movers], leaves[movers], dropped[movers],
                               tally)

    def _change_stage(self, s: dict[str, np.ndarray], movers: np.ndarray, down: np.ndarray,
                      leaves: np.ndarray, dropped: np.ndarray, tally: Tally) -> None:
        """Apply the moves of the customers at ``movers`` (index into the block).

        Down: exploration and decline end, formation and stability decline;
        leaving for outside reasons ends the relationship from any stage.
        Up: exploration to formation to stability; decline is won back to the
        stage it declined from. An ending settles pattern I, II or III by the
        furthest stage reached, unless the relationship already counts as IV.
        """
        old = s["stage"][movers]
        previous = s["previous"][movers]
        up_to = np.where(old == DECLINE, previous, _UP_TO[old])
        new = np.where(down, np.where(leaves, ENDED, _DOWN_TO[old]), up_to)
        s["previous"][movers] = np.where(new == DECLINE, old, previous)
        self.population.set_stage(s, movers, new)
        furthest = np.maximum(s["furthest"][movers], np.where(new <= STABILITY, new, 0))
        s["furthest"][movers] = furthest
        s["dropped"][movers] = dropped
        self._decide_winbacks(s, movers[new == DECLINE], tally)
        won = movers[(old == DECLINE) & (new < DECLINE)]
        if won.size:
            tally.winbacks["won_back"] += int(won.size)
            s["winback"][won] = 0  # a later decline is judged afresh
            s["trust"][won] = mech.recovered_trust(s["trust"][won],
                                                   self.scenario.winback_effort)
        ends = new == ENDED
        ended = movers[ends]
        if ended.size:
            self._end(s, ended, furthest[ends], leaves[ends], dropped[ends], tally)

    def _end(self, s: dict[str, np.ndarray], ended: np.ndarray, furthest: np.ndarray,
             outside: np.ndarray, dropped: np.ndarray, tally: Tally) -> None:
        """Close the relationships at ``ended``: exit time and cause, pattern, archive."""
        s["ended_at"][ended] = self.steps
        s["exit_cause"][ended] = self._exit_causes(s, ended, outside, dropped)
        unresolved = s["pattern"][ended] == 0
        codes = furthest[unresolved] + 1
        s["pattern"][ended[unresolved]] = codes
        tally.patterns += np.bincount(codes, minlength=5)
        self.population.retire(s["id"][ended])

    def _decide_winbacks(self, s: dict[str, np.ndarray], declining: np.ndarray,
                         tally: Tally) -> None:
        """The supplier's decision on customers who just entered decline."""
        if not declining.size:
            return
        sc = self.scenario
        worth = mech.winback_worth(self.supplier.margin, s["wallet"][declining],
                                   sc.winback_effort, s["commitment"][declining],
                                   sc.winback_cost)
        worth = np.asarray(worth) & (sc.winback_effort > 0)
        s["winback"][declining] = np.where(worth, 1, 2)
        offered = int(np.count_nonzero(worth))
        tally.winbacks["offered"] += offered
        tally.winbacks["let_go"] += int(declining.size) - offered
        offered_to = declining[worth]
        cost = np.full(offered_to.size, sc.winback_cost * sc.winback_effort)
        discounted = cost * self._age_tables["discount"].take(s["age"][offered_to])
        s["clv"][offered_to] -= discounted
        tally.winback_cost += float(cost.sum())
        tally.winback_discounted += float(discounted.sum())

    def _exit_causes(self, s: dict[str, np.ndarray], ended: np.ndarray, outside: np.ndarray,
                     dropped: np.ndarray) -> np.ndarray:
        """Name why each relationship at ``ended`` ended (codes of EXIT_CAUSES)."""
        # Shortfalls of the attitude against a content customer's (satisfaction,
        # trust and perceived value 0.5, no unfairness), in attitude points; the
        # largest names the cause.
        w_s, w_t, w_v = mech.WEIGHTS
        let_down = (w_s * np.maximum(0.5 - s["satisfaction"][ended], 0.0)
                    + w_t * np.maximum(0.5 - s["trust"][ended], 0.0))
        value = w_v * np.maximum(0.5 - s["value"][ended], 0.0)
        unfair = s["unfairness"][ended]
        cause = np.where(value > let_down, _CAUSE["value"], _CAUSE["dissatisfied"])
        cause = np.where(unfair > np.maximum(let_down, value), _CAUSE["unfair"],
                         cause).astype(np.int8)
        cause[outside] = _CAUSE["outside"]
        cause[dropped] = _CAUSE["dropped"]
        return cause

    # ------------------------------------------------------------------
    # Bookkeeping
    # ------------------------------------------------------------------
    def _record(self, collect: bool = True) -> None:
        """Store this period's stage counts and aggregates for the DataCollector.

        Period 0 (the start) is kept in :attr:`initial_stats` rather than in the
        DataCollector, so that the collector's last row is the last period and
        ``mesa.batch_run`` (which reads row ``steps - 1``) reports it.
        """
        pop = self.population
        counts = pop.stage_counts()
        self.stage_history.append(counts)
        stats: dict[str, float] = {"period": self.steps}
        stats.update({name: int(counts[code]) for code, name in enumerate(STAGES)})
        stats.update(self._means)
        stats["active"] = int(counts[:ENDED].sum())
        stats.update({f"pattern_{p}": int(self.pattern_counts[code])
                      for code, p in enumerate(PATTERNS, start=1)})
        stats["unresolved"] = int(pop.count - self.pattern_counts[1:].sum())
        stats["customers"] = int(pop.count)
        stats["revenue"] = self.revenue_total
        stats["profit"] = self.profit
        stats["mean_clv"] = ((self.discounted_total - self.acquisition_total) / pop.count
                             if pop.count else 0.0)
        self._stats = stats
        if collect:
            self.datacollector.collect(self)

    @property
    def stats(self) -> dict[str, float]:
        """The aggregates of the last recorded period."""
        return self._stats

    @property
    def active_count(self) -> int:
        """Number of customers whose relationship has not ended."""
        return int(self.stage_history[-1][:ENDED].sum())


@dataclass
class Tally:
    """What one block of customers adds to the model's counters in one period."""

    patterns: np.ndarray = field(default_factory=lambda: np.zeros(5, dtype=np.int64))
    winbacks: dict[str, int] = field(
        default_factory=lambda: {"offered": 0, "let_go": 0, "won_back": 0})
    winback_cost: float = 0.0
    winback_discounted: float = 0.0


def _map_blocks(evaluate: Any, blocks: list[Any]) -> list[Any]:
    """Evaluate blocks, in parallel threads when there are several, results in order."""
    global _POOL
    if len(blocks) == 1 or THREADS == 1:
        return [evaluate(block) for block in blocks]
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="loyalty-block")
    return list(_POOL.map(evaluate, blocks))


class Market:
    """What is on offer in one period: the supplier's values and its rivals'.

    Rivals share the market's value paths (basic, latent) and its incentives;
    they differ in appeal, which each customer's ``best_taste`` trait holds.
    """

    __slots__ = ("basic", "latent", "incentive", "rival_basic", "rival_latent",
                 "rival_incentive")

    def __init__(self, basic: float, latent: float, incentive: float, rival_basic: float,
                 rival_latent: float, rival_incentive: float) -> None:
        self.basic = basic
        self.latent = latent
        self.incentive = incentive
        self.rival_basic = rival_basic
        self.rival_latent = rival_latent
        self.rival_incentive = rival_incentive


def draw_traits(rng: np.random.Generator, sc: Scenario, count: int) -> dict[str, np.ndarray]:
    """Draw new customers' traits: how customers differ from one another.

    - initial basic expectation: uniform around ``initial_expectation`` with
      standard deviation ``expectation_spread``;
    - latent needs: how hard the customer is to delight
      (:func:`sim.mechanisms.latent_offset`, uniform noise);
    - wallet (category spend per period): lognormal with mean 1 and log-scale
      standard deviation ``wallet_spread``;
    - relational orientation: uniform around ``relational_share`` with
      standard deviation ``orientation_spread``, limited to [0, 1];
    - price sensitivity: follows from the orientation
      (:func:`sim.mechanisms.price_sensitivity`);
    - sensitivity to switching costs: uniform around 0.7 with standard
      deviation ``switching_sensitivity_spread``, limited to [0, 1];
    - the psychological switching cost a social bond means to it
      (:func:`sim.mechanisms.social_switching_cost`), fixed by its orientation;
    - the share of the joint gain it grants the supplier as fair
      (:func:`sim.mechanisms.fair_share`, uniform noise);
    - taste for each rival: normal with standard deviation ``TASTE_SPREAD``
      (four draws whatever the number of rivals, so changing ``n_rivals``
      leaves the other traits of a seed's customers unchanged); kept as the
      pull of the best-suited rival (:func:`sim.mechanisms.best_taste`).
    """
    def uniform(mean: float, spread: float) -> np.ndarray:
        return mean + spread * _SQRT3 * (2.0 * rng.random(count) - 1.0)

    spread = sc.wallet_spread
    orientation = np.clip(uniform(sc.relational_share, sc.orientation_spread), 0.0, 1.0)
    initial = uniform(sc.initial_expectation, sc.expectation_spread)
    traits = {
        "initial_expectation": initial,
        "latent_offset": mech.latent_offset(initial, sc.initial_expectation,
                                            _SQRT3 * (2.0 * rng.random(count) - 1.0)),
        "wallet": np.exp(spread * rng.standard_normal(count) - 0.5 * spread * spread),
        "orientation": orientation,
        "price_sensitivity": mech.price_sensitivity(orientation, sc.price_sensitivity),
        "switching_sensitivity": np.clip(
            uniform(SWITCHING_SENSITIVITY, sc.switching_sensitivity_spread), 0.0, 1.0),
        "fair_share": mech.fair_share(_SQRT3 * (2.0 * rng.random(count) - 1.0)),
        "social_switching": mech.social_switching_cost(sc.social_bond, orientation),
    }
    tastes = mech.TASTE_SPREAD * rng.standard_normal((4, count))
    appeals = tuple(mech.rival_appeal(rank) for rank in range(sc.n_rivals))
    traits["best_taste"] = mech.best_taste(tuple(tastes[: sc.n_rivals]), appeals)
    traits["not_worth"] = ~mech.worth_developing(traits["wallet"], sc.development_threshold)
    return traits


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


REPORTERS = ("period", *STAGES, "active", "repurchase", "cross_buy", "referral",
             "price_tolerance", "satisfaction", "trust", *(f"pattern_{p}" for p in PATTERNS),
             "unresolved", "customers", "revenue", "profit", "mean_clv")
"""What the DataCollector records each period (model level)."""


def _model_reporters() -> dict[str, Any]:
    return {name: (lambda m, key=name: m.stats[key]) for name in REPORTERS}


def _initial_capacity(sc: Scenario) -> int:
    """Room for the starting customers plus the expected acquisitions."""
    expected = sc.n_customers * (1.0 + sc.acquisition_rate * sc.periods * 1.5) + 64
    return int(expected)


__all__ = ["LoyaltyModel", "Market", "PeriodCollector", "draw_traits"]
