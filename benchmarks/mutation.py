"""Mutation testing: how many deliberate bugs the fast tests catch, per module (issue 14).

Run with ``make mutation`` (or ``python -m benchmarks.mutation [NAME ...]``);
it is not part of ``make test`` or CI: a full run takes about an hour on two
cores. For each module below it

1. copies ``sim/`` and ``tests/`` into ``_build/mutation/NAME/`` and writes a
   ``[tool.mutmut]`` configuration that mutates only that module and runs only
   the fast tests that exercise it;
2. runs ``mutmut run`` there;
3. re-runs every mutant that survived against *all* of those tests: mutmut
   picks the tests of a mutant by which tests called the mutated function,
   and code that runs at import time (the exercise builders and the judges
   they return) is credited to whichever test imported it first;
4. writes ``benchmarks/results/mutation.json``: per module the number of
   mutants, killed (a test failed or timed out), survived, and the surviving
   mutants' names with their diffs, and prints the kill rates.

Surviving mutants judged equivalent (no behaviour can tell them apart from
the original) or accepted are listed with the reason in
``benchmarks/mutation_accepted.json``; the score "of non-equivalent" leaves
those out. ``benchmarks/README.md`` records the latest figures.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "_build" / "mutation"
RESULTS = ROOT / "benchmarks" / "results" / "mutation.json"
ACCEPTED = ROOT / "benchmarks" / "mutation_accepted.json"

KILLED = {1, 3, 24, -24, 36, 152, 255}
"""mutmut exit codes that mean a test noticed the mutant (failure, error or timeout)."""
TIMEOUT = {24, -24, 36, 152}
"""Of those, the exit codes of a timeout (CPU or wall-clock limit). 255 is a worker that
raised before any test ran (mutmut exits -1), e.g. a mutant that breaks building the chapters."""
SURVIVED = {0}
NO_TESTS = {5, 33}


@dataclass(frozen=True)
class Target:
    """One module to mutate and the fast tests that should catch its mutants."""

    name: str
    module: str
    tests: tuple[str, ...]
    fork: bool = True
    """False: fork each mutant's worker from a clean server that imports nothing, for
    modules whose code runs at import time (the exercise builders)."""
    skip_functions: tuple[str, ...] = ()
    """Functions left unmutated (marked ``# pragma: no mutate start``/``end`` in the copy):
    the figures' ``spec()`` and the helpers only ``spec()`` calls, which hold titles,
    captions, colours, table rows and slider ranges, text and layout rather than compute
    code (the browser tests check that every panel draws its series)."""
    skip_modules: tuple[str, ...] = ()
    """Files matched by ``module`` that are not mutated (mutmut's ``do_not_mutate``)."""


TARGETS = (
    Target("mechanisms", "sim/mechanisms.py",
           ("tests/test_equations.py", "tests/test_mechanisms.py", "tests/test_model_mutants.py",
            "tests/test_model.py")),
    Target("model", "sim/model.py",
           ("tests/test_model.py", "tests/test_model_mutants.py", "tests/test_mechanisms.py")),
    Target("population", "sim/population.py",
           ("tests/test_population.py", "tests/test_model.py", "tests/test_model_mutants.py")),
    Target("checks", "sim/exercises/checks.py",
           ("tests/test_check_rules.py", "tests/test_exercises.py"), fork=False),
    Target("judge", "sim/grading/judge.py",
           ("tests/test_judge_rules.py", "tests/test_check_rules.py", "tests/test_exercises.py"),
           fork=False),
    Target("widgets", "sim/widgets/figures/*.py",
           ("tests/test_widget_values.py",
            # the "follow one customer" figure, against stepping the model itself
            "tests/test_widgets.py::test_follow_one_customer_is_the_models_own_trace"),
           skip_functions=("spec", "stage_panels", "life_curve_panel", "pattern_panel",
                           "pattern_rows", "stage_rows", "flow_rows", "scenario_control",
                           "preset_payload", "preset_options", "_calc", "_preset_showing"),
           # the engine-free figure the widget plumbing tests use, not course compute code
           skip_modules=("sim/widgets/figures/demo.py",)),
)


def _config(target: Target) -> str:
    """The ``[tool.mutmut]`` section for one target (TOML)."""
    lines = [
        "[tool.mutmut]",
        'source_paths = ["sim"]',
        f"only_mutate = [{json.dumps(target.module)}]",
        f"do_not_mutate = {json.dumps(list(target.skip_modules))}",
        f"pytest_add_cli_args_test_selection = {json.dumps(list(target.tests))}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not browser and not book"]',
        "use_git_change_detection = false",
    ]
    if not target.fork:
        # each mutant's worker imports sim and the tests afresh; mutmut's limit counts only
        # the tests' own time, so on a loaded machine the import alone ran out of time
        lines += ['process_isolation = "forkserver"', 'forkserver_warmup = "none"',
                  "timeout_constant = 10.0"]
    return "\n".join(lines) + "\n"


def _prepare(target: Target) -> Path:
    """A fresh working copy with the sources, the tests and the configuration."""
    folder = WORK / target.name.replace(" ", "_")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "sim", folder / "sim", ignore=ignore)
    shutil.copytree(ROOT / "tests", folder / "tests", ignore=ignore)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pytest_section = pyproject[pyproject.index("[tool.pytest.ini_options]"):]
    pytest_section = pytest_section[:pytest_section.find("\n[", 1) + 1 or None]
    (folder / "pyproject.toml").write_text(pytest_section + "\n" + _config(target),
                                           encoding="utf-8")
    with (folder / "tests" / "conftest.py").open("a", encoding="utf-8") as conftest:
        conftest.write(_ORDER_HOOK.format(order=list(target.tests)))
    for module in folder.glob(target.module):
        skip_functions(module, target.skip_functions)
    return folder


