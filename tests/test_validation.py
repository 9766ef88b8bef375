"""Tests of the helpers in mlequations._validation that the public-API tables do not reach on their own."""

import numpy as np
import pytest

from mlequations._validation import as_float_array, check_scores_maximum, writeable_behind


def _view(x):
    return as_float_array(x, name="z", caller="test")


def test_writeable_behind_finds_the_callers_array_behind_the_read_only_view():
    z = np.zeros((3, 4))
    view = _view(z)
    assert not view.flags.writeable
    assert writeable_behind(view) is z


@pytest.mark.parametrize("make", [
    lambda: np.zeros((4, 4))[::2],      # a strided view: its base has another shape
    lambda: np.zeros((2, 3)).T,         # a transpose: its base has other strides
    lambda: np.zeros(5)[1:],            # an offset view: its base starts elsewhere
])
def test_writeable_behind_never_returns_an_array_with_other_elements(make):
    view = _view(make())
    behind = writeable_behind(view)
    assert behind.shape == view.shape and behind.strides == view.strides
    assert behind.__array_interface__["data"][0] == view.__array_interface__["data"][0]


def test_writeable_behind_keeps_a_read_only_input_read_only():
    z = np.zeros(3)
    z.flags.writeable = False
    view = _view(z)
    assert writeable_behind(view) is view


@pytest.mark.parametrize("maximum", [np.nan, np.inf])
def test_check_scores_maximum_rejects_nan_and_plus_infinity(maximum):
    with pytest.raises(ValueError, match=r"The 'z' parameter of f must be real numbers or -inf \(no NaN or \+inf\)"):
        check_scores_maximum(maximum, np.array([0.0, maximum]), name="z", caller="f")


@pytest.mark.parametrize("maximum", [-np.inf, 0.0, 1e308])
def test_check_scores_maximum_accepts_minus_infinity_and_finite_maxima(maximum):
    check_scores_maximum(maximum, np.array([maximum]), name="z", caller="f")
