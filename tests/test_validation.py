"""The shared input checks: every error names the parameter and its valid range."""

import math

import numpy as np
import pytest

from muscle_models import validation as v


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_check_finite_rejects_nan_and_inf(bad):
    with pytest.raises(ValueError, match="atp_mM must be a finite number"):
        v.check_finite("atp_mM", bad)


@pytest.mark.parametrize("bad", ["1.0", None, True, [1.0]])
def test_non_numbers_are_rejected_with_the_name(bad):
    with pytest.raises(ValueError, match="x_mM must be a real number"):
        v.check_finite("x_mM", bad)


def test_negative_concentration_names_parameter_and_range():
    with pytest.raises(ValueError, match=r"pcr_mM must be in \[0, inf\) mM, got -1"):
        v.check_nonnegative("pcr_mM", -1.0, "mM")
    assert v.check_nonnegative("pcr_mM", 0.0) == 0.0


def test_fraction_outside_unit_interval():
    with pytest.raises(ValueError, match=r"achr_fraction must be in \[0, 1\], got 1.5"):
        v.check_fraction("achr_fraction", 1.5)
    with pytest.raises(ValueError, match=r"achr_fraction must be in \[0, 1\]"):
        v.check_fraction("achr_fraction", -0.01)
    assert v.check_fraction("achr_fraction", 1.0) == 1.0


def test_positive_excludes_zero():
    with pytest.raises(ValueError, match=r"tau_s must be in \(0, inf\) s, got 0"):
        v.check_positive("tau_s", 0.0, "s")
    assert v.check_positive("tau_s", 1e-9, "s") == 1e-9


def test_range_bounds_and_openness():
    assert v.check_range("ph", 6.0, 6.0, 7.6) == 6.0
    with pytest.raises(ValueError, match=r"ph must be in \[6, 7.6\], got 7.7"):
        v.check_range("ph", 7.7, 6.0, 7.6)
    with pytest.raises(ValueError, match=r"ph must be in \(6, 7.6\]"):
        v.check_range("ph", 6.0, 6.0, 7.6, low_inclusive=False)


def test_numpy_scalars_are_accepted():
    assert v.check_range("x", np.float32(0.5), 0, 1) == pytest.approx(0.5)


def test_check_integer():
    assert v.check_integer("n_pulses", 3, minimum=1) == 3
    assert v.check_integer("n_pulses", 3.0, minimum=1) == 3
    with pytest.raises(ValueError, match="n_pulses must be a whole number >= 1, got 0"):
        v.check_integer("n_pulses", 0, minimum=1)
    with pytest.raises(ValueError, match="n_pulses must be a whole number >= 1"):
        v.check_integer("n_pulses", 2.5, minimum=1)
