#!/usr/bin/env bash
# Vendor a Chinese font subset for the book (book/_static/fonts, and for the
# figures' matplotlib sim/static/fonts): Noto Sans SC
# (SIL Open Font License) from the npm package @fontsource/noto-sans-sc, cut
# down by fontTools to the Chinese characters the book's sources use
# (scripts/subset_cjk_font.py). Run by hand after adding Chinese text to the
# book: tests/test_book.py fails while a character is missing from the subset.
# Nothing at build, test or view time touches the network.
set -euo pipefail
cd "$(dirname "$0")/.."

FONT_VERSION="5.3.0"
FONT_INTEGRITY="sha512-HeqIlGm0+ohOKxZLuHj1qW6r6avHH0OWdKERAcSDI0RQ+MXrteuLKA+M+5eOA8rYy0MFvOR5AT0fQo2rUkye0Q=="
PY="${PYTHON:-.venv/bin/python}"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --silent "@fontsource/noto-sans-sc@${FONT_VERSION}" >/dev/null)
TARBALL="$TMP/fontsource-noto-sans-sc-${FONT_VERSION}.tgz"
GOT="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | base64 -w0)"
if [ "$GOT" != "$FONT_INTEGRITY" ]; then
    echo "[vendor] integrity mismatch for @fontsource/noto-sans-sc ${FONT_VERSION}: $GOT" >&2
    exit 1
fi
tar -xzf "$TARBALL" -C "$TMP"
"$PY" scripts/subset_cjk_font.py "$TMP/package"
cp "$TMP/package/LICENSE" book/_static/fonts/OFL.txt
cp "$TMP/package/LICENSE" sim/static/fonts/OFL.txt
echo "[vendor] done; rebuild the book with: .venv/bin/loyalty-lab book --all"
