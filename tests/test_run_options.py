"""``loyalty-lab run``: --version, --csv (summary and series), progress bar only on a terminal."""

import csv
import io
import subprocess
import sys

import pytest

import sim
from sim import runcli
from sim.cli import main as cli_main


def test_version(capsys):
    assert cli_main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"loyalty-lab {sim.__version__}"
    with pytest.raises(SystemExit) as info:
        runcli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"loyalty-lab {sim.__version__}"


def test_csv_summary_is_one_row_matching_the_results(capsys):
    assert runcli.main(["--preset", "unfair", "--seed", "2", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1
    row = rows[0]
    results = sim.LoyaltyModel(sim.presets.get("unfair"), seed=2, create_agents=False).run()
    assert float(row["share_III"]) == results.pattern_shares["III"]
    assert int(row["unresolved"]) == results.unresolved
    assert float(row["profit"]) == results.profit
    assert float(row["price"]) == 1.3 and int(row["seed"]) == 2


def test_csv_series_one_row_per_period(capsys):
    assert runcli.main(["--periods", "12", "--csv", "--series"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [int(r["period"]) for r in rows] == list(range(13))
    results = sim.LoyaltyModel(sim.Scenario(periods=12), seed=1, create_agents=False).run()
    assert [int(r["stability"]) for r in rows] == results.stage_counts["stability"].tolist()


@pytest.mark.parametrize("args,needle", [
    (["--json", "--csv"], "choose one of --json and --csv"),
    (["--series"], "--series needs --csv"),
])
def test_conflicting_output_options(args, needle, capsys):
    with pytest.raises(SystemExit) as info:
        runcli.main(args)
    assert info.value.code == 2 and needle in capsys.readouterr().err


def test_progress_bar_only_for_long_runs_on_a_terminal(monkeypatch):
    long_run = sim.Scenario(n_customers=400_000, periods=60)
    assert not runcli.show_progress(long_run)  # stderr is captured: not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert runcli.show_progress(long_run)
    assert not runcli.show_progress(sim.Scenario())  # the classroom run is instant
    monkeypatch.setenv("CI", "true")
    assert not runcli.show_progress(long_run)


def test_progress_path_gives_the_same_results(capsys):
    scenario = sim.Scenario(n_customers=300, periods=20)
    with_bar = runcli.run_model(scenario, 4, progress=True)
    assert "periods" in capsys.readouterr().err  # the bar was drawn
    plain = runcli.run_model(scenario, 4)
    assert with_bar.to_dict() == plain.to_dict()


def test_piped_output_has_no_progress_bar():
    out = subprocess.run([sys.executable, "-m", "sim.cli", "run", "--n-customers", "400000",
                          "--periods", "2", "--csv"], capture_output=True, text=True, check=True)
    assert "period/s" not in out.stderr and "%|" not in out.stderr
    assert out.stdout.startswith("seed,share_I")
