"""``loyalty-lab run``: run one simulation and print a readable summary.

Examples::

    loyalty-lab run --preset lifelong --seed 3
    loyalty-lab run --supplier-value 0.4 --fairness 0.9
    loyalty-lab run --list-presets
"""

from __future__ import annotations

import argparse
import json
import sys

from sim import presets
from sim.model import LoyaltyModel
from sim.results import MEASURES, Results
from sim.scenario import Scenario
from sim.stages import PATTERN_NAMES, PATTERNS


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
    parser.add_argument("--list-presets", action="store_true", help="list the presets and exit")
    fields = parser.add_argument_group("scenario fields (override the preset or defaults)")
    for spec in Scenario.field_specs():
        dashed = spec.name.replace("_", "-")
        flags = [f"--{dashed}"] + ([f"--{spec.name}"] if dashed != spec.name else [])
        fields.add_argument(*flags, dest=spec.name, metavar="N" if spec.kind is int else "X",
                            type=str, default=None,
                            help=f"{spec.doc} Default {spec.default}; {spec.describe_range()}.")
    return parser


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


def main(argv: list[str] | None = None) -> int:
    """Run the ``loyalty-lab run`` command; return the exit status."""
    args = build_parser().parse_args(argv)
    if args.list_presets:
        for name, preset in presets.PRESETS.items():
            print(f"{name:<18} {preset.title}: {preset.description}")
        return 0
    try:
        base = presets.get(args.preset) if args.preset else Scenario()
        changes = {spec.name: _parse_value(spec.name, getattr(args, spec.name))
                   for spec in Scenario.field_specs() if getattr(args, spec.name) is not None}
        scenario = base.replace(**changes)
        results = LoyaltyModel(scenario, seed=args.seed, create_agents=False).run()
    except (KeyError, TypeError, ValueError) as error:
        message = error.args[0] if error.args else str(error)
        print(f"loyalty-lab run: {message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(results.to_dict(), indent=2))
        return 0
    title = f"Loyalty Lab: {args.preset or 'default scenario'}, seed {args.seed}"
    if changes:
        title += " (" + ", ".join(f"{k}={v}" for k, v in changes.items()) + ")"
    print(format_results(results, title))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
