"""Read a submitted notebook defensively, in the grader's own process.

Parsing happens here, not in the sandbox, so that a file that is not a
notebook (a PDF, a zip, truncated JSON, a notebook with strange cells) gets
a clear message instead of a crash. Only the code cells' sources leave this
module; nothing in the file is ever executed or unpickled here.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_NOTEBOOK_BYTES = 8 * 1024**2
MAX_CELLS = 500
FEEDBACK_LANGUAGES = ("en", "zh")
_CHAPTER_NAME = re.compile(r"ch(?:apter)?[_\- ]?0*(\d{1,2})(?!\d)", re.IGNORECASE)


class NotebookError(ValueError):
    """The file cannot be graded as a notebook; the message says why."""


@dataclass(frozen=True)
class Submission:
    """The parts of a submitted notebook the grader needs."""

    name: str
    raw: bytes
    cells: list[str]
    chapter: int | None
    lang: str = "en"


def read_bytes(path: Path) -> bytes:
    """Read a regular file (no symlinks, no devices), refusing huge ones."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise NotebookError(f"cannot open {path.name}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotebookError(f"{path.name} is not a regular file")
        data = os.read(fd, MAX_NOTEBOOK_BYTES + 1)
        while len(data) <= MAX_NOTEBOOK_BYTES:
            more = os.read(fd, MAX_NOTEBOOK_BYTES + 1 - len(data))
            if not more:
                break
            data += more
    finally:
        os.close(fd)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotebookError(f"{path.name} is larger than {MAX_NOTEBOOK_BYTES // 1024**2} MB")
    return data


def chapter_from_name(name: str) -> int | None:
    """Chapter number from a file name like ``ch06.ipynb`` (None if absent)."""
    match = _CHAPTER_NAME.search(name)
    if match and 0 <= int(match.group(1)) <= 99:
        return int(match.group(1))
    return None


def parse_notebook(name: str, data: bytes) -> Submission:
    """Validate nbformat-4 JSON and extract the code cells.

    Raises:
        NotebookError: with a message fit for the student's feedback.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError(f"{name} is not a notebook (not UTF-8 text)") from None
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise NotebookError(f"{name} is not valid notebook JSON ({exc})"[:300]) from None
    if isinstance(doc, dict) and doc.get("nbformat") not in (4, None):
        raise NotebookError(f"{name} uses nbformat {doc.get('nbformat')!r}; save it as "
                            "nbformat 4 (any current Jupyter does)")
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise NotebookError(f"{name} is JSON but not a Jupyter notebook (no 'cells' list)")
    if len(doc["cells"]) > MAX_CELLS:
        raise NotebookError(f"{name} has more than {MAX_CELLS} cells")
    cells: list[str] = []
    for cell in doc["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"{name} has a code cell whose source is not text")
        cells.append(source)
    return Submission(name=name, raw=data, cells=cells, chapter=_chapter(name, doc),
                      lang=_language(doc))


def _language(doc: dict) -> str:
    """The feedback language the notebook asks for (``loyalty_lab.lang``), else English.

    Students can edit metadata, so this only ever picks the words of their
    feedback: one of the known languages, never a value echoed back, never
    anything that reaches the marks.
    """
    meta = doc.get("metadata")
    info = meta.get("loyalty_lab") if isinstance(meta, dict) else None
    lang = info.get("lang") if isinstance(info, dict) else None
    return lang if lang in FEEDBACK_LANGUAGES else "en"


def _chapter(name: str, doc: dict) -> int | None:
    meta = doc.get("metadata")
    if isinstance(meta, dict):
        info = meta.get("loyalty_lab")
        if isinstance(info, dict):
            number = info.get("chapter")
            if isinstance(number, int) and not isinstance(number, bool):
                return number
    return chapter_from_name(name)
