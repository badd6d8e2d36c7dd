"""Exercises in Chinese (issue 13): every text translated, one structure, same marks.

A Chinese notebook has the same cells as the English one with other words;
the grader marks it exactly like the English one and writes the student's
feedback in Chinese. A missing translation fails here: a chapter text
without a Chinese version, a judge message without a template, an English
sentence left in the Chinese self-check or in Chinese feedback.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import shutil

import pytest
from answer_fixtures import solution_value, wrong_answer

import sim.exercises as ex
from sim.exercises import simruns
from sim.exercises import zh as zh_texts
from sim.exercises.render import notebook
from sim.exercises.zh import notebook as zh_notebook
from sim.grading import feedback_zh
from sim.grading.cli import exercises_main
from sim.grading.judge import judge_question
from sim.grading.notebooks import parse_notebook
from sim.grading.report import LABELS, StudentResult, feedback_markdown, results_json

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Three English words in a row: a sentence left untranslated (code and answer
#: literals are removed before looking).
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")
QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"")


def _english_left(text: str, literals=()) -> list[str]:
    for literal in sorted(map(str, literals), key=len, reverse=True):
        text = text.replace(literal, " ")
    return ENGLISH_RUN.findall(QUOTED.sub(" ", text))


@pytest.mark.parametrize("chapter", ex.chapters(), ids=lambda c: c.slug)
def test_every_exercise_text_has_a_chinese_version(chapter):
    assert zh_texts.missing(chapter) == []
    assert zh_texts.unused(chapter) == []  # no translation of an English that is gone
    for text in zh_texts.texts(chapter):
        assert CJK.search(zh_texts.translate(chapter, text)), text


def test_every_criterion_name_and_kind_has_a_chinese_version():
    for chapter in ex.chapters():
        for q in chapter.questions:
            assert CJK.search(feedback_zh.title(q.title, q.qid)), q.qid
            assert q.kind in feedback_zh.KINDS
            names = [t.name for t in q.hidden] + [item.criterion for item in q.rubric]
            for name in names:
                shown = feedback_zh.criterion_name(name, q.qid)
                if re.fullmatch(r"[a-z][a-z0-9_]*", name) and name not in feedback_zh.TEST_NAMES:
                    assert shown == name  # a key of a dict answer: code, kept as it is
                else:
                    assert CJK.search(shown), (q.qid, name)


def test_a_missing_translation_is_an_error_not_english_in_a_chinese_notebook(monkeypatch):
    chapter = ex.chapters([6])[0]
    partial = dict(zh_texts.catalogue(6))
    del partial[chapter.questions[0].title]
    monkeypatch.setattr(zh_texts, "catalogue", lambda number: partial)
    assert zh_texts.missing(chapter) == [chapter.questions[0].title]
    with pytest.raises(zh_texts.MissingTranslationError, match="chapter 6"):
        notebook(chapter, solution=False, lang="zh")


def _heading_points(doc: dict, pattern: str) -> list[tuple[str, str]]:
    found = []
    for cell in doc["cells"]:
        source = "".join(cell["source"])
        match = re.match(pattern, source)
        if cell["cell_type"] == "markdown" and match:
            found.append((match["qid"], match["points"]))
    return found


@pytest.mark.parametrize("solution", [False, True], ids=["student", "solution"])
def test_chinese_notebooks_have_the_english_structure(tmp_path, solution):
    nbformat = pytest.importorskip("nbformat")
    en = ex.write_notebooks(tmp_path / "en", solutions=solution)
    zh = ex.write_notebooks(tmp_path / "zh", solutions=solution, lang="zh")
    assert [p.name for p in zh] == [p.name for p in en]
    for en_path, zh_path in zip(en, zh, strict=True):
        en_doc = json.loads(en_path.read_text(encoding="utf-8"))
        zh_doc = json.loads(zh_path.read_text(encoding="utf-8"))
        if zh_path.stem in ("ch00", "ch08"):  # schema validation is slow; spot-check
            nbformat.validate(nbformat.reads(zh_path.read_text(encoding="utf-8"), 4))
        assert "lang" not in en_doc["metadata"]["loyalty_lab"]  # English output unchanged
        assert zh_doc["metadata"]["loyalty_lab"] == {**en_doc["metadata"]["loyalty_lab"],
                                                     "lang": "zh"}
        assert [c["cell_type"] for c in zh_doc["cells"]] == [c["cell_type"]
                                                              for c in en_doc["cells"]]
        # same question ids and points, in the same order
        en_points = _heading_points(en_doc, r"## Question (?P<qid>\S+): .* \((?P<points>[\d.]+) "
                                            r"points?\)")
        zh_points = _heading_points(zh_doc, r"## 题 (?P<qid>\S+)：.*（(?P<points>[\d.]+) 分）")
        assert zh_points == en_points and zh_points
        # the code a student edits and runs is the same, comments aside
        for en_cell, zh_cell in zip(en_doc["cells"][2:], zh_doc["cells"][2:], strict=True):
            en_source, zh_source = "".join(en_cell["source"]), "".join(zh_cell["source"])
            if en_cell["cell_type"] == "markdown":
                assert CJK.search(zh_source)
                assert not _english_left(zh_source), (zh_path.name, _english_left(zh_source))
            elif not (solution and "answer_" in en_source and "= '" in zh_source
                      and CJK.search(zh_source)):  # a written question's Chinese model answer
                assert _code(zh_source) == _code(en_source)
        first = "".join(zh_doc["cells"][0]["source"])
        assert CJK.search(first) and not _english_left(first)


def _code(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


def test_chinese_solution_notebooks_have_chinese_model_answers(tmp_path):
    ex.write_notebooks(tmp_path, solutions=True, numbers=[1], lang="zh")
    doc = json.loads((tmp_path / "ch01.ipynb").read_text(encoding="utf-8"))
    namespace: dict = {}
    for cell in doc["cells"]:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), namespace)  # noqa: S102 - our own notebook
    assert CJK.search(namespace["answer_1_6"])
    assert namespace["answer_1_4"] == solution_value(ex.question("1.4"))


def test_the_chinese_self_check_speaks_chinese_and_checks_the_same():
    source = zh_notebook.self_check_source()
    for literal in _string_parts(ast.parse(source)):
        assert not _english_left(literal), literal
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 - our own helper
    check = namespace["self_check"]
    for q in ex.question("5.2"), ex.question("6.1"), ex.question("3.4"), ex.question("1.6"):
        spec = dict(q.self_check)
        kind = spec.pop("kind")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert check(q.qid, None, kind, **spec) is False
            assert check(q.qid, wrong_form(kind), kind, **spec) is False
            if kind != "text":
                assert check(q.qid, solution_value(q), kind, **spec) is True
        printed = out.getvalue()
        literals = [*spec.get("keys", []), *spec.get("options", [])]
        assert CJK.search(printed) and not _english_left(printed, literals), printed
    assert check("1.6", "客户忠诚来自信任，而信任来自一次又一次兑现的承诺。", "text") is True


def wrong_form(kind: str):
    return {"text": 42, "number": "four", "numbers": [1], "mapping": {"x": "y"},
            "params": {"price": 9.0}}.get(kind, 3)


def _string_parts(tree: ast.AST) -> list[str]:
    docstring_free = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            docstring_free.append(node.value)
    return docstring_free


def _probe_answers(question) -> list:
    spec = question.self_check
    options = [str(o) for o in spec.get("options", [])] or ["x"]
    keys = list(spec.get("keys", [])) or list(spec.get("levers", {})) or ["value"]
    answers = [None, "", "text", 3.5, True, [], {}, {"unknown": 1}, [options[0], "nonsense"],
               options, options[::-1], list(options) + ["extra"], {k: None for k in keys},
               {k: "a" for k in keys}, {k: 1e9 for k in keys}, {k: 0.0 for k in keys},
               {k: options[0] for k in keys}]
    for maker in (solution_value, wrong_answer):
        try:
            answers.append(maker(question))
        except Exception:  # noqa: BLE001 - a probe that does not apply
            pass
    solution = solution_value(question)
    if isinstance(solution, dict):
        answers.append({**solution, **{k: -1.0 for k in list(solution)[:1]}})
        answers.append({k: (v + 0.01 if isinstance(v, float) else v)
                        for k, v in solution.items()})
        answers.append({k: (v - 0.31 if isinstance(v, float) else v)
                        for k, v in solution.items()})
    return answers


@pytest.mark.parametrize("shares", [0.5, 0.0], ids=["runs", "no-stable-relationship"])
def test_every_judge_message_has_a_chinese_template(monkeypatch, shares):
    metrics = {metric: shares for metric in simruns.METRICS}
    monkeypatch.setattr(simruns, "mean_metrics", lambda fields, seeds: dict(metrics))
    seen = set()
    for chapter in ex.chapters():
        for q in chapter.questions:
            for answer in _probe_answers(q):
                rejected = {q.variable: "it is a numpy array, not plain data"}
                for result in (judge_question(q, {q.variable: answer}, {}),
                               judge_question(q, {}, rejected)):
                    for text in [*(c.message for c in result.criteria), result.note]:
                        seen.add(text)
                        assert feedback_zh.untranslated(text) == [], (q.qid, text)
    assert len(seen) > 60  # the probes reach the judges' many messages


def _chinese_feedback(result: StudentResult) -> str:
    doc = results_json(result)
    return "\n".join([feedback_markdown(result), doc["output"],
                      *(t["name"] + "\n" + t["output"] for t in doc["tests"])])


def test_feedback_for_a_chinese_submission_is_chinese():
    questions = [q for c in ex.chapters([0, 2, 6, 8]) for q in c.questions]
    answers = {}
    for q in questions:
        answers[q.variable] = None if q.kind == "written" else wrong_answer(q)
    answers["answer_6_2"] = 4.0  # one right answer, one untouched written answer
    results = {}
    for lang in ("en", "zh"):
        result = StudentResult(student="s1", lang=lang, notes=[
            "no notebook of this assignment was found: every question scores 0"],
            not_run=["ch05.ipynb: chapter 5, not part of this assignment"],
            cell_errors=["ch06.ipynb, code cell 3: NameError: name 'x' is not defined"])
        result.questions = [judge_question(q, answers, {}) for q in questions
                            if q.kind != "simulation"]
        results[lang] = result
    en, zh = (_chinese_feedback(results[lang]) for lang in ("en", "zh"))
    assert results["en"].score == results["zh"].score  # the language never moves a mark
    assert CJK.search(zh) and not CJK.search(en)
    left = [run for run in _english_left(zh) if "NameError" not in run and "name" not in run]
    assert left == []
    english_sentences = [label for label in LABELS["en"].values() if " " in label.strip()]
    english_sentences += [tmpl.split("{")[0] for tmpl in feedback_zh.TEMPLATES]
    for sentence in english_sentences:
        literal = re.sub(r"\{[^}]*\}", "", sentence).strip()
        if len(literal.split()) >= 2:
            assert literal not in zh, literal
    assert "is not correct" in en and "不正确" in zh


def test_language_comes_from_the_metadata_and_only_known_values(tmp_path):
    chapter = ex.chapters([6])[0]
    doc = notebook(chapter, solution=False, lang="zh")
    assert parse_notebook("ch06.ipynb", json.dumps(doc).encode()).lang == "zh"
    english = notebook(chapter, solution=False)
    assert parse_notebook("ch06.ipynb", json.dumps(english).encode()).lang == "en"
    for forged in ("fr", "../../etc/passwd", ["zh"], {"zh": 1}, None, 7):
        english["metadata"]["loyalty_lab"]["lang"] = forged
        assert parse_notebook("ch06.ipynb", json.dumps(english).encode()).lang == "en"


def test_bad_lang_is_a_one_line_error_naming_option_values_and_value(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        exercises_main(["--out", str(tmp_path / "h"), "--lang", "fr"])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert "--lang" in error and "en, zh" in error and "'fr'" in error
    assert not (tmp_path / "h").exists()


def test_exercises_cli_writes_chinese_notebooks(tmp_path, capsys):
    assert exercises_main(["--out", str(tmp_path / "h"), "--chapters", "6", "--lang", "zh"]) == 0
    doc = json.loads((tmp_path / "h" / "ch06.ipynb").read_text(encoding="utf-8"))
    assert doc["metadata"]["loyalty_lab"]["lang"] == "zh"
    assert "题 6.1" in "".join(doc["cells"][2]["source"])
    manifest = json.loads((tmp_path / "h" / "assignment.json").read_text(encoding="utf-8"))
    assert manifest["chapters"][0]["questions"][0]["qid"] == "6.1"


# --- end to end: the real grader, in its sandbox -------------------------------------------


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from test_grading import TEST_LIMITS, WRONG_6, student_notebook

    from sim.grading import sandbox
    from sim.grading.assignment import Assignment
    from sim.grading.batch import grade_batch

    if sandbox.detect_sandbox() != "bubblewrap":
        pytest.skip("bubblewrap is not available")
    root = tmp_path_factory.mktemp("zh-grading")
    subs, out = root / "submissions", root / "out"
    for lang in ("en", "zh"):
        ex.write_notebooks(root / f"key-{lang}", solutions=True, numbers=[6], lang=lang)
        (subs / f"right-{lang}").mkdir(parents=True)
        shutil.copy(root / f"key-{lang}" / "ch06.ipynb", subs / f"right-{lang}" / "ch06.ipynb")
        doc = student_notebook(6, WRONG_6 + "answer_6_2 = 4.0\n")
        if lang == "zh":
            chinese = notebook(ex.chapters([6])[0], solution=False, lang="zh")
            doc["cells"][:len(chinese["cells"])] = chinese["cells"]
            doc["metadata"] = chinese["metadata"]
        (subs / f"wrong-{lang}").mkdir()
        (subs / f"wrong-{lang}" / "ch06.ipynb").write_text(json.dumps(doc), encoding="utf-8")
    results = grade_batch(subs, out, assignment=Assignment.from_numbers([6]), jobs=1,
                          limits=TEST_LIMITS, cache_dir="off")
    return {"out": out, "results": {r.student: r for r in results}}


def _marks(result: StudentResult) -> list[tuple[str, float, float]]:
    return [(q.qid, q.score, q.max_score) for q in result.questions]


@pytest.mark.serial  # the real grader, with its time limits
def test_a_chinese_notebook_is_graded_exactly_like_the_english_one(graded):
    results = graded["results"]
    assert results["right-zh"].lang == "zh" and results["right-en"].lang == "en"
    assert _marks(results["right-zh"]) == _marks(results["right-en"])
    assert results["right-zh"].score == ex.chapters([6])[0].points - 3  # 6.6 is marked by hand
    assert _marks(results["wrong-zh"]) == _marks(results["wrong-en"])
    assert results["wrong-zh"].score == 1.0  # only 6.2 is right
    for student in results:
        assert not results[student].cell_errors and not results[student].failed


@pytest.mark.serial  # the real grader, with its time limits
def test_chinese_feedback_files_end_to_end(graded):
    folder = graded["out"] / "students"
    zh = (folder / "wrong-zh" / "feedback.md").read_text(encoding="utf-8")
    en = (folder / "wrong-en" / "feedback.md").read_text(encoding="utf-8")
    top = f"{ex.chapters([6])[0].points:g}"
    assert "不正确" in zh and f"**得分：1 / {top}**" in zh and not _english_left(zh)
    assert "is not correct" in en and not CJK.search(en)
    doc = json.loads((folder / "wrong-zh" / "results.json").read_text(encoding="utf-8"))
    assert doc["score"] == 1.0 and CJK.search(doc["tests"][0]["output"])
    gradebook = (graded["out"] / "gradebook.csv").read_text(encoding="utf-8")
    assert not CJK.search(gradebook)  # the instructor's records stay one language