def skip_functions(path: Path, names: tuple[str, ...]) -> int:
    """Wrap each top-level function called one of ``names`` in no-mutate pragmas.

    Returns how many functions were wrapped. The pragmas are comment lines,
    so the copy's line numbers shift but its behaviour does not change.
    """
    if not names:
        return 0
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    spans = [(node.lineno - 1 - len(node.decorator_list), node.end_lineno)
             for node in ast.parse("".join(lines)).body
             if isinstance(node, ast.FunctionDef) and node.name in names]
    for start, end in sorted(spans, reverse=True):
        lines.insert(end, "# pragma: no mutate end\n")
        lines.insert(start, "# pragma: no mutate start\n")
    path.write_text("".join(lines), encoding="utf-8")
    return len(spans)


_ORDER_HOOK = """

# Added by benchmarks/mutation.py to this copy only: run the target's test files in the
# order the target lists them (fast, focused files first). mutmut runs with -x, so a
# mutant is then killed by the cheapest test that notices it.
_MUTATION_ORDER = {order!r}


def pytest_collection_modifyitems(items):
    rank = {{name: i for i, name in enumerate(_MUTATION_ORDER)}}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0].removeprefix("mutants/"),
                                         len(rank)))
"""


def _mutmut(folder: Path, *args: str, log: Path) -> None:
    env = dict(os.environ, LOYALTY_LAB_SIM_CACHE="off", PYTHONDONTWRITEBYTECODE="1")
    command = [str(Path(sys.executable).parent / "mutmut"), "run", "--max-children", "2", *args]
    with log.open("a", encoding="utf-8") as out:
        subprocess.run(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
                       check=False)


def _exit_codes(folder: Path) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for meta in (folder / "mutants").rglob("*.meta"):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def _every_test_for_every_function(folder: Path) -> None:
    """Let every mutant of the module be checked by all of the target's tests."""
    path = folder / "mutants" / "mutmut-stats.json"
    stats = json.loads(path.read_text(encoding="utf-8"))
    tests = sorted(stats["duration_by_test"])
    functions = {name.rsplit("__mutmut_", 1)[0] for name in _exit_codes(folder)}
    mapping = stats["tests_by_mangled_function_name"]
    for function in functions:
        mapping[function] = tests
    path.write_text(json.dumps(stats), encoding="utf-8")


def _diff(folder: Path, name: str) -> str:
    mutmut = str(Path(sys.executable).parent / "mutmut")
    shown = subprocess.run([mutmut, "show", name], cwd=folder, capture_output=True, text=True,
                           check=False)
    return "\n".join(line for line in shown.stdout.splitlines()
                     if line.startswith(("+", "-")) and not line.startswith(("+++", "---")))


