"""Whole-body critical power (CP), W′ and the W′ balance (chapter 5).

Units: power in W, work and W′ in J, time in s.

**Two-parameter model** (Monod & Scherrer 1965 for local muscle groups; Moritani et
al. 1981 for whole-body cycling). Above the critical power CP a
constant power P can be held for

    t_lim = W′ / (P − CP),

and below or at CP for ever (``math.inf``): CP is the highest power whose
metabolic cost settles to a steady state (Jones et al. 2008), W′ the fixed amount
of work that can be done above it.

**Three-parameter model** (Morton 1996) adds the maximal instantaneous power
P_max, so that t_lim falls to 0 at P_max instead of at infinite power:

    t_lim = W′ / (P − CP) + W′ / (CP − P_max)      (CP < P ≤ P_max).

The second term is negative: *with the same CP and W′* the 3-parameter t_lim is
shorter than the 2-parameter one by the constant W′ / (P_max − CP). Fitted to the
same trials, the two models give different CP and W′ (Vinetti et al. 2019: W′ 17.0
vs 15.9 kJ), so the difference between fitted curves is not a constant. P_max is a
fitted asymptote: Vinetti et al. found 1184 ± 265 W, below the measured single-leg
maximal instantaneous power of 1554 ± 235 W.

**W′ balance, differential form** (Skiba & Clarke 2021, their Eq. 12; the
"Skiba 2" model). With D_CP = CP − P:

    dW′bal/dt = −(P − CP)                      if P ≥ CP  (linear expenditure)
    dW′bal/dt = (W′ − W′bal) / τ(D_CP)          if P < CP  (exponential recovery,
                                                 one phase; two phases below)

For power that is constant over each sample interval both branches have an
exact solution (a straight line; an exponential approach to W′), so
:func:`w_balance_j` evaluates them in closed form, segment by segment, instead
of integrating numerically; ``tests/test_critical_power.py`` checks that this
matches ``scipy.integrate.solve_ivp`` applied to the same ODE. W′bal cannot go
below 0 (the athlete is exhausted and can no longer hold P > CP), so it is
floored at 0; the first time it reaches 0 is the predicted exhaustion
(:func:`exhaustion_time_s`).

**Recovery options** for ``tau`` (constants in :class:`WPrimeRecoveryParams`):

* ``"two_phase"`` (default): a two-phase recovery, as measured by Caen et al. (2021)
  and Chorley et al. (2022). The W′ deficit is split into a fast part (fraction A,
  τ_fast = 11 s, Caen et al. 2021) and a slow part whose τ keeps the D_CP dependence of
  Skiba et al. (2012) scaled by a factor k:
  τ_slow = k·(546·e^(−0.01·D_CP) + 316) s. A and k are fitted to Ferguson et al.
  (2010): 37 ± 5, 65 ± 6 and 86 ± 4 % of W′ back after 2, 6 and 15 min at 20 W
  (registry rows ``ferguson2010_w_prime_recovered_*``); the model gives 38, 62 and 87 %.
* ``"caen2021"``: A = 0.324, τ_fast = 11 s, τ_slow = 256 s, fixed (Caen et al. 2021;
  fitter subjects, recovery measured differently). Gives 58, 83, 98 % for Ferguson.
* ``"chorley2022"``: A = 0.507, τ_fast = 21.5 s, τ_slow = 388 s (Chorley et al. 2022,
  trained cyclists, first recovery).
* ``"skiba2012"``: one phase, τ = 546·e^(−0.01·D_CP) + 316 s (Skiba et al. 2012,
  Eq. 3). In the 2012 *integral* model D_CP was the mean of all recovery powers; here
  it is the current recovery power, as in the differential form. Gives 26, 60, 90 %.
* ``"skiba2015"``: one phase, τ = W′ / D_CP (Skiba et al. 2015; Skiba & Clarke 2021).
* ``"bartram2018"``: one phase, τ = 2287.2·D_CP^(−0.688) s (Bartram et al. 2018, four
  elite cyclists, who recover faster).
* a positive number: one phase with a constant τ in seconds.

With two phases the W′ deficit W′ − W′bal is split at the moment it is spent: the
fraction A joins the fast pool, 1 − A the slow pool; below CP each pool decays with its
own τ. This split during intermittent exercise is this book's assumption (the papers
measured recovery from exhaustion only). Each interval is still solved exactly.
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
    "TWO_PHASE_OPTIONS",
    "CriticalPowerParams",
    "WPrimeRecoveryParams",
    "time_to_exhaustion_s",
    "recovery_time_constant_s",
    "recovery_phases",
    "w_balance_j",
    "exhaustion_time_s",
    "w_prime_recovered_fraction",
    "interval_power_w",
    "registry_predictions",
    "interval_session",
    "interval_session_figure",
]

#: Named recovery options of :func:`w_balance_j` (first = default).
TAU_OPTIONS = ("two_phase", "skiba2012", "skiba2015", "bartram2018", "caen2021", "chorley2022")
#: The options with a fast and a slow phase.
TWO_PHASE_OPTIONS = ("two_phase", "caen2021", "chorley2022")

_FERGUSON_ROWS = (
    "ferguson2010_w_prime_recovered_2min",
    "ferguson2010_w_prime_recovered_6min",
    "ferguson2010_w_prime_recovered_15min",
)


@dataclass(frozen=True)
class CriticalPowerParams:
    """CP, W′ and P_max of one person (defaults: group means of published studies).

    CP and W′ are the means of the six men of Ferguson et al. (2010), the study
    the W′-recovery options are compared with; P_max is the 3-parameter power
    asymptote *fitted* by Vinetti et al. (2019) to ten subjects (not a measured power).
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
        1184.0, unit="W", low=0.0, low_inclusive=False,
        source="vinetti2019 (3-parameter fit; measured single-leg jump power 1554 W)",
        note_hi="अधिकतम तात्क्षणिक शक्ति (तीन-प्राचल मॉडल के फिट से)",
    )

    def __post_init__(self):
        validate(self)
        if self.p_max_w <= self.cp_w:
            raise ValueError(
                f"p_max_w must be > cp_w ({self.cp_w:g} W), got {self.p_max_w!r}"
            )


