"""Tests of mlequations.softmax: softmax, log_softmax, log_sum_exp."""

import importlib
import math

import mpmath
import numpy as np
import pytest
import scipy.special
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlequations import log_softmax, log_sum_exp, softmax
from mlequations._kernels import softmax as kernels
from mlequations.softmax import _check_softmax

# Scores up to +-1e4: far beyond where exp overflows (about 709.78 in float64).
score_arrays = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
                          elements=st.floats(-1e4, 1e4))


EPS = np.finfo(np.float64).eps


def _random_scores(shape, scale=10.0, dtype=np.float64):
    return (np.random.default_rng(20261124).normal(scale=scale, size=shape)).astype(dtype)


# -- closed forms ------------------------------------------------------------------------------------------------

def test_softmax_of_two_scores_is_the_logistic_function():
    for d in (-3.0, 0.0, 0.5, 20.0):
        assert softmax([d, 0.0])[0] == pytest.approx(1 / (1 + math.exp(-d)), rel=1e-15)


def test_softmax_of_equal_scores_is_uniform():
    np.testing.assert_array_equal(softmax(np.full(8, 3.7)), np.full(8, 1 / 8))


def test_log_sum_exp_of_n_equal_values():
    assert log_sum_exp(np.full(5, -2.0)) == pytest.approx(-2.0 + math.log(5), rel=1e-15)


def test_log_softmax_of_a_near_certain_outcome_keeps_its_digits():
    # log p for p = 1 / (1 + e^-20): exactly -log1p(e^-20), about -2.06e-9. log(1 + s) would lose half the digits.
    assert log_softmax([20.0, 0.0])[0] == pytest.approx(-math.log1p(math.exp(-20.0)), rel=1e-15)
    assert log_sum_exp([0.0, -40.0]) == pytest.approx(math.log1p(math.exp(-40.0)), rel=1e-15)


def test_temperature_divides_the_scores():
    z = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(softmax(z, temperature=0.25), softmax(z / 0.25), rtol=1e-15)
    np.testing.assert_allclose(log_softmax(z, temperature=4.0), log_softmax(z / 4.0), rtol=1e-15)


# -- agreement with SciPy and PyTorch ---------------------------------------------------------------------------

@pytest.mark.parametrize("shape, axis", [((10,), -1), ((4, 7), -1), ((4, 7), 0), ((3, 5, 6), 1)])
def test_agreement_with_scipy(shape, axis):
    z = _random_scores(shape)
    np.testing.assert_allclose(softmax(z, axis=axis), scipy.special.softmax(z, axis=axis), rtol=1e-12, atol=1e-300)
    # SciPy takes log(1 + s) where we take log1p(s): near 0 it is off by up to an ulp of 1, hence the atol.
    np.testing.assert_allclose(log_softmax(z, axis=axis), scipy.special.log_softmax(z, axis=axis), rtol=1e-12,
                               atol=4e-16)
    np.testing.assert_allclose(log_sum_exp(z, axis=axis), scipy.special.logsumexp(z, axis=axis), rtol=1e-12,
                               atol=4e-16)


@pytest.mark.parametrize("dtype, rtol, atol", [(np.float64, 1e-12, 4e-16), (np.float32, 1e-5, 2e-7)])
def test_agreement_with_torch(dtype, rtol, atol):
    z = _random_scores((6, 9), dtype=dtype)
    t = torch.from_numpy(z)
    np.testing.assert_allclose(softmax(z), torch.softmax(t, dim=-1).numpy(), rtol=rtol, atol=1e-30)
    # Like SciPy, PyTorch rounds 1 + s before the log: near 0 it is off by up to an ulp of 1, hence the atol.
    np.testing.assert_allclose(log_softmax(z), torch.log_softmax(t, dim=-1).numpy(), rtol=rtol, atol=atol)
    np.testing.assert_allclose(log_sum_exp(z), torch.logsumexp(t, dim=-1).numpy(), rtol=rtol, atol=atol)


