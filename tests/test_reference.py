"""The readable per-agent reference model agrees with the fast model."""

import pytest

import sim
from sim.reference import ReferenceCustomer, ReferenceModel

SEEDS = range(4)
SIZE = {"n_customers": 400, "periods": 36}


def _fast(preset):
    runs = [sim.LoyaltyModel(sim.presets.get(preset), seed=s, **SIZE).run() for s in SEEDS]
    return ({p: sum(r.pattern_shares[p] for r in runs) / len(runs) for p in "I II III IV".split()},
            {m: sum(r.loyalty[m] for r in runs) / len(runs) for m in runs[0].loyalty})


def _reference(preset):
    runs = [ReferenceModel(sim.presets.get(preset), seed=100 + s, **SIZE).run() for s in SEEDS]
    return ({p: sum(r["pattern_shares"][p] for r in runs) / len(runs)
             for p in "I II III IV".split()},
            {m: sum(r["loyalty"][m] for r in runs) / len(runs) for m in runs[0]["loyalty"]})


@pytest.mark.parametrize("preset", ["aborted", "stalled", "unfair", "lifelong"])
def test_reference_agrees_statistically(preset):
    fast_shares, fast_loyalty = _fast(preset)
    ref_shares, ref_loyalty = _reference(preset)
    for p in fast_shares:
        assert ref_shares[p] == pytest.approx(fast_shares[p], abs=0.06), p
    for m in fast_loyalty:
        assert ref_loyalty[m] == pytest.approx(fast_loyalty[m], abs=0.05), m


def test_reference_customers_are_plain_agents_with_step():
    model = ReferenceModel(seed=1, n_customers=20, periods=3)
    model.run()
    assert all(isinstance(a, ReferenceCustomer) for a in model.agents)
    assert all(callable(a.step) for a in model.agents)
    summary = model.summary()
    assert sum(summary["stages"].values()) == summary["customers"]


def test_reference_is_reproducible():
    a = ReferenceModel(seed=5, n_customers=100, periods=12).run()
    b = ReferenceModel(seed=5, n_customers=100, periods=12).run()
    assert a == b
