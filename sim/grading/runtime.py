"""The read-only runtime a sandboxed notebook sees: an allowlist at neutral paths.

Student code sees exactly this, wherever the checkout, the virtual
environment or the output folders live:

``/opt/python/bin/python3``
    the interpreter (the real binary, not the venv's symlink);
``/opt/python/lib/pythonX.Y``
    its standard library (its own ``site-packages`` masked empty);
``/opt/python/lib/libpython*.so*``
    the interpreter's shared library, when it has one;
``/opt/python/site/<name>``
    one entry per top-level folder or module of the packages student code
    may import: :data:`STUDENT_PACKAGES` and everything they require
    (their files are taken from the packages' installation records);
``/opt/loyaltylab/lib/sim/...``
    the student-facing part of the engine: its modules and subpackages
    except ``exercises`` and ``grading`` (a staged copy, see below; data
    folders such as the widgets' static assets are left out too);
``/opt/python/native/``
    the shared libraries those need and nothing else of the system: the
    ELF dependencies of the interpreter and of every extension module,
    found by reading their dynamic sections (a staged copy, found through
    ``LD_LIBRARY_PATH``), plus the dynamic loader at its own path.

Nothing else is bound: not ``/usr``, ``/lib`` or ``/etc``, not the venv
(its ``src/``, ``.pth`` files or editable finders), not the checkout, its
``.git`` or its neighbours. ``/proc`` is not mounted either, so the
command lines and mount table (which name the host paths of the binds)
cannot be read from inside.

The engine and the libraries are *staged*: hard-linked (or copied) into a
folder of the grading user's cache, one per content, so that a sandbox
binds two folders instead of a hundred files (each bind costs start-up
time).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata as metadata
import os
import re
import shutil
import struct
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import sim

#: Packages student code may import (with everything they require).
STUDENT_PACKAGES = ("numpy", "pandas", "matplotlib", "mesa")
#: Parts of the ``sim`` package that never enter a sandbox.
PRIVATE_SUBPACKAGES = frozenset({"exercises", "grading"})

PYTHON_HOME = "/opt/python"
SANDBOX_PYTHON = f"{PYTHON_HOME}/bin/python3"
SANDBOX_SITE = f"{PYTHON_HOME}/site"
SANDBOX_LIBDIR = f"{PYTHON_HOME}/lib"
SANDBOX_NATIVE = f"{PYTHON_HOME}/native"
ENGINE_ROOT = "/opt/loyaltylab/lib"

#: Libraries the C library opens by name at run time (not in any ELF header).
_DLOPENED = ("libgcc_s.so.1",)
#: Standard-library extensions a headless sandbox has no use for (Tk, terminals).
_SKIPPED_MODULES = ("_tkinter", "_curses", "readline")
_SYSTEM_LIB_DIRS = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib")


@dataclass(frozen=True)
class Runtime:
    """Binds (host path, sandbox path) making up the sandbox's read-only runtime."""

    binds: tuple[tuple[str, str], ...]
    masks: tuple[str, ...]
    python: str = SANDBOX_PYTHON
    pythonpath: tuple[str, ...] = (ENGINE_ROOT, SANDBOX_SITE)
    env: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def engine_root() -> Path:
    """Folder that contains the ``sim`` package."""
    return Path(next(iter(sim.__path__))).resolve().parent


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def student_distributions(roots: tuple[str, ...] = STUDENT_PACKAGES
                          ) -> list[metadata.Distribution]:
    """The installed distributions of ``roots`` and of what they require (no extras)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = _normalise(name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        for requirement in dist.requires or []:
            spec, _, marker = requirement.partition(";")
            if "extra" in marker or not _marker_holds(marker):
                continue
            match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
            if match:
                todo.append(match.group(1))
    return [seen[k] for k in sorted(seen)]


def _marker_holds(marker: str) -> bool:
    """Evaluate an environment marker when ``packaging`` is there (else: assume it holds)."""
    marker = marker.strip()
    if not marker:
        return True
    try:
        from packaging.markers import Marker
    except ImportError:
        return True
    try:
        return Marker(marker).evaluate()
    except Exception:  # noqa: BLE001 - an odd marker only costs an extra bind
        return True


def _site_entries(dists: list[metadata.Distribution]) -> dict[str, Path]:
    """Top-level name -> host path of every file or folder those distributions installed.

    Distributions installed in the engine's own checkout (an egg-info of an
    editable install) are left out: the engine is staged separately.
    """
    engine = engine_root()
    entries: dict[str, Path] = {}
    for dist in dists:
        base = Path(str(dist.locate_file(""))).resolve()
        if base == engine or not base.is_dir():
            continue
        for item in dist.files or []:
            parts = item.parts
            if not parts or parts[0] in ("..", "__pycache__", "sim") or parts[0].endswith(
                    ".pth"):
                continue
            path = base / parts[0]
            if path.exists() and not path.is_symlink():
                entries.setdefault(parts[0], path)
    return entries


def _site_dirs() -> list[str]:
    paths = sysconfig.get_paths()
    dirs = []
    for key in ("purelib", "platlib"):
        if paths.get(key) and paths[key] not in dirs:
            dirs.append(paths[key])
    return dirs


def _engine_entries(root: Path) -> dict[str, Path]:
    """Name -> path of the student-facing entries of the ``sim`` package."""
    package = root / "sim"
    entries: dict[str, Path] = {}
    for entry in sorted(package.iterdir()):
        if entry.is_symlink() or entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".py":
            entries[entry.name] = entry
        elif entry.is_dir() and entry.name not in PRIVATE_SUBPACKAGES and (
                (entry / "__init__.py").is_file() or entry.name == "__pycache__"):
            entries[entry.name] = entry
    return entries


# ---------------------------------------------------------------- ELF dependencies

def _elf_info(path: Path) -> tuple[str | None, list[str], list[str]] | None:
    """``(interpreter, needed, run paths)`` of a 64-bit little-endian ELF file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
            if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
                return None
            phoff, = struct.unpack_from("<Q", head, 0x20)
            phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
            handle.seek(phoff)
            table = handle.read(phentsize * phnum)
            loads: list[tuple[int, int, int]] = []
            dynamic = interp = None
            for i in range(phnum):
                p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(
                    "<IIQQQQ", table, i * phentsize)
                if p_type == 1:
                    loads.append((p_vaddr, p_offset, p_filesz))
                elif p_type == 2:
                    dynamic = (p_offset, p_filesz)
                elif p_type == 3:
                    interp = (p_offset, p_filesz)
            interpreter = None
            if interp:
                handle.seek(interp[0])
                interpreter = handle.read(interp[1]).split(b"\0")[0].decode()
            if not dynamic:
                return interpreter, [], []
            handle.seek(dynamic[0])
            data = handle.read(dynamic[1])
            needed_offsets: list[int] = []
            runpaths: list[int] = []
            strtab = None
            for i in range(0, len(data) - 15, 16):
                tag, value = struct.unpack_from("<qQ", data, i)
                if tag == 0:
                    break
                if tag == 1:
                    needed_offsets.append(value)
                elif tag in (15, 29):
                    runpaths.append(value)
                elif tag == 5:
                    strtab = value
            if strtab is None:
                return interpreter, [], []
            file_offset = next((off + strtab - vaddr for vaddr, off, size in loads
                                if vaddr <= strtab < vaddr + size), None)
            if file_offset is None:
                return interpreter, [], []

            def string(at: int) -> str:
                handle.seek(file_offset + at)
                raw = handle.read(4096)
                return raw.split(b"\0")[0].decode(errors="replace")

            return (interpreter, [string(o) for o in needed_offsets],
                    [string(o) for o in runpaths])
    except (OSError, struct.error):
        return None


