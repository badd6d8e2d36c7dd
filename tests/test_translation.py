"""The book's Chinese edition (issue 13): catalogues, the zh build, the language switch.

``test_every_catalogue_is_complete`` is **the gate** of the translation: it fails
while any message of any page has no Chinese translation, is marked fuzzy
(its English changed since it was translated) or is missing from the
catalogues altogether (the English changed and nobody ran
``loyalty-lab book --update-catalogues``). Text that code writes in each
language (tables computed from runs, glue variants) is not in the catalogues.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

LOCALES = REPO_ROOT / "book" / "locales"
LANGUAGE = "zh_CN"
CATALOGUES = LOCALES / LANGUAGE / "LC_MESSAGES"
EDITION = "zh"


def _toc_docs() -> list[str]:
    import yaml

    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    docs.append(str(node[key]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return docs


# -- catalogues -----------------------------------------------------------------------------

def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every message of a catalogue, header and obsolete ones left out."""
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=LANGUAGE)
    out = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        out.append((msgid, msgstr or "", message.fuzzy))
    return out


def test_there_is_one_catalogue_per_page() -> None:
    docs = _toc_docs()
    assert len(docs) > 15, docs
    pages = set(docs)
    have = {str(p.relative_to(CATALOGUES).with_suffix("")) for p in CATALOGUES.rglob("*.po")}
    assert pages <= have, f"pages without a catalogue: {sorted(pages - have)}"
    for doc in docs:
        assert _entries(CATALOGUES / f"{doc}.po"), f"{doc}.po has no message"


def _catalogue_status() -> dict[str, dict[str, int]]:
    """Per catalogue: messages with words to translate, and how many are untranslated or fuzzy.

    Messages of only code, maths, numbers or glued values (``needs_translation``)
    show as they are and are not counted.
    """
    from sim.i18n.book import needs_translation

    status = {}
    for po in sorted(CATALOGUES.rglob("*.po")):
        entries = [e for e in _entries(po) if needs_translation(e[0])]
        status[str(po.relative_to(CATALOGUES))] = {
            "messages": len(entries),
            "untranslated": sum(1 for _, s, _ in entries if not s.strip()),
            "fuzzy": sum(1 for _, s, f in entries if f and s.strip()),
        }
    return status


@pytest.mark.book
def test_every_catalogue_is_complete(built_book: Path) -> None:
    """THE GATE: every message of every page translated, none fuzzy, none outdated.

    "Outdated" also covers an English change that was never merged into the
    catalogues: the English messages the Chinese build of the book (the clean
    copy every book test uses) found without a translation are read from that
    build's report.
    """
    status = _catalogue_status()
    lacking = {name: s for name, s in status.items() if s["untranslated"] or s["fuzzy"]}
    from sim.i18n.book import needs_translation, untranslated_report

    root = built_book.parent.parent  # the clean copy the book was built in
    from sim.i18n.book import doctree_dir

    assert (doctree_dir(root, LANGUAGE) / "untranslated.json").is_file(), \
        "the Chinese build wrote no report of the messages it showed in English"
    built = untranslated_report(root, LANGUAGE)
    shown_in_english = {}
    for doc, v in built.items():
        left = [m for m in v["untranslated"] if needs_translation(m)]
        if left:
            shown_in_english[doc] = len(left)
    lines = [f"{name}: {s['untranslated']} untranslated, {s['fuzzy']} fuzzy of {s['messages']}"
             for name, s in sorted(lacking.items())]
    lines += [f"{doc}: {n} messages shown in English in the last zh build"
              for doc, n in sorted(shown_in_english.items())]
    total = sum(s["messages"] for s in status.values())
    todo = sum(s["untranslated"] + s["fuzzy"] for s in status.values())
    assert not lines, (f"{todo} of {total} messages still to translate "
                       f"({len(lacking)} of {len(status)} catalogues):\n" + "\n".join(lines))


TEMPLATE_CATALOGUE = "sphinx"
"""The catalogue of the book's own template strings (``book/_ext/templates``)."""


def test_the_catalogues_are_valid_and_carry_no_stale_page() -> None:
    """Each catalogue parses, declares zh_CN, and belongs to a page of the book (or templates)."""
    docs = set(_toc_docs()) | {TEMPLATE_CATALOGUE}
    for po in CATALOGUES.rglob("*.po"):
        name = str(po.relative_to(CATALOGUES).with_suffix(""))
        assert name in docs, f"{po} belongs to no page of the book (stale: remove it)"
        text = po.read_text(encoding="utf-8")
        assert '"Language: zh_CN\\n"' in text, po
        _entries(po)


