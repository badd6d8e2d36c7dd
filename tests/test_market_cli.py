"""``loyalty-lab class`` as an instructor starts it (issue 12)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from market_server import free_port

from sim.market.cli import main


@pytest.mark.parametrize(("args", "words"), [
    (["--rounds", "0"], "'rounds' must be a whole number in [1, 12]; got 0"),
    (["--customers", "5"], "'customers' must be a whole number in [100, 50000]; got 5"),
    (["--budget", "99"], "'budget' must be a number in [0.5, 4.0]; got 99.0"),
    (["--port", "70000"], "--port must be in [1, 65535]; got 70000"),
])
def test_bad_settings_are_refused_with_the_setting_range_and_value(args, words, capsys):
    assert main(args) == 2
    assert words in capsys.readouterr().err


@pytest.mark.serial
def test_the_printed_links_work_from_any_folder(tmp_path):
    """Started outside the checkout, the printed links serve the pages and the controls."""
    port = free_port()
    command = [sys.executable, "-m", "sim.cli", "class", "--host", "127.0.0.1", "--port",
               str(port), "--seed", "3", "--rounds", "2", "--customers", "500"]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout],
                     daemon=True).start()
    try:
        printed: dict[str, str] = {}
        deadline = time.monotonic() + 60
        while "instructor link" not in printed and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if ":" in line and "http" in line:
                key, _, rest = line.strip().partition(":")
                printed[key.strip()] = rest.strip()
        base = f"http://127.0.0.1:{port}"
        assert printed["students open"].startswith(base + "/")
        code = printed["students open"].split("join code")[1].strip()
        token = printed["instructor link"].split("#token=")[1]
        deadline = time.monotonic() + 30
        while True:
            try:
                page = httpx.get(printed["projector"], timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert page.status_code == 200 and "Loyalty Lab market" in page.text
        qr = httpx.get(base + "/qr.svg")
        assert qr.status_code == 200 and qr.text.startswith("<svg")
        assert httpx.get(base + "/vendor/chart.umd.min.js").status_code == 200
        refused = httpx.post(base + "/api/control/start", headers={"Authorization": "Bearer x"})
        assert refused.status_code == 403
        joined = httpx.post(base + "/api/join", json={"code": code, "team": "Solo"})
        assert joined.status_code == 200
        started = httpx.post(base + "/api/control/start",
                             headers={"Authorization": f"Bearer {token}"})
        assert started.status_code == 200 and started.json()["phase"] == "deciding"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
