"""Tests of mlequations.probability."""

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from mlequations import entropy
from mlequations import (GaussianNaiveBayes, bayes_posterior, conditional_probability, cross_entropy,
                         joint_probability, kl_divergence, marginal)

from .strategies import joint_tables, probability_vector_pairs, probability_vectors


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


# == bayes_posterior ================================================================================================

def test_bayes_posterior_of_the_disease_test():
    prior, sensitivity, fpr = 0.01, 0.99, 0.02
    evidence = sensitivity * prior + fpr * (1 - prior)
    np.testing.assert_allclose(bayes_posterior([prior, 1 - prior], [sensitivity, fpr]),
                               [sensitivity * prior / evidence, fpr * (1 - prior) / evidence], rtol=1e-14)


def test_bayes_posterior_equal_likelihoods_leave_the_prior_unchanged():
    prior = np.array([0.2, 0.3, 0.5])
    np.testing.assert_allclose(bayes_posterior(prior, [0.4, 0.4, 0.4]), prior, rtol=1e-15)


def test_bayes_posterior_agrees_with_the_joint_table_on_random_input():
    rng = np.random.default_rng(4)
    prior = rng.dirichlet(np.ones(5), size=20)
    likelihood = rng.uniform(0, 3, size=(20, 5))  # densities may exceed one
    expected = likelihood * prior / np.einsum("ij,ij->i", likelihood, prior)[:, None]
    np.testing.assert_allclose(bayes_posterior(prior, likelihood), expected, rtol=1e-13)
    np.testing.assert_allclose(bayes_posterior(prior.T, likelihood.T, axis=0), expected.T, rtol=1e-13)


def test_bayes_posterior_survives_underflowing_likelihoods():
    np.testing.assert_allclose(bayes_posterior([0.5, 0.5], [4e-320, 1e-320]), [0.8, 0.2], rtol=1e-3)
    # A product of many small densities: the ratio 2 ** 1000 is all that matters.
    posterior = bayes_posterior([0.5, 0.5], [1e-310, 1e-310 * 2.0 ** -30])
    assert posterior[1] == pytest.approx(2.0 ** -30 / (1 + 2.0 ** -30), rel=1e-3)


def test_bayes_posterior_zero_prior_stays_zero_and_float32_is_kept():
    posterior = bayes_posterior(np.array([0.0, 1.0], dtype=np.float32), np.array([1.0, 0.5], dtype=np.float32))
    assert posterior.dtype == np.float32
    assert posterior.tolist() == [0.0, 1.0]


@given(probability_vectors(min_size=2), st.lists(st.floats(1e-6, 1e3), min_size=12, max_size=12))
def test_bayes_posterior_sums_to_one_and_is_bayes_theorem(prior, values):
    likelihood = np.array(values[:prior.size])
    posterior = bayes_posterior(prior, likelihood)
    assert posterior.sum() == pytest.approx(1.0, rel=1e-12)
    assert np.all(posterior >= 0)
    evidence = np.dot(likelihood, prior)
    np.testing.assert_allclose(posterior * evidence, likelihood * prior, rtol=1e-10, atol=1e-300)


BAYES_BAD_INPUT = [
    ("0-d prior", dict(prior=1.0, likelihood=1.0), ValueError, r"'prior' parameter of bayes_posterior must be an "
                                                               r"array with at least 1"),
    ("empty likelihood", dict(prior=[1.0], likelihood=[]), ValueError, r"'likelihood' parameter of bayes_posterior "
                                                                       r"must be a non-empty"),
    ("NaN likelihood", dict(prior=[0.5, 0.5], likelihood=[np.nan, 1.0]), ValueError, r"'likelihood' .* finite"),
    ("shapes", dict(prior=[0.5, 0.5], likelihood=[1.0, 1.0, 1.0]), ValueError,
     r"'prior' and 'likelihood' parameters of bayes_posterior must have the same shape"),
    ("prior not normalised", dict(prior=[0.5, 0.6], likelihood=[1.0, 1.0]), ValueError,
     r"'prior' parameter of bayes_posterior must be a probability vector"),
    ("negative likelihood", dict(prior=[0.5, 0.5], likelihood=[-1.0, 1.0]), ValueError,
     r"'likelihood' parameter of bayes_posterior must be non-negative"),
    ("impossible evidence", dict(prior=[1.0, 0.0], likelihood=[0.0, 1.0]), ValueError,
     r"'prior' and 'likelihood' parameters of bayes_posterior must give the evidence a positive probability"),
    ("axis", dict(prior=[0.5, 0.5], likelihood=[1.0, 1.0], axis=2), ValueError, r"'axis' parameter of "
                                                                                  r"bayes_posterior"),
    ("boolean likelihood", dict(prior=[0.5, 0.5], likelihood=[True, False]), TypeError,
     r"'likelihood' parameter of bayes_posterior must be an array of real numbers, not booleans"),
    ("axis float", dict(prior=[0.5, 0.5], likelihood=[1.0, 1.0], axis=-1.0), TypeError, r"'axis' parameter"),
]


@pytest.mark.parametrize("kwargs, exception, match", [row[1:] for row in BAYES_BAD_INPUT],
                         ids=[row[0] for row in BAYES_BAD_INPUT])