def test_a_changed_english_message_comes_back_fuzzy(tmp_path: Path) -> None:
    """sphinx-intl keeps an old translation of a changed message, marked fuzzy (not used)."""
    from sphinx_intl import basic

    pot_dir, locale_dir = tmp_path / "pot", tmp_path / "locales"
    pot_dir.mkdir()
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
    (pot_dir / "page.pot").write_text(header + 'msgid "The customer stays loyal."\nmsgstr ""\n',
                                      encoding="utf-8")
    basic.update(str(locale_dir), str(pot_dir), (LANGUAGE,))
    po = locale_dir / LANGUAGE / "LC_MESSAGES" / "page.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "The customer stays loyal."\nmsgstr ""',
        'msgid "The customer stays loyal."\nmsgstr "顾客保持忠诚。"'), encoding="utf-8")
    (pot_dir / "page.pot").write_text(header + 'msgid "The customer stays very loyal."\n'
                                      'msgstr ""\n', encoding="utf-8")
    basic.update(str(locale_dir), str(pot_dir), (LANGUAGE,))
    [(msgid, msgstr, fuzzy)] = _entries(po)
    assert msgid == "The customer stays very loyal."
    assert fuzzy and msgstr == "顾客保持忠诚。"


# -- the Chinese build ----------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.switch: dict[str, str] | None = None
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "a" and "loyalty-language-switch" in attributes.get("class", "").split():
            self.switch = attributes


def _switch(page: Path) -> _Links:
    links = _Links()
    links.feed(page.read_text(encoding="utf-8"))
    links.close()
    return links


@pytest.mark.book
@pytest.mark.slow
def test_every_english_page_has_a_chinese_counterpart(built_book: Path) -> None:
    zh = built_book / EDITION
    assert (zh / "index.html").is_file(), "no Chinese edition in _build/html/zh"
    for doc in _toc_docs():
        english, chinese = built_book / f"{doc}.html", zh / f"{doc}.html"
        assert english.is_file(), english
        assert chinese.is_file(), f"{doc} has no Chinese page"
        assert _switch(chinese).html_lang == "zh-CN", chinese
    assert (zh / "searchindex.js").is_file()
    for stray in ("jupyter_execute", ".jupyter_cache", ".loyalty-lab-sources", ".doctrees"):
        assert not (built_book / stray).exists(), f"{stray} in the English book's folder"


@pytest.mark.book
@pytest.mark.slow
def test_the_language_switch_round_trips_to_the_same_page(built_book: Path) -> None:
    zh = built_book / EDITION
    for doc in _toc_docs():
        english = built_book / f"{doc}.html"
        there = _switch(english).switch
        assert there is not None, f"{doc}: no language switch"
        assert not re.match(r"[a-z]+:|/", there["href"]), f"{doc}: not a relative link"
        target = (english.parent / there["href"]).resolve()
        assert target == (zh / f"{doc}.html").resolve(), (doc, there["href"])
        back = _switch(target).switch
        assert back is not None, f"zh {doc}: no language switch"
        assert (target.parent / back["href"]).resolve() == english.resolve(), (doc, back["href"])


