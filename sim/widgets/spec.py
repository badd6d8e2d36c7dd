"""Declarative description of one interactive figure, shared by Python and JS.

A figure is described once, as plain data: its controls, its chart panels,
the sentence and table that form its text alternative. The same
description is sent to the browser (as the widget's ``spec`` trait), where
the page computes the figure with the browser engine, and drives the live
recomputation in Python, so the three modes of a figure (static page, live
kernel, classroom) cannot disagree about what a slider means.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

ControlKind = Literal["range", "select", "seed"]
PanelKind = Literal["line", "stacked", "bar", "stage_bar", "slice", "table"]

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies
# and dark enough for text-level contrast on white.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "yellow": "#B8860B",
    "sky": "#56B4E9",
    "grey": "#555555",
    "black": "#000000",
}


@dataclass(frozen=True)
class Control:
    """One input of a figure: a slider, a preset picker or a seed box.

    A slider travels from ``low`` to ``high`` in steps of ``step``, in the
    page as live. ``grid`` lists the positions at which a response curve
    along this control is drawn (a ``slice`` panel whose ``x`` is this
    control), or a select's choices; on other sliders it keeps the few
    positions the book precomputed before it computed in the page, which the
    tests steer clear of to show that any value works. ``calc`` marks an
    input of the page's exact calculator (no model run).

    ``label`` and ``help`` are in plain words (no code names); ``help`` is
    shown under the control, not only as a tooltip, so a touch screen shows
    it too. ``anchors`` name points of the scale, e.g. ``((0, "poor"), (0.5,
    "meets expectations"), (1, "best in market"))``.
    """

    name: str
    label: str
    kind: ControlKind = "range"
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    value: Any = None
    grid: tuple[Any, ...] = ()
    unit: str = ""
    fmt: str = "f2"
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    calc: bool = False
    anchors: tuple[tuple[float, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the control as JSON-ready data for the widget."""
        data = dataclasses.asdict(self)
        data["grid"] = list(self.grid)
        data["options"] = [list(o) for o in self.options]
        data["anchors"] = [list(a) for a in self.anchors]
        return data


@dataclass(frozen=True)
class Series:
    """One line, band or bar group of a panel, read from ``result["s"][key]``."""

    key: str
    label: str
    color: str = PALETTE["blue"]
    dash: bool = False


@dataclass(frozen=True)
class Panel:
    """One chart of a figure.

    ``x`` names an axis in :attr:`FigureSpec.axes` (line and stacked panels)
    or is ignored (bar panels use ``categories``). A ``stage_bar`` panel shows
    each series' value at the timeline's current period, one bar per series.
    A ``slice`` panel draws numbers (``result["n"][key]``) against the
    control named by ``x``, computed at that control's ``grid`` positions
    with the other controls held at their current values, and marks the
    current result on top: the response curve through the chosen point. A
    ``table`` panel is not a chart but a table: one row per category (rows
    whose values are all missing are left out), one column per series.
    """

    id: str
    kind: PanelKind
    title: str
    series: tuple[Series, ...]
    x: str = "period"
    xlabel: str = ""
    ylabel: str = ""
    categories: tuple[str, ...] = ()
    ymin: float | None = 0.0
    ymax: float | None = None
    percent: bool = False
    horizontal: bool = False
    ylabels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the panel as JSON-ready data for the widget."""
        data = dataclasses.asdict(self)
        data["series"] = [dataclasses.asdict(s) for s in self.series]
        data["categories"] = list(self.categories)
        data["ylabels"] = list(self.ylabels)
        return data


@dataclass(frozen=True)
class TableRow:
    """One row of the text alternative's table: a label and a number.

    ``key`` is a number in ``result["n"]``, ``series@t`` for a series value
    at the timeline's current period, ``series@d`` for its change from
    the period before (the net flow into a stage), or ``series#k`` for the
    series' k-th value (e.g. year k of a cash-flow table).
    """

    label: str
    key: str
    fmt: str = "f2"


@dataclass(frozen=True)
class Reveal:
    """Predict, then reveal: the question a figure opens with and its answer.

    The student reads ``question`` (and may pick one of ``predictions``);
    "Show me" moves the levers to ``values``, plays the run period by period
    and then shows ``explain``, a sentence template filled from that run (as
    :attr:`FigureSpec.sentence`). ``answer_key`` names a text in
    ``result["n"]`` that equals the value of the right prediction.
    """

    question: str
    values: dict[str, Any]
    explain: str
    predictions: tuple[tuple[str, str], ...] = ()
    answer_key: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the reveal as JSON-ready data for the widget."""
        return {"question": self.question, "values": dict(self.values),
                "explain": self.explain, "predictions": [list(p) for p in self.predictions],
                "answer_key": self.answer_key}