def test_bayes_posterior_rejects_bad_input(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        bayes_posterior(**kwargs)


# == joint, marginal and conditional probability ===================================================================

WEATHER_BUS = np.array([[0.2, 0.1], [0.1, 0.6]])


def test_marginal_and_conditional_by_hand():
    np.testing.assert_allclose(marginal(WEATHER_BUS, keep=0), [0.3, 0.7], rtol=1e-15)
    np.testing.assert_allclose(marginal(WEATHER_BUS, keep=-1), [0.3, 0.7], rtol=1e-15)
    np.testing.assert_allclose(conditional_probability(WEATHER_BUS, given=1), [[2 / 3, 1 / 7], [1 / 3, 6 / 7]],
                               rtol=1e-15)
    np.testing.assert_allclose(conditional_probability(WEATHER_BUS, given=0), [[2 / 3, 1 / 3], [1 / 7, 6 / 7]],
                               rtol=1e-15)


def test_marginal_keeps_the_requested_order_and_agrees_with_einsum():
    rng = np.random.default_rng(5)
    joint = rng.dirichlet(np.ones(60)).reshape(3, 4, 5)
    np.testing.assert_allclose(marginal(joint, keep=(2, 0)), np.einsum("abc->ca", joint), rtol=1e-13)
    np.testing.assert_allclose(marginal(joint, keep=(0, 1, 2)), joint, rtol=0)
    np.testing.assert_allclose(marginal(joint, keep=1), np.einsum("abc->b", joint), rtol=1e-13)


def test_joint_probability_of_the_disease_test():
    joint = joint_probability([[0.99, 0.01], [0.02, 0.98]], [0.01, 0.99], given=0)
    np.testing.assert_allclose(joint, [[0.0099, 0.0001], [0.0198, 0.9702]], rtol=1e-14)
    # Bayes' theorem read off the table: P(D | T+) is the first column, normalised.
    np.testing.assert_allclose(conditional_probability(joint, given=1)[:, 0],
                               bayes_posterior([0.01, 0.99], [0.99, 0.02]), rtol=1e-14)


def test_joint_probability_with_two_conditioning_axes_in_either_order():
    rng = np.random.default_rng(6)
    joint = rng.dirichlet(np.ones(24)).reshape(2, 3, 4)
    cond = conditional_probability(joint, given=(2, 0))
    np.testing.assert_allclose(cond.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(joint_probability(cond, marginal(joint, keep=(2, 0)), given=(2, 0)), joint,
                               rtol=1e-13)
    np.testing.assert_allclose(joint_probability(cond, marginal(joint, keep=(0, 2)), given=(0, 2)), joint,
                               rtol=1e-13)


@given(joint_tables(allow_zeros=False))
def test_product_rule_both_ways(joint):
    for g in range(joint.ndim):
        back = joint_probability(conditional_probability(joint, given=g), marginal(joint, keep=g), given=g)
        np.testing.assert_allclose(back, joint, rtol=1e-12, atol=1e-300)


@given(joint_tables(min_dims=2, max_dims=2, allow_zeros=False))
def test_bayes_theorem_from_a_joint_table(joint):
    # P(A | B) = P(B | A) P(A) / P(B) for every cell, and bayes_posterior gives each column of P(A | B).
    p_a, p_b = marginal(joint, keep=0), marginal(joint, keep=1)
    a_given_b = conditional_probability(joint, given=1)
    b_given_a = conditional_probability(joint, given=0)
    np.testing.assert_allclose(a_given_b, b_given_a * p_a[:, None] / p_b[None, :], rtol=1e-10)
    for b in range(joint.shape[1]):
        np.testing.assert_allclose(bayes_posterior(p_a, b_given_a[:, b]), a_given_b[:, b], rtol=1e-10,
                                   atol=1e-300)


@given(joint_tables())
def test_marginals_and_conditionals_are_distributions(joint):
    for axis in range(joint.ndim):
        m = marginal(joint, keep=axis)
        assert m.sum() == pytest.approx(1.0, rel=1e-12) and np.all(m >= 0)
        if np.all(m > 0):
            cond = conditional_probability(joint, given=axis)
            others = tuple(a for a in range(joint.ndim) if a != axis)
            np.testing.assert_allclose(cond.sum(axis=others), 1.0, rtol=1e-12)


def test_independent_variables_factorise():
    p, q = np.array([0.1, 0.9]), np.array([0.2, 0.3, 0.5])
    joint = np.outer(p, q)
    np.testing.assert_allclose(conditional_probability(joint, given=0), np.tile(q, (2, 1)), rtol=1e-14)
    np.testing.assert_allclose(joint_probability(np.tile(q, (2, 1)), p, given=0), joint, rtol=1e-15)


def test_joint_table_functions_keep_float32_and_do_not_modify_input():
    joint = np.array([[0.25, 0.25], [0.125, 0.375]], dtype=np.float32)
    before = joint.copy()
    assert marginal(joint, keep=0).dtype == np.float32
    cond = conditional_probability(joint, given=0)
    assert cond.dtype == np.float32
    assert joint_probability(cond, marginal(joint, keep=0), given=0).dtype == np.float32
    np.testing.assert_array_equal(joint, before)


JOINT_BAD_INPUT = [
    (marginal, "0-d", dict(joint=1.0, keep=0), ValueError, r"'joint' parameter of marginal must be an array with"),
    (marginal, "not summing to 1", dict(joint=[[0.5, 0.5], [0.5, 0.5]], keep=0), ValueError,
     r"'joint' parameter of marginal must be a joint probability table"),
    (marginal, "negative", dict(joint=[[1.5, -0.5]], keep=0), ValueError, r"'joint' parameter of marginal must be a "
                                                                          r"joint probability table"),
    (marginal, "keep out of range", dict(joint=WEATHER_BUS, keep=2), ValueError, r"'keep' parameter of marginal "
                                                                                 r"must be made of axes in"),
    (marginal, "keep repeated", dict(joint=WEATHER_BUS, keep=(0, -2)), ValueError, r"'keep' .* distinct axes"),
    (marginal, "keep a list", dict(joint=WEATHER_BUS, keep=[0]), TypeError, r"'keep' parameter of marginal must be "
                                                                            r"an integer or a non-empty tuple"),
    (marginal, "keep empty", dict(joint=WEATHER_BUS, keep=()), TypeError, r"'keep' parameter of marginal"),
    (marginal, "booleans", dict(joint=[[True, False]], keep=0), TypeError, r"'joint' parameter of marginal .* not "
                                                                           r"booleans"),
    (conditional_probability, "1-d", dict(joint=[0.5, 0.5], given=0), ValueError,
     r"'joint' parameter of conditional_probability must be an array with at least 2"),
    (conditional_probability, "all axes", dict(joint=WEATHER_BUS, given=(0, 1)), ValueError,
     r"'given' parameter of conditional_probability must be a proper subset"),
    (conditional_probability, "impossible condition", dict(joint=[[0.5, 0.0], [0.5, 0.0]], given=1), ValueError,
     r"'joint' parameter of conditional_probability must be such that every value of the conditioning "
     r"variables has positive probability. Got probability 0 at index \(1,\)"),
    (conditional_probability, "not summing to 1", dict(joint=[[0.5, 0.5], [0.5, 0.5]], given=0), ValueError,
     r"'joint' parameter of conditional_probability must be a joint probability table"),
    (conditional_probability, "given a float", dict(joint=WEATHER_BUS, given=1.0), TypeError,
     r"'given' parameter of conditional_probability must be an integer"),
    (conditional_probability, "given out of range", dict(joint=WEATHER_BUS, given=-3), ValueError,
     r"'given' parameter of conditional_probability must be made of axes in \[-2, 1\]"),
    (joint_probability, "conditional 1-d", dict(conditional=[0.5, 0.5], marginal=[1.0], given=0), ValueError,
     r"'conditional' parameter of joint_probability must be an array with at least 2"),
    (joint_probability, "conditional rows not normalised", dict(conditional=[[0.5, 0.6], [0.5, 0.5]],
                                                                marginal=[0.5, 0.5], given=0), ValueError,
     r"'conditional' parameter of joint_probability must be a probability vector \(non-negative, summing to 1 "
     r"along axis 1\)"),
    (joint_probability, "marginal shape", dict(conditional=[[0.5, 0.5], [0.5, 0.5]], marginal=[1.0], given=0),
     ValueError, r"'marginal' parameter of joint_probability must be of shape \(2,\)"),
    (joint_probability, "marginal not normalised", dict(conditional=[[0.5, 0.5], [0.5, 0.5]], marginal=[0.5, 0.6],
                                                        given=0), ValueError,
     r"'marginal' parameter of joint_probability must be a joint probability table"),
    (joint_probability, "marginal NaN", dict(conditional=[[0.5, 0.5], [0.5, 0.5]], marginal=[np.nan, 1.0],
                                             given=0), ValueError, r"'marginal' parameter .* finite"),
    (joint_probability, "given all", dict(conditional=[[0.5, 0.5], [0.5, 0.5]], marginal=[[0.25, 0.25],
                                                                                          [0.25, 0.25]],
                                          given=(0, 1)), ValueError, r"'given' parameter of joint_probability"),
    (joint_probability, "given a string", dict(conditional=[[0.5, 0.5], [0.5, 0.5]], marginal=[0.5, 0.5],
                                               given="0"), TypeError, r"'given' parameter of joint_probability"),
    (joint_probability, "marginal complex", dict(conditional=[[0.5, 0.5], [0.5, 0.5]], marginal=[0.5 + 0j, 0.5],
                                                 given=0), TypeError, r"'marginal' parameter .* not complex"),
]


@pytest.mark.parametrize("func, kwargs, exception, match", [(r[0], *r[2:]) for r in JOINT_BAD_INPUT],
                         ids=[f"{r[0].__name__}-{r[1]}" for r in JOINT_BAD_INPUT])
def test_joint_table_functions_reject_bad_input(func, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        func(**kwargs)


# == kl_divergence and cross_entropy ==============================================================================

def test_kl_divergence_of_coins_by_hand():
    expected = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
    assert kl_divergence([0.5, 0.5], [0.25, 0.75]) == pytest.approx(expected, rel=1e-14)
    assert kl_divergence([0.5, 0.5], [0.25, 0.75], base=2) == pytest.approx(expected / math.log(2), rel=1e-14)
    assert kl_divergence([0.3, 0.7], [0.3, 0.7]) == 0.0


def test_kl_divergence_of_the_guide_is_correctly_rounded():
    import mpmath

    with mpmath.workdps(40):
        exact = sum(mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b)) for a, b in [(0.7, 0.5), (0.3, 0.5)])
    assert kl_divergence([0.7, 0.3], [0.5, 0.5]) == pytest.approx(float(exact), rel=4e-16)


@pytest.mark.parametrize("shape, axis", [((6,), -1), ((5, 4), -1), ((4, 5), 0), ((3, 4, 5), 1)])
def test_kl_divergence_and_cross_entropy_agree_with_scipy(shape, axis):
    from scipy.special import rel_entr, xlogy

    rng = np.random.default_rng(7)
    other = [s for i, s in enumerate(shape) if i != axis % len(shape)]
    p = np.moveaxis(rng.dirichlet(np.ones(shape[axis]), size=other), -1, axis)
    q = np.moveaxis(rng.dirichlet(np.ones(shape[axis]), size=other), -1, axis)
    np.testing.assert_allclose(kl_divergence(p, q, axis=axis), np.sum(rel_entr(p, q), axis=axis), rtol=1e-12)
    np.testing.assert_allclose(kl_divergence(p, q, axis=axis, base=2),
                               scipy.stats.entropy(p, q, axis=axis, base=2), rtol=1e-12)
    np.testing.assert_allclose(cross_entropy(p, q, axis=axis), -np.sum(xlogy(p, q), axis=axis), rtol=1e-12)


def test_cross_entropy_agrees_with_sklearn_log_loss():
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(8)
    q = rng.dirichlet(np.ones(4), size=50)
    labels = rng.integers(0, 4, size=50)
    one_hot = np.eye(4)[labels]
    assert np.mean(cross_entropy(one_hot, q)) == pytest.approx(log_loss(labels, q, labels=range(4)), rel=1e-12)


def test_cross_entropy_of_the_guide_is_the_mean_binary_cross_entropy():
    y, y_hat = np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.1, 0.8])
    per_sample = cross_entropy(np.column_stack([y, 1 - y]), np.column_stack([y_hat, 1 - y_hat]))
    np.testing.assert_allclose(per_sample, [-math.log(0.9), -math.log(0.9), -math.log(0.8)], rtol=1e-14)
    assert np.mean(per_sample) == pytest.approx(-(2 * math.log(0.9) + math.log(0.8)) / 3, rel=1e-14)


