"""Checks of a rendered interactive figure, shared by the standalone and book tests.

``drawn_series`` reads the pixels of every chart panel inside its plot area
(legend and axes excluded) and reports which series colours appear; the
expected series come from the figure's result at the shown settings, computed
as the page computes it (the browser engine in Node, ``page_engine``) or, for
a live figure, by the kernel (a series with nothing to draw, e.g. all zero
bars, is not expected).
``expected_table`` gives the numbers of a figure's table from direct
``sim.LoyaltyModel`` runs (see ``model_truth``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from model_truth import active_means, pattern_truth, retention_end, runs, tiers
from page_engine import page_point, page_points

import sim
from sim.facts import BOND_MARKET
from sim.scenario import Scenario
from sim.stages import ENDED, STAGES
from sim.widgets.catalog import figure_def
from sim.widgets.point import compute_point

# For each chart panel of the figure: {series colour: number of matching pixels}
# inside the plot area. A colour matches within 12 per channel, fully opaque.
COUNT_COLOURS = """(root) => Array.from(root.querySelectorAll('.ll-panel')).map(panel => {
    const canvas = panel.querySelector('canvas');
    if (!canvas) return {id: panel.dataset.panel, kind: panel.dataset.kind, counts: null};
    const area = (canvas.dataset.plotArea || '').split(',').map(Number);
    const colours = JSON.parse(panel.dataset.colours || '[]');
    const counts = Object.fromEntries(colours.map(c => [c, 0]));
    if (area.length === 4 && area[2] > area[0] && area[3] > area[1]) {
        const [x0, y0, x1, y1] = area;
        const data = canvas.getContext('2d').getImageData(x0, y0, x1 - x0, y1 - y0).data;
        const rgb = colours.map(c => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16),
                                      parseInt(c.slice(5, 7), 16)]);
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] < 230) continue;
            rgb.forEach((c, k) => {
                if (Math.abs(data[i] - c[0]) <= 12 && Math.abs(data[i + 1] - c[1]) <= 12
                    && Math.abs(data[i + 2] - c[2]) <= 12) counts[colours[k]] += 1;
            });
        }
    }
    return {id: panel.dataset.panel, kind: panel.dataset.kind, counts};
})"""

MIN_PIXELS = 4
"""Curves that end in a relationship's first months hug the axis under later ones."""


def _finite(values: Any) -> list[float]:
    return [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]


VISIBLE = 0.02
"""A bar or a stacked band is expected to show when it reaches 2% of the panel's scale."""


def expected_series(name: str, point: dict[str, Any], t: int,
                    slice_points: dict[str, list[dict[str, Any]]]) -> dict[str, set[str]]:
    """Series colours each panel must show for this result, at timeline index ``t``.

    A series is expected when it has something visible to draw: a line with
    two or more points (only up to ``t`` when the figure unfolds with its
    timeline), a bar or a stacked band of at least :data:`VISIBLE` of the
    panel's largest value.
    """
    spec = figure_def(name).spec()
    out: dict[str, set[str]] = {}
    for panel in spec.panels:
        if panel.kind == "table":
            continue
        seqs = {}
        for series in panel.series:
            seq = point["s"].get(series.key)
            if seq is not None and spec.unfold and panel.x == "period":
                seq = seq[: t + 1]
            if panel.kind == "stage_bar" and seq:
                seq = [seq[min(t, len(seq) - 1)]]
            seqs[series.key] = seq
        if panel.kind == "stacked":
            totals = [sum(v for v in col if isinstance(v, int | float))
                      for col in zip(*(s or [] for s in seqs.values()), strict=False)]
            scale = max(totals or [0.0])
        else:
            scale = max((abs(v) for s in seqs.values() for v in _finite(s or [])), default=0.0)
        want = set()
        for series in panel.series:
            seq = seqs[series.key]
            if seq is None and spec.calc and panel.kind == "bar":
                ok = True  # drawn by the in-browser calculator, not from the model
            elif panel.kind == "slice":
                ok = bool(_finite(p["n"].get(series.key) for p in slice_points[panel.id]))
            elif panel.kind in ("bar", "stage_bar", "stacked"):
                ok = any(abs(v) >= VISIBLE * scale > 0 for v in _finite(seq or []))
            else:
                values = _finite(seq or [])
                ok = len(values) >= 2 and max(abs(v) for v in values) >= VISIBLE * scale
            if ok:
                want.add(series.color)
        out[panel.id] = want
    return out


def slice_points(name: str, values: dict[str, Any],
                 live: bool = False) -> dict[str, list[dict[str, Any]]]:
    """For each slice panel, the results along its control through ``values``.

    As the page computes them (``live`` False) or as the kernel does.
    """
    spec = figure_def(name).spec()
    controls = {c.name: c for c in spec.controls}
    out = {}
    for panel in spec.panels:
        if panel.kind != "slice":
            continue
        settings = [{**values, panel.x: g} for g in controls[panel.x].grid]
        out[panel.id] = ([compute_point(name, v, spec.seeds) for v in settings] if live
                         else page_points(name, settings))
    return out


