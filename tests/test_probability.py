"""Tests of mlequations.probability."""

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from mlequations import entropy

from .strategies import probability_vectors


# -- entropy: closed forms ------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3, 10, 1000])
def test_entropy_of_uniform_is_log_n(n):
    assert entropy(np.full(n, 1.0 / n)) == pytest.approx(math.log(n), rel=1e-13, abs=1e-15)
    assert entropy(np.full(n, 1.0 / n), base=2) == pytest.approx(math.log2(n), rel=1e-13, abs=1e-15)


def test_entropy_of_a_coin():
    q = 0.9
    expected = -(q * math.log(q) + (1 - q) * math.log(1 - q))
    assert entropy([q, 1 - q]) == pytest.approx(expected, rel=1e-14)
    assert entropy([q, 1 - q], base=10) == pytest.approx(expected / math.log(10), rel=1e-14)


def test_entropy_of_a_certain_outcome_is_zero_not_negative_zero():
    h = entropy([0.0, 1.0, 0.0])
    assert h == 0.0 and math.copysign(1.0, h) == 1.0


def test_entropy_returns_a_python_float_for_one_distribution():
    assert type(entropy([0.25, 0.75])) is float
    assert type(entropy(np.array([0.25, 0.75], dtype=np.float32))) is float


# -- entropy: agreement with SciPy -----------------------------------------------------------------------------

@pytest.mark.parametrize("shape, axis", [((7,), -1), ((4, 6), -1), ((6, 4), 0), ((3, 5, 4), 1)])
def test_entropy_agrees_with_scipy(shape, axis):
    rng = np.random.default_rng(20261124)
    p = rng.dirichlet(np.ones(shape[axis]), size=[s for i, s in enumerate(shape) if i != axis % len(shape)])
    p = np.moveaxis(p, -1, axis)
    p[(0,) * p.ndim] = 0.0  # a zero, renormalised below, exercises 0 log 0
    p /= p.sum(axis=axis, keepdims=True)
    np.testing.assert_allclose(entropy(p, axis=axis), scipy.stats.entropy(p, axis=axis), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(entropy(p, axis=axis, base=2), scipy.stats.entropy(p, axis=axis, base=2),
                               rtol=1e-12, atol=1e-15)


# -- entropy: properties ----------------------------------------------------------------------------------------

@given(probability_vectors())
def test_entropy_lies_between_zero_and_log_n(p):
    h = entropy(p)
    assert 0.0 <= h <= math.log(p.size) + 1e-12


@given(probability_vectors(min_size=2))
def test_entropy_is_largest_for_the_uniform_distribution(p):
    assert entropy(p) <= entropy(np.full(p.size, 1.0 / p.size)) + 1e-12


@given(probability_vectors(), st.randoms(use_true_random=False))
def test_entropy_ignores_the_order_of_outcomes(p, random):
    shuffled = p.copy()
    random.shuffle(shuffled)
    assert entropy(shuffled) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)


@given(probability_vectors(), st.integers(1, 5))
def test_entropy_ignores_impossible_outcomes(p, extra_zeros):
    assert entropy(np.concatenate([p, np.zeros(extra_zeros)])) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)


@given(probability_vectors(), probability_vectors())
def test_entropy_adds_over_independent_variables(p, q):
    joint = np.outer(p, q).ravel()
    assert entropy(joint) == pytest.approx(entropy(p) + entropy(q), rel=1e-9, abs=1e-12)


# -- entropy: bad input ------------------------------------------------------------------------------------------

