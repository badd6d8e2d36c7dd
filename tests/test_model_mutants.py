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


def test_one_period_by_hand():
    """Every customer's new state after a period is the mechanisms applied to its old state.

    The period's inputs (each customer's state before, its quality and move draws) are
    captured as the model evaluates them; the expected state is then computed here from the
    mechanisms, one equation at a time, as `sim.reference` does for one agent, and compared
    with what the fast model wrote, column by column, for every active customer.
    """
    sc = sim.Scenario(n_customers=1500, periods=30, financial_bond=0.6, imitation_lag=24,
                      social_bond=0.4, structural_bond=0.3, price=1.15, value_innovation=0.5,
                      latent_value=0.2, winback_effort=0.6, background_churn=0.004,
                      expectation_growth=0.8, n_rivals=2)
    model = sim.LoyaltyModel(sc, seed=9, create_agents=False)
    for _ in range(20):  # customers in every stage, before the rivals copy the bond
        model.step()
    captured = {}
    evaluate = model._evaluate_block

    def capture(s, market, quality, draws):
        captured.update(before={k: v.copy() for k, v in s.items()}, market=market,
                        quality=quality.copy(), draws=draws.copy())
        out = evaluate(s, market, quality, draws)
        captured["after"] = {k: v.copy() for k, v in s.items()}
        return out

    model._evaluate_block = capture
    t = model.steps
    counters = dict(profit=model.profit, revenue=model.revenue_total, count=model.population.count,
                    bought=model.bought_total, spend=model.spend_total,
                    discounted=model.discounted_total, periods=model.customer_periods,
                    winbacks=dict(model.winbacks), patterns=model.pattern_counts.copy())
    model.step()
    b, a, mk = captured["before"], captured["after"], captured["market"]
    live = b["stage"] < ENDED
    assert live.sum() > 500 and len(set(b["stage"][live])) == 4
    f = {k: v[live].astype(float) for k, v in b.items()}
    st, q = b["stage"][live].astype(int), captured["quality"][live].astype(float)
    # The market the customers face this period.
    assert mk.basic == pytest.approx(mech.basic_value(sc.supplier_value, sc.value_innovation,
                                                      sc.latent_focus, t))
    assert mk.incentive == pytest.approx(mech.FINANCIAL_VALUE * sc.financial_bond)
    assert mk.rival_incentive == 0.0  # the rivals copy at period 24, after this one
    # The equations, in the order the period applies them.
    e_b = mech.comparison_level(mech.basic_expectation(
        f["initial_expectation"], sc.expectation_growth, f["experience"]), mk.rival_basic,
        sc.initial_expectation)
    e_l = mech.comparison_level(mech.latent_expectation(
        f["latent_offset"], sc.expectation_growth, f["experience"]), mk.rival_latent, 0.0)
    s_b = mech.basic_satisfaction(mk.basic + q, e_b)
    s_l = mech.latent_satisfaction(mk.latent, e_l)
    sat = mech.satisfaction(s_b, s_l)
    trust = mech.trust_update(f["trust"], sat, sc.social_bond)
    adv = mech.basic_advantage(mk.basic, e_b)
    rho = f["orientation"]
    appeal = mech.incentive_appeal(mk.incentive, rho)
    rival_appeal = mech.incentive_appeal(mk.rival_incentive, rho)
    offer = mech.offer_value(adv, s_l, appeal, sc.price, f["price_sensitivity"],
                             f["price_tolerance"])
    rival = mech.alternative_value(mech.basic_advantage(mk.rival_basic, e_b),
                                   mech.latent_satisfaction(mk.rival_latent, e_l), rival_appeal,
                                   f["best_taste"])
    value = mech.perceived_value(offer, rival)
    unfair = mech.unfairness(mech.supplier_share(model.supplier.margin,
                                                 mech.customer_gain(adv, s_l, sc.price)),
                             f["fair_share"], st, rho)
    switching = mech.switching_cost(mech.economic_switching_cost(
        sc.switching_cost, f["age"], sc.structural_bond), f["social_switching"])
    att = mech.attitude(sat, trust, value, unfair, st, rho)
    held = mech.hold(switching, f["switching_sensitivity"])
    rep = mech.repurchase_intention(att, held)
    cross = mech.cross_buy_intention(att, trust, st)
    share = mech.share_of_wallet_update(f["share"], st, rep, appeal - rival_appeal)
    rev = mech.revenue(f["wallet"], share, cross, sc.financial_bond, sc.financial_bond_cost)
    cash = mech.cash_flow(rev, model.supplier.margin, model._cost)
    expected = {
        "basic_satisfaction": s_b, "latent_satisfaction": s_l, "satisfaction": sat,
        "value": value, "alternative": rival, "unfairness": unfair, "switching": switching,
        "attitude": att, "commitment": mech.commitment(att), "repurchase": rep,
        "price_tolerance": mech.price_tolerance(att, value, held), "cross_buy": cross,
        "referral": mech.referral_intention(att, sat, trust, st), "share": share,
        "experience": mech.experience_update(f["experience"], st),
        "cash": f["cash"] + cash,
        "clv": f["clv"] + cash * mech.discount_factor(model._period_rate, f["age"]),
    }
    # Customers who entered decline: the supplier's decision, and the offer's cost in their
    # lifetime value (discounted at their new age).
    entered = (st != 3) & (a["stage"][live] == 3)
    worth = mech.winback_worth(model.supplier.margin, f["wallet"], sc.winback_effort,
                               mech.commitment(att), sc.winback_cost)
    assert entered.sum() > 5 and 0 < worth[entered].sum() < entered.sum()
    assert np.array_equal(a["winback"][live][entered], np.where(worth, 1, 2)[entered])
    expected["clv"] = expected["clv"] - (entered & worth) * sc.winback_cost * (
        sc.winback_effort * mech.discount_factor(model._period_rate, f["age"] + 1))
    # Customers won back this period had their trust restored on top: compare the others.
    won = (b["stage"][live] == 3) & (a["stage"][live] < 3)
    expected["trust"] = np.where(won, a["trust"][live], trust)
    for name, want in expected.items():
        np.testing.assert_allclose(a[name][live], want, rtol=2e-4, atol=2e-5, err_msg=name)
    np.testing.assert_allclose(a["trust"][live][won], mech.recovered_trust(
        trust[won], sc.winback_effort), rtol=2e-4, atol=2e-5)
    # The move: one draw against the chances of leaving, moving down and moving up.
    draws = captured["draws"][live].astype(float)
    outside = mech.background_exit(sc.background_churn, held)
    down = mech.pull_away_chance(mech.commitment(att), held, st)
    up = mech.advance_chance(mech.commitment(att), st, trust, value) + mech.winback_chance(
        b["winback"][live] == 1, sc.winback_effort, mech.commitment(att)) * (st == 3)
    first = b["age"][live] == 0
    dropped = first & b["not_worth"][live]
    margin = 1e-4  # leave out draws within rounding of a threshold
    clear = (np.abs(draws - outside) > margin) & (np.abs(draws - outside - down) > margin) & (
        np.abs(draws - outside - down - up) > margin) & ~dropped
    new = a["stage"][live]
    leaves = clear & (draws < outside)
    goes_down = clear & ~leaves & (draws < outside + down)
    goes_up = clear & ~leaves & ~goes_down & (draws < outside + down + up)
    stays = clear & ~leaves & ~goes_down & ~goes_up
    assert leaves.sum() + goes_down.sum() > 10 and goes_up.sum() > 10 and stays.sum() > 300
    assert np.all(new[leaves] == ENDED)
    assert np.all(new[goes_down] == np.array([ENDED, 3, 3, ENDED])[st[goes_down]])
    expected_up = np.where(st == 3, b["previous"][live], np.minimum(st + 1, 2))
    assert np.all(new[goes_up] == expected_up[goes_up])
    assert np.all(new[stays] == st[stays])
    assert np.all(new[dropped] == ENDED)
    assert np.array_equal(a["age"][live], b["age"][live] + 1)
    assert np.array_equal(a["stability_time"][live], b["stability_time"][live] + (st == 2))
    # Bookkeeping: where a move came from, what was decided, why relationships ended.
    assert np.array_equal(a["previous"][live][entered], st[entered])
    assert np.all(a["winback"][live][won] == 0)
    ended = (new == ENDED) & ~dropped
    outside_exit = ended & (draws < outside)
    w_s, w_t, w_v = mech.WEIGHTS
    let_down = (w_s * np.maximum(0.5 - a["satisfaction"][live], 0)
                + w_t * np.maximum(0.5 - a["trust"][live], 0))
    short = w_v * np.maximum(0.5 - a["value"][live], 0)
    felt = a["unfairness"][live]
    cause = np.where(felt > np.maximum(let_down, short), "unfair",
                     np.where(short > let_down, "value", "dissatisfied"))
    cause = np.where(outside_exit, "outside", cause)
    named = np.array(EXIT_CAUSES)[a["exit_cause"][live]]
    assert np.array_equal(named[ended], cause[ended])
    assert np.all(named[dropped] == "dropped") and len(set(cause[ended])) >= 3
    # The period's money and counts, as the model books them.
    offered = entered & worth
    offer_cost = sc.winback_cost * sc.winback_effort
    arrivals = model.population.count - counters["count"]
    assert model.customer_periods - counters["periods"] == live.sum()
    assert model.revenue_total - counters["revenue"] == pytest.approx(rev.sum(), rel=1e-5)
    assert model.spend_total - counters["spend"] == pytest.approx(f["wallet"].sum(), rel=1e-5)
    assert model.bought_total - counters["bought"] == pytest.approx(
        (f["wallet"] * share).sum(), rel=1e-5)
    assert model.profit - counters["profit"] == pytest.approx(
        cash.sum() - offered.sum() * offer_cost - arrivals * sc.acquisition_cost, rel=1e-5)
    assert model.discounted_total - counters["discounted"] == pytest.approx(
        (expected["clv"] - f["clv"]).sum(), rel=1e-5)
    assert model.winbacks == {
        "offered": counters["winbacks"]["offered"] + offered.sum(),
        "let_go": counters["winbacks"]["let_go"] + (entered & ~worth).sum(),
        "won_back": counters["winbacks"]["won_back"] + won.sum()}
    decided = (b["pattern"][live] == 0) & (a["pattern"][live] > 0)  # IV reached, or ended
    closing = (ended | dropped) & decided  # pattern I, II or III: the furthest stage + 1
    assert closing.sum() > 10
    assert np.array_equal(a["pattern"][live][closing], b["furthest"][live][closing] + 1)
    assert np.array_equal(model.pattern_counts - counters["patterns"],
                          np.bincount(a["pattern"][live][decided], minlength=5))
    assert model._means["repurchase"] == pytest.approx(rep.mean(), rel=1e-5)
    assert model._means["cross_buy"] == pytest.approx(cross.mean(), rel=1e-5)


