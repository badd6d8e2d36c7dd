"""The built book: complete, offline, navigable, interactive, usable on a phone, accessible.

The book is used in classrooms with no internet, so "it builds" is not enough:
every page must load with the network cut, every chapter's interactive figure
must render from the saved widget state, and no page may reach for a CDN.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

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

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
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
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return files


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


def _html_pages(html_root: Path) -> list[Path]:
    """Every HTML page of the book, without the copied static files."""
    return sorted(
        p
        for p in html_root.rglob("*.html")
        if not p.relative_to(html_root).parts[0].startswith(("_static", "_sources", ".", "_images"))
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
@pytest.mark.parametrize("doc", CHAPTERS + APPENDICES + EXERCISES)
def test_page_loads_offline_without_errors(built_book: Path, offline_page: Any, doc: str) -> None:
    """The page loads from disk with no failed request and no JavaScript error."""
    _open(offline_page, _page_url(built_book, doc))
    if doc in CHAPTERS:
        _wait_for_figure(offline_page)  # let widget code run before judging errors
    offline_page.wait_for_timeout(300)
    assert not offline_page.failed_requests, f"{doc}: failed requests:\n" + "\n".join(
        offline_page.failed_requests
    )
    assert not offline_page.page_errors, f"{doc}: JavaScript errors:\n" + "\n".join(
        offline_page.page_errors
    )


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_interactive_figure_renders_offline(
    built_book: Path, offline_page: Any, doc: str
) -> None:
    """Each chapter shows at least one rendered, visible widget with the network cut."""
    _open(offline_page, _page_url(built_book, doc))
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
@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_fits_phone_width(built_book: Path, browser: Any, doc: str) -> None:
    """At 375 px the page body does not scroll sideways (figures scroll inside their box)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:", "blob:"))
            else route.abort("internetdisconnected")
        ),
    )
    try:
        page = context.new_page()
        _open(page, _page_url(built_book, doc))
        _wait_for_figure(page)
        page.wait_for_timeout(300)
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
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_has_no_serious_accessibility_violations(
    built_book: Path, offline_page: Any, doc: str
) -> None:
    """axe-core finds no serious or critical WCAG violation on the rendered chapter."""
    assert AXE_JS.is_file(), "tests/vendor/axe.min.js missing: run scripts/vendor.sh"
    _open(offline_page, _page_url(built_book, doc))
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