def test_log_softmax_is_accurate_to_a_few_ulps_against_50_digit_arithmetic():
    mpmath.mp.dps = 50
    rng = np.random.default_rng(7)
    worst = 0.0
    for z in rng.normal(scale=10.0, size=(200, 7)):
        exact_lse = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in z))
        for ours, v in zip(log_softmax(z), z):
            exact = mpmath.mpf(float(v)) - exact_lse
            worst = max(worst, float(abs((mpmath.mpf(float(ours)) - exact) / exact)))
    # SciPy and PyTorch reach about 3e-3 relative error on the near-zero entries of these same inputs.
    assert worst < 1e-14


def _exact_log_softmax(z):
    exact_lse = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in z))
    return [mpmath.mpf(float(v)) - exact_lse for v in z], exact_lse


def _worst_relative_error(ours, exact):
    return max(float(abs((mpmath.mpf(float(o)) - e) / e)) if e != 0 else float(abs(o)) for o, e in zip(ours, exact))


# Scores that take each form of the kernel: exp of the scores as they are (when every slice's top is >= 0, or every
# score is above about -708, and no top is near 709), or of the scores less their top (-inf in a slice whose top
# is negative, scores past that range, or a temperature). `low` replaces the first score of each vector. The
# equation functions, which small input takes, always shift; both are held to the same bounds.
@pytest.mark.parametrize("offset, length, low, unshifted", [
    (0.0, 7, None, True), (0.0, 300, None, True), (-660.0, 7, None, True), (660.0, 7, None, True),
    (40.0, 7, -800.0, True), (40.0, 7, -np.inf, True),
    (-760.0, 7, None, False), (740.0, 7, None, False), (-725.0, 7, None, False), (-40.0, 300, -np.inf, False),
    (-40.0, 7, -800.0, False),
])
@pytest.mark.parametrize("path", ["equation", "kernel"])
def test_both_forms_are_accurate_to_a_few_ulps_against_50_digit_arithmetic(offset, length, low, unshifted, path):
    mpmath.mp.dps = 50
    rng = np.random.default_rng(11)
    tiny = mpmath.mpf(float(np.finfo(np.float64).tiny))
    worst = {"softmax": 0.0, "log_softmax": 0.0, "log_sum_exp": 0.0}
    for z in offset + rng.normal(scale=10.0, size=(40, length)):
        if low is not None:
            z[0] = low
        scores = _check_softmax(z, -1, None)
        assert kernels.exp_as_is(scores) is unshifted
        if path == "kernel":
            probs_all, log_probs, lse = (kernels.softmax(scores), kernels.log_softmax(scores),
                                         float(kernels.log_sum_exp(scores)[0]))
        else:
            assert z.size < kernels.MIN_SIZE  # the public functions take the equation functions here
            probs_all, log_probs, lse = softmax(z), log_softmax(z), log_sum_exp(z)
        finite = np.isfinite(z)
        exact, exact_lse = _exact_log_softmax(z[finite])
        worst["log_softmax"] = max(worst["log_softmax"], _worst_relative_error(log_probs[finite], exact))
        # Probabilities below the smallest normal float are held to an absolute error of one subnormal step.
        probs, exact_probs = probs_all[finite], [mpmath.exp(e) for e in exact]
        normal = [e >= tiny for e in exact_probs]
        worst["softmax"] = max(worst["softmax"], _worst_relative_error(probs[normal], np.array(exact_probs)[normal]))
        assert all(abs(mpmath.mpf(float(p)) - e) <= 2.0**-1074 for p, e in zip(probs, exact_probs) if e < tiny)
        worst["log_sum_exp"] = max(worst["log_sum_exp"], _worst_relative_error([lse], [exact_lse]))
        assert np.all(probs_all[~finite] == 0) and np.all(log_probs[~finite] == -np.inf)
    assert worst["log_softmax"] < 1e-14 and worst["log_sum_exp"] < 1e-15, worst
    assert worst["softmax"] < 1e-14, worst


# -- properties -------------------------------------------------------------------------------------------------

@given(score_arrays)
def test_softmax_is_a_probability_vector(z):
    p = softmax(z)
    assert np.all(p >= 0) and np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)


@given(score_arrays, st.floats(-1e4, 1e4))
def test_softmax_ignores_a_common_shift(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-12)


