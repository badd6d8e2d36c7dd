"""Sphinx extension that keeps the built Loyalty Lab book free of network access.

Jupyter Book 1.x always loads ``sphinx_thebe``. Its config script is injected
twice on every page (a ``SyntaxError`` in the browser: ``THEBE_JS_URL`` declared
twice) and it only ever talks to Binder, which a classroom without internet
cannot reach. This extension switches sphinx-thebe off, puts its own theme
templates (``book/_ext/templates``: accessibility fixes of the theme's search
button, colour-mode button and navigation toggles) first, gives myst-nb's
"Show code cell source" toggles their visible text as accessible name, and, as
a safety net,
turns every remote script or stylesheet a page would load into a build
warning, which ``loyalty-lab book`` (``-W``) makes an error: a CDN reference
then fails the build instead of silently breaking the offline book.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator

logger = logging.getLogger(__name__)

_THEBE_MODULE = "sphinx_thebe"
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_REMOTE_PREFIXES = ("http://", "https://", "//")


def _disable_thebe(app: Sphinx) -> None:
    """Disconnect every sphinx-thebe event handler and drop its stylesheet.

    Jupyter Book adds ``sphinx_thebe`` unconditionally and offers no switch to
    remove it, so its listeners are removed here instead. Its directive and
    config value stay registered so that a page using them still parses.
    """
    for event, listeners in list(app.events.listeners.items()):
        for listener in list(listeners):
            module = getattr(listener.handler, "__module__", "") or ""
            if module.split(".")[0] == _THEBE_MODULE:
                app.disconnect(listener.id)
                logger.verbose("offline_book: disconnected %s from %s", listener.handler, event)
    app.registry.css_files = [
        (name, attrs) for name, attrs in app.registry.css_files if "thebe" not in str(name)
    ]


def _add_templates(app: Sphinx, config: Config) -> None:
    """Put the book's template overrides ahead of the theme's own templates."""
    path = str(_TEMPLATES)
    if path not in config.templates_path:
        config.templates_path.insert(0, path)


def _visit_hidden_cell(self: SphinxTranslator, node: Any) -> None:
    """Open a collapsed code cell like myst-nb does, minus its ``aria-label``.

    myst-nb labels the ``<summary>`` "Toggle hidden content" while it shows
    "Show code cell source"; a label that differs from the visible text is a
    serious WCAG 2.5.3 violation (axe: label-content-name-mismatch) and is
    confusing for voice control. The visible text is a fine accessible name.
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def _fix_hidden_cells(app: Sphinx) -> None:
    """Replace myst-nb's HTML visitor for collapsed code cells (see above)."""
    try:
        from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
    except ImportError:  # a myst-nb without collapsible cells: nothing to fix
        return
    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, depart_HideCellInput))


def _is_remote(url: str) -> bool:
    """Tell whether an asset URL would make the browser go to the network."""
    return url.strip().lower().startswith(_REMOTE_PREFIXES)


def _check_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
) -> None:
    """Warn about every remote script or stylesheet the page would load."""
    for key in ("script_files", "css_files"):
        for asset in context.get(key, []) or []:
            url = str(getattr(asset, "filename", asset) or "")
            if url and _is_remote(url):
                logger.warning(
                    "offline_book: page %r loads the remote asset %s; vendor it under "
                    "book/_static/vendor (see scripts/vendor.sh)",
                    pagename,
                    url,
                    type="offline_book",
                    location=pagename,
                )


def _fix_citation_roles(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
) -> None:
    """Give the bibliography's entries the list-item role their list needs.

    docutils writes the references as ``<div role="list">`` holding entries
    with the deprecated ``role="doc-biblioentry"``; axe reports the list as a
    critical violation (aria-required-children): a list must hold list items.
    """
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handlers; runs after Jupyter Book's default extensions."""
    if _THEBE_MODULE in app.extensions:
        _disable_thebe(app)
    else:  # loaded before sphinx_thebe: wait until every extension is set up
        app.connect("config-inited", lambda app, config: _disable_thebe(app))
    app.connect("config-inited", _add_templates)
    _fix_hidden_cells(app)
    # Late priority so that assets added by other handlers are checked too.
    app.connect("html-page-context", _check_assets, priority=900)
    app.connect("html-page-context", _fix_citation_roles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