BAD_INPUT = [
    # (description, kwargs, exception, message fragment)
    ("0-d", dict(p=0.5), ValueError, r"'p' parameter of entropy must be an array with at least 1 dimension"),
    ("empty", dict(p=[]), ValueError, r"'p' parameter of entropy must be a non-empty array"),
    ("ragged", dict(p=[[0.5, 0.5], [1.0]]), ValueError, r"'p' parameter of entropy must be a rectangular array"),
    ("NaN", dict(p=[np.nan, 1.0]), ValueError, r"'p' parameter of entropy must be finite"),
    ("inf", dict(p=[np.inf, 0.0]), ValueError, r"'p' parameter of entropy must be finite"),
    ("negative", dict(p=[1.5, -0.5]), ValueError, r"'p' parameter of entropy must be a probability vector"),
    ("sum below 1", dict(p=[0.3, 0.3]), ValueError, r"'p' parameter of entropy must be a probability vector"),
    ("sum above 1", dict(p=[0.5, 0.5 + 1e-6]), ValueError, r"summing to 1 along axis -1"),
    ("sums along the wrong axis", dict(p=[[0.5, 0.5], [0.25, 0.75]], axis=0), ValueError,
     r"summing to 1 along axis 0"),
    ("strings", dict(p=["0.5", "0.5"]), TypeError, r"'p' parameter of entropy must be an array of real numbers"),
    ("objects", dict(p=[object(), object()]), TypeError, r"'p' parameter of entropy must be an array of real"),
    ("booleans", dict(p=[True, False]), TypeError, r"'p' parameter of entropy must be an array of real numbers, "
                                                   r"not booleans"),
    ("complex", dict(p=[0.5 + 0j, 0.5]), TypeError, r"'p' parameter of entropy .* not complex"),
    ("axis out of range", dict(p=[0.5, 0.5], axis=1), ValueError, r"'axis' parameter of entropy must be in \[-1, 0\]"),
    ("axis not an int", dict(p=[0.5, 0.5], axis=0.0), TypeError, r"'axis' parameter of entropy must be an integer"),
    ("base 1", dict(p=[0.5, 0.5], base=1), ValueError, r"'base' parameter of entropy must be positive, finite and not 1"),
    ("base 0", dict(p=[0.5, 0.5], base=0), ValueError, r"'base' parameter of entropy"),
    ("base negative", dict(p=[0.5, 0.5], base=-2), ValueError, r"'base' parameter of entropy"),
    ("base inf", dict(p=[0.5, 0.5], base=np.inf), ValueError, r"'base' parameter of entropy"),
    ("base string", dict(p=[0.5, 0.5], base="2"), TypeError, r"'base' parameter of entropy must be a positive real"),
    ("base bool", dict(p=[0.5, 0.5], base=True), TypeError, r"'base' parameter of entropy"),
]


@pytest.mark.parametrize("kwargs, exception, match", [row[1:] for row in BAD_INPUT], ids=[row[0] for row in BAD_INPUT])
def test_entropy_rejects_bad_input(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        entropy(**kwargs)


def test_entropy_error_shows_a_long_input_in_short():
    with pytest.raises(ValueError) as info:
        entropy(np.full(10**6, 1.0))
    assert len(str(info.value)) < 400


# -- entropy: extremes and dtypes ----------------------------------------------------------------------------------

def test_entropy_near_one_hot_is_accurate():
    eps = 1e-12
    expected = -((1 - eps) * math.log1p(-eps) + eps * math.log(eps))
    assert entropy([1 - eps, eps]) == pytest.approx(expected, rel=1e-9)


def test_entropy_of_the_smallest_positive_probability_is_finite():
    tiny = np.finfo(np.float64).smallest_subnormal
    assert entropy([1.0 - tiny, tiny]) == pytest.approx(0.0, abs=1e-300)


def test_entropy_keeps_float32():
    p = np.array([[0.25, 0.75], [0.5, 0.5]], dtype=np.float32)
    h = entropy(p)
    assert h.dtype == np.float32
    np.testing.assert_allclose(h, scipy.stats.entropy(p.astype(np.float64), axis=1), rtol=1e-6)


def test_entropy_accepts_integers_and_non_contiguous_views():
    assert entropy([0, 1]) == 0.0
    p = np.array([[0.5, 0.1, 0.5], [0.5, 0.2, 0.5]])[:, ::2]  # a strided view, rows sum to one
    np.testing.assert_allclose(entropy(p), [math.log(2)] * 2, rtol=1e-14)


def test_entropy_does_not_modify_its_input():
    p = np.array([0.0, 0.25, 0.75])
    before = p.copy()
    entropy(p, base=2)
    np.testing.assert_array_equal(p, before)
    assert p.flags.writeable
