"""Issue 14's thirteen deliberate bugs, re-run against the tests that name each behaviour.

Issue 14 opened with a table: thirteen bugs put into the code on purpose,
most of which no test noticed. This script puts each of them (in the form
today's code takes) into a copy of the checkout, runs the tests that name the
behaviour, and records whether they failed (the bug was *caught*). Run it
with ``python -m benchmarks.named_mutants [ID ...]``; it is not part of
``make test`` (about 45 minutes on two cores, most of it the figure and
browser tests' unchanged first run) and writes
``benchmarks/results/named_mutants.json`` (a run of some IDs updates theirs
and keeps the others) and prints a Markdown table.

How a bug is put in: each is a text replacement in one file, and the
replaced text must occur exactly once (``tests/test_mutation_driver.py``
checks that on every test run, so a refactoring that moves the code fails
there instead of silently testing nothing). Bugs of the *built* book
(chapter 4's figure replaced by a line of text, or throwing while it draws)
are put into a copy of the HTML the test suite last built
(``_build/clean-copy/_build/html``: run ``make test`` first), and the book
tests run on it with ``LOYALTY_LAB_REUSE_BOOK=1``, as a broken build would
be tested. Before any bug, every test selection runs once unchanged and
must pass, so a "caught" is the bug's doing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "_build" / "named-mutants"
BUILT_HTML = ROOT / "_build" / "clean-copy" / "_build" / "html"
RESULTS = ROOT / "benchmarks" / "results" / "named_mutants.json"

MODEL_TESTS = ("tests/test_model_mutants.py", "tests/test_model.py", "tests/test_mechanisms.py",
               "tests/test_equations.py", "tests/test_reference.py")
FIGURE_TESTS = ("tests/test_widget_values.py", "tests/test_widgets.py")
CH04 = "book/ch04_satisfaction_trap.html"
CH04_BOOK_TESTS = ("tests/test_book.py", "-k", "ch04")


@dataclass(frozen=True)
class Mutant:
    """One deliberate bug: where it goes, what it replaces, which tests should catch it."""

    id: str
    bug: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    built: bool = False  # the path is in the built HTML, not in the sources
    env: dict[str, str] = field(default_factory=dict)


MUTANTS: tuple[Mutant, ...] = (
    Mutant("unfairness", "the unfairness mechanism returns 0 (was: fairness_penalty)",
           "sim/mechanisms.py",
           "    return (UNFAIRNESS_WEIGHT * _lookup(FAIRNESS_WEIGHT, stage))",
           "    return 0.0 * (UNFAIRNESS_WEIGHT * _lookup(FAIRNESS_WEIGHT, stage))", MODEL_TESTS),
    Mutant("no-drop", "the fast model never drops low-wallet prospects", "sim/model.py",
           'dropped = (s["age"] == 0) & s["not_worth"]',
           'dropped = (s["age"] == 0) & s["not_worth"] & False', MODEL_TESTS),
    Mutant("no-referrals", "referrals bring no new customers", "sim/model.py",
           "self._arrive(int(acquired + referred), source=1, referred=int(referred))",
           "self._arrive(int(acquired), source=1, referred=0)", MODEL_TESTS),
    Mutant("always-recover", "declining customers recover on their own", "sim/mechanisms.py",
           "ADVANCE_RATE = (0.35, 0.18, 0.0, 0.0)", "ADVANCE_RATE = (0.35, 0.18, 0.0, 0.1)",
           MODEL_TESTS),
    Mutant("no-noise", "purchase-quality noise off", "sim/model.py",
           "quality = (mech.QUALITY_NOISE * _SQRT3) * (", "quality = 0.0 * (", MODEL_TESTS),
    Mutant("swap-II-III", "the figure's numbers swap patterns II and III",
           "sim/widgets/figures/common.py",
           'out = {f"p_{p}": float(res.pattern_shares[p]) for p in PATTERNS}',
           'out = {f"p_{p}": float(res.pattern_shares[{"II": "III", "III": "II"}.get(p, p)])'
           " for p in PATTERNS}", FIGURE_TESTS),
    Mutant("lifecycle-levers", "the lifecycle figure ignores its price (was: fairness) and "
           "switching cost", "sim/widgets/figures/lifecycle.py",
           "_, res = c.run(c.scenario_from(values), seed)",
           "_, res = c.run(c.scenario_from({k: v for k, v in values.items() "
           'if k not in ("price", "switching_cost")}), seed)', FIGURE_TESTS),
    Mutant("no-chart", "widget.js draws no chart", "sim/static/widget.js",
           "panels.forEach((p) => p.update(st.result, st.t, upTo));",
           "/* the charts are not drawn */",
           ("tests/test_widgets_browser.py", "-k", "not built_book and not chinese_edition")),
    Mutant("ch04-text", "the built chapter 4 figure shows one line of text", CH04,
           '<script type="application/vnd.jupyter.widget-view+json">',
           '<pre>LoyaltyFigure(name="satisfaction_trap")</pre><script type="text/plain">',
           CH04_BOOK_TESTS, built=True),
    Mutant("ch04-throws", "the built chapter 4 figure throws while drawing", CH04,
           "function render({ model, el }) {",
           'function render({ model, el }) { throw new Error("mutant");', CH04_BOOK_TESTS,
           built=True),
    Mutant("unmasked", "the sandbox stops masking sim/exercises and sim/grading",
           "sim/grading/runtime.py",
           "elif entry.is_dir() and entry.name not in PRIVATE_SUBPACKAGES and (",
           "elif entry.is_dir() and (", ("tests/test_sandbox_location.py",)),
    Mutant("no-kill", "cleanup stops killing the sandbox user's leftover processes",
           "sim/grading/sandbox.py",
           "            for pid in pids:\n                try:\n"
           "                    os.kill(pid, signal.SIGKILL)",
           "            for pid in pids:\n                try:\n                    pass",
           ("tests/test_grading_attacks.py", "-k", "survives")),
    Mutant("any-1.5", "question 1.5 accepts any number", "sim/exercises/ch01.py",
           '0.512, "answer_1_5 = 0.8 ** 3", abs_tol=0.001,',
           '0.512, "answer_1_5 = 0.8 ** 3", abs_tol=1e9,',
           ("tests/test_check_rules.py", "tests/test_exercises.py")),
)
"""The thirteen bugs of issue 14's table, in its order."""


