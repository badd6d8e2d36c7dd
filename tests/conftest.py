"""Shared fixtures for the book and browser tests.

Three fixtures live here, shared by the book tests and the widget tests:

``built_book``
    Session-scoped. Builds the book once the way the README says (``make
    book``) in a *clean copy* of the checkout: the files git tracks plus new
    unignored ones, nothing generated (``_build/clean-copy``, see
    :func:`clean_copy`). Generated sources such as the exercise pages must
    therefore come from the build itself, as on a fresh clone. The copy keeps
    its own ``_build`` between sessions, so its execution cache makes repeated
    sessions fast. Returns the copy's
    ``_build/html`` folder. Set ``LOYALTY_LAB_REUSE_BOOK=1`` to skip the
    build and test the HTML already there (handy while iterating on a test).
    The tests that need it run last; under pytest-xdist the build starts in
    the background as soon as tests are collected and the workers share it
    (:func:`book_for_run`).
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
    :func:`new_offline_page` opens such a page for a fixture of another scope
    (the book tests share one load of a page among its read-only checks).

The ``serial`` marker names timing-sensitive tests (the grader's time limits,
servers started under a deadline, benchmarks): ``make test`` runs every
other test on all cores first, then these alone (``scripts/run-tests.sh``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CLEAN_COPY = REPO_ROOT / "_build" / "clean-copy"
BOOK_HTML = CLEAN_COPY / "_build" / "html"
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


def stop_process_group(proc: subprocess.Popen) -> None:
    """Stop a server started in its own process group: politely, then by force.

    The servers the tests start (JupyterLab, Solara) spawn children, so the
    whole group is signalled; a server that ignores SIGTERM for 20 s is killed.
    """
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def source_files(root: Path = REPO_ROOT) -> list[str]:
    """Every file a fresh clone would hold: tracked plus new, unignored files."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"cannot list the checkout's files with git: {exc}", pytrace=False)
    return sorted(name for name in out.decode().split("\0") if name and (root / name).is_file())


def clean_copy(dest: Path, *, keep_build: bool = True) -> Path:
    """Make ``dest`` a fresh-clone-like copy of the checkout and return it.

    Everything in ``dest`` except its ``_build`` folder (kept unless
    ``keep_build`` is false) is removed, then the files of
    :func:`source_files` are copied with their modification times, so a
    session with no source change rebuilds nothing. ``.venv`` is a link to
    the checkout's environment (created by ``make setup``): installing one per
    copy would take minutes.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for entry in dest.iterdir():
        if keep_build and entry.name == "_build":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for name in source_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target)
    (dest / ".venv").symlink_to(REPO_ROOT / ".venv", target_is_directory=True)
    return dest


def _venv_is_current() -> bool:
    """Whether ``make setup`` has installed the current pyproject.toml into .venv.

    If not, ``make book`` in the copy would install the package from the copy.
    """
    import hashlib

    digest = hashlib.sha256((REPO_ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return (REPO_ROOT / ".venv" / f".installed-{digest}").is_file()


BOOK_LOCK = REPO_ROOT / "_build" / ".clean-copy.lock"
"""Held while the clean copy is built: test workers share one build (see :func:`book_for_run`)."""
BOOK_STATE = REPO_ROOT / "_build" / ".clean-copy.json"
"""Which test run last built the clean copy, and whether ``make book`` succeeded."""
_book_builds: list[subprocess.Popen] = []
TESTS_YIELD_TO_BUILD = 10
"""How much lower a pytest-xdist worker's tests run than the background book build (niceness)."""


_RUN_ID = pytest.StashKey[str]()


