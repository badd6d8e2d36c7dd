"""Sphinx extension for the book's translated editions (issue 13, the Chinese edition).

The English book is built into ``_build/html`` and each translation, from the
same sources, the same executed notebooks and the gettext catalogues in
``book/locales/<language>/LC_MESSAGES``, into ``_build/html/<code>/`` (see
``sim/i18n/book.py``). This extension:

- puts a language switch in every page's header, linking with a relative URL
  to the same page in the other language (works from ``file://`` and from a
  web server);
- lets a translated paragraph keep its ``{glue:text}`` (and other glue) roles:
  Sphinx parses each translated message in a document of its own, where
  myst-nb's glue roles find no notebook, so the notebook renderer of the page
  being translated is handed to that document;
- lets a chapter glue a language's own version of any output: in the
  ``zh_CN`` edition, ``{glue:text}`key``` or ``{glue:figure} key`` shows the
  output glued as ``key__zh_CN`` when the notebook glued one (a figure with
  Chinese labels, a sentence computed from the runs), and ``key`` otherwise;
  both come from the same single execution;
- gives each translated build its own folder for myst-nb's executed notebooks
  and images (by default myst-nb would write them next to the output folder,
  i.e. into the English book);
- records, per page, the English messages that have no translation in the
  catalogues (untranslated, fuzzy, or changed in English since they were
  translated) in ``<doctreedir>/untranslated.json``, which the tests read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

EDITIONS = {"en": "", "zh_CN": "zh"}
"""Language code -> folder of its edition under the English book's root."""
LABELS = {"en": ("English", "en"), "zh_CN": ("中文", "zh-Hans")}
"""Language code -> (name of the language in itself, HTML ``hreflang``)."""
SEARCH_TEXT = {"zh_CN": "搜索本书…"}

_STATE: dict[str, Any] = {"renderer": None, "docname": None}


def _language(config: Config) -> str:
    return config.language or "en"


def _other_language(language: str) -> str:
    return "zh_CN" if language == "en" else "en"


def edition_url(pagename: str, language: str, target: str) -> str:
    """Relative URL from page ``pagename`` of edition ``language`` to the same page in ``target``.

    >>> edition_url("book/ch01", "en", "zh_CN")
    '../zh/book/ch01.html'
    >>> edition_url("book/ch01", "zh_CN", "en")
    '../../book/ch01.html'
    """
    up = "../" * pagename.count("/")
    if EDITIONS[language]:
        up += "../" * (EDITIONS[language].count("/") + 1)
    folder = EDITIONS[target] + "/" if EDITIONS[target] else ""
    return f"{up}{folder}{pagename}.html"


def _config_inited(app: Sphinx, config: Config) -> None:
    language = _language(config)
    options = dict(config.html_theme_options or {})
    end = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if "language-switch.html" not in end:
        options["article_header_end"] = ["language-switch.html", *end]
    if language in SEARCH_TEXT:
        options["search_bar_text"] = SEARCH_TEXT[language]
    config.html_theme_options = options
    if language != "en":
        # Do not silently build a "translation" out of a misplaced catalogue folder.
        dirs = [Path(app.confdir or app.srcdir, d) for d in config.locale_dirs]
        if not any((d / language / "LC_MESSAGES").is_dir() for d in dirs):
            logger.info("translation: no catalogues for %s in %s yet", language, dirs)


def _builder_inited(app: Sphinx) -> None:
    """Give a translated build its own folder for executed notebooks and their images."""
    folder = app.config.loyalty_output_folder
    config = getattr(app.env, "mystnb_config", None)
    if folder and config is not None:
        app.env.mystnb_config = config.copy(output_folder=str(Path(folder).resolve()))


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree: Any) -> None:
    language = _language(app.config)
    if language not in EDITIONS:
        return
    target = _other_language(language)
    name, hreflang = LABELS[target]
    context["loyalty_language_switch"] = {
        "href": edition_url(pagename, language, target),
        "label": name,
        "hreflang": hreflang,
        "title": "Read this page in English" if target == "en" else "Read this page in Chinese",
    }


