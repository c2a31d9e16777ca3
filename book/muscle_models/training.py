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

N(0) = A(0) = H(0) = 0; solved with scipy's ``solve_ivp``. The rates of change
of ln(1 + N) and ln(1 + H) are each component's share of the rate of strength
gain; :func:`hypertrophy_dominance_week` finds when the hypertrophic share
overtakes the neural one.

Calibration: ``N_max`` and ``k_H`` are fitted to Seynnes, de Boer & Narici 2007
(35 days of knee-extension training: MVC +38.9 %, quadriceps CSA +6.5 % and
+7.4 % in two regions, mean 6.95 %). Checked (not fitted): their CSA at day 20
(+3.5 % and +5.2 %), and Moritani & deVries 1979 (hypertrophy becomes the
dominant factor after the first 3–5 weeks). ``τ_N`` and ``τ_A`` are assumptions,
stated as such. The model is meant for the first weeks to months of training in
untrained people; it does not know that gains slow down over years.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from .params import param, validate
from .validation import check_integer, check_range

__all__ = [
    "TrainingParams",
    "TrainingResult",
    "simulate",
    "hypertrophy_dominance_week",
    "calibrate_to_seynnes2007",
    "SEYNNES2007",
]

# Seynnes, de Boer & Narici 2007 (J Appl Physiol 102:368), abstract: mean ± SE, percent.
SEYNNES2007 = {
    "mvc_week": 5.0,                 # 35 days
    "mvc_gain_percent": 38.9,        # ± 5.7
    "mvc_sem_percent": 5.7,
    "csa_weeks": (20 / 7, 20 / 7, 5.0, 5.0),
    "csa_gain_percent": (3.5, 5.2, 6.5, 7.4),   # central, distal region at day 20, then day 35
    "csa_sem_percent": (math.nan, math.nan, 1.1, 0.8),
}

_CAL_WEEK = 5.0
_CAL_MVC = 0.389
_CAL_CSA = (0.065 + 0.074) / 2.0


@dataclass(frozen=True)
class TrainingParams:
    """Two-component training model; time in weeks."""

    neural_gain_max: float = param(
        0.3098, unit="1", low=0.0, high=2.0, calibrated=True,
        source="seynnes2007; fitted to MVC +38.9 % at 35 d, given the CSA gain",
        note_hi="तंत्रिकीय लाभ की ऊपरी सीमा (अंश)")
    neural_time_constant_weeks: float = param(
        1.5, unit="week", low=0.0, low_inclusive=False, high=20.0,
        source="assumed; neural changes within 4 weeks: delvecchio2019, moritani1979",
        note_hi="तंत्रिकीय अनुकूलन का समय-स्थिरांक")
    growth_onset_weeks: float = param(
        0.5, unit="week", low=0.0, low_inclusive=False, high=20.0,
        source="assumed; CSA gain detectable by day 20: seynnes2007",
        note_hi="अतिवृद्धि की प्रक्रिया चालू होने का समय-स्थिरांक (विलंब)")
    csa_growth_per_week: float = param(
        0.015444, unit="1/week", low=0.0, high=0.1, calibrated=True,
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


def _closed_form(weeks: np.ndarray, p: TrainingParams) -> tuple[np.ndarray, np.ndarray]:
    # Used for calibration only: the same linear ODEs integrated by hand.
    neural = p.neural_gain_max * (1.0 - np.exp(-weeks / p.neural_time_constant_weeks))
    tau = p.growth_onset_weeks
    csa = p.csa_growth_per_week * (weeks - tau * (1.0 - np.exp(-weeks / tau)))
    return neural, csa


def _rhs(_t, y, p: TrainingParams):
    neural, activation, _csa = y
    return [
        (p.neural_gain_max - neural) / p.neural_time_constant_weeks,
        (1.0 - activation) / p.growth_onset_weeks,
        p.csa_growth_per_week * activation,
    ]


def _solve(times: np.ndarray, p: TrainingParams) -> np.ndarray:
    """States N, A, H (rows) at ``times`` (weeks, increasing, from >= 0)."""
    end = float(times[-1])
    if end <= 1e-9:  # under a millisecond of training: nothing has changed yet
        return np.zeros((3, times.size))
    sol = solve_ivp(_rhs, (0.0, end), [0.0, 0.0, 0.0], t_eval=times, args=(p,),
                    method="LSODA", rtol=1e-9, atol=1e-12)
    if not sol.success:  # pragma: no cover - linear, well-behaved ODEs
        raise RuntimeError(sol.message)
    return sol.y


def simulate(weeks, params: TrainingParams | None = None, *, n_points: int = 200) -> TrainingResult:
    """Gains from the start of training up to ``weeks`` (0–52).

    ``weeks`` is the duration (results on ``n_points`` evenly spaced times) or
    an increasing 1-D array of times in weeks, all in [0, 52].
    """
    p = TrainingParams() if params is None else params
    if not isinstance(p, TrainingParams):
        raise ValueError(f"params must be a TrainingParams, got {type(p).__name__}")
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
    neural, _activation, csa = _solve(times, p)
    strength = (1.0 + neural) * (1.0 + csa) - 1.0
    return TrainingResult(times, strength, neural, csa)


def hypertrophy_dominance_week(params: TrainingParams | None = None) -> float:
    """Week after which hypertrophy adds more to the *rate* of strength gain than neural change.

    Compares d ln(1+H)/dt with d ln(1+N)/dt (the two terms of d ln F/dt);
    ``math.inf`` if hypertrophy does not overtake within 52 weeks.
    """
    p = TrainingParams() if params is None else params
    if not isinstance(p, TrainingParams):
        raise ValueError(f"params must be a TrainingParams, got {type(p).__name__}")
    grid = np.linspace(0.0, 52.0, 5201)
    neural, activation, csa = _solve(grid, p)
    neural_rate = (p.neural_gain_max - neural) / p.neural_time_constant_weeks / (1.0 + neural)
    csa_rate = p.csa_growth_per_week * activation / (1.0 + csa)
    diff = csa_rate - neural_rate
    # At t = 0 both growth terms may vanish; look for the first overtaking after
    # it, ignoring solver noise once both rates have decayed to ~0.
    after = np.flatnonzero(diff[1:] > 1e-9) + 1
    if after.size == 0:
        return math.inf
    k = int(after[0])
    return float(np.interp(0.0, [diff[k - 1], diff[k]], [grid[k - 1], grid[k]]))


def calibrate_to_seynnes2007(
    neural_time_constant_weeks: float = 1.5, growth_onset_weeks: float = 0.5
) -> TrainingParams:
    """Fit ``neural_gain_max`` and ``csa_growth_per_week`` to Seynnes et al. 2007 at day 35.

    The two assumed time constants are inputs; the fit is exact (two numbers,
    two unknowns): CSA +6.95 % and MVC +38.9 % at 5 weeks.
    """
    base = TrainingParams(neural_time_constant_weeks=neural_time_constant_weeks,
                          growth_onset_weeks=growth_onset_weeks,
                          neural_gain_max=1.0, csa_growth_per_week=0.01)
    week = np.array([_CAL_WEEK])
    unit_neural, unit_csa = (float(v[0]) for v in _closed_form(week, base))
    k_h = base.csa_growth_per_week * _CAL_CSA / unit_csa   # H is proportional to k_H
    neural_needed = (1.0 + _CAL_MVC) / (1.0 + _CAL_CSA) - 1.0
    n_max = neural_needed / unit_neural
    return dataclasses.replace(base, neural_gain_max=float(n_max), csa_growth_per_week=float(k_h))
