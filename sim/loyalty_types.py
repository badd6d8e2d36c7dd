"""Which kind of loyalty a customer shows, read off the customer's state.

Dick and Basu (1994) cross a customer's relative attitude with repeat
patronage: both high is true loyalty, high attitude with low patronage is
latent loyalty, low attitude with high patronage is spurious loyalty, and
both low is no loyalty. The course notes split spurious loyalty by what
holds the customer: a monopoly (no acceptable alternative), kinship
(personal ties), convenience or inertia (habit and switching costs), price,
or incentives. Super-value (trust) loyalty, high attitude resting on trust
and value, is the kind worth pursuing.

Repeat patronage is measured by share of wallet (behaviour), attitude by
the model's attitudinal loyalty. What holds a customer is measured on one
scale for every candidate: how much the customer's chance of pulling away
each period would rise without it (an incentive's edge over the rivals'
copies of it, a price below the market, personal ties, the other switching
costs). The largest rise names the type,
so a strong social bond and a small discount are compared fairly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim import mechanisms as mech
from sim.stages import ENDED

LOYALTY_TYPES = (
    "super-value", "latent", "price", "incentive", "monopoly", "kinship", "inertia", "none",
)
"""Loyalty types, the one worth pursuing first."""

HIGH_ATTITUDE = 0.6
"""Attitudinal loyalty at or above which the attitude counts as high (above the average
loyalty basic satisfaction alone can give)."""
HIGH_PATRONAGE = 0.4
"""Share of wallet at or above which repeat patronage counts as high."""
HIGH_TRUST = 0.55
"""Trust at or above which a high attitude counts as super-value loyalty."""
NO_ALTERNATIVE = 0.1
"""How far the best rival must fall below the customer's initial expectation to be no
acceptable alternative (a monopoly)."""
_HOLDS = ("incentive", "price", "kinship", "inertia")


def classify(attitude: np.ndarray, share: np.ndarray, trust: np.ndarray,
             holds: np.ndarray, no_alternative: np.ndarray) -> np.ndarray:
    """Return the index into :data:`LOYALTY_TYPES` for each customer.

    Args:
        attitude: Attitudinal loyalty.
        share: Share of wallet (repeat patronage).
        trust: Trust in the supplier.
        holds: Rise in the chance of pulling away per period without each of
            incentive, price, kinship and inertia (4 x customers).
        no_alternative: True where no rival meets the customer's basic
            expectation.
    """
    true_attitude = (attitude >= HIGH_ATTITUDE) & (trust >= HIGH_TRUST)
    high_pat = share >= HIGH_PATRONAGE
    kind = np.full(attitude.shape, LOYALTY_TYPES.index("none"), dtype=np.int8)
    kind[true_attitude & ~high_pat] = LOYALTY_TYPES.index("latent")
    kind[true_attitude & high_pat] = LOYALTY_TYPES.index("super-value")
    # Spurious loyalty (buying without a high, trusting attitude): named after
    # the strongest thing that holds the customer.
    held = high_pat & ~true_attitude
    names = np.array([LOYALTY_TYPES.index(n) for n in _HOLDS], dtype=np.int8)
    kind[held] = names[np.argmax(holds, axis=0)][held]
    kind[held & no_alternative] = LOYALTY_TYPES.index("monopoly")
    return kind


def holds_without(model: Any) -> tuple[np.ndarray, np.ndarray]:
    """Each customer's rise in pull-away chance without each hold, and the monopoly flag.

    Returns ``(holds, no_alternative)``: ``holds`` is 4 x customers in the
    order incentive, price, kinship, inertia; each row is the chance of
    pulling away per period without that hold minus the chance with it.
    """
    sc = model.scenario
    col = model.population.column
    stage, trust, sat = col("stage"), col("trust"), col("satisfaction")
    unfair, switching = col("unfairness"), col("switching")
    sensitivity = col("switching_sensitivity")
    orientation = col("orientation")
    # The customer's value gap over the best rival, recovered from perceived value.
    value = np.clip(col("value").astype(float), 1e-6, 1.0 - 1e-6)
    gap = mech.VALUE_WIDTH * np.log(value / (1.0 - value))
    price_gain = -col("price_sensitivity") * (1.0 - 0.5 * col("price_tolerance")) * np.log(
        sc.price)

    def chance(gap_: np.ndarray, switching_: np.ndarray) -> np.ndarray:
        att = mech.attitude(sat, trust, mech.logistic(gap_ / mech.VALUE_WIDTH), unfair,
                           stage, orientation)
        held = mech.hold(switching_, sensitivity)
        return mech.pull_away_chance(mech.commitment(att), held, stage)

    now = chance(gap, switching)
    social = 1.0 - col("social_switching")  # 1 - C^s: what the social bond leaves
    # An incentive holds only by what it offers beyond the rivals' copies of it:
    # once they have matched the points, dropping them would leave the customer
    # worse off at this supplier, but the points no longer tie them to it.
    t = max(model.steps - 1, 0)
    edge = (mech.incentive_appeal(mech.FINANCIAL_VALUE * sc.financial_bond, orientation)
            - mech.incentive_appeal(model.rivals[0].incentive(t), orientation))
    holds = np.vstack([
        chance(gap - np.maximum(edge, 0.0), switching) - now,
        chance(gap - np.maximum(price_gain, 0.0), switching) - now,
        chance(gap, 1.0 - (1.0 - switching) / social) - now,
        chance(gap, 1.0 - social) - now,
    ])
    best_rival = max(rival.basic_value(t) for rival in model.rivals)
    acceptable = col("initial_expectation") - NO_ALTERNATIVE
    return holds, best_rival < acceptable


def population_types(model: Any) -> np.ndarray:
    """Return every customer's loyalty-type index (ended customers: 'none')."""
    col = model.population.column
    holds, no_alternative = holds_without(model)
    kind = classify(col("attitude"), col("share"), col("trust"), holds, no_alternative)
    kind[col("stage") == ENDED] = LOYALTY_TYPES.index("none")
    return kind


