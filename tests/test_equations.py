"""Every mechanism computes the equation its docstring states.

The expected values here are the documented equations written out again,
independently of :mod:`sim.mechanisms` (with numpy, in the docstrings'
notation), and compared at random points on both sides of every kink
(shortfall and surplus, below and above 0 and 1, every stage including
"ended"). Both calling conventions are checked: numpy arrays (the fast
model) and Python floats (the per-agent reference model). A mechanism whose
arithmetic drifts from its documented equation fails here even when the
model's statistical tests cannot tell.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from sim import mechanisms as m

N = 64
RNG_SEED = 20261202
STAGES = np.arange(5)  # exploration, formation, stability, decline, ended


def table(values: tuple[float, ...], stage: np.ndarray) -> np.ndarray:
    """A stage table's entry for each stage code, 0 for ended relationships."""
    return np.array((*values, 0.0))[np.asarray(stage, dtype=int)]


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def u(low: float, high: float) -> Callable[[np.random.Generator], np.ndarray]:
    return lambda rng: rng.uniform(low, high, N)


def stage(rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 5, N)


def const(value: float) -> Callable[[np.random.Generator], float]:
    return lambda rng: value


# name -> (input generators, the documented equation)
EQUATIONS: dict[str, tuple[tuple, Callable[..., np.ndarray]]] = {
    "basic_value": ((const(0.55), const(0.6), const(0.3), u(0, 120)),
                    lambda v, g, f, t: v + m.KAPPA * g * (1 - f) * t),
    "latent_value": ((const(0.1), const(0.6), const(0.3), const(0.5), u(0, 120)),
                     lambda lat, g, f, b, t: lat + m.KAPPA * m.LATENT_EFFICIENCY * g * f * t
                     + m.STRUCTURAL_LATENT * b),
    "rival_basic_value": ((const(0.5), const(0.7), u(0, 120)),
                          lambda s, g, t: s + m.KAPPA * g * (1 - m.MARKET_LATENT_FOCUS) * t),
    "rival_latent_value": ((const(0.7), u(0, 120)),
                           lambda g, t: m.KAPPA * m.LATENT_EFFICIENCY * g
                           * m.MARKET_LATENT_FOCUS * t),
    "margin": ((const(1.2), const(0.5)), lambda p, c: (p - c) / p),
    "experience_update": ((u(0, 50), stage),
                          lambda x, s: x + table(m.EXPECTATION_PACE, s)),
    "basic_expectation": ((u(0.3, 0.7), const(0.8), u(0, 60)),
                          lambda e, g, x: e + m.KAPPA * g * x),
    "latent_offset": ((u(0.3, 0.7), const(0.5), u(-1.7, 1.7)),
                      lambda e, mean, z: e - mean + m.LATENT_SPREAD * z),
    "latent_expectation": ((u(-0.5, 0.5), const(0.8), u(0, 60)),
                           lambda nu, g, x: nu + m.KAPPA * g * x),
    "comparison_level": ((u(0.3, 0.8), u(0.2, 0.9), const(0.5)),
                         lambda e, v, mean: e + m.COMPARISON_WEIGHT * np.maximum(v - mean, 0)),
    "basic_satisfaction": ((u(0.3, 0.8), u(0.3, 0.8)),
                           lambda v, e: logistic((v - e) / m.BASIC_WIDTH)),
    "latent_satisfaction": ((u(-0.5, 2.0), u(-0.5, 0.5)),
                            lambda v, e: np.clip(v - e, 0, 1)),
    "basic_response": ((u(0, 1),),
                       lambda s: m.AVERAGE_LOYALTY * (
                           (1 - np.exp(-m.BASIC_CURVATURE * s)) / (1 - np.exp(-m.BASIC_CURVATURE))
                           - 4 * np.maximum(0.5 - s, 0))),
    "latent_response": ((u(0, 1),),
                        lambda s: (1 - m.AVERAGE_LOYALTY) * s ** m.LATENT_CURVATURE),
    "rated_satisfaction": ((u(0, 1), u(0, 1)), lambda b, lat: (b + lat) / 2),
    "trust_update": ((u(0, 1), u(-0.6, 1.3), const(0.7)),
                     lambda tau, s, b: tau + np.where(
                         np.clip(s, 0, 1) >= tau, m.TRUST_GAIN * (1 + b), m.TRUST_LOSS)
                     * (np.clip(s, 0, 1) - tau)),
    "price_sensitivity": ((u(0, 1), const(0.6)), lambda rho, pi: pi * 2 * (1 - rho)),
    "incentive_appeal": ((const(0.15), u(0, 1)), lambda i, rho: 2 * (1 - rho) * i),
    "basic_advantage": ((u(0.2, 1.0), u(0.2, 1.0)),
                        lambda v, e: np.minimum(v - e, 0) + m.BASIC_HEADROOM * np.tanh(
                            np.maximum(v - e, 0) / m.BASIC_HEADROOM)),
    "offer_value": ((u(-0.3, 0.1), u(0, 1), const(0.12), const(1.3), u(0, 1.2), u(0, 1)),
                    lambda b, sl, i, p, pi, tol: b + m.DELIGHT_VALUE * sl + i
                    - pi * (1 - tol / 2) * np.log(p)),
    "alternative_value": ((u(-0.3, 0.1), u(0, 1), const(0.09), u(-0.2, 0.2)),
                          lambda b, sl, i, eps: b + m.DELIGHT_VALUE * sl + i + eps),
    "perceived_value": ((u(-0.3, 0.3), u(-0.3, 0.3)),
                        lambda us, uc: logistic((us - uc) / m.VALUE_WIDTH)),
    "customer_gain": ((u(-0.6, 0.1), u(0, 1), const(1.25)),
                      lambda b, sl, p: np.maximum(
                          (1 + m.CUSTOMER_SURPLUS + b + m.DELIGHT_VALUE * sl) / p - 1, 0)),
    "supplier_share": ((const(0.3), u(0, 1)), lambda mg, g: mg / (mg + g)),
    "fair_share": ((u(-1.7, 1.7),), lambda z: m.EQUITY_NORM + m.EQUITY_SPREAD * z),
    "unfairness": ((u(0, 1), u(0.3, 0.7), stage, u(0, 1)),
                   lambda sig, eta, s, rho: m.UNFAIRNESS_WEIGHT * table(m.FAIRNESS_WEIGHT, s)
                   * (0.5 + rho) * np.maximum(sig - eta, 0) / (1 - eta)),
    "economic_switching_cost": ((const(0.2), u(0, 60), const(0.4)),
                                lambda c0, a, b: 1 - (1 - c0) * np.exp(
                                    -m.DURATION_LOCKIN * np.minimum(a / m.DURATION_SCALE, 1)
                                    - m.STRUCTURAL_LOCKIN * b)),
    "social_switching_cost": ((const(0.6), u(0, 1)),
                              lambda b, rho: 1 - np.exp(-2 * rho * m.SOCIAL_LOCKIN * b)),
    "switching_cost": ((u(0, 1), u(0, 1)), lambda ce, cs: 1 - (1 - ce) * (1 - cs)),
    "attitude": ((u(-0.5, 1), u(0, 1), u(0, 1), u(0, 0.5), stage, u(0, 1)),
                 lambda s, tau, p, unf, st, rho: np.clip(
                     m.WEIGHTS[0] * s
                     + m.WEIGHTS[1] * (1 + m.ORIENTATION_TILT * (rho - 0.5)) * tau
                     + m.WEIGHTS[2] * (1 - m.ORIENTATION_TILT * (rho - 0.5))
                     * (0.5 + table(m.VALUE_FOCUS, st) * (p - 0.5)) - unf, 0, 1)),
    "hold": ((u(0, 1), u(0, 1)), lambda c, k: m.HOLD * k * c),
    "repurchase_intention": ((u(0, 1), u(0, 1)), lambda a, h: 1 - (1 - a) * (1 - h)),
    "price_tolerance": ((u(0, 1), u(0, 1), u(0, 1)),
                        lambda a, p, h: 1 - (1 - a * (1 + p) / 2) * (1 - 0.7 * h)),
    "cross_buy_intention": ((u(0, 1), u(0, 1), stage),
                            lambda a, tau, s: table(m.STAGE_BREADTH, s) * a * (1 + tau) / 2),
    "referral_intention": ((u(0, 1), u(-0.5, 1.2), u(0, 1), stage),
                           lambda a, sat, tau, s: table(m.STAGE_BREADTH, s) * a
                           * (tau + np.clip(sat, 0, 1)) / 2),
    "commitment": ((u(0, 1),), lambda a: logistic((a - m.COMMIT_THRESHOLD) / m.COMMIT_WIDTH)),
    "pull_away_chance": ((u(0, 1), u(0, 1), stage),
                         lambda k, h, s: (table(m.EXIT_RATE, s) * (1 - k)
                                          + table(m.DECLINE_DRIFT, s)) * (1 - h)),
    "advance_chance": ((u(0, 1), stage, u(0.2, 0.6), u(0.2, 0.8)),
                       lambda k, s, tau, p: table(m.ADVANCE_RATE, s) * k * np.where(
                           s == 1, logistic((tau - m.FORMATION_TRUST) / 0.03)
                           * logistic((p - 0.5) / 0.1), 1.0)),
    "background_exit": ((const(0.01), u(0, 1)), lambda r, h: r * (1 - h / 2)),
    "winback_chance": ((u(0, 1) , const(0.6), u(0, 1)),
                       lambda offer, e, k: (1 + k) / 2 * m.WINBACK_RATE * e * offer),
    "recovered_trust": ((u(0, 1), const(0.7)),
                        lambda tau, e: tau + m.WINBACK_TRUST * e * (1 - tau)),
    "share_of_wallet_update": ((u(0, 1), stage, u(0, 1), u(0, 0.3)),
                               lambda sh, s, r, pull: sh + m.SHARE_SPEED * (np.minimum(
                                   table(m.SHARE_TARGET, s) * (1 + r) / 2 * (1 + pull), 1)
                                   - sh)),
    "revenue": ((u(0.2, 3), u(0, 1), u(0, 1), const(0.8), const(0.3)),
                lambda w, sh, x, b, c: w * sh * (1 + m.CROSS_SELL * x) * (1 - c * b)),
    "cash_flow": ((u(0, 3), const(0.35), const(0.04)), lambda r, mg, c: mg * r - c),
    "discount_factor": ((const(0.008), u(0, 120)), lambda r, a: (1 + r) ** -a),
}


