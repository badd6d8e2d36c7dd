"""The built book: complete, offline, navigable, interactive, usable on a phone, accessible.

The book is used in classrooms with no internet, so "it builds" is not enough:
every page must load with the network cut, every chapter's interactive figure
must render from the saved widget state, and no page may reach for a CDN.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from conftest import CLEAN_COPY, clean_copy, new_offline_page
from figure_checks import assert_charts_drawn

from sim import bookbuild

REPO_ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.book]

# Chapter pages: each must carry an interactive figure (CONTRACTS.md, widgets).
CHAPTERS = [
    "book/index",
    "book/ch01_relationships",
    "book/ch02_bonding",
    "book/ch03_lifecycle",
    "book/ch04_satisfaction_trap",
    "book/ch05_loyalty_drivers",
    "book/ch06_customer_value",
    "book/ch07_churn_programmes",
    "book/ch08_instructors_guide",
]
APPENDICES = ["book/appendix_model", "book/glossary", "book/references"]
EXERCISES = [f"book/exercises/ch{n:02d}" for n in range(9)]
# The same pages in the Chinese edition (issue 13): _build/html/zh/<doc>.html.
ZH_CHAPTERS = [f"zh/{doc}" for doc in CHAPTERS]
ZH_PAGES = ZH_CHAPTERS + [f"zh/{doc}" for doc in APPENDICES]

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
WIDGET_TIMEOUT_MS = 30_000

_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.IGNORECASE)
# An ES module import from another machine, in JavaScript as saved in widget
# state JSON (where the quotes are escaped as \").
_ESM_REMOTE_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)\\?['"](?:https?:)?//""")


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------


def _toc_files() -> list[str]:
    """Every document the table of contents lists (root first)."""
    return bookbuild.toc_documents(REPO_ROOT)


def _is_remote(url: str) -> bool:
    """A URL that would make the browser leave the machine."""
    return bool(_REMOTE.match(url or ""))


class _PageScan(HTMLParser):
    """Collects what a page loads, what it links to and which ids it defines."""

    LOAD_ATTRS = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "track": ("src",),
        "iframe": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "input": ("src",),
        "image": ("href", "xlink:href"),
        "use": ("href", "xlink:href"),
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []  # (tag, url) the browser fetches
        self.anchors: list[str] = []  # <a href> targets
        self.ids: set[str] = set()
        self.styles: list[str] = []  # inline CSS
        self.widget_state: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        if tag == "a" and "href" in values:
            self.anchors.append(values["href"])
        elif tag == "link" and values.get("href"):
            self.loads.append((f"link rel={values.get('rel', '')}", values["href"]))
        for attr in self.LOAD_ATTRS.get(tag, ()):
            if values.get(attr):
                for url in self._split_srcset(values[attr]) if "srcset" in attr else [values[attr]]:
                    self.loads.append((tag, url))
        if values.get("style"):
            self.styles.append(values["style"])
        if tag == "style":
            self._in = "style"
        elif tag == "script" and values.get("type") == "application/vnd.jupyter.widget-state+json":
            self._in = "widget-state"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script"}:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.styles.append(data)
        elif self._in == "widget-state":
            self.widget_state.append(data)

    @staticmethod
    def _split_srcset(value: str) -> list[str]:
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]


@cache
def _scan(path: Path) -> _PageScan:
    scan = _PageScan()
    scan.feed(path.read_text(encoding="utf-8", errors="replace"))
    scan.close()
    return scan


TRANSLATED_EDITIONS = ("zh",)
"""Folders of the translated editions inside the English book (tests/test_translation.py)."""


def _html_pages(html_root: Path) -> list[Path]:
    """Every HTML page of the book, without the copied static files or the translated editions."""
    return sorted(
        p
        for p in html_root.rglob("*.html")
        if not p.relative_to(html_root).parts[0].startswith(("_static", "_sources", ".", "_images"))
        and p.relative_to(html_root).parts[0] not in TRANSLATED_EDITIONS
    )


def _page_url(html_root: Path, doc: str) -> str:
    return (html_root / f"{doc}.html").as_uri()


def _open(page: Any, url: str) -> None:
    """Load a page and let its scripts (widgets, MathJax) settle."""
    page.goto(url, wait_until="load")
    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except Exception:  # noqa: BLE001 - a slow idle is reported by the asserts below
        pass


def _wait_for_figure(page: Any) -> int:
    """Wait until a widget view is rendered with real size; return how many are.

    The HTML widget manager replaces each saved widget view with a
    ``div.widget-subarea`` and draws the view into it; an anywidget draws into
    its own element inside. A subarea that stays empty or zero-sized means the
    widget JavaScript failed, so only subareas with visible content count.
    """
    script = """() => Array.from(document.querySelectorAll('.widget-subarea')).filter(el => {
        const box = el.getBoundingClientRect();
        return el.childElementCount > 0 && box.width > 50 && box.height > 20;
    }).length"""
    has_state = page.evaluate(
        """() => document.querySelectorAll(
            'script[type="application/vnd.jupyter.widget-state+json"]').length"""
    )
    if not has_state:
        return 0  # nothing to wait for: the page saved no widget
    try:
        page.wait_for_function(f"({script})() > 0", timeout=WIDGET_TIMEOUT_MS)
    except Exception:  # noqa: BLE001 - reported below with a clearer message
        return 0
    return int(page.evaluate(script))


