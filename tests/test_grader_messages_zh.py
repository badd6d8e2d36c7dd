"""The grader's rarer messages reach a Chinese student in Chinese (issue 13).

The judges' messages are probed in ``test_exercises_zh.py``. These are the
messages about the run itself: a notebook stopped for time, CPU or memory, a
crashed cell run again, an answers file that is not plain data, an answer
that could not be exported, a notebook file that cannot be graded, a sandbox
that could not start, and the warning printed when no sandbox was used.
Each is produced by the grader's own code (not typed here), then translated.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from sim.grading import batch, execute, feedback_zh, runner
from sim.grading.answers import InvalidDataError, check_plain, parse_latest
from sim.grading.notebooks import NotebookError, Submission, parse_notebook, read_bytes
from sim.grading.report import StudentResult, feedback_markdown, results_json, sandbox_banner
from sim.grading.sandbox import UNSANDBOXED_WARNING, Limits, RunOutcome

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Two English words in a row outside file names, code and quoted text.
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{3,}\s+[A-Za-z]{3,}\b")
KEPT = re.compile(r"`[^`]*`|'[^']*'|\S+\.ipynb|bubblewrap|apt-get install|nbformat \d|"
                  r"Jupyter notebook|UTF-8|\b[A-Z][a-z]+Error\b|JSON")


def assert_chinese(text: str, system: str = "") -> None:
    """Translated whole: no untranslated part, Chinese present, no English phrase left.

    ``system`` is text quoted from the system (an OS error, the JSON parser's
    message, bubblewrap's own line), kept as it is, as Python's errors are.
    """
    assert feedback_zh.untranslated(text) == [], text
    chinese = feedback_zh.message(text)
    if system:
        assert system in chinese
        chinese = chinese.replace(system, " ")
    assert CJK.search(chinese), chinese
    assert ENGLISH_RUN.findall(KEPT.sub(" ", chinese)) == [], (text, chinese)


def outcome(**changes) -> RunOutcome:
    fields = dict(snapshot_texts=[None], log="", returncode=0, timed_out=False,
                  seconds=1.0, sandbox="none")
    return RunOutcome(**{**fields, **changes})


def snapshot(running: int | None, done: bool = False, seq: int = 1) -> str:
    return json.dumps({"answers": {"answer_1_1": 1.0}, "running": running, "done": done,
                       "seq": seq})


# ---------------------------------------------------------------------------
# Why a run ended, and what the grader did about it
# ---------------------------------------------------------------------------
DEATHS = [
    dict(timed_out=True), dict(cpu_exceeded=True), dict(oom_killed=True),
    dict(returncode=-9), dict(returncode=137), dict(returncode=3),
]


@pytest.mark.parametrize("death", DEATHS, ids=lambda d: next(iter(d)))
def test_every_death_is_translated(death):
    text = execute.describe_death(outcome(**death), Limits())
    assert_chinese(f"ch01.ipynb: {text} in code cell 4")
    assert_chinese(f"ch01.ipynb: {text}")


def _execute(monkeypatch, outcomes: list[RunOutcome], budget: float | None = None):
    runs = iter(outcomes)
    monkeypatch.setattr(execute, "run_once", lambda *a, **k: next(runs))
    sub = Submission(name="ch01.ipynb", cells=["x = 1"] * 6, raw=b"", chapter=1)
    return execute.execute(sub, limits=Limits(retries=1), mode="none", budget=budget)


def test_every_run_note_is_translated(monkeypatch):
    crash = outcome(snapshot_texts=[snapshot(2)], returncode=-9, leftovers=2)
    runs = {
        "skipped and rerun, then no more reruns": [crash, outcome(
            snapshot_texts=[snapshot(3)], returncode=-9)],
        "stopped for time": [outcome(snapshot_texts=[snapshot(1)], timed_out=True)],
        "no answers file": [outcome(returncode=1)],
        "answers file not JSON": [outcome(snapshot_texts=["{not json"], returncode=1)],
        "infrastructure, twice": [outcome(infrastructure_error="could not put the run in "
                                          "its control group")] * 2,
        "bubblewrap failed": [outcome(infrastructure_error="bubblewrap failed: bwrap: "
                                      "Creating new namespace failed")] * 2,
    }
    notes = []
    for name, outcomes in runs.items():
        run = _execute(monkeypatch, outcomes)
        notes += run.notes + ([run.failed] if run.failed else [])
        assert run.notes or run.failed, name
    notes += _execute(monkeypatch, [], budget=0.0).notes
    assert len(notes) >= 8
    assert any("that cell is skipped" in n for n in notes)
    assert any("no more reruns" in n for n in notes)
    assert any("could not be ended" in n for n in notes)
    for note in notes:
        assert_chinese(note, system="bwrap: Creating new namespace failed" if "bwrap:" in note
                       else "")


# ---------------------------------------------------------------------------
# Answers that are not plain data, notebooks that cannot be graded
# ---------------------------------------------------------------------------
class Hostile:
    def __getattribute__(self, name):
        raise RuntimeError("no")


@pytest.mark.parametrize("make", [
    lambda: [[[[[[[[[[[[1]]]]]]]]]]]], lambda: float("nan"), lambda: "x" * 200_000,
    lambda: list(range(200_000)), lambda: {1: 2}, object, Hostile,
], ids=["deep", "nan", "long", "many", "key", "object", "hostile"])
def test_every_export_refusal_is_translated(make):
    answers, rejected = runner.collect({"answer_1_1": make()})
    assert answers == {} and rejected
    assert_chinese(f"answer_1_1 could not be exported: {rejected['answer_1_1']}")


@pytest.mark.parametrize("text", ['{"answers": 1, "done": NaN}', '[1]', "{"])
def test_every_answers_file_problem_is_translated(text):
    with pytest.raises(InvalidDataError) as info:
        parse_latest([text])
    assert_chinese(f"ch01.ipynb: {info.value}; the notebook's process ended abruptly "
                   "(exit status 1)")


@pytest.mark.parametrize("value", ["[" * 20 + "]" * 20, "10000000000000000000000"])
def test_every_answer_the_file_refuses_is_translated(value):
    snap = parse_latest(['{"answers": {"answer_1_1": ' + value + "}}"])
    assert "answer_1_1" not in snap.answers
    assert_chinese(f"answer_1_1 could not be exported: {snap.rejected['answer_1_1']}")


def test_plain_data_limits_are_translated():
    for value in (set(), "y" * 20_000):
        with pytest.raises(InvalidDataError) as info:
            check_plain(value)
        assert_chinese(f"ch01.ipynb: {info.value}")


@pytest.mark.parametrize("raw", [
    b"\xff\xfe", b"{", b'{"nbformat": 3, "cells": []}', b'{"nbformat": 4}',
    json.dumps({"nbformat": 4, "cells": [{"cell_type": "code"}] * 5000}).encode(),
    json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}).encode(),
], ids=["not-utf8", "not-json", "nbformat3", "no-cells", "too-many-cells", "source"])
def test_every_notebook_refusal_is_translated(raw):
    with pytest.raises(NotebookError) as info:
        parse_notebook("ch01.ipynb", raw)
    parser = re.search(r"JSON \((.*)\)$", str(info.value))  # the JSON parser's own words
    assert_chinese(str(info.value), system=parser.group(1) if parser else "")


def test_unreadable_files_are_translated(tmp_path: Path):
    folder = tmp_path / "ch01.ipynb"
    folder.mkdir()
    for path, system in ((tmp_path / "missing.ipynb", "No such file or directory"),
                         (folder, "")):
        with pytest.raises(NotebookError) as info:
            read_bytes(path)
        assert_chinese(str(info.value), system)


def test_an_unavailable_sandbox_is_translated(monkeypatch):
    monkeypatch.setattr(batch, "detect_sandbox", lambda: "none")
    for config in (SimpleNamespace(mode="bubblewrap", require_sandbox=False),
                   SimpleNamespace(mode="none", require_sandbox=True)):
        with pytest.raises(batch.SandboxUnavailableError) as info:
            batch._resolve_mode(config)
        assert_chinese(str(info.value))


# ---------------------------------------------------------------------------
# The warning a student reads when no sandbox was used
# ---------------------------------------------------------------------------
def test_the_no_sandbox_warning_is_in_the_students_language():
    assert sandbox_banner("bubblewrap", "zh") == ""
    english, chinese = sandbox_banner("none"), sandbox_banner("none", "zh")
    assert UNSANDBOXED_WARNING in english and UNSANDBOXED_WARNING not in chinese
    assert "没有沙箱" in chinese and "bubblewrap" in chinese
    result = StudentResult(student="s1", lang="zh", sandbox="none",
                           notes=["ch01.ipynb: the notebook ran out of its time budget and "
                                  "was stopped in code cell 2"])
    for text in (feedback_markdown(result), results_json(result)["output"]):
        assert "没有沙箱" in text and "WARNING" not in text
        assert "运行到第 2 个代码单元格时" in text
    assert "WARNING: NO SANDBOX" in results_json(StudentResult(student="s1",
                                                               sandbox="none"))["output"]
