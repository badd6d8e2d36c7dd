"""How the grader turns hidden-test verdicts into points (``sim/grading/judge.py``, issue 14).

The rules, as the module documents them: a judge's fraction is clipped to
0..1 and anything that is not a finite number counts as 0; a judge that
raises scores 0 for its criterion with a message and never stops the others;
a missing answer scores 0 with a message that says so (or why it could not be
exported); written answers are pending against their rubric, except blank or
non-text ones, which score 0 at once. Questions here are built for the test,
so every expected number follows from the rule, not from a run of the code.
"""

from __future__ import annotations

import math

import pytest

import sim.exercises as ex
from sim.exercises.spec import HiddenTest, Question, RubricItem
from sim.grading import judge as judge_module
from sim.grading.judge import (
    CriterionResult,
    QuestionResult,
    judge_question,
    judge_written,
)


def _question(*judges: tuple[str, float, object], qid: str = "9.1") -> Question:
    variable = "answer_" + qid.replace(".", "_")
    return Question(qid=qid, title="A test question", kind="numeric", prompt="?",
                    starter="None", solution=f"{variable} = 1", self_check={"kind": "number"},
                    hidden=tuple(HiddenTest(name, pts, fn) for name, pts, fn in judges))


def _constant(fraction, message="msg"):
    return lambda answer: (fraction, message)


def _written(*points: float, qid: str = "9.2") -> Question:
    variable = "answer_" + qid.replace(".", "_")
    return Question(qid=qid, title="Explain", kind="written", prompt="Why?", starter='""',
                    solution=f"{variable} = 'because'", self_check={"kind": "text"},
                    hidden=(), rubric=tuple(RubricItem(f"point {i}", p)
                                            for i, p in enumerate(points)))


@pytest.mark.parametrize(("fraction", "earned"), [
    (1.0, 3.0), (0.5, 1.5), (0.0, 0.0), (1, 3.0), (0, 0.0),
    (1.5, 3.0), (7, 3.0), (-0.25, 0.0), (-3, 0.0),  # clipped to 0..1
    (float("nan"), 0.0), (float("inf"), 0.0), (-float("inf"), 0.0),  # not finite: 0
    (True, 0.0), (False, 0.0), ("1", 0.0), ("0.5", 0.0), (None, 0.0), ([1], 0.0),
])
def test_a_judges_fraction_is_clipped_to_0_1_and_anything_else_earns_nothing(fraction, earned):
    question = _question(("only", 3.0, _constant(fraction)))
    result = judge_question(question, {"answer_9_1": 42}, {})
    (criterion,) = result.criteria
    assert criterion.score == earned
    assert criterion.max_score == 3.0 and criterion.name == "only"
    assert not criterion.pending
    assert result.score == earned


def test_criteria_are_scored_separately_and_summed_without_float_noise():
    question = _question(("a", 0.1, _constant(1.0)), ("b", 0.2, _constant(1.0)),
                         ("c", 1.0, _constant(1 / 3)), ("d", 2.0, _constant(0.0)))
    result = judge_question(question, {"answer_9_1": "x"}, {})
    assert [c.score for c in result.criteria] == [0.1, 0.2, 0.333333, 0.0]
    assert [c.max_score for c in result.criteria] == [0.1, 0.2, 1.0, 2.0]
    assert result.score == 0.633333  # rounded to 6 places, not 0.6333330000000001
    assert result.max_score == question.points == pytest.approx(3.3)
    tenths = _question(*[(f"t{i}", 0.1, _constant(1.0)) for i in range(3)])
    assert judge_question(tenths, {"answer_9_1": 1}, {}).score == 0.3  # not 0.30000000000000004


def test_a_judge_that_raises_scores_zero_and_the_others_still_count():
    def broken(answer):
        raise KeyError("secret detail")

    question = _question(("first", 1.0, _constant(1.0)), ("broken", 2.0, broken),
                         ("last", 1.0, _constant(0.5, "half")))
    result = judge_question(question, {"answer_9_1": {"a": 1}}, {})
    assert [c.score for c in result.criteria] == [1.0, 0.0, 0.5]
    assert result.criteria[1].message == "could not be evaluated (KeyError)"
    assert result.criteria[2].message == "half"
    assert result.score == 1.5 and result.answered


