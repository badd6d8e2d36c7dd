"""The grader's untrusted-input layers: notebook files, snapshots, exported answers."""

from __future__ import annotations

import json
import os

import pytest

from sim.grading import runner
from sim.grading.answers import (
    InvalidDataError,
    answers_by_variable,
    check_plain,
    parse_latest,
    parse_snapshot,
)
from sim.grading.notebooks import (
    MAX_NOTEBOOK_BYTES,
    NotebookError,
    chapter_from_name,
    parse_notebook,
    read_bytes,
)


def _nb(*cells, **meta) -> bytes:
    return json.dumps({"cells": list(cells), "metadata": meta, "nbformat": 4,
                       "nbformat_minor": 5}).encode()


def test_parse_notebook_extracts_code_cells_only():
    data = _nb({"cell_type": "markdown", "source": "# hi"},
               {"cell_type": "code", "source": ["a = 1\n", "b = 2"]},
               {"cell_type": "raw", "source": "x"},
               {"cell_type": "code", "source": "answer_6_2 = 4"},
               loyalty_lab={"chapter": 6})
    sub = parse_notebook("anything.ipynb", data)
    assert sub.cells == ["a = 1\nb = 2", "answer_6_2 = 4"]
    assert sub.chapter == 6


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b'{"cells": [', "not valid notebook JSON"),
    (b"[1, 2, 3]", "not a Jupyter notebook"),
    (json.dumps({"worksheets": [], "nbformat": 3}).encode(), "nbformat 3"),
    (json.dumps({"cells": [], "nbformat": 3}).encode(), "nbformat 3"),
    (json.dumps({"cells": [{"cell_type": "code", "source": 5}]}).encode(), "not text"),
    (b"[" * 100_000, "not valid notebook JSON"),
])
def test_parse_notebook_refuses_junk_clearly(data, message):
    with pytest.raises(NotebookError, match=message):
        parse_notebook("ch06.ipynb", data)


def test_read_bytes_refuses_links_fifos_and_huge_files(tmp_path):
    real = tmp_path / "real.ipynb"
    real.write_bytes(b"{}")
    link = tmp_path / "link.ipynb"
    link.symlink_to(real)
    with pytest.raises(NotebookError):
        read_bytes(link)
    fifo = tmp_path / "fifo.ipynb"
    os.mkfifo(fifo)
    with pytest.raises(NotebookError, match="not a regular file"):
        read_bytes(fifo)
    big = tmp_path / "big.ipynb"
    with open(big, "wb") as handle:
        handle.truncate(MAX_NOTEBOOK_BYTES + 10)
    with pytest.raises(NotebookError, match="larger than"):
        read_bytes(big)
    assert read_bytes(real) == b"{}"


def test_chapter_from_file_names():
    assert chapter_from_name("ch06.ipynb") == 6
    assert chapter_from_name("Chapter_3 final.ipynb") == 3
    assert chapter_from_name("homework.ipynb") is None


def test_check_plain_bounds():
    assert check_plain({"a": [1, 2.5, "x", None, True]}) == {"a": [1, 2.5, "x", None, True]}
    deep: list = []
    node = deep
    for _ in range(20):
        node.append([])
        node = node[0]
    with pytest.raises(InvalidDataError, match="deeply"):
        check_plain(deep)
    with pytest.raises(InvalidDataError):
        check_plain(float("nan"))
    with pytest.raises(InvalidDataError):
        check_plain("x" * 20_000)
    with pytest.raises(InvalidDataError):
        check_plain(10**30)


def test_parse_snapshot_keeps_only_plain_answers():
    text = json.dumps({
        "answers": {"answer_6_1": {"start_of_year": 1.0}, "answer_6_2": "x" * 20_000,
                    "ANSWERS": {"6.3": 428.57, "answer_6_5": 0.25, "junk": 1},
                    "os": "not an answer"},
        "rejected": {"answer_6_4": "has type ndarray"},
        "cells": [{"index": 0, "status": "error", "error": "boom"}, "junk"],
        "running": None, "done": True, "seq": 7,
    })
    snap = parse_snapshot(text)
    assert set(snap.answers) == {"answer_6_1", "ANSWERS"}
    assert "too long" in snap.rejected["answer_6_2"]
    assert snap.rejected["answer_6_4"] == "has type ndarray"
    assert snap.done and snap.seq == 7 and snap.cells[0]["error"] == "boom"
    merged = answers_by_variable(snap)
    assert merged == {"answer_6_1": {"start_of_year": 1.0}, "answer_6_3": 428.57,
                      "answer_6_5": 0.25}


def test_parse_snapshot_refuses_non_finite_and_junk():
    with pytest.raises(InvalidDataError):
        parse_snapshot('{"answers": {"answer_6_2": NaN}}')
    with pytest.raises(InvalidDataError):
        parse_snapshot("[]")
    with pytest.raises(InvalidDataError):
        parse_snapshot(None)


def test_parse_latest_prefers_highest_valid_sequence():
    older = json.dumps({"answers": {"answer_6_2": 1.0}, "seq": 3})
    newer = json.dumps({"answers": {"answer_6_2": 2.0}, "seq": 4})
    assert parse_latest([older, newer]).answers["answer_6_2"] == 2.0
    assert parse_latest([newer[:-5], older]).answers["answer_6_2"] == 1.0  # torn write
    with pytest.raises(InvalidDataError, match="no answers file"):
        parse_latest(["", None])
    with pytest.raises(InvalidDataError, match="not valid JSON"):
        parse_latest(["{broken", ""])


def test_runner_exports_plain_data_and_names_what_it_refuses():
    numpy = pytest.importorskip("numpy")

    class Weird:
        pass

    answers, rejected = runner.collect({
        "answer_1_1": numpy.float64(2.5), "answer_1_2": numpy.int64(3),
        "answer_1_3": (1, "a"), "answer_1_4": numpy.array([1.0]), "answer_1_5": Weird(),
        "answer_1_6": float("inf"), "answer_1_7": {1: "a"}, "other": 5,
    })
    assert answers == {"answer_1_1": 2.5, "answer_1_2": 3, "answer_1_3": [1, "a"]}
    assert "ndarray" in rejected["answer_1_4"] and "Weird" in rejected["answer_1_5"]
    assert "finite" in rejected["answer_1_6"] and "non-string key" in rejected["answer_1_7"]


def test_runner_strips_magics_and_caps_output():
    assert runner.strip_magics("%matplotlib inline\n  !pip install x\nx = 1") == \
        "pass  # matplotlib inline\n  pass  # pip install x\nx = 1"
    sink = runner.CappedText(10)
    sink.write("a" * 25)
    assert sink.text().startswith("a" * 10) and "15 more characters" in sink.text()
