r"""Find the students in a submissions folder, whatever the LMS made of it.

Layouts:

``folders``
    ``SUBMISSIONS/<student>/<files>`` (one folder per student).
``canvas``
    Canvas's "Download Submissions" zip, unpacked: flat files named
    ``<lastfirst>_[LATE_]<user id>_<submission id>_<original name>``.
``moodle``
    Moodle's "Download all submissions": folders
    ``<Full Name>_<participant id>_assignsubmission_file_`` or, without
    "download submissions in folders", flat files
    ``<Full Name>_<participant id>_assignsubmission_file_<original name>``.
``auto``
    Whichever of these the folder looks like.

No name can break the batch: names that are not UTF-8 (zips made on
Windows), names that match output files, very long names or names that
start with ``=`` are all kept as the student's *display name* (decoded,
undecodable bytes shown as ``\xNN``) and given a *key*: a short, safe,
unique folder name for the student's output. Entries that fit no student
are reported, not guessed at.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LAYOUTS = ("auto", "folders", "canvas", "moodle")
_CANVAS = re.compile(r"^(?P<name>[^_]+)_(?:late_)?(?P<id>\d+)_(?P<sub>\d+)_(?P<file>.+)$",
                     re.IGNORECASE)
_MOODLE_FILE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_[a-z]+_(?P<file>.+)$")
_MOODLE_DIR = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_[a-z]+_?$")
_IGNORED = {"__MACOSX", "Thumbs.db", "desktop.ini", ".DS_Store"}
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                     *(f"lpt{i}" for i in range(10))}
MAX_KEY = 60
MAX_DEPTH = 3
MAX_FILES = 200


class LayoutError(ValueError):
    """The submissions folder cannot be read as the requested layout."""


@dataclass
class StudentFiles:
    """One student's files, their display name and their output key."""

    key: str
    name: str
    files: list[Path] = field(default_factory=list)
    #: File -> the name the student gave it (an LMS prefixes its own parts).
    labels: dict[Path, str] = field(default_factory=dict)

    def label(self, path: Path) -> str:
        """The name to show and to read a chapter number from."""
        return self.labels.get(path) or display(path.name)


@dataclass
class Discovery:
    """What was found: students, the layout used and entries that fit nobody."""

    layout: str
    students: list[StudentFiles]
    ignored: list[str] = field(default_factory=list)


def display(name: str) -> str:
    r"""A printable form of a file name (undecodable bytes as ``\xNN``)."""
    raw = os.fsencode(name)
    text = raw.decode("utf-8", errors="backslashreplace")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def make_key(name: str, taken: set[str]) -> str:
    """A safe, unique output folder name for a student.

    Letters, digits, ``.``, ``-``, ``_`` and ``@`` are kept (accents folded
    to ASCII); anything else becomes ``_``. When that changed the name, or
    it is long, reserved or already taken, a short hash of the original
    bytes is appended, so two names never share a folder.
    """
    raw = os.fsencode(name)
    text = unicodedata.normalize("NFKD", raw.decode("utf-8", errors="replace"))
    text = text.encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9.@_-]+", "_", text).strip("._-")[:MAX_KEY] or "student"
    suffix = hashlib.sha256(raw).hexdigest()[:8]
    key = cleaned
    if (cleaned != name or cleaned.lower() in _WINDOWS_RESERVED
            or cleaned.lower() in taken):
        key = f"{cleaned}-{suffix}"
    while key.lower() in taken:
        suffix = hashlib.sha256(suffix.encode()).hexdigest()[:8]
        key = f"{cleaned}-{suffix}"
    taken.add(key.lower())
    return key


def _visible(entry: os.DirEntry) -> bool:
    return not entry.name.startswith(".") and entry.name not in _IGNORED


def _files_of(folder: Path, ignored: list[str], prefix: str, depth: int = 0) -> list[Path]:
    """The visible files of a student's folder, sub-folders included (a zip's folder).

    Hidden entries (``.ipynb_checkpoints``, ``._name``) are skipped; the walk
    stops at :data:`MAX_DEPTH` levels and :data:`MAX_FILES` files.
    """
    files: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
    except OSError as exc:
        ignored.append(f"{prefix}: cannot be read ({exc.strerror})")
        return files
    for entry in entries:
        if not _visible(entry):
            continue
        if entry.is_dir(follow_symlinks=False) and depth < MAX_DEPTH:
            files += _files_of(Path(entry.path), ignored, prefix, depth + 1)
        else:
            files.append(Path(entry.path))
        if len(files) >= MAX_FILES:
            ignored.append(f"{prefix}: more than {MAX_FILES} files; the rest were not read")
            return files[:MAX_FILES]
    return files


