"""The marking rules of the exercise checks, as a grader would state them (issue 14, item 3).

Each rule is the one documented in ``sim/exercises/checks.py`` and in the
question's own text; expected scores are computed here from that rule and from
the reference solution, never read back from the judge. Every question of every
chapter is covered by parametrisation: a number off by 1 % loses its points, a
choice or classification with one item wrong earns the documented share, and
the feedback says what was wrong without giving the answer away.
"""

from __future__ import annotations

import math

import pytest
from answer_fixtures import solution_value, wrong_answer

import sim.exercises as ex
from sim.exercises import checks
from sim.grading.judge import judge_question

QUESTIONS = [q for c in ex.chapters() for q in c.questions]


def _kind(question) -> str:
    return question.self_check["kind"]


def _score(question, answer) -> float:
    return judge_question(question, {question.variable: answer}, {}).score


def _messages(question, answer) -> str:
    result = judge_question(question, {question.variable: answer}, {})
    return " | ".join(c.message for c in result.criteria)


def _numeric_parts(question):
    """(key or None, expected value, points) of each numeric part of a question."""
    solution = solution_value(question)
    if _kind(question) == "number":
        (test,) = question.hidden
        return [(None, float(solution), test.points)]
    if _kind(question) in ("numbers", "choices") and question.kind != "simulation":
        return [(t.name, float(solution[t.name]), t.points) for t in question.hidden
                if t.name in solution and isinstance(solution[t.name], int | float)]
    return []


NUMERIC = [(q, key, value, pts) for q in QUESTIONS for key, value, pts in _numeric_parts(q)]
NUMERIC_IDS = [f"{q.qid}-{key or 'value'}" for q, key, _v, _p in NUMERIC]


def _with_part(question, key, value):
    if key is None:
        return value
    answer = dict(solution_value(question))
    answer[key] = value
    return answer


def _four_significant(value: float) -> float:
    digits = 3 - math.floor(math.log10(abs(value)))
    return round(value, digits)


@pytest.mark.parametrize(("question", "key", "value", "points"), NUMERIC, ids=NUMERIC_IDS)
def test_each_number_refuses_an_answer_off_by_one_percent(question, key, value, points):
    """A number 1 % too high or too low loses exactly that part's points."""
    full = question.points
    for factor in (1.01, 0.99):
        assert _score(question, _with_part(question, key, value * factor)) == pytest.approx(
            full - points), (question.qid, key, factor)


@pytest.mark.parametrize(("question", "key", "value", "points"), NUMERIC, ids=NUMERIC_IDS)
def test_each_number_accepts_the_answer_rounded_to_four_significant_digits(
        question, key, value, points):
    """Sensible rounding of the worked answer (e.g. 428.6 for 428.5714) keeps full marks."""
    rounded = _four_significant(value)
    assert _score(question, _with_part(question, key, rounded)) == pytest.approx(question.points)
    assert _score(question, _with_part(question, key, int(value) if value == int(value)
                                       else rounded)) == pytest.approx(question.points)


@pytest.mark.parametrize(("question", "key", "value", "points"), NUMERIC, ids=NUMERIC_IDS)
def test_each_number_refuses_text_booleans_and_non_finite_values(question, key, value, points):
    """Only a finite number counts: '428.57' as text, True, NaN or inf earn nothing."""
    for odd in (str(value), True, float("nan"), float("inf"), [value]):
        assert _score(question, _with_part(question, key, odd)) == pytest.approx(
            question.points - points), (question.qid, key, odd)


def test_question_1_5_accepts_the_share_to_three_decimals_and_refuses_one_off_by_ten_percent():
    question = ex.question("1.5")
    assert _score(question, 0.512) == question.points
    assert _score(question, 0.5128) == question.points  # within the absolute tolerance 0.001
    assert _score(question, 0.514) == 0  # 0.002 off
    assert _score(question, 0.512 * 1.1) == 0
    assert _score(question, 51.2) == 0  # a percentage, not a share


