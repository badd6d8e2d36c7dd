"""The validation report, its cache for the book, ``loyalty-lab validate`` and the ODD text."""

import json
import shutil
from pathlib import Path

import pytest

from sim import mechanisms
from sim.agents import Customer
from sim.scenario import Scenario
from sim.validation import checks, odd, report

ROOT = Path(__file__).resolve().parents[1]
TINY = report.Settings(samples=2, seeds=1, n_customers=80, periods=18, robust_samples=2,
                       robust_seeds=1, robust_customers=80, calibration=False)


@pytest.fixture(scope="module")
def tiny_report():
    picked = [checks.REGISTRY["fact_1"], checks.REGISTRY["value_less_I"]]
    return report.build_report(TINY, checks=picked, scheduler="serial")


def test_report_is_json_and_complete(tiny_report):
    again = json.loads(json.dumps(tiny_report))
    assert again == tiny_report
    assert tiny_report["key"] == report.report_key(TINY)
    names = [c["name"] for c in tiny_report["criteria"]]
    assert names[:6] == ["every_lever_matters", "pattern_I_somewhere", "pattern_II_somewhere",
                         "pattern_III_somewhere", "pattern_IV_somewhere", "median_unresolved"]
    assert [f["name"] for f in tiny_report["robust_facts"]] == ["fact_1"]
    assert [c["name"] for c in tiny_report["directional_claims"]] == ["value_less_I"]
    assert tiny_report["study"]["periods"] == 18 and tiny_report["study"]["n_customers"] == 80
    assert {e["lever"] for e in tiny_report["effects"]} == {lv["lever"]
                                                           for lv in tiny_report["levers"]}


def test_markdown_report(tiny_report):
    md = report.to_markdown(tiny_report)
    for heading in ("Sensitivity criteria", "Robust facts", "Directional claims",
                    "Strongest effect of each lever", "Total Sobol' indices (ST)",
                    "Levers and sampled ranges"):
        assert f"## {heading}" in md
    for lever in tiny_report["levers"]:
        assert f"`{lever['lever']}`" in md
    assert "`aborted`" in md and checks.REGISTRY["fact_1"].claim in md
    assert "## Calibration against published figures" in md


def test_key_follows_model_sources_and_settings(tmp_path):
    package = tmp_path / "sim"
    shutil.copytree(ROOT / "sim", package, ignore=shutil.ignore_patterns("__pycache__"))
    key = report.report_key(TINY, package)
    assert key == report.report_key(TINY, package)
    (package / "cli.py").write_text("# the command line cannot change the numbers\n")
    assert report.report_key(TINY, package) == key
    mech = package / "mechanisms.py"
    mech.write_text(mech.read_text() + "\nKAPPA = 0.02\n")
    assert report.report_key(TINY, package) != key
    assert report.report_key(report.BOOK_SETTINGS) != report.report_key(TINY)


def test_load_or_build_uses_a_fresh_report_and_rebuilds_a_stale_one(tmp_path, monkeypatch,
                                                                     tiny_report):
    path = tmp_path / "validation-report.json"
    report.write_report(tiny_report, tmp_path)

    def must_not_run(*args, **kwargs):
        raise AssertionError("a fresh report must not be recomputed")

    monkeypatch.setattr(report, "build_report", must_not_run)
    assert report.load_or_build(TINY, path) == tiny_report
    stale = {**tiny_report, "key": "something-else"}
    path.write_text(json.dumps(stale))
    calls = []
    monkeypatch.setattr(report, "build_report",
                        lambda settings, **kw: calls.append(settings) or tiny_report)
    assert report.load_or_build(TINY, path) == tiny_report and calls == [TINY]
    assert json.loads(path.read_text())["key"] == tiny_report["key"]  # rewritten


