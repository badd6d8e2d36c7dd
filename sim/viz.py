"""A Mesa SolaraViz app of the lifecycle model: sliders, stage curves, pattern counts.

The Mesa way of exploring a model: every scenario field is a slider (made
from :meth:`sim.Scenario.field_specs`, so new fields appear by themselves),
*Reset* builds a new model from the sliders, *Step* and *Play* advance it,
and the plots follow: customers per stage period by period (from the
model's DataCollector) and how many relationships have ended in each
pattern so far, next to the still unresolved ones.

Run it with ``loyalty-lab viz`` (a local server on 127.0.0.1, nothing
fetched from the internet: the browser assets come from the
``solara-assets`` package), or show ``sim.viz.page`` in a notebook. Needs
the ``viz`` extra (``pip install loyalty-lab[viz]``).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import warnings
from typing import Any

import solara
from matplotlib.figure import Figure

# Mesa 3.3's own ComponentsView trips Solara's rules-of-hooks check when Mesa
# is imported: a warning about Mesa's code, not ours.
warnings.filterwarnings("ignore", message=r".*ComponentsView: `use_state` found despite",
                        category=UserWarning)

from mesa.visualization import SolaraViz, make_plot_component  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402

from sim.model import LoyaltyModel  # noqa: E402
from sim.scenario import FieldSpec, Scenario  # noqa: E402
from sim.stages import ACTIVE_STAGES, PATTERN_NAMES, PATTERNS  # noqa: E402
from sim.validation.levers import SAMPLING_BOUNDS  # noqa: E402

SLIDER_MAX = {"n_customers": 20_000, "periods": 240, "long_term_threshold": 60}
"""Upper ends of sliders whose documented range is far beyond an interactive run."""
STAGE_COLOURS = {"exploration": "#8fb8de", "formation": "#4f86c6", "stability": "#2e7d32",
                 "decline": "#e07b39"}
PATTERN_COLOURS = ("#b0413e", "#e07b39", "#e3b23c", "#2e7d32", "#9e9e9e")


def slider(spec: FieldSpec) -> dict[str, Any]:
    """Return the Mesa user-parameter dict of one scenario field (a slider)."""
    high = SLIDER_MAX.get(spec.name, spec.high)
    if high is None:
        high = SAMPLING_BOUNDS[spec.name][0] if spec.name in SAMPLING_BOUNDS else max(
            2 * spec.default, spec.low + 1)
    if spec.kind is int:
        return {"type": "SliderInt", "value": spec.default, "label": spec.label,
                "min": int(spec.low), "max": int(high), "step": 1}
    return {"type": "SliderFloat", "value": spec.default, "label": spec.label,
            "min": spec.low, "max": high, "step": slider_step(spec.low, high, spec.default)}


def slider_step(low: float, high: float, default: float) -> float:
    """Return a round slider step (a power of ten) on whose grid the default lies.

    Why: the browser's slider snaps its value to the grid and reports the
    snapped value, so a default off the grid (0.25 with a step of 0.1) would
    silently change the model the first time Reset is pressed.
    """
    step = 10.0 ** round(math.log10((high - low) / 100))
    while step > 1e-6 and abs(round((default - low) / step) * step - (default - low)) > 1e-9:
        step /= 10
    return step


def model_params() -> dict[str, Any]:
    """Return SolaraViz's ``model_params``: the seed and every scenario field, as sliders."""
    params: dict[str, Any] = {"seed": {"type": "SliderInt", "value": 1, "label": "Random seed",
                                       "min": 0, "max": 99, "step": 1}}
    params.update({spec.name: slider(spec) for spec in Scenario.field_specs()})
    return params


def pattern_counts(model: LoyaltyModel) -> dict[str, int]:
    """Relationships ended in each pattern so far, and those still unresolved."""
    results = model.results()
    return {**results.pattern_counts, "unresolved": results.unresolved}


@solara.component
def PatternPlot(model: LoyaltyModel) -> None:  # noqa: N802 - Solara components are CamelCase
    """Bar chart of the pattern counts so far (redrawn after every step)."""
    update_counter.get()
    counts = pattern_counts(model)
    fig = Figure(figsize=(5, 3.2))
    ax = fig.subplots()
    labels = [f"{p}\n{PATTERN_NAMES[p]}" for p in PATTERNS] + ["unresolved"]
    ax.bar(labels, list(counts.values()), color=PATTERN_COLOURS)
    ax.set_ylabel("relationships")
    ax.set_title(f"Lifecycle patterns after period {model.steps}")
    ax.tick_params(axis="x", labelsize=7)
    solara.FigureMatplotlib(fig, format="png", bbox_inches="tight")


@solara.component
def Summary(model: LoyaltyModel) -> None:  # noqa: N802 - Solara components are CamelCase
    """One line of text: the period, the pattern counts and the fields changed from the defaults."""
    update_counter.get()
    counts = pattern_counts(model)
    changed = ", ".join(f"{k} {v:g}" for k, v in model.scenario.changed_fields().items())
    text = (f"Period {model.steps} of {model.scenario.periods}: "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
            + f" (seed {model.seed}; changed from the defaults: {changed or 'nothing'})")
    solara.Text(text, classes=["loyalty-summary"])


def stage_plot() -> Any:
    """The Mesa plot component of customers per active stage over time."""
    return make_plot_component({s: STAGE_COLOURS[s] for s in ACTIVE_STAGES})


def make_page(model: LoyaltyModel | None = None) -> Any:
    """Return the SolaraViz page for a model (default: the default scenario, seed 1)."""
    model = model or LoyaltyModel(seed=1)
    return SolaraViz(model, components=[stage_plot(), PatternPlot, Summary],
                     model_params=model_params(), name="Loyalty Lab: relationship lifecycle")


page = make_page()
"""The app: what ``solara run sim.viz`` and ``loyalty-lab viz`` serve."""


def server_env() -> dict[str, str]:
    """Environment for the Solara server: no telemetry, and no asset fetched from a CDN.

    The assets are served from the ``solara-assets`` copy in the
    environment; the CDN address points at a closed local port so that an
    asset missing from it fails visibly instead of being fetched.
    """
    env = dict(os.environ)
    env.update({"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
                "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/",
                "SOLARA_ASSETS_PROXY": "True"})
    return env


def server_command(port: int, host: str = "127.0.0.1") -> list[str]:
    """Return the command line that serves the app."""
    return [sys.executable, "-m", "solara", "run", "sim.viz", "--host", host,
            "--port", str(port), "--production", "--no-open", "--no-check-version"]


def main(argv: list[str] | None = None) -> int:
    """Serve the app on localhost until interrupted (``loyalty-lab viz``)."""
    parser = argparse.ArgumentParser(prog="loyalty-lab viz",
                                     description="Serve the Mesa SolaraViz app of the model.")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    args = parser.parse_args(argv)
    print(f"[viz] serving on http://127.0.0.1:{args.port}  (Ctrl-C to stop)", flush=True)
    command = server_command(args.port)
    os.execve(command[0], command, server_env())  # the server replaces this process
    return 0  # pragma: no cover - execve does not return