@pytest.mark.book
@pytest.mark.slow
def test_chinese_search_segments_words(built_book: Path) -> None:
    """Sphinx's zh search with jieba: a Chinese word of a page is one term of the index."""
    text = (built_book / EDITION / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    assert "zh" in text[:200] or index.get("envversion"), "not a search index"
    terms = index["terms"]
    # The glossary gives every term its Chinese name: those words must be indexed whole.
    for word in ("生命周期", "忠诚"):
        assert word in terms, f"{word!r} is not a term of the Chinese search index"
    english = (built_book / "searchindex.js").read_text(encoding="utf-8")
    assert "Search.setIndex" in english


# -- the figures' Chinese font --------------------------------------------------------------

def test_matplotlib_draws_chinese_with_the_vendored_font() -> None:
    """No glyph of the Chinese edition is drawn as a box, and no system font is involved."""
    import sys
    import warnings

    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sim.i18n.fonts import FAMILY, FONT_PATH, use_cjk_font

    sys_path = str(REPO_ROOT / "scripts")
    sys.path.insert(0, sys_path)
    try:
        from subset_cjk_font import book_characters
    finally:
        sys.path.remove(sys_path)
    assert use_cjk_font() == FAMILY
    found = font_manager.findfont(font_manager.FontProperties(family=FAMILY),
                                  fallback_to_default=False)
    assert Path(found).resolve() == FONT_PATH.resolve()
    text = "".join(sorted(book_characters()))
    with matplotlib.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" becomes an error
        fig = Figure(figsize=(8, 2))
        lines = [text[i:i + 60] for i in range(0, len(text), 60)]
        fig.text(0.01, 0.5, "\n".join(["客户关系生命周期 IV 0.25", *lines]))
        FigureCanvasAgg(fig).draw()


def test_translations_carry_the_english_machinery_over() -> None:
    """Every translated message keeps its glued values, references, citations, maths, code and
    links (a reference may gain a Chinese title; its target must not change)."""
    from sim.i18n.markup import catalogue_problems

    broken = {str(po.relative_to(CATALOGUES)): problems
              for po in sorted(CATALOGUES.rglob("*.po"))
              for problems in [catalogue_problems(po)] if problems}
    assert not broken, json.dumps(broken, ensure_ascii=False, indent=1)[:4000]


def test_the_markup_check_sees_a_lost_glue_value_and_a_changed_target() -> None:
    from sim.i18n.markup import markup_problems

    english = "Churn is {glue:text}`ch1_churn:.1%` a year; see {term}`churn rate` and {cite}`x`."
    good = "每年流失 {glue:text}`ch1_churn:.1%`；见{term}`客户流失率 <churn rate>`与 {cite}`x`。"
    assert markup_problems(english, good) == []
    assert markup_problems(english, good.replace("{glue:text}`ch1_churn:.1%`", "3.1%")) == [
        "missing 'glue:text:ch1_churn:.1%'"]
    assert markup_problems(english, good.replace("churn rate>", "churn>")) == [
        "missing 'term:churn rate'", "not in the English: 'term:churn'"]


# -- sentences built by code: a Chinese variant beside every English one ---------------------

ENGLISH_WORD = re.compile(r"\b(?![IVX]+\b)[A-Za-z]{3,}\b")
"""An English word: three letters or more, not a pattern's Roman numeral (II, III, IV)."""
PASTED = re.compile(r"\{glue(?::text|:md|:any)?\}`([A-Za-z0-9_]+)")
"""A page pasting a glued value inline: {glue:text}`key:.0%`, {glue:md}`key`."""


def _pasted_keys() -> dict[str, set[str]]:
    """Page (document name) -> the glue keys its text pastes inline."""
    book = REPO_ROOT / "book"
    return {str(md.relative_to(REPO_ROOT).with_suffix("")): set(PASTED.findall(
        md.read_text(encoding="utf-8"))) for md in sorted(book.glob("*.md"))}


def _glue_text(output: dict) -> str | None:
    data = output.get("data", {})
    if "text/markdown" in data:
        value = data["text/markdown"]
    elif "text/plain" in data and not any(k.startswith("image/") for k in data):
        value = data["text/plain"]
    else:
        return None
    value = "".join(value) if isinstance(value, list) else value
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]  # a glued str is shown by its repr
    return value


def _glued_values(book_html: Path, doc: str) -> dict[str, str]:
    """Glue key -> text value of one page's executed notebook (the English build's).

    myst-nb keeps a notebook's glue outputs in ``<notebook>.glue.json`` beside it.
    """
    path = book_html.parent / "jupyter_execute" / f"{doc}.glue.json"
    assert path.is_file(), f"no glue data for {doc}: {path}"
    outputs = json.loads(path.read_text(encoding="utf-8"))
    values = {name: _glue_text(output) for name, output in outputs.items()}
    return {name: text for name, text in values.items() if text is not None}


@pytest.mark.book
@pytest.mark.slow
def test_every_pasted_english_sentence_has_a_chinese_variant(built_book: Path) -> None:
    """A value a page pastes into its prose that contains English words must be glued
    again as ``key__zh_CN`` (the Chinese edition swaps it in, book/_ext/translation.py)."""
    missing = {}
    for doc, keys in _pasted_keys().items():
        if not keys:
            continue
        values = _glued_values(built_book, doc)
        for key in sorted(keys):
            value = values.get(key)
            english = value is not None and ENGLISH_WORD.search(value)
            if english and f"{key}__{LANGUAGE}" not in values:
                missing[f"{doc}:{key}"] = value[:80]
    assert not missing, json.dumps(missing, ensure_ascii=False, indent=1)


def _page_text(page: Path) -> str:
    import html

    # Not scripts, styles or code: a chapter's shown code may well contain the English.
    text = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", page.read_text(encoding="utf-8"),
                  flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