def test_numeric_feedback_names_the_part_the_unit_and_the_students_value():
    """Feedback for a wrong number repeats the student's value, never the expected one."""
    lifetime = ex.question("6.2")  # 4 years
    text = _messages(lifetime, 5.5)
    assert "5.5 years" in text and "not correct" in text and "4" not in text
    assert "correct" in _messages(lifetime, 4.0) and "not" not in _messages(lifetime, 4.0)
    clv = ex.question("1.4")
    text = _messages(clv, {"clv_80": 266.67, "clv_90": None, "increase_percent": "68.75"})
    assert "'clv_80' is correct" in text
    assert "'clv_90' is missing (still None)" in text
    assert "'increase_percent' should be a finite number, got str" in text
    assert "450" not in text and "68.75" not in text
    judge = checks.number(40.0, unit="months")
    assert judge(None) == (0.0, "the answer is missing (still None)")
    assert judge("forty") == (0.0, "the answer should be a finite number, got str")
    assert judge(41) == (0.0, "the answer = 41 months is not correct")
    assert judge(40) == (1.0, "the answer is correct")
    assert checks.number(40.0)(41) == (0.0, "the answer = 41 is not correct")


def test_number_default_tolerance_is_a_tenth_of_a_percent_or_a_hundredth():
    """Documented defaults: rel 1e-3 (sensible rounding) and abs 0.01 near zero."""
    judge = checks.number(1000.0)
    assert judge(1000.9)[0] == 1.0 and judge(999.1)[0] == 1.0
    assert judge(1001.1)[0] == 0.0 and judge(998.9)[0] == 0.0
    near_zero = checks.number(0.0)
    assert near_zero(0.009)[0] == 1.0 and near_zero(-0.009)[0] == 1.0
    assert near_zero(0.011)[0] == 0.0
    wide = checks.number(1000.0, rel=0.05, abs_tol=0.0)
    assert wide(1049)[0] == 1.0 and wide(1060)[0] == 0.0  # relative to the larger value
    absolute = checks.number(1.0, rel=0.0, abs_tol=0.5)
    assert absolute(1.49)[0] == 1.0 and absolute(1.51)[0] == 0.0


def test_number_looks_up_its_key_and_ignores_other_keys():
    judge = checks.number(5.0, key="x")
    assert judge({"x": 5.0, "y": 99})[0] == 1.0
    assert judge({"y": 5.0}) == (0.0, "'x' is missing (still None)")
    assert judge(5.0) == (0.0, "'x' is missing (still None)")  # not a dict: no 'x'
    assert judge([5.0])[0] == 0.0


# --- choices -----------------------------------------------------------------------------

CHOICES = [q for q in QUESTIONS if _kind(q) == "choice"]


@pytest.mark.parametrize("question", CHOICES, ids=lambda q: q.qid)
def test_each_choice_refuses_every_other_option_and_ignores_case_and_spacing(question):
    solution = solution_value(question)
    options = question.self_check["options"]
    for option in options:
        expected = question.points if option == solution else 0.0
        assert _score(question, option) == expected, (question.qid, option)
    shouted = "  " + solution.upper().replace(" ", "  ") + ". "
    assert _score(question, shouted) == question.points
    assert _score(question, solution.replace(" ", "_")) == question.points
    assert _score(question, solution.replace(" ", "-")) == question.points
    assert _score(question, [solution]) == 0
    assert _score(question, {"answer": solution}) == 0