class _SharedPage:
    """One doc loaded once at one viewport with the network cut, for its read-only checks.

    Loading a page and rendering its widgets is most of a browser check's time,
    so the checks that only look at a page share one load per (page, viewport)
    instead of each opening it afresh. The load is the one each check used to
    do: open the page, wait for its interactive figure (if it saved one) and
    300 ms more. ``page.load_failed_requests`` and ``page.load_page_errors``
    are copies of the page's lists taken right then, before any check injects
    a script (axe) or moves a control; the live lists keep growing.

    A check that changes the page (moves a slider) takes it with
    :meth:`take_to_change`: a later check of the same doc then gets a fresh
    load, never a page left in another state. Checks that click, type, switch
    the colour mode or set localStorage do not use a shared page at all.
    """

    def __init__(self, browser: Any, url: str, viewport: dict[str, int]) -> None:
        self.browser, self.url, self.viewport = browser, url, viewport
        self.page: Any = None
        self.changed = False

    def _load(self) -> None:
        self.close()
        mobile = self.viewport["width"] < 600
        page = new_offline_page(self.browser, viewport=self.viewport, is_mobile=mobile,
                                has_touch=mobile)
        try:
            _open(page, self.url)
            _wait_for_figure(page)  # let widget code run before judging errors
            page.wait_for_timeout(300)
        except BaseException:
            page.context.close()
            raise
        page.load_failed_requests = list(page.failed_requests)
        page.load_page_errors = list(page.page_errors)
        self.page, self.changed = page, False

    def get(self) -> Any:
        """The loaded page, as a read-only check must find it."""
        if self.page is None or self.changed:
            self._load()
        return self.page

    def take_to_change(self) -> Any:
        """The loaded page for a check that changes it; later checks get a fresh load."""
        page = self.get()
        self.changed = True
        return page

    def close(self) -> None:
        if self.page is not None:
            self.page.context.close()
            self.page = None


@pytest.fixture(scope="module")
def doc(request: pytest.FixtureRequest) -> str:
    """The doc a browser check looks at.

    The checks take it with ``indirect=True``: a module-scoped parameter makes
    pytest run all checks of one doc together, so the shared loads below are
    made once per doc and closed when the next doc's checks begin.
    """
    return request.param


def _shared_load(built_book: Path, browser: Any, doc: str,
                 viewport: dict[str, int]) -> Iterator[_SharedPage]:
    """Give the doc's shared page at ``viewport``; close it when the doc's checks end."""
    shared = _SharedPage(browser, _page_url(built_book, doc), viewport)
    try:
        yield shared
    finally:
        shared.close()


@pytest.fixture(scope="module")
def _desktop(built_book: Path, browser: Any, doc: str) -> Iterator[_SharedPage]:
    yield from _shared_load(built_book, browser, doc, DESKTOP)


@pytest.fixture(scope="module")
def _phone(built_book: Path, browser: Any, doc: str) -> Iterator[_SharedPage]:
    yield from _shared_load(built_book, browser, doc, PHONE)


@pytest.fixture
def desktop_page(_desktop: _SharedPage) -> Any:
    """The doc loaded at 1366 px with the network cut, shared by its read-only checks."""
    return _desktop.get()


@pytest.fixture
def phone_page(_phone: _SharedPage) -> Any:
    """The doc loaded at 375 px (mobile, touch) with the network cut, shared likewise."""
    return _phone.get()


# ----------------------------------------------------------------------------
# static checks on the built HTML
# ----------------------------------------------------------------------------


def test_book_builds_and_lists_every_toc_page(built_book: Path) -> None:
    """The -W build ran (the fixture fails otherwise) and made a page per TOC entry."""
    missing = [doc for doc in _toc_files() if not (built_book / f"{doc}.html").is_file()]
    assert not missing, f"TOC entries without a built page: {missing}"


@pytest.mark.parametrize("doc", CHAPTERS + APPENDICES + EXERCISES)
def test_page_exists(built_book: Path, doc: str) -> None:
    assert (built_book / f"{doc}.html").is_file(), f"{doc}.html was not built"
    assert doc in _toc_files(), f"{doc} is not in _toc.yml"


def test_no_page_loads_remote_resources(built_book: Path) -> None:
    """No script, stylesheet, font, image or frame comes from another machine.

    Plain ``<a href>`` links to other sites are fine: they are only followed when
    a reader clicks them.
    """
    problems: list[str] = []
    for page in _html_pages(built_book):
        scan = _scan(page)
        rel = page.relative_to(built_book)
        for tag, url in scan.loads:
            if _is_remote(url):
                problems.append(f"{rel}: <{tag}> {url}")
        for css in scan.styles:
            for url in [m.group(2) for m in _CSS_URL.finditer(css)]:
                if _is_remote(url):
                    problems.append(f"{rel}: inline css url({url})")
        for state in scan.widget_state:
            if _ESM_REMOTE_IMPORT.search(state):
                problems.append(f"{rel}: widget JavaScript imports from a remote URL")
    for css_file in sorted(built_book.rglob("*.css")):
        text = css_file.read_text(encoding="utf-8", errors="replace")
        urls = [m.group(2) for m in _CSS_URL.finditer(text)]
        urls += [m.group(1) for m in _CSS_IMPORT.finditer(text)]
        for url in urls:
            if _is_remote(url):
                problems.append(f"{css_file.relative_to(built_book)}: url({url})")
    assert not problems, "remote resources in the built book:\n" + "\n".join(problems)


