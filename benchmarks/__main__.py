"""Run every benchmark: ``python -m benchmarks [NAME ...]``."""

import importlib
import sys

BENCHMARKS = ("engine", "browser_engine", "widget_latency", "grading_throughput", "class_load")


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all by default) and print their reports."""
    names = argv or list(BENCHMARKS)
    status = 0
    for name in names:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as error:
            print(f"[{name}] not available: {error}")
            continue
        print(f"\n=== {name} ===")
        status |= int(module.main() or 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