@dataclass(frozen=True)
class WPrimeRecoveryParams:
    """Constants of the W′ recovery options (see the module docstring)."""

    two_phase_fast_fraction: float = param(
        0.21, unit="1", low=0.0, high=1.0,
        source="calibrated on ferguson2010 (W′ recovered after 2, 6, 15 min at 20 W)",
        note_hi="दो-चरण वापसी: तेज चरण का अंश",
        calibrated=True, fitted_to=_FERGUSON_ROWS,
    )
    two_phase_tau_fast_s: float = param(
        11.0, unit="s", low=0.0, low_inclusive=False, source="caen2021",
        note_hi="दो-चरण वापसी: तेज चरण का समय-स्थिरांक",
    )
    two_phase_slow_scale: float = param(
        1.24, unit="1", low=0.0, low_inclusive=False,
        source="calibrated on ferguson2010; D_CP dependence from skiba2012",
        note_hi="दो-चरण वापसी: धीमे चरण का τ, स्कीबा 2012 के τ का इतना गुना",
        calibrated=True, fitted_to=_FERGUSON_ROWS,
    )
    skiba2012_amplitude_s: float = param(
        546.0, unit="s", low=0.0, source="skiba2012 (Eq. 3)",
        note_hi="स्कीबा 2012: τ = a·e^(−b·D_CP) + c का a",
    )
    skiba2012_rate_per_w: float = param(
        0.01, unit="1/W", low=0.0, source="skiba2012 (Eq. 3)",
        note_hi="स्कीबा 2012: b",
    )
    skiba2012_offset_s: float = param(
        316.0, unit="s", low=0.0, low_inclusive=False, source="skiba2012 (Eq. 3)",
        note_hi="स्कीबा 2012: c",
    )
    bartram2018_coefficient: float = param(
        2287.2, unit="s·W^0.688", low=0.0, low_inclusive=False, source="bartram2018",
        note_hi="बार्ट्रम 2018: τ = k·D_CP^n का k",
    )
    bartram2018_exponent: float = param(
        -0.688, unit="1", high=0.0, source="bartram2018",
        note_hi="बार्ट्रम 2018: n",
    )
    caen2021_fast_fraction: float = param(
        0.324, unit="1", low=0.0, high=1.0,
        source="Caen, J Sci Cycling abstract of the caen2021 study "
        "(jsc-journal.com/index.php/JSC/article/view/589: a = 32.4 %)",
        note_hi="कैन 2021: तेज चरण का अंश",
    )
    caen2021_tau_fast_s: float = param(
        11.0, unit="s", low=0.0, low_inclusive=False, source="caen2021",
        note_hi="कैन 2021: तेज चरण का समय-स्थिरांक",
    )
    caen2021_tau_slow_s: float = param(
        256.0, unit="s", low=0.0, low_inclusive=False, source="caen2021",
        note_hi="कैन 2021: धीमे चरण का समय-स्थिरांक",
    )
    chorley2022_fast_fraction: float = param(
        0.5067, unit="1", low=0.0, high=1.0, source="chorley2022 (first recovery, group fit)",
        note_hi="कोर्ली 2022: तेज चरण का अंश",
    )
    chorley2022_tau_fast_s: float = param(
        21.5, unit="s", low=0.0, low_inclusive=False, source="chorley2022",
        note_hi="कोर्ली 2022: तेज चरण का समय-स्थिरांक",
    )
    chorley2022_tau_slow_s: float = param(
        388.0, unit="s", low=0.0, low_inclusive=False, source="chorley2022",
        note_hi="कोर्ली 2022: धीमे चरण का समय-स्थिरांक",
    )

    def __post_init__(self):
        validate(self)


