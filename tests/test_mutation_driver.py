"""The mutation-testing driver (``make mutation``) is configured to test what it names.

The mutation run itself takes an hour and is not part of the suite; these
checks keep its configuration honest: every target names a module and
tests that exist, the generated mutmut configuration mutates only that
module, and survivors are re-run against every selected test.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from benchmarks import mutation

ROOT = Path(__file__).resolve().parents[1]


def test_every_target_names_existing_modules_and_tests():
    names = [t.name for t in mutation.TARGETS]
    assert len(set(names)) == len(names)
    for target in mutation.TARGETS:
        assert list(ROOT.glob(target.module)), target.module
        for test in target.tests:
            assert (ROOT / test).is_file(), test
    modules = {t.module for t in mutation.TARGETS}
    assert {"sim/mechanisms.py", "sim/model.py", "sim/population.py",
            "sim/exercises/checks.py", "sim/grading/judge.py",
            "sim/widgets/figures/*.py"} == modules


def test_configuration_mutates_only_the_target_and_runs_only_its_tests():
    target = next(t for t in mutation.TARGETS if t.name == "checks")
    config = tomllib.loads(mutation._config(target))["tool"]["mutmut"]
    assert config["only_mutate"] == ["sim/exercises/checks.py"]
    assert config["pytest_add_cli_args_test_selection"] == ["tests/test_exercises.py"]
    # the exercise builders run at import: each mutant must import the code afresh
    assert config["process_isolation"] == "forkserver"
    model = tomllib.loads(mutation._config(mutation.TARGETS[0]))["tool"]["mutmut"]
    assert "process_isolation" not in model


def test_survivors_are_rerun_against_every_selected_test(tmp_path):
    mutants = tmp_path / "mutants"
    (mutants / "sim").mkdir(parents=True)
    stats = {"tests_by_mangled_function_name": {"sim.checks.x_number": ["t::a"]},
             "duration_by_test": {"t::a": 0.1, "t::b": 0.2, "t::c": 0.3}}
    (mutants / "mutmut-stats.json").write_text(json.dumps(stats))
    codes = {"sim.checks.x_number__mutmut_1": 0, "sim.checks.x_mapping__mutmut_2": 33,
             "sim.checks.x_mapping__mutmut_3": 1}
    (mutants / "sim" / "checks.py.meta").write_text(json.dumps({"exit_code_by_key": codes}))
    assert mutation._exit_codes(tmp_path) == codes
    mutation._every_test_for_every_function(tmp_path)
    patched = json.loads((mutants / "mutmut-stats.json").read_text())
    assert patched["tests_by_mangled_function_name"] == {
        "sim.checks.x_number": ["t::a", "t::b", "t::c"],
        "sim.checks.x_mapping": ["t::a", "t::b", "t::c"]}


def test_exit_codes_are_read_as_mutmut_means_them():
    assert {1, 3} <= mutation.KILLED  # a test failed or errored
    assert 36 in mutation.KILLED and 255 in mutation.KILLED  # timeouts count as caught
    assert not (mutation.KILLED & (mutation.SURVIVED | mutation.NO_TESTS))
