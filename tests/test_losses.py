"""Tests of mlequations.losses: mean_squared_error, binary_cross_entropy, binary_cross_entropy_with_logits,
softmax_cross_entropy."""

import math

import mpmath
import numpy as np
import pytest
import scipy.special
import sklearn.metrics
import torch
from hypothesis import given
from hypothesis import strategies as st

from mlequations import (binary_cross_entropy, binary_cross_entropy_with_logits, log_softmax, mean_squared_error,
                         softmax_cross_entropy)

from .strategies import binary_targets_and_logits, class_labels_and_logits, same_shape_pairs

EPS64 = np.finfo(np.float64).eps


def _rng():
    return np.random.default_rng(20261124)


# -- closed forms ------------------------------------------------------------------------------------------------

def test_mean_squared_error_by_hand():
    assert mean_squared_error([1.0, 2.0], [1.0, 4.0]) == 2.0
    assert mean_squared_error([[1.0, 2.0], [3.0, 4.0]], [[2.0, 2.0], [3.0, 1.0]]) == (1 + 9) / 4
    assert mean_squared_error([1.0, 2.0], [1.0, 4.0], reduction="sum") == 4.0
    np.testing.assert_array_equal(mean_squared_error([1.0, 2.0], [1.0, 4.0], reduction="none"), [0.0, 4.0])
    assert mean_squared_error(3.0, 1.0) == 4.0


def test_the_guides_mean_squared_error_is_0_02():
    assert mean_squared_error([1, 2, 3], [1.1, 1.9, 3.2]) == pytest.approx(0.02, rel=1e-12)


