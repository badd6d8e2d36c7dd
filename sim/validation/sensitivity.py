"""Global sensitivity analysis: how much each lever moves each outcome (Sobol').

Method: variance-based sensitivity analysis (Saltelli et al. 2010) with
SALib. A quasi-random Sobol' sample of ``N`` base points over every lever's
range, plus the radial rows that change one lever at a time, gives
``N x (k + 2)`` scenarios for ``k`` sampled inputs; each scenario is run
with the same seeds (common random numbers) and its outcomes averaged over
them. For every outcome, the first-order index ``S1`` of a lever is the
share of the outcome's variance it explains alone and the total index
``ST`` the share it is involved in, interactions included; both come with
bootstrap confidence intervals.

Why Sobol' rather than Morris: the issue's questions are about shares of
variance and of the sampled space (does every lever matter somewhere, how
often is each pattern the most common ending), and the Sobol' design
answers both from one uniform sample.

A model run is one draw of chance, so an outcome varies with the seed as
well as with the levers. The seed is therefore sampled as one more input
(:data:`SEED_INPUT`): its column of the design picks an offset added to
every seed of the scenario's runs. Rows that differ in a lever only keep
the same seeds (common random numbers); rows that differ in the seed
input only differ by chance. The seed's total index is thus the share of
an outcome's variance that chance alone produces: the noise floor. A
lever's total effect on an outcome is **non-negligible** when the lower
end of its ``ST`` confidence interval is at least :data:`NEGLIGIBLE_TOTAL`
*and* above the seed's ``ST`` plus its half-width: moving the lever
matters more than re-drawing the customers' luck, even allowing for the
sampling error of the estimate. (An outcome that is almost always the same
value, such as a pattern share that is nearly always 0, gives wild index
estimates with huge intervals; the lower bound keeps them from counting.)
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.scenario import Scenario
from sim.stages import PATTERNS
from sim.validation.criteria import Criterion
from sim.validation.levers import ACTS_THROUGH, Lever, levers, scenarios_from_units
from sim.validation.outcomes import OUTCOMES, most_common_pattern
from sim.validation.runner import RUNAWAY, run_pairs

NEGLIGIBLE_TOTAL = 0.01
"""Total index below which a lever's effect on an outcome is negligible: 1 % of the
outcome's variance, interactions included (the screening threshold of Saltelli et al.;
with 34 levers an average lever carries about 3 %)."""
SEED_INPUT = "seed (noise floor)"
"""Name of the sampled input that only changes the seeds; its indices measure chance."""
SEED_OFFSETS = 1 << 20
"""The seed input picks an offset in ``[0, SEED_OFFSETS)`` added to every seed of a scenario."""
MIN_PATTERN_SPACE = 0.05
"""Each pattern must be the most common ending in at least this share of the sampled space."""
MAX_MEDIAN_UNRESOLVED = 0.20
"""The median share of relationships still unresolved at the end must not exceed this."""
CONF_LEVEL = 0.95
"""Confidence level of the bootstrap intervals."""


@dataclass
class SobolStudy:
    """A finished Sobol' analysis.

    Attributes:
        levers: The levers sampled (the seed input is not one of them).
        table: One row per sampled scenario: the lever values, the outcomes
            averaged over seeds, and ``runaway`` (share of its runs stopped
            early, see :data:`sim.validation.runner.RUNAWAY_FACTOR`).
        indices: Tidy table, one row per (outcome, input): ``S1``,
            ``S1_conf``, ``ST``, ``ST_conf`` (confidence half-widths), the
            seed input included.
        settings: How the study was run (samples, seeds, customers, ...).
    """

    levers: tuple[Lever, ...]
    table: pd.DataFrame
    indices: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)


def problem(chosen: Sequence[Lever]) -> dict[str, Any]:
    """Return the SALib problem: every lever and the seed input, each on [0, 1].

    The sample lives in the unit cube and is mapped onto each lever's range
    by :meth:`Lever.from_unit` (which also handles whole-number levers).
    """
    names = [lever.name for lever in chosen] + [SEED_INPUT]
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def check_samples(samples: int) -> int:
    """Refuse a base sample size that is not a power of two (Sobol' sequences need one)."""
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 2 \
            or samples & (samples - 1):
        raise ValueError(f"samples must be a power of two >= 2 (Sobol' sequence); got {samples!r}")
    return int(samples)


def sample_units(samples: int, chosen: Sequence[Lever], seed: int = 0) -> np.ndarray:
    """Return the Saltelli design in the unit cube: ``samples x (len(chosen) + 3)`` rows."""
    from SALib.sample import sobol as sobol_sample

    return sobol_sample.sample(problem(chosen), check_samples(samples),
                               calc_second_order=False, seed=seed)


def run_sobol(samples: int = 64, seeds: Sequence[int] = (1, 2), *, n_customers: int = 1000,
              periods: int | None = None, chosen: Sequence[Lever] | None = None,
              base: Scenario | None = None, sample_seed: int = 0,
              **runner_options: Any) -> SobolStudy:
    """Sample every lever, run the model, and compute Sobol' indices of every outcome.

    Args:
        samples: Base sample size ``N`` (a power of two); the study runs
            ``N x (levers + 3)`` scenarios, each once per seed.
        seeds: Seeds every scenario runs with, each plus the scenario's seed
            offset (see the module doc).
        n_customers: Customers per run.
        periods: Periods per run (default: the base scenario's).
        chosen: The levers to sample (default: every lever, see :func:`levers`).
        base: Fields that are not sampled come from here (default ``Scenario()``).
        sample_seed: Seed of the scrambled Sobol' sequence and of the bootstrap.
        **runner_options: Passed to :func:`sim.validation.runner.map_calls`
            (``scheduler``, ``workers``, ``progress``).
    """
    chosen = tuple(chosen if chosen is not None else levers())
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed; got an empty list")
    base = (base or Scenario()).replace(n_customers=n_customers)
    if periods is not None:
        base = base.replace(periods=periods)
    units = sample_units(samples, chosen, sample_seed)
    scenarios = scenarios_from_units(units[:, :-1], chosen, base=base)  # last column: seed
    offsets = np.minimum((units[:, -1] * SEED_OFFSETS).astype(np.int64), SEED_OFFSETS - 1)
    pairs = [(sc, seed + int(offset)) for sc, offset in zip(scenarios, offsets, strict=True)
             for seed in seeds]
    runner_options.setdefault("desc", "sensitivity")
    rows = pd.DataFrame(run_pairs(pairs, **runner_options))
    means = rows.groupby(np.repeat(np.arange(len(scenarios)), len(seeds))).mean()
    table = pd.DataFrame({lv.name: [getattr(sc, lv.name) for sc in scenarios] for lv in chosen})
    table["seed_offset"] = offsets
    table = pd.concat([table, means.reset_index(drop=True)], axis=1)
    indices = sobol_indices(units, table, chosen, seed=sample_seed)
    settings = {"method": "sobol", "samples": int(samples), "seeds": seeds,
                "n_customers": int(n_customers), "periods": int(base.periods),
                "scenarios": len(scenarios), "runs": len(scenarios) * len(seeds),
                "sample_seed": int(sample_seed)}
    return SobolStudy(chosen, table, indices, settings)


def sobol_indices(units: np.ndarray, table: pd.DataFrame, chosen: Sequence[Lever],
                  seed: int = 0) -> pd.DataFrame:
    """Compute first-order and total Sobol' indices of every outcome in ``table``.

    Outcomes that do not vary over the sample get indices of 0 (no lever
    moves them). Returns a tidy DataFrame with columns ``outcome``,
    ``lever``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
    """
    from SALib.analyze import sobol as sobol_analyze

    spec = problem(chosen)
    rows = []
    for outcome in OUTCOMES:
        y = table[outcome].to_numpy(dtype=float)
        if not np.all(np.isfinite(y)) or np.ptp(y) == 0:
            result = {k: np.zeros(spec["num_vars"]) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        else:
            with warnings.catch_warnings():  # SALib warns of ties and constant subsets
                warnings.simplefilter("ignore", RuntimeWarning)
                warnings.simplefilter("ignore", UserWarning)
                result = sobol_analyze.analyze(spec, y, calc_second_order=False,
                                               conf_level=CONF_LEVEL, seed=seed)
        for i, name in enumerate(spec["names"]):
            rows.append({"outcome": outcome, "lever": name,
                         **{k: float(np.nan_to_num(result[k][i]))
                            for k in ("S1", "S1_conf", "ST", "ST_conf")}})
    return pd.DataFrame(rows)


def noise_floor(indices: pd.DataFrame) -> pd.Series:
    """Return, per outcome, the total index chance alone reaches: the seed's ST + its half-width."""
    seed = indices[indices["lever"] == SEED_INPUT].set_index("outcome")
    return seed["ST"] + seed["ST_conf"]


def lever_effects(indices: pd.DataFrame, threshold: float = NEGLIGIBLE_TOTAL) -> pd.DataFrame:
    """Return, per lever, its strongest total effect and whether any effect is non-negligible.

    An effect is non-negligible when the total index is at least
    ``threshold`` and the lower end of its 95 % interval is above the noise
    floor (what changing the seeds alone reaches): large enough to matter, and
    surely not chance.

    Columns: ``lever``, ``outcome`` (where the lower end of its ST interval
    is highest), ``ST``,
    ``ST_conf``, ``floor`` (that outcome's noise floor), ``outcomes`` (how
    many outcomes it moves non-negligibly) and ``non_negligible``.
    """
    floor = noise_floor(indices)
    real = indices[indices["lever"] != SEED_INPUT].copy()
    real["floor"] = real["outcome"].map(floor)
    real["lower"] = real["ST"] - real["ST_conf"]
    real["moves"] = (real["ST"] >= threshold) & (real["lower"] > real["floor"])
    rows = []
    for lever, group in real.groupby("lever", sort=False):
        best = group.loc[group["lower"].idxmax()]  # the most surely strong effect
        rows.append({"lever": lever, "outcome": best["outcome"], "ST": best["ST"],
                     "ST_conf": best["ST_conf"], "floor": best["floor"],
                     "outcomes": int(group["moves"].sum()),
                     "non_negligible": bool(group["moves"].any())})
    return pd.DataFrame(rows)


def dominant_pattern_shares(table: pd.DataFrame) -> dict[str, float]:
    """Share of the sampled scenarios in which each pattern is the most common ending.

    Every row of a Saltelli design is a uniform draw of the parameter space,
    so shares of rows are shares of the space. ``"none"`` counts scenarios
    where no relationship was resolved.
    """
    tops = [most_common_pattern(row) for row in table.to_dict("records")]
    n = max(len(tops), 1)
    shares = {p: sum(t == p for t in tops) / n for p in PATTERNS}
    shares["none"] = sum(t is None for t in tops) / n
    return shares


def criteria(study: SobolStudy, threshold: float = NEGLIGIBLE_TOTAL,
             claims: Sequence[Mapping[str, Any]] = ()) -> list[Criterion]:
    """Check the issue's sensitivity criteria on a finished study.

    1. every lever has a non-negligible total effect on at least one outcome,
       or, for a lever that acts only through another
       (:data:`~sim.validation.levers.ACTS_THROUGH`), a directional claim that
       moves it with that other lever set holds (``claims``: the report's
       directional claims, each with ``lever``, ``fixed`` and ``holds``);
    2. each pattern I-IV is the most common ending in at least
       :data:`MIN_PATTERN_SPACE` of the sampled space;
    3. the median unresolved share is at most :data:`MAX_MEDIAN_UNRESOLVED`.
    """
    effects = lever_effects(study.indices, threshold)
    weak = effects.loc[~effects["non_negligible"], "lever"].tolist()
    through = [lever for lever in weak if lever in ACTS_THROUGH and any(
        c["lever"] == lever and ACTS_THROUGH[lever] in c["fixed"] and c["holds"]
        for c in claims)]
    weak = [lever for lever in weak if lever not in through]
    moved = len(effects) - len(weak)
    out = [Criterion(
        "every_lever_matters",
        f"Every lever has a total Sobol' index of at least {threshold:g}, with the lower end "
        "of its 95 % interval above the noise floor, on at least one outcome; a lever that "
        "acts only through another counts when a directional claim moving it, with that "
        "lever set, holds.",
        not weak, float(moved), float(len(effects)),
        f"{moved} of {len(effects)} levers move some outcome"
        + (f", {len(through)} of them only through another lever: {', '.join(through)} "
           "(directional claims)" if through else "")
        + (f"; negligible everywhere: {', '.join(weak)}" if weak else "") + ".")]
    shares = dominant_pattern_shares(study.table)
    for p in PATTERNS:
        out.append(Criterion(
            f"pattern_{p}_somewhere",
            f"Pattern {p} is the most common ending in at least {MIN_PATTERN_SPACE:.0%} of the "
            "sampled space.",
            shares[p] >= MIN_PATTERN_SPACE, shares[p], MIN_PATTERN_SPACE,
            f"Pattern {p} is the most common ending in {shares[p]:.1%} of "
            f"{len(study.table)} sampled scenarios."))
    median = float(study.table["unresolved"].median())
    out.append(Criterion(
        "median_unresolved",
        f"The median share of unresolved relationships is at most {MAX_MEDIAN_UNRESOLVED:.0%}.",
        median <= MAX_MEDIAN_UNRESOLVED, median, MAX_MEDIAN_UNRESOLVED,
        f"Median unresolved share {median:.1%} over {len(study.table)} sampled scenarios."))
    runaway = float((study.table[RUNAWAY] > 0).mean())
    out.append(Criterion(
        "no_runaway",
        "No sampled scenario grows without bound (runs stopped by the runaway guard).",
        runaway == 0.0, runaway, 0.0,
        f"{runaway:.1%} of sampled scenarios had a run stopped for growing past "
        "the runaway cap."))
    return out
