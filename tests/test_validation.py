"""The validation machinery: levers, outcomes, runner (serial and Dask), sensitivity, robustness."""

import dataclasses
import math
import pickle

import numpy as np
import pandas as pd
import pytest

import sim
from sim import Scenario
from sim.scenario import FieldSpec
from sim.validation import checks, levers, outcomes, robustness, runner, sensitivity

SMALL = Scenario(n_customers=150, periods=24)


# ---------------------------------------------------------------------------
# levers
# ---------------------------------------------------------------------------
def test_levers_come_from_the_field_specs():
    chosen = {lv.name: lv for lv in levers.levers()}
    specs = {s.name: s for s in Scenario.field_specs()}
    assert "n_customers" not in chosen and "periods" not in chosen
    assert "long_term_threshold" not in chosen  # run group, not listed as a lever
    for name in levers.RUN_LEVERS:
        assert name in chosen
    for name, spec in specs.items():
        if spec.group not in {"run"} and name not in levers.NOT_LEVERS:
            assert name in chosen, name
            assert chosen[name].low == spec.low
            assert chosen[name].high == (spec.high if spec.high is not None
                                         else levers.SAMPLING_BOUNDS[name][0])


def test_a_new_field_becomes_a_lever_and_an_unbounded_one_needs_a_bound(monkeypatch):
    extra = FieldSpec("rival_count", 2, 1, 4, int, "Rivals", "How many rivals.", group="market")
    specs = Scenario.field_specs() + (extra,)
    monkeypatch.setattr(Scenario, "field_specs", classmethod(lambda cls: specs))
    new = {lv.name: lv for lv in levers.levers()}["rival_count"]
    assert (new.low, new.high, new.integer) == (1, 4, True)
    unbounded = dataclasses.replace(extra, name="fleet", high=None)
    monkeypatch.setattr(Scenario, "field_specs", classmethod(lambda cls: specs + (unbounded,)))
    with pytest.raises(ValueError, match="'fleet' has no upper bound.*SAMPLING_BOUNDS"):
        levers.levers()
    not_a_lever = dataclasses.replace(unbounded, name="fleet")
    object.__setattr__(not_a_lever, "lever", False)  # the lead can mark a field so
    monkeypatch.setattr(Scenario, "field_specs", classmethod(lambda cls: specs + (not_a_lever,)))
    assert "fleet" not in {lv.name for lv in levers.levers()}


def test_integer_levers_give_each_whole_number_equal_weight():
    lag = levers.levers(["imitation_lag"])[0]
    count = int(lag.high - lag.low) + 1
    values = [lag.from_unit(u) for u in (np.arange(count * 100) + 0.5) / (count * 100)]
    counts = np.bincount(values)[int(lag.low):]
    assert set(values) == set(range(int(lag.low), int(lag.high) + 1))
    assert counts.min() == counts.max() == 100
    for v in (0, 7, 24):
        assert lag.from_unit(lag.to_unit(v)) == v


def test_scenarios_from_units_maps_onto_ranges():
    chosen = levers.levers()
    rows = np.vstack([np.zeros(len(chosen)), np.ones(len(chosen))])
    low, high = levers.scenarios_from_units(rows, chosen, base=SMALL)
    for lv in chosen:
        assert getattr(low, lv.name) == lv.low and getattr(high, lv.name) == lv.high
    assert low.n_customers == SMALL.n_customers


# ---------------------------------------------------------------------------
# outcomes
# ---------------------------------------------------------------------------
def test_outcomes_of_a_run():
    results = sim.LoyaltyModel(SMALL, seed=3, create_agents=False).run()
    row = outcomes.outcomes(results)
    assert list(row) == list(outcomes.OUTCOMES)
    assert math.isclose(sum(row[f"pattern_{p}"] for p in "I II III IV".split()), 1.0)
    assert row["unresolved"] == results.unresolved / results.customers
    counts = results.stage_counts
    ended = counts["ended"].iloc[-1] - counts["ended"].iloc[0]
    at_risk = counts[["exploration", "formation", "stability", "decline"]].sum(axis=1)[:-1].sum()
    assert row["churn"] == pytest.approx(ended / at_risk)
    assert row["repurchase"] == results.loyalty["repurchase"]
    assert row["profit_per_customer"] == results.profit / results.customers
    assert row["mean_clv"] == results.mean_clv


