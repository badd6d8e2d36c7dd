"""The exercise sources: coverage, solutions vs hidden tests, student versions leak nothing."""

from __future__ import annotations

import json
import math
import re

import pytest
from answer_fixtures import PARTIAL_KINDS, isclose, partial_answer, wrong_answer

import sim.exercises as ex
from sim.exercises import checks, render
from sim.exercises.selfcheck import self_check
from sim.grading.judge import judge_question

CHAPTERS = ex.chapters()
QUESTIONS = [q for c in CHAPTERS for q in c.questions]
MARKED = [q for q in QUESTIONS if q.kind != "written"]


def _solution_value(question):
    namespace: dict = {}
    exec(question.solution, namespace)  # instructor code, not student code
    return namespace[question.variable]


def test_the_wrong_answers_differ_from_the_solutions():
    for question in MARKED:
        assert wrong_answer(question) != _solution_value(question), question.qid


def test_coverage_per_chapter_and_kinds():
    assert [c.number for c in CHAPTERS] == list(range(9))
    assert all(len(c.questions) >= 4 for c in CHAPTERS)
    assert len(QUESTIONS) >= 36
    kinds = {q.kind for q in QUESTIONS}
    assert {"numeric", "choice", "simulation"} <= kinds <= {"numeric", "choice", "simulation",
                                                           "written"}
    assert sum(q.kind == "simulation" for q in QUESTIONS) >= 6
    assert len({q.qid for q in QUESTIONS}) == len(QUESTIONS)


def test_worked_example_values_and_conventions():
    value = _solution_value(ex.question("6.1"))  # not the chapter's worked example (issue 9)
    assert value["start_of_year"] == pytest.approx(7074.49, abs=0.01)
    assert value["end_of_year"] == pytest.approx(6528.23, abs=0.01)
    assert _solution_value(ex.question("6.2")) == pytest.approx(4.0)
    assert _solution_value(ex.question("6.3")) == pytest.approx(200 * 0.75 / 0.35)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.qid)
def test_solution_earns_full_marks_and_starter_earns_nothing(question):
    solution = judge_question(question, {question.variable: _solution_value(question)}, {})
    starter = eval(question.starter)  # literal None, "" or a dict of None
    blank = judge_question(question, {question.variable: starter}, {})
    assert blank.score == 0
    if question.kind == "written":
        # a person marks it: pending, never silently 0 of N
        assert solution.pending and solution.pending_points == question.points
        assert solution.score == 0 and not blank.pending
        return
    assert solution.score == pytest.approx(question.points), [
        (c.name, c.message) for c in solution.criteria]


@pytest.mark.parametrize("question", MARKED, ids=lambda q: q.qid)
def test_a_wrong_answer_loses_every_point(question):
    """Every question is given a wrong answer of the right form; its judges must run and refuse it.

    (Issue 14: a mutant accepting any number for 1.5 went unnoticed because
    only blank starters, which never reach a judge, were tried.)
    """
    answer = wrong_answer(question)
    spec = dict(question.self_check)
    kind = spec.pop("kind")
    assert self_check(question.qid, answer, kind, **spec) in (True, False)
    result = judge_question(question, {question.variable: answer}, {})
    assert result.answered
    assert not any("not answered" in c.message for c in result.criteria)
    assert result.score == 0, [(c.name, c.score, c.message) for c in result.criteria]


@pytest.mark.parametrize("question", MARKED, ids=lambda q: q.qid)
def test_partial_credit_rule_of_every_question(question):
    """A partly right answer earns exactly the share its rule gives (goals from direct runs)."""
    found = partial_answer(question)
    if question.self_check["kind"] in PARTIAL_KINDS or question.kind == "simulation":
        assert found is not None, f"{question.qid} has a partial-credit rule but no test"
    if found is None:
        assert len(question.hidden) == 1  # all or nothing: a single number or choice
        return
    answer, expected = found
    result = judge_question(question, {question.variable: answer}, {})
    assert isclose(result.score, expected), (result.score, expected,
                                             [(c.name, c.score, c.message)
                                              for c in result.criteria])
    assert 0 < expected < question.points or question.kind == "simulation"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.qid)
def test_judges_survive_odd_answers(question):
    for odd in (0, -1.5, "", "IV", [], [None], {}, {"x": [1, {"y": None}]}, True, "a" * 5000):
        result = judge_question(question, {question.variable: odd}, {})
        assert 0 <= result.score <= question.points
        assert all(math.isfinite(c.score) for c in result.criteria)


def test_partial_credit_rules():
    six_one = ex.question("6.1")
    half = judge_question(six_one, {"answer_6_1": {"start_of_year": 7074.49,
                                                   "end_of_year": 7074.49}}, {})
    assert half.score == pytest.approx(2.0)
    pick = checks.selection(["a", "b", "c"], ["a", "b", "c", "d", "e"])
    assert pick(["a", "b"])[0] == pytest.approx(2 / 3)
    assert pick(["a", "b", "d"])[0] == pytest.approx(1 / 3)
    assert pick(["a", "b", "c", "d", "e"])[0] == pytest.approx(1 / 3)
    assert pick(["d", "e"])[0] == 0
    order = checks.ordering(["w", "x", "y", "z"])
    assert order(["w", "x", "z", "y"])[0] == pytest.approx(0.5)
    assert order(["w", "x"])[0] == pytest.approx(0.5)
    number = checks.number(100.0)
    assert number(100.05)[0] == 1.0 and number(101)[0] == 0.0
    assert number(True)[0] == 0.0 and number("100")[0] == 0.0
    choice = checks.choice("IV", aliases=["4"])
    assert choice(" iv ")[0] == 1.0 and choice(4)[0] == 1.0 and choice("III")[0] == 0.0


