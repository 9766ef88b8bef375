"""Extreme but valid input across the package: exact answers where they exist, a named error where they do not.

Large logits and scores (+-1e4 and beyond), probabilities of exactly 0 and 1, near-singular and rank-deficient
matrices, samples far from every class, ten million elements, and finite input whose result overflows float64.
No case may return a NaN, or an infinity that is not the exact answer.
"""

import math
import re

import mpmath
import numpy as np
import pytest

from mlequations import (
    GaussianNaiveBayes,
    MultilayerPerceptron,
    bayes_posterior,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    conv2d,
    convolve,
    convolve2d,
    cross_entropy,
    eigendecomposition,
    entropy,
    forward_diffusion,
    kl_divergence,
    least_squares_objective,
    linear_transform,
    log_softmax,
    log_sum_exp,
    low_rank_approximation,
    mean_squared_error,
    multi_head_attention,
    principal_components,
    scaled_dot_product_attention,
    singular_value_decomposition,
    softmax,
    softmax_cross_entropy,
)

BIG = 1e4


# -- logits and scores of +-1e4 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_family_at_plus_minus_1e4(dtype):
    z = np.array([BIG, -BIG, 0.0], dtype=dtype)
    np.testing.assert_array_equal(softmax(z), np.array([1.0, 0.0, 0.0], dtype=dtype))
    # log-probabilities: the top one is exactly 0, the others their distance to the top
    np.testing.assert_array_equal(log_softmax(z), np.array([0.0, -2 * BIG, -BIG], dtype=dtype))
    assert log_sum_exp(z) == BIG
    assert log_sum_exp(np.array([BIG, BIG], dtype=dtype)) == pytest.approx(BIG + math.log(2), rel=1e-7)
    assert log_sum_exp(np.array([-BIG, -BIG])) == -BIG + math.log(2)


def test_softmax_of_scores_beyond_any_exponent():
    """Scores 1e308 apart: the exponentials are exactly 1 and 0; log-softmax cannot be a float and says so."""
    z = np.array([1.7e308, -1.7e308])
    np.testing.assert_array_equal(softmax(z), [1.0, 0.0])
    assert log_sum_exp(z) == 1.7e308
    with pytest.raises(ValueError, match=r"The 'z' parameter of log_softmax must be spread over less than"):
        log_softmax(z)
    with pytest.raises(ValueError, match=r"The 'logits' parameter of softmax_cross_entropy must be spread"):
        softmax_cross_entropy([1], [z])
    # A vanishing temperature is the arg max, exactly
    np.testing.assert_array_equal(softmax([1.0, 0.0, 1.0], temperature=1e-320), [0.5, 0.0, 0.5])


def test_losses_at_plus_minus_1e4_are_exact():
    assert softmax_cross_entropy([0], [[BIG, -BIG]]) == 0.0
    assert softmax_cross_entropy([1], [[BIG, -BIG]]) == 2 * BIG
    assert softmax_cross_entropy([[0.5, 0.5]], [[BIG, -BIG]]) == BIG
    np.testing.assert_array_equal(
        binary_cross_entropy_with_logits([1.0, 1.0, 0.0, 0.0], [BIG, -BIG, BIG, -BIG], reduction="none"),
        [0.0, BIG, BIG, 0.0])


def test_attention_with_scores_of_1e4_attends_to_one_key():
    Q = np.array([[100.0, 0.0]])
    K = np.array([[100.0 * math.sqrt(2), 0.0], [-100.0 * math.sqrt(2), 0.0]])  # scores +-1e4 after 1/sqrt(2)
    V = np.array([[1.0, 2.0], [3.0, 4.0]])
    output, weights = scaled_dot_product_attention(Q, K, V)
    np.testing.assert_array_equal(weights, [[1.0, 0.0]])
    np.testing.assert_array_equal(output, [[1.0, 2.0]])


# -- probabilities of exactly 0 and 1 ------------------------------------------------------------------------------

