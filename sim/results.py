"""What a run of the model produced: patterns, stages, loyalty and money.

:func:`build_results` reads the model's arrays once and returns a
:class:`Results` object with plain Python and pandas values, so charts,
exercises and the grader never touch the model's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.loyalty_types import LADDER, LOYALTY_TYPES, ladder_rungs, population_types
from sim.stages import ENDED, EXIT_CAUSES, PATTERNS, STAGES
from sim.survival import Survival, kaplan_meier

MEASURES = ("repurchase", "cross_buy", "referral", "price_tolerance")
"""The four loyalty measures, in the order the course teaches them."""


@dataclass(frozen=True)
class Results:
    """Summary of one run.

    Attributes:
        pattern_shares: Share of each pattern I-IV among resolved relationships
            (sums to 1 when any relationship is resolved, else all 0).
        pattern_counts: Number of relationships resolved as each pattern.
        unresolved: Relationships still undecided at the end (active and not
            yet long enough in stability to count as pattern IV). Report it
            beside every share: shares are of resolved relationships only.
        resolved: Relationships with a pattern.
        unresolved_share: ``unresolved`` as a share of all relationships.
        customers: Everyone who ever arrived.
        active: Customers whose relationship had not ended at the end.
        stage_counts: One row per period (0 = the start), a column per stage.
        loyalty: Mean of the four loyalty measures over active customers at
            the end (0 when none is active).
        attitude: Mean attitudinal loyalty of active customers at the end.
        loyalty_spread: Standard deviation of each loyalty measure across the
            active customers at the end: how much customers differ.
        life_curves: Mean transaction volume by relationship age for each
            pattern (volume 0 after a relationship ended; NaN where no
            customer of that pattern was observed at that age).
        loyalty_types: Share of each loyalty type among active customers.
        ladder: Share of active customers on each rung of the loyalty ladder.
        profit: Gross margin minus bond and acquisition costs, undiscounted.
        revenue: Total revenue.
        share_of_wallet: The supplier's share of its active customers' category
            spend over the whole run (spend-weighted): how much of their business
            the relationships brought in, period by period, not only at the end.
        mean_clv: Mean lifetime value per customer who arrived: discounted
            cash flows from the first purchase (t = 0, undiscounted) net of
            acquisition cost, realised up to the end of the run.
        survival: Kaplan-Meier survival of relationships (censoring the ones
            still going), with the expected lifetime and the annual churn of
            established customers.
        exit_causes: Share of ended relationships by cause (see
            :data:`sim.stages.EXIT_CAUSES`).
        winbacks: The supplier's decisions on declining customers: offers
            made, customers let go, customers won back.
        series: Per-period aggregates recorded by the Mesa DataCollector, with
            the start (period 0) as the first row; indexed by period.
        scenario: The scenario's fields.
        seed: The seed of the run.
    """

    pattern_shares: dict[str, float]
    pattern_counts: dict[str, int]
    unresolved: int
    resolved: int
    customers: int
    active: int
    stage_counts: pd.DataFrame
    loyalty: dict[str, float]
    attitude: float
    loyalty_spread: dict[str, float]
    life_curves: pd.DataFrame
    loyalty_types: dict[str, float]
    ladder: dict[str, float]
    profit: float
    revenue: float
    share_of_wallet: float
    mean_clv: float
    unresolved_share: float
    survival: Survival = field(repr=False)
    exit_causes: dict[str, float] = field(repr=False)
    winbacks: dict[str, int] = field(repr=False)
    series: pd.DataFrame = field(repr=False)
    scenario: dict[str, Any] = field(repr=False)
    seed: int | None = None

    @property
    def annual_churn(self) -> float:
        """Share of established customers (past their first year) lost per year."""
        return self.survival.annual_churn

    @property
    def expected_lifetime(self) -> float:
        """Expected relationship lifetime in periods, from the survival curve."""
        return self.survival.expected_lifetime

    @property
    def dominant_pattern(self) -> str | None:
        """The most common pattern, or None if nothing is resolved."""
        if not self.resolved:
            return None
        return max(self.pattern_shares, key=self.pattern_shares.__getitem__)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (lists instead of DataFrames, NaN as None)."""
        return {
            "pattern_shares": dict(self.pattern_shares),
            "pattern_counts": dict(self.pattern_counts),
            "unresolved": self.unresolved,
            "resolved": self.resolved,
            "unresolved_share": self.unresolved_share,
            "customers": self.customers,
            "active": self.active,
            "stage_counts": {c: self.stage_counts[c].tolist() for c in STAGES},
            "loyalty": dict(self.loyalty),
            "attitude": self.attitude,
            "loyalty_spread": dict(self.loyalty_spread),
            "life_curves": {
                p: [None if np.isnan(v) else float(v) for v in self.life_curves[p]]
                for p in PATTERNS
            },
            "loyalty_types": dict(self.loyalty_types),
            "ladder": dict(self.ladder),
            "profit": self.profit,
            "revenue": self.revenue,
            "share_of_wallet": self.share_of_wallet,
            "mean_clv": self.mean_clv,
            "survival": [float(v) for v in self.survival.curve],
            "annual_churn": self.annual_churn,
            "expected_lifetime": _finite(self.expected_lifetime),
            "exit_causes": dict(self.exit_causes),
            "winbacks": dict(self.winbacks),
            "scenario": dict(self.scenario),
            "seed": self.seed,
        }


