"""How customers choose between the teams' suppliers: the market's own equations.

The lifecycle model follows the relationships of one supplier, against the
best of its rivals. In the class market every supplier is a team, so two
things need saying that the single-supplier model leaves to its scenario:
which supplier a new prospect tries first, and what a team's rivals offer.
Both use the lifecycle model's own valuation (:mod:`sim.mechanisms`), so a
prospect judges the teams exactly as a customer judges its supplier.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim import mechanisms as mech
from sim.scenario import Scenario


@dataclass(frozen=True)
class Offer:
    """What one team's supplier offers in a period, as the market sees it.

    Attributes:
        basic: Basic value delivered.
        latent: Latent value (share of latent needs met).
        financial_bond: Level of the financial bond (incentives), 0-1.
        price: Price relative to the market price 1.0.
    """

    basic: float
    latent: float
    financial_bond: float
    price: float


def prospect_utility(offers: Sequence[Offer], scenario: Scenario) -> np.ndarray:
    r"""What each team's offer is worth to a typical new prospect.

    .. math:: U_j = B(V^b_j, E^b) + \delta\,S^l(V^l_j, E^l) + I_j(\bar\rho) - \bar\pi\,\ln p_j

    with the prospect's expectations :math:`E^b, E^l` its initial ones,
    raised by the best offer on the market (:func:`sim.mechanisms.comparison_level`),
    and :math:`\bar\rho, \bar\pi` the customers' mean orientation and price
    sensitivity. Why: a prospect has no history with anyone, so it compares
    the offers as a customer compares its supplier with the best rival, at
    the first purchase (:func:`sim.mechanisms.offer_value`).
    """
    best_basic = max(offer.basic for offer in offers)
    best_latent = max(offer.latent for offer in offers)
    e_basic = mech.comparison_level(scenario.initial_expectation, best_basic,
                                    scenario.initial_expectation)
    e_latent = mech.comparison_level(0.0, best_latent, 0.0)
    orientation = scenario.relational_share
    sensitivity = mech.price_sensitivity(orientation, scenario.price_sensitivity)
    return np.array([
        mech.offer_value(
            mech.basic_advantage(offer.basic, e_basic),
            mech.latent_satisfaction(offer.latent, e_latent),
            mech.incentive_appeal(mech.FINANCIAL_VALUE * offer.financial_bond, orientation),
            offer.price, sensitivity, 0.0)
        for offer in offers])


def choose_suppliers(utilities: np.ndarray, tastes: np.ndarray,
                     barred: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    r"""Which supplier each prospect tries, and how much better its best other one suits it.

    .. math::

        j^*_i = \arg\max_j \big(U_j + \epsilon_{ij}\big), \qquad
        \epsilon^*_i = \max_{j \ne j^*_i} \epsilon_{ij} - \epsilon_{ij^*_i}

    with :math:`\epsilon_{ij}` the prospect's taste for team *j*'s supplier,
    drawn as the lifecycle model draws its taste for a rival (normal, standard
    deviation :data:`sim.mechanisms.TASTE_SPREAD`). Why: a prospect tries the
    offer that suits it best, tastes included, so a better offer wins more
    prospects but not all of them; and the taste that made it choose stays
    with it: :math:`\epsilon^*_i` becomes its pull towards the best-suited
    rival (the model's ``best_taste`` trait), negative when it chose the
    supplier it likes best. A customer who left team ``barred`` does not go
    back to it at once.

    Args:
        utilities: What each team's offer is worth to a typical prospect
            (:func:`prospect_utility`); zeros to choose by taste alone.
        tastes: Standard normal draws, one row per prospect, one column per team.
        barred: A team the prospects do not choose (the one they just left).

    Returns:
        The chosen team of each prospect, and its taste gap :math:`\epsilon^*_i`.
    """
    taste = mech.TASTE_SPREAD * tastes
    score = utilities + taste
    if barred is not None:
        score[:, barred] = -np.inf
    chosen = score.argmax(axis=1)
    rows = np.arange(len(taste))
    own = taste[rows, chosen].copy()
    taste[rows, chosen] = -np.inf
    return chosen, taste.max(axis=1) - own


def rival_incentive(financial_bond: float, price: float, scenario: Scenario) -> float:
    r"""A rival team's incentives and price, as one incentive its customers weigh.

    .. math:: I^c = \phi\,b_f - \bar\pi\,\ln p

    Why: in the single-supplier model rivals sell at the market price, so
    only the supplier's price counts. A rival team sets its own. Weighed by
    :func:`sim.mechanisms.incentive_appeal`, this incentive is worth
    :math:`2(1-\rho_i)\phi b_f - \pi_i \ln p` to customer *i*, which is
    exactly how the customer weighs the financial bond and the price of its
    own supplier (:func:`sim.mechanisms.price_sensitivity`), a cheaper rival
    drawing transactional customers most.
    """
    return mech.FINANCIAL_VALUE * financial_bond - scenario.price_sensitivity * math.log(price)
