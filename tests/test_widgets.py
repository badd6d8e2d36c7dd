"""The interactive-figure widget without a browser: specs, live results, live protocol.

Numbers a figure shows are compared with direct ``sim.LoyaltyModel`` runs
(``model_truth``), at settings where every compared number is non-zero and
distinct, never with the figure's own compute path. The settings lie off the
positions of the figures' response curves (``page_engine.off_grid_settings``),
where nothing is special any more: the static book computes every slider step
in the page, a live kernel any value.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from model_truth import (
    active_means,
    close,
    distinct_and_nonzero,
    pattern_truth,
    retention_end,
    runs,
    tiers,
)
from page_engine import off_grid_settings

import sim
from sim.facts import BOND_MARKET
from sim.scenario import Scenario
from sim.stages import PATTERN_NAMES, PATTERNS, STAGES
from sim.widgets import FIGURE_NAMES, LoyaltyFigure, customer_trace, interactive_figure, labels
from sim.widgets.catalog import figure_def
from sim.widgets.inpage import IN_PAGE, page_config, zh_phrases
from sim.widgets.point import compute_point, preset_values
from sim.widgets.spec import Control, FigureSpec, Panel, Reveal, Series
from sim.widgets.widget import MAX_POINTS, validate_values

REPO_ROOT = Path(__file__).resolve().parents[1]
CODE_WORDS = re.compile(r"_|\bx 0\.\d|\bper period\b|\bperiods\b")


def test_contract_names() -> None:
    assert FIGURE_NAMES == (
        "tour",
        "retention",
        "bonding",
        "lifecycle",
        "satisfaction_trap",
        "drivers",
        "customer_value",
        "programme",
        "scenarios",
        "customers",
    )
    with pytest.raises(ValueError, match="Unknown interactive figure"):
        interactive_figure("nope")


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_spec_is_consistent(name: str) -> None:
    spec = figure_def(name).spec()
    spec.check()
    data = spec.to_json()
    json.dumps(data)  # JSON-ready
    controls = {c.name: c for c in spec.controls}
    for control in spec.controls:
        assert control.label
        if control.kind == "range":
            assert control.low <= control.value <= control.high, control
            assert all(control.low <= g <= control.high for g in control.grid), control
        if control.kind == "select":
            assert control.value in [value for value, _ in control.options], control
    for panel in spec.panels:
        if panel.kind in ("line", "stacked"):
            assert panel.x in spec.axes, (name, panel.id)
        if panel.kind == "slice":  # a response curve needs two positions at least
            assert panel.x in controls and len(controls[panel.x].grid) >= 2, (name, panel.id)
        colours = [s.color for s in panel.series]
        if panel.kind != "table":  # the chart tests find each series by its colour
            assert len(set(colours)) == len(colours), (name, panel.id, colours)
    assert any(c.kind in ("range", "select") for c in spec.controls), name
    assert spec.n_customers == 1000 and spec.periods == 60


def _steps(low: float, high: float, step: float) -> float:
    return (high - low) / step


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_controls_speak_plain_words_and_travel_their_range_in_steps(name: str) -> None:
    """Plain labels with anchored scales and visible help; low..high in whole steps.

    Every slider moves freely in its fine steps (the page computes each one), so
    its ends, its starting value and the positions of its response curves are
    whole steps from its low end.
    """
    spec = figure_def(name).spec()
    fields = {f.name: f for f in Scenario.field_specs()}
    for c in spec.controls:
        assert not CODE_WORDS.search(c.label), (name, c.name, c.label)
        assert not CODE_WORDS.search(c.help or ""), (name, c.name, c.help)
        if c.name in fields:  # a model lever: words from sim/widgets/labels.py
            words = labels.field_text(c.name)
            assert c.label == words.label and c.help == words.help and c.help
            field = fields[c.name]
            high = field.high if field.high is not None else math.inf
            assert field.low <= c.low and c.high <= high, (name, c.name)
            for value, word in c.anchors:
                assert field.low <= value <= high and word, (name, c.name)
        if c.kind == "range":
            assert c.low < c.high and c.step > 0, (name, c.name)
            for value in (c.high, c.value, *c.grid):
                steps = _steps(c.low, value, c.step)
                assert steps == pytest.approx(round(steps), abs=1e-6), (name, c.name, value)
    assert spec.try_this.startswith("Try this:"), name
    assert spec.reveal and spec.reveal.question.startswith("Predict:"), name


def test_every_scenario_lever_in_the_book_has_words() -> None:
    with pytest.raises(KeyError, match="no plain-language label"):
        labels.field_text("development_threshold")


def test_spec_check_refuses_what_the_widget_cannot_show() -> None:
    """A value or curve position outside a slider's range, a curve with fewer than two
    positions, a reveal outside the range or of a non-control: refused, the control named."""
    bars = Panel("p", "bar", "P", series=(Series("s", "S"),), categories=("a",))

    def spec_with(control: Control, reveal: Reveal | None = None,
                  panel: Panel = bars) -> FigureSpec:
        return FigureSpec("x", "X", controls=(control,), panels=(panel,), sentence="",
                          reveal=reveal)

    with pytest.raises(ValueError, match=r"x: cost travels 0.0..1.0; \[1.2\] lie outside"):
        spec_with(Control("cost", "Cost", value=1.2)).check()
    with pytest.raises(ValueError, match=r"x: cost travels 0.0..1.0; \[-0.5, 1.5\] lie outside"):
        spec_with(Control("cost", "Cost", value=0.5, grid=(-0.5, 0.5, 1.5))).check()
    curve = Panel("curve", "slice", "C", series=(Series("n", "N"),), x="a")
    one = Control("a", "A", value=0.5, grid=(0.5,))
    with pytest.raises(ValueError, match="the curve curve needs at least two positions of a"):
        spec_with(one, panel=curve).check()
    with pytest.raises(ValueError, match="the curve curve needs at least two positions of a"):
        spec_with(Control("b", "B", value=0.5, grid=(0.0, 1.0)), panel=curve).check()
    good = Control("a", "A", value=0.5, grid=(0.0, 0.5, 1.0))
    with pytest.raises(ValueError, match=r"the reveal sets a=1.3, outside 0.0..1.0"):
        spec_with(good, Reveal("Predict?", {"a": 1.3}, "")).check()
    with pytest.raises(ValueError, match="the reveal sets 'z', not a control"):
        spec_with(good, Reveal("Predict?", {"z": 0.5}, "")).check()
    # What the precomputed book had to refuse is fine now: the page computes any step.
    spec_with(good, Reveal("Predict?", {"a": 0.37}, ""), panel=curve).check()
    spec_with(Control("lag", "Lag", low=3, high=60, step=1, value=12, grid=(3, 12, 60))).check()
    spec_with(Control("cost", "Cost", value=0.3)).check()  # no curve positions at all


def _shares_in_unit_interval(name: str, points: list[dict[str, Any]]) -> list[str]:
    spec = figure_def(name).spec()
    pct_keys = {r.key for r in spec.table if r.fmt in ("pct", "pct1") and "@" not in r.key}
    pct_series = {s.key for p in spec.panels if p.percent for s in p.series}
    bad = []
    for i, point in enumerate(points):
        for key in pct_keys & set(point["n"]):
            v = point["n"][key]
            if v is not None and not 0 <= v <= 1:
                bad.append(f"point {i}: {key} = {v}")
        for key in pct_series & set(point["s"]):
            bad += [f"point {i}: {key} = {v}" for v in point["s"][key]
                    if v is not None and not 0 <= v <= 1]
    return bad


def _reveal_values(name: str) -> dict[str, Any]:
    """The control values "Show me" moves to (a preset sets its levers, as in the page)."""
    spec = figure_def(name).spec()
    values = {**spec.defaults(), **spec.reveal.values}
    levers = preset_values(spec, values)
    values.update({k: v for k, v in levers.items() if k not in spec.reveal.values})
    return values


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_live_results_are_complete_and_shares_are_shares(name: str) -> None:
    """At settings off the curve positions every key the figure shows is computed, every
    share is in [0, 1], and the reveal's answer is one of its predictions."""
    spec = figure_def(name).spec()
    points = [compute_point(name, values, spec.seeds) for values in off_grid_settings(name, 3)]
    calc_keys = {"clv", "clv_undiscounted", "lifetime", "clv_flow", "clv_pv"}
    for point in points:
        for panel in spec.panels:
            for series in panel.series:
                store = point["n"] if panel.kind == "slice" else point["s"]
                assert series.key in store or series.key in calc_keys, (name, series.key)
        for row in spec.table:
            key = re.split("[@#]", row.key)[0]
            assert key in point["n"] or key in point["s"] or key in calc_keys, (name, row.key)
    bad = _shares_in_unit_interval(name, points)
    assert not bad, f"{name}: shares outside [0, 100%]: {bad[:5]}"
    if spec.reveal and spec.reveal.answer_key:
        revealed = compute_point(name, _reveal_values(name), spec.seeds)
        answers = {p["n"].get(spec.reveal.answer_key) for p in [*points, revealed]}
        allowed = {value for value, _ in spec.reveal.predictions}
        assert answers <= allowed, (name, answers - allowed)


