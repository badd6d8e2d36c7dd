"""The mutation-testing driver (``make mutation``) is configured to test what it names.

The mutation run itself takes an hour and is not part of the suite; these
checks keep its configuration honest: every target names a module and
tests that exist, the generated mutmut configuration mutates only that
module, and survivors are re-run against every selected test.
"""

from __future__ import annotations

import json
import shutil
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
            assert (ROOT / test.split("::")[0]).is_file(), test
    modules = {t.module for t in mutation.TARGETS}
    assert {"sim/mechanisms.py", "sim/model.py", "sim/population.py",
            "sim/exercises/checks.py", "sim/grading/judge.py",
            "sim/widgets/figures/*.py"} == modules


def test_configuration_mutates_only_the_target_and_runs_only_its_tests():
    target = next(t for t in mutation.TARGETS if t.name == "checks")
    config = tomllib.loads(mutation._config(target))["tool"]["mutmut"]
    assert config["only_mutate"] == ["sim/exercises/checks.py"]
    assert config["pytest_add_cli_args_test_selection"] == ["tests/test_check_rules.py",
                                                            "tests/test_exercises.py"]
    # the exercise builders run at import: each mutant must import the code afresh
    assert config["process_isolation"] == "forkserver"
    # ... and that import is not counted in mutmut's time limit: allow for it
    assert config["timeout_constant"] >= 10
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


def test_the_copy_runs_the_targets_test_files_in_the_listed_order(tmp_path, monkeypatch):
    """mutmut stops at the first failure (-x): the focused, fast files must come first."""
    monkeypatch.setattr(mutation, "WORK", tmp_path)
    target = next(t for t in mutation.TARGETS if t.name == "checks")
    folder = mutation._prepare(target)
    conftest = folder / "tests" / "conftest.py"
    namespace: dict = {"__file__": str(conftest)}
    exec(compile(conftest.read_text(), str(conftest), "exec"), namespace)

    class Item:
        def __init__(self, nodeid):
            self.nodeid = nodeid

    items = [Item("tests/other.py::t"), Item("tests/test_exercises.py::a"),
             Item("mutants/tests/test_check_rules.py::b"), Item("tests/test_exercises.py::c")]
    namespace["pytest_collection_modifyitems"](items)
    assert [i.nodeid for i in items] == [
        "mutants/tests/test_check_rules.py::b", "tests/test_exercises.py::a",
        "tests/test_exercises.py::c", "tests/other.py::t"]
    assert (ROOT / "tests" / "conftest.py").read_text() != (
        folder / "tests" / "conftest.py").read_text()  # the repository's file is untouched


def test_survivors_again_reruns_only_the_survivors_with_fresh_tests(tmp_path, monkeypatch):
    monkeypatch.setattr(mutation, "WORK", tmp_path)
    monkeypatch.setattr(mutation, "ACCEPTED", tmp_path / "accepted.json")
    target = next(t for t in mutation.TARGETS if t.name == "checks")
    folder = mutation._prepare(target)
    (folder / "mutants" / "sim").mkdir(parents=True)
    shutil.copytree(folder / "tests", folder / "mutants" / "tests")
    (folder / "mutants" / "tests" / "test_check_rules.py").write_text("stale")
    stats = {"tests_by_mangled_function_name": {}, "duration_by_test": {"t::a": 0.1}}
    (folder / "mutants" / "mutmut-stats.json").write_text(json.dumps(stats))
    meta = folder / "mutants" / "sim" / "checks.py.meta"
    meta.write_text(json.dumps({"exit_code_by_key": {"m.x_f__mutmut_1": 0, "m.x_f__mutmut_2": 0,
                                                     "m.x_g__mutmut_1": 1}}))
    ran = []

    def fake_mutmut(where, *names, log):
        ran.append(names)
        meta.write_text(json.dumps({"exit_code_by_key": {
            "m.x_f__mutmut_1": 1, "m.x_f__mutmut_2": 0, "m.x_g__mutmut_1": 1}}))

    monkeypatch.setattr(mutation, "_mutmut", fake_mutmut)
    monkeypatch.setattr(mutation, "_diff", lambda where, name: "")
    previous = {"survivors": {"m.x_f__mutmut_1": {}, "m.x_f__mutmut_2": {}}, "seconds": 100}
    result = mutation.rerun_survivors(target, previous)
    assert ran == [("m.x_f__mutmut_1", "m.x_f__mutmut_2")]
    assert (result["killed"], result["survived"], result["mutants"]) == (2, 1, 3)
    assert list(result["survivors"]) == ["m.x_f__mutmut_2"] and result["seconds"] >= 100
    fresh = folder / "mutants" / "tests"
    assert (fresh / "test_check_rules.py").read_text() == (
        ROOT / "tests" / "test_check_rules.py").read_text()
    assert (fresh / "conftest.py").read_text().count("_MUTATION_ORDER = ") == 1


