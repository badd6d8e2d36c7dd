"""The readable per-agent reference model agrees with the fast model.

The two draw their random numbers in different orders, so they are compared
in distribution: means over several seeds of pattern shares, stage counts
period by period, customer counts, loyalty, revenue and profit, at settings
where every compared number is well away from zero.
"""

import numpy as np
import pytest

import sim
from sim.reference import ReferenceCustomer, ReferenceModel
from sim.stages import PATTERNS, STAGES

SEEDS = range(4)
SIZE = {"n_customers": 1200, "periods": 36}


def _fast(preset):
    runs = [sim.LoyaltyModel(sim.presets.get(preset), seed=s, **SIZE).run() for s in SEEDS]
    return {
        "shares": {p: np.mean([r.pattern_shares[p] for r in runs]) for p in PATTERNS},
        "loyalty": {m: np.mean([r.loyalty[m] for r in runs]) for m in runs[0].loyalty},
        "stages": {s: np.mean([r.stage_counts[s].to_numpy() for r in runs], axis=0)
                   for s in STAGES},
        "customers": np.mean([r.customers for r in runs]),
        "revenue": np.mean([r.revenue for r in runs]),
        "profit": np.mean([r.profit for r in runs]),
    }


def _reference(preset):
    runs = [ReferenceModel(sim.presets.get(preset), seed=100 + s, **SIZE).run() for s in SEEDS]
    return {
        "shares": {p: np.mean([r["pattern_shares"][p] for r in runs]) for p in PATTERNS},
        "loyalty": {m: np.mean([r["loyalty"][m] for r in runs]) for m in runs[0]["loyalty"]},
        "stages": {s: np.mean([[row[s] for row in r["stage_history"]] for r in runs], axis=0)
                   for s in STAGES},
        "customers": np.mean([r["customers"] for r in runs]),
        "revenue": np.mean([r["revenue"] for r in runs]),
        "profit": np.mean([r["profit"] for r in runs]),
    }


@pytest.mark.parametrize("preset", ["aborted", "stalled", "unfair", "lifelong", "financial_bond"])
def test_reference_agrees_statistically(preset):
    fast, ref = _fast(preset), _reference(preset)
    for p in PATTERNS:
        assert ref["shares"][p] == pytest.approx(fast["shares"][p], abs=0.05), p
    for m in fast["loyalty"]:
        assert ref["loyalty"][m] == pytest.approx(fast["loyalty"][m], abs=0.04), m
    population = fast["customers"]
    assert ref["customers"] == pytest.approx(population, rel=0.05)
    for stage in STAGES:  # every period, within 5 % of the population
        assert len(ref["stages"][stage]) == len(fast["stages"][stage]) == SIZE["periods"] + 1
        gap = np.abs(ref["stages"][stage] - fast["stages"][stage]).max()
        assert gap < 0.05 * population, (stage, gap)
    assert ref["revenue"] == pytest.approx(fast["revenue"], rel=0.06, abs=0.02 * population)
    assert ref["profit"] == pytest.approx(fast["profit"], rel=0.1, abs=0.02 * population)


def test_the_comparison_can_tell_different_scenarios_apart():
    """The tolerances above are tight enough to notice a real difference."""
    fast, ref = _fast("lifelong"), _reference("unfair")
    assert abs(ref["shares"]["IV"] - fast["shares"]["IV"]) > 0.05
    assert abs(ref["profit"] - fast["profit"]) > 0.1 * abs(fast["profit"])


def test_reference_customers_are_plain_agents_with_step():
    model = ReferenceModel(seed=1, n_customers=20, periods=3)
    model.run()
    assert all(isinstance(a, ReferenceCustomer) for a in model.customers)
    assert all(callable(a.step) for a in model.customers)
    summary = model.summary()
    assert sum(summary["stages"].values()) == summary["customers"]
    assert len(model.rivals) == model.scenario.n_rivals


def test_reference_is_reproducible():
    a = ReferenceModel(seed=5, n_customers=100, periods=12).run()
    b = ReferenceModel(seed=5, n_customers=100, periods=12).run()
    assert a == b
