#!/usr/bin/env bash
# Create (or refresh) the project-local virtual environment in .venv and
# install Loyalty Lab with everything it needs to build the book and run the
# tests. Safe to run repeatedly: it reinstalls only when pyproject.toml
# changed since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"

if [ ! -x "$VENV/bin/python" ]; then
    echo "[bootstrap] creating $VENV with $($PYTHON --version)"
    "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ]; then
    echo "[bootstrap] installing loyalty-lab and its dependencies into $VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    # pip byte-compiles on one core; compileall uses every core (half the time on two).
    # A file some package ships that does not compile (test data) is not an error here.
    "$VENV/bin/python" -m pip install --quiet --no-compile -e ".[dev]"
    "$VENV/bin/python" -m compileall -q -j 0 "$VENV/lib" > /dev/null || true
    rm -f "$VENV"/.installed-*
    touch "$STAMP"
fi