def test_kl_divergence_and_cross_entropy_at_zeros():
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)
    assert cross_entropy([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)
    # Zero against zero contributes nothing, and a one-hot p against itself gives exactly +0.0.
    assert kl_divergence([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == 0.0
    h = cross_entropy([0.0, 1.0], [0.0, 1.0])
    assert h == 0.0 and math.copysign(1.0, h) == 1.0
    np.testing.assert_array_equal(kl_divergence([[0.5, 0.5], [1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]]), [math.inf, 0.0])


def test_kl_divergence_with_a_subnormal_q_is_finite_and_right():
    tiny = np.finfo(np.float64).smallest_subnormal
    kl = kl_divergence([0.5, 0.5], [1.0 - tiny, tiny])
    expected = 0.5 * math.log(0.5) + 0.5 * (math.log(0.5) - math.log(tiny))
    assert math.isfinite(kl) and kl == pytest.approx(expected, rel=1e-14)


def test_kl_divergence_and_cross_entropy_keep_float32():
    p = np.array([[0.25, 0.75], [0.5, 0.5]], dtype=np.float32)
    q = np.array([[0.5, 0.5], [0.9, 0.1]], dtype=np.float32)
    kl, h = kl_divergence(p, q), cross_entropy(p, q)
    assert kl.dtype == np.float32 and h.dtype == np.float32
    np.testing.assert_allclose(kl, scipy.stats.entropy(p.astype(float), q.astype(float), axis=1), rtol=1e-5)
    np.testing.assert_allclose(h, entropy(p.astype(float)) + kl.astype(float), rtol=1e-5)


def test_kl_divergence_and_cross_entropy_do_not_modify_input():
    p, q = np.array([0.0, 0.25, 0.75]), np.array([0.5, 0.0, 0.5])
    before = p.copy(), q.copy()
    kl_divergence(p, q)
    cross_entropy(p, q, base=2)
    np.testing.assert_array_equal(p, before[0])
    np.testing.assert_array_equal(q, before[1])


@given(probability_vector_pairs())
def test_kl_divergence_is_non_negative_and_obeys_pinsker(pq):
    p, q = pq
    kl = kl_divergence(p, q)
    assert kl >= 0
    # Pinsker: KL >= ||p - q||_1^2 / 2, so KL is positive whenever p and q differ by more than rounding.
    l1 = np.abs(p - q).sum()
    assert kl >= 0.5 * l1**2 - 1e-12
    if l1 > 1e-5:
        assert kl > 0


@given(probability_vectors())
def test_kl_divergence_of_a_distribution_from_itself_is_zero(p):
    assert kl_divergence(p, p) == 0.0
    assert cross_entropy(p, p) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)


@given(probability_vector_pairs(allow_zeros=False))
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl_divergence(p, q), rel=1e-10, abs=1e-12)
    assert cross_entropy(p, q, base=2) == pytest.approx(entropy(p, base=2) + kl_divergence(p, q, base=2),
                                                        rel=1e-10, abs=1e-12)
    assert cross_entropy(p, q) >= entropy(p) - 1e-12


@given(probability_vector_pairs())
def test_cross_entropy_is_infinite_exactly_when_q_misses_an_outcome_of_p(pq):
    p, q = pq
    misses = bool(np.any((p > 0) & (q == 0)))
    assert math.isinf(cross_entropy(p, q)) == misses
    assert math.isinf(kl_divergence(p, q)) == misses


def _bad_two_distributions(name):
    return [
        ("p 0-d", dict(p=1.0, q=1.0), ValueError, rf"'p' parameter of {name} must be an array with at least 1"),
        ("q empty", dict(p=[1.0], q=[]), ValueError, rf"'q' parameter of {name} must be a non-empty"),
        ("shapes", dict(p=[0.5, 0.5], q=[1.0]), ValueError, rf"'p' and 'q' parameters of {name} must have the "
                                                            r"same shape. Got \(2,\) and \(1,\)"),
        ("p negative", dict(p=[1.5, -0.5], q=[0.5, 0.5]), ValueError, rf"'p' parameter of {name} must be a "
                                                                      r"probability vector"),
        ("q not normalised", dict(p=[0.5, 0.5], q=[0.5, 0.6]), ValueError, rf"'q' parameter of {name} must be a "
                                                                           r"probability vector"),
        ("q NaN", dict(p=[0.5, 0.5], q=[np.nan, 0.5]), ValueError, rf"'q' parameter of {name} must be finite"),
        ("q inf", dict(p=[0.5, 0.5], q=[np.inf, 0.5]), ValueError, rf"'q' parameter of {name} must be finite"),
        ("axis", dict(p=[0.5, 0.5], q=[0.5, 0.5], axis=1), ValueError, rf"'axis' parameter of {name} must be in"),
        ("axis float", dict(p=[0.5, 0.5], q=[0.5, 0.5], axis=0.0), TypeError, rf"'axis' parameter of {name}"),
        ("base 1", dict(p=[0.5, 0.5], q=[0.5, 0.5], base=1), ValueError, rf"'base' parameter of {name} must be "
                                                                         r"positive, finite and not 1"),
        ("base string", dict(p=[0.5, 0.5], q=[0.5, 0.5], base="e"), TypeError, rf"'base' parameter of {name}"),
        ("p booleans", dict(p=[True, False], q=[0.5, 0.5]), TypeError, rf"'p' parameter of {name} .* booleans"),
        ("q strings", dict(p=[0.5, 0.5], q=["0.5", "0.5"]), TypeError, rf"'q' parameter of {name} must be an "
                                                                       r"array of real numbers"),
        ("q complex", dict(p=[0.5, 0.5], q=[0.5 + 0j, 0.5]), TypeError, rf"'q' parameter of {name} .* complex"),
    ]


@pytest.mark.parametrize("kwargs, exception, match", [row[1:] for row in _bad_two_distributions("kl_divergence")],
                         ids=[row[0] for row in _bad_two_distributions("kl_divergence")])
def test_kl_divergence_rejects_bad_input(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        kl_divergence(**kwargs)


@pytest.mark.parametrize("kwargs, exception, match", [row[1:] for row in _bad_two_distributions("cross_entropy")],
                         ids=[row[0] for row in _bad_two_distributions("cross_entropy")])
def test_cross_entropy_rejects_bad_input(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        cross_entropy(**kwargs)


# == GaussianNaiveBayes ==========================================================================================

GUIDE_X = [[1, 2], [2, 3], [3, 4], [4, 5]]
GUIDE_Y = [0, 0, 1, 1]


def test_naive_bayes_fit_by_hand():
    model = GaussianNaiveBayes(var_smoothing=0.0).fit(GUIDE_X, GUIDE_Y)
    np.testing.assert_array_equal(model.classes_, [0, 1])
    np.testing.assert_allclose(model.theta_, [[1.5, 2.5], [3.5, 4.5]], rtol=1e-15)
    np.testing.assert_allclose(model.var_, np.full((2, 2), 0.25), rtol=1e-15)
    np.testing.assert_allclose(model.class_prior_, [0.5, 0.5], rtol=1e-15)
    # One feature's log-density by hand at a training point of class 0.
    x = np.array([[1.0, 2.0]])
    expected = math.log(0.5) + 2 * (-0.5 * math.log(2 * math.pi * 0.25) - 0.5 * 0.25 / 0.25)
    assert model.predict_joint_log_proba(x)[0, 0] == pytest.approx(expected, rel=1e-14)


def test_naive_bayes_guide_query_is_an_exact_tie_broken_towards_the_first_class():
    from sklearn.naive_bayes import GaussianNB

    ours = GaussianNaiveBayes().fit(GUIDE_X, GUIDE_Y)
    theirs = GaussianNB().fit(GUIDE_X, GUIDE_Y)
    query = [[2.5, 3.5]]
    jll = ours.predict_joint_log_proba(query)[0]
    assert jll[0] == jll[1]
    assert ours.predict_proba(query).tolist() == [[0.5, 0.5]]
    assert ours.predict(query).tolist() == theirs.predict(query).tolist() == [0]
    # Relabelled so that class "b" comes first, the same point goes to "b": the order decides, not the data.
    relabelled = GaussianNaiveBayes().fit(GUIDE_X, ["c", "c", "b", "b"])
    assert relabelled.predict(query).tolist() == ["b"]
    # Moving the query the smallest step towards a class mean breaks the tie that way.
    nudged = np.nextafter(np.array([2.5, 3.5]), 10.0)[None, :]
    assert ours.predict(nudged).tolist() == theirs.predict(nudged).tolist() == [1]


@pytest.mark.parametrize("var_smoothing", [1e-9, 1e-3, 0.5])
def test_naive_bayes_agrees_with_sklearn_on_iris_and_random_data(var_smoothing):
    from sklearn.datasets import load_iris
    from sklearn.naive_bayes import GaussianNB

    X, y = load_iris(return_X_y=True)
    rng = np.random.default_rng(9)
    X_rand = rng.normal(size=(200, 6)) * rng.uniform(0.1, 10, size=6)
    y_rand = rng.choice(["cat", "dog", "emu"], size=200)
    for data, labels in [(X, y), (X_rand, y_rand)]:
        ours = GaussianNaiveBayes(var_smoothing=var_smoothing).fit(data, labels)
        theirs = GaussianNB(var_smoothing=var_smoothing).fit(data, labels)
        queries = np.vstack([data, rng.normal(size=(20, data.shape[1])) * 5])
        np.testing.assert_array_equal(ours.classes_, theirs.classes_)
        np.testing.assert_allclose(ours.theta_, theirs.theta_, rtol=1e-12)
        np.testing.assert_allclose(ours.var_, theirs.var_, rtol=1e-12)
        assert ours.epsilon_ == pytest.approx(theirs.epsilon_, rel=1e-12)
        np.testing.assert_allclose(ours.predict_joint_log_proba(queries), theirs.predict_joint_log_proba(queries),
                                   rtol=1e-12)
        np.testing.assert_allclose(ours.predict_proba(queries), theirs.predict_proba(queries), rtol=1e-9,
                                   atol=1e-12)
        np.testing.assert_array_equal(ours.predict(queries), theirs.predict(queries))


def test_naive_bayes_with_given_priors_agrees_with_sklearn():
    from sklearn.naive_bayes import GaussianNB

    rng = np.random.default_rng(10)
    X, y = rng.normal(size=(60, 3)), rng.integers(0, 3, size=60)
    ours = GaussianNaiveBayes(priors=[0.2, 0.3, 0.5]).fit(X, y)
    theirs = GaussianNB(priors=[0.2, 0.3, 0.5]).fit(X, y)
    np.testing.assert_allclose(ours.predict_joint_log_proba(X), theirs.predict_joint_log_proba(X), rtol=1e-12)


def test_naive_bayes_far_from_the_data_gives_a_finite_posterior():
    model = GaussianNaiveBayes().fit(GUIDE_X, GUIDE_Y)
    proba = model.predict_proba([[1e6, 1e6], [-1e6, -1e6]])
    assert np.all(np.isfinite(proba))
    np.testing.assert_allclose(proba, [[0.0, 1.0], [1.0, 0.0]], atol=1e-300)


def test_naive_bayes_keeps_float32_and_does_not_modify_input():
    X = np.array(GUIDE_X, dtype=np.float32)
    before = X.copy()
    model = GaussianNaiveBayes().fit(X, GUIDE_Y)
    assert model.theta_.dtype == np.float32
    assert model.predict_proba(X).dtype == np.float32
    np.testing.assert_array_equal(model.predict(X), GUIDE_Y)
    np.testing.assert_array_equal(X, before)


@given(st.integers(0, 2**32 - 1))
def test_naive_bayes_posteriors_sum_to_one(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(12, 2)), np.repeat([0, 1, 2], 4)
    model = GaussianNaiveBayes().fit(X, y)
    proba = model.predict_proba(rng.normal(size=(5, 2)) * 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    # The posterior is Bayes' theorem with the class densities as likelihoods.
    x = rng.normal(size=(1, 2))
    densities = np.exp(model.predict_joint_log_proba(x)[0] - np.log(model.class_prior_))
    np.testing.assert_allclose(model.predict_proba(x)[0], bayes_posterior(model.class_prior_, densities),
                               rtol=1e-9)


NB_BAD_INPUT = [
    ("var_smoothing negative", dict(var_smoothing=-1.0), None, ValueError,
     r"'var_smoothing' parameter of GaussianNaiveBayes must be finite and non-negative"),
    ("var_smoothing string", dict(var_smoothing="1e-9"), None, TypeError,
     r"'var_smoothing' parameter of GaussianNaiveBayes must be a real number"),
    ("var_smoothing bool", dict(var_smoothing=True), None, TypeError, r"'var_smoothing' parameter"),
    ("priors not normalised", dict(priors=[0.5, 0.6]), None, ValueError,
     r"'priors' parameter of GaussianNaiveBayes must be a probability vector"),
    ("priors 2-d", dict(priors=[[0.5, 0.5]]), None, ValueError, r"'priors' parameter of GaussianNaiveBayes must be "
                                                                r"of shape \(2,\)"),
    ("priors wrong length", dict(priors=[0.2, 0.3, 0.5]), dict(X=GUIDE_X, y=GUIDE_Y), ValueError,
     r"'priors' parameter of GaussianNaiveBayes.fit must be of shape \(2,\) \(one prior for each of the 2 classes"),
    ("X 1-d", {}, dict(X=[1.0, 2.0], y=[0, 1]), ValueError, r"'X' parameter of GaussianNaiveBayes.fit must be an "
                                                            r"array with at least 2"),
    ("X 3-d", {}, dict(X=np.zeros((2, 2, 2)), y=[0, 1]), ValueError, r"'X' parameter of GaussianNaiveBayes.fit "
                                                                     r"must be of shape \(2, 2\)"),
    ("X NaN", {}, dict(X=[[np.nan], [1.0]], y=[0, 1]), ValueError, r"'X' parameter of GaussianNaiveBayes.fit must "
                                                                   r"be finite"),
    ("X booleans", {}, dict(X=[[True], [False]], y=[0, 1]), TypeError, r"'X' parameter .* booleans"),
    ("y length", {}, dict(X=GUIDE_X, y=[0, 1]), ValueError, r"'y' parameter of GaussianNaiveBayes.fit must be a 1-d "
                                                            r"array with one label for each of the 4 rows"),
    ("y NaN", {}, dict(X=GUIDE_X, y=[0.0, np.nan, 1.0, 1.0]), ValueError, r"'y' parameter .* finite class labels"),
    ("y objects", {}, dict(X=GUIDE_X, y=[object()] * 4), TypeError, r"'y' parameter of GaussianNaiveBayes.fit must "
                                                                    r"be an array of class labels"),
    ("constant X", {}, dict(X=[[1.0], [1.0]], y=[0, 1]), ValueError, r"'X' parameter of GaussianNaiveBayes.fit "
                                                                     r"must be varying in at least one feature"),
    ("no smoothing", dict(var_smoothing=0.0), dict(X=[[1.0], [1.0], [2.0]], y=[0, 0, 1]), ValueError,
     r"'X' parameter of GaussianNaiveBayes.fit must be varying"),
]


@pytest.mark.parametrize("init, fit, exception, match", [row[1:] for row in NB_BAD_INPUT],
                         ids=[row[0] for row in NB_BAD_INPUT])
def test_naive_bayes_rejects_bad_construction_and_training_input(init, fit, exception, match):
    with pytest.raises(exception, match=match):
        GaussianNaiveBayes(**init).fit(**(fit or dict(X=GUIDE_X, y=GUIDE_Y)))


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_joint_log_proba"])
def test_naive_bayes_prediction_methods_reject_bad_input(method):
    with pytest.raises(ValueError, match=rf"'self' parameter of GaussianNaiveBayes.{method} must be a fitted model"):
        getattr(GaussianNaiveBayes(), method)([[1.0, 2.0]])
    model = GaussianNaiveBayes().fit(GUIDE_X, GUIDE_Y)
    with pytest.raises(ValueError, match=rf"'X' parameter of GaussianNaiveBayes.{method} must be a 2-d array with "
                                         r"2 columns, as in fit. Got shape \(1, 3\)"):
        getattr(model, method)([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match=rf"'X' parameter of GaussianNaiveBayes.{method} must be finite"):
        getattr(model, method)([[np.inf, 2.0]])
    with pytest.raises(ValueError, match=rf"'X' parameter of GaussianNaiveBayes.{method} must be an array with at"):
        getattr(model, method)([1.0, 2.0])
    with pytest.raises(TypeError, match=rf"'X' parameter of GaussianNaiveBayes.{method} must be an array of real"):
        getattr(model, method)([["a", "b"]])


# -- the equation functions --------------------------------------------------------------------------------------
# tests/test_contract.py runs each equation function from the text of its chapter page against the public function:
# EQUATION_CALLS maps a call of the public function onto the equation functions of the page (`ns`); RANDOM_CALLS
# makes a seeded input with a given number of rows (3 stays on the equation function, 10^4 reaches the kernel).
# GaussianNaiveBayes has two equation functions (EQUATION_FUNCTIONS), fit and predict: PUBLIC_CALLS says what of the
# class they reproduce, the labels that a model fitted to (X, y) predicts for X_new, bit for bit.

def _floats(x):
    return np.asarray(x, dtype=float)


def _axes(axes, ndim):
    """Axes as the checks return them: a tuple of non-negative ints."""
    return tuple(int(a) % ndim for a in np.atleast_1d(axes))


def _in_base(value, base):
    return value if base is None else value / math.log(base)


def _dirichlet(rng, size, n=5):
    return rng.dirichlet(np.ones(n), size=size)


def _naive_bayes_labels(ns, X, y, X_new):
    classes, prior, mu, var, _ = ns["_class_statistics_equation"](_floats(X), np.asarray(y), 1e-9)
    with np.errstate(divide="ignore"):
        jll = ns["_joint_log_likelihood_equation"](_floats(X_new), prior, mu, var)
    return classes[np.argmax(jll, axis=1)]


def _naive_bayes_data(rng, size):
    X = rng.normal(size=(size, 4)) + np.repeat(np.arange(3.0), -(-size // 3))[:size, None]
    return X, np.arange(size) % 3, rng.normal(scale=2.0, size=(size, 4)) + 1.0


EQUATION_CALLS = {
    "entropy": lambda ns, p, base=None, axis=-1: _in_base(ns["_entropy_equation"](_floats(p), axis), base),
    "bayes_posterior": lambda ns, prior, likelihood, axis=-1: ns["_bayes_posterior_equation"](
        _floats(prior), _floats(likelihood), axis),
    "marginal": lambda ns, joint, keep: ns["_marginal_equation"](_floats(joint), _axes(keep, np.ndim(joint))),
    "conditional_probability": lambda ns, joint, given: ns["_conditional_probability_equation"](
        _floats(joint), _axes(given, np.ndim(joint))),
    "joint_probability": lambda ns, conditional, marginal, given: ns["_joint_probability_equation"](
        _floats(conditional), _floats(marginal), _axes(given, np.ndim(conditional))),
    "kl_divergence": lambda ns, p, q, base=None, axis=-1: _in_base(ns["_kl_divergence_equation"](
        _floats(p), _floats(q), axis), base),
    "cross_entropy": lambda ns, p, q, base=None, axis=-1: _in_base(ns["_cross_entropy_equation"](
        _floats(p), _floats(q), axis), base),
    "GaussianNaiveBayes": _naive_bayes_labels,
}
RANDOM_CALLS = {
    "entropy": lambda rng, size: ((_dirichlet(rng, size, 6),), {"base": 2}),
    "bayes_posterior": lambda rng, size: ((_dirichlet(rng, size), rng.random((size, 5)) * 1e-200), {}),
    "marginal": lambda rng, size: ((_dirichlet(rng, 1, 6 * size).reshape(size, 2, 3),), {"keep": (2, 0)}),
    "conditional_probability": lambda rng, size: ((_dirichlet(rng, 1, 6 * size).reshape(2, size, 3),),
                                                  {"given": (-1, 0)}),
    "joint_probability": lambda rng, size: ((_dirichlet(rng, 3 * size, 4).reshape(size, 3, 4).transpose(2, 1, 0),
                                             _dirichlet(rng, 1, 3 * size).reshape(3, size).T), {"given": (2, 1)}),
    "kl_divergence": lambda rng, size: ((_dirichlet(rng, size), _dirichlet(rng, size)), {}),
    "cross_entropy": lambda rng, size: ((_dirichlet(rng, (size, 2), 5)[:, 0], _dirichlet(rng, size)), {"axis": 1}),
    "GaussianNaiveBayes": lambda rng, size: (_naive_bayes_data(rng, size), {}),
}
EQUATION_FUNCTIONS = {"GaussianNaiveBayes": ["_class_statistics_equation", "_joint_log_likelihood_equation"]}
PUBLIC_CALLS = {"GaussianNaiveBayes": lambda X, y, X_new: GaussianNaiveBayes().fit(X, y).predict(X_new)}
# conditional_probability's first doctest uses the table `joint` of the Bayes section above it, which the contract
# test, reading one section, cannot see: it is restated here.
FIRST_DOCTEST_CALLS = {
    "GaussianNaiveBayes": ((GUIDE_X, GUIDE_Y, [[2.5, 3.5]]), {}),
    "conditional_probability": ((np.array([[0.99 * 0.01, 0.01 * 0.01], [0.02 * 0.99, 0.98 * 0.99]]),), {"given": 1}),
}


# -- the kernels against the equation functions ----------------------------------------------------------------

import importlib  # noqa: E402

from mlequations._kernels import probability as kernels  # noqa: E402
from mlequations.probability import (  # noqa: E402
    _class_statistics_equation,
    _cross_entropy_equation,
    _entropy_equation,
    _joint_log_likelihood_equation,
    _kl_divergence_equation,
)

probability_module = importlib.import_module("mlequations.probability")
EPS64 = float(np.finfo(np.float64).eps)
# Shapes on either side of each kernel's MIN_SIZE, in one row and in several, and past NumPy's pairwise-summation
# block of 128 terms and its ufunc buffer of 8192 elements.
KERNEL_SHAPES = [(2**9,), (2**9 + 1,), (4, 2**12), (2**14,), (127, 129), (3, 8191), (2, 8193), (2**18,), (512, 513)]


def _with_extremes(p, rng):
    """Probabilities with zeros, subnormals and entries near 1, renormalised along the last axis."""
    p = p.copy()
    flat = p.reshape(-1)
    flat[rng.choice(flat.size, size=flat.size // 50, replace=False)] = 0.0
    flat[rng.choice(flat.size, size=flat.size // 50, replace=False)] = 1e-310
    flat[rng.choice(flat.size, size=flat.size // 100, replace=False)] *= 1e3
    return p / p.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("shape", KERNEL_SHAPES)
@pytest.mark.parametrize("extremes", [False, True])
def test_entropy_and_cross_entropy_kernels_agree_with_their_equation_functions_bit_for_bit(shape, extremes):
    """0 ulps: the same products, summed by the same pairwise sum; only where the 0 log 0 terms are made differs."""
    rng = np.random.default_rng(sum(shape))
    p, q = rng.random(shape), rng.random(shape)
    p, q = p / p.sum(axis=-1, keepdims=True), q / q.sum(axis=-1, keepdims=True)
    if extremes:
        p, q = _with_extremes(p, rng), _with_extremes(q, rng)
    np.testing.assert_array_equal(kernels.entropy(p, -1), _entropy_equation(p, -1))
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(kernels.cross_entropy(p, q, -1), _cross_entropy_equation(p, q, -1))
    p32 = p.astype(np.float32)
    np.testing.assert_array_equal(kernels.entropy(p32, -1), _entropy_equation(p32, -1))


def _kl_error_bound(p, q, axis):
    """The bound of kl_divergence's Notes, (4 + ceil(log2 n)) eps sum|t_i|, per distribution."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        magnitude = np.sum(np.abs(np.where(p > 0, p * np.log(p / q), 0.0)), axis=axis)
    return (4 + math.ceil(math.log2(p.shape[axis]))) * EPS64 * magnitude


@pytest.mark.parametrize("shape", KERNEL_SHAPES)
def test_kl_kernel_agrees_with_the_equation_function_within_the_documented_bound(shape):
    """Each is within (4 + ceil(log2 n)) eps sum|t_i| of the exact divergence, so they are within twice that of each
    other (about 50 ulps of sum|t_i| at n = 2^18); where the kernel declines, it says so."""
    rng = np.random.default_rng(sum(shape))
    p, q = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]), rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    p[..., 0] += 1e-300  # an extreme ratio that stays finite
    kl = kernels.kl_divergence(p, q, -1)
    assert kl is not None  # random distributions are far apart: the kernel takes them
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        equation = _kl_divergence_equation(p, q, -1)
    assert np.all(np.abs(kl - equation) <= 2 * _kl_error_bound(p, q, -1))
    # Close distributions, a zero, and a ratio that overflows are handed back to the equation function.
    close = p * (1 + 1e-9 * rng.standard_normal(shape))
    close /= close.sum(axis=-1, keepdims=True)
    assert kernels.kl_divergence(p, close, -1) is None
    zero = q.copy()
    zero[..., -1] = 0.0
    assert kernels.kl_divergence(p, zero, -1) is None
    subnormal = q.copy()
    subnormal[..., 0] = 5e-324
    assert kernels.kl_divergence(p, subnormal, -1) is None


def _recording(monkeypatch, name):
    calls = []
    original = getattr(probability_module, name)
    monkeypatch.setattr(probability_module, name, lambda *args: calls.append(args[0].size) or original(*args))
    return calls


@pytest.mark.parametrize("function, equation, key", [
    (lambda p, q: entropy(p), "_entropy_equation", "entropy"),
    (kl_divergence, "_kl_divergence_equation", "kl_divergence"),
    (cross_entropy, "_cross_entropy_equation", "cross_entropy"),
])
def test_small_input_runs_the_equation_function_and_large_input_the_kernel(function, equation, key, monkeypatch):
    calls = _recording(monkeypatch, equation)
    rng = np.random.default_rng(1)
    small, large = (4, 8), (2, kernels.MIN_SIZE[key] // 2 + 1)
    for shape in (small, large):
        function(rng.dirichlet(np.ones(shape[1]), size=shape[0]), rng.dirichlet(np.ones(shape[1]), size=shape[0]))
    assert calls == [math.prod(small)]


def test_kl_divergence_hands_what_its_kernel_declines_to_the_equation_function(monkeypatch):
    calls = _recording(monkeypatch, "_kl_divergence_equation")
    p = np.random.default_rng(2).dirichlet(np.ones(kernels.MIN_SIZE["kl_divergence"]))
    close = p * (1 + 1e-9 * np.random.default_rng(3).standard_normal(p.size))
    assert kl_divergence(p, close / close.sum()) >= 0
    assert calls == [p.size]


@pytest.mark.parametrize("var_smoothing, priors", [(1e-9, None), (0.0, None), (1e-3, [0.2, 0.3, 0.5])])
def test_naive_bayes_methods_are_its_equation_functions(var_smoothing, priors):
    """fit stores the class statistics of the equation function, bit for bit; predict_joint_log_proba is the
    joint log-likelihood of the other; predict takes its argmax, and predict_proba its softmax."""
    rng = np.random.default_rng(4)
    X, y, X_new = _naive_bayes_data(rng, 300)
    model = GaussianNaiveBayes(var_smoothing=var_smoothing, priors=priors).fit(X, y)
    classes, prior, mu, var, epsilon = _class_statistics_equation(X, y, var_smoothing)
    prior = prior if priors is None else np.array(priors)
    for got, want in [(model.classes_, classes), (model.class_prior_, prior), (model.theta_, mu), (model.var_, var),
                      (model.epsilon_, epsilon), (model.class_count_, [100, 100, 100])]:
        np.testing.assert_array_equal(got, want)
    jll = _joint_log_likelihood_equation(X_new, prior, mu, var)
    np.testing.assert_array_equal(model.predict_joint_log_proba(X_new), jll)
    np.testing.assert_array_equal(model.predict(X_new), classes[np.argmax(jll, axis=1)])
    from mlequations import softmax
    np.testing.assert_array_equal(model.predict_proba(X_new), softmax(jll - jll.max(axis=1, keepdims=True), axis=1))


def test_naive_bayes_predict_proba_calls_the_package_softmax(monkeypatch):
    calls = []
    original = probability_module.softmax
    monkeypatch.setattr(probability_module, "softmax", lambda z, **kw: calls.append(z.shape) or original(z, **kw))
    model = GaussianNaiveBayes().fit(GUIDE_X, GUIDE_Y)
    np.testing.assert_array_equal(model.predict_proba([[2.5, 3.5]]), [[0.5, 0.5]])
    assert calls == [(1, 2)]


def test_naive_bayes_labels_of_the_guide_tie_are_those_of_the_equation_functions_bit_for_bit():
    ns = {name: getattr(probability_module, name)
          for name in ("_class_statistics_equation", "_joint_log_likelihood_equation")}
    queries = np.array([[2.5, 3.5], np.nextafter([2.5, 3.5], 10.0), np.nextafter([2.5, 3.5], -10.0)])
    want = GaussianNaiveBayes().fit(GUIDE_X, GUIDE_Y).predict(queries)
    np.testing.assert_array_equal(want, [0, 1, 0])
    np.testing.assert_array_equal(_naive_bayes_labels(ns, GUIDE_X, GUIDE_Y, queries), want)


# -- statements of the chapter and the docstrings (issue 16) -----------------------------------------------------

@pytest.mark.parametrize("prior, likelihood", [
    ([0.5, 0.5], [3e-320, 1e-320]),
    ([1e-300, 1 - 1e-300], [1.0, 0.0]),
    ([0.2, 0.3, 0.5], [1e-310, 5e-324, 2e-310]),
    ([0.5, 0.5], [5e-324, 5e-324]),  # unscaled, each product with its prior rounds to 0
])
def test_bayes_evidence_is_at_least_the_prior_of_the_most_likely_hypothesis(prior, likelihood):
    """The likelihoods are divided by their largest, so the evidence is at least that hypothesis's prior: no
    underflow to 0 while it is positive, and the posterior is finite and sums to 1."""
    prior, likelihood = np.array(prior), np.array(likelihood)
    scaled = likelihood / likelihood.max()
    assert np.sum(scaled * prior) >= prior[np.argmax(likelihood)]
    posterior = bayes_posterior(prior, likelihood)
    assert np.all(np.isfinite(posterior)) and posterior.sum() == pytest.approx(1.0, abs=1e-15)


def test_kl_log_ratio_alone_is_eight_percent_off_on_close_coins():
    """The Notes' example: on p = (0.5, 0.5), q = (0.5 + 1e-8, 0.5 - 1e-8), log(p / q) alone is about 8% off,
    while kl_divergence keeps 7 digits (checked against 50 digits in test_extremes)."""
    import mpmath

    p, q = np.array([0.5, 0.5]), np.array([0.5 + 1e-8, 0.5 - 1e-8])
    with mpmath.workdps(50):
        exact = float(mpmath.fsum(mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b)) for a, b in zip(p, q)))
    naive = float(np.sum(p * np.log(p / q)))
    assert 0.075 < abs(naive / exact - 1) < 0.085
    assert abs(kl_divergence(p, q) / exact - 1) < 1e-7


def test_a_feature_copied_twice_doubles_its_log_likelihood_ratio():
    """The chapter's caveat on the independence assumption: the copy counts as a second, independent piece of
    evidence."""
    X, y = np.arange(6.0)[:, None], [0, 0, 0, 1, 1, 1]
    once = GaussianNaiveBayes().fit(X, y).predict_joint_log_proba([[2.0]])
    twice = GaussianNaiveBayes().fit(np.hstack([X, X]), y).predict_joint_log_proba([[2.0, 2.0]])
    ratio_once, ratio_twice = once[0, 0] - once[0, 1], twice[0, 0] - twice[0, 1]
    assert ratio_twice == pytest.approx(2 * ratio_once, rel=1e-12)
    assert ratio_once > 0


def test_library_behaviour_that_the_chapter_states_holds_for_the_pinned_versions():
    """scipy.stats.entropy normalises silently and reduces along axis 0; scikit-learn's log_loss clips the
    predictions (so a confident mistake stays finite) and its trees split by the Gini impurity by default."""
    import warnings

    from sklearn.metrics import log_loss
    from sklearn.tree import DecisionTreeClassifier

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert scipy.stats.entropy([3.0, 3.0]) == pytest.approx(math.log(2), rel=1e-15)
    columns = np.array([[1.0, 0.5], [0.0, 0.5]])
    assert scipy.stats.entropy(columns).tolist() == pytest.approx([0.0, math.log(2)], abs=1e-15)
    assert math.isfinite(log_loss([1, 0], [0.0, 1.0]))
    assert DecisionTreeClassifier().criterion == "gini"