# -- glue roles inside translated messages -------------------------------------------------

def _patch_myst_nb() -> None:
    """Keep the last notebook renderer and lend it to translated messages' documents."""
    try:
        from myst_nb import sphinx_ as nb_sphinx
    except ImportError:  # pragma: no cover - myst-nb is always there in a Jupyter Book
        return
    if getattr(nb_sphinx.Parser, "_loyalty_patched", False):
        return
    original_load = nb_sphinx.load_renderer
    original_parse = nb_sphinx.Parser.parse

    def load_renderer(name: str) -> Any:
        cls = original_load(name)

        def make(*args: Any, **kwargs: Any) -> Any:
            renderer = cls(*args, **kwargs)
            _STATE["renderer"] = renderer
            return renderer

        return make

    def parse(self: Any, inputstring: str, document: nodes.document) -> None:
        translated = str(document.current_source or "").endswith("<translated>")
        if translated and _STATE["renderer"] is not None and "nb_renderer" not in document:
            document.attributes["nb_renderer"] = _STATE["renderer"]
            try:
                return original_parse(self, inputstring, document)
            finally:
                document.attributes.pop("nb_renderer", None)
        if not translated:
            _STATE["renderer"] = None
        return original_parse(self, inputstring, document)

    nb_sphinx.load_renderer = load_renderer
    nb_sphinx.Parser.parse = parse
    nb_sphinx.Parser._loyalty_patched = True
    _patch_glue_lookup()


def localized_glue_key(glue_data: dict, key: str, language: str) -> str:
    """The glue key a page in ``language`` shows for ``key``: ``key__<language>`` if glued.

    >>> localized_glue_key({"a": 1, "a__zh_CN": 2}, "a", "zh_CN")
    'a__zh_CN'
    >>> localized_glue_key({"a": 1}, "a", "zh_CN"), localized_glue_key({"a": 1}, "a", "en")
    ('a', 'a')
    """
    if language and language != "en" and f"{key}__{language}" in glue_data:
        return f"{key}__{language}"
    return key


def _patch_glue_lookup() -> None:
    """Make myst-nb's glue roles and directives prefer a key's translated variant."""
    try:
        from myst_nb.ext.glue import directives, roles, utils
    except ImportError:  # pragma: no cover
        return
    original = utils.retrieve_glue_data

    def retrieve_glue_data(document: nodes.document, key: str) -> Any:
        env = getattr(document.settings, "env", None)
        renderer = document.get("nb_renderer") if "nb_renderer" in document else None
        if env is not None and renderer is not None:
            data = renderer.renderer.nb_client.glue_data
            key = localized_glue_key(data, key, _language(env.config))
        return original(document, key)

    for module in (roles, directives):
        module.retrieve_glue_data = retrieve_glue_data


# -- generated text, glued in each language ---------------------------------------------

GENERATED_CLASS = "loyalty-generated"
"""Class of a ``{container}`` whose content code writes in every language (glue variants)."""


class LeaveGeneratedTextAlone(Transform):
    """Keep text that code writes in each language out of the catalogues.

    Tables computed from model runs (the appendix's validation report,
    chapter 8's presets) change whenever the model does; in a catalogue every
    change would turn their translation fuzzy. The chapter glues them twice
    (``key`` and ``key__zh_CN``) inside a ``{container} loyalty-generated``;
    the text in it is marked not translatable, so the gettext builder does
    not extract it and the translated build shows the glued variant as it is.
    """

    default_priority = 15  # before RecordUntranslated (19) and Sphinx's Locale (20)

    def apply(self, **kwargs: Any) -> None:
        for container in self.document.findall(nodes.container):
            if GENERATED_CLASS in container.get("classes", []):
                for node in container.findall(nodes.TextElement):
                    node["translatable"] = False


