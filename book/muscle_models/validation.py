"""Input checks shared by every model.

A non-physical value (negative concentration, fraction outside [0, 1], NaN, inf)
raises ``ValueError`` whose message names the parameter and its valid range, so a
reader who moves a number in a notebook learns at once what went wrong.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = [
    "check_finite",
    "check_range",
    "check_nonnegative",
    "check_positive",
    "check_fraction",
    "check_integer",
]


def _as_float(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    return float(value)


def check_finite(name: str, value) -> float:
    """Return ``value`` as float; raise if it is NaN or infinite."""
    x = _as_float(name, value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return x


def check_range(
    name: str,
    value,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    unit: str = "",
) -> float:
    """Return ``value`` as float if it is finite and inside the given interval.

    The error message names the parameter and the valid range, e.g.
    ``ph must be in [6.0, 7.6], got 8.0``.
    """
    x = check_finite(name, value)
    ok_low = x >= low if low_inclusive else x > low
    ok_high = x <= high if high_inclusive else x < high
    if not (ok_low and ok_high):
        left = "[" if low_inclusive and math.isfinite(low) else "("
        right = "]" if high_inclusive and math.isfinite(high) else ")"
        suffix = f" {unit}" if unit else ""
        raise ValueError(
            f"{name} must be in {left}{_fmt(low)}, {_fmt(high)}{right}{suffix}, got {value!r}"
        )
    return x


def check_nonnegative(name: str, value, unit: str = "") -> float:
    """Concentrations, rates, amounts: finite and >= 0."""
    return check_range(name, value, 0.0, math.inf, high_inclusive=False, unit=unit)


def check_positive(name: str, value, unit: str = "") -> float:
    """Time constants, capacities: finite and > 0."""
    return check_range(
        name, value, 0.0, math.inf, low_inclusive=False, high_inclusive=False, unit=unit
    )


def check_fraction(name: str, value) -> float:
    """A fraction: finite and in [0, 1]."""
    return check_range(name, value, 0.0, 1.0)


def check_integer(name: str, value, minimum: int = 0) -> int:
    """A whole number >= ``minimum`` (e.g. a number of pulses)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"