@given(score_arrays)
def test_log_softmax_is_the_log_of_softmax_and_the_scores_minus_lse(z):
    logp = log_softmax(z)
    assert np.all(logp <= 0) and np.all(np.isfinite(logp))
    np.testing.assert_allclose(np.exp(logp), softmax(z), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(logp, z - log_sum_exp(z, keepdims=True), rtol=1e-12, atol=1e-9)


@given(score_arrays)
def test_log_sum_exp_lies_between_max_and_max_plus_log_n(z):
    lse = np.asarray(log_sum_exp(z))
    top = z.max(axis=-1)
    assert np.all(lse >= top) and np.all(lse <= top + math.log(z.shape[-1]) * (1 + 1e-12))


@given(score_arrays)
def test_softmax_keeps_the_order_of_the_scores(z):
    p = softmax(z)
    # Strictly larger scores never get strictly smaller probabilities.
    for i in range(z.shape[-1]):
        for j in range(z.shape[-1]):
            assert np.all((z[..., i] <= z[..., j]) | (p[..., i] >= p[..., j]))


# -- -inf, extremes and dtypes ------------------------------------------------------------------------------------

def test_scores_of_plus_minus_1e4_are_exact():
    np.testing.assert_array_equal(softmax([1e4, -1e4]), [1.0, 0.0])
    np.testing.assert_array_equal(log_softmax([1e4, -1e4]), [0.0, -2e4])
    assert log_sum_exp([1e4, -1e4]) == 1e4
    assert log_sum_exp([-1e4, -1e4]) == pytest.approx(-1e4 + math.log(2), rel=1e-15)


def test_minus_infinity_is_an_impossible_outcome():
    np.testing.assert_allclose(softmax([0.0, -np.inf, 0.0]), [0.5, 0.0, 0.5], rtol=1e-15)
    assert log_softmax([0.0, -np.inf])[1] == -np.inf
    assert log_sum_exp([-np.inf, -np.inf]) == -np.inf
    assert log_sum_exp([0.0, -np.inf]) == 0.0


def test_tiny_temperature_gives_the_argmax():
    np.testing.assert_array_equal(softmax([1.0, 3.0, 2.0], temperature=1e-300), [0.0, 1.0, 0.0])


def test_float32_stays_float32_and_does_not_overflow():
    z = np.array([[100.0, 0.0], [-100.0, 50.0]], dtype=np.float32)  # exp(100) overflows float32
    assert softmax(z).dtype == np.float32 and log_softmax(z).dtype == np.float32
    assert log_sum_exp(z).dtype == np.float32
    assert np.all(np.isfinite(softmax(z))) and np.all(np.isfinite(log_sum_exp(z)))
    np.testing.assert_allclose(softmax(z), scipy.special.softmax(z.astype(np.float64), axis=-1), rtol=1e-6,
                               atol=1e-37)  # below that, float32 is subnormal


@pytest.mark.parametrize("offset, unshifted",
                         [(0.0, True), (-70.0, True), (70.0, True), (-120.0, False), (90.0, False)])
def test_float32_takes_either_form_within_float32_rounding(offset, unshifted):
    z = (offset + np.random.default_rng(5).normal(scale=2.0, size=(120, 300))).astype(np.float32)
    assert z.size >= kernels.MIN_SIZE and kernels.exp_as_is(_check_softmax(z, -1, None)) is unshifted
    exact = z.astype(np.float64)
    np.testing.assert_allclose(softmax(z), scipy.special.softmax(exact, axis=-1), rtol=2e-6, atol=1e-37)
    np.testing.assert_allclose(log_softmax(z), scipy.special.log_softmax(exact, axis=-1), rtol=2e-6)
    np.testing.assert_allclose(log_sum_exp(z), scipy.special.logsumexp(exact, axis=-1), rtol=2e-6)


def test_integers_lists_and_views_are_accepted_and_input_is_not_modified():
    z = np.arange(12.0).reshape(3, 4)[:, ::2]
    before = z.copy()
    np.testing.assert_allclose(softmax(z), scipy.special.softmax(before, axis=-1), rtol=1e-14)
    np.testing.assert_array_equal(z, before)
    np.testing.assert_allclose(softmax([1, 2, 3]), softmax([1.0, 2.0, 3.0]), rtol=0)


def test_log_sum_exp_returns_a_float_for_one_vector_and_keeps_dims_on_request():
    assert type(log_sum_exp([1.0, 2.0])) is float
    assert log_sum_exp(np.ones((2, 3)), axis=0, keepdims=True).shape == (1, 3)


@pytest.mark.parametrize(("x", "axis", "keepdims"), [
    (np.array([]), -1, False), (np.zeros((2, 0)), -1, False), (np.zeros((2, 0)), -1, True),
    (np.zeros((0, 3)), -1, False), (np.zeros((0, 3)), 0, False), (np.zeros((0, 3)), 0, True),
    ([1.0, np.inf], -1, False), ([[1.0, np.inf], [2.0, 3.0]], -1, False), ([[np.inf, 2.0], [np.inf, 3.0]], 0, True),
    ([[np.inf, -np.inf], [-np.inf, -np.inf]], -1, False), (np.float32([np.inf, 1.0, -np.inf]), -1, False),
])
def test_log_sum_exp_of_empty_and_infinite_slices_follows_scipy(x, axis, keepdims):
    """An empty sum has the log -inf and a sum with a +inf term the log +inf (SciPy's convention, gh-22601)."""
    got = log_sum_exp(x, axis=axis, keepdims=keepdims)
    want = scipy.special.logsumexp(x, axis=axis, keepdims=keepdims)
    np.testing.assert_array_equal(got, want)
    assert np.shape(got) == np.shape(want)
    if np.ndim(want):
        assert got.dtype == np.asarray(x, dtype=float).dtype or got.dtype == np.float32


# -- bad input ---------------------------------------------------------------------------------------------------

BAD_INPUT = [
    # (function, kwargs, exception, message fragment)
    (softmax, dict(z=2.0), ValueError, r"'z' parameter of softmax must be an array with at least 1 dimension"),
    (softmax, dict(z=[]), ValueError, r"'z' parameter of softmax must be a non-empty array"),
    (softmax, dict(z=[np.nan, 1.0]), ValueError, r"'z' parameter of softmax must be real numbers or -inf"),
    (softmax, dict(z=[np.inf, 1.0]), ValueError, r"'z' parameter of softmax must be real numbers or -inf"),
    (softmax, dict(z=[[0.0, 1.0], [-np.inf, -np.inf]]), ValueError,
     r"'z' parameter of softmax must be finite somewhere along axis -1"),
    (softmax, dict(z=["a", "b"]), TypeError, r"'z' parameter of softmax must be an array of real numbers"),
    (softmax, dict(z=[True, False]), TypeError, r"'z' parameter of softmax .* not booleans"),
    (softmax, dict(z=[1j, 1.0]), TypeError, r"'z' parameter of softmax .* not complex"),
    (softmax, dict(z=[1.0, 2.0], axis=2), ValueError, r"'axis' parameter of softmax must be in \[-1, 0\]"),
    (softmax, dict(z=[1.0, 2.0], axis="0"), TypeError, r"'axis' parameter of softmax must be an integer"),
    (softmax, dict(z=[1.0, 2.0], temperature=0.0), ValueError, r"'temperature' parameter of softmax must be "
                                                              r"positive and finite"),
    (softmax, dict(z=[1.0, 2.0], temperature=-1.0), ValueError, r"'temperature' parameter of softmax"),
    (softmax, dict(z=[1.0, 2.0], temperature=np.inf), ValueError, r"'temperature' parameter of softmax"),
    (softmax, dict(z=[1.0, 2.0], temperature="1"), TypeError, r"'temperature' parameter of softmax must be a "
                                                             r"positive real number"),
    (log_softmax, dict(z=[-np.inf]), ValueError, r"'z' parameter of log_softmax must be finite somewhere"),
    (log_softmax, dict(z=[np.nan]), ValueError, r"'z' parameter of log_softmax must be real numbers or -inf"),
    (log_softmax, dict(z=[]), ValueError, r"'z' parameter of log_softmax must be a non-empty array"),
    (log_softmax, dict(z=[1.0], temperature=0), ValueError, r"'temperature' parameter of log_softmax"),
    (log_softmax, dict(z=[False]), TypeError, r"'z' parameter of log_softmax .* not booleans"),
    (log_sum_exp, dict(x=1.0), ValueError, r"'x' parameter of log_sum_exp must be an array with at least 1"),
    (log_sum_exp, dict(x=[np.nan, np.inf]), ValueError, r"'x' parameter of log_sum_exp must be real numbers or "
                                                         r"infinities \(no NaN\)"),
    (log_sum_exp, dict(x=[object()]), TypeError, r"'x' parameter of log_sum_exp must be an array of real"),
    (log_sum_exp, dict(x=[1.0], axis=1), ValueError, r"'axis' parameter of log_sum_exp"),
    (log_sum_exp, dict(x=[1.0], keepdims=1), TypeError, r"'keepdims' parameter of log_sum_exp must be True or "
                                                       r"False"),
]


@pytest.mark.parametrize("function, kwargs, exception, match", BAD_INPUT,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUT)])
def test_bad_input(function, kwargs, exception, match):
    if function is log_sum_exp:
        x = kwargs.pop("x")
        call = lambda: function(x, **kwargs)  # noqa: E731  (x is positional-only)
    else:
        call = lambda: function(**kwargs)  # noqa: E731
    with pytest.raises(exception, match=match):
        call()


