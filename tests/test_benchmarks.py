"""The benchmark scripts run and report their figures (speed is judged there, not here)."""

import json

from benchmarks import engine


def test_engine_benchmark_quick_run_reports_every_figure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(engine, "RESULTS", tmp_path)
    assert engine.main(["--quick"]) == 0
    report = json.loads((tmp_path / "engine.json").read_text())
    assert report["throughput"]["customer_periods"] > 0
    assert report["speedup"]["ratio"] > 1  # the array model beats per-agent code even here
    assert report["classroom"]["median_ms"] > 0
    out = capsys.readouterr().out
    assert "customer-periods/s" in out and "classroom run" in out


def test_browser_engine_benchmark_runs_the_engine_in_chromium(offline_page):
    from benchmarks import browser_engine

    offline_page.set_content("<!doctype html><title>engine</title>")
    got = browser_engine.in_page(offline_page, runs=2)
    assert len(got["times"]) == 2 and min(got["times"]) > 0
    assert len(got["baseline"]) == 21 and min(got["baseline"]) > 0


def test_class_load_benchmark_plays_a_whole_class_without_an_error(tmp_path, monkeypatch):
    """Students join in teams, keep a page open and submit every round (issue 12; the
    benchmark itself plays 60 students in 10 teams)."""
    from benchmarks import class_load

    monkeypatch.setattr(class_load, "RESULTS", tmp_path)
    class_load.main(["--quick"])  # its exit status judges time too: not asserted here
    report = json.loads((tmp_path / "class_load.json").read_text())
    assert report["errors"] == []
    assert report["students"] == 12 and len(report["round_ms"]) == 2  # every page saw both
    assert report["server_peak_mb"] > 0 and report["direct_ms"][0] > 0