def test_css_urls_resolve(built_book: Path) -> None:
    """Fonts and images referenced by the book's CSS exist in the build."""
    missing: list[str] = []
    for css_file in sorted(built_book.rglob("*.css")):
        text = css_file.read_text(encoding="utf-8", errors="replace")
        for match in _CSS_URL.finditer(text):
            url = match.group(2).strip()
            if not url or _is_remote(url) or url.startswith(("data:", "#")):
                continue
            target = (css_file.parent / unquote(urlsplit(url).path)).resolve()
            if not target.exists():
                missing.append(f"{css_file.relative_to(built_book)}: url({url})")
    assert not missing, "CSS references to missing files:\n" + "\n".join(missing)


def test_internal_links_and_anchors_resolve(built_book: Path) -> None:
    """Every relative link or asset points at a file that exists, and every
    ``#fragment`` at an id that exists in that file."""
    broken: list[str] = []
    for page in _html_pages(built_book):
        scan = _scan(page)
        rel = page.relative_to(built_book)
        refs = [("a", href) for href in scan.anchors] + scan.loads
        for tag, href in refs:
            href = href.strip()
            if not href or _is_remote(href) or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                continue  # external site, mailto:, javascript:, data: ...
            parts = urlsplit(href)
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{rel}: <{tag}> {href} -> missing file")
                continue
            fragment = unquote(parts.fragment)
            if tag == "a" and fragment and target.suffix == ".html":
                if fragment not in _scan(target).ids:
                    broken.append(f"{rel}: {href} -> no id '{fragment}' in {target.name}")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(sorted(set(broken)))


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_has_saved_widget_state(built_book: Path, doc: str) -> None:
    """Each chapter's HTML embeds widget state (its interactive figure) to render offline."""
    scan = _scan(built_book / f"{doc}.html")
    assert scan.widget_state, (
        f"{doc}: no widget state in the page; the chapter needs an interactive figure "
        "(sim.widgets.interactive_figure) executed at build time"
    )
    state = json.loads("".join(scan.widget_state))
    modules = {m.get("model_module") for m in state.get("state", {}).values()}
    assert modules, f"{doc}: the widget state is empty"


# ----------------------------------------------------------------------------
# in the browser, with the network cut
# ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS + APPENDICES + EXERCISES + ZH_PAGES, indirect=True)
def test_page_loads_offline_without_errors(desktop_page: Any, doc: str) -> None:
    """The page loads from disk with no failed request and no JavaScript error."""
    # The lists as they were right after the load and the widgets' first render
    # (see _SharedPage), whatever checks of this page ran before.
    failed, errors = desktop_page.load_failed_requests, desktop_page.load_page_errors
    assert not failed, f"{doc}: failed requests:\n" + "\n".join(failed)
    assert not errors, f"{doc}: JavaScript errors:\n" + "\n".join(errors)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS + ZH_CHAPTERS, indirect=True)
