"""Three-compartment controller (3CC) model of muscle fatigue (Xia & Frey-Law 2008).

The motor-unit pool of a muscle (or of a joint's muscle group) is split into three
fractions that always add up to one:

* ``active`` (M_A): units working now, producing the force asked for;
* ``resting`` (M_R): units that are fresh and can be recruited;
* ``fatigued`` (M_F): units that cannot produce force until they recover.

A controller ``C(t)`` recruits resting units until the active fraction equals the
target load ``TL(t)`` (a fraction of the maximal voluntary contraction, MVC), and
de-recruits when more than enough are active. Active units fatigue at rate ``F``;
fatigued units recover at rate ``R``::

    dM_A/dt =  C − F·M_A
    dM_R/dt = −C + R_eff·M_F
    dM_F/dt =  F·M_A − R_eff·M_F

    C = LD·(TL − M_A)   if M_A < TL and M_R > TL − M_A   (enough fresh units)
    C = LD·M_R          if M_A < TL and M_R ≤ TL − M_A   (recruit all that is left)
    C = LR·(TL − M_A)   if M_A ≥ TL                       (de-recruit)

``R_eff = r·R`` while the target load is zero (rest) and ``R`` otherwise: the
rest-recovery multiplier ``r`` of Looft, Herkert & Frey-Law (2018), which makes
recovery faster during true rest pauses (``r = 1`` gives the original 3CC).

The model fails a task when the units that are not fatigued, ``M_A + M_R = 1 − M_F``,
can no longer cover the target load. For a sustained load this gives the closed form

    ET = −ln(1 − R·(1 − TL)/(F·TL)) / R,

finite only when ``F·TL/R > 1 − TL``; below that load the fatigued fraction settles
at ``F·TL/R`` and the task can be held indefinitely (in the model).

``F`` and ``R`` lump every cause of fatigue together (central and peripheral): the
model says *how fast* capacity falls, not *why*.

Calibration, not validation: Frey-Law, Looft & Heitsman (2012) fitted the elbow
``F`` and ``R`` to the endurance-time curve of Frey Law & Avin's (2010)
meta-analysis at 10–90 % MVC. Those curve points are the registry rows
``freylaw2010_elbow_et_*`` (role ``calibration``); agreement with them shows
that two rates capture the curve's shape, not that the model was tested on new
data.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from .params import param, validate
from .validation import check_fraction, check_integer, check_positive

__all__ = [
    "ThreeCompartmentParams",
    "ThreeCompartmentResult",
    "controller",
    "derivatives",
    "simulate",
    "endurance_time_s",
    "closed_form_endurance_time_s",
    "sustainable_load_limit",
    "registry_predictions",
    "CALIBRATION_ROWS",
]

#: Registry rows (book/data/validation/fatigue3c.csv) the elbow F and R were
#: fitted to: the meta-analysis power curve at 10, 20, … 90 % MVC.
CALIBRATION_ROWS = tuple(f"freylaw2010_elbow_et_{pct}" for pct in range(10, 100, 10))


@dataclass(frozen=True)
class ThreeCompartmentParams:
    """Rates of the 3CC model; defaults are the elbow flexors (Frey-Law et al. 2012)."""

    fatigue_rate_per_s: float = param(
        0.00912,
        unit="s⁻¹",
        low=0.0,
        low_inclusive=False,
        source="freylaw2012",
        calibrated=True,
        fitted_to=CALIBRATION_ROWS,
        note_hi="थकान दर F: सक्रिय इकाइयाँ किस दर से थकी हुई अवस्था में जाती हैं (कोहनी)",
    )
    recovery_rate_per_s: float = param(
        0.00094,
        unit="s⁻¹",
        low=0.0,
        low_inclusive=False,
        source="freylaw2012",
        calibrated=True,
        fitted_to=CALIBRATION_ROWS,
        note_hi="पुनर्प्राप्ति दर R: थकी इकाइयाँ किस दर से विश्राम अवस्था में लौटती हैं (कोहनी)",
    )
    activation_gain_per_s: float = param(
        10.0,
        unit="s⁻¹",
        low=0.0,
        low_inclusive=False,
        source="xia2008, looft2018",
        note_hi="LD: नियंत्रक कितनी तेजी से नई इकाइयाँ भर्ती करता है",
    )
    relaxation_gain_per_s: float = param(
        10.0,
        unit="s⁻¹",
        low=0.0,
        low_inclusive=False,
        source="xia2008, looft2018",
        note_hi="LR: भार घटने पर नियंत्रक कितनी तेजी से इकाइयाँ छोड़ता है",
    )
    rest_recovery_multiplier: float = param(
        1.0,
        unit="–",
        low=1.0,
        source="looft2018",
        note_hi="r: पूर्ण विश्राम (भार शून्य) के समय R कितने गुना तेज हो (1 = मूल 3CC मॉडल)",
    )

    def __post_init__(self):
        validate(self)


@dataclass(frozen=True)
class ThreeCompartmentResult:
    """Time courses of one run; every array has the length of ``t_s``.

    ``active + resting + fatigued == 1`` at every time; ``capacity = 1 − fatigued``
    is the largest force (fraction of MVC) the pool could give at that moment.
    """

    t_s: np.ndarray
    target_load: np.ndarray
    active: np.ndarray
    resting: np.ndarray
    fatigued: np.ndarray

    @property
    def capacity(self) -> np.ndarray:
        return 1.0 - self.fatigued


def controller(target_load: float, active: float, resting: float, params: ThreeCompartmentParams) -> float:
    """Recruitment flow C (s⁻¹) of Xia & Frey-Law 2008 (see the module docstring)."""
    shortfall = target_load - active
    if shortfall > 0.0:
        if resting > shortfall:
            return params.activation_gain_per_s * shortfall
        # Not enough fresh units left: recruit whatever remains.
        return params.activation_gain_per_s * resting
    return params.relaxation_gain_per_s * shortfall


def derivatives(
    target_load: float, state: np.ndarray, params: ThreeCompartmentParams
) -> np.ndarray:
    """d(M_A, M_R, M_F)/dt for a given target load; the three rates sum to zero."""
    active, resting, fatigued = state
    recruit = controller(target_load, active, resting, params)
    recovery = params.recovery_rate_per_s
    if target_load == 0.0:
        recovery *= params.rest_recovery_multiplier
    fatigue_flow = params.fatigue_rate_per_s * active
    recovery_flow = recovery * fatigued
    return np.array(
        [recruit - fatigue_flow, -recruit + recovery_flow, fatigue_flow - recovery_flow]
    )


def _target_function(target_load) -> Callable[[float], float]:
    """Turn a float or a callable into a checked function of time."""
    if callable(target_load):

        def target(t_s: float) -> float:
            return check_fraction("target_load(t)", target_load(t_s))

        return target
    value = check_fraction("target_load", target_load)
    return lambda t_s: value


def _check_state(initial_state) -> np.ndarray:
    try:
        state = np.asarray(initial_state, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"initial_state must be three fractions (active, resting, fatigued), got {initial_state!r}") from exc
    if state.shape != (3,):
        raise ValueError(f"initial_state must be three fractions (active, resting, fatigued), got {initial_state!r}")
    for name, value in zip(("active", "resting", "fatigued"), state):
        check_fraction(f"initial_state.{name}", float(value))
    if abs(state.sum() - 1.0) > 1e-9:
        raise ValueError(f"initial_state must add up to 1 (active + resting + fatigued), got {state.sum()!r}")
    return state


def simulate(
    target_load,
    t_end_s: float,
    params: ThreeCompartmentParams | None = None,
    *,
    initial_state=(0.0, 1.0, 0.0),
    n_points: int = 601,
    max_step_s: float | None = None,
) -> ThreeCompartmentResult:
    """Run the 3CC model from ``t = 0`` to ``t_end_s``.

    ``target_load`` is a fraction of MVC in [0, 1], either a number (sustained
    contraction) or a function of time in seconds (e.g. work–rest cycles).
    ``initial_state`` is (active, resting, fatigued); the default is a fresh muscle.
    ``max_step_s`` limits the solver's step so that short pulses of a callable
    target are not stepped over (default: 0.5 s or 1/200 of the run).
    """
    params = params if params is not None else ThreeCompartmentParams()
    t_end_s = check_positive("t_end_s", t_end_s, unit="s")
    n_points = check_integer("n_points", n_points, minimum=2)
    state0 = _check_state(initial_state)
    target = _target_function(target_load)
    if max_step_s is None:
        max_step_s = min(0.5, t_end_s / 200.0)
    max_step_s = check_positive("max_step_s", max_step_s, unit="s")

    def rhs(t_s, y):
        return derivatives(target(t_s), y, params)

    t_eval = np.linspace(0.0, t_end_s, n_points)
    # LSODA switches to a stiff method when the fast controller (LD, LR ≈ 10 s⁻¹)
    # dominates the slow fatigue rates (≈ 0.001–0.01 s⁻¹).
    sol = solve_ivp(
        rhs,
        (0.0, t_end_s),
        state0,
        method="LSODA",
        t_eval=t_eval,
        max_step=max_step_s,
        rtol=1e-8,
        atol=1e-10,
    )
    if not sol.success:  # pragma: no cover - the system is smooth enough in practice
        raise RuntimeError(f"3CC integration failed: {sol.message}")
    active, resting, fatigued = sol.y
    targets = np.array([target(t) for t in sol.t])
    return ThreeCompartmentResult(
        t_s=sol.t, target_load=targets, active=active, resting=resting, fatigued=fatigued
    )


def sustainable_load_limit(params: ThreeCompartmentParams | None = None) -> float:
    """Largest sustained load (fraction of MVC) the model can hold for ever.

    In steady state the proportional controller holds ``M_A = k·TL`` with
    ``k = LD/(LD + F)`` (just below the target, since F drains what C recruits),
    and the fatigued fraction settles at ``F·M_A/R``. The task is sustainable while
    that is below the spare capacity ``1 − TL``, i.e. for
    ``TL ≤ R/(k·F + R)`` — practically R/(F + R), because LD ≫ F.
    """
    params = params if params is not None else ThreeCompartmentParams()
    f, r = params.fatigue_rate_per_s, params.recovery_rate_per_s
    k = params.activation_gain_per_s / (params.activation_gain_per_s + f)
    return r / (k * f + r)


def closed_form_endurance_time_s(
    target_load: float, params: ThreeCompartmentParams | None = None
) -> float:
    """ET = −ln(1 − R(1 − TL)/(F·TL))/R for a sustained load; ``math.inf`` if sustainable.

    Derived with the controller treated as instantaneous (M_A = TL from t = 0),
    which is accurate because LD ≫ F, R.
    """
    params = params if params is not None else ThreeCompartmentParams()
    tl = check_fraction("target_load", target_load)
    if tl == 0.0:
        return math.inf
    f, r = params.fatigue_rate_per_s, params.recovery_rate_per_s
    x = r * (1.0 - tl) / (f * tl)
    if x >= 1.0:
        return math.inf
    return -math.log1p(-x) / r


def endurance_time_s(target_load: float, params: ThreeCompartmentParams | None = None) -> float:
    """Time (s) until a sustained ``target_load`` (fraction of MVC) can no longer be held.

    Integrates the full model (controller included) until the non-fatigued units
    ``M_A + M_R`` fall to the target load. Returns ``math.inf`` when the load is at
    or below :func:`sustainable_load_limit` (the task never fails in the model),
    and 0 for a full MVC (``target_load = 1``), which the model cannot hold at all.
    """
    params = params if params is not None else ThreeCompartmentParams()
    tl = check_fraction("target_load", target_load)
    if tl == 0.0 or tl <= sustainable_load_limit(params):
        return math.inf
    if tl == 1.0:
        # A full MVC needs every unit: the first unit to fatigue ends the task.
        return 0.0

    def rhs(t_s, y):
        return derivatives(tl, y, params)

    def capacity_reaches_target(t_s, y):
        return (1.0 - y[2]) - tl

    capacity_reaches_target.terminal = True
    capacity_reaches_target.direction = -1

    # Generous horizon: the closed form plus a margin for the recruitment transient.
    horizon_s = 2.0 * closed_form_endurance_time_s(tl, params) + 10.0
    sol = solve_ivp(
        rhs,
        (0.0, horizon_s),
        np.array([0.0, 1.0, 0.0]),
        method="LSODA",
        events=capacity_reaches_target,
        max_step=max(horizon_s / 2000.0, 0.05),
        rtol=1e-9,
        atol=1e-11,
    )
    if sol.status != 1 or not sol.t_events[0].size:  # pragma: no cover - guarded above
        raise RuntimeError("3CC endurance run ended without task failure")
    return float(sol.t_events[0][0])


def registry_predictions(params: ThreeCompartmentParams | None = None) -> dict[str, float]:
    """The model's value for every row of book/data/validation/fatigue3c.csv (row units)."""
    from . import registry

    params = params if params is not None else ThreeCompartmentParams()
    out: dict[str, float] = {}
    for r in registry.rows("fatigue3c"):
        if r.quantity == "endurance_time_s" and r.x_unit == "% MVC":
            out[r.id] = endurance_time_s(r.x / 100.0, params)
        else:  # pragma: no cover - a new row needs a rule here
            raise KeyError(f"fatigue3c.registry_predictions has no rule for {r.id} ({r.quantity})")
    return out
