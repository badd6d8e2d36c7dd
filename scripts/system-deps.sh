#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when missing:
#   chromium    - the browser the Playwright tests drive (Playwright cannot
#                 download its own browsers here);
#   bubblewrap  - the OS sandbox the grader runs student notebooks in.
# Needs root or passwordless sudo; does nothing when both are present.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo -n"
fi
echo "[system-deps] installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
