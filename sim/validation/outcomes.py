"""The outcomes a validation looks at, read from one run's :class:`sim.Results`.

Each outcome is one named function of a run's results, listed in
:data:`OUTCOMES`; adding an outcome is adding one line there. Every
sensitivity index, robustness share and report table is computed for every
outcome listed, in this order.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.loyalty_types import LOYALTY_TYPES
from sim.results import MEASURES, Results
from sim.stages import PATTERNS


def churn(results: Results) -> float:
    """Relationships ended per active customer-period over the whole run.

    The number of relationships that ended during the run divided by the
    sum, over periods, of the customers active at the start of each period:
    the average per-period hazard, weighted by how many were at risk.
    """
    counts = results.stage_counts
    ended = counts["ended"].to_numpy(dtype=float)
    at_risk = counts.drop(columns="ended").to_numpy(dtype=float).sum(axis=1)[:-1].sum()
    return float((ended[-1] - ended[0]) / at_risk) if at_risk else 0.0


def unresolved_share(results: Results) -> float:
    """Share of all relationships still undecided at the end of the run."""
    return results.unresolved / results.customers if results.customers else 0.0


def _pattern(name: str) -> Callable[[Results], float]:
    def share(results: Results) -> float:
        return results.pattern_shares[name]

    share.__doc__ = f"Share of pattern {name} among resolved relationships."
    return share


def _measure(name: str) -> Callable[[Results], float]:
    def mean(results: Results) -> float:
        return results.loyalty[name]

    mean.__doc__ = f"Mean {name.replace('_', ' ')} of the customers active at the end."
    return mean


def _loyalty_type(name: str) -> Callable[[Results], float]:
    def share(results: Results) -> float:
        return results.loyalty_types[name]

    share.__doc__ = f"Share of {name} loyalty among the customers active at the end."
    return share


def early_exits_of_stable(results: Results) -> float:
    """Share of relationships that reached stability and ended early in it (III / (III + IV)).

    The pattern III share among relationships that got that far: how often a
    relationship that matured still ended early, whatever happened earlier on.
    """
    counts = results.pattern_counts
    stable = counts["III"] + counts["IV"]
    return counts["III"] / stable if stable else 0.0


def midway_deaths_of_passed(results: Results) -> float:
    """Share of relationships past exploration that died in formation (II / (II + III + IV))."""
    counts = results.pattern_counts
    passed = counts["II"] + counts["III"] + counts["IV"]
    return counts["II"] / passed if passed else 0.0


def won_back_of_declined(results: Results) -> float:
    """Share of the customers who entered decline that the supplier won back.

    The decline stage's own outcome: how often the supplier's diagnosis
    ended in an offer that worked (offers made only where the customer's
    expected margin repays the offer's cost).
    """
    decisions = results.winbacks
    declined = decisions["offered"] + decisions["let_go"]
    return decisions["won_back"] / declined if declined else 0.0


OUTCOMES: dict[str, Callable[[Results], float]] = {
    **{f"pattern_{p}": _pattern(p) for p in PATTERNS},
    "III_of_stable": early_exits_of_stable,
    "II_of_passed": midway_deaths_of_passed,
    "unresolved": unresolved_share,
    "churn": churn,
    "annual_churn": lambda r: r.annual_churn,
    **{m: _measure(m) for m in MEASURES},
    "repurchase_spread": lambda r: r.loyalty_spread["repurchase"],
    "share_of_wallet": lambda r: r.share_of_wallet,
    **{f"type_{name.replace('-', '_')}": _loyalty_type(name) for name in LOYALTY_TYPES},
    "profit_per_customer": lambda r: r.profit / r.customers if r.customers else 0.0,
    "mean_clv": lambda r: r.mean_clv,
    "won_back": won_back_of_declined,
}
"""Outcome name -> function of a run's results, in report order."""

RATIO_BASES: dict[str, Callable[[Results], float]] = {
    "III_of_stable": lambda r: r.pattern_counts["III"] + r.pattern_counts["IV"],
    "II_of_passed": lambda r: sum(r.pattern_counts[p] for p in ("II", "III", "IV")),
    "won_back": lambda r: r.winbacks["offered"] + r.winbacks["let_go"],
}
"""Outcomes that are shares of a subset of relationships -> how many relationships that is.

A share of a handful of relationships moves by whole fractions when one of
them ends differently, so a comparison of such shares says nothing about a
lever; the directional claims leave out base scenarios where the subset is
too small (see :func:`sim.validation.robustness.directional_claim`).
"""


def base_counts(results: Results) -> dict[str, float]:
    """Return, per ratio outcome, the number of relationships it is a share of (``n_<name>``)."""
    return {f"n_{name}": float(count(results)) for name, count in RATIO_BASES.items()}


PATTERN_OUTCOMES = tuple(f"pattern_{p}" for p in PATTERNS)
"""The outcomes holding the four pattern shares (for the most-common-ending checks)."""


def outcomes(results: Results) -> dict[str, float]:
    """Return every outcome of one run, as plain floats, in :data:`OUTCOMES` order."""
    return {name: float(extract(results)) for name, extract in OUTCOMES.items()}


def most_common_pattern(row: dict[str, float]) -> str | None:
    """Return the pattern with the largest share in an outcome row ("I" ... "IV").

    None when no relationship was resolved (all shares 0). Ties go to the
    earlier pattern, as ``max`` does.
    """
    shares = [row[name] for name in PATTERN_OUTCOMES]
    if not np.any(np.asarray(shares) > 0):
        return None
    return PATTERNS[int(np.argmax(shares))]