# ---------------------------------------------------------------------------
# Issue 14's thirteen named bugs (benchmarks/named_mutants.py)
# ---------------------------------------------------------------------------
def test_each_named_bug_still_finds_the_code_it_breaks(tmp_path):
    """Every source bug replaces text that occurs exactly once, and the result differs.

    A refactoring that moves the code makes this fail, instead of the script
    silently re-running tests against unchanged code. Built-book bugs are
    checked against the widget code they rely on.
    """
    from benchmarks import named_mutants

    mutants = named_mutants.MUTANTS
    assert len(mutants) == 13 and len({m.id for m in mutants}) == 13
    for mutant in mutants:
        for test in mutant.tests:
            if test.startswith("tests/"):
                assert (ROOT / test).is_file(), test
        if mutant.built:
            continue
        text = (ROOT / mutant.path).read_text(encoding="utf-8")
        assert text.count(mutant.old) == 1, mutant.id
        (tmp_path / Path(mutant.path).parent).mkdir(parents=True, exist_ok=True)
        (tmp_path / mutant.path).write_text(text, encoding="utf-8")
        named_mutants.apply(mutant, tmp_path)
        changed = (tmp_path / mutant.path).read_text(encoding="utf-8")
        assert changed != text and mutant.new in changed
    widget = (ROOT / "sim" / "static" / "widget.js").read_text(encoding="utf-8")
    assert "function render({ model, el }) {" in widget  # what ch04-throws breaks


def test_the_figures_spec_functions_are_left_unmutated(tmp_path):
    """The widgets target mutates compute code only: each spec() is fenced off, exactly."""
    target = {t.name: t for t in mutation.TARGETS}["widgets"]
    assert "spec" in target.skip_functions and "compute" not in target.skip_functions
    assert "describe" not in target.skip_functions
    source = ROOT / "sim" / "widgets" / "figures" / "lifecycle.py"
    copy = tmp_path / "lifecycle.py"
    shutil.copy(source, copy)
    assert mutation.skip_functions(copy, target.skip_functions) == 1
    lines = copy.read_text(encoding="utf-8").splitlines()
    start, end = lines.index("# pragma: no mutate start"), lines.index("# pragma: no mutate end")
    assert lines[start + 1].startswith("def spec(")
    assert lines[end + 1:] == source.read_text(encoding="utf-8").splitlines()[end - 1:]
    assert not any(line.startswith("def ") for line in lines[start + 2:end])
    assert any(line.startswith("def compute(") for line in lines[end:])
    compile("\n".join(lines), str(copy), "exec")  # still the same module


def test_the_fenced_off_helpers_are_only_called_by_spec():
    """A helper left unmutated must build the figure's description only, never its numbers."""
    import ast

    target = {t.name: t for t in mutation.TARGETS}["widgets"]
    helpers = set(target.skip_functions) - {"spec"}
    callers: dict[str, set[str]] = {name: set() for name in helpers}
    for path in sorted((ROOT / "sim" / "widgets" / "figures").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    name = getattr(call.func, "attr", getattr(call.func, "id", None))
                    if name in callers:
                        callers[name].add(node.name)
    assert all(callers.values()), callers  # each helper is used somewhere
    assert {name: found - {"spec"} for name, found in callers.items()} == \
        {name: set() for name in helpers}
