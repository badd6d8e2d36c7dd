#!/usr/bin/env bash
# Re-fetch the third-party browser files the book serves itself, so that a
# built page never asks a CDN for anything (the book must work offline, e.g.
# from a USB stick in a classroom with no internet).
#
# The results are committed to the repository; run this only to upgrade a
# pinned version (then update book/_static/vendor/README.md and rebuild with
# `loyalty-lab book --all`, because a rebuild with unchanged sources does not
# copy static files again).
#
# Needs: npm (talks to the npm registry) and the project venv (pip download
# of the anywidget wheel from PyPI). Nothing here runs at build or test time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

# Pinned versions. Keep in step with book/_static/vendor/README.md.
REQUIREJS_VERSION=2.3.8
HTML_MANAGER_VERSION=1.0.15   # @jupyter-widgets/html-manager for ipywidgets 8.1
MATHJAX_VERSION=3.2.2
AXE_VERSION=4.14.1            # tests only
ANYWIDGET_VERSION=0.11.0      # must match the anywidget the book executes with (minor)

PY="${PYTHON:-$ROOT/.venv/bin/python}"
VENDOR="$ROOT/book/_static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "[vendor] fetching npm packages into $TMP"
(
    cd "$TMP"
    npm pack --silent \
        "requirejs@$REQUIREJS_VERSION" \
        "@jupyter-widgets/html-manager@$HTML_MANAGER_VERSION" \
        "mathjax@$MATHJAX_VERSION" \
        "axe-core@$AXE_VERSION" >/dev/null
    for tgz in *.tgz; do
        mkdir -p "x/${tgz%.tgz}"
        tar xzf "$tgz" -C "x/${tgz%.tgz}"
    done
)
X="$TMP/x"

echo "[vendor] fetching the anywidget $ANYWIDGET_VERSION wheel for its AMD build"
"$PY" -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$TMP/wheel" "anywidget==$ANYWIDGET_VERSION"
"$PY" - "$TMP/wheel" "$TMP/anywidget" <<'EOF'
import pathlib
import sys
import zipfile

wheel = next(pathlib.Path(sys.argv[1]).glob("anywidget-*.whl"))
out = pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as zf:
    for name in ("anywidget/nbextension/index.js",):
        target = out / pathlib.Path(name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(zf.read(name))
EOF

# --- require.js --------------------------------------------------------------
rm -rf "$VENDOR/requirejs"
mkdir -p "$VENDOR/requirejs"
cp "$X/requirejs-$REQUIREJS_VERSION/package/require.js" "$VENDOR/requirejs/require.js"

# --- ipywidgets html-manager (+ Font Awesome 4/5 fonts it references) -------
# Only woff2/woff/ttf: every browser the book supports takes one of those, the
# eot (old IE) and svg (old iOS) copies would double the size for nothing.
rm -rf "$VENDOR/widgets"
mkdir -p "$VENDOR/widgets/anywidget"
HM="$X/jupyter-widgets-html-manager-$HTML_MANAGER_VERSION/package/dist"
cp "$HM/embed-amd.js" "$VENDOR/widgets/embed-amd.js"
cp "$HM"/*.woff2 "$HM"/*.woff "$HM"/*.ttf "$VENDOR/widgets/"
cp "$TMP/anywidget/index.js" "$VENDOR/widgets/anywidget/index.js"

# --- MathJax 3: TeX input, CommonHTML output, its fonts, autoloaded TeX
# extensions. Not vendored: sre/ and a11y/ (loaded only when a reader turns on
# the explorer in MathJax's own menu).
rm -rf "$VENDOR/mathjax"
MJ="$X/mathjax-$MATHJAX_VERSION/package"
mkdir -p "$VENDOR/mathjax/output/chtml/fonts" "$VENDOR/mathjax/input/tex"
cp "$MJ/es5/tex-chtml.js" "$VENDOR/mathjax/tex-chtml.js"
cp "$MJ/LICENSE" "$VENDOR/mathjax/LICENSE"
cp -r "$MJ/es5/output/chtml/fonts/woff-v2" "$VENDOR/mathjax/output/chtml/fonts/woff-v2"
cp -r "$MJ/es5/input/tex/extensions" "$VENDOR/mathjax/input/tex/extensions"

# --- axe-core (accessibility checks in tests/test_book.py only) -------------
mkdir -p "$ROOT/tests/vendor"
cp "$X/axe-core-$AXE_VERSION/package/axe.min.js" "$ROOT/tests/vendor/axe.min.js"
cp "$X/axe-core-$AXE_VERSION/package/LICENSE" "$ROOT/tests/vendor/axe-core.LICENSE"

echo "[vendor] done:"
du -sh "$VENDOR"/* "$ROOT/tests/vendor/axe.min.js"
echo "[vendor] rebuild the book with: .venv/bin/loyalty-lab book --all"
