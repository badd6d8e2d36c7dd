"""Chapter 8 exercises: the instructor's guide (class scenarios and stylized facts)."""

from collections.abc import Mapping
from typing import Any

from sim.exercises import build
from sim.exercises.checks import is_number
from sim.exercises.simtask import RUN, SEEDS, Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter, HiddenTest, Question, Verdict

#: Base of the fairness contrast: good, growing value (the 'unfair' preset without
#: its fairness), so that only the split of gains differs between the two runs.
FAIRNESS_BASE = {"supplier_value": 0.65, "value_innovation": 0.6, "latent_value": 0.3}
MAX_GAP = 0.5
MIN_DIFFERENCE = 0.5


def _fairness_problems(answer: Any) -> list[str]:
    if not isinstance(answer, Mapping):
        return ["the answer should be a dict with 'fairness_high' and 'fairness_low'"]
    issues = [f"'{k}' is not expected" for k in answer if k not in ("fairness_high",
                                                                    "fairness_low")]
    for key in ("fairness_high", "fairness_low"):
        value = answer.get(key)
        if not is_number(value) or not 0.0 <= float(value) <= 1.0:
            issues.append(f"'{key}' must be a number in [0, 1]")
    if not issues:
        gap = float(answer["fairness_high"]) - float(answer["fairness_low"])
        if not 0.0 < gap <= MAX_GAP + 1e-9:
            issues.append(f"fairness_high - fairness_low must be in (0, {MAX_GAP:g}]")
    return issues


def _fairness_valid(answer: Any) -> Verdict:
    issues = _fairness_problems(answer)
    return (0.0, "; ".join(issues)) if issues else (1.0, "valid pair of scenarios")


def _fairness_effect(answer: Any) -> Verdict:
    from sim.exercises import simruns

    if _fairness_problems(answer):
        return 0.0, "not simulated: the proposal breaks the constraints"
    shares = {}
    for key in ("fairness_high", "fairness_low"):
        fields = {**RUN, **FAIRNESS_BASE, "fairness": float(answer[key])}
        shares[key] = simruns.mean_metrics(fields, SEEDS)["share_III"]
    diff = shares["fairness_low"] - shares["fairness_high"]
    met = diff >= MIN_DIFFERENCE
    return (1.0 if met else 0.0), (
        f"pattern III share {shares['fairness_low']:.3f} at low fairness vs "
        f"{shares['fairness_high']:.3f} at high fairness in the grader's runs: difference "
        f"{diff:.3f}, target >= {MIN_DIFFERENCE:g}")


FAIRNESS = Question(
    qid="8.3", title="A fairness contrast for class", kind="simulation",
    prompt=(
        "Stylized fact 3 says that with good, growing value the share of pattern III rises "
        "as fairness falls. Prepare two class runs that differ only in `fairness`, at most "
        f"{MAX_GAP:g} apart, such that the pattern III share at the lower fairness exceeds "
        f"the share at the higher fairness by at least {MIN_DIFFERENCE:g}.\n\n"
        f"**Base scenario:** {FAIRNESS_BASE!r}. The grader runs "
        f"`sim.LoyaltyModel(seed=s, n_customers={RUN['n_customers']}, "
        f"periods={RUN['periods']}, **base, fairness=f)` for seeds "
        f"{', '.join(map(str, SEEDS))} and each of your two values, and compares the mean "
        "pattern III shares. Assign `answer_8_3 = {'fairness_high': ..., "
        "'fairness_low': ...}`."
    ),
    starter="{'fairness_high': None, 'fairness_low': None}",
    solution="answer_8_3 = {'fairness_high': 0.8, 'fairness_low': 0.4}",
    self_check={"kind": "numbers", "keys": ["fairness_high", "fairness_low"]},
    hidden=(HiddenTest("valid pair (bounds and gap)", 1.0, _fairness_valid),
            HiddenTest("pattern III rises as fairness falls", 3.0, _fairness_effect)),
)

CHAPTER = Chapter(
    number=8,
    title="Instructor's guide",
    intro=(
        "Exercises for instructors preparing class scenarios: which scenario shows what, "
        "and how to make a demonstration reproducible."
    ),
    questions=(
        build.mapping(
            "8.1", "Which preset shows what",
            "Match each class scenario (a preset of the simulator) to the lifecycle pattern "
            "it is designed to make the most common ending.",
            {"aborted": "I", "stalled": "II", "unfair": "III", "rivals_overtake": "III",
             "lifelong": "IV"},
            ["I", "II", "III", "IV"], points=2.0),
        simulation_question(
            "8.2", "Fact 1 without an absurd supplier",
            "Stylized fact 1: value well below initial expectations makes most relationships "
            "end as pattern I. Show it without setting the supplier's value absurdly low: "
            "supplier_value stays at least 0.45; you may raise customers' initial "
            "expectation and lower the base switching cost.",
            SimTask(base={},
                    levers={"supplier_value": (0.45, 1.0), "initial_expectation": (0.3, 0.8),
                            "switching_cost": (0.0, 1.0)},
                    goals=(Goal("share_I", ">=", 0.75, points=3.0),)),
            solution={"supplier_value": 0.45, "initial_expectation": 0.65,
                      "switching_cost": 0.1}),
        FAIRNESS,
        build.selection(
            "8.4", "A reproducible demonstration",
            "What must the guide record for a class scenario so that students can "
            "reproduce the expected outcome exactly?",
            ["the seed", "the parameters that differ from the defaults",
             "the expected outcome", "the screen resolution", "the instructor's name"],
            ["the seed", "the parameters that differ from the defaults",
             "the expected outcome"]),
        build.written(
            "8.5", "Plan a class demonstration",
            ("Plan a five-minute class demonstration of stylized fact 6 (switching costs raise "
             "repurchase intention and price tolerance but not cross-buying or referral). Say "
             "in four to six sentences which presets you compare, what you ask students to "
             "predict, what outcome you expect, and what you record so that students can "
             "reproduce it."),
            [
             ("Compares `locked_in` with the default scenario (or another change of switching "
              "costs only)",
              1),
             ("Asks for a prediction of all four measures before running",
              1),
             ("Expects repurchase and price tolerance to rise while cross-buying and referral "
              "stay about the same",
              1),
             ("Records the seed and the parameters that differ from the defaults",
              1),
            ],
            ("I would run the default scenario and then the locked_in preset, which changes "
             "only the base switching cost. Before the second run I would ask students to "
             "predict each of the four loyalty measures. I expect repurchase intention and "
             "price tolerance to rise, while cross-buying and referral stay about where they "
             "were. I would write down the seed and the one parameter that differs from the "
             "defaults, so that students can repeat the run exactly.")),
    ),
)