def test_binary_cross_entropy_by_hand():
    assert binary_cross_entropy([1, 0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)
    assert binary_cross_entropy([1.0], [0.25]) == pytest.approx(-math.log(0.25), rel=1e-15)
    assert binary_cross_entropy([0.0], [0.25]) == pytest.approx(-math.log(0.75), rel=1e-15)
    # A soft target of 0.3: 0.3 * -log(0.6) + 0.7 * -log(0.4)
    assert binary_cross_entropy([0.3], [0.6]) == pytest.approx(-0.3 * math.log(0.6) - 0.7 * math.log(0.4),
                                                               rel=1e-15)
    assert binary_cross_entropy([1, 0], [0.5, 0.5], reduction="sum") == pytest.approx(2 * math.log(2), rel=1e-15)


def test_binary_cross_entropy_with_logits_by_hand():
    assert binary_cross_entropy_with_logits([1, 0], [0.0, 0.0]) == pytest.approx(math.log(2), rel=1e-15)
    assert binary_cross_entropy_with_logits([1.0], [2.0]) == pytest.approx(math.log1p(math.exp(-2.0)), rel=1e-15)
    assert binary_cross_entropy_with_logits([0.0], [2.0]) == pytest.approx(math.log1p(math.exp(2.0)), rel=1e-15)


def test_softmax_cross_entropy_by_hand():
    assert softmax_cross_entropy([3], [[0.0, 0.0, 0.0, 0.0]]) == pytest.approx(math.log(4), rel=1e-15)
    z = [1.0, 2.0, 3.0]
    expected = -(3.0 - math.log(math.exp(1) + math.exp(2) + math.exp(3)))
    assert softmax_cross_entropy(2, z) == pytest.approx(expected, rel=1e-15)
    assert softmax_cross_entropy([0.0, 0.0, 1.0], z) == pytest.approx(expected, rel=1e-15)
    # Soft targets: the cross-entropy of (1/2, 1/2, 0) with the softmax.
    soft = 0.5 * (-(1.0 - math.log(math.exp(1) + math.exp(2) + math.exp(3)))) + 0.5 * (
        -(2.0 - math.log(math.exp(1) + math.exp(2) + math.exp(3))))
    assert softmax_cross_entropy([0.5, 0.5, 0.0], z) == pytest.approx(soft, rel=1e-15)


def test_the_gradient_with_respect_to_a_logit_is_sigma_minus_y():
    # Central differences of our losses against the closed forms the docs state.
    h = 1e-6
    for y, z in [(1.0, -3.0), (0.0, 2.0), (0.3, 0.5)]:
        numeric = (binary_cross_entropy_with_logits([y], [z + h]) - binary_cross_entropy_with_logits([y], [z - h]))
        assert numeric / (2 * h) == pytest.approx(scipy.special.expit(z) - y, rel=1e-6)
    z = np.array([0.3, -1.2, 2.0])
    grad = np.empty(3)
    for k in range(3):
        step = np.zeros(3)
        step[k] = h
        grad[k] = (softmax_cross_entropy(1, z + step) - softmax_cross_entropy(1, z - step)) / (2 * h)
    np.testing.assert_allclose(grad, scipy.special.softmax(z) - [0.0, 1.0, 0.0], rtol=1e-6)


# -- agreement with scikit-learn and PyTorch ----------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(20,), (8, 3)])
def test_mean_squared_error_agrees_with_scikit_learn_and_torch(shape):
    rng = _rng()
    y, y_hat = rng.normal(size=shape), rng.normal(size=shape)
    ours = mean_squared_error(y, y_hat)
    assert ours == pytest.approx(sklearn.metrics.mean_squared_error(y, y_hat), rel=1e-12)
    assert ours == pytest.approx(torch.nn.MSELoss()(torch.from_numpy(y_hat), torch.from_numpy(y)).item(), rel=1e-12)
    assert mean_squared_error(y, y_hat, reduction="sum") == pytest.approx(
        torch.nn.MSELoss(reduction="sum")(torch.from_numpy(y_hat), torch.from_numpy(y)).item(), rel=1e-12)


def test_binary_cross_entropy_agrees_with_scikit_learn_and_torch():
    rng = _rng()
    y = rng.integers(0, 2, size=50)
    p = rng.uniform(0.001, 0.999, size=50)
    ours = binary_cross_entropy(y, p)
    assert ours == pytest.approx(sklearn.metrics.log_loss(y, p, labels=[0, 1]), rel=1e-12)
    torch_loss = torch.nn.BCELoss()(torch.from_numpy(p), torch.from_numpy(y.astype(np.float64))).item()
    assert ours == pytest.approx(torch_loss, rel=1e-12)
    soft = rng.uniform(size=50)  # PyTorch takes soft targets too; scikit-learn does not
    assert binary_cross_entropy(soft, p) == pytest.approx(
        torch.nn.BCELoss()(torch.from_numpy(p), torch.from_numpy(soft)).item(), rel=1e-12)


def test_binary_cross_entropy_with_logits_agrees_with_torch_and_scikit_learn():
    rng = _rng()
    z = rng.normal(scale=5.0, size=(10, 4))
    y = rng.integers(0, 2, size=(10, 4)).astype(np.float64)
    ours = binary_cross_entropy_with_logits(y, z, reduction="none")
    torch_loss = torch.nn.BCEWithLogitsLoss(reduction="none")(torch.from_numpy(z), torch.from_numpy(y)).numpy()
    np.testing.assert_allclose(ours, torch_loss, rtol=1e-12)
    assert binary_cross_entropy_with_logits(y, z) == pytest.approx(
        sklearn.metrics.log_loss(y.ravel(), scipy.special.expit(z.ravel())), rel=1e-9)


# PyTorch rounds 1 + s before the logarithm of the log-sum-exp, where we take log1p(s): a near-certain class's
# loss, a tiny number, is off there by up to an ulp of 1 in absolute terms, hence the atol.
@pytest.mark.parametrize("dtype, rtol, atol", [(np.float64, 1e-12, 4e-16), (np.float32, 1e-5, 2e-7)])
def test_softmax_cross_entropy_agrees_with_torch(dtype, rtol, atol):
    rng = _rng()
    z = rng.normal(scale=4.0, size=(12, 5)).astype(dtype)
    labels = rng.integers(0, 5, size=12)
    soft = rng.dirichlet(np.ones(5), size=12).astype(dtype)
    loss = torch.nn.CrossEntropyLoss(reduction="none")
    np.testing.assert_allclose(softmax_cross_entropy(labels, z, reduction="none"),
                               loss(torch.from_numpy(z), torch.from_numpy(labels)).numpy(), rtol=rtol, atol=atol)
    np.testing.assert_allclose(softmax_cross_entropy(soft, z, reduction="none"),
                               loss(torch.from_numpy(z), torch.from_numpy(soft)).numpy(), rtol=rtol, atol=atol)
    assert softmax_cross_entropy(labels, z) == pytest.approx(
        torch.nn.CrossEntropyLoss()(torch.from_numpy(z), torch.from_numpy(labels)).item(), rel=rtol)


def test_softmax_cross_entropy_agrees_with_scikit_learn():
    rng = _rng()
    z = rng.normal(scale=3.0, size=(30, 4))
    labels = rng.integers(0, 4, size=30)
    assert softmax_cross_entropy(labels, z) == pytest.approx(
        sklearn.metrics.log_loss(labels, scipy.special.softmax(z, axis=1), labels=range(4)), rel=1e-9)


def test_binary_cross_entropy_with_logits_is_accurate_against_50_digit_arithmetic():
    mpmath.mp.dps = 50
    rng = _rng()
    worst = 0.0
    for y, z in zip(rng.uniform(size=300), rng.normal(scale=30.0, size=300)):
        zm = mpmath.mpf(float(z))
        exact = (mpmath.mpf(float(y)) * mpmath.log1p(mpmath.exp(-zm))
                 + (1 - mpmath.mpf(float(y))) * mpmath.log1p(mpmath.exp(zm)))
        ours = binary_cross_entropy_with_logits([y], [z])
        worst = max(worst, float(abs((mpmath.mpf(ours) - exact) / exact)))
    assert worst < 1e-13


# -- properties -------------------------------------------------------------------------------------------------

@given(same_shape_pairs())
def test_mean_squared_error_is_non_negative_and_zero_exactly_for_equal_inputs(pair):
    a, b = pair
    assert mean_squared_error(a, b) >= 0
    assert mean_squared_error(a, a) == 0
    assert (mean_squared_error(a, b) == 0) == bool(np.array_equal(a, b))
    assert mean_squared_error(a, b) == mean_squared_error(b, a)


@given(binary_targets_and_logits(max_logit=60.0))
def test_bce_with_logits_equals_bce_of_the_sigmoid_where_both_are_finite(yz):
    y, z = yz
    p = scipy.special.expit(z)
    with_logits = binary_cross_entropy_with_logits(y, z, reduction="none")
    of_probs = binary_cross_entropy(y, p, reduction="none")
    finite = np.isfinite(of_probs)
    # The probability form inherits the rounding of p, and of 1 - p: a relative error of about eps / min(p, 1 - p)
    # in the argument of a logarithm is an absolute error of that size in the loss.
    with np.errstate(divide="ignore"):
        tolerance = 1e-14 * (1 + with_logits) + 2 * EPS64 / np.minimum(p, 1 - p)
    assert np.all(np.abs(of_probs - with_logits)[finite] <= tolerance[finite])
    assert np.all(np.isfinite(with_logits)) and np.all(with_logits >= 0)


@given(binary_targets_and_logits(soft=False))
def test_bce_with_logits_is_finite_and_non_negative_up_to_1e4(yz):
    y, z = yz
    loss = binary_cross_entropy_with_logits(y, z, reduction="none")
    assert np.all(np.isfinite(loss)) and np.all(loss >= 0)
    # Whatever the label, the two losses of one logit differ by exactly the logit: softplus(z) - softplus(-z) = z.
    np.testing.assert_allclose(binary_cross_entropy_with_logits(np.zeros_like(z), z, reduction="none")
                               - binary_cross_entropy_with_logits(np.ones_like(z), z, reduction="none"), z,
                               rtol=1e-12, atol=1e-12)


@given(class_labels_and_logits())
def test_softmax_cross_entropy_with_one_hot_equals_with_integer_labels(labels_logits):
    labels, z = labels_logits
    one_hot = np.eye(z.shape[1])[labels]
    np.testing.assert_array_equal(softmax_cross_entropy(one_hot, z, reduction="none"),
                                  softmax_cross_entropy(labels, z, reduction="none"))
    np.testing.assert_array_equal(softmax_cross_entropy(labels, z, reduction="none"),
                                  -log_softmax(z)[np.arange(len(labels)), labels])


@given(class_labels_and_logits(max_classes=2))
def test_two_class_softmax_cross_entropy_is_bce_with_logits_of_the_difference(labels_logits):
    labels, z = labels_logits
    np.testing.assert_allclose(softmax_cross_entropy(labels, z, reduction="none"),
                               binary_cross_entropy_with_logits(labels, z[:, 1] - z[:, 0], reduction="none"),
                               rtol=1e-12, atol=1e-300)


@given(class_labels_and_logits(), st.floats(-1e4, 1e4))
def test_softmax_cross_entropy_ignores_a_common_shift_of_the_logits(labels_logits, c):
    labels, z = labels_logits
    np.testing.assert_allclose(softmax_cross_entropy(labels, z + c, reduction="none"),
                               softmax_cross_entropy(labels, z, reduction="none"), rtol=1e-9, atol=1e-11)


# -- extremes -----------------------------------------------------------------------------------------------------

def test_logits_of_plus_minus_1e4_give_exact_losses():
    np.testing.assert_array_equal(
        binary_cross_entropy_with_logits([1, 0, 1, 0], [1e4, -1e4, -1e4, 1e4], reduction="none"),
        [0.0, 0.0, 1e4, 1e4])
    np.testing.assert_array_equal(softmax_cross_entropy([0, 1, 2], [[1e4, -1e4, 0.0]] * 3, reduction="none"),
                                  [0.0, 2e4, 1e4])
    # Soft targets: 0.25 * 1e4 for the label-1 term of a logit -1e4, exactly.
    assert binary_cross_entropy_with_logits([0.25], [-1e4]) == 2500.0
    # PyTorch agrees at these extremes.
    torch_loss = torch.nn.BCEWithLogitsLoss(reduction="none")(torch.tensor([1e4, -1e4, -1e4, 1e4], dtype=torch.float64),
                                                              torch.tensor([1.0, 0.0, 1.0, 0.0], dtype=torch.float64))
    np.testing.assert_array_equal(torch_loss.numpy(), [0.0, 0.0, 1e4, 1e4])


def test_certain_probabilities_cost_zero_when_right_and_infinity_when_wrong():
    np.testing.assert_array_equal(binary_cross_entropy([1, 0], [1.0, 0.0], reduction="none"), [0.0, 0.0])
    assert binary_cross_entropy([1, 0], [1.0, 0.0]) == 0.0
    assert math.copysign(1.0, binary_cross_entropy([1], [1.0])) == 1.0  # +0.0, not -0.0
    np.testing.assert_array_equal(binary_cross_entropy([1, 0], [0.0, 1.0], reduction="none"), [np.inf, np.inf])
    assert binary_cross_entropy([1, 1], [0.0, 0.5]) == np.inf
    # A soft target puts weight on both outcomes, so either certainty is a certain mistake.
    assert binary_cross_entropy([0.5], [1.0]) == np.inf


def test_clipping_at_machine_epsilon_reproduces_scikit_learn_and_pytorch_clamps_at_100():
    y, p = np.array([1, 0, 1, 0]), np.array([0.0, 1.0, 1.0, 0.3])
    assert binary_cross_entropy(y, p, eps=EPS64) == pytest.approx(sklearn.metrics.log_loss(y, p), rel=1e-12)
    assert binary_cross_entropy([1], [0.0], eps=EPS64) == pytest.approx(-math.log(EPS64), rel=1e-15)
    assert binary_cross_entropy([1], [0.0], eps=1e-3) == pytest.approx(-math.log(1e-3), rel=1e-15)
    torch_loss = torch.nn.BCELoss(reduction="none")(torch.from_numpy(p), torch.from_numpy(y.astype(np.float64)))
    assert torch_loss.tolist()[:2] == [100.0, 100.0]
    assert np.all(np.isinf(binary_cross_entropy(y, p, reduction="none")[:2]))


def test_the_probability_form_fails_where_the_logit_form_does_not():
    # sigma(40) rounds to exactly 1.0 in float64; the loss of a negative sample is then log(1 + e^40), about 40.
    p = scipy.special.expit(40.0)
    assert p == 1.0
    assert binary_cross_entropy([0], [p]) == np.inf
    assert binary_cross_entropy_with_logits([0], [40.0]) == pytest.approx(40.0 + math.log1p(math.exp(-40.0)),
                                                                        rel=1e-15)


def test_log_of_a_small_probability_keeps_its_digits():
    # -log(1 - 1e-20) = 1e-20 to 20 digits; log(1 - p) would round 1 - 1e-20 to 1 and give 0.
    assert binary_cross_entropy([0.0], [1e-20]) == pytest.approx(1e-20, rel=1e-15)


def test_minus_infinity_logits_mark_impossible_classes():
    assert softmax_cross_entropy([1.0, 0.0, 0.0], [0.0, -np.inf, -np.inf]) == 0.0
    assert softmax_cross_entropy(0, [0.0, 0.0, -np.inf]) == pytest.approx(math.log(2), rel=1e-15)
    assert softmax_cross_entropy(2, [0.0, 0.0, -np.inf]) == np.inf


def test_float32_stays_float32():
    z = np.array([[3.0, -1.0], [0.5, 200.0]], dtype=np.float32)  # exp(200) overflows float32
    for labels in (np.array([[1, 0], [0, 1]]), np.array([[1, 0], [0, 1]], dtype=np.float32)):
        loss = binary_cross_entropy_with_logits(labels, z, reduction="none")
        assert loss.dtype == np.float32 and np.all(np.isfinite(loss))
    assert binary_cross_entropy([1, 0], np.float32([0.9, 0.2]), reduction="none").dtype == np.float32
    assert softmax_cross_entropy([0, 1], z, reduction="none").dtype == np.float32
    assert softmax_cross_entropy(np.eye(2, dtype=int), z, reduction="none").dtype == np.float32
    assert mean_squared_error(np.float32([1, 2]), np.float32([1, 3]), reduction="none").dtype == np.float32
    assert softmax_cross_entropy([1, 0], z, reduction="none")[0] == pytest.approx(4.0 + math.log1p(math.exp(-4.0)),
                                                                                 rel=1e-6)
    # float64 targets with float32 predictions promote to float64, as NumPy does.
    assert mean_squared_error([1.0, 2.0], np.float32([1, 3]), reduction="none").dtype == np.float64


def test_results_are_floats_and_inputs_are_not_modified():
    y, z = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.5, -2.0], [3.0, 0.1]])
    before = y.copy(), z.copy()
    for loss in (mean_squared_error(y, z), binary_cross_entropy_with_logits(y, z), softmax_cross_entropy(y, z),
                 binary_cross_entropy(y, scipy.special.expit(z))):
        assert type(loss) is float
    np.testing.assert_array_equal(y, before[0])
    np.testing.assert_array_equal(z, before[1])
    assert softmax_cross_entropy(np.zeros((2, 3), dtype=int), np.zeros((2, 3, 4)), reduction="none").shape == (2, 3)


