"""Model runs for simulation-backed hidden tests, with a cache.

The grader never trusts a number a student computed: for a simulation
exercise it takes the student's scenario parameters and runs the model
itself, with the exercise's fixed seeds and run size. Many students submit
the same parameters (the reference solution, a preset, a round number), so
runs are cached by (fields, seed, engine fingerprint): in memory per
process and, when a cache folder is set, on disk so that parallel grading
workers share them. The fingerprint hashes the engine's source, so a
changed model never reuses stale numbers.
"""

from __future__ import annotations

import hashlib
import json
import os
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

#: Environment variable naming the shared on-disk cache folder.
CACHE_ENV = "LOYALTY_LAB_SIM_CACHE"

_memory: dict[str, dict[str, float]] = {}


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """Hash of the engine's Python sources (not exercises or grading)."""
    import sim

    root = Path(next(iter(sim.__path__)))
    digest = hashlib.sha256()
    for path in sorted(root.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(fields: Mapping[str, Any], seed: int) -> str:
    text = json.dumps({"fields": dict(sorted(fields.items())), "seed": seed,
                       "engine": engine_fingerprint()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


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
    key = _key(fields, seed)
    if key in _memory:
        return _memory[key]
    folder = os.environ.get(CACHE_ENV)
    path = Path(folder) / f"{key}.json" if folder else None
    if path is not None and path.is_file():
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            _memory[key] = {k: float(v) for k, v in cached.items()}
            return _memory[key]
        except (OSError, ValueError):
            pass
    from sim.model import LoyaltyModel

    results = LoyaltyModel(seed=seed, create_agents=False, **dict(fields)).run()
    metrics = metrics_of(results)
    _memory[key] = metrics
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(metrics), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    return metrics


def mean_metrics(fields: Mapping[str, Any], seeds: Iterable[int]) -> dict[str, float]:
    """Mean of each metric over the given seeds."""
    runs = [run_metrics(fields, seed) for seed in seeds]
    return {name: sum(r[name] for r in runs) / len(runs) for name in runs[0]}
