"""Mechanism-level properties of the model's second version (issue 8, items 1-6 and 9).

Each test checks an equation of :mod:`sim.mechanisms` over a grid of inputs,
so the property holds everywhere, not at one preset.
"""

import numpy as np
import pytest

import sim
from sim import mechanisms as m

GRID = np.linspace(0.0, 1.0, 21)


def test_every_mechanism_is_documented_and_listed_once():
    assert len(set(m.MECHANISMS)) == len(m.MECHANISMS)
    for fn in m.MECHANISMS:
        assert fn.__doc__ and ".. math::" in fn.__doc__ and "Why" in fn.__doc__, fn.__name__


def test_switching_costs_hold_but_never_imprison():
    """Item 1: leaving slows in proportion to its cost, but an unhappy customer still leaves."""
    att = np.linspace(0.0, 0.3, 7)  # poor attitudes
    for stage in (0, 1, 2, 3):
        free = m.pull_away_chance(m.commitment(att), m.hold(0.0, 1.0), stage)
        locked = m.pull_away_chance(m.commitment(att), m.hold(1.0, 1.0), stage)
        assert np.all(locked > 0.1 * free) and np.all(locked < free)
        assert np.all(locked > 0)
        # the worse the attitude, the faster even a fully locked-in customer leaves
        assert np.all(np.diff(locked) < 0)
    # the hold is proportional to the cost and to the customer's sensitivity
    assert m.hold(0.6, 1.0) == pytest.approx(0.6 * m.hold(1.0, 1.0))
    assert m.hold(1.0, 0.5) == pytest.approx(0.5 * m.hold(1.0, 1.0))
    assert m.hold(1.0, 1.0) < 1.0


def test_a_better_alternative_makes_customers_leave_faster():
    """Item 1: the chance of leaving grows with the alternative's attractiveness."""
    offer = 0.1
    alternatives = np.linspace(-0.1, 0.3, 9)
    value = m.perceived_value(offer, alternatives)
    att = m.attitude(0.5, 0.5, value, 0.0, 2)
    down = m.pull_away_chance(m.commitment(att), m.hold(0.5, 0.7), 2)
    assert np.all(np.diff(value) < 0) and np.all(np.diff(down) > 0)


def test_price_sets_the_margin_and_the_split_of_gains():
    """Item 3: a higher price is a higher margin and a less fair split for the customer."""
    prices = np.linspace(0.7, 1.5, 9)
    margins = np.array([m.margin(p, 0.7) for p in prices])
    assert np.all(np.diff(margins) > 0) and margins[0] == pytest.approx(0.0)
    gains = np.array([m.customer_gain(0.05, 0.2, p) for p in prices])
    shares = np.array([m.supplier_share(mg, g) for mg, g in zip(margins, gains, strict=True)])
    assert np.all(np.diff(gains) <= 0) and np.all(np.diff(shares) >= 0)
    assert shares[-1] == pytest.approx(1.0)  # at a high enough price the customer gains nothing


def test_unfairness_weighs_more_as_the_relationship_matures():
    """Item 3: judged not at all on trial, most in stability, more by relational customers."""
    weights = [m.unfairness(0.9, 0.5, stage, 0.5) for stage in range(4)]
    assert weights[0] == 0.0 < weights[1] < weights[2]
    assert m.unfairness(0.9, 0.5, 2, 1.0) > m.unfairness(0.9, 0.5, 2, 0.0) > 0
    assert m.unfairness(0.4, 0.5, 2, 1.0) == 0.0  # a fair split costs nothing
    assert m.unfairness(0.9, 0.7, 2, 0.5) < m.unfairness(0.9, 0.5, 2, 0.5)  # tolerant norms


def test_basics_stop_differentiating_once_met_while_delight_keeps_counting():
    """Item 4: perceived value counts latent value; polishing the basics saturates."""
    expectation = 0.5
    gains = np.diff(m.basic_advantage(np.array([0.4, 0.5, 0.6, 0.7, 0.8, 0.9]), expectation))
    assert gains[0] > gains[-1] * 5  # shortfalls count in full, surpluses barely
    assert m.basic_advantage(1.0, expectation) - m.basic_advantage(0.7, expectation) < 0.02
    offers = m.offer_value(m.basic_advantage(0.7, expectation), GRID, 0.0, 1.0, 0.5, 0.5)
    assert np.all(np.diff(offers) > 0)  # every bit of delight raises the offer's worth
    assert offers[-1] - offers[0] == pytest.approx(m.DELIGHT_VALUE)


