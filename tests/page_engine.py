"""What the static book's figures show: the browser engine run in Node, as the page runs it.

In the book a figure computes in the reader's browser: ``widget.js`` calls
``figures.mjs``'s ``computePoint`` on the browser engine. These helpers run
that same code in Node for given control values, so a browser test can
require the page to show exactly those numbers, and can choose settings off
every curve position where the numbers it checks are non-zero and distinct.

The browser engine draws other random numbers than the Mesa model, so a
page's numbers equal a direct ``sim.LoyaltyModel`` run only statistically:
:func:`mesa_tolerance` gives the sampling tolerance of one figure (1,000
customers, one to three seeds). The strict agreement of the two engines
(0.02 in pattern shares, 3 % of the population in stage counts, 6,000
customers × 5 seeds over 64 scenarios) is ``tests/test_js_engine.py``'s.
"""

from __future__ import annotations

import json
import math
from typing import Any

from sim.widgets.assets import browser_modules
from sim.widgets.catalog import figure_def
from sim.widgets.inpage import page_config
from sim.widgets.node import run_node
from sim.widgets.point import preset_values

POINTS = """
import { context, computePoint } from "./figures.mjs";
import * as engine from "./engine.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
const ctx = context(engine, job.config);
const out = job.points.map(([values, seeds]) => computePoint(ctx, job.name, values, seeds));
process.stdout.write(JSON.stringify(out));
"""

_CACHE: dict[str, dict[str, Any]] = {}


def seeds_for(name: str, values: dict[str, Any]) -> list[int]:
    """The seeds the page averages: the seed control's value, else the figure's seeds."""
    spec = figure_def(name).spec()
    for control in spec.controls:
        if control.kind == "seed":
            return [round(float(values.get(control.name, control.value)))]
    return list(spec.seeds)


def _key(name: str, values: dict[str, Any]) -> str:
    return json.dumps([name, values], sort_keys=True)


def page_points(name: str, settings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's result (``{s, n}``, unrounded) at each of ``settings``, in one Node run."""
    missing = [v for v in settings if _key(name, v) not in _CACHE]
    if missing:
        job = {"name": name, "config": page_config(name),
               "points": [[v, seeds_for(name, v)] for v in missing]}
        out = json.loads(run_node(POINTS, browser_modules(), stdin=json.dumps(job)))
        for values, result in zip(missing, out, strict=True):
            _CACHE[_key(name, values)] = result
    return [_CACHE[_key(name, v)] for v in settings]


def page_point(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The page's result at ``values`` (complete control values)."""
    return page_points(name, [values])[0]


def _halton(index: int, base: int) -> float:
    """The ``index``-th term of the van der Corput sequence in ``base`` (a quasi-random number)."""
    out, scale = 0.0, 1.0
    while index:
        scale /= base
        out += scale * (index % base)
        index //= base
    return out


_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31)


def off_grid_settings(name: str, count: int = 16, calc: bool = False) -> list[dict[str, Any]]:
    """``count`` settings spread over every lever's range (a Halton sequence).

    Each slider sits on its own step and off the positions of the figure's
    response curves (its ``grid``), where the old precomputed book had its
    only values; a select takes each choice in turn (a preset sets its levers
    first, as the page's picker does); the seed keeps its default, and so do
    the calculator's inputs unless ``calc``.
    """
    spec = figure_def(name).spec()
    out = []
    for k in range(1, count + 1):
        values = spec.defaults()
        selects = [c for c in spec.controls if c.kind == "select" and (calc or not c.calc)]
        for c in selects:
            values[c.name] = c.options[k % len(c.options)][0]
        values.update(preset_values(spec, values))
        levers = [c for c in spec.controls if c.kind == "range" and (calc or not c.calc)]
        for c, base in zip(levers, _PRIMES, strict=False):
            steps = round((c.high - c.low) / c.step)
            position = min(steps, math.floor(_halton(k, base) * (steps + 1)))
            value = c.low + position * c.step
            if any(math.isclose(value, g, abs_tol=c.step / 2) for g in c.grid):
                value += c.step if position < steps else -c.step
            values[c.name] = round(value, 6)
        out.append(values)
    return out


def distinct_and_nonzero(numbers: list[Any]) -> bool:
    """All numbers, none zero, no two within 0.005 of each other."""
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in numbers):
        return False
    ordered = sorted(numbers)
    return all(v != 0 for v in numbers) and all(
        b - a > 0.005 for a, b in zip(ordered, ordered[1:], strict=False))


def pick_distinct(name: str, keys: list[str], count: int = 24) -> dict[str, Any]:
    """The first off-grid setting at which the page's numbers ``keys`` are non-zero and distinct.

    ``customers`` (no keys): the first setting whose followed customer is still
    active at the end, so the last month's feelings are numbers to compare.
    """
    settings = off_grid_settings(name, count)
    for values, point in zip(settings, page_points(name, settings), strict=True):
        if name == "customers":
            if point["n"].get("pattern_code") == "none":
                return values
        elif distinct_and_nonzero([point["n"].get(k) for k in keys]):
            return values
    raise AssertionError(f"{name}: no setting among {count} where {keys} are non-zero and distinct")


SHARES = ("p_", "share_", "survival", "churn", "retention", "resolved_share")
"""Keys of shares of customers."""

SPREAD_SEEDS = tuple(range(1, 9))
"""Seeds of the Mesa runs that measure a number's spread from seed to seed."""


def agreement(key: str, mesa: float, population: float) -> float:
    """The engines' allowed systematic difference (``tests/test_js_engine.py``'s tolerances).

    A share 0.02; a count of customers 3 % of the ``population`` that has
    arrived; a mean feeling or intention in [0, 1] 0.02; money and lifetimes
    3 % of the value.
    """
    base = key.split("@")[0]
    if base.startswith(SHARES):
        return 0.02
    if base.startswith("st_") or base in ("resolved", "unresolved", "extra_active", "start"):
        return 0.03 * population
    if abs(mesa) <= 1.5 and not base.startswith(("profit", "clv", "lifetime")):
        return 0.02
    return 0.03 * abs(mesa)


def mesa_tolerance(key: str, mesa: float, spread: float, seeds: int,
                   population: float = 1000) -> float:
    """How far a page's number may lie from a direct Mesa run at the same settings.

    The engines draw different random numbers, so at one figure's size (1,000
    starting customers, ``seeds`` seeds averaged) they differ by sampling
    noise as well as by what :func:`agreement` allows: four standard errors
    of the difference of two means of ``seeds`` runs, each run's standard
    deviation ``spread`` measured over the Mesa model's :data:`SPREAD_SEEDS`.
    """
    return agreement(key, mesa, population) + 4 * spread * math.sqrt(2 / seeds)
