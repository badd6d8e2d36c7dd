"""``loyalty-lab run``: run one simulation and print a readable summary.

Examples::

    loyalty-lab run --preset lifelong --seed 3
    loyalty-lab run --supplier-value 0.4 --price 1.2
    loyalty-lab run --list-presets
    loyalty-lab run --preset unfair --csv              # the summary as one CSV row
    loyalty-lab run --preset unfair --csv --series     # one CSV row per period

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
from typing import Any

from sim import memory, presets
from sim.model import LoyaltyModel
from sim.results import MEASURES, Results
from sim.scenario import Scenario
from sim.stages import PATTERN_NAMES, PATTERNS

PROGRESS_MIN_WORK = 20_000_000
"""Customer-periods (starting customers x periods) from which a run shows a progress bar."""


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


def format_results(results: Results, title: str) -> str:
    """Return the summary table printed by ``loyalty-lab run``."""
    lines = [title, "=" * len(title), "", "Lifecycle patterns (share of resolved relationships)"]
    for p in PATTERNS:
        lines.append(f"  {p:<4} {PATTERN_NAMES[p]:<22} {results.pattern_shares[p]:>7.1%}"
                     f"  ({results.pattern_counts[p]} customers)")
    lines.append(f"  resolved {results.resolved}, unresolved at the end {results.unresolved} "
                 f"(of {results.customers} customers)")
    lines += ["", "Loyalty measures (mean over the "
              f"{results.active} active customers at the end)"]
    for m in MEASURES:
        lines.append(f"  {m.replace('_', ' '):<22} {results.loyalty[m]:>7.3f}")
    lines += ["", "Money (in units of an average customer's spend per period)",
              f"  revenue                {results.revenue:>12,.1f}",
              f"  profit                 {results.profit:>12,.1f}",
              f"  mean lifetime value    {results.mean_clv:>12,.2f}"]
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
    title = f"Loyalty Lab: {args.preset or 'default scenario'}, seed {args.seed}"
    if changes:
        title += " (" + ", ".join(f"{k}={v}" for k, v in changes.items()) + ")"
    print(format_results(results, title))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