def _draw(name: str) -> tuple[list, np.ndarray]:
    generators, equation = EQUATIONS[name]
    rng = np.random.default_rng([RNG_SEED, sorted(EQUATIONS).index(name)])
    args = [g(rng) for g in generators]
    return args, equation(*args)


@pytest.mark.parametrize("name", sorted(EQUATIONS))
def test_mechanism_computes_its_documented_equation_on_arrays(name):
    args, expected = _draw(name)
    got = getattr(m, name)(*args)
    np.testing.assert_allclose(np.broadcast_to(got, np.shape(expected)), expected,
                               rtol=1e-6, atol=1e-7)  # stage tables are float32


@pytest.mark.parametrize("name", sorted(EQUATIONS))
def test_mechanism_computes_its_documented_equation_on_floats(name):
    """The per-agent reference model calls the same functions with one customer's floats."""
    args, expected = _draw(name)
    for i in range(8):
        one = [a[i].item() if isinstance(a, np.ndarray) else a for a in args]
        want = np.broadcast_to(expected, (N,))[i]
        got = getattr(m, name)(*one)
        assert isinstance(got, float | int), f"{name} returned {type(got).__name__} for floats"
        assert got == pytest.approx(float(want), rel=1e-9, abs=1e-12), (name, one)


def test_every_array_mechanism_has_its_equation_here():
    """A mechanism added to the model without its equation written out here fails."""
    named = {f.__name__ for f in m.MECHANISMS}
    not_arithmetic = {  # tested by name below: choices, tables and lookups, not equations
        "rival_start_value", "rival_appeal", "rival_incentive", "best_taste", "satisfaction",
        "winback_worth", "serving_cost", "period_discount_rate", "worth_developing",
        "expected_new_prospects",
    }
    assert named - not_arithmetic <= set(EQUATIONS), sorted(named - not_arithmetic
                                                            - set(EQUATIONS))