def _pick_point(name: str, keys: list[str], extra: Any = None) -> dict[str, Any]:
    """The first off-grid setting whose figure numbers ``keys`` are non-zero and distinct.

    The numbers are the live path's (``compute_point``), only a way to choose
    settings; the expected numbers come from direct runs.
    """
    spec = figure_def(name).spec()
    count = 24
    for values in off_grid_settings(name, count):
        if extra is not None and not extra(values):
            continue
        numbers = [compute_point(name, values, spec.seeds)["n"].get(k) for k in keys]
        if all(isinstance(v, int | float) for v in numbers) and distinct_and_nonzero(numbers):
            return values
    pytest.fail(f"{name}: no setting among {count} off-grid ones where {keys} are all non-zero "
                "and distinct")


def _scenario(values: dict[str, Any], base: Scenario | None = None) -> Scenario:
    fields = {k: v for k, v in values.items() if k in Scenario.field_names()}
    if "imitation_lag" in fields:
        fields["imitation_lag"] = int(fields["imitation_lag"])
    return (base or Scenario()).replace(**fields)


PATTERN_KEYS = [f"p_{p}" for p in PATTERNS]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["tour", "lifecycle", "scenarios"])
def test_pattern_figures_show_the_models_numbers(name: str) -> None:
    """Pattern shares and stage counts equal direct model runs, patterns told apart."""
    spec = figure_def(name).spec()
    values = _pick_point(name, PATTERN_KEYS)
    base = sim.presets.get(values["preset"]) if name == "scenarios" else None
    results = [r for _, r in runs(_scenario(values, base), spec.seeds)]
    axis = spec.axes["period"]
    picks = [1, len(axis) // 2, len(axis) - 1]
    truth = pattern_truth(results, [axis[i] for i in picks])
    assert distinct_and_nonzero([truth[k] for k in PATTERN_KEYS]), truth
    shown = compute_point(name, values, spec.seeds)
    for key in PATTERN_KEYS:
        assert close(shown["n"][key], truth[key]), (name, key, shown["n"][key], truth[key])
    for i in picks:
        for s in STAGES:
            assert close(shown["s"][f"st_{s}"][i], truth[f"st_{s}@{axis[i]}"], abs_tol=0.5), (
                name, s, axis[i])
    best = max(PATTERNS, key=lambda p: truth[f"p_{p}"])
    assert shown["n"]["dominant"] == best


@pytest.mark.slow
def test_retention_figure_shows_the_models_numbers() -> None:
    """Survival, churn and lifetime are the model's Kaplan-Meier numbers, not 1 / r."""
    spec = figure_def("retention").spec()
    values = _pick_point("retention", ["survival_year", "churn_year"])
    pairs = runs(_scenario(values), spec.seeds)
    shown = compute_point("retention", values, spec.seeds)
    numbers = shown["n"]
    assert close(numbers["survival_year"], np.mean([r.survival.curve[12] for _, r in pairs]))
    assert close(numbers["churn_year"], np.mean([r.annual_churn for _, r in pairs]))
    months = np.mean([r.expected_lifetime for _, r in pairs])
    assert close(numbers["lifetime"], months / 12)
    assert close(numbers["naive_lifetime"], 1 / numbers["churn_year"], rel=1e-3)
    assert not close(numbers["lifetime"], numbers["naive_lifetime"], rel=0.05)
    assert close(numbers["profit"], np.mean([r.profit for _, r in pairs]), abs_tol=1)
    first_year = np.mean([r.survival.curve[:13] for _, r in pairs], axis=0)
    assert all(close(a, b) for a, b in zip(shown["s"]["survival"][:13], first_year, strict=True))


@pytest.mark.slow
def test_bonding_figure_shows_the_models_numbers() -> None:
    spec = figure_def("bonding").spec()
    values = _pick_point("bonding", ["retention_end", "retention_base_end"],
                         lambda v: v["financial_bond"] > 0 and v["structural_bond"] > 0)
    bonded = runs(_scenario(values, BOND_MARKET), spec.seeds)
    plain = runs(BOND_MARKET.replace(financial_bond=0.0, social_bond=0.0, structural_bond=0.0),
                 spec.seeds)
    shown = compute_point("bonding", values, spec.seeds)["n"]
    assert close(shown["retention_end"], np.mean([retention_end(r) for _, r in bonded]))
    assert close(shown["retention_base_end"], np.mean([retention_end(r) for _, r in plain]))
    assert close(shown["profit"], np.mean([r.profit for _, r in bonded]), abs_tol=1)
    assert close(shown["profit_base"], np.mean([r.profit for _, r in plain]), abs_tol=1)
    assert shown["profit"] != shown["profit_base"]


@pytest.mark.slow
def test_drivers_figure_shows_the_models_numbers() -> None:
    spec = figure_def("drivers").spec()
    measures = ["repurchase", "cross_buy", "referral", "price_tolerance"]
    values = _pick_point("drivers", measures)
    pairs = runs(_scenario(values), spec.seeds)
    shown = compute_point("drivers", values, spec.seeds)["n"]
    for m in measures:
        assert close(shown[m], np.mean([r.loyalty[m] for _, r in pairs])), m
    for t in sim.loyalty_types.LOYALTY_TYPES:
        assert close(shown[f"t_{t}"], np.mean([r.loyalty_types[t] for _, r in pairs])), t


@pytest.mark.slow
def test_satisfaction_trap_figure_shows_the_models_numbers() -> None:
    spec = figure_def("satisfaction_trap").spec()
    keys = ["basic_satisfaction", "latent_satisfaction", "loyalty", "repurchase"]
    values = _pick_point("satisfaction_trap", keys)
    pairs = runs(_scenario(values, sim.presets.get("satisfaction_trap")), spec.seeds)
    means = [active_means(m, ("basic_satisfaction", "latent_satisfaction", "attitude",
                              "repurchase")) for m, _ in pairs]
    shown = compute_point("satisfaction_trap", values, spec.seeds)["n"]
    for key, column in zip(keys, ("basic_satisfaction", "latent_satisfaction", "attitude",
                                  "repurchase"), strict=True):
        assert close(shown[key], np.mean([m[column] for m in means])), key
    assert close(shown["profit"], np.mean([r.profit for _, r in pairs]), abs_tol=1)


@pytest.mark.slow
def test_programme_figure_shows_the_models_numbers() -> None:
    spec = figure_def("programme").spec()
    values = _pick_point("programme", ["retention_end", "retention_base_end"],
                         lambda v: v["financial_bond"] > 0 and 0 < v["imitation_lag"] < 60)
    with_programme = runs(_scenario(values), spec.seeds)
    without = runs(Scenario(), spec.seeds)
    shown = compute_point("programme", values, spec.seeds)["n"]
    extra = np.mean([a.active - b.active for (_, a), (_, b) in
                     zip(with_programme, without, strict=True)])
    assert close(shown["extra_active"], extra, abs_tol=0.5)
    change = np.mean([a.profit - b.profit for (_, a), (_, b) in
                      zip(with_programme, without, strict=True)])
    assert close(shown["profit_change"], change, abs_tol=1)


@pytest.mark.slow
def test_customer_value_pyramid_shows_the_models_numbers() -> None:
    from sim.widgets.figures.customer_value import TIERS

    spec = figure_def("customer_value").spec()
    values = _pick_point("customer_value", [f"share_{k}" for k, _, _ in TIERS])
    pairs = runs(_scenario({k: values[k] for k in ("supplier_value", "structural_bond")}),
                 spec.seeds)
    per_seed = [tiers(m.population.column("clv") - m.scenario.acquisition_cost,
                      [s for _, _, s in TIERS]) for m, _ in pairs]
    shown = compute_point("customer_value", values, spec.seeds)["n"]
    for i, (key, _, _) in enumerate(TIERS):
        assert close(shown[f"clv_{key}"], np.mean([t[i][0] for t in per_seed]), abs_tol=0.01)
        assert close(shown[f"share_{key}"], np.mean([t[i][1] for t in per_seed]))


def test_pyramid_shares_stay_shares_when_most_customers_lose_money() -> None:
    """A base where the total value is negative still has tier shares in [0, 1] (issue 9)."""
    from sim.widgets.figures.customer_value import value_tiers

    numbers = value_tiers(np.array([5.0, 1.0, -2.0, -3.0, -4.0, -6.0, -1.0, -2.0, -3.0, -9.0]))
    shares = [numbers[f"share_{k}"] for k in ("platinum", "gold", "iron", "lead")]
    assert all(0 <= s <= 1 for s in shares) and sum(shares) == pytest.approx(1.0)
    assert numbers["negative_share"] == pytest.approx(0.8)
    assert numbers["clv_platinum"] == 5.0


def test_follow_one_customer_is_the_models_own_trace() -> None:
    """Each traced customer's path equals stepping the model and reading the population."""
    from sim.widgets.figures import customers

    scenario = customers.scenario()
    spec = figure_def("customers").spec()
    seed = spec.seeds[0]
    model = sim.LoyaltyModel(scenario, seed=seed, create_agents=False)
    chosen = customer_trace.pick_customers(scenario, seed, len(customers.LETTERS))
    expected: dict[int, dict[str, list[Any]]] = {i: {c: [] for c in customer_trace.COLUMNS}
                                                 for i in chosen}

    def read() -> None:
        for i in chosen:
            for c in customer_trace.COLUMNS:
                expected[i][c].append(model.population.value(c, i))

    read()
    while model.steps < scenario.periods:
        model.step()
        read()
    patterns = set()
    for letter, i in zip(customers.LETTERS, chosen, strict=True):
        shown = compute_point("customers", {"customer": letter}, spec.seeds)
        stages = expected[i]["stage"]
        assert shown["s"]["stage"] == stages
        for c in ("satisfaction", "trust", "switching"):
            for t, (got, want) in enumerate(zip(shown["s"][c], expected[i][c], strict=True)):
                if stages[t] == STAGES.index("ended"):
                    assert got is None
                else:
                    assert got == pytest.approx(want, abs=6e-4), (letter, c, t)
        code = int(model.population.value("pattern", i))
        pattern = PATTERNS[code - 1] if code else "none"
        assert shown["n"]["pattern_code"] == pattern
        assert shown["n"]["who"] == f"Customer {letter}" and shown["n"]["customer_id"] == i
        patterns.add(pattern)
        if pattern != "none":
            assert f"pattern {pattern}" in shown["n"]["story"]
    assert len(patterns) >= 3, f"the five customers should end differently: {patterns}"
    # with no customer chosen yet, the figure follows the first one
    assert customers.compute({}, seed) == customers.compute({"customer": "A"}, seed)
    assert customers.compute({}, seed) != customers.compute({"customer": "B"}, seed)


def test_widget_names_of_stages_and_patterns_match_the_model() -> None:
    js = (REPO_ROOT / "sim" / "static" / "widget.js").read_text()
    stages = re.search(r"const STAGE_NAMES = \[(.*?)\];", js).group(1)
    assert [s.strip(' "') for s in stages.split(",")] == list(STAGES)
    for code, words in PATTERN_NAMES.items():
        assert f'{code}: "{words}"' in js


def test_a_preset_sets_its_levers() -> None:
    """Choosing a preset moves every lever to the preset's scenario, inside the sliders."""
    from sim.widgets.figures.scenarios import LEVERS

    spec = figure_def("scenarios").spec()
    controls = {c.name: c for c in spec.controls}
    assert controls["preset"].kind == "select"
    for name, _ in controls["preset"].options:
        preset = sim.presets.get(name)
        levers = preset_values(spec, {"preset": name})
        assert levers == {lever: getattr(preset, lever) for lever in LEVERS}, name
        for lever, value in levers.items():
            assert controls[lever].low <= value <= controls[lever].high, (name, lever, value)
    assert preset_values(spec, {}) == {}  # no preset chosen: no lever moves
    assert preset_values(figure_def("tour").spec(), {"preset": "unfair"}) == {}


def test_building_a_figure_runs_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is precomputed: a figure (a book's, a classroom's) is built without a model
    run, as the page computes its own and a kernel computes when asked."""

    def fail(*_: Any, **__: Any) -> None:
        raise AssertionError("a model ran while a figure was built")

    monkeypatch.setattr(sim.LoyaltyModel, "step", fail)
    monkeypatch.setattr(sim.LoyaltyModel, "run", fail)
    for name in (*FIGURE_NAMES, "demo"):
        for lang in (None, "en", "zh"):
            assert interactive_figure(name, lang=lang).spec["name"] == name


def test_validate_values() -> None:
    spec = figure_def("lifecycle").spec()
    assert validate_values(spec, {"price": 1.33})["price"] == 1.33
    with pytest.raises(ValueError, match="between"):
        validate_values(spec, {"price": 1.6})
    with pytest.raises(ValueError, match="Unknown control"):
        validate_values(spec, {"fairness": 0.5})
    with pytest.raises(ValueError, match="one of"):
        validate_values(figure_def("scenarios").spec(), {"preset": "nope"})


def test_preset_sets_levers_unless_given() -> None:
    fig = interactive_figure("scenarios", values={"preset": "unfair", "seed": 4})
    assert fig.values["price"] == sim.presets.get("unfair").price
    fig = interactive_figure("scenarios", values={"preset": "unfair", "price": 1.1})
    assert fig.values["price"] == 1.1


class _Recorder:
    def __init__(self, fig: LoyaltyFigure, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[dict[str, Any]] = []
        monkeypatch.setattr(fig, "send", lambda msg, *a, **k: self.sent.append(msg))


def test_live_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel answers hello (so the browser goes live) and recomputes any value."""
    fig = interactive_figure("tour")
    rec = _Recorder(fig, monkeypatch)
    fig._on_message(fig, {"type": "hello"}, [])
    assert rec.sent[-1] == {"type": "hello", "live": True}
    values = dict(fig.values, price=1.07)  # any value, not only a curve position
    fig._on_message(fig, {"type": "compute", "id": 3, "values": values}, [])
    partial, reply = rec.sent[-2:]
    assert partial["type"] == "partial" and partial["id"] == 3 and partial["seeds"] == [1]
    assert partial["result"] == compute_point("tour", values, (1,))
    assert reply["type"] == "result" and reply["id"] == 3 and reply["seeds"] == [1, 2, 3]
    assert reply["result"] == compute_point("tour", values, (1, 2, 3))
    fig._on_message(fig, {"type": "compute", "id": 4, "values": {"price": 7}}, [])
    assert rec.sent[-1]["type"] == "error" and rec.sent[-1]["id"] == 4


def test_live_points_of_response_curves(monkeypatch: pytest.MonkeyPatch) -> None:
    """A "points" request gets the Mesa model's result at each setting, in order; more
    than MAX_POINTS settings, no list or a bad value get an error naming the problem."""
    fig = interactive_figure("satisfaction_trap")  # its slice panels ask for such points
    rec = _Recorder(fig, monkeypatch)
    spec = figure_def("satisfaction_trap").spec()
    asked = [dict(fig.values, latent_focus=x) for x in (0.13, 0.57)]
    fig._on_message(fig, {"type": "points", "id": 7, "values": asked}, [])
    reply = rec.sent[-1]
    expected = [compute_point("satisfaction_trap", v, spec.seeds) for v in asked]
    assert reply == {"type": "points", "id": 7, "results": expected}
    assert expected[0]["n"]["loyalty"] != expected[1]["n"]["loyalty"]  # two settings, two runs
    partial = [{"latent_focus": 0.57}]  # the rest at the figure's starting values
    fig._on_message(fig, {"type": "points", "id": 8, "values": partial}, [])
    assert rec.sent[-1]["results"] == [compute_point(
        "satisfaction_trap", {**spec.defaults(), "latent_focus": 0.57}, spec.seeds)]

    demo = interactive_figure("demo")  # engine-free: as many points as allowed, quickly
    rec = _Recorder(demo, monkeypatch)
    most = [dict(demo.values, a=round(i / 40, 3)) for i in range(MAX_POINTS)]
    demo._on_message(demo, {"type": "points", "id": 1, "values": most}, [])
    assert rec.sent[-1]["type"] == "points" and len(rec.sent[-1]["results"]) == MAX_POINTS == 20
    demo._on_message(demo, {"type": "points", "id": 2, "values": [*most, demo.values]}, [])
    assert rec.sent[-1] == {"type": "error", "id": 2,
                            "message": "points: a list of at most 20 settings expected"}
    demo._on_message(demo, {"type": "points", "id": 3, "values": demo.values}, [])
    assert rec.sent[-1]["type"] == "error" and "a list" in rec.sent[-1]["message"]
    bad = [demo.values, dict(demo.values, a=1.7)]
    demo._on_message(demo, {"type": "points", "id": 4, "values": bad}, [])
    assert rec.sent[-1]["type"] == "error" and rec.sent[-1]["id"] == 4
    assert "Growth must be between 0.0 and 1.0; got 1.7" in rec.sent[-1]["message"]
    demo._on_message(demo, {"type": "points", "id": 5, "values": bad, "lang": "zh"}, [])
    assert rec.sent[-1]["type"] == "error" and "必须在 0.0 到 1.0 之间" in rec.sent[-1]["message"]


def test_live_seed_control_runs_that_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = interactive_figure("scenarios")
    values = dict(fig.values, seed=9, price=1.13)
    result = fig.compute(values)
    scenario = sim.presets.get("lifelong").replace(price=1.13, n_customers=1000, periods=60)
    res = sim.LoyaltyModel(scenario, seed=9).run()
    assert result["n"]["p_IV"] == pytest.approx(res.pattern_shares["IV"], rel=1e-3)
    assert result["s"]["st_stability"][-1] == pytest.approx(
        res.stage_counts["stability"].iloc[-1], rel=1e-3
    )


def test_widget_traits_and_assets() -> None:
    fig = interactive_figure("tour", projector=True)
    assert fig.options["projector"] is True
    assert "Chart.js v4.5.1" in fig._esm and "export default { render }" in fig._esm
    # The browser engine and the figures' computations come with it: the page computes.
    assert "const loyaltyEngine" in fig._esm and "const loyaltyFigures" in fig._esm
    assert fig._esm.index("const loyaltyFigures") < fig._esm.index("function render(")
    assert not fig.has_trait("grid")
    assert set(FIGURE_NAMES) <= set(IN_PAGE)  # every figure of the book computes in the page
    book = interactive_figure("lifecycle")  # the book's case: the page's language
    assert book.inpage["config"] == page_config("lifecycle")
    assert book.inpage["zh"] == zh_phrases()  # the Chinese edition's computed phrases
    assert interactive_figure("lifecycle", lang="zh").inpage == book.inpage
    english = interactive_figure("lifecycle", lang="en").inpage
    assert english["config"] == page_config("lifecycle") and "zh" not in english
    assert interactive_figure("demo").inpage == {}  # cannot compute in the page
    json.dumps(book.inpage)  # JSON-ready
    assert "data-lm-suppress-shortcuts" in fig._esm and '"aria-live": "polite"' in fig._esm
    assert "http://" not in fig._css and "https://" not in fig._css


def test_vendored_chart_is_recorded() -> None:
    readme = (REPO_ROOT / "sim" / "static" / "README.md").read_text()
    assert "chart.js" in readme.lower() and "4.5.1" in readme
    script = (REPO_ROOT / "scripts" / "vendor-widgets.sh").read_text()
    assert 'CHARTJS_VERSION="4.5.1"' in script
