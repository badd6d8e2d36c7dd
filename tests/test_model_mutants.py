"""The fast model does what issue 14's model mutants broke, checked on the model itself.

Each test names a behaviour of the lifecycle model that a deliberate
mutation once removed without any test noticing (issue 14's table), and
checks it on the fast model (`sim.LoyaltyModel`) with expected values taken
from the customers' own traits and intentions, not from the code path
under test. `benchmarks/README.md` records each mutant and the test that
now fails on it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import sim
from sim import mechanisms as mech
from sim.stages import ENDED, EXIT_CAUSES, STABILITY


def _model(**fields) -> sim.LoyaltyModel:
    return sim.LoyaltyModel(seed=fields.pop("seed", 4), create_agents=False, **fields)


def test_prospects_too_small_to_develop_are_dropped_after_their_first_trial():
    """Development threshold: every prospect whose wallet is below it, and no other, is let go."""
    model = _model(n_customers=3000, periods=3, development_threshold=0.5)
    model.run()
    pop = model.population
    small = pop.column("wallet") < 0.5
    dropped = pop.column("exit_cause") == EXIT_CAUSES.index("dropped")
    assert 100 < small.sum() < 2000  # the threshold bites on a real share of prospects
    assert np.array_equal(dropped, small)
    assert np.all(pop.column("stage")[small] == ENDED)
    assert np.all(pop.column("pattern")[small] == 1)  # pattern I
    assert np.all(pop.column("age")[small] == 1)  # after their first purchase
    assert np.all(pop.column("ended_at")[small] == pop.column("arrival")[small] + 1)

    keep_all = _model(n_customers=3000, periods=3, development_threshold=0.0)
    keep_all.run()
    assert not np.any(keep_all.population.column("exit_cause") == EXIT_CAUSES.index("dropped"))


def test_referrals_bring_new_customers_in_proportion_to_referral_intention():
    """Each period, referrals bring Poisson(strength x summed referral intention) prospects."""
    strength = 0.02
    model = _model(n_customers=2000, periods=48, acquisition_rate=0.0,
                   referral_strength=strength, supplier_value=0.7, latent_value=0.4)
    expected = 0.0
    while model.steps < model.scenario.periods:
        if model.steps > 0:
            # customers evaluated in the last period: still active, or ended in it
            pop = model.population
            evaluated = (pop.column("stage") < ENDED) | (pop.column("ended_at") == model.steps)
            expected += strength * float(pop.column("referral")[evaluated].sum())
        model.step()
    source = model.population.column("source")
    referred = int(np.count_nonzero(source == 2))
    assert expected > 300
    assert abs(referred - expected) < 5 * math.sqrt(expected), (referred, expected)
    assert np.count_nonzero(source == 1) == 0  # no marketing: every newcomer was referred
    assert model.population.count == 2000 + referred
    assert model.results().to_dict()  # the referred customers are part of the results

    silent = _model(n_customers=2000, periods=48, acquisition_rate=0.0, referral_strength=0.0,
                    supplier_value=0.7, latent_value=0.4)
    silent.run()
    assert silent.population.count == 2000


def test_declining_customers_come_back_only_through_the_suppliers_winback_offers():
    """In decline nobody recovers on their own: only a win-back offer the supplier chose to make."""
    base = dict(n_customers=3000, periods=60, price=1.2, relational_share=0.8)
    # the supplier makes no offers: nobody comes back
    res = _model(winback_effort=0.0, **base).run()
    assert res.winbacks["let_go"] > 100
    assert res.winbacks["offered"] == 0 and res.winbacks["won_back"] == 0
    # sold at cost, no customer repays an offer: none is made, nobody comes back
    res = _model(winback_effort=0.5, **{**base, "price": 1.0, "unit_cost": 1.0}).run()
    assert res.winbacks["let_go"] > 100
    assert res.winbacks["offered"] == 0 and res.winbacks["won_back"] == 0
    # generous offers: customers come back, but never more than were offered
    res = _model(winback_effort=1.0, winback_cost=0.0, **base).run()
    assert 0 < res.winbacks["won_back"] <= res.winbacks["offered"]


def test_each_purchase_varies_in_quality():
    """Basic satisfaction of identical customers varies with each purchase's quality."""
    fields = dict(n_customers=4000, periods=1, expectation_spread=0.0, wallet_spread=0.0,
                  orientation_spread=0.0, switching_sensitivity_spread=0.0,
                  development_threshold=0.0, supplier_value=0.6, competitor_value=0.5, n_rivals=1,
                  initial_expectation=0.5)
    model = _model(**fields)
    model.run()
    observed = model.population.column("basic_satisfaction").astype(float)
    # What the first purchase should give: value 0.6 against expectation 0.5 plus a quality
    # draw, uniform with standard deviation QUALITY_NOISE (drawn here, independently).
    rng = np.random.default_rng(0)
    half_width = mech.QUALITY_NOISE * math.sqrt(3.0)
    expected = mech.basic_satisfaction(0.6 + rng.uniform(-half_width, half_width, 200_000), 0.5)
    assert observed.std() == pytest.approx(expected.std(), rel=0.1)
    assert observed.mean() == pytest.approx(expected.mean(), abs=0.01)
    assert observed.min() >= expected.min() - 1e-3 and observed.max() <= expected.max() + 1e-3


def test_an_unfair_split_drives_customers_out_of_stability():
    """Customers in stability judge the price's split of gains; an unfair one ends relationships."""
    fair = _model(n_customers=2000, supplier_value=0.7, value_innovation=0.6, latent_value=0.3,
                  relational_share=0.8, price=0.9)
    squeezed = _model(n_customers=2000, supplier_value=0.7, value_innovation=0.6,
                      latent_value=0.3, relational_share=0.8, price=1.3)
    results = {"fair": fair.run(), "squeezed": squeezed.run()}
    stable = squeezed.population.column("stage") == STABILITY
    felt = squeezed.population.column("unfairness")[stable]
    assert stable.sum() > 50 and felt.mean() > 0.1
    assert fair.population.column("unfairness")[
        fair.population.column("stage") == STABILITY].mean() < 0.5 * felt.mean()
    assert results["squeezed"].exit_causes["unfair"] > 0.3
    assert results["squeezed"].exit_causes["unfair"] > 3 * results["fair"].exit_causes["unfair"]
    assert results["squeezed"].pattern_shares["III"] > results["fair"].pattern_shares["III"] + 0.1