@pytest.mark.book
@pytest.mark.slow
@pytest.mark.parametrize("doc,key", [
    ("book/ch02_bonding", "ch2_soc_vs_str"),
    ("book/ch05_loyalty_drivers", "ch5_fact13"),
    ("book/ch07_churn_programmes", "ch7_copying"),
    ("book/ch07_churn_programmes", "ch7_fact14"),
    ("book/ch08_instructors_guide", "ch8_fact10_evidence"),
    ("book/ch08_instructors_guide", "ch8_price_text"),
    ("book/appendix_model", "app_stages"),
])
def test_a_chinese_page_shows_no_english_sentence_from_the_runs(built_book: Path, doc: str,
                                                               key: str) -> None:
    values = _glued_values(built_book, doc)
    english, chinese = values[key], values[f"{key}__{LANGUAGE}"]
    words = " ".join(re.sub(r"[*_`]", "", english).split()[:4])  # the sentence's first words
    assert words in _page_text(built_book / f"{doc}.html"), f"{key} not on the English page"
    zh_page = _page_text(built_book / EDITION / f"{doc}.html")
    assert words not in zh_page, f"the Chinese {doc} shows {key} in English: {words!r}"
    assert re.sub(r"[*_`]", "", chinese).split()[0] in zh_page, f"{key}__{LANGUAGE} not shown"


def test_every_fact_sentence_and_model_name_has_its_chinese() -> None:
    """The facts' experiment sentences and the model's names have Chinese versions
    (the evidence sentences are checked by the build: sim.i18n.facts raises on an
    unknown sentence)."""
    from sim import facts
    from sim.i18n import names
    from sim.i18n.facts import evidence_zh, experiment_zh
    from sim.loyalty_types import LOYALTY_TYPES
    from sim.stages import EXIT_CAUSES, PATTERNS, STAGES

    for experiment in facts.FACTS:
        zh = experiment_zh(f"{experiment.describe} Seeds {list(facts.SEEDS)}.")
        assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert set(names.PATTERNS_ZH) == set(PATTERNS) and set(names.STAGES_ZH) == set(STAGES)
    assert set(names.LOYALTY_TYPES_ZH) == set(LOYALTY_TYPES)
    assert set(names.EXIT_CAUSES_ZH) == set(EXIT_CAUSES) - {""}
    assert names.pattern_zh("III") == "III（提前退出型）"
    too_few = "Too few active customers to draw a curve."
    assert evidence_zh(too_few) == "活跃客户太少，无法画出曲线。"
    with pytest.raises(ValueError):
        evidence_zh("A sentence sim.facts has never written.")


FIGURES_STILL_IN_ENGLISH: set[str] = set()
"""Static figures with no Chinese copy yet (sim.i18n.figures.chinese_figure): remove a
name when its chapter glues ``<name>__zh_CN``."""


@pytest.mark.book
@pytest.mark.slow
def test_static_figures_have_a_chinese_copy(built_book: Path) -> None:
    missing, done = [], []
    for md in sorted((REPO_ROOT / "book").glob("*.md")):
        doc = str(md.relative_to(REPO_ROOT).with_suffix(""))
        keys = re.findall(r"```\{glue:figure\}\s+(\S+)", md.read_text(encoding="utf-8"))
        if not keys:
            continue
        glued = json.loads((built_book.parent / "jupyter_execute" / f"{doc}.glue.json")
                           .read_text(encoding="utf-8"))
        for key in keys:
            has = f"{key}__{LANGUAGE}" in glued
            if not has and key not in FIGURES_STILL_IN_ENGLISH:
                missing.append(key)
            if has and key in FIGURES_STILL_IN_ENGLISH:
                done.append(key)
    assert not missing, f"figures with no Chinese copy: {missing}"
    assert not done, f"take these out of FIGURES_STILL_IN_ENGLISH: {done}"


# -- text the catalogues cannot reach --------------------------------------------------------