# -- the equation functions --------------------------------------------------------------------------------------
# tests/test_contract.py runs each equation function from the text of its chapter page against the public function:
# EQUATION_CALLS maps a call of the public function onto the equation functions of the page (`ns`); RANDOM_CALLS
# makes a seeded input with a given number of rows (3 stays on the equation function, 10^4 reaches the kernel).

EQUATION_CALLS = {
    "softmax": lambda ns, z, axis=-1, temperature=1.0: ns["_softmax_equation"](
        np.asarray(z, dtype=float), axis, temperature),
    "log_softmax": lambda ns, z, axis=-1, temperature=1.0: ns["_log_softmax_equation"](
        np.asarray(z, dtype=float), axis, temperature),
    "log_sum_exp": lambda ns, x, axis=-1, keepdims=False: ns["_log_sum_exp_equation"](np.asarray(x, dtype=float), axis),
}
RANDOM_CALLS = {
    "softmax": lambda rng, size: ((rng.normal(scale=5.0, size=(size, 6)),), {"temperature": 0.7}),
    "log_softmax": lambda rng, size: ((rng.normal(scale=5.0, size=(5, size)),), {"axis": 0}),
    "log_sum_exp": lambda rng, size: ((rng.normal(scale=50.0, size=(size, 7)),), {}),
}


