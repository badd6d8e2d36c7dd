"""Helpers shared by the figure modules: run the model, shape its results.

Each figure's ``compute`` turns one set of control values and one seed into
a compact result ``{"s": {series...}, "n": {numbers...}}``; the helpers here
keep the translation from :class:`sim.Results` in one place so every figure
reads stages, patterns and curves the same way.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from sim import presets
from sim.model import LoyaltyModel
from sim.results import Results
from sim.scenario import Scenario
from sim.stages import ENDED, PATTERNS, STAGES
from sim.widgets.spec import PALETTE, Control, Panel, Series, TableRow

N_CUSTOMERS = 1000
PERIODS = 60
SEEDS = (1, 2, 3)
PERIOD_AXIS = list(range(PERIODS + 1))
AGE_AXIS = list(range(PERIODS))

STAGE_COLORS = {
    "exploration": PALETTE["sky"],
    "formation": PALETTE["yellow"],
    "stability": PALETTE["green"],
    "decline": PALETTE["orange"],
    "ended": PALETTE["grey"],
}
PATTERN_COLORS = {"I": PALETTE["orange"], "II": PALETTE["yellow"], "III": PALETTE["purple"],
                  "IV": PALETTE["green"]}
PATTERN_LABELS = {"I": "I aborted early", "II": "II died mid-way", "III": "III early exit",
                  "IV": "IV long-term"}

_FIELDS = set(Scenario.field_names())


def scenario_from(values: dict[str, Any], base: Scenario | None = None) -> Scenario:
    """Return the scenario for control values: figure size plus scenario fields."""
    fields = {k: v for k, v in values.items() if k in _FIELDS}
    for name in fields:
        if Scenario.spec(name).kind is int:
            fields[name] = int(round(float(fields[name])))
    base = base or Scenario()
    return base.replace(n_customers=N_CUSTOMERS, periods=PERIODS, **fields)


def run(scenario: Scenario, seed: int) -> tuple[LoyaltyModel, Results]:
    """Run the model and return it with its results (figures read both)."""
    model = LoyaltyModel(scenario, seed=seed, create_agents=False)
    return model, model.run()


@lru_cache(maxsize=64)
def baseline(scenario: Scenario, seed: int) -> Results:
    """Results of a comparison scenario, cached: many grid points share it."""
    return run(scenario, seed)[1]


def clean(values: Any) -> list[float | None]:
    """Return a list of floats with NaN replaced by None (JSON has no NaN)."""
    out = []
    for v in values:
        f = float(v)
        out.append(None if math.isnan(f) else f)
    return out


def stage_series(res: Results) -> dict[str, list[float | None]]:
    """Customers in each stage per period, keyed ``st_<stage>``."""
    return {f"st_{name}": clean(res.stage_counts[name]) for name in STAGES}


def life_curve_series(res: Results) -> dict[str, list[float | None]]:
    """Mean transaction volume by relationship age for each pattern, ``lc_<pattern>``."""
    return {f"lc_{p}": clean(res.life_curves[p]) for p in PATTERNS}


def pattern_numbers(res: Results) -> dict[str, float]:
    """Pattern shares ``p_<pattern>`` and the resolved count."""
    out = {f"p_{p}": float(res.pattern_shares[p]) for p in PATTERNS}
    out["resolved"] = float(res.resolved)
    return out


def retention_series(res: Results) -> list[float | None]:
    """Share of all customers who ever arrived that are still active, per period."""
    counts = res.stage_counts.to_numpy(dtype=float)
    total = counts.sum(axis=1)
    active = counts[:, :ENDED].sum(axis=1)
    return clean(np.where(total > 0, active / np.maximum(total, 1), np.nan))


def profit_series(res: Results) -> list[float | None]:
    """Cumulative profit per period (period 0 = before any purchase)."""
    return clean(res.series["profit"].to_numpy(dtype=float))


def stage_panels() -> tuple[Panel, Panel]:
    """The stage-flow pair: stacked counts over time and the bars at the current period."""
    series = tuple(Series(f"st_{s}", s.capitalize(), STAGE_COLORS[s]) for s in STAGES)
    return (
        Panel("stages", "stacked", "Customers by stage over time", series=series,
              x="period", xlabel="Period", ylabel="Customers"),
        Panel("stage_now", "stage_bar", "Customers by stage at the chosen period",
              series=series, ylabel="Customers"),
    )


def life_curve_panel() -> Panel:
    """Life curves: mean volume by relationship age, one line per pattern."""
    return Panel(
        "life", "line", "Customer life curves by pattern",
        series=tuple(Series(f"lc_{p}", PATTERN_LABELS[p], PATTERN_COLORS[p],
                            dash=p in ("II", "III")) for p in PATTERNS),
        x="age", xlabel="Relationship age (periods)", ylabel="Mean volume",
    )


def pattern_panel() -> Panel:
    """Pattern shares as bars (one bar per pattern)."""
    return Panel("patterns", "bar", "How relationships ended (share of resolved)",
                 series=(Series("patterns", "Share of resolved relationships", PALETTE["blue"]),),
                 categories=tuple(PATTERN_LABELS[p] for p in PATTERNS), percent=True, ymax=1.0)


def pattern_rows() -> tuple[TableRow, ...]:
    """Table rows for the four pattern shares."""
    return tuple(TableRow(f"Pattern {PATTERN_LABELS[p]}", f"p_{p}", "pct") for p in PATTERNS)


def stage_rows() -> tuple[TableRow, ...]:
    """Table rows for the stage counts at the chosen period."""
    return tuple(TableRow(f"{s.capitalize()} (at chosen period)", f"st_{s}@t", "int")
                 for s in STAGES)


def flow_rows() -> tuple[TableRow, ...]:
    """Table rows for the net flow into each stage in the chosen period."""
    return tuple(TableRow(f"{s.capitalize()}: net change in the chosen period", f"st_{s}@d",
                          "signed") for s in STAGES)


def scenario_control(name: str, grid: tuple[float, ...] = (), value: Any = None,
                     **extra: Any) -> Control:
    """A slider for a scenario field, labelled and bounded by the field's spec."""
    spec = Scenario.spec(name)
    high = spec.high if spec.high is not None else max(grid or (spec.default,)) * 2
    is_int = spec.kind is int
    return Control(
        name=name, label=spec.label, low=float(spec.low), high=float(high),
        step=1.0 if is_int else 0.01,
        value=spec.default if value is None else value, grid=tuple(grid),
        unit=spec.unit if spec.unit != "per year" else "", fmt="f0" if is_int else "f2",
        help=spec.doc, **extra,
    )


def preset_options() -> tuple[tuple[str, str], ...]:
    """(name, title) of every preset, in teaching order."""
    return tuple((p.name, p.title) for p in presets.PRESETS.values())


def preset_payload(fields: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    """Preset descriptions and the values of ``fields`` each preset sets."""
    out = []
    for p in presets.PRESETS.values():
        out.append({"name": p.name, "title": p.title, "shows": p.shows,
                    "description": p.description,
                    "values": {f: getattr(p.scenario, f) for f in fields}})
    return tuple(out)


def active_means(model: LoyaltyModel, names: tuple[str, ...]) -> dict[str, float]:
    """Mean of per-customer state columns over customers still active at the end."""
    pop = model.population
    active = pop.column("stage") < ENDED
    if not active.any():
        return dict.fromkeys(names, 0.0)
    return {name: float(pop.column(name)[active].mean()) for name in names}
