"""Twitch shape and summation (Fuglevand, Winter & Patla 1993, J Neurophysiol 70:2470)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from muscle_models import twitch
from muscle_models.twitch import SummationGainParams


def test_twitch_peaks_at_contraction_time_with_peak_force():
    t = np.linspace(0, 0.5, 50001)
    f = twitch.twitch_force(t, peak_force=2.0, contraction_time_s=0.05)
    assert t[f.argmax()] == pytest.approx(0.05, abs=1e-5)
    assert f.max() == pytest.approx(2.0, rel=1e-9)
    assert twitch.twitch_force(-0.01) == 0.0


def test_gain_is_one_up_to_x_04_and_continuous_there():
    # Fuglevand et al. 1993: g = 1 for T/ISI <= 0.4
    assert twitch.summation_gain(0.05, 8.0) == 1.0
    below = twitch.summation_gain(0.05, 0.4 / 0.05)
    above = twitch.summation_gain(0.05, 0.4 / 0.05 + 1e-6)
    assert above == pytest.approx(below, rel=1e-4)


def test_force_saturates_at_high_frequency():
    t = np.linspace(0, 1, 2001)
    peaks = [twitch.twitch_train_force(nu, t, 1.0, 0.06).max() for nu in (5, 10, 20, 40, 80)]
    assert all(a < b for a, b in zip(peaks[:3], peaks[1:4]))
    assert peaks[4] == pytest.approx(peaks[3], rel=0.05)


def test_gain_defaults_are_fuglevands_sigmoid():
    p = SummationGainParams()
    assert (p.linear_limit, p.sigmoid_coefficient, p.sigmoid_exponent) == (0.4, 2.0, 3.0)
    # g·x → S(∞)/[S(0.4)/0.4] = 0.4/S(0.4) at high rate: force saturates.
    x = 5.0
    assert twitch.summation_gain(x / 10.0, 10.0) * x == pytest.approx(0.4 / (1 - np.exp(-2 * 0.4**3)), rel=1e-6)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.05, 2.0), st.floats(0.1, 20.0), st.floats(1.0, 6.0), st.floats(1e-3, 0.2))
def test_gain_is_continuous_at_the_linear_limit_for_any_sigmoid(limit, coef, exponent, t_c):
    p = SummationGainParams(linear_limit=limit, sigmoid_coefficient=coef, sigmoid_exponent=exponent)
    at = twitch.summation_gain(t_c, limit / t_c, p)
    above = twitch.summation_gain(t_c, limit / t_c * (1 + 1e-9), p)
    assert at == pytest.approx(1.0, abs=1e-12)   # x = limit up to rounding of limit/t_c·t_c
    assert above == pytest.approx(1.0, abs=1e-6)
    # Mean force (∝ g·x) never falls as the rate rises.
    xs = np.linspace(limit, 10 * limit, 50)
    gx = [twitch.summation_gain(t_c, x / t_c, p) * x for x in xs]
    assert np.all(np.diff(gx) >= -1e-12)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: twitch.twitch_force(0.1, contraction_time_s=0), "contraction_time_s"),
        (lambda: twitch.twitch_force(0.1, peak_force=-1), "peak_force"),
        (lambda: twitch.twitch_train_force(0.0, [0, 1]), "frequency_hz"),
        (lambda: twitch.twitch_train_force(float("nan"), [0, 1]), "frequency_hz"),
        (lambda: twitch.summation_gain(0.05, -1), "frequency_hz"),
        (lambda: twitch.summation_gain(0.05, 10, params="x"), "params"),
        (lambda: SummationGainParams(linear_limit=0.0), "linear_limit"),
        (lambda: SummationGainParams(sigmoid_coefficient=float("nan")), "sigmoid_coefficient"),
        (lambda: SummationGainParams(sigmoid_exponent=0.5), "sigmoid_exponent"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
