"""Model runs for simulation-backed hidden tests, with a trusted cache.

The grader never trusts a number a student computed: for a simulation
exercise it takes the student's scenario parameters and runs the model
itself, with the exercise's fixed seeds and run size. Many students submit
the same parameters (the reference solution, a preset, a round number), so
runs are cached: in memory per process and on disk so that parallel
grading workers and later regrades share them.

The disk cache is written only by grading processes, never by student
code, and is trusted only as far as it can be checked:

* it lives outside any output folder (default
  ``$XDG_CACHE_HOME/loyalty-lab/simruns``, else ``~/.cache/...``), in a
  folder only the grading user may enter (created 0700; a folder that
  others may write, or that belongs to someone else, is not used);
* entries are keyed by the model's version (the package version and a hash
  of the engine's source files) and the run's inputs (scenario fields and
  seed);
* each entry carries an HMAC-SHA256 made with a random key kept in the
  cache folder (0600): an entry that fails the check, or whose numbers are
  not exactly the expected finite metrics, is ignored and recomputed;
* the batch turns the disk cache off when student code could reach it
  (an unsandboxed run as the grading user itself).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import secrets
import stat
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Metrics a simulation exercise may set targets on.
METRICS = (
    "share_I", "share_II", "share_III", "share_IV",
    "repurchase", "cross_buy", "referral", "price_tolerance",
    "profit", "mean_clv", "super_value_share",
)

#: Environment variable naming the disk cache folder (``off``: memory only).
CACHE_ENV = "LOYALTY_LAB_SIM_CACHE"

_memory: dict[str, dict[str, float]] = {}
_lock = threading.Lock()
_folder_override: str | None = None


def configure(folder: str | None) -> None:
    """Use ``folder`` as this process's disk cache (``"off"``: memory only; None: default)."""
    global _folder_override
    _folder_override = folder


def configured() -> str | None:
    """What :func:`configure` was last given (to restore it later)."""
    return _folder_override


def default_folder() -> Path:
    """The per-user cache folder used when nothing else is configured."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "loyalty-lab" / "simruns"


def cache_folder() -> Path | None:
    """The disk cache in use (``None``: memory only)."""
    chosen = _folder_override if _folder_override is not None else os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    return Path(chosen) if chosen else default_folder()


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """Hash of the engine's version and Python sources (not exercises or grading)."""
    import sim

    root = Path(next(iter(sim.__path__)))
    digest = hashlib.sha256(str(getattr(sim, "__version__", "")).encode())
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("exercises", "grading"):
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(fields: Mapping[str, Any], seed: int) -> str:
    text = json.dumps({"fields": dict(sorted(fields.items())), "seed": seed,
                       "engine": engine_fingerprint()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _private_folder(folder: Path) -> Path | None:
    """``folder`` created 0700 and checked to be ours and closed to others."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        return None
    return folder


def _secret(folder: Path) -> bytes | None:
    path = folder / "key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        key = handle.read(64)
    if info.st_uid != os.geteuid() or info.st_mode & 0o077 or len(key) != 32:
        return None
    return key


def _mac(secret: bytes, name: str, metrics: Mapping[str, float]) -> str:
    body = json.dumps({"name": name, "metrics": dict(sorted(metrics.items()))}, sort_keys=True)
    return hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()


def _valid_metrics(value: Any) -> dict[str, float] | None:
    if not isinstance(value, dict) or set(value) != set(METRICS):
        return None
    out = {}
    for name in METRICS:
        number = value[name]
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(
                number):
            return None
        out[name] = float(number)
    return out


def _disk_read(folder: Path, name: str) -> dict[str, float] | None:
    secret = _secret(folder)
    if secret is None:
        return None
    path = folder / engine_fingerprint() / f"{name}.json"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(100_000)
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    metrics = _valid_metrics(doc.get("metrics") if isinstance(doc, dict) else None)
    if metrics is None or not hmac.compare_digest(str(doc.get("mac")),
                                                  _mac(secret, name, metrics)):
        return None
    return metrics


def _disk_write(folder: Path, name: str, metrics: dict[str, float]) -> None:
    secret = _secret(folder)
    if secret is None:
        return
    sub = _private_folder(folder / engine_fingerprint())
    if sub is None:
        return
    path = sub / f"{name}.json"
    tmp = sub / f"{name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump({"metrics": metrics, "mac": _mac(secret, name, metrics)}, handle)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def metrics_of(results: Any) -> dict[str, float]:
    """The exercise metrics of one run's results, as plain floats."""
    shares = results.pattern_shares
    out = {f"share_{p}": float(shares.get(p, 0.0)) for p in ("I", "II", "III", "IV")}
    for name in ("repurchase", "cross_buy", "referral", "price_tolerance"):
        out[name] = float(results.loyalty.get(name, 0.0))
    out["profit"] = float(results.profit)
    out["mean_clv"] = float(results.mean_clv)
    out["super_value_share"] = float(results.loyalty_types.get("super-value", 0.0))
    return out


def run_metrics(fields: Mapping[str, Any], seed: int) -> dict[str, float]:
    """Metrics of one run of the model with ``fields`` and ``seed`` (cached)."""
    name = _key(fields, seed)
    with _lock:
        if name in _memory:
            return _memory[name]
    folder = cache_folder()
    private = _private_folder(folder) if folder is not None else None
    metrics = _disk_read(private, name) if private is not None else None
    if metrics is None:
        from sim.model import LoyaltyModel

        results = LoyaltyModel(seed=seed, create_agents=False, **dict(fields)).run()
        metrics = metrics_of(results)
        if private is not None:
            _disk_write(private, name, metrics)
    with _lock:
        _memory[name] = metrics
    return metrics


def clear_memory() -> None:
    """Forget the in-memory runs (tests; a new batch with a different cache)."""
    with _lock:
        _memory.clear()


def mean_metrics(fields: Mapping[str, Any], seeds: Iterable[int]) -> dict[str, float]:
    """Mean of each metric over the given seeds."""
    runs = [run_metrics(fields, seed) for seed in seeds]
    return {name: sum(r[name] for r in runs) / len(runs) for name in runs[0]}