def test_chapter_interactive_figure_renders_offline(
    built_book: Path, desktop_page: Any, doc: str
) -> None:
    """Each chapter shows at least one rendered, visible widget with the network cut."""
    offline_page = desktop_page
    assert _scan(built_book / f"{doc}.html").widget_state, (
        f"{doc}: the page saved no widget, so it has no interactive figure"
    )
    rendered = _wait_for_figure(offline_page)
    assert rendered > 0, (
        f"{doc}: the interactive figure did not render (no visible .widget-subarea after "
        f"{WIDGET_TIMEOUT_MS / 1000:.0f} s); failed requests: {offline_page.failed_requests}; "
        f"errors: {offline_page.page_errors}"
    )


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS + ZH_CHAPTERS, indirect=True)
def test_chapter_fits_phone_width(phone_page: Any, doc: str) -> None:
    """At 375 px the page body does not scroll sideways (figures scroll inside their box)."""
    page = phone_page  # loaded with its figure rendered and 300 ms to settle
    sizes = page.evaluate(
        """() => ({scroll: document.scrollingElement.scrollWidth,
                   client: document.scrollingElement.clientWidth,
                   body: document.body.scrollWidth})"""
    )
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *')).filter(el => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > window.innerWidth + 1
                && getComputedStyle(el).position !== 'fixed';
        }).slice(0, 5).map(el => el.tagName + '.' + el.className)"""
    )
    widest = max(sizes["scroll"], sizes["body"])
    assert widest <= sizes["client"] + 1, (
        f"{doc}: the page scrolls sideways at 375 px: {sizes}; e.g. {overflowing}"
    )


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS + APPENDICES + EXERCISES + ZH_PAGES, indirect=True)
def test_page_has_no_serious_accessibility_violations(desktop_page: Any, doc: str) -> None:
    """axe-core finds no serious or critical WCAG violation on any page, references included."""
    assert AXE_JS.is_file(), "tests/vendor/axe.min.js missing: run scripts/vendor.sh"
    offline_page = desktop_page  # loaded with its figure rendered
    _wait_for_figure(offline_page)
    offline_page.add_script_tag(path=str(AXE_JS))
    result = offline_page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }"""
    )
    serious = [v for v in result if v["impact"] in {"serious", "critical"}]
    report = "\n".join(f"- {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in serious)
    assert not serious, f"{doc}: serious accessibility violations:\n{report}"


# ----------------------------------------------------------------------------
# the checks above must be able to fail
# ----------------------------------------------------------------------------


def test_scanner_flags_remote_assets_but_not_links() -> None:
    """The remote-resource scan sees CDN scripts, styles, images and imports."""
    scan = _PageScan()
    scan.feed(
        '<html><head><script src="https://cdn.jsdelivr.net/npm/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">'
        '<script src="_static/local.js"></script>'
        "<style>@font-face{src:url('https://fonts.gstatic.com/a.woff2')}</style></head>"
        '<body><a id="top" href="https://example.org/">site</a>'
        '<img srcset="a.png 1x, https://img.example.org/b.png 2x">'
        '<script type="application/vnd.jupyter.widget-state+json">'
        '{"_esm": "import * as d3 from \\"https://esm.sh/d3\\""}</script></body></html>'
    )
    remote = [url for _, url in scan.loads if _is_remote(url)]
    assert remote == [
        "https://cdn.jsdelivr.net/npm/x.js",
        "//fonts.googleapis.com/css?family=Lato",
        "https://img.example.org/b.png",
    ]
    assert "https://example.org/" in scan.anchors and "top" in scan.ids
    assert any(_is_remote(m.group(2)) for css in scan.styles for m in _CSS_URL.finditer(css))
    assert _ESM_REMOTE_IMPORT.search("".join(scan.widget_state))
    assert not _is_remote("_static/vendor/requirejs/require.js")
    assert not _is_remote("../book/ch01_relationships.html#the-leaky-bucket")


# ----------------------------------------------------------------------------
# issue 9: the pages students get
# ----------------------------------------------------------------------------

_FIGURE = re.compile(r'<figure[^>]*\bid="(fig-[^"]+)"[^>]*>(.*?)</figure>', re.S)
_IMG = re.compile(r'<img[^>]*\bsrc="([^"]+)"')
_GLUE_FIGURE = re.compile(r"^```\{glue:figure\}", re.M)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_static_figure_is_an_image(built_book: Path) -> None:
    """Each numbered figure of a chapter is a picture, not '<Figure size 770x418 ...>'."""
    problems: list[str] = []
    total = 0
    for doc in CHAPTERS + APPENDICES + ZH_PAGES:
        html = (built_book / f"{doc}.html").read_text(encoding="utf-8")
        source = (REPO_ROOT / f"{doc.removeprefix('zh/')}.md").read_text(encoding="utf-8")
        if "&lt;Figure size" in html or "<Figure size" in html:
            problems.append(f"{doc}: a figure shows as text ('<Figure size ...>')")
        figures = _FIGURE.findall(html)
        wanted = len(_GLUE_FIGURE.findall(source))
        if len(figures) < wanted:
            problems.append(f"{doc}: {wanted} glued figures in the source, "
                            f"{len(figures)} in the page")
        for name, body in figures:
            images = _IMG.findall(body)
            if not images:
                problems.append(f"{doc}#{name}: no image")
                continue
            target = (built_book / doc).parent / unquote(images[0])
            if not target.is_file():
                problems.append(f"{doc}#{name}: image {images[0]} missing")
                continue
            width, height = _png_size(target)
            if width < 300 or height < 150:
                problems.append(f"{doc}#{name}: image only {width}x{height}")
            total += 1
    assert not problems, "\n".join(problems)
    assert total >= 28, f"only {total} static figures found; each edition has at least 14"


@pytest.mark.slow
def test_plain_jupyter_book_build_works_on_a_clean_clone(built_book: Path) -> None:
    """`jupyter-book build . -W` on a fresh clone: generated pages come from the build itself.

    The clone gets copies of the clean build's caches (executed chapters) so
    that it does not spend minutes executing again; it has no generated page
    and no built HTML.
    """
    clone = clean_copy(REPO_ROOT / "_build" / "plain-clone", keep_build=False)
    assert not list((clone / "book" / "exercises").glob("*.md")), "the clone is not clean"
    build = clone / "_build"
    build.mkdir()
    done = CLEAN_COPY / "_build"
    shutil.copytree(done / ".jupyter_cache", build / ".jupyter_cache")
    shutil.copy2(done / ".loyalty-lab-sources", build / ".loyalty-lab-sources")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = str(clone)
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([sys.executable, str(jb), "build", ".", "-W"], cwd=clone, env=env,
                          capture_output=True, text=True, check=False, timeout=800)
    output = (proc.stdout + proc.stderr)[-6000:]
    assert proc.returncode == 0, f"jupyter-book build . -W failed on a clean clone:\n{output}"
    missing = [d for d in _toc_files() if not (build / "html" / f"{d}.html").is_file()]
    assert not missing, f"pages missing after a plain build: {missing}"
    page = (build / "html" / "book" / "ch01_relationships.html").read_text(encoding="utf-8")
    assert "&lt;Figure size" not in page, "the plain build keeps figures as text"
    shutil.rmtree(clone, ignore_errors=True)


def _context(browser: Any, viewport: dict[str, int], *, dark: bool = False) -> Any:
    mobile = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile,
                                  service_workers="block")
    context.route("**/*", lambda route: (
        route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
        else route.abort("internetdisconnected")))
    if dark:
        context.add_init_script("localStorage.setItem('mode', 'dark');"
                                "localStorage.setItem('theme', 'dark');")
    return context


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1366px"])
def test_chapter_list_opens_and_a_chapter_link_works(built_book: Path, browser: Any,
                                                     viewport: dict[str, int]) -> None:
    """The button that opens the chapter list works; a chapter link in it opens the chapter."""
    context = _context(browser, viewport)
    try:
        page = context.new_page()
        _open(page, _page_url(built_book, "book/index"))
        toggle = page.locator(".primary-toggle:visible")
        assert toggle.count() == 1, "no visible button for the chapter list"
        if viewport["width"] < 992:
            toggle.click()
            nav = page.locator("dialog#pst-primary-sidebar-modal")
            page.wait_for_function(
                "() => document.querySelector('dialog#pst-primary-sidebar-modal').open")
            link = nav.get_by_role("link", name=re.compile("The relationship lifecycle"))
        else:
            sidebar = page.locator("#pst-primary-sidebar")
            assert sidebar.is_visible()
            edge = "document.querySelector('#pst-primary-sidebar').getBoundingClientRect().right"
            toggle.click()  # hides the chapter list (it slides out to the left) ...
            page.wait_for_function(f"() => {edge} <= 1")
            toggle.click()  # ... and shows it again
            page.wait_for_function(f"() => {edge} > 200 && document.querySelector("
                                   "'#pst-primary-sidebar').getBoundingClientRect().left >= 0")
            link = sidebar.get_by_role("link", name=re.compile("The relationship lifecycle"))
        assert link.first.is_visible()
        link.first.click()
        page.wait_for_url(re.compile(r"ch03_lifecycle\.html"))
        assert "The relationship lifecycle" in page.locator("h1").first.inner_text()
        # and the page-contents button opens this page's table of contents
        contents = page.locator(".secondary-toggle:visible")
        if viewport["width"] < 1200 and contents.count():
            contents.click()
            page.wait_for_function(
                "() => document.querySelector('dialog#pst-secondary-sidebar-modal').open")
            assert page.locator("dialog#pst-secondary-sidebar-modal").get_by_role(
                "link", name=re.compile("Four lifecycle patterns")).first.is_visible()
    finally:
        context.close()


