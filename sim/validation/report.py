"""The validation report: run every check, write JSON and Markdown, cache for the book.

:func:`build_report` runs the sensitivity analysis and every registered
robustness check (:data:`sim.validation.checks.REGISTRY`) and returns a
JSON-ready dict; :func:`to_markdown` and the ``*_markdown`` helpers render
it; :func:`write_report` saves both files. ``loyalty-lab validate`` is the
command-line front end (:func:`main`).

The book's model appendix shows the report computed with
:data:`BOOK_SETTINGS`. A full analysis takes minutes, so the report is
committed as ``book/data/validation-report.json`` together with its
*key*: a hash of the model's source files (every module of ``sim`` that
can change a run's numbers, and this package) and of the settings. The
book build calls :func:`load_or_build`, which recomputes (and rewrites the
file, to be committed) only when the key no longer matches, i.e. when the
model or the settings changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPORT_VERSION = 2
"""Bumped when the report's layout changes (part of the cache key)."""
NOT_MODEL_SOURCES = frozenset({"cli.py", "runcli.py", "bookbuild.py", "classroom.py",
                               "viz.py", "memory.py", "__main__.py"})
"""Top-level modules of ``sim`` that cannot change a run's numbers (left out of the key)."""
BOOK_REPORT = Path("book") / "data" / "validation-report.json"
"""Where the book's report lives, relative to the repository root."""


