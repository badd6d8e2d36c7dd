"""The customers' state store: every customer's attributes survive growth, exits and compaction.

`sim.population.Population` is what the fast model reads and writes every
period; these tests drive it directly, with hand-made customers, so that a
lost row, a wrong id or a miscounted stage shows up here rather than as a
slightly different pattern share.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from sim.population import Population
from sim.stages import DECLINE, ENDED, STABILITY


def _add(pop: Population, count: int, *, first_wallet: float, arrival: int = 0) -> int:
    wallets = first_wallet + np.arange(count, dtype=float)
    return pop.add(count, traits={"wallet": wallets}, initial_trust=0.3, source=1,
                   arrival=arrival)


def _end(pop: Population, ids: list[int]) -> None:
    """End the relationships of ``ids`` as the model does: set the stage, archive."""
    rows = np.array([int(np.flatnonzero(pop.state["id"] == i)[0]) for i in ids])
    pop.set_stage(pop.state, rows, np.full(rows.size, ENDED, dtype=np.int8))
    pop.retire(np.array(ids))


def test_new_prospects_get_ids_traits_and_the_exploration_defaults():
    pop = Population(capacity=10, periods=5)
    assert _add(pop, 4, first_wallet=1.0, arrival=2) == 0
    assert _add(pop, 3, first_wallet=10.0, arrival=3) == 4
    assert pop.count == pop.size == 7
    assert list(pop.column("id")) == list(range(7))
    assert list(pop.column("wallet")) == [1, 2, 3, 4, 10, 11, 12]
    assert list(pop.column("arrival")) == [2] * 4 + [3] * 3
    assert np.all(pop.column("ended_at") == -1) and np.all(pop.column("source") == 1)
    assert np.allclose(pop.column("trust"), 0.3)
    assert np.all(pop.column("stage") == 0)
    assert list(pop.stage_counts()) == [7, 0, 0, 0, 0]
    assert pop.ended_share() == 0.0
    assert pop.value("wallet", 5) == 11.0


def test_stage_changes_update_the_stage_tables_too():
    from sim.mechanisms import STAGE_TABLES

    pop = Population(capacity=8, periods=5)
    _add(pop, 4, first_wallet=1.0)
    pop.set_stage(pop.state, np.array([1, 3]), np.array([STABILITY, DECLINE], dtype=np.int8))
    assert list(pop.state["stage"]) == [0, STABILITY, 0, DECLINE]
    for name, table in STAGE_TABLES.items():
        assert pop.state[f"stage_{name}"][1] == pytest.approx(table[STABILITY]), name
        assert pop.state[f"stage_{name}"][3] == pytest.approx(table[DECLINE]), name
        assert pop.state[f"stage_{name}"][0] == pytest.approx(table[0]), name
    assert list(pop.stage_counts()) == [2, 0, 1, 1, 0]


def test_ended_customers_keep_their_state_at_exit_through_compaction_and_growth():
    pop = Population(capacity=4, periods=5)  # too small: it must grow
    _add(pop, 6, first_wallet=1.0)
    pop.state["trust"][:] = np.linspace(0.1, 0.6, 6)
    _end(pop, [1, 4])
    pop.state["trust"][:] = 0.99  # later periods overwrite the working rows
    assert pop.ended_share() == pytest.approx(2 / 6)
    assert pop.column("trust")[1] == pytest.approx(0.2) and pop.value("trust", 4) == pytest.approx(
        0.5)
    pop.compact()
    assert pop.size == 4 and pop.count == 6 and pop.ended_share() == 0.0
    assert sorted(pop.state["id"]) == [0, 2, 3, 5]
    assert list(pop.stage_counts()) == [4, 0, 0, 0, 2]
    _add(pop, 9, first_wallet=100.0)  # grows past both capacities after compaction
    assert pop.count == 15 and pop.size == 13
    wallets = pop.column("wallet")
    assert list(wallets[:6]) == [1, 2, 3, 4, 5, 6] and list(wallets[6:]) == list(
        range(100, 109))
    trust = pop.column("trust")
    assert trust[1] == pytest.approx(0.2) and trust[4] == pytest.approx(0.5)
    assert np.allclose(trust[[0, 2, 3, 5]], 0.99) and np.allclose(trust[6:], 0.3)
    assert pop.value("wallet", 12) == 106.0 and pop.value("stage", 4) == ENDED
    _end(pop, [12])
    assert pop.value("stage", 12) == ENDED and list(pop.stage_counts()) == [12, 0, 0, 0, 3]


def test_volume_is_recorded_by_age_for_active_sampled_customers():
    pop = Population(capacity=3, periods=4)
    _add(pop, 3, first_wallet=1.0)
    ages = np.array([0, 1, 2], dtype=np.int32)
    active = np.array([True, True, False])
    pop.reserve_ages(int(ages.max()))
    pop.record_volume(pop.state["sample_row"], ages, np.array([0.5, 0.7, 0.9], np.float32),
                      active)
    volume = pop.volume_by_age()
    assert volume.shape == (3, 4)  # customers x ages 0..periods - 1
    assert volume[0, 0] == pytest.approx(0.5) and volume[1, 1] == pytest.approx(0.7)
    assert volume[2].sum() == 0.0  # an ended customer records nothing
    pop.reserve_ages(9)  # stepping past the horizon keeps what was recorded
    assert pop.volume_by_age().shape[1] >= 10
    assert pop.volume_by_age()[1, 1] == pytest.approx(0.7)


def test_big_populations_record_volume_for_a_systematic_sample():
    pop = Population(capacity=50_000, periods=2)
    assert pop.volume_stride == 3  # 50,000 customers, about 20,000 sampled
    _add(pop, 10, first_wallet=1.0)
    rows = pop.state["sample_row"]
    assert list(rows) == [0, -1, -1, 1, -1, -1, 2, -1, -1, 3]
    ages = np.zeros(10, dtype=np.int32)
    pop.record_volume(rows, ages, np.arange(1, 11, dtype=np.float32), np.ones(10, bool))
    assert list(pop.volume_by_age()[:, 0]) == [1, 4, 7, 10]


@pytest.mark.parametrize("capacity, periods", [(1_000, 60), (60_000, 24)])
def test_bytes_for_is_what_a_population_allocates(capacity, periods):
    """The memory guard's estimate is the arrays a population really allocates."""
    tracemalloc.start()
    try:
        pop = Population(capacity=capacity, periods=periods)
        allocated = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert pop.size == 0
    # the arrays (the estimate counts one spare row of the volume record), give or take the
    # few kilobytes of Python objects that hold the column views
    assert Population.bytes_for(capacity, periods) == pytest.approx(allocated, rel=0.005,
                                                                    abs=32_000)