def test_adding_an_outcome_is_one_entry(monkeypatch):
    monkeypatch.setitem(outcomes.OUTCOMES, "customers", lambda r: r.customers)
    results = sim.LoyaltyModel(SMALL, seed=1, create_agents=False).run()
    assert outcomes.outcomes(results)["customers"] == results.customers


def test_most_common_pattern():
    row = {"pattern_I": 0.1, "pattern_II": 0.5, "pattern_III": 0.4, "pattern_IV": 0.0}
    assert outcomes.most_common_pattern(row) == "II"
    assert outcomes.most_common_pattern(dict.fromkeys(row, 0.0)) is None


# ---------------------------------------------------------------------------
# runner
# ---------------------------------------------------------------------------
def _pairs(n=12):
    chosen = levers.levers()
    units = np.random.default_rng(5).random((n // 2, len(chosen)))
    scenarios = levers.scenarios_from_units(units, chosen, base=SMALL)
    return [(sc, seed) for sc in scenarios for seed in (1, 2)]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": ":0"},
                                  silence_logs=logging.ERROR) as local:
        yield local


@pytest.mark.slow
def test_dask_cluster_gives_the_serial_results_bit_for_bit(cluster):
    pairs = _pairs()
    serial = runner.run_pairs(pairs, scheduler=runner.SERIAL)
    on_dask = runner.run_pairs(pairs, scheduler=cluster.scheduler_address, chunk_size=3)
    assert len(cluster.workers) == 2
    assert serial == on_dask  # floats compared exactly
    assert pd.DataFrame(serial).notna().all().all()


@pytest.mark.slow
def test_default_local_cluster_path():
    pairs = _pairs(4)
    assert runner.run_pairs(pairs, scheduler=runner.LOCAL) == runner.run_pairs(
        pairs, scheduler=runner.SERIAL)


def test_small_jobs_run_serially_and_results_keep_their_order():
    calls = [(i,) for i in range(10)]
    assert runner.map_calls(_square, calls) == [i * i for i in range(10)]


def _square(x):
    return x * x


def test_progress_bar_is_quiet_without_a_terminal(monkeypatch, capsys):
    assert runner.show_progress(None) is False  # pytest captures stderr: not a TTY
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setenv("CI", "true")
    assert runner.show_progress(None) is False
    runner.map_calls(_square, [(2,)], scheduler=runner.SERIAL)
    assert capsys.readouterr().err == ""
    runner.map_calls(_square, [(2,)], scheduler=runner.SERIAL, progress=True, desc="squares")
    assert "squares" in capsys.readouterr().err  # the bar exists, it is just quiet by default


def test_runaway_growth_is_stopped_and_flagged(monkeypatch):
    expected = SMALL.n_customers * (1 + SMALL.acquisition_rate * SMALL.periods)
    assert runner.customer_cap(SMALL) == int(runner.RUNAWAY_FACTOR * expected) + 1000
    calm = runner.evaluate(SMALL, 1)
    assert calm[runner.RUNAWAY] == 0.0
    monkeypatch.setattr(runner, "customer_cap", lambda scenario: scenario.n_customers + 5)
    stopped = runner.evaluate(SMALL, 1)  # the first arrivals pass this tiny cap
    assert stopped[runner.RUNAWAY] == 1.0
    assert set(stopped) == set(calm)  # summarised as it stood, same outcomes


def test_run_table_one_row_per_scenario_and_seed():
    table = runner.run_table([SMALL, SMALL.replace(supplier_value=0.3)], [4, 5],
                             scheduler=runner.SERIAL)
    assert list(table["scenario"]) == [0, 0, 1, 1] and list(table["seed"]) == [4, 5, 4, 5]
    means = runner.mean_over_seeds(table)
    assert means.loc[1, "pattern_I"] == pytest.approx(table["pattern_I"][2:].mean())


# ---------------------------------------------------------------------------
# sensitivity
# ---------------------------------------------------------------------------
def test_sample_size_must_be_a_power_of_two():
    with pytest.raises(ValueError, match="power of two"):
        sensitivity.check_samples(6)
    assert sensitivity.check_samples(8) == 8


@pytest.fixture(scope="module")
def small_study():
    chosen = levers.levers(["supplier_value", "discount_rate", "acquisition_cost"])
    return sensitivity.run_sobol(8, seeds=(1,), n_customers=150, periods=24, chosen=chosen,
                                 scheduler=runner.SERIAL)


def test_sobol_study_shape(small_study):
    n_inputs = 3 + 1  # levers + the seed input
    assert len(small_study.table) == 8 * (n_inputs + 2)
    assert len(small_study.indices) == len(outcomes.OUTCOMES) * n_inputs
    assert set(small_study.indices["lever"]) == {"supplier_value", "discount_rate",
                                                 "acquisition_cost", sensitivity.SEED_INPUT}
    assert np.isfinite(small_study.indices[["S1", "S1_conf", "ST", "ST_conf"]].to_numpy()).all()


def test_sobol_sees_which_lever_moves_which_outcome(small_study):
    st = small_study.indices.set_index(["lever", "outcome"])["ST"]
    # discount_rate only discounts money: behaviour, hence every pattern share, is untouched
    for p in ("I", "II", "III", "IV"):
        assert st[("discount_rate", f"pattern_{p}")] == 0.0
        assert st[("acquisition_cost", f"pattern_{p}")] == 0.0
    assert st[("supplier_value", "pattern_I")] > 0.3
    assert st[("acquisition_cost", "mean_clv")] > 0.1
    effects = sensitivity.lever_effects(small_study.indices).set_index("lever")
    assert effects.loc["supplier_value", "non_negligible"]
    assert effects.loc["acquisition_cost", "non_negligible"]


def test_lever_effects_threshold_and_noise_floor():
    rows = []
    for outcome, floor in (("a", 0.02), ("b", 0.3)):
        rows.append({"outcome": outcome, "lever": sensitivity.SEED_INPUT, "S1": 0, "S1_conf": 0,
                     "ST": floor, "ST_conf": 0.0})
    rows += [
        {"outcome": "a", "lever": "big", "S1": 0, "S1_conf": 0, "ST": 0.4, "ST_conf": 0.1},
        {"outcome": "b", "lever": "big", "S1": 0, "S1_conf": 0, "ST": 0.2, "ST_conf": 0.1},
        {"outcome": "a", "lever": "tiny", "S1": 0, "S1_conf": 0,
         "ST": 0.5 * sensitivity.NEGLIGIBLE_TOTAL, "ST_conf": 0.0},
        {"outcome": "b", "lever": "tiny", "S1": 0, "S1_conf": 0, "ST": 0.25, "ST_conf": 0.0},
    ]
    effects = sensitivity.lever_effects(pd.DataFrame(rows)).set_index("lever")
    assert effects.loc["big", "non_negligible"] and effects.loc["big", "outcomes"] == 1
    # below the threshold on a, below the noise floor on b: negligible
    assert not effects.loc["tiny", "non_negligible"]


def test_criteria_on_a_synthetic_table():
    def row(top, unresolved):
        r = {f"pattern_{p}": 0.1 for p in ("I", "II", "III", "IV")}
        r[f"pattern_{top}"] = 0.7
        return {**r, "unresolved": unresolved, runner.RUNAWAY: 0.0}

    table = pd.DataFrame([row("I", 0.1)] * 10 + [row("II", 0.1)] * 10 + [row("III", 0.3)] * 1
                         + [row("IV", 0.1)] * 9)
    indices = pd.DataFrame([{"outcome": "pattern_I", "lever": name, "S1": 0, "S1_conf": 0,
                             "ST": st, "ST_conf": 0} for name, st in
                            (("x", 0.5), (sensitivity.SEED_INPUT, 0.01))])
    study = sensitivity.SobolStudy((), table, indices)
    verdicts = {c.name: c for c in sensitivity.criteria(study)}
    assert verdicts["every_lever_matters"].holds
    assert verdicts["pattern_I_somewhere"].holds and verdicts["pattern_IV_somewhere"].holds
    assert not verdicts["pattern_III_somewhere"].holds  # 1 of 30 < 5 %
    assert verdicts["pattern_III_somewhere"].value == pytest.approx(1 / 30)
    assert verdicts["median_unresolved"].holds and verdicts["median_unresolved"].value == 0.1


def test_a_lever_that_acts_through_another_counts_only_by_its_own_claim():
    """imitation_lag is negligible over the whole space; a held claim that moves it with a
    financial bond set counts it, and nothing else does: a failed claim, a claim on another
    lever, a claim without the bond set, or being named in ACTS_THROUGH alone."""
    table = pd.DataFrame([{**{f"pattern_{p}": 0.25 for p in ("I", "II", "III", "IV")},
                           "unresolved": 0.1, runner.RUNAWAY: 0.0}] * 4)
    indices = pd.DataFrame([{"outcome": "pattern_I", "lever": name, "S1": 0, "S1_conf": 0,
                             "ST": st, "ST_conf": 0} for name, st in
                            (("supplier_value", 0.5), ("imitation_lag", 0.003),
                             ("price", 0.004), (sensitivity.SEED_INPUT, 0.001))])
    study = sensitivity.SobolStudy((), table, indices)
    assert levers.ACTS_THROUGH["imitation_lag"] == "financial_bond"

    def verdict(*claims):
        return sensitivity.criteria(study, claims=claims)[0]

    bonded = {"lever": "imitation_lag", "fixed": {"financial_bond": 1.0}, "holds": True}
    fixed_price = {"lever": "price", "fixed": {"financial_bond": 1.0}, "holds": True}
    for claims in [(), (dict(bonded, holds=False),), (dict(bonded, fixed={}),),
                   (dict(bonded, lever="supplier_value"),)]:
        v = verdict(*claims)
        assert v.value == 1 and "imitation_lag" in v.evidence.split("everywhere:")[1]
    v = verdict(bonded, fixed_price)  # price does not act through another lever
    assert v.value == 2 and v.threshold == 3 and not v.holds
    assert v.evidence == ("2 of 3 levers move some outcome, 1 of them only through another "
                          "lever: imitation_lag (directional claims); negligible everywhere: "
                          "price.")


# ---------------------------------------------------------------------------
# robustness
# ---------------------------------------------------------------------------
def test_reflect():
    assert robustness.reflect(-0.03, 0.0, 1.0) == pytest.approx(0.03)
    assert robustness.reflect(1.04, 0.0, 1.0) == pytest.approx(0.96)
    assert robustness.reflect(0.5, 0.0, 1.0) == 0.5
    assert robustness.reflect(-2.0, 0.0, None) == 2.0


def test_perturbations_move_every_lever_by_at_most_a_tenth_of_its_range():
    base = sim.presets.get("lifelong")
    chosen = levers.levers()
    moved = robustness.perturbed_scenarios(base, 32, chosen=chosen, seed=1)
    assert len(moved) == 32 and len({sc.to_dict().values().__repr__() for sc in moved}) == 32
    for lv in chosen:
        values = np.array([getattr(sc, lv.name) for sc in moved], dtype=float)
        spec = Scenario.spec(lv.name)
        assert values.min() >= spec.low and (spec.high is None or values.max() <= spec.high)
        # reflection can fold a move back, never lengthen it; whole numbers move by >= 1
        reach = max(0.1 * lv.width, 1.0) + 0.5 if lv.integer else 0.1 * lv.width
        assert np.abs(values - getattr(base, lv.name)).max() <= reach + 1e-12
        if lv.integer:
            assert all(float(v).is_integer() for v in values)
        assert np.unique(values).size > 1, lv.name  # every lever really moves
    assert {sc.n_customers for sc in moved} == {base.n_customers}


def test_robust_fact_share():
    base = sim.presets.get("aborted").replace(n_customers=150, periods=24)
    result = robustness.robust_fact(base, checks.MostCommonPattern("I"), n=6, seeds=(1,),
                                    scheduler=runner.SERIAL)
    assert result.holds_at_base and result.share == 1.0 and result.n == 6
    never = robustness.robust_fact(base, checks.MostCommonPattern("IV"), n=4, seeds=(1,),
                                   scheduler=runner.SERIAL)
    assert never.share == 0.0 and not never.holds_at_base


def test_interior_bases_keep_the_step_inside_the_range():
    chosen = levers.levers()
    lever = levers.levers(["supplier_value"])[0]
    bases = robustness.interior_bases(16, lever, 0.3, chosen=chosen, base=SMALL,
                                      fixed={"value_innovation": 0.0})
    for sc in bases:
        assert 0.1 <= sc.supplier_value <= 0.7 + 1e-12
        assert sc.value_innovation == 0.0
        assert 0.1 <= sc.latent_value <= 0.9
    with pytest.raises(ValueError, match="no interior base value"):
        robustness.interior_bases(4, lever, 0.95, chosen=chosen, base=SMALL)


@pytest.mark.parametrize("difference,direction,expected", [
    (0.1, "increase", True), (0.0, "increase", False), (-0.1, "increase", False),
    (-0.1, "decrease", True), (0.0, "decrease", False),
    (0.0, "no increase", True), (0.1, "no increase", False), (-0.1, "no increase", True),
    (0.0, "no decrease", True), (-0.1, "no decrease", False),
])
def test_tie_rule(difference, direction, expected):
    assert robustness.supports(difference, direction) is expected


def test_directional_claims_with_paired_seeds():
    # Acquisition cost changes no behaviour: lifetime value net of it falls every time ...
    claim = robustness.directional_claim("acquisition_cost", 0.5, "mean_clv", "decrease", n=6,
                                         seeds=(1,), base=SMALL, scheduler=runner.SERIAL)
    assert claim.share == 1.0 and claim.ties == 0
    assert np.allclose(claim.table["difference"], -0.5)
    # ... and the pattern shares do not move at all: paired seeds make these exact ties
    tie = robustness.directional_claim("acquisition_cost", 0.5, "pattern_I", "increase", n=6,
                                       seeds=(1,), base=SMALL, scheduler=runner.SERIAL)
    assert tie.ties == 6 and tie.share == 0.0
    with pytest.raises(ValueError, match="outcome must be one of"):
        robustness.directional_claim("supplier_value", 0.1, "happiness", "increase", n=2)
    with pytest.raises(ValueError, match="direction must be one of"):
        robustness.directional_claim("supplier_value", 0.1, "churn", "sideways", n=2)


# ---------------------------------------------------------------------------
# checks registry
# ---------------------------------------------------------------------------
def test_registry_entries_are_well_formed_and_picklable():
    assert checks.REGISTRY
    for check in checks.REGISTRY.values():
        pickle.loads(pickle.dumps(check))  # Dask workers receive them
    fact = next(c for c in checks.REGISTRY.values() if isinstance(c, checks.FactCheck))
    with pytest.raises(ValueError, match="already registered"):
        checks.register(fact)
    with pytest.raises(ValueError, match="outcome must be one of"):
        checks.register(checks.DirectionCheck("x", "x", "supplier_value", 0.1, "joy", "increase"))
    with pytest.raises(KeyError):
        checks.register(checks.FactCheck("y", "y", "no-such-preset", checks.MostCommonPattern("I")))


def test_shares_of_too_few_relationships_do_not_count_as_evidence():
    """III among stable relationships, in runs where almost none reach stability, is left out."""
    few = robustness.directional_claim("price", 0.2, "III_of_stable", "increase", n=4,
                                       seeds=(1,), base=SMALL.replace(n_customers=40),
                                       scheduler=runner.SERIAL)
    assert few.table["thin"].all() and few.n == 0 and few.ties == 4
    many = robustness.directional_claim("price", 0.2, "III_of_stable", "increase", n=4,
                                        seeds=(1,), base=SMALL.replace(n_customers=3000,
                                                                       periods=60),
                                        fixed={"supplier_value": 0.8,
                                               "initial_expectation": 0.5},
                                        scheduler=runner.SERIAL)
    assert not many.table["thin"].any() and many.n == 4
    row = runner.evaluate(Scenario(n_customers=3000), 1)
    assert row["n_III_of_stable"] >= robustness.MIN_BASE
    assert row["III_of_stable"] == pytest.approx(
        row["pattern_III"] / (row["pattern_III"] + row["pattern_IV"]))