def test_small_formulas_of_the_supplier_and_the_market():
    assert m.serving_cost(0.5, 0.02, 0.25, 0.08, 0.4, 0.1) == pytest.approx(
        0.5 * 0.02 + 0.25 * 0.08 + 0.4 * 0.1)
    assert m.period_discount_rate(0.1, 12) == pytest.approx(1.1 ** (1 / 12) - 1)
    assert m.period_discount_rate(0.0, 4) == 0.0
    assert m.expected_new_prospects(0.02, 1000, 0.01, 250.0) == pytest.approx((20.0, 2.5))
    assert m.rival_start_value(0.5, 3, 0) == pytest.approx(0.5 + m.RIVAL_SPREAD * 0.846)
    assert m.rival_start_value(0.5, 3, 2) == pytest.approx(0.5 - m.RIVAL_SPREAD * 0.846)
    assert m.rival_appeal(2) == pytest.approx(-2 * m.RIVAL_GAP)
    assert m.rival_incentive(0.8, 6, 5) == 0.0
    assert m.rival_incentive(0.8, 6, 6) == pytest.approx(m.FINANCIAL_VALUE * 0.8)
    s_b, s_l = np.array([0.2, 0.5, 0.9]), np.array([0.0, 0.4, 1.0])
    np.testing.assert_allclose(m.satisfaction(s_b, s_l),
                               m.basic_response(s_b) + m.latent_response(s_l))