def _figures(page: Any) -> list[Any]:
    _wait_for_figure(page)
    figs = page.locator("figure.ll-fig")
    page.wait_for_function("() => Array.from(document.querySelectorAll('figure.ll-fig'))"
                           ".every(f => Number(f.dataset.renders) > 0)", timeout=WIDGET_TIMEOUT_MS)
    return [figs.nth(i) for i in range(figs.count())]


def _values(fig: Any) -> dict[str, Any]:
    out = {}
    for inp in fig.locator("[data-control]").all():
        name = inp.get_attribute("data-control")
        if name != "__period":
            raw = inp.input_value()
            out[name] = raw if inp.evaluate("el => el.tagName") == "SELECT" else float(raw)
    return out


def _to_last_month(page: Any, fig: Any) -> int:
    period = fig.locator("input[data-control=__period]")
    if not period.count():
        return 0
    if period.input_value() == period.get_attribute("max"):
        return int(period.input_value())
    before = int(fig.get_attribute("data-renders"))
    period.focus()
    page.keyboard.press("End")
    page.wait_for_function("([el, n]) => Number(el.dataset.renders) > n",
                           arg=[fig.element_handle(), before])
    return int(period.input_value())


def _widget_specs(path: Path) -> list[dict[str, Any]]:
    """The figure specs saved in a page's widget state."""
    state = json.loads("".join(_scan(path).widget_state) or "{}")
    return [m["state"]["spec"] for m in state.get("state", {}).values()
            if isinstance(m.get("state", {}).get("spec"), dict)]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_prose_names_the_controls_its_figure_has(built_book: Path, doc: str) -> None:
    """Every control the prose names exists in the page's figure, and the prose around a
    figure names each slider a student can move (the {lever} role, checked at build)."""
    html = (built_book / f"{doc}.html").read_text(encoding="utf-8")
    named = set(re.findall(r'class="[^"]*\bll-lever-([a-z_]+)-([a-z0-9_]+)\b', html))
    specs = {s["name"]: s for s in _widget_specs(built_book / f"{doc}.html")}
    assert specs, f"{doc}: no figure in the page"
    for figure, control in named:
        assert figure in specs, f"{doc}: the prose names {figure!r}, which is not on this page"
        assert control in {c["name"] for c in specs[figure]["controls"]}, (doc, figure, control)
    for name, spec in specs.items():
        movable = {c["name"] for c in spec["controls"]}  # the page computes every control
        unnamed = movable - {c for f, c in named if f == name}
        assert not unnamed, f"{doc}: the text around {name!r} never names {sorted(unnamed)}"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS)
