"""Which server for a class session: memory per open page, measured (issue 12).

Three ways of serving a class from one computer, each opened in Chromium
by 1 and then 7 pages, as a class's devices would open it:

* **Voila** (``loyalty-lab classroom``): one Jupyter kernel per open page;
* **Solara** (``loyalty-lab viz``, Mesa's SolaraViz): one process, a virtual
  kernel and a copy of the app's state per page;
* **Starlette** (``loyalty-lab class``, the class market): one process, one
  market, a websocket per page.

Reported: the resident memory of the server's whole process tree (kernels
included) with 1 page and with 7, and so what each further page costs. The
baseline is the same server with one page, measured in the same run.

Run: ``python -m benchmarks class_servers``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from sim.classroom import wait_for_port

RESULTS = Path(__file__).with_name("results")
PAGES = 7


def free_port() -> int:
    """A port nothing listens on, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tree_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    import psutil

    root = psutil.Process(pid)
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def _servers(port: int) -> dict[str, tuple[list[str], str, str]]:
    """Command, page address and what a loaded page shows, per server."""
    python = sys.executable
    return {
        "voila": ([python, "-m", "sim.cli", "classroom", "--no-browser", "--port", str(port)],
                  f"http://127.0.0.1:{port}/", "figure.ll-fig[data-source=live]"),
        "solara": ([python, "-m", "sim.cli", "viz", "--port", str(port)],
                   f"http://127.0.0.1:{port}/", "text=Period"),
        "starlette": ([python, "-m", "sim.cli", "class", "--host", "127.0.0.1", "--port",
                       str(port), "--seed", "1"],
                      f"http://127.0.0.1:{port}/projector", "text=Waiting for teams to join"),
    }


def measure(name: str, browser: object) -> dict[str, float]:
    """Open the server's page once, then PAGES times; return memory figures."""
    port = free_port()
    command, url, loaded = _servers(port)[name]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    contexts = []
    try:
        if not wait_for_port(port, server, 120):
            raise RuntimeError(f"{name} did not start on port {port}")
        figures = {}
        for count in (1, PAGES):
            while len(contexts) < count:
                context = browser.new_context()
                page = context.new_page()
                page.goto(url, wait_until="commit", timeout=180_000)
                page.locator(loaded).first.wait_for(timeout=180_000)
                contexts.append(context)
            time.sleep(3)  # let kernels settle
            figures[count] = _tree_mb(server.pid)
        return {"one_page_mb": figures[1], f"{PAGES}_pages_mb": figures[PAGES],
                "per_page_mb": (figures[PAGES] - figures[1]) / (PAGES - 1)}
    finally:
        for context in contexts:
            context.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    """Measure every server and print the comparison."""
    from playwright.sync_api import sync_playwright

    report = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get(
            "LOYALTY_LAB_CHROMIUM", "/usr/bin/chromium"))
        for name in ("voila", "solara", "starlette"):
            report[name] = measure(name, browser)
            r = report[name]
            print(f"  {name:10s} 1 page {r['one_page_mb']:6.0f} MB, {PAGES} pages "
                  f"{r[f'{PAGES}_pages_mb']:6.0f} MB: {r['per_page_mb']:6.1f} MB per further page")
        browser.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "class_servers.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
