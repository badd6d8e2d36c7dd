"""A figure's result at one set of control values, computed by the Mesa model.

In a live kernel (Jupyter, the classroom app) every slider change runs the
figure's ``compute`` for each seed; this module averages the seeds, adds the
texts the figure derives from the averaged numbers and rounds the result for
the browser. The static book computes the same in the page
(``sim/static/figures.mjs``'s ``computePoint`` mirrors :func:`compute_point`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from sim.widgets.catalog import figure_def
from sim.widgets.spec import FigureSpec

Result = dict[str, dict[str, Any]]

SIGNIFICANT_DIGITS = 4
"""Digits kept in live results: enough for any read-out, small JSON messages."""
SERIES_DECIMALS = 3
"""Series (the charts' data) also keep at most 3 decimals: 0.001 is below a pixel."""

def _round(x: float | str | None, decimals: int | None = None) -> float | int | str | None:
    if isinstance(x, str):
        return x
    if x is None or not math.isfinite(x):
        return None
    if x == 0:
        return 0
    r = float(f"{x:.{SIGNIFICANT_DIGITS}g}")
    if decimals is not None:
        r = round(r, decimals)
    return int(r) if r.is_integer() and abs(r) < 1e15 else r


def _float(v: Any) -> float | str | None:
    if isinstance(v, str):
        return v
    return None if v is None else float(v)


def round_result(result: Result) -> Result:
    """Round every number of a result to a few significant digits (texts stay).

    Why: the kernel sends a result to the browser on every slider step; four
    significant digits are more than a chart or a read-out can show.
    """
    return {
        "s": {k: [_round(_float(v), SERIES_DECIMALS) for v in seq]
              for k, seq in result.get("s", {}).items()},
        "n": {k: _round(_float(v)) for k, v in result.get("n", {}).items()},
    }


def _mean(values: Sequence[Any]) -> float:
    """Mean over the seeds that observed a value (None marks "not observed")."""
    seen = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    return sum(seen) / len(seen) if seen else math.nan


def average(results: Sequence[Result]) -> Result:
    """Return the element-wise mean of several seeds' results.

    A life-curve point that one seed did not observe (None) is averaged over
    the seeds that did, so a rare pattern still gets a curve.
    """
    if len(results) == 1:
        return results[0]
    first = results[0]
    series = {
        key: [_mean([r["s"][key][i] for r in results]) for i in range(len(seq))]
        for key, seq in first["s"].items()
    }
    numbers = {key: first["n"][key] if isinstance(first["n"][key], str)
               else _mean([r["n"][key] for r in results]) for key in first["n"]}
    return {"s": series, "n": numbers}


def combine(name: str, values: dict[str, Any], results: Sequence[Result]) -> Result:
    """Average several seeds' results, add the figure's sentences, round.

    The texts a figure derives from its numbers (e.g. "pattern II") come from
    the averaged numbers, so they always describe what the figure shows.
    """
    out = average(results)
    describe = figure_def(name).describe
    if describe is not None:
        out = {"s": out["s"], "n": {**out["n"], **describe(out["n"], values)}}
    return round_result(out)


def compute_point(name: str, values: dict[str, Any], seeds: Iterable[int]) -> Result:
    """Run the figure's model at one set of control values, averaged over seeds."""
    fig = figure_def(name)
    return combine(name, values, [fig.compute(values, int(seed)) for seed in seeds])


def preset_values(spec: FigureSpec, values: dict[str, Any]) -> dict[str, Any]:
    """Return the lever values a chosen preset sets (as the browser's picker does)."""
    chosen = values.get("preset")
    for preset in spec.presets:
        if preset["name"] == chosen:
            return dict(preset["values"])
    return {}
