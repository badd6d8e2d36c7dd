#!/usr/bin/env bash
# Re-fetch the charting library that the interactive figures inline into their
# widget JavaScript (sim/static/vendor/). Run by hand when upgrading; the book
# build and the tests never touch the network and only read the vendored copy.
# Uses the npm registry through npm itself and checks the tarball's integrity.
set -euo pipefail
cd "$(dirname "$0")/.."

CHARTJS_VERSION="4.5.1"
CHARTJS_INTEGRITY="sha512-GIjfiT9dbmHRiYi6Nl2yFCq7kkwdkp1W/lp2J99rX0yo9tgJGn3lKQATztIjb5tVtevcBtIdICNWqlq5+E8/Pw=="

DEST=sim/static/vendor
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --silent "chart.js@${CHARTJS_VERSION}" >/dev/null)
TARBALL="$TMP/chart.js-${CHARTJS_VERSION}.tgz"
GOT="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | base64 -w0)"
if [ "$GOT" != "$CHARTJS_INTEGRITY" ]; then
    echo "[vendor] integrity mismatch for chart.js ${CHARTJS_VERSION}: $GOT" >&2
    exit 1
fi
tar -xzf "$TARBALL" -C "$TMP"
mkdir -p "$DEST"
cp "$TMP/package/dist/chart.umd.min.js" "$DEST/chart.umd.min.js"
cp "$TMP/package/LICENSE.md" "$DEST/chart.js.LICENSE.md"
echo "[vendor] chart.js ${CHARTJS_VERSION} -> $DEST/chart.umd.min.js ($(wc -c <"$DEST/chart.umd.min.js") bytes)"