def run_target(target: Target) -> dict:
    """Mutate one module and report its kill rate."""
    start = time.monotonic()
    folder = _prepare(target)
    log = folder / "mutmut.log"
    _mutmut(folder, log=log)
    first = _exit_codes(folder)
    # survivors, and timeouts (a loaded machine can run out of time without any bug), are
    # run again against every test of the target
    retry = sorted(name for name, code in first.items()
                   if code not in KILLED or code in TIMEOUT)
    if retry:
        _every_test_for_every_function(folder)
        _mutmut(folder, *retry, log=log)
    return _report(target, folder, start)


def rerun_survivors(target: Target, previous: dict) -> dict:
    """Run the survivors of the last run of ``target`` again, against the tests as they are now.

    For tests that were sharpened after a run (same test names): the working copy's
    ``tests/`` are refreshed and only the previous survivors are re-run, against every
    test of the target, instead of mutating the whole module again.
    """
    start = time.monotonic()
    folder = WORK / target.name.replace(" ", "_")
    if not (folder / "mutants").is_dir():
        raise SystemExit(f"no earlier run of {target.name} in {folder}: run it first")
    for tests in (folder / "tests", folder / "mutants" / "tests"):
        hook = (tests / "conftest.py").read_text(encoding="utf-8")
        hook = hook[hook.index("\n\n# Added by benchmarks/mutation.py"):]
        shutil.rmtree(tests)
        shutil.copytree(ROOT / "tests", tests,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        with (tests / "conftest.py").open("a", encoding="utf-8") as conftest:
            conftest.write(hook)
    names = sorted(previous["survivors"])
    if names:
        _every_test_for_every_function(folder)
        _mutmut(folder, *names, log=folder / "mutmut.log")
    result = _report(target, folder, start)
    result["seconds"] += previous.get("seconds", 0)
    result["rerun_of_survivors"] = names
    return result


def _report(target: Target, folder: Path, start: float) -> dict:
    codes = _exit_codes(folder)
    accepted = json.loads(ACCEPTED.read_text(encoding="utf-8")) if ACCEPTED.exists() else {}
    survivors = sorted(name for name, code in codes.items() if code not in KILLED)
    killed = len(codes) - len(survivors)
    equivalent = [name for name in survivors if name in accepted]
    considered = len(codes) - len(equivalent)
    return {
        "module": target.module,
        "tests": list(target.tests),
        "mutants": len(codes),
        "killed": killed,
        "survived": len(survivors),
        "accepted": len(equivalent),
        "timeouts": sum(code in TIMEOUT for code in codes.values()),
        "crashed_before_tests": sum(code == 255 for code in codes.values()),
        "kill_rate": killed / len(codes) if codes else None,
        "kill_rate_non_equivalent": killed / considered if considered else None,
        "seconds": round(time.monotonic() - start),
        "survivors": {name: {"diff": _diff(folder, name), "exit_code": codes[name],
                             "reason": accepted.get(name, "")} for name in survivors},
    }


def main(argv: list[str] | None = None) -> int:
    """Run the chosen targets (all by default) and print their kill rates."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="targets to run: "
                        + ", ".join(t.name for t in TARGETS))
    parser.add_argument("--survivors-again", action="store_true",
                        help="re-run only the survivors of each target's last run, against "
                        "its tests as they are now (after sharpening tests)")
    args = parser.parse_args(argv)
    known = {t.name: t for t in TARGETS}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; choose from {list(known)}")
    if shutil.which("mutmut", path=str(Path(sys.executable).parent)) is None:
        parser.error("mutmut is not installed: run `make mutation` (it installs the "
                     "'mutation' extra)")
    report = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    for target in [known[n] for n in args.names] or TARGETS:
        print(f"mutating {target.module} (tests: {', '.join(target.tests)}) ...", flush=True)
        if args.survivors_again:
            if target.name not in report:
                parser.error(f"no earlier result for {target.name} in {RESULTS}")
            result = rerun_survivors(target, report[target.name])
        else:
            result = run_target(target)
        report[target.name] = result
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2), encoding="utf-8")
        rate = result["kill_rate_non_equivalent"]
        print(f"  {result['killed']} of {result['mutants']} killed, {result['accepted']} "
              f"accepted as equivalent: {rate:.1%} of non-equivalent mutants "
              f"({result['seconds']} s)" if rate is not None else "  no mutants", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
