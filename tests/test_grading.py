"""The grader, end to end: real notebooks, real sandbox, hostile submissions.

One batch holds the reference solutions, a blank notebook, wrong answers
with known partial credit and a dozen hostile notebooks; it is graded once
(in parallel, with short limits) and every test reads the outcome. Each
hostile notebook either tries to *raise* its score (read the solutions,
patch the comparison functions, forge results) or to *break the batch*
(loop, crash, flood, exhaust memory, fork); none may score more than the
blank notebook, and the batch must complete.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
from pathlib import Path

import pytest

import sim.exercises as ex
from sim.exercises.render import notebook
from sim.grading import sandbox
from sim.grading.batch import grade_batch
from sim.grading.cli import grade_main
from sim.grading.sandbox import BASE_UID, Limits

pytestmark = pytest.mark.timeout(300)

REPO = Path(__file__).resolve().parents[1]
CH6 = ex.chapters([6])[0]
CH6_POINTS = CH6.points
TEST_LIMITS = Limits(
    wall_seconds=8.0,
    cell_seconds=3.0,
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


def student_notebook(chapter: int, *cells: str) -> dict:
    """The chapter's student notebook with extra code cells appended."""
    doc = notebook(ex.chapters([chapter])[0], solution=False)
    for index, source in enumerate(cells):
        doc["cells"].append(
            {
                "cell_type": "code",
                "id": f"x{index}",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": source,
            }
        )
    return doc


def code_notebook(*cells: str, chapter: int = 6) -> dict:
    """A minimal notebook with only the given code cells."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": s,
            }
            for s in cells
        ],
        "metadata": {"loyalty_lab": {"chapter": chapter}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def hostile_cells(out: Path) -> dict[str, list[str]]:
    """Notebook cells per hostile student (each gets the ch06 questions)."""
    steal = f"""
import os, sys
markers = ['Hidden' + 'Test', 'judge' + '_question', 'CORRECT' + '_6 =']
found = {{}}
skip = ('/proc', '/sys', '/dev', '/usr', sys.base_prefix, sys.prefix, '/submission')
candidates = ['{REPO}/sim/exercises/ch06.py', '{REPO}/sim/exercises/spec.py',
              '/opt/loyaltylab/lib/sim/exercises/ch06.py']
def look(paths):
    for path in paths:
        try:
            with open(path, errors='ignore') as handle:
                text = handle.read(1_000_000)
        except OSError:
            continue
        if any(marker in text for marker in markers):
            found[path] = True
