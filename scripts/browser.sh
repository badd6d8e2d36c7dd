#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (Playwright
# cannot download its own browsers here). Needs root or passwordless sudo.
set -euo pipefail
# The grader's sandbox (sim/grading/sandbox.py) runs student notebooks under
# Debian's bubblewrap. Installed before the chromium check below, which exits
# early when chromium is already present.
if ! command -v bwrap >/dev/null 2>&1; then
    echo "[browser] installing bubblewrap for the grader's sandbox"
    BWRAP_SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        BWRAP_SUDO="sudo -n"
    fi
    DEBIAN_FRONTEND=noninteractive $BWRAP_SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $BWRAP_SUDO apt-get install -y -qq bubblewrap >/dev/null
fi
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo -n"
fi
echo "[browser] installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