_DEFAULT_RECOVERY = WPrimeRecoveryParams()
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


def _recovery(recovery) -> WPrimeRecoveryParams:
    if recovery is None:
        return _DEFAULT_RECOVERY
    if not isinstance(recovery, WPrimeRecoveryParams):
        raise ValueError(f"recovery must be a WPrimeRecoveryParams, got {type(recovery).__name__}")
    return recovery


def _bad_tau(tau) -> ValueError:
    return ValueError(
        f"tau must be one of {', '.join(TAU_OPTIONS)} or a positive number of seconds, got {tau!r}")


def recovery_time_constant_s(d_cp_w, tau="skiba2012", w_prime_j=None, recovery=None):
    """Time constant (s) of one-phase W′ recovery at D_CP = CP − P > 0 W below CP.

    ``tau`` is ``"skiba2012"``, ``"skiba2015"`` (needs ``w_prime_j``), ``"bartram2018"``
    or a positive number of seconds (returned unchanged). For the two-phase options
    use :func:`recovery_phases`. ``d_cp_w`` may be an array.
    """
    d_cp = _check_power_array("d_cp_w", d_cp_w)
    if np.any(d_cp <= 0):
        raise ValueError("d_cp_w must be in (0, inf) W (recovery happens only below CP)")
    rec = _recovery(recovery)
    if isinstance(tau, str):
        if tau == "skiba2012":
            result = rec.skiba2012_amplitude_s * np.exp(-rec.skiba2012_rate_per_w * d_cp) + rec.skiba2012_offset_s
        elif tau == "skiba2015":
            if w_prime_j is None:
                raise ValueError("w_prime_j is needed for tau='skiba2015' (tau = W′/D_CP)")
            result = check_positive("w_prime_j", w_prime_j, unit="J") / d_cp
        elif tau == "bartram2018":
            result = rec.bartram2018_coefficient * d_cp ** rec.bartram2018_exponent
        elif tau in TWO_PHASE_OPTIONS:
            raise ValueError(f"tau={tau!r} has two phases: use recovery_phases()")
        else:
            raise _bad_tau(tau)
    elif isinstance(tau, Real) and not isinstance(tau, bool):
        result = np.full_like(d_cp, check_positive("tau", tau, unit="s"))
    else:
        raise _bad_tau(tau)
    if np.ndim(result) == 0:
        return float(result)
    return result


