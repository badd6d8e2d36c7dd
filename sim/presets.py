"""Named scenarios for class: one per lifecycle pattern and per stylized fact.

Each preset is a :class:`~sim.scenario.Scenario` that differs from the
defaults only where its story needs it, so a teacher can say what was
changed and why. The tests check that each pattern preset makes its
pattern the most common ending.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario import Scenario


@dataclass(frozen=True)
class Preset:
    """A named scenario with the story it tells."""

    name: str
    title: str
    description: str
    scenario: Scenario
    shows: str


def _preset(name: str, title: str, shows: str, description: str, **fields: float) -> Preset:
    return Preset(name, title, description, Scenario(**fields), shows)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset(
            "baseline", "The default market", "facts 5, 6, 9, 10, 14",
            "A decent supplier that meets customers' expectations and keeps improving, at the "
            "market's price, against two average rivals: every field at its default.",
        ),
        _preset(
            "aborted", "Pattern I: aborted early", "pattern I",
            "The supplier delivers far less than new customers expect and nothing (no "
            "trust yet, no switching cost) protects the first purchases: most "
            "relationships end in exploration.",
            supplier_value=0.35, value_innovation=0.3, switching_cost=0.1,
        ),
        _preset(
            "stalled", "Pattern II: died mid-way", "pattern II",
            "Value meets customers' initial expectations but does not grow, while their "
            "expectations rise: relationships pass exploration and die in formation.",
            supplier_value=0.68, value_innovation=0.0, expectation_growth=1.4,
            competitor_value=0.47, market_innovation=0.0,
        ),
        _preset(
            "unfair", "Pattern III: early exit", "pattern III",
            "Good and growing value, sold at 30 % above the market's price to customers who "
            "value the relationship: the supplier keeps most of the joint gain, and once "
            "customers reach stability and judge the split they leave early.",
            supplier_value=0.7, value_innovation=0.6, price=1.3, latent_value=0.3,
            relational_share=0.8,
        ),
        _preset(
            "lifelong", "Pattern IV: long-term retention", "pattern IV",
            "Value stays above every rival's, the price is a little below the market's so "
            "the split is fair, and social and structural bonds raise switching costs: most "
            "relationships settle into a long stability.",
            supplier_value=0.7, value_innovation=0.6, price=0.95, switching_cost=0.5,
            latent_value=0.35, social_bond=0.5, structural_bond=0.5,
        ),
        _preset(
            "satisfaction_trap", "The satisfaction trap", "facts 5 and 11",
            "A supplier that meets basic expectations spends its whole innovation budget on "
            "polishing the basics and almost none on latent needs: customers are satisfied "
            "yet stay at average loyalty.",
            supplier_value=0.65, value_innovation=0.8, latent_value=0.1, latent_focus=0.0,
        ),
        _preset(
            "delight", "Serving latent expectations", "facts 5 and 11",
            "The same supplier with the same budget, spending most of it on needs customers "
            "did not know they had: satisfaction turns into loyalty above the average.",
            supplier_value=0.65, value_innovation=0.8, latent_value=0.1, latent_focus=0.5,
        ),
        _preset(
            "financial_bond", "Level 1: financial bond", "fact 7",
            "Points and discounts win customers fast, until rivals copy them.",
            financial_bond=1.0, imitation_lag=12,
        ),
        _preset(
            "social_bond", "Level 2: social bond", "bonding levels",
            "Personal recognition and contact: trust builds faster and leaving has a "
            "psychological cost.",
            social_bond=1.0,
        ),
        _preset(
            "structural_bond", "Level 3: structural bond", "fact 7",
            "Customised systems deliver value rivals cannot copy and raise the cost "
            "of leaving.",
            structural_bond=1.0,
        ),
        _preset(
            "locked_in", "Locked in: high switching costs", "fact 6",
            "Switching costs are high but nothing else changes: customers keep buying "
            "without liking the supplier more, and leave more slowly, not never.",
            switching_cost=0.8,
        ),
        _preset(
            "bond_market", "Rivals out-innovate the supplier", "facts 7 and 12",
            "The supplier improves slowly while its rivals improve fast and copy financial "
            "bonds after a year: customers keep leaving, and each kind of bond can be "
            "judged by how many it holds.",
            supplier_value=0.6, value_innovation=0.2, competitor_value=0.52,
            market_innovation=0.5, imitation_lag=12,
        ),
        _preset(
            "constant_churn", "Constant churn: lifetime 1/r", "fact 8",
            "One cohort of contented customers who leave only for reasons outside the "
            "relationship, at 2 % a month: churn is the same at every age, so the mean "
            "lifetime is 1 / 0.02 = 50 months.",
            supplier_value=0.8, value_innovation=0.6, latent_value=0.5, competitor_value=0.37,
            market_innovation=0.3, background_churn=0.02, acquisition_rate=0.0,
            referral_strength=0.0, periods=600, development_threshold=0.0,
        ),
        _preset(
            "rivals_overtake", "Rivals overtake", "pattern III",
            "One cohort of customers: the supplier's value starts well above the rivals' "
            "but its innovation stops while rivals keep improving; what rivals offer "
            "becomes what customers expect, and customers who reached stability leave "
            "once the supplier falls short.",
            supplier_value=0.75, value_innovation=0.0, expectation_growth=0.3,
            competitor_value=0.49, market_innovation=1.0, latent_value=0.2,
            acquisition_rate=0.0, referral_strength=0.0,
        ),
    )
}


def get(name: str) -> Scenario:
    """Return the scenario of a preset by name, refusing unknown names clearly."""
    try:
        return PRESETS[name].scenario
    except KeyError:
        raise KeyError(
            f"Unknown preset {name!r}; known presets: {', '.join(PRESETS)}"
        ) from None


def names() -> list[str]:
    """Return the preset names in teaching order."""
    return list(PRESETS)
