"""Robustness: do the stylized facts hold beyond their presets, and the claims across the space?

Two checks, both generic (the facts and claims themselves are registered
in :mod:`sim.validation.checks`):

**Robust facts.** A fact shown by a preset should not sit on a knife edge.
:func:`robust_fact` moves *every* lever of the preset at once, each by a
quasi-random amount of up to ``step`` (default 0.1) times the width of the
lever's range (so up to 0.1 on the 0-1 fields; whole-number fields by at
least one unit), reflects values that fall outside a field's documented
range back inside it (``-0.03`` becomes ``0.03``), rounds whole-number
fields to the nearest whole number, and
returns the share of perturbed scenarios in which the fact's predicate
still holds.

**Directional claims.** "More X gives more (or less) Y" should hold for
comparable customers almost everywhere, not only at the default.
:func:`directional_claim` draws quasi-random *interior* base scenarios
(every lever in the inner part of its range, the moved lever low enough
that the step stays inside), runs each base scenario and the same scenario
with the lever moved by ``step``, with the same seeds (paired), and returns
the share of base scenarios where the outcome, averaged over the seeds,
moved the claimed way.

Tie rule: a difference within ``tolerance`` (default 0: exactly equal) is a
tie. A tie does **not** support a claim that the outcome rises or falls
(``"increase"``, ``"decrease"``): nothing moved. It **does** support a
claim that it does not rise or fall (``"no increase"``,
``"no decrease"``). Ties are counted and reported either way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.scenario import Scenario
from sim.validation.levers import Lever, levers
from sim.validation.outcomes import OUTCOMES, RATIO_BASES
from sim.validation.runner import evaluate, map_calls

Predicate = Callable[[Scenario, Sequence[int]], bool]
"""A fact as a test: given a scenario and seeds, run the model and say whether the fact holds."""

DIRECTIONS = ("increase", "decrease", "no increase", "no decrease")
"""The directions a claim can name."""
STEP = 0.1
"""Default perturbation of a robust fact, as a share of each lever's range."""
INTERIOR = 0.1
"""Directional claims draw base values from the inner ``1 - 2 x INTERIOR`` of each range."""
MIN_BASE = 30
"""Fewest relationships a share of a subset may rest on in a directional comparison.

With 30 relationships one ending differently moves the share by about 3
points, the size of the effects the claims look for; below that the
comparison is noise (see ``bounds`` in :func:`directional_claim`).
"""
REQUIRED_SHARE = 0.9
"""The issue's bar: a fact or claim must hold in at least 90 % of the cases drawn."""


@dataclass
class RobustnessResult:
    """How often a fact survived perturbation of its preset.

    Attributes:
        share: Share of perturbed scenarios in which the fact held.
        n: Number of perturbed scenarios.
        holds_at_base: Whether the fact held at the unperturbed preset.
        table: One row per perturbed scenario: lever values and ``holds``.
    """

    share: float
    n: int
    holds_at_base: bool
    table: pd.DataFrame = field(repr=False)


@dataclass
class DirectionalResult:
    """How often an outcome moved the claimed way across base scenarios.

    Attributes:
        share: Share of base scenarios supporting the claim (ties per the tie rule).
        n: Number of base scenarios.
        ties: Number of base scenarios where the outcome did not move.
        table: One row per base scenario: lever values, ``base``, ``moved``,
            ``difference`` and ``supports``.
    """

    share: float
    n: int
    ties: int
    table: pd.DataFrame = field(repr=False)


def _qmc_units(n: int, dims: int, seed: int) -> np.ndarray:
    """Return ``n`` scrambled Sobol' points in ``[0, 1]^dims`` (quasi-random, reproducible)."""
    from scipy.stats import qmc

    if n < 1:
        raise ValueError(f"the number of scenarios must be at least 1; got {n}")
    sampler = qmc.Sobol(d=max(dims, 1), scramble=True, seed=seed)
    m = math.ceil(math.log2(n)) if n > 1 else 0
    return sampler.random_base2(m)[:n]  # a power of two keeps the sequence balanced


def reflect(value: float, low: float, high: float | None) -> float:
    """Fold a value that left ``[low, high]`` back inside, as a mirror would."""
    for _ in range(4):  # a step never exceeds the range, so one or two folds suffice
        if value < low:
            value = 2 * low - value
        elif high is not None and value > high:
            value = 2 * high - value
        else:
            break
    return min(max(value, low), high if high is not None else value)


def reach(lever: Lever, step: float) -> float:
    """Return the largest move of a lever, in its own units: ``step`` times its range width.

    A whole-number lever moves by at least one unit, or a lever with few
    values (1 to 4 rivals: a tenth of the range is 0.3) would never move.
    """
    amount = step * lever.width
    return max(amount, 1.0) if lever.integer else amount