def test_certain_and_impossible_outcomes():
    assert entropy([0.0, 1.0]) == 0.0
    assert entropy([0.5, 0.5, 0.0], base=2) == 1.0
    assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0
    np.testing.assert_array_equal(bayes_posterior([0.5, 0.5], [1.0, 0.0]), [1.0, 0.0])
    np.testing.assert_array_equal(bayes_posterior([0.0, 1.0], [1.0, 1.0]), [0.0, 1.0])
    # subnormal likelihoods: the ratio survives the scaling
    np.testing.assert_array_equal(bayes_posterior([0.5, 0.5], [5e-324, 5e-324]), [0.5, 0.5])
    assert binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_infinite_answers_are_exact_and_documented():
    """An outcome ruled out by q but possible under p costs infinitely many nats: inf is the true value."""
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert binary_cross_entropy([1.0], [0.0]) == math.inf
    assert softmax_cross_entropy([1], [[0.0, -math.inf]]) == math.inf
    for func in (kl_divergence, cross_entropy, binary_cross_entropy, softmax_cross_entropy):
        assert re.search(r"\binf\b|infinit", func.__doc__), f"{func.__name__} does not document its inf"
    # with clipping, a certain mistake costs a finite amount
    assert binary_cross_entropy([1.0], [0.0], eps=1e-7) == pytest.approx(-math.log(1e-7), rel=1e-12)


# -- near-singular and rank-deficient matrices ----------------------------------------------------------------

def _mp_matrix(A):
    return mpmath.matrix(np.asarray(A).tolist())


def test_rank_deficient_matrix():
    u, v = np.array([1.0, 2.0, -1.0]), np.array([3.0, 0.5, 1.0])
    A = np.outer(u, v)  # rank 1
    S = singular_value_decomposition(A).S
    assert S[0] == pytest.approx(np.linalg.norm(u) * np.linalg.norm(v), rel=1e-14)
    assert np.all(np.abs(S[1:]) <= 1e-14 * S[0])
    np.testing.assert_allclose(low_rank_approximation(A, rank=1), A, rtol=0, atol=1e-14 * S[0])
    eigenvalues = eigendecomposition(A).eigenvalues
    assert eigenvalues[0] == pytest.approx(u @ v, rel=1e-14)
    assert np.all(np.abs(eigenvalues[1:]) <= 1e-14 * S[0])
    # data on a line: one component explains everything
    pca = principal_components(np.outer(np.arange(5.0), [1.0, -2.0]))
    np.testing.assert_allclose(pca.explained_variance_ratio, [1.0, 0.0], rtol=0, atol=1e-15)


def test_zero_matrix_has_no_nan():
    Z = np.zeros((3, 3))
    eig = eigendecomposition(Z)
    np.testing.assert_array_equal(eig.eigenvalues, 0.0)
    assert np.all(np.isfinite(eig.eigenvectors))
    svd = singular_value_decomposition(Z)
    np.testing.assert_array_equal(svd.S, 0.0)
    assert np.all(np.isfinite(svd.U)) and np.all(np.isfinite(svd.Vt))
    pca = principal_components(np.ones((4, 2)))  # constant data: no variance to explain
    np.testing.assert_array_equal(pca.explained_variance_ratio, 0.0)


@mpmath.workdps(50)
def test_near_singular_matrices_agree_with_50_digits():
    # symmetric, with eigenvalues close to 2 and 5e-13
    A = np.array([[1.0, 1.0], [1.0, 1.0 + 1e-12]])
    exact = sorted((float(e) for e in mpmath.eigsy(_mp_matrix(A))[0]), reverse=True)
    got = eigendecomposition(A).eigenvalues
    np.testing.assert_allclose(got, exact, rtol=0, atol=4 * np.finfo(float).eps * 2)  # backward-stable bound
    # the Hilbert matrix of order 8, condition number about 1.5e10
    H = 1 / (np.arange(8)[:, None] + np.arange(8) + 1)
    exact_H = mpmath.matrix([[mpmath.mpf(1) / (i + j + 1) for j in range(8)] for i in range(8)])
    exact = [float(s) for s in mpmath.svd_r(exact_H, compute_uv=False)]
    S = singular_value_decomposition(H).S
    np.testing.assert_allclose(S, sorted(exact, reverse=True), rtol=0, atol=8 * np.finfo(float).eps * S[0])
    np.testing.assert_allclose(low_rank_approximation(H, rank=8), H, rtol=0, atol=1e-14)


