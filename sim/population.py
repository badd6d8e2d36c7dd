"""Array storage for the customers of the fast model.

All customers who ever arrived have an id (0, 1, 2, ... in order of
arrival). Active customers live in a compact *working set* of numpy arrays,
one array per attribute, which is what the model computes on each period.
Customers whose relationship has ended are moved to an *archive* indexed by
id once they make up a quarter of the working set, so the model does not
keep spending time on them. Agents and results read through
:meth:`Population.column` and :meth:`Population.value`, which hide the split.
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms import STAGE_TABLES, stage_entries
from sim.stages import ENDED

LIFE_CURVE_SAMPLE = 20_000
"""Customers whose volume is recorded for the life curves, at most (about)."""
TRAIT_COLUMNS = (
    "initial_expectation", "latent_offset", "wallet", "orientation", "price_sensitivity",
    "switching_sensitivity", "fair_share", "social_switching", "best_taste",
)
"""What a customer brings with it: fixed at arrival."""
FLOAT_COLUMNS = (
    *TRAIT_COLUMNS, "experience", "trust", "share", "satisfaction",
    "basic_satisfaction", "latent_satisfaction", "value", "alternative", "unfairness",
    "switching", "attitude", "commitment", "repurchase", "price_tolerance", "cross_buy",
    "referral", "clv", "cash", *(f"stage_{name}" for name in STAGE_TABLES),
)
"""``stage_<table>``: the customer's entry in a stage table, kept up to date by
:meth:`Population.set_stage`."""
INT_COLUMNS = {
    "id": np.int64, "stage": np.int8, "previous": np.int8, "furthest": np.int8,
    "pattern": np.int8, "age": np.int32, "stability_time": np.int32,
    "arrival": np.int32, "ended_at": np.int32, "source": np.int8, "dropped": np.bool_,
    "exit_cause": np.int8, "winback": np.int8, "not_worth": np.bool_,
    "sample_row": np.int32,
}
"""``exit_cause`` indexes :data:`sim.stages.EXIT_CAUSES`; ``winback`` is 0 (no decision
yet), 1 (the supplier made an offer) or 2 (the supplier let the customer go);
``not_worth`` marks prospects the supplier drops after their first trial;
``sample_row`` is the customer's row in the life-curve sample (-1: not sampled)."""