def test_documented_aliases_of_a_choice_count_as_the_option():
    """0.3 accepts 'pattern IV', 4 and '4'; 2.2 accepts 'level 1'; 7.3 accepts 'y' and 'true'."""
    pattern = ex.question("0.3")
    for alias in ("pattern IV", "Pattern 4", "4", 4, "iv"):
        assert _score(pattern, alias) == pattern.points, alias
    for other in ("pattern III", 3, "V", True, 4.0):
        assert _score(pattern, other) == 0, other
    assert _score(ex.question("2.2"), "Level 1") == ex.question("2.2").points
    win_back = ex.question("7.3")
    for alias in ("y", "TRUE", "Yes"):
        assert _score(win_back, {"value": 800.0, "win_back": alias}) == 3.0
    assert _score(win_back, {"value": 800.0, "win_back": "no"}) == 2.0
    assert _score(win_back, {"value": 800.0, "win_back": True}) == 2.0  # not a string


def test_choice_feedback_repeats_the_answer_not_the_solution():
    judge = checks.choice("IV", key="p")
    assert judge({"p": "III"}) == (0.0, "'p' = 'III' is not correct")
    assert judge({"p": None}) == (0.0, "'p' is missing (still None)")
    assert judge({"p": "iv"}) == (1.0, "'p' is correct")
    assert checks.choice("IV")("II") == (0.0, "the answer = 'II' is not correct")
    assert checks.choice("IV")(None) == (0.0, "the answer is missing (still None)")


# --- classifications (mapping) -----------------------------------------------------------

MAPPINGS = [q for q in QUESTIONS if _kind(q) == "mapping"]


def _other_category(category, options):
    return options[(options.index(category) + 1) % len(options)]


@pytest.mark.parametrize("question", MAPPINGS, ids=lambda q: q.qid)
def test_each_classification_with_one_item_wrong_earns_the_share_of_items_right(question):
    """Share of items right: one wrong item of n leaves (n - 1) / n of the points."""
    solution = solution_value(question)
    options = question.self_check["options"]
    n = len(solution)
    for item, category in solution.items():
        answer = {**solution, item: _other_category(category, options)}
        assert _score(question, answer) == pytest.approx(question.points * (n - 1) / n), item
        missing = {k: v for k, v in solution.items() if k != item}
        assert _score(question, missing) == pytest.approx(question.points * (n - 1) / n), item
    right = judge_question(question, {question.variable: solution}, {}).criteria[0].message
    assert right == f"all {n} items are classified correctly"
    one_wrong = {**solution, next(iter(solution)): _other_category(
        next(iter(solution.values())), options)}
    assert _messages(question, one_wrong) == f"{n - 1} of {n} items classified correctly"


@pytest.mark.parametrize("question", MAPPINGS, ids=lambda q: q.qid)
def test_each_classification_ignores_case_and_spacing_of_items_and_categories(question):
    solution = solution_value(question)
    shouted = {"  " + item.upper() + " ": category.upper() + "." for item, category in
               solution.items()}
    assert _score(question, shouted) == pytest.approx(question.points)
    assert _score(question, list(solution.items())) == 0
    assert "should be a dict" in _messages(question, list(solution))


def test_documented_aliases_of_categories_count():
    """2.1 accepts 'level 1/2/3' for the three levels; 3.2 accepts 'pattern I' and '1'."""
    bonds = ex.question("2.1")
    level = {"financial": "level 1", "social": 2, "structural": "Level 3"}
    answer = {item: level[category] for item, category in solution_value(bonds).items()}
    assert _score(bonds, answer) == pytest.approx(bonds.points)
    patterns = ex.question("3.2")
    numbers = {"I": "pattern I", "II": "2", "III": 3, "IV": "Pattern IV"}
    answer = {item: numbers[p] for item, p in solution_value(patterns).items()}
    assert _score(patterns, answer) == pytest.approx(patterns.points)
    # an alias of another category is still wrong
    swapped = {item: "level 2" if c == "financial" else c
               for item, c in solution_value(bonds).items()}
    assert _score(bonds, swapped) == pytest.approx(bonds.points * 4 / 6)


