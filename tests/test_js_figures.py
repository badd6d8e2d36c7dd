"""The figures' computations in the page agree with Python's, given the same runs (issue 11).

``sim/static/figures.mjs`` turns model runs into a figure's series, numbers
and words in the static book; ``sim/widgets/figures`` does it in a live
kernel. Here both get the *same* Mesa model runs: the JavaScript's runs are
replayed from the ones Python made (``Results.to_dict()`` has the structure
the browser engine returns), and the scenarios it asks for must be the ones
Python ran. So they must agree exactly. This separates the shaping, which is
deterministic, from the engines, whose agreement is statistical
(``tests/test_js_engine.py``).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

import sim
from sim.scenario import Scenario
from sim.widgets.assets import browser_modules
from sim.widgets.catalog import figure_def
from sim.widgets.figures import common
from sim.widgets.inpage import IN_PAGE, page_config
from sim.widgets.node import run_node
from sim.widgets.point import average

REPLAY = """
import { FIGURES, average, scenarioFrom } from "./figures.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
const figure = FIGURES[job.name];
const out = job.seeds.map((seed, k) => {
  const runs = job.runs[k];
  const asked = [];
  const ctx = {
    config: job.config,
    scenario: (values, base = job.config.base) => scenarioFrom(base, values, job.config.int_fields),
    run(scenario, s) { asked.push({ scenario, seed: s }); return runs[asked.length - 1]; },
  };
  const result = figure.compute(ctx, job.values, seed);
  return { result, asked, words: figure.describe(result.n, job.values, job.config) };
});
const mean = average(out.map((o) => o.result));
process.stdout.write(JSON.stringify({
  out, mean: { s: mean.s, n: { ...mean.n, ...figure.describe(mean.n, job.values, job.config) } },
}));
"""


def start_values(name: str) -> dict[str, Any]:
    """The figure's controls at their starting values."""
    return {c.name: c.value for c in figure_def(name).spec().controls}


def corner_values(name: str) -> dict[str, Any]:
    """Every slider of the model at the top of its range (a far corner of the figure).

    The calculator's inputs (no model run) keep their starting values.
    """
    return {c.name: (c.high if c.kind == "range" and not c.calc else c.value)
            for c in figure_def(name).spec().controls}


def python_side(name: str, values: dict[str, Any], seeds: list[int]) -> tuple[list, list]:
    """Python's result for each seed, and the runs (scenario, seed, results) behind each."""
    runs: list[list[dict[str, Any]]] = []
    original = common.run

    def recording(scenario: Scenario, seed: int) -> Any:
        model, res = original(scenario, seed)
        data = res.to_dict()
        data["series"] = [{"profit": float(p)} for p in res.series["profit"]]
        data["active_means"] = common.active_means(model, (
            "basic_satisfaction", "latent_satisfaction", "satisfaction", "trust", "attitude",
            "repurchase"))
        data["clv"] = (model.population.column("clv")
                       - model.scenario.acquisition_cost).astype(float).tolist()
        runs[-1].append({"scenario": scenario.to_dict(), "seed": seed, "results": data})
        return model, res

    results = []
    common.run = recording
    try:
        for seed in seeds:
            common.baseline.cache_clear()  # every run of this seed goes through common.run
            runs.append([])
            results.append(figure_def(name).compute(values, seed))
    finally:
        common.run = original
        common.baseline.cache_clear()
    return results, runs


def page_side(name: str, values: dict[str, Any], seeds: list[int], runs: list) -> dict:
    job = {"name": name, "values": values, "seeds": seeds, "config": page_config(name),
           "runs": [[r["results"] for r in seed_runs] for seed_runs in runs]}
    return json.loads(run_node(REPLAY, browser_modules(),
                               stdin=json.dumps(job)))


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal structures; floats to 1e-12; NaN and infinity in Python as null in JavaScript."""
    if isinstance(a, dict):
        assert set(a) == set(b), f"{where}: keys {sorted(set(a) ^ set(b))}"
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), f"{where}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif a is None or (isinstance(a, float) and not math.isfinite(a)):
        assert b is None, f"{where}: {a} vs {b}"
    elif isinstance(a, str):
        assert a == b, f"{where}: {a!r} vs {b!r}"
    else:
        assert b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), \
            f"{where}: {a} vs {b}"


CASES = [(name, corner) for name in IN_PAGE if name != "customers" for corner in (False, True)]
"""Every figure computed from model runs; ``customers`` follows single customers (below)."""


@pytest.mark.parametrize(("name", "corner"), CASES,
                         ids=[f"{n}-{'corner' if c else 'start'}" for n, c in CASES])
def test_figure_computed_in_the_page_as_in_python(name: str, corner: bool) -> None:
    values = corner_values(name) if corner else start_values(name)
    seed = 2
    (result,), runs = python_side(name, values, [seed])
    got = page_side(name, values, [seed], runs)["out"][0]
    asked = [{"scenario": r["scenario"], "seed": r["seed"]} for r in runs[0]]
    assert got["asked"] == asked  # the same runs: scenarios, comparisons and seeds
    same(result, got["result"], name)
    describe = figure_def(name).describe
    same(describe(result["n"], values) if describe else {}, got["words"], f"{name} words")
    numbers = [v for v in result["n"].values() if isinstance(v, float) and math.isfinite(v)]
    assert len(set(numbers)) > 2  # a point where the compared numbers differ


def test_seeds_averaged_and_described_in_the_page_as_in_python() -> None:
    values = {**start_values("retention"), "supplier_value": 0.9}
    results, runs = python_side("retention", values, [1, 2, 3])
    mean = average(results)
    mean = {"s": mean["s"],
            "n": {**mean["n"], **figure_def("retention").describe(mean["n"], values)}}
    same(mean, page_side("retention", values, [1, 2, 3], runs)["mean"], "mean")


def test_every_figure_that_computes_in_the_page_has_a_page_configuration() -> None:
    script = """