def loyalty_type_of(model: Any, index: int) -> str:
    """Return the loyalty type of one customer (for agent views).

    The whole population is classified once per period and kept on the
    model, so reading ``agent.loyalty_type`` for every agent stays linear.
    """
    cached = getattr(model, "_loyalty_types_cache", None)
    if cached is None or cached[0] != (model.steps, model.population.count):
        cached = ((model.steps, model.population.count), population_types(model))
        model._loyalty_types_cache = cached
    return LOYALTY_TYPES[int(cached[1][index])]


LADDER = ("prospect", "customer", "client", "supporter", "advocate", "partner")
"""The loyalty ladder, from first contact to partnership."""

ADVOCATE_REFERRAL = 0.5
"""Referral intention at or above which a stable customer is an advocate."""
PARTNER_TRUST = 0.7
"""Trust at or above which a stable, structurally bonded advocate is a partner."""


def ladder_rungs(model: Any) -> np.ndarray:
    """Return each active customer's rung on the loyalty ladder (index into LADDER).

    A prospect has made no purchase yet (age 0); a customer is testing the
    supplier (exploration); a client buys regularly (formation, or decline);
    a supporter is stable; an advocate is stable and recommends; a partner
    is an advocate with high trust tied in by a structural bond. Ended
    relationships get -1.
    """
    col = model.population.column
    stage, age = col("stage"), col("age")
    rung = np.select(
        [stage == ENDED, age == 0, stage == 0, stage == 2],
        [-1, 0, 1, 3],
        default=2,
    ).astype(np.int8)
    stable = stage == 2
    advocate = stable & (col("referral") >= ADVOCATE_REFERRAL)
    rung[advocate] = 4
    if model.scenario.structural_bond > 0:
        rung[advocate & (col("trust") >= PARTNER_TRUST)] = 5
    return rung