@dataclass(frozen=True)
class FigureSpec:
    """Everything the widget needs to draw a figure and answer its sliders.

    ``try_this`` is one line suggesting an experiment; ``reveal`` the
    opening question and its "Show me" scenario. ``unfold`` makes the
    timeline start at month 0 and the curves over months stop at the chosen
    month, so playing tells a story instead of showing its end first.
    """

    name: str
    title: str
    controls: tuple[Control, ...]
    panels: tuple[Panel, ...]
    sentence: str
    table: tuple[TableRow, ...] = ()
    axes: dict[str, list[float]] = field(default_factory=dict)
    timeline: str | None = None
    presets: tuple[dict[str, Any], ...] = ()
    calc: str | None = None
    seeds: tuple[int, ...] = (1, 2, 3)
    n_customers: int = 1000
    periods: int = 60
    caption: str = ""
    try_this: str = ""
    reveal: Reveal | None = None
    unfold: bool = False

    def defaults(self) -> dict[str, Any]:
        """Return the starting value of every control."""
        return {c.name: c.value for c in self.controls}

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-ready description sent to the browser."""
        return {
            "name": self.name,
            "title": self.title,
            "controls": [c.to_json() for c in self.controls],
            "panels": [p.to_json() for p in self.panels],
            "sentence": self.sentence,
            "table": [dataclasses.asdict(r) for r in self.table],
            "axes": self.axes,
            "timeline": self.timeline,
            "presets": list(self.presets),
            "calc": self.calc,
            "seeds": list(self.seeds),
            "n_customers": self.n_customers,
            "periods": self.periods,
            "caption": self.caption,
            "try_this": self.try_this,
            "reveal": self.reveal.to_json() if self.reveal else None,
            "unfold": self.unfold,
        }

    def check(self) -> None:
        """Refuse a spec the widget cannot honour.

        Raises:
            ValueError: naming the control, if a slider's value, a response
                curve's position or the reveal's value lies outside the
                control's range, or the reveal sets something that is not a
                control.
        """
        controls = {c.name: c for c in self.controls}
        for c in self.controls:
            if c.kind != "range":
                continue
            outside = [v for v in (c.value, *c.grid) if not c.low <= float(v) <= c.high]
            if outside:
                raise ValueError(f"{self.name}: {c.name} travels {c.low}..{c.high}; "
                                 f"{outside} lie outside")
        for panel in self.panels:
            if panel.kind == "slice" and len(controls.get(panel.x, Control("?", "?")).grid) < 2:
                raise ValueError(f"{self.name}: the curve {panel.id} needs at least two "
                                 f"positions of {panel.x} (its grid)")
        if self.reveal:
            for name, value in self.reveal.values.items():
                control = controls.get(name)
                if control is None:
                    raise ValueError(f"{self.name}: the reveal sets {name!r}, not a control")
                if control.kind == "range" and not control.low <= float(value) <= control.high:
                    raise ValueError(f"{self.name}: the reveal sets {name}={value!r}, outside "
                                     f"{control.low}..{control.high}")