def test_messages_do_not_give_the_answer_away():
    question = ex.question("6.3")
    result = judge_question(question, {"answer_6_3": 400}, {})
    text = " ".join(c.message for c in result.criteria)
    assert "428" not in text


def test_simulation_goal_is_judged_by_the_grader_runs():
    question = ex.question("2.5")
    financial_only = {"financial_bond": 1.0, "social_bond": 0.0, "structural_bond": 0.0}
    result = judge_question(question, {"answer_2_5": financial_only}, {})
    assert [c.score for c in result.criteria] == [1.0, 0.0]  # valid, but goal missed
    over_budget = {"financial_bond": 1.0, "social_bond": 1.0, "structural_bond": 1.0}
    result = judge_question(question, {"answer_2_5": over_budget}, {})
    assert result.score == 0
    assert "budget" in result.criteria[0].message
    assert "not simulated" in result.criteria[1].message


def _student_text() -> str:
    return "\n".join(json.dumps(render.notebook(c, solution=False)) for c in CHAPTERS)


def test_student_notebooks_hold_no_solutions():
    text = _student_text()
    for question in QUESTIONS:
        if isinstance(_solution_value(question), str):
            continue  # a single choice is, of course, among the options shown
        body = question.solution.split("=", 1)[1].strip()
        assert body not in text, question.qid
    for secret in ("7074.49", "6528.23", "428.57", "HiddenTest", "sim.exercises"):
        assert secret not in text
    solutions = "\n".join(json.dumps(render.notebook(c, solution=True)) for c in CHAPTERS)
    assert "answer_6_1 = {'start_of_year': start" in solutions


def test_self_check_runs_on_starters_and_solutions(capsys):
    for question in QUESTIONS:
        spec = dict(question.self_check)
        kind = spec.pop("kind")
        assert self_check(question.qid, None, kind, **spec) is False
        assert self_check(question.qid, eval(question.starter), kind, **spec) is False
        assert self_check(question.qid, _solution_value(question), kind, **spec) is True, \
            question.qid
    assert "not answered yet" in capsys.readouterr().out


def test_notebooks_are_nbformat_valid_and_run(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    paths = ex.write_notebooks(tmp_path / "nb", solutions=False)
    assert [p.name for p in paths] == [f"ch{n:02d}.ipynb" for n in range(9)]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if path.stem in ("ch00", "ch06", "ch08"):  # schema validation is slow; spot-check
            nbformat.validate(nb)
        namespace: dict = {}
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(cell.source, namespace)  # student version: must run top to bottom
        assert nb.metadata["loyalty_lab"]["chapter"] == int(path.stem[2:])


def test_book_pages(tmp_path):
    paths = ex.write_book_pages(tmp_path / "exercises")
    assert [p.name for p in paths] == [f"ch{n:02d}.md" for n in range(9)]
    for chapter, path in zip(CHAPTERS, paths, strict=True):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\njupytext:")
        assert re.search(rf"^# Exercises: Chapter {chapter.number}, ", text, re.M)
        assert "```{code-cell} ipython3" in text
        assert "HiddenTest" not in text and "7074.49" not in text
        cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", text, re.S)
        assert cells[0].startswith(":tags: [hide-input]")  # the setup helper is folded
        namespace: dict = {}
        for source in cells:
            exec(re.sub(r"^:.*\n", "", source), namespace)


def test_book_page_executes_like_the_book_build(tmp_path):
    """Read a page with MyST-NB's own reader and execute it in a real kernel."""
    read = pytest.importorskip("myst_nb.core.read")
    nbclient = pytest.importorskip("nbclient")
    (path,) = [p for p in ex.write_book_pages(tmp_path) if p.name == "ch03.md"]
    nb = read.read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert "[3.1] not answered yet" in outputs
    assert "Error" not in outputs


def test_exercises_cli(tmp_path, capsys):
    from sim.grading.cli import exercises_main

    assert exercises_main(["--out", str(tmp_path / "s"), "--chapters", "3,6"]) == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "assignment.json", "ch03.ipynb", "ch06.ipynb"]
    manifest = json.loads((tmp_path / "s" / "assignment.json").read_text())
    assert [c["number"] for c in manifest["chapters"]] == [3, 6]
    assert manifest["points"] == sum(c.points for c in ex.chapters([3, 6]))
    assert "solution" not in json.dumps(manifest) and "11954" not in json.dumps(manifest)
    assert exercises_main(["--out", str(tmp_path / "r"), "--solutions"]) == 0
    assert len(list((tmp_path / "r").glob("ch*.ipynb"))) == 9
    assert "reference solutions" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        exercises_main(["--out", str(tmp_path / "x"), "--chapters", "6,a"])
    with pytest.raises(SystemExit):
        exercises_main(["--out", str(tmp_path / "x"), "--chapters", "42"])
    assert "--chapters must be chapter numbers" in capsys.readouterr().err
