"""The JavaScript mechanisms of the browser engine agree with sim/mechanisms.py.

``sim.widgets.jsmechanisms`` translates the Python mechanisms into an ES
module (one source for the equations). These tests run the generated module in
Node (``sim.widgets.node``) on a few hundred random points per mechanism, with
the Python types the per-agent reference model passes (floats, int stages and
ages, a bool win-back offer, tuples of tastes), and compare with the Python.
All points of all mechanisms go to one Node run.
"""

from __future__ import annotations

import inspect
import json
import math
import re
import zlib
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pytest

from sim import mechanisms as mech
from sim.widgets.jsmechanisms import UntranslatableMechanism, mechanisms_module, translate_function
from sim.widgets.node import run_node

POINTS = 256
TOLERANCE = 1e-9  # absolute and relative: both sides compute in double precision

Draw = Callable[[np.random.Generator, dict[str, Any]], Any]


def uniform(low: float, high: float) -> Draw:
    return lambda rng, _: float(rng.uniform(low, high))


def integers(low: int, high: int) -> Draw:  # inclusive
    return lambda rng, _: int(rng.integers(low, high + 1))


def below(name: str) -> Draw:  # an int from 0 to args[name] - 1
    return lambda rng, args: int(rng.integers(0, args[name]))


def boolean() -> Draw:
    return lambda rng, _: bool(rng.random() < 0.5)


def floats(low: float, high: float, like: str | None = None) -> Draw:
    """A tuple of 1-4 floats (as long as the tuple args[like] if given)."""
    def draw(rng: np.random.Generator, args: dict[str, Any]) -> tuple[float, ...]:
        length = len(args[like]) if like else int(rng.integers(1, 5))
        return tuple(float(x) for x in rng.uniform(low, high, length))
    return draw


UNIT = uniform(0.0, 1.0)
STAGE = integers(0, 4)  # 4: ended (_lookup gives 0)
RANGES: dict[str, Draw] = {
    # what the supplier and its rivals offer
    "supplier_value": uniform(0.3, 1.2), "competitor_value": uniform(0.3, 1.2),
    "start": uniform(0.3, 1.2), "latent": uniform(0.0, 1.0),
    "innovation": uniform(0.0, 3.0), "market_innovation": uniform(0.0, 3.0),
    "latent_focus": UNIT, "t": integers(0, 120), "imitation_lag": integers(0, 60),
    "n_rivals": integers(1, 4), "rank": integers(0, 3),
    "structural_bond": UNIT, "social_bond": UNIT, "financial_bond": UNIT,
    "price": uniform(0.5, 2.0), "unit_cost": uniform(0.0, 1.0),
    # expectations and satisfaction
    "experience": uniform(0.0, 200.0), "stage": STAGE, "initial": uniform(0.3, 1.2),
    "mean_initial": uniform(0.3, 1.2), "growth": uniform(0.0, 3.0), "offset": uniform(-0.5, 0.5),
    "own": uniform(0.0, 1.5), "alternative": uniform(0.0, 1.5), "usual": uniform(0.0, 1.2),
    "noise": uniform(-3.0, 3.0), "value": uniform(0.0, 1.5), "expectation": uniform(0.0, 1.5),
    "satisfaction": UNIT, "basic": UNIT, "sat": uniform(-0.5, 1.0), "trust": UNIT,
    # value, fairness
    "orientation": UNIT, "mean_sensitivity": uniform(0.0, 0.5), "incentive": uniform(0.0, 0.3),
    "advantage": uniform(-0.6, 0.1), "latent_sat": UNIT, "sensitivity": UNIT,
    "tolerance": UNIT, "tastes": floats(-0.25, 0.25), "appeals": floats(-0.04, 0.0, "tastes"),
    "taste": uniform(-0.3, 0.3), "offer": uniform(-1.0, 1.0),
    "supplier_gain": uniform(0.0, 0.8), "gain": uniform(0.0, 1.5), "share": UNIT,
    "fair": uniform(0.2, 0.8),
    # switching costs, loyalty, lifecycle
    "base": uniform(0.0, 0.8), "age": integers(0, 120), "economic": UNIT, "social": UNIT,
    "unfair": uniform(0.0, 0.5), "switching": UNIT, "att": UNIT, "held": uniform(0.0, 0.85),
    "commit": UNIT, "churn": uniform(0.0, 0.05),
    # money
    "margin_": uniform(-0.2, 0.8), "wallet": uniform(0.1, 3.0), "effort": UNIT,
    "cost_per_effort": uniform(0.0, 10.0), "repurchase": UNIT, "pull": uniform(-0.3, 0.3),
    "cross_buy": UNIT, "financial_bond_cost": uniform(0.0, 0.3),
    "social_cost": uniform(0.0, 0.05), "structural_cost": uniform(0.0, 0.05),
    "innovation_cost": uniform(0.0, 0.05), "revenue_": uniform(0.0, 3.0),
    "cost": uniform(0.0, 0.1), "yearly_rate": uniform(0.0, 0.2),
    "periods_per_year": integers(1, 12), "period_rate": uniform(0.0, 0.02),
    "threshold": uniform(0.0, 2.0), "acquisition_rate": uniform(0.0, 0.05),
    "n_customers": integers(100, 2000), "referral_strength": uniform(0.0, 0.1),
    "referral_sum": uniform(0.0, 500.0),
}
"""How to draw each parameter, by name (the range it takes in the model)."""

