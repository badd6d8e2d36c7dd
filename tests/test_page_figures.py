"""Every figure the page computes, over its whole range of settings (Node, no browser).

``tests/test_js_figures.py`` requires the page's shaping to equal Python's on
the same model runs, at two settings per figure. This file runs the page's
own computation (the browser engine and ``figures.mjs``, as ``widget.js``
calls them) at quasi-random settings over every lever and at both corners,
where a figure is most likely to break, and requires a result a chart and a
table can draw: the keys the kernel's result has, series as long as their
axis, no NaN, shares in [0, 1] and counts of customers that are whole and
non-negative.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from page_engine import off_grid_settings, page_points

from sim.widgets.assets import browser_modules
from sim.widgets.catalog import figure_def
from sim.widgets.inpage import IN_PAGE, page_config
from sim.widgets.node import run_node
from sim.widgets.point import compute_point, preset_values


def corner(name: str, top: bool) -> dict[str, Any]:
    """Every model lever of the figure at the bottom or the top of its range."""
    spec = figure_def(name).spec()
    values = spec.defaults()
    values.update(preset_values(spec, values))
    for c in spec.controls:
        if c.kind == "range" and not c.calc:
            values[c.name] = c.high if top else c.low
    return values


def settings(name: str) -> list[dict[str, Any]]:
    return [*off_grid_settings(name, 10), corner(name, False), corner(name, True)]


def _numbers(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, int | float)]


@pytest.mark.parametrize("name", IN_PAGE)
def test_every_setting_gives_a_drawable_result(name: str) -> None:
    spec = figure_def(name).spec()
    points = page_points(name, settings(name))
    python = compute_point(name, corner(name, True), spec.seeds)  # the kernel's result: its keys
    percent_rows = {r.key for r in spec.table if r.fmt in ("pct", "pct1") and "@" not in r.key}
    percent_series = {s.key for p in spec.panels if p.percent for s in p.series}
    for i, point in enumerate(points):
        where = f"{name} setting {i}"
        assert set(point["n"]) == set(python["n"]), (where, set(point["n"]) ^ set(python["n"]))
        assert set(point["s"]) == set(python["s"]), (where, set(point["s"]) ^ set(python["s"]))
        for key, seq in point["s"].items():
            assert len(seq) == len(python["s"][key]), (where, key, len(seq))
            assert all(v is None or (isinstance(v, int | float) and math.isfinite(v))
                       for v in seq), (where, key)
        for key, value in point["n"].items():
            assert value is None or isinstance(value, str) or math.isfinite(value), (where, key)
        for key in percent_rows & set(point["n"]):
            assert point["n"][key] is None or 0 <= point["n"][key] <= 1, (where, key)
        for key in percent_series & set(point["s"]):
            assert all(0 <= v <= 1 for v in _numbers(point["s"][key])), (where, key)
        for key, seq in point["s"].items():
            if re.fullmatch(r"st_\w+", key) and len(spec.seeds) == 1:
                assert all(v >= 0 and float(v).is_integer() for v in _numbers(seq)), (where, key)
        for row in spec.table:
            base = re.split("[@#]", row.key)[0]
            assert base in point["n"] or base in point["s"] or spec.calc, (where, row.key)


@pytest.mark.parametrize("name", [n for n in IN_PAGE if n != "customers"])
def test_every_lever_moves_the_figure(name: str) -> None:
    """From the middle of every range, each lever alone, moved to either end, changes what
    the figure shows (a lever the page ignored would leave its numbers unchanged)."""
    spec = figure_def(name).spec()
    middle = off_grid_settings(name, 1)[0]  # the first Halton point: mid-range
    levers = [c for c in spec.controls if c.kind == "range" and not c.calc]
    moved = [{**middle, c.name: end} for c in levers for end in (c.low, c.high)]
    base, *others = page_points(name, [middle, *moved])
    numbers = {k: v for k, v in base["n"].items() if isinstance(v, int | float)}
    for i, c in enumerate(levers):
        for point in others[2 * i: 2 * i + 2]:
            changed = [k for k, v in numbers.items() if point["n"][k] != v] + [
                k for k in base["s"] if point["s"][k] != base["s"][k]]
            assert changed, f"{name}: moving {c.name} changes nothing the figure shows"


KEPT_RUNS = """
import { context, computePoint } from "./figures.mjs";
import * as engine from "./engine.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
let made = 0;
const counting = { LoyaltyModel: class extends engine.LoyaltyModel {
  constructor(...args) { super(...args); made += 1; } } };
const ctx = context(counting, job.config, job.limit);
const first = computePoint(ctx, "lifecycle", job.values[0], [1]);
const before = made;
computePoint(ctx, "lifecycle", job.values[0], [1]);  // kept: no new run
const kept = made - before;
for (const values of job.values.slice(1)) computePoint(ctx, "lifecycle", values, [1]);
const again = computePoint(ctx, "lifecycle", job.values[0], [1]);  // evicted: run again
const same = JSON.stringify(first) === JSON.stringify(again);
process.stdout.write(JSON.stringify({ kept, made, same }));
"""


def test_the_page_keeps_a_bounded_number_of_runs() -> None:
    """A slider dragged over its whole range must not keep every run it made: the page keeps
    the newest ``limit`` runs, answers a kept setting without running again, and a setting
    whose run was dropped is run again to exactly the same result."""
    start = figure_def("lifecycle").spec().defaults()
    values = [{**start, "price": round(0.8 + 0.01 * k, 2)} for k in range(8)]
    job = {"config": page_config("lifecycle"), "limit": 3, "values": values}
    out = json.loads(run_node(KEPT_RUNS, browser_modules(), stdin=json.dumps(job)))
    assert out["kept"] == 0
    assert out["made"] == len(values) + 1  # each setting once, the first one again at the end
    assert out["same"]