# -- untranslated messages --------------------------------------------------------------

class RecordUntranslated(Transform):
    """Note the messages of a page that the catalogues do not translate.

    Runs just before Sphinx's own ``Locale`` transform (priority 20), on the
    same messages with the same catalogue lookup, so what it records is
    exactly what the reader will see in English.
    """

    default_priority = 19

    def apply(self, **kwargs: Any) -> None:
        from sphinx.locale import init as init_locale
        from sphinx.util.i18n import docname_to_domain
        from sphinx.util.nodes import extract_messages

        settings = self.document.settings
        env = getattr(settings, "env", None)
        source = str(self.document.get("source") or "")
        if env is None or source.endswith("<translated>"):
            return
        config = env.config
        if _language(config) == "en":
            return
        textdomain = docname_to_domain(env.docname, config.gettext_compact)
        dirs = [str(Path(env.srcdir, d)) for d in config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, config.language, textdomain)
        missing: list[str] = []
        kept: list[str] = []
        total = 0
        seen: set[str] = set()
        # The page's front matter (a field list first in the document) becomes
        # docinfo and is dropped before the gettext builder sees the page.
        first = self.document.first_child_not_matching_class(nodes.PreBibliographic)
        front = self.document[first] if first is not None else None
        front = front if isinstance(front, nodes.field_list) else None
        for node, msg in extract_messages(self.document):
            if front is not None and any(p is front for p in _ancestors(node)):
                continue
            if msg in seen or isinstance(node, SHOWN_AS_THEY_ARE):
                continue
            seen.add(msg)
            total += 1
            msgstr = catalog.gettext(msg) if has_catalog else msg
            if has_catalog and _kept_as_is(catalog, msg):
                kept.append(msg)
            elif not msgstr or msgstr == msg or not msgstr.strip():
                missing.append(msg)
        store = env.__dict__.setdefault("loyalty_untranslated", {})
        store[env.docname] = {"messages": total, "untranslated": missing, "kept": kept}


SHOWN_AS_THEY_ARE = (nodes.math_block, nodes.literal_block, nodes.doctest_block)
"""Nodes whose text is maths or code: every edition shows them as they are."""


def _kept_as_is(catalog: Any, msg: str) -> bool:
    """Whether a translator kept a message in English on purpose (``msgstr`` equal to ``msgid``).

    Key-term tables pair each English term with its Chinese name, and the
    glossary's headwords stay English (the Chinese name is in the entry): the
    catalogue says so by translating such a message as itself. Sphinx shows
    the English either way; this tells a decision from a gap.
    """
    while catalog is not None:
        if getattr(catalog, "_catalog", {}).get(msg) == msg:
            return True
        catalog = getattr(catalog, "_fallback", None)
    return False


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    env.__dict__.setdefault("loyalty_untranslated", {}).pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: Any, other: Any) -> None:
    store = env.__dict__.setdefault("loyalty_untranslated", {})
    for docname, data in getattr(other, "loyalty_untranslated", {}).items():
        if docname in docnames:
            store[docname] = data


def _write_report(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or _language(app.config) == "en":
        return
    store = getattr(app.env, "loyalty_untranslated", {})
    report = {doc: store[doc] for doc in sorted(store) if doc in app.env.all_docs}
    path = Path(app.doctreedir) / "untranslated.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    left = sum(len(v["untranslated"]) for v in report.values())
    total = sum(v["messages"] for v in report.values())
    logger.info("translation: %d of %d messages not translated into %s (%s)",
                left, total, app.config.language, path)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the language switch, glue-in-translations and the untranslated report."""
    app.add_config_value("loyalty_output_folder", "", "env")
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited, priority=900)
    app.connect("html-page-context", _page_context)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write_report)
    app.add_transform(LeaveGeneratedTextAlone)
    app.add_transform(RecordUntranslated)
    _patch_myst_nb()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