def source_text(mutant: Mutant, root: Path = ROOT) -> str:
    """The text the mutant changes (sources, or the built HTML for built-book bugs)."""
    base = BUILT_HTML if mutant.built else root
    return (base / mutant.path).read_text(encoding="utf-8")


def apply(mutant: Mutant, copy: Path) -> None:
    """Put the bug into ``copy`` (its sources, or its copy of the built HTML)."""
    base = copy / "_build" / "clean-copy" / "_build" / "html" if mutant.built else copy
    path = base / mutant.path
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.old)
    if count < 1 or (not mutant.built and count != 1):
        raise SystemExit(f"{mutant.id}: the text to replace occurs {count} times in "
                         f"{mutant.path}; update benchmarks/named_mutants.py")
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")


def make_copy(dest: Path, with_html: bool) -> Path:
    """A fresh-clone-like copy of the checkout, and of the built HTML when a bug needs it.

    The copy is made by the test suite's own ``clean_copy`` (tracked and new
    unignored files, the environment linked, not copied).
    """
    spec = importlib.util.spec_from_file_location("_suite_conftest",
                                                  ROOT / "tests" / "conftest.py")
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    conftest.clean_copy(dest, keep_build=False)
    if with_html:
        shutil.copytree(BUILT_HTML, dest / "_build" / "clean-copy" / "_build" / "html",
                        symlinks=True)
    return dest


def run_tests(copy: Path, tests: tuple[str, ...]) -> tuple[bool, float, str]:
    """Run the tests in ``copy``; return (passed, seconds, what pytest said).

    What pytest said is the first failing test's id when one failed, else
    pytest's last line.
    """
    env = {**os.environ, "PYTHONPATH": str(copy), "LOYALTY_LAB_REUSE_BOOK": "1"}
    start = time.monotonic()
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-x", "-q",
                           "-p", "no:cacheprovider", *tests], cwd=copy, env=env,
                          capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    failed = [line.split()[1] for line in lines if line.startswith(("FAILED ", "ERROR "))]
    said = failed[0] if failed else (lines[-1] if lines else "")
    return proc.returncode == 0, time.monotonic() - start, said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="mutants to run (default: all)")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.ids or m.id in args.ids]
    needs_html = any(m.built for m in chosen)
    if needs_html and not (BUILT_HTML / "index.html").is_file():
        raise SystemExit(f"no built book at {BUILT_HTML}: run 'make test' first")
    rows = []
    for selection in dict.fromkeys(m.tests for m in chosen):
        copy = make_copy(WORK / "baseline", needs_html)
        passed, seconds, last = run_tests(copy, selection)
        print(f"baseline {' '.join(selection)}: {last} ({seconds:.0f} s)", flush=True)
        if not passed:
            raise SystemExit("the tests fail without any bug; fix them first")
    for mutant in chosen:
        copy = make_copy(WORK / mutant.id, mutant.built)
        apply(mutant, copy)
        passed, seconds, last = run_tests(copy, mutant.tests)
        rows.append({"id": mutant.id, "bug": mutant.bug, "tests": " ".join(mutant.tests),
                     "caught": not passed, "seconds": round(seconds, 1), "pytest": last})
        print(f"{mutant.id}: {'caught' if not passed else 'MISSED'} ({last})", flush=True)
        shutil.rmtree(copy)
    # Keep the earlier results of bugs not run this time (a run of some IDs adds to them).
    earlier = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else []
    known = {row["id"]: row for row in [*earlier, *rows]}
    table = [known[m.id] for m in MUTANTS if m.id in known]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    print("\n| bug | tests | result |\n| --- | --- | --- |")
    for row in table:
        print(f"| {row['bug']} | `{row['tests']}` | "
              f"{'caught' if row['caught'] else '**missed**'}: {row['pytest']} |")
    return 0 if all(row["caught"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