# -- the kernels against the equation functions ----------------------------------------------------------------

from mlequations.softmax import _log_softmax_equation, _log_sum_exp_equation, _softmax_equation  # noqa: E402

EPS64 = float(np.finfo(np.float64).eps)


@pytest.mark.parametrize("shape", [(kernels.MIN_SIZE,), (128, 256), (255, 129), (4, 8191), (4, 8192), (2, 3, 6000)])
@pytest.mark.parametrize("offset, temperature", [(0.0, None), (-700.0, None), (800.0, None), (0.0, 0.3)])
def test_kernels_agree_with_the_equation_functions(shape, offset, temperature):
    """Within (|z - m| / T + 4) units in the last place: the kernel skips the shift where it may, and exp
    magnifies the shift's rounding by up to |z - m| / T; elsewhere they differ only in the order of the sums.
    The shapes cross the row lengths where `rowwise` starts and stops capping NumPy's buffer."""
    rng = np.random.default_rng(sum(shape))
    z = offset + rng.normal(scale=20.0, size=shape)
    z.flat[::97] = -np.inf
    scores = _check_softmax(z, -1, temperature)
    t = temperature or 1.0
    with np.errstate(divide="ignore"):
        spread = float(np.max(np.where(np.isfinite(z), z.max(axis=-1, keepdims=True) - z, 0))) / t
    ulps = (spread + 4) * EPS64
    np.testing.assert_allclose(kernels.softmax(scores), _softmax_equation(z, -1, t), rtol=ulps, atol=1e-300)
    equation = _log_softmax_equation(z, -1, t)
    finite = np.isfinite(equation)
    assert np.array_equal(finite, np.isfinite(kernels.log_softmax(scores)))
    np.testing.assert_allclose(kernels.log_softmax(scores)[finite], equation[finite], rtol=ulps,
                               atol=ulps * np.abs(equation[finite]).max())
    if temperature is None:
        np.testing.assert_allclose(kernels.log_sum_exp(scores)[..., 0], _log_sum_exp_equation(z, -1), rtol=ulps)


