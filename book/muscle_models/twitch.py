"""Twitches and their summation into a tetanus (Fuglevand, Winter & Patla 1993).

A motor unit's twitch is the impulse response of a critically damped second-order
system,

    f(t) = P · (t / T) · exp(1 − t / T),

peaking at force P at the contraction time T. A train of impulses at frequency ν
sums the twitches. Linear summation alone makes mean force grow in proportion to
ν, whereas real force–frequency curves are sigmoid; so when twitches come fast
(T/ISI > 0.4, ISI = 1/ν) each twitch is scaled by a gain that makes the steady
force follow the sigmoid S(x):

    x = T/ISI;   g = 1 for x ≤ 0.4,   g = [S(x)/x] / [S(0.4)/0.4],   S(x) = 1 − exp(−2x³).

The three constants (0.4, 2, 3) are the fields of :class:`SummationGainParams`.

This is an analytic superposition (no differential equation to integrate).
``motor_units`` builds a whole pool from these pieces.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import param, validate
from .validation import check_nonnegative, check_positive, check_range

__all__ = ["SummationGainParams", "twitch_force", "summation_gain", "twitch_train_force"]


@dataclass(frozen=True)
class SummationGainParams:
    """Fuglevand's force–frequency gain: S(x) = 1 − exp(−a·x^b), linear below x_linear."""

    linear_limit: float = param(
        0.4, unit="1", low=0.0, low_inclusive=False, high=10.0, source="fuglevand1993",
        note_hi="T/ISI जिसके नीचे एकल संकुचन रैखिक रूप से जुड़ते हैं")
    sigmoid_coefficient: float = param(
        2.0, unit="1", low=0.0, low_inclusive=False, high=100.0, source="fuglevand1993",
        note_hi="सिग्मॉइड S(x) = 1 − exp(−a·x^b) का गुणांक a")
    sigmoid_exponent: float = param(
        3.0, unit="1", low=1.0, high=10.0, source="fuglevand1993",
        note_hi="सिग्मॉइड S(x) का घातांक b")

    def __post_init__(self):
        validate(self)


_DEFAULT_GAIN = SummationGainParams()


def twitch_force(t_s, peak_force: float = 1.0, contraction_time_s: float = 0.05) -> np.ndarray:
    """Force of one twitch at times ``t_s`` (s) after the impulse; 0 before it.

    ``peak_force`` (any force unit; the result has the same unit) is reached at
    ``contraction_time_s``.
    """
    peak_force = check_nonnegative("peak_force", peak_force)
    contraction_time_s = check_positive("contraction_time_s", contraction_time_s, "s")
    t = np.asarray(t_s, dtype=float)
    x = np.clip(t, 0.0, None) / contraction_time_s
    return np.where(t >= 0.0, peak_force * x * np.exp(1.0 - x), 0.0)


def summation_gain(contraction_time_s: float, frequency_hz: float,
                   params: SummationGainParams | None = None) -> float:
    """Fuglevand's gain g (dimensionless) for twitches at ``frequency_hz``.

    Equals 1 up to T/ISI = ``linear_limit`` (0.4) and is continuous there; above it
    g·x follows the sigmoid S(x), so the summed force saturates at high frequency.
    """
    p = _DEFAULT_GAIN if params is None else params
    if not isinstance(p, SummationGainParams):
        raise ValueError(f"params must be a SummationGainParams, got {type(p).__name__}")
    contraction_time_s = check_positive("contraction_time_s", contraction_time_s, "s")
    frequency_hz = check_nonnegative("frequency_hz", frequency_hz, "Hz")
    x = contraction_time_s * frequency_hz
    if x <= p.linear_limit:
        return 1.0

    def s_over_x(v: float) -> float:
        return (1.0 - np.exp(-p.sigmoid_coefficient * v**p.sigmoid_exponent)) / v

    return float(s_over_x(x) / s_over_x(p.linear_limit))


def twitch_train_force(
    frequency_hz: float,
    t_s,
    peak_force: float = 1.0,
    contraction_time_s: float = 0.05,
    duration_s: float | None = None,
) -> np.ndarray:
    """Force at times ``t_s`` (s) of impulses at ``frequency_hz`` from t = 0.

    Impulses stop after ``duration_s`` (default: the whole of ``t_s``). The unit of
    the result is that of ``peak_force``.
    """
    frequency_hz = check_range("frequency_hz", frequency_hz, 0.0, 500.0, low_inclusive=False, unit="Hz")
    t = np.asarray(t_s, dtype=float)
    end = float(t.max()) if duration_s is None else check_nonnegative("duration_s", duration_s, "s")
    impulses = np.arange(0.0, end + 1e-12, 1.0 / frequency_hz)
    gain = summation_gain(contraction_time_s, frequency_hz)
    force = np.zeros_like(t)
    for t0 in impulses:
        force += twitch_force(t - t0, peak_force * gain, contraction_time_s)
    return force