look(candidates)
for root, dirs, files in os.walk('/'):
    if found or root.startswith(skip) or '/lib/python3' in root or '.venv' in root:
        dirs[:] = []
        continue
    look(os.path.join(root, name) for name in files)
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
        "    def __float__(self): return 11954.96\n"
        "answer_6_2 = Always()\n" + WRONG_6.replace("answer_6_2 = 99.0\n", "")
    )
    forge = (
        "import json, os\n"
        "fake = {'score': 999, 'tests': [], 'output': 'forged'}\n"
        f"for path in ['results.json', '../results.json', '/tmp/results.json',\n"
        f"             '{out}/forger/results.json', '{out}/gradebook.csv']:\n"
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
            "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass\n"
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

    def put(student: str, doc: dict | bytes | str, name: str = "ch06.ipynb") -> None:
        folder = subs / student
        folder.mkdir(exist_ok=True)
        data = (
            doc
            if isinstance(doc, bytes)
            else (doc if isinstance(doc, str) else json.dumps(doc)).encode()
        )
        (folder / name).write_bytes(data)

    for student, cells in hostile_cells(out).items():
        put(student, student_notebook(6, *cells))
    put(
        "partial",
        student_notebook(
            6,
            "answer_6_1 = {'start_of_year': 7074.49, "
            "'end_of_year': 7074.49}\n"
            "answer_6_4 = ['platinum', 'gold', 'lead', 'iron']\n"
            "answer_6_5 = '0.25'\nimport numpy\n"
            "answer_6_2 = numpy.array([4.0])\n",
        ),
    )
    put(
        "survivor",
        code_notebook(
            "answer_6_2 = 4.0",
            "import os\nos._exit(3)",
            "answer_6_5 = 0.25",
            "raise RuntimeError('oops')",
            "ANSWERS = {'6.3': 428.5714}",
        ),
    )
    put("malformed", '{"cells": [{"cell_type": "code", "source": "answer_6_2 = 4"')
    put("not_a_notebook", b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    put("not_a_notebook", b"%PDF-1.4 essay", name="essay.pdf")
    put("wrong_json", json.dumps({"hello": "world"}))
    (subs / "symlinker").mkdir()
    (subs / "symlinker" / "ch06.ipynb").symlink_to(ref_dir / "ch06.ipynb")
    # simulation answers with known partial credit (chapter 2 and 3)
    put(
        "simulator",
        code_notebook(
            "answer_2_5 = {'financial_bond': 1.0, 'social_bond': 0.0, 'structural_bond': 0.0}",
            "answer_3_4 = {'value_innovation': 1.0, 'fairness': 1.0, 'social_bond': 1.0, "
            "'structural_bond': 1.0}",
            "answer_3_5 = {'supplier_value': 0.6, 'value_innovation': 0.0}",
            chapter=3,
        ),
        name="ch03.ipynb",
    )
    start = time.monotonic()
    results = grade_batch(
        subs, out, chapters=[0, 1, 2, 3, 4, 5, 6, 7, 8], jobs=2, limits=TEST_LIMITS
    )
    seconds = time.monotonic() - start
    by_student = {r.student: r for r in results}
    return {"out": out, "results": by_student, "seconds": seconds, "subs": subs}


def score(batch, student: str, chapter: int | None = None) -> float:
    result = batch["results"][student]
    return sum(
        q.score for q in result.questions if chapter is None or q.qid.startswith(f"{chapter}.")
    )


def test_reference_scores_full_marks_and_blank_scores_zero(batch):
    reference = batch["results"]["reference"]
    assert reference.score == reference.max_score == sum(c.points for c in ex.chapters())
    assert batch["results"]["blank"].score == 0
    assert reference.sandbox == sandbox.detect_sandbox()


HOSTILE = [
    "thief",
    "patcher",
    "looper",
    "stubborn",
    "exiter",
    "killer",
    "flooder",
    "hog",
    "forkbomb",
    "forger",
    "snapshot_forger",
    "filler",
    "malformed",
    "not_a_notebook",
    "wrong_json",
    "symlinker",
]


@pytest.mark.parametrize("student", HOSTILE)
def test_hostile_submission_scores_no_more_than_blank(batch, student):
    if student == "thief" and batch["results"]["thief"].sandbox != "bubblewrap":
        pytest.skip("without bubblewrap the files are readable (the grader warns loudly)")
    assert score(batch, student) <= score(batch, "blank") == 0
    results = json.loads((batch["out"] / student / "results.json").read_text())
    assert results["score"] == 0
    assert (batch["out"] / student / "feedback.md").is_file()


def test_batch_completes_in_bounded_time(batch):
    assert set(HOSTILE) <= set(batch["results"])
    # two hostile notebooks hit the wall clock (8 s each, two workers)
    assert batch["seconds"] < 90


def test_messages_explain_what_happened(batch):
    notes = {s: " ".join(r.notes + r.cell_errors) for s, r in batch["results"].items()}
    assert "not valid notebook JSON" in notes["malformed"]
    assert "not a notebook" in notes["not_a_notebook"]
    assert "essay.pdf" in notes["not_a_notebook"]
    assert "not a Jupyter notebook" in notes["wrong_json"]
    assert "symbolic link" in notes["symlinker"]
    assert "time limit per cell" in notes["looper"]
    assert "longer than" in notes["stubborn"] and "skipped" in notes["stubborn"]
    assert "ended abruptly" in notes["exiter"]
    assert "signal 9" in notes["killer"]
    assert "MemoryError" in notes["hog"]
    assert "not valid JSON" in notes["snapshot_forger"]
    if sandbox.detect_sandbox() == "bubblewrap":
        assert "OSError: b'x'" in notes["filler"]  # the disk filler ran, bounded by its tmpfs


def test_forged_results_are_overwritten_and_gradebook_is_ours(batch):
    out = batch["out"]
    results = json.loads((out / "forger" / "results.json").read_text())
    assert results["score"] == 0 and results["output"] != "forged"
    with open(out / "gradebook.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["student"] for r in rows) == sorted(batch["results"])
    assert {r["student"]: float(r["score"]) for r in rows}["reference"] == batch["results"][
        "reference"
    ].max_score


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


def test_gradescope_format(batch):
    doc = json.loads((batch["out"] / "reference" / "results.json").read_text())
    assert {"score", "output", "visibility", "stdout_visibility", "tests"} <= set(doc)
    for test in doc["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] == "passed"
    assert len(doc["tests"]) == sum(len(c.questions) for c in ex.chapters())
    feedback = (batch["out"] / "partial" / "feedback.md").read_text()
    assert "6.1" in feedback and "~" in feedback


def test_no_sandbox_processes_survive(batch):
    leftovers = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid >= BASE_UID:
                    leftovers.append(entry.name)
            except OSError:
                continue
    assert leftovers == []


@pytest.mark.skipif(sandbox.detect_sandbox() != "bubblewrap", reason="needs bubblewrap")
def test_sandbox_sees_no_course_files(tmp_path):
    from sim.grading.answers import parse_latest

    probe = (
        f"import os\ntry:\n    answer_0_1 = sorted(os.listdir('{REPO.parent}'))\n"
        "except OSError:\n    answer_0_1 = []\n"
        "answer_0_2 = sorted(os.listdir('/opt/loyaltylab/lib/sim/exercises'))\n"
        f"answer_0_3 = os.path.exists('{REPO}/sim/exercises')\n"
        "answer_0_4 = os.getuid()\n"
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=1)\n"
        "    answer_0_5 = 'network'\nexcept OSError as exc:\n    answer_0_5 = str(exc)\n"
    )
    outcome = sandbox.run_once(
        [probe], "probe.ipynb", b"{}", limits=TEST_LIMITS, slot=5, skip=[], mode="bubblewrap"
    )
    answers = parse_latest(outcome.snapshot_texts).answers
    assert answers["answer_0_2"] == [] and answers["answer_0_3"] is False
    assert answers["answer_0_4"] == BASE_UID + 5
    assert "unreachable" in answers["answer_0_5"].lower()
    # the repository's parent shows at most the mount point of the virtualenv
    assert set(answers["answer_0_1"]) <= {REPO.name}


def test_thief_would_steal_without_a_sandbox(tmp_path):
    """The leak test is meaningful: unsandboxed, the thief finds the sources."""
    from sim.grading.answers import parse_latest

    cells = hostile_cells(tmp_path)["thief"]
    outcome = sandbox.run_once(
        cells, "ch06.ipynb", b"{}", limits=TEST_LIMITS, slot=6, skip=[], mode="none"
    )
    answers = parse_latest(outcome.snapshot_texts).answers
    assert answers.get("answer_6_2") == 4.0


def test_unsandboxed_fallback_warns_loudly(tmp_path, capsys, monkeypatch):
    subs = tmp_path / "subs"
    ex.write_notebooks(subs / "ref", solutions=True, numbers=[6])
    out = tmp_path / "out"
    assert grade_main([str(subs), "--out", str(out), "--sandbox", "none", "--jobs", "1"]) == 0
    printed = capsys.readouterr()
    assert "NO SANDBOX" in printed.out and "NO SANDBOX" in printed.err
    doc = json.loads((out / "ref" / "results.json").read_text())
    assert "NO SANDBOX" in doc["output"] and doc["extra_data"]["sandbox"] == "none"
    assert doc["score"] == CH6_POINTS
    assert "NO SANDBOX" in (out / "ref" / "feedback.md").read_text()
    assert grade_main([str(subs), "--out", str(out), "--sandbox", "none", "--require-sandbox"]) == 3
