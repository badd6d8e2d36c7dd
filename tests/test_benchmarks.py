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
