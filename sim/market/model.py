"""The class market: several suppliers, each run by a student team, compete for customers.

Every team's supplier has its own customer relationships, modelled by the
lifecycle model (:class:`sim.market.team.TeamBook`). The market ties them
together, period by period:

1. each supplier's offer (value, delight, incentives, price) is set by its
   team's decisions for the round;
2. new prospects (the market's acquisition flow, and customers who left a
   team for a rival) choose which supplier to try first, drawn by the offers
   and by their own tastes (:func:`sim.market.choice.choose_suppliers`);
3. every team's customers compare it with the strongest other team, and the
   lifecycle model runs one period for each team.

A round is a number of periods with fixed decisions; between rounds teams
decide again. Every team's randomness comes from its own stream spawned from
the market's seed, so the same seed and the same decisions give the same
market, bit for bit (:func:`replay`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import mesa
import numpy as np

from sim.market.choice import choose_suppliers, prospect_utility, rival_incentive
from sim.market.decisions import DEFAULT_BUDGET, DecisionError, Decisions
from sim.market.team import TeamBook
from sim.scenario import Scenario
from sim.stages import ACTIVE_STAGES, ENDED, PATTERNS

LIMITS = {"customers": (100, 50_000), "rounds": (1, 12), "periods_per_round": (1, 60),
          "teams": (1, 12), "budget": (0.5, 4.0)}
"""Allowed ranges of the market's settings (inclusive)."""


@dataclass(frozen=True)
class MarketSettings:
    """How a class market is set up.

    Attributes:
        customers: Prospects at the start, shared equally between the teams.
        rounds: Rounds of decisions.
        periods_per_round: Periods (months) each round runs.
        budget: Investment points per round (see ``sim.market.decisions``).
        scenario: The market's customers and economics; its supplier levers
            are replaced by each team's decisions.
    """

    customers: int = 5000
    rounds: int = 4
    periods_per_round: int = 12
    budget: float = DEFAULT_BUDGET
    scenario: Scenario = field(default_factory=Scenario)

    def __post_init__(self) -> None:
        for name in ("customers", "rounds", "periods_per_round", "budget"):
            check_setting(name, getattr(self, name))

    @property
    def periods(self) -> int:
        """Periods in the whole game."""
        return self.rounds * self.periods_per_round

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a plain dict (JSON-ready), scenario included."""
        data = asdict(self)
        data["scenario"] = self.scenario.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MarketSettings:
        """Rebuild settings from :meth:`to_dict`'s output."""
        values = dict(data)
        values["scenario"] = Scenario(**values.get("scenario", {}))
        return cls(**values)


def check_setting(name: str, value: Any) -> None:
    """Refuse a market setting outside its range, naming the setting, range and value."""
    low, high = LIMITS[name]
    kind = float if name == "budget" else int
    ok = (not isinstance(value, bool) and isinstance(value, int | float)
          and (kind is float or float(value).is_integer()) and math.isfinite(value)
          and low <= value <= high)
    if not ok:
        what = "a number" if kind is float else "a whole number"
        raise ValueError(f"market setting {name!r} must be {what} in [{low}, {high}]; "
                         f"got {value!r}")


class Team(mesa.Agent):
    """A student team: its name, its decisions, and its supplier's book of customers."""

    def __init__(self, model: MarketModel, name: str) -> None:
        super().__init__(model)
        self.name = name
        self.book: TeamBook | None = None
        self.decisions = Decisions()