def test_dark_mode_keeps_widget_text_readable(built_book: Path, browser: Any, doc: str) -> None:
    """In the dark colour mode the figures turn dark and their text keeps AA contrast."""
    context = _context(browser, DESKTOP, dark=True)
    try:
        page = context.new_page()
        _open(page, _page_url(built_book, doc))
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        figures = _figures(page)
        for fig in figures:
            assert fig.get_attribute("data-theme") == "dark"
            colour = fig.evaluate("el => getComputedStyle(el).backgroundColor")
            level = max(int(x) for x in re.findall(r"\d+", colour)[:3])
            assert level < 80, f"{doc}: a figure stays a light panel in dark mode ({colour})"
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            """async () => {
                const r = await axe.run({include: [['figure.ll-fig']]},
                    {runOnly: ['color-contrast'], resultTypes: ['violations']});
                return r.violations.map(v => v.nodes.slice(0, 5).map(n =>
                    n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(-1)[0]));
            }""")
        assert not result, f"{doc}: widget text below AA contrast in dark mode: {result}"
    finally:
        context.close()


@pytest.mark.browser
def test_switching_the_colour_mode_restyles_the_figure(built_book: Path, browser: Any) -> None:
    context = _context(browser, DESKTOP)
    try:
        page = context.new_page()
        _open(page, _page_url(built_book, "book/ch03_lifecycle"))
        fig = _figures(page)[0]
        assert fig.get_attribute("data-theme") == "light"
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
        page.wait_for_function("el => el.dataset.theme === 'dark'", arg=fig.element_handle())
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS + ["book/glossary"], indirect=True)
def test_screenshots_for_review(desktop_page: Any, phone_page: Any, doc: str) -> None:
    """Full-page screenshots at 1366 px and 375 px, written to _build/screenshots for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport, page in ((DESKTOP, desktop_page), (PHONE, phone_page)):
        _wait_for_figure(page)
        page.wait_for_timeout(500)
        target = SCREENSHOTS / f"{doc.split('/')[-1]}-{viewport['width']}.png"
        page.screenshot(path=str(target), full_page=True)
        width, height = _png_size(target)
        assert width >= viewport["width"] and height > viewport["height"] / 2, (target, width)


def _cjk_font_characters() -> set[str]:
    from fontTools.ttLib import TTFont

    fonts = sorted((REPO_ROOT / "book" / "_static" / "fonts").glob("noto-sans-sc-subset-*.woff2"))
    assert len(fonts) == 2, fonts
    sets = [{chr(c) for c in TTFont(path).getBestCmap()} for path in fonts]
    return set.intersection(*sets)


def test_cjk_font_covers_every_chinese_character_of_the_book() -> None:
    """A Chinese character in the book's sources that the vendored subset lacks fails here
    (rerun scripts/vendor-cjk-font.sh); the subset stays small."""
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        from subset_cjk_font import book_characters
    finally:
        sys.path.pop(0)
    used = book_characters()
    assert len(used) > 100, "the glossary's Chinese terms were not found"
    missing = sorted(used - _cjk_font_characters())
    assert not missing, f"not in the vendored CJK font: {''.join(missing)}"
    size = sum(p.stat().st_size for p in (REPO_ROOT / "book" / "_static" / "fonts").glob("*.woff2"))
    assert size < 400_000, f"the CJK subset is {size} bytes"


def test_built_pages_use_no_chinese_character_missing_from_the_font(built_book: Path) -> None:
    covered = _cjk_font_characters()
    cjk = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
    missing: dict[str, set[str]] = {}
    for page in _html_pages(built_book):
        text = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        lacking = set(cjk.findall(text)) - covered
        if lacking:
            missing[str(page.relative_to(built_book))] = lacking
    assert not missing, f"characters shown as empty boxes: {missing}"


@pytest.mark.browser
def test_glossary_chinese_uses_the_vendored_font(built_book: Path, offline_page: Any) -> None:
    page = offline_page
    _open(page, _page_url(built_book, "book/glossary"))
    loaded = page.evaluate("""async () => {
        await document.fonts.ready;
        await document.fonts.load('16px "Loyalty Lab CJK"', '关系营销');
        await document.fonts.load('bold 16px "Loyalty Lab CJK"', '关系营销');
        return Array.from(document.fonts).filter(f => f.family.includes('Loyalty Lab CJK'))
            .map(f => [f.weight, f.status]);
    }""")
    assert sorted(loaded) == [["400", "loaded"], ["700", "loaded"]], loaded
    assert "关系营销" in page.locator("main").inner_text()
    assert not page.failed_requests, page.failed_requests


# ---- exercises in the page --------------------------------------------------


def _reference(question: Any) -> Any:
    """A question's answer, from its solution code (instructor code, not student code)."""
    namespace: dict[str, Any] = {}
    exec(question.solution, namespace)
    return namespace[question.variable]


