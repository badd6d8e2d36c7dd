"""The figures' computations in the page agree with Python's, given the same run (issue 11).

``sim/static/figures.mjs`` shapes a model run into a figure's series and
numbers in the static book; ``sim/widgets/figures`` does it in a live kernel.
Here both get the *same* Mesa model results (Python's ``Results.to_dict()``
is what the browser engine returns too), so they must agree exactly: this
separates the shaping, which is deterministic, from the engines, whose
agreement is statistical (``tests/test_js_engine.py``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.scenario import Scenario
from sim.widgets import grid
from sim.widgets.figures import common
from sim.widgets.figures import lifecycle as lifecycle_figure
from sim.widgets.jsmechanisms import mechanisms_module
from sim.widgets.node import run_node

STATIC = Path(sim.__file__).parent / "static"
FIGURES = {"lifecycle": lifecycle_figure}
INT_FIELDS = [name for name in Scenario.field_names() if Scenario.spec(name).kind is int]
POINTS = [
    ({}, 1),
    ({"supplier_value": 0.8, "value_innovation": 0.6, "price": 1.2}, 2),
    ({"expectation_growth": 0.9, "value_innovation": 0.0, "switching_cost": 0.0}, 3),
    ({"supplier_value": 0.35, "price": 1.4, "switching_cost": 0.9}, 1),
]

SHAPE = """
import { FIGURES, average, scenarioFrom } from "./figures.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
const figure = FIGURES[job.name];
const shaped = job.runs.map((res) => figure.shape(res, job.values));
const mean = shaped.length ? average(shaped) : null;
process.stdout.write(JSON.stringify({
  shaped,
  mean: mean && { s: mean.s, n: { ...mean.n, ...figure.describe(mean.n, job.values) } },
  scenario: scenarioFrom(job.base, job.values, job.intFields),
}));
"""


def python_runs(name: str, values: dict[str, Any], seeds: list[int]) -> tuple[list, list]:
    """The figure's Python results for each seed, and the model results they came from."""
    captured = []
    original = common.run

    def recording(scenario: Scenario, seed: int) -> Any:
        model, res = original(scenario, seed)
        captured.append(res)
        return model, res

    common.run = recording
    try:
        shaped = [FIGURES[name].compute(values, seed) for seed in seeds]
    finally:
        common.run = original
    return shaped, captured


def run_js(name: str, values: dict[str, Any], runs: list[sim.Results]) -> dict[str, Any]:
    job = {"name": name, "values": values, "runs": [r.to_dict() for r in runs],
           "base": Scenario().to_dict(), "intFields": INT_FIELDS}
    return json.loads(run_node(SHAPE, {"figures.mjs": (STATIC / "figures.mjs").read_text()},
                               stdin=json.dumps(job)))


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal structures; floats to 1e-12, NaN in Python as null in JavaScript."""
    if isinstance(a, dict):
        assert set(a) == set(b), f"{where}: keys {sorted(set(a) ^ set(b))}"
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), f"{where}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif a is None or (isinstance(a, float) and math.isnan(a)):
        assert b is None, f"{where}: {a} vs {b}"
    elif isinstance(a, str):
        assert a == b, f"{where}: {a!r} vs {b!r}"
    else:
        assert b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), \
            f"{where}: {a} vs {b}"


@pytest.mark.parametrize(("values", "seed"), POINTS)
def test_lifecycle_shaped_in_the_page_as_in_python(values: dict[str, Any], seed: int) -> None:
    values = {**lifecycle_figure.START, **values}
    shaped, runs = python_runs("lifecycle", values, [seed])
    got = run_js("lifecycle", values, runs)
    same(shaped[0], got["shaped"][0], "lifecycle")
    numbers = shaped[0]["n"]
    assert len({numbers[f"p_{p}"] for p in common.PATTERNS}) > 1  # not a degenerate point


def test_seeds_averaged_and_described_in_the_page_as_in_python() -> None:
    values = {**lifecycle_figure.START, "expectation_growth": 0.9, "value_innovation": 0.0}
    shaped, runs = python_runs("lifecycle", values, [1, 2, 3])
    mean = grid.average(shaped)
    mean = {"s": mean["s"], "n": {**mean["n"], **lifecycle_figure.describe(mean["n"], values)}}
    got = run_js("lifecycle", values, runs)
    same(mean, got["mean"], "mean")


def test_scenario_from_control_values_as_in_python() -> None:
    values = {"price": 1.25, "n_rivals": 2.5, "imitation_lag": 3.5, "not_a_field": 7}
    got = run_js("lifecycle", values, [])["scenario"]
    assert got == common.scenario_from(values).to_dict()


def test_a_figure_computed_in_the_page_runs_the_browser_engine() -> None:
    """computePoint: scenario, engine runs over the seeds, shape, words: one call."""
    script = """
import * as engine from "./engine.mjs";
import { computePoint } from "./figures.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(
  computePoint(engine, "lifecycle", job.base, job.intFields, job.values, [1, 2])));
"""
    modules = {"engine.mjs": (STATIC / "engine.mjs").read_text(),
               "mechanisms.mjs": mechanisms_module(),
               "figures.mjs": (STATIC / "figures.mjs").read_text()}
    job = {"base": Scenario().to_dict(), "intFields": INT_FIELDS,
           "values": lifecycle_figure.START}
    got = json.loads(run_node(script, modules, stdin=json.dumps(job)))
    assert got["n"]["dominant"] in common.PATTERNS
    assert abs(sum(got["n"][f"p_{p}"] for p in common.PATTERNS) - 1) < 1e-9
    assert len(got["s"]["st_ended"]) == len(common.period_axis(lifecycle_figure.STEP))
    assert got["s"]["st_exploration"][0] == common.N_CUSTOMERS  # everyone starts exploring
