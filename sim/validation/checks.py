"""The registry of robustness checks the validation report runs.

Two kinds of check, each registered once under a unique name in
:data:`REGISTRY` with :func:`register`:

- :class:`FactCheck`: a stylized fact shown by a preset, as a predicate
  ``predicate(scenario, seeds) -> bool``; the report measures how often it
  survives moving every lever of the preset by up to 0.1
  (:func:`sim.validation.robustness.robust_fact`);
- :class:`DirectionCheck`: a directional claim ("more X, less Y"); the
  report measures how often it holds across interior base scenarios with
  paired seeds (:func:`sim.validation.robustness.directional_claim`).

Predicates run on Dask workers, which import them by name: write them as
module-level functions or instances of module-level classes (such as
:class:`MostCommonPattern`), never lambdas or closures.

The entries below are examples on today's model; the facts of the course
are wired here as the model grows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from sim import presets
from sim.scenario import Scenario
from sim.stages import PATTERNS
from sim.validation.robustness import DIRECTIONS, Predicate
from sim.validation.runner import evaluate


@dataclass(frozen=True)
class FactCheck:
    """A stylized fact that should hold around its preset.

    Attributes:
        name: Unique key in the registry.
        claim: The fact in words.
        preset: The preset that shows it (a name in :data:`sim.presets.PRESETS`).
        predicate: ``predicate(scenario, seeds) -> bool``: does the fact hold?
    """

    name: str
    claim: str
    preset: str
    predicate: Predicate

    def scenario(self) -> Scenario:
        """Return the preset's scenario."""
        return presets.get(self.preset)


@dataclass(frozen=True)
class DirectionCheck:
    """A directional claim: moving ``lever`` by ``step`` moves ``outcome`` in ``direction``.

    Attributes:
        name: Unique key in the registry.
        claim: The claim in words.
        lever: The scenario field moved.
        step: How far, in the field's units (negative to lower it).
        outcome: A name in :data:`sim.validation.outcomes.OUTCOMES`.
        direction: One of :data:`sim.validation.robustness.DIRECTIONS`.
        fixed: Fields held at a value in every base scenario (the claim's conditions).
        bounds: The outcome's bounds, for shares (see
            :func:`sim.validation.robustness.directional_claim`).
        tolerance: Differences within this are ties (an unchanged outcome).
    """

    name: str
    claim: str
    lever: str
    step: float
    outcome: str
    direction: str
    fixed: Mapping[str, float | int] = field(default_factory=dict)
    bounds: tuple[float, float] | None = None
    tolerance: float = 0.0


Check = FactCheck | DirectionCheck
REGISTRY: dict[str, Check] = {}
"""Every registered check, by name, in registration order (the report's order)."""


def register(check: Check) -> Check:
    """Add a check to :data:`REGISTRY`, refusing a duplicate name or a malformed check."""
    from sim.validation.outcomes import OUTCOMES

    if check.name in REGISTRY:
        raise ValueError(f"a check named {check.name!r} is already registered")
    if isinstance(check, FactCheck):
        check.scenario()  # refuses an unknown preset clearly
    else:
        Scenario.spec(check.lever)
        if check.outcome not in OUTCOMES:
            raise ValueError(f"check {check.name!r}: outcome must be one of "
                             f"{', '.join(OUTCOMES)}; got {check.outcome!r}")
        if check.direction not in DIRECTIONS:
            raise ValueError(f"check {check.name!r}: direction must be one of "
                             f"{', '.join(DIRECTIONS)}; got {check.direction!r}")
    REGISTRY[check.name] = check
    return check


@dataclass(frozen=True)
class MostCommonPattern:
    """Predicate: ``pattern`` is the most common ending, pattern shares averaged over the seeds."""

    pattern: str

    def __call__(self, scenario: Scenario, seeds: Sequence[int]) -> bool:
        """Run the scenario once per seed and compare the mean pattern shares."""
        rows = [evaluate(scenario, seed) for seed in seeds]
        means = [np.mean([row[f"pattern_{p}"] for row in rows]) for p in PATTERNS]
        return bool(max(means) > 0 and PATTERNS[int(np.argmax(means))] == self.pattern)


@dataclass(frozen=True)
class FactHolds:
    """Predicate: stylized fact ``number`` of :data:`sim.facts.FACTS` holds on a scenario."""

    number: int

    def __call__(self, scenario: Scenario, seeds: Sequence[int]) -> bool:
        """Run the fact's experiment on ``scenario`` (its base) with ``seeds``."""
        from sim import facts

        experiment = facts.FACTS[self.number - 1]
        return experiment(scenario, tuple(seeds)).holds


def _register_facts() -> None:
    """Every stylized fact of the course, checked around its own preset."""
    from sim import facts

    for experiment in facts.FACTS:
        register(FactCheck(f"fact_{experiment.number}", experiment.claim, experiment.preset,
                           FactHolds(experiment.number)))


SHARE = (0.0, 1.0)
NO_CHANGE = 0.005
"""A mean intention moving by less than half a point has not moved (run-to-run noise)."""
_register_facts()
register(DirectionCheck(
    "value_less_I", "More supplier value: fewer relationships aborted early (pattern I).",
    "supplier_value", 0.1, "pattern_I", "decrease", bounds=SHARE))
register(DirectionCheck(
    "growth_more_II",
    "Faster-rising expectations with no innovation: more relationships past exploration die "
    "mid-way (pattern II among those that passed exploration).",
    "expectation_growth", 0.3, "II_of_passed", "increase", {"value_innovation": 0.0},
    bounds=SHARE))
register(DirectionCheck(
    "price_more_III",
    "A less fair split (a higher price): more relationships that reached stability end early "
    "(pattern III among those that reached stability).",
    "price", 0.2, "III_of_stable", "increase", bounds=SHARE))
register(DirectionCheck(
    "slower_imitation_more_wallet",
    "Rivals slower to copy a full loyalty programme: it keeps a larger share of its customers' "
    "spending over the run (a financial bond's gain lasts until rivals imitate it).",
    "imitation_lag", 12, "share_of_wallet", "increase", {"financial_bond": 1.0}, bounds=SHARE))
register(DirectionCheck(
    "mixed_orientation_more_kinship",
    "Customers who differ more in relational orientation, with a full social bond: more of "
    "them are held by personal ties (kinship loyalty), the relational ones most.",
    "orientation_spread", 0.2, "type_kinship", "increase", {"social_bond": 1.0}, bounds=SHARE))
for _measure in ("repurchase", "price_tolerance"):
    register(DirectionCheck(
        f"switching_more_{_measure}",
        f"Higher switching cost: higher {_measure.replace('_', ' ')}.",
        "switching_cost", 0.3, _measure, "increase"))
for _measure in ("cross_buy", "referral"):
    register(DirectionCheck(
        f"switching_no_more_{_measure}",
        f"Higher switching cost: no higher {_measure.replace('_', ' ')} intention (switching "
        "costs hold customers; they do not make them buy more categories or recommend).",
        "switching_cost", 0.3, _measure, "no increase", tolerance=NO_CHANGE))