def test_latent_response_is_convex_and_basic_response_concave():
    basic = m.basic_response(GRID[10:])  # from met expectations upwards
    latent = m.latent_response(GRID)
    assert np.all(np.diff(basic, 2) < 0)
    assert np.all(np.diff(latent, 2) > 0)
    assert m.basic_response(1.0) == pytest.approx(m.AVERAGE_LOYALTY)


def test_cross_buying_and_referral_start_in_formation_and_peak_in_stability():
    """Item 6: none while on trial; most in stability."""
    for fn in (lambda st: m.cross_buy_intention(0.8, 0.7, st),
               lambda st: m.referral_intention(0.8, 0.8, 0.7, st)):
        by_stage = [fn(stage) for stage in range(4)]
        assert by_stage[0] == 0.0
        assert 0 < by_stage[1] < by_stage[2]
        assert by_stage[2] == max(by_stage)


def test_declining_customers_come_back_only_by_a_winback_offer():
    """Item 6: recovery from decline is the supplier's decision."""
    assert m.advance_chance(1.0, 3, 0.9, 0.9) == 0.0
    assert m.winback_chance(False, 1.0, 1.0) == 0.0
    assert m.winback_chance(True, 0.5, 0.8) > 0
    # the supplier offers only where the expected margin beats the offer's cost
    worth = m.winback_worth(0.3, np.array([0.05, 1.0, 3.0]), 0.5, 0.8, 1.0)
    assert list(worth) == [False, True, True]  # a small customer does not repay the offer
    assert not m.winback_worth(0.05, 1.0, 0.5, 0.05, 3.0)
    # a committed customer is worth an offer that a lost cause is not
    assert m.winback_worth(0.3, 1.0, 0.5, 0.9, 2.0) and not m.winback_worth(0.3, 1.0, 0.5, 0.0, 2.0)


def test_expectations_follow_the_market_comparison_level():
    """Rivals' offers above what customers usually expect raise everyone's bar."""
    assert m.comparison_level(0.5, 0.4, 0.5) == 0.5
    assert m.comparison_level(0.5, 0.7, 0.5) == pytest.approx(0.5 + m.COMPARISON_WEIGHT * 0.2)
    own = np.array([0.4, 0.5, 0.6])
    shifted = m.comparison_level(own, 0.7, 0.5)
    assert np.allclose(np.diff(shifted), np.diff(own))  # differences between customers kept


@pytest.mark.parametrize("fn,args", [
    (m.basic_satisfaction, (0.6, 0.5)), (m.latent_satisfaction, (0.6, 0.2)),
    (m.satisfaction, (0.8, 0.3)), (m.trust_update, (0.4, 0.6, 0.5)),
    (m.basic_advantage, (0.7, 0.5)), (m.perceived_value, (0.1, 0.05)),
    (m.customer_gain, (0.05, 0.3, 1.1)), (m.unfairness, (0.7, 0.5, 2, 0.5)),
    (m.economic_switching_cost, (0.1, 12.0, 0.5)), (m.social_switching_cost, (0.5, 0.5)),
    (m.attitude, (0.5, 0.5, 0.6, 0.1, 2)), (m.commitment, (0.5,)),
    (m.pull_away_chance, (0.5, 0.3, 2)), (m.advance_chance, (0.8, 1, 0.6, 0.7)),
    (m.cross_buy_intention, (0.6, 0.5, 2)), (m.referral_intention, (0.6, 0.5, 0.5, 2)),
])
def test_mechanisms_agree_on_floats_and_arrays(fn, args):
    """The reference model calls them with floats, the fast model with arrays."""
    scalar = fn(*args)
    vector = fn(*(np.full(3, a, dtype=np.float32) if isinstance(a, float) else
                  (np.full(3, a, dtype=np.int8) if isinstance(a, int) else a) for a in args))
    np.testing.assert_allclose(vector, scalar, rtol=2e-6, atol=1e-7)


def test_rivals_copy_financial_bonds_after_the_lag():
    model = sim.LoyaltyModel(seed=1, n_customers=10, periods=3, financial_bond=1.0,
                             imitation_lag=5)
    rival = model.rivals[0]
    assert rival.incentive(4) == 0.0
    assert rival.incentive(5) == pytest.approx(m.FINANCIAL_VALUE)
    assert [r.appeal for r in model.rivals] == sorted((r.appeal for r in model.rivals),
                                                      reverse=True)