@functools.lru_cache(maxsize=1)
def _system_search_dirs() -> tuple[str, ...]:
    """Folders the dynamic loader searches: ld.so.conf's, then the defaults."""
    dirs: list[str] = []

    def read_conf(path: Path, depth: int = 0) -> None:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("include") and depth < 4:
                pattern = line.split(None, 1)[1]
                for match in sorted(Path("/").glob(pattern.lstrip("/"))):
                    read_conf(match, depth + 1)
            elif line.startswith("/"):
                dirs.append(line)

    read_conf(Path("/etc/ld.so.conf"))
    triplet = sysconfig.get_config_var("MULTIARCH") or ""
    for base in _SYSTEM_LIB_DIRS:
        if triplet:
            dirs.append(f"{base}/{triplet}")
        dirs.append(base)
    return tuple(dict.fromkeys(dirs))


def _resolve(name: str, origin: Path, runpaths: list[str]) -> Path | None:
    if "/" in name:
        candidate = Path(name)
        return candidate if candidate.exists() else None
    dirs: list[str] = []
    for entry in runpaths:
        for part in entry.split(":"):
            dirs.append(part.replace("$ORIGIN", str(origin)).replace("${ORIGIN}", str(origin)))
    dirs += list(_system_search_dirs())
    for folder in dirs:
        candidate = Path(folder) / name
        if candidate.exists():
            return candidate
    return None


def shared_libraries(binaries: list[Path]) -> tuple[set[Path], set[Path]]:
    """``(libraries, loaders)`` every binary needs, transitively.

    Libraries are given at the path the loader finds them (``/lib/...`` on a
    usrmerged Debian), loaders (``PT_INTERP``) at their exact path.
    """
    libraries: set[Path] = set()
    loaders: set[Path] = set()
    todo = list(binaries)
    done: set[Path] = set()
    for name in _DLOPENED:
        found = _resolve(name, Path("/"), [])
        if found:
            todo.append(found)
            libraries.add(found)
    while todo:
        path = todo.pop()
        real = path.resolve()
        if real in done:
            continue
        done.add(real)
        info = _elf_info(real)
        if info is None:
            continue
        interpreter, needed, runpaths = info
        if interpreter:
            loaders.add(Path(interpreter))
        for name in needed:
            found = _resolve(name, real.parent, runpaths)
            if found is None:
                continue
            libraries.add(found)
            todo.append(found)
    return libraries, loaders


