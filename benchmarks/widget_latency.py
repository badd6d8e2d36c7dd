"""Interactive-figure latency: computing in the page and live kernel recomputation.

Targets (issues 3 and 11), measured on the lifecycle figure (1,000 customers
x 60 periods; one seed per setting, so an update is one model run):

* static update (no kernel: the page runs the browser engine, charts and
  text redrawn), from the slider's input to the repainted figure, at most
  50 ms median. Also measured on two figures averaged over three seeds: the
  tour (the first seed's run drawn at once, the mean after) and the
  satisfaction trap (three seeds, then eleven points of its response curves);
  for these the time to the first repaint is what the target applies to,
  and the time until the figure is complete is reported beside it;
* live update (slider -> kernel reruns the model -> result drawn) at most
  150 ms median. For a figure averaged over several seeds the kernel
  answers in two steps: the first seed's run (one model run at 1,000 x 60)
  at once, then the mean over the seeds; the target applies to the first,
  both are reported (equal for the one-seed lifecycle figure).

Three measurements, all in one run:

1. ``python_compute``: the kernel's share, ``LoyaltyFigure.compute`` for
   off-grid values (what a live slider change runs).
2. ``static_browser``: the offline page in headless Chromium; each update
   is timed inside the page from the ``input`` event to the end of the
   synchronous compute and redraw, to the next painted frame, and to the
   figure's last refinement (``data-complete``). Every update moves the
   slider to a value not visited before, so no cached run answers it.
3. ``live_browser``: ``loyalty-lab classroom --figure lifecycle`` on
   127.0.0.1; each update is timed inside the page from sending the
   slider value to drawing the kernel's answer, with updates spaced out
   (one at a time, as a student moves a slider step by step).

Run: ``python -m benchmarks widget_latency``. Needs Chromium
(``scripts/system-deps.sh``); without it only the Python part runs.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results")
FIGURE = "lifecycle"
STATIC_TARGET_MS = 50.0
LIVE_TARGET_MS = 150.0
CHROMIUM = os.environ.get("LOYALTY_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"n": len(samples), "median_ms": round(statistics.median(ordered), 2),
            "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
            "max_ms": round(ordered[-1], 2)}


def python_compute(repeats: int = 20) -> dict[str, Any]:
    """Time the kernel-side recomputation for off-grid prices."""
    from sim.widgets import interactive_figure
    from sim.widgets.catalog import figure_def

    fig = interactive_figure(FIGURE)
    one_run = figure_def(FIGURE).compute
    base = dict(fig.values)
    fig.compute(base)  # warm-up: imports, caches
    single, mean = [], []
    for i in range(repeats):
        values = dict(base, price=0.81 + 0.013 * i)
        start = time.perf_counter()
        one_run(values, 1)
        single.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        fig.compute(values)
        mean.append((time.perf_counter() - start) * 1000)
    return {"one_seed": _stats(single), "all_seeds": _stats(mean)}


_STATIC_JS = """async ({ n, control }) => {
  const fig = document.querySelector('figure.ll-fig');
  const complete = () => new Promise((resolve) => {
    const check = () => (fig.dataset.complete === 'true' ? resolve() : setTimeout(check, 1));
    check();
  });
  await complete();
  const input = fig.querySelector(`input[data-control=${control}]`);
  const low = Number(input.min), step = Number(input.step);
  const steps = Math.round((Number(input.max) - low) / step) + 1;
  const sync = [], frame = [], done = [];
  for (let i = 0; i < n; i += 1) {
    input.value = String(low + step * ((7 * i + 3) % steps)); // a value not visited before
    // Asked for before the input, this frame callback runs first in the frame that paints the
    // first result (the widget's own frame callbacks only schedule its next refinement).
    const painted = new Promise(
      (resolve) => requestAnimationFrame(() => resolve(performance.now())));
    const t0 = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    sync.push(performance.now() - t0);
    frame.push((await painted) - t0);
    await complete();
    done.push(performance.now() - t0);
  }
  return { sync, frame, done, renders: Number(fig.dataset.renders) };
}"""

STATIC_FIGURES = {"lifecycle": "price", "tour": "price", "satisfaction_trap": "value_innovation"}
"""The figures timed offline and the slider moved: one seed; three seeds; three seeds and
response curves."""

_LIVE_JS = """async (n) => {
  const fig = document.querySelector('figure.ll-fig[data-source=live]');
  const input = fig.querySelector('input[data-control=price]');
  const out = [], first = [], compute = [];
  for (let i = 0; i < n; i += 1) {
    const before = fig.dataset.requestId;
    input.value = String(0.805 + 0.017 * i);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const t0 = performance.now();
    while (fig.dataset.requestId === before || fig.getAttribute('aria-busy') === 'true') {
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (performance.now() - t0 > 20000) throw new Error('no live answer');
    }
    out.push(Number(fig.dataset.latencyMs));
    first.push(Number(fig.dataset.firstLatencyMs));
    compute.push(Number(fig.dataset.computeMs));
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return { out, first, compute };
}"""


def _offline(route: Any) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1")):
        route.continue_()
    else:
        route.abort("internetdisconnected")


def static_browser(browser: Any, repeats: int = 40) -> dict[str, Any]:
    """Time updates computed in the page, offline, for each of :data:`STATIC_FIGURES`."""
    from sim.widgets import interactive_figure
    from sim.widgets.standalone import to_html

    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, control in STATIC_FIGURES.items():
            page_path = Path(folder) / f"{name}.html"
            page_path.write_text(to_html(interactive_figure(name)), encoding="utf-8")
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.route("**/*", _offline)
            page.goto(page_path.as_uri())
            page.wait_for_selector("figure.ll-fig[data-renders]")
            data = page.evaluate(_STATIC_JS, {"n": repeats, "control": control})
            page.close()
            out[name] = {"sync": _stats(data["sync"]), "to_next_frame": _stats(data["frame"]),
                         "to_complete": _stats(data["done"])}
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def live_browser(browser: Any, repeats: int = 20) -> dict[str, Any]:
    """Time live updates through ``loyalty-lab classroom --figure lifecycle``."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "classroom", "--no-browser", "--port", str(port),
         "--figure", FIGURE],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "classroom is running at" in line:
                break
        else:
            raise RuntimeError("the classroom app did not start")
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.route("**/*", _offline)
        page.goto(f"http://127.0.0.1:{port}/", wait_until="commit", timeout=180_000)
        page.wait_for_selector("figure.ll-fig[data-source=live]", timeout=180_000)
        data = page.evaluate(_LIVE_JS, repeats)
        page.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return {"first_seed_round_trip": _stats(data["first"]),
            "mean_of_seeds_round_trip": _stats(data["out"]),
            "kernel_compute_all_seeds": _stats(data["compute"])}