def test_a_judge_returning_something_odd_is_caught_as_well():
    question = _question(("none", 1.0, lambda answer: None),
                         ("short", 1.0, lambda answer: (1.0,)))
    result = judge_question(question, {"answer_9_1": 5}, {})
    assert [c.score for c in result.criteria] == [0.0, 0.0]
    assert all(c.message.startswith("could not be evaluated (") for c in result.criteria)


def test_feedback_is_kept_to_500_characters_and_made_text():
    question = _question(("long", 1.0, _constant(1.0, "x" * 2000)),
                         ("number", 1.0, _constant(0.0, 12345)))
    result = judge_question(question, {"answer_9_1": 5}, {})
    assert result.criteria[0].message == "x" * 500
    assert result.criteria[1].message == "12345"


def test_a_missing_answer_scores_nothing_and_no_judge_sees_it():
    seen = []

    def spy(answer):
        seen.append(answer)
        return 1.0, "ok"

    question = _question(("a", 1.0, spy), ("b", 2.0, spy))
    for answers in ({}, {"answer_9_1": None}):
        result = judge_question(question, answers, {})
        assert [c.score for c in result.criteria] == [0.0, 0.0]
        assert [c.max_score for c in result.criteria] == [1.0, 2.0]
        assert [c.name for c in result.criteria] == ["a", "b"]
        assert all(c.message == "answer_9_1 is not answered (still None or missing)"
                   for c in result.criteria)
        assert not result.answered and result.answer is None and result.note == ""
    assert seen == []
    rejected = judge_question(question, {}, {"answer_9_1": "a module is not plain data"})
    assert rejected.note == "answer_9_1 could not be exported: a module is not plain data"
    assert all(c.message == rejected.note for c in rejected.criteria)
    other = judge_question(question, {"answer_9_1": 3}, {"answer_7_7": "elsewhere"})
    assert other.note == "" and other.score == 3.0 and seen == [3, 3]


def test_the_result_carries_the_question_and_the_answer():
    question = _question(("a", 2.0, _constant(1.0)), qid="9.4")
    result = judge_question(question, {"answer_9_4": [1, 2]}, {"answer_9_4": "odd"})
    assert (result.qid, result.title, result.kind, result.max_score) == (
        "9.4", "A test question", "numeric", 2.0)
    assert result.answer == [1, 2] and result.answered
    assert result.note == "answer_9_4 could not be exported: odd"
    assert result.criteria[0].score == 2.0  # a later value that did export is still marked


@pytest.mark.parametrize(("answer", "answered"), [
    (None, False), ("", False), ("   \n\t", False),
    ({"a": None, "b": ""}, False), ({"a": {"b": None}, "c": " "}, False),
    ({"a": None, "b": 0}, True), ({}, True), (0, True), ("x", True), ([], True), ([None], True),
    (False, True),
])
def test_answered_means_anything_but_a_blank_or_a_starter_of_blanks(answer, answered):
    question = _question(("a", 1.0, _constant(0.0)))
    assert judge_question(question, {"answer_9_1": answer}, {}).answered is answered


def test_a_blank_starter_of_every_marked_question_is_not_answered_and_scores_zero():
    for question in (q for c in ex.chapters() for q in c.questions):
        starter = eval(question.starter)  # literal None, "" or a dict of None
        result = judge_question(question, {question.variable: starter}, {})
        assert not result.answered, question.qid
        assert result.score == 0 and not result.pending, question.qid


# --- written answers ------------------------------------------------------------------------

def test_a_written_answer_is_pending_for_every_rubric_item():
    question = _written(1.0, 2.0, 0.5)
    result = judge_question(question, {"answer_9_2": "Because trust grows."}, {})
    assert result.kind == "written" and result.max_score == 3.5
    assert [c.name for c in result.criteria] == ["point 0", "point 1", "point 2"]
    assert [c.max_score for c in result.criteria] == [1.0, 2.0, 0.5]
    assert all(c.pending and c.score == 0.0 for c in result.criteria)
    assert [c.message for c in result.criteria] == [
        "to be marked by hand (1 points)", "to be marked by hand (2 points)",
        "to be marked by hand (0.5 points)"]
    assert result.pending and result.pending_points == 3.5 and result.score == 0
    assert result.answered and result.answer == "Because trust grows."


