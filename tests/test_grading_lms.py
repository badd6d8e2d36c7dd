"""The grader in a course: LMS downloads, Gradescope, a Dask cluster, written answers.

Each test grades a few real notebooks under bubblewrap (when available) and
checks what the instructor gets: the right students found in a Canvas or
Moodle download, a Gradescope autograder that runs in Gradescope's layout,
the same grades from a Dask cluster as from local workers, and written
answers that are exported with their rubric, marked by hand and merged back.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import exercise_fixture
import pytest
from answer_fixtures import auto_points

import sim.exercises as ex
from sim.grading.assignment import Assignment, AssignmentError
from sim.grading.batch import grade_batch
from sim.grading.cli import autograder_main, grade_main
from sim.grading.layouts import discover
from sim.grading.sandbox import Limits

# serial: the grader's time limits must not share the machine with other tests.
pytestmark = [pytest.mark.timeout(300), pytest.mark.serial]
REPO = Path(__file__).resolve().parents[1]
CH6 = ex.chapters([6])[0]
FAST = Limits(wall_seconds=20, cell_seconds=5, cell_wall_seconds=10, student_seconds=40)


def _reference(tmp_path: Path, chapters: list[int]) -> Path:
    folder = tmp_path / "reference"
    if not folder.exists():
        ex.write_notebooks(folder, solutions=True, numbers=chapters)
        ex.write_notebooks(tmp_path / "blank", solutions=False, numbers=chapters)
    return folder


def _rows(path: Path) -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


# ------------------------------------------------------------ Canvas and Moodle downloads

def test_canvas_download_is_read_as_one_student_per_user(tmp_path, capsys):
    ref = _reference(tmp_path, [3, 6])
    subs = tmp_path / "canvas"
    subs.mkdir()
    shutil.copy(ref / "ch06.ipynb", subs / "smithbob_340934_208490284_ch06.ipynb")
    shutil.copy(ref / "ch03.ipynb", subs / "smithbob_340934_208490285_ch03.ipynb")
    shutil.copy(tmp_path / "blank" / "ch06.ipynb",
                subs / "wellslane_LATE_334244_394803489_ch06.ipynb")
    # a re-submission: the later file wins, the earlier one is reported
    shutil.copy(tmp_path / "blank" / "ch06.ipynb", subs / "doejane_1001_2001_ch06.ipynb")
    shutil.copy(ref / "ch06.ipynb", subs / "doejane_1001_2002_ch06-1.ipynb")
    (subs / "notes.txt").write_text("not a submission")
    found = discover(subs)
    assert found.layout == "canvas"
    assert [s.name for s in found.students] == ["doejane (1001)", "smithbob (340934)",
                                                 "wellslane (334244)"]
    out = tmp_path / "out"
    code = grade_main([str(subs), "--out", str(out), "--chapters", "3,6", "--jobs", "2",
                       "--cache", "off"])
    assert code == 0
    rows = _rows(out / "gradebook.csv")
    points = auto_points(ex.chapters([3, 6]))
    assert float(rows["smithbob (340934)"]["score"]) == points
    assert float(rows["wellslane (334244)"]["score"]) == 0
    assert float(rows["doejane (1001)"]["score"]) == auto_points([CH6])
    assert "not a submission: notes.txt" in capsys.readouterr().out


def test_moodle_download_in_folders_and_flat(tmp_path):
    ref = _reference(tmp_path, [6])
    folders = tmp_path / "moodle"
    for person, source in (("Ana Gómez_1234567", ref), ("Li Wei_7654321", tmp_path / "blank")):
        folder = folders / f"{person}_assignsubmission_file_"
        folder.mkdir(parents=True)
        shutil.copy(source / "ch06.ipynb", folder / "ch06.ipynb")
    flat = tmp_path / "moodle-flat"
    flat.mkdir()
    shutil.copy(ref / "ch06.ipynb", flat / "Ana Gómez_1234567_assignsubmission_file_ch06.ipynb")
    for root in (folders, flat):
        found = discover(root)
        assert found.layout == "moodle"
        results = grade_batch(root, tmp_path / f"out-{root.name}", chapters=[6], jobs=1,
                              limits=FAST, cache_dir="off")
        by_name = {r.name: r.score for r in results}
        assert by_name["Ana Gómez (1234567)"] == auto_points([CH6])
        if root is folders:
            assert by_name["Li Wei (7654321)"] == 0


def test_layout_can_be_forced_and_unknown_flat_files_are_an_error(tmp_path, capsys):
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "alice.ipynb").write_text("{}")
    with pytest.raises(SystemExit):
        grade_main([str(flat), "--out", str(tmp_path / "o"), "--chapters", "6"])
    assert "no student submissions found" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        grade_main([str(flat), "--out", str(tmp_path / "o"), "--chapters", "6",
                    "--layout", "blackboard"])
    assert "invalid choice: 'blackboard'" in capsys.readouterr().err


# ------------------------------------------------------------ the assignment manifest

def test_a_manifest_from_another_version_of_the_exercises_is_refused(tmp_path):
    manifest = Assignment.from_numbers([6]).to_dict()
    manifest["chapters"][0]["questions"][2]["points"] = 5
    path = tmp_path / "assignment.json"
    path.write_text(json.dumps(manifest))
    with pytest.raises(AssignmentError, match="question 6.3 is a numeric question worth 5"):
        Assignment.read(path).load()
    manifest["chapters"][0]["number"] = "six"
    path.write_text(json.dumps(manifest))
    with pytest.raises(AssignmentError, match=r"chapters\[0\].number must be a whole number "
                                              r"from 0 to 99, got 'six'"):
        Assignment.read(path)


# ------------------------------------------------------------ Dask

def test_a_dask_cluster_gives_the_same_grades_as_local_workers(tmp_path):
    distributed = pytest.importorskip("distributed")
    ref = _reference(tmp_path, [2, 6])
    subs = tmp_path / "subs"
    for name, source in (("ana", ref), ("ben", tmp_path / "blank")):
        shutil.copytree(source, subs / name)
    (subs / "cy").mkdir()
    (subs / "cy" / "ch02.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                   "source": "answer_2_5 = {'financial_bond': 1.0, 'social_bond': 0.0, "
                             "'structural_bond': 0.0}\nanswer_2_2 = 'x'"}],
        "metadata": {"loyalty_lab": {"chapter": 2}}, "nbformat": 4, "nbformat_minor": 5}))
    local = grade_batch(subs, tmp_path / "local", chapters=[2, 6], jobs=2, limits=FAST,
                        cache_dir="off")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = grade_batch(subs, tmp_path / "dask", chapters=[2, 6], limits=FAST,
                             cache_dir="off", scheduler=cluster.scheduler_address)

    def grades(results):
        return {r.student: [(q.qid, q.score, [c.message for c in q.criteria])
                            for q in r.questions] for r in results}

    assert grades(remote) == grades(local)
    assert {r.sandbox for r in remote} == {r.sandbox for r in local}
    assert (tmp_path / "dask" / "gradebook.csv").read_text() == (
        tmp_path / "local" / "gradebook.csv").read_text()


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, capsys):
    pytest.importorskip("distributed")
    ref = _reference(tmp_path, [6])
    shutil.copytree(ref, tmp_path / "subs" / "ana")
    with pytest.raises(SystemExit):
        grade_main([str(tmp_path / "subs"), "--out", str(tmp_path / "o"), "--chapters", "6",
                    "--scheduler", "tcp://127.0.0.1:9"])
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


# ------------------------------------------------------------ Gradescope

def test_gradescope_autograder_runs_in_gradescopes_layout(tmp_path):
    """Unzip the autograder as Gradescope does and run run_autograder on a submission."""
    zip_path = tmp_path / "autograder.zip"
    assert autograder_main(["--out", str(zip_path), "--chapters", "6"]) == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        archive.extractall(root / "source")
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert {"setup.sh", "run_autograder", "assignment.json"} <= set(names)
    assert "source/loyalty-lab/sim/grading/runner.py" in names
    assert "source/loyalty-lab/sim/exercises/ch06.py" in names
    assert not any("__pycache__" in n for n in names)
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    setup = (root / "source" / "setup.sh").read_text()
    assert "bubblewrap" in setup and "chmod -R go-rwx" in setup
    project = tomllib.loads((root / "source" / "source" / "loyalty-lab" /
                             "pyproject.toml").read_text())
    ours = tomllib.loads((REPO / "pyproject.toml").read_text())
    from packaging.requirements import Requirement

    def parsed(deps):
        return {(r.name, str(r.specifier), tuple(sorted(r.extras)))
                for r in map(Requirement, deps)}

    assert parsed(project["project"]["dependencies"]) == parsed(ours["project"]["dependencies"])
    # Gradescope's layout: the zip in /autograder/source, run_autograder at the top
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    os.chmod(root / "run_autograder", 0o755)
    submission = root / "submission" / "nested"
    submission.mkdir(parents=True)
    ex.write_notebooks(submission, solutions=True, numbers=[6])
    (root / "submission_metadata.json").write_text(json.dumps(
        {"users": [{"name": "Ana Gómez", "email": "ana@example.org"}]}))
    # Python without site: `sim` can only come from the zip's copy of the package
    wrapper = tmp_path / "python"
    site = sysconfig.get_paths()["purelib"]
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -S \"$@\"\n")
    wrapper.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "AUTOGRADER_ROOT": str(root),
           "LOYALTY_LAB_PYTHON": str(wrapper),
           "PYTHONPATH": f"{root / 'source' / 'source' / 'loyalty-lab'}:{site}"}
    done = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == auto_points([CH6])
    assert len(results["tests"]) == len(CH6.questions)
    assert all(t["status"] == "passed" for t in results["tests"])
    assert {"score", "output", "visibility", "stdout_visibility", "tests"} <= set(results)
    # a wrong submission, next: the same autograder scores it 0
    shutil.rmtree(root / "submission")
    ex.write_notebooks(root / "submission", solutions=False, numbers=[6])
    done = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=240)
    assert json.loads((root / "results" / "results.json").read_text())["score"] == 0


# ------------------------------------------------------------ written answers, end to end

def test_written_answers_are_exported_marked_by_hand_and_merged(tmp_path, capsys):
    assignment = Assignment.from_chapters([exercise_fixture.CHAPTER], title="Self-test")
    manifest = assignment.write(tmp_path / "handout")
    assert json.loads(manifest.read_text())["chapters"][0]["module"] == "exercise_fixture"
    subs = tmp_path / "subs"
    texts = {"ana": "Winning a new customer costs advertising and visits; a kept one buys "
                    "again without them, and buys more each year.",
             "=bob": "+because it is cheaper, obviously, everyone knows that it is.",
             "cy": ""}
    for name, text in texts.items():
        folder = subs / name
        folder.mkdir(parents=True)
        code = f"answer_42_1 = 0.81\nanswer_42_2 = {text!r}"
        (folder / "ch42.ipynb").write_text(json.dumps({
            "cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                       "execution_count": None, "source": code}],
            "metadata": {"loyalty_lab": {"chapter": 42}}, "nbformat": 4, "nbformat_minor": 5}))
    out = tmp_path / "out"
    assert grade_main([str(subs), "--out", str(out), "--assignment", str(manifest),
                       "--jobs", "1", "--cache", "off"]) == 0
    printed = capsys.readouterr().out
    assert "2 students have written answers to mark" in printed
    rows = _rows(out / "gradebook.csv")
    ana = rows["ana"]
    assert ana["42.2"] == "to mark" and ana["to_mark"] == "4" and ana["percent"] == ""
    assert ana["score"] == "1" and ana["max_score"] == "5"
    assert rows["cy"]["42.2"] == "0" and rows["cy"]["to_mark"] == "0"  # blank: nothing to mark
    results = json.loads((out / "students" / "ana" / "results.json").read_text())
    written = next(t for t in results["tests"] if t["number"] == "42.2")
    assert written["max_score"] == 0 and "To be marked by hand: 4 points" in written["output"]
    assert "to be marked" in (out / "students" / "ana" / "feedback.md").read_text()
    # the marking sheet: one row per answered student, the rubric as columns
    sheet = out / "written" / "42.2.csv"
    with open(sheet, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["student", "name", "answer", "names the cost of acquisition (max 2)",
                        "mentions growing margins over time (max 1)",
                        "clear and concise (max 1)", "comment"]
    assert [row[1] for row in table[1:]] == ["ana", "'=bob"]  # names escaped against formulas
    bob = table[2]
    assert bob[0].startswith("bob-") and bob[2].startswith("'+because")
    rubric = (out / "written" / "rubric.md").read_text()
    assert "names the cost of acquisition" in rubric and "Model answer" in rubric
    # an impossible mark is refused with the sheet, row, column, range and value
    table[1][3:6] = ["3", "1", "1"]
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    with pytest.raises(SystemExit):
        grade_main(["--merge-written", "--out", str(out)])
    err = capsys.readouterr().err
    assert "42.2.csv row 2, column 'names the cost of acquisition (max 2)': the mark must be " \
           "a number from 0 to 2, got '3'" in err
    # marks for ana; bob's left blank stays "to mark"
    table[1][3:7] = ["2", "0.5", "1", "good"]
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    assert grade_main(["--merge-written", "--out", str(out)]) == 0
    assert "merged 3 marks; 4 points still to mark" in capsys.readouterr().out
    rows = _rows(out / "gradebook.csv")
    assert rows["ana"]["score"] == "4.5" and rows["ana"]["to_mark"] == "0"
    assert rows["ana"]["percent"] == "90.0" and rows["ana"]["42.2"] == "3.5"
    assert rows["'=bob"]["42.2"] == "to mark"
    feedback = (out / "students" / "ana" / "feedback.md").read_text()
    assert "marked by hand: good" in feedback
    # a regrade keeps the marks already entered in the sheet
    assert grade_main([str(subs), "--out", str(out), "--assignment", str(manifest),
                       "--jobs", "1", "--cache", "off"]) == 0
    with open(sheet, newline="", encoding="utf-8") as handle:
        assert next(r for r in csv.reader(handle) if r[0] == "ana")[3:6] == ["2", "0.5", "1"]


# ------------------------------------------------------------ the report in a browser

@pytest.mark.browser
def test_instructor_report_shows_its_charts_offline(tmp_path, offline_page):
    ref = _reference(tmp_path, [6])
    subs = tmp_path / "subs"
    shutil.copytree(ref, subs / "ana")
    shutil.copytree(tmp_path / "blank", subs / "ben")
    out = tmp_path / "out"
    grade_batch(subs, out, chapters=[6], jobs=1, limits=FAST, cache_dir="off")
    page = offline_page
    page.goto((out / "report" / "index.html").as_uri())
    widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) == 2 and all(w > 300 for w in widths)
    assert page.locator("table").count() == 2
    assert "6.3" in page.inner_text("body")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert page.page_errors == [] and page.failed_requests == []
