"""``loyalty-lab book``'s local switch for a stale validation report, and the cache key.

``LOYALTY_LAB_SKIP_VALIDATION=1`` lets a local build show the committed
validation report without refreshing it (a refresh takes about a quarter of
an hour); CI must never use it, and the chapters' execution cache must not
keep an appendix made with another report or with the switch in another
position.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sim import bookbuild
from sim.validation import report

REPO_ROOT = Path(__file__).resolve().parents[1]


def _book(tmp_path: Path, saved: dict | None) -> Path:
    """A minimal checkout: the sim package (copied) and a committed report."""
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "sim", root / "sim",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "_config.yml").write_text("title: t\n")
    (root / "_toc.yml").write_text("root: index\n")
    path = root / report.BOOK_REPORT
    path.parent.mkdir(parents=True)
    if saved is not None:
        path.write_text(json.dumps(saved))
    return root


def test_skip_is_off_by_default_and_never_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(bookbuild.SKIP_VALIDATION_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert not bookbuild.skip_validation()
    monkeypatch.setenv(bookbuild.SKIP_VALIDATION_ENV, "1")
    assert bookbuild.skip_validation()
    for ci in ("true", "1", "yes"):
        monkeypatch.setenv("CI", ci)
        assert not bookbuild.skip_validation(), ci
    monkeypatch.setenv("CI", "false")
    assert bookbuild.skip_validation()
    monkeypatch.setenv(bookbuild.SKIP_VALIDATION_ENV, "0")
    assert not bookbuild.skip_validation()


def test_a_skipped_build_shows_the_stale_report_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = {"key": "an-older-model", "criteria": []}
    root = _book(tmp_path, stale)
    calls = []
    monkeypatch.setattr(report, "load_or_build", lambda *a, **k: calls.append(a) or {"key": "x"})
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(bookbuild.SKIP_VALIDATION_ENV, "1")
    shown, fresh = bookbuild.book_validation_report(root)
    assert shown == stale and fresh is False and not calls
    bookbuild.prebuild_validation(root)  # does not refresh either
    assert not calls
    # without the switch (or in CI) a stale report is always refreshed
    monkeypatch.setenv("CI", "true")
    shown, fresh = bookbuild.book_validation_report(root)
    assert shown == {"key": "x"} and fresh is True and len(calls) == 1


def test_a_skipped_build_without_any_report_still_computes_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _book(tmp_path, None)
    monkeypatch.setattr(report, "load_or_build", lambda *a, **k: {"key": "new"})
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(bookbuild.SKIP_VALIDATION_ENV, "1")
    assert bookbuild.book_validation_report(root) == ({"key": "new"}, True)


def test_execution_cache_key_follows_the_report_and_the_switch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refreshed report, or toggling the switch, re-executes the chapters (the appendix)."""
    root = _book(tmp_path, {"key": "one"})
    monkeypatch.delenv(bookbuild.SKIP_VALIDATION_ENV, raising=False)
    first = bookbuild.source_fingerprint(root)
    assert bookbuild.source_fingerprint(root) == first
    (root / report.BOOK_REPORT).write_text(json.dumps({"key": "two"}))
    second = bookbuild.source_fingerprint(root)
    assert second != first
    monkeypatch.setenv(bookbuild.SKIP_VALIDATION_ENV, "1")
    assert bookbuild.source_fingerprint(root) != second
    build = tmp_path / "build"
    (build / bookbuild.EXECUTION_CACHE.name).mkdir(parents=True)
    (build / bookbuild.SOURCES_MARKER.name).write_text(second)
    assert bookbuild.refresh_execution_cache(root, build) is True
    assert not (build / bookbuild.EXECUTION_CACHE.name).exists()


# --- chapters executed on every core before Sphinx reads them --------------------------------
NOTEBOOK_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

# {title}

```{{code-cell}} ipython3
import os
print({code})
```
"""


def _notebook_book(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A book whose pages print something; a plain Markdown page is not a notebook."""
    root = tmp_path / "nb-book"
    (root / "book").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\nexecute:\n  timeout: 60\n")
    toc = ["format: jb-book", "root: book/index", "chapters:"]
    (root / "book" / "index.md").write_text("# Plain page\n")
    for name, code in pages.items():
        (root / "book" / f"{name}.md").write_text(NOTEBOOK_PAGE.format(title=name, code=code))
        toc.append(f"  - file: book/{name}")
    (root / "_toc.yml").write_text("\n".join(toc) + "\n")
    return root


@pytest.mark.slow
def test_chapters_run_in_parallel_into_the_cache_the_build_reads(tmp_path: Path) -> None:
    from jupyter_cache import get_cache

    root = _notebook_book(tmp_path, {
        "one": "'one', os.getcwd()", "two": "'two', os.environ['MPLBACKEND']",
        "broken": "1 / 0"})
    assert [p.stem for p in bookbuild.notebook_pages(root)] == ["one", "two", "broken"]
    assert bookbuild.execute_chapters(root, workers=2) == 2  # the broken page stays out
    cache = get_cache(str(root / bookbuild.EXECUTION_CACHE))
    for name, printed in (("one", f"one {root / 'book'}"),
                          ("two", f"two {bookbuild.INLINE_BACKEND}")):
        record = cache.match_cache_notebook(bookbuild._read_notebook(root / "book" / f"{name}.md"))
        outputs = cache.get_cache_bundle(record.pk).nb.cells[-1].outputs
        assert outputs[0]["text"].strip() == printed  # run in the page's folder, build's env
    with pytest.raises(KeyError):
        cache.match_cache_notebook(bookbuild._read_notebook(root / "book" / "broken.md"))
    # a second build finds the two cached; one page left is not worth a pool
    assert bookbuild.execute_chapters(root, workers=2) == 0