# -- bad input ---------------------------------------------------------------------------------------------------

MSE, BCE, BCEL, SCE = mean_squared_error, binary_cross_entropy, binary_cross_entropy_with_logits, softmax_cross_entropy

BAD_INPUT = [
    # (function, kwargs, exception, message fragment)
    (MSE, dict(y_true=[1.0, 2.0, 3.0], y_pred=[1.0, 2.0]), ValueError,
     r"The 'y_true' and 'y_pred' parameters of mean_squared_error must have the same shape. Got \(3,\) and \(2,\)"),
    (MSE, dict(y_true=[[1.0, 2.0]], y_pred=[1.0, 2.0]), ValueError, r"Got \(1, 2\) and \(2,\) instead"),
    (MSE, dict(y_true=[], y_pred=[]), ValueError, r"'y_true' parameter of mean_squared_error must be a non-empty"),
    (MSE, dict(y_true=[1.0], y_pred=[np.nan]), ValueError, r"'y_pred' parameter of mean_squared_error must be finite"),
    (MSE, dict(y_true=[np.inf], y_pred=[1.0]), ValueError, r"'y_true' parameter of mean_squared_error must be finite"),
    (MSE, dict(y_true=[True], y_pred=[1.0]), TypeError, r"'y_true' parameter of mean_squared_error .* not booleans"),
    (MSE, dict(y_true=[1.0], y_pred=["a"]), TypeError, r"'y_pred' parameter of mean_squared_error must be an array"),
    (MSE, dict(y_true=[1j], y_pred=[1.0]), TypeError, r"'y_true' parameter of mean_squared_error .* not complex"),
    (MSE, dict(y_true=[1.0], y_pred=[1.0], reduction="average"), ValueError,
     r"'reduction' parameter of mean_squared_error must be one of 'mean', 'sum', 'none'"),
    (MSE, dict(y_true=[1.0], y_pred=[1.0], reduction=None), TypeError, r"'reduction' parameter of mean_squared_error"),
    (BCE, dict(y_true=[1, 0], probs=[0.5]), ValueError,
     r"The 'y_true' and 'probs' parameters of binary_cross_entropy must have the same shape"),
    (BCE, dict(y_true=[2, 0], probs=[0.5, 0.5]), ValueError,
     r"'y_true' parameter of binary_cross_entropy must be labels 0 or 1, or target probabilities in \[0, 1\]"),
    (BCE, dict(y_true=[-0.1], probs=[0.5]), ValueError, r"'y_true' parameter of binary_cross_entropy must be labels"),
    (BCE, dict(y_true=[1], probs=[1.5]), ValueError, r"'probs' parameter of binary_cross_entropy must be "
                                                     r"probabilities in \[0, 1\]"),
    (BCE, dict(y_true=[1], probs=[-1e-9]), ValueError, r"'probs' parameter of binary_cross_entropy must be prob"),
    (BCE, dict(y_true=[1], probs=[np.nan]), ValueError, r"'probs' parameter of binary_cross_entropy must be finite"),
    (BCE, dict(y_true=[], probs=[]), ValueError, r"'probs' parameter of binary_cross_entropy must be a non-empty"),
    (BCE, dict(y_true=[True], probs=[0.5]), TypeError, r"'y_true' parameter of binary_cross_entropy .* booleans"),
    (BCE, dict(y_true=[1], probs=["0.5"]), TypeError, r"'probs' parameter of binary_cross_entropy must be an array"),
    (BCE, dict(y_true=[1], probs=[0.5], eps=0.5), ValueError, r"'eps' parameter of binary_cross_entropy must be in "
                                                              r"\[0, 0.5\)"),
    (BCE, dict(y_true=[1], probs=[0.5], eps=-1e-7), ValueError, r"'eps' parameter of binary_cross_entropy"),
    (BCE, dict(y_true=[1], probs=[0.5], eps=np.nan), ValueError, r"'eps' parameter of binary_cross_entropy"),
    (BCE, dict(y_true=[1], probs=[0.5], eps="1e-7"), TypeError, r"'eps' parameter of binary_cross_entropy must be "
                                                                r"a real number"),
    (BCE, dict(y_true=[1], probs=[0.5], reduction="avg"), ValueError, r"'reduction' parameter of binary_cross_ent"),
    (BCE, dict(y_true=[1], probs=[0.5], reduction=1), TypeError, r"'reduction' parameter of binary_cross_entropy"),
    (BCEL, dict(y_true=[1, 0], logits=[[0.5, 1.0]]), ValueError,
     r"The 'y_true' and 'logits' parameters of binary_cross_entropy_with_logits must have the same shape. "
     r"Got \(2,\) and \(1, 2\) instead"),
    (BCEL, dict(y_true=[3], logits=[0.5]), ValueError, r"'y_true' parameter of binary_cross_entropy_with_logits "
                                                       r"must be labels 0 or 1"),
    (BCEL, dict(y_true=[1], logits=[np.inf]), ValueError, r"'logits' parameter of binary_cross_entropy_with_logits "
                                                          r"must be finite"),
    (BCEL, dict(y_true=[np.nan], logits=[1.0]), ValueError, r"'y_true' parameter of binary_cross_entropy_with_log"),
    (BCEL, dict(y_true=[], logits=[]), ValueError, r"'logits' parameter of binary_cross_entropy_with_logits must "
                                                   r"be a non-empty"),
    (BCEL, dict(y_true=[1], logits=[False]), TypeError, r"'logits' parameter of binary_cross_entropy_with_logits "
                                                        r".* booleans"),
    (BCEL, dict(y_true=[1], logits=[1j]), TypeError, r"'logits' parameter of binary_cross_entropy_with_logits .* "
                                                     r"complex"),
    (BCEL, dict(y_true=[1], logits=[1.0], reduction="max"), ValueError, r"'reduction' parameter of binary_cross"),
    (BCEL, dict(y_true=[1], logits=[1.0], reduction=b"mean"), TypeError, r"'reduction' parameter of binary_cross"),
    (SCE, dict(y_true=0, logits=1.0), ValueError, r"'logits' parameter of softmax_cross_entropy must be an array "
                                                  r"with at least 1 dimension"),
    (SCE, dict(y_true=[], logits=np.zeros((0, 3))), ValueError, r"'logits' parameter of softmax_cross_entropy "
                                                                r"must be a non-empty"),
    (SCE, dict(y_true=[0], logits=[[np.nan, 1.0]]), ValueError, r"'logits' parameter of softmax_cross_entropy must "
                                                                r"be real numbers or -inf"),
    (SCE, dict(y_true=[0], logits=[[np.inf, 1.0]]), ValueError, r"'logits' parameter of softmax_cross_entropy"),
    (SCE, dict(y_true=[0, 1], logits=[[0.0, 1.0], [-np.inf, -np.inf]]), ValueError,
     r"'logits' parameter of softmax_cross_entropy must be finite somewhere along axis -1"),
    (SCE, dict(y_true=[0, 3], logits=np.zeros((2, 3))), ValueError,
     r"'y_true' parameter of softmax_cross_entropy must be class labels in \[0, 2\] for 3 classes"),
    (SCE, dict(y_true=[-1], logits=np.zeros((1, 3))), ValueError, r"'y_true' parameter of softmax_cross_entropy "
                                                                  r"must be class labels in \[0, 2\]"),
    (SCE, dict(y_true=[0, 1, 2], logits=np.zeros((2, 3))), ValueError,
     r"'y_true' parameter of softmax_cross_entropy must be class labels of shape \(2,\) or target probabilities "
     r"of shape \(2, 3\)"),
    (SCE, dict(y_true=[[0.5, 0.6, 0.0]], logits=np.zeros((1, 3))), ValueError,
     r"'y_true' parameter of softmax_cross_entropy must be a probability vector"),
    (SCE, dict(y_true=[[1.5, -0.5, 0.0]], logits=np.zeros((1, 3))), ValueError,
     r"'y_true' parameter of softmax_cross_entropy must be a probability vector"),
    (SCE, dict(y_true=[[np.nan, 1.0, 0.0]], logits=np.zeros((1, 3))), ValueError,
     r"'y_true' parameter of softmax_cross_entropy must be finite"),
    (SCE, dict(y_true=[0.0, 1.0], logits=np.zeros((2, 3))), TypeError,
     r"'y_true' parameter of softmax_cross_entropy must be integer class labels"),
    (SCE, dict(y_true=[True, False], logits=np.zeros((2, 3))), TypeError,
     r"'y_true' parameter of softmax_cross_entropy must be integer class labels or target probabilities, not bool"),
    (SCE, dict(y_true=[[0, 1], [1]], logits=np.zeros((2, 2))), ValueError,
     r"'y_true' parameter of softmax_cross_entropy must be a rectangular array"),
    (SCE, dict(y_true=[0], logits=[["a", "b"]]), TypeError, r"'logits' parameter of softmax_cross_entropy must be "
                                                            r"an array of real numbers"),
    (SCE, dict(y_true=[0], logits=[[True, False]]), TypeError, r"'logits' parameter of softmax_cross_entropy .* bool"),
    (SCE, dict(y_true=[0], logits=[[1.0, 0.0]], reduction="mean "), ValueError, r"'reduction' parameter of softmax"),
    (SCE, dict(y_true=[0], logits=[[1.0, 0.0]], reduction=0), TypeError, r"'reduction' parameter of softmax_cross"),
]


