"""Extreme but valid input across the package: exact answers where they exist, a named error where they do not.

Large logits and scores (+-1e4 and beyond), probabilities of exactly 0 and 1, near-singular and rank-deficient
matrices, samples far from every class, ten million elements, and finite input whose result overflows float64.
No case may return a NaN, or an infinity that is not the exact answer.
"""

import math
import re
import warnings

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
    cosine_beta_schedule,
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


# -- the overflow edge, swept over every public function ---------------------------------------------------------

from .test_public_api import SPECS, _outputs  # noqa: E402  (one table of valid calls)

EDGE = [1e150, 1e300, 1.7e308]


def _at_magnitude(value, largest):
    """`value` scaled so that its largest magnitude is `largest` (an all-zero array stays zero)."""
    arr = np.asarray(value, dtype=np.float64)
    peak = float(np.max(np.abs(arr)))
    return arr if peak == 0 else arr / peak * largest


EDGE_ROWS = [pytest.param(key, largest, id=f"{key}-{largest:g}") for key, spec in SPECS.items()
             for largest in EDGE if any(spec.kinds.get(a) == "real" for a in spec.arrays)]


@pytest.mark.parametrize(("target", "largest"), EDGE_ROWS)
def test_result_is_finite_or_a_named_error_at_the_overflow_edge(target, largest):
    """Every real argument of a valid call scaled up to `largest`: the call returns finite values only, or raises
    a ValueError that names one of its arguments, and no warning escapes either way."""
    spec = SPECS[target]
    scaled = {a: _at_magnitude(spec.args[a], largest) for a in spec.arrays if spec.kinds.get(a) == "real"}
    args = dict(spec.args, **scaled)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            outputs = _outputs(spec.call(**args))
        except ValueError as error:
            # Some calls of the table go through a second public method (a constructor, then forward), whose
            # own name the message carries: the template with a named parameter is what counts.
            assert re.match(r"The '[^']+'((, | and )'[^']+')* parameters? of [\w.()]+ must ", str(error)), str(error)
            return
    for out in outputs:
        values = np.asarray(out)
        if values.dtype.kind in "fc":
            assert np.all(np.isfinite(values)), f"{target}: non-finite output for finite input: {values}"


# -- where only an intermediate step overflows, the true result is returned ---------------------------------------

A = 1.5e308  # a + a overflows; a is a float


def test_linear_transform_with_a_partial_sum_past_the_largest_float():
    A_ = np.array([[A, A, -A], [1.0, 2.0, 3.0]])
    x = np.array([1.0, 1.0, 1.0])
    with np.errstate(over="ignore"):
        assert np.isinf((A_ @ x)[0])  # the direct product overflows in its running sum
    np.testing.assert_array_equal(linear_transform(A_, x), [A, 6.0])
    np.testing.assert_array_equal(linear_transform(A_, x, np.array([-A, 1.0])), [0.0, 7.0])


@pytest.mark.parametrize("call", [
    lambda f, g: convolve(f, g, mode="valid"),
    lambda f, g: convolve2d(f[None], g[None], mode="valid")[0],
    lambda f, g: conv2d(f[None, None, None], g[::-1][None, None, None])[0, 0, 0],
], ids=["convolve", "convolve2d", "conv2d"])
def test_convolutions_with_a_partial_sum_past_the_largest_float(call):
    # Each output adds A, A and -A in some order: the exact sum A is a float, but adding the two A first
    # overflows, and the package's fixed order does so for at least one output.
    f = np.array([A, A, -A, A, A])
    g = np.array([1.0, 1.0, 1.0])
    from mlequations._kernels.convolution import shift_and_add
    with np.errstate(over="ignore", invalid="ignore"):
        direct, finite = shift_and_add(f, g, [(0, 0)])
    assert not finite
    np.testing.assert_array_equal(call(f, g), [A, A, A])


