"""An ODD description of the model, generated from its code.

ODD (Overview, Design concepts, Details; Grimm et al. 2020) is the standard
way to describe an agent-based model so that others can understand and
re-implement it. Its seven elements are built here from what the code
already says, so the description cannot drift from the model:

1. purpose and patterns: the model's module docstring, the lifecycle
   patterns and the presets that show them, the stylized facts;
2. entities, state variables and scales: the Mesa agent classes of
   :mod:`sim.agents` and their documented attributes, the state columns of
   :mod:`sim.population`, the scenario fields (global parameters);
3. process overview and scheduling: the model's ``step`` and the
   mechanisms in the order a period applies them (:data:`sim.mechanisms.MECHANISMS`);
4. design concepts: prose (:data:`DESIGN_CONCEPTS`), the only part that
   cannot be read off the code, plus the observed outputs read off
   :class:`sim.Results`;
5. initialisation: the scenario's run and customer fields;
6. input data: none;
7. submodels: one line per mechanism (its docstring's first line).

:func:`odd_sections` returns the elements as (title, Markdown) pairs;
:func:`odd_markdown` joins them into one MyST document.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any

import mesa

DESIGN_CONCEPTS: dict[str, str] = {
    "Basic principles":
        "Relationship marketing's lifecycle view (Dwyer, Schurr and Oh 1987): relationships "
        "pass through exploration, formation, stability and decline, and end in one of four "
        "patterns. Disconfirmation of expectations (basic and latent, after Kano) drives "
        "satisfaction; satisfaction builds trust; attitude, perceived value against the best "
        "alternative, fairness of the split of gains and switching costs drive the four "
        "loyalty measures and the moves between stages.",
    "Emergence":
        "The pattern shares, the stage curves, churn, profit and lifetime value emerge from "
        "the customers' individual moves; no equation sets them directly.",
    "Adaptation":
        "A customer's intentions respond each period to what it experienced: repurchase "
        "intention sets the chance of moving down, trust and value the chance of moving up.",
    "Objectives":
        "Customers have no explicit objective function; their behaviour follows the "
        "intentions above. The supplier's choices are the scenario's levers.",
    "Learning":
        "Trust is the customer's memory of past satisfaction: it rises slowly and falls fast.",
    "Prediction":
        "None: customers do not forecast; expectations rise with relationship age.",
    "Sensing":
        "Each customer perceives the value of its own purchase, the supplier's value against "
        "the best alternative, and the switching costs it faces.",
    "Interaction":
        "Indirect: customers affect each other only through referrals, which bring in new "
        "prospects. The best alternative imitates the supplier's financial bond after a lag.",
    "Stochasticity":
        "The quality of each purchase, new customers' expectations and wallets, the number "
        "of new prospects and each move between stages are random draws from the model's "
        "one seeded generator, so the same seed gives the same run bit for bit.",
    "Collectives":
        "None: customers do not form groups. Cohorts (customers who arrived in the same "
        "period) are used only for analysis.",
}
"""The ODD design concepts that cannot be read off the code (Observation is generated)."""


def _doc(obj: Any) -> str:
    return inspect.getdoc(obj) or ""


def _first_line(obj: Any) -> str:
    return _first_sentence_block(_doc(obj))


def _first_sentence_block(text: str) -> str:
    """Return a docstring's summary (its first paragraph, on one line)."""
    return " ".join(text.strip().split("\n\n")[0].split())


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]


def _rst(text: str) -> str:
    """Turn reStructuredText roles and double backquotes into MyST Markdown."""
    text = re.sub(r":math:`([^`]*)`", r"{math}`\1`", text)
    text = re.sub(r":(?:data|func|mod|class|attr|meth):`~?([^`]*)`", r"`\1`", text)
    return re.sub(r"(?<!`)``([^`]+)``(?!`)", r"`\1`", text)


def _cell(text: Any) -> str:
    return _rst(" ".join(str(text).split())).replace("|", "\\|")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def agent_classes() -> list[type]:
    """Return the Mesa agent classes the model defines (in :mod:`sim.agents`), in source order."""
    from sim import agents

    classes = [obj for obj in vars(agents).values()
               if inspect.isclass(obj) and issubclass(obj, mesa.Agent)
               and obj.__module__ == agents.__name__]
    return sorted(classes, key=lambda c: inspect.getsourcelines(c)[1])


_SECTIONS = ("Args:", "Arguments:", "Attributes:", "Returns:", "Raises:", "Example:",
             "Examples:", "Note:", "Notes:")


