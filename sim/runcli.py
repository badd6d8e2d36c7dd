"""``loyalty-lab run``: run one simulation and print a readable summary.

Examples::

    loyalty-lab run --preset lifelong --seed 3
    loyalty-lab run --supplier-value 0.4 --price 1.2
    loyalty-lab run --list-presets
    loyalty-lab run --preset unfair --csv              # the summary as one CSV row
    loyalty-lab run --preset unfair --csv --series     # one CSV row per period
    loyalty-lab run --preset unfair --lang zh          # the table in Chinese

Before a run starts, its memory need is estimated (:mod:`sim.memory`) and
a run that would not fit is refused in one sentence. Long runs show a
progress bar on an interactive terminal (never when the output is piped).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import unicodedata
from typing import Any

from sim import memory, presets
from sim.loyalty_types import LOYALTY_TYPES
from sim.model import LoyaltyModel
from sim.results import MEASURES, Results
from sim.scenario import Scenario
from sim.stages import EXIT_CAUSES, PATTERN_NAMES, PATTERNS, STAGES

PROGRESS_MIN_WORK = 20_000_000
"""Customer-periods (starting customers x periods) from which a run shows a progress bar."""


LANGUAGES = ("en", "zh")
"""Languages of the summary table (``--lang``); ``--csv`` and ``--json`` are always English."""

TABLE_TEXT: dict[str, str] = {
    "title": "Loyalty Lab: {preset}, seed {seed}",
    "default_scenario": "default scenario",
    "patterns": "Lifecycle patterns (share of resolved relationships)",
    "pattern_count": "({count} customers)",
    "resolved": ("resolved {resolved}, unresolved at the end {unresolved} "
                 "(of {customers} customers)"),
    "stages": "Customers by stage at the end (of {customers} who ever arrived)",
    "measures": "Loyalty measures (mean over the {active} active customers at the end)",
    "types": "Loyalty types (share of the active customers)",
    "retention": "Retention (established customers: past their first year)",
    "churn": "annual churn rate",
    "lifetime": "expected lifetime, periods",
    "exits": "Exit causes (share of ended relationships)",
    "winbacks": "Win-back decisions on declining customers",
    "offered": "offered a win-back",
    "let_go": "let go",
    "won_back": "won back",
    "money": "Money (in units of an average customer's spend per period)",
    "revenue": "revenue",
    "profit": "profit",
    "mean_clv": "mean lifetime value",
    "share_of_wallet": "share of wallet",
}
"""The summary table's headings and labels in English (Chinese: :mod:`sim.i18n.runtable`)."""

EXIT_CAUSE_TEXT = {
    "dropped": "dropped by the supplier",
    "outside": "outside reasons",
    "dissatisfied": "dissatisfied",
    "value": "better value from a rival",
    "unfair": "unfair split",
}
"""Exit cause -> its words in the English table (:data:`sim.stages.EXIT_CAUSES`)."""


