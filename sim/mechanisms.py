r"""The mechanisms of the customer relationship lifecycle model.

Each function here is one causal link of the theory, written as a small
equation that works on one customer's floats (the per-agent reference
model) and on numpy arrays of customers (the fast model) alike. Its
docstring gives the equation and the reason for it; the book's model
appendix is generated from these docstrings, in the order of
:data:`MECHANISMS`, so the appendix and the code cannot drift apart.

Notation: :math:`t` is the model period, :math:`a_i` customer *i*'s
relationship age in periods, and the calibration constants (Greek letters)
are the module constants listed in :data:`CALIBRATION`.
"""

from __future__ import annotations

import numpy as np

from sim.elementwise import Number, clip, exp, logistic, minimum, positive_part, power

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
STRUCTURAL_LATENT = 0.4
"""Latent (customised) value a full structural bond adds."""
FINANCIAL_VALUE = 0.15
"""Perceived value a full financial bond adds (discounts, points)."""
VALUE_WIDTH = 0.08
"""Width of the relative-value step: how strongly a value gap over the rival counts."""
TRUST_GAIN = 0.15
"""Share of the gap to the trust target closed per satisfying period."""
TRUST_LOSS = 0.5
"""Share of trust lost per period when satisfaction falls below trust."""
FAIRNESS_WEIGHT = (0.0, 0.15, 0.8, 0.8)
"""Weight of perceived unfairness by stage (exploration, formation, stability, decline)."""
DURATION_LOCKIN = 0.25
"""Switching cost built by relationship duration (habit, learning, sunk effort)."""
DURATION_SCALE = 24.0
"""Periods over which the duration lock-in builds up."""
SOCIAL_LOCKIN = 0.8
"""Psychological switching cost of a full social bond."""
STRUCTURAL_LOCKIN = 1.6
"""Structural switching cost of a full structural bond."""
WEIGHTS = (0.4, 0.3, 0.3)
"""Weights of satisfaction, trust and relative value in the attitude."""
DECISION_THRESHOLD = 0.45
"""Repurchase intention below which a customer starts to pull away."""
DECISION_WIDTH = 0.03
"""Width of the pull-away step around the threshold."""
EXIT_RATE = (0.6, 0.35, 0.3, 0.35)
"""Greatest chance per period of moving down, by stage (E, F, S, D)."""
ADVANCE_RATE = (0.35, 0.1, 0.0, 0.3)
"""Greatest chance per period of moving up, by stage (decline: recovering)."""
FORMATION_TRUST = 0.4
"""Trust needed to move from formation into stability."""
SHARE_TARGET = (0.15, 0.5, 0.9, 0.15)
"""Share of wallet a customer moves towards, by stage."""
SHARE_SPEED = 0.35
"""Share of the gap to the target share of wallet closed per period."""
CROSS_SELL = 0.25
"""Extra revenue from cross-buying at full cross-buying intention."""
PRICE_PREMIUM = 0.1
"""Extra price a customer with full price tolerance pays."""
INITIAL_TRUST = 0.3
"""Benefit of the doubt a new customer gives the supplier (its reputation)."""

CALIBRATION: dict[str, object] = {
    name: value
    for name, value in dict(globals()).items()
    if name.isupper() and not name.startswith("_")
}


def basic_expectation(initial: Number, growth: float, age: Number) -> Number:
    r"""Basic expectations rise with the relationship's age.

    .. math:: E^b_i(a_i) = e_i + \kappa\,g\,a_i

    where :math:`e_i` is the customer's initial expectation and :math:`g` the
    scenario's ``expectation_growth``. Why: what surprised a customer last
    year is taken for granted this year, so the bar rises the longer the
    relationship lasts; a supplier must keep innovating just to stand still.
    """
    return initial + (KAPPA * growth) * age


def latent_expectation(growth: float, age: Number) -> Number:
    r"""Latent expectations drift upwards too, as delight becomes habit.

    .. math:: E^l_i(a_i) = \kappa\,g\,a_i

    measured as the share of latent needs the customer now takes for granted.
    Why: in Kano's terms attractive qualities decay into one-dimensional and
    then must-be qualities; the delight of a feature fades as it becomes
    familiar.
    """
    return (KAPPA * growth) * age