def recovery_phases(d_cp_w: float, tau="two_phase", w_prime_j=None, recovery=None):
    """(fast fraction A, τ_fast s, τ_slow s) of W′ recovery at D_CP = CP − P > 0.

    One-phase options return A = 0 (τ_fast is then unused and equals τ_slow).
    """
    rec = _recovery(recovery)
    d_cp = check_range("d_cp_w", d_cp_w, 0.0, math.inf, low_inclusive=False,
                       high_inclusive=False, unit="W")
    if isinstance(tau, str) and tau in TWO_PHASE_OPTIONS:
        if tau == "two_phase":
            slow = rec.two_phase_slow_scale * recovery_time_constant_s(d_cp, "skiba2012", recovery=rec)
            return rec.two_phase_fast_fraction, rec.two_phase_tau_fast_s, float(slow)
        if tau == "caen2021":
            return rec.caen2021_fast_fraction, rec.caen2021_tau_fast_s, rec.caen2021_tau_slow_s
        return rec.chorley2022_fast_fraction, rec.chorley2022_tau_fast_s, rec.chorley2022_tau_slow_s
    t = float(recovery_time_constant_s(d_cp, tau, w_prime_j=w_prime_j, recovery=rec))
    return 0.0, t, t


def _validate_tau(tau, recovery) -> None:
    # Checked up front so that a bad option fails even when no sample is below CP.
    recovery_phases(1.0, tau, w_prime_j=1.0, recovery=recovery)


def _segments(power: np.ndarray) -> list[tuple[int, int, float]]:
    """Runs of equal power: (first sample, number of samples, power)."""
    change = np.flatnonzero(np.diff(power)) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [power.size]))
    return [(int(s), int(e - s), float(power[s])) for s, e in zip(starts, ends)]


def w_balance_j(power_w, dt_s, cp_w, w_prime_j, tau="two_phase", recovery=None):
    """W′ balance (J) over a power record sampled every ``dt_s`` seconds.

    ``power_w[k]`` is the (constant) power during ``[k·dt_s, (k+1)·dt_s)``. The
    result has ``len(power_w) + 1`` values: W′bal at t = 0, dt_s, 2·dt_s, …,
    starting full (W′bal(0) = W′). Differential form of Skiba & Clarke (2021) with
    one or two recovery phases, solved exactly on each interval (see the module
    docstring); values are kept in [0, W′]. ``tau``: one of :data:`TAU_OPTIONS`
    (default ``"two_phase"``) or a positive constant in seconds; ``recovery``: the
    constants (:class:`WPrimeRecoveryParams`, default values if None).

    Raises ``ValueError`` for an empty, non-finite or negative power record,
    ``dt_s <= 0``, ``cp_w <= 0``, ``w_prime_j <= 0`` or an unknown ``tau``.
    """
    power = _check_power_array("power_w", power_w)
    if power.ndim != 1 or power.size == 0:
        raise ValueError("power_w must be a non-empty 1-D array of powers in W")
    dt = check_positive("dt_s", dt_s, unit="s")
    cp, w_prime = _check_cp_w_prime(cp_w, w_prime_j)
    rec = _recovery(recovery)
    _validate_tau(tau, rec)
    # the split of newly spent W′ between the pools (A of the recovery option; at
    # recovery power 0 W for the D_CP-independent fraction)
    fast_share = recovery_phases(cp, tau, w_prime_j=w_prime, recovery=rec)[0]

    w_bal = np.empty(power.size + 1)
    w_bal[0] = w_prime
    deficit_fast, deficit_slow = 0.0, 0.0
    for start, count, p in _segments(power):
        elapsed = dt * np.arange(1, count + 1)
        if p >= cp:
            # Linear expenditure, shared between the pools; at exactly CP nothing changes.
            spent = np.minimum((p - cp) * elapsed, w_prime - deficit_fast - deficit_slow)
            fast = deficit_fast + fast_share * spent
            slow = deficit_slow + (1.0 - fast_share) * spent
        else:
            _, tau_fast, tau_slow = recovery_phases(cp - p, tau, w_prime_j=w_prime, recovery=rec)
            fast = deficit_fast * np.exp(-elapsed / tau_fast)
            slow = deficit_slow * np.exp(-elapsed / tau_slow)
        w_bal[start + 1 : start + count + 1] = w_prime - fast - slow
        deficit_fast, deficit_slow = float(fast[-1]), float(slow[-1])
    return np.clip(w_bal, 0.0, w_prime)


