"""``loyalty-lab book``: build the Loyalty Lab HTML book into ``_build/html``.

The book is a Jupyter Book 1.x project whose ``_config.yml`` and ``_toc.yml``
sit at the repository root and whose pages live under ``book/``. This command
exists so that students and CI build it the same way:

1. it (re)writes the exercise pages from the instructor sources in
   ``sim.exercises`` (skipped with a note while that module does not exist),
   touching only pages whose text changed, so an unchanged book is not
   re-rendered;
2. it runs ``jupyter-book build`` with warnings as errors (``-W -n
   --keep-going``): a broken reference or a remote asset must fail the build,
   not ship in a book that is used offline;
3. it prints where the HTML is.

Notebook execution is cached in ``_build/.jupyter_cache``, so a rebuild with
nothing changed re-executes nothing. That cache is keyed on each chapter's
code only, while the chapters' figures and numbers come from the ``sim``
package: when its source changes (see :func:`source_fingerprint`) the cache
is cleared and every chapter runs again, so the book never shows results of
an older model. The figures' slider grids are computed first, in parallel.
``--all`` re-renders every page and copies the static files again (needed
after ``scripts/vendor.sh``), but still reuses the execution cache.

Measured on the 2-core reference machine (2026-11-23, all chapters written):
clean build including execution 128 s; rebuild with nothing changed 4-5 s;
``--all`` with a warm execution cache about 20 s.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXERCISES_DIR = Path("book") / "exercises"
# Written after a successful build. Sphinx re-reads only changed pages, so a
# rebuild right after a failed one would "succeed" without repeating the
# warnings; without this marker the next build starts from a fresh environment.
OK_MARKER = Path("_build") / ".loyalty-lab-book-ok"
# Fingerprint of the sim package the cached chapter executions were made with.
SOURCES_MARKER = Path("_build") / ".loyalty-lab-sources"
EXECUTION_CACHE = Path("_build") / ".jupyter_cache"


def source_fingerprint(root: Path) -> str:
    """Return a hash of everything in ``sim/`` the chapters' outputs can depend on.

    Python sources and the widget assets count; the grader and exercise
    sources count too (the exercise pages execute), caches do not.
    """
    import hashlib

    digest = hashlib.sha256()
    package = root / "sim"
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def refresh_execution_cache(root: Path) -> bool:
    """Clear the chapters' execution cache if ``sim`` changed since it was filled.

    Returns:
        True if the cache was cleared (every chapter will execute again).
    """
    marker = root / SOURCES_MARKER
    current = source_fingerprint(root)
    stale = marker.is_file() and marker.read_text().strip() != current
    if stale:
        print("[book] the sim package changed since the chapters were executed: "
              "running every chapter again")
        shutil.rmtree(root / EXECUTION_CACHE, ignore_errors=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(current)
    return stale


def prebuild_grids() -> None:
    """Compute the interactive figures' slider grids up front, in one process pool."""
    try:
        from sim.widgets import prebuild_grids as build
    except ImportError as exc:  # widgets not installed: chapters will say so
        print(f"[book] note: cannot prebuild figure grids ({exc})")
        return
    print(f"[book] figure grids ready in {build():.0f} s", flush=True)


def prebuild_validation(root: Path) -> None:
    """Refresh the model appendix's validation report now if the model changed.

    The appendix would recompute a stale report itself, but a notebook cell
    has a time limit and no progress bar; here the work is done up front,
    with a progress bar on a terminal. The refreshed report
    (``book/data/validation-report.json``) is meant to be committed.
    """
    from sim.validation import report

    started = time.perf_counter()
    path = root / report.BOOK_REPORT
    if report.is_fresh(report.read_report(path), report.BOOK_SETTINGS):
        return
    report.load_or_build(report.BOOK_SETTINGS, path)
    print(f"[book] validation report refreshed in {time.perf_counter() - started:.0f} s: "
          f"{path.relative_to(root)} (commit it)", flush=True)


def find_root(start: Path | None = None) -> Path:
    """Return the repository root: the folder holding ``_config.yml`` and ``_toc.yml``.

    The working directory (and its parents) wins, so that a non-editable install
    still builds the checkout the user is standing in; otherwise the checkout this
    module lives in.

    Raises:
        FileNotFoundError: if neither place holds a book.
    """
    candidates: list[Path] = []
    here = (start or Path.cwd()).resolve()
    candidates.extend([here, *here.parents])
    candidates.append(Path(__file__).resolve().parents[1])
    for path in candidates:
        if (path / "_config.yml").is_file() and (path / "_toc.yml").is_file():
            return path
    raise FileNotFoundError(
        "no _config.yml and _toc.yml found in the current folder, its parents or "
        f"{candidates[-1]}; run 'loyalty-lab book' from the Loyalty Lab checkout"
    )