def test_incentives_appeal_to_transactional_customers():
    """A financial bond is worth twice as much to a pure deal seeker, nothing to a pure relational
    buyer; in the model it lifts transactional customers' perceived value far more."""
    assert m.incentive_appeal(0.15, 0.0) == pytest.approx(0.30)
    assert m.incentive_appeal(0.15, 0.5) == pytest.approx(0.15)
    assert m.incentive_appeal(0.15, 1.0) == 0.0

    def value_by_orientation(bond: float) -> tuple[float, float]:
        model = sim.LoyaltyModel(seed=4, n_customers=4000, periods=6, financial_bond=bond,
                                 imitation_lag=60, orientation_spread=0.3)
        model.run()
        state = model.population.state
        live = state["stage"] < 4
        low = live & (state["orientation"] < 0.35)
        high = live & (state["orientation"] > 0.65)
        return float(state["value"][low].mean()), float(state["value"][high].mean())

    (low0, high0), (low1, high1) = value_by_orientation(0.0), value_by_orientation(1.0)
    assert low1 - low0 > 0.15  # deal seekers: well above the noise of 4,000 customers
    assert 0.0 < high1 - high0 < (low1 - low0) / 2


def test_a_loyalty_programme_concentrates_purchases_until_rivals_copy_it():
    """Share of wallet rises with the programme's net pull (capped at the whole wallet) and the
    extra share of stable customers is gone a few periods after rivals copy the programme."""
    assert m.share_of_wallet_update(0.0, 2, 1.0, 0.0) == pytest.approx(m.SHARE_SPEED * 0.9)
    assert m.share_of_wallet_update(0.0, 2, 1.0, 0.1) == pytest.approx(m.SHARE_SPEED * 0.99)
    assert m.share_of_wallet_update(0.0, 2, 1.0, 0.3) == pytest.approx(m.SHARE_SPEED * 1.0)

    def stable_share(bond: float, periods: int) -> float:
        model = sim.LoyaltyModel(seed=6, n_customers=3000, periods=periods, financial_bond=bond,
                                 imitation_lag=24)
        model.run()
        state = model.population.state
        return float(state["share"][state["stage"] == 2].mean())  # over 1,000+ customers

    before_copy = stable_share(1.0, 23) - stable_share(0.0, 23)
    after_copy = stable_share(1.0, 45) - stable_share(0.0, 45)
    assert before_copy > 0.08
    assert abs(after_copy) < 0.03


def _run(**fields: float) -> sim.Results:
    return sim.LoyaltyModel(seed=3, n_customers=3000, **fields).run()


def test_the_runs_share_of_wallet_counts_how_long_a_programme_kept_its_edge():
    """Fact 7 over the whole run: a programme rivals copy at once buys no share of wallet (the
    run is the same as without it); one they copy after five years keeps a larger share of its
    customers' spending over the run."""
    without = _run(financial_bond=0.0)
    copied_at_once = _run(financial_bond=1.0, imitation_lag=0)
    copied_late = _run(financial_bond=1.0, imitation_lag=60)
    assert copied_at_once.share_of_wallet == pytest.approx(without.share_of_wallet, abs=1e-6)
    assert copied_at_once.pattern_counts == without.pattern_counts
    assert copied_late.share_of_wallet - copied_at_once.share_of_wallet > 0.04
    assert 0.3 < without.share_of_wallet < 0.9


def test_a_mixed_market_splits_bonded_loyalty_into_kinship_and_incentive_loyalty():
    """Orientation spread (Garbarino and Johnson 1999): with both a social and a financial bond,
    a market of middling customers is held mostly by incentives; when customers differ, the
    relational ones are held by personal ties (kinship) and the deal seekers by incentives."""
    from sim.loyalty_types import LOYALTY_TYPES, population_types
    from sim.stages import ENDED

    # the run ends just before the rivals copy the points (month 60)
    bonds = dict(social_bond=1.0, financial_bond=1.0, imitation_lag=60, periods=60)
    alike = _run(orientation_spread=0.0, **bonds).loyalty_types
    assert alike["incentive"] > 0.4 and alike["incentive"] > alike["kinship"] + 0.2

    model = sim.LoyaltyModel(seed=3, n_customers=3000, orientation_spread=0.5, **bonds)
    model.run()
    kind, col = population_types(model), model.population.column
    active, orientation = col("stage") < ENDED, col("orientation")
    relational = active & (orientation > np.median(orientation[active]))
    transactional = active & ~relational

    def share(name: str, who: np.ndarray) -> float:
        return float(np.mean(kind[who] == LOYALTY_TYPES.index(name)))

    assert share("kinship", relational) - share("kinship", transactional) > 0.3
    assert share("incentive", transactional) - share("incentive", relational) > 0.3
