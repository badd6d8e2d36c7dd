"""The sandbox shows an allowlist at neutral paths, wherever the checkout and venv live.

A thief notebook looks for everything a student could use: the exercise
sources (answer keys, hidden tests), ``.git`` (to rebuild them), solution
notebooks in ``key/``, classmates' submissions, earlier grades, and host
paths (of the checkout, the venv, the run folders) in its environment,
``sys.path``, module files, ``/proc/1/cmdline`` and ``/proc/self/mountinfo``.
It runs under bubblewrap from three layouts of the checkout: the default
(this repository with its ``.venv``), inside a venv's ``src/`` (what
``pip install -e git+...`` makes; under /tmp, too) and under
``/usr/local/src``. The grader runs in a subprocess from each layout, as an
instructor would run it there.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import sim.exercises as ex
from sim.grading import runtime, sandbox

REPO = Path(__file__).resolve().parents[1]
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
# serial: the grader's time limits must not share the machine with other tests.
pytestmark = [pytest.mark.timeout(300), pytest.mark.serial]

THIEF = r'''
import os, sys
HOST = __HOST__
MARKERS = [b'Hidden' + b'Test', b'judge' + b'_question', b"start_of_year': start",
           b'assignsubmission', b'rubric']
suspicious, markers, hostpaths = [], [], []
visible = 0
for root, dirs, files in os.walk('/'):
    if root.startswith('/dev'):
        dirs[:] = []
        continue
    if root.startswith('/opt/python'):
        visible += len(files)
        continue  # the interpreter and public packages (their listing is checked below)
    for name in dirs + files:
        path = os.path.join(root, name)
        visible += 1
        low = path.lower()
        if (any(part in low for part in ('/.git', '/exercises', '/grading', '/tests', '/key',
                                          'gradebook', 'results.json', 'grades.json',
                                          'assignment.json', '/submissions', '.pth',
                                          '__editable__', 'loyalty_lab', 'egg-link'))
                or (low.endswith('.ipynb') and not path.startswith('/submission/'))):
            suspicious.append(path)
    for name in files:
        path = os.path.join(root, name)
        try:
            with open(path, 'rb') as handle:
                data = handle.read(2_000_000)
        except OSError:
            continue
        if any(m in data for m in MARKERS):
            markers.append(path)
texts = {'env': repr(dict(os.environ)), 'path': repr(sys.path), 'exe': sys.executable,
         'prefix': sys.prefix + sys.base_prefix,
         'files': repr([getattr(m, '__file__', '') for m in list(sys.modules.values())])}
for proc in ('/proc/1/cmdline', '/proc/self/mountinfo', '/proc/self/cmdline'):
    try:
        texts[proc] = open(proc, 'rb').read().decode(errors='replace')
    except OSError:
        pass
for where, text in texts.items():
    for fragment in HOST:
        if fragment in text:
            hostpaths.append([where, fragment])
import numpy, sim
result = sim.LoyaltyModel(seed=1, n_customers=30, periods=5, create_agents=False).run()
answer_0_1 = {'suspicious': suspicious[:20], 'markers': markers[:20],
              'hostpaths': hostpaths[:20], 'visible': visible,
              'proc': [p for p in ('/proc/1/cmdline', '/proc/self/mountinfo') if p in texts],
              'site': sorted(os.listdir('/opt/python/site')), 'uid': os.getuid(),
              'engine': sorted(os.listdir('/opt/loyaltylab/lib/sim')),
              'model_ran': result is not None}
'''

GRADER = r'''
import json, sys
from sim.grading import sandbox, runtime
from sim.grading.answers import parse_latest
cells = [sys.argv[1]]
limits = sandbox.Limits(cell_seconds=60, cell_wall_seconds=90, wall_seconds=120, cpu_seconds=120)
outcome = sandbox.run_once(cells, "ch06.ipynb", b"{}", limits=limits, skip=[],
                           mode="bubblewrap")
snap = parse_latest(outcome.snapshot_texts)
print(json.dumps({"answers": snap.answers, "cells": snap.cells, "log": outcome.log[-2000:],
                  "engine": str(sandbox.engine_root()), "prefix": sys.prefix,
                  "allowed": sorted(runtime._site_entries(runtime.student_distributions()))}))
'''


def _site_packages() -> str:
    return sysconfig.get_paths()["purelib"]


def _copy_checkout(target: Path) -> Path:
    """A checkout at ``target`` with the instructor's usual clutter around the sources."""
    target.mkdir(parents=True)
    shutil.copytree(REPO / "sim", target / "sim",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static"))
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    (target / ".git" / "objects" / "pack").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copytree(REPO / "tests", target / "tests",
                    ignore=shutil.ignore_patterns("__pycache__", "vendor"))
    ex.write_notebooks(target / "key", solutions=True, numbers=[6])
    ex.write_notebooks(target / "submissions" / "classmate", solutions=True, numbers=[6])
    (target / "grades" / "students" / "classmate").mkdir(parents=True)
    (target / "grades" / "gradebook.csv").write_text("student,score\nclassmate,9\n")
    (target / "grades" / "students" / "classmate" / "results.json").write_text("{}")
    return target


def _venv_src_checkout(tmp_path: Path) -> tuple[Path, Path]:
    """A venv with the checkout in its ``src/`` and installed editable (as ``pip -e`` does).

    Returns ``(venv, checkout)``; the venv sees the test's own dependencies
    through a second ``.pth`` file, so nothing is downloaded.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    checkout = _copy_checkout(venv / "src" / "loyalty-lab")
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "00-loyalty-lab.pth").write_text(f"{checkout}\n")  # what `pip install -e` adds
    (site / "zz-dependencies.pth").write_text(f"{_site_packages()}\n")
    return venv, checkout


def _run_grader(python: list[str], env: dict, cwd: Path, host: list[str]) -> dict:
    cell = THIEF.replace("__HOST__", repr(host))
    done = subprocess.run([*python, "-c", GRADER, cell], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _assert_nothing_leaks(report: dict, engine: Path) -> None:
    answers = report["answers"]
    assert "answer_0_1" in answers, (report["cells"], report["log"])
    found = answers["answer_0_1"]
    assert report["engine"] == str(engine)  # the grader really ran from that layout
    assert found["suspicious"] == []
    assert found["markers"] == []
    assert found["hostpaths"] == []
    assert found["proc"] == []
    assert set(found["site"]) <= set(report["allowed"])
    assert {"numpy", "pandas", "matplotlib", "mesa"} <= set(found["site"])
    assert "exercises" not in found["engine"] and "grading" not in found["engine"]
    assert "model.py" in found["engine"]
    assert found["uid"] != 0
    assert found["visible"] > 100


def _host_fragments(*paths: Path) -> list[str]:
    return [*(str(p) for p in paths), "loyaltylab-run-", "/work/", "/root/", "pytest-of",
            ".cache/loyalty-lab"]


@needs_bwrap
def test_default_layout_leaks_nothing():
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    report = _run_grader([sys.executable], env, REPO,
                         _host_fragments(REPO, Path(sys.prefix)))
    _assert_nothing_leaks(report, REPO)


@needs_bwrap
def test_checkout_inside_a_venvs_src_leaks_nothing(tmp_path):
    """``<venv>/src/loyalty-lab``: the layout that exposed the answer key, .git and key/."""
    venv, checkout = _venv_src_checkout(tmp_path)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    report = _run_grader([str(venv / "bin" / "python")], env, checkout,
                         _host_fragments(checkout, venv, tmp_path))
    assert report["prefix"] == str(venv)
    _assert_nothing_leaks(report, checkout)


@needs_bwrap
@pytest.mark.skipif(os.getuid() != 0 or not os.access("/usr/local/src", os.W_OK),
                    reason="needs a writable /usr/local/src")
def test_checkout_under_usr_local_src_leaks_nothing():
    checkout = Path("/usr/local/src") / f"loyalty-lab-test-{secrets.token_hex(4)}"
    try:
        _copy_checkout(checkout)
        env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp",
               "PYTHONPATH": f"{checkout}:{_site_packages()}"}
        report = _run_grader([sys.executable, "-S"], env, checkout,
                             _host_fragments(checkout, Path(sys.prefix)))
        _assert_nothing_leaks(report, checkout)
    finally:
        shutil.rmtree(checkout, ignore_errors=True)


def test_runtime_is_an_allowlist():
    rt = runtime.build()
    targets = [target for _, target in rt.binds]
    assert all(t.startswith(("/opt/python/", "/opt/loyaltylab/", "/lib", "/usr/lib"))
               for t in targets), targets
    sources = [source for source, _ in rt.binds]
    assert not any(s.rstrip("/") in ("/usr", "/etc", "/lib", "/usr/lib", "/opt", "/")
                   for s in sources)
    assert not any(s.endswith(("site-packages", "dist-packages")) for s in sources)
    package = REPO / "sim"
    assert not any(Path(s) == package or package in Path(s).parents for s in sources)
    engine = next(s for s, t in rt.binds if t == runtime.ENGINE_ROOT + "/sim")
    assert not (Path(engine) / "exercises").exists() and not (Path(engine) / "grading").exists()


@needs_bwrap
def test_bubblewrap_is_detected_when_installed():
    # the suite installs bubblewrap (scripts/system-deps.sh); if the probe failed,
    # grading would fall back to no sandbox, so a failure here must be loud
    assert sandbox.detect_sandbox() == "bubblewrap"


COPYCAT = r'''
import glob, json, os
found = []
for pattern in ('/**/classmate/*.ipynb', '/**/key/*.ipynb', '/**/grades/**/*.json',
                '/**/exercises/ch06.py'):
    found += glob.glob(pattern, recursive=True)
for path in found:
    try:
        doc = json.load(open(path))
        for cell in doc['cells']:
            if cell['cell_type'] == 'code' and 'answer_6' in ''.join(cell['source']):
                exec(''.join(cell['source']))
    except Exception:
        pass
answer_6_5 = answer_6_5 if 'answer_6_5' in dir() else None
'''


@needs_bwrap
def test_grading_from_a_venv_src_checkout_as_the_readme_shows(tmp_path):
    """Submissions, keys and grades all inside the checkout; several students at once."""
    venv, checkout = _venv_src_checkout(tmp_path)
    subs = checkout / "submissions"
    for name in ("copycat", "copycat2", "=cmd|' -c calc'!A0"):
        (subs / name).mkdir()
        doc = json.loads((subs / "classmate" / "ch06.ipynb").read_text())
        doc["cells"] = [{"cell_type": "code", "metadata": {}, "outputs": [],
                         "execution_count": None, "source": COPYCAT}]
        (subs / name / "ch06.ipynb").write_text(json.dumps(doc))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "sim.cli", "grade", "submissions",
         "--chapters", "6", "--out", "grades", "--jobs", "2", "--cache", "off",
         "--timeout", "30"], cwd=checkout, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {}
    with open(checkout / "grades" / "gradebook.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["name"]] = row
    points = sum(q.auto_points for q in ex.chapters([6])[0].questions)
    assert float(rows["classmate"]["score"]) == points
    for name in ("copycat", "copycat2", "'=cmd|' -c calc'!A0"):
        assert float(rows[name]["score"]) == 0, name
    assert rows["copycat"]["sandbox"] == "bubblewrap"
