"""The interactive-figure widget without a browser: specs, grids, cache, live protocol."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.widgets import FIGURE_NAMES, LoyaltyFigure, interactive_figure
from sim.widgets import grid as gridmod
from sim.widgets.catalog import figure_def
from sim.widgets.widget import validate_values

REPO_ROOT = Path(__file__).resolve().parents[1]


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
    )
    with pytest.raises(ValueError, match="Unknown interactive figure"):
        interactive_figure("nope")


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_spec_is_consistent(name: str) -> None:
    spec = figure_def(name).spec()
    data = spec.to_json()
    json.dumps(data)  # JSON-ready
    controls = {c.name: c for c in spec.controls}
    for control in spec.controls:
        assert control.label
        if control.kind == "range":
            assert control.low <= control.value <= control.high, control
            assert all(control.low <= g <= control.high for g in control.grid), control
    for panel in spec.panels:
        if panel.kind in ("line", "stacked"):
            assert panel.x in spec.axes, (name, panel.id)
        if panel.kind == "slice":
            assert panel.x in controls and controls[panel.x].grid, (name, panel.id)
    assert spec.grid_controls() or spec.calc, name
    assert spec.n_customers == 1000 and spec.periods == 60


@pytest.mark.slow
@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_grid_is_compact_and_complete(name: str) -> None:
    """Each grid answers every slider position, under 1 MB, with every key the spec reads."""
    grid = gridmod.load_grid(name)
    spec = figure_def(name).spec()
    size = len(json.dumps(grid, separators=(",", ":")))
    assert size <= 1_000_000, f"{name}: grid is {size} bytes"
    shape = spec.grid_shape()
    assert grid["shape"] == list(shape)
    assert len(grid["points"]) == math.prod(shape)
    point = grid["points"][0]
    calc_keys = {"clv", "clv_undiscounted", "lifetime", "clv_flow", "clv_pv"}
    for panel in spec.panels:
        for series in panel.series:
            store = point["n"] if panel.kind == "slice" else point["s"]
            assert series.key in store or series.key in calc_keys, (name, series.key)
    for row in spec.table:
        key = row.key.split("@")[0]
        assert key in point["n"] or key in point["s"] or key in calc_keys, (name, row.key)


def test_grid_point_is_the_model_mean_over_seeds() -> None:
    """A grid point is the rounded mean of real model runs with those parameters."""
    name = "lifecycle"
    values = gridmod.grid_values(name)[7]
    point = gridmod.compute_point(name, values, (1, 2, 3))
    shares = []
    for seed in (1, 2, 3):
        scenario = sim.Scenario(**{k: values[k] for k in values}, n_customers=1000, periods=60)
        shares.append(sim.LoyaltyModel(scenario, seed=seed).run().pattern_shares["IV"])
    assert point["n"]["p_IV"] == pytest.approx(sum(shares) / 3, rel=1e-3)


def test_preset_grid_points_use_the_preset() -> None:
    spec = figure_def("scenarios").spec()
    for values in gridmod.grid_values("scenarios"):
        preset = sim.presets.get(values["preset"])
        assert values["fairness"] == preset.fairness
        assert values["supplier_value"] == preset.supplier_value
    assert spec.grid_controls()[0].name == "preset"


def test_grid_index_is_row_major_nearest() -> None:
    spec = figure_def("lifecycle").spec()
    axes = spec.grid_controls()
    values = {c.name: c.grid[0] for c in axes}
    assert gridmod.grid_index("lifecycle", values) == 0
    values[axes[-1].name] = axes[-1].grid[1] + 0.01  # nearest to the second position
    assert gridmod.grid_index("lifecycle", values) == 1
    values[axes[0].name] = axes[0].grid[-1]
    assert gridmod.grid_index("lifecycle", values) == 1 + (len(axes[0].grid) - 1) * math.prod(
        len(c.grid) for c in axes[1:]
    )


def test_grid_cache_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOYALTY_LAB_GRID_CACHE", str(tmp_path))
    first = gridmod.load_grid("demo")
    assert len(list(tmp_path.glob("demo-*.json"))) == 1

    def fail(*_: Any, **__: Any) -> None:
        raise AssertionError("grid recomputed although cached")

    monkeypatch.setattr(gridmod, "build_grid", fail)
    assert gridmod.load_grid("demo") == first


def test_cache_lives_in_build_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOYALTY_LAB_GRID_CACHE", raising=False)
    monkeypatch.chdir(REPO_ROOT / "book")
    assert gridmod.cache_dir() == REPO_ROOT / "_build" / ".cache" / "grids"


def test_validate_values() -> None:
    spec = figure_def("lifecycle").spec()
    assert validate_values(spec, {"fairness": 0.33})["fairness"] == 0.33
    with pytest.raises(ValueError, match="between"):
        validate_values(spec, {"fairness": 1.5})
    with pytest.raises(ValueError, match="Unknown control"):
        validate_values(spec, {"fairnes": 0.5})
    with pytest.raises(ValueError, match="one of"):
        validate_values(figure_def("scenarios").spec(), {"preset": "nope"})


def test_preset_sets_levers_unless_given() -> None:
    fig = interactive_figure("scenarios", values={"preset": "unfair", "seed": 4})
    assert fig.values["fairness"] == sim.presets.get("unfair").fairness
    fig = interactive_figure("scenarios", values={"preset": "unfair", "fairness": 0.5})
    assert fig.values["fairness"] == 0.5


class _Recorder:
    def __init__(self, fig: LoyaltyFigure, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[dict[str, Any]] = []
        monkeypatch.setattr(fig, "send", lambda msg, *a, **k: self.sent.append(msg))


def test_live_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel answers hello (so the browser goes live) and recomputes any value."""
    fig = interactive_figure("lifecycle")
    rec = _Recorder(fig, monkeypatch)
    fig._on_message(fig, {"type": "hello"}, [])
    assert rec.sent[-1] == {"type": "hello", "live": True}
    values = dict(fig.values, fairness=0.37)  # off the grid
    fig._on_message(fig, {"type": "compute", "id": 3, "values": values}, [])
    partial, reply = rec.sent[-2:]
    assert partial["type"] == "partial" and partial["id"] == 3 and partial["seeds"] == [1]
    assert partial["result"] == gridmod.compute_point("lifecycle", values, (1,))
    assert reply["type"] == "result" and reply["id"] == 3 and reply["seeds"] == [1, 2, 3]
    assert reply["result"] == gridmod.compute_point("lifecycle", values, (1, 2, 3))
    fig._on_message(fig, {"type": "compute", "id": 4, "values": {"fairness": 7}}, [])
    assert rec.sent[-1]["type"] == "error" and rec.sent[-1]["id"] == 4