def exhaustion_time_s(power_w, dt_s, cp_w, w_prime_j, tau="two_phase", recovery=None) -> float:
    """First time (s) at which W′bal reaches 0, or ``math.inf`` if it never does.

    Within an interval above CP W′bal falls linearly, so the crossing is found
    exactly (not rounded to a sample).
    """
    power = _check_power_array("power_w", power_w)
    w_bal = w_balance_j(power, dt_s, cp_w, w_prime_j, tau, recovery)
    hit = np.flatnonzero(w_bal <= 0.0)
    if hit.size == 0:
        return math.inf
    k = int(hit[0])  # W′bal(k·dt) = 0 and W′bal((k−1)·dt) > 0, with P[k−1] > CP
    dt = float(dt_s)
    return (k - 1) * dt + float(w_bal[k - 1]) / (float(power[k - 1]) - float(cp_w))


def w_prime_recovered_fraction(recovery_s, recovery_power_w, cp_w, w_prime_j, tau="two_phase",
                               recovery=None):
    """Fraction (0–1) of W′ back after ``recovery_s`` at ``recovery_power_w`` < CP,
    starting from exhaustion (W′bal = 0): 1 − [A·e^(−t/τ_fast) + (1 − A)·e^(−t/τ_slow)].

    This is the quantity Ferguson et al. (2010) measured (37/65/86 % after
    2/6/15 min at 20 W). ``recovery_s`` may be an array.
    """
    t = _check_power_array("recovery_s", recovery_s, unit="s")
    cp, w_prime = _check_cp_w_prime(cp_w, w_prime_j)
    p_rec = check_range("recovery_power_w", recovery_power_w, 0.0, cp, high_inclusive=False, unit="W")
    fast, tau_fast, tau_slow = recovery_phases(cp - p_rec, tau, w_prime_j=w_prime, recovery=recovery)
    result = 1.0 - (fast * np.exp(-t / tau_fast) + (1.0 - fast) * np.exp(-t / tau_slow))
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


# ------------------------------------------------------------------------ registry

#: Ferguson et al. (2010): recovery at 20 W after exhaustion; the conditioning bout
FERGUSON_RECOVERY_POWER_W = 20.0
FERGUSON_CONDITIONING_POWER_W = 269.0


def registry_predictions(params: CriticalPowerParams | None = None, recovery=None) -> dict[str, float]:
    """Model value for every row of ``book/data/validation/critical_power.csv``."""
    p = params or CriticalPowerParams()
    out = {}
    for row_id, minutes in zip(_FERGUSON_ROWS, (2, 6, 15)):
        out[row_id] = 100.0 * w_prime_recovered_fraction(
            60.0 * minutes, FERGUSON_RECOVERY_POWER_W, p.cp_w, p.w_prime_j, "two_phase", recovery)
    out["ferguson2010_conditioning_bout_t_lim"] = time_to_exhaustion_s(
        FERGUSON_CONDITIONING_POWER_W, p.cp_w, p.w_prime_j)
    out["vinetti2019_max_instantaneous_power"] = p.p_max_w
    return out


