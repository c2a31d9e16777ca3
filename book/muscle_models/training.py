"""Strength gain over weeks of training: fast neural adaptation, slower hypertrophy.

A phenomenological two-component model (the split itself is debated: see
chapter 4). Maximal voluntary force is written as

    F(t) / F(0) = (1 + N(t)) · (1 + H(t))

where ``N`` is the neural gain (more complete activation: recruitment, firing
rates, less co-activation of antagonists) and ``H`` the relative increase of the
muscle's cross-sectional area (CSA, hypertrophy). Time ``t`` is in weeks:

    dN/dt = (N_max − N) / τ_N           neural gain rises quickly and levels off
    dA/dt = (1 − A) / τ_A               the growth process switches on after a lag
    dH/dt = k_H · A                     CSA then grows at a steady rate

with N(0) = A(0) = H(0) = 0. These are linear equations with an exact solution,

    N(t) = N_max · (1 − e^(−t/τ_N))
    A(t) = 1 − e^(−t/τ_A)
    H(t) = k_H · τ_A · (t/τ_A − 1 + e^(−t/τ_A)),

which :func:`simulate` evaluates directly (no ODE solver, so no solver error:
N never exceeds N_max and the strength gain is never below the CSA gain, at any
parameter value). The tests integrate the ODEs with ``solve_ivp`` and check the
closed form against them.

The rates of change of ln(1 + N) and ln(1 + H) are each component's share of the
rate of strength gain; :func:`hypertrophy_dominance_week` finds when the
hypertrophic share overtakes the neural one.

Calibration: ``N_max`` and ``k_H`` are fitted to Seynnes, de Boer & Narici 2007
(35 days of knee-extension training: MVC +38.9 %, quadriceps CSA +6.5 % and
+7.4 % in two regions, mean 6.95 %), registry rows
``seynnes2007_mvc_35d``, ``seynnes2007_csa_*_35d``. Their CSA at day 20 (same
subjects) and Moritani & deVries 1979 ("hypertrophy dominant after 3–5 weeks")
are *consistency* rows, not validations: the day-20 CSA comes from the same
subjects, and the week at which hypertrophy overtakes is set by the assumed
τ_N (about 2.3–5.6 weeks for τ_N = 0.75–3 weeks), not by data. ``τ_N`` and
``τ_A`` are assumptions, stated as such. The model is meant for the first weeks
to months of training in untrained people; it does not know that gains slow
down over years.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from .params import param, validate
from .validation import check_integer, check_range

__all__ = [
    "TrainingParams",
    "TrainingResult",
    "simulate",
    "gains",
    "hypertrophy_dominance_week",
    "calibrate_to_seynnes2007",
    "registry_predictions",
    "CALIBRATION_ROWS",
]

#: Registry rows (book/data/validation/training.csv) the two calibrated
#: parameters are fitted to: MVC and quadriceps CSA (two regions) at day 35.
CALIBRATION_ROWS = ("seynnes2007_mvc_35d", "seynnes2007_csa_central_35d", "seynnes2007_csa_distal_35d")


@dataclass(frozen=True)
class TrainingParams:
    """Two-component training model; time in weeks."""

    neural_gain_max: float = param(
        0.3098, unit="1", low=0.0, high=2.0, calibrated=True,
        fitted_to=CALIBRATION_ROWS,
        source="seynnes2007; fitted to MVC +38.9 % at 35 d, given the CSA gain",
        note_hi="तंत्रिकीय लाभ की ऊपरी सीमा (अंश)")
    neural_time_constant_weeks: float = param(
        1.5, unit="week", low=0.0, low_inclusive=False, high=20.0,
        source="assumed; neural changes within 4 weeks: delvecchio2019, moritani1979",
        note_hi="तंत्रिकीय अनुकूलन का समय-स्थिरांक (मान्यता)")
    growth_onset_weeks: float = param(
        0.5, unit="week", low=0.0, low_inclusive=False, high=20.0,
        source="assumed; CSA gain detectable by day 20: seynnes2007",
        note_hi="अतिवृद्धि की प्रक्रिया चालू होने का समय-स्थिरांक (विलंब; मान्यता)")
    csa_growth_per_week: float = param(
        0.015444, unit="1/week", low=0.0, high=0.1, calibrated=True,
        fitted_to=CALIBRATION_ROWS[1:],
        source="seynnes2007; fitted to quadriceps CSA +6.95 % (mean of 2 regions) at 35 d",
        note_hi="पूर्ण गति पर अनुप्रस्थ-काट क्षेत्र की साप्ताहिक वृद्धि (अंश)")

    def __post_init__(self):
        validate(self)


@dataclass(frozen=True)
class TrainingResult:
    """Gains as fractions of the untrained value (0.39 = +39 %)."""

    weeks: np.ndarray
    strength_gain: np.ndarray
    neural_gain: np.ndarray
    hypertrophy_gain: np.ndarray     # relative CSA increase

    @property
    def neural_fraction(self) -> np.ndarray:
        """Share of ln(strength ratio) due to the neural component (nan at t = 0)."""
        total = np.log1p(self.strength_gain)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, np.log1p(self.neural_gain) / total, np.nan)


def _ramp_minus_lag(x: np.ndarray) -> np.ndarray:
    """x − 1 + e^(−x) for x ≥ 0, accurate near 0 (where it is ≈ x²/2)."""
    x = np.asarray(x, dtype=float)
    small = x < 1e-3
    series = x * x * (0.5 - x * (1.0 / 6.0 - x / 24.0))
    return np.where(small, series, x + np.expm1(-np.where(small, 1.0, x)))


def gains(weeks, p: TrainingParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact N(t), A(t), H(t) at ``weeks`` (array, ≥ 0) for parameters ``p``."""
    t = np.asarray(weeks, dtype=float)
    # −expm1(−x) lies in [0, 1] in floating point, so 0 ≤ N ≤ N_max exactly.
    neural = p.neural_gain_max * -np.expm1(-t / p.neural_time_constant_weeks)
    activation = -np.expm1(-t / p.growth_onset_weeks)
    csa = p.csa_growth_per_week * p.growth_onset_weeks * _ramp_minus_lag(t / p.growth_onset_weeks)
    return neural, activation, csa


