"""The grader, end to end: real notebooks, real sandbox, hostile submissions and names.

One batch holds the reference solutions, a blank notebook, wrong answers to
every question, answers with known partial credit, a dozen hostile
notebooks, a student who hands in junk for every chapter, and student
folders with hostile names; it is graded once (in parallel, with short
limits, out of an assignment of every course chapter) and every test reads
the outcome. Each hostile notebook either tries to *raise* its score (read
the solutions or classmates' work, patch the comparison functions, forge
results) or to *break the batch* (loop, crash, flood, exhaust memory,
fork); none may score more than the blank notebook, and the batch must
complete with every student graded.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from answer_fixtures import auto_points, wrong_answer

import sim.exercises as ex
from sim.exercises.render import notebook
from sim.grading import sandbox
from sim.grading.assignment import Assignment
from sim.grading.batch import grade_batch
from sim.grading.cli import grade_main
from sim.grading.sandbox import Limits

# serial: the grader's time limits must not share the machine with other tests.
pytestmark = [pytest.mark.timeout(400), pytest.mark.serial]

REPO = Path(__file__).resolve().parents[1]
CH6 = ex.chapters([6])[0]
CH6_POINTS = auto_points([CH6])  # written answers are marked by hand
ALL = Assignment.from_numbers(range(9))
TEST_LIMITS = Limits(
    wall_seconds=8.0,
    student_seconds=20.0,
    cell_seconds=2.0,
    cell_wall_seconds=4.0,
    cpu_seconds=8,
    memory_bytes=1536 * 1024**2,
    nproc=48,
    retries=2,
)
CORRECT_6 = (
    "answer_6_1 = {'start_of_year': 7074.49, 'end_of_year': 6528.23}\n"
    "answer_6_2 = 4.0\nanswer_6_3 = 428.5714\n"
    "answer_6_4 = ['platinum', 'gold', 'iron', 'lead']\nanswer_6_5 = 0.25\n"
)
WRONG_6 = (
    "answer_6_1 = {'start_of_year': 1.0, 'end_of_year': 2.0}\n"
    "answer_6_2 = 99.0\nanswer_6_3 = 1.0\n"
    "answer_6_4 = ['lead', 'iron', 'gold', 'platinum']\nanswer_6_5 = 0.9\n"
)
#: Folder names that broke or poisoned the old batch (bytes: not UTF-8).
HOSTILE_NAMES = [
    b"gradebook.csv",
    b"grades.json",
    b"caf\xe9 M\xfcller",  # Latin-1 from a Windows zip
    b"=cmd|' -c calc'!A0",
    b"@SUM(1+1)",
    b"x" * 250,
    b"new\nline",
    b"students",
]


def student_notebook(chapter: int, *cells: str) -> dict:
    """The chapter's student notebook with extra code cells appended."""
    doc = notebook(ex.chapters([chapter])[0], solution=False)
    for index, source in enumerate(cells):
        doc["cells"].append({"cell_type": "code", "id": f"x{index}", "metadata": {},
                             "execution_count": None, "outputs": [], "source": source})
    return doc


