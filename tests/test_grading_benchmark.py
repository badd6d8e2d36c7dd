"""The grading benchmark runs and reports its figures (speed is judged there, not here)."""

import json

import pytest

from benchmarks import grading_throughput
from sim.grading import cgroups

pytestmark = pytest.mark.serial  # it runs the real grader, with its time limits


def test_grading_benchmark_quick_run_reports_every_figure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(grading_throughput, "RESULTS", tmp_path)
    grading_throughput.main(["--students", "2", "--jobs", "1"])
    report = json.loads((tmp_path / "grading_throughput.json").read_text())
    for label in ("cold", "warm", "distinct"):
        assert report[label]["notebooks"] == 2
        assert report[label]["all_full_marks"] is True
        assert report[label]["per_second_per_core"] > 0
        if cgroups.detect().cpu_time:
            # the CPU of every process a run started is counted, sandboxes included
            assert 0 < report[label]["cpu_seconds"] < 60
            assert report[label]["per_cpu_second"] > 0
    assert report["whole_students"]["all_full_marks"] is True
    assert report["sandbox_run_ms"] > 0
    assert report["target_ratio"] == 5.0
    out = capsys.readouterr().out
    assert "submissions/s/core" in out and "the target of 1" in out
