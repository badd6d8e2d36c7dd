"""The memory estimate of a run, checked against what a run really allocates, and the guard."""

import tracemalloc

import pytest

import sim
from sim import memory, runcli
from sim.population import Population


@pytest.mark.skipif(hasattr(Population, "bytes_for"), reason="the layout reports its own size")
def test_bytes_per_customer_follow_the_population_layout():
    periods = 100
    per = memory.bytes_per_customer(periods)
    big = Population(1000, periods)
    small = Population(10, periods)
    owned = [memory._owned_bytes(p) for p in (small, big)]
    assert owned[1] - owned[0] == 990 * per
    # the volume matrix dominates long runs: (periods + 1) float32 per customer
    assert per > (periods + 1) * 4
    assert memory.bytes_per_customer(600) - memory.bytes_per_customer(100) == 500 * 4


def _measured_peak(scenario):
    tracemalloc.start()
    try:
        sim.LoyaltyModel(scenario, seed=1, create_agents=False).run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@pytest.mark.parametrize("fields", [
    {"n_customers": 20_000, "periods": 120},                        # acquisition-driven
    {"n_customers": 3_000, "periods": 300},                         # referrals compound
    {"n_customers": 2_000, "periods": 240, "referral_strength": 0.02},  # fastest compounding
])
def test_estimate_is_within_the_documented_factor_of_the_measured_peak(fields):
    scenario = sim.Scenario(**fields)
    estimate = memory.estimate(scenario, pilot=True)
    measured = _measured_peak(scenario)
    ratio = measured / estimate.bytes
    assert 1 / memory.TOLERANCE <= ratio <= memory.TOLERANCE, (fields, ratio)


def test_huge_run_is_refused_before_it_starts():
    scenario = sim.Scenario(n_customers=3_000_000, periods=6000, acquisition_rate=0.05)
    with pytest.raises(MemoryError) as info:
        memory.check_fits(scenario, available=10**9)
    message = str(info.value)
    assert "n_customers=3000000 x periods=6000" in message and "GB" in message
    assert "\n" not in message
    # the default classroom run fits easily, with no pilot run needed
    need = memory.check_fits(sim.Scenario(), available=2 * 10**9)
    assert need is not None and not need.piloted and need.bytes < 50e6


def test_cli_refuses_in_one_line(monkeypatch, capsys):
    monkeypatch.setattr(memory, "available_bytes", lambda: 10**9)
    args = ["--n-customers", "3000000", "--periods", "6000", "--acquisition-rate", "0.05"]
    assert runcli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("loyalty-lab run: n_customers=3000000 x periods=6000 would need")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_available_memory_is_read():
    available = memory.available_bytes()
    assert available is None or available > 10**8
    assert memory.human(29.4e9) == "29.4 GB" and memory.human(512) == "512 B"
    bound = memory.customer_bound(sim.Scenario(periods=10_000))
    assert bound > 1e12  # a bound, not an estimate: it only decides whether to pilot
