"""The book's translated editions: gettext catalogues and the Chinese build (issue 13).

One structure, two languages: the English sources under ``book/`` are the
only sources. Sphinx's gettext builder extracts every translatable message
(paragraphs, headings, list items, table cells, admonitions, captions,
glossary entries, the table of contents' captions) into one ``.pot`` template
per page; ``sphinx-intl`` merges them into the catalogues that translators
edit, one ``.po`` file per page under ``book/locales/<language>/LC_MESSAGES``
(the same folder structure as ``book/``). A message whose English changed
keeps its old translation marked *fuzzy*, which the build does not use (the
page shows the new English) and the catalogue test reports.

The translated edition is a second Sphinx run on the same sources with
``language`` set, into ``_build/html/<folder>`` (``zh`` for ``zh_CN``), with
its own doctrees and executed-notebook folder but the English build's
jupyter-cache: no chapter is executed twice.

Commands (also ``loyalty-lab book --update-catalogues``)::

    python -m sim.i18n.book update      # extract and merge the catalogues
    python -m sim.i18n.book build zh_CN  # build one translated edition
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

LOCALE_DIR = Path("book") / "locales"
"""The catalogues: ``book/locales/<language>/LC_MESSAGES/<docname>.po``."""
LANGUAGES = {"zh_CN": "zh"}
"""Each translated edition's Sphinx language code -> its folder under ``_build/html``."""
GETTEXT_DIR = Path("_build") / "gettext"
GETTEXT_MIME_PRIORITY = [("gettext", mime, rank) for rank, mime in enumerate(
    ("image/svg+xml", "image/png", "image/jpeg", "image/gif"), start=1)]
"""Outputs the message extraction prefers: images first, as the HTML book shows them.

myst-nb's default for the gettext builder keeps only a figure's text form
(``<Figure size ...>``), so the figure's image, and the alt text written for
it, never reached the catalogues; the reader of the Chinese edition got the
English alt text.
"""
EDITION_SETTINGS = {
    "zh_CN": {"nb_code_prompt_show": "显示代码", "nb_code_prompt_hide": "隐藏代码"},
}
"""Per translated edition, Sphinx settings whose text the catalogues cannot reach:
myst-nb's labels of hidden code cells are configuration values, not messages."""
EXECUTION_CACHE = Path("_build") / ".jupyter_cache"


_NO_WORDS = (
    # roles whose target is no prose: maths, glued values, equation numbers, citations,
    # and references without a title of their own (they show the target's, translated there)
    re.compile(r"\{(?:math|glue(?::[a-z]+)?|eq|cite:?[a-z]*)\}`[^`]*`"),
    re.compile(r"\{(?:ref|numref|doc)\}`[^`<]*`"),
    re.compile(r"\{[a-z:]+\}`([^`]*)`"),   # other roles ({term}, {doc}): their text counts
    re.compile(r"`[^`]*`"),                 # code literals
    re.compile(r"\$[^$]*\$"),               # inline maths
)


def needs_translation(msgid: str) -> bool:
    """Whether a message has words to translate (not only code, maths, numbers, references).

    The model appendix, for one, has table cells such as ```EQUITY_SPREAD``` or
    ``0.21 ± 0.07``: the Chinese edition shows them as they are.

    >>> needs_translation("`EQUITY_SPREAD`"), needs_translation("0.21 ± 0.07")
    (False, False)
    >>> needs_translation("{term}`exploration <exploration stage>`")
    True
    >>> needs_translation("{glue:text}`ch4_avg:.2f` ({math}`x`)")
    False

    Words must be English to need a translation: a cell already in Chinese,
    a pattern's numeral, an outcome's identifier (``type_latent``) or a
    reference that shows its target's (translated) title stay as they are.

    >>> [needs_translation(m) for m in ("中文", "III", "type_latent", "{ref}`ch-bonding`")]
    [False, False, False, False]
    >>> needs_translation("{ref}`the bonding chapter <ch-bonding>`")
    True
    """
    text = msgid
    for pattern in _NO_WORDS:
        text = pattern.sub(r" \1 " if pattern.groups else " ", text)
    words = re.findall(r"[\w-]+", text)
    return any(re.search(r"[A-Za-z]", word) and word not in _NOT_WORDS and "_" not in word
               for word in words)


