"""The stylized facts of the course, each shown by its experiment.

Every experiment uses fixed seeds (sim.facts.SEEDS) and at least 1,000
starting customers per run, averaged over three runs, and checks a margin
well beyond the run-to-run noise, so these tests do not flake. That the facts
also hold away from their presets is checked by the validation tests.
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


@pytest.mark.parametrize("experiment", facts.FACTS, ids=lambda e: f"fact{e.number}")
def test_fact_holds_on_its_preset(experiment):
    fact = experiment()
    assert fact.holds, fact.evidence
    assert fact.number == experiment.number and fact.claim and fact.experiment


def test_fact1_margin():
    assert facts.fact1_low_value_aborts().table["I"].iloc[0] > 0.8


def test_fact3_pattern_iii_rises_step_by_step_with_price():
    table = facts.fact3_unfairness_early_exit().table
    iii = table["III"].to_numpy()
    assert np.all(np.diff(iii) > 0) and iii[-1] - iii[0] > 0.2
    assert np.all(np.diff(table["margin"]) > 0)


def test_fact5_diminishing_then_increasing_returns():
    """Loyalty gained per unit of satisfaction: falling for basics, rising for delight."""
    table = facts.fact5_satisfaction_trap().table

    def slopes(kind):
        rows = table[table.kind == kind]
        return np.diff(rows["loyalty"].to_numpy()) / np.diff(rows["satisfaction"].to_numpy())

    basic, latent = slopes("basic"), slopes("latent")
    assert basic[0] > 3 * basic[-2]
    assert np.all(np.diff(latent) > 0) and latent[-1] > 1.5 * latent[0]
    assert table[table.kind == "latent"]["loyalty"].max() > (
        table[table.kind == "basic"]["loyalty"].max() + 0.15)


def test_fact6_switching_costs_raise_repurchase_by_a_margin():
    t = facts.fact6_switching_costs().table
    assert t.repurchase.iloc[-1] - t.repurchase.iloc[0] > 0.1
    assert t.price_tolerance.iloc[-1] - t.price_tolerance.iloc[0] > 0.1


def test_fact6_mechanism_holds_customer_by_customer():
    """Holding everything else fixed, switching cost enters only two measures."""
    att, trust, sat, value = np.linspace(0, 1, 11), 0.6, 0.5, 0.7
    m = sim.mechanisms
    low, high = m.hold(0.1, 0.7), m.hold(0.8, 0.7)
    assert np.all(m.repurchase_intention(att[:-1], high) > m.repurchase_intention(att[:-1], low))
    assert np.all(m.price_tolerance(att, value, high) > m.price_tolerance(att, value, low))
    for fn in (m.cross_buy_intention, m.referral_intention, m.attitude):
        assert "held" not in fn.__code__.co_varnames
        assert "switching" not in fn.__code__.co_varnames
    assert np.allclose(m.cross_buy_intention(att, trust, 2), att * (0.5 + 0.5 * trust))
    assert np.all(m.referral_intention(att, sat, trust, 2) <= att)


def test_fact8_model_lifetime_is_one_over_its_churn():
    table = facts.fact8_lifetime_value().table.iloc[2:]
    assert np.all(np.abs(table.value / table.expected - 1) < 0.03)
    # and the churn there is the scenario's outside churn, constant by construction
    assert np.all(np.abs(1 / table.expected - facts.CONSTANT_HAZARD.background_churn) < 0.004)


def test_fact10_profit_has_an_interior_maximum_over_price():
    table = facts.fact10_interior_margin().table
    best = int(table.profit.idxmax())
    assert 0 < best < len(table) - 1
    assert table.profit[best] > 1.2 * max(table.profit.iloc[0], table.profit.iloc[-1])


def test_fact12_bonds_rank_structural_social_financial():
    table = facts.fact12_bond_ranking().table
    after = table.gain_after_imitation
    assert after["structural_bond"] > 1.2 * after["social_bond"] > 0


def test_every_fact_has_an_experiment_description():
    assert [e.number for e in facts.FACTS] == list(range(1, 15))
    for experiment in facts.FACTS:
        assert experiment.claim and experiment.describe
        assert isinstance(experiment.base(), sim.Scenario)
