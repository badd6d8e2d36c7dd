"""How much memory a run will need, and a guard that refuses runs that cannot fit.

A run's memory is dominated by the population's arrays (:mod:`sim.population`):
a working set and an archive row per customer, and the transaction-volume
matrix of ``(periods + 1) x capacity`` float32 values, where capacity grows
with every customer who ever arrives. A 300,000-customer, 600-period run
needs tens of gigabytes and used to die in a numpy allocation error after
minutes of work; :func:`check_fits` refuses it up front in one sentence.

The estimate has three parts:

- **bytes per customer**, read off the real layout: a population with room
  for two customers minus one with room for one (so a new column or a
  wider type is counted without touching this module);
- **customers who will arrive**: the starting ones, acquisitions and
  referrals. Referrals compound (customers bring customers), so when a
  generous bound does not fit, a *pilot run* of the same scenario with
  :data:`PILOT_CUSTOMERS` customers measures how much the population grows,
  and the growth is scaled to the real size (arrivals are proportional to
  the number of customers). The pilot stops as soon as the run clearly
  cannot fit;
- :data:`PEAK_FACTOR`: the peak is about twice the arrays' size, because
  growing the arrays copies them and the results copy the volume matrix
  once more (measured: 1.7 to 2.2 times, see ``tests/test_memory.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.scenario import Scenario

PEAK_FACTOR = 2.0
"""Peak memory of a run divided by the size of its population arrays (measured 1.7-2.2)."""
PILOT_CUSTOMERS = 300
"""Customers in the pilot run that measures how much the population grows."""
HEADROOM = 0.85
"""Share of the available memory a run may plan to use (the rest is for Python and the OS)."""
TOLERANCE = 1.5
"""The estimate is within this factor of the measured peak (checked by the tests)."""


@dataclass(frozen=True)
class Estimate:
    """A run's estimated memory need.

    Attributes:
        bytes: Estimated peak memory of the run.
        customers: Customers expected to arrive over the run.
        per_customer: Bytes of population arrays per customer.
        piloted: Whether a pilot run measured the growth (else a bound was enough).
    """

    bytes: float
    customers: float
    per_customer: int
    piloted: bool


def _owned_bytes(obj: object) -> int:
    """Bytes of the numpy arrays an object owns (attributes and dicts of arrays; views skipped)."""
    total = 0
    for value in vars(obj).values():
        items = value.values() if isinstance(value, dict) else (value,)
        for item in items:
            if isinstance(item, np.ndarray) and item.base is None:
                total += item.nbytes
    return total


def bytes_per_customer(periods: int) -> int:
    """Return the population's bytes per customer slot for a run of ``periods`` periods."""
    from sim.population import Population

    return _owned_bytes(Population(2, periods)) - _owned_bytes(Population(1, periods))


def layout_bytes(customers: float, periods: int) -> float:
    """Return the bytes of the population's arrays when ``customers`` have arrived.

    If :class:`~sim.population.Population` says it itself (a ``bytes_for(capacity,
    periods)`` classmethod, needed once the layout stops growing linearly with
    the customers, e.g. when the volume matrix is sampled), that answer is
    used; otherwise the per-customer bytes of the real layout times the customers.
    """
    from sim.population import Population

    exact = getattr(Population, "bytes_for", None)
    if exact is not None:
        return float(exact(int(math.ceil(customers)), periods))
    return customers * bytes_per_customer(periods)


def customer_bound(scenario: Scenario) -> float:
    """Return an upper bound on the customers who can arrive (everyone refers every period)."""
    growth = scenario.periods * math.log1p(scenario.referral_strength)
    acquired = scenario.n_customers * (1.0 + scenario.acquisition_rate * scenario.periods)
    return acquired * math.exp(min(growth, 700.0))


def pilot_growth(scenario: Scenario, seed: int | None, stop_at: float) -> float:
    """Run a small copy of the scenario; return customers arrived per starting customer.

    Stops early (returning the growth so far) once the growth passes ``stop_at``.
    """
    from sim.model import LoyaltyModel

    pilot = scenario.replace(n_customers=min(scenario.n_customers, PILOT_CUSTOMERS))
    model = LoyaltyModel(pilot, seed=seed, create_agents=False)
    while model.steps < pilot.periods:
        model.step()
        if model.population.count > stop_at * pilot.n_customers:
            break
    return model.population.count / pilot.n_customers


def estimate(scenario: Scenario, seed: int | None = 1, budget: float | None = None,
             pilot: bool | None = None) -> Estimate:
    """Estimate a run's peak memory.

    Args:
        scenario: The run.
        seed: Seed of the pilot run, if one is made.
        budget: Bytes available. A pilot run is made only when the bound on
            arrivals does not fit in them, and stops once the run clearly
            exceeds them (the estimate is then a lower bound, still over budget).
        pilot: Force (True) or forbid (False) the pilot run.
    """
    per = bytes_per_customer(scenario.periods)
    if pilot is None:
        bound = min(customer_bound(scenario), 1e15)
        pilot = budget is not None and layout_bytes(bound, scenario.periods) * PEAK_FACTOR > budget
    if not pilot:
        # Arrivals without referral compounding (referrals add a little on top).
        base = scenario.n_customers * (1.0 + scenario.acquisition_rate * scenario.periods)
        return Estimate(layout_bytes(base, scenario.periods) * PEAK_FACTOR, base, per, False)
    stop_at = (math.inf if budget is None
               else 2.0 * budget / (per * PEAK_FACTOR * scenario.n_customers))
    customers = pilot_growth(scenario, seed, stop_at) * scenario.n_customers
    return Estimate(layout_bytes(customers, scenario.periods) * PEAK_FACTOR, customers, per,
                    True)


def available_bytes() -> int | None:
    """Return the memory this process can still use (Linux; None if unknown).

    The smaller of the system's available memory and the room left under a
    cgroup (container) limit.
    """
    found: list[int] = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
    except OSError:
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
        if limit.isdigit():
            found.append(int(limit) - used)
    except (OSError, ValueError):
        pass
    return min(found) if found else None


def human(size: float) -> str:
    """Format a byte count, e.g. ``29.4 GB``."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit in ("B", "kB") else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"  # pragma: no cover


def check_fits(scenario: Scenario, seed: int | None = 1,
               available: int | None = None) -> Estimate | None:
    """Refuse a run that would not fit in memory, before it starts.

    Raises:
        MemoryError: with one sentence naming ``n_customers``, ``periods``,
            the estimate and the memory available.

    Returns:
        The estimate, or None when the available memory is unknown.
    """
    available = available if available is not None else available_bytes()
    if available is None:
        return None
    budget = available * HEADROOM
    need = estimate(scenario, seed, budget)
    if need.bytes > budget:
        more = "at least " if need.piloted else ""
        raise MemoryError(
            f"n_customers={scenario.n_customers} x periods={scenario.periods} would need "
            f"{more}about {human(need.bytes)} of memory ({need.customers:,.0f} customers "
            f"would arrive), but only {human(available)} is available; use fewer customers "
            "or periods")
    return need
