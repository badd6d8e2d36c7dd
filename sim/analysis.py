"""Helpers for looking at many runs: averages over seeds, sweeps, churn.

One run of an agent-based model is one draw of chance; teaching and grading
should rest on averages over several seeds. These helpers run the fast model
without creating agent views and return plain data.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.model import LoyaltyModel
from sim.results import MEASURES, Results
from sim.scenario import Scenario
from sim.stages import ACTIVE_STAGES, PATTERNS, STAGES


def run(scenario: Scenario | None = None, seed: int | None = 0, **fields: Any) -> Results:
    """Run one model to the end without agent views and return its results."""
    return LoyaltyModel(scenario, seed=seed, create_agents=False, **fields).run()


def run_many(scenario: Scenario | None, seeds: Iterable[int], **fields: Any) -> list[Results]:
    """Run the same scenario once per seed."""
    return [run(scenario, seed=seed, **fields) for seed in seeds]


def churn_rates(results: Results) -> np.ndarray:
    """Share of active customers whose relationship ended, period by period.

    Entry ``t`` is the number of relationships that ended in period ``t + 1``
    divided by the number active at the start of it.
    """
    counts = results.stage_counts
    active = counts[list(ACTIVE_STAGES)].sum(axis=1).to_numpy(dtype=float)
    ended = np.diff(counts["ended"].to_numpy(dtype=float))
    return ended / np.maximum(active[:-1], 1.0)


def summarize(scenario: Scenario | None = None, seeds: Iterable[int] = range(5),
              **fields: Any) -> dict[str, Any]:
    """Run one scenario over several seeds and return the means, JSON-ready.

    Keys: ``pattern_shares``, ``unresolved``, ``stage_counts`` (lists per
    stage, one value per period), ``life_curves`` (lists per pattern, None
    where unobserved), ``loyalty``, ``loyalty_types``, ``profit``,
    ``mean_clv``, ``churn`` (per period), ``seeds`` and ``scenario``.
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed; got an empty list")
    runs = run_many(scenario, seeds, **fields)
    stage = {s: np.mean([r.stage_counts[s].to_numpy() for r in runs], axis=0) for s in STAGES}
    curves = {}
    for p in PATTERNS:
        stacked = np.vstack([r.life_curves[p].to_numpy() for r in runs])
        with warnings.catch_warnings():  # ages no customer of this pattern reached
            warnings.simplefilter("ignore", category=RuntimeWarning)
            mean = np.nanmean(stacked, axis=0)
        curves[p] = [None if np.isnan(v) else float(v) for v in mean]
    return {
        "pattern_shares": {p: float(np.mean([r.pattern_shares[p] for r in runs]))
                           for p in PATTERNS},
        "unresolved": float(np.mean([r.unresolved for r in runs])),
        "customers": float(np.mean([r.customers for r in runs])),
        "stage_counts": {s: v.tolist() for s, v in stage.items()},
        "life_curves": curves,
        "loyalty": {m: float(np.mean([r.loyalty[m] for r in runs])) for m in MEASURES},
        "loyalty_types": {k: float(np.mean([r.loyalty_types[k] for r in runs]))
                          for k in runs[0].loyalty_types},
        "profit": float(np.mean([r.profit for r in runs])),
        "mean_clv": float(np.mean([r.mean_clv for r in runs])),
        "churn": np.mean([churn_rates(r) for r in runs], axis=0).tolist(),
        "seeds": seeds,
        "scenario": runs[0].scenario,
    }


def sweep(scenario: Scenario | None, field: str, values: Sequence[float],
          seeds: Iterable[int] = range(3), **fields: Any) -> pd.DataFrame:
    """Run a scenario for each value of one field; one row per value.

    Columns: the field, the four pattern shares, the four loyalty measures,
    ``unresolved``, ``profit`` and ``mean_clv`` (means over the seeds).
    """
    seeds = list(seeds)
    base = (scenario or Scenario()).replace(**fields)
    rows = []
    for value in values:
        runs = run_many(base.replace(**{field: value}), seeds)
        row: dict[str, float] = {field: value}
        for p in PATTERNS:
            row[p] = float(np.mean([r.pattern_shares[p] for r in runs]))
        for m in MEASURES:
            row[m] = float(np.mean([r.loyalty[m] for r in runs]))
        row["unresolved"] = float(np.mean([r.unresolved for r in runs]))
        row["profit"] = float(np.mean([r.profit for r in runs]))
        row["mean_clv"] = float(np.mean([r.mean_clv for r in runs]))
        rows.append(row)
    return pd.DataFrame(rows)
