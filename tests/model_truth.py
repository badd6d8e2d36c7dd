"""What the figures should show, computed straight from ``sim.LoyaltyModel``.

The figure and widget tests compare what a figure displays with these
numbers. They are computed here from direct model runs and ``Results``
fields, never through a figure's own ``compute`` (that would compare the
figure with itself), and they are compared at settings chosen so that every
compared number is non-zero and distinct from the others: a figure that
swapped patterns II and III, or showed the comparison run as the main one,
would then be caught.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

import sim
from sim.stages import ENDED, PATTERNS, STAGES

FIGURE_SIZE = {"n_customers": 1000, "periods": 60}


def runs(scenario: sim.Scenario, seeds: Iterable[int]) -> list[tuple[sim.LoyaltyModel, Any]]:
    """Run ``scenario`` at the figures' size once per seed; keep model and results."""
    out = []
    for seed in seeds:
        model = sim.LoyaltyModel(scenario.replace(**FIGURE_SIZE), seed=seed, create_agents=False)
        out.append((model, model.run()))
    return out


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values)


def pattern_truth(results: Sequence[Any], periods: Sequence[int]) -> dict[str, float]:
    """Pattern shares and stage counts at given periods (``st_<stage>@<period>``)."""
    out = {f"p_{p}": mean(r.pattern_shares[p] for r in results) for p in PATTERNS}
    out["resolved"] = mean(r.resolved for r in results)
    for t in periods:
        for s in STAGES:
            out[f"st_{s}@{t}"] = mean(float(r.stage_counts[s].iloc[t]) for r in results)
    return out


def distinct_and_nonzero(values: Sequence[float], gap: float = 0.005) -> bool:
    """True when every value is away from zero and from every other value."""
    if any(abs(v) < gap for v in values):
        return False
    ordered = sorted(values)
    return all(b - a >= gap for a, b in zip(ordered, ordered[1:], strict=False))


def retention_end(results: Any) -> float:
    """Share of everyone who ever arrived still active at the end."""
    return results.active / results.customers


def active_means(model: sim.LoyaltyModel, columns: Sequence[str]) -> dict[str, float]:
    """Mean of population columns over customers still active at the end."""
    pop = model.population
    active = pop.column("stage") < ENDED
    return {c: float(pop.column(c)[active].mean()) for c in columns}


def close(shown: float | None, expected: float, rel: float = 2e-3, abs_tol: float = 1e-3) -> bool:
    """Equal up to the figures' rounding (4 significant digits, series 3 decimals)."""
    return shown is not None and math.isclose(shown, expected, rel_tol=rel, abs_tol=abs_tol)


def tiers(values: np.ndarray, shares: Sequence[float]) -> list[tuple[float, float]]:
    """(mean, share of positive value) of each tier of customers ranked by value."""
    ranked = np.sort(np.asarray(values, dtype=float))[::-1]
    created = float(np.clip(ranked, 0, None).sum())
    bounds = np.cumsum([0] + [int(round(s * len(ranked))) for s in shares])
    bounds[-1] = len(ranked)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        part = ranked[a:b]
        out.append((float(part.mean()), float(np.clip(part, 0, None).sum()) / created))
    return out