def test_mapping_items_are_scored_against_their_own_category():
    judge = checks.mapping({"a": "x", "b": "y", "c": "x"})
    assert judge({"a": "x", "b": "y", "c": "x"})[0] == 1.0
    assert judge({"a": "y", "b": "x", "c": "y"})[0] == 0.0
    assert judge({"a": "x", "b": "x", "c": "x"})[0] == pytest.approx(2 / 3)
    assert judge({"a": "x", "b": "y", "c": "x", "d": "x"})[0] == 1.0  # extra items ignored
    assert judge({"a": "z", "b": None, "c": ["x"]})[0] == 0.0
    assert judge({}) == (0.0, "0 of 3 items classified correctly")
    for odd in (["a", "x"], "a: x", None, 3):
        assert judge(odd) == (0.0, "the answer should be a dict mapping each item to a category")
    aliased = checks.mapping({"a": "x", "b": "y"}, aliases={"x": ["ex"]})
    assert aliased({"a": "EX", "b": "ex"}) == (0.5, "1 of 2 items classified correctly")


# --- selections --------------------------------------------------------------------------

SELECTIONS = [q for q in QUESTIONS if _kind(q) == "selection"]


@pytest.mark.parametrize("question", SELECTIONS, ids=lambda q: q.qid)
def test_each_selection_scores_right_ticks_minus_wrong_ticks(question):
    """Each right option earns 1/k of the points, each wrong one costs 1/k, never below 0."""
    solution = solution_value(question)
    options = question.self_check["options"]
    wrong = [o for o in options if o not in solution]
    k = len(solution)
    assert wrong, question.qid
    for dropped in solution:
        fewer = [o for o in solution if o != dropped]
        assert _score(question, fewer) == pytest.approx(question.points * (k - 1) / k)
    for extra in wrong:
        assert _score(question, [*solution, extra]) == pytest.approx(
            question.points * (k - 1) / k)
        assert _score(question, [extra]) == 0
    everything = max(0, k - len(wrong)) / k
    assert _score(question, list(options)) == pytest.approx(question.points * everything)
    assert _score(question, [*solution, *solution]) == pytest.approx(question.points)
    assert _score(question, [o.upper() + " " for o in solution]) == pytest.approx(
        question.points)
    assert _score(question, tuple(solution)) == pytest.approx(question.points)
    assert _score(question, set(solution)) == 0
    assert _score(question, solution[0]) == 0


def test_selection_counts_unknown_options_as_wrong_and_says_so():
    judge = checks.selection(["a", "b"], ["a", "b", "c"])
    assert judge(["a", "b"]) == (1.0, "2 correct and 0 wrong selections")
    assert judge(["a", "c"]) == (0.0, "1 correct and 1 wrong selections")
    assert judge(["a", "b", "zzz"]) == (
        0.5, "2 correct and 1 wrong selections (1 not among the options)")
    assert judge(["a", "b", "c"]) == (0.5, "2 correct and 1 wrong selections")
    assert judge([]) == (0.0, "0 correct and 0 wrong selections")
    assert judge("a") == (0.0, "the answer should be a list of the options you select")
    assert judge([None, 1]) == (0.0, "0 correct and 2 wrong selections (2 not among the options)")


# --- orderings ---------------------------------------------------------------------------

ORDERINGS = [q for q in QUESTIONS if _kind(q) == "ordering"]


@pytest.mark.parametrize("question", ORDERINGS, ids=lambda q: q.qid)
def test_each_ordering_earns_the_share_of_positions_right(question):
    """Share of positions right; a list of the wrong length is scored out of its length."""
    solution = solution_value(question)
    n = len(solution)
    for i in range(n - 1):
        swapped = list(solution)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        assert _score(question, swapped) == pytest.approx(question.points * (n - 2) / n)
    assert _score(question, list(reversed(solution))) == pytest.approx(
        question.points * (n % 2) / n)
    assert _score(question, solution[:-1]) == pytest.approx(question.points * (n - 1) / n)
    assert _score(question, [*solution, solution[0]]) == pytest.approx(
        question.points * n / (n + 1))
    assert _score(question, tuple(solution)) == pytest.approx(question.points)
    assert _score(question, [s.upper() for s in solution]) == pytest.approx(question.points)
    assert _score(question, ", ".join(solution)) == 0