def test_best_rival_is_the_best_appeal_plus_taste_and_needs_a_taste_per_rival():
    tastes = (np.array([0.1, -0.2, 0.0]), np.array([-0.1, 0.3, 0.0]))
    appeals = (0.0, -0.01)
    np.testing.assert_allclose(m.best_taste(tastes, appeals), [0.1, 0.29, 0.0])
    assert m.best_taste((0.05,), (0.0,)) == pytest.approx(0.05)
    with pytest.raises(ValueError):
        m.best_taste(tastes, (0.0, -0.01, -0.02))


def test_thresholds_include_their_boundary():
    """A customer spending exactly the development threshold is worth developing; a win-back
    offer whose expected margin only equals its cost is not made."""
    assert bool(m.worth_developing(0.3, 0.3)) and not bool(m.worth_developing(0.29, 0.3))
    margin, wallet, effort, commit = 0.5, 1.0, 1.0, 1.0
    value = (margin * wallet * (m.SHARE_TARGET[2] * m.WINBACK_HORIZON) * (m.WINBACK_RATE * effort)
             * (0.5 + 0.5 * commit))
    assert not bool(m.winback_worth(margin, wallet, effort, commit, value / effort))
    assert bool(m.winback_worth(margin, wallet, effort, commit, 0.99 * value / effort))
    assert not bool(m.winback_worth(margin, wallet, effort, 0.0, 0.51 * value / effort))


def test_stage_tables_give_nothing_to_ended_relationships():
    m._PADDED.clear()  # build the padded tables afresh, not from an earlier test's cache
    for values in m.STAGE_TABLES.values():
        entries = m.stage_entries(values, np.arange(5, dtype=np.int8))
        assert entries.dtype == np.float32  # single precision, like the customers' state
        np.testing.assert_allclose(entries, np.array((*values, 0.0), dtype=np.float32))
        assert m.experience_update(1.0, 4) == 1.0  # an int stage code, as the reference uses
    assert m.share_of_wallet_update(0.2, 2, 0.6) == m.share_of_wallet_update(0.2, 2, 0.6, 0.0)
