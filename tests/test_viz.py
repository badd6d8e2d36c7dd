"""The Mesa SolaraViz app (``loyalty-lab viz``): parameters, and the app in a real browser.

The browser test starts the app exactly as a user does, cuts the network
(only 127.0.0.1 is reachable), checks that the page renders without any
request leaving the machine, then moves a slider, presses Reset and Step
as a user would, and checks that the plots show the re-run model: the
pattern counts on screen equal a run of the model in Python with the same
parameters.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("solara", reason="the viz extra is not installed")

from conftest import stop_process_group  # noqa: E402

import sim  # noqa: E402
from sim import viz  # noqa: E402
from sim.stages import PATTERNS  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_sliders_come_from_the_field_specs():
    params = viz.model_params()
    for name, p in params.items():  # a default off the slider's grid would be snapped
        if p["type"] == "SliderFloat":
            assert abs((p["value"] - p["min"]) / p["step"]
                       - round((p["value"] - p["min"]) / p["step"])) < 1e-6, name
    assert params["seed"]["type"] == "SliderInt"
    for spec in sim.Scenario.field_specs():
        p = params[spec.name]
        assert p["value"] == spec.default and p["min"] == spec.low
        assert p["type"] == ("SliderInt" if spec.kind is int else "SliderFloat")
        assert p["max"] >= spec.default
        if spec.high is not None and spec.name not in viz.SLIDER_MAX:
            assert p["max"] == spec.high


def test_solaraviz_accepts_the_model_and_rebuilds_it_from_the_sliders():
    from mesa.visualization.solara_viz import _check_model_params

    params = viz.model_params()
    _check_model_params(sim.LoyaltyModel.__init__, params)  # raised before (**fields)
    values = {k: v["value"] for k, v in params.items()}
    model = sim.LoyaltyModel(**{**values, "price": 1.3})  # what Mesa's Reset does
    assert model.scenario.price == 1.3 and model.seed == 1


def test_server_is_local_quiet_and_offline():
    cmd = viz.server_command(8123)
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1"
    assert "--no-check-version" in cmd and "--no-open" in cmd
    env = viz.server_env()
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    import solara.server.settings as settings

    cdn = Path(settings.assets.proxy_cache_dir)
    assert (cdn / "@widgetti" / "solara-vuetify-app@10.1.1").is_dir(), \
        "solara-assets (viz extra) must provide the browser assets"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command(port: int) -> list[str]:
    script = Path(sys.executable).parent / "loyalty-lab"
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "sim.cli"]
    return [*base, "viz", "--port", str(port)]


def _summary(page: Any) -> str:
    return page.locator(".loyalty-summary").inner_text()


def _counts(text: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"\b(I|II|III|IV|unresolved) (\d+)", text)}


def _expected(price: float, steps: int) -> dict[str, int]:
    model = sim.LoyaltyModel(price=price, seed=1)
    for _ in range(steps):
        model.step()
    results = model.results()
    return {**{p: results.pattern_counts[p] for p in PATTERNS}, "unresolved": results.unresolved}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.serial  # a live server started under a deadline
def test_app_renders_offline_and_reruns_the_model(offline_page: Any, tmp_path: Path) -> None:
    page = offline_page
    page.set_viewport_size({"width": 1400, "height": 1000})
    port = _free_port()
    log = (tmp_path / "viz.log").open("w")
    proc = subprocess.Popen(_command(port), cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "viz.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "the viz server did not start"
                time.sleep(0.5)
        page.goto(url)
        page.wait_for_selector(f"text=Period 0 of {sim.Scenario().periods}", timeout=60_000)
        assert "changed from the defaults: nothing" in _summary(page)
        # the stage plot and the pattern plot (drawn just after the period text, under load later)
        page.wait_for_function("document.querySelectorAll('img').length >= 2", timeout=30_000)
        page.screenshot(path=str(tmp_path / "start.png"))

        # Move "Price" from 1.0 up by ten steps of 0.01, as with a keyboard.
        page.get_by_role("slider", name="Price", exact=True).focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        page.get_by_role("button", name="Reset").click()
        page.wait_for_selector("text=changed from the defaults: price 1.1)", timeout=30_000)
        for _ in range(6):
            page.get_by_role("button", name="Step").click()
        page.wait_for_selector(f"text=Period 6 of {sim.Scenario().periods}", timeout=30_000)
        text = _summary(page)
        page.screenshot(path=str(tmp_path / "moved.png"))
        assert _counts(text) == _expected(1.1, 6), text
        assert _counts(text) != _expected(0.8, 6)  # the slider really changed the model
        assert not page.failed_requests, f"failed or blocked requests: {page.failed_requests}"
        assert not page.page_errors, page.page_errors
    finally:
        stop_process_group(proc)
        log.close()
