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


# ------------------------------------------------------------ names, layouts and CSV cells

def test_keys_are_safe_unique_and_stable():
    from sim.grading.layouts import display, make_key

    taken: set[str] = set()
    raw = os.fsdecode(b"caf\xe9 M\xfcller")
    key = make_key(raw, taken)
    assert key.startswith("caf_M") and len(key.rsplit("-", 1)[1]) == 8 and "/" not in key
    assert display(raw) == "caf\\xe9 M\\xfcller"
    assert make_key("alice", taken) == "alice"
    assert make_key("ALICE", taken).startswith("ALICE-")  # case-insensitive file systems
    assert make_key("con", set()).startswith("con-")  # reserved on Windows
    long = make_key("x" * 250, set())
    assert len(long) <= 70
    assert make_key("=cmd|' -c calc'!A0", set()).startswith("cmd_-c_calc_A0-")
    assert make_key("alice", set()) == make_key("alice", set())


@pytest.mark.parametrize("value, shown", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@x", "'@x"),
    ("\tx", "'\tx"), ("|calc", "'|calc"), ("alice", "alice"), (3.5, "3.5"), (0, "0"),
])
def test_csv_cells_are_escaped_against_formula_injection(value, shown):
    from sim.grading.report import cell

    assert cell(value) == shown


def test_layout_detection(tmp_path):
    from sim.grading.layouts import LayoutError, discover

    canvas = tmp_path / "canvas"
    canvas.mkdir()
    (canvas / "smithbob_12_34_ch06.ipynb").write_text("{}")
    (canvas / "smithbob_late_12_35_ch03.ipynb").write_text("{}")
    found = discover(canvas)
    assert found.layout == "canvas" and len(found.students) == 1
    student = found.students[0]
    assert sorted(student.label(p) for p in student.files) == ["ch03.ipynb", "ch06.ipynb"]
    moodle = tmp_path / "moodle"
    (moodle / "Ana Lima_99_assignsubmission_file_").mkdir(parents=True)
    (moodle / "Ana Lima_99_assignsubmission_file_" / "ch06.ipynb").write_text("{}")
    assert discover(moodle).layout == "moodle"
    folders = tmp_path / "folders"
    (folders / "ana" / "Lab 6" / ".ipynb_checkpoints").mkdir(parents=True)
    (folders / "ana" / "Lab 6" / "ch06.ipynb").write_text("{}")
    (folders / "ana" / "Lab 6" / ".ipynb_checkpoints" / "ch06-checkpoint.ipynb").write_text("{}")
    (folders / ".hidden").mkdir()
    (folders / "__MACOSX").mkdir()
    found = discover(folders)
    assert found.layout == "folders" and [s.key for s in found.students] == ["ana"]
    assert [p.name for p in found.students[0].files] == ["ch06.ipynb"]  # a zip's sub-folder
    assert found.ignored == [".hidden: hidden (its name starts with a dot), not graded"]
    with pytest.raises(LayoutError, match="layout must be one of"):
        discover(folders, "blackboard")


# ------------------------------------------------------------ limits and budgets

def test_limits_refuse_bad_values_naming_field_range_and_value():
    from sim.grading.sandbox import Limits

    with pytest.raises(ValueError, match=r"Limits.wall_seconds must be between 0.5 and "
                                         r"36000, got -1"):
        Limits(wall_seconds=-1)
    with pytest.raises(ValueError, match="Limits.nproc"):
        Limits(nproc=True)


def test_worst_case_formula():
    from sim.grading.sandbox import Limits, worst_case_seconds

    limits = Limits(wall_seconds=60, student_seconds=150)
    assert worst_case_seconds(30, 2, limits, notebooks=1) == 15 * (60 + 2) + 10
    assert worst_case_seconds(30, 2, limits, notebooks=9) == 15 * (150 + 2) + 10
    assert worst_case_seconds(0, 2, limits, notebooks=9) == 0


# ------------------------------------------------------------ user ids

def test_sandbox_id_window_avoids_every_taken_range():
    from sim.grading.uids import DEFAULT_BASE, UidError, choose_base

    assert choose_base([], []) == DEFAULT_BASE
    taken = [(100000, 165535), (DEFAULT_BASE - 10, DEFAULT_BASE + 100)]
    base = choose_base(taken, [DEFAULT_BASE + 200], size=4096)
    assert base == DEFAULT_BASE + 201
    with pytest.raises(UidError):
        choose_base([(0, 2**31 - 1)], [])


def test_leases_are_exclusive(tmp_path):
    from sim.grading.uids import UidLease, UidPool

    pool = UidPool(base=1_950_000_000, size=3, lock_dir=tmp_path)
    with UidLease(pool) as a, UidLease(pool) as b, UidLease(pool) as c:
        assert len({a.uid, b.uid, c.uid}) == 3
        from sim.grading.uids import UidError

        with pytest.raises(UidError, match="all 3 sandbox user ids"):
            UidLease(pool)
    with UidLease(pool) as again:
        assert again.uid in range(1_950_000_000, 1_950_000_003)


# ------------------------------------------------------------ the seccomp program

def test_seccomp_program_shape():
    import struct

    from sim.grading import seccomp

    program = seccomp.build_filter("x86_64")
    assert len(program) % 8 == 0 and len(program) // 8 < 4096
    insns = [struct.unpack("=HBBI", program[i:i + 8]) for i in range(0, len(program), 8)]
    assert insns[0] == (0x20, 0, 0, 4) and insns[1][3] == 0xC000003E  # check the arch first
    denied = {k for code, _jt, _jf, k in insns if code == 0x15}
    for name in ("unshare", "mount", "ptrace", "keyctl", "bpf", "setns", "clone3"):
        assert seccomp._X86_64[name] in denied
    assert any(code == 0x45 and k == seccomp.CLONE_NAMESPACE_FLAGS for code, _, _, k in insns)
    assert seccomp.build_filter("aarch64") != program
    with pytest.raises(ValueError, match="no seccomp filter for architecture 'sparc'"):
        seccomp.build_filter("sparc")


# ------------------------------------------------------------ the simulation cache

def test_cache_entries_are_checked(tmp_path, monkeypatch):
    from sim.exercises import simruns

    folder = simruns._private_folder(tmp_path / "cache")
    assert folder is not None
    metrics = {name: 0.5 for name in simruns.METRICS}
    simruns._disk_write(folder, "k1", metrics)
    assert simruns._disk_read(folder, "k1") == metrics
    path = folder / simruns.engine_fingerprint() / "k1.json"
    doc = json.loads(path.read_text())
    doc["metrics"]["share_IV"] = 0.99
    path.write_text(json.dumps(doc))
    assert simruns._disk_read(folder, "k1") is None  # tampered: MAC no longer matches
    simruns._disk_write(folder, "k2", {**metrics, "profit": float("nan")})
    assert simruns._disk_read(folder, "k2") is None  # not finite: never trusted
    open_folder = tmp_path / "open"
    open_folder.mkdir(mode=0o777)
    os.chmod(open_folder, 0o777)
    assert simruns._private_folder(open_folder) is None  # others may write it: not used
