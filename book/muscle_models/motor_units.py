"""A pool of motor units: recruitment and rate coding (Fuglevand, Winter & Patla 1993).

A muscle grades its force in two ways. **Recruitment**: more motor units are
switched on, smallest first (the size principle). **Rate coding**: units already
on fire faster, so their twitches sum further. Fuglevand's pool model writes both
with a few exponential rules over units ``i = 1 … n``:

    RTE_i = exp(ln(RR) · i / n)                      recruitment threshold (excitation units)
    FR_i(E) = g_e · (E − RTE_i) + MFR                for E ≥ RTE_i, capped at PFR_i; 0 below
    PFR_i = PFR_1 − PFRD · RTE_i / RTE_n             big (late) units have lower peak rates
    P_i = exp(ln(RP) · i / n)                        peak twitch force (smallest unit ≈ 1)
    T_i = T_L · (1 / P_i)^(ln RT / ln RP)            contraction time: big units are faster

so the thresholds, twitch forces and contraction times span RR, RP and RT
fold (exactly RR^((n−1)/n) etc. between the first and the last unit, with
Fuglevand's indexing). Excitation is given here as a fraction of the maximal
excitation ``E_max = RTE_n + (PFR_n − MFR)/g_e``, the drive at which the last
unit reaches its peak rate.

Each unit's force is a train of twitches with Fuglevand's summation gain; the
twitch maths lives in :mod:`muscle_models.twitch` and is reused here. The steady
mean force of a unit firing regularly at ν is ν times the area under one scaled
twitch, ``e · P · T · ν · g``, so :meth:`MotorUnitPool.force` needs no
simulation. :meth:`MotorUnitPool.simulate` builds the time course by
convolving each unit's spike train with its twitch (numpy FFT, all units at
once) — an analytic superposition, no differential equation.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from . import twitch
from .params import param, validate
from .validation import check_fraction, check_integer, check_range

__all__ = ["MotorUnitPoolParams", "MotorUnitPool", "PoolSimulation", "with_params", "registry_predictions"]


@dataclass(frozen=True)
class MotorUnitPoolParams:
    """Fuglevand et al. (1993) standard pool; every default from that paper."""

    n_units: int = param(120, unit="1", source="fuglevand1993", low=1,
                         note_hi="पूल में मोटर इकाइयों की संख्या")
    recruitment_range: float = param(30.0, unit="1", source="fuglevand1993", low=1,
                                     low_inclusive=False,
                                     note_hi="भर्ती-देहलियों का परास (सबसे बड़ी/सबसे छोटी, गुना)")
    twitch_force_range: float = param(100.0, unit="1", source="fuglevand1993", low=1,
                                      low_inclusive=False,
                                      note_hi="एकल संकुचन के चरम बल का परास (गुना)")
    contraction_time_range: float = param(3.0, unit="1", source="fuglevand1993", low=1,
                                          low_inclusive=False,
                                          note_hi="संकुचन-काल का परास (गुना)")
    longest_contraction_time_s: float = param(0.090, unit="s", source="fuglevand1993", low=0,
                                              low_inclusive=False, high=1.0,
                                              note_hi="सबसे धीमी (पहली) इकाई का संकुचन-काल")
    min_firing_rate_hz: float = param(8.0, unit="Hz", source="fuglevand1993", low=0,
                                      low_inclusive=False, high=100.0,
                                      note_hi="भर्ती होते ही न्यूनतम फायरिंग दर")
    peak_firing_rate_first_hz: float = param(35.0, unit="Hz", source="fuglevand1993", low=0,
                                             low_inclusive=False, high=200.0,
                                             note_hi="पहली (सबसे छोटी) इकाई की चरम फायरिंग दर")
    peak_firing_rate_drop_hz: float = param(10.0, unit="Hz", source="fuglevand1993", low=0,
                                            high=200.0,
                                            note_hi="पहली से अंतिम इकाई तक चरम दर में कमी (अंतिम: 25 Hz)")
    rate_gain_hz: float = param(1.0, unit="Hz per unit excitation", source="fuglevand1993",
                                low=0, low_inclusive=False, high=100.0,
                                note_hi="उत्तेजना की हर इकाई पर फायरिंग दर की बढ़त")

    def __post_init__(self):
        validate(self)
        check_integer("n_units", self.n_units, minimum=1)
        last_peak = self.peak_firing_rate_first_hz - self.peak_firing_rate_drop_hz
        # Every unit must be able to fire faster than its minimum rate.
        if last_peak <= self.min_firing_rate_hz:
            raise ValueError(
                "peak_firing_rate_first_hz - peak_firing_rate_drop_hz must exceed "
                f"min_firing_rate_hz (> {self.min_firing_rate_hz:g} Hz), got {last_peak:g} Hz"
            )


@dataclass(frozen=True)
class PoolSimulation:
    """Force time course of the pool at a constant excitation."""

    t_s: np.ndarray            # time (s)
    force: np.ndarray          # fraction of the pool's maximal steady mean force
    firing_rates_hz: np.ndarray  # per unit, constant during the run
    excitation: float


class MotorUnitPool:
    """Fuglevand's motor-unit pool; excitation is a fraction (0–1) of maximal.

    ``pool.recruitment_thresholds`` (fraction of maximal excitation),
    ``pool.peak_twitch_forces`` (relative units, smallest unit ≈ 1) and
    ``pool.contraction_times_s`` are arrays over units, ordered by size.
    """

    def __init__(self, params: MotorUnitPoolParams | None = None):
        if params is None:
            params = MotorUnitPoolParams()
        if not isinstance(params, MotorUnitPoolParams):
            raise ValueError(f"params must be a MotorUnitPoolParams, got {type(params).__name__}")
        self.params = params
        p = params
        index = np.arange(1, p.n_units + 1)
        # Thresholds in Fuglevand's excitation units (first ≈ 1, last = RR).
        self._rte = np.exp(math.log(p.recruitment_range) * index / p.n_units)
        self._peak_rates_hz = (
            p.peak_firing_rate_first_hz - p.peak_firing_rate_drop_hz * self._rte / self._rte[-1]
        )
        # Maximal excitation: the last unit just reaches its own peak rate.
        self._e_max = self._rte[-1] + (self._peak_rates_hz[-1] - p.min_firing_rate_hz) / p.rate_gain_hz
        self._peak_forces = np.exp(math.log(p.twitch_force_range) * index / p.n_units)
        exponent = math.log(p.contraction_time_range) / math.log(p.twitch_force_range)
        self._contraction_times_s = p.longest_contraction_time_s * (1.0 / self._peak_forces) ** exponent
        self._max_mean_force = float(self._unit_mean_forces(self._rates_at(1.0)).sum())

    # ---- pool properties (copies, so callers cannot change the pool) ----------
    @property
    def recruitment_thresholds(self) -> np.ndarray:
        """Excitation (fraction of maximal) at which each unit starts to fire."""
        return self._rte / self._e_max

    @property
    def peak_twitch_forces(self) -> np.ndarray:
        """Peak twitch force of each unit (relative units; smallest unit ≈ 1)."""
        return self._peak_forces.copy()

    @property
    def contraction_times_s(self) -> np.ndarray:
        """Time from impulse to twitch peak of each unit (s)."""
        return self._contraction_times_s.copy()

    @property
    def peak_firing_rates_hz(self) -> np.ndarray:
        """Firing rate each unit reaches at maximal excitation (Hz)."""
        return self._peak_rates_hz.copy()

    @property
    def upper_recruitment_limit(self) -> float:
        """Excitation (fraction of maximal) at which the last unit is recruited."""
        return float(self._rte[-1] / self._e_max)

    # ---- rate coding and force ---------------------------------------------
    def _rates_at(self, excitation: float) -> np.ndarray:
        p = self.params
        e = excitation * self._e_max
        rates = p.rate_gain_hz * (e - self._rte) + p.min_firing_rate_hz
        rates = np.minimum(rates, self._peak_rates_hz)
        # Comparison on the fraction scale, so a threshold passed in as
        # `recruitment_thresholds[i]` recruits unit i despite rounding.
        recruited = excitation >= self._rte / self._e_max - 1e-12
        return np.where(recruited, rates, 0.0)

    def firing_rates_hz(self, excitation: float) -> np.ndarray:
        """Firing rate (Hz) of every unit at ``excitation`` (0–1 of maximal); 0 if not recruited."""
        excitation = check_fraction("excitation", excitation)
        return self._rates_at(excitation)

    def _unit_mean_forces(self, rates_hz: np.ndarray) -> np.ndarray:
        # Mean of a regular twitch train = rate × gain × area of one twitch,
        # and the area of P·(t/T)·exp(1 − t/T) is e·P·T.
        gains = np.array(
            [twitch.summation_gain(t_c, nu) for t_c, nu in zip(self._contraction_times_s, rates_hz)]
        )
        return math.e * self._peak_forces * self._contraction_times_s * rates_hz * gains

    def unit_forces(self, excitation: float) -> np.ndarray:
        """Steady mean force of each unit, as a fraction of the pool's maximal force."""
        excitation = check_fraction("excitation", excitation)
        return self._unit_mean_forces(self._rates_at(excitation)) / self._max_mean_force

    def force(self, excitation: float) -> float:
        """Steady mean force of the pool at ``excitation`` (0–1), fraction of maximal force."""
        return float(self.unit_forces(excitation).sum())

    # ---- time course -------------------------------------------------------
    def _superpose(self, units: np.ndarray, rates_hz: np.ndarray, first_spike_s: np.ndarray,
                   t_end_s: float, dt_s: float, stop_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Sum of twitch trains: unit ``units[k]`` fires every 1/rates_hz[k] s from first_spike_s[k]."""
        n_steps = int(round(t_end_s / dt_s)) + 1
        t = np.arange(n_steps) * dt_s
        force = np.zeros(n_steps)
        if units.size == 0:
            return t, force
        isi = 1.0 / rates_hz
        max_spikes = int(np.ceil(stop_s * rates_hz.max())) + 1
        spike_t = first_spike_s[:, None] + np.arange(max_spikes)[None, :] * isi[:, None]
        rows, cols = np.nonzero(spike_t <= stop_s + 1e-12)
        bins = np.rint(spike_t[rows, cols] / dt_s).astype(int)
        trains = np.zeros((units.size, n_steps))
        np.add.at(trains, (rows, bins), 1.0)
        times = self._contraction_times_s[units]
        gains = np.array([twitch.summation_gain(t_c, nu) for t_c, nu in zip(times, rates_hz)])
        kernels = np.vstack(
            [twitch.twitch_force(t, self._peak_forces[i] * g, self._contraction_times_s[i])
             for i, g in zip(units, gains)]
        )
        # Linear (not circular) convolution of every unit at once, then sum over units.
        n_fft = 1 << int(np.ceil(np.log2(2 * n_steps)))
        spectrum = (np.fft.rfft(trains, n_fft, axis=1) * np.fft.rfft(kernels, n_fft, axis=1)).sum(axis=0)
        force = np.fft.irfft(spectrum, n_fft)[:n_steps]
        return t, force / self._max_mean_force

    def simulate(
        self,
        excitation: float,
        t_end_s: float,
        *,
        dt_s: float = 0.0005,
        seed: int | None = 0,
    ) -> PoolSimulation:
        """Force time course when ``excitation`` (0–1) is switched on at t = 0.

        Each recruited unit fires regularly at its rate; its first spike falls at
        a random phase within one interspike interval (``seed`` fixes it; units
        are not synchronised). Force is the sum of every unit's twitches with
        Fuglevand's gain, as a fraction of the pool's maximal steady mean force,
        so its average over a steady stretch equals :meth:`force`.
        """
        excitation = check_fraction("excitation", excitation)
        t_end_s = check_range("t_end_s", t_end_s, 0.0, 60.0, low_inclusive=False, unit="s")
        dt_s = check_range("dt_s", dt_s, 1e-5, 0.005, unit="s")
        if seed is not None:
            seed = check_integer("seed", seed, minimum=0)
        rates = self._rates_at(excitation)
        active = np.flatnonzero(rates > 0.0)
        rng = np.random.default_rng(seed)
        phase = rng.uniform(0.0, 1.0, active.size) / rates[active]
        t, force = self._superpose(active, rates[active], phase, t_end_s, dt_s, t_end_s)
        return PoolSimulation(t_s=t, force=force, firing_rates_hz=rates, excitation=excitation)

    def stimulate(
        self,
        frequency_hz: float,
        t_end_s: float,
        *,
        train_s: float | None = None,
        dt_s: float = 0.0005,
    ) -> PoolSimulation:
        """Force when the whole nerve is stimulated at ``frequency_hz`` from t = 0.

        Supramaximal electrical stimulation fires every unit at the same moments,
        unlike voluntary drive. Pulses stop after ``train_s`` (default: all of
        ``t_end_s``). Force is a fraction of the maximal *voluntary* steady force,
        so it can exceed 1 at high frequency (see :meth:`stimulated_mean_force`).
        """
        frequency_hz = check_range("frequency_hz", frequency_hz, 0.0, 200.0, low_inclusive=False, unit="Hz")
        t_end_s = check_range("t_end_s", t_end_s, 0.0, 60.0, low_inclusive=False, unit="s")
        dt_s = check_range("dt_s", dt_s, 1e-5, 0.005, unit="s")
        stop = t_end_s if train_s is None else check_range("train_s", train_s, 0.0, t_end_s, unit="s")
        units = np.arange(self.params.n_units)
        rates = np.full(units.size, frequency_hz)
        t, force = self._superpose(units, rates, np.zeros(units.size), t_end_s, dt_s, stop)
        return PoolSimulation(t_s=t, force=force, firing_rates_hz=rates, excitation=math.nan)

    def stimulated_mean_force(self, frequency_hz: float) -> float:
        """Steady mean force with every unit stimulated at ``frequency_hz``.

        A fraction of the maximal voluntary force (Fuglevand's standard pool gives
        about 1.19 at 50–100 Hz: at maximal voluntary drive the large units fire at
        only ~25 Hz and are not fully fused).
        """
        frequency_hz = check_range("frequency_hz", frequency_hz, 0.0, 200.0, unit="Hz")
        rates = np.full(self.params.n_units, frequency_hz)
        return float(self._unit_mean_forces(rates).sum() / self._max_mean_force)

    def __repr__(self) -> str:
        return f"MotorUnitPool({self.params!r})"


def with_params(**changes) -> MotorUnitPool:
    """A pool with some parameters changed, e.g. ``with_params(peak_firing_rate_first_hz=25)``."""
    return MotorUnitPool(dataclasses.replace(MotorUnitPoolParams(), **changes))


def registry_predictions(params: MotorUnitPoolParams | None = None) -> dict[str, float]:
    """The model's value for every row of book/data/validation/motor_units.csv.

    The pool has no rows: every parameter is one of Fuglevand et al.'s (1993)
    assumed values, nothing is fitted, and chapter 4 makes no numerical comparison
    with a measurement (it says why the 84 % voluntary/tetanic ratio is a property
    of the assumed peak rates, not a physiological finding). A row added to that
    file needs a rule here.
    """
    from . import registry

    pool = MotorUnitPool(params)
    out: dict[str, float] = {}
    for r in registry.rows("motor_units"):
        if r.quantity == "voluntary_over_tetanic_percent":
            out[r.id] = 100.0 / pool.stimulated_mean_force(100.0)
        else:  # pragma: no cover - a new row needs a rule here
            raise KeyError(f"motor_units.registry_predictions has no rule for {r.id} ({r.quantity})")
    return out
