"""The chapter figures live in JupyterLab: the instructor's notebook route.

A notebook calling ``interactive_figure("lifecycle")`` is opened in a real
JupyterLab (started on 127.0.0.1 with the network cut) and run; moving a
slider with the keyboard to a new value must make the kernel rerun the Mesa
model (not the page's own engine), and the figure must show exactly what
running the model in Python gives. The arrow key must move the slider, not JupyterLab's
cell selection.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import stop_process_group
from figure_checks import assert_charts_drawn
from test_classroom import (
    LIVE_TIMEOUT_MS,
    _assert_equal,
    _expected,
    _free_port,
    _numbers,
    step_price,
)

from sim.widgets.catalog import figure_def
from sim.widgets.point import compute_point

pytest.importorskip("jupyterlab")
# serial: a live JupyterLab and kernel started under a deadline run alone (scripts/run-tests.sh).
pytestmark = pytest.mark.serial

NOTEBOOK = {
    "cells": [{
        "cell_type": "code", "execution_count": None, "id": "figure", "metadata": {},
        "outputs": [],
        "source": ["from sim.widgets import interactive_figure\n",
                   "interactive_figure(\"lifecycle\")"],
    }],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@contextmanager
def running_lab(root: Path) -> Iterator[str]:
    """Start JupyterLab on 127.0.0.1 serving ``root``; yield its address; always stop it."""
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
           "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
           "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = root / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + log.read_text()[-4000:])
                time.sleep(0.5)
        yield url
    finally:
        stop_process_group(proc)


@pytest.fixture
def lab_page(browser: Any) -> Iterator[Any]:
    """A page that may reach 127.0.0.1 only.

    Unlike ``offline_page`` it intercepts only the requests it aborts:
    JupyterLab's kernel connection does not come up when every local request
    is routed through the test (and its service worker must be allowed).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.remote_requests = []
    page.page_errors = []

    def abort(route: Any) -> None:
        page.remote_requests.append(route.request.url)
        route.abort("internetdisconnected")

    context.route(lambda url: not url.startswith("http://127.0.0.1"), abort)
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_figure_reruns_the_model_in_jupyterlab(lab_page: Any, tmp_path: Path) -> None:
    (tmp_path / "figure.ipynb").write_text(json.dumps(NOTEBOOK))
    page = lab_page
    with running_lab(tmp_path) as url:
        page.goto(f"{url}/lab/tree/figure.ipynb", timeout=LIVE_TIMEOUT_MS)
        page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content", timeout=LIVE_TIMEOUT_MS)
        # wait until the kernel is connected and idle (a cell run earlier is
        # dropped), then run the cell
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=LIVE_TIMEOUT_MS)
        page.locator(".jp-Notebook .jp-Cell .cm-content").first.click()
        page.keyboard.press("Control+Enter")
        fig = page.locator("figure.ll-fig[data-figure=lifecycle]")
        page.wait_for_function("() => document.querySelector("
                               "'figure.ll-fig[data-source=live]') !== null",
                               timeout=LIVE_TIMEOUT_MS)
        slider = fig.locator("input[data-control=price]")
        assert slider.get_attribute("data-lm-suppress-shortcuts") == "true"
        values, runs = step_price(page, fig, slider)  # all four patterns, shares apart
        seeds = figure_def("lifecycle").spec().seeds
        _assert_equal(_numbers(fig), _expected(runs, 60))
        assert_charts_drawn(fig, "lifecycle", values, 20,
                            point=compute_point("lifecycle", values, seeds))
        assert not page.page_errors, page.page_errors
        assert not page.remote_requests, page.remote_requests
