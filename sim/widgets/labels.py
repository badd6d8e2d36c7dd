"""Plain-language names, help and scale anchors for the figures' sliders.

Why: a student reads "How good the offer is: 0 poor, 0.5 meets expectations,
1 best in market", not "Supplier value 0.60" or "value_innovation x 0.01 per
period". The model's own field specs (``Scenario.field_specs()``) keep the
ranges and the technical documentation; this module holds what the book
shows, keyed by the same field names. A field a figure uses without an
entry here is refused by :func:`field_text`, so every slider gets words.

These texts could move into the scenario's field specs once the model's
rewrite settles (the lead owns ``sim/scenario.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldText:
    """What a slider says: its label, a help line and named points of its scale."""

    label: str
    help: str
    anchors: tuple[tuple[float, str], ...] = ()
    unit: str = ""
    fmt: str = ""


_QUALITY = "On the book's 0 to 1 quality scale a new customer expects about 0.5."

FIELD_TEXT: dict[str, FieldText] = {
    "supplier_value": FieldText(
        "How good the offer is at the start",
        "The basic value the supplier delivers in the first month. " + _QUALITY,
        ((0.2, "poor"), (0.5, "meets expectations"), (1.0, "best in market"))),
    "value_innovation": FieldText(
        "How fast the supplier improves its offer",
        "Its budget for improvement. To keep up, the offer must improve at least as "
        "fast as customers' expectations rise; how the budget is split between the "
        "basics and unspoken needs is a separate choice.",
        ((0.0, "never improves"), (0.5, "steadily"), (1.0, "fast"))),
    "latent_focus": FieldText(
        "Share of the improvement budget spent on unspoken needs",
        "The rest polishes the basics. The budget and its cost stay the same however "
        "it is split: only where the money goes changes.",
        ((0.0, "all on the basics"), (0.5, "half and half"), (1.0, "all on unspoken needs")),
        fmt="pct"),
    "price": FieldText(
        "The supplier's price",
        "Rivals sell at 1.00. A higher price keeps more of every sale for the supplier "
        "(its margin) and leaves less of the gain for the customer; customers in a "
        "settled relationship judge whether that split is fair.",
        ((0.7, "below the market"), (1.0, "the market's price"), (1.5, "above the market"))),
    "winback_effort": FieldText(
        "How hard the supplier tries to win back drifting customers",
        "The size of the offer to a customer in decline. The supplier makes it only "
        "where the customer is worth more than the offer costs.",
        ((0.0, "lets them go"), (0.5, "a fair offer"), (1.0, "a generous offer"))),
    "relational_share": FieldText(
        "How much customers value the relationship itself",
        "Transactional customers buy on price and value each time; relational "
        "customers value trust, personal ties and a fair split of the gains.",
        ((0.0, "all transactional"), (0.5, "a mix"), (1.0, "all relational"))),
    "latent_value": FieldText(
        "How much the supplier delights",
        "The share of customers' unspoken (latent) needs the supplier meets: the "
        "source of loyalty above the average level.",
        ((0.0, "basics only"), (0.5, "half of them"), (1.0, "all of them"))),
    "expectation_growth": FieldText(
        "How fast customers' expectations rise",
        "What delighted customers last year they take for granted this year.",
        ((0.0, "never"), (0.5, "steadily"), (1.5, "very fast"))),
    "switching_cost": FieldText(
        "What it costs a customer to leave",
        "Search, learning, contract and set-up costs, before any bond or shared "
        "history adds to them.",
        ((0.0, "nothing"), (0.5, "noticeable"), (1.0, "very costly"))),
    "financial_bond": FieldText(
        "Points and discounts (financial bond)",
        "Adds value at once and costs a share of revenue; rivals copy it after a "
        "few months.",
        ((0.0, "none"), (0.5, "moderate"), (1.0, "generous"))),
    "social_bond": FieldText(
        "Personal recognition (social bond)",
        "Staff who know the customer: trust grows faster and leaving costs a "
        "personal tie. Costs a fee per customer per month.",
        ((0.0, "none"), (1.0, "every customer known by name"))),
    "structural_bond": FieldText(
        "Customised systems (structural bond)",
        "Value built around each customer that rivals cannot copy, and a high "
        "barrier to leaving. Costs more per customer per month than a social bond.",
        ((0.0, "none"), (1.0, "fully built in"))),
    "market_innovation": FieldText(
        "How fast the rivals improve",
        "What rivals offer becomes what customers expect of every supplier.",
        ((0.0, "never"), (0.5, "steadily"), (1.0, "fast"))),
    "n_rivals": FieldText(
        "Number of rival suppliers",
        "The more rivals, the likelier one of them suits a given customer.",
        fmt="f0"),
    "background_churn": FieldText(
        "Customers lost for reasons outside the relationship",
        "The share who leave each month whatever the supplier does: they move away or "
        "no longer need the category.",
        unit="a month", fmt="pct1"),
    "imitation_lag": FieldText(
        "Months until rivals copy the points",
        "How long the points scheme stays unique. A lag as long as the run means "
        "rivals never copy it here.",
        unit="months", fmt="f0"),
    "financial_bond_cost": FieldText(
        "Revenue given back at full generosity",
        "The share of each sale returned as points and discounts when the "
        "programme is at its most generous.",
        fmt="pct"),
    "initial_expectation": FieldText(
        "What new customers expect",
        "The basic value an average new customer expects. " + _QUALITY,
        ((0.3, "little"), (0.5, "an average offer"), (0.7, "a lot"))),
    "competitor_value": FieldText(
        "How good the best rival's offer is",
        "The basic value of the best alternative at the start. " + _QUALITY,
        ((0.2, "poor"), (0.5, "meets expectations"), (0.8, "very good"))),
}


def field_text(name: str) -> FieldText:
    """Return the book's words for a scenario field.

    Raises:
        KeyError: naming the field, when no plain-language text exists for it.
    """
    try:
        return FIELD_TEXT[name]
    except KeyError:
        raise KeyError(f"no plain-language label for the slider {name!r}: add one to "
                       "sim/widgets/labels.py") from None
