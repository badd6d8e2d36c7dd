r"""The mechanisms of the customer relationship lifecycle model.

Each function here is one causal link of the theory, written as a small
equation that works on one customer's floats (the per-agent reference
model) and on numpy arrays of customers (the fast model) alike. Its
docstring gives the equation and the reason for it; the book's model
appendix is generated from these docstrings, in the order of
:data:`MECHANISMS`, so the appendix and the code cannot drift apart.

Notation: :math:`t` is the model period, :math:`a_i` customer *i*'s
relationship age in periods; customer traits carry the index :math:`i`
(initial expectation :math:`e_i`, wallet :math:`W_i`, relational orientation
:math:`\rho_i`, price sensitivity :math:`\pi_i`, sensitivity to switching
costs :math:`\chi_i`). The calibration constants (Greek letters and capitals)
are the module constants listed in :data:`CALIBRATION`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.elementwise import (
    Number,
    clip,
    exp,
    log,
    logistic,
    maximum,
    minimum,
    positive_part,
    power,
    tanh,
)

# ---------------------------------------------------------------------------
# Calibration constants. They are part of the model, not of the scenario:
# students change scenarios; these fix the shape of the response curves.
# ---------------------------------------------------------------------------
KAPPA = 0.01
"""Pace scale: one unit of innovation or expectation growth moves value by 0.01 per period."""
QUALITY_NOISE = 0.05
"""Standard deviation of the basic value of a single purchase around its mean."""
BASIC_WIDTH = 0.05
"""Width of the disconfirmation step: how sharply basic satisfaction turns on."""
AVERAGE_LOYALTY = 0.5
"""Average loyalty: the level basic satisfaction alone can reach (the trap's ceiling)."""
BASIC_CURVATURE = 4.0
"""Curvature of the concave basic-satisfaction response."""
LATENT_CURVATURE = 2.5
"""Exponent of the convex latent-satisfaction response."""
LATENT_EFFICIENCY = 1.5
"""Latent value one unit of innovation buys, relative to basic value (new needs are cheap to
reach at first: no rival serves them yet)."""
STRUCTURAL_LATENT = 0.4
"""Latent (customised) value a full structural bond adds."""
FINANCIAL_VALUE = 0.15
"""Perceived value a full financial bond adds (discounts, points)."""
DELIGHT_VALUE = 0.3
"""Perceived value of full delight (latent satisfaction 1), on the basic value scale."""
BASIC_HEADROOM = 0.1
"""How far beyond expectations better basics can still be told apart from rivals' basics."""
MARKET_LATENT_FOCUS = 0.5
"""Share of the rivals' innovation that reaches latent needs (they start with none met)."""
RIVAL_SPREAD = 0.05
"""How much rivals' starting values differ (standard deviation): the best of several rivals
starts ahead of a typical one."""
ORDER_STATISTICS = {1: (0.0,), 2: (0.564, -0.564), 3: (0.846, 0.0, -0.846),
                    4: (1.029, 0.297, -0.297, -1.029)}
"""Expected values of the largest, second largest, ... of n standard normal draws."""
RIVAL_GAP = 0.01
"""How much less each further rival draws customers than the one before (its appeal)."""
TASTE_SPREAD = 0.08
"""Standard deviation of a customer's taste for a rival (rivals suit some customers better)."""
LATENT_SPREAD = 0.25
"""Standard deviation of customers' latent needs: some are easy to delight, some are not."""
VALUE_WIDTH = 0.08
"""Width of the relative-value step: how strongly a value gap over the rival counts."""
TRUST_GAIN = 0.15
"""Share of the gap to the trust target closed per satisfying period."""
TRUST_LOSS = 0.5
"""Share of trust lost per period when satisfaction falls below trust."""
CUSTOMER_SURPLUS = 0.3
"""The customer's gain per unit spent when value just meets expectations at the market price."""
EQUITY_NORM = 0.5
"""Supplier share of the joint gain the average customer sees as fair (an equal split)."""
EQUITY_SPREAD = 0.1
"""Standard deviation of the supplier share customers see as fair (norms differ)."""
UNFAIRNESS_WEIGHT = 0.6
"""Attitude an average customer in stability loses to a split that leaves it nothing."""
FAIRNESS_WEIGHT = (0.0, 0.1, 1.0, 1.0)
"""Weight of perceived unfairness by stage (exploration, formation, stability, decline)."""
DURATION_LOCKIN = 0.25
"""Switching cost built by relationship duration (habit, learning, sunk effort)."""
DURATION_SCALE = 24.0
"""Periods over which the duration lock-in builds up."""
SOCIAL_LOCKIN = 0.8
"""Psychological switching cost of a full social bond (for a fully relational customer)."""
STRUCTURAL_LOCKIN = 1.2
"""Structural switching cost of a full structural bond."""
WEIGHTS = (0.4, 0.3, 0.3)
"""Weights of satisfaction, trust and relative value in the attitude (a customer
midway between transactional and relational)."""
ORIENTATION_TILT = 1.0
"""How far relational orientation moves weight from relative value to trust in the
attitude: a fully relational customer weighs trust (1 + tilt/2) times as much, and
relative value (1 - tilt/2) times as much, as a customer midway."""
VALUE_FOCUS = (0.7, 1.0, 1.0, 1.0)
"""How fully relative value counts in the attitude, by stage (trial customers ask first
whether the supplier meets their expectations)."""
COMMIT_THRESHOLD = 0.4
"""Attitude at which a customer is as likely to commit as to pull away."""
COMMIT_WIDTH = 0.06
"""Width of the commitment step around the threshold."""
HOLD = 0.85
"""Largest share of the urge to leave that switching costs can hold back."""
EXIT_RATE = (0.4, 0.4, 0.25, 0.25)
"""Greatest chance per period of moving down, by stage (E, F, S, D)."""
ADVANCE_RATE = (0.35, 0.18, 0.0, 0.0)
"""Greatest chance per period of moving up, by stage (decline: only by a win-back offer)."""
COMPARISON_WEIGHT = 0.8
"""Share of the rivals' improvements that customers come to expect of every supplier."""
EXPECTATION_PACE = (1.0, 2.0, 0.5, 0.5)
"""How fast expectations rise in each stage, relative to expectation_growth: fastest while
the relationship expands and the customer learns what is possible."""
FORMATION_TRUST = 0.4
"""Trust needed to move from formation into stability."""
DECLINE_DRIFT = (0.0, 0.0, 0.0, 0.08)
"""Chance per period that a customer leaves however committed it still is, by stage: only a
declining customer, who has started to buy elsewhere, drifts out."""
WINBACK_RATE = 0.4
"""Chance per period that a full win-back offer wins back a fully committed customer."""
WINBACK_TRUST = 0.3
"""Share of the gap to full trust a full win-back offer closes (service recovery)."""
WINBACK_HORIZON = 24.0
"""Periods of stable business the supplier counts on when valuing a win-back."""
STAGE_BREADTH = (0.0, 0.6, 1.0, 0.3)
"""How far cross-buying and referral are open, by stage (none while still testing)."""
SHARE_TARGET = (0.15, 0.5, 0.9, 0.15)
"""Share of wallet a customer moves towards, by stage."""
SHARE_SPEED = 0.35
"""Share of the gap to the target share of wallet closed per period."""
CROSS_SELL = 0.25
"""Extra revenue from cross-buying at full cross-buying intention."""
INITIAL_TRUST = 0.3
"""Benefit of the doubt a new customer gives the supplier (its reputation)."""

CALIBRATION: dict[str, object] = {
    name: value
    for name, value in dict(globals()).items()
    if name.isupper() and not name.startswith("_")
}


# ---------------------------------------------------------------------------
# What the supplier and its rivals offer
# ---------------------------------------------------------------------------
def basic_value(supplier_value: float, innovation: float, latent_focus: float,
                t: float) -> float:
    r"""The supplier's basic value grows with the part of innovation spent on basics.

    .. math:: V^b(t) = v_0 + \kappa\,\iota\,(1-\lambda)\,t

    where :math:`\iota` is ``value_innovation`` (the innovation budget) and
    :math:`\lambda` the ``latent_focus``, the share of it spent on latent needs.
    Why: continuous improvement of the core offer is what lets value keep
    meeting rising expectations (patterns II and III come from its absence).
    """
    return supplier_value + (KAPPA * innovation * (1.0 - latent_focus)) * t


def latent_value(latent: float, innovation: float, latent_focus: float,
                 structural_bond: float, t: float) -> float:
    r"""Latent value: how much of customers' unspoken needs the supplier meets.

    .. math:: V^l(t) = \ell_0 + \kappa\,\Gamma\,\iota\,\lambda\,t + \sigma_s\,b_s

    with :math:`\ell_0` the scenario's ``latent_value`` and :math:`b_s` the
    structural bond. Why: innovation aimed at needs customers did not know
    they had is what delights; structural bonds deliver customised value (the
    hotel that remembers the guest's favourite room) that no rival copies
    quickly.
    """
    return (latent + (KAPPA * LATENT_EFFICIENCY * innovation * latent_focus) * t
            + STRUCTURAL_LATENT * structural_bond)


def rival_start_value(competitor_value: float, n_rivals: int, rank: int) -> float:
    r"""Where a rival starts: the best of several rivals is better than a typical one.

    .. math:: c_{0j} = c_0 + s\,\mathbb{E}\big[z_{(j)}\big]

    with :math:`c_0` the scenario's ``competitor_value`` (a typical rival),
    :math:`s` the spread of rivals' values and :math:`z_{(j)}` the
    :math:`j`-th largest of ``n_rivals`` standard normal draws (rank 0 the
    largest). Why: the more rivals a market has, the better its best
    alternative, and the higher customers' comparison level.
    """
    return competitor_value + RIVAL_SPREAD * ORDER_STATISTICS[n_rivals][rank]


def rival_basic_value(start: float, market_innovation: float, t: float) -> float:
    r"""A rival's basic value: it improves with the market's innovation.

    .. math:: V^c_j(t) = c_{0j} + \kappa\,\mu\,(1-\lambda_m)\,t

    with :math:`\mu` the rivals' innovation pace, of which the share
    :math:`1-\lambda_m` goes to basics. Why: the alternatives do not stand
    still; a supplier whose value does not grow falls behind them.
    """
    return start + (KAPPA * market_innovation * (1.0 - MARKET_LATENT_FOCUS)) * t


def rival_appeal(rank: int) -> float:
    r"""How much a rival's brand draws customers, by its rank among the rivals.

    .. math:: a_j = -g\,j

    Rank 0 is the strongest rival. Why: rivals are not all equal; the more of
    them there are, the likelier one suits a given customer, but each further
    rival is a little weaker than the last.
    """
    return -RIVAL_GAP * rank


def rival_latent_value(market_innovation: float, t: float) -> float:
    r"""The rivals' latent value: the delight their innovation brings.

    .. math:: V^{cl}(t) = \kappa\,\Gamma\,\mu\,\lambda_m\,t

    Why: rivals overtake a supplier above all by innovating, serving needs
    customers did not know they had; a supplier that stops innovating loses
    even customers whose basic expectations it still meets (pattern III).
    """
    return (KAPPA * LATENT_EFFICIENCY * market_innovation * MARKET_LATENT_FOCUS) * t


def rival_incentive(financial_bond: float, imitation_lag: int, t: float) -> float:
    r"""Incentives the rivals offer: they copy the financial bond after a lag.

    .. math:: I^c(t) = \phi\,b_f\,[t \ge L]

    with :math:`b_f` the supplier's financial bond and :math:`L` the
    imitation lag. Why: price incentives, points and discounts are easy to see
    and easy to copy, so their advantage lasts only until rivals match them.
    """
    return FINANCIAL_VALUE * financial_bond if t >= imitation_lag else 0.0


def margin(price: float, unit_cost: float) -> float:
    r"""The supplier's gross margin at its price.

    .. math:: m = 1 - \frac{c}{p}

    with the price :math:`p` relative to the market price (rivals sell at
    :math:`p = 1`) and :math:`c` the unit cost on the same scale. Why: price
    is how the gains of a relationship are split; every point of margin the
    supplier takes is value the customer does not get.
    """
    return 1.0 - unit_cost / price


# ---------------------------------------------------------------------------
# How the customer judges a purchase
# ---------------------------------------------------------------------------
def experience_update(experience: Number, stage: Number) -> Number:
    r"""The customer's experience of the relationship, which raises its expectations.

    .. math:: x_i \leftarrow x_i + \epsilon(\text{stage}_i)

    with :math:`\epsilon` fastest in formation. Why: a customer learns what
    the supplier can do most quickly while the relationship expands (Dwyer,
    Schurr and Oh's expansion phase), and raises its expectations with what it
    learns; in a settled relationship expectations still rise, more slowly.
    """
    return experience + _lookup(EXPECTATION_PACE, stage)


def basic_expectation(initial: Number, growth: float, experience: Number) -> Number:
    r"""Basic expectations rise with the customer's experience.

    .. math:: e^b_i = e_i + \kappa\,g\,x_i

    where :math:`e_i` is the customer's initial expectation, :math:`g` the
    scenario's ``expectation_growth`` and :math:`x_i` its experience (about one
    unit per period). Why: what surprised a customer last year is taken for
    granted this year, so the bar rises the longer the relationship lasts; a
    supplier must keep innovating just to stand still.
    """
    return initial + (KAPPA * growth) * experience


def latent_expectation(offset: Number, growth: float, experience: Number) -> Number:
    r"""Latent expectations drift upwards too, as delight becomes habit.

    .. math:: e^l_i = \nu_i + \kappa\,g\,x_i

    measured as the share of latent needs the customer now takes for granted.
    Customers differ in how easy they are to delight (:math:`\nu_i`, see
    :func:`latent_offset`). Why: in Kano's terms attractive qualities decay
    into one-dimensional and then must-be qualities; the delight of a feature
    fades as it becomes familiar.
    """
    return offset + (KAPPA * growth) * experience


def comparison_level(own: Number, alternative: float, usual: float) -> Number:
    r"""What the customer expects once it knows what the best alternative offers.

    .. math:: E_i = e_i + \psi\,(V^c - \bar e)^+

    for the customer's own expectation :math:`e_i` (basic or latent), the
    best rival's value :math:`V^c` and what customers usually expect,
    :math:`\bar e` (the mean initial expectation; 0 for latent needs). Why:
    customers judge a supplier against a comparison level set by the
    alternatives they know (Thibaut and Kelley); when rivals offer more than
    customers used to expect, everyone's bar rises, so a supplier whose value
    stands still while the market improves falls short of expectations it
    once met.
    """
    return own + COMPARISON_WEIGHT * positive_part(alternative - usual)


def latent_offset(initial: Number, mean_initial: float, noise: Number) -> Number:
    r"""How hard a customer is to delight, relative to the average customer.

    .. math:: \nu_i = (e_i - \bar e) + \sigma_l\,z_i

    with :math:`z_i` a standard draw and :math:`\sigma_l` the spread of latent
    needs. Why: customers who expect more of the basics are also harder to
    surprise, and beyond that latent needs vary widely from one customer to
    the next, which is why delight is uneven across a customer base.
    """
    return (initial - mean_initial) + LATENT_SPREAD * noise


def basic_satisfaction(value: Number, expectation: Number) -> Number:
    r"""Satisfaction of basic expectations: a smooth step at disconfirmation.

    .. math:: S^b_i = \Lambda\!\left(\frac{V^b + \varepsilon_{it} - E^b_i}{w_b}\right)

    where :math:`\Lambda` is the logistic function and :math:`\varepsilon_{it}`
    the quality of this particular purchase. Why: customers compare what they
    get with what they take as owed; :math:`S^b = 0.5` when value exactly meets
    the expectation, near 0 when it falls short, near 1 when it beats it.
    """
    return logistic((value - expectation) / BASIC_WIDTH)


def latent_satisfaction(value: Number, expectation: Number) -> Number:
    r"""Satisfaction of latent expectations: the share of delight left.

    .. math:: S^l_i = \min\!\left(1,\ (V^l - E^l_i)^+\right)

    Why: latent needs are ones the customer did not know they had, so there
    is no disappointment when they are unmet, only delight when they are met.
    """
    return minimum(positive_part(value - expectation), 1.0)


def basic_response(satisfaction: Number) -> Number:
    r"""Loyalty from basic satisfaction: concave, levelling off at average loyalty.

    .. math:: f_b(S^b) = \bar L\left[\frac{1-e^{-k S^b}}{1-e^{-k}} - 4\,(0.5-S^b)^+\right]

    Why (the satisfaction trap): meeting basic expectations has diminishing
    returns; beyond a threshold loyalty flattens out near the average level
    :math:`\bar L` whatever the firm does. Falling short of them (the second
    term) makes the customer dissatisfied, pulling loyalty below zero.
    """
    rise = (1.0 - exp(-BASIC_CURVATURE * satisfaction)) / (1.0 - exp(-BASIC_CURVATURE))
    shortfall = 4.0 * positive_part(0.5 - satisfaction)
    return AVERAGE_LOYALTY * (rise - shortfall)


def latent_response(satisfaction: Number) -> Number:
    r"""Loyalty from latent satisfaction: convex, the road above average loyalty.

    .. math:: f_l(S^l) = (1-\bar L)\,(S^l)^{\gamma},\qquad \gamma > 1

    Why: delight has increasing marginal effect; a little surprise is soon
    forgotten, repeated delight turns customers into advocates.
    """
    return (1.0 - AVERAGE_LOYALTY) * power(satisfaction, LATENT_CURVATURE)


def satisfaction(basic: Number, latent: Number) -> Number:
    r"""Overall satisfaction is the sum of the two response curves.

    .. math:: S_i = f_b(S^b_i) + f_l(S^l_i) \in [-\bar L, 1]

    Why: the two kinds of expectation act separately (Kano's must-be and
    attractive qualities); only their sum can reach full loyalty.
    """
    return basic_response(basic) + latent_response(latent)


def rated_satisfaction(basic: Number, latent: Number) -> Number:
    r"""Satisfaction as a customer would rate it in a survey, from 0 to 1.

    .. math:: Q_i = \tfrac12\,S^b_i + \tfrac12\,S^l_i

    Half the scale is for meeting basic expectations ("satisfied" at 0.5),
    half for delight ("completely satisfied" at 1). Why: survey scales rank
    how well expectations were met; they do not know the loyalty each level
    buys, which is what the satisfaction-loyalty curve shows (Jones and
    Sasser). The model itself uses :func:`satisfaction`; this is for reading.
    """
    return 0.5 * basic + 0.5 * latent


def trust_update(trust: Number, sat: Number, social_bond: float) -> Number:
    r"""Trust is built by repeated satisfaction and lost quickly.

    .. math::

        \tau_i \leftarrow \tau_i + \begin{cases}
          \rho_+(1+b_{so})\,(S_i-\tau_i) & S_i \ge \tau_i\\
          \rho_-\,(S_i-\tau_i) & S_i < \tau_i
        \end{cases}

    with the target :math:`S_i` limited to [0, 1]. Why: trust (credibility
    and benevolence) grows slowly from experience, faster with personal
    contact (the social bond), and falls fast after a let-down. Trust that
    rests on basic satisfaction alone cannot rise above average loyalty.
    """
    target = clip(sat, 0.0, 1.0)
    gap = target - trust
    gain = (TRUST_GAIN * (1.0 + social_bond)) * positive_part(gap)
    loss = TRUST_LOSS * minimum(gap, 0.0)
    return trust + gain + loss


# ---------------------------------------------------------------------------
# Value against the alternatives, and fairness of the split
# ---------------------------------------------------------------------------
def price_sensitivity(orientation: Number, mean_sensitivity: float) -> Number:
    r"""How strongly a customer reacts to price: transactional customers most.

    .. math:: \pi_i = \bar\pi\,\cdot 2\,(1-\rho_i)

    with :math:`\rho_i \in [0, 1]` the customer's relational orientation
    (0 transactional, 1 relational; mean 0.5, so :math:`\bar\pi` is the mean).
    Why: a transactional buyer shops on price each time; a relational one
    buys the relationship and weighs price less (Garbarino and Johnson).
    """
    return (2.0 * mean_sensitivity) * (1.0 - orientation)


def basic_advantage(value: Number, expectation: Number) -> Number:
    r"""How much better than expected the core offer seems to the customer.

    .. math:: B(V, E) = \min(V - E, 0) + \beta\,\tanh\!\left(\frac{(V - E)^+}{\beta}\right)

    Why: basics are must-be qualities (Kano). Falling short of them counts in
    full; beating them counts less and less, because once basic expectations
    are met customers barely tell one competent supplier from another. This
    is why polishing the basics cannot buy loyalty above the average.
    """
    gap = value - expectation
    return minimum(gap, 0.0) + BASIC_HEADROOM * tanh(positive_part(gap) * (1.0 / BASIC_HEADROOM))


def offer_value(advantage: Number, latent_sat: Number, incentive: float, price: float,
                sensitivity: Number, tolerance: Number) -> Number:
    r"""What the supplier's offer is worth to the customer, price included.

    .. math:: U^s_i = B(V^b, E^b_i) + \delta\,S^l_i + I_i - \pi_i\,(1 - T_i/2)\,\ln p

    with :math:`I_i` what the financial bond's incentives :math:`\phi\,b_f`
    are worth to this customer (:func:`incentive_appeal`). Why:
    customers compare whole offers: the core product, the delight of latent
    needs met, the incentives, and the price. A customer who tolerates price
    rises (:math:`T_i`, last period's price tolerance) feels a higher price
    less.
    """
    return (advantage + DELIGHT_VALUE * latent_sat + incentive
            - sensitivity * (1.0 - 0.5 * tolerance) * log(price))


def incentive_appeal(incentive: float, orientation: Number) -> Number:
    r"""What an incentive (discounts, points, rebates) is worth to the customer.

    .. math:: I_i = 2\,(1-\rho_i)\,I

    with :math:`I` the incentive's worth to a customer of middling
    orientation (:math:`\rho_i = 0.5`). Why: financial bonds appeal to
    deal-prone, transactional buyers (twice the average at
    :math:`\rho_i = 0`) and hardly to relational ones, who buy the
    relationship (Garbarino and Johnson); so a financial bond draws the
    customers most ready to leave for the next deal, and rivals who copy it
    take its pull away from exactly those customers.
    """
    return (2.0 * incentive) * (1.0 - orientation)


def best_taste(tastes: tuple[Number, ...], appeals: tuple[float, ...]) -> Number:
    r"""How much the rival that suits the customer best draws it, beyond the market's offer.

    .. math:: \epsilon^*_i = \max_j \big(a_j + \epsilon_{ij}\big)

    with :math:`\epsilon_{ij}` the customer's fixed taste for rival *j* and
    :math:`a_j` the rival's appeal. Why: the alternative that threatens a
    relationship is the best one *for that customer*; the more rivals, the
    likelier one of them suits it better.
    """
    best = appeals[0] + tastes[0]
    for appeal, taste in zip(appeals[1:], tastes[1:], strict=True):
        best = maximum(best, appeal + taste)
    return best


def alternative_value(advantage: Number, latent_sat: Number, incentive: float,
                      taste: Number) -> Number:
    r"""What the best alternative is worth to the customer (rivals sell at the market price).

    .. math:: U^c_i = B(V^c, E^b_i) + \delta\,S^{cl}_i + I^c_i + \epsilon^*_i

    where :math:`S^{cl}_i` is the delight the rivals' latent value gives the
    customer, :math:`I^c_i` what the rivals' copied incentives are worth to it
    (:func:`incentive_appeal`) and :math:`\epsilon^*_i` how much the
    best-suited rival draws it (:func:`best_taste`). Why: the customer judges
    the alternative exactly as it judges the supplier, against the same
    expectations.
    """
    return advantage + DELIGHT_VALUE * latent_sat + incentive + taste


def perceived_value(offer: Number, alternative: Number) -> Number:
    r"""Perceived value: the supplier's offer compared with the best alternative.

    .. math:: P_i = \Lambda\!\left(\frac{U^s_i - U^c_i}{w_v}\right)

    Why: customers judge value relative to what they could get elsewhere,
    and a gap of a few points is decisive.
    """
    return logistic((offer - alternative) / VALUE_WIDTH)


def customer_gain(advantage: Number, latent_sat: Number, price: float) -> Number:
    r"""The customer's gain from each unit spent with the supplier.

    .. math:: G^c_i = \left(\frac{1 + g_0 + B(V^b, E^b_i) + \delta S^l_i}{p} - 1\right)^+

    Why: what a customer gets for its money is worth :math:`1 + g_0` when value
    just meets its expectation (:math:`g_0` is the usual consumer surplus),
    more when the offer beats it; paying a higher price :math:`p` leaves less
    of that worth to the customer.
    """
    worth = 1.0 + CUSTOMER_SURPLUS + advantage + DELIGHT_VALUE * latent_sat
    return positive_part(worth / price - 1.0)


def supplier_share(supplier_gain: float, gain: Number) -> Number:
    r"""The supplier's share of the relationship's joint gain.

    .. math:: \sigma_i = \frac{m}{m + G^c_i}

    with :math:`m` the margin (the supplier's gain per unit the customer
    spends). Why: equity theory (Adams): a partner judges a relationship by
    how its gains are split, not only by what it gets.
    """
    return supplier_gain / maximum(supplier_gain + gain, 1e-6)


def fair_share(noise: Number) -> Number:
    r"""The supplier share of the joint gain a customer sees as fair.

    .. math:: \eta_i = \bar\eta + \sigma_\eta\,z_i

    with :math:`z_i` a standard draw. Why: norms of equity differ; some
    customers grant a supplier a larger share than others before they feel
    exploited, so unfairness drives customers out gradually as the split
    worsens, not all at once.
    """
    return EQUITY_NORM + EQUITY_SPREAD * noise


def unfairness(share: Number, fair: Number, stage: Number, orientation: Number) -> Number:
    r"""Perceived unfairness: the split beyond what is fair, weighed by maturity.

    .. math:: U_i = u\,\omega(\text{stage}_i)\,(0.5+\rho_i)\,
              \frac{(\sigma_i - \eta_i)^+}{1-\eta_i}

    with :math:`\omega` rising from 0 in exploration to its maximum in
    stability and :math:`\eta_i` the share the customer sees as fair. Why:
    early on customers judge only their own gain; in a close relationship
    they also judge the supplier's, relational customers most of all, and a
    supplier that keeps too much of the joint gain drives them out (pattern
    III).
    """
    excess = positive_part(share - fair) / (1.0 - fair)
    return (UNFAIRNESS_WEIGHT * _lookup(FAIRNESS_WEIGHT, stage)) * (0.5 + orientation) * excess


# ---------------------------------------------------------------------------
# What holds the customer, and the loyalty it shows
# ---------------------------------------------------------------------------
def economic_switching_cost(base: float, age: Number, structural_bond: float) -> Number:
    r"""Economic switching costs: the base level, duration and the structural bond.

    .. math:: C^e_i = 1 - (1-c_0)\exp\!\big(-\delta\min(1, a_i/A) - \sigma_{st}\,b_{st}\big)

    Why: leaving costs more the longer a customer has learnt and invested
    (duration) and the deeper the integration (structural bond: sunk
    investments and lost customised service).
    """
    duration = DURATION_LOCKIN * minimum(age / DURATION_SCALE, 1.0)
    return 1.0 - (1.0 - base) * exp(-(duration + STRUCTURAL_LOCKIN * structural_bond))


def social_switching_cost(social_bond: float, orientation: Number) -> Number:
    r"""Psychological switching cost of personal ties, felt by relational customers.

    .. math:: C^s_i = 1 - \exp(-2\rho_i\,\sigma_{so}\,b_{so})

    Why: a social bond (recognition, a personal contact) makes leaving cost
    a relationship; a transactional customer (:math:`\rho_i = 0`) does not
    feel it.
    """
    return 1.0 - exp(-(2.0 * SOCIAL_LOCKIN * social_bond) * orientation)


def switching_cost(economic: Number, social: Number) -> Number:
    r"""All switching costs together: leaving means paying each of them.

    .. math:: C_i = 1 - (1 - C^e_i)(1 - C^s_i)

    Why: the costs of leaving add up but cannot exceed everything; a customer
    already held by one cost is held a little more by the next.
    """
    return 1.0 - (1.0 - economic) * (1.0 - social)


def attitude(sat: Number, trust: Number, value: Number, unfair: Number,
             stage: Number, orientation: Number = 0.5) -> Number:
    r"""Attitudinal loyalty: what the customer thinks of the relationship.

    .. math:: A_i = \Big[w_S S_i + w_\tau (1 + \theta\tilde\rho_i)\,\tau_i
              + w_P (1 - \theta\tilde\rho_i)
                \big(\tfrac12 + v(\text{stage}_i)\,(P_i - \tfrac12)\big) - U_i\Big]_0^1

    with :math:`\tilde\rho_i = \rho_i - \tfrac12` the customer's relational
    orientation about the midpoint and :math:`\theta` the tilt.
    Why: perceived value, satisfaction and trust are the determinants of
    loyalty that act on every measure; unfairness subtracts from them. A new
    customer on trial mostly asks whether the supplier meets its expectations;
    the comparison with the alternatives weighs in full once it considers
    committing (:math:`v` rises from exploration to formation). Transactional
    customers judge each purchase on its value against the alternatives;
    relational ones lean on the trust the relationship has built, so a
    passing value gap shakes them less. Switching costs are left out on
    purpose: they hold customers, they do not make them like the supplier.
    """
    w_s, w_t, w_v = WEIGHTS
    tilt = ORIENTATION_TILT * (orientation - 0.5)
    relative = 0.5 + _lookup(VALUE_FOCUS, stage) * (value - 0.5)
    return clip(w_s * sat + w_t * (1.0 + tilt) * trust + w_v * (1.0 - tilt) * relative
                - unfair, 0.0, 1.0)


def hold(switching: Number, sensitivity: Number) -> Number:
    r"""How much of the urge to leave switching costs hold back.

    .. math:: H_i = h\,\chi_i\,C_i, \qquad h < 1

    with :math:`\chi_i \in [0, 1]` the customer's sensitivity to switching
    costs. Why: switching costs make leaving dearer in proportion to what it
    costs, but they never imprison: a customer who wants out still leaves,
    only more slowly (Burnham, Frels and Mahajan).
    """
    return (HOLD * sensitivity) * switching


def repurchase_intention(att: Number, held: Number) -> Number:
    r"""Repurchase intention: attitude, or being held by switching costs.

    .. math:: R_i = A_i + (1 - A_i)\,H_i

    Why: a customer buys again if they want to or if leaving costs too much;
    switching costs act on repurchase (and price tolerance) only.
    """
    return att + (1.0 - att) * held


def price_tolerance(att: Number, value: Number, held: Number) -> Number:
    r"""Price tolerance: how large a price rise the customer would accept.

    .. math:: T_i = 1 - \big(1 - A_i\,(0.5 + 0.5P_i)\big)(1 - 0.7\,H_i)

    Why: a customer who values the offer tolerates higher prices, and so
    does one for whom leaving is costly.
    """
    return 1.0 - (1.0 - att * (0.5 + 0.5 * value)) * (1.0 - 0.7 * held)


def cross_buy_intention(att: Number, trust: Number, stage: Number) -> Number:
    r"""Cross-buying intention: willingness to buy other products too.

    .. math:: X_i = \beta(\text{stage}_i)\,A_i\,(0.5 + 0.5\,\tau_i)

    with :math:`\beta` 0 in exploration, rising through formation to its
    peak in stability. Why: buying more categories from one supplier needs a
    good opinion, trust in its other products and a relationship past the
    testing stage; switching costs play no part.
    """
    return _lookup(STAGE_BREADTH, stage) * att * (0.5 + 0.5 * trust)


def referral_intention(att: Number, sat: Number, trust: Number, stage: Number) -> Number:
    r"""Referral intention: willingness to recommend the supplier.

    .. math:: W_i = \beta(\text{stage}_i)\,A_i\,\big(0.5\,\tau_i + 0.5\,[S_i]_0^1\big)

    Why: people recommend what delights them and what they trust, once they
    know the supplier well; a locked-in customer keeps buying but does not
    recommend.
    """
    return _lookup(STAGE_BREADTH, stage) * att * (0.5 * trust + 0.5 * clip(sat, 0.0, 1.0))


# ---------------------------------------------------------------------------
# Moving through the lifecycle
# ---------------------------------------------------------------------------
def commitment(att: Number) -> Number:
    r"""Commitment: how firmly the customer has decided to stay.

    .. math:: K_i = \Lambda\!\left(\frac{A_i - \theta}{w_\theta}\right)

    Why: attitudes turn into decisions around a threshold. A customer whose
    attitude is well above :math:`\theta` stays put or deepens the
    relationship; one well below it starts to look elsewhere.
    """
    return logistic((att - COMMIT_THRESHOLD) / COMMIT_WIDTH)


def pull_away_chance(commit: Number, held: Number, stage: Number) -> Number:
    r"""Chance of moving down this period (ending, or entering decline).

    .. math:: p^{-}_i = \big(r^{-}(\text{stage}_i)\,(1 - K_i)
              + d(\text{stage}_i)\big)\,(1 - H_i)

    Why: uncommitted customers drift away, the faster the less they like the
    relationship; switching costs slow them down without stopping them. In
    exploration nothing protects the relationship, so one bad purchase can
    end it (pattern I); later a drifting customer first declines, buying
    less, and a declining customer keeps drifting out (:math:`d`, zero in the
    other stages) unless the supplier wins it back.
    """
    drift = _lookup(DECLINE_DRIFT, stage)
    return (_lookup(EXIT_RATE, stage) * (1.0 - commit) + drift) * (1.0 - held)


def advance_chance(commit: Number, stage: Number, trust: Number, value: Number) -> Number:
    r"""Chance of moving up this period (exploration to formation to stability).

    .. math::

        p^{+}_i = r^{+}(\text{stage}_i)\,K_i
                  \times\begin{cases}
                  \Lambda\!\left(\frac{\tau_i-\tau^*}{0.03}\right)\,
                  \Lambda\!\left(\frac{P_i-0.5}{0.1}\right) & \text{formation}\\
                  1 & \text{otherwise}\end{cases}

    Why: a relationship matures into stability only when trust has been built
    and the supplier's offer meets or beats the best alternative. A declining
    customer does not come back on its own (:func:`winback_chance`).
    """
    chance = _lookup(ADVANCE_RATE, stage) * commit
    maturing = logistic((trust - FORMATION_TRUST) / 0.03) * logistic((value - 0.5) / 0.1)
    return chance * (1.0 + (stage == 1) * (maturing - 1.0))


def background_exit(churn: float, held: Number) -> Number:
    r"""Chance that the relationship ends for reasons outside it.

    .. math:: p^{0}_i = b\,(1 - H_i / 2)

    with :math:`b` the scenario's ``background_churn``. Why: some customers
    leave whatever the supplier does: they move away, their need ends, their
    company is taken over (the notes' "need" and "other" causes of churn);
    switching costs hold back only the part of those exits that is a choice.
    """
    return churn * (1.0 - 0.5 * held)


def winback_worth(margin_: float, wallet: Number, effort: float, commit: Number,
                  cost_per_effort: float) -> Number:
    r"""The supplier's decision on a declining customer: win it back or let go.

    .. math::

        \text{offer}_i = \Big[\, m\,W_i\,\bar s\,H_w\;\cdot\;r_w\,e\,\tfrac12(1 + K_i)
                         \;>\; k_w\,e \Big]

    comparing the margin the customer would bring over :math:`H_w` periods of
    stable business, weighted by the chance the offer works, with the cost of
    an offer of effort :math:`e` (``winback_effort``; :math:`k_w` is the
    ``winback_cost`` of a full offer). Why: in decline the supplier diagnoses
    and decides; winning back a customer who no longer wants the relationship,
    or who brings too little to repay the offer, does not pay.
    """
    value = margin_ * wallet * (SHARE_TARGET[2] * WINBACK_HORIZON) * (WINBACK_RATE * effort)
    return value * (0.5 + 0.5 * commit) > cost_per_effort * effort


def recovered_trust(trust: Number, effort: float) -> Number:
    r"""Trust of a customer the supplier has just won back.

    .. math:: \tau_i \leftarrow \tau_i + \omega\,e\,(1 - \tau_i)

    Why: a win-back offer is a service recovery; handled well it restores
    part of the trust the decline cost (complaints as a chance to improve),
    so the customer returns with a reason to stay, not only a discount.
    """
    return trust + (WINBACK_TRUST * effort) * (1.0 - trust)


def winback_chance(offer: Number, effort: float, commit: Number) -> Number:
    r"""Chance per period that a win-back offer brings a declining customer back.

    .. math:: p^{w}_i = \text{offer}_i\; r_w\, e\, \tfrac12(1 + K_i)

    Why: an offer persuades some declining customers whatever they think of
    the supplier now (the concession itself), and more of those who still
    think well of it; the customer returns to the stage it declined from.
    """
    return (0.5 + 0.5 * commit) * (WINBACK_RATE * effort) * offer


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------
def share_of_wallet_update(share: Number, stage: Number, repurchase: Number,
                           pull: Number = 0.0) -> Number:
    r"""Share of wallet moves towards a stage-specific target.

    .. math:: s_i \leftarrow s_i + \lambda_s\,\big(\min(1,\ \bar s(\text{stage}_i)\,
              (0.5+0.5R_i)\,(1 + I_i - I^c_i)) - s_i\big)

    with :math:`I_i - I^c_i` how much more the supplier's incentives are worth
    to the customer than the best rival's (:func:`incentive_appeal`; 0 once
    rivals copy them). Why: trial orders in exploration, fast growth in
    formation, most of the customer's business in stability, falling
    purchases in decline: this is the customer life curve. A loyalty
    programme rewards concentrating purchases, so members move more of their
    spending to the supplier, deal-prone ones most; when every rival rewards
    the same, concentrating pays no more and the extra share is gone (Dowling
    and Uncles 1997).
    """
    target = minimum(_lookup(SHARE_TARGET, stage) * (0.5 + 0.5 * repurchase) * (1.0 + pull),
                     1.0)
    return share + SHARE_SPEED * (target - share)


def revenue(wallet: Number, share: Number, cross_buy: Number, financial_bond: float,
            financial_bond_cost: float) -> Number:
    r"""Revenue from one customer in one period.

    .. math:: \text{rev}_i = W_i\,s_i\,(1 + \chi_x X_i)(1 - k_f b_f)

    Why: volume is the customer's category spend times the supplier's share
    of it; cross-buying adds categories, and a financial bond gives part of
    the revenue back. (The price sets how much of the revenue is margin.)
    """
    return wallet * share * (1.0 + CROSS_SELL * cross_buy) * (1.0 - financial_bond_cost
                                                                * financial_bond)


def serving_cost(social_bond: float, social_cost: float, structural_bond: float,
                 structural_cost: float, innovation: float, innovation_cost: float) -> float:
    r"""Cost of the bonds and of innovation, per active customer and period.

    .. math:: k = b_{so}\,k_{so} + b_{st}\,k_{st} + \iota\,k_\iota

    Why: personal contact, customised systems and continuous innovation cost
    money every period; whether they pay is what the profit and lifetime-value
    figures show. Innovation costs the same however it is split between
    basic and latent needs, so the split is a free choice at equal spend.
    """
    return social_bond * social_cost + structural_bond * structural_cost + (
        innovation * innovation_cost)


def cash_flow(revenue_: Number, margin_: float, cost: float) -> Number:
    r"""What one customer earns the supplier in one period.

    .. math:: c_i = m\,\text{rev}_i - k

    Why: the gross margin on the customer's purchases pays for the bonds and
    the innovation that serve them; a customer who buys little can cost more
    than they bring.
    """
    return margin_ * revenue_ - cost


def period_discount_rate(yearly_rate: float, periods_per_year: int) -> float:
    r"""The discount rate per period equivalent to a yearly rate.

    .. math:: i_p = (1 + i)^{1/n} - 1

    Why: cash flows arrive every period (month) while interest is quoted per
    year; compounding n periods at :math:`i_p` gives one year at :math:`i`.
    """
    return (1.0 + yearly_rate) ** (1.0 / periods_per_year) - 1.0


def discount_factor(period_rate: float, age: Number) -> Number:
    r"""Weight of a cash flow paid at relationship age :math:`a_i` in lifetime value.

    .. math:: \text{CLV}_i = -C_0 + \sum_{a=0}^{A_i} \frac{c_{i,a}}{(1+i_p)^{a}}

    The first purchase (age 0) is not discounted, the acquisition cost
    :math:`C_0` is paid then too: the same timing convention as the
    "first purchase at t = 0" case of :mod:`sim.clv`. Why: money earned later
    is worth less today, so long relationships are worth much, but not
    infinitely, more.
    """
    return exp(-np.log1p(period_rate) * age)


def worth_developing(wallet: Number, threshold: float) -> Number:
    r"""Whether the supplier keeps developing a prospect after its first trial.

    .. math:: \text{keep}_i = [W_i \ge \underline{W}]

    Why: part of pattern I is the supplier's own choice: a prospect whose
    category spend :math:`W_i` is too small to repay the cost of developing the
    relationship is let go in exploration.
    """
    return wallet >= threshold


def expected_new_prospects(acquisition_rate: float, n_customers: int,
                           referral_strength: float, referral_sum: float) -> tuple[float, float]:
    r"""Mean numbers of new prospects this period, from marketing and from referrals.

    .. math::

        \lambda_{acq} = \alpha N_0, \qquad
        \lambda_{ref} = \rho_r \sum_{i\ \text{active}} W^{ref}_i

    The model draws each count from a Poisson distribution with these means.
    Why: marketing brings a steady flow of prospects; satisfied customers who
    recommend the supplier bring more, so loyalty feeds growth.
    """
    return acquisition_rate * n_customers, referral_strength * referral_sum


STAGE_TABLES: dict[str, tuple[float, ...]] = {
    "expectation_pace": EXPECTATION_PACE,
    "fairness_weight": FAIRNESS_WEIGHT,
    "value_focus": VALUE_FOCUS,
    "stage_breadth": STAGE_BREADTH,
    "exit_rate": EXIT_RATE,
    "decline_drift": DECLINE_DRIFT,
    "advance_rate": ADVANCE_RATE,
    "share_target": SHARE_TARGET,
}
"""The calibration tables indexed by stage (exploration, formation, stability, decline)."""


class StageLookups:
    """Customers' stage codes together with their entries in every stage table.

    Looking a stage table up for every customer every period costs as much as
    several arithmetic operations; the fast model keeps each customer's
    entries instead and updates them only when the customer changes stage
    (see :func:`stage_entries`). The mechanisms accept plain stage codes (an
    ``int`` or an array) or this object alike.

    Args:
        codes: Stage codes (0 exploration ... 4 ended).
        entries: Each table's entry for each customer, keyed by the table.
    """

    __slots__ = ("codes", "entries")

    def __init__(self, codes: np.ndarray, entries: dict[tuple[float, ...], np.ndarray]) -> None:
        self.codes = codes
        self.entries = entries

    def __eq__(self, other: object) -> Any:  # stage == k compares the codes
        return self.codes == other

    __hash__ = None  # type: ignore[assignment]


def stage_entries(table: tuple[float, ...], codes: np.ndarray) -> np.ndarray:
    """Each customer's entry in a stage table (ended relationships get 0)."""
    return _padded(table).take(codes)


def _lookup(table: tuple[float, ...], stage: Number | StageLookups) -> Number:
    """Return the table's entry for each stage; ended relationships get 0."""
    if isinstance(stage, int):
        return table[stage] if stage < len(table) else 0.0
    if isinstance(stage, StageLookups):
        return stage.entries[table]
    return _padded(table).take(stage)  # take() is several times faster than padded[stage]


def _padded(table: tuple[float, ...]) -> np.ndarray:
    """The table as a float32 array with a 0 for ended relationships appended."""
    padded = _PADDED.get(table)
    if padded is None:
        padded = _PADDED[table] = np.asarray((*table, 0.0), dtype=np.float32)
    return padded


_PADDED: dict[tuple[float, ...], np.ndarray] = {}


MECHANISMS = (
    basic_value,
    latent_value,
    rival_start_value,
    rival_basic_value,
    rival_appeal,
    rival_latent_value,
    rival_incentive,
    margin,
    experience_update,
    basic_expectation,
    latent_offset,
    latent_expectation,
    comparison_level,
    basic_satisfaction,
    latent_satisfaction,
    basic_response,
    latent_response,
    satisfaction,
    rated_satisfaction,
    trust_update,
    price_sensitivity,
    incentive_appeal,
    basic_advantage,
    offer_value,
    best_taste,
    alternative_value,
    perceived_value,
    customer_gain,
    supplier_share,
    fair_share,
    unfairness,
    economic_switching_cost,
    social_switching_cost,
    switching_cost,
    attitude,
    hold,
    repurchase_intention,
    price_tolerance,
    cross_buy_intention,
    referral_intention,
    commitment,
    pull_away_chance,
    advance_chance,
    background_exit,
    winback_worth,
    winback_chance,
    recovered_trust,
    share_of_wallet_update,
    revenue,
    serving_cost,
    cash_flow,
    period_discount_rate,
    discount_factor,
    worth_developing,
    expected_new_prospects,
)
"""The mechanisms in the order one period applies them (the appendix order)."""
