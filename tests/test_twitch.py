"""Twitch shape and summation (Fuglevand, Winter & Patla 1993, J Neurophysiol 70:2470)."""

import numpy as np
import pytest

from muscle_models import twitch


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


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: twitch.twitch_force(0.1, contraction_time_s=0), "contraction_time_s"),
        (lambda: twitch.twitch_force(0.1, peak_force=-1), "peak_force"),
        (lambda: twitch.twitch_train_force(0.0, [0, 1]), "frequency_hz"),
        (lambda: twitch.twitch_train_force(float("nan"), [0, 1]), "frequency_hz"),
        (lambda: twitch.summation_gain(0.05, -1), "frequency_hz"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