def basic_value(supplier_value: float, innovation: float, t: float) -> float:
    r"""The supplier's basic value grows with its value innovation.

    .. math:: V^b(t) = v_0 + \kappa\,\iota\,t

    Why: continuous improvement of the core offer is what lets value keep
    meeting rising expectations (patterns II and III come from its absence).
    """
    return supplier_value + (KAPPA * innovation) * t


def latent_value(latent: float, innovation: float, structural_bond: float, t: float) -> float:
    r"""Latent value: how much of customers' unspoken needs the supplier meets.

    .. math:: V^l(t) = \ell_0 + \kappa\,\iota\,t + \sigma_s\,b_s

    with :math:`\ell_0` the scenario's ``latent_value`` and :math:`b_s` the
    structural bond. Why: structural bonds deliver customised value (the
    hotel that remembers the guest's favourite room) that no rival copies
    quickly; innovation also reaches needs customers did not know they had.
    """
    return latent + (KAPPA * innovation) * t + STRUCTURAL_LATENT * structural_bond


def rival_value(
    competitor_value: float,
    market_innovation: float,
    financial_bond: float,
    imitation_lag: int,
    t: float,
) -> float:
    r"""The best alternative improves and copies financial bonds after a lag.

    .. math:: V^c(t) = c_0 + \kappa\,\mu\,t + \phi\,b_f\,[t \ge L]

    where :math:`\mu` is the rivals' innovation pace, :math:`b_f` the
    financial bond and :math:`L` the imitation lag. Why: price incentives,
    points and discounts are easy to see and easy to copy, so their
    advantage lasts only until rivals match them.
    """
    imitated = FINANCIAL_VALUE * financial_bond if t >= imitation_lag else 0.0
    return competitor_value + (KAPPA * market_innovation) * t + imitated


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


def perceived_value(supplier: Number, rival: float, financial_bond: float) -> Number:
    r"""Perceived value: the supplier's offer compared with the best alternative.

    .. math:: P = \Lambda\!\left(\frac{V^b + \phi\,b_f - V^c}{w_v}\right)

    Why: customers judge value relative to what they could get elsewhere,
    and a gap of a few points is decisive. A financial bond adds to the
    supplier's side until rivals copy it (:func:`rival_value`); latent value
    counts through satisfaction instead.
    """
    return logistic((supplier + FINANCIAL_VALUE * financial_bond - rival) / VALUE_WIDTH)


def fairness_penalty(fairness: float, stage: Number) -> Number:
    r"""Perceived unfairness weighs more as the relationship matures.

    .. math:: U_i = \omega(\text{stage}_i)\,(1-\text{fairness})

    with :math:`\omega` rising from 0 in exploration to its maximum in
    stability. Why: early on customers judge only their own gain; in a close
    relationship they also judge the supplier's gain, and an unfair split of
    the joint gains drives them out (pattern III).
    """
    return _lookup(FAIRNESS_WEIGHT, stage) * (1.0 - fairness)


def switching_cost(
    base: float, age: Number, social_bond: float, structural_bond: float
) -> Number:
    r"""Switching costs grow with the base level, duration and the bonds.

    .. math::

        C_i = 1 - (1-c_0)\exp\!\Big(-\delta\min(1, a_i/A)
              - \sigma_{so}\,b_{so} - \sigma_{st}\,b_{st}\Big)

    Why: leaving costs more the longer a customer has learnt and invested
    (duration), the closer the personal ties (social bond: a psychological
    cost) and the deeper the integration (structural bond: sunk investments
    and lost customised service).
    """
    duration = DURATION_LOCKIN * minimum(age / DURATION_SCALE, 1.0)
    bonds = SOCIAL_LOCKIN * social_bond + STRUCTURAL_LOCKIN * structural_bond
    return 1.0 - (1.0 - base) * exp(-(duration + bonds))


