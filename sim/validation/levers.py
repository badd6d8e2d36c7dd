"""The levers: the scenario fields a validation samples, each with its range.

A lever is a scenario field that changes what the model *does*: what the
supplier delivers, how customers and rivals behave, what bonds and prices
cost. Run-size and bookkeeping fields (how many customers, how many
periods, what counts as "long-term") are not levers: they change how
precisely or how long we look, not the behaviour looked at.

Everything here is derived from :meth:`sim.Scenario.field_specs`, so a field
the model gains tomorrow is sampled tomorrow without touching this module:

- a field is a lever unless its spec's ``group`` is ``"run"`` (then only if
  listed in :data:`RUN_LEVERS`), it is listed in :data:`NOT_LEVERS`, or its
  spec says ``lever=False`` (an optional FieldSpec attribute);
- a lever is sampled over its documented range ``[low, high]``; a field with
  no upper bound needs a documented sampling bound, from the spec's optional
  ``sample_high`` attribute or from :data:`SAMPLING_BOUNDS`, and is refused
  with a clear error otherwise (so a new unbounded field cannot be sampled
  over an invented range by accident).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from sim.scenario import FieldSpec, Scenario

NOT_LEVERS: frozenset[str] = frozenset({"n_customers", "periods", "periods_per_year"})
"""Fields never sampled: run size, horizon, and the length of a period (a unit, not a choice)."""

ACTS_THROUGH: dict[str, str] = {"imitation_lag": "financial_bond"}
"""Levers that act only through another lever, and that lever.

How soon rivals copy a financial bond changes nothing without a bond, and
more the stronger the bond; over the whole sampled space most scenarios have
a weak bond or none, so the lag's total Sobol' index stays small whatever it
does where a bond exists. Such a lever counts as mattering when a directional
claim moving it, with the lever it acts through set, holds
(:func:`sim.validation.sensitivity.criteria`).
"""

RUN_LEVERS: frozenset[str] = frozenset({
    "acquisition_rate", "referral_strength", "development_threshold",
})
"""Fields of the ``"run"`` group that are levers all the same (marketing choices)."""

SAMPLING_BOUNDS: dict[str, tuple[float, str]] = {
    "imitation_lag": (24, "two years of monthly periods: rivals slower than that never copy "
                          "within the default horizon"),
    "acquisition_cost": (3.0, "three months of an average customer's spend, a generous "
                              "cost of winning a consumer customer"),
    "social_bond_cost": (0.1, "a tenth of an average customer's monthly spend, five times "
                              "the default"),
    "structural_bond_cost": (0.2, "a fifth of an average customer's monthly spend, five "
                                  "times the default"),
}
"""Upper sampling bound (and why) of levers whose documented range has no upper end.

Used only while a field has no upper bound of its own: a documented range
always wins, so the sample covers every value a student can set.
"""


@dataclass(frozen=True)
class Lever:
    """One sampled scenario field and the range it is sampled over.

    Attributes:
        name: The scenario field.
        low: Lowest value sampled (the field's documented lower bound).
        high: Highest value sampled (documented upper bound or sampling bound).
        integer: Whether the field takes whole numbers.
        group: The field's group (``supplier``, ``customers``, ``market`` ...).
        bound_note: Why ``high`` was chosen, for fields with no documented upper bound.
    """

    name: str
    low: float
    high: float
    integer: bool
    group: str
    bound_note: str = ""

    @property
    def width(self) -> float:
        """Length of the sampled range."""
        return self.high - self.low

    def from_unit(self, u: float) -> float | int:
        """Map ``u`` in [0, 1] onto the range.

        Integers: ``[0, 1]`` is cut into ``high - low + 1`` equal bins, one
        per whole number, so each value is equally likely under uniform ``u``
        (rounding instead would give the two end values half the weight).
        """
        u = min(max(float(u), 0.0), 1.0)
        if self.integer:
            count = int(self.high - self.low) + 1
            return int(self.low) + min(int(math.floor(u * count)), count - 1)
        return self.low + u * self.width

    def to_unit(self, value: float) -> float:
        """Map a field value onto [0, 1] (the middle of its bin for integers)."""
        if self.integer:
            count = int(self.high - self.low) + 1
            return (float(value) - self.low + 0.5) / count
        return (float(value) - self.low) / self.width if self.width else 0.0


def is_lever(spec: FieldSpec) -> bool:
    """Tell whether a scenario field is sampled as a lever (see the module doc)."""
    flag = getattr(spec, "lever", None)
    if flag is not None:
        return bool(flag)
    if spec.name in NOT_LEVERS:
        return False
    return spec.group != "run" or spec.name in RUN_LEVERS


def lever_for(spec: FieldSpec) -> Lever:
    """Return the lever of one field, with its sampling range.

    Raises:
        ValueError: if the field has no upper bound and no documented sampling bound.
    """
    note = ""
    high = spec.high
    if high is None:
        own = getattr(spec, "sample_high", None)
        if own is not None:
            high, note = own, "the field's own sampling bound"
        elif spec.name in SAMPLING_BOUNDS:
            high, note = SAMPLING_BOUNDS[spec.name]
    if high is None:
        raise ValueError(
            f"Scenario field {spec.name!r} has no upper bound ({spec.describe_range()}): "
            "give it a documented sampling bound in "
            "sim.validation.levers.SAMPLING_BOUNDS or mark it not a lever")
    if high <= spec.low:
        raise ValueError(f"Scenario field {spec.name!r}: sampling range [{spec.low}, {high}] "
                         "is empty")
    return Lever(spec.name, float(spec.low), float(high), spec.kind is int, spec.group, note)


def levers(names: Iterable[str] | None = None) -> tuple[Lever, ...]:
    """Return the levers in field order, or the named ones (which must be fields).

    Args:
        names: Restrict to these fields (a field named here is used even if it
            is not a lever by default, so a study can sample, say, ``periods``).
    """
    if names is None:
        return tuple(lever_for(s) for s in Scenario.field_specs() if is_lever(s))
    names = list(names)
    return tuple(lever_for(Scenario.spec(name)) for name in names)


def scenario_from_unit(row: Iterable[float], chosen: tuple[Lever, ...],
                       base: Scenario | None = None,
                       fixed: Mapping[str, float | int] | None = None) -> Scenario:
    """Build the scenario at one point of the unit cube.

    Args:
        row: One value in [0, 1] per lever, in the order of ``chosen``.
        chosen: The levers the row's columns stand for.
        base: Fields not sampled come from here (default ``Scenario()``).
        fixed: Fields held at a value whatever the row says.
    """
    values = {lever.name: lever.from_unit(u) for lever, u in zip(chosen, row, strict=True)}
    values.update(fixed or {})
    return (base or Scenario()).replace(**values)


def scenarios_from_units(units: np.ndarray, chosen: tuple[Lever, ...],
                         base: Scenario | None = None,
                         fixed: Mapping[str, float | int] | None = None) -> list[Scenario]:
    """Build one scenario per row of a matrix of unit-cube points (see ``scenario_from_unit``)."""
    return [scenario_from_unit(row, chosen, base, fixed) for row in np.asarray(units)]


def describe(chosen: tuple[Lever, ...] | None = None) -> list[dict[str, object]]:
    """Return the levers as JSON-ready rows (for reports)."""
    return [
        {"lever": lv.name, "group": lv.group, "low": lv.low, "high": lv.high,
         "integer": lv.integer, "note": lv.bound_note}
        for lv in (chosen if chosen is not None else levers())
    ]
