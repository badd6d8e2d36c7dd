"""The built model appendix shows the ODD description and the current validation report."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from sim.validation import odd, report

ROOT = Path(__file__).resolve().parents[1]


def _text(page: Path) -> str:
    raw = page.read_text()
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))
    return text.translate(str.maketrans("‘’“”", "''\"\""))  # MyST's typographic quotes


@pytest.mark.book
def test_appendix_shows_odd_and_validation(built_book: Path) -> None:
    page = built_book / "book" / "appendix_model.html"
    text = _text(page)
    assert 'id="odd-description"' in page.read_text()
    for number, (title, _) in enumerate(odd.ELEMENTS, start=1):
        assert f"{number}. {title}." in text
    saved = report.read_report(ROOT / report.BOOK_REPORT)
    assert saved is not None
    assert f"Report key {saved['key']}" in text  # the page shows the committed report
    assert report.is_fresh(saved, report.BOOK_SETTINGS), \
        "the book build must leave a fresh report behind (commit it)"
    for criterion in saved["criteria"]:
        assert " ".join(criterion["evidence"].split()) in text
    for fact in saved["robust_facts"]:
        assert fact["claim"] in text
    for lever in saved["levers"]:
        assert lever["lever"] in text
    assert "{glue" not in text and "val_required" not in text
