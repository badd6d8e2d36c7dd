"""Command-line entry point: ``loyalty-lab SUBCOMMAND ...``.

Each subcommand lives in the module that owns it and exposes
``main(argv) -> int``; this file only dispatches, importing lazily so that
``loyalty-lab run`` stays fast and does not pull in the book or grader.
"""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "run": ("sim.runcli", "main", "run one simulation and print a summary table"),
    "book": ("sim.bookbuild", "main", "build the HTML book into _build/html"),
    "exercises": ("sim.grading.cli", "exercises_main", "write student or solution notebooks"),
    "grade": ("sim.grading.cli", "grade_main", "grade a folder of submitted notebooks"),
    "autograder": ("sim.grading.cli", "autograder_main", "write a Gradescope autograder zip"),
    "classroom": ("sim.classroom", "main", "start the classroom app on localhost"),
    "class": ("sim.market.cli", "main",
              "run the class market game: teams compete from their own devices"),
    "viz": ("sim.viz", "main", "serve the Mesa SolaraViz app of the model on localhost"),
    "validate": ("sim.validation.report", "main",
                 "validate the model: sensitivity analysis, robust facts, report"),
}


def _usage() -> str:
    lines = ["usage: loyalty-lab SUBCOMMAND [options]", "", "subcommands:"]
    for name, (_, _, help_text) in SUBCOMMANDS.items():
        lines.append(f"  {name:<10} {help_text}")
    lines.append("")
    lines.append("Run 'loyalty-lab SUBCOMMAND --help' for the options of one subcommand;")
    lines.append("'loyalty-lab --version' prints the version.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the subcommand named by the first argument."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    if args[0] in {"-V", "--version"}:
        from sim import __version__

        print(f"loyalty-lab {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"loyalty-lab: unknown subcommand {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, func_name, _ = SUBCOMMANDS[name]
    module = importlib.import_module(module_name)
    return int(getattr(module, func_name)(rest) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
