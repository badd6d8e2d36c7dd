"""Precomputed grids of model results for the static (kernel-less) book.

A static page cannot run Python, so each figure carries the model's results
at a grid of slider positions, averaged over a few seeds, and the browser
shows the nearest grid point. Grids are cached on disk, keyed by a hash of
the engine source and the figure spec, so a book rebuild pays for a grid
only when the model or the figure changed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sim.widgets.catalog import figure_def
from sim.widgets.spec import FigureSpec

Result = dict[str, dict[str, Any]]

SIGNIFICANT_DIGITS = 4
"""Digits kept in grid and live results: enough for any read-out, small JSON."""
SERIES_DECIMALS = 3
"""Series (the charts' data) also keep at most 3 decimals: 0.001 is below a pixel."""

PARALLEL_MIN_RUNS = 60
"""Below this many model runs a process pool costs more than it saves."""

_ENGINE_SKIP = {"cli.py", "runcli.py", "bookbuild.py", "classroom.py"}


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

    Why: the grid must stay under 1 MB per figure, and the live result is
    rounded the same way so that a live run at a grid point shows exactly
    the precomputed numbers.
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


def grid_values(name: str) -> list[dict[str, Any]]:
    """Return the control values of every grid point in row-major order.

    Controls that are not grid axes keep their default (or the value the
    point's preset sets), so a grid point is a complete set of inputs for
    :func:`compute_point`.
    """
    spec = figure_def(name).spec()
    axes = spec.grid_controls()
    base = spec.defaults()
    points = []
    for combo in itertools.product(*(c.grid for c in axes)):
        values = dict(base)
        values.update({c.name: v for c, v in zip(axes, combo, strict=True)})
        values.update(preset_values(spec, values))
        points.append(values)
    return points


def preset_values(spec: FigureSpec, values: dict[str, Any]) -> dict[str, Any]:
    """Return the lever values a chosen preset sets (as the browser's picker does)."""
    chosen = values.get("preset")
    for preset in spec.presets:
        if preset["name"] == chosen:
            return dict(preset["values"])
    return {}


def _task(args: tuple[str, dict[str, Any], tuple[int, ...]]) -> Result:
    name, values, seeds = args
    return compute_point(name, values, seeds)


def _run_tasks(tasks: list[tuple[str, dict[str, Any], tuple[int, ...]]],
               workers: int | None = None) -> list[Result]:
    """Compute grid points, in a process pool when there are enough of them.

    A pool that cannot start (e.g. ``spawn`` cannot re-import a ``__main__``
    read from stdin) is not fatal: the points are then computed here.
    """
    runs = sum(len(t[2]) for t in tasks)
    workers = workers or os.cpu_count() or 1
    if workers > 1 and runs >= PARALLEL_MIN_RUNS:
        chunk = max(1, len(tasks) // (4 * workers))
        try:
            with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
                return list(pool.map(_task, tasks, chunksize=chunk))
        except (BrokenProcessPool, OSError):
            pass
    return [_task(t) for t in tasks]


def _grid_tasks(name: str) -> list[tuple[str, dict[str, Any], tuple[int, ...]]]:
    seeds = tuple(figure_def(name).spec().seeds)
    return [(name, values, seeds) for values in grid_values(name)]


def _grid_from(name: str, results: list[Result]) -> dict[str, Any]:
    spec = figure_def(name).spec()
    return {
        "axes": [c.name for c in spec.grid_controls()],
        "shape": list(spec.grid_shape()),
        "points": results,
    }


def build_grid(name: str, workers: int | None = None) -> dict[str, Any]:
    """Compute a figure's grid (no cache), in parallel when it is large."""
    return _grid_from(name, _run_tasks(_grid_tasks(name), workers))


def build_grids(names: Iterable[str], workers: int | None = None) -> None:
    """Compute the missing cached grids of several figures in one process pool.

    Why: one pool for all figures pays the worker start-up once, which is
    most of the cost of the small grids.
    """
    missing = [n for n in names if figure_def(n).spec().grid_controls()
               and not grid_path(n).is_file()]
    tasks = [task for name in missing for task in _grid_tasks(name)]
    results = iter(_run_tasks(tasks, workers))
    for name in missing:
        count = len(grid_values(name))
        _save(grid_path(name), _grid_from(name, [next(results) for _ in range(count)]))


def engine_hash(name: str) -> str:
    """Hash what a figure's numbers depend on: engine, figure module, grid maths.

    Changing the widget's JavaScript or styling does not invalidate grids.
    """
    root = Path(__file__).resolve().parents[1]
    files = sorted(p for p in root.glob("*.py") if p.name not in _ENGINE_SKIP)
    module = figure_def(name).compute.__module__.rsplit(".", 1)[-1]
    figures = root / "widgets" / "figures"
    files += [figures / "common.py", figures / f"{module}.py", Path(__file__)]
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cache_dir() -> Path:
    """Return the grid cache folder: ``<project>/_build/.cache/grids``.

    The project is found by walking up from the working directory (the book
    executes chapters from ``book/``) to the folder holding this project's
    ``pyproject.toml``; ``LOYALTY_LAB_GRID_CACHE`` overrides it.
    """
    env = os.environ.get("LOYALTY_LAB_GRID_CACHE")
    if env:
        return Path(env)
    candidates = [Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[2]]
    for folder in candidates:
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and 'name = "loyalty-lab"' in pyproject.read_text():
            return folder / "_build" / ".cache" / "grids"
    return Path.home() / ".cache" / "loyalty-lab" / "grids"


def grid_key(name: str) -> str:
    """Return the cache key of a figure's grid."""
    spec_json = json.dumps(figure_def(name).spec().to_json(), sort_keys=True)
    digest = hashlib.sha256((engine_hash(name) + spec_json).encode()).hexdigest()
    return f"{name}-{digest[:20]}"


def grid_path(name: str) -> Path:
    """Return where a figure's grid is cached."""
    return cache_dir() / f"{grid_key(name)}.json"


def _save(path: Path, grid: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(grid, fh, separators=(",", ":"))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def load_grid(name: str, use_cache: bool = True) -> dict[str, Any]:
    """Return a figure's grid from the disk cache, computing it if missing."""
    if not figure_def(name).spec().grid_controls():
        return {"axes": [], "shape": [], "points": []}
    path = grid_path(name)
    if use_cache and path.is_file():
        try:
            return {**json.loads(path.read_text()), "key": path.stem}
        except (OSError, ValueError):
            pass
    grid = build_grid(name)
    if use_cache:
        _save(path, grid)
    return {**grid, "key": path.stem}


def grids_fingerprint(names: Iterable[str] | None = None) -> str:
    """Return one hash of every figure's grid key.

    Why: a book whose chapters are executed from a cache keyed on their code
    alone would keep figures computed by an older engine; a build can store
    this fingerprint and re-execute the chapters when it changes.
    """
    from sim.widgets.catalog import FIGURE_NAMES

    keys = [grid_key(n) for n in (names or FIGURE_NAMES)]
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:20]


def grid_index(name: str, values: dict[str, Any]) -> int:
    """Return the row-major index of the grid point nearest to ``values``.

    Mirrors the browser's lookup so tests can compare the two.
    """
    index = 0
    for control in figure_def(name).spec().grid_controls():
        v = values.get(control.name, control.value)
        if control.kind == "range":
            pos = min(range(len(control.grid)), key=lambda i: abs(control.grid[i] - float(v)))
        else:
            pos = list(control.grid).index(v)
        index = index * len(control.grid) + pos
    return index