def _description(obj: Any) -> str:
    """Return a docstring's prose: its paragraphs before the first Google-style section."""
    prose = []
    for paragraph in _doc(obj).split("\n\n"):
        if paragraph.strip().startswith(_SECTIONS):
            break
        prose.append(" ".join(paragraph.split()))
    return " ".join(prose)


def _documented_attributes(cls: type) -> list[tuple[str, str]]:
    """Return the entries of a class docstring's ``Attributes:`` section."""
    lines = _doc(cls).splitlines()
    if "Attributes:" not in [line.strip() for line in lines]:
        return []
    out: list[tuple[str, str]] = []
    start = [line.strip() for line in lines].index("Attributes:") + 1
    for line in lines[start:]:
        if line.strip() and not line.startswith(" "):
            break  # the next section
        match = re.match(r"\s{2,8}(\w+)(?: \([^)]*\))?: (.*)", line)
        if match:
            out.append((match.group(1), match.group(2)))
        elif out and line.strip():
            out[-1] = (out[-1][0], out[-1][1] + " " + line.strip())
    return out


def agent_attributes(cls: type) -> list[tuple[str, str]]:
    """Return an agent class's documented state, in order.

    Documented descriptors and properties, the entries of its docstring's
    ``Attributes:`` section, and its public methods (what it does or
    computes each period), each with its docstring's first line.
    """
    out = list(_documented_attributes(cls))
    for name, value in vars(cls).items():
        if name.startswith("_") or name == "step" or isinstance(value, staticmethod | classmethod):
            continue
        doc = (getattr(value, "__doc__", None) or "").strip()
        if not doc:
            continue
        if inspect.isfunction(value):
            params = [p for p in inspect.signature(value).parameters if p != "self"]
            out.append((f"{name}({', '.join(params)})", _first_sentence_block(doc)))
        elif hasattr(value, "__get__"):
            out.append((name, _first_sentence_block(doc)))
    return out


def state_columns() -> list[tuple[str, str]]:
    """Return the population's state columns (name, storage type), read off a tiny population."""
    from sim.population import Population

    state = Population(capacity=1, periods=1).state
    return [(name, values.dtype.name) for name, values in state.items()]


def _num(value: float | int) -> str:
    """Format a number for a table: whole numbers with thousands separators."""
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _field_rows(groups: set[str] | None = None, exclude: set[str] | None = None
                ) -> list[list[Any]]:
    from sim.scenario import Scenario

    rows = []
    for spec in Scenario.field_specs():
        if (groups is not None and spec.group not in groups) or spec.group in (exclude or ()):
            continue
        high = "∞" if spec.high is None else _num(spec.high)
        rows.append([f"`{spec.name}`", spec.group, _num(spec.default),
                     f"[{_num(spec.low)}, {high}]", spec.doc])
    return rows


def purpose() -> str:
    """ODD element 1: purpose and patterns."""
    import sim.model
    from sim import presets
    from sim.stages import PATTERN_NAMES

    paragraphs = _paragraphs(_doc(sim.model))
    intro = paragraphs[1] if len(paragraphs) > 1 else "".join(paragraphs)  # after the summary
    rows = []
    for p, name in PATTERN_NAMES.items():
        shown = [f"`{k}`" for k, pr in presets.PRESETS.items() if pr.shows == f"pattern {p}"]
        rows.append([p, name, ", ".join(shown) or "-"])
    parts = [
        "The model is a teaching instrument: it lets students see what the course's claims "
        "about customer relationships imply when many customers act on them. " + _rst(intro),
        "**Patterns the model must reproduce.** Every relationship ends in one of four "
        "lifecycle patterns, and each has a preset in which it is the most common ending:",
        _table(["pattern", "meaning", "preset"], rows),
    ]
    try:
        from sim import facts

        facts_rows = [[f.number, f.claim] for f in facts.FACTS]
        parts += ["The stylized facts the model is built to show (`sim.facts.FACTS`):",
                  _table(["#", "fact"], facts_rows)]
    except ImportError:  # pragma: no cover - facts are part of the package
        pass
    return "\n\n".join(parts)