def test_a_long_written_answer_is_kept_up_to_the_limit():
    question = _written(1.0)
    text = "word " * 3000
    result = judge_question(question, {"answer_9_2": text}, {})
    assert result.answer == text[:judge_module.MAX_WRITTEN]
    assert len(result.answer) == judge_module.MAX_WRITTEN == 10_000
    short = judge_question(question, {"answer_9_2": "a" * 10_000}, {})
    assert short.answer == "a" * 10_000


@pytest.mark.parametrize("blank", [None, "", "  \n", {"x": None}])
def test_a_blank_written_answer_scores_zero_at_once(blank):
    question = _written(1.0, 2.0)
    result = judge_question(question, {"answer_9_2": blank}, {})
    assert not result.pending and result.pending_points == 0 and result.score == 0
    assert not result.answered
    assert [c.max_score for c in result.criteria] == [1.0, 2.0]
    assert all(c.message == "answer_9_2 is not answered (still empty)" for c in result.criteria)
    assert [c.name for c in result.criteria] == ["point 0", "point 1"]  # the rubric's items
    missing = judge_question(question, {}, {"answer_9_2": "too long"})
    assert all(c.message == "answer_9_2 could not be exported: too long"
               for c in missing.criteria)
    assert missing.note == "answer_9_2 could not be exported: too long"


@pytest.mark.parametrize("odd", [42, ["because"], {"text": "because"}, {}, True])
def test_a_written_answer_that_is_not_text_scores_zero_and_says_so(odd):
    question = _written(1.0, 2.0)
    result = judge_question(question, {"answer_9_2": odd}, {})
    assert not result.pending and result.score == 0
    assert result.answer is None  # only text is kept for the marker
    assert [c.name for c in result.criteria] == ["point 0", "point 1"]
    assert all(c.message == f"the answer should be text (a string), got {type(odd).__name__}"
               and c.max_score in (1.0, 2.0) for c in result.criteria)


def test_judge_written_directly_keeps_the_note_and_the_rubric_points():
    question = _written(2.0)
    result = judge_written(question, "an answer", note="exported with a warning")
    assert result.note == "exported with a warning" and result.pending_points == 2.0
    assert (result.qid, result.title) == ("9.2", "Explain")
    default = judge_written(question, "text")
    assert default.note == ""


# --- results round-trip and their totals ----------------------------------------------------

def test_pending_points_count_only_the_pending_criteria():
    result = QuestionResult("9.9", "t", "written", 6.0, criteria=[
        CriterionResult("a", 0.0, 1.0, "m", pending=True),
        CriterionResult("b", 2.0, 2.0, "m"),
        CriterionResult("c", 0.0, 3.0, "m", pending=True)])
    assert result.pending_points == 4.0 and result.pending and result.score == 2.0
    result.criteria[0].pending = result.criteria[2].pending = False
    assert result.pending_points == 0 and not result.pending
    assert CriterionResult("x", 1.0, 1.0, "m").pending is False
    empty = QuestionResult("9.9", "t", "numeric", 1.0)
    assert empty.criteria == [] and not empty.answered and empty.note == "" and (
        empty.answer is None)
    assert QuestionResult("9.9", "t", "numeric", 1.0).criteria is not empty.criteria


def test_results_survive_a_round_trip_through_json_form():
    question = _question(("a", 1.0, _constant(0.5, "half")), ("b", 2.0, _constant(1.0)))
    result = judge_question(question, {"answer_9_1": {"k": [1, 2]}}, {"answer_9_1": "note"})
    doc = result.to_dict()
    assert doc["criteria"][0] == {"name": "a", "score": 0.5, "max_score": 1.0,
                                  "message": "half", "pending": False}
    assert doc["qid"] == "9.1" and doc["note"] == "answer_9_1 could not be exported: note"
    again = QuestionResult.from_dict(doc)
    assert again == result
    assert isinstance(again.criteria[0], CriterionResult)
    assert again.score == 2.5 and math.isclose(again.max_score, 3.0)
    written = judge_question(_written(1.0), {"answer_9_2": "why"}, {})
    assert QuestionResult.from_dict(written.to_dict()) == written
    assert QuestionResult.from_dict({"qid": "9.1", "title": "t", "kind": "numeric",
                                     "max_score": 1.0}).criteria == []