def run_id(config: pytest.Config) -> str:
    """Name this test run: shared by all pytest-xdist workers, new for every run."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or config.stash[_RUN_ID]


@contextlib.contextmanager
def _book_lock() -> Iterator[None]:
    BOOK_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(BOOK_LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _make_book() -> dict[str, Any]:
    """Run ``make book`` in a fresh clean copy; return whether it worked and its output."""
    if not _venv_is_current():
        subprocess.run(["bash", "scripts/bootstrap.sh"], cwd=REPO_ROOT, check=True)
    copy = clean_copy(CLEAN_COPY)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = str(copy)  # the copy's sim, not the checkout's editable install
    # Its own process group (to stop it as a whole) but not its own session: with
    # Linux's session autogroups a new session would get an equal share of the CPU
    # whatever the niceness, and the build would not run ahead of the tests.
    proc = subprocess.Popen(["make", "book"], cwd=copy, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, process_group=0)
    _book_builds.append(proc)
    output, _ = proc.communicate()
    if proc.returncode != 0:
        return {"ok": False, "why": f"'make book' in a clean copy failed with exit "
                                    f"{proc.returncode}:\n{output.strip()[-8000:]}"}
    if not (BOOK_HTML / "index.html").is_file():
        return {"ok": False, "why": "the build did not produce _build/html/index.html"}
    return {"ok": True, "why": ""}


def book_for_run(run: str) -> dict[str, Any]:
    """Build the clean copy's book once per test run, whichever worker asks first.

    pytest-xdist runs the suite in several processes; each would build the
    book on its own. The first to ask builds under a file lock and records the
    run's name and the outcome in :data:`BOOK_STATE`; the others wait for the
    lock and read the outcome.
    """
    with _book_lock():
        try:
            state = json.loads(BOOK_STATE.read_text())
        except (OSError, ValueError):
            state = {}
        if state.get("run") != run:
            state = {"run": run, **_make_book()}
            BOOK_STATE.write_text(json.dumps(state))
    return state


def _reuse_book() -> bool:
    return os.environ.get("LOYALTY_LAB_REUSE_BOOK") == "1" and (BOOK_HTML / "index.html").is_file()


def pytest_configure(config: pytest.Config) -> None:
    """Name the run (pytest-xdist workers take the run's name from the controller)."""
    config.stash[_RUN_ID] = uuid.uuid4().hex


@pytest.hookimpl(trylast=True)  # after pytest's own grouping by fixture
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests that need the built book last; under pytest-xdist, start building it now.

    The book takes minutes to build. On a pytest-xdist worker the build starts
    in a background thread as soon as the tests are collected, so the other
    tests run meanwhile and the book's tests find it ready or nearly so. The
    build is then the run's critical path, so the worker's own thread (the
    tests, and the browsers and servers they start) steps back to a lower
    priority than the build (on Linux a thread's niceness is its own). In a
    single process the book is built when a test first needs it, so that no
    timing-sensitive test ever shares the machine with the build.
    """
    def needs_book(item: pytest.Item) -> bool:
        return "built_book" in getattr(item, "fixturenames", ())

    items.sort(key=needs_book)
    on_worker = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    if items and needs_book(items[-1]) and on_worker and not _reuse_book():
        threading.Thread(target=book_for_run, args=(run_id(config),), daemon=True,
                         name="book build").start()
        os.nice(TESTS_YIELD_TO_BUILD)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop a background book build that is still running when the run ends early."""
    for proc in _book_builds:
        if proc.poll() is None:
            stop_process_group(proc)


@pytest.fixture(scope="session")
def built_book(request: pytest.FixtureRequest) -> Path:
    """Build the book with ``make book`` in a clean copy; return its ``_build/html``."""
    if _reuse_book():
        return BOOK_HTML
    state = book_for_run(run_id(request.config))
    if not state["ok"]:
        pytest.fail(state["why"], pytrace=False)
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


def settle_layout(page: Any) -> None:
    """Wait until a page's layout has settled: fonts loaded and three frames drawn.

    Charts that size themselves to their box (Chart.js, the widgets' canvases)
    follow a change of layout one or two frames later, from a ResizeObserver.
    Measuring a page's height before then measures a moment, not the page; on a
    busy machine that moment lasts long enough to be caught.
    """
    page.evaluate("() => document.fonts.ready.then(() => new Promise((done) => "
                  "requestAnimationFrame(() => requestAnimationFrame(() => "
                  "requestAnimationFrame(done)))))")


def new_offline_page(browser: Any, **context_args: Any) -> Any:
    """Open a page in a new context whose every non-local request is aborted.

    ``context_args`` go to ``browser.new_context`` (a viewport, ``is_mobile``).
    The page carries the three lists described for :func:`offline_page`;
    close it with ``page.context.close()``.
    """
    context = browser.new_context(service_workers="block", **context_args)
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
    return page


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Any]:
    """Give a fresh page in its own context with every non-local request aborted."""
    page = new_offline_page(browser)
    try:
        yield page
    finally:
        page.context.close()