def code_notebook(*cells: str, chapter: int = 6) -> dict:
    """A minimal notebook with only the given code cells."""
    return {
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None,
                   "outputs": [], "source": s} for s in cells],
        "metadata": {"loyalty_lab": {"chapter": chapter}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def hostile_cells(out: Path, subs: Path) -> dict[str, list[str]]:
    """Notebook cells per hostile student (each gets the ch06 questions)."""
    steal = f"""
import os, sys
markers = ['Hidden' + 'Test', 'judge' + '_question', 'CORRECT' + '_6 =']
found = {{}}
candidates = ['{REPO}/sim/exercises/ch06.py', '{REPO}/sim/exercises/spec.py',
              '/opt/loyaltylab/lib/sim/exercises/ch06.py', '{subs}/reference/ch06.ipynb',
              '{out}/grades.json']
def look(paths):
    for path in paths:
        try:
            with open(path, errors='ignore') as handle:
                text = handle.read(1_000_000)
        except OSError:
            continue
        if any(marker in text for marker in markers) or path.endswith('.ipynb'):
            found[path] = True
look(candidates)
for root, dirs, files in os.walk('/'):
    if found or root.startswith(('/dev', '/opt/python')):
        dirs[:] = []
        continue
    look(os.path.join(root, name) for name in files
         if name.endswith(('.py', '.ipynb', '.json')) and root != '/submission')
try:
    import sim.exercises.ch06
    found['import sim.exercises'] = True
except Exception:
    pass
if found:  # only a leak would reach the correct answers
{"".join("    " + line + chr(10) for line in CORRECT_6.splitlines())}
print(sorted(found)[:5])
"""
    patch = (
        "import math, builtins, json\n"
        "math.isclose = lambda *a, **k: True\n"
        "builtins.isinstance = lambda *a, **k: True\n"
        "json.dumps = (lambda real: (lambda *a, **k: real(*a, **k)))(json.dumps)\n"
        "try:\n    import numpy\n    numpy.allclose = lambda *a, **k: True\n"
        "    numpy.isclose = lambda *a, **k: True\nexcept ImportError:\n    pass\n"
        "class Always:\n    def __eq__(self, other): return True\n"
        "    def __float__(self): return 7074.49\n"
        "answer_6_2 = Always()\n" + WRONG_6.replace("answer_6_2 = 99.0\n", "")
    )
    forge = (
        "import json, os\n"
        "fake = {'score': 999, 'tests': [], 'output': 'forged'}\n"
        f"for path in ['results.json', '../results.json', '/tmp/results.json',\n"
        f"             '{out}/students/forger/results.json', '{out}/gradebook.csv']:\n"
        "    try:\n"
        "        os.makedirs(os.path.dirname(path) or '.', exist_ok=True)\n"
        "        open(path, 'w').write(json.dumps(fake))\n"
        "    except OSError as exc:\n"
        "        print('blocked', path, exc)\n" + WRONG_6
    )
    return {
        "thief": [steal],
        "patcher": [patch],
        "looper": ["while True:\n    pass\n", WRONG_6],
        "stubborn": [
            "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
            "signal.signal(signal.SIGPROF, signal.SIG_IGN)\nwhile True:\n    pass\n",
            WRONG_6,
        ],
        "exiter": ["import os\nos._exit(0)\n"],
        "killer": ["import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"],
        "flooder": [
            "print('x' * 50_000_000)\n",
            "import os\nfor _ in range(100_000):\n    os.write(1, b'y' * 65536)\n",
        ],
        "hog": ["huge = bytearray(10**12)\n",
                "blocks = []\nwhile True:\n    blocks.append(b'z' * 50_000_000)\n"],
        "forkbomb": [
            "import os, time\nchildren = 0\nfor _ in range(400):\n    try:\n"
            "        pid = os.fork()\n    except OSError:\n        break\n"
            "    if pid == 0:\n        time.sleep(120)\n        os._exit(0)\n"
            "    children += 1\nprint('forked', children)\n"
        ],
        "forger": [forge],
        "snapshot_forger": [
            "import os\nfor fd in range(3, 128):\n    try:\n"
            "        os.ftruncate(fd, 0)\n        os.write(fd, b'{not json')\n"
            "    except OSError:\n        pass\nos._exit(0)\n"
        ],
        "filler": [
            "import os\nfor folder in ('.', '/tmp'):\n    for i in range(1000):\n"
            "        try:\n            with open(f'{folder}/f{i}', 'wb') as out:\n"
            "                out.write(b'x' * 10_000_000)\n"
            "        except OSError as exc:\n            print(exc)\n"
            "            break\n",
            "raise OSError(open('/tmp/f0', 'rb').read(1))",
        ],
    }


def _wrong_cells(chapter) -> str:
    return "\n".join(f"{q.variable} = {wrong_answer(q)!r}" for q in chapter.questions
                     if q.kind != "written")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    ref_dir = root / "reference"
    ex.write_notebooks(ref_dir, solutions=True)
    (subs / "reference").mkdir()
    for path in ref_dir.glob("*.ipynb"):
        shutil.copy(path, subs / "reference" / path.name)
    ex.write_notebooks(subs / "blank", solutions=False)
    for chapter in ex.chapters():
        folder = subs / "wrong"
        folder.mkdir(exist_ok=True)
        doc = student_notebook(chapter.number, _wrong_cells(chapter))
        (folder / f"{chapter.slug}.ipynb").write_text(json.dumps(doc))

    def put(student: str | bytes, doc: dict | bytes | str, name: str = "ch06.ipynb") -> None:
        folder = Path(os.fsdecode(os.path.join(os.fsencode(subs), os.fsencode(student))))
        folder.mkdir(exist_ok=True)
        data = (doc if isinstance(doc, bytes)
                else (doc if isinstance(doc, str) else json.dumps(doc)).encode())
        (folder / name).write_bytes(data)

    for student, cells in hostile_cells(out, subs).items():
        put(student, student_notebook(6, *cells))
    put("partial", student_notebook(
        6,
        "answer_6_1 = {'start_of_year': 7074.49, 'end_of_year': 7074.49}\n"
        "answer_6_4 = ['platinum', 'gold', 'lead', 'iron']\n"
        "answer_6_5 = '0.25'\nimport numpy\nanswer_6_2 = numpy.array([4.0])\n"))
    put("survivor", code_notebook(
        "answer_6_2 = 4.0", "import os\nos._exit(3)", "answer_6_5 = 0.25",
        "raise RuntimeError('oops')", "ANSWERS = {'6.3': 428.5714}"))
    put("malformed", '{"cells": [{"cell_type": "code", "source": "answer_6_2 = 4"')
    put("not_a_notebook", b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    put("not_a_notebook", b"%PDF-1.4 essay", name="essay.pdf")
    put("wrong_json", json.dumps({"hello": "world"}))
    (subs / "symlinker").mkdir()
    (subs / "symlinker" / "ch06.ipynb").symlink_to(ref_dir / "ch06.ipynb")
    put("simulator", code_notebook(
        "answer_2_5 = {'financial_bond': 1.0, 'social_bond': 0.0, 'structural_bond': 0.0}",
        "answer_3_4 = {'value_innovation': 1.0, 'price': 1.0, 'social_bond': 1.0, "
        "'structural_bond': 1.0}",
        "answer_3_5 = {'supplier_value': 0.65, 'value_innovation': 0.0}",
        chapter=3), name="ch03.ipynb")
    # one student hands in junk for every chapter and a dozen extra files
    for number in range(9):
        put("junk", code_notebook("x = 1", chapter=number), name=f"ch{number:02d}.ipynb")
    for index in range(12):
        put("junk", code_notebook("import time\ntime.sleep(100)"), name=f"extra{index}.ipynb")
    put("junk", code_notebook(CORRECT_6), name="ch06-copy.ipynb")
    for name in HOSTILE_NAMES:
        put(name, student_notebook(6, CORRECT_6))
    (subs / "stray-file.txt").write_text("not a student")
    put("..dotdot", student_notebook(6, CORRECT_6))
    start = time.monotonic()
    results = grade_batch(subs, out, assignment=ALL, jobs=2, limits=TEST_LIMITS,
                          cache_dir=str(root / "simcache"))
    seconds = time.monotonic() - start
    by_student = {r.student: r for r in results}
    by_name = {r.name: r for r in results}
    return {"out": out, "results": by_student, "by_name": by_name, "seconds": seconds,
            "subs": subs, "batch": results, "root": root}


def score(batch, student: str, chapter: int | None = None) -> float:
    result = batch["results"][student]
    return sum(q.score for q in result.questions
               if chapter is None or q.qid.startswith(f"{chapter}."))


def results_doc(batch, student: str) -> dict:
    return json.loads((batch["out"] / "students" / student / "results.json").read_text())


def gradebook(batch) -> list[dict]:
    with open(batch["out"] / "gradebook.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_reference_scores_full_marks_and_blank_scores_zero(batch):
    reference = batch["results"]["reference"]
    assert reference.max_score == ALL.points
    assert reference.score == ALL.auto_points  # the rest is written, marked by hand
    assert reference.pending_points == ALL.points - ALL.auto_points
    assert batch["results"]["blank"].score == 0
    assert reference.sandbox == sandbox.detect_sandbox() == "bubblewrap"
    assert not batch["batch"].failed


def test_wrong_answers_to_every_question_score_nothing_end_to_end(batch):
    wrong = batch["results"]["wrong"]
    assert len(wrong.notebooks) == 9
    answered = [q for q in wrong.questions if q.kind != "written"]
    assert answered and all(q.answered for q in answered)
    assert [q.qid for q in answered if q.score] == []


HOSTILE = ["thief", "patcher", "looper", "stubborn", "exiter", "killer", "flooder", "hog",
           "forkbomb", "forger", "snapshot_forger", "filler", "malformed", "not_a_notebook",
           "wrong_json", "symlinker", "junk"]


@pytest.mark.parametrize("student", HOSTILE)
def test_hostile_submission_scores_no_more_than_blank(batch, student):
    assert score(batch, student) <= score(batch, "blank") == 0
    assert results_doc(batch, student)["score"] == 0
    assert (batch["out"] / "students" / student / "feedback.md").is_file()


def test_batch_completes_in_bounded_time(batch):
    assert set(HOSTILE) <= set(batch["results"])
    students = len(batch["results"])
    bound = sandbox.worst_case_seconds(students, 2, TEST_LIMITS, len(ALL.chapters))
    assert batch["seconds"] < bound
    # the hostile notebooks are stopped long before that: a few hit their 8 s budget
    assert batch["seconds"] < 150


def test_messages_explain_what_happened(batch):
    notes = {s: " ".join(r.notes + r.cell_errors + r.not_run)
             for s, r in batch["results"].items()}
    assert "not valid notebook JSON" in notes["malformed"]
    assert "not a notebook" in notes["not_a_notebook"]
    assert "essay.pdf" in notes["not_a_notebook"]
    assert "not a Jupyter notebook" in notes["wrong_json"]
    assert "symbolic link" in notes["symlinker"]
    assert "limit per cell" in notes["looper"]  # CPU or, on a loaded machine, wall clock
    assert "time budget" in notes["stubborn"] and "skipped" not in notes["stubborn"]
    assert "ended abruptly" in notes["exiter"]
    assert "signal 9" in notes["killer"]
    assert "MemoryError" in notes["hog"]
    assert "not valid JSON" in notes["snapshot_forger"]
    assert "OSError: b'x'" in notes["filler"]  # the disk filler ran, bounded by its tmpfs


def test_a_timed_out_notebook_is_not_run_again(batch):
    stubborn = batch["results"]["stubborn"]
    assert stubborn.seconds < TEST_LIMITS.wall_seconds + 4
    assert "run again" not in " ".join(stubborn.notes)


def test_forged_results_are_overwritten_and_gradebook_is_ours(batch):
    doc = results_doc(batch, "forger")
    assert doc["score"] == 0 and doc["output"] != "forged"
    rows = gradebook(batch)
    assert sorted(r["student"].lstrip("'") for r in rows) == sorted(batch["results"])
    by_student = {r["student"]: r for r in rows}
    assert float(by_student["reference"]["score"]) == ALL.auto_points


def test_partial_credit_for_specific_wrong_answers(batch):
    partial = {q.qid: q for q in batch["results"]["partial"].questions}
    assert partial["6.1"].score == 2.0  # one timing convention right
    assert partial["6.4"].score == 0.5  # two of four tiers in place
    assert partial["6.5"].score == 0  # a string is not a number
    assert partial["6.2"].score == 0
    assert "ndarray" in partial["6.2"].note
    assert partial["6.3"].score == 0 and not partial["6.3"].answered


def test_a_crashing_cell_does_not_lose_the_other_answers(batch):
    survivor = {q.qid: q.score for q in batch["results"]["survivor"].questions}
    assert survivor["6.2"] == 1.0 and survivor["6.5"] == 1.0 and survivor["6.3"] == 2.0
    notes = " ".join(batch["results"]["survivor"].notes)
    assert "code cell 2" in notes and "skipped" in notes
    errors = " ".join(batch["results"]["survivor"].cell_errors)
    assert "RuntimeError: oops" in errors


def test_looping_cell_is_stopped_and_later_cells_still_run(batch):
    looper = batch["results"]["looper"]
    assert looper.score == 0
    assert any(q.answered for q in looper.questions)  # WRONG_6 came back after the loop


def test_simulation_answers_are_rerun_by_the_grader(batch):
    sim_q = {q.qid: q for q in batch["results"]["simulator"].questions}
    # financial bond only: valid proposal, goal missed in the grader's own runs
    assert [c.score for c in sim_q["2.5"].criteria] == [1.0, 0.0]
    assert "grader's runs" in sim_q["2.5"].criteria[1].message
    # over budget: nothing simulated, nothing earned
    assert sim_q["3.4"].score == 0 and "budget" in sim_q["3.4"].criteria[0].message
    assert sim_q["3.5"].score == sim_q["3.5"].max_score


def test_the_assignment_defines_the_maximum(batch):
    """Junk files for every chapter change nobody's maximum (they once did: 9/9 -> 9/108)."""
    maxima = {r.max_score for r in batch["results"].values()}
    assert maxima == {ALL.points}
    junk = batch["results"]["junk"]
    # only the assignment's notebooks ran: one per chapter, the extras were reported
    assert len(junk.notebooks) == 9
    not_run = " ".join(junk.not_run)
    assert all(f"extra{i}.ipynb" in not_run for i in range(12))
    assert "another notebook for chapter 6" in not_run and "ch06-copy.ipynb" in not_run
    assert junk.seconds < 30  # twelve 100-second sleepers were never started


def test_no_folder_name_breaks_the_batch(batch):
    names = {os.fsdecode(n) for n in HOSTILE_NAMES}
    graded = {r.name for r in batch["results"].values()}
    from sim.grading.layouts import display

    for raw in HOSTILE_NAMES:
        shown = display(os.fsdecode(raw))
        assert shown in graded, shown
        result = batch["by_name"][shown]
        assert result.score == CH6_POINTS and not result.failed
        folder = batch["out"] / "students" / result.student
        assert (folder / "results.json").is_file()
        assert len(result.student) <= 70 and "/" not in result.student
    assert len({r.student.lower() for r in batch["results"].values()}) == len(batch["results"])
    assert len(names) == len(HOSTILE_NAMES)
    # the real outputs are intact, whatever the folders were called
    assert (batch["out"] / "gradebook.csv").is_file()
    json.loads((batch["out"] / "grades.json").read_text())
    ignored = " ".join(batch["batch"].discovery.ignored)
    assert "stray-file.txt: a file, not a student folder" in ignored
    assert "..dotdot: hidden" in ignored


def test_gradebook_cells_cannot_run_as_formulas(batch):
    text = (batch["out"] / "gradebook.csv").read_text(encoding="utf-8")
    rows = gradebook(batch)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "-", "\t", "\r", "|")), value
    assert "'=cmd|' -c calc'!A0" in text
    assert "'@SUM(1+1)" in text


def test_gradebook_has_chapter_subtotals(batch):
    rows = {r["student"]: r for r in gradebook(batch)}
    reference = rows["reference"]
    for chapter in ex.chapters():
        assert float(reference[f"ch{chapter.number:02d}"]) == auto_points([chapter])
    assert rows["partial"]["ch06"] == "2.5"
    assert reference["grading_failed"] == "no"
    assert float(reference["to_mark"]) == ALL.points - ALL.auto_points


def test_gradescope_format(batch):
    doc = results_doc(batch, "reference")
    assert {"score", "output", "visibility", "stdout_visibility", "tests"} <= set(doc)
    for test in doc["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] == "passed"
    assert len(doc["tests"]) == sum(len(c.questions) for c in ex.chapters())
    feedback = (batch["out"] / "students" / "partial" / "feedback.md").read_text()
    assert "6.1" in feedback and "~" in feedback


def test_instructor_report(batch):
    report = batch["out"] / "report"
    for name in ("index.html", "scores.png", "difficulty.png", "questions.csv"):
        assert (report / name).stat().st_size > 1000 or name == "questions.csv"
    with open(report / "questions.csv", newline="") as handle:
        stats = {row["question"]: row for row in csv.DictReader(handle)}
    assert set(stats) == {q.qid for c in ex.chapters() for q in c.questions}
    students = len(batch["results"])
    full_62 = sum(1 for r in batch["results"].values()
                  for q in r.questions if q.qid == "6.2" and q.score == q.max_score)
    assert float(stats["6.2"]["share_full_marks"]) == pytest.approx(full_62 / students,
                                                                    abs=1e-3)
    # WRONG_6 gives 6.2 = 99.0 (the looper's and the forger's): the most common error
    gave_99 = [s for s, r in batch["results"].items()
               for q in r.questions if q.qid == "6.2" and q.answer == 99.0]
    assert {"looper", "forger"} <= set(gave_99)
    assert stats["6.2"]["most_common_wrong_answer"] == "99.0"
    assert int(stats["6.2"]["given_by"]) == len(gave_99)
    html = (report / "index.html").read_text()
    assert "scores.png" in html and "6.2" in html and "most common wrong answer" in html


def test_unsandboxed_fallback_warns_loudly(tmp_path, capsys):
    subs = tmp_path / "subs"
    ex.write_notebooks(subs / "ref", solutions=True, numbers=[6])
    out = tmp_path / "out"
    args = [str(subs), "--out", str(out), "--chapters", "6", "--sandbox", "none",
            "--jobs", "1", "--cache", "off"]
    assert grade_main(args) == 0
    printed = capsys.readouterr()
    assert "NO SANDBOX" in printed.out and "NO SANDBOX" in printed.err
    doc = json.loads((out / "students" / "ref" / "results.json").read_text())
    assert "NO SANDBOX" in doc["output"] and doc["extra_data"]["sandbox"] == "none"
    assert doc["score"] == CH6_POINTS
    assert "NO SANDBOX" in (out / "students" / "ref" / "feedback.md").read_text()
    assert grade_main([*args, "--require-sandbox"]) == 3


def test_grade_needs_an_assignment_and_says_so(tmp_path, capsys):
    subs = tmp_path / "subs"
    ex.write_notebooks(subs / "ref", solutions=True, numbers=[6])
    with pytest.raises(SystemExit) as stop:
        grade_main([str(subs), "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    assert "--assignment" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        grade_main([str(subs), "--out", str(tmp_path / "out"), "--chapters", "6",
                    "--timeout", "-3"])
    assert "--timeout must be a number from 0.5 to 36000, got '-3'" in capsys.readouterr().err


def test_zero_students_is_an_error_with_a_hint(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SystemExit) as stop:
        grade_main([str(empty), "--out", str(tmp_path / "out"), "--chapters", "6"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "no student submissions found" in err and "Canvas" in err


def test_exit_status_says_when_a_students_grading_failed(tmp_path, capsys, monkeypatch):
    subs = tmp_path / "subs"
    ex.write_notebooks(subs / "alice", solutions=True, numbers=[6])
    ex.write_notebooks(subs / "bob", solutions=True, numbers=[6])
    from sim.grading import batch as batch_module

    real_execute, real_grade = batch_module.execute, batch_module.grade_prepared
    current: dict = {}

    def grade(prepared, config):
        current["key"] = prepared.key
        return real_grade(prepared, config)

    def flaky(sub, **kwargs):
        if current["key"] == "bob":
            raise RuntimeError("disk on fire")
        return real_execute(sub, **kwargs)

    monkeypatch.setattr(batch_module, "execute", flaky)
    monkeypatch.setattr(batch_module, "grade_prepared", grade)
    out = tmp_path / "out"
    code = grade_main([str(subs), "--out", str(out), "--chapters", "6", "--jobs", "1",
                       "--cache", "off"])
    captured = capsys.readouterr()
    assert code == 1
    assert "GRADING FAILED for 1 student(s): bob" in captured.err
    rows = {r["student"]: r for r in csv.DictReader(open(out / "gradebook.csv"))}
    assert rows["alice"]["score"] == f"{CH6_POINTS:g}" and rows["alice"]["grading_failed"] == "no"
    assert rows["bob"]["grading_failed"] == "yes"
    doc = json.loads((out / "students" / "bob" / "results.json").read_text())
    assert "disk on fire" in doc["output"] and "regrade" in doc["output"]


def test_thief_would_steal_without_a_sandbox(tmp_path):
    """The leak test is meaningful: unsandboxed, the thief finds the answer key."""
    from sim.grading.answers import parse_latest

    cells = hostile_cells(tmp_path, tmp_path)["thief"]
    outcome = sandbox.run_once(cells, "ch06.ipynb", b"{}", limits=TEST_LIMITS, skip=[],
                               mode="none")
    answers = parse_latest(outcome.snapshot_texts).answers
    assert answers.get("answer_6_2") == 4.0