def attitude(sat: Number, trust: Number, value: Number, unfairness: Number) -> Number:
    r"""Attitudinal loyalty: what the customer thinks of the relationship.

    .. math:: A_i = \big[w_S S_i + w_\tau \tau_i + w_P P_i - U_i\big]_0^1

    Why: perceived value, satisfaction and trust are the determinants of
    loyalty that act on every measure; unfairness subtracts from them.
    Switching costs are left out on purpose: they hold customers, they do not
    make them like the supplier.
    """
    w_s, w_t, w_v = WEIGHTS
    return clip(w_s * sat + w_t * trust + w_v * value - unfairness, 0.0, 1.0)


def repurchase_intention(att: Number, switching: Number) -> Number:
    r"""Repurchase intention: attitude, or being held by switching costs.

    .. math:: R_i = 1 - (1 - A_i)(1 - C_i)

    Why: a customer buys again if they want to or if leaving costs too much;
    switching costs act on repurchase (and price tolerance) only.
    """
    return 1.0 - (1.0 - att) * (1.0 - switching)


def price_tolerance(att: Number, value: Number, switching: Number) -> Number:
    r"""Price tolerance: how large a price rise the customer would accept.

    .. math:: T_i = 1 - \big(1 - A_i\,(0.5 + 0.5P_i)\big)(1 - 0.6\,C_i)

    Why: a customer who values the offer tolerates higher prices, and so
    does one for whom leaving is costly.
    """
    return 1.0 - (1.0 - att * (0.5 + 0.5 * value)) * (1.0 - 0.6 * switching)


def cross_buy_intention(att: Number, trust: Number) -> Number:
    r"""Cross-buying intention: willingness to buy other products too.

    .. math:: X_i = A_i\,(0.5 + 0.5\,\tau_i)

    Why: buying more categories from one supplier needs a good opinion and
    trust in its other products; switching costs play no part.
    """
    return att * (0.5 + 0.5 * trust)


def referral_intention(att: Number, sat: Number, trust: Number) -> Number:
    r"""Referral intention: willingness to recommend the supplier.

    .. math:: W_i = A_i\,\big(0.5\,\tau_i + 0.5\,[S_i]_0^1\big)

    Why: people recommend what delights them and what they trust; a locked-in
    customer keeps buying but does not recommend.
    """
    return att * (0.5 * trust + 0.5 * clip(sat, 0.0, 1.0))


def commitment(repurchase: Number) -> Number:
    r"""Commitment: how firmly the customer has decided to stay.

    .. math:: K_i = \Lambda\!\left(\frac{R_i - \theta}{w_\theta}\right)

    Why: intentions turn into decisions around a threshold. A customer whose
    repurchase intention is well above :math:`\theta` stays put or deepens the
    relationship; one well below it starts to look elsewhere; near the
    threshold it could go either way.
    """
    return logistic((repurchase - DECISION_THRESHOLD) / DECISION_WIDTH)


def pull_away_chance(commit: Number, stage: Number) -> Number:
    r"""Chance of moving down this period (ending, or entering decline).

    .. math:: p^{-}_i = r^{-}(\text{stage}_i)\,(1 - K_i)

    Why: uncommitted customers drift away. In exploration nothing protects
    the relationship, so one bad purchase can end it (pattern I); later a
    drifting customer first declines, buying less, before leaving.
    """
    return _lookup(EXIT_RATE, stage) * (1.0 - commit)


def advance_chance(commit: Number, stage: Number, trust: Number, value: Number) -> Number:
    r"""Chance of moving up this period (or recovering from decline).

    .. math::

        p^{+}_i = r^{+}(\text{stage}_i)\,K_i
                  \times\begin{cases}
                  \Lambda\!\left(\frac{\tau_i-\tau^*}{w_\theta}\right)\,
                  \Lambda\!\left(\frac{P-0.5}{0.1}\right) & \text{formation}\\
                  1 & \text{otherwise}\end{cases}

    Why: a relationship matures into stability only when trust has been built
    and the supplier's value meets or beats the best alternative; a declining
    customer can be won back when the reasons to stay return.
    """
    chance = _lookup(ADVANCE_RATE, stage) * commit
    maturing = logistic((trust - FORMATION_TRUST) / DECISION_WIDTH) * logistic(
        (value - 0.5) / 0.1
    )
    if isinstance(stage, int):
        return chance * (maturing if stage == 1 else 1.0)
    return chance * (1.0 + (stage == 1) * (maturing - 1.0))  # arithmetic beats np.where


