"""Follow a few customers through their relationships, from the model's own run.

Why: the lifecycle chapter's aggregate charts (stage counts, pattern shares)
hide the individual story the theory tells: a customer whose satisfaction
falls before trust has grown leaves in exploration; one who builds trust and
switching costs settles into stability. This module steps
:class:`sim.LoyaltyModel` period by period and reads the state of a handful
of customers with ``model.population.value(column, customer_id)``, so the
traces are exactly what the model computed, nothing re-derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sim.model import LoyaltyModel
from sim.scenario import Scenario
from sim.stages import DECLINE, ENDED, EXIT_CAUSES, PATTERN_NAMES, PATTERNS, STAGES

COLUMNS = ("satisfaction", "trust", "switching", "stage")
"""The per-customer state a trace records, period by period."""

CAUSE_WORDS = {
    "dropped": "the supplier judged the customer not worth developing",
    "outside": "a reason outside the relationship (a move, a need that ended)",
    "dissatisfied": "dissatisfaction and lost trust",
    "value": "a better offer from a rival",
    "unfair": "a split of the gains the customer found unfair",
}
"""Why a relationship ended, in words, for each of :data:`sim.stages.EXIT_CAUSES`."""


@dataclass(frozen=True)
class Trace:
    """One customer's relationship, period 0 (arrival) to the end of the run.

    ``series[column][t]`` is the column's value after period ``t``; after the
    relationship ends the stage stays "ended" and the other columns are None
    (an ended relationship has no satisfaction to speak of).
    """

    customer: int
    series: dict[str, list[float | None]]
    pattern: str | None
    cause: str | None = None

    def stage_names(self) -> list[str]:
        """The stage after each period, in words."""
        return [STAGES[int(s)] for s in self.series["stage"] if s is not None]

    def story(self) -> str:
        """The relationship in one sentence: each change of stage and how it ended."""
        names = self.stage_names()
        moves, seen = [], {names[0]}
        for month in range(1, len(names)):
            stage, before = names[month], names[month - 1]
            if stage == before or stage == "ended":
                continue
            if before == STAGES[DECLINE]:  # only a win-back offer lifts a declining customer
                moves.append(f"was won back into {stage} in month {month}")
            else:
                moves.append(f"{'back to ' if stage in seen else ''}{stage} in month {month}")
            seen.add(stage)
        path = ("It moved to " + ", then ".join(moves)) if moves else "It never left exploration"
        if "ended" in names:
            end = f"the relationship ended in month {names.index('ended')}"
            if self.pattern:
                end += f" (pattern {self.pattern}, {PATTERN_NAMES[self.pattern]})"
            if self.cause in CAUSE_WORDS:
                end += f", because of {CAUSE_WORDS[self.cause]}"
        elif self.pattern == "IV":
            end = (f"it counts as a long-term relationship (pattern IV) and is in "
                   f"{names[-1]} at the end")
        else:
            end = f"after {len(names) - 1} months it is in {names[-1]}, still undecided"
        return f"{path}; {end}."


def _pattern(code: int) -> str | None:
    return PATTERNS[code - 1] if code else None


def pick_customers(scenario: Scenario, seed: int, count: int = 5) -> tuple[int, ...]:
    """Choose ``count`` customers of the starting cohort whose stories differ.

    One customer for each pattern that occurs (the first by id), then
    customers still undecided at the end, then any others, returned in id
    order so the order gives no hint of the ending.
    """
    model = LoyaltyModel(scenario, seed=seed, create_agents=False)
    model.run()
    pop = model.population
    cohort = range(scenario.n_customers)
    codes = [int(pop.value("pattern", i)) for i in cohort]
    chosen: list[int] = []
    for code in range(1, len(PATTERNS) + 1):
        first = next((i for i in cohort if codes[i] == code), None)
        if first is not None:
            chosen.append(first)
    for i in (*[i for i in cohort if codes[i] == 0], *cohort):
        if len(chosen) >= count:
            break
        if i not in chosen:
            chosen.append(i)
    return tuple(sorted(chosen[:count]))


def trace(scenario: Scenario, seed: int, customers: tuple[int, ...]) -> dict[int, Trace]:
    """Step the model through the run and record each customer's state every period."""
    model = LoyaltyModel(scenario, seed=seed, create_agents=False)
    pop = model.population
    series = {i: {col: [] for col in COLUMNS} for i in customers}

    def record() -> None:
        for i in customers:
            stage = int(pop.value("stage", i))
            for col in COLUMNS:
                value = float(pop.value(col, i))
                series[i][col].append(value if col == "stage" or stage < ENDED else None)

    record()
    while model.steps < scenario.periods:
        model.step()
        record()
    return {i: Trace(i, series[i], _pattern(int(pop.value("pattern", i))),
                     EXIT_CAUSES[int(pop.value("exit_cause", i))] or None) for i in customers}


@lru_cache(maxsize=8)
def traces(scenario: Scenario, seed: int, count: int = 5) -> tuple[Trace, ...]:
    """The traces of :func:`pick_customers`, in id order (cached per scenario and seed)."""
    customers = pick_customers(scenario, seed, count)
    found = trace(scenario, seed, customers)
    return tuple(found[i] for i in customers)