class Population:
    """The customers' state: a compact working set plus an archive by id.

    Columns of the same type are stored side by side in one column-major
    matrix per type, so each column is a contiguous array for the model's
    arithmetic while archiving or compacting customers moves whole rows of
    every column in one operation.

    Args:
        capacity: Expected number of customers over the run (grows as needed).
        periods: Number of periods, which bounds relationship ages.
    """

    def __init__(self, capacity: int, periods: int) -> None:
        self.periods = periods
        # Life curves are means over customers: a systematic sample of every
        # ``volume_stride``-th customer (by id, so across arrival times) gives
        # them within a fraction of a percent and keeps big runs fast.
        self.volume_stride = max(1, -(-capacity // LIFE_CURVE_SAMPLE))
        self.count = 0  # customers ever arrived
        self.size = 0  # rows in the working set
        # Single precision is ample for intentions and for one customer's money
        # (a few hundred terms of similar size), and halves the memory the model
        # streams through each period; totals over customers are summed in double.
        dtypes = {name: np.dtype(np.float32) for name in FLOAT_COLUMNS}
        dtypes |= {name: np.dtype(t) for name, t in INT_COLUMNS.items()}
        self._groups: dict[np.dtype, list[str]] = {}
        for name, dtype in dtypes.items():
            self._groups.setdefault(dtype, []).append(name)
        self._where = {name: (dtype, names.index(name))
                       for dtype, names in self._groups.items() for name in names}
        self._rows = self._matrices(capacity, order="F")  # columns contiguous: arithmetic
        # The archive is written a customer (row) at a time as relationships end
        # and read a column at a time only when results are summarised: rows contiguous.
        self._archive = self._matrices(capacity, order="C")
        self._slot = np.full(capacity, -1, dtype=np.int64)  # id -> working-set slot
        # Volume by age x id: customers who arrived together have neighbouring
        # ids and the same age, so each period writes mostly contiguous memory.
        self._volume = np.zeros((periods + 1, self._sampled(capacity)), dtype=np.float32)
        self.state: dict[str, np.ndarray] = {}
        self._refresh_views()

    @classmethod
    def bytes_for(cls, capacity: int, periods: int) -> int:
        """Bytes the arrays of a population with room for ``capacity`` customers take.

        The working set and the archive hold every column for each customer,
        the slot map an integer, and the life-curve volume record
        ``periods + 1`` rows for the sampled customers (at most about
        :data:`LIFE_CURVE_SAMPLE`). :mod:`sim.memory` uses this to refuse runs
        that cannot fit.
        """
        per_customer = sum(np.dtype(np.float32).itemsize for _ in FLOAT_COLUMNS)
        per_customer += sum(np.dtype(t).itemsize for t in INT_COLUMNS.values())
        stride = max(1, -(-capacity // LIFE_CURVE_SAMPLE))
        sampled = -(-capacity // stride)
        return capacity * (2 * per_customer + 8) + (periods + 2) * sampled * 4

    def _matrices(self, capacity: int, order: str) -> dict[np.dtype, np.ndarray]:
        """One zeroed matrix (customers x columns) per column type."""
        return {dtype: np.zeros((capacity, len(names)), dtype=dtype, order=order)
                for dtype, names in self._groups.items()}

    def _sampled(self, customers: int) -> int:
        """How many of the first ``customers`` ids are in the life-curve sample."""
        return -(-customers // self.volume_stride)

    def _columns(self, matrices: dict[np.dtype, np.ndarray], rows: int) -> dict[str, np.ndarray]:
        """Named views of the first ``rows`` rows of each column."""
        return {name: matrices[dtype][:rows, index]
                for name, (dtype, index) in self._where.items()}

    def _refresh_views(self) -> None:
        """Point ``state`` at the used part of the working-set arrays."""
        self.state = self._columns(self._rows, self.size)

    def add(self, count: int, *, traits: dict[str, np.ndarray], initial_trust: float,
            source: int, arrival: int) -> int:
        """Append ``count`` new prospects in exploration; return the first new id.

        ``traits`` holds a value per new customer for some of :data:`TRAIT_COLUMNS`.
        """
        first, start = self.count, self.size
        self._reserve_ids(first + count)
        self._reserve_rows(start + count)
        new = slice(start, start + count)  # rows past ``size`` are kept zeroed
        ids = np.arange(first, first + count)
        columns = {"id": ids, **traits, "source": source, "arrival": arrival, "ended_at": -1,
                   "trust": initial_trust,
                   **{f"stage_{name}": table[0]  # new prospects are in exploration
                      for name, table in STAGE_TABLES.items()},
                   "sample_row": np.where(ids % self.volume_stride == 0,
                                          ids // self.volume_stride, -1)}
        for name, values in columns.items():
            dtype, index = self._where[name]
            self._rows[dtype][new, index] = values
        self._slot[first:first + count] = np.arange(start, start + count)
        self.count += count
        self.size += count
        self._refresh_views()
        return first

    def ended_share(self) -> float:
        """Share of the working set whose relationship has ended."""
        if not self.size:
            return 0.0
        return float(np.count_nonzero(self.state["stage"] == ENDED)) / self.size

    def set_stage(self, block: dict[str, np.ndarray], rows: np.ndarray,
                  stages: np.ndarray) -> None:
        """Move the customers at ``rows`` of ``block`` to ``stages``, with their table entries."""
        block["stage"][rows] = stages
        for name, table in STAGE_TABLES.items():
            block[f"stage_{name}"][rows] = stage_entries(table, stages)

    def retire(self, ids: np.ndarray) -> None:
        """Archive the final state of the customers ``ids`` whose relationship just ended.

        Called in the period they end, so the archive keeps their state at
        exit; their working-set rows are no longer meaningful afterwards (the
        model computes whole blocks without masking them out) and are
        dropped at the next :meth:`compact`.
        """
        if not ids.size:
            return
        rows = self._slot[ids]
        for dtype, matrix in self._rows.items():  # one copy per column type, not per column
            self._archive[dtype][ids] = matrix[rows]

    def compact(self) -> None:
        """Drop ended (already archived) customers from the working set."""
        ended = self.state["stage"] == ENDED
        ids = self.state["id"][ended]
        keep = np.flatnonzero(~ended)
        kept = keep.size
        for column in self.state.values():
            column[:kept] = column.take(keep)
            column[kept:] = 0
        self.size = kept
        self._refresh_views()
        self._slot[ids] = -1
        self._slot[self.state["id"]] = np.arange(self.size)

    def reserve_ages(self, oldest: int) -> None:
        """Make room in the volume record for relationships up to age ``oldest``.

        Called before a period is evaluated (not from the blocks, which may
        run in parallel), for runs stepped past their horizon.
        """
        trash = self._volume.shape[0] - 1
        if oldest >= trash:
            longer = np.zeros((2 * oldest + 2, self._volume.shape[1]), np.float32)
            longer[:trash] = self._volume[:trash]
            self._volume = longer

    def record_volume(self, sample_rows: np.ndarray, ages: np.ndarray, volume: np.ndarray,
                      active: np.ndarray) -> None:
        """Store this period's transaction volume of active sampled customers by age."""
        if self.volume_stride > 1:
            sampled = np.flatnonzero(sample_rows >= 0)
            sample_rows, ages = sample_rows.take(sampled), ages.take(sampled)
            volume, active = volume.take(sampled), active.take(sampled)
        trash = self._volume.shape[0] - 1  # a spare last row takes ended customers' writes
        rows = ages + (~active) * (trash - ages)  # ended customers write to the spare row
        self._volume.ravel()[rows * self._volume.shape[1] + sample_rows] = volume

    def column(self, name: str) -> np.ndarray:
        """Return one attribute for every customer ever, indexed by id."""
        dtype, index = self._where[name]
        out = self._archive[dtype][: self.count, index].copy()
        live = self.state["stage"] < ENDED
        out[self.state["id"][live]] = self.state[name][live]
        return out

    def value(self, name: str, index: int) -> float | int:
        """Return one attribute of one customer."""
        slot = self._slot[index]
        if slot >= 0 and self.state["stage"][slot] < ENDED:
            return self.state[name][slot].item()
        dtype, column = self._where[name]
        return self._archive[dtype][index, column].item()

    def volume_by_age(self) -> np.ndarray:
        """Return the transaction volume of the sampled customers (sample x relationship age).

        Row k is customer id ``k * volume_stride``.
        """
        return self._volume[:-1, : self._sampled(self.count)].T

    def stage_counts(self) -> np.ndarray:
        """Return the number of customers in each stage, ended included."""
        counts = np.bincount(self.state["stage"], minlength=ENDED + 1)[: ENDED + 1]
        counts[ENDED] += self.count - self.size
        return counts

    def _reserve_ids(self, needed: int) -> None:
        capacity = len(self._slot)
        if needed <= capacity:
            return
        new_capacity = max(needed, 2 * capacity)
        self._archive = {dtype: _grown(m, new_capacity) for dtype, m in self._archive.items()}
        self._slot = _grown(self._slot, new_capacity, fill=-1)
        volume = np.zeros((self._volume.shape[0], self._sampled(new_capacity)), np.float32)
        volume[:, : self._volume.shape[1]] = self._volume
        self._volume = volume

    def _reserve_rows(self, needed: int) -> None:
        capacity = next(iter(self._rows.values())).shape[0]
        if needed > capacity:
            new_capacity = max(needed, 2 * capacity)
            self._rows = {dtype: _grown(m, new_capacity) for dtype, m in self._rows.items()}


def _grown(values: np.ndarray, capacity: int, fill: int = 0) -> np.ndarray:
    """Return a copy of ``values`` with room for ``capacity`` rows (same memory order)."""
    order = "F" if values.ndim > 1 and values.flags.f_contiguous else "C"
    grown = np.full((capacity, *values.shape[1:]), fill, dtype=values.dtype, order=order)
    grown[: len(values)] = values
    return grown
