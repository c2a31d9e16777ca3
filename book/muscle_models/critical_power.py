"""Whole-body critical power (CP), W′ and the W′ balance (chapter 5).

Units: power in W, work and W′ in J, time in s.

**Two-parameter model** (Monod & Scherrer 1965). Above the critical power CP a
constant power P can be held for

    t_lim = W′ / (P − CP),

and below or at CP for ever (``math.inf``): CP is the highest power whose
metabolic cost settles to a steady state (Jones et al. 2008), W′ the fixed amount
of work that can be done above it.

**Three-parameter model** (Morton 1996) adds the maximal instantaneous power
P_max, so that t_lim falls to 0 at P_max instead of at infinite power:

    t_lim = W′ / (P − CP) + W′ / (CP − P_max)      (CP < P ≤ P_max).

The second term is negative, so the 3-parameter t_lim is always shorter than the
2-parameter one, by the constant W′ / (P_max − CP).

**W′ balance, differential form** (Skiba & Clarke 2021, their Eq. 12; the
"Skiba 2" model). With D_CP = CP − P:

    dW′bal/dt = −(P − CP)                      if P ≥ CP  (linear expenditure)
    dW′bal/dt = (W′ − W′bal) / τ(D_CP)          if P < CP  (exponential recovery)

For power that is constant over each sample interval both branches have an
exact solution (a straight line; an exponential approach to W′), so
:func:`w_balance_j` evaluates them in closed form, segment by segment, instead
of integrating numerically; ``tests/test_critical_power.py`` checks that this
matches ``scipy.integrate.solve_ivp`` applied to the same ODE. W′bal cannot go
below 0 (the athlete is exhausted and can no longer hold P > CP), so it is
floored at 0; the first time it reaches 0 is the predicted exhaustion
(:func:`exhaustion_time_s`).

**Recovery time constant τ(D_CP)** — options for ``tau``:

* ``"skiba2012"`` (default): τ = 546·e^(−0.01·D_CP) + 316 s (Skiba et al. 2012,
  Eq. 3, fitted on 7 subjects' intermittent cycling). In the 2012 *integral*
  model D_CP was the mean of all recovery powers; here it is the current
  recovery power, as in the differential form.
* ``"skiba2015"``: τ = W′ / D_CP (Skiba et al. 2015; Skiba & Clarke 2021): the
  recovery rate is the power reserve below CP divided by W′.
* ``"bartram2018"``: τ = 2287.2·D_CP^(−0.688) s (Bartram et al. 2018, four elite
  cyclists, who recover faster).
* a positive number: a constant τ in seconds.

The default is the option that best reproduces Ferguson et al. (2010), who
measured W′ recovered to 37 ± 5, 65 ± 6 and 86 ± 4 % of control after 2, 6 and
15 min at 20 W following exhaustion (CP 212 W, W′ 21.6 kJ): "skiba2012" predicts
26, 60 and 90 %; "skiba2015" 66, 96 and 100 %; "bartram2018" 86, 100 and 100 %
(:func:`w_prime_recovered_fraction`; the comparison is a test and a chapter
table). No option captures the fast first minutes of recovery.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import numpy as np

from .params import param, validate
from .validation import check_positive, check_range

__all__ = [
    "TAU_OPTIONS",
    "CriticalPowerParams",
    "time_to_exhaustion_s",
    "recovery_time_constant_s",
    "w_balance_j",
    "exhaustion_time_s",
    "w_prime_recovered_fraction",
    "interval_power_w",
]

#: Named recovery time-constant options of :func:`w_balance_j` (first = default).
TAU_OPTIONS = ("skiba2012", "skiba2015", "bartram2018")


@dataclass(frozen=True)
class CriticalPowerParams:
    """CP, W′ and P_max of one person (defaults: group means of published studies).

    CP and W′ are the means of the six men of Ferguson et al. (2010), the study
    the W′-recovery options are compared with; P_max is the 3-parameter power
    asymptote fitted by Vinetti et al. (2019) to ten cyclists.
    """

    cp_w: float = param(
        212.0, unit="W", low=0.0, low_inclusive=False, source="ferguson2010",
        note_hi="क्रांतिक शक्ति: इससे कम शक्ति पर थकावट नहीं आती",
    )
    w_prime_j: float = param(
        21600.0, unit="J", low=0.0, low_inclusive=False, source="ferguson2010",
        note_hi="W′: क्रांतिक शक्ति से ऊपर किया जा सकने वाला सीमित कार्य",
    )
    p_max_w: float = param(
        1184.0, unit="W", low=0.0, low_inclusive=False, source="vinetti2019",
        note_hi="अधिकतम तात्क्षणिक शक्ति (तीन-प्राचल मॉडल)",
    )

    def __post_init__(self):
        validate(self)
        if self.p_max_w <= self.cp_w:
            raise ValueError(
                f"p_max_w must be > cp_w ({self.cp_w:g} W), got {self.p_max_w!r}"
            )


# --------------------------------------------------------------------------- checks


def _check_power_array(name: str, power_w, unit: str = "W") -> np.ndarray:
    """Finite, non-negative values (scalar or array, e.g. powers) as a float array."""
    if isinstance(power_w, bool):
        raise ValueError(f"{name} must be a real number or an array of them, got {power_w!r}")
    try:
        arr = np.asarray(power_w, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a real number or an array of them, got {power_w!r}"
        ) from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf), in [0, inf) {unit}")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be in [0, inf) {unit}, got a minimum of {arr.min():g}")
    return arr


def _check_cp_w_prime(cp_w, w_prime_j) -> tuple[float, float]:
    cp = check_positive("cp_w", cp_w, unit="W")
    w_prime = check_positive("w_prime_j", w_prime_j, unit="J")
    return cp, w_prime


def _check_p_max(p_max_w, cp: float) -> float:
    return check_range(
        "p_max_w", p_max_w, cp, math.inf, low_inclusive=False, high_inclusive=False, unit="W"
    )


# ---------------------------------------------------------------------- power–duration


def time_to_exhaustion_s(power_w, cp_w, w_prime_j, p_max_w=None):
    """Time (s) a constant power can be held: 2-parameter, or Morton's 3-parameter model.

    ``power_w`` may be a number or an array (the result has the same shape).
    Returns ``math.inf`` where ``power_w <= cp_w``. With ``p_max_w`` given, the
    3-parameter t_lim = W′/(P − CP) + W′/(CP − P_max) is returned; it is 0 at
    P = P_max, and powers above P_max give 0 (the power cannot be produced even
    for an instant).

    Raises ``ValueError`` for NaN/inf or negative power, ``cp_w <= 0``,
    ``w_prime_j <= 0`` or ``p_max_w <= cp_w``.
    """
    power = _check_power_array("power_w", power_w)
    cp, w_prime = _check_cp_w_prime(cp_w, w_prime_j)
    p_max = None if p_max_w is None else _check_p_max(p_max_w, cp)

    above = power > cp
    excess = np.where(above, power - cp, 1.0)  # placeholder 1.0 avoids 0-division
    t_lim = np.where(above, w_prime / excess, np.inf)
    if p_max is not None:
        t_lim = np.where(above, t_lim + w_prime / (cp - p_max), t_lim)
        t_lim = np.where(power >= p_max, 0.0, t_lim)
        t_lim = np.maximum(t_lim, 0.0)  # guards rounding just below P_max
    if np.ndim(t_lim) == 0:
        return float(t_lim)
    return t_lim


# ------------------------------------------------------------------------ W′ balance


def recovery_time_constant_s(d_cp_w, tau="skiba2012", w_prime_j=None):
    """Time constant (s) of W′ recovery at D_CP = CP − P > 0 W below critical power.

    ``tau`` is one of :data:`TAU_OPTIONS` or a positive number of seconds (then it
    is returned unchanged). ``"skiba2015"`` needs ``w_prime_j``. ``d_cp_w`` may
    be an array. See the module docstring for the formulas and sources.
    """
    d_cp = _check_power_array("d_cp_w", d_cp_w)
    if np.any(d_cp <= 0):
        raise ValueError("d_cp_w must be in (0, inf) W (recovery happens only below CP)")
    if isinstance(tau, str):
        if tau == "skiba2012":
            result = 546.0 * np.exp(-0.01 * d_cp) + 316.0
        elif tau == "skiba2015":
            if w_prime_j is None:
                raise ValueError("w_prime_j is needed for tau='skiba2015' (tau = W′/D_CP)")
            result = check_positive("w_prime_j", w_prime_j, unit="J") / d_cp
        elif tau == "bartram2018":
            result = 2287.2 * d_cp ** (-0.688)
        else:
            raise ValueError(
                f"tau must be one of {', '.join(TAU_OPTIONS)} or a positive number of "
                f"seconds, got {tau!r}"
            )
    elif isinstance(tau, Real) and not isinstance(tau, bool):
        result = np.full_like(d_cp, check_positive("tau", tau, unit="s"))
    else:
        raise ValueError(
            f"tau must be one of {', '.join(TAU_OPTIONS)} or a positive number of "
            f"seconds, got {tau!r}"
        )
    if np.ndim(result) == 0:
        return float(result)
    return result


def _validate_tau(tau) -> None:
    # Checked up front so that a bad option fails even when no sample is below CP.
    recovery_time_constant_s(1.0, tau, w_prime_j=1.0)


def _segments(power: np.ndarray) -> list[tuple[int, int, float]]:
    """Runs of equal power: (first sample, number of samples, power)."""
    change = np.flatnonzero(np.diff(power)) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [power.size]))
    return [(int(s), int(e - s), float(power[s])) for s, e in zip(starts, ends)]


def w_balance_j(power_w, dt_s, cp_w, w_prime_j, tau="skiba2012"):
    """W′ balance (J) over a power record sampled every ``dt_s`` seconds.

    ``power_w[k]`` is the (constant) power during ``[k·dt_s, (k+1)·dt_s)``. The
    result has ``len(power_w) + 1`` values: W′bal at t = 0, dt_s, 2·dt_s, …,
    starting full (W′bal(0) = W′). Differential form of Skiba & Clarke (2021),
    solved exactly on each interval (see the module docstring); values are kept
    in [0, W′]. ``tau``: ``"skiba2012"`` (default), ``"skiba2015"``,
    ``"bartram2018"`` or a positive constant in seconds.

    Raises ``ValueError`` for an empty, non-finite or negative power record,
    ``dt_s <= 0``, ``cp_w <= 0``, ``w_prime_j <= 0`` or an unknown ``tau``.
    """
    power = _check_power_array("power_w", power_w)
    if power.ndim != 1 or power.size == 0:
        raise ValueError("power_w must be a non-empty 1-D array of powers in W")
    dt = check_positive("dt_s", dt_s, unit="s")
    cp, w_prime = _check_cp_w_prime(cp_w, w_prime_j)
    _validate_tau(tau)

    w_bal = np.empty(power.size + 1)
    w_bal[0] = w_prime
    current = w_prime
    for start, count, p in _segments(power):
        elapsed = dt * np.arange(1, count + 1)
        if p >= cp:
            # Linear expenditure; at exactly CP nothing is spent or recovered.
            values = np.maximum(current - (p - cp) * elapsed, 0.0)
        else:
            tau_s = recovery_time_constant_s(cp - p, tau, w_prime_j=w_prime)
            values = w_prime - (w_prime - current) * np.exp(-elapsed / tau_s)
        w_bal[start + 1 : start + count + 1] = values
        current = float(values[-1])
    return np.clip(w_bal, 0.0, w_prime)


def exhaustion_time_s(power_w, dt_s, cp_w, w_prime_j, tau="skiba2012") -> float:
    """First time (s) at which W′bal reaches 0, or ``math.inf`` if it never does.

    Within an interval above CP W′bal falls linearly, so the crossing is found
    exactly (not rounded to a sample).
    """
    power = _check_power_array("power_w", power_w)
    w_bal = w_balance_j(power, dt_s, cp_w, w_prime_j, tau)
    hit = np.flatnonzero(w_bal <= 0.0)
    if hit.size == 0:
        return math.inf
    k = int(hit[0])  # W′bal(k·dt) = 0 and W′bal((k−1)·dt) > 0, with P[k−1] > CP
    dt = float(dt_s)
    return (k - 1) * dt + float(w_bal[k - 1]) / (float(power[k - 1]) - float(cp_w))


def w_prime_recovered_fraction(recovery_s, recovery_power_w, cp_w, w_prime_j, tau="skiba2012"):
    """Fraction (0–1) of W′ back after ``recovery_s`` at ``recovery_power_w`` < CP,
    starting from exhaustion (W′bal = 0): 1 − e^(−t/τ(D_CP)).

    This is the quantity Ferguson et al. (2010) measured (37/65/86 % after
    2/6/15 min at 20 W). ``recovery_s`` may be an array.
    """
    t = _check_power_array("recovery_s", recovery_s, unit="s")
    cp, w_prime = _check_cp_w_prime(cp_w, w_prime_j)
    p_rec = check_range("recovery_power_w", recovery_power_w, 0.0, cp, high_inclusive=False, unit="W")
    tau_s = recovery_time_constant_s(cp - p_rec, tau, w_prime_j=w_prime)
    result = 1.0 - np.exp(-t / tau_s)
    if np.ndim(result) == 0:
        return float(result)
    return result


def interval_power_w(work_power_w, work_s, rest_power_w, rest_s, repeats, dt_s=1.0):
    """Power record (W, one value per ``dt_s``) of ``repeats`` × (work, rest) intervals.

    Durations must be whole multiples of ``dt_s``.
    """
    dt = check_positive("dt_s", dt_s, unit="s")
    work_p = check_range("work_power_w", work_power_w, 0.0, unit="W")
    rest_p = check_range("rest_power_w", rest_power_w, 0.0, unit="W")
    n_work = _whole_samples("work_s", work_s, dt)
    n_rest = _whole_samples("rest_s", rest_s, dt)
    if isinstance(repeats, bool) or not isinstance(repeats, (int, np.integer)) or repeats < 1:
        raise ValueError(f"repeats must be a whole number >= 1, got {repeats!r}")
    one = np.concatenate((np.full(n_work, work_p), np.full(n_rest, rest_p)))
    return np.tile(one, int(repeats))


def _whole_samples(name: str, duration_s, dt: float) -> int:
    duration = check_positive(name, duration_s, unit="s")
    n = round(duration / dt)
    if abs(n * dt - duration) > 1e-9 * max(1.0, duration):
        raise ValueError(f"{name} must be a whole multiple of dt_s ({dt:g} s), got {duration_s!r}")
    return int(n)
