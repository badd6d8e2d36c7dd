"""Simulation-backed questions: propose parameters, the grader runs the model.

The student answers with a dict of a few scenario fields ("levers") chosen
within bounds and, often, a budget (a weighted sum of the levers, e.g. the
cost of the bonds). The grader checks the constraints, then runs the model
*itself* with the exercise's fixed base scenario, run size and seeds, and
checks each goal on the mean over the seeds. Partial credit: a point for a
valid proposal within the constraints, then each goal's points separately.
Goals are only evaluated for valid proposals, so breaking the budget never
pays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.exercises import simruns
from sim.exercises.checks import is_number
from sim.exercises.spec import HiddenTest, Judge, Question, Verdict

#: Run size of every simulation-backed test: small, but enough customers and
#: seeds that the pattern shares are stable to about +-0.03; the model's default
#: horizon (120 periods), so that few relationships are still unresolved at the end.
RUN = {"n_customers": 400, "periods": 120}
SEEDS = (11, 12, 13)

_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b}
METRIC_LABELS = {
    "share_I": "share of pattern I", "share_II": "share of pattern II",
    "share_III": "share of pattern III", "share_IV": "share of pattern IV",
    "repurchase": "mean repurchase intention", "cross_buy": "mean cross-buying intention",
    "referral": "mean referral intention", "price_tolerance": "mean price tolerance",
    "profit": "profit", "mean_clv": "mean lifetime value",
    "super_value_share": "share of super-value loyalty",
}


@dataclass(frozen=True)
class Goal:
    """One target on a metric of the grader's runs."""

    metric: str
    op: str
    threshold: float
    points: float = 2.0

    def __post_init__(self) -> None:
        if self.metric not in simruns.METRICS or self.op not in _OPS:
            raise ValueError(f"bad goal {self}")

    @property
    def text(self) -> str:
        """The goal in words, e.g. ``share of pattern IV >= 0.6``."""
        return f"{METRIC_LABELS[self.metric]} {self.op} {self.threshold:g}"


@dataclass(frozen=True)
class SimTask:
    """The public definition of a simulation exercise (all of it is shown)."""

    base: Mapping[str, Any]
    levers: Mapping[str, tuple[float, float]]
    costs: Mapping[str, float] | None = None
    budget: float | None = None
    goals: tuple[Goal, ...] = ()
    seeds: tuple[int, ...] = SEEDS

    def cost(self, answer: Mapping[str, Any]) -> float:
        """The proposal's cost: the weighted sum of its levers."""
        costs = self.costs or {}
        return float(sum(costs.get(k, 0.0) * float(v) for k, v in answer.items()))

    def problems(self, answer: Any) -> list[str]:
        """Everything that makes a proposal invalid (empty if valid)."""
        if not isinstance(answer, Mapping):
            return ["the answer should be a dict of scenario fields"]
        issues = []
        for key in answer:
            if key not in self.levers:
                issues.append(f"'{key}' is not one of the levers you may set")
        for key, (low, high) in self.levers.items():
            value = answer.get(key)
            if not is_number(value):
                issues.append(f"'{key}' must be a number in [{low:g}, {high:g}]")
            elif not low <= float(value) <= high:
                issues.append(f"'{key}' = {value} is outside [{low:g}, {high:g}]")
        if not issues and self.budget is not None:
            spent = self.cost(answer)
            if spent > self.budget + 1e-9:
                issues.append(f"the cost {spent:.3f} exceeds the budget {self.budget:g}")
        return issues

    def fields(self, answer: Mapping[str, Any]) -> dict[str, Any]:
        """Scenario fields of the grader's run for a valid proposal."""
        fields = {**RUN, **dict(self.base)}
        fields.update({k: float(answer[k]) for k in self.levers})
        return fields

    def metrics(self, answer: Mapping[str, Any]) -> dict[str, float]:
        """Mean metrics over the seeds, from the grader's own runs."""
        return simruns.mean_metrics(self.fields(answer), self.seeds)

    def self_check_spec(self) -> dict[str, Any]:
        """Keyword arguments of the notebook's public ``self_check`` helper."""
        return {
            "kind": "params",
            "levers": {k: [lo, hi] for k, (lo, hi) in self.levers.items()},
            "costs": dict(self.costs or {}),
            "budget": self.budget,
        }


def _valid_judge(task: SimTask) -> Judge:
    def judge(answer: Any) -> Verdict:
        issues = task.problems(answer)
        if issues:
            return 0.0, "; ".join(issues)
        note = f" (cost {task.cost(answer):.3f} of {task.budget:g})" if task.budget else ""
        return 1.0, f"valid proposal{note}"

    return judge


def _goal_judge(task: SimTask, goal: Goal) -> Judge:
    def judge(answer: Any) -> Verdict:
        if task.problems(answer):
            return 0.0, "not simulated: the proposal breaks the constraints"
        value = task.metrics(answer)[goal.metric]
        if not math.isfinite(value):
            return 0.0, f"{METRIC_LABELS[goal.metric]} could not be computed"
        met = _OPS[goal.op](value, goal.threshold)
        verdict = "met" if met else "not met"
        return (1.0 if met else 0.0), (
            f"goal {verdict}: {METRIC_LABELS[goal.metric]} = {value:.3f} in the grader's runs "
            f"(seeds {', '.join(map(str, task.seeds))}); target {goal.op} {goal.threshold:g}")

    return judge


def simulation_question(
    qid: str, title: str, prompt: str, task: SimTask, solution: Mapping[str, float],
    *, valid_points: float = 1.0,
) -> Question:
    """Build a simulation-backed :class:`Question` from a :class:`SimTask`.

    The prompt is completed with the base scenario, the levers, the budget,
    the goals and the run the grader will do, so the student can reproduce
    the grader's numbers exactly with the simulator.
    """
    variable = "answer_" + qid.replace(".", "_")
    lines = [prompt.strip(), "", "**Levers you set** (anything else stays as in the base "
             "scenario):", ""]
    for key, (low, high) in task.levers.items():
        cost = (task.costs or {}).get(key)
        extra = f", cost {cost:g} per unit" if cost else ""
        lines.append(f"- `{key}` in [{low:g}, {high:g}]{extra}")
    if task.budget is not None:
        lines += ["", f"**Budget:** total cost at most {task.budget:g}."]
    lines += ["", "**Goals** (mean over the grader's runs):", ""]
    lines += [f"- {g.text} ({g.points:g} points)" for g in task.goals]
    base = ", ".join(f"{k}={v!r}" for k, v in task.base.items()) or "the defaults"
    lines += ["", f"**Base scenario:** {base}. The grader runs "
              f"`sim.LoyaltyModel(seed=s, n_customers={RUN['n_customers']}, "
              f"periods={RUN['periods']}, **{{**base, **{variable}}})` for seeds "
              f"{', '.join(map(str, task.seeds))} and averages. Assign a dict like "
              f"`{variable} = {{{', '.join(repr(k) + ': ...' for k in task.levers)}}}`."]
    hidden = [HiddenTest("valid proposal (bounds and budget)", valid_points, _valid_judge(task))]
    hidden += [HiddenTest(f"goal: {g.text}", g.points, _goal_judge(task, g)) for g in task.goals]
    starter = "{" + ", ".join(f"{k!r}: None" for k in task.levers) + "}"
    solution_code = f"{variable} = {dict(solution)!r}"
    return Question(
        qid=qid, title=title, kind="simulation", prompt="\n".join(lines), starter=starter,
        solution=solution_code, self_check=task.self_check_spec(), hidden=tuple(hidden),
        task=task)