def test_ordering_feedback_and_aliases():
    judge = checks.ordering(["w", "x", "y", "z"], aliases={"x": ["ex"]})
    assert judge(["w", "x", "y", "z"]) == (1.0, "the order is correct")
    assert judge(["w", "EX", "y", "z"]) == (1.0, "the order is correct")
    assert judge(["w", "x", "z", "y"]) == (0.5, "2 of 4 positions correct")
    assert judge(["w", "x", "y"]) == (0.75, "3 of 4 positions correct")
    assert judge(["w", "x", "y", "z", "z"]) == (0.8, "4 of 4 positions correct")
    assert judge(["w", None, "y", 7]) == (0.5, "2 of 4 positions correct")
    assert judge("wxyz") == (0.0, "the answer should be a list in order")
    assert judge({"w": 1}) == (0.0, "the answer should be a list in order")


# --- every question: the feedback on a wrong answer never gives the answer away ---------

MARKED = [q for q in QUESTIONS if q.kind not in ("written", "simulation")]


@pytest.mark.parametrize("question", MARKED, ids=lambda q: q.qid)
def test_feedback_on_a_wrong_answer_does_not_reveal_the_solution(question):
    solution = solution_value(question)
    text = _messages(question, wrong_answer(question))
    values = solution.values() if isinstance(solution, dict) else (
        solution if isinstance(solution, list) else [solution])
    for value in values:
        if isinstance(value, float | int):
            assert f"{value:g}" not in text, (question.qid, value, text)
        elif isinstance(value, str) and len(value) > 3:
            assert value not in text, (question.qid, value, text)


# --- the helpers behind every judge ------------------------------------------------------

def test_normalize_folds_case_spacing_dashes_and_end_dots_only():
    assert checks.normalize("  Pattern_IV. ") == "patterniv"
    assert checks.normalize("two-way\tcommunication") == "twowaycommunication"
    assert checks.normalize("Win--Win...") == "winwin"
    assert checks.normalize("..iv") == "iv"
    assert checks.normalize("a.b") == "a.b"  # a dot inside a word is kept
    assert checks.normalize("ÄB") == "äb"
    assert checks.normalize("STRASSE") == checks.normalize("straße")  # casefold, not lower
    assert checks.normalize(4) == "4"
    for odd in (True, False, None, 4.0, ["iv"], {"iv": 1}, b"iv"):
        assert checks.normalize(odd) is None, odd


def test_is_number_means_a_finite_int_or_float_but_not_a_boolean():
    for value in (0, 1, -2, 0.5, 1e300, -0.0):
        assert checks.is_number(value) is True, value
    for value in (True, False, float("nan"), float("inf"), -float("inf"), "1", None, [1],
                  complex(1, 0)):
        assert checks.is_number(value) is False, value


def test_pick_reads_a_key_of_a_dict_and_nothing_else():
    assert checks.pick({"a": 1}, "a") == 1
    assert checks.pick({"b": 1}, "a") is None
    assert checks.pick([("a", 1)], "a") is None
    assert checks.pick("a", "a") is None
    assert checks.pick([1, 2], None) == [1, 2]


def test_describe_keeps_feedback_short():
    assert checks.describe("abc") == "'abc'"
    assert checks.describe(None) == "None"
    long = checks.describe("x" * 200)
    assert len(long) == 80 and long.endswith("...") and long.startswith("'xxx")
    exact = "y" * 78  # repr adds two quotes: exactly 80 characters, kept whole
    assert checks.describe(exact) == repr(exact)
    assert checks.describe("y" * 79) == repr("y" * 79)[:77] + "..."