def _questions(chapter: int) -> list[Any]:
    import sim.exercises as ex

    return list(ex.chapters([chapter])[0].questions)


@pytest.mark.parametrize("doc", EXERCISES)
def test_exercise_page_offers_its_notebook_and_no_code_to_edit(built_book: Path, doc: str) -> None:
    path = built_book / f"{doc}.html"
    html = path.read_text(encoding="utf-8")
    slug = doc.split("/")[-1]
    links = re.findall(rf'href="([^"]*_downloads/[^"]*/{slug}\.ipynb)"', html)
    assert links, f"{doc}: no download link for {slug}.ipynb"
    notebook = json.loads((path.parent / unquote(links[0])).read_text(encoding="utf-8"))
    assert notebook["metadata"]["loyalty_lab"] == {"chapter": int(slug[2:]), "solution": False}
    questions = _questions(int(slug[2:]))
    text = "".join("".join(c["source"]) for c in notebook["cells"])
    for q in questions:
        assert f"{q.variable} = " in text, (doc, q.qid)
    forms = html.count('class="ll-practice"')
    assert forms == sum(q.kind != "simulation" for q in questions), doc
    # Only the notebook's setup is shown, folded; no answer cell to edit in the page.
    assert "answer_" not in re.sub(r"<details.*?</details>", "", html, flags=re.S).split(
        "The notebook’s code")[0].split("The notebook's code")[0], doc