def table_vocabulary(lang: str = "en") -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The table's texts and the model's names (patterns, stages, ...) in ``lang``.

    Returns ``(texts, names)``: ``texts`` is keyed like :data:`TABLE_TEXT`;
    ``names`` maps ``patterns``, ``stages``, ``measures``, ``types`` and
    ``exits`` to a name for each of the model's codes.
    """
    if lang == "zh":
        from sim.i18n.names import (
            EXIT_CAUSES_ZH,
            LOYALTY_TYPES_ZH,
            MEASURES_ZH,
            PATTERNS_ZH,
            STAGES_ZH,
        )
        from sim.i18n.runtable import TABLE_TEXT_ZH

        return TABLE_TEXT_ZH, {"patterns": PATTERNS_ZH, "stages": STAGES_ZH,
                               "measures": MEASURES_ZH, "types": LOYALTY_TYPES_ZH,
                               "exits": EXIT_CAUSES_ZH}
    if lang != "en":
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    measures = {m: m.replace("_", " ") for m in (*MEASURES, "attitude")}
    return TABLE_TEXT, {"patterns": PATTERN_NAMES, "stages": {s: s for s in STAGES},
                        "measures": measures, "types": {t: t for t in LOYALTY_TYPES},
                        "exits": EXIT_CAUSE_TEXT}


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (``f"{text:<width}"`` for CJK)."""
    return text + " " * max(width - _width(text), 0)


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors in one plain sentence."""

    def error(self, message: str) -> None:  # noqa: D102 - argparse hook
        self.exit(2, f"loyalty-lab run: {message}\nTry 'loyalty-lab run --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with one option per scenario field."""
    parser = _Parser(prog="loyalty-lab run", description=__doc__.splitlines()[0],
                     allow_abbrev=False, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", help="start from a named scenario (see --list-presets)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--csv", action="store_true",
                        help="print the summary as CSV (a header and one row)")
    parser.add_argument("--series", action="store_true",
                        help="with --csv: print the per-period series instead (a row per period)")
    parser.add_argument("--list-presets", action="store_true", help="list the presets and exit")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the summary table: %(choices)s (default en; zh "
                             "prints it in Chinese with the same numbers). --csv and --json "
                             "stay in English, with English keys, so that scripts can read "
                             "them whatever the language")
    parser.add_argument("--version", action="version", version=f"loyalty-lab {_version()}")
    fields = parser.add_argument_group("scenario fields (override the preset or defaults)")
    for spec in Scenario.field_specs():
        dashed = spec.name.replace("_", "-")
        flags = [f"--{dashed}"] + ([f"--{spec.name}"] if dashed != spec.name else [])
        fields.add_argument(*flags, dest=spec.name, metavar="N" if spec.kind is int else "X",
                            type=str, default=None,
                            help=f"{spec.doc} Default {spec.default}; {spec.describe_range()}.")
    return parser


def _version() -> str:
    from sim import __version__

    return __version__


def _parse_value(name: str, text: str) -> float | int:
    """Turn the text of one option into a number, refusing non-numbers clearly."""
    spec = Scenario.spec(name)
    try:
        return int(text) if spec.kind is int else float(text)
    except ValueError:
        raise ValueError(
            f"Scenario field {name!r} must be {spec.describe_range()}; got {text!r}") from None


def format_results(results: Results, title: str, lang: str = "en") -> str:
    """Return the summary table printed by ``loyalty-lab run``, in ``lang`` (en or zh).

    The numbers and their formats are the same in every language; only the
    words change (:func:`table_vocabulary`).
    """
    text, names = table_vocabulary(lang)
    labels = [*names["stages"].values(), *names["measures"].values(), *names["types"].values(),
              *names["exits"].values(),
              *(text[k] for k in ("churn", "lifetime", "offered", "let_go", "won_back",
                                  "revenue", "profit", "mean_clv", "share_of_wallet"))]
    width = max(22, *(_width(label) for label in labels))

    def row(label: str, value: str) -> str:
        return f"  {_pad(label, width)} {value}"

    lines = [title, "=" * _width(title), "", text["patterns"]]
    for p in PATTERNS:
        count = text["pattern_count"].format(count=results.pattern_counts[p])
        lines.append(f"  {p:<4} {_pad(names['patterns'][p], width - 5)} "
                     f"{results.pattern_shares[p]:>7.1%}  {count}")
    lines.append("  " + text["resolved"].format(resolved=results.resolved,
                                                 unresolved=results.unresolved,
                                                 customers=results.customers))
    lines += ["", text["stages"].format(customers=results.customers)]
    for s in STAGES:
        lines.append(row(names["stages"][s], f"{int(results.stage_counts[s].iloc[-1]):>7,d}"))
    lines += ["", text["measures"].format(active=results.active)]
    for m in MEASURES:
        lines.append(row(names["measures"][m], f"{results.loyalty[m]:>7.3f}"))
    lines.append(row(names["measures"]["attitude"], f"{results.attitude:>7.3f}"))
    lines += ["", text["types"]]
    for t in LOYALTY_TYPES:
        lines.append(row(names["types"][t], f"{results.loyalty_types.get(t, 0.0):>7.1%}"))
    lines += ["", text["retention"],
              row(text["churn"], f"{results.annual_churn:>7.1%}"),
              row(text["lifetime"], f"{results.expected_lifetime:>7.1f}"),
              "", text["exits"]]
    for cause in EXIT_CAUSES[1:]:
        lines.append(row(names["exits"][cause], f"{results.exit_causes.get(cause, 0.0):>7.1%}"))
    lines += ["", text["winbacks"]]
    for decision in ("offered", "let_go", "won_back"):
        lines.append(row(text[decision], f"{results.winbacks.get(decision, 0):>7,d}"))
    lines += ["", text["money"],
              row(text["revenue"], f"{results.revenue:>12,.1f}"),
              row(text["profit"], f"{results.profit:>12,.1f}"),
              row(text["mean_clv"], f"{results.mean_clv:>12,.2f}"),
              row(text["share_of_wallet"], f"{results.share_of_wallet:>12.1%}")]
    return "\n".join(lines)


