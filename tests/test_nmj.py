"""Neuromuscular junction and myasthenic decrement (muscle_models.nmj)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from muscle_models import nmj, registry

ACHR = st.floats(min_value=0.15, max_value=1.0)
FREQ = st.sampled_from([1.0, 2.0, 3.0, 5.0, 10.0])
MG = nmj.NMJParams.myasthenia_gravis()


def test_refilling_matches_solve_ivp():
    # The exact exponential refilling must equal a numerical solution of dn/dt = (1-n)/tau.
    tau, dt, n0 = 10.0, 1 / 3, 0.6
    sol = solve_ivp(lambda t, n: (1 - n) / tau, (0, dt), [n0], rtol=1e-10, atol=1e-12)
    assert nmj.pool_after_interval(n0, dt, tau) == pytest.approx(sol.y[0, -1], rel=1e-8)


def test_pool_recovers_fully_after_long_rest():
    # after a rest >> tau_rec the pool is full again: the first response of a new train is normal
    assert nmj.pool_after_interval(0.1, 300.0, 10.0) == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(achr=ACHR, freq=FREQ, n=st.integers(2, 15), seed=st.one_of(st.none(), st.integers(0, 50)),
       compensation=st.floats(1.0, 2.0))
def test_pool_and_cmap_stay_within_zero_and_one(achr, freq, n, seed, compensation):
    p = nmj.NMJParams(achr_fraction=achr, release_compensation=compensation, n_fibres=200)
    r = nmj.repetitive_stimulation(freq, n, p, seed)
    assert np.all((r.pool_fraction >= 0) & (r.pool_fraction <= 1))
    assert np.all((r.cmap >= 0) & (r.cmap <= 1))
    assert np.all(np.diff(r.pool_fraction) <= 1e-12)  # the pool only runs down during a train
    assert r.decrement_percent[0] == 0.0


@settings(max_examples=20, deadline=None)
@given(freq=FREQ, a_low=st.floats(0.15, 0.9), gap=st.floats(0.05, 0.5))
def test_fewer_receptors_never_give_a_larger_response(freq, a_low, gap):
    a_high = min(1.0, a_low + gap)
    hi = nmj.repetitive_stimulation(freq, 6, nmj.NMJParams(achr_fraction=a_high))
    lo = nmj.repetitive_stimulation(freq, 6, nmj.NMJParams(achr_fraction=a_low))
    assert np.all(lo.cmap <= hi.cmap + 1e-12)


def test_decrement_grows_as_achr_falls():
    # the 4th-5th response decrement at 3 Hz rises as functional receptors fall (release ×1.25 as in MG)
    dec = [max(nmj.repetitive_stimulation(3, 10, nmj.NMJParams.myasthenia_gravis(achr_fraction=a))
               .decrement_percent[3:5]) for a in (0.6, 0.45, 1 / 3, 0.3)]
    assert dec[0] < 1.0
    assert all(b > a for a, b in zip(dec, dec[1:])), dec


def test_healthy_decrement_stays_below_criterion_at_2_to_5_hz():
    for f in (2, 3, 5):
        r = nmj.repetitive_stimulation(f, 10, nmj.NMJParams())
        assert r.decrement_percent.max() < 10.0
        assert r.cmap[0] > 0.99


@pytest.mark.parametrize("freq", [2.0, 3.0])
def test_myasthenia_decrement_at_least_10_percent_at_4th_5th_response(freq):
    r = nmj.repetitive_stimulation(freq, 10, MG)
    assert max(r.decrement_percent[3], r.decrement_percent[4]) >= 10.0


@pytest.mark.parametrize("freq", [2.0, 3.0, 5.0])
def test_myasthenia_decrement_largest_at_4th_5th_then_plateau_or_recovery(freq):
    d = nmj.repetitive_stimulation(freq, 10, MG).decrement_percent
    assert int(np.argmax(d)) + 1 in (4, 5)
    assert d[9] <= max(d[3], d[4])                      # no further fall after the 5th
    assert d[9] >= 0.5 * max(d[3], d[4])                # a plateau or slight recovery, not a return to normal


def test_myasthenia_decrement_similar_across_2_to_5_hz():
    dec = [max(nmj.repetitive_stimulation(f, 10, MG).decrement_percent[3:5]) for f in (2, 3, 5)]
    assert max(dec) / min(dec) < 1.5, dec


def test_myasthenia_first_response_near_normal():
    healthy = nmj.repetitive_stimulation(3, 10, nmj.NMJParams())
    assert nmj.repetitive_stimulation(3, 10, MG).cmap[0] >= 0.95 * healthy.cmap[0]


def test_without_compensation_the_myasthenic_decrement_is_larger():
    # increased quantal release (compensation) preserves part of the EPP
    with_c = max(nmj.repetitive_stimulation(3, 10, MG).decrement_percent[3:5])
    without = max(nmj.repetitive_stimulation(3, 10, nmj.NMJParams.myasthenia_gravis(
        release_compensation=1.0)).decrement_percent[3:5])
    assert without > with_c


def test_safety_factor_quantiles_reproduce_paton_waud_occupancies():
    # 5 % of fibres fail at occupancy 0.76 and 95 % at 0.917 (the two calibration rows)
    assert nmj.occupancy_at_block(0.05) == pytest.approx(registry.row("paton1967_threshold_block_occupancy").value / 100, abs=0.002)
    assert nmj.occupancy_at_block(0.95) == pytest.approx(registry.row("paton1967_near_complete_block_occupancy").value / 100, abs=0.002)
    # i.e. safety factors of about 4.1 and 12 for the most sensitive and most resistant fibres
    assert 1 / (1 - nmj.occupancy_at_block(0.05)) == pytest.approx(4.17, abs=0.05)


def test_fibre_safety_factors_follow_the_median():
    p = nmj.NMJParams(n_fibres=4001)
    sf = nmj.fibre_safety_factors(p)
    assert np.median(sf) == pytest.approx(p.safety_factor_median, rel=1e-9)
    assert np.std(np.log(sf)) == pytest.approx(p.safety_factor_spread, rel=0.01)


def test_large_safety_factor_removes_decrement_and_sub_threshold_blocks_all():
    big = nmj.NMJParams(achr_fraction=1 / 3, safety_factor_median=50.0)
    assert nmj.repetitive_stimulation(3, 10, big).decrement_percent.max() == 0.0
    tiny = nmj.NMJParams(achr_fraction=0.05, safety_factor_median=1.01, safety_factor_spread=0.0)
    assert nmj.repetitive_stimulation(3, 5, tiny).cmap[0] == 0.0


def test_deterministic_for_a_seed_and_default_has_no_sampling():
    a = nmj.repetitive_stimulation(3, 8, MG, seed=7)
    b = nmj.repetitive_stimulation(3, 8, MG, seed=7)
    np.testing.assert_array_equal(a.epp_mV, b.epp_mV)
    c = nmj.repetitive_stimulation(3, 8, MG, seed=8)
    assert not np.array_equal(a.safety_factor, c.safety_factor)
    np.testing.assert_array_equal(nmj.repetitive_stimulation(3, 8, MG).cmap,
                                  nmj.repetitive_stimulation(3, 8, MG).cmap)


def test_registry_predictions_cover_every_nmj_row():
    predicted = nmj.registry_predictions()
    assert {r.id for r in registry.rows("nmj")} <= set(predicted)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: nmj.NMJParams(achr_fraction=0.0), "achr_fraction"),
        (lambda: nmj.NMJParams(achr_fraction=1.2), "achr_fraction"),
        (lambda: nmj.NMJParams(achr_fraction=math.nan), "achr_fraction"),
        (lambda: nmj.NMJParams(release_fraction=0.0), "release_fraction"),
        (lambda: nmj.NMJParams(release_fraction=0.9, release_compensation=1.5), "release_compensation"),
        (lambda: nmj.NMJParams(release_compensation=0.5), "release_compensation"),
        (lambda: nmj.NMJParams(mobilisation_fraction=-0.1), "mobilisation_fraction"),
        (lambda: nmj.NMJParams(recovery_time_constant_s=-1), "recovery_time_constant_s"),
        (lambda: nmj.NMJParams(augmentation_time_constant_s=0), "augmentation_time_constant_s"),
        (lambda: nmj.NMJParams(quantal_content=0), "quantal_content"),
        (lambda: nmj.NMJParams(safety_factor_spread=-0.1), "safety_factor_spread"),
        (lambda: nmj.NMJParams(n_fibres=50.5), "n_fibres"),
        (lambda: nmj.repetitive_stimulation(0, 10), "frequency_hz"),
        (lambda: nmj.repetitive_stimulation(150, 10), "frequency_hz"),
        (lambda: nmj.repetitive_stimulation(math.inf, 10), "frequency_hz"),
        (lambda: nmj.repetitive_stimulation(3, 1), "n_stimuli"),
        (lambda: nmj.repetitive_stimulation(3, 10, seed=-1), "seed"),
        (lambda: nmj.repetitive_stimulation(3, 10, params="healthy"), "params"),
        (lambda: nmj.occupancy_at_block(1.0), "fraction_failing"),
        (lambda: nmj.pool_after_interval(1.5, 0.3, 1.0), "pool_after_release"),
        (lambda: nmj.pool_after_interval(0.5, -0.3, 1.0), "interval_s"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