def _page_text(path: Path) -> str:
    """What a reader sees of a page: its text, without scripts, styles or saved widget data."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _no_answer_key(text: str, value: float) -> bool:
    """The answer, written as a student would find it, is not in the text.

    Only answers specific enough to be recognised are looked for: at least
    three significant digits (12.5, 0.512, 7,074.49), not 0.25 or 40.
    """
    if abs(value) >= 10:
        forms = {f"{value:,.2f}", f"{value:.2f}", f"{value:,.1f}"}
    else:
        short = f"{value:.3g}"
        if len(short.replace("0.", "").replace(".", "").lstrip("0")) < 3:
            return True
        forms = {short}
    return not any(re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d)", text) for form in forms)


@pytest.mark.parametrize("chapter", range(9))
def test_no_exercise_answer_is_printed_in_its_chapter(built_book: Path, chapter: int) -> None:
    """A numeric answer with decimals must not appear in the chapter it practises."""
    doc = CHAPTERS[chapter]
    html = _page_text(built_book / f"{doc}.html")
    for q in _questions(chapter):
        if q.kind not in ("numeric",):
            continue
        answer = _reference(q)
        values = answer.values() if isinstance(answer, dict) else [answer]
        for value in values:
            if isinstance(value, int | float) and not float(value).is_integer():
                assert _no_answer_key(html, float(value)), (q.qid, value)


_WORD = re.compile(r"[a-z]{4,}")


@pytest.mark.parametrize("chapter", range(1, 9))
def test_right_options_do_not_echo_the_chapter(built_book: Path, chapter: int) -> None:
    """The right option of a choice question is not a sentence of the chapter reworded
    by a word or two: at most 75% of its words occur in any one sentence."""
    html = _page_text(built_book / f"{CHAPTERS[chapter]}.html").lower()
    sentences = [set(_WORD.findall(s)) for s in re.split(r"[.;:!?]\s", html)]
    for q in _questions(chapter):
        if q.self_check.get("kind") != "choice":
            continue
        words = set(_WORD.findall(str(_reference(q)).lower()))
        if len(words) < 5:
            continue
        overlap = max(len(words & s) / len(words) for s in sentences)
        assert overlap <= 0.75, (q.qid, _reference(q), overlap)


@pytest.mark.browser
def test_practice_questions_check_answers_in_the_page(built_book: Path,
                                                      offline_page: Any) -> None:
    """Right answers are confirmed and wrong ones are not, with no kernel and no network."""
    from sim.exercises.practice import fingerprint, number_key, reference_answer

    page = offline_page
    _open(page, _page_url(built_book, "book/exercises/ch06"))
    # The page's hash and rounding are the Python ones.
    for qid, text in (("6.1", "start_of_year=7070"), ("3.3", "ünïcode, spaces"), ("0.1", "")):
        assert page.evaluate("([q, t]) => window.loyaltyPractice.fingerprint(q, t)",
                             [qid, text]) == fingerprint(qid, text)
    for value in (7074.4856, 6528.2274, 428.5714, 0.512, 40.0, 0.0004, -12.345, 99950.0):
        assert page.evaluate("v => window.loyaltyPractice.numberKey(v)", value) == number_key(
            value), value
    for q in _questions(6):
        form = page.locator(f"form.ll-practice[data-qid='{q.qid}']")
        if q.kind == "simulation" or not form.count():
            continue
        mode = form.get_attribute("data-mode")
        if mode == "text":  # a written answer: drafted in the page, marked by a person
            form.locator("textarea").fill("Every purchase arrives a year later.")
            assert form.locator(".ll-practice-feedback").inner_text() == "6 words"
            continue
        answer = reference_answer(q)
        if mode == "fields":
            keys = [k for k in (answer if isinstance(answer, dict) else {"value": answer})]
            for key in keys:
                value = answer[key] if isinstance(answer, dict) else answer
                field = form.locator(f"[data-key='{key}']")
                if field.evaluate("el => el.tagName") == "SELECT":
                    field.select_option(str(value))
                else:
                    field.fill(f"{value:,.4f}")
        elif mode == "ordering":
            for i, item in enumerate(answer):
                form.locator("select").nth(i).select_option(item)
        elif mode == "choice":
            form.locator(f"input[value='{answer}']").check()
        form.get_by_role("button", name="Check my answer").click()
        assert form.locator(".ll-practice-feedback").inner_text() == "Right!", q.qid
        # now break it: the check must say so
        if mode == "fields":
            first = form.locator("input[data-key]").first
            if first.count():
                first.fill("123.456")
        elif mode == "ordering":
            form.locator("select").nth(0).select_option(answer[1])
        form.get_by_role("button", name="Check my answer").click()
        assert form.locator(".ll-practice-feedback").inner_text().startswith("Not yet"), q.qid
    assert not page.page_errors, page.page_errors


@pytest.mark.browser
@pytest.mark.slow
def test_practice_forms_speak_chinese_in_the_chinese_edition(built_book: Path,
                                                             offline_page: Any) -> None:
    """On a Chinese page the practice forms' own words and feedback are Chinese; the
    options stay the values the notebook expects, and answers are checked the same way."""
    from sim.exercises.practice import reference_answer

    page = offline_page
    _open(page, _page_url(built_book, "zh/book/exercises/ch06"))
    forms = page.locator("form.ll-practice")
    assert forms.count() > 0, "no practice form on the Chinese exercises page"
    assert page.get_by_role("button", name="Check my answer").count() == 0
    for q in _questions(6):
        form = page.locator(f"form.ll-practice[data-qid='{q.qid}']")
        if not form.count() or form.get_attribute("data-mode") != "fields":
            continue
        button = form.get_by_role("button", name="检查答案")
        button.click()
        assert form.locator(".ll-practice-feedback").inner_text() == "请先作答。", q.qid
        answer = reference_answer(q)
        values = answer if isinstance(answer, dict) else {"value": answer}
        for key, value in values.items():
            field = form.locator(f"[data-key='{key}']")
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(str(value))
            else:
                field.fill(f"{value:,.4f}")
        button.click()
        assert form.locator(".ll-practice-feedback").inner_text() == "答对了！", q.qid
        break
    else:
        pytest.fail("chapter 6 has no numeric practice question to try")
    written = page.locator("form.ll-practice[data-mode='text'] textarea")
    if written.count():
        written.first.fill("每次购买都晚一年到来。")
        feedback = page.locator("form.ll-practice[data-mode='text'] .ll-practice-feedback")
        assert feedback.first.inner_text() == "11 字"
    assert not page.page_errors, page.page_errors


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", ["zh/book/exercises/ch06", "zh/book/ch03_lifecycle",
                                 "zh/book/appendix_model", "zh/book/glossary"], indirect=True)
def test_every_chinese_text_can_fall_back_on_the_vendored_font(desktop_page: Any,
                                                               doc: str) -> None:
    """Each element showing Chinese lists the vendored CJK font in its font stack, code
    styles and the widgets' charts included: a reader without a Chinese system font
    would otherwise see boxes (a download link's code-styled text once did)."""
    offline_page = desktop_page  # loaded with its figure rendered
    if doc in ZH_CHAPTERS:
        _wait_for_figure(offline_page)
    without = offline_page.evaluate(
        """() => {
            const cjk = /[\\u3400-\\u9fff]/, bad = new Set();
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                const el = n.parentElement;
                if (!el || !cjk.test(n.textContent) || !el.getClientRects().length) continue;
                if (!getComputedStyle(el).fontFamily.includes('Loyalty Lab CJK'))
                    bad.add(el.tagName.toLowerCase() + '.' + el.className + ': '
                            + n.textContent.trim().slice(0, 20));
            }
            return [...bad].slice(0, 10);
        }""")
    assert not without, f"{doc}: Chinese text without the vendored font: {without}"


# ----------------------------------------------------------------------------
# last of a page's checks: it moves a control of the shared page
# ----------------------------------------------------------------------------
# Defined last so that, within each doc's group of checks, it runs after the
# read-only ones; a check that came after it would get a fresh load.


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS + ZH_CHAPTERS, indirect=True)
def test_every_chart_of_every_figure_is_drawn_in_the_book(_desktop: _SharedPage,
                                                          doc: str) -> None:
    """Each panel of each interactive figure draws its series; the sentence is filled in."""
    page = _desktop.take_to_change()  # it moves the period slider
    figures = _figures(page)
    assert figures, f"{doc}: no interactive figure rendered"
    for fig in figures:
        name = fig.get_attribute("data-figure")
        t = _to_last_month(page, fig)
        assert_charts_drawn(fig, name, _values(fig), t)
        sentence = fig.locator(".ll-sentence").inner_text()
        assert sentence and "{" not in sentence and "NaN" not in sentence, (name, sentence)
        assert fig.locator("td[data-key]").count() >= 3, f"{name}: no table of numbers"
    assert not page.page_errors, page.page_errors