def _folders(root: Path, entries: list[os.DirEntry], ignored: list[str]) -> list[StudentFiles]:
    students = []
    taken: set[str] = set()
    for entry in entries:
        if entry.is_symlink():
            ignored.append(f"{display(entry.name)}: a symbolic link, not a student folder")
            continue
        if not entry.is_dir(follow_symlinks=False):
            ignored.append(f"{display(entry.name)}: a file, not a student folder")
            continue
        name = display(entry.name)
        files = _files_of(Path(entry.path), ignored, name)
        students.append(StudentFiles(make_key(entry.name, taken), name, files))
    return students


def _grouped(entries: list[os.DirEntry], pattern: re.Pattern, ignored: list[str],
             label: str, folders: re.Pattern | None = None) -> list[StudentFiles]:
    groups: dict[str, StudentFiles] = {}
    taken: set[str] = set()
    for entry in entries:
        text = display(entry.name)
        is_dir = entry.is_dir(follow_symlinks=False)
        match = (folders.match(text) if is_dir and folders else pattern.match(text))
        if entry.is_symlink() or not match or (is_dir and not folders):
            ignored.append(f"{text}: does not look like a {label} submission")
            continue
        person = f"{match.group('name')} ({match.group('id')})"
        if person not in groups:
            groups[person] = StudentFiles(make_key(f"{match.group('name')}_{match.group('id')}",
                                                   taken), person)
        if is_dir:
            groups[person].files += _files_of(Path(entry.path), ignored, text)
        else:
            path = Path(entry.path)
            groups[person].files.append(path)
            groups[person].labels[path] = match.group("file")
    return list(groups.values())


def discover(root: Path, layout: str = "auto") -> Discovery:
    """Find the students under ``root`` in the given layout.

    Raises:
        LayoutError: for an unknown layout or an unreadable folder.
    """
    if layout not in LAYOUTS:
        raise LayoutError(f"layout must be one of {', '.join(LAYOUTS)}, got {layout!r}")
    try:
        every = sorted(os.scandir(root), key=lambda e: os.fsencode(e.name))
    except OSError as exc:
        raise LayoutError(f"{root}: cannot be read ({exc.strerror})") from None
    entries = [e for e in every if _visible(e)]
    ignored = [f"{display(e.name)}: hidden (its name starts with a dot), not graded"
               for e in every if not _visible(e) and e.name not in _IGNORED]
    if layout == "auto":
        layout = _guess(entries)
    if layout == "canvas":
        students = _grouped(entries, _CANVAS, ignored, "Canvas")
    elif layout == "moodle":
        students = _grouped(entries, _MOODLE_FILE, ignored, "Moodle", folders=_MOODLE_DIR)
    else:
        students = _folders(root, entries, ignored)
    students.sort(key=lambda s: s.key.lower())
    return Discovery(layout=layout, students=students, ignored=ignored)


def _guess(entries: list[os.DirEntry]) -> str:
    dirs = [e for e in entries if e.is_dir(follow_symlinks=False)]
    files = [e for e in entries if not e.is_dir(follow_symlinks=False)]
    names = [display(e.name) for e in entries]
    if dirs and all(_MOODLE_DIR.match(display(e.name)) for e in dirs) and not any(
            not _MOODLE_FILE.match(display(e.name)) for e in files):
        return "moodle"
    if files and len(files) >= len(dirs):
        canvas = sum(bool(_CANVAS.match(n)) for n in names)
        moodle = sum(bool(_MOODLE_FILE.match(n)) for n in names)
        if moodle and moodle >= canvas:
            return "moodle"
        if canvas:
            return "canvas"
    return "folders"


def hint(root: Path) -> str:
    """What to do when no student was found (for the error message)."""
    return (f"no student submissions found in {root}. Expected one folder per student "
            "(SUBMISSIONS/<student>/chNN.ipynb), a Canvas download (flat files "
            "<name>_<userid>_<submissionid>_<file>) or a Moodle download "
            "(<Full Name>_<id>_assignsubmission_file_...); see --layout")
