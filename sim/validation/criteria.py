"""A validation criterion and its verdict, as reports show them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Criterion:
    """One acceptance criterion of the model and whether this run met it.

    Attributes:
        name: Short identifier (stable across runs, used in JSON reports).
        claim: The criterion in words, with its threshold.
        holds: Whether the evidence meets the threshold.
        value: The measured number the verdict rests on.
        threshold: The number it is compared with.
        evidence: One sentence a reader can check against the tables.
    """

    name: str
    claim: str
    holds: bool
    value: float
    threshold: float
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        """Return the criterion as a JSON-ready dict."""
        return asdict(self)