# -- samples far from every class (the open gap of the probability chapter) ------------------------------------

def _mp_posterior(model, x):
    """The posterior of GaussianNaiveBayes, in 600-digit arithmetic from the fitted parameters."""
    with mpmath.workdps(600):
        jll = []
        for prior, mean, var in zip(model.class_prior_, model.theta_, model.var_):
            terms = [mpmath.log(2 * mpmath.pi * mpmath.mpf(v)) + (mpmath.mpf(xj) - mpmath.mpf(m)) ** 2 / mpmath.mpf(v)
                     for xj, m, v in zip(x, mean, var)]
            jll.append(mpmath.log(mpmath.mpf(prior)) - mpmath.fsum(terms) / 2)
        top = max(jll)
        weights = [mpmath.exp(j - top) for j in jll]
        return [float(w / mpmath.fsum(weights)) for w in weights]


@pytest.mark.parametrize("far", [1e5, 1e100, 1e154, 1e200, -1e200, 1e300, 1.7e308])
def test_naive_bayes_far_from_every_class(far):
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(0.0, 1.0, (20, 3)), rng.normal(1.0, 3.0, (20, 3))])
    y = np.repeat([0, 1], 20)
    model = GaussianNaiveBayes().fit(X, y)
    x = np.array([far, -far / 2, far])
    proba = model.predict_proba(x[None])
    assert np.all(np.isfinite(proba))
    np.testing.assert_allclose(proba[0], _mp_posterior(model, x), rtol=1e-12, atol=1e-300)
    assert model.predict(x[None])[0] == int(np.argmax(_mp_posterior(model, x)))


@pytest.mark.parametrize("far", [1e100, 1e200, -1e300])
def test_naive_bayes_far_with_equal_variances_keeps_the_cross_term(far):
    """Equal variances: far out, only 2 x (mu_1 - mu_0) / var tells the classes apart; the nearer mean wins."""
    model = GaussianNaiveBayes(var_smoothing=0.0).fit([[-1.0], [1.0], [0.0], [2.0]], [0, 0, 1, 1])
    np.testing.assert_array_equal(model.predict_proba([[far]]), [[0.0, 1.0]] if far > 0 else [[1.0, 0.0]])
    np.testing.assert_allclose(model.predict_proba([[far]])[0], _mp_posterior(model, [far]), atol=1e-300)


def test_naive_bayes_far_keeps_a_zero_prior_at_zero():
    model = GaussianNaiveBayes(var_smoothing=0.0, priors=[0.0, 1.0]).fit([[-1.0], [1.0], [0.0], [2.0]],
                                                                          [0, 0, 1, 1])
    np.testing.assert_array_equal(model.predict_proba([[-1e200], [1e200]]), [[0.0, 1.0], [0.0, 1.0]])


def test_naive_bayes_joint_log_likelihood_below_the_float_range_is_an_error():
    model = GaussianNaiveBayes().fit([[0.0], [1.0], [5.0], [6.0]], [0, 0, 1, 1])
    assert np.all(np.isfinite(model.predict_joint_log_proba([[1e100]])))  # -5e199: still a float
    with pytest.raises(ValueError, match=r"The 'X' parameter of GaussianNaiveBayes.predict_joint_log_proba must "
                                         r"be close enough to the class means"):
        model.predict_joint_log_proba([[1e200]])


# -- ten million elements -----------------------------------------------------------------------------------