import { FIGURES } from "./figures.mjs";
process.stdout.write(JSON.stringify(Object.keys(FIGURES)));
"""
    shaped = json.loads(run_node(script, browser_modules()))
    assert sorted(shaped) == sorted(IN_PAGE)
    with pytest.raises(ValueError, match="demo"):
        page_config("demo")


def test_a_figure_computed_in_the_page_runs_the_browser_engine() -> None:
    """context + computePoint: scenario, engine runs over the seeds, shaping, words."""
    script = """
import * as engine from "./engine.mjs";
import { computePoint, context } from "./figures.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
const ctx = context(engine, job.config);
process.stdout.write(JSON.stringify(computePoint(ctx, "bonding", job.values, [1, 2])));
"""
    job = {"config": page_config("bonding"), "values": start_values("bonding")}
    got = json.loads(run_node(script, browser_modules(), stdin=json.dumps(job)))
    assert got["n"]["bond_keeps"] in ("yes", "no")
    assert got["s"]["retention"][0] == 1.0  # everyone is a customer before the first purchase
    assert got["n"]["profit"] != got["n"]["profit_base"]  # the comparison is another run


STORY = """
import { pickCustomers, story } from "./figures.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({
  stories: job.traces.map((t) => story(t.stages, t.pattern, t.cause, job.config)),
  picked: pickCustomers(job.codes, 5),
}));
"""


def test_customer_stories_and_choice_in_the_page_as_in_python() -> None:
    """Trace.story and pick_customers, on Python's own traces of many customers."""
    from sim.widgets import customer_trace
    from sim.widgets.figures import customers

    scenario = customers.scenario()
    model = sim.LoyaltyModel(scenario, seed=customers.SEED, create_agents=False)
    model.run()
    codes = [int(model.population.value("pattern", i)) for i in range(scenario.n_customers)]
    traces = customer_trace.trace(scenario, customers.SEED, tuple(range(0, 1000, 7)))
    job = {"config": page_config("customers"), "codes": codes,
           "traces": [{"stages": t.series["stage"], "pattern": t.pattern, "cause": t.cause}
                      for t in traces.values()]}
    got = json.loads(run_node(STORY, browser_modules(),
                              stdin=json.dumps(job)))
    assert got["stories"] == [t.story() for t in traces.values()]
    for branch in ("won back", "back to", "never left", "still undecided", "long-term",
                   "because of"):  # every way a story is told occurs at least once
        assert any(branch in story for story in got["stories"]), branch
    assert tuple(got["picked"]) == customer_trace.pick_customers(scenario, customers.SEED)


def test_customers_traced_in_the_page_with_the_browser_engine() -> None:
    script = """
import * as engine from "./engine.mjs";
import { computePoint, context } from "./figures.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
const ctx = context(engine, job.config);
process.stdout.write(JSON.stringify(job.config.letters.map(
  (customer) => computePoint(ctx, "customers", { customer }, [1]))));
"""
    got = json.loads(run_node(script, browser_modules(),
                              stdin=json.dumps({"config": page_config("customers")})))
    assert len({r["n"]["customer_id"] for r in got}) == 5
    for r in got:
        stages = r["s"]["stage"]
        assert len(stages) == common.PERIODS + 1 and stages[0] == 0
        for t, stage in enumerate(stages):  # no feelings after a relationship ended
            assert (r["s"]["trust"][t] is None) == (stage == 4)
        assert r["n"]["story"].startswith("It ") and r["n"]["who"].startswith("Customer ")
        ended = 4 in stages
        assert ended == ("ended in month" in r["n"]["story"])


def test_computed_phrases_in_chinese_in_the_page_as_in_python() -> None:
    """resultTextZh: every kind of phrase a figure computes, and texts that are none of them."""
    from sim.i18n import widgets as zh
    from sim.widgets import customer_trace
    from sim.widgets.figures import customers, retention, satisfaction_trap
    from sim.widgets.inpage import zh_phrases

    scenario = customers.scenario()
    stories = [t.story() for t in customer_trace.trace(
        scenario, customers.SEED, tuple(range(0, 1000, 7))).values()]
    lifetimes = [retention._years_text(y) for y in (0.3, 1.0, 4.25, 12.0, 49.9, 51.0,
                                                    float("nan"))]
    verdicts = [satisfaction_trap.describe({"loyalty": x, "average": 0.5}, {})["trap_text"]
                for x in (0.2, 0.5, 0.8)]
    names = [f"Customer {letter}" for letter in customers.LETTERS]
    unknown = ["It moved to nowhere in month 3; the relationship ended in month 9.",
               "It never left exploration; the relationship ended in month 2, because of luck.",
               "about years", "Customer Z", "hello"]
    texts = [*stories, *lifetimes, *verdicts, *names, *unknown]
    script = """
import { resultTextZh } from "./figures.mjs";
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(job.texts.map((t) => resultTextZh(t, job.zh))));
"""
    got = json.loads(run_node(script, browser_modules(),
                              stdin=json.dumps({"texts": texts, "zh": zh_phrases()})))
    expected = [zh.result_text_zh(t) for t in texts]
    assert got == expected
    assert all(expected[: -len(unknown)]) and not any(expected[-len(unknown):])
