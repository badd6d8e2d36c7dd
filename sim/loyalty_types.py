"""Which kind of loyalty a customer shows, read off the customer's state.

Dick and Basu (1994) cross a customer's relative attitude with repeat
patronage: both high is true loyalty, high attitude with low patronage is
latent loyalty, low attitude with high patronage is spurious loyalty, and
both low is no loyalty. The course notes split spurious loyalty by what
holds the customer: a monopoly (no acceptable alternative), kinship
(personal ties), convenience or inertia (habit and switching costs), price,
or incentives. Super-value (trust) loyalty, high attitude resting on trust,
is the kind worth pursuing.

Repeat patronage is measured by share of wallet (behaviour), attitude by
the model's attitudinal loyalty; the thresholds are stated below.
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

HIGH_ATTITUDE = 0.55
"""Attitudinal loyalty at or above which the attitude counts as high."""
HIGH_PATRONAGE = 0.4
"""Share of wallet at or above which repeat patronage counts as high."""
HIGH_TRUST = 0.45
"""Trust at or above which a high attitude counts as super-value loyalty."""


def classify(
    attitude: np.ndarray,
    share: np.ndarray,
    trust: np.ndarray,
    value: np.ndarray,
    value_without_incentive: np.ndarray,
    social_lock: np.ndarray,
    other_lock: np.ndarray,
    no_alternative: np.ndarray,
) -> np.ndarray:
    """Return the index into :data:`LOYALTY_TYPES` for each customer.

    Args:
        attitude: Attitudinal loyalty.
        share: Share of wallet (repeat patronage).
        trust: Trust in the supplier.
        value: Perceived value relative to the best alternative.
        value_without_incentive: The same without the financial bond.
        social_lock: Switching cost due to the social bond.
        other_lock: Switching cost due to duration, base costs and structure.
        no_alternative: True where the best alternative does not meet the
            customer's basic expectation.
    """
    high_att = attitude >= HIGH_ATTITUDE
    high_pat = share >= HIGH_PATRONAGE
    kind = np.full(attitude.shape, LOYALTY_TYPES.index("none"), dtype=np.int8)
    kind[high_att & ~high_pat] = LOYALTY_TYPES.index("latent")
    kind[high_att & high_pat] = LOYALTY_TYPES.index("super-value")
    # Spurious loyalty (buying without a high attitude, or without trust):
    # named after the strongest thing that holds the customer.
    held = high_pat & ~(high_att & (trust >= HIGH_TRUST))
    reasons = np.vstack([
        value - value_without_incentive,            # incentive
        value_without_incentive - 0.5,              # price
        social_lock,                                # kinship
        other_lock,                                 # inertia
    ])
    names = np.array([LOYALTY_TYPES.index(n) for n in ("incentive", "price", "kinship",
                                                       "inertia")], dtype=np.int8)
    kind[held] = names[np.argmax(reasons, axis=0)][held]
    kind[held & no_alternative] = LOYALTY_TYPES.index("monopoly")
    return kind


def population_types(model: Any) -> np.ndarray:
    """Return every customer's loyalty-type index (ended customers: 'none')."""
    pop = model.population
    sc = model.scenario
    t = max(model.steps - 1, 0)
    col = pop.column
    age = col("age").astype(float)
    v_basic = mech.basic_value(sc.supplier_value, sc.value_innovation, t)
    v_rival = mech.rival_value(sc.competitor_value, sc.market_innovation, sc.financial_bond,
                               sc.imitation_lag, t)
    expectation = mech.basic_expectation(col("initial_expectation"), sc.expectation_growth, age)
    base = mech.switching_cost(sc.switching_cost, age, 0.0, sc.structural_bond)
    with_social = mech.switching_cost(sc.switching_cost, age, sc.social_bond, sc.structural_bond)
    kind = classify(
        attitude=col("attitude"),
        share=col("share"),
        trust=col("trust"),
        value=col("value"),
        value_without_incentive=mech.perceived_value(v_basic, v_rival, 0.0)
        * np.ones_like(age),
        social_lock=with_social - base,
        other_lock=base,
        no_alternative=v_rival < expectation - 0.1,
    )
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