def entities() -> str:
    """ODD element 2: entities, state variables and scales."""
    import sim.model
    from sim.scenario import Scenario

    parts = [f"**The model** (`sim.LoyaltyModel`, a `mesa.Model`): "
             f"{_rst(_first_line(sim.model.LoyaltyModel))} Its global state is the scenario "
             "(its parameters), the period counter and the running money totals."]
    for cls in agent_classes():
        attrs = agent_attributes(cls)
        parts.append(f"**{cls.__name__}** (`{cls.__module__}.{cls.__name__}`, a "
                     f"`mesa.Agent`): {_rst(_description(cls))}")
        if attrs:
            parts.append(_table(["state variable or behaviour", "meaning"],
                                [[f"`{n}`", d] for n, d in attrs]))
    columns = state_columns()
    if columns:
        parts.append("The fast model stores each customer's state in columns of arrays "
                     "(`sim.population`): " + ", ".join(f"`{n}` ({t})" for n, t in columns)
                     + ".")
    defaults = Scenario()
    parts.append(
        f"**Scales.** Time is discrete: one period is 1/{defaults.periods_per_year} of a year "
        f"(`periods_per_year`), a month by default, and a run lasts `periods` periods "
        f"({defaults.periods} by default). The model has no space: customers are not placed "
        "anywhere and meet only through referrals.")
    return "\n\n".join(parts)


def process() -> str:
    """ODD element 3: process overview and scheduling."""
    from sim import mechanisms
    from sim.model import LoyaltyModel

    steps = [f"{i}. `{fn.__name__}`: {_rst(_first_line(fn))}"
             for i, fn in enumerate(mechanisms.MECHANISMS, start=1)]
    return "\n\n".join([
        f"Each period (`LoyaltyModel.step`): {_rst(_first_line(LoyaltyModel.step))} "
        "All customers are updated synchronously: each mechanism is applied to every active "
        "customer at once, in this order (`sim.mechanisms.MECHANISMS`):",
        "\n".join(steps),
    ])


def design_concepts() -> str:
    """ODD element 4: design concepts (prose, plus the observed outputs from the code)."""
    from sim.results import Results

    lines = [f"**{name}.** {text}" for name, text in DESIGN_CONCEPTS.items()]
    observed = [f"`{f.name}`" for f in dataclasses.fields(Results)
                if f.name not in {"scenario", "seed"}]
    lines.append("**Observation.** Every run returns `sim.Results`: "
                 + ", ".join(observed) + "; the Mesa DataCollector records the per-period "
                 "aggregates (`Results.series`).")
    return "\n\n".join(lines)


def initialisation() -> str:
    """ODD element 5: initialisation."""
    from sim import mechanisms
    from sim.scenario import Scenario

    sc = Scenario()
    trust = getattr(mechanisms, "INITIAL_TRUST", None)
    text = (f"At the start the model creates `n_customers` prospects ({sc.n_customers} by "
            "default), all in exploration, with relationship age 0")
    text += f" and initial trust {trust:g} (`INITIAL_TRUST`)." if trust is not None else "."
    return "\n\n".join([
        text + " New prospects arrive the same way in later periods (acquisition and "
        "referrals). The fields that set up customers and the run:",
        _table(["field", "group", "default", "range", "meaning"],
               _field_rows({"customers", "run"})),
        "Every other field is a parameter of the mechanisms; all are listed in the "
        "parameter table above. Runs differ only by scenario and seed.",
    ])


def input_data() -> str:
    """ODD element 6: input data."""
    return ("None. The model reads no external data or time series; everything it needs is "
            "in the scenario and the calibration constants.")


def submodels() -> str:
    """ODD element 7: submodels (one per mechanism; equations in the mechanisms section)."""
    from sim import mechanisms

    rows = [[f"`{fn.__name__}`", _first_line(fn)] for fn in mechanisms.MECHANISMS]
    return "\n\n".join([
        "Each submodel is one named function of `sim.mechanisms` whose docstring gives its "
        "equation and the reason for it (shown in full in the book's model appendix):",
        _table(["submodel", "what it computes"], rows),
    ])


ELEMENTS = (
    ("Purpose and patterns", purpose),
    ("Entities, state variables and scales", entities),
    ("Process overview and scheduling", process),
    ("Design concepts", design_concepts),
    ("Initialisation", initialisation),
    ("Input data", input_data),
    ("Submodels", submodels),
)
"""The seven ODD elements in protocol order, each with the function that writes it."""


def odd_sections() -> list[tuple[str, str]]:
    """Return the ODD elements as (title, MyST Markdown body) pairs, in protocol order."""
    return [(title, build()) for title, build in ELEMENTS]


def odd_markdown(level: int = 2, title: str | None = "ODD description of the model") -> str:
    """Return the whole ODD description as one MyST Markdown document.

    Args:
        level: Heading level of the seven elements (the title gets one less).
        title: Document title; None for none.
    """
    parts = [f"{'#' * (level - 1)} {title}"] if title and level > 1 else []
    parts.append("Following the ODD protocol (Grimm et al. 2020); generated from the model's "
                 "code by `sim.validation.odd`.")
    for number, (name, body) in enumerate(odd_sections(), start=1):
        parts += [f"{'#' * level} {number}. {name}", body]
    return "\n\n".join(parts) + "\n"
