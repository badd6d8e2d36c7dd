"""Chapter 8 exercises: the instructor's guide (class scenarios and stylized facts)."""

from collections.abc import Mapping
from typing import Any

from sim.exercises import build
from sim.exercises.checks import is_number
from sim.exercises.simtask import RUN, SEEDS, Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter, HiddenTest, Question, Verdict

#: Base of the price contrast: good, growing value sold to customers who value the
#: relationship (the 'unfair' preset without its price), so that only the split of
#: gains differs between the two runs.
PRICE_BASE = {"supplier_value": 0.7, "value_innovation": 0.6, "latent_value": 0.3,
              "relational_share": 0.8}
PRICE_KEYS = ("price_low", "price_high")
MAX_GAP = 0.3
MIN_DIFFERENCE = 0.4


def _price_range() -> tuple[float, float]:
    from sim.scenario import Scenario

    spec = Scenario.spec("price")
    return float(spec.low), float(spec.high)


def _price_problems(answer: Any) -> list[str]:
    if not isinstance(answer, Mapping):
        return ["the answer should be a dict with 'price_low' and 'price_high'"]
    issues = [f"'{k}' is not expected" for k in answer if k not in PRICE_KEYS]
    low, high = _price_range()
    for key in PRICE_KEYS:
        value = answer.get(key)
        if not is_number(value) or not low <= float(value) <= high:
            issues.append(f"'{key}' must be a number in [{low:g}, {high:g}]")
    if not issues:
        gap = float(answer["price_high"]) - float(answer["price_low"])
        if not 0.0 < gap <= MAX_GAP + 1e-9:
            issues.append(f"price_high - price_low must be in (0, {MAX_GAP:g}]")
    return issues


def _price_valid(answer: Any) -> Verdict:
    issues = _price_problems(answer)
    return (0.0, "; ".join(issues)) if issues else (1.0, "valid pair of scenarios")


def stable_share_iii(metrics: Mapping[str, float]) -> float | None:
    """Pattern III among relationships that reached stability: III / (III + IV).

    ``None`` when no relationship reached stability. Both shares are over the
    same resolved relationships, so their ratio does not depend on how many
    ended in exploration or formation (a higher price also loses customers
    there, which would dilute a plain pattern III share).
    """
    stable = metrics["share_III"] + metrics["share_IV"]
    return metrics["share_III"] / stable if stable > 0 else None


def _price_effect(answer: Any) -> Verdict:
    from sim.exercises import simruns

    if _price_problems(answer):
        return 0.0, "not simulated: the proposal breaks the constraints"
    shares = {}
    for key in PRICE_KEYS:
        fields = {**RUN, **PRICE_BASE, "price": float(answer[key])}
        shares[key] = stable_share_iii(simruns.mean_metrics(fields, SEEDS))
    if None in shares.values():
        return 0.0, ("no relationship reached stability in one of the grader's runs, so "
                     "the split of gains was never judged")
    diff = shares["price_high"] - shares["price_low"]
    met = diff >= MIN_DIFFERENCE
    return (1.0 if met else 0.0), (
        f"pattern III among relationships that reached stability: {shares['price_high']:.3f} "
        f"at the higher price vs {shares['price_low']:.3f} at the lower price in the "
        f"grader's runs: difference {diff:.3f}, target >= {MIN_DIFFERENCE:g}")


PRICE_CONTRAST = Question(
    qid="8.3", title="A price contrast for class", kind="simulation",
    prompt=(
        "Stylized fact 3 says that with good, growing value, a supplier that keeps too much "
        "of the relationship's gains loses customers who reached stability (pattern III): "
        "the higher the price, the less fair the split. Prepare two class runs that differ "
        f"only in `price`, at most {MAX_GAP:g} apart, such that pattern III among the "
        "relationships that reached stability, share_III / (share_III + share_IV), is at "
        f"least {MIN_DIFFERENCE:g} higher at the higher price than at the lower one.\n\n"
        f"**Base scenario:** {PRICE_BASE!r}. The grader runs "
        f"`sim.LoyaltyModel(seed=s, n_customers={RUN['n_customers']}, "
        f"periods={RUN['periods']}, **base, price=p)` for seeds "
        f"{', '.join(map(str, SEEDS))} and each of your two prices, averages the pattern "
        "shares over the seeds and compares share_III / (share_III + share_IV). Assign "
        "`answer_8_3 = {'price_low': ..., 'price_high': ...}`."
    ),
    starter="{'price_low': None, 'price_high': None}",
    solution="answer_8_3 = {'price_low': 1.0, 'price_high': 1.3}",
    self_check={"kind": "numbers", "keys": list(PRICE_KEYS)},
    hidden=(HiddenTest("valid pair (bounds and gap)", 1.0, _price_valid),
            HiddenTest("pattern III among stable relationships rises with the price", 3.0,
                       _price_effect)),
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
                    levers={"supplier_value": (0.45, 1.0), "initial_expectation": (0.3, 0.7),
                            "switching_cost": (0.0, 1.0)},
                    goals=(Goal("share_I", ">=", 0.75, points=3.0),)),
            solution={"supplier_value": 0.45, "initial_expectation": 0.65,
                      "switching_cost": 0.1}),
        PRICE_CONTRAST,
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