@pytest.mark.parametrize("function, kwargs, exception, match", BAD_INPUT,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUT)])
def test_bad_input(function, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        function(**kwargs)


# -- the kernels and the checks and equation functions they fall back to ------------------------------------------
# Each loss first tries an unchecked, blockwise kernel on large input (None means "check, then run the equation
# function"). The inputs below are chosen to take each path, over several blocks with a shorter last one, and both
# are compared with independent references: math.fsum of exact per-element values, and mpmath.

from mlequations import losses as _losses  # noqa: E402
from mlequations._kernels import losses as kernels  # noqa: E402


def _bce_kernel(y, p, eps, reduction):
    return kernels.binary_cross_entropy(y, p, eps, reduction)


def _large(*arrays):
    """Each array repeated to at least the kernels' MIN_SIZE elements (the originals come first)."""
    reps = -(-kernels.MIN_SIZE // len(arrays[0]))
    return [np.tile(np.asarray(a), reps) for a in arrays]


N_BLOCKS = 2 * kernels.BLOCK + 123  # two full blocks and a short one


def _fsum_mean(values):
    return math.fsum(values) / len(values)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mean_squared_error_fast_path_over_several_blocks(reduction):
    rng = _rng()
    y, y_hat = rng.normal(size=(3, N_BLOCKS // 3)), rng.normal(size=(3, N_BLOCKS // 3))
    fast = kernels.mean_squared_error(y, y_hat, reduction)
    assert fast is not None
    squares = [float(d) ** 2 for d in (y - y_hat).ravel()]  # y - y_hat is exact enough: compared at 1e-13
    if reduction == "none":
        np.testing.assert_allclose(fast, np.reshape(squares, y.shape), rtol=1e-15)
    else:
        exact = math.fsum(squares) / (len(squares) if reduction == "mean" else 1)
        assert fast == pytest.approx(exact, rel=1e-13)
    assert np.array_equal(mean_squared_error(y, y_hat, reduction=reduction), fast)


def test_mean_squared_error_falls_back_for_bad_or_overflowing_input():
    big = np.full(N_BLOCKS, 1e154)
    for y, y_hat in [([1.0, np.nan], [1.0, 2.0]), ([np.inf], [np.inf]), ([1e200], [-1e200]), (big, -big)]:
        for reduction in ("mean", "sum", "none"):
            assert kernels.mean_squared_error(y, y_hat, reduction) is None
    with pytest.raises(ValueError, match="'reduction' parameter of mean_squared_error must be one of"):
        mean_squared_error(np.ones(N_BLOCKS), np.ones(N_BLOCKS), reduction="average")  # checked before the kernel
    assert kernels.mean_squared_error([1.0, 2.0], [1.0], "mean") is None
    assert kernels.mean_squared_error([True], [1.0], "mean") is None
    # the checked path then computes the mean of squares that each fit, although their sum overflows
    assert mean_squared_error(big, np.zeros(N_BLOCKS)) == pytest.approx(1e308, rel=1e-15)


def _exact_bce(y, p):
    """-log p or -log(1 - p) to 50 digits."""
    mpmath.mp.dps = 50
    p = mpmath.mpf(float(p))
    return float(-mpmath.log(p) if y == 1 else -mpmath.log1p(-p))


def test_binary_cross_entropy_with_labels_takes_one_logarithm_and_keeps_every_digit():
    rng = _rng()
    # Probabilities across the whole range, tiny and near 1, including ones where 1 - p rounds.
    p = np.concatenate([rng.uniform(size=400), 10.0 ** rng.uniform(-300, -1, size=400),
                        1 - 10.0 ** rng.uniform(-16, -1, size=400),
                        [5e-324, 1e-20, 2.0**-53, 2.0**-54, 0.5, np.nextafter(0.5, 0), 1 - 2.0**-53]])
    y = rng.integers(0, 2, size=p.size).astype(np.float64)
    y[-7:] = 0
    exact = np.array([_exact_bce(yi, pi) for yi, pi in zip(y, p)])
    fast = _bce_kernel(*_large(y, p), 0.0, "none")
    assert fast is not None
    # within two units in the last place of each loss (and exactly 0 where the loss is), for the kernel and for
    # the equation function that small input takes
    np.testing.assert_allclose(fast[:p.size], exact, rtol=2 * EPS64, atol=0)
    np.testing.assert_allclose(_losses._binary_cross_entropy_equation(y, p), exact, rtol=2 * EPS64, atol=0)
    assert binary_cross_entropy(y, p) == pytest.approx(math.fsum(exact) / p.size, rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_binary_cross_entropy_fast_path_over_several_blocks_agrees_with_the_checked_formula(dtype):
    rng = _rng()
    y = rng.integers(0, 2, size=N_BLOCKS)
    p = rng.uniform(0.001, 0.999, size=N_BLOCKS).astype(dtype)
    for labels in (y, y.astype(dtype)):
        fast = _bce_kernel(labels, p, 0.0, "none")
        assert fast is not None and fast.dtype == dtype
        p64 = p.astype(np.float64)
        reference = -np.where(y == 1, np.log(p64), np.log1p(-p64))
        np.testing.assert_allclose(fast, reference, rtol=4 * np.finfo(dtype).eps)
        assert _bce_kernel(labels, p, 0.0, "mean") == pytest.approx(
            math.fsum(reference) / N_BLOCKS, rel=10 * float(np.finfo(dtype).eps))


def test_binary_cross_entropy_soft_targets_and_bad_input_take_the_checked_path():
    rng = _rng()
    y = rng.integers(0, 2, size=N_BLOCKS).astype(np.float64)
    p = rng.uniform(0.001, 0.999, size=N_BLOCKS)
    soft = y.copy()
    soft[-1] = 0.5  # one soft target, in the last block
    assert _bce_kernel(soft, p, 0.0, "mean") is None
    reference = torch.nn.BCELoss()(torch.from_numpy(p), torch.from_numpy(soft)).item()
    assert binary_cross_entropy(soft, p) == pytest.approx(reference, rel=1e-12)
    for bad_y in (2.0, -5e-324, 1 + 2.0**-52, np.nan, np.inf, -np.inf, 1e300):
        labels = y.copy()
        labels[kernels.BLOCK + 5] = bad_y
        assert _bce_kernel(labels, p, 0.0, "mean") is None
        with pytest.raises(ValueError, match="'y_true' parameter of binary_cross_entropy must be"):
            binary_cross_entropy(labels, p)
    for bad_p in (-5e-324, 1 + 2.0**-52, np.nan, np.inf):
        probs = p.copy()
        probs[7] = bad_p
        assert _bce_kernel(y, probs, 0.0, "mean") is None
        with pytest.raises(ValueError, match="'probs' parameter of binary_cross_entropy must be"):
            binary_cross_entropy(y, probs)
    for eps in (-1e-7, 0.5, np.nan, True, "1e-7"):  # checked before the kernel
        with pytest.raises((ValueError, TypeError), match="'eps' parameter of binary_cross_entropy must be"):
            binary_cross_entropy(y, p, eps=eps)


def test_binary_cross_entropy_fast_path_gives_the_exact_infinity_and_clips_like_the_checked_path():
    y, p = _large([1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.3])
    assert _bce_kernel(y, p, 0.0, "mean") == math.inf
    np.testing.assert_allclose(_bce_kernel(y, p, 0.0, "none")[:4],
                               [np.inf, np.inf, 0, -math.log1p(-0.3)], rtol=2 * EPS64, atol=0)
    assert _bce_kernel(y, p, EPS64, "mean") == pytest.approx(
        sklearn.metrics.log_loss(y, p), rel=1e-15)


@pytest.mark.parametrize("soft", [False, True])
def test_binary_cross_entropy_with_logits_fast_path_is_the_checked_formula_to_the_last_bit(soft):
    rng = _rng()
    z = rng.normal(scale=30.0, size=N_BLOCKS)
    z[:4] = [0.0, -0.0, 1e4, -1e308]
    y = rng.uniform(size=N_BLOCKS) if soft else rng.integers(0, 2, size=N_BLOCKS).astype(np.float64)
    fast = kernels.binary_cross_entropy_with_logits(y, z, "none")
    assert fast is not None
    # The checked path's formula, written out independently.
    tail = np.log1p(np.exp(-np.abs(z)))
    expected = (np.maximum(z, 0) * (1 - y) + np.maximum(-z, 0) * y) + tail
    np.testing.assert_array_equal(fast, expected)
    assert kernels.binary_cross_entropy_with_logits(y, z, "mean") == pytest.approx(
        math.fsum(expected) / N_BLOCKS, rel=1e-15)


def test_binary_cross_entropy_with_logits_falls_back_for_bad_logits_and_targets():
    y, z = np.ones(N_BLOCKS), np.zeros(N_BLOCKS)
    for bad_z in (np.nan, np.inf, -np.inf):
        logits = z.copy()
        logits[-1] = bad_z
        for target in (0.0, 1.0, 0.5):
            y[-1] = target
            for reduction in ("mean", "sum", "none"):
                assert kernels.binary_cross_entropy_with_logits(y, logits, reduction) is None
            with pytest.raises(ValueError, match="'logits' parameter of binary_cross_entropy_with_logits must be"):
                binary_cross_entropy_with_logits(y, logits)
    for bad_y in (np.nan, -1e-300, 1 + 2.0**-52):
        y[3] = bad_y
        assert kernels.binary_cross_entropy_with_logits(y, z, "mean") is None
    assert kernels.binary_cross_entropy_with_logits(np.ones(N_BLOCKS), np.full(N_BLOCKS, -1e308), "sum") is None


# -- the equation functions --------------------------------------------------------------------------------------
# tests/test_contract.py runs each equation function from the text of its chapter page against the public function:
# EQUATION_CALLS maps a call of the public function onto the equation functions of the page (`ns`), which give the
# loss of each element (each sample), reduced here as `reduction` says; RANDOM_CALLS makes a seeded input with a
# given number of rows (3 stays on the equation function, 10^4 reaches the kernel).

def _reduced(losses, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": np.asarray}[reduction](losses)


def _floats(*arrays):
    return [np.asarray(a, dtype=float) for a in arrays]


def _clip(p, eps):
    return np.clip(p, eps, 1 - eps) if eps else p


EQUATION_CALLS = {
    "mean_squared_error": lambda ns, y_true, y_pred, reduction="mean": _reduced(
        ns["_mean_squared_error_equation"](*_floats(y_true, y_pred)), reduction),
    "binary_cross_entropy": lambda ns, y_true, probs, eps=0.0, reduction="mean": _reduced(
        ns["_binary_cross_entropy_equation"](*_floats(y_true, _clip(np.asarray(probs, float), eps))), reduction),
    "binary_cross_entropy_with_logits": lambda ns, y_true, logits, reduction="mean": _reduced(
        ns["_binary_cross_entropy_with_logits_equation"](*_floats(y_true, logits)), reduction),
    "softmax_cross_entropy": lambda ns, y_true, logits, reduction="mean": _reduced(
        ns["_softmax_cross_entropy_equation"](np.asarray(y_true), np.asarray(logits, float)), reduction),
}
RANDOM_CALLS = {
    "mean_squared_error": lambda rng, size: (tuple(rng.normal(scale=3.0, size=(2, size, 2))), {}),
    "binary_cross_entropy": lambda rng, size: ((rng.integers(0, 2, size=(size, 2)),
                                                rng.uniform(0.01, 0.99, size=(size, 2))), {"reduction": "sum"}),
    "binary_cross_entropy_with_logits": lambda rng, size: ((rng.uniform(size=(size, 2)),
                                                            rng.normal(scale=10.0, size=(size, 2))), {}),
    "softmax_cross_entropy": lambda rng, size: ((rng.integers(0, 5, size=size), rng.normal(scale=5.0, size=(size, 5))),
                                                {"reduction": "none"}),
}


# -- the kernels against the equation functions ----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kernels_agree_with_the_equation_functions(dtype):
    """Per-element losses over several blocks and at the extremes: mean_squared_error and the cross-entropy from
    logits agree bit for bit (the same operations in the same order); binary_cross_entropy of labels within 2 units
    in the last place in float64 and 4 in float32 (the kernel's one logarithm against the equation's two)."""
    rng = np.random.default_rng(15)
    n = N_BLOCKS
    y, y_hat = (rng.normal(size=(2, n)) * np.sqrt(np.finfo(dtype).max) / 8).astype(dtype)  # squares near the top
    np.testing.assert_array_equal(kernels.mean_squared_error(y, y_hat, "none"),
                                  _losses._mean_squared_error_equation(y, y_hat))
    labels = rng.integers(0, 2, size=n).astype(dtype)
    p = np.concatenate([rng.uniform(size=n - 400), 10.0 ** rng.uniform(-30, -1, size=200),
                        1 - 10.0 ** rng.uniform(-7, -1, size=200)]).astype(dtype)
    p[:4] = [0.0, 1.0, np.finfo(dtype).tiny, np.nextafter(dtype(1), dtype(0))]
    with np.errstate(divide="ignore", invalid="ignore"):
        equation = _losses._binary_cross_entropy_equation(labels, p)
    ulps = 2 if dtype == np.float64 else 4  # NumPy's float32 logarithms are not as close to correctly rounded
    np.testing.assert_allclose(_bce_kernel(labels, p, 0.0, "none"), equation, rtol=ulps * np.finfo(dtype).eps, atol=0)
    z = rng.normal(scale=30.0, size=n).astype(dtype)
    z[:5] = [0.0, -0.0, 1e4, -1e4, -np.finfo(dtype).max]
    soft = rng.uniform(size=n).astype(dtype)
    np.testing.assert_array_equal(kernels.binary_cross_entropy_with_logits(soft, z, "none"),
                                  _losses._binary_cross_entropy_with_logits_equation(soft, z) + 0.0)


EQUATIONS = {mean_squared_error: "_mean_squared_error_equation", binary_cross_entropy: "_binary_cross_entropy_equation",
             binary_cross_entropy_with_logits: "_binary_cross_entropy_with_logits_equation",
             softmax_cross_entropy: "_softmax_cross_entropy_equation"}


@pytest.mark.parametrize("function", list(EQUATIONS), ids=lambda f: f.__name__)
def test_small_input_runs_the_equation_function_and_large_input_the_kernel(function, monkeypatch):
    calls = []
    original = getattr(_losses, EQUATIONS[function])
    monkeypatch.setattr(_losses, EQUATIONS[function], lambda *args: calls.append(args[1].size) or original(*args))
    for rows in (10, kernels.MIN_SIZE // 4):
        y = np.tile([0, 1, 1, 0], rows)
        function(y, np.full((y.size, 2), 0.3) if function is softmax_cross_entropy else np.full(y.size, 0.3))
    assert calls == [80 if function is softmax_cross_entropy else 40]


# -- what the chapter's derivations and prose state (docs/chapters/losses.md) --------------------------------------

def test_the_normal_equations_give_the_least_squares_minimiser_where_the_mse_gradient_vanishes():
    rng = _rng()
    X = np.column_stack([np.ones(30), rng.normal(size=(30, 3))])
    y = rng.normal(size=30)
    theta = np.linalg.solve(X.T @ X, X.T @ y)
    np.testing.assert_allclose(theta, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12, atol=1e-14)
    h = 1e-6
    for point in (theta, np.zeros(4)):
        numeric = [(mean_squared_error(y, X @ (point + h * e)) - mean_squared_error(y, X @ (point - h * e))) / (2 * h)
                   for e in np.eye(4)]
        np.testing.assert_allclose(numeric, 2 / 30 * X.T @ (X @ point - y), rtol=0, atol=1e-8)
    # Any other parameters cost more: theta is the minimiser (X has full column rank).
    for e in np.eye(4):
        assert mean_squared_error(y, X @ (theta + 1e-3 * e)) > mean_squared_error(y, X @ theta)


@given(st.floats(0.01, 0.99))
def test_a_soft_binary_target_costs_its_entropy_at_p_equal_to_y_and_more_elsewhere(y):
    from mlequations import entropy
    at_target = binary_cross_entropy([y], [y])
    assert at_target == pytest.approx(entropy([y, 1 - y]), rel=1e-13)
    for p in (y / 2, (1 + y) / 2):
        assert binary_cross_entropy([y], [p]) > at_target


def test_the_softmax_cross_entropy_gradient_is_p_minus_y_for_soft_targets_and_the_mean_divides_by_n():
    rng = _rng()
    z = rng.normal(size=(4, 5))
    y = rng.dirichlet(np.ones(5), size=4)
    h = 1e-6
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = h
        numeric[index] = (softmax_cross_entropy(y, z + step) - softmax_cross_entropy(y, z - step)) / (2 * h)
    np.testing.assert_allclose(numeric, (scipy.special.softmax(z, axis=1) - y) / 4, rtol=0, atol=1e-9)


def test_expit_returns_one_from_53_log_2_and_the_exact_sigmoid_rounds_to_one_from_54_log_2():
    # The chapter's claims about the pinned SciPy and about float64, checked independently in 50-digit arithmetic.
    mpmath.mp.dps = 50
    first = 53 * math.log(2)
    assert scipy.special.expit(first - 1e-9) < 1.0 and scipy.special.expit(first + 1e-9) == 1.0
    assert scipy.special.expit(36.73) < 1.0 and scipy.special.expit(36.74) == 1.0

    def rounded_sigmoid(z):
        return float(1 / (1 + mpmath.exp(-mpmath.mpf(z))))
    second = 54 * math.log(2)
    assert rounded_sigmoid(second - 1e-6) < 1.0 and rounded_sigmoid(second + 1e-6) == 1.0
    assert rounded_sigmoid(37.0) < 1.0 == scipy.special.expit(37.0)  # SciPy's 1 at 37 is its formula's rounding


def test_the_squared_error_barely_tells_a_confident_mistake_from_a_certain_one():
    squared = [mean_squared_error([1.0], [q]) for q in (1e-3, 1e-9)]
    cross = [binary_cross_entropy([1], [q]) for q in (1e-3, 1e-9)]
    assert 0.99 < squared[0] < squared[1] < 1.0
    assert cross[1] / cross[0] == pytest.approx(3.0, rel=1e-3)  # log(1e-9) / log(1e-3)