OVERRIDES: dict[tuple[str, str], Draw] = {
    ("rival_start_value", "rank"): below("n_rivals"),
    ("winback_chance", "offer"): boolean(),  # the reference passes winback == 1
    ("attitude", "value"): UNIT,  # perceived value
    ("price_tolerance", "value"): UNIT,
    ("advance_chance", "value"): UNIT,
}
"""Parameters whose range in one mechanism differs from the name's usual one."""

MUTANTS = {
    "basic_value": ("supplier_value + (", "supplier_value - ("),
    "trust_update": ("trust + gain + loss", "trust + gain - loss"),
    "advance_chance": ("stage == 1", "stage == 2"),
    "best_taste": ("maximum(best,", "minimum(best,"),
    "winback_worth": ("> cost_per_effort", "< cost_per_effort"),
}
"""One changed operator (or call) in the source of a few mechanisms."""

SCRIPT = """\
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
const modules = {};
for (const name of job.modules) modules[name] = await import(`./${name}`);
const finite = (key, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v);
const out = job.calls.map(([module, name, args]) => modules[module][name](...args));
process.stdout.write(JSON.stringify(out, finite));
"""


def _points(function: Callable[..., Any]) -> list[list[Any]]:
    """POINTS argument lists for ``function`` (defaults left out of every other one)."""
    name = function.__name__
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    params = inspect.signature(function).parameters.values()
    points = []
    for i in range(POINTS):
        args: dict[str, Any] = {}
        for param in params:
            if param.default is not param.empty and i % 2:
                continue
            draw = OVERRIDES.get((name, param.name)) or RANGES.get(param.name)
            assert draw is not None, f"add a range for {name}({param.name}) to RANGES"
            args[param.name] = draw(rng, args)
        points.append(list(args.values()))
    return points


def _jsonable(value: Any) -> Any:
    """A Python result as the JavaScript's JSON shows it."""
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[repr(value)]
    return value


def _agree(py: Any, js: Any) -> bool:
    if isinstance(py, list):
        return isinstance(js, list) and len(py) == len(js) and all(map(_agree, py, js))
    if isinstance(py, bool) or isinstance(js, bool) or isinstance(py, str):
        return type(py) is type(js) and py == js
    return (isinstance(js, int | float)
            and math.isclose(js, py, rel_tol=TOLERANCE, abs_tol=TOLERANCE))


def _mutant_source(name: str) -> str:
    old, new = MUTANTS[name]
    source = inspect.getsource(getattr(mech, name))
    assert source.count(old) == 1, (name, old)
    return source.replace(old, new)


@cache
def _module() -> str:
    return mechanisms_module()


@cache
def _results() -> dict[tuple[str, str], tuple[list[list[Any]], list[Any], list[Any]]]:
    """(module, mechanism) -> (points, Python results, JavaScript results), from one Node run."""
    module = _module()
    modules = {"mechanisms.mjs": module}
    calls: list[tuple[str, str, list[Any]]] = []
    for function in mech.MECHANISMS:
        calls += [("mechanisms.mjs", function.__name__, p) for p in _points(function)]
    for i, name in enumerate(MUTANTS):
        original = translate_function(inspect.getsource(getattr(mech, name)))
        assert original in module
        mutant = translate_function(_mutant_source(name))
        assert mutant != original
        modules[f"mutant{i}.mjs"] = module.replace(original, mutant)
        calls += [(f"mutant{i}.mjs", name, p) for p in _points(getattr(mech, name))]
    stdin = json.dumps({"modules": list(modules), "calls": calls})
    js = json.loads(run_node(SCRIPT, modules, stdin=stdin, timeout=60))
    out: dict[tuple[str, str], tuple[list[list[Any]], list[Any], list[Any]]] = {}
    for (module_name, name, args), js_result in zip(calls, js, strict=True):
        points, py_results, js_results = out.setdefault((module_name, name), ([], [], []))
        points.append(args)
        py_results.append(_jsonable(getattr(mech, name)(*args)))
        js_results.append(js_result)
    return out


