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