def test_live_seed_control_runs_that_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = interactive_figure("scenarios")
    values = dict(fig.values, seed=9, fairness=0.41)
    result = fig.compute(values)
    scenario = sim.presets.get("lifelong").replace(fairness=0.41, n_customers=1000, periods=60)
    res = sim.LoyaltyModel(scenario, seed=9).run()
    assert result["n"]["p_IV"] == pytest.approx(res.pattern_shares["IV"], rel=1e-3)
    assert result["s"]["st_stability"][-1] == pytest.approx(
        res.stage_counts["stability"].iloc[-1], rel=1e-3
    )


def test_widget_traits_and_assets() -> None:
    fig = interactive_figure("tour", projector=True)
    assert fig.options["projector"] is True
    assert "Chart.js v4.5.1" in fig._esm and "export default { render }" in fig._esm
    assert "data-lm-suppress-shortcuts" in fig._esm and '"aria-live": "polite"' in fig._esm
    assert "http://" not in fig._css and "https://" not in fig._css


def test_vendored_chart_is_recorded() -> None:
    readme = (REPO_ROOT / "sim" / "static" / "README.md").read_text()
    assert "chart.js" in readme.lower() and "4.5.1" in readme
    script = (REPO_ROOT / "scripts" / "vendor-widgets.sh").read_text()
    assert 'CHARTJS_VERSION="4.5.1"' in script
