"""The eight stylized facts of the course, each shown by its experiment.

Every experiment uses fixed seeds (sim.facts.SEEDS) and at least 1,000
starting customers per run, averaged over three runs, and checks a margin
well beyond the run-to-run noise, so these tests do not flake.
"""

import numpy as np
import pytest

import sim
from sim import facts

PATTERN_PRESETS = [("aborted", "I"), ("stalled", "II"), ("unfair", "III"), ("lifelong", "IV")]
"""The textbook cause of each pattern, as a preset."""


@pytest.mark.parametrize("preset,pattern", [*PATTERN_PRESETS, ("rivals_overtake", "III")])
def test_each_pattern_preset_makes_its_pattern_most_common(preset, pattern):
    shares = facts.mean_pattern_shares(sim.presets.get(preset))
    ranked = sorted(shares, key=shares.get, reverse=True)
    assert ranked[0] == pattern
    assert shares[ranked[0]] - shares[ranked[1]] > 0.05  # a clear margin, not a coin toss


@pytest.mark.parametrize("preset,pattern", PATTERN_PRESETS)
def test_pattern_presets_hold_for_other_seeds(preset, pattern):
    for seed in (11, 12):
        res = sim.LoyaltyModel(sim.presets.get(preset), seed=seed, n_customers=2000).run()
        assert res.dominant_pattern == pattern


def test_fact1_low_value_aborts():
    fact = facts.fact1_low_value_aborts()
    assert fact.holds, fact.evidence
    assert fact.table.loc["aborted", "I"] > 0.8


def test_fact2_stalled_value_dies_midway():
    fact = facts.fact2_stalled_value_dies_midway()
    assert fact.holds, fact.evidence


def test_fact3_unfairness_raises_pattern_iii():
    fact = facts.fact3_unfairness_early_exit()
    assert fact.holds, fact.evidence
    iii = fact.table["III"].to_numpy()
    assert iii[0] < 0.05 and iii[-1] > 0.6


def test_fact4_lifelong_majority():
    fact = facts.fact4_lifelong_majority()
    assert fact.holds, fact.evidence
    assert fact.table.loc["lifelong", "IV"] > 0.7


def test_fact5_satisfaction_trap():
    fact = facts.fact5_satisfaction_trap()
    assert fact.holds, fact.evidence
    basic = fact.table[fact.table.kind == "basic"]
    latent = fact.table[fact.table.kind == "latent"]
    # diminishing returns: the first half of the basic sweep buys more loyalty than the second
    gains = np.diff(basic["loyalty"].to_numpy())
    assert gains[:2].sum() > 3 * gains[-2:].sum()
    # increasing returns for latent value
    gains = np.diff(latent["loyalty"].to_numpy())
    assert gains[-2:].sum() > 3 * gains[:2].sum()
    assert latent["loyalty"].max() > basic["loyalty"].max() + 0.15


def test_fact6_switching_costs_move_only_repurchase_and_price_tolerance():
    fact = facts.fact6_switching_costs()
    assert fact.holds, fact.evidence
    t = fact.table
    assert t.repurchase.iloc[-1] - t.repurchase.iloc[0] > 0.2
    assert t.price_tolerance.iloc[-1] - t.price_tolerance.iloc[0] > 0.1


def test_fact6_mechanism_holds_customer_by_customer():
    """Holding everything else fixed, switching cost enters only two measures."""
    att, trust, sat, value = np.linspace(0, 1, 11), 0.6, 0.5, 0.7
    low, high = 0.1, 0.8
    m = sim.mechanisms
    assert np.all(m.repurchase_intention(att, high) >= m.repurchase_intention(att, low))
    assert np.all(m.price_tolerance(att, value, high) > m.price_tolerance(att, value, low))
    assert "switching" not in m.cross_buy_intention.__code__.co_varnames
    assert "switching" not in m.referral_intention.__code__.co_varnames
    assert "switching" not in m.attitude.__code__.co_varnames
    assert np.allclose(m.cross_buy_intention(att, trust), att * (0.5 + 0.5 * trust))
    assert np.all(m.referral_intention(att, sat, trust) <= att)


def test_fact7_financial_bond_fades_structural_lasts():
    fact = facts.fact7_bond_durability()
    assert fact.holds, fact.evidence


def test_fact8_lifetime_value():
    fact = facts.fact8_lifetime_value()
    assert fact.holds, fact.evidence


def test_every_fact_has_an_experiment_description():
    assert len(facts.FACTS) == 8
    for number, experiment in enumerate(facts.FACTS, start=1):
        assert experiment.__doc__
        assert experiment.__name__.startswith(f"fact{number}_")