def test_customer_traits_follow_their_documented_distributions():
    """`draw_traits` draws what its docstring says, checked against the distributions' own
    moments and an independent draw (40,000 customers: errors of a few tenths of a per cent)."""
    from sim.model import draw_traits

    sc = sim.Scenario(relational_share=0.15, orientation_spread=0.5, initial_expectation=0.5,
                      expectation_spread=0.2, wallet_spread=1.0,
                      switching_sensitivity_spread=0.4, n_rivals=4)
    n = 40_000
    tr = draw_traits(np.random.default_rng(3), sc, n)
    half = math.sqrt(3.0)  # a uniform draw with standard deviation 1 spans +-sqrt(3)
    rho = tr["orientation"]
    assert rho.min() == 0.0 and rho.max() == 1.0  # limited to [0, 1], mass at both ends
    assert np.mean(rho == 0.0) == pytest.approx((0.5 * half - 0.15) / half, abs=0.01)
    assert np.mean(rho == 1.0) == pytest.approx((0.15 + 0.5 * half - 1.0) / half, abs=0.004)
    k = tr["switching_sensitivity"]
    assert k.min() > 0.0 and k.max() == 1.0
    assert np.mean(k == 1.0) == pytest.approx((0.7 + 0.4 * half - 1.0) / (0.8 * half), abs=0.01)
    e = tr["initial_expectation"]
    assert e.mean() == pytest.approx(0.5, abs=0.004) and e.std() == pytest.approx(0.2, rel=0.02)
    assert e.min() >= 0.5 - 0.2 * half and e.max() <= 0.5 + 0.2 * half
    w = tr["wallet"]  # lognormal with mean 1: median e^(-s^2/2)
    assert w.mean() == pytest.approx(1.0, abs=0.04) and np.median(w) == pytest.approx(
        math.exp(-0.5), rel=0.03)
    own = tr["latent_offset"] - (e - 0.5)  # the latent noise alone
    assert own.std() == pytest.approx(mech.LATENT_SPREAD, rel=0.02)
    assert abs(own.mean()) < 0.005 and np.abs(own).max() <= mech.LATENT_SPREAD * half + 1e-9
    fair = tr["fair_share"]
    assert fair.mean() == pytest.approx(mech.EQUITY_NORM, abs=0.002)
    assert fair.std() == pytest.approx(mech.EQUITY_SPREAD, rel=0.02)
    np.testing.assert_allclose(tr["price_sensitivity"],
                               mech.price_sensitivity(rho, sc.price_sensitivity))
    rng = np.random.default_rng(99)  # the best of 4 rivals' appeal + taste, drawn afresh
    best = np.max([mech.rival_appeal(j) + mech.TASTE_SPREAD * rng.standard_normal(n)
                   for j in range(4)], axis=0)
    assert tr["best_taste"].mean() == pytest.approx(best.mean(), abs=0.003)
    assert tr["best_taste"].std() == pytest.approx(best.std(), rel=0.03)
