"""Motor-unit pool: recruitment and rate coding (Fuglevand, Winter & Patla 1993, J Neurophysiol 70:2470)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from muscle_models import motor_units, twitch
from muscle_models.motor_units import MotorUnitPool, MotorUnitPoolParams

POOL = MotorUnitPool()
N = POOL.params.n_units


def test_units_are_ordered_by_size():
    # Size principle (Henneman 1957; Fuglevand 1993): small, slow units first.
    assert np.all(np.diff(POOL.recruitment_thresholds) > 0)
    assert np.all(np.diff(POOL.peak_twitch_forces) > 0)
    assert np.all(np.diff(POOL.contraction_times_s) < 0)
    assert np.all(np.diff(POOL.peak_firing_rates_hz) < 0)


def test_ranges_match_fuglevand_standard_pool():
    # Fuglevand 1993 indexing exp(ln(R)*i/n), i = 1..n: last/first = R**((n-1)/n).
    span = (N - 1) / N
    rt = POOL.recruitment_thresholds
    assert rt[-1] / rt[0] == pytest.approx(30.0**span, rel=1e-12)
    assert POOL.peak_twitch_forces[-1] / POOL.peak_twitch_forces[0] == pytest.approx(100.0**span, rel=1e-12)
    ct = POOL.contraction_times_s
    assert ct[0] / ct[-1] == pytest.approx(3.0**span, rel=1e-12)
    # Largest unit: T_L / RT = 90 ms / 3 = 30 ms; its peak rate 35 - 10 = 25 Hz.
    assert ct[-1] == pytest.approx(0.030, rel=1e-12)
    assert POOL.peak_firing_rates_hz[-1] == pytest.approx(25.0, rel=1e-12)


def test_upper_limit_of_recruitment():
    # E_max = RTE_n + (PFR_n - MFR)/g_e = 30 + 17 = 47, so recruitment ends at 30/47 [derived].
    assert POOL.upper_recruitment_limit == pytest.approx(30 / 47, rel=1e-12)


def test_rest_and_full_excitation():
    assert np.all(POOL.firing_rates_hz(0.0) == 0.0)
    assert POOL.force(0.0) == 0.0
    rates = POOL.firing_rates_hz(1.0)
    assert np.all(rates > 0)                                   # every unit recruited
    assert rates == pytest.approx(POOL.peak_firing_rates_hz)   # at its peak rate
    assert POOL.force(1.0) == pytest.approx(1.0)


def test_all_recruited_at_and_above_last_threshold():
    limit = POOL.upper_recruitment_limit
    assert np.all(POOL.firing_rates_hz(limit) > 0)
    assert np.count_nonzero(POOL.firing_rates_hz(limit * 0.999)) == N - 1


def test_a_unit_starts_at_the_minimum_rate():
    # Fuglevand 1993: a newly recruited unit fires at MFR = 8 Hz.
    i = 40
    rates = POOL.firing_rates_hz(POOL.recruitment_thresholds[i])
    assert rates[i] == pytest.approx(8.0, abs=1e-9)
    assert rates[i + 1] == 0.0


def test_recruitment_is_rapid_at_low_force():
    # Exponential thresholds: many small units come in at low excitation, so
    # half the pool is recruited while force is still below 5 % of maximum.
    half = POOL.recruitment_thresholds[N // 2 - 1]
    assert POOL.force(half) < 0.05


def test_gain_continuous_at_the_linear_limit():
    # Fuglevand 1993: g = 1 for T/ISI <= 0.4, continuous there.
    t_c = 0.05
    below = twitch.summation_gain(t_c, 0.4 / t_c * (1 - 1e-9))
    above = twitch.summation_gain(t_c, 0.4 / t_c * (1 + 1e-9))
    assert below == 1.0 and above == pytest.approx(1.0, abs=1e-6)


def test_unit_mean_force_is_continuous_in_rate():
    # The steady mean force of a unit has no jump where the gain switches on.
    pool = MotorUnitPool()
    t_c = pool.contraction_times_s[0]
    f_lin = pool._unit_mean_forces(np.r_[0.4 / t_c * (1 - 1e-9), np.zeros(N - 1)])[0]
    f_sig = pool._unit_mean_forces(np.r_[0.4 / t_c * (1 + 1e-9), np.zeros(N - 1)])[0]
    assert f_sig == pytest.approx(f_lin, rel=1e-6)


def test_simulated_mean_equals_steady_force():
    # The mean of summed twitches = rate x twitch area, so the time course
    # averaged over a steady second equals force(); discretisation < 1 %.
    for excitation in (0.1, 0.4, 1.0):
        sim = POOL.simulate(excitation, 2.0)
        steady = sim.force[sim.t_s >= 1.0].mean()
        assert steady == pytest.approx(POOL.force(excitation), rel=0.01)


def test_simulation_starts_at_zero_and_is_deterministic_for_a_seed():
    a = POOL.simulate(0.3, 0.5, seed=3)
    b = POOL.simulate(0.3, 0.5, seed=3)
    assert np.array_equal(a.force, b.force)
    assert a.force[0] == 0.0
    assert np.all(a.force >= -1e-9)
    assert np.all(POOL.simulate(0.0, 0.5).force == 0.0)


def test_twitches_fuse_as_rate_rises():
    # Force-frequency (Fuglevand 1993): a unit's relative ripple shrinks as it fires faster.
    pool = motor_units.with_params(n_units=1)      # one unit: T = 30 ms, 8 -> 25 Hz

    def ripple(excitation):
        sim = pool.simulate(excitation, 1.5)
        late = sim.force[sim.t_s > 0.75]
        return (late.max() - late.min()) / late.mean()

    slow, fast = ripple(pool.recruitment_thresholds[0]), ripple(1.0)
    assert slow > 1.0          # 8 Hz: separate twitches, force falls near zero between them
    assert fast < 0.5 * slow


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=6))
def test_force_non_decreasing_in_excitation(levels):
    levels = sorted(levels)
    forces = [POOL.force(e) for e in levels]
    assert all(b >= a - 1e-12 for a, b in zip(forces, forces[1:]))
    assert all(0.0 <= f <= 1.0 + 1e-12 for f in forces)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.0, 1.0))
def test_rates_within_min_and_peak_once_recruited(excitation):
    rates = POOL.firing_rates_hz(excitation)
    on = rates > 0
    assert np.all(rates[on] >= 8.0 - 1e-9)
    assert np.all(rates[on] <= POOL.peak_firing_rates_hz[on] + 1e-9)
    # Recruitment order: if unit i is on, every smaller unit is on.
    k = np.count_nonzero(on)
    assert np.all(on[:k])


@settings(max_examples=15, deadline=None)
@given(
    st.floats(5.0, 12.0),      # min firing rate (Hz)
    st.floats(25.0, 50.0),     # first unit's peak rate (Hz)
    st.floats(10.0, 80.0),     # recruitment range
)
def test_invariants_hold_across_parameter_sliders(mfr, pfr1, rr):
    pool = MotorUnitPool(MotorUnitPoolParams(min_firing_rate_hz=mfr, peak_firing_rate_first_hz=pfr1,
                                             recruitment_range=rr))
    grid = np.linspace(0, 1, 21)
    forces = [pool.force(e) for e in grid]
    assert np.all(np.diff(forces) >= -1e-12)
    assert forces[-1] == pytest.approx(1.0)
    assert np.all(pool.firing_rates_hz(1.0) > 0)


def test_lower_peak_rates_lower_maximal_force():
    # Why maximal efforts need high rates: capping rates (e.g. 35 -> 20 Hz for the
    # first unit) lowers the maximal force of the same muscle.
    normal = MotorUnitPool()
    capped = motor_units.with_params(peak_firing_rate_first_hz=20.0, peak_firing_rate_drop_hz=5.0)
    f_normal = normal._unit_mean_forces(normal.firing_rates_hz(1.0)).sum()
    f_capped = capped._unit_mean_forces(capped.firing_rates_hz(1.0)).sum()
    assert f_capped < 0.9 * f_normal


def test_stimulated_force_frequency_curve():
    # Whole-nerve stimulation: force rises steeply between ~10 and 30 Hz and is
    # saturated (fused tetanus) by 50 Hz (Fuglevand 1993 gain; human force-frequency
    # curves plateau around 50 Hz).
    freqs = [5, 10, 15, 20, 30, 50, 100]
    f = [POOL.stimulated_mean_force(nu) for nu in freqs]
    assert np.all(np.diff(f) >= 0)
    assert f[-1] == pytest.approx(f[-2], rel=0.01)
    assert f[1] / f[-1] < 0.2 and f[4] / f[-1] > 0.8
    # Twitch/tetanus ratio: Fuglevand's gain makes it S(0.4)/(0.4 e) ~ 0.11 for every
    # unit (derived); the same 0.08-0.2 band as the single-unit check in intro.md.
    single = POOL.stimulate(1.0, 0.4, train_s=0.0)
    assert 0.08 < single.force.max() / f[-1] < 0.2


def test_stimulated_time_course_mean_matches_analytic():
    sim = POOL.stimulate(20.0, 1.0)
    steady = sim.force[sim.t_s >= 0.5].mean()
    assert steady == pytest.approx(POOL.stimulated_mean_force(20.0), rel=0.02)


def test_voluntary_shortfall_is_set_by_the_assumed_peak_rates():
    # A model property, not physiology (chapter 4): with Fuglevand's peak rates
    # (35 -> 25 Hz) the largest units (T = 30 ms) are unfused at maximal drive, so
    # maximal voluntary force is about 84 % of the 100 Hz tetanic force. Raise every
    # unit's peak rate to 100 Hz and the shortfall disappears.
    assert 1.0 / POOL.stimulated_mean_force(100.0) == pytest.approx(0.84, abs=0.005)
    fast = motor_units.with_params(peak_firing_rate_first_hz=100.0, peak_firing_rate_drop_hz=0.0)
    assert 1.0 / fast.stimulated_mean_force(100.0) > 0.995


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: POOL.firing_rates_hz(-0.1), "excitation"),
        (lambda: POOL.firing_rates_hz(1.5), "excitation"),
        (lambda: POOL.force(float("nan")), "excitation"),
        (lambda: POOL.unit_forces(math.inf), "excitation"),
        (lambda: POOL.simulate(-1.0, 1.0), "excitation"),
        (lambda: POOL.simulate(0.5, 0.0), "t_end_s"),
        (lambda: POOL.simulate(0.5, 1.0, dt_s=0.0), "dt_s"),
        (lambda: POOL.simulate(0.5, 1.0, seed=-1), "seed"),
        (lambda: MotorUnitPoolParams(n_units=0), "n_units"),
        (lambda: MotorUnitPoolParams(n_units=2.5), "n_units"),
        (lambda: MotorUnitPoolParams(recruitment_range=1.0), "recruitment_range"),
        (lambda: MotorUnitPoolParams(twitch_force_range=0.5), "twitch_force_range"),
        (lambda: MotorUnitPoolParams(contraction_time_range=1.0), "contraction_time_range"),
        (lambda: MotorUnitPoolParams(longest_contraction_time_s=0.0), "longest_contraction_time_s"),
        (lambda: MotorUnitPoolParams(min_firing_rate_hz=0.0), "min_firing_rate_hz"),
        (lambda: MotorUnitPoolParams(min_firing_rate_hz=30.0), "min_firing_rate_hz"),
        (lambda: MotorUnitPoolParams(rate_gain_hz=-1.0), "rate_gain_hz"),
        (lambda: MotorUnitPool(params="default"), "params"),
        (lambda: POOL.stimulate(0.0, 1.0), "frequency_hz"),
        (lambda: POOL.stimulate(500.0, 1.0), "frequency_hz"),
        (lambda: POOL.stimulate(20.0, -1.0), "t_end_s"),
        (lambda: POOL.stimulate(20.0, 1.0, train_s=2.0), "train_s"),
        (lambda: POOL.stimulated_mean_force(-5.0), "frequency_hz"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_registry_predictions_cover_the_pool_rows():
    # The pool has no registry rows today (nothing fitted, no numerical comparison);
    # whatever rows are added, the module must predict each one.
    from muscle_models import registry

    predicted = motor_units.registry_predictions()
    assert set(predicted) == {r.id for r in registry.rows("motor_units")}
