"""What a figure computed in the page needs from Python (issue 11).

In the static book a figure runs the lifecycle model in the reader's browser
(``sim/static/engine.mjs``) and shapes its results there
(``sim/static/figures.mjs``). The JavaScript takes from here, not from copies
of its own, everything the figure's Python module defines: its base scenario,
the settings of its comparison run, its presets and its thresholds. So a
change to a figure module reaches the page, and ``tests/test_js_figures.py``
checks that both sides compute the same figure from the same model run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sim import mechanisms, presets
from sim.loyalty_types import LOYALTY_TYPES
from sim.results import MEASURES
from sim.scenario import Scenario
from sim.stages import EXIT_CAUSES, PATTERN_NAMES
from sim.widgets.customer_trace import CAUSE_WORDS
from sim.widgets.figures import (
    bonding,
    customer_value,
    customers,
    drivers,
    lifecycle,
    programme,
    retention,
    satisfaction_trap,
    scenarios,
)

INT_FIELDS = tuple(name for name in Scenario.field_names() if Scenario.spec(name).kind is int)
"""Scenario fields that take whole numbers (slider values are rounded for them)."""
SPURIOUS = ("price", "incentive", "monopoly", "kinship", "inertia")
"""The spurious loyalty types the drivers figure adds up (as ``drivers.compute`` does)."""


def _extras() -> dict[str, dict[str, Any]]:
    """Each figure's own settings, by figure."""
    return {
        "lifecycle": {"step": lifecycle.STEP, "curve_decimals": lifecycle.CURVE_DECIMALS},
        "tour": {},
        "scenarios": {"start": scenarios.START, "levers": list(scenarios.LEVERS),
                      "presets": {name: p.scenario.to_dict()
                                  for name, p in presets.PRESETS.items()}},
        "retention": {"periods_per_year": retention.PERIODS_PER_YEAR,
                      "longest_shown": retention.LONGEST_SHOWN},
        "drivers": {"defaults": dict(drivers.DEFAULTS), "measures": list(MEASURES),
                    "types": list(LOYALTY_TYPES), "spurious": list(SPURIOUS),
                    "more": drivers.MORE},
        "bonding": {"base": bonding.BOND_MARKET.to_dict(), "step": bonding.STEP,
                    "comparison": dict(bonding.NO_BONDS), "keeps_more": bonding.KEEPS_MORE},
        "programme": {"comparison": dict(programme.NO_PROGRAMME), "keeps": programme.KEEPS},
        "customer_value": {"levers": list(customer_value.SCENARIO_CONTROLS),
                           "tiers": [[key, share] for key, _, share in customer_value.TIERS]},
        "customers": {"market": dict(customers.MARKET), "letters": list(customers.LETTERS),
                      "exit_causes": list(EXIT_CAUSES), "pattern_names": dict(PATTERN_NAMES),
                      "cause_words": dict(CAUSE_WORDS)},
        "satisfaction_trap": {"base": satisfaction_trap.MARKET.to_dict(),
                              "average_loyalty": mechanisms.AVERAGE_LOYALTY,
                              "well_above": satisfaction_trap.WELL_ABOVE},
    }


IN_PAGE = tuple(_extras())
"""The figures whose computation runs in the page."""


def page_config(name: str) -> dict[str, Any]:
    """Return what the page needs to compute figure ``name``: a JSON-ready dict.

    ``base`` is the scenario the figure's controls modify (``Scenario()``
    unless the figure starts from a preset market), ``int_fields`` the fields
    rounded to whole numbers, and the rest the figure's own settings.

    Raises:
        ValueError: The figure does not compute in the page.
    """
    extras = _extras()
    if name not in extras:
        raise ValueError(f"figure {name!r} does not compute in the page; those that do: "
                         f"{', '.join(extras)}")
    return {"base": Scenario().to_dict(), "int_fields": list(INT_FIELDS), **extras[name]}


def zh_phrases() -> dict[str, Any]:
    """What the page needs to put a figure's computed phrases into Chinese.

    The words and the patterns that recognise the English phrases, from
    :mod:`sim.i18n.widgets` (``result_text_zh``), so the page's copy of that
    function (``resultTextZh`` in ``figures.mjs``) has no words of its own.
    """
    from sim.i18n import widgets as zh
    from sim.widgets.figures.customers import LETTERS

    names = {f"Customer {letter}": zh.FIGURE_TEXT_ZH[f"Customer {letter}"] for letter in LETTERS}
    return {
        "trap": dict(zh._TRAP_TEXT_ZH), "names": names,
        "lifetime": [[rx.pattern, template] for rx, template in zh._LIFETIME],
        "moves": [[rx.pattern, template] for rx, template in zh._MOVES],
        "ended": zh._ENDED.pattern, "kept": zh._KEPT.pattern, "open": zh._OPEN.pattern,
        "stages": dict(zh.STAGES_ZH), "patterns": dict(zh.PATTERNS_ZH),
        "causes": {CAUSE_WORDS[c]: zh.CAUSE_WORDS_ZH[c] for c in CAUSE_WORDS},
        "story": dict(zh.STORY_ZH),
    }


def engine_key(name: str) -> str:
    """A short hash of what the page computes figure ``name`` with.

    The browser engine with its generated mechanisms, the figures' code and
    the figure's configuration: a built page whose figure carries another key
    was built from other code (a stale book).
    """
    from sim.widgets.assets import FIGURES_JS, engine_prelude

    digest = hashlib.sha256(engine_prelude().encode())
    digest.update(FIGURES_JS.read_bytes())
    digest.update(json.dumps(page_config(name), sort_keys=True).encode())
    return digest.hexdigest()[:20]