def test_attention_with_scores_past_the_largest_float_is_the_softmax_of_the_true_scores():
    Q = np.array([[1e160, 3e159]])
    K = np.array([[1e160, 1e159], [1e160, 1.0000001e159]])
    V = np.array([[1.0, 2.0], [3.0, 4.0]])
    with mpmath.workdps(60):
        scores = [mpmath.fsum(mpmath.mpf(q) * mpmath.mpf(k) for q, k in zip(Q[0], key)) / mpmath.sqrt(2)
                  for key in K]
        top = max(scores)
        exps = [mpmath.exp(s - top) for s in scores]
        exact = [float(e / mpmath.fsum(exps)) for e in exps]
    assert exact == [0.0, 1.0]  # the scores differ by about 2e311: one key takes all the weight
    result = scaled_dot_product_attention(Q, K, V)
    np.testing.assert_array_equal(result.weights, [exact])
    np.testing.assert_array_equal(result.output, [[3.0, 4.0]])
    # Equal scores beyond the largest float: equal weights.
    equal = scaled_dot_product_attention(np.full((1, 2), 1e200), np.full((3, 2), 1e200), np.eye(3))
    np.testing.assert_allclose(equal.weights, np.full((1, 3), 1 / 3), rtol=1e-15)


def test_attention_with_scores_plus_a_mask_past_the_largest_float():
    Q, K = np.full((2, 3), 1e153), np.full((4, 3), 1e153)  # every score about 1.7e306
    mask = np.full((2, 4), 1.79e308)
    mask[:, 0] = 1.7e308  # 9e306 below the others, far more than the scores' spread of 0
    result = scaled_dot_product_attention(Q, K, np.eye(4), mask=mask)
    np.testing.assert_allclose(result.weights, [[0.0, 1 / 3, 1 / 3, 1 / 3]] * 2, rtol=1e-15, atol=0)


def test_attention_output_of_values_near_the_largest_float_is_finite():
    V = np.array([[1.7e308, 1.0], [1.7e308, 2.0]])
    result = scaled_dot_product_attention(np.ones((1, 2)), np.ones((2, 2)), V)
    np.testing.assert_allclose(result.output, [[1.7e308, 1.5]], rtol=1e-15)


def test_decompositions_near_the_largest_float():
    A_ = np.full((2, 2), 5e307)  # singular values 1e308 and 0
    assert singular_value_decomposition(A_).S.tolist() == pytest.approx([1e308, 0.0], rel=1e-15, abs=1e293)
    assert eigendecomposition(A_).eigenvalues.tolist() == pytest.approx([1e308, 0.0], rel=1e-15, abs=1e293)
    # The rank-1 approximation of a rank-1 matrix is the matrix, though its singular value 2e308 is no float.
    full = np.full((2, 2), 1e308)
    np.testing.assert_allclose(low_rank_approximation(full, rank=1), full, rtol=1e-15)
    for call in (singular_value_decomposition, eigendecomposition):
        with pytest.raises(ValueError, match=r"'A' parameter of .* must be small enough in magnitude"):
            call(full)


def test_principal_components_of_data_whose_column_sums_overflow():
    X = np.array([[1.6e308, 1.0], [1.6e308, 2.0], [1.6e308, 3.0]])
    result = principal_components(X)
    np.testing.assert_array_equal(result.mean, [1.6e308, 2.0])
    np.testing.assert_allclose(result.explained_variance, [1.0, 0.0], rtol=1e-15, atol=0)


def test_backpropagation_where_the_residual_overflows_but_its_mean_does_not():
    # The first prediction is 1 + 1.2e308 against a target of -1.2e308: prediction - y = 2.4e308 is no float,
    # but the gradients, (2 / n)(prediction - y) = 1.2e308 times x = 1 with n = 4, are.
    mlp = MultilayerPerceptron([[[1.0]]], [[1.2e308]])
    X = np.array([[1.0], [0.0], [0.0], [0.0]])
    y = np.array([[-1.2e308], [1.2e308], [1.2e308], [1.2e308]])
    grad_W, grad_b = mlp.gradients(X, y)
    assert grad_W.tolist() == [[pytest.approx(1.2e308, rel=1e-15)]]
    assert grad_b.tolist() == [pytest.approx(1.2e308, rel=1e-15)]
    with pytest.raises(ValueError, match=r"'X' and 'y' parameters of MultilayerPerceptron.gradients must be small"):
        mlp.gradients(X * 2.0, y)  # grad_W = 2 * 1.2e308 is no float