@pytest.mark.parametrize("function, equation", [(softmax, "_softmax_equation"), (log_softmax, "_log_softmax_equation"),
                                                (log_sum_exp, "_log_sum_exp_equation")])
def test_small_input_runs_the_equation_function_and_large_input_the_kernel(function, equation, monkeypatch):
    module = importlib.import_module("mlequations.softmax")  # the package's own softmax shadows the module name
    calls = []
    original = getattr(module, equation)
    monkeypatch.setattr(module, equation, lambda *args: calls.append(args[0].size) or original(*args))
    small, large = np.zeros((10, 100)), np.zeros((10, kernels.MIN_SIZE // 10 + 1))
    function(small)
    function(large)
    assert calls == [small.size]


# -- what the chapter's derivations and prose state (docs/chapters/softmax.md) -------------------------------------

def test_a_tiny_temperature_shares_the_probability_among_tied_maxima_and_a_huge_one_spreads_it_over_finite_scores():
    # T -> 0: equal shares among the k tied maxima, 0 elsewhere (the one-hot argmax only when k = 1).
    np.testing.assert_allclose(softmax([1.0, 1.0, 0.0, 1.0], temperature=1e-3), [1 / 3, 1 / 3, 0.0, 1 / 3],
                               rtol=1e-15, atol=0)
    # T -> infinity: uniform over the finite scores; a -inf score keeps probability 0.
    np.testing.assert_allclose(softmax([1.0, 2.0, -np.inf], temperature=1e8), [0.5, 0.5, 0.0], rtol=1e-7, atol=0)


def test_the_derivatives_of_the_derivations_match_central_differences():
    # d softmax_i / d z_j = (s_i (delta_ij - s_j)) / T, and the gradient of log-sum-exp is the softmax.
    z, h = _random_scores(5, scale=2.0), 1e-6
    for temperature in (1.0, 0.5):
        s = softmax(z, temperature=temperature)
        numeric = np.stack([(softmax(z + h * e, temperature=temperature) - softmax(z - h * e, temperature=temperature))
                            / (2 * h) for e in np.eye(5)], axis=1)
        np.testing.assert_allclose(numeric, (np.diag(s) - np.outer(s, s)) / temperature, rtol=0, atol=1e-8)
    numeric = np.array([(log_sum_exp(z + h * e) - log_sum_exp(z - h * e)) / (2 * h) for e in np.eye(5)])
    np.testing.assert_allclose(numeric, softmax(z), rtol=0, atol=1e-8)


@given(score_arrays.filter(lambda z: z.ndim == 1), st.sampled_from([1.0, 0.3, 0.01]))
def test_the_tempered_log_sum_exp_lies_within_t_log_n_above_the_maximum(z, t):
    # 0 <= T LSE(z / T) - max z <= T log n, with rounding room on the scale of the scores.
    gap = t * log_sum_exp(z / t) - z.max()
    room = 8 * EPS * max(1.0, float(np.abs(z).max()))
    assert -room <= gap <= t * math.log(z.size) + room


def test_scipy_and_torch_lose_the_digits_of_a_near_certain_log_probability():
    # The chapter says both libraries, at the pinned versions, take log(1 + s) and miss -log1p(exp(-20)) by more
    # than a relative 1e-9, where log_softmax is exact to the last bit.
    mpmath.mp.dps = 50
    exact = float(-mpmath.log1p(mpmath.exp(-20)))
    assert log_softmax([20.0, 0.0])[0] == exact
    theirs = [scipy.special.log_softmax([20.0, 0.0])[0],
              torch.log_softmax(torch.tensor([20.0, 0.0], dtype=torch.float64), dim=0)[0].item()]
    for value in theirs:
        assert abs(value - exact) / -exact > 1e-9


def test_the_chapters_exp_thresholds_are_where_exp_overflows_and_rounds_to_zero():
    import quantities  # docs/_ext: on the path from tests/conftest.py
    high = float(quantities.value("sm-exp-overflow-float64"))
    low = float(quantities.value("sm-exp-underflow-float64"))
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(high - 0.01)) and np.isinf(np.exp(high + 0.01))
    assert np.exp(low + 0.01) > 0 and np.exp(low - 0.01) == 0
