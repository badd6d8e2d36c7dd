"""Every number each figure's ``compute`` returns, against direct model runs (issue 14).

``tests/test_widgets.py`` compares a few headline numbers at off-grid settings; this
file checks, for one fixed seed and settings where the compared numbers are
non-zero and distinct, *every* series and number each figure module computes,
and the words its ``describe`` derives from them. Expected values come from
``sim.LoyaltyModel`` runs made here and from ``Results`` fields, never through
the figure's own helpers (``sim.widgets.figures.common``). It is fast (one seed,
each scenario run once) so that it can also serve the widgets' mutation run.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from model_truth import distinct_and_nonzero, tiers

import sim
from sim import presets
from sim.facts import BOND_MARKET
from sim.loyalty_types import LOYALTY_TYPES
from sim.scenario import Scenario
from sim.stages import ENDED, PATTERNS, STAGES
from sim.widgets.figures import (
    bonding,
    common,
    customer_value,
    drivers,
    lifecycle,
    programme,
    retention,
    satisfaction_trap,
    scenarios,
    tour,
)

SEED = 1
SIZE = {"n_customers": 1000, "periods": 60}
MEASURES = ("repurchase", "cross_buy", "referral", "price_tolerance")


@functools.lru_cache(maxsize=32)
def _direct(scenario: Scenario, seed: int = SEED):
    model = sim.LoyaltyModel(scenario.replace(**SIZE), seed=seed, create_agents=False)
    return model, model.run()


def _run(base: Scenario | None = None, **fields):
    return _direct((base or Scenario()).replace(**fields))


def _stage_counts(res, stage: str) -> list[float]:
    return [float(v) for v in res.stage_counts[stage]]


def _every(values: list, step: int) -> list:
    """Every step-th value and the last one (the figures' sampling, written out again)."""
    picked = [values[i] for i in range(0, len(values), step)]
    if (len(values) - 1) % step:
        picked.append(values[-1])
    return picked


def _retention(res) -> list[float]:
    counts = res.stage_counts
    total = counts.sum(axis=1).to_numpy(dtype=float)
    ended = counts["ended"].to_numpy(dtype=float)
    return list((total - ended) / total)


def _approx(values, expected, abs_tol=1e-9):
    assert len(values) == len(expected)
    for i, (a, b) in enumerate(zip(values, expected, strict=True)):
        if b is None or (isinstance(b, float) and math.isnan(b)):
            assert a is None, i
        else:
            assert a == pytest.approx(b, rel=1e-9, abs=abs_tol), i


def _check_patterns(out, res):
    shares = [float(res.pattern_shares[p]) for p in PATTERNS]
    assert distinct_and_nonzero(shares), shares  # a swap of two patterns would show
    n = out["n"]
    assert [n[f"p_{p}"] for p in PATTERNS] == pytest.approx(shares)
    assert out["s"]["patterns"] == pytest.approx(shares)
    assert n["resolved"] == res.resolved and n["unresolved"] == res.unresolved
    assert n["unresolved_share"] == pytest.approx(res.unresolved / (res.resolved
                                                                    + res.unresolved))
    assert n["unresolved"] > 0


def _check_stages(out, res, step=1):
    for stage in STAGES:
        _approx(out["s"][f"st_{stage}"], _every(_stage_counts(res, stage), step))


def _check_curves(out, res, step=1, decimals=None):
    for p in PATTERNS:
        curve = [None if math.isnan(float(v)) else float(v) for v in res.life_curves[p]]
        expected = _every(curve, step)
        if decimals is not None:
            expected = [None if v is None else round(v, decimals) for v in expected]
        _approx(out["s"][f"lc_{p}"], expected)
        assert any(v for v in out["s"][f"lc_{p}"]), p


def _words_of_dominant(out):
    shares = {p: out["n"][f"p_{p}"] for p in PATTERNS}
    return max(shares, key=shares.get)


# --- the pattern figures ------------------------------------------------------------------

def test_tour_shows_stage_flows_arrivals_and_patterns_of_its_own_run():
    values = {"supplier_value": 0.5, "price": 1.1}
    model, res = _run(supplier_value=0.5, price=1.1)
    out = tour.compute(values, SEED)
    _check_patterns(out, res)
    _check_stages(out, res)
    everyone = np.sum([_stage_counts(res, s) for s in STAGES], axis=0)
    _approx(out["s"]["arrived"], list(everyone))
    assert everyone[-1] > everyone[0] == 1000  # new arrivals are counted
    assert out["n"]["start"] == 1000
    assert tour.describe(out["n"], values) == {"dominant": _words_of_dominant(out)}


def test_lifecycle_samples_every_third_month_and_rounds_its_life_curves():
    values = dict(lifecycle.START)
    _, res = _run(**values)
    out = lifecycle.compute(values, SEED)
    _check_patterns(out, res)
    _check_stages(out, res, step=3)
    _check_curves(out, res, step=3, decimals=2)
    assert len(out["s"]["st_stability"]) == len(lifecycle.spec().axes["period"]) == 21
    assert lifecycle.describe(out["n"], values) == {"dominant": _words_of_dominant(out)}


@pytest.mark.parametrize("preset", ["stalled", "unfair"])
def test_scenarios_run_the_chosen_preset_with_its_levers(preset):
    base = presets.get(preset)
    values = {"preset": preset, "supplier_value": base.supplier_value,
              "value_innovation": 0.3, "seed": 99}
    _, res = _run(base, value_innovation=0.3)
    out = scenarios.compute(values, SEED)
    _check_patterns(out, res)
    _check_stages(out, res)
    _check_curves(out, res)
    assert scenarios.describe(out["n"], values) == {"dominant": _words_of_dominant(out)}


def test_a_figure_with_no_decided_relationship_names_no_dominant_pattern():
    zero = {f"p_{p}": 0.0 for p in PATTERNS}
    assert common.pattern_words(zero) == {"dominant": "none"}
    assert common.pattern_words({}) == {"dominant": "none"}
    assert common.pattern_words({**zero, "p_III": 0.1}) == {"dominant": "III"}
    assert common.pattern_words({"p_I": 0.2, "p_II": 0.3, "p_III": None, "p_IV": 0.25}) == {
        "dominant": "II"}


# --- retention -----------------------------------------------------------------------------

def test_retention_shows_the_kaplan_meier_curve_churn_lifetime_and_profit():
    values = {"supplier_value": 0.5, "value_innovation": 0.25}
    _, res = _run(**values)
    out = retention.compute(values, SEED)
    curve = [float(v) for v in res.survival.curve]
    assert 0 < curve[12] < curve[1] < 1
    shown = out["s"]["survival"]
    assert len(shown) == 61
    _approx(shown[:len(curve)], curve[:61])
    for age in range(len(curve), 61):  # past the longest age observed
        assert shown[age] == (0.0 if curve[-1] == 0 else None)
    n = out["n"]
    assert n["survival_year"] == pytest.approx(curve[12])
    if len(curve) > 60:
        assert n["survival_end"] == pytest.approx(curve[60])
    elif curve[-1] == 0:
        assert n["survival_end"] == 0.0
    else:
        assert math.isnan(n["survival_end"])
    assert n["churn_year"] == res.annual_churn and 0 < n["churn_year"] < 1
    assert n["lifetime_months"] == res.expected_lifetime
    assert n["profit"] == res.profit and n["mean_clv"] == res.mean_clv
    assert n["periods"] == 60
    _approx(out["s"]["profit"], [float(v) for v in res.series["profit"]])
    words = retention.describe(n, values)
    assert words["lifetime"] == pytest.approx(res.expected_lifetime / 12)
    assert words["naive_lifetime"] == pytest.approx(1 / res.annual_churn)
    assert words["lifetime_text"] == f"about {res.expected_lifetime / 12:.1f} years"
    assert words["half_stay"] == ("yes" if curve[12] >= 0.5 else "no")


def test_retention_survival_past_the_last_observed_age():
    class Curve:
        def __init__(self, values):
            self.curve = np.array(values)

    class Res:
        def __init__(self, values):
            self.survival = Curve(values)

    assert retention.survival_at(Res([1.0, 0.5, 0.25]), 2) == 0.25
    assert retention.survival_at(Res([1.0, 0.5, 0.0]), 7) == 0.0
    assert math.isnan(retention.survival_at(Res([1.0, 0.5, 0.25]), 3))


def test_retention_words_for_lifetimes_and_churn_at_the_edges():
    describe = retention.describe
    assert describe({"lifetime_months": 24.0, "churn_year": 0.25, "survival_year": 0.5}, {}) == {
        "lifetime": 2.0, "lifetime_text": "about 2.0 years", "naive_lifetime": 4.0,
        "half_stay": "yes"}
    long = describe({"lifetime_months": 12 * 51.0, "churn_year": 0.0, "survival_year": 0.49}, {})
    assert long["lifetime_text"] == "more than 50 years (hardly anyone leaves)"
    assert math.isnan(long["naive_lifetime"]) and long["half_stay"] == "no"
    assert describe({"lifetime_months": 12 * 50.0}, {})["lifetime_text"] == "about 50.0 years"
    unknown = describe({"lifetime_months": None, "churn_year": None, "survival_year": None}, {})
    assert math.isnan(unknown["lifetime"]) and unknown["half_stay"] == "no"
    assert unknown["lifetime_text"].startswith("more than 50 years")


# --- bonding and the loyalty programme -----------------------------------------------------

def test_bonding_compares_the_bonded_market_with_the_same_market_without_bonds():
    values = {"financial_bond": 0.5, "social_bond": 0.5, "structural_bond": 0.25,
              "imitation_lag": 12}
    _, res = _run(BOND_MARKET, **values)
    _, plain = _run(BOND_MARKET, financial_bond=0.0, social_bond=0.0, structural_bond=0.0,
                    imitation_lag=12)
    out = bonding.compute(values, SEED)
    kept, kept_plain = _retention(res), _retention(plain)
    assert distinct_and_nonzero([kept[-1], kept_plain[-1]])
    _approx(out["s"]["retention"], _every(kept, 2))
    _approx(out["s"]["retention_base"], _every(kept_plain, 2))
    _approx(out["s"]["profit"], _every([float(v) for v in res.series["profit"]], 2))
    _approx(out["s"]["profit_base"], _every([float(v) for v in plain.series["profit"]], 2))
    n = out["n"]
    assert n["retention_end"] == pytest.approx(kept[-1])
    assert n["retention_base_end"] == pytest.approx(kept_plain[-1])
    assert n["extra_active"] == res.active - plain.active != 0
    assert n["profit"] == res.profit and n["profit_base"] == plain.profit
    assert n["p_IV"] == res.pattern_shares["IV"] and n["unresolved"] == res.unresolved
    assert n["periods"] == 60
    assert bonding.describe(n, values) == {
        "bond_keeps": "yes" if kept[-1] - kept_plain[-1] > 0.02 else "no"}


def test_bonding_words_use_a_two_point_margin():
    assert bonding.describe({"retention_end": 0.53, "retention_base_end": 0.5}, {}) == {
        "bond_keeps": "yes"}
    assert bonding.describe({"retention_end": 0.515, "retention_base_end": 0.5}, {}) == {
        "bond_keeps": "no"}
    assert bonding.describe({"retention_end": None, "retention_base_end": None}, {}) == {
        "bond_keeps": "no"}
    assert bonding.describe({"retention_end": 0.03}, {}) == {"bond_keeps": "yes"}


def test_programme_compares_with_no_programme_and_prices_the_points_given_back():
    values = {"financial_bond": 0.5, "financial_bond_cost": 0.2, "imitation_lag": 24}
    _, res = _run(**values)
    _, without = _run(financial_bond=0.0)
    out = programme.compute(values, SEED)
    kept, kept_without = _retention(res), _retention(without)
    _approx(out["s"]["retention"], kept)
    _approx(out["s"]["retention_base"], kept_without)
    n = out["n"]
    share = 0.5 * 0.2  # the share of the price handed back as points
    given_back = res.revenue * share / (1 - share)
    extra = res.active - without.active
    assert extra > 0
    assert n["programme_cost"] == pytest.approx(given_back)
    assert n["extra_active"] == extra
    assert n["cost_per_customer"] == pytest.approx(given_back / extra)
    assert n["profit_change"] == pytest.approx(res.profit - without.profit)
    assert n["retention_end"] == pytest.approx(kept[-1])
    assert n["retention_base_end"] == pytest.approx(kept_without[-1])
    assert n["periods"] == 60
    assert programme.describe(n, values) == {"still_keeps": "yes" if extra > 5 else "no"}
    assert programme.describe({"extra_active": 5.0}, {}) == {"still_keeps": "no"}
    assert programme.describe({"extra_active": 5.5}, {}) == {"still_keeps": "yes"}
    assert programme.describe({}, {}) == {"still_keeps": "no"}


def test_a_programme_that_keeps_nobody_extra_has_no_cost_per_customer():
    values = {"financial_bond": 0.0, "financial_bond_cost": 0.1, "imitation_lag": 12}
    out = programme.compute(values, SEED)
    assert out["n"]["extra_active"] == 0 and out["n"]["programme_cost"] == 0
    assert math.isnan(out["n"]["cost_per_customer"]) and out["n"]["profit_change"] == 0


# --- satisfaction, loyalty drivers, customer value ----------------------------------------

def test_satisfaction_trap_means_are_over_the_customers_still_active():
    market = presets.get("satisfaction_trap")
    values = {"latent_focus": 0.6, "value_innovation": 0.6}
    model, res = _run(market, **values)
    out = satisfaction_trap.compute(values, SEED)
    active = model.population.column("stage") < ENDED
    assert 0 < active.sum() < len(active)
    n = out["n"]
    expected = {key: float(model.population.column(column)[active].mean())
                for key, column in (("basic_satisfaction", "basic_satisfaction"),
                                    ("latent_satisfaction", "latent_satisfaction"),
                                    ("loyalty", "attitude"), ("repurchase", "repurchase"))}
    assert distinct_and_nonzero(list(expected.values()))
    for key, value in expected.items():
        assert n[key] == pytest.approx(value), key
    assert out["s"]["means"] == pytest.approx([expected[k] for k in (
        "basic_satisfaction", "latent_satisfaction", "loyalty", "repurchase")])
    assert n["profit"] == res.profit and n["p_IV"] == res.pattern_shares["IV"]
    assert n["unresolved"] == res.unresolved and n["focus"] == 0.6 and n["periods"] == 60
    assert n["average"] == satisfaction_trap.AVERAGE_LOYALTY


def test_satisfaction_trap_words_around_the_average_level():
    describe = satisfaction_trap.describe
    assert describe({"loyalty": 0.71, "average": 0.6}, {}) == {
        "above_average": "yes", "trap_text": "well above the average level"}
    assert describe({"loyalty": 0.69, "average": 0.6}, {}) == {
        "above_average": "no", "trap_text": "stuck near the average level"}
    assert describe({"loyalty": 0.51, "average": 0.6}, {})["trap_text"] == (
        "stuck near the average level")
    assert describe({"loyalty": 0.49, "average": 0.6}, {}) == {
        "above_average": "no", "trap_text": "below the average level"}
    assert describe({}, {})["trap_text"] == "stuck near the average level"
    assert describe({"loyalty": 0.2}, {})["above_average"] == "yes"


def test_drivers_show_the_four_measures_the_type_mix_and_the_middling_comparison():
    values = {"supplier_value": 0.8, "latent_value": 0.6, "social_bond": 0.5,
              "switching_cost": 0.5}
    _, res = _run(**values)
    _, base = _run(**drivers.START)
    out = drivers.compute(values, SEED)
    n = out["n"]
    measures = [float(res.loyalty[m]) for m in MEASURES]
    assert distinct_and_nonzero(measures)
    assert [n[m] for m in MEASURES] == pytest.approx(measures)
    assert out["s"]["measures"] == pytest.approx(measures)
    assert [n[f"{m}_base"] for m in MEASURES] == pytest.approx(
        [float(base.loyalty[m]) for m in MEASURES])
    assert out["s"]["measures_base"] == pytest.approx([float(base.loyalty[m]) for m in MEASURES])
    assert measures != [n[f"{m}_base"] for m in MEASURES]
    types = [float(res.loyalty_types[t]) for t in LOYALTY_TYPES]
    assert [n[f"t_{t}"] for t in LOYALTY_TYPES] == pytest.approx(types)
    assert out["s"]["types"] == pytest.approx(types)
    spurious = sum(float(res.loyalty_types[t]) for t in
                   ("price", "incentive", "monopoly", "kinship", "inertia"))
    assert n["spurious"] == pytest.approx(spurious)
    assert drivers.describe(n, values) == {
        "referral_up": "yes" if n["referral"] - n["referral_base"] > 0.03 else "no"}
    assert drivers.describe({"referral": 0.54, "referral_base": 0.5}, {}) == {"referral_up": "yes"}
    assert drivers.describe({"referral": 0.52, "referral_base": 0.5}, {}) == {"referral_up": "no"}
    assert drivers.describe({}, {}) == {"referral_up": "no"}


def test_customer_value_tiers_rank_customers_by_their_lifetime_value():
    values = {"supplier_value": 0.6, "structural_bond": 0.25, "timing": "end", "years": 3}
    model, _ = _run(supplier_value=0.6, structural_bond=0.25)
    clv = model.population.column("clv") - model.scenario.acquisition_cost
    out = customer_value.compute(values, SEED)
    expected = tiers(clv, [0.1, 0.2, 0.3, 0.4])
    n = out["n"]
    for (key, _, _), (mean, share) in zip(customer_value.TIERS, expected, strict=True):
        assert n[f"clv_{key}"] == pytest.approx(mean), key
        assert n[f"share_{key}"] == pytest.approx(share), key
    assert out["s"]["tier_clv"] == pytest.approx([m for m, _ in expected])
    assert out["s"]["tier_share"] == pytest.approx([s for _, s in expected])
    assert n["negative_share"] == pytest.approx(float((clv < 0).mean()))
    assert distinct_and_nonzero([m for m, _ in expected])


def test_value_tiers_of_a_small_hand_made_population():
    values = np.array([10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, -1.0, -2.0])
    out = customer_value.value_tiers(values)
    created = 52.0
    assert out["clv_platinum"] == 10.0 and out["share_platinum"] == pytest.approx(10 / created)
    assert out["clv_gold"] == 8.5 and out["share_gold"] == pytest.approx(17 / created)
    assert out["clv_iron"] == 6.0 and out["share_iron"] == pytest.approx(18 / created)
    assert out["clv_lead"] == 1.0 and out["share_lead"] == pytest.approx(7 / created)
    assert out["negative_share"] == pytest.approx(0.2)
    nobody = customer_value.value_tiers(np.array([]))
    assert nobody["negative_share"] == 0.0 and nobody["clv_gold"] == 0.0
    losing = customer_value.value_tiers(np.array([-1.0, -2.0]))
    assert losing["share_platinum"] == 0.0 and losing["negative_share"] == 1.0


# --- the helpers every figure uses ---------------------------------------------------------

def test_sampling_keeps_every_step_and_the_last_value():
    assert common.sample(list(range(7)), 3) == [0, 3, 6]
    assert common.sample(list(range(8)), 3) == [0, 3, 6, 7]
    assert common.sample([1, 2], 1) == [1, 2] and common.sample([1, 2], 0) == [1, 2]
    assert common.period_axis(3)[-1] == 60 and common.period_axis(3)[:3] == [0, 3, 6]
    assert common.age_axis(1) == list(range(60)) and common.age_axis(3)[-1] == 59
    assert common.even(0.0, 1.0, 5) == (0.0, 0.25, 0.5, 0.75, 1.0)
    assert common.even(0.05, 0.2, 4) == (0.05, 0.1, 0.15, 0.2)
    assert common.clean([1, float("nan"), 2.5]) == [1.0, None, 2.5]


def test_scenario_from_sets_the_figure_size_and_rounds_whole_number_fields():
    scenario = common.scenario_from({"imitation_lag": 11.6, "supplier_value": 0.7,
                                     "not_a_field": 3})
    assert scenario.imitation_lag == 12 and isinstance(scenario.imitation_lag, int)
    assert scenario.supplier_value == 0.7
    assert (scenario.n_customers, scenario.periods) == (1000, 60)
    based = common.scenario_from({"supplier_value": 0.5}, base=BOND_MARKET)
    assert based == BOND_MARKET.replace(supplier_value=0.5, n_customers=1000, periods=60)


def test_active_means_are_zero_when_nobody_is_left():
    model, _ = _run(supplier_value=0.6)
    active = model.population.column("stage") < ENDED
    means = common.active_means(model, ("attitude",))
    assert means == {"attitude": pytest.approx(float(
        model.population.column("attitude")[active].mean()))}

    class Nobody:
        class population:  # noqa: N801 - a stand-in for the model's population
            @staticmethod
            def column(name):
                return np.array([ENDED, ENDED]) if name == "stage" else np.array([0.3, 0.9])

    assert common.active_means(Nobody(), ("attitude", "trust")) == {"attitude": 0.0,
                                                                    "trust": 0.0}


def test_a_slider_spans_its_curve_positions_and_refuses_positions_outside_the_field():
    """A scenario slider travels from its first curve position to its last in fine steps
    (the page computes each step), or over the field's whole range without positions."""
    control = common.scenario_control("supplier_value", (0.3, 0.5, 0.8), 0.6)
    assert (control.low, control.high, control.value, control.grid) == (0.3, 0.8, 0.6,
                                                                        (0.3, 0.5, 0.8))
    assert control.step == 0.01 and control.fmt
    lag = common.scenario_control("imitation_lag", (0, 12, 24))
    assert lag.step == 1.0 and lag.value == Scenario.spec("imitation_lag").default
    free = common.scenario_control("supplier_value")
    spec = Scenario.spec("supplier_value")
    assert (free.low, free.high) == (spec.low, spec.high) and free.grid == ()
    with pytest.raises(ValueError, match="leaves the field's range"):
        common.scenario_control("supplier_value", (0.5, 1.5))
    with pytest.raises(ValueError, match="leaves the field's range"):
        common.scenario_control("supplier_value", (-0.1, 0.5))