def build_results(model: Any) -> Results:
    """Summarise a :class:`~sim.model.LoyaltyModel` as :class:`Results`."""
    pop = model.population
    pattern = pop.column("pattern")
    stage = pop.column("stage")
    counts = np.bincount(pattern, minlength=5)
    resolved = int(counts[1:].sum())
    shares = {p: (float(counts[i + 1]) / resolved if resolved else 0.0)
              for i, p in enumerate(PATTERNS)}
    active_mask = stage < ENDED
    n_active = int(active_mask.sum())
    loyalty = {m: (float(pop.column(m)[active_mask].mean()) if n_active else 0.0)
               for m in MEASURES}
    types = population_types(model)[active_mask]
    type_counts = np.bincount(types, minlength=len(LOYALTY_TYPES))
    type_shares = {name: (float(type_counts[i]) / n_active if n_active else 0.0)
                   for i, name in enumerate(LOYALTY_TYPES)}
    rungs = ladder_rungs(model)
    rungs = rungs[rungs >= 0]
    rung_counts = np.bincount(rungs, minlength=len(LADDER))
    ladder = {name: (float(rung_counts[i]) / n_active if n_active else 0.0)
              for i, name in enumerate(LADDER)}
    stage_counts = pd.DataFrame(np.vstack(model.stage_history), columns=list(STAGES))
    stage_counts.index.name = "period"
    clv = pop.column("clv") - model.scenario.acquisition_cost
    ended = stage == ENDED
    causes = np.bincount(pop.column("exit_cause")[ended], minlength=len(EXIT_CAUSES))
    n_ended = int(ended.sum())
    series = pd.concat([pd.DataFrame([model.initial_stats]),
                        model.datacollector.get_model_vars_dataframe()], ignore_index=True)
    series.index.name = "period"
    return Results(
        pattern_shares=shares,
        pattern_counts={p: int(counts[i + 1]) for i, p in enumerate(PATTERNS)},
        unresolved=int(pop.count - resolved),
        resolved=resolved,
        customers=int(pop.count),
        active=n_active,
        stage_counts=stage_counts,
        loyalty=loyalty,
        attitude=float(pop.column("attitude")[active_mask].mean()) if n_active else 0.0,
        loyalty_spread={m: (float(pop.column(m)[active_mask].std()) if n_active else 0.0)
                        for m in MEASURES},
        life_curves=life_curves(pop, pattern, model.steps),
        loyalty_types=type_shares,
        ladder=ladder,
        profit=float(model.profit),
        revenue=float(model.revenue_total),
        share_of_wallet=(float(model.bought_total / model.spend_total)
                         if model.spend_total else 0.0),
        mean_clv=float(clv.mean()) if pop.count else 0.0,
        unresolved_share=float(pop.count - resolved) / pop.count if pop.count else 0.0,
        survival=kaplan_meier(pop.column("age"), ended,
                              established_after=model.scenario.periods_per_year,
                              periods_per_year=model.scenario.periods_per_year),
        exit_causes={name: (float(causes[i]) / n_ended if n_ended else 0.0)
                     for i, name in enumerate(EXIT_CAUSES) if name},
        winbacks=dict(model.winbacks),
        series=series,
        scenario=model.scenario.to_dict(),
        seed=model.seed,
    )


def _finite(value: float) -> float | None:
    """Return the value, or None where it is infinite or NaN (JSON has neither)."""
    return float(value) if np.isfinite(value) else None


def life_curves(pop: Any, pattern: np.ndarray, steps: int) -> pd.DataFrame:
    """Mean transaction volume by relationship age for each pattern.

    A customer counts at age ``a`` if the run lasted long enough to observe
    that age (arrival + a < periods run); after the relationship ended its
    volume is 0, so the curve of a pattern shows its rise and its fall. Big
    runs record the volume of a systematic sample of customers (see
    :class:`sim.population.Population`); the curves are the sample's means.
    """
    volume = pop.volume_by_age()  # sampled customers x ages; 0 where not observed
    ages = volume.shape[1]
    horizon = max(steps, 1)
    pattern = pattern[:: pop.volume_stride]
    arrival = pop.column("arrival")[:: pop.volume_stride]
    curves = {}
    # Volume summed by pattern: group the customers by pattern, then add up
    # each group's rows in one pass.
    order = np.argsort(pattern, kind="stable")
    counts = np.bincount(pattern, minlength=5)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    grouped = volume.T[:, order]  # ages x customers, rows contiguous in memory
    totals = np.zeros((ages, 5))
    for code in np.flatnonzero(counts):
        # numpy sums a contiguous float32 row pairwise: accurate and fast
        segment = grouped[:, starts[code]:starts[code] + counts[code]]
        totals[:, code] = segment.sum(axis=1)
    for code, name in enumerate(PATTERNS, start=1):
        # customers of this pattern observed at age a: those who arrived by horizon - 1 - a
        arrived = np.bincount(arrival[pattern == code], minlength=horizon + ages)
        observed_by = np.cumsum(arrived)
        last_arrival = horizon - 1 - np.arange(ages)
        n = np.where(last_arrival >= 0, observed_by[np.maximum(last_arrival, 0)], 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            curves[name] = np.where(n > 0, totals[:, code] / np.maximum(n, 1), np.nan)
    return pd.DataFrame(curves, index=pd.Index(np.arange(ages), name="age"))