# ------------------------------------------------------------------------- figures


def interval_session(cp_w, w_prime_j, work_w, rest_w, *, work_s=60.0, rest_s=60.0, repeats=12,
                     dt_s=5.0, tau="two_phase", recovery=None) -> dict:
    """One interval session: power record, W′ balance and exhaustion time (for figures)."""
    power = interval_power_w(work_w, work_s, rest_w, rest_s, repeats=repeats, dt_s=dt_s)
    w_bal = w_balance_j(power, dt_s, cp_w, w_prime_j, tau, recovery)
    t_ex = exhaustion_time_s(power, dt_s, cp_w, w_prime_j, tau, recovery)
    return {"cp_w": cp_w, "w_prime_j": w_prime_j, "work_w": work_w, "rest_w": rest_w,
            "dt_s": dt_s, "power": power, "w_bal": w_bal, "t_ex": t_ex}


def interval_session_figure(sessions: dict, *, title: str = "अंतराल-सत्र में W′ संतुलन",
                            x_max_min: float = 24.0, power_max_w: float = 360.0):
    """Two-panel slider figure (power and CP above, W′ balance below) over ``sessions``.

    ``sessions`` maps a Hindi slider label to the dict of :func:`interval_session`.
    """
    from plotly.subplots import make_subplots
    import plotly.graph_objects as go

    from .figures import PALETTE, compact, slider_figure

    def step_trace(power, dt):
        starts = np.concatenate(([0], np.flatnonzero(np.diff(power)) + 1))
        edges_s = np.append(starts, power.size) * dt
        return np.repeat(edges_s, 2)[1:-1] / 60, np.repeat(power[starts], 2)

    runs = {}
    w_top_kj = max(s["w_prime_j"] for s in sessions.values()) / 1000
    for label, s in sessions.items():
        t_s = s["dt_s"] * np.arange(s["w_bal"].size)
        w_shown = np.where(t_s <= s["t_ex"], s["w_bal"], np.nan) / 1000   # stop the line at exhaustion
        exhausted = np.isfinite(s["t_ex"])
        x_p, y_p = step_trace(s["power"], s["dt_s"])
        runs[label] = [
            go.Scatter(x=compact(x_p), y=compact(y_p), mode="lines", name="शक्ति",
                       line={"color": PALETTE[0], "width": 2}, xaxis="x", yaxis="y"),
            go.Scatter(x=[0, x_max_min], y=[s["cp_w"], s["cp_w"]], mode="lines", name="क्रांतिक शक्ति (CP)",
                       line={"color": PALETTE[1], "dash": "dash"}, xaxis="x", yaxis="y"),
            go.Scatter(x=compact(t_s / 60, 300), y=compact(w_shown, 300), mode="lines", name="W′ संतुलन",
                       line={"color": PALETTE[2], "width": 3}, xaxis="x2", yaxis="y2"),
            go.Scatter(x=[s["t_ex"] / 60] if exhausted else [], y=[0.0] if exhausted else [], mode="markers",
                       name="थकावट", marker={"color": PALETTE[6], "size": 12, "symbol": "x"}, xaxis="x2", yaxis="y2"),
        ]
    base_fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig = slider_figure(runs, slider_label="स्थिति", title=title, x_title="समय (min)",
                        y_title="", base=base_fig, height_px=560)
    fig.update_yaxes(title_text="शक्ति (W)", range=[0, power_max_w], row=1, col=1)
    fig.update_yaxes(title_text="W′ संतुलन (kJ)", range=[0, 1.05 * w_top_kj], row=2, col=1)
    fig.update_xaxes(title_text="समय (min)", range=[0, x_max_min], row=2, col=1)
    fig.update_layout(legend={"y": -0.2}, margin={"b": 230}, height=620)
    fig.layout.sliders[0].update(pad={"t": 120, "b": 8}, len=0.92, x=0.03)   # clear of legend, labels inside
    return fig
