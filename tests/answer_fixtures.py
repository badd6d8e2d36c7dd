"""Wrong and partly right answers for every exercise question, with the score each must get.

Built from each question's *public* shape (its self-check spec, its options,
its levers and goals) and its reference solution, so a new question is
covered without editing this file; expected scores of simulation goals come
from direct ``sim.LoyaltyModel`` runs here, not from the grader's own
simulation path or cache.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import sim
from sim.exercises.simtask import RUN
from sim.exercises.spec import Question

#: Kinds of self-check whose questions have a partial-credit rule.
PARTIAL_KINDS = {"numbers", "choices", "mapping", "selection", "ordering", "params"}


def solution_value(question: Question) -> Any:
    namespace: dict = {}
    exec(question.solution, namespace)  # instructor code, not student code
    return namespace[question.variable]


def _other_number(value: float) -> float:
    return value * 1.7 + 3.0


def _other_option(value: Any, options: list[str]) -> str:
    for option in options:
        if str(option).strip().lower() != str(value).strip().lower():
            return option
    return "none of these"


def wrong_answer(question: Question) -> Any:
    """An answer of the right form that must earn nothing."""
    spec = question.self_check
    kind = spec["kind"]
    solution = solution_value(question)
    if kind == "number":
        return _other_number(solution)
    if kind == "choice":
        return _other_option(solution, spec["options"])
    if kind == "mapping":
        options = spec["options"]
        return {item: options[(options.index(category) + 1) % len(options)]
                for item, category in solution.items()}
    if kind == "selection":
        return [o for o in spec["options"] if o not in solution]
    if kind == "ordering":
        return solution[1:] + solution[:1]
    if kind == "params":
        return {key: high + 1.0 for key, (_low, high) in spec["levers"].items()}
    if kind in ("numbers", "choices"):
        return {key: (_other_number(v) if isinstance(v, int | float) and not isinstance(v, bool)
                      else _other_option(v, spec.get("options", ["none of these"])))
                for key, v in solution.items()}
    raise AssertionError(f"no wrong answer for a {kind!r} question ({question.qid})")


def direct_metric(fields: dict, seeds: tuple[int, ...], metric: str) -> float:
    """Mean of one exercise metric over direct model runs (independent of the grader)."""
    values = [_direct_run(tuple(sorted(fields.items())), seed)[metric] for seed in seeds]
    return sum(values) / len(values)


@functools.lru_cache(maxsize=512)
def _direct_run(fields: tuple[tuple[str, Any], ...], seed: int) -> dict[str, float]:
    """Every exercise metric of one direct run (cached: tests ask for several metrics)."""
    res = sim.LoyaltyModel(seed=seed, create_agents=False, **dict(fields)).run()
    out = {f"share_{p}": float(res.pattern_shares.get(p, 0.0)) for p in ("I", "II", "III", "IV")}
    out.update({m: float(res.loyalty[m])
                for m in ("repurchase", "cross_buy", "referral", "price_tolerance")})
    out["profit"] = float(res.profit)
    out["mean_clv"] = float(res.mean_clv)
    out["super_value_share"] = float(res.loyalty_types.get("super-value", 0.0))
    return out


def _goal_met(goal, value: float) -> bool:
    return value >= goal.threshold if goal.op == ">=" else value <= goal.threshold


def _simulation_partial(question: Question) -> tuple[Any, float] | None:
    task = question.task
    valid_points = question.hidden[0].points
    levers = task.levers
    candidates = [
        {k: lo for k, (lo, hi) in levers.items()},
        {k: (lo + hi) / 2 for k, (lo, hi) in levers.items()},
        {k: hi for k, (lo, hi) in levers.items()},
    ]
    for answer in candidates:
        if task.problems(answer):
            continue
        fields = {**RUN, **dict(task.base), **answer}
        met = [_goal_met(g, direct_metric(fields, task.seeds, g.metric)) for g in task.goals]
        if all(met):
            continue
        earned = sum(g.points for g, ok in zip(task.goals, met, strict=True) if ok)
        return answer, valid_points + earned
    return None


def partial_answer(question: Question) -> tuple[Any, float] | None:
    """An answer earning part of the points, and exactly how many (None: no partial rule)."""
    spec = question.self_check
    kind = spec["kind"]
    solution = solution_value(question)
    points = question.points
    if kind == "mapping":
        items = list(solution)
        keep = max(1, len(items) // 2)
        answer = dict(wrong_answer(question))
        for item in items[:keep]:
            answer[item] = solution[item]
        return answer, points * keep / len(items)
    if kind == "selection":
        return list(solution[:-1]), points * (len(solution) - 1) / len(solution)
    if kind == "ordering":
        if len(solution) < 3:
            return None
        return [solution[1], solution[0], *solution[2:]], points * (len(solution) - 2) / len(
            solution)
    if kind == "params":
        return _simulation_partial(question)
    if question.qid == "8.3":
        # a valid pair of prices too close to show the effect
        answer = {"price_low": 1.0, "price_high": 1.01}
        from sim.exercises.ch08 import MIN_DIFFERENCE, PRICE_BASE, SEEDS

        def stable_iii(price: float) -> float:
            fields = {**RUN, **PRICE_BASE, "price": price}
            iii = direct_metric(fields, SEEDS, "share_III")
            return iii / (iii + direct_metric(fields, SEEDS, "share_IV"))

        effect = stable_iii(answer["price_high"]) - stable_iii(answer["price_low"])
        return answer, 1.0 + (3.0 if effect >= MIN_DIFFERENCE else 0.0)
    if kind in ("numbers", "choices"):
        keys = list(solution)
        answer = dict(wrong_answer(question))
        answer[keys[0]] = solution[keys[0]]
        names = {t.name for t in question.hidden}
        if keys[0] not in names:
            raise AssertionError(f"{question.qid}: hidden tests are not named by key")
        return answer, sum(t.points for t in question.hidden if t.name == keys[0])
    return None


def auto_points(chapters) -> float:
    """Points the grader marks by itself (written answers are marked by hand)."""
    return float(sum(q.auto_points for c in chapters for q in c.questions))


def isclose(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