def _extension_modules(roots: list[Path]) -> list[Path]:
    found = []
    for root in roots:
        if root.is_file():
            if ".so" in root.name:
                found.append(root)
            continue
        for folder, _dirs, files in os.walk(root):
            found += [Path(folder) / f for f in files if f.endswith(".so") or ".so." in f]
    return found


# ---------------------------------------------------------------- the runtime

def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == r or r in path.parents for r in roots)


def _stage_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "loyalty-lab" / "runtime"


def _place(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target`` (a copy across file systems)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    os.chmod(target, 0o644 if not os.access(source, os.X_OK) else 0o755)


def stage(kind: str, files: dict[str, Path]) -> Path:
    """A read-only folder holding ``files`` (name -> source), shared by every run.

    Binding one folder costs a sandbox far less than binding each file. The
    folder lives in the grading user's cache, is named by a hash of every
    source's path, size and modification time (so a changed library or
    engine file gives a new folder, never a stale mix) and is built under a
    temporary name and renamed into place (two graders may race safely).
    Older folders of the same kind are removed.
    """
    digest = hashlib.sha256(kind.encode())
    for name, source in sorted(files.items()):
        info = source.stat()
        digest.update(f"{name}\0{source}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    root = _stage_root()
    final = root / f"{kind}-{digest.hexdigest()[:20]}"
    if final.is_dir():
        return final
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{kind}-", dir=root))
    try:
        os.chmod(tmp, 0o755)
        for name, source in files.items():
            _place(source, tmp / name)
        for folder, dirs, _files in os.walk(tmp):
            for d in dirs:
                os.chmod(Path(folder) / d, 0o755)
        os.rename(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not final.is_dir():
            raise
    for old in root.glob(f"{kind}-*"):
        if old != final and time.time() - old.stat().st_mtime > 3600:
            shutil.rmtree(old, ignore_errors=True)
    return final


def _engine_files(root: Path) -> dict[str, Path]:
    """Relative name -> source of every file of the student-facing engine."""
    files: dict[str, Path] = {}
    for name, entry in _engine_entries(root).items():
        if entry.is_file():
            files[name] = entry
            continue
        for folder, dirs, names in os.walk(entry):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for item in names:
                path = Path(folder) / item
                if not path.is_symlink():
                    files[str(path.relative_to(root / "sim"))] = path
    return files


_given: Runtime | None = None


def use(rt: Runtime) -> None:
    """Use a runtime built by the parent process (a local worker of the same machine)."""
    global _given
    _given = rt


def build() -> Runtime:
    """The runtime of this environment (computed once per process: about 0.2 s)."""
    return _given or _build()


@functools.lru_cache(maxsize=1)
def _build() -> Runtime:
    binds: list[tuple[str, str]] = []
    masks: list[str] = []
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    executable = Path(sys.executable).resolve()
    binds.append((str(executable), SANDBOX_PYTHON))
    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    sandbox_stdlib = f"{SANDBOX_LIBDIR}/{version}"
    binds.append((str(stdlib), sandbox_stdlib))
    dynload = Path(sysconfig.get_paths()["platstdlib"]).resolve() / "lib-dynload"
    if not dynload.is_dir():
        dynload = stdlib / "lib-dynload"
    elif not _under(dynload, [stdlib]):
        binds.append((str(dynload), f"{sandbox_stdlib}/lib-dynload"))
    for private in ("site-packages", "dist-packages"):
        if (stdlib / private).is_dir():
            masks.append(f"{sandbox_stdlib}/{private}")

    site = _site_entries(student_distributions())
    for name, path in sorted(site.items()):
        binds.append((str(path), f"{SANDBOX_SITE}/{name}"))
    engine = stage("engine", _engine_files(engine_root()))
    binds.append((str(engine), f"{ENGINE_ROOT}/sim"))

    python_roots = [stdlib, dynload, *site.values()]
    modules = [m for m in _extension_modules([dynload, *site.values()])
               if not m.name.startswith(_SKIPPED_MODULES)]
    libraries, loaders = shared_libraries([executable, *modules])
    native: dict[str, Path] = {}
    for library in sorted(libraries):
        if _under(library.resolve(), python_roots):
            continue  # inside a bound package (e.g. numpy.libs), found via $ORIGIN
        native.setdefault(library.name, library.resolve())
    if native:
        binds.append((str(stage("native", native)), SANDBOX_NATIVE))
    for loader in sorted(loaders):
        binds.append((str(loader.resolve()), str(loader)))
    env = (("LD_LIBRARY_PATH", SANDBOX_NATIVE),) if native else ()
    unique = list(dict.fromkeys(binds))
    return Runtime(binds=tuple(unique), masks=tuple(masks), env=env)


def host_pythonpath() -> list[str]:
    """``sys.path`` additions for the unsandboxed fallback (host paths)."""
    return [str(engine_root()), *_site_dirs()]
