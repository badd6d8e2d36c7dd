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
    except ``exercises`` and ``grading``;
``/lib/...``, ``/usr/lib/...``
    the shared libraries those need, and nothing else of the system: the
    ELF dependencies of the interpreter and of every extension module,
    found by reading their dynamic sections.

Nothing else is bound: not ``/usr`` or ``/etc`` as a whole, not the venv
(its ``src/``, ``.pth`` files or editable finders), not the checkout, its
``.git`` or its neighbours. ``/proc`` is not mounted either, so the
command lines and mount table (which name the host paths of the binds)
cannot be read from inside.
"""

from __future__ import annotations

import functools
import importlib.metadata as metadata
import os
import re
import struct
import sys
import sysconfig
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
ENGINE_ROOT = "/opt/loyaltylab/lib"

#: Libraries the C library opens by name at run time (not in any ELF header).
_DLOPENED = ("libgcc_s.so.1",)
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
    """Top-level name -> host path of every file or folder those distributions installed."""
    sites = {Path(p).resolve() for p in _site_dirs()}
    entries: dict[str, Path] = {}
    for dist in dists:
        base = Path(str(dist.locate_file(""))).resolve()
        if base not in sites:
            continue
        for item in dist.files or []:
            parts = item.parts
            if not parts or parts[0] in ("..", "__pycache__") or parts[0].endswith(".pth"):
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
                (entry / "__init__.py").is_file() or entry.name in ("static", "__pycache__")):
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


@functools.lru_cache(maxsize=1)
def build() -> Runtime:
    """The runtime of this environment (computed once per process: about 0.1 s)."""
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
    engine = _engine_entries(engine_root())
    for name, path in engine.items():
        binds.append((str(path), f"{ENGINE_ROOT}/sim/{name}"))

    python_roots = [stdlib, dynload, *site.values()]
    libraries, loaders = shared_libraries(
        [executable, *_extension_modules([dynload, *site.values()])])
    env: list[tuple[str, str]] = []
    private_lib = False
    system_roots = [Path(d) for d in _SYSTEM_LIB_DIRS]
    for library in sorted(libraries):
        if _under(library.resolve(), python_roots):
            continue  # inside a bound package (e.g. numpy.libs), found via $ORIGIN
        if _under(library, system_roots) and not _under(
                library.resolve(), [Path(sys.base_prefix).resolve()]):
            binds.append((str(library.resolve()), str(library)))
        else:
            binds.append((str(library.resolve()), f"{SANDBOX_LIBDIR}/{library.name}"))
            private_lib = True
    for loader in sorted(loaders):
        binds.append((str(loader.resolve()), str(loader)))
    if private_lib:
        env.append(("LD_LIBRARY_PATH", SANDBOX_LIBDIR))
    if Path("/etc/ld.so.cache").is_file():
        binds.append(("/etc/ld.so.cache", "/etc/ld.so.cache"))
    unique = list(dict.fromkeys(binds))
    return Runtime(binds=tuple(unique), masks=tuple(masks), env=tuple(env))


def host_pythonpath() -> list[str]:
    """``sys.path`` additions for the unsandboxed fallback (host paths)."""
    return [str(engine_root()), *_site_dirs()]