def test_book_report_is_committed_and_fresh():
    saved = report.read_report(ROOT / report.BOOK_REPORT)
    assert saved is not None, f"{report.BOOK_REPORT} is missing: run 'loyalty-lab validate --book'"
    assert saved["settings"] == report.BOOK_SETTINGS.to_dict()
    if not report.is_fresh(saved, report.BOOK_SETTINGS):
        pytest.skip("the model changed since the book's report was made; the book build "
                    "recomputes it (commit the new book/data/validation-report.json)")


def test_settings_are_checked():
    with pytest.raises(ValueError, match="power of two"):
        report.Settings(samples=12)
    with pytest.raises(ValueError, match="n_customers must be a whole number >= 1"):
        report.Settings(n_customers=0)


def test_validate_command(tmp_path, capsys):
    from sim.cli import main

    status = main(["validate", "--samples", "2", "--seeds", "1", "--customers", "60",
                   "--robust-samples", "1", "--scheduler", "serial", "--out", str(tmp_path)])
    assert status == 0
    saved = json.loads((tmp_path / "validation-report.json").read_text())
    assert saved["settings"]["n_customers"] == 60
    assert (tmp_path / "validation-report.md").read_text().startswith("# Validation report")
    assert "criteria hold" in capsys.readouterr().out


def test_validate_refuses_bad_settings_in_one_line(capsys):
    from sim.cli import main

    assert main(["validate", "--samples", "6"]) == 2
    err = capsys.readouterr().err
    assert "samples must be a power of two" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------
# ODD
# ---------------------------------------------------------------------------
def test_odd_has_the_seven_elements_in_order():
    text = odd.odd_markdown()
    titles = ["Purpose and patterns", "Entities, state variables and scales",
              "Process overview and scheduling", "Design concepts", "Initialisation",
              "Input data", "Submodels"]
    positions = [text.index(f"## {i}. {t}") for i, t in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    for concept in ("Basic principles", "Emergence", "Adaptation", "Objectives", "Learning",
                    "Prediction", "Sensing", "Interaction", "Stochasticity", "Collectives",
                    "Observation"):
        assert f"**{concept}.**" in text


def test_odd_is_generated_from_the_code(monkeypatch):
    text = odd.odd_markdown()
    for fn in mechanisms.MECHANISMS:
        assert f"`{fn.__name__}`" in text
    for name in ("trust", "repurchase", "stage", "pattern", "loyalty_type"):
        assert f"`{name}`" in text and hasattr(Customer, name)
    for spec in Scenario.field_specs():
        if spec.group in {"customers", "run"}:
            assert f"`{spec.name}`" in text
    for name, kind in odd.state_columns():
        assert f"`{name}` ({kind})" in text
    assert ("`clv` (float32)") in text  # read off the real arrays, not guessed

    def new_mechanism():
        """Rivals poach customers in proportion to their advertising."""

    monkeypatch.setattr(mechanisms, "MECHANISMS", (*mechanisms.MECHANISMS, new_mechanism))
    again = odd.odd_markdown()
    assert "`new_mechanism`: Rivals poach customers in proportion to their advertising." in again


def test_odd_picks_up_a_new_agent_class(monkeypatch):
    import mesa

    from sim import agents

    class Rival(mesa.Agent):
        """A rival supplier customers can switch to.

        Rivals improve at the market's pace.

        Attributes:
            appeal: How strongly the rival draws customers.
        """

        def basic_value(self, t):
            """The rival's basic value in period ``t``."""

    Rival.__module__ = agents.__name__
    monkeypatch.setattr(agents, "Rival", Rival, raising=False)
    monkeypatch.setattr(odd.inspect, "getsourcelines", lambda obj: ([], 0 if obj is Rival else 1))
    text = odd.odd_markdown()
    assert "**Rival** (`sim.agents.Rival`, a `mesa.Agent`): A rival supplier customers can " \
           "switch to. Rivals improve at the market's pace." in text
    assert "| `appeal` | How strongly the rival draws customers. |" in text
    assert "| `basic_value(t)` | The rival's basic value in period `t`. |" in text
