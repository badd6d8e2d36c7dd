"""Scenario: the validated, immutable parameters of one simulation.

A scenario is everything a teacher or a student can change: what the
supplier delivers, how fast customers' expectations rise, how fair the
relationship is, which bonds the supplier builds, and the economics used to
count profit and lifetime value. Every field has a documented meaning, a
default and an allowed range; bad input is refused with a message that names
the field, the range and the value given. Nothing is silently clamped.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldSpec:
    """What one scenario field means and which values it accepts."""

    name: str
    default: float | int
    low: float | int
    high: float | int | None
    kind: type
    label: str
    doc: str
    unit: str = ""
    group: str = "supplier"

    def describe_range(self) -> str:
        """Return the allowed range in words, e.g. ``a number in [0, 1]``."""
        if self.kind is int:
            if self.high is None:
                return f"a whole number >= {self.low}"
            return f"a whole number in [{self.low}, {self.high}]"
        if self.high is None:
            return f"a number >= {self.low}"
        return f"a number in [{self.low}, {self.high}]"


def _spec(
    default: float | int,
    low: float | int,
    high: float | int | None,
    label: str,
    doc: str,
    *,
    kind: type = float,
    unit: str = "",
    group: str = "supplier",
) -> Any:
    return field(
        default=default,
        metadata={
            "spec": dict(low=low, high=high, kind=kind, label=label, doc=doc, unit=unit,
                         group=group)
        },
    )


@dataclass(frozen=True)
class Scenario:
    """The parameters of one run of the customer relationship lifecycle model.

    Values are on a common 0-1 "quality" scale unless a unit is given: 0.5
    value meets an average customer's initial basic expectation. One period
    is a month by default (see ``periods_per_year``).
    """

    # --- what the supplier delivers -------------------------------------
    supplier_value: float = _spec(
        0.6, 0.2, 1.0, "Supplier value",
        "Basic value the supplier delivers at the start (0.5 meets the average "
        "customer's initial basic expectation).")
    value_innovation: float = _spec(
        0.5, 0.0, 1.0, "Value innovation",
        "The supplier's innovation budget: the pace at which it improves its offer. "
        "Spent on basics it raises basic value by value_innovation x 0.01 per period; "
        "latent_focus says how much goes to latent needs instead.")
    latent_focus: float = _spec(
        0.3, 0.0, 1.0, "Latent focus",
        "Share of the innovation budget spent on latent (unspoken) needs rather than on "
        "polishing the basics. 0 is the satisfaction trap's choice.")
    latent_value: float = _spec(
        0.2, 0.0, 1.0, "Latent value (delight)",
        "Share of customers' latent (unspoken) expectations the supplier meets at the "
        "start: the source of delight and of loyalty above the average level.")
    price: float = _spec(
        1.0, 0.7, 1.5, "Price",
        "The supplier's price relative to the market (rivals sell at 1.0). It sets the "
        "margin (1 - unit_cost / price) and so how the relationship's gains are split: "
        "customers weigh it against value, and mature customers judge its fairness.")
    winback_effort: float = _spec(
        0.5, 0.0, 1.0, "Win-back effort",
        "Size of the offer the supplier makes to a declining customer it judges worth "
        "winning back (0 = lets every declining customer go).")
    # --- customers ---------------------------------------------------------
    initial_expectation: float = _spec(
        0.5, 0.3, 0.7, "Initial expectation",
        "Mean basic expectation of a new customer.", group="customers")
    expectation_spread: float = _spec(
        0.08, 0.0, 0.3, "Expectation spread",
        "Standard deviation of new customers' initial basic expectations (uniform).",
        group="customers")
    expectation_growth: float = _spec(
        0.2, 0.0, 1.5, "Expectation growth",
        "How fast expectations rise with relationship age: by expectation_growth x "
        "0.01 per period (what delighted last year is taken for granted this year).",
        group="customers")
    relational_share: float = _spec(
        0.5, 0.0, 1.0, "Relational orientation",
        "Mean relational orientation of customers: 0 all transactional (buy on price and "
        "value each time), 1 all relational (value trust, personal ties and fairness).",
        group="customers")
    orientation_spread: float = _spec(
        0.2, 0.0, 0.5, "Orientation spread",
        "Standard deviation of customers' relational orientation (uniform, limited to "
        "[0, 1]).", group="customers")
    price_sensitivity: float = _spec(
        0.5, 0.0, 1.5, "Price sensitivity",
        "Mean weight customers give to price against value (transactional customers "
        "weigh it more, relational ones less).", group="customers")
    switching_sensitivity_spread: float = _spec(
        0.2, 0.0, 0.4, "Switching-cost sensitivity spread",
        "Standard deviation of how much customers let switching costs hold them back "
        "(mean 0.7 of the full effect; uniform, limited to [0, 1]).", group="customers")
    wallet_spread: float = _spec(
        0.6, 0.0, 1.0, "Wallet spread",
        "Spread (log-scale standard deviation) of customers' category spend, whose mean "
        "is 1: a few customers are worth a lot.", group="customers")
    background_churn: float = _spec(
        0.01, 0.0, 0.02, "Background churn",
        "Chance per period that a relationship ends for reasons outside it (the customer "
        "moves away, the need ends).", unit="per period", group="customers")
    # --- market ------------------------------------------------------------
    competitor_value: float = _spec(
        0.47, 0.2, 0.8, "Rivals' value",
        "Basic value of a typical rival at the start; the best of several rivals starts "
        "higher (about 0.03 with two rivals, 0.05 with four).", group="market")
    market_innovation: float = _spec(
        0.3, 0.0, 1.0, "Rivals' innovation",
        "Pace at which the rivals improve (same scale as value_innovation).",
        group="market")
    n_rivals: int = _spec(
        2, 1, 4, "Rivals", "Number of rival suppliers customers can switch to.",
        kind=int, group="market")
    imitation_lag: int = _spec(
        6, 0, 60, "Imitation lag", "Periods until rivals copy a financial bond.",
        kind=int, unit="periods", group="market")
    switching_cost: float = _spec(
        0.1, 0.0, 1.0, "Base switching cost",
        "Economic cost of leaving before any bond or history: search, learning, "
        "contract and set-up costs.", group="market")
    # --- bonds -------------------------------------------------------------
    financial_bond: float = _spec(
        0.0, 0.0, 1.0, "Financial bond",
        "Level 1: price incentives, points and discounts. Adds perceived value at once "
        "but rivals copy it after imitation_lag periods.", group="bonds")
    social_bond: float = _spec(
        0.0, 0.0, 1.0, "Social bond",
        "Level 2: personal recognition and contact. Speeds up trust and adds a "
        "psychological cost of leaving, felt most by relational customers.", group="bonds")
    structural_bond: float = _spec(
        0.0, 0.0, 1.0, "Structural bond",
        "Level 3: systems that deliver customised value. Adds latent value rivals "
        "cannot copy and a high structural switching barrier.", group="bonds")
    # --- population and horizon ------------------------------------------------
    n_customers: int = _spec(
        1000, 1, 10_000_000, "Customers", "Prospects at the start of the run.",
        kind=int, group="run")
    periods: int = _spec(
        120, 1, 10_000, "Periods", "Number of periods simulated.", kind=int,
        unit="periods", group="run")
    acquisition_rate: float = _spec(
        0.01, 0.0, 0.05, "Acquisition rate",
        "New prospects per period won by marketing, as a share of n_customers.",
        group="run")
    referral_strength: float = _spec(
        0.01, 0.0, 0.02, "Referral strength",
        "Chance per period that a customer with referral intention 1 brings in a "
        "new prospect.", group="run")
    development_threshold: float = _spec(
        0.25, 0.0, 0.5, "Development threshold",
        "Prospects whose category spend (wallet, mean 1) is below this are judged not "
        "worth developing and dropped by the supplier during exploration.",
        group="run")
    long_term_threshold: int = _spec(
        24, 1, 120, "Long-term threshold",
        "Periods in stability after which a relationship counts as pattern IV.",
        kind=int, unit="periods", group="run")
    periods_per_year: int = _spec(
        12, 1, 365, "Periods per year", "How many periods make a year.", kind=int,
        group="run")
    # --- economics -------------------------------------------------------------
    unit_cost: float = _spec(
        0.7, 0.0, 1.0, "Unit cost",
        "Cost of what the supplier sells, relative to the market price: the margin is "
        "1 - unit_cost / price (0.3 at the default price).", group="economics")
    discount_rate: float = _spec(
        0.09, 0.0, 1.0, "Discount rate", "Yearly discount rate for lifetime value.",
        unit="per year", group="economics")
    acquisition_cost: float = _spec(
        0.5, 0.0, 5.0, "Acquisition cost",
        "Cost of winning one prospect, in units of an average customer's monthly "
        "category spend.", unit="wallet units", group="economics")
    financial_bond_cost: float = _spec(
        0.1, 0.0, 1.0, "Financial bond cost",
        "Share of revenue given back at financial_bond = 1 (discounts, points).",
        group="economics")
    social_bond_cost: float = _spec(
        0.02, 0.0, 0.5, "Social bond cost",
        "Cost per active customer per period at social_bond = 1.",
        unit="wallet units", group="economics")
    structural_bond_cost: float = _spec(
        0.04, 0.0, 0.5, "Structural bond cost",
        "Cost per active customer per period at structural_bond = 1.",
        unit="wallet units", group="economics")
    innovation_cost: float = _spec(
        0.02, 0.0, 0.5, "Innovation cost",
        "Cost per active customer per period at value_innovation = 1, however the budget "
        "is split between basic and latent needs.", unit="wallet units", group="economics")
    winback_cost: float = _spec(
        1.0, 0.0, 3.0, "Win-back cost",
        "Cost of a win-back offer at full effort, in units of an average customer's "
        "monthly category spend.", unit="wallet units", group="economics")

    @property
    def margin(self) -> float:
        """The supplier's gross margin at its price: 1 - unit_cost / price."""
        return 1.0 - self.unit_cost / self.price

    def __post_init__(self) -> None:
        for spec in self.field_specs():
            value = getattr(self, spec.name)
            object.__setattr__(self, spec.name, validate_field(spec, value))

    @classmethod
    def field_specs(cls) -> tuple[FieldSpec, ...]:
        """Return every field's meaning, default and allowed range, in order."""
        return _FIELD_SPECS

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Return the names of all fields, in order."""
        return tuple(spec.name for spec in _FIELD_SPECS)

    @classmethod
    def spec(cls, name: str) -> FieldSpec:
        """Return the spec of one field, refusing unknown names clearly."""
        check_known_fields([name])
        return _SPECS_BY_NAME[name]

    def replace(self, **changes: Any) -> Scenario:
        """Return a validated copy with some fields changed."""
        check_known_fields(changes)
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, float | int]:
        """Return the fields as a plain dict (JSON-ready)."""
        return {name: getattr(self, name) for name in self.field_names()}

    def changed_fields(self) -> dict[str, float | int]:
        """Return only the fields that differ from the defaults."""
        return {s.name: getattr(self, s.name) for s in _FIELD_SPECS
                if getattr(self, s.name) != s.default}


def validate_field(spec: FieldSpec, value: Any) -> float | int:
    """Check one value against its field spec and return it in canonical type.

    Raises:
        TypeError: if the value is not a number (or not a whole number for
            integer fields).
        ValueError: if it is NaN, infinite or outside the allowed range.
    """
    where = f"Scenario field {spec.name!r} must be {spec.describe_range()}"
    # numpy scalars count as numbers (they register with the numbers ABCs)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where}; got {value!r} of type {type(value).__name__}")
    value = int(value) if isinstance(value, numbers.Integral) else float(value)
    if spec.kind is int:
        if isinstance(value, float):
            if not math.isfinite(value) or not value.is_integer():
                raise TypeError(f"{where}; got {value!r}")
            value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{where}; got {value!r}")
    if value < spec.low or (spec.high is not None and value > spec.high):
        raise ValueError(f"{where}; got {value!r}")
    return value


REMOVED_FIELDS = {
    "fairness": "fairness is no longer set directly; customers judge the split of gains "
                "that the supplier's price makes (raise 'price' for a less fair split).",
    "margin": "the margin follows from the price: margin = 1 - unit_cost / price "
              "(set 'price' or 'unit_cost').",
}
"""Fields of the first model version, with what replaced them."""


def check_known_fields(names: Any) -> None:
    """Refuse field names the scenario does not have, suggesting close ones."""
    import difflib

    for name in names:
        if name in REMOVED_FIELDS:
            raise TypeError(f"Scenario field {name!r} no longer exists: {REMOVED_FIELDS[name]}")
        if name not in _SPECS_BY_NAME:
            close = difflib.get_close_matches(str(name), _SPECS_BY_NAME, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise TypeError(
                f"Unknown scenario field {name!r}.{hint} Known fields: "
                + ", ".join(_SPECS_BY_NAME)
            )


def _build_specs() -> tuple[FieldSpec, ...]:
    specs = []
    for f in dataclasses.fields(Scenario):
        meta = f.metadata["spec"]
        specs.append(FieldSpec(name=f.name, default=f.default, **meta))
    return tuple(specs)


_FIELD_SPECS = _build_specs()
_SPECS_BY_NAME = {s.name: s for s in _FIELD_SPECS}
_dataclass_init = Scenario.__init__


def _checked_init(self: Scenario, *args: Any, **fields: Any) -> None:
    """Refuse unknown or removed field names with a clear message, then build."""
    check_known_fields(fields)
    _dataclass_init(self, *args, **fields)


Scenario.__init__ = _checked_init  # type: ignore[method-assign]
