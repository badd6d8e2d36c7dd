"""Shared fixtures for the book and browser tests.

Only three fixtures live here, shared by the book tests and the widget tests:

``built_book``
    Session-scoped. Builds the book once with ``loyalty-lab book`` (the
    execution cache in ``_build/.jupyter_cache`` makes repeated sessions
    fast) and returns the ``_build/html`` folder. Set
    ``LOYALTY_LAB_REUSE_BOOK=1`` to skip the build and test the HTML already
    there (handy while iterating on a test).
``browser``
    Session-scoped headless Chromium (Debian's ``/usr/bin/chromium``, or the
    ``LOYALTY_LAB_CHROMIUM`` path) driven by Playwright.
``offline_page``
    A fresh Playwright page whose every request that is not ``file://``,
    ``data:``, ``blob:`` or to localhost is aborted, as on a classroom laptop
    with no internet. It carries three lists that tests assert on:
    ``page.failed_requests`` (URL and reason of every request that failed,
    blocked ones included), ``page.page_errors`` (uncaught JavaScript errors)
    and ``page.console_errors`` (``console.error`` messages).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = REPO_ROOT / "_build" / "html"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _book_command() -> list[str]:
    """Return the ``loyalty-lab book`` command of this environment.

    The console script when the package is installed; otherwise the same entry
    point through ``python -m sim.cli`` (identical behaviour).
    """
    script = Path(sys.executable).parent / "loyalty-lab"
    if script.is_file():
        return [str(script), "book"]
    return [sys.executable, "-m", "sim.cli", "book"]


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once per session and return the ``_build/html`` folder."""
    if os.environ.get("LOYALTY_LAB_REUSE_BOOK") == "1" and (BOOK_HTML / "index.html").is_file():
        return BOOK_HTML
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(REPO_ROOT), env.get("PYTHONPATH", "")] if p)
    proc = subprocess.run(
        _book_command(),
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        output = (proc.stdout + "\n" + proc.stderr).strip()
        pytest.fail(
            f"'loyalty-lab book' failed with exit {proc.returncode}:\n{output[-8000:]}",
            pytrace=False,
        )
    assert (BOOK_HTML / "index.html").is_file(), "the build did not produce _build/html/index.html"
    return BOOK_HTML


def _chromium_path() -> str | None:
    """Find the Chromium binary: env override, Debian's package, then PATH."""
    for candidate in (os.environ.get("LOYALTY_LAB_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Start one headless Chromium for the whole session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium not found: run scripts/system-deps.sh (Debian package 'chromium') "
            "or set LOYALTY_LAB_CHROMIUM",
            pytrace=False,
        )
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _is_local(url: str) -> bool:
    """Tell whether a request may go ahead on a machine with no network."""
    parts = urlsplit(url)
    if parts.scheme in {"file", "data", "blob", "about"}:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in _LOCAL_HOSTS


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Any]:
    """Give a fresh page in its own context with every non-local request aborted."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.failed_requests = []
    page.page_errors = []
    page.console_errors = []

    def route(route: Any) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            route.abort("internetdisconnected")

    context.route("**/*", route)
    page.on(
        "requestfailed",
        lambda request: page.failed_requests.append(f"{request.url} ({request.failure})"),
    )
    page.on(
        "response",
        lambda response: (
            page.failed_requests.append(f"{response.url} (HTTP {response.status})")
            if response.status >= 400
            else None
        ),
    )
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    try:
        yield page
    finally:
        context.close()