def share_of_wallet_update(share: Number, stage: Number, repurchase: Number) -> Number:
    r"""Share of wallet moves towards a stage-specific target.

    .. math:: s_i \leftarrow s_i + \lambda\,\big(\bar s(\text{stage}_i)\,(0.5+0.5R_i) - s_i\big)

    Why: trial orders in exploration, fast growth in formation, most of the
    customer's business in stability, falling purchases in decline: this is
    the customer life curve.
    """
    target = _lookup(SHARE_TARGET, stage) * (0.5 + 0.5 * repurchase)
    return share + SHARE_SPEED * (target - share)


def revenue(
    wallet: Number,
    share: Number,
    cross_buy: Number,
    tolerance: Number,
    financial_bond: float,
    financial_bond_cost: float,
) -> Number:
    r"""Revenue from one customer in one period.

    .. math:: \text{rev}_i = W_i\,s_i\,(1 + \chi X_i)(1 + \pi T_i)(1 - k_f b_f)

    Why: volume is the customer's category spend times the supplier's share
    of it; cross-buying adds categories, price tolerance allows a premium,
    and a financial bond gives part of the revenue back.
    """
    return (
        wallet
        * share
        * (1.0 + CROSS_SELL * cross_buy)
        * (1.0 + PRICE_PREMIUM * tolerance)
        * (1.0 - financial_bond_cost * financial_bond)
    )


def bond_cost_per_customer(
    social_bond: float, social_cost: float, structural_bond: float, structural_cost: float
) -> float:
    r"""Cost of serving the social and structural bonds, per active customer.

    .. math:: k_i = b_{so}\,k_{so} + b_{st}\,k_{st}

    Why: personal contact and customised systems cost money every period;
    whether they pay is what the profit and lifetime-value figures show.
    """
    return social_bond * social_cost + structural_bond * structural_cost


def cash_flow(revenue_: Number, margin: float, bond_cost: float) -> Number:
    r"""What one customer earns the supplier in one period.

    .. math:: c_i = m\,\text{rev}_i - k_i

    Why: the gross margin on the customer's purchases pays for the bonds that
    serve them; a customer who buys little can cost more than they bring.
    """
    return margin * revenue_ - bond_cost


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
        \lambda_{ref} = \rho \sum_{i\ \text{active}} W^{ref}_i

    The model draws each count from a Poisson distribution with these means.
    Why: marketing brings a steady flow of prospects; satisfied customers who
    recommend the supplier bring more, so loyalty feeds growth.
    """
    return acquisition_rate * n_customers, referral_strength * referral_sum


def _lookup(table: tuple[float, ...], stage: Number) -> Number:
    """Return the table's entry for each stage; ended relationships get 0."""
    if isinstance(stage, int):
        return table[stage] if stage < len(table) else 0.0
    padded = _PADDED.get(table)
    if padded is None:
        padded = _PADDED[table] = np.asarray((*table, 0.0), dtype=np.float32)
    return padded.take(stage)  # take() is several times faster than padded[stage]


_PADDED: dict[tuple[float, ...], np.ndarray] = {}


MECHANISMS = (
    basic_expectation,
    latent_expectation,
    basic_value,
    latent_value,
    rival_value,
    basic_satisfaction,
    latent_satisfaction,
    basic_response,
    latent_response,
    satisfaction,
    trust_update,
    perceived_value,
    fairness_penalty,
    switching_cost,
    attitude,
    repurchase_intention,
    price_tolerance,
    cross_buy_intention,
    referral_intention,
    commitment,
    pull_away_chance,
    advance_chance,
    share_of_wallet_update,
    revenue,
    bond_cost_per_customer,
    cash_flow,
    period_discount_rate,
    discount_factor,
    worth_developing,
    expected_new_prospects,
)
"""The mechanisms in the order one period applies them (the appendix order)."""