# -- accuracy claims, against 50- to 400-digit arithmetic on the exact float64 inputs--------------------------------

EPS = np.finfo(np.float64).eps


def _close_pair(n, closeness, seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.5, 1.5, n)
    p /= p.sum()
    q = p * (1 + closeness * rng.standard_normal(n))
    return p, q / q.sum()


@pytest.mark.parametrize("n", [2, 10, 1000])
@pytest.mark.parametrize("closeness", [1e-4, 1e-8, 1e-12])
@mpmath.workdps(50)
def test_kl_divergence_of_close_distributions_meets_its_stated_bound(n, closeness):
    """|error| <= (4 + ceil(log2 n)) eps sum |p_i log(p_i / q_i)|, the bound in kl_divergence's Notes."""
    p, q = _close_pair(n, closeness, seed=n)
    terms = [mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b)) for a, b in zip(p, q)]
    exact = mpmath.fsum(terms)
    bound = (4 + math.ceil(math.log2(n))) * EPS * float(mpmath.fsum(abs(t) for t in terms))
    # p and q sum to 1 only up to rounding, so the exact sum can be slightly negative; the function returns
    # max(sum, 0), which is no farther from max(exact, 0) than the sum is from the exact value.
    assert abs(kl_divergence(p, q) - max(float(exact), 0.0)) <= bound


@mpmath.workdps(50)
def test_kl_divergence_of_the_issue_pair_keeps_eight_digits():
    p, q = np.array([0.5, 0.5]), np.array([0.5 + 1e-8, 0.5 - 1e-8])
    exact = mpmath.fsum(mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b)) for a, b in zip(p, q))
    assert abs(kl_divergence(p, q) / float(exact) - 1) < 1e-7  # log(p / q) alone: 8% off


@pytest.mark.parametrize("p", [1e-300, 1e-100, 1e-10, 1e-5, 0.3, 1 - 1e-5, 1 - 1e-10])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
@mpmath.workdps(400)
def test_binary_cross_entropy_keeps_the_digits_of_small_probabilities(p, y):
    """The Notes claim log(1 - p) keeps the digits of a small p, for soft targets and for labels 0 and 1."""
    mp_p, mp_y = mpmath.mpf(p), mpmath.mpf(y)
    exact = -(mp_y * mpmath.log(mp_p) + (1 - mp_y) * mpmath.log(1 - mp_p))
    got = binary_cross_entropy([y], [p])
    assert abs(got - float(exact)) <= 4 * EPS * float(exact)


@pytest.mark.parametrize("z", [-1e300, -1e4, -700.0, -40.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 40.0, 700.0, 1e4, 1e300])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.25])
@mpmath.workdps(400)
def test_binary_cross_entropy_with_logits_is_accurate_for_logits_of_any_size(z, y):
    mp_z, mp_y = mpmath.mpf(z), mpmath.mpf(y)
    exact = mp_y * mpmath.log(1 + mpmath.exp(-mp_z)) + (1 - mp_y) * mpmath.log(1 + mpmath.exp(mp_z))
    got = binary_cross_entropy_with_logits([y], [z])
    assert abs(got - float(exact)) <= 4 * EPS * float(exact)


@pytest.mark.parametrize("num_steps, offset", [(1000, 0.008), (4000, 0.008), (10, 0.0), (7, 1e-300), (5, 1e16),
                                               (50, 1e100), (1000, 3.0)])
@mpmath.workdps(400)
def test_cosine_schedule_keeps_its_digits_for_any_offset(num_steps, offset):
    """f(t) = cos^2(((t / T + s) / (1 + s)) pi / 2): every beta to 1e-13, where the direct form gave zeros."""
    s = mpmath.mpf(offset)
    f = [mpmath.cos((mpmath.mpf(t) / num_steps + s) / (1 + s) * mpmath.pi / 2) ** 2 for t in range(num_steps + 1)]
    exact = np.array([float(1 - f[t] / f[t - 1]) for t in range(1, num_steps + 1)])
    got = cosine_beta_schedule(num_steps, offset=offset, max_beta=1.0)
    np.testing.assert_allclose(got, exact, rtol=1e-13, atol=0)