def perturb(base: Scenario, moves: Mapping[str, float], chosen: Sequence[Lever]
            ) -> Scenario:
    """Move each lever of ``base`` by ``moves[name]`` (field units), reflected inside its range.

    Whole-number fields are rounded to the nearest whole number after reflection.
    """
    changes: dict[str, float | int] = {}
    for lever in chosen:
        spec = Scenario.spec(lever.name)
        value = getattr(base, lever.name) + moves.get(lever.name, 0.0)
        value = reflect(value, spec.low, spec.high)
        changes[lever.name] = int(round(value)) if lever.integer else value
    return base.replace(**changes)


def perturbed_scenarios(base: Scenario, n: int, *, step: float = STEP,
                        chosen: Sequence[Lever] | None = None, seed: int = 0
                        ) -> list[Scenario]:
    """Return ``n`` quasi-random perturbations of ``base`` (every lever moved by up to ``step``)."""
    if not 0 < step <= 0.5:
        raise ValueError(f"step must be a share of each range in (0, 0.5]; got {step!r}")
    chosen = tuple(chosen if chosen is not None else levers())
    units = _qmc_units(n, len(chosen), seed)
    return [perturb(base, {lv.name: (2.0 * u - 1.0) * reach(lv, step)
                           for lv, u in zip(chosen, row, strict=True)}, chosen)
            for row in units[:, :len(chosen)]]


def _check(predicate: Predicate, fields: dict[str, Any], seeds: tuple[int, ...]) -> bool:
    """Evaluate a predicate on one scenario (the unit of work sent to a worker)."""
    return bool(predicate(Scenario(**fields), seeds))


def robust_fact(base: Scenario, predicate: Predicate, *, n: int = 64,
                seeds: Sequence[int] = (1, 2, 3), step: float = STEP,
                chosen: Sequence[Lever] | None = None, seed: int = 0,
                **runner_options: Any) -> RobustnessResult:
    """Return the share of perturbed versions of ``base`` in which a fact still holds.

    Args:
        base: The preset's scenario (its non-lever fields, such as
            ``n_customers``, are kept).
        predicate: ``predicate(scenario, seeds) -> bool``; a module-level
            function or an instance of a module-level class, so Dask
            workers can import it.
        n: Number of perturbed scenarios.
        seeds: Seeds handed to the predicate.
        step: Largest move of each lever, as a share of its range.
        chosen: Levers to move (default: every lever).
        seed: Seed of the quasi-random perturbations.
        **runner_options: Passed to :func:`sim.validation.runner.map_calls`.
    """
    seeds = tuple(int(s) for s in seeds)
    chosen = tuple(chosen if chosen is not None else levers())
    scenarios = perturbed_scenarios(base, n, step=step, chosen=chosen, seed=seed)
    calls = [(predicate, sc.to_dict(), seeds) for sc in [base, *scenarios]]
    runner_options.setdefault("desc", "robust fact")
    verdicts = map_calls(_check, calls, **runner_options)
    table = pd.DataFrame([{lv.name: getattr(sc, lv.name) for lv in chosen}
                          for sc in scenarios])
    table["holds"] = verdicts[1:]
    return RobustnessResult(float(np.mean(verdicts[1:])), len(scenarios), bool(verdicts[0]),
                            table)


def interior_bases(n: int, lever: Lever, step: float, *, chosen: Sequence[Lever],
                   base: Scenario, fixed: Mapping[str, float | int] | None = None,
                   interior: float = INTERIOR, seed: int = 0) -> list[Scenario]:
    """Draw ``n`` quasi-random interior base scenarios for moving ``lever`` by ``step``.

    Every sampled lever takes a value in the inner part of its range
    (``interior`` of the width cut off at each end); the moved lever's value
    is drawn so that it is interior and ``value + step`` stays in its range.
    Fields in ``fixed`` are held at their given value.
    """
    fixed = dict(fixed or {})
    sampled = [lv for lv in chosen if lv.name not in fixed and lv.name != lever.name]
    lo = max(lever.low + interior * lever.width, lever.low - min(step, 0.0))
    hi = min(lever.high - interior * lever.width, lever.high - max(step, 0.0))
    if lo > hi:
        raise ValueError(f"a step of {step} on {lever.name!r} leaves no interior base value "
                         f"in [{lever.low}, {lever.high}]")
    units = _qmc_units(n, len(sampled) + 1, seed)
    out = []
    for row in units:
        values: dict[str, float | int] = {
            lv.name: lv.from_unit(interior + (1.0 - 2.0 * interior) * u)
            for lv, u in zip(sampled, row[1:], strict=True)}
        moved = lo + row[0] * (hi - lo)
        values[lever.name] = int(round(moved)) if lever.integer else moved
        values.update(fixed)
        out.append(base.replace(**values))
    return out