class MarketModel(mesa.Model):
    """Several team-run suppliers competing for one population of customers.

    Args:
        teams: The teams' names, in a fixed order (the order of the seeds).
        settings: The market's setup.
        seed: The market's seed; the same seed and decisions give the same market.
    """

    def __init__(self, teams: Sequence[str], settings: MarketSettings | None = None,
                 seed: int = 0) -> None:
        check_setting("teams", len(teams))
        if len(set(teams)) != len(teams):
            raise ValueError("team names must differ")
        super().__init__(rng=seed)
        self.seed = seed
        self.settings = settings or MarketSettings()
        self.scenario = self.settings.scenario.replace(
            n_customers=self.settings.customers, periods=self.settings.periods)
        self.teams = [Team(self, name) for name in teams]
        sequence = np.random.SeedSequence(seed)
        self._team_seeds = [int(s.generate_state(1)[0]) for s in sequence.spawn(len(teams))]
        self.round = 0
        self.period = 0
        self.switched = [0] * len(teams)  # customers who left each team last period
        self.history: list[list[dict[str, Any]]] = []  # per round, per team

    @property
    def finished(self) -> bool:
        """Whether every round has been played."""
        return self.round >= self.settings.rounds

    def play_round(self, decisions: Mapping[str, Decisions]) -> list[dict[str, Any]]:
        """Run one round with every team's decisions; return each team's round report.

        Raises:
            DecisionError: if a team's decisions are missing or the game is over.
        """
        if self.finished:
            raise DecisionError("the game is over: all {rounds} rounds have been played",
                                rounds=self.settings.rounds)
        for team in self.teams:
            if team.name not in decisions:
                raise DecisionError("team {name!r} has no decisions for round {round}",
                                    name=team.name, round=self.round + 1)
            team.decisions = decisions[team.name]
        before = [self._totals(team) for team in self.teams]
        if self.round == 0:
            self._open_books()
        else:
            for team in self.teams:
                team.book.decide(team.decisions, self.period)
        for _ in range(self.settings.periods_per_round):
            self.step()
        self.round += 1
        reports = self._reports(before)
        self.history.append(reports)
        return reports

    def step(self) -> None:
        """One period: offers, prospects' choices, rivals, then every team's customers."""
        t = self.period
        books = [team.book for team in self.teams]
        offers = [book.supplier.offer(t) for book in books]
        utilities = prospect_utility(offers, self.scenario)
        if len(books) > 1:
            for i, book in enumerate(books):
                others = [j for j in range(len(books)) if j != i]
                best = max(others, key=lambda j: utilities[j])
                book.face(self.teams[best].name, offers[best],
                          rival_incentive(offers[best].financial_bond, offers[best].price,
                                          self.scenario))
        if t > 0:
            for book, gaps in zip(books, self._prospects(utilities), strict=True):
                book.receive(gaps)
        for book in books:
            book.step()
        self.switched = [book.switchers for book in books]
        self.period += 1

    def _prospects(self, utilities: np.ndarray) -> list[np.ndarray]:
        """New prospects for each team (their taste gaps): the acquisition flow and switchers.

        Marketing brings ``acquisition_rate x customers`` prospects a period
        (Poisson), who choose among all teams; a customer who left a team for a
        rival last period chooses among the others.
        """
        sc = self.scenario
        n = len(self.teams)
        groups = [(int(self.rng.poisson(sc.acquisition_rate * sc.n_customers)), None)]
        groups += [(left, i) for i, left in enumerate(self.switched) if left and n > 1]
        gaps: list[list[np.ndarray]] = [[] for _ in range(n)]
        for count, barred in groups:
            chosen, gap = choose_suppliers(utilities, self.rng.standard_normal((count, n)),
                                           barred)
            for j in range(n):
                gaps[j].append(gap[chosen == j])
        return [np.concatenate(g) for g in gaps]

    def _open_books(self) -> None:
        """Open every team's book with its first decisions and its starting customers.

        Every team starts level, with an equal share of the starting customers,
        each of them with the supplier that suits it best by taste (so its
        taste gap is how much less its best other supplier suits it).
        """
        n = len(self.teams)
        base, extra = divmod(self.settings.customers, n)
        for i, team in enumerate(self.teams):
            count = base + (1 if i < extra else 0)
            _, gaps = choose_suppliers(np.zeros(n), self.rng.standard_normal((count, n)))
            scenario = self.scenario.replace(n_customers=count, acquisition_rate=0.0,
                                             **team.decisions.to_dict())
            team.book = TeamBook(scenario, self._team_seeds[i], rivals=n - 1,
                                 gaps=gaps if n > 1 else None)

    @staticmethod
    def _totals(team: Team) -> dict[str, float]:
        """Running totals of a team's book (zeros before its book opens)."""
        book = team.book
        if book is None:
            return {"profit": 0.0, "revenue": 0.0, "bought": 0.0, "spend": 0.0,
                    "customers": 0}
        return {"profit": book.profit, "revenue": book.revenue_total,
                "bought": book.bought_total, "spend": book.spend_total,
                "customers": book.population.count}

    def _reports(self, before: list[dict[str, float]]) -> list[dict[str, Any]]:
        """Each team's results at the end of the round just played."""
        actives = [team.book.active_count for team in self.teams]
        revenues = [team.book.revenue_total - b["revenue"]
                    for team, b in zip(self.teams, before, strict=True)]
        reports = []
        for team, start, active, revenue in zip(self.teams, before, actives, revenues,
                                                strict=True):
            reports.append(team_report(team, start, self.round, active / max(sum(actives), 1),
                                       revenue / max(sum(revenues), 1e-12)))
        return reports


def team_report(team: Team, start: Mapping[str, float], round_: int, customer_share: float,
                revenue_share: float) -> dict[str, Any]:
    """One team's results for a round: customers, patterns, churn, money, loyalty."""
    book = team.book
    results = book.results()
    counts = book.stage_history[-1]
    spend = book.spend_total - start["spend"]
    return {
        "round": round_,
        "team": team.name,
        "decisions": team.decisions.to_dict(),
        "stages": {name: int(counts[code]) for code, name in enumerate(ACTIVE_STAGES)},
        "active": int(counts[:ENDED].sum()),
        "customers": results.customers,
        "new_customers": results.customers - int(start["customers"]),
        "patterns": {p: results.pattern_counts[p] for p in PATTERNS},
        "unresolved": results.unresolved,
        "annual_churn": _annual_churn(results),
        "profit": book.profit,
        "round_profit": book.profit - start["profit"],
        "revenue": book.revenue_total,
        "customer_equity": results.mean_clv * results.customers,
        "mean_clv": results.mean_clv,
        "share_of_wallet": (book.bought_total - start["bought"]) / spend if spend else 0.0,
        "customer_share": customer_share,
        "revenue_share": revenue_share,
        "loyalty": {name: float(value) for name, value in results.loyalty.items()},
        "attitude": float(results.attitude),
        "winbacks": dict(results.winbacks),
    }


def _annual_churn(results: Any) -> float | None:
    """Annual churn of established customers, or None before any customer is a year old.

    (Until then the survival curve has no established customers to measure,
    and a churn of 0 would read as a fact.)
    """
    survival = results.survival
    if not survival.at_risk[survival.established_after + 1:].sum():
        return None
    value = survival.annual_churn
    return float(value) if math.isfinite(value) else None


def replay(teams: Sequence[str], settings: MarketSettings, seed: int,
           rounds: Sequence[Mapping[str, Mapping[str, float]]]) -> MarketModel:
    """Play a market again from its teams, settings, seed and every round's decisions.

    This is how a result shown in class can be checked: the same inputs give
    the same market, bit for bit.
    """
    market = MarketModel(teams, settings, seed)
    for decisions in rounds:
        market.play_round({name: Decisions.parse(dict(values), settings.budget)
                           for name, values in decisions.items()})
    return market
