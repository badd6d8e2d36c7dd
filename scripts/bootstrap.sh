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
    "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
    rm -f "$VENV"/.installed-*
    touch "$STAMP"
fi