@mpmath.workdps(50)
def test_bayes_posterior_of_likelihoods_below_the_smallest_float():
    prior, likelihood = np.array([0.2, 0.3, 0.5]), np.array([3e-320, 1e-321, 4.9e-324])
    weighted = [mpmath.mpf(a) * mpmath.mpf(b) for a, b in zip(prior, likelihood)]
    exact = [float(w / mpmath.fsum(weighted)) for w in weighted]
    np.testing.assert_allclose(bayes_posterior(prior, likelihood), exact, rtol=4 * EPS, atol=0)


# -- cases found by trying the package as a hostile user would ---------------------------------------------------

def test_cross_entropy_of_float64_and_float32_is_float64_on_the_widened_values():
    p, q = np.full(4, 0.25), np.array([0.1, 0.2, 0.3, 0.4], np.float32)
    # The widened q misses 1 by more than float64's tolerance, so the formula is written out for the reference.
    assert cross_entropy(p, q) == pytest.approx(-float(np.sum(p * np.log(q.astype(np.float64)))), rel=1e-15)
    assert cross_entropy(p, q) == pytest.approx(1.5080716142970811, rel=1e-15)  # 1.50807164609... in float32


@pytest.mark.parametrize("base", [0.5, 0.1, 1 / math.e])
def test_logarithm_bases_below_one_give_negative_values(base):
    log_base = math.log(base)
    assert entropy([0.5, 0.5], base=base) == pytest.approx(math.log(2) / log_base, rel=1e-15)
    assert entropy([0.5, 0.5], base=0.5) == -1.0
    assert kl_divergence([0.5, 0.5], [0.25, 0.75], base=base) == pytest.approx(
        kl_divergence([0.5, 0.5], [0.25, 0.75]) / log_base, rel=1e-15)
    assert cross_entropy([0.5, 0.5], [0.25, 0.75], base=base) == pytest.approx(
        cross_entropy([0.5, 0.5], [0.25, 0.75]) / log_base, rel=1e-15)
    assert str(entropy([1.0, 0.0], base=base)) == "0.0"  # not -0.0


@pytest.mark.parametrize("dtype, eps", [(np.float32, 1e-8), (np.float32, 1e-50), (np.float64, 1e-17),
                                        (np.float64, 1e-320)])
def test_any_positive_eps_makes_every_binary_cross_entropy_finite(dtype, eps):
    y, p = np.array([0, 1], dtype), np.array([1, 0], dtype)  # two certain mistakes
    losses = binary_cross_entropy(y, p, eps=eps, reduction="none")
    assert np.all(np.isfinite(losses)) and losses.dtype == dtype
    # The clip bounds are eps and 1 - eps, rounded into the dtype, never to 0 or 1.
    high = min(dtype(1 - eps), np.nextafter(dtype(1), dtype(0)))
    low = max(dtype(eps), np.nextafter(dtype(0), dtype(1)))
    np.testing.assert_array_equal(losses, [-np.log1p(-high), -np.log(low)])


def test_naive_bayes_keeps_its_own_copy_of_the_priors():
    priors = np.array([0.25, 0.75])
    model = GaussianNaiveBayes(priors=priors)
    priors[:] = [0.75, 0.25]
    model.fit([[0.0], [1.0], [4.0], [5.0]], [0, 0, 1, 1])
    assert model.class_prior_.tolist() == [0.25, 0.75]


def test_python_numbers_numpy_stores_as_objects():
    from fractions import Fraction
    assert entropy([Fraction(1, 2), Fraction(1, 2)], base=Fraction(1, 2)) == -1.0
    assert mean_squared_error([2**70], [0]) == float(2**70) ** 2
    with pytest.raises(ValueError, match=r"'y_true' parameter of mean_squared_error must be real numbers within "
                                         r"float64's range"):
        mean_squared_error([10**400], [0])
    with pytest.raises(ValueError, match=r"'base' parameter of entropy must be finite"):
        entropy([0.5, 0.5], base=10**400)
    with pytest.raises(TypeError, match=r"'p' parameter of entropy must be an array of real numbers"):
        entropy([Fraction(1, 2), None])