def assert_charts_drawn(fig: Any, name: str, values: dict[str, Any], t: int,
                        point: dict[str, Any] | None = None) -> None:
    """Every chart panel draws every series it has data for, inside its plot area.

    ``point`` is the result shown by a live figure (the kernel's); by default
    the result the page computes at ``values``.
    """
    live = point is not None
    if point is None:
        point = page_point(name, values)
    expected = expected_series(name, point, t, slice_points(name, values, live))
    found = {p["id"]: p for p in fig.evaluate(COUNT_COLOURS)}
    assert set(expected) <= set(found), (name, set(expected) - set(found))
    for panel_id, colours in expected.items():
        counts = found[panel_id]["counts"]
        assert counts is not None, f"{name}/{panel_id}: no chart drawn (no canvas)"
        missing = [c for c in colours if counts.get(c, 0) < MIN_PIXELS]
        assert not missing, f"{name}/{panel_id}: series {missing} not drawn; pixels {counts}"
    assert any(expected.values()), f"{name}: nothing to draw at this point"


def _scenario(values: dict[str, Any], base: Scenario | None = None) -> Scenario:
    fields = {k: v for k, v in values.items() if k in Scenario.field_names()}
    if "imitation_lag" in fields:
        fields["imitation_lag"] = int(fields["imitation_lag"])
    return (base or Scenario()).replace(**fields)


def expected_table(name: str, values: dict[str, Any], t: int,
                   seeds: tuple[int, ...] | None = None) -> dict[str, float]:
    """The figure's table numbers at ``values`` (timeline index ``t``) from direct runs.

    Averaged over the figure's seeds, or over ``seeds``.
    """
    spec = figure_def(name).spec()
    seeds = tuple(seeds or spec.seeds)
    out: dict[str, float] = {}
    if name in ("tour", "lifecycle", "scenarios"):
        base = sim.presets.get(values["preset"]) if name == "scenarios" else None
        period = spec.axes["period"][t]
        results = [r for _, r in runs(_scenario(values, base), seeds)]
        truth = pattern_truth(results, [period])
        out.update({k: v for k, v in truth.items() if k.startswith("p_") or k == "resolved"})
        out.update({f"st_{s}@t": truth[f"st_{s}@{period}"] for s in STAGES})
    elif name == "retention":
        pairs = runs(_scenario(values), seeds)
        out["survival_year"] = float(np.mean([r.survival.curve[12] for _, r in pairs]))
        out["profit"] = float(np.mean([r.profit for _, r in pairs]))
        out["churn_year"] = float(np.mean([r.annual_churn for _, r in pairs]))
        out["lifetime"] = float(np.mean([r.expected_lifetime for _, r in pairs])) / 12
    elif name in ("bonding", "programme"):
        market = BOND_MARKET if name == "bonding" else Scenario()
        main = runs(_scenario(values, market), seeds)
        plain = runs(market.replace(financial_bond=0.0, social_bond=0.0, structural_bond=0.0,
                                    financial_bond_cost=Scenario().financial_bond_cost,
                                    imitation_lag=Scenario().imitation_lag), seeds)
        out["retention_end"] = float(np.mean([retention_end(r) for _, r in main]))
        out["retention_base_end"] = float(np.mean([retention_end(r) for _, r in plain]))
        out["extra_active"] = float(np.mean([a.active - b.active for (_, a), (_, b)
                                             in zip(main, plain, strict=True)]))
        if name == "bonding":
            out["profit"] = float(np.mean([r.profit for _, r in main]))
            out["profit_base"] = float(np.mean([r.profit for _, r in plain]))
        else:
            out["profit_change"] = float(np.mean([a.profit - b.profit for (_, a), (_, b)
                                                  in zip(main, plain, strict=True)]))
    elif name == "satisfaction_trap":
        pairs = runs(_scenario(values, sim.presets.get("satisfaction_trap")), seeds)
        cols = ("basic_satisfaction", "latent_satisfaction", "attitude", "repurchase")
        means = [active_means(m, cols) for m, _ in pairs]
        for key, col in zip(("basic_satisfaction", "latent_satisfaction", "loyalty",
                             "repurchase"), cols, strict=True):
            out[key] = float(np.mean([m[col] for m in means]))
    elif name == "drivers":
        pairs = runs(_scenario(values), seeds)
        for m in ("repurchase", "cross_buy", "referral", "price_tolerance"):
            out[m] = float(np.mean([r.loyalty[m] for _, r in pairs]))
    elif name == "customer_value":
        from sim.widgets.figures.customer_value import TIERS

        levers = {k: values[k] for k in ("supplier_value", "structural_bond")}
        pairs = runs(_scenario(levers), seeds)
        per_seed = [tiers(m.population.column("clv") - m.scenario.acquisition_cost,
                          [s for _, _, s in TIERS]) for m, _ in pairs]
        for i, (key, _, _) in enumerate(TIERS):
            out[f"clv_{key}"] = float(np.mean([p[i][0] for p in per_seed]))
            out[f"share_{key}"] = float(np.mean([p[i][1] for p in per_seed]))
    elif name == "customers":
        from sim.widgets import customer_trace
        from sim.widgets.figures import customers

        scenario = customers.scenario()
        chosen = customer_trace.pick_customers(scenario, seeds[0], len(customers.LETTERS))
        who = chosen[customers.LETTERS.index(values["customer"])]
        model = sim.LoyaltyModel(scenario, seed=seeds[0], create_agents=False)
        while model.steps < t:
            model.step()
        stage = model.population.value("stage", who)
        out["stage@t"] = float(stage)
        if stage < ENDED:
            for col in ("satisfaction", "trust", "switching"):
                out[f"{col}@t"] = float(model.population.value(col, who))
    return out