def _sync_tree(src: Path, dst: Path) -> list[Path]:
    """Copy files from ``src`` into ``dst`` only where content differs.

    Sphinx decides what to re-render by file modification time, so rewriting an
    identical exercise page would make every "nothing changed" rebuild re-render
    it (and the pages linking to it). Returns the files that were written.
    """
    written: list[Path] = []
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        target = dst / path.relative_to(src)
        if target.is_file() and filecmp.cmp(path, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        written.append(target)
    return written


def write_exercise_pages(root: Path) -> bool:
    """Regenerate ``book/exercises/chNN.md`` with ``sim.exercises.write_book_pages``.

    The exercise sources belong to the grading work; while that module (or its
    ``write_book_pages``) does not exist yet, the build goes on with the pages
    already in ``book/exercises`` and says so.

    Returns:
        True if the pages were regenerated, False if generation was skipped.
    """
    try:
        module = importlib.import_module("sim.exercises")
    except ModuleNotFoundError as exc:
        if exc.name not in {"sim", "sim.exercises"}:
            raise  # a real missing dependency inside sim.exercises: say so
        print(f"[book] note: {exc.name} not found; keeping the exercise pages in {EXERCISES_DIR}")
        return False
    writer = getattr(module, "write_book_pages", None)
    if writer is None:
        print(
            "[book] note: sim.exercises.write_book_pages not found; keeping the exercise "
            f"pages in {EXERCISES_DIR}"
        )
        return False
    target = root / EXERCISES_DIR
    with tempfile.TemporaryDirectory(prefix="loyalty-lab-exercises-") as tmp:
        writer(tmp)
        written = _sync_tree(Path(tmp), target)
    names = ", ".join(p.name for p in written) or "none changed"
    print(f"[book] exercise pages written to {EXERCISES_DIR}: {names}")
    return True


def _jupyter_book_command() -> list[str]:
    """Return the command that runs this environment's ``jupyter-book``.

    Uses the script next to the running interpreter (the venv's), so that the
    build never picks up another installation from ``PATH``.
    """
    script = Path(sys.executable).parent / "jupyter-book"
    if script.is_file():
        return [sys.executable, str(script)]
    code = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"
    return [sys.executable, "-c", code]


def _build_env(root: Path) -> dict[str, str]:
    """Environment for the build and the notebook kernels it starts.

    ``PYTHONPATH`` gets the repository root so that chapters can ``import sim``
    even when the package is not installed into the venv; matplotlib is kept
    off any GUI backend.
    """
    env = dict(os.environ)
    parts = [str(root)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(parts))
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def build_command(root: Path, *, rebuild_all: bool = False) -> list[str]:
    """Return the ``jupyter-book build`` command line for the book at ``root``.

    ``--all`` makes Sphinx start from a fresh environment (every page is read
    again and every warning shown again); the execution cache is still used.
    """
    cmd = [*_jupyter_book_command(), "build", str(root), "-W", "-n", "--keep-going"]
    if rebuild_all:
        cmd.append("--all")
    return cmd


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loyalty-lab book",
        description="Build the Loyalty Lab HTML book into _build/html "
        "(offline; warnings are errors).",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="re-render every page and re-copy static files (executed notebooks stay cached)",
    )
    parser.add_argument(
        "--skip-exercises",
        action="store_true",
        help="do not regenerate book/exercises from sim.exercises",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Build the book; return the exit status of ``jupyter-book build``."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        root = find_root()
    except FileNotFoundError as exc:
        print(f"[book] error: {exc}", file=sys.stderr)
        return 2
    if not args.skip_exercises:
        write_exercise_pages(root)
    engine_changed = refresh_execution_cache(root)
    os.environ.setdefault("LOYALTY_LAB_GRID_CACHE", str(root / "_build" / ".cache" / "grids"))
    prebuild_grids()
    prebuild_validation(root)
    marker = root / OK_MARKER
    fresh = args.all or engine_changed or not marker.is_file()
    if fresh and not args.all and not engine_changed:
        print("[book] last build did not succeed (or never ran): reading every page again")
    marker.unlink(missing_ok=True)
    cmd = build_command(root, rebuild_all=fresh)
    print("[book] " + " ".join(cmd[1:] if cmd[0] == sys.executable else cmd), flush=True)
    started = time.perf_counter()
    status = subprocess.run(cmd, cwd=root, env=_build_env(root), check=False).returncode
    elapsed = time.perf_counter() - started
    if status == 0:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    index = root / "_build" / "html" / "index.html"
    if status == 0:
        print(f"[book] built in {elapsed:.0f} s; open {index}")
    else:
        print(f"[book] build FAILED (exit {status}) after {elapsed:.0f} s; see the warnings above")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
