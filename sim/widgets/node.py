"""Run JavaScript with Node.js, offline, to check generated JavaScript against Python.

Why: the browser engine of issue 11 runs the model's equations in JavaScript,
generated from their one source, :mod:`sim.mechanisms`
(:mod:`sim.widgets.jsmechanisms`). Tests run that JavaScript in Node and
compare it with the Python. Node comes with Playwright (``make setup``
installs it), so no separate Node.js installation or network is needed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def node_executable() -> str:
    """Return the path of a Node.js executable.

    Playwright's bundled Node is preferred (it is always there after
    ``make setup``); otherwise ``node`` on the ``PATH``.

    Raises:
        RuntimeError: Neither is available.
    """
    try:
        from playwright._impl._driver import compute_driver_executable

        node_path = compute_driver_executable()[0]
    except Exception:  # Playwright not installed, or installed without its Node
        node_path = None
    if node_path and Path(node_path).is_file():
        return str(node_path)
    found = shutil.which("node")
    if found:
        return found
    raise RuntimeError(
        "Node.js not found: Playwright's bundled Node is missing and there is no `node` on the "
        "PATH. Run `make setup` (it installs Playwright, which brings Node.js) or install Node.js."
    )


def run_node(script: str, modules: dict[str, str] | None = None, *, stdin: str = "",
             timeout: float = 120.0) -> str:
    """Run an ES module script with Node.js and return what it prints.

    The script and the modules are written to a fresh temporary directory,
    so the script imports a module as ``import * as m from "./mechanisms.mjs"``.

    Args:
        script: The JavaScript of ``main.mjs``, the module Node runs.
        modules: Further files for the script to import, file name to source
            (e.g. ``{"mechanisms.mjs": source}``).
        stdin: Text for the script's standard input.
        timeout: Seconds before the run is abandoned.

    Returns:
        The script's standard output.

    Raises:
        ValueError: A module name is not a plain file name, or is ``main.mjs``.
        RuntimeError: Node is missing, exits with an error (the message holds its
            standard error), or does not finish within ``timeout`` seconds.
    """
    modules = modules or {}
    for name in modules:
        if name != Path(name).name or name in ("", ".", "..", "main.mjs"):
            raise ValueError(f"module name {name!r} must be a plain file name other than main.mjs")
    node = node_executable()
    with tempfile.TemporaryDirectory(prefix="loyalty-node-") as tmp:
        folder = Path(tmp)
        for name, source in modules.items():
            (folder / name).write_text(source, encoding="utf-8")
        (folder / "main.mjs").write_text(script, encoding="utf-8")
        try:
            proc = subprocess.run([node, "main.mjs"], cwd=folder, input=stdin,
                                  capture_output=True, text=True, encoding="utf-8",
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"node did not finish within {timeout} s") from exc
    if proc.returncode != 0:
        raise RuntimeError(f"node exited with status {proc.returncode}:\n{proc.stderr}")
    return proc.stdout