N = 10**7


def test_ten_million_elements():
    n = float(N)
    uniform = np.full(N, 1 / n)
    assert entropy(uniform) == pytest.approx(math.log(n), rel=1e-12)
    assert kl_divergence(uniform, uniform) == 0.0
    assert log_sum_exp(np.zeros(N)) == pytest.approx(math.log(n), rel=1e-14)
    probs = softmax(np.zeros(N))
    assert probs.shape == (N,) and np.all(probs == probs[0])
    assert probs[0] == pytest.approx(1 / n, rel=1e-14)
    assert mean_squared_error(np.zeros(N), np.ones(N)) == 1.0


# -- finite input whose true result lies beyond the largest float -------------------------------------------

HUGE = 1e200
OVERFLOW = [
    ("mean_squared_error", lambda: mean_squared_error([HUGE], [-HUGE]), "'y_true' and 'y_pred' parameters"),
    ("mean_squared_error-sum", lambda: mean_squared_error(np.full(4, 1e154), np.zeros(4), reduction="sum"),
     "'y_true' and 'y_pred' parameters"),
    ("binary_cross_entropy_with_logits-sum", lambda: binary_cross_entropy_with_logits(
        np.ones(3), np.full(3, -1e308), reduction="sum"), "'y_true' and 'logits' parameters"),
    ("linear_transform", lambda: linear_transform([[HUGE]], [HUGE]), "'A' and 'x' parameters"),
    ("convolve", lambda: convolve([HUGE, HUGE], [HUGE]), "'f' and 'g' parameters"),
    ("convolve2d", lambda: convolve2d([[HUGE]], [[HUGE]]), "'image' and 'kernel' parameters"),
    ("conv2d", lambda: conv2d(np.full((1, 1, 2, 2), HUGE), np.full((1, 1, 2, 2), HUGE)),
     "'x' and 'weight' parameters"),
    ("forward_diffusion", lambda: forward_diffusion([1.7e308], 0.5, [1.7e308]), "'x0' and 'noise' parameters"),
    ("principal_components", lambda: principal_components([[1e300, 0.0], [-1e300, 1.0]]), "'X' parameter"),
    ("least_squares_objective", lambda: least_squares_objective([[HUGE]], [1.0]), "'X' parameter"),
    ("least_squares_objective.loss", lambda: least_squares_objective([[1.0]], [1.0]).loss([HUGE]),
     "'theta' parameter"),
    ("MultilayerPerceptron.forward", lambda: MultilayerPerceptron([[[HUGE]]], [[0.0]]).forward([[HUGE]]),
     "'X' parameter"),
    ("MultilayerPerceptron.loss", lambda: MultilayerPerceptron([[[1.0]]], [[0.0]]).loss([[HUGE]], [[-HUGE]]),
     "'X' and 'y' parameters"),
    ("multi_head_attention", lambda: multi_head_attention([[HUGE, 0.0]], [[HUGE, 0.0]], np.eye(2), np.eye(2),
                                                          np.eye(2) * HUGE, np.eye(2), num_heads=1),
     "'x_kv' and 'w_v' parameters"),
    ("GaussianNaiveBayes.fit", lambda: GaussianNaiveBayes().fit([[1e300], [-1e300], [1e300], [-1e300]],
                                                                [0, 0, 1, 1]), "'X' parameter"),
]


@pytest.mark.parametrize(("label", "call", "names"), OVERFLOW, ids=[row[0] for row in OVERFLOW])
def test_overflow_is_a_named_error(label, call, names):
    with pytest.raises(ValueError, match=re.escape(names)) as info:
        call()
    assert re.search(r"finite", str(info.value))


def test_mean_of_losses_that_each_fit_is_finite():
    """The mean of three losses of 1e308 is 1e308, although their running sum overflows."""
    assert mean_squared_error(np.full(3, 1e154), np.zeros(3)) == pytest.approx(1e308, rel=1e-15)