def _check_params(params) -> TrainingParams:
    p = TrainingParams() if params is None else params
    if not isinstance(p, TrainingParams):
        raise ValueError(f"params must be a TrainingParams, got {type(p).__name__}")
    return p


def simulate(weeks, params: TrainingParams | None = None, *, n_points: int = 200) -> TrainingResult:
    """Gains from the start of training up to ``weeks`` (0–52).

    ``weeks`` is the duration (results on ``n_points`` evenly spaced times) or
    an increasing 1-D array of times in weeks, all in [0, 52].
    """
    p = _check_params(params)
    if np.ndim(weeks) == 0:
        duration = check_range("weeks", weeks, 0.0, 52.0, unit="week")
        n_points = check_integer("n_points", n_points, minimum=2)
        times = np.linspace(0.0, duration, n_points)
    else:
        times = np.asarray(weeks, dtype=float)
        if times.ndim != 1 or times.size == 0:
            raise ValueError("weeks must be a number or a non-empty 1-D array of times in weeks")
        for value in (times.min(), times.max()):
            check_range("weeks", value, 0.0, 52.0, unit="week")
        if np.any(np.diff(times) <= 0):
            raise ValueError("weeks must be strictly increasing")
    neural, _activation, csa = gains(times, p)
    # N + H + N·H rather than (1 + N)(1 + H) − 1: no cancellation, and never below H.
    strength = neural + csa + neural * csa
    return TrainingResult(times, strength, neural, csa)