def supports(difference: float, direction: str, tolerance: float = 0.0) -> bool:
    """Apply the tie rule: does a moved-minus-base difference support the claimed direction?"""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}")
    tie = abs(difference) <= tolerance
    return {
        "increase": not tie and difference > 0,
        "decrease": not tie and difference < 0,
        "no increase": tie or difference < 0,
        "no decrease": tie or difference > 0,
    }[direction]


def directional_claim(lever: str, step: float, outcome: str, direction: str, *,
                      n: int = 64, seeds: Sequence[int] = (1, 2),
                      base: Scenario | None = None,
                      fixed: Mapping[str, float | int] | None = None,
                      chosen: Sequence[Lever] | None = None, interior: float = INTERIOR,
                      tolerance: float = 0.0, bounds: tuple[float, float] | None = None,
                      seed: int = 0, **runner_options: Any) -> DirectionalResult:
    """Return the share of interior base scenarios where moving ``lever`` moves ``outcome`` so.

    Args:
        lever: The scenario field moved (need not be a sampled lever).
        step: How far it is moved, in the field's own units (negative to lower it).
        outcome: One of :data:`sim.validation.outcomes.OUTCOMES`.
        direction: One of :data:`DIRECTIONS`.
        n: Number of base scenarios.
        seeds: Seeds each base and moved scenario runs with (paired).
        base: Fields not sampled (``n_customers``, ``periods`` ...) come from here.
        fixed: Fields held at a value in every base scenario (the claim's
            conditions, e.g. ``{"value_innovation": 0.0}``).
        chosen: Levers sampled (default: every lever).
        interior: Share of each range cut off at both ends.
        tolerance: Differences within this are ties (see the module doc).
        bounds: The outcome's bounds (0 and 1 for a share). A base scenario
            where the outcome sits at the same bound before and after the move
            cannot show any change (a share of 0 cannot fall, a share of 1
            cannot rise) and is left out of the share, and counted in ``ties``.
            Likewise, for a share of a subset of relationships
            (:data:`~sim.validation.outcomes.RATIO_BASES`), a base scenario
            whose subset holds fewer than :data:`MIN_BASE` relationships (mean
            over the seeds) before or after the move is left out and counted
            in ``ties``: one relationship more or less moves such a share by
            several points, whatever the lever did.
        seed: Seed of the quasi-random base scenarios.
        **runner_options: Passed to :func:`sim.validation.runner.map_calls`.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
    supports(0.0, direction)  # refuse an unknown direction before running anything
    if not step:
        raise ValueError(f"step must be non-zero; got {step!r}")
    seeds = [int(s) for s in seeds]
    chosen = tuple(chosen if chosen is not None else levers())
    moved_lever = next((lv for lv in chosen if lv.name == lever), None) or levers([lever])[0]
    bases = interior_bases(n, moved_lever, step, chosen=chosen, base=base or Scenario(),
                           fixed=fixed, interior=interior, seed=seed)
    moved = [sc.replace(**{lever: getattr(sc, lever) + step}) for sc in bases]
    calls = [(sc.to_dict(), s) for pair in zip(bases, moved, strict=True) for sc in pair
             for s in seeds]
    runner_options.setdefault("desc", "directional claim")
    rows = map_calls(evaluate, calls, **runner_options)
    values = np.array([row[outcome] for row in rows]).reshape(len(bases), 2, len(seeds))
    before, after = values[:, 0, :].mean(axis=1), values[:, 1, :].mean(axis=1)
    diff = after - before
    verdicts = np.array([supports(d, direction, tolerance) for d in diff])
    table = pd.DataFrame([{lv.name: getattr(sc, lv.name) for lv in chosen} for sc in bases])
    table["base"], table["moved"], table["difference"] = before, after, diff
    table["supports"] = verdicts
    pinned = np.zeros(len(bases), dtype=bool)
    if bounds is not None:
        pinned = np.any([(np.abs(before - b) < 1e-12) & (np.abs(after - b) < 1e-12)
                         for b in bounds], axis=0)
    thin = np.zeros(len(bases), dtype=bool)
    if outcome in RATIO_BASES:
        base_n = np.array([row[f"n_{outcome}"] for row in rows]).reshape(len(bases), 2,
                                                                         len(seeds))
        thin = base_n.mean(axis=2).min(axis=1) < MIN_BASE
        pinned = pinned | thin
    table["at_bound"] = pinned
    table["thin"] = thin
    ties = int(np.sum((np.abs(diff) <= tolerance) | thin))
    counted = verdicts[~pinned]
    share = float(np.mean(counted)) if counted.size else 0.0
    return DirectionalResult(share, int(counted.size), ties, table)