_NOT_WORDS = frozenset({"I", "II", "III", "IV"})
"""Roman numerals the book uses as names (patterns I to IV): the same in every edition."""


def doctree_dir(root: Path, language: str) -> Path:
    """Sphinx's environment and doctrees of one edition's build (never inside the HTML)."""
    return root / "_build" / f".doctrees-{language}"


def output_dir(root: Path, language: str) -> Path:
    """Where one translated edition's HTML goes: a folder of the English book."""
    return root / "_build" / "html" / LANGUAGES[language]


def untranslated_report(root: Path, language: str) -> dict[str, dict]:
    """The last build's messages without a translation, by page (see book/_ext/translation.py)."""
    path = doctree_dir(root, language) / "untranslated.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _overrides(root: Path, language: str | None) -> dict:
    """Sphinx settings on top of ``_config.yml`` (the ``jupyter-book build`` ones, plus i18n)."""
    overrides: dict = {
        "external_toc_path": (root / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        # The English build's execution cache (myst-nb would look beside the output folder).
        "nb_execution_cache_path": str((root / EXECUTION_CACHE).resolve()),
    }
    if language is not None:
        overrides["language"] = language
        overrides.update(EDITION_SETTINGS.get(language, {}))
        overrides["external_toc_path"] = translated_toc(root, language).as_posix()
        overrides["loyalty_output_folder"] = str(
            (root / "_build" / f"jupyter_execute-{language}").resolve())
    return overrides


TOC_CAPTIONS = {
    "zh_CN": {
        "Start here": "从这里开始",
        "Relationship marketing": "关系营销",
        "For instructors": "教师用",
        "Appendices": "附录",
    },
}
"""The captions of ``_toc.yml``'s parts, per translated edition.

The sidebar's part captions come from the table of contents, which
sphinx-external-toc reads as configuration: no catalogue reaches them. Each
translated build therefore reads a copy of ``_toc.yml`` with its captions
translated (:func:`translated_toc`); a caption without a translation stops
the build."""


def translated_toc(root: Path, language: str) -> Path:
    """Write ``_toc.yml`` with the part captions in ``language``; return the copy's path."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    captions = TOC_CAPTIONS.get(language, {})
    for part in toc.get("parts", []):
        caption = part.get("caption")
        if caption is not None:
            if caption not in captions:
                raise ValueError(f"the table of contents' caption {caption!r} has no "
                                 f"{language} translation in sim/i18n/book.py TOC_CAPTIONS")
            part["caption"] = captions[caption]
    path = root / "_build" / f"toc-{language}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def sphinx_command(root: Path, builder: str, outdir: Path, doctrees: Path,
                   language: str | None, *, fresh: bool) -> list[str]:
    """The command line that runs one Sphinx build of the book in a fresh interpreter."""
    overrides = _overrides(root, language)
    if builder == "gettext":
        overrides["nb_mime_priority_overrides"] = GETTEXT_MIME_PRIORITY
    spec = {
        "root": str(root), "builder": builder, "outdir": str(outdir),
        "doctrees": str(doctrees), "overrides": overrides, "fresh": fresh,
    }
    return [sys.executable, "-m", "sim.i18n.book", "_sphinx", json.dumps(spec)]


def _run_sphinx(spec: dict) -> int:
    """Run Sphinx the way ``jupyter-book build -W -n --keep-going`` does, with other folders."""
    from jupyter_book.sphinx import build_sphinx

    root = Path(spec["root"])
    result = build_sphinx(
        root, Path(spec["outdir"]), use_external_toc=True, noconfig=True,
        path_config=str(root / "_config.yml"), confoverrides=spec["overrides"],
        doctreedir=spec["doctrees"], builder=spec["builder"], warningiserror=True,
        keep_going=True, freshenv=spec["fresh"],
    )
    return result if isinstance(result, int) else 1


def _env(root: Path) -> dict[str, str]:
    from sim.bookbuild import _build_env

    env = _build_env(root)
    # Where the execution cache and its marker live (book/_ext/generated_sources.py):
    # the English build's, not the folder above this edition's HTML.
    env["LOYALTY_LAB_BUILD_DIR"] = str((root / "_build").resolve())
    return env


def build_edition(root: Path, language: str, *, fresh: bool = False) -> int:
    """Build one translated edition into ``_build/html/<folder>``; return Sphinx's status."""
    outdir = output_dir(root, language)
    cmd = sphinx_command(root, "html", outdir, doctree_dir(root, language), language,
                         fresh=fresh)
    print(f"[book] building the {language} edition into {outdir.relative_to(root)}",
          flush=True)
    started = time.perf_counter()
    status = subprocess.run(cmd, cwd=root, env=_env(root), check=False).returncode
    elapsed = time.perf_counter() - started
    if status == 0:
        left = untranslated_report(root, language)
        missing = sum(len(v["untranslated"]) for v in left.values())
        total = sum(v["messages"] for v in left.values())
        print(f"[book] {language} edition built in {elapsed:.0f} s "
              f"({total - missing} of {total} messages translated; the rest shows in English)",
              flush=True)
    else:
        print(f"[book] {language} edition FAILED (exit {status}) after {elapsed:.0f} s",
              flush=True)
    return status


def update_catalogues(root: Path, languages: list[str] | None = None) -> int:
    """Extract the book's messages and merge them into the catalogues of every language.

    Existing translations are kept; a message whose English changed keeps its
    old translation marked fuzzy; messages no longer in the book are dropped.
    Uses the English build's execution cache, so run ``loyalty-lab book``
    first (otherwise the chapters are executed here).
    """
    gettext = root / GETTEXT_DIR
    shutil.rmtree(gettext, ignore_errors=True)  # a removed page must not leave its .pot
    cmd = sphinx_command(root, "gettext", gettext, root / "_build" / ".doctrees-gettext",
                         None, fresh=True)
    print("[book] extracting the book's messages into _build/gettext", flush=True)
    status = subprocess.run(cmd, cwd=root, env=_env(root), check=False).returncode
    if status != 0:
        print(f"[book] message extraction FAILED (exit {status})", flush=True)
        return status
    langs = languages or list(LANGUAGES)
    cmd = [sys.executable, "-m", "sphinx_intl", "update", "-p", str(gettext),
           "-d", str(root / LOCALE_DIR), "-w", "0"]
    for lang in langs:
        cmd += ["-l", lang]
    status = subprocess.run(cmd, cwd=root, check=False).returncode
    if status == 0:
        _drop_stale_catalogues(root, gettext, langs)
        print(f"[book] catalogues updated in {LOCALE_DIR}/ ({', '.join(langs)})", flush=True)
    return status


def _drop_stale_catalogues(root: Path, gettext: Path, languages: list[str]) -> None:
    """Remove the catalogue of a page that is no longer in the book (sphinx-intl keeps it)."""
    wanted = {p.relative_to(gettext).with_suffix(".po") for p in gettext.rglob("*.pot")}
    for lang in languages:
        base = root / LOCALE_DIR / lang / "LC_MESSAGES"
        for po in base.rglob("*.po"):
            if po.relative_to(base) not in wanted:
                print(f"[book] removing the catalogue of a page no longer in the book: {po}")
                po.unlink()
                po.with_suffix(".mo").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.i18n.book update|build LANG|_sphinx SPEC``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["_sphinx"]:
        return _run_sphinx(json.loads(args[1]))
    from sim.bookbuild import find_root

    root = find_root()
    if args[:1] == ["update"]:
        return update_catalogues(root, args[1:] or None)
    if args[:1] == ["build"] and len(args) == 2:
        return build_edition(root, args[1], fresh=os.environ.get("FRESH") == "1")
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
