"""Small maths helpers that work on a Python float and on a numpy array alike.

The mechanisms in :mod:`sim.mechanisms` are written once and used twice: by
the fast model on arrays of customers and by the readable per-agent
reference model on one customer's floats. numpy's functions would work on
floats too, but about twenty times slower than :mod:`math`, which would make
the per-agent reference (and the speed comparison against it) unfair.
"""

from __future__ import annotations

import math

import numpy as np

Number = float | np.ndarray


def exp(x: Number) -> Number:
    """Return e**x."""
    if isinstance(x, float | int):
        return math.exp(x)
    return np.exp(x)


def logistic(x: Number) -> Number:
    """Return 1 / (1 + e**-x), the smooth step from 0 to 1."""
    if isinstance(x, float | int):
        if x < -700:
            return 0.0
        return 1.0 / (1.0 + math.exp(-x))
    out = np.negative(x)  # one array, updated in place: the same numbers, fewer allocations
    np.exp(out, out=out)
    out += 1.0
    return np.divide(1.0, out, out=out)


def clip(x: Number, low: float, high: float) -> Number:
    """Return x limited to [low, high] (a modelled saturation, not input clamping)."""
    if isinstance(x, float | int):
        return min(max(x, low), high)
    out = np.maximum(x, low)  # several times faster than np.clip
    return np.minimum(out, high, out=out)


def positive_part(x: Number) -> Number:
    """Return max(x, 0)."""
    if isinstance(x, float | int):
        return x if x > 0.0 else 0.0
    return np.maximum(x, 0.0)


def minimum(x: Number, y: Number) -> Number:
    """Return the elementwise smaller of x and y."""
    if isinstance(x, float | int) and isinstance(y, float | int):
        return min(x, y)
    return np.minimum(x, y)


def power(x: Number, p: float) -> Number:
    """Return x**p for non-negative x."""
    if isinstance(x, float | int):
        return x**p
    if p == 2.5:  # x * x * sqrt(x): several times faster than np.power
        return x * x * np.sqrt(x)
    return np.power(x, p)


def log(x: Number) -> Number:
    """Return the natural logarithm of x (x > 0)."""
    if isinstance(x, float | int):
        return math.log(x)
    return np.log(x)


def maximum(x: Number, y: Number) -> Number:
    """Return the elementwise larger of x and y."""
    if isinstance(x, float | int) and isinstance(y, float | int):
        return max(x, y)
    return np.maximum(x, y)


def tanh(x: Number) -> Number:
    """Return the hyperbolic tangent of x."""
    if isinstance(x, float | int):
        return math.tanh(x)
    return np.tanh(x)
