"""Simulation exercises are calibrated against the model: reachable, not by chance.

Each simulation question must be answerable: its reference solution meets
every goal with a margin, in direct ``sim.LoyaltyModel`` runs made here (not
through the grader's cached path). It must not be answerable by luck: random
valid proposals seldom meet every goal, and the typical mistakes the
question is about (all in basics, a give-away price, points only, ...) miss
the goal that names the mistake. When the model is recalibrated these tests
say which exercise needs new numbers.
"""

from __future__ import annotations

import random

import pytest
from answer_fixtures import direct_metric, solution_value

import sim.exercises as ex
from sim.exercises.simtask import RUN

SIMULATIONS = [q for c in ex.chapters() for q in c.questions if q.kind == "simulation"]
TASKS = [q for q in SIMULATIONS if q.task is not None]

#: Smallest margin by which the reference solution must clear each goal: 0.025 on
#: shares and intentions (the seed-to-seed spread of a mean over the three seeds
#: is below 0.015), 5 % of the target on money.
SHARE_MARGIN = 0.025
MONEY_MARGIN = 0.05

#: Typical mistakes per question, with the goal metrics each must miss.
TYPICAL_MISTAKES = {
    "0.5": [  # just meet the average expectation and count on innovation
        ({"supplier_value": 0.5, "value_innovation": 0.6}, {"share_IV", "share_I"}),
        ({"supplier_value": 0.4, "value_innovation": 0.8}, {"share_IV", "share_I"}),
    ],
    "2.5": [  # points are copied; recognition alone holds fewer than a structural bond
        ({"financial_bond": 1.0, "social_bond": 0.0, "structural_bond": 0.0}, {"share_IV"}),
        ({"financial_bond": 0.0, "social_bond": 0.75, "structural_bond": 0.0}, {"share_IV"}),
    ],
    "3.4": [
        # a give-away price keeps customers but does not pay
        ({"value_innovation": 1.0, "price": 0.8, "social_bond": 0.0, "structural_bond": 0.26},
         {"profit"}),
        # squeezing customers drives them out of stability
        ({"value_innovation": 1.0, "price": 1.2, "social_bond": 0.0, "structural_bond": 0.26},
         {"share_IV"}),
        # bonds without innovation cannot keep up with the rival
        ({"value_innovation": 0.25, "price": 1.0, "social_bond": 0.0, "structural_bond": 0.51},
         {"share_IV", "share_I"}),
    ],
    "3.5": [  # value that keeps up is not a pattern II story
        ({"supplier_value": 0.8, "value_innovation": 0.5}, {"share_II", "share_IV"}),
    ],
    "4.5": [  # the trap: everything spent on the basics
        ({"supplier_value": 1.0, "latent_value": 0.3}, {"referral", "super_value_share"}),
    ],
    "5.5": [
        # delight makes customers recommend: that is true loyalty, not lock-in
        ({"switching_cost": 1.0, "latent_value": 0.3}, {"referral"}),
        # without switching costs nothing holds them
        ({"switching_cost": 0.0, "latent_value": 0.0}, {"repurchase", "price_tolerance"}),
    ],
    "7.5": [
        # points at full strength give the margin away
        ({"financial_bond": 1.0, "social_bond": 1.0}, {"profit"}),
        # points alone are copied and hold nobody
        ({"financial_bond": 0.3, "social_bond": 0.0}, {"share_IV"}),
    ],
    "8.2": [  # value below the usual expectation is not enough on its own
        ({"supplier_value": 0.45, "initial_expectation": 0.5, "switching_cost": 0.1},
         {"share_I"}),
    ],
}


def _margin(goal, value: float) -> float:
    return value - goal.threshold if goal.op == ">=" else goal.threshold - value


def _needed(goal) -> float:
    if goal.metric in ("profit", "mean_clv"):
        return MONEY_MARGIN * abs(goal.threshold)
    return SHARE_MARGIN


def _fields(question, answer) -> dict:
    return {**RUN, **dict(question.task.base), **answer}


def _stable_iii(price: float) -> float:
    """Pattern III among relationships that reached stability, from direct runs (8.3)."""
    from sim.exercises.ch08 import PRICE_BASE, SEEDS

    fields = {**RUN, **PRICE_BASE, "price": price}
    iii = direct_metric(fields, SEEDS, "share_III")
    return iii / (iii + direct_metric(fields, SEEDS, "share_IV"))


def _random_proposals(question, count: int) -> list[dict]:
    """Random valid proposals: levers drawn uniformly within bounds and budget."""
    rng = random.Random(2024)
    task = question.task
    found: list[dict] = []
    while len(found) < count:
        answer = {k: round(rng.uniform(lo, hi), 2) for k, (lo, hi) in task.levers.items()}
        if not task.problems(answer):
            found.append(answer)
    return found


def test_every_simulation_question_is_calibrated_here():
    assert {q.qid for q in TASKS} == set(TYPICAL_MISTAKES)
    assert {q.qid for q in SIMULATIONS} - {q.qid for q in TASKS} == {"8.3"}


@pytest.mark.parametrize("question", TASKS, ids=lambda q: q.qid)
def test_reference_solution_meets_every_goal_with_a_margin(question):
    fields = _fields(question, solution_value(question))
    for goal in question.task.goals:
        value = direct_metric(fields, question.task.seeds, goal.metric)
        assert _margin(goal, value) >= _needed(goal), (question.qid, goal.text, value)


@pytest.mark.parametrize("question", TASKS, ids=lambda q: q.qid)
def test_random_proposals_seldom_meet_every_goal(question):
    """A blank answer scores nothing (test_exercises); a random valid one mostly fails too."""
    task = question.task
    lucky = 0
    for answer in _random_proposals(question, 5):
        fields = _fields(question, answer)
        lucky += all(_margin(g, direct_metric(fields, task.seeds, g.metric)) >= 0
                     for g in task.goals)
    assert lucky <= 2, (question.qid, lucky)


@pytest.mark.parametrize("question", TASKS, ids=lambda q: q.qid)
def test_typical_mistakes_miss_the_goal_they_are_about(question):
    task = question.task
    for answer, missed in TYPICAL_MISTAKES[question.qid]:
        assert not task.problems(answer), (question.qid, answer)
        fields = _fields(question, answer)
        for goal in task.goals:
            if goal.metric in missed:
                value = direct_metric(fields, task.seeds, goal.metric)
                assert _margin(goal, value) < 0, (question.qid, answer, goal.text, value)


def test_price_contrast_is_reachable_and_needs_the_right_prices():
    """8.3: the reference pair shows the effect clearly; low prices or a tiny gap do not."""
    from sim.exercises.ch08 import MIN_DIFFERENCE, _price_problems

    reference = solution_value(ex.question("8.3"))
    assert not _price_problems(reference)
    effect = _stable_iii(reference["price_high"]) - _stable_iii(reference["price_low"])
    assert effect >= MIN_DIFFERENCE + 0.1
    # prices below the market's: the split stays fair whatever the gap
    assert _stable_iii(1.0) - _stable_iii(0.7) < MIN_DIFFERENCE
    # the same prices, too close together
    assert _stable_iii(1.01) - _stable_iii(1.0) < MIN_DIFFERENCE
