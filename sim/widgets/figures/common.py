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
from sim.widgets import labels
from sim.widgets.spec import PALETTE, Control, Panel, Series, TableRow

N_CUSTOMERS = 1000
PERIODS = 60
SEEDS = (1, 2, 3)
ONE_SEED = (1,)
"""For the figures with the most levers: one run per setting keeps every slider step
quick, in the page as in a kernel; with 1,000 customers plus new arrivals a pattern
share varies by about 0.02 from seed to seed."""
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
    """Results of a comparison scenario, cached: many settings share it."""
    return run(scenario, seed)[1]


def clean(values: Any) -> list[float | None]:
    """Return a list of floats with NaN replaced by None (JSON has no NaN)."""
    out = []
    for v in values:
        f = float(v)
        out.append(None if math.isnan(f) else f)
    return out


def stage_series(res: Results, step: int = 1) -> dict[str, list[float | None]]:
    """Customers in each stage per period (every ``step``-th), keyed ``st_<stage>``."""
    return {f"st_{name}": sample(clean(res.stage_counts[name]), step) for name in STAGES}


def life_curve_series(res: Results, step: int = 1) -> dict[str, list[float | None]]:
    """Mean transaction volume by relationship age for each pattern, ``lc_<pattern>``."""
    return {f"lc_{p}": sample(clean(res.life_curves[p]), step) for p in PATTERNS}


def period_axis(step: int = 1) -> list[int]:
    """The periods 0..PERIODS a figure's series are sampled at."""
    return sample(PERIOD_AXIS, step)


def age_axis(step: int = 1) -> list[int]:
    """The relationship ages 0..PERIODS-1 a figure's life curves are sampled at."""
    return sample(AGE_AXIS, step)


def pattern_words(numbers: dict[str, Any]) -> dict[str, str]:
    """The most common pattern: ``dominant`` is its code ("II") or "none".

    The widget writes it out in words with the ``pattern`` format ("pattern II
    (died mid-way)"), so a result carries two characters, not a phrase.
    """
    shares = {p: float(numbers.get(f"p_{p}") or 0.0) for p in PATTERNS}
    if not any(shares.values()):
        return {"dominant": "none"}
    return {"dominant": max(PATTERNS, key=shares.__getitem__)}


def pattern_numbers(res: Results) -> dict[str, float]:
    """Pattern shares ``p_<pattern>``, the resolved count and the undecided ones.

    Why: shares are of resolved relationships only, so every figure that
    shows them also says how many relationships are still undecided
    (``unresolved``, and ``unresolved_share`` of all relationships).
    """
    out = {f"p_{p}": float(res.pattern_shares[p]) for p in PATTERNS}
    out["resolved"] = float(res.resolved)
    out["unresolved"] = float(res.unresolved)
    out["unresolved_share"] = float(res.unresolved_share)
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
              x="period", xlabel="Month", ylabel="Customers"),
        Panel("stage_now", "stage_bar", "Customers by stage in the chosen month",
              series=series, ylabel="Customers"),
    )


def life_curve_panel() -> Panel:
    """Life curves: mean volume by relationship age, one line per pattern."""
    return Panel(
        "life", "line", "Customer life curves by pattern",
        series=tuple(Series(f"lc_{p}", PATTERN_LABELS[p], PATTERN_COLORS[p],
                            dash=p in ("II", "III")) for p in PATTERNS),
        x="age", xlabel="Age of the relationship (months)",
        ylabel="Mean volume",
    )


def pattern_panel() -> Panel:
    """Pattern shares as bars (one bar per pattern)."""
    return Panel("patterns", "bar", "How the decided relationships ended",
                 series=(Series("patterns", "Share of decided relationships", PALETTE["blue"]),),
                 categories=tuple(PATTERN_LABELS[p] for p in PATTERNS), percent=True, ymax=1.0)


def pattern_rows() -> tuple[TableRow, ...]:
    """Table rows for the four pattern shares and the relationships still undecided."""
    return (*(TableRow(f"Pattern {PATTERN_LABELS[p]} (share of decided)", f"p_{p}", "pct")
              for p in PATTERNS),
            TableRow("Relationships decided", "resolved", "int"),
            TableRow("Relationships still undecided at the end", "unresolved", "int"),
            TableRow("Still undecided, share of all relationships", "unresolved_share", "pct"))


def stage_rows() -> tuple[TableRow, ...]:
    """Table rows for the stage counts at the chosen period."""
    return tuple(TableRow(f"{s.capitalize()} (in the chosen month)", f"st_{s}@t", "int")
                 for s in STAGES)


def flow_rows(step: int = 1) -> tuple[TableRow, ...]:
    """Table rows for the net flow into each stage up to the chosen period."""
    when = "in the chosen month" if step == 1 else f"over the {step} months up to the chosen one"
    return tuple(TableRow(f"{s.capitalize()}: net change {when}", f"st_{s}@d",
                          "signed") for s in STAGES)


def scenario_control(name: str, grid: tuple[float, ...] = (), value: Any = None,
                     **extra: Any) -> Control:
    """A slider for a scenario field, in plain words, in fine steps.

    The words come from :mod:`sim.widgets.labels`; the allowed range from the
    field's spec, which every position in ``grid`` (where a response curve
    along this slider is drawn) must respect. A slider with such positions
    travels from the first to the last of them; one without travels the
    field's whole range. Either way it moves in steps of 0.01 (1 for a
    whole-number field), each computed in the page or by a kernel.
    """
    spec = Scenario.spec(name)
    words = labels.field_text(name)
    is_int = spec.kind is int
    field_high = spec.high if spec.high is not None else max(grid or (spec.default,)) * 2
    outside = [g for g in grid if not spec.low <= g <= field_high]
    if outside:
        raise ValueError(f"grid of {name} leaves the field's range {spec.low}..{field_high}: "
                         f"{outside}")
    low, high = (min(grid), max(grid)) if grid else (spec.low, field_high)
    fmt = words.fmt or ("f0" if is_int else "f2")
    return Control(
        name=name, label=words.label, low=float(low), high=float(high),
        step=1.0 if is_int else 0.01,
        value=spec.default if value is None else value, grid=tuple(grid),
        unit=words.unit, fmt=fmt, help=words.help, anchors=words.anchors, **extra,
    )


def even(low: float, high: float, count: int) -> tuple[float, ...]:
    """``count`` evenly spaced positions from ``low`` to ``high``, rounded."""
    step = (high - low) / (count - 1)
    return tuple(round(low + i * step, 6) for i in range(count))


def sample(values: list[Any], step: int) -> list[Any]:
    """Every ``step``-th value of a series, the last one always included."""
    if step <= 1:
        return list(values)
    picked = list(values[::step])
    if (len(values) - 1) % step:
        picked.append(values[-1])
    return picked


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
