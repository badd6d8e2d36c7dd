"""Run many model runs, in this process or on a Dask cluster, with a progress bar.

A sensitivity analysis or a robustness check is thousands of independent
runs, each a (scenario, seed) pair. :func:`map_calls` spreads any such list
of calls over a ``dask.distributed`` cluster (a local one with two worker
processes by default, or an existing scheduler given by its address) and
returns the results in input order; :func:`run_pairs` does it for model
runs and returns one outcome row per pair.

Each call is deterministic in its arguments (the model draws everything
from its seeded generator), and results travel back by pickling, which
keeps floats exact, so the serial path and every cluster give the same
numbers bit for bit; the tests check it.

``import mesa`` switches multiprocessing to "spawn", so workers start fresh
interpreters and import the functions they run: everything sent to a worker
here is a module-level function of an importable module.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pandas as pd

from sim.scenario import Scenario
from sim.validation.outcomes import base_counts, outcomes

SERIAL = "serial"
"""``scheduler`` value that runs everything in this process, one call after another."""
LOCAL = "local"
"""``scheduler`` value that always starts a local cluster."""
DEFAULT_WORKERS = 2
"""Worker processes of the default local cluster (the project's machines have 2 cores)."""
PARALLEL_MIN_CALLS = 40
"""With ``scheduler=None``, smaller jobs run serially: starting a cluster costs seconds."""
RUNAWAY_FACTOR = 5
"""A run stops once more customers arrived than this many times the expected number.

Why: some corners of the parameter space grow without bound (referrals
that bring in more than one new customer per customer and period double
the population every few periods) and would exhaust the machine's memory
within one run. Expected = ``n_customers x (1 + acquisition_rate x periods)``.
"""
RUNAWAY = "runaway"
"""Key of the row entry saying whether the run was stopped early (1.0) or not (0.0)."""


def customer_cap(scenario: Scenario) -> int:
    """Return the number of arrivals past which a run counts as a runaway."""
    expected = scenario.n_customers * (1.0 + scenario.acquisition_rate * scenario.periods)
    return int(RUNAWAY_FACTOR * expected) + 1000


def evaluate(scenario: Scenario | Mapping[str, Any], seed: int) -> dict[str, float]:
    """Run one scenario with one seed and return its outcomes (see :mod:`.outcomes`).

    The scenario may come as a :class:`~sim.Scenario` or as its fields. A
    run whose population explodes past :func:`customer_cap` is stopped
    there and summarised as it stands; its row has ``runaway = 1.0``
    (otherwise 0.0) so reports can count and name such scenarios.
    """
    from sim.model import LoyaltyModel

    if not isinstance(scenario, Scenario):
        scenario = Scenario(**scenario)
    model = LoyaltyModel(scenario, seed=seed, create_agents=False)
    cap = customer_cap(scenario)
    runaway = False
    while model.steps < scenario.periods:
        model.step()
        if _arrivals(model) > cap:
            runaway = True
            break
    results = model.results()
    return {**outcomes(results), **base_counts(results), RUNAWAY: float(runaway)}


def _arrivals(model: Any) -> int:
    """Customers who arrived so far (0 if the model does not say)."""
    population = getattr(model, "population", None)
    return int(getattr(population, "count", 0))


def _run_chunk(func: Callable[..., Any], chunk: list[tuple[Any, ...]]) -> list[Any]:
    """Apply ``func`` to each argument tuple of a chunk (the unit of work a worker gets)."""
    return [func(*args) for args in chunk]


def show_progress(progress: bool | None) -> bool:
    """Resolve ``progress=None``: a bar on an interactive terminal, never under CI."""
    if progress is not None:
        return progress
    return sys.stderr.isatty() and not os.environ.get("CI")


def _bar(total: int, progress: bool | None, desc: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="run", disable=not show_progress(progress),
                file=sys.stderr, dynamic_ncols=True)


@contextlib.contextmanager
def dask_client(scheduler: str | Any = LOCAL, workers: int = DEFAULT_WORKERS) -> Iterator[Any]:
    """Yield a ``distributed.Client``: on a new local cluster, or on an existing one.

    Args:
        scheduler: :data:`LOCAL` for a new local cluster of worker processes
            (bound to 127.0.0.1, no dashboard, its HTTP port chosen free),
            an address such as
            ``"tcp://10.0.0.5:8786"`` for a running scheduler, or a
            ``Client`` (yielded as it is and left open).
        workers: Worker processes of a new local cluster (one thread each).
    """
    if hasattr(scheduler, "submit"):
        yield scheduler
        return
    from distributed import Client, LocalCluster

    if scheduler == LOCAL:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None,
                          scheduler_kwargs={"dashboard_address": ":0"},
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(scheduler) as client:
            yield client


def map_calls(func: Callable[..., Any], calls: Sequence[tuple[Any, ...]], *,
              scheduler: str | Any | None = None, workers: int = DEFAULT_WORKERS,
              progress: bool | None = None, desc: str = "runs",
              chunk_size: int | None = None) -> list[Any]:
    """Return ``[func(*args) for args in calls]``, computed serially or on Dask.

    Args:
        func: A module-level function (workers import it by name).
        calls: One argument tuple per call.
        scheduler: None (serial below :data:`PARALLEL_MIN_CALLS` calls, else a
            local cluster), :data:`SERIAL`, :data:`LOCAL`, a scheduler address
            (``"tcp://host:port"``) or a ``distributed.Client``.
        workers: Worker processes when a local cluster is started.
        progress: Show a progress bar; None shows it on an interactive
            terminal only (never when output is piped or under CI).
        desc: Label of the progress bar.
        chunk_size: Calls sent to a worker at a time; by default enough to
            make about 16 chunks per worker, at most 32 calls each.

    Returns:
        The results, in the order of ``calls``.
    """
    calls = [tuple(args) for args in calls]
    if scheduler is None:
        scheduler = SERIAL if len(calls) < PARALLEL_MIN_CALLS else LOCAL
    if scheduler == SERIAL:
        out = []
        with _bar(len(calls), progress, desc) as bar:
            for args in calls:
                out.append(func(*args))
                bar.update(1)
        return out
    size = chunk_size or max(1, min(32, math.ceil(len(calls) / (16 * max(workers, 1)))))
    chunks = [calls[i:i + size] for i in range(0, len(calls), size)]
    results: list[list[Any] | None] = [None] * len(chunks)
    from distributed import as_completed

    with dask_client(scheduler, workers) as client, _bar(len(calls), progress, desc) as bar:
        futures = client.map(_run_chunk, [func] * len(chunks), chunks, pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in as_completed(futures):
                i = position[future.key]
                results[i] = future.result()
                bar.update(len(chunks[i]))
        finally:
            client.cancel([f for f in futures if not f.done()])
    return [value for chunk in results for value in chunk]  # type: ignore[union-attr]


def run_pairs(pairs: Sequence[tuple[Scenario | Mapping[str, Any], int]], **options: Any
              ) -> list[dict[str, float]]:
    """Run each (scenario, seed) pair and return its outcomes, in order.

    Scenarios travel to workers as plain field dicts. ``options`` are those
    of :func:`map_calls`.
    """
    calls = [(sc.to_dict() if isinstance(sc, Scenario) else dict(sc), int(seed))
             for sc, seed in pairs]
    return map_calls(evaluate, calls, **options)


def run_table(scenarios: Sequence[Scenario], seeds: Sequence[int], **options: Any
              ) -> pd.DataFrame:
    """Run every scenario with every seed; one row per run.

    Columns: ``scenario`` (index into ``scenarios``), ``seed``, then the
    outcomes. ``options`` are those of :func:`map_calls`.
    """
    keys = [(i, int(seed)) for i in range(len(scenarios)) for seed in seeds]
    rows = run_pairs([(scenarios[i], seed) for i, seed in keys], **options)
    frame = pd.DataFrame(rows)
    frame.insert(0, "seed", [seed for _, seed in keys])
    frame.insert(0, "scenario", [i for i, _ in keys])
    return frame


def mean_over_seeds(table: pd.DataFrame) -> pd.DataFrame:
    """Average a :func:`run_table` over seeds: one row per scenario, index = scenario."""
    return table.drop(columns="seed").groupby("scenario", sort=True).mean()