@dataclass(frozen=True)
class Settings:
    """How much work a validation does.

    Attributes:
        samples: Sobol' base sample size ``N`` (a power of two): the
            analysis runs ``N x (levers + 3)`` scenarios.
        seeds: Seeds per scenario in the sensitivity analysis.
        n_customers: Customers per run (everywhere).
        periods: Periods per run (None: the scenario's default).
        robust_samples: Perturbed scenarios per fact, base scenarios per claim.
        robust_seeds: Seeds per scenario in the robustness checks.
        robust_customers: Customers per run in the robustness checks (the
            facts' margins are set for runs of this size).
        calibration: Whether to measure the calibration table (about half a
            minute; tests of the machinery leave it out).
        sample_seed: Seed of the quasi-random samples and of the bootstrap.
    """

    samples: int = 64
    seeds: int = 2
    n_customers: int = 1000
    periods: int | None = None
    robust_samples: int = 32
    robust_seeds: int = 2
    robust_customers: int = 1000
    sample_seed: int = 0
    calibration: bool = True

    def __post_init__(self) -> None:
        from sim.validation.sensitivity import check_samples

        check_samples(self.samples)
        for name in ("seeds", "n_customers", "robust_samples", "robust_seeds",
                     "robust_customers"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1; got {value!r}")
        if self.periods is not None and (not isinstance(self.periods, int) or self.periods < 1):
            raise ValueError(f"periods must be a whole number >= 1 or None; got {self.periods!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready dict."""
        return dataclasses.asdict(self)


BOOK_SETTINGS = Settings(samples=256, seeds=2, n_customers=2000, robust_samples=32,
                         robust_seeds=2, robust_customers=3000)
"""The settings of the report in the book's appendix (a recompute takes about 25 minutes
on two idle cores). N = 256 because at N = 128 the verdict on levers whose total index is
a few per cent flipped between two recomputes of an almost unchanged model. 2,000
customers per sensitivity run (the issue's own survey of the parameter space used
2,000): with 500, chance alone made up 5-9 % of the variance of the loyalty-type and
stage-conditional shares (the seed's total index, the noise floor a lever must beat),
so small effects could not be told from noise (a lever acting only through another,
such as the imitation lag, stays small even at 2,000 customers: it is judged by its
directional claim, see :data:`sim.validation.levers.ACTS_THROUGH`); a run of 2,000
customers costs about 1.6 times one of 500, because a period's fixed cost dominates
small runs. 3,000 customers per robustness run so that shares among the few
relationships that reach stability (pattern III among them) are not decided by chance."""


def model_sources(package: Path | None = None) -> list[Path]:
    """Return the source files a report's numbers depend on, in a fixed order."""
    package = package or Path(__file__).resolve().parents[1]
    files = [p for p in sorted(package.glob("*.py")) if p.name not in NOT_MODEL_SOURCES]
    files += [p for p in sorted((package / "validation").glob("*.py")) if p.name != "odd.py"]
    return files


def report_key(settings: Settings, package: Path | None = None) -> str:
    """Return the cache key: a hash of the model's sources, the settings and the layout."""
    package = package or Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"report v{REPORT_VERSION}\n".encode())
    digest.update(json.dumps(settings.to_dict(), sort_keys=True).encode())
    for path in model_sources(package):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _records(frame: Any) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records", double_precision=15))


def build_report(settings: Settings = BOOK_SETTINGS, *, checks: Iterable[Any] | None = None,
                 **runner_options: Any) -> dict[str, Any]:
    """Run the sensitivity analysis and the robustness checks; return the report.

    Args:
        settings: How much work to do.
        checks: The checks to run (default: every check in the registry).
        **runner_options: ``scheduler``, ``workers``, ``progress`` (see
            :func:`sim.validation.runner.map_calls`). With no scheduler (or
            ``"local"``) one local cluster serves every step of the report.
    """
    from sim.validation import runner

    if runner_options.get("scheduler") in (None, runner.LOCAL):
        workers = runner_options.pop("workers", runner.DEFAULT_WORKERS)
        with runner.dask_client(runner.LOCAL, workers) as client:
            return _build_report(settings, checks, {**runner_options, "scheduler": client})
    return _build_report(settings, checks, runner_options)


def _build_report(settings: Settings, checks: Iterable[Any] | None,
                  runner_options: dict[str, Any]) -> dict[str, Any]:
    from sim.scenario import Scenario
    from sim.validation import checks as registry
    from sim.validation import levers as levers_module
    from sim.validation import robustness, sensitivity
    from sim.validation.calibration import calibration_table
    from sim.validation.outcomes import OUTCOMES

    started = time.perf_counter()
    key = report_key(settings)  # of the code that runs now, not of files edited meanwhile
    chosen = levers_module.levers()
    base = Scenario(n_customers=settings.robust_customers)
    if settings.periods is not None:
        base = base.replace(periods=settings.periods)
    study = sensitivity.run_sobol(settings.samples, range(1, settings.seeds + 1),
                                  n_customers=settings.n_customers, periods=settings.periods,
                                  chosen=chosen, sample_seed=settings.sample_seed,
                                  **runner_options)
    seeds = tuple(range(1, settings.robust_seeds + 1))
    facts, claims = [], []
    for check in (checks if checks is not None else registry.REGISTRY.values()):
        if isinstance(check, registry.FactCheck):
            scenario = check.scenario().replace(n_customers=settings.robust_customers)
            if settings.periods is not None:
                scenario = scenario.replace(periods=settings.periods)
            result = robustness.robust_fact(scenario, check.predicate, n=settings.robust_samples,
                                            seeds=seeds, chosen=chosen,
                                            seed=settings.sample_seed, desc=check.name,
                                            **runner_options)
            facts.append({"name": check.name, "claim": check.claim, "preset": check.preset,
                          "share": result.share, "n": result.n,
                          "holds_at_base": result.holds_at_base,
                          "holds": result.share >= robustness.REQUIRED_SHARE})
        else:
            result = robustness.directional_claim(
                check.lever, check.step, check.outcome, check.direction,
                n=settings.robust_samples, seeds=seeds, base=base, fixed=check.fixed,
                bounds=check.bounds, tolerance=check.tolerance, chosen=chosen,
                seed=settings.sample_seed, desc=check.name, **runner_options)
            claims.append({"name": check.name, "claim": check.claim, "lever": check.lever,
                           "step": check.step, "outcome": check.outcome,
                           "direction": check.direction, "fixed": dict(check.fixed),
                           "share": result.share, "n": result.n, "ties": result.ties,
                           "thin": int(result.table["thin"].sum()),
                           "holds": result.share >= robustness.REQUIRED_SHARE})
    criteria = sensitivity.criteria(study, claims=claims)
    return {
        "version": REPORT_VERSION,
        "key": key,
        "settings": settings.to_dict(),
        "study": study.settings,
        "levers": levers_module.describe(chosen),
        "outcomes": list(OUTCOMES),
        "thresholds": {"negligible_total": sensitivity.NEGLIGIBLE_TOTAL,
                       "min_pattern_space": sensitivity.MIN_PATTERN_SPACE,
                       "max_median_unresolved": sensitivity.MAX_MEDIAN_UNRESOLVED,
                       "required_share": robustness.REQUIRED_SHARE,
                       "robust_step": robustness.STEP,
                       "min_base": robustness.MIN_BASE},
        "criteria": [c.to_dict() for c in criteria],
        "indices": _records(study.indices),
        "effects": _records(sensitivity.lever_effects(study.indices)),
        "pattern_space": sensitivity.dominant_pattern_shares(study.table),
        "outcome_medians": {k: float(study.table[k].median()) for k in OUTCOMES},
        "robust_facts": facts,
        "directional_claims": claims,
        "calibration": _records(calibration_table()) if settings.calibration else [],
        "elapsed_seconds": round(time.perf_counter() - started, 1),
    }


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------
def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _verdict(holds: bool) -> str:
    return "yes" if holds else "**no**"


def summary_markdown(report: dict[str, Any]) -> str:
    """One paragraph: what was run, and how many criteria hold."""
    study, settings = report["study"], report["settings"]
    verdicts = ([c["holds"] for c in report["criteria"]]
                + [f["holds"] for f in report["robust_facts"]]
                + [c["holds"] for c in report["directional_claims"]])
    return (
        f"Sensitivity analysis: {study['scenarios']:,} scenarios (Sobol' design, "
        f"N = {study['samples']}, {len(report['levers'])} levers), each run with "
        f"{len(study['seeds'])} seeds and {study['n_customers']:,} customers over "
        f"{study['periods']} periods. Robustness: {settings['robust_samples']} scenarios per "
        f"fact and per claim, {settings['robust_seeds']} seeds each. "
        f"{sum(verdicts)} of {len(verdicts)} criteria hold. "
        f"(Report key `{report['key']}`, computed in {report['elapsed_seconds']:.0f} s.)")


def criteria_markdown(report: dict[str, Any]) -> str:
    """The sensitivity criteria as a table: criterion, evidence, verdict."""
    return _table(["criterion", "evidence", "holds"],
                  [[c["claim"], c["evidence"], _verdict(c["holds"])]
                   for c in report["criteria"]])


def effects_markdown(report: dict[str, Any]) -> str:
    """Per lever: its strongest total effect, the noise floor there, and the verdict."""
    rows = [[f"`{e['lever']}`", e["outcome"], f"{e['ST']:.2f}\u00a0±\u00a0{e['ST_conf']:.2f}",
             f"{e['floor']:.2f}", e["outcomes"], _verdict(e["non_negligible"])]
            for e in report["effects"]]
    return _table(["lever", "strongest on", "total index ST", "noise floor",
                   "outcomes moved", "non-negligible"], rows)


def indices_markdown(report: dict[str, Any], key: str = "ST") -> str:
    """The matrix of one index (``ST`` or ``S1``): a row per lever, a column per outcome."""
    by = {(r["lever"], r["outcome"]): r[key] for r in report["indices"]}
    names = list(dict.fromkeys(r["lever"] for r in report["indices"]))
    rows = [[f"`{n}`"] + [f"{by[(n, o)]:.2f}" for o in report["outcomes"]] for n in names]
    return _table(["lever"] + report["outcomes"], rows)


def pattern_space_markdown(report: dict[str, Any]) -> str:
    """Share of the sampled space where each pattern is the most common ending."""
    space = report["pattern_space"]
    return _table(["most common ending"] + list(space),
                  [["share of sampled scenarios"] + [f"{v:.1%}" for v in space.values()]])


def robust_facts_markdown(report: dict[str, Any]) -> str:
    """Each fact: its preset, whether it holds there, and the share of perturbations it survives."""
    step = report["thresholds"]["robust_step"]
    rows = [[f["claim"], f"`{f['preset']}`", "yes" if f["holds_at_base"] else "no",
             f"{f['share']:.0%} of {f['n']}", _verdict(f["holds"])]
            for f in report["robust_facts"]]
    need = report["thresholds"]["required_share"]
    return _table(["fact", "preset", "holds at the preset",
                   f"holds with every lever moved ≤ ±{step:g}", f"≥ {need:.0%}"], rows)


def directional_markdown(report: dict[str, Any]) -> str:
    """Each directional claim: the move, the outcome, the share of base scenarios it holds in."""
    need = report["thresholds"]["required_share"]
    rows = []
    for c in report["directional_claims"]:
        fixed = ", ".join(f"{k} = {v:g}" for k, v in c["fixed"].items())
        move = f"`{c['lever']}` {c['step']:+g}" + (f" (with {fixed})" if fixed else "")
        thin = c.get("thin", 0)
        left_out = (f"; {thin} left out, fewer than {report['thresholds']['min_base']} "
                    "relationships in the share" if thin else "")
        rows.append([c["claim"], move, f"{c['outcome']}: {c['direction']}",
                     f"{c['share']:.0%} of {c['n']} ({c['ties']} ties{left_out})",
                     _verdict(c["holds"])])
    return _table(["claim", "move", "outcome", "holds in", f"≥ {need:.0%}"], rows)


def levers_markdown(report: dict[str, Any]) -> str:
    """The levers and the ranges sampled."""
    rows = [[f"`{lv['lever']}`", lv["group"],
             f"[{lv['low']:g}, {lv['high']:g}]" + (" whole" if lv["integer"] else ""),
             lv["note"]] for lv in report["levers"]]
    return _table(["lever", "group", "sampled range", "note"], rows)


def calibration_markdown(report: dict[str, Any]) -> str:
    """Published figures beside the model's, with the scenario that shows each."""
    rows = [[r["source"], r["finding"], r["published"], r["model_text"], r["scenario"]]
            for r in report.get("calibration", [])]
    if not rows:
        return "No calibration in this report."
    return _table(["source", "finding", "published", "model", "scenario"], rows)


def to_markdown(report: dict[str, Any], level: int = 2) -> str:
    """Return the whole report as one MyST Markdown document."""
    h = "#" * level
    parts = [f"{'#' * (level - 1)} Validation report" if level > 1 else "",
             summary_markdown(report),
             f"{h} Sensitivity criteria", criteria_markdown(report),
             f"{h} Robust facts", robust_facts_markdown(report),
             f"{h} Directional claims", directional_markdown(report),
             f"{h} Calibration against published figures", calibration_markdown(report),
             f"{h} Strongest effect of each lever", effects_markdown(report),
             f"{h} Most common ending across the sampled space", pattern_space_markdown(report),
             f"{h} Total Sobol' indices (ST)", indices_markdown(report, "ST"),
             f"{h} First-order Sobol' indices (S1)", indices_markdown(report, "S1"),
             f"{h} Levers and sampled ranges", levers_markdown(report)]
    return "\n\n".join(p for p in parts if p) + "\n"


# ---------------------------------------------------------------------------
# Files and cache
# ---------------------------------------------------------------------------
def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def write_report(report: dict[str, Any], out_dir: Path | str) -> tuple[Path, Path]:
    """Write ``validation-report.json`` and ``validation-report.md`` into ``out_dir``."""
    out = Path(out_dir)
    json_path, md_path = out / "validation-report.json", out / "validation-report.md"
    _atomic_write(json_path, json.dumps(report, indent=1, sort_keys=False) + "\n")
    _atomic_write(md_path, to_markdown(report))
    return json_path, md_path


def book_report_path(root: Path | None = None) -> Path:
    """Return the book's committed report file (found from the working directory)."""
    from sim.bookbuild import find_root

    return (root or find_root()) / BOOK_REPORT


def read_report(path: Path) -> dict[str, Any] | None:
    """Return a saved report, or None if the file is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def is_fresh(report: dict[str, Any] | None, settings: Settings) -> bool:
    """Tell whether a saved report was made by this model with these settings."""
    return bool(report) and report.get("key") == report_key(settings)


def load_or_build(settings: Settings = BOOK_SETTINGS, path: Path | None = None,
                  **runner_options: Any) -> dict[str, Any]:
    """Return the saved report if it is fresh; otherwise build it and save it there.

    Args:
        settings: The settings the report must have been made with.
        path: The report file (default: the book's, :func:`book_report_path`).
        **runner_options: Passed to :func:`build_report` when it must run.
    """
    path = Path(path) if path is not None else book_report_path()
    saved = read_report(path)
    if is_fresh(saved, settings):
        return saved  # type: ignore[return-value]
    print(f"[validation] {path.name} is stale or missing: running the validation "
          f"(N = {settings.samples}, {settings.n_customers} customers per run)", flush=True)
    report = build_report(settings, **runner_options)
    write_report(report, path.parent)
    return report


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors in one plain sentence."""

    def error(self, message: str) -> None:  # noqa: D102 - argparse hook
        self.exit(2, f"loyalty-lab validate: {message}\nTry 'loyalty-lab validate --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``loyalty-lab validate``."""
    d = BOOK_SETTINGS
    parser = _Parser(
        prog="loyalty-lab validate", allow_abbrev=False,
        description="Run the model's validation (global sensitivity analysis, robust facts, "
                    "directional claims) and write a JSON and a Markdown report.")
    parser.add_argument("--samples", type=int, default=d.samples,
                        help=f"Sobol' base sample size N, a power of two (default {d.samples})")
    parser.add_argument("--seeds", type=int, default=d.seeds,
                        help=f"seeds per scenario (default {d.seeds})")
    parser.add_argument("--customers", type=int, default=d.n_customers,
                        help=f"customers per run (default {d.n_customers})")
    parser.add_argument("--robust-customers", type=int, default=d.robust_customers,
                        help="customers per run in the robustness checks "
                             f"(default {d.robust_customers})")
    parser.add_argument("--robust-samples", type=int, default=d.robust_samples,
                        help="scenarios per robust fact and per directional claim "
                             f"(default {d.robust_samples})")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="Dask scheduler address (tcp://host:port); 'local' (default for "
                             "big jobs) starts a local cluster, 'serial' runs in this process")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes of a local cluster (default 2)")
    parser.add_argument("--out", default="validation", metavar="DIR",
                        help="folder for validation-report.json and .md (default ./validation)")
    parser.add_argument("--book", action="store_true",
                        help="refresh the book's committed report (book/data) with the book's "
                             "settings, if it is stale")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``loyalty-lab validate``; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.book:
            path = book_report_path()
            fresh = is_fresh(read_report(path), BOOK_SETTINGS)
            report = load_or_build(BOOK_SETTINGS, path, scheduler=args.scheduler,
                                   workers=args.workers)
            print(f"[validation] {'up to date' if fresh else 'written'}: {path}")
        else:
            settings = Settings(samples=args.samples, seeds=args.seeds,
                                n_customers=args.customers, robust_samples=args.robust_samples,
                                robust_seeds=args.seeds, robust_customers=args.robust_customers)
            report = build_report(settings, scheduler=args.scheduler, workers=args.workers)
            json_path, md_path = write_report(report, args.out)
            print(f"[validation] wrote {json_path} and {md_path}")
    except (ValueError, TypeError, FileNotFoundError) as error:
        print(f"loyalty-lab validate: {error}", file=sys.stderr)
        return 2
    print(summary_markdown(report))
    return 0