def summary_row(results: Results) -> dict[str, Any]:
    """Return the summary as one flat row (the ``--csv`` columns), scenario fields last."""
    row: dict[str, Any] = {"seed": results.seed}
    row.update({f"share_{p}": results.pattern_shares[p] for p in PATTERNS})
    row.update({f"count_{p}": results.pattern_counts[p] for p in PATTERNS})
    row.update(resolved=results.resolved, unresolved=results.unresolved,
               customers=results.customers, active=results.active)
    row.update({m: results.loyalty[m] for m in MEASURES})
    row.update(revenue=results.revenue, profit=results.profit, mean_clv=results.mean_clv)
    row.update(results.scenario)
    return row


def series_table(results: Results) -> Any:
    """Return the per-period series (one row per period, 0 = the start) for ``--csv --series``."""
    table = results.series.copy()
    table.index.name = "period"
    return table


def to_csv(results: Results, series: bool = False) -> str:
    """Return the summary (or the per-period series) as CSV text."""
    if series:
        return series_table(results).to_csv(lineterminator="\n")
    row = summary_row(results)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def show_progress(scenario: Scenario) -> bool:
    """Tell whether to draw a progress bar: a long run on an interactive terminal, not in CI."""
    long_run = scenario.n_customers * scenario.periods >= PROGRESS_MIN_WORK
    return long_run and sys.stderr.isatty() and not os.environ.get("CI")


def run_model(scenario: Scenario, seed: int, progress: bool = False) -> Results:
    """Run the scenario to the end, with a progress bar over periods if asked."""
    model = LoyaltyModel(scenario, seed=seed, create_agents=False)
    if not progress:
        return model.run()
    from tqdm import tqdm

    with tqdm(total=scenario.periods, desc="periods", unit="period", file=sys.stderr,
              dynamic_ncols=True) as bar:
        while model.steps < scenario.periods:
            model.step()
            bar.update(1)
    return model.results()


def main(argv: list[str] | None = None) -> int:
    """Run the ``loyalty-lab run`` command; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_presets:
        for name, preset in presets.PRESETS.items():
            print(f"{name:<18} {preset.title}: {preset.description}")
        return 0
    if args.json and args.csv:
        parser.error("choose one of --json and --csv")
    if args.series and not args.csv:
        parser.error("--series needs --csv")
    try:
        base = presets.get(args.preset) if args.preset else Scenario()
        changes = {spec.name: _parse_value(spec.name, getattr(args, spec.name))
                   for spec in Scenario.field_specs() if getattr(args, spec.name) is not None}
        scenario = base.replace(**changes)
        memory.check_fits(scenario, seed=args.seed)
        results = run_model(scenario, args.seed, progress=show_progress(scenario))
    except (KeyError, TypeError, ValueError, MemoryError) as error:
        message = error.args[0] if error.args else str(error)
        print(f"loyalty-lab run: {message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(results.to_dict(), indent=2))
        return 0
    if args.csv:
        sys.stdout.write(to_csv(results, series=args.series))
        return 0
    text, _ = table_vocabulary(args.lang)
    title = text["title"].format(preset=args.preset or text["default_scenario"], seed=args.seed)
    if changes:
        title += " (" + ", ".join(f"{k}={v}" for k, v in changes.items()) + ")"
    print(format_results(results, title, args.lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