def test_every_part_caption_of_the_table_of_contents_has_a_translation(tmp_path: Path) -> None:
    """The sidebar's part captions come from _toc.yml (configuration, not messages)."""
    import yaml

    from sim.i18n.book import LANGUAGES, translated_toc

    (tmp_path / "_toc.yml").write_text((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    english = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for language in LANGUAGES:
        toc = yaml.safe_load(translated_toc(tmp_path, language).read_text(encoding="utf-8"))
        assert [p.get("chapters") for p in toc["parts"]] == \
            [p.get("chapters") for p in english["parts"]], "only the captions may change"
        for part in toc["parts"]:
            assert re.search(r"[\u4e00-\u9fff]", part["caption"]), part["caption"]
    broken = dict(english)
    broken["parts"] = [{**english["parts"][0], "caption": "A caption nobody translated"}]
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    with pytest.raises(ValueError, match="A caption nobody translated"):
        translated_toc(tmp_path, LANGUAGE)


@pytest.mark.book
@pytest.mark.slow
def test_the_chinese_sidebar_and_hidden_code_labels_are_chinese(built_book: Path) -> None:
    from sim.i18n.book import EDITION_SETTINGS, TOC_CAPTIONS

    page = (built_book / EDITION / "book" / "ch03_lifecycle.html").read_text(encoding="utf-8")
    for english, chinese in TOC_CAPTIONS[LANGUAGE].items():
        assert chinese in page, f"the Chinese sidebar lacks the caption {chinese!r}"
        assert f">{english}<" not in page, f"the Chinese sidebar shows {english!r}"
    assert "Show code cell" not in page
    assert EDITION_SETTINGS[LANGUAGE]["nb_code_prompt_show"] in page


GENERATED_TABLES = {
    "book/appendix_model": ("Sensitivity analysis:", "敏感性分析"),
    "book/ch08_instructors_guide": ("most common: pattern", "最常见"),
}
"""Per page, a phrase of a table code writes in each language: (English, Chinese)."""


@pytest.mark.book
@pytest.mark.slow
@pytest.mark.parametrize("doc", sorted(GENERATED_TABLES))
def test_tables_computed_from_runs_are_written_in_each_language(built_book: Path,
                                                                doc: str) -> None:
    """The validation report and the preset table come in both languages from code, and
    none of their (ever-changing) text is in the catalogues."""
    english, chinese = GENERATED_TABLES[doc]
    assert english in _page_text(built_book / f"{doc}.html")
    zh_page = _page_text(built_book / EDITION / f"{doc}.html")
    assert chinese in zh_page and english not in zh_page
    catalogue = [msgid for msgid, _, _ in _entries(CATALOGUES / f"{doc}.po")]
    assert not [m for m in catalogue if english in m], \
        f"generated text of {doc} is in its catalogue: run loyalty-lab book --update-catalogues"


def _glossary() -> list[tuple[str, str, list[str]]]:
    """(English term, Chinese name, labels the entry refers to) of every glossary entry."""
    text = (REPO_ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    body = text[text.index("```{glossary}"):]
    entries = re.findall(r"^([A-Z][^\n]*)\n([^\n]*[\u4e00-\u9fff][^\n]*)\n((?:  [^\n]*\n?)+)",
                         body, flags=re.M)
    return [(en.strip(), zh.strip(), re.findall(r"\{ref\}`([^`<]+)`", definition))
            for en, zh, definition in entries]


def _label_pages() -> dict[str, str]:
    """MyST target label -> the page (docname) that defines it."""
    pages = {}
    for md in (REPO_ROOT / "book").rglob("*.md"):
        for label in re.findall(r"^\(([\w-]+)\)=\s*$", md.read_text(encoding="utf-8"), re.M):
            pages[label] = str(md.relative_to(REPO_ROOT).with_suffix(""))
    return pages


def _chinese_names(chinese: str) -> list[str]:
    """The forms a glossary's Chinese name may take in running text.

    >>> _chinese_names("客户生命周期(预期)")
    ['客户生命周期(预期)', '预期客户生命周期', '客户生命周期']
    """
    names = []
    for name in (n.strip() for n in re.split(r"[；;/、]", chinese) if n.strip()):
        names.append(name)
        qualified = re.fullmatch(r"(.+?)[(（](.+?)[)）]", name)
        if qualified:  # "X(Y)": the text writes "YX" or just "X"
            names += [qualified[2] + qualified[1], qualified[1]]
    return [re.sub(r"[-–]", "-", re.sub(r"\s+", "", n)) for n in names]


@pytest.mark.book
@pytest.mark.slow
def test_every_glossary_term_is_used_in_the_chinese_chapters_by_its_chinese_name(
        built_book: Path) -> None:
    """The Chinese page a glossary entry points to ("See ...") uses the glossary's Chinese
    name for the term: one vocabulary across the glossary and the chapters."""
    entries = _glossary()
    assert len(entries) > 40, f"only {len(entries)} glossary entries parsed"
    pages = _label_pages()
    texts: dict[str, str] = {}
    missing = []
    for english, chinese, labels in entries:
        docs = [pages[label] for label in labels if label in pages] or [
            d for d in _toc_docs() if d.startswith("book/ch")]
        for doc in docs:
            if doc not in texts:  # emphasis splits words with a space: compare without them
                texts[doc] = re.sub(r"\s+", "", _page_text(built_book / EDITION / f"{doc}.html"))
        if not any(name in texts[doc] for doc in docs for name in _chinese_names(chinese)):
            missing.append(f"{english} / {chinese}: not on {', '.join(docs)}")
    assert not missing, "\n".join(missing)