def test_every_mechanism_and_constant_is_exported() -> None:
    module = _module()
    functions = set(re.findall(r"^export function (\w+)\(", module, re.MULTILINE))
    constants = set(re.findall(r"^export const (\w+) = ", module, re.MULTILINE))
    assert {f.__name__ for f in mech.MECHANISMS} <= functions
    assert set(mech.CALIBRATION) <= constants
    helpers = {"exp", "log", "tanh", "logistic", "clip", "positive_part", "minimum", "maximum",
               "power", "_lookup"}
    assert helpers <= functions
    assert module.startswith("// GENERATED from sim/mechanisms.py by sim/widgets/jsmechanisms.py")
    assert mechanisms_module() == module  # deterministic


def test_constants_have_the_python_values() -> None:
    out = json.loads(run_node(
        'import * as m from "./mechanisms.mjs";\n'
        f"const names = {json.dumps(list(mech.CALIBRATION))};\n"
        "process.stdout.write(JSON.stringify(Object.fromEntries(names.map((n) => [n, m[n]]))));",
        {"mechanisms.mjs": _module()}))
    expected = {name: (value if not isinstance(value, dict) else
                       {str(k): list(v) for k, v in value.items()})
                for name, value in mech.CALIBRATION.items()}
    assert out == json.loads(json.dumps(expected))


UNSUPPORTED = {
    "a while loop": "def doubling(x):\n    while x < 1.0:\n        x = x * 2.0\n    return x\n",
    "a lambda": "def with_lambda(x):\n    f = lambda y: y + 1.0\n    return f(x)\n",
    "np.where": "def branching(x):\n    return np.where(x > 0.0, x, 0.0)\n",
    "an if statement": "def branch(x):\n    if x > 0.0:\n        return x\n    return 0.0\n",
    "a builtin": "def smallest(x, y):\n    return min(x, y)\n",
    "floor division": "def halves(n):\n    return n // 2\n",
    "a chained comparison": "def inside(x):\n    return 0.0 < x < 1.0\n",
    "and": "def both(x, y):\n    return x and y\n",
    "math": "def root(x):\n    return math.sqrt(x)\n",
}


@pytest.mark.parametrize("source", UNSUPPORTED.values(), ids=UNSUPPORTED.keys())
def test_unsupported_python_is_refused(source: str) -> None:
    name = source.split("(")[0].removeprefix("def ")
    last_line = len(source.splitlines())
    with pytest.raises(UntranslatableMechanism, match=rf"\b{name}\b") as info:
        translate_function(source)
    assert isinstance(info.value, ValueError)
    assert info.value.function == name
    assert 2 <= info.value.line <= last_line
    assert f"line {info.value.line}" in str(info.value)


def test_supported_python_beyond_the_mechanisms() -> None:
    js = translate_function(
        "def f(xs: tuple[float, ...], k: float = 2.0) -> float:\n"
        "    total = 0.0\n"
        "    for x in xs[1:]:\n"
        "        total += x ** -k\n"
        "    a, b = WEIGHTS[:2]\n"
        "    return -total ** 2 + (-a) ** 2 + (a - (b - k)) + SHARE_TARGET[-1]\n")
    assert js == (
        "export function f(xs, k = 2.0) {\n"
        "  let total = 0.0;\n"
        "  for (const x of xs.slice(1)) {\n"
        "    total += x ** -k;\n"
        "  }\n"
        "  const [a, b] = WEIGHTS.slice(0, 2);\n"
        "  return -(total ** 2) + (-a) ** 2 + (a - (b - k)) + SHARE_TARGET.at(-1);\n"
        "}")


@pytest.mark.parametrize("function", mech.MECHANISMS, ids=lambda f: f.__name__)
def test_javascript_agrees_with_python(function: Callable[..., Any]) -> None:
    points, py_results, js_results = _results()[("mechanisms.mjs", function.__name__)]
    assert len(points) >= 200
    for args, py, js in zip(points, py_results, js_results, strict=True):
        assert _agree(py, js), f"{function.__name__}{tuple(args)}: Python {py!r}, JS {js!r}"
    distinct = {json.dumps(js) for js in js_results}
    assert len(distinct) >= 2, f"{function.__name__} gives one value on the whole grid"


@pytest.mark.parametrize("name", MUTANTS)
def test_translation_follows_the_source(name: str) -> None:
    index = list(MUTANTS).index(name)
    _, py_results, js_results = _results()[(f"mutant{index}.mjs", name)]
    differing = sum(not _agree(py, js) for py, js in zip(py_results, js_results, strict=True))
    assert differing >= 10, f"changing {MUTANTS[name]} in {name} barely changed the JavaScript"
