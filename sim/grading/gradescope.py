"""A Gradescope autograder: the zip to upload, and what runs inside it.

``loyalty-lab autograder --out autograder.zip`` writes a zip holding:

``setup.sh``
    run once by Gradescope when it builds the image (Ubuntu): installs
    Python 3.11, bubblewrap and this package (from ``source/loyalty-lab``)
    into ``/autograder/venv``, then closes the instructor-only parts
    (``sim/exercises``, ``sim/grading``, ``/autograder/source``) to every
    other user, so that even without a working sandbox (Gradescope's
    containers may not allow namespaces) the sandbox user id cannot read
    the answer key;
``run_autograder``
    run for each submission: grades ``/autograder/submission`` (the files
    the student uploaded, at any depth) out of ``assignment.json`` and
    writes ``/autograder/results/results.json``;
``assignment.json``
    the manifest;
``source/loyalty-lab/``
    the package (``sim``) with a ``pyproject.toml`` naming its dependencies;
``source/extra/``
    any exercise module of the assignment that is not part of the package
    (an instructor's own chapter).

Written questions are not marked here: they appear with ``max_score`` 0
("to be marked by hand") and should be set up as manual questions on
Gradescope.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import importlib.util
import json
import sys
import zipfile
from pathlib import Path

from sim.grading.assignment import Assignment

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3.11 python3.11-venv bubblewrap
python3.11 -m venv /autograder/venv
/autograder/venv/bin/pip install --no-cache-dir /autograder/source/loyalty-lab
# The answer key and the grader are the instructor's: no other user may read
# them (the sandbox user ids included, should namespaces be unavailable).
SIM=$(/autograder/venv/bin/python -c 'import os, sim; print(os.path.dirname(sim.__file__))')
chmod -R go-rwx "$SIM/exercises" "$SIM/grading" /autograder/source
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission:
#   /autograder/submission/  ->  /autograder/results/results.json
# AUTOGRADER_ROOT and LOYALTY_LAB_PYTHON exist for testing outside Gradescope.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${LOYALTY_LAB_PYTHON:-$ROOT/venv/bin/python}"
export PYTHONPATH="$ROOT/source/extra${PYTHONPATH:+:$PYTHONPATH}"
exec "$PYTHON" -m sim.grading.gradescope --root "$ROOT"
"""


def _package_files() -> list[tuple[Path, str]]:
    """(file, name in the zip) of the installed ``sim`` package, caches left out."""
    import sim

    root = Path(next(iter(sim.__path__))).resolve()
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (path.is_dir() or "__pycache__" in relative.parts or path.suffix in (".pyc", ".pyo")
                or any(part.startswith(".") for part in relative.parts)):
            continue
        files.append((path, f"source/loyalty-lab/sim/{relative.as_posix()}"))
    return files


def _pyproject() -> str:
    """A minimal pyproject.toml for the package, with its run-time dependencies."""
    try:
        dist = metadata.distribution("loyalty-lab")
        version = dist.version
        requires = [r for r in (dist.requires or []) if "extra ==" not in r]
    except metadata.PackageNotFoundError:
        version, requires = "0.0.0", []
    deps = ",\n".join(f"    {json.dumps(r)}" for r in requires)
    return f"""[build-system]
requires = ["setuptools>=68", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "loyalty-lab"
version = "{version}"
requires-python = ">=3.11"
dependencies = [
{deps}
]

[tool.setuptools.packages.find]
include = ["sim*"]

[tool.setuptools.package-data]
sim = ["static/**/*", "exercises/**/*"]
"""


def _extra_modules(assignment: Assignment) -> list[tuple[Path, str]]:
    """Exercise modules outside the package, with their parents' ``__init__.py``."""
    out: list[tuple[Path, str]] = []
    for chapter in assignment.chapters:
        if chapter.module.startswith("sim."):
            continue
        spec = importlib.util.find_spec(chapter.module)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            raise ValueError(f"exercise module {chapter.module!r} is not a Python file")
        parts = chapter.module.split(".")
        out.append((Path(spec.origin), "source/extra/" + "/".join(parts) + ".py"))
        for depth in range(1, len(parts)):
            parent = importlib.util.find_spec(".".join(parts[:depth]))
            if parent and parent.origin and parent.origin.endswith("__init__.py"):
                out.append((Path(parent.origin),
                            "source/extra/" + "/".join(parts[:depth]) + "/__init__.py"))
    return out


def build_autograder(out: str | Path, assignment: Assignment) -> Path:
    """Write the Gradescope autograder zip; return its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o100755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        archive.writestr("assignment.json", json.dumps(assignment.to_dict(), indent=1) + "\n")
        archive.writestr("source/loyalty-lab/pyproject.toml", _pyproject())
        archive.writestr("source/loyalty-lab/README.md",
                         "Loyalty Lab's grader, packed for a Gradescope autograder.\n")
        for path, name in _package_files() + _extra_modules(assignment):
            archive.write(path, name)
    return out


def _student_name(root: Path) -> str:
    try:
        meta = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        users = meta.get("users") or []
        names = [u.get("name") for u in users if isinstance(u, dict) and u.get("name")]
        if names:
            return ", ".join(str(n) for n in names)[:200]
    except (OSError, ValueError, AttributeError):
        pass
    return "submission"


def grade_submission(root: Path) -> dict:
    """Grade ``root/submission`` and return (and write) ``root/results/results.json``."""
    from sim.grading.batch import BatchConfig, Prepared, prepare, safe_grade
    from sim.grading.layouts import StudentFiles
    from sim.grading.report import results_json
    from sim.grading.sandbox import Limits

    results_dir = root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    target = results_dir / "results.json"
    try:
        assignment = Assignment.read(root / "source" / "assignment.json")
        submission = root / "submission"
        files = sorted(p for p in submission.rglob("*")
                       if p.is_file() and not any(part.startswith(".") for part in
                                                  p.relative_to(submission).parts))
        student = StudentFiles(key="submission", name=_student_name(root), files=files)
        prepared: Prepared = prepare(student, assignment)
        config = BatchConfig(assignment=assignment, limits=Limits(), cache_dir="off")
        result = safe_grade(prepared, config)
        doc = results_json(result)
    except Exception as exc:  # noqa: BLE001 - Gradescope must always get a results file
        doc = {"score": 0, "output": f"The autograder failed ({type(exc).__name__}: {exc}); "
                                     "your instructor will regrade.",
               "visibility": "visible", "stdout_visibility": "hidden", "tests": []}
    target.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return doc


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.grading.gradescope --root /autograder`` (what run_autograder does)."""
    parser = argparse.ArgumentParser(prog="run_autograder")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    args = parser.parse_args(argv)
    doc = grade_submission(args.root)
    score = doc.get("score", 0)
    print(f"score {score:g}; results in {args.root / 'results' / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