def _rate_difference(t, p: TrainingParams):
    """d ln(1+H)/dt − d ln(1+N)/dt at week(s) ``t`` (scalar or array)."""
    neural, activation, csa = gains(t, p)
    neural_rate = p.neural_gain_max * np.exp(-np.asarray(t, dtype=float) / p.neural_time_constant_weeks) \
        / p.neural_time_constant_weeks
    diff = p.csa_growth_per_week * activation / (1.0 + csa) - neural_rate / (1.0 + neural)
    return float(diff) if np.ndim(diff) == 0 else diff


def hypertrophy_dominance_week(params: TrainingParams | None = None) -> float:
    """Week after which hypertrophy adds more to the *rate* of strength gain than neural change.

    The first time d ln(1+H)/dt overtakes d ln(1+N)/dt (the two terms of
    d ln F/dt), found on a grid and refined by root finding on the exact
    solution; ``math.inf`` if hypertrophy does not overtake within 52 weeks.
    """
    p = _check_params(params)
    if p.csa_growth_per_week == 0.0:
        return math.inf
    if p.neural_gain_max == 0.0:
        return 0.0
    grid = np.linspace(0.0, 52.0, 2081)
    diff = _rate_difference(grid, p)
    after = np.flatnonzero(diff[1:] > 0.0) + 1
    if after.size == 0:
        return math.inf
    k = int(after[0])
    if diff[k - 1] == 0.0:
        return float(grid[k - 1])
    return float(brentq(_rate_difference, grid[k - 1], grid[k], args=(p,), xtol=1e-12))


def calibrate_to_seynnes2007(
    neural_time_constant_weeks: float = 1.5, growth_onset_weeks: float = 0.5
) -> TrainingParams:
    """Fit ``neural_gain_max`` and ``csa_growth_per_week`` to Seynnes et al. 2007 at day 35.

    The two assumed time constants are inputs; the fit is exact (two numbers,
    two unknowns): MVC and mean CSA gain at 5 weeks, read from the registry rows
    :data:`CALIBRATION_ROWS`.
    """
    from . import registry

    mvc_row = registry.row(CALIBRATION_ROWS[0])
    csa_rows = [registry.row(i) for i in CALIBRATION_ROWS[1:]]
    week = mvc_row.x
    target_mvc = mvc_row.value / 100.0
    target_csa = sum(r.value for r in csa_rows) / len(csa_rows) / 100.0
    base = TrainingParams(neural_time_constant_weeks=neural_time_constant_weeks,
                          growth_onset_weeks=growth_onset_weeks,
                          neural_gain_max=1.0, csa_growth_per_week=0.01)
    unit_neural, _a, unit_csa = (float(v[0]) for v in gains(np.array([week]), base))
    k_h = base.csa_growth_per_week * target_csa / unit_csa   # H is proportional to k_H
    neural_needed = (1.0 + target_mvc) / (1.0 + target_csa) - 1.0
    n_max = neural_needed / unit_neural
    return dataclasses.replace(base, neural_gain_max=float(n_max), csa_growth_per_week=float(k_h))


def registry_predictions(params: TrainingParams | None = None) -> dict[str, float]:
    """The model's value for every row of book/data/validation/training.csv (row units)."""
    from . import registry

    p = _check_params(params)
    out: dict[str, float] = {}
    for r in registry.rows("training"):
        if r.quantity == "mvc_gain_percent":
            out[r.id] = 100.0 * float(simulate(np.array([r.x]), p).strength_gain[0])
        elif r.quantity == "csa_gain_percent":
            out[r.id] = 100.0 * float(simulate(np.array([r.x]), p).hypertrophy_gain[0])
        elif r.quantity == "hypertrophy_dominance_week":
            out[r.id] = hypertrophy_dominance_week(p)
        else:  # pragma: no cover - a new row needs a rule here
            raise KeyError(f"training.registry_predictions has no rule for {r.id} ({r.quantity})")
    return out
