"""``loyalty-lab classroom``: the live classroom app on this computer.

Starts Voilà on a dashboard notebook shipped in the package
(``sim/static/classroom/dashboard.ipynb``) and serves it on 127.0.0.1 only.
The dashboard shows two class scenarios side by side in projector-sized
type, using the same interactive figure as the book, here backed by a live
kernel so every slider reruns the model. Voilà's stock page template asks a
CDN for Font Awesome; the app uses a copy of that template without the
remote stylesheet (``sim/static/classroom/jupyter``), so nothing leaves
the machine.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parent / "static" / "classroom"
NOTEBOOK = STATIC / "dashboard.ipynb"
TEMPLATES = STATIC / "jupyter"
FIGURE_ENV = "LOYALTY_LAB_CLASSROOM_FIGURE"
LANG_ENV = "LOYALTY_LAB_LANG"
"""The dashboard's language, handed to the Voila kernel (``en`` or ``zh``)."""
LANGUAGES = ("en", "zh")
HOST = "127.0.0.1"
START_TIMEOUT = 60.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loyalty-lab classroom",
        description="Start the live classroom app (Voila) on 127.0.0.1.",
    )
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (8866)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a web browser; just print the address")
    parser.add_argument("--figure", default=None,
                        help="show one book figure (e.g. lifecycle) instead of the "
                             "two-scenario dashboard")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the dashboard: %(choices)s (default en; zh shows "
                             "its title, instructions, sliders, charts and sentences in "
                             "Chinese, with the same numbers)")
    return parser


def voila_command(port: int) -> list[str]:
    """Return the Voilà command line serving the dashboard on ``HOST:port``."""
    return [
        sys.executable, "-m", "voila", str(NOTEBOOK),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--template=loyalty",
        "--theme=light",
        "--show_tracebacks=True",
        # jupytext (installed with jupyter-book) has no use here and fails to load.
        "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
        # One kernel per open page: free the ones a class left behind.
        "--MappingKernelManager.cull_idle_timeout=3600",
        "--MappingKernelManager.cull_interval=300",
    ]


def voila_env(figure: str | None = None, lang: str = "en") -> dict[str, str]:
    """Return the environment for Voilà: our template first on the Jupyter path.

    The figure to show and the language reach the dashboard's kernel through
    it (:data:`FIGURE_ENV`, :data:`LANG_ENV`).
    """
    env = dict(os.environ)
    env[LANG_ENV] = lang
    paths = [str(TEMPLATES)] + ([env["JUPYTER_PATH"]] if env.get("JUPYTER_PATH") else [])
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    if figure:
        env[FIGURE_ENV] = figure
    else:
        env.pop(FIGURE_ENV, None)
    return env


def wait_for_port(port: int, process: subprocess.Popen[Any], timeout: float) -> bool:
    """Wait until something listens on ``HOST:port``; False if Voilà died or timed out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((HOST, port)) == 0:
                return True
        time.sleep(0.2)
    return False


def main(argv: list[str] | None = None) -> int:
    """Run the classroom app until interrupted (Ctrl-C)."""
    args = _parser().parse_args(argv)
    if args.figure:
        from sim.widgets.catalog import FIGURE_NAMES

        if args.figure not in FIGURE_NAMES:
            print(f"loyalty-lab classroom: unknown figure {args.figure!r}; choose from "
                  + ", ".join(FIGURE_NAMES), file=sys.stderr)
            return 2
    url = f"http://{HOST}:{args.port}/"
    # A plain "kill" must still stop Voila and its kernels: turn it into an exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    env = voila_env(args.figure, args.lang)
    process = subprocess.Popen(voila_command(args.port), env=env)
    try:
        if not wait_for_port(args.port, process, START_TIMEOUT):
            print("loyalty-lab classroom: Voila did not start (is the port free?)",
                  file=sys.stderr)
            return 1
        print(f"Loyalty Lab classroom is running at {url}  (Ctrl-C to stop)", flush=True)
        if not args.no_browser:
            webbrowser.open(url)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def dashboard(figure: str | None = None, lang: str | None = None) -> None:
    """Display the classroom dashboard (run inside the Voilà kernel).

    Two class scenarios side by side, so a class can compare, e.g., a fair
    and an unfair supplier period by period; or one book figure when the
    app was started with ``--figure``. In the language of ``lang``, or of
    :data:`LANG_ENV` (``loyalty-lab classroom --lang zh``).
    """
    import ipywidgets as widgets
    from IPython.display import display

    from sim.widgets import interactive_figure

    name = figure or os.environ.get(FIGURE_ENV)
    lang = lang or os.environ.get(LANG_ENV) or "en"
    if lang not in LANGUAGES:
        lang = "en"
    words = dashboard_text(lang)
    compare = not name or name == "scenarios"
    header = widgets.HTML(
        f"<h1 style='font-size:{1.7 if compare else 2.6}em;margin:0.1em 0'>{words['title']}</h1>"
        f"<p style='font-size:1.1em;margin:0 0 0.3em 0'>{words['intro']}</p>"
    )
    if not compare:
        figures = [interactive_figure(name, projector=True, lang=lang)]
        body: Any = figures[0]
    else:
        # The two scenarios compared on one screen: compact, one timeline, shared axes.
        figures = [interactive_figure("scenarios", projector=True, compact=True,
                                      group="classroom", title=words[side],
                                      values={"preset": preset}, lang=lang)
                   for side, preset in (("left", "lifelong"), ("right", "unfair"))]
        for fig in figures:
            fig.layout = widgets.Layout(flex="1 1 0", min_width="0")
        body = widgets.HBox(figures, layout=widgets.Layout(gap="0.6em", width="100%"))
    dark = widgets.ToggleButton(value=False, description=words["dark"], icon="",
                                tooltip=words["dark"], layout=widgets.Layout(width="auto"))
    page_style = widgets.HTML("")

    def theme(change: dict[str, Any]) -> None:
        for fig in figures:
            fig.theme = "dark" if change["new"] else "light"
        page_style.value = DARK_PAGE if change["new"] else ""

    dark.observe(theme, names="value")
    top = widgets.HBox([header, dark, page_style], layout=widgets.Layout(
        justify_content="space-between", align_items="center", width="100%"))
    display(widgets.VBox([top, body], layout=widgets.Layout(width="100%")))


DARK_PAGE = ("<style>body, .jp-Notebook, #rendered_cells, #rendered_cells > div, "
             ".jp-OutputArea-output, .widget-html-content, .jp-Cell { background: #000 "
             "!important; color: #fff !important; }</style>")
"""The page around the figures in the projector's dark mode (the figures theme themselves)."""


DASHBOARD_TEXT = {
    "title": "Loyalty Lab: classroom",
    "intro": "Pick a scenario on each side, press Play to watch customers move between "
             "stages, change a lever to rerun the model live.",
    "left": "Scenario A",
    "right": "Scenario B",
    "dark": "Dark",
}
"""The dashboard's own words in English (Chinese: :data:`sim.i18n.widgets.CLASSROOM_ZH`)."""


def dashboard_text(lang: str = "en") -> dict[str, str]:
    """The dashboard's heading, instructions and side titles in ``lang``."""
    if lang == "zh":
        from sim.i18n.widgets import CLASSROOM_ZH

        return CLASSROOM_ZH
    return DASHBOARD_TEXT