def main() -> int:
    """Run the three measurements, print them and save them as JSON."""
    from sim.widgets.catalog import figure_def

    seeds = len(figure_def(FIGURE).spec().seeds)
    report: dict[str, Any] = {"figure": FIGURE, "customers": 1000, "periods": 60, "seeds": seeds,
                              "cpus": os.cpu_count(),
                              "load_average": [round(x, 2) for x in os.getloadavg()]}
    report["python_compute"] = python_compute()
    print(f"python compute: {report['python_compute']}")
    if not Path(CHROMIUM).is_file():
        print(f"no Chromium at {CHROMIUM}: browser measurements skipped")
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                report["static_browser"] = static_browser(browser)
                print(f"static update: {report['static_browser']}")
                report["live_browser"] = live_browser(browser)
                print(f"live update: {report['live_browser']}")
            finally:
                browser.close()
    ok = True
    if "static_browser" in report:
        ok &= all(figure["to_next_frame"]["median_ms"] <= STATIC_TARGET_MS
                  for figure in report["static_browser"].values())
    if "live_browser" in report:
        ok &= report["live_browser"]["first_seed_round_trip"]["median_ms"] <= LIVE_TARGET_MS
    report["targets_ms"] = {"static": STATIC_TARGET_MS, "live_median": LIVE_TARGET_MS}
    report["meets_targets"] = bool(ok)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "widget_latency.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"targets met: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
