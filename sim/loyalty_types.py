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
HIGH_VALUE = 0.7
"""Perceived value at or above which a customer is held by the offer's price-value."""


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
    held = high_pat & ~high_att
    choices = [
        (high_att & ~high_pat, "latent"),
        (high_att & high_pat & (trust >= HIGH_TRUST), "super-value"),
        (high_pat & (value >= HIGH_VALUE) & (value_without_incentive < HIGH_VALUE), "incentive"),
        (high_pat & (value >= HIGH_VALUE), "price"),
        (held & no_alternative, "monopoly"),
        (held & (social_lock > other_lock), "kinship"),
        (held, "inertia"),
        (high_att & high_pat, "super-value"),
    ]
    decided = np.zeros(attitude.shape, dtype=bool)
    for mask, name in choices:
        new = mask & ~decided
        kind[new] = LOYALTY_TYPES.index(name)
        decided |= new
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
    """Return the loyalty type of one customer (slow path, for agents)."""
    return LOYALTY_TYPES[int(population_types(model)[index])]
