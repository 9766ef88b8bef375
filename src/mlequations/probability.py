"""Probability and information theory: Bayes' theorem, entropy, joint and conditional probability, naive Bayes,
KL divergence and cross-entropy."""

import numpy as np

from ._kernels import probability as kernels
from ._validation import (
    as_float_array,
    as_result,
    check_axes,
    check_axis,
    check_finite_result,
    check_fitted,
    check_joint_log_proba_finite,
    check_labels,
    check_leaves_an_axis,
    check_log_base,
    check_n_features,
    check_nonnegative,
    check_nonnegative_real,
    check_positive_evidence,
    check_positive_mass,
    check_positive_variances,
    check_probability_table,
    check_probability_vector,
    check_same_shape,
    check_shape,
    check_shifted_log_proba,
    in_common_dtype,
)
from .softmax import softmax

__all__ = ["bayes_posterior", "entropy", "joint_probability", "marginal", "conditional_probability",
           "GaussianNaiveBayes", "kl_divergence", "cross_entropy"]


# -- the equations -------------------------------------------------------------------------------------------------

def _entropy_equation(p, axis):
    """H(p) = -sum p log p along `axis`. Where p = 0, the log is taken of 1 instead:
    the term is then 0, as the convention 0 log 0 = 0 asks."""
    safe = np.where(p > 0, p, 1.0)
    return -np.sum(p * np.log(safe), axis=axis)


def _bayes_posterior_equation(prior, likelihood, axis):
    """P(h | e) along `axis`. The likelihoods are divided by their largest first: the
    factor cancels, and tiny likelihoods no longer underflow to an evidence of 0."""
    likelihood = likelihood / np.max(likelihood, axis=axis, keepdims=True)
    joint = likelihood * prior  # P(e | h) P(h)
    evidence = np.sum(joint, axis=axis, keepdims=True)  # P(e)
    return joint / evidence


def _marginal_equation(joint, keep):
    """P(A): the joint table summed over every axis not in `keep`, the axes that
    are left in the order of `keep`."""
    others = tuple(np.setdiff1d(np.arange(joint.ndim), keep))  # the axes summed over
    p = np.sum(joint, axis=others)  # its axes: the kept ones, in increasing order
    return np.transpose(p, np.argsort(np.argsort(keep)))  # each to its place in `keep`


def _conditional_probability_equation(joint, given):
    """P(A | B) = P(A, B) / P(B), where P(B) sums the joint table over the axes of A
    (those not in `given`)."""
    others = tuple(np.setdiff1d(np.arange(joint.ndim), given))  # the axes of A
    p_given = np.sum(joint, axis=others, keepdims=True)  # P(B)
    return joint / p_given


def _joint_probability_equation(conditional, marginal, given):
    """P(A, B) = P(A | B) P(B): the marginal, its axes put where `given` says,
    broadcast over the axes of A."""
    others = tuple(np.setdiff1d(np.arange(conditional.ndim), given))  # the axes of A
    p_given = np.transpose(marginal, np.argsort(given))  # P(B), axes in increasing order
    return conditional * np.expand_dims(p_given, others)


def _kl_divergence_equation(p, q, axis):
    """D(p || q) = sum p log(p / q) along `axis`, with 0 log(0 / q) = 0, and
    p log(p / 0) = inf for p > 0."""
    ratio = p / q
    # Where p / q is in (0.5, 1.5), p - q is exact: log1p keeps the digits that p / q loses.
    log_ratio = np.where(np.abs(ratio - 1) < 0.5, np.log1p((p - q) / q), np.log(ratio))
    # A subnormal q can make p / q overflow: log p - log q is then the accurate form.
    log_ratio = np.where(np.isinf(ratio) & (q > 0), np.log(p) - np.log(q), log_ratio)
    return np.sum(np.where(p > 0, p * log_ratio, 0.0), axis=axis)


def _cross_entropy_equation(p, q, axis):
    """H(p, q) = -sum p log q along `axis`. Where p = 0, the log is taken of 1
    instead: the term is then 0, whatever q is."""
    safe = np.where(p > 0, q, 1.0)
    return -np.sum(p * np.log(safe), axis=axis)


def _class_statistics_equation(X, y, var_smoothing):
    """The classes c, P(c) = n_c / n, and per class and feature the mean mu_cj and the
    variance sigma_cj^2 plus epsilon, var_smoothing times the largest feature variance."""
    classes, index, n_c = np.unique(y, return_inverse=True, return_counts=True)
    member = (index == np.arange(classes.size)[:, None]).astype(X.dtype)  # y_i = c
    mu = member @ X / n_c[:, None].astype(X.dtype)
    var = member @ (X - mu[index]) ** 2 / n_c[:, None].astype(X.dtype)
    epsilon = var_smoothing * float(np.max(np.var(X, axis=0)))
    return classes, n_c / n_c.sum(), mu, var + epsilon, epsilon


def _joint_log_likelihood_equation(X, prior, mu, var):
    """log P(c, x) = log P(c) + sum_j log N(x_j; mu_cj, sigma_cj^2), one row per
    sample, one column per class."""
    log_norm = np.sum(np.log(2 * np.pi * var), axis=1)  # sum_j log(2 pi sigma_cj^2)
    # sum_j (x_j - mu_cj)^2 / sigma_cj^2, every sample (axis 0) against every class (axis 1)
    distance = np.sum((X[:, None, :] - mu) ** 2 / var, axis=2)
    return np.log(prior) - 0.5 * log_norm - 0.5 * distance


# -- the checks ----------------------------------------------------------------------------------------------------

def _check_entropy(p, base, axis):
    """The checked distribution of entropy, its axis and the log of its base (None for nats)."""
    caller = "entropy"
    p = as_float_array(p, name="p", caller=caller, min_ndim=1, check_values=False)  # checked as probabilities
    axis = check_axis(axis, p, name="p", caller=caller)
    log_base = check_log_base(base, caller=caller)
    check_probability_vector(p, axis, name="p", caller=caller)
    return p, axis, log_base


def _check_bayes_posterior(prior, likelihood, axis):
    """The checked prior and likelihood of bayes_posterior, in one dtype, and the axis. Whether the evidence is
    positive is checked on the result (`_check_evidence`), since it is only known once computed."""
    caller = "bayes_posterior"
    prior = as_float_array(prior, name="prior", caller=caller, min_ndim=1)
    likelihood = as_float_array(likelihood, name="likelihood", caller=caller, min_ndim=1)
    check_same_shape(prior, likelihood, names=("prior", "likelihood"), caller=caller)
    axis = check_axis(axis, prior, name="prior", caller=caller)
    check_probability_vector(prior, axis, name="prior", caller=caller)
    check_nonnegative(likelihood, name="likelihood", caller=caller)
    prior, likelihood = in_common_dtype(prior, likelihood)
    return prior, likelihood, axis


def _check_evidence(posterior, prior, likelihood, axis):
    """Raise where the evidence of bayes_posterior was 0 (a slice of the posterior is 0 / 0, nan)."""
    if np.all(np.isfinite(posterior)):
        return
    largest = np.max(likelihood, axis=axis, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0 where every likelihood is 0: evidence 0
        evidence = np.sum(np.where(largest > 0, likelihood / largest, 0) * prior, axis=axis)
    check_positive_evidence(evidence, prior, likelihood, caller="bayes_posterior")


def _check_marginal(joint, keep):
    """The checked joint table of marginal and the kept axes."""
    caller = "marginal"
    joint = as_float_array(joint, name="joint", caller=caller, min_ndim=1)
    check_probability_table(joint, name="joint", caller=caller)
    return joint, check_axes(keep, joint, name="joint", param="keep", caller=caller)


def _check_conditional_probability(joint, given):
    """The checked joint table of conditional_probability and the conditioning axes. Whether every conditioning
    value has positive probability is checked on the result (`_check_conditioning_mass`)."""
    caller = "conditional_probability"
    joint = as_float_array(joint, name="joint", caller=caller, min_ndim=2)
    check_probability_table(joint, name="joint", caller=caller)
    given = check_axes(given, joint, name="joint", param="given", caller=caller)
    check_leaves_an_axis(given, joint, name="joint", caller=caller)
    return joint, given


def _check_conditioning_mass(conditional, joint, given):
    """Raise where a value of the conditioning variables has probability 0 (its slice is 0 / 0, nan)."""
    if np.all(np.isfinite(conditional)):
        return
    others = tuple(a for a in range(joint.ndim) if a not in given)
    check_positive_mass(np.sum(joint, axis=others), name="joint", caller="conditional_probability",
                        what="every value of the conditioning variables")


def _check_joint_probability(conditional, marginal, given):
    """The checked conditional table and marginal of joint_probability and the conditioning axes."""
    caller = "joint_probability"
    conditional = as_float_array(conditional, name="conditional", caller=caller, min_ndim=2)
    given = check_axes(given, conditional, name="conditional", param="given", caller=caller)
    check_leaves_an_axis(given, conditional, name="conditional", caller=caller)
    others = tuple(a for a in range(conditional.ndim) if a not in given)
    check_probability_vector(conditional, others if len(others) > 1 else others[0], name="conditional",
                             caller=caller)
    marginal = as_float_array(marginal, name="marginal", caller=caller, min_ndim=1)
    expected_shape = tuple(conditional.shape[a] for a in given)
    check_shape(marginal, expected_shape, name="marginal", caller=caller,
                what="the lengths of the 'given' axes of 'conditional'")
    check_probability_table(marginal, name="marginal", caller=caller)
    return conditional, marginal, given


def _check_two_distributions(p, q, base, axis, caller):
    """Shared checks of kl_divergence and cross_entropy: two probability vectors of one shape, axis and base."""
    # The values are checked with the probability vectors, below.
    p = as_float_array(p, name="p", caller=caller, min_ndim=1, check_values=False)
    q = as_float_array(q, name="q", caller=caller, min_ndim=1, check_values=False)
    check_same_shape(p, q, names=("p", "q"), caller=caller)
    axis = check_axis(axis, p, name="p", caller=caller)
    log_base = check_log_base(base, caller=caller)
    check_probability_vector(p, axis, name="p", caller=caller)
    check_probability_vector(q, axis, name="q", caller=caller)
    p, q = in_common_dtype(p, q)
    return p, q, axis, log_base


def _check_kl_divergence(p, q, base, axis):
    """The checked p and q of kl_divergence, in one dtype, their axis and the log of the base (None for nats)."""
    return _check_two_distributions(p, q, base, axis, "kl_divergence")


def _check_cross_entropy(p, q, base, axis):
    """The checked p and q of cross_entropy, in one dtype, their axis and the log of the base (None for nats)."""
    return _check_two_distributions(p, q, base, axis, "cross_entropy")


def _check_naive_bayes_fit(X, y):
    """The checked training data and labels of GaussianNaiveBayes.fit. The number of priors, and whether the
    variances are positive and finite, are checked on the class statistics (`_check_class_statistics`)."""
    caller = "GaussianNaiveBayes.fit"
    X = as_float_array(X, name="X", caller=caller, min_ndim=2)
    check_shape(X, X.shape[:2], name="X", caller=caller, what="a 2-d array, one row per sample")
    return X, check_labels(y, X.shape[0], name="y", caller=caller)


def _check_class_statistics(classes, var, priors):
    """Raise where `priors` has not one prior per class, or a smoothed variance is not finite or not positive."""
    caller = "GaussianNaiveBayes.fit"
    if priors is not None:
        check_shape(priors, classes.shape, name="priors", caller=caller,
                    what=f"one prior for each of the {classes.size} classes in 'y'")
    check_finite_result(var, names=("X",), caller=caller, what="the variances")
    check_positive_variances(var, name="X", caller=caller)


def _check_naive_bayes_samples(model, X, caller):
    """The checked samples of a prediction of a fitted GaussianNaiveBayes."""
    check_fitted(model, "theta_", caller=caller)
    X = as_float_array(X, name="X", caller=caller, min_ndim=2)
    check_n_features(X, model.theta_.shape[1], caller=caller)
    return X


def _in_base(value, log_base):
    """A quantity in nats converted to the base whose natural log is `log_base` (None: nats); -0.0 becomes 0.0."""
    return value if log_base is None else value / log_base + 0.0


def entropy(p, *, base=None, axis=-1):
    r"""Shannon entropy of a discrete probability distribution.

    Entropy is the expected surprise :math:`-\log p(x)` of an outcome drawn from :math:`p`: zero for a certain
    outcome and, in nats or any base above 1, largest when every outcome is equally likely.

    .. math::

        H(p) = -\sum_{i=1}^{n} p_i \log p_i, \qquad 0 \log 0 = 0

    Parameters
    ----------
    p : array_like of float
        Probabilities along `axis`: non-negative, summing to 1. Other axes index separate distributions.
    base : float, optional
        Base :math:`b` of the logarithm: positive and not 1. ``None`` (the default) uses the natural log, in nats;
        2 gives bits. A base below 1 is allowed and gives the negative values that :math:`\log_b` implies.
    axis : int, default=-1
        Axis along which `p` sums to 1.

    Returns
    -------
    h : float or ndarray
        The entropy, in :math:`[0, \log_b n]` for :math:`n` outcomes (in :math:`[\log_b n, 0]` for a base
        below 1). A Python float for a single distribution;
        otherwise an array of float32 for float32 input and float64 for anything else.

    Raises
    ------
    ValueError
        If `p` is empty, 0-d, not finite, negative anywhere, or does not sum to 1 along `axis` (within the
        square root of the dtype's machine epsilon); if `axis` is out of range; or if `base` is not positive,
        finite and different from 1.
    TypeError
        If `p` is boolean, complex or non-numeric, or if `axis` is not an integer or `base` is not a real number.

    See Also
    --------
    scipy.stats.entropy : The same quantity, but it normalises `p` silently and reduces along axis 0.

    Notes
    -----
    The term :math:`p_i \log p_i` tends to 0 as :math:`p_i \to 0`, so outcomes of probability zero contribute
    nothing. The logarithm is only evaluated where :math:`p_i > 0`; elsewhere the term is set to zero, so no
    ``-inf * 0 = nan`` ever appears. A change of base divides by :math:`\log b`: one bit is
    :math:`\log 2` nats.

    Entropy is concave in :math:`p`, and by Jensen's inequality it is at most :math:`\log n`, with equality
    exactly for the uniform distribution.

    References
    ----------
    .. [1] C. E. Shannon, "A Mathematical Theory of Communication", Bell System Technical Journal 27(3),
       pp. 379-423, 1948. https://doi.org/10.1002/j.1538-7305.1948.tb01338.x

    Examples
    --------
    A fair coin carries one bit, which is log 2 nats:

    >>> from mlequations import entropy
    >>> round(entropy([0.5, 0.5]), 10)
    0.6931471806
    >>> entropy([0.5, 0.5], base=2)
    1.0

    A biased coin is more predictable, and an outcome of probability zero adds nothing:

    >>> round(entropy([0.9, 0.1]), 10)
    0.3250829734
    >>> round(entropy([0.9, 0.1, 0.0]), 10)
    0.3250829734

    Several distributions at once, one per row:

    >>> entropy([[1.0, 0.0], [0.5, 0.5]], base=2)
    array([0., 1.])
    """
    p, axis, log_base = _check_entropy(p, base, axis)
    big = p.size >= kernels.MIN_SIZE["entropy"]  # below it the equation function is as fast
    h = kernels.entropy(p, axis) if big else _entropy_equation(p, axis)
    # Entropy in nats is never negative: a rounding error below zero, or the -0.0 of a one-hot row, becomes 0.
    # The change of base comes after, so that a base below 1 gives the (negative) entropy in that base.
    return as_result(_in_base(np.maximum(h, 0), log_base))



def bayes_posterior(prior, likelihood, *, axis=-1):
    r"""Posterior probabilities of competing hypotheses after seeing evidence (Bayes' theorem).

    Each hypothesis :math:`h_i` starts with a prior probability and explains the evidence :math:`e` with some
    likelihood. The posterior weighs each prior by its likelihood and renormalises, the denominator being the
    total probability of the evidence, which must be positive.

    .. math::

        P(h_i \mid e) = \frac{P(e \mid h_i)\, P(h_i)}{P(e)}, \qquad
        P(e) = \sum_{j=1}^{n} P(e \mid h_j)\, P(h_j)

    Parameters
    ----------
    prior : array_like of float
        Prior probabilities :math:`P(h_i)` along `axis`: non-negative, summing to 1. Other axes index separate
        problems.
    likelihood : array_like of float
        Likelihoods :math:`P(e \mid h_i)` of the same shape as `prior`: non-negative and finite. They need not
        sum to 1 (they are probabilities of one piece of evidence under different hypotheses), and densities
        above 1 are allowed.
    axis : int, default=-1
        Axis along which the hypotheses lie.

    Returns
    -------
    posterior : ndarray
        :math:`P(h_i \mid e)`, of the shape of the inputs, summing to 1 along `axis`. float32 only when both
        inputs are float32.

    Raises
    ------
    ValueError
        If either input is empty, 0-d or not finite; if the shapes differ; if `prior` is not a probability
        vector along `axis`; if `likelihood` is negative anywhere; if the evidence has probability zero (every
        hypothesis with a positive prior has likelihood zero); or if `axis` is out of range.
    TypeError
        If an input is boolean, complex or non-numeric, or `axis` is not an integer.

    See Also
    --------
    conditional_probability : The same posterior, read off a joint probability table.
    GaussianNaiveBayes : A classifier that applies this theorem with Gaussian likelihoods.

    Notes
    -----
    The likelihoods are divided by their largest value before they are multiplied by the prior. The posterior
    does not change (the factor cancels between numerator and denominator), but the evidence is then at least
    the prior of the most likely hypothesis, so tiny likelihoods, such as a product of many densities, no longer
    underflow to an evidence of zero.

    References
    ----------
    .. [1] T. Bayes and R. Price, "An Essay towards Solving a Problem in the Doctrine of Chances",
       Philosophical Transactions of the Royal Society of London 53, pp. 370-418, 1763.
       https://doi.org/10.1098/rstl.1763.0053

    Examples
    --------
    Two equally likely hypotheses, and evidence three times as likely under the first:

    >>> from mlequations import bayes_posterior
    >>> bayes_posterior([0.5, 0.5], [0.75, 0.25])
    array([0.75, 0.25])

    A test that detects 99% of the cases of a disease that one person in a hundred has, and gives a false
    positive to 2% of healthy people: a positive result still leaves the disease less likely than not.

    >>> bayes_posterior([0.01, 0.99], [0.99, 0.02]).round(10)
    array([0.33333333, 0.66666667])

    Subnormal likelihoods, below the smallest normal float, still give the posterior to ten digits:

    >>> bayes_posterior([0.5, 0.5], [3e-320, 1e-320]).round(10)
    array([0.75, 0.25])
    """
    prior, likelihood, axis = _check_bayes_posterior(prior, likelihood, axis)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0 where the evidence is 0: rejected just below
        posterior = _bayes_posterior_equation(prior, likelihood, axis)
    _check_evidence(posterior, prior, likelihood, axis)
    return posterior


def marginal(joint, *, keep):
    r"""Marginal distribution of some variables of a joint probability table (the sum rule).

    A joint table holds :math:`P(A = a, B = b, \dots)` with one axis per variable. Summing over the values of
    every variable that is not kept leaves the distribution of those that are.

    .. math::

        P(A = a) = \sum_{b} P(A = a, B = b)

    Parameters
    ----------
    joint : array_like of float
        The joint probability table: non-negative entries summing to 1, one axis per variable.
    keep : int or tuple of int
        The axis, or axes, of the variables whose distribution is returned. The result's axes follow the order
        given here.

    Returns
    -------
    p : ndarray
        The marginal table, with one axis per kept variable, summing to 1.

    Raises
    ------
    ValueError
        If `joint` is empty, 0-d, not finite, negative anywhere or does not sum to 1; or if `keep` names an
        axis out of range or an axis twice.
    TypeError
        If `joint` is boolean, complex or non-numeric, or `keep` is not an integer or a tuple of integers.

    See Also
    --------
    conditional_probability : The joint table divided by a marginal.
    joint_probability : The product rule, which undoes that division.

    Notes
    -----
    This is the additivity of probability (the law of total probability) applied to every cell at once.
    Marginals lose information: different joint tables, e.g. of independent and of dependent variables, can
    share the same marginals.

    References
    ----------
    .. [1] A. N. Kolmogorov, "Grundbegriffe der Wahrscheinlichkeitsrechnung", Springer, Berlin, 1933,
       chapter I (in English: "Foundations of the Theory of Probability", Chelsea, 1950).
       https://doi.org/10.1007/978-3-642-49888-6

    Examples
    --------
    Rows are the weather A (rain, dry), columns the bus B (late, on time):

    >>> from mlequations import marginal
    >>> joint = [[0.2, 0.1], [0.1, 0.6]]
    >>> marginal(joint, keep=0).round(10)   # P(A)
    array([0.3, 0.7])
    >>> marginal(joint, keep=1).round(10)   # P(B)
    array([0.3, 0.7])

    With three variables, keep two of them in the order you want:

    >>> joint3 = np.full((2, 3, 4), 1 / 24)
    >>> marginal(joint3, keep=(2, 0)).shape
    (4, 2)
    """
    joint, keep = _check_marginal(joint, keep)
    return _marginal_equation(joint, keep)


def conditional_probability(joint, *, given):
    r"""Conditional distribution of the other variables given some variables of a joint probability table.

    Fixing the value of the conditioning variable :math:`B` keeps one slice of the table; dividing the slice by
    its total, the marginal :math:`P(B = b)`, makes it a distribution again.

    .. math::

        P(A = a \mid B = b) = \frac{P(A = a, B = b)}{P(B = b)}, \qquad P(B = b) > 0

    Parameters
    ----------
    joint : array_like of float
        The joint probability table: non-negative entries summing to 1, one axis per variable, at least 2-d.
    given : int or tuple of int
        The axis, or axes, of the conditioning variables. At least one axis must be left over.

    Returns
    -------
    conditional : ndarray
        An array of the shape of `joint`: the entry at ``(a, b)`` is :math:`P(A = a \mid B = b)`. For each value
        of the conditioning variables, the entries sum to 1 over the remaining axes.

    Raises
    ------
    ValueError
        If `joint` is empty, less than 2-d, not finite, negative anywhere or does not sum to 1; if `given`
        names an axis out of range, an axis twice or every axis; or if some value of the conditioning variables
        has probability zero, where the conditional probability is undefined.
    TypeError
        If `joint` is boolean, complex or non-numeric, or `given` is not an integer or a tuple of integers.

    See Also
    --------
    marginal : The denominator, :math:`P(B)`.
    joint_probability : The product rule :math:`P(A, B) = P(A \mid B) P(B)`, the inverse of this function.
    bayes_posterior : The same quantity from a prior and a likelihood instead of a joint table.

    Notes
    -----
    Conditioning on :math:`B` and on :math:`A` gives two different tables, :math:`P(A \mid B)` and
    :math:`P(B \mid A)`; Bayes' theorem converts one into the other through the marginals.

    References
    ----------
    .. [1] A. N. Kolmogorov, "Grundbegriffe der Wahrscheinlichkeitsrechnung", Springer, Berlin, 1933,
       chapter I (in English: "Foundations of the Theory of Probability", Chelsea, 1950).
       https://doi.org/10.1007/978-3-642-49888-6

    Examples
    --------
    Rows are the weather A (rain, dry), columns the bus B (late, on time). Given that the bus is late (column
    0), rain and dry weather are 2 to 1:

    >>> from mlequations import conditional_probability
    >>> joint = [[0.2, 0.1], [0.1, 0.6]]
    >>> conditional_probability(joint, given=1).round(10)   # P(A | B), columns sum to 1
    array([[0.66666667, 0.14285714],
           [0.33333333, 0.85714286]])
    >>> conditional_probability(joint, given=0).round(10)   # P(B | A), rows sum to 1
    array([[0.66666667, 0.33333333],
           [0.14285714, 0.85714286]])
    """
    joint, given = _check_conditional_probability(joint, given)
    with np.errstate(invalid="ignore"):  # 0 / 0 where a conditioning value has probability 0: rejected below
        conditional = _conditional_probability_equation(joint, given)
    _check_conditioning_mass(conditional, joint, given)
    return conditional


def joint_probability(conditional, marginal, *, given):
    r"""Joint probability table from a conditional table and a marginal (the product rule).

    The probability that :math:`A = a` and :math:`B = b` both happen is the probability of :math:`B = b` times
    the probability of :math:`A = a` once :math:`B = b` is known. Either variable may be the one conditioned
    on, which gives two factorisations of the same table.

    .. math::

        P(A, B) = P(A \mid B)\, P(B) = P(B \mid A)\, P(A)

    Parameters
    ----------
    conditional : array_like of float
        The conditional table, laid out like the joint table, at least 2-d: the entry at ``(a, b)`` is
        :math:`P(A = a \mid B = b)` when `given` is the axis of :math:`B`. For each value of the conditioning
        variables it sums to 1 over the other axes.
    marginal : array_like of float
        The distribution of the conditioning variables: non-negative, summing to 1, with the lengths of the
        `given` axes of `conditional`, in the order of `given`.
    given : int or tuple of int
        The axis, or axes, of `conditional` that hold the conditioning variables. At least one axis must be
        left over.

    Returns
    -------
    joint : ndarray
        The joint table, of the shape of `conditional`, summing to 1.

    Raises
    ------
    ValueError
        If an input is empty, 0-d or not finite; if `conditional` is less than 2-d, negative anywhere or does
        not sum to 1 over the non-conditioning axes; if `marginal` is negative or does not sum to 1; if the
        shape of `marginal` does not match the `given` axes; or if `given` names an axis out of range, an axis
        twice or every axis.
    TypeError
        If an input is boolean, complex or non-numeric, or `given` is not an integer or a tuple of integers.

    See Also
    --------
    conditional_probability : The inverse: a joint table divided by a marginal.
    marginal : The sum rule.

    Notes
    -----
    Together with :func:`marginal` and :func:`conditional_probability` this closes the loop
    ``joint_probability(conditional_probability(J, given=g), marginal(J, keep=g), given=g) == J`` for every
    table ``J`` whose conditioning values all have positive probability. Applied twice, once with each
    variable as the condition, it gives Bayes' theorem.

    References
    ----------
    .. [1] A. N. Kolmogorov, "Grundbegriffe der Wahrscheinlichkeitsrechnung", Springer, Berlin, 1933,
       chapter I (in English: "Foundations of the Theory of Probability", Chelsea, 1950).
       https://doi.org/10.1007/978-3-642-49888-6

    Examples
    --------
    A disease D (yes, no) with prior [0.01, 0.99], and a test T (positive, negative) whose rows give
    :math:`P(T \mid D)`:

    >>> from mlequations import joint_probability
    >>> p_t_given_d = [[0.99, 0.01], [0.02, 0.98]]
    >>> joint_probability(p_t_given_d, [0.01, 0.99], given=0).round(10).tolist()
    [[0.0099, 0.0001], [0.0198, 0.9702]]

    The two factorisations of one table give it back, each within a relative 1e-14 in every cell:

    >>> from mlequations import conditional_probability, marginal
    >>> joint = np.array([[0.2, 0.1], [0.1, 0.6]])
    >>> via_b = joint_probability(conditional_probability(joint, given=1), marginal(joint, keep=1), given=1)
    >>> via_a = joint_probability(conditional_probability(joint, given=0), marginal(joint, keep=0), given=0)
    >>> float(np.max(np.abs(via_a - joint) / joint)) < 1e-14, float(np.max(np.abs(via_b - joint) / joint)) < 1e-14
    (True, True)
    """
    conditional, marginal, given = _check_joint_probability(conditional, marginal, given)
    return _joint_probability_equation(conditional, marginal, given)


def kl_divergence(p, q, *, base=None, axis=-1):
    r"""Kullback-Leibler divergence D_KL(p || q): the information lost when `q` stands in for `p`.

    It is the expected log-ratio of the two probabilities under :math:`p`: zero when the distributions are
    equal, positive otherwise (in the default base :math:`e` and any base above 1), and infinite when :math:`q`
    rules out an outcome that :math:`p` allows.

    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \sum_{i=1}^{n} p_i \log \frac{p_i}{q_i}, \qquad
        0 \log \frac{0}{q_i} = 0, \quad p_i \log \frac{p_i}{0} = \infty \text{ for } p_i > 0

    Parameters
    ----------
    p : array_like of float
        The reference distribution along `axis`: non-negative, summing to 1.
    q : array_like of float
        The approximating distribution, of the same shape as `p`.
    base : float, optional
        Base :math:`b` of the logarithm: positive and not 1. ``None`` (the default) gives nats; 2 gives bits. A
        base below 1 is allowed and gives the negative values that :math:`\log_b` implies.
    axis : int, default=-1
        Axis along which `p` and `q` sum to 1.

    Returns
    -------
    kl : float or ndarray
        The divergence, in :math:`[0, \infty]` (in :math:`[-\infty, 0]` for a base below 1). A Python float
        for a single pair of distributions; otherwise an
        array, float32 only when both inputs are float32.

    Raises
    ------
    ValueError
        If `p` or `q` is empty, 0-d, not finite, negative anywhere or does not sum to 1 along `axis` (within the
        square root of the dtype's machine epsilon); if their shapes differ; if `axis` is out of range; or if
        `base` is not positive, finite and different from 1.
    TypeError
        If `p` or `q` is boolean, complex or non-numeric, or if `axis` is not an integer or `base` is not a real
        number.

    See Also
    --------
    cross_entropy : :math:`H(p, q) = H(p) + D_{\mathrm{KL}}(p \,\|\, q)`.
    entropy : :math:`H(p)`.
    scipy.special.rel_entr : The terms :math:`p_i \log(p_i / q_i)`, with the same conventions at zero.

    Notes
    -----
    The divergence is not symmetric, :math:`D_{\mathrm{KL}}(p \,\|\, q) \ne D_{\mathrm{KL}}(q \,\|\, p)` in
    general, and does not satisfy the triangle inequality, so it is not a distance. In nats, and in any base
    above 1, it is never negative (Gibbs' inequality) and is zero exactly when :math:`p = q`; Pinsker's
    inequality bounds it from below by :math:`\tfrac{1}{2} \lVert p - q \rVert_1^2` in nats.

    **Accuracy.** The error of the result is bounded by
    :math:`(4 + \lceil \log_2 n \rceil)\, \varepsilon \sum_i |t_i|`, where :math:`t_i = p_i \log(p_i / q_i)`
    and :math:`\varepsilon` is the machine epsilon (tested against 50-digit arithmetic). On arrays of fewer
    than :math:`2^9` elements, and on any array in which some pair of distributions is close
    (:math:`\sum_i |t_i| < 1/4`), some :math:`p_i` or :math:`q_i` is 0 or some ratio :math:`p_i / q_i`
    overflows, the log-ratio is taken as :math:`\operatorname{log1p}((p_i - q_i) / q_i)` wherever
    :math:`p_i / q_i` lies in :math:`(0.5, 1.5)`, and as :math:`\log(p_i / q_i)` elsewhere (as
    :math:`\log p_i - \log q_i` where that quotient overflows, for a subnormal :math:`q_i`): each term then has
    a relative error of a few units in the last place, and the pairwise sum adds at most about
    :math:`\lceil \log_2 n \rceil` more. Otherwise it is taken as :math:`\log(p_i / q_i)` alone, which is
    faster: the rounding of the quotient adds an absolute error of at most about :math:`\varepsilon / 2` to
    each log-ratio, so at most about :math:`\varepsilon / 2` to the sum, which stays inside the bound there.
    This is a bound relative to the sum of the terms' magnitudes, not to the result: for distributions that
    agree to :math:`10^{-8}`, terms of about :math:`10^{-8}` cancel to a divergence of about
    :math:`10^{-16}`, which the bound guarantees to about 7 digits (on :math:`p = (0.5, 0.5)` and
    :math:`q = (0.5 + 10^{-8}, 0.5 - 10^{-8})` the result is within a relative :math:`10^{-7}`, tested,
    where ``log(p / q)`` alone is 8% off). A sum below zero, from rounding or from inputs whose sums miss 1 by
    a rounding error, is returned as zero.

    References
    ----------
    .. [1] S. Kullback and R. A. Leibler, "On Information and Sufficiency", Annals of Mathematical Statistics
       22(1), pp. 79-86, 1951. https://doi.org/10.1214/aoms/1177729694

    Examples
    --------
    A coin that lands heads half the time, and a model that says a quarter:

    >>> from mlequations import kl_divergence
    >>> round(kl_divergence([0.5, 0.5], [0.25, 0.75], base=2), 10)   # (log2(2) + log2(2/3)) / 2
    0.2075187496
    >>> round(kl_divergence([0.25, 0.75], [0.5, 0.5], base=2), 10)   # the other way round differs
    0.1887218755

    A model that gives zero probability to an outcome that happens is infinitely wrong, while the reverse costs
    only a finite amount:

    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    >>> round(kl_divergence([1.0, 0.0], [0.5, 0.5]), 10)
    0.6931471806
    """
    p, q, axis, log_base = _check_kl_divergence(p, q, base, axis)
    kl = kernels.kl_divergence(p, q, axis) if p.size >= kernels.MIN_SIZE["kl_divergence"] else None
    if kl is None:  # small input, or input that the kernel declines
        # np.where picks the right value where the other branch divides by 0, overflows or takes log(0).
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            kl = _kl_divergence_equation(p, q, axis)
    # Gibbs' inequality: the divergence in nats is never negative; a rounding error below zero (or -0.0) is clipped
    # before the change of base, so that a base below 1 gives the (negative) divergence in that base.
    return as_result(_in_base(np.maximum(kl, 0), log_base))


def cross_entropy(p, q, *, base=None, axis=-1):
    r"""Cross-entropy of `q` relative to `p`: the expected surprise under `q` of outcomes drawn from `p`.

    It is the average code length when outcomes come from :math:`p` but the code is built for :math:`q` (a word
    of :math:`-\log q_i` for outcome :math:`i`): the entropy of :math:`p` plus the KL divergence paid for
    using the wrong distribution.

    .. math::

        H(p, q) = -\sum_{i=1}^{n} p_i \log q_i = H(p) + D_{\mathrm{KL}}(p \,\|\, q), \qquad 0 \log q_i = 0

    Parameters
    ----------
    p : array_like of float
        The true distribution along `axis`, e.g. one-hot labels: non-negative, summing to 1.
    q : array_like of float
        The predicted distribution, of the same shape as `p`.
    base : float, optional
        Base :math:`b` of the logarithm: positive and not 1. ``None`` (the default) gives nats; 2 gives bits. A
        base below 1 is allowed and gives the negative values that :math:`\log_b` implies.
    axis : int, default=-1
        Axis along which `p` and `q` sum to 1.

    Returns
    -------
    h : float or ndarray
        The cross-entropy, in :math:`[H(p), \infty]` (in :math:`[-\infty, H(p)]` for a base below 1). A
        Python float for a single pair of distributions;
        otherwise an array (one value per distribution, not averaged), float32 only when both inputs are
        float32.

    Raises
    ------
    ValueError
        If `p` or `q` is empty, 0-d, not finite, negative anywhere or does not sum to 1 along `axis` (within the
        square root of the dtype's machine epsilon); if their shapes differ; if `axis` is out of range; or if
        `base` is not positive, finite and different from 1.
    TypeError
        If `p` or `q` is boolean, complex or non-numeric, or if `axis` is not an integer or `base` is not a real
        number.

    See Also
    --------
    entropy : :math:`H(p) = H(p, p)`.
    kl_divergence : :math:`H(p, q) - H(p)`.

    Notes
    -----
    With one-hot :math:`p` the sum keeps a single term, :math:`-\log q_y`, the negative log-likelihood of the
    true class. The binary cross-entropy of a label :math:`y \in \{0, 1\}` and a predicted probability
    :math:`\hat{y}` is this formula for the two-outcome distributions :math:`p = (y, 1 - y)` and
    :math:`q = (\hat{y}, 1 - \hat{y})`; a loss averages it over samples.

    Where :math:`p_i = 0` the term is zero whatever :math:`q_i` is; where :math:`p_i > 0 = q_i` it is infinite.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, "Elements of Information Theory", 2nd ed., Wiley, 2006, section 2.3.
       https://doi.org/10.1002/047174882X

    Examples
    --------
    A fair coin coded for a fair coin costs one bit; coded for a 1-in-4 coin it costs more:

    >>> from mlequations import cross_entropy, entropy, kl_divergence
    >>> cross_entropy([0.5, 0.5], [0.5, 0.5], base=2)
    1.0
    >>> round(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2), 10)
    1.2075187496
    >>> round(entropy([0.5, 0.5], base=2) + kl_divergence([0.5, 0.5], [0.25, 0.75], base=2), 10)
    1.2075187496

    One-hot labels, one sample per row: each value is the negative log of the probability given to the true
    class, and a confident wrong answer is expensive.

    >>> labels = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    >>> predicted = [[0.8, 0.1, 0.1], [0.98, 0.01, 0.01]]
    >>> cross_entropy(labels, predicted).round(10)
    array([0.22314355, 4.60517019])
    """
    p, q, axis, log_base = _check_cross_entropy(p, q, base, axis)
    if p.size >= kernels.MIN_SIZE["cross_entropy"]:
        h = kernels.cross_entropy(p, q, axis)
    else:
        with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer where p > 0 = q
            h = _cross_entropy_equation(p, q, axis)
    # -0.0 when p and q are the same one-hot vector; cross-entropy in nats is never negative. The change of
    # base comes after, so that a base below 1 gives the (negative) cross-entropy in that base.
    return as_result(_in_base(np.maximum(h, 0), log_base))


class GaussianNaiveBayes:
    r"""Gaussian naive Bayes classifier, written from scratch.

    Bayes' theorem with two simplifications: the features are taken to be independent within each class, and
    each feature to be normally distributed within each class. Fitting estimates one mean and one variance per
    class and feature and the class frequencies; predicting picks the class with the largest posterior.

    .. math::

        \log P(c \mid \mathbf{x}) = \log P(c)
            - \frac{1}{2} \sum_{j=1}^{d} \left[ \log\left(2 \pi \sigma_{cj}^2\right)
            + \frac{(x_j - \mu_{cj})^2}{\sigma_{cj}^2} \right] - \log P(\mathbf{x}),
        \qquad \hat{y} = \operatorname*{arg\,max}_c P(c \mid \mathbf{x})

    Parameters
    ----------
    var_smoothing : float, default=1e-9
        Added to every variance, as a fraction of the largest variance of a feature over the whole training
        set, so that a feature that is constant within a class does not give a zero variance.
    priors : array_like of float, optional
        Class priors :math:`P(c)` in the order of the sorted class labels. ``None`` (the default) uses the class
        frequencies of the training set.

    Attributes
    ----------
    classes_ : ndarray
        The sorted class labels seen in `fit`.
    class_count_ : ndarray
        The number of training samples of each class.
    class_prior_ : ndarray
        :math:`P(c)`, from `priors` or the class frequencies.
    theta_ : ndarray
        :math:`\mu_{cj}`, the mean of each feature in each class, of shape (n_classes, n_features).
    var_ : ndarray
        :math:`\sigma_{cj}^2`, the smoothed variance of each feature in each class, of the same shape.
    epsilon_ : float
        The amount added to every variance.

    Raises
    ------
    ValueError
        From the constructor if `var_smoothing` is negative or not finite; from `fit` and the prediction methods
        as described there.
    TypeError
        From the constructor if `var_smoothing` is not a real number.

    See Also
    --------
    bayes_posterior : Bayes' theorem for one set of hypotheses.
    sklearn.naive_bayes.GaussianNB : The reference implementation, with the same parameters and attributes.

    Notes
    -----
    The variances are the maximum-likelihood ones (dividing by the class size, not the class size minus one),
    plus :math:`\epsilon = \text{var\_smoothing} \cdot \max_j \operatorname{Var}(x_j)`, as in scikit-learn.
    Everything is computed in log space: a product of many small densities would underflow, a sum of their
    logs does not. The evidence :math:`\log P(\mathbf{x})` is the same for every class, so `predict` and
    `predict_joint_log_proba` leave it out and `predict_proba` normalises with :func:`mlequations.softmax`.

    When two classes tie exactly, `predict` returns the first of them in `classes_`, as
    :func:`numpy.argmax` does.

    Far from every class mean the squared distances lose what tells the classes apart (at :math:`x = 10^{100}`,
    :math:`x^2` and :math:`(x - 1)^2` are the same float; at :math:`x = 10^{200}` both overflow). `predict_proba`
    and `predict` therefore compute the differences of the log-likelihoods, which are all they need, from the
    expanded distance for samples more than :math:`10^4` times farther out than the fitted means and standard
    deviations: where two classes have equal variances the squared terms cancel exactly between them, and the
    posterior is never nan. `predict_joint_log_proba` returns the
    log-likelihoods themselves and raises a `ValueError` when one of them is below the most negative float.

    References
    ----------
    .. [1] D. J. Hand and K. Yu, "Idiot's Bayes: Not So Stupid after All?", International Statistical Review
       69(3), pp. 385-398, 2001. https://doi.org/10.1111/j.1751-5823.2001.tb00465.x

    Examples
    --------
    Two well separated classes on a line:

    >>> from mlequations import GaussianNaiveBayes
    >>> X = [[0.0], [1.0], [2.0], [10.0], [11.0], [12.0]]
    >>> model = GaussianNaiveBayes().fit(X, [0, 0, 0, 1, 1, 1])
    >>> model.theta_.round(10).tolist()
    [[1.0], [11.0]]
    >>> model.predict([[3.0], [9.0]])
    array([0, 1])

    The posterior of a point far from both classes, where the densities underflow but their logs do not:

    >>> model.predict_proba([[-40.0]]).round(10)
    array([[1., 0.]])
    """

    def __init__(self, *, var_smoothing=1e-9, priors=None):
        caller = "GaussianNaiveBayes"
        self.var_smoothing = check_nonnegative_real(var_smoothing, name="var_smoothing", caller=caller)
        # A copy: as_float_array returns a view of the caller's array, which the caller may change after this.
        self.priors = None if priors is None else as_float_array(priors, name="priors", caller=caller,
                                                                 min_ndim=1).copy()
        if self.priors is not None:
            check_shape(self.priors, (self.priors.size,), name="priors", caller=caller, what="a 1-d array")
            check_probability_vector(self.priors, -1, name="priors", caller=caller)

    def fit(self, X, y):
        r"""Estimate the class priors and each class's feature means and variances.

        .. math::

            \mu_{cj} = \frac{1}{n_c} \sum_{i : y_i = c} x_{ij}, \qquad
            \sigma_{cj}^2 = \frac{1}{n_c} \sum_{i : y_i = c} (x_{ij} - \mu_{cj})^2 + \epsilon

        Parameters
        ----------
        X : array_like of float
            Training data of shape (n_samples, n_features).
        y : array_like
            Class labels of shape (n_samples,): integers or strings.

        Returns
        -------
        self : GaussianNaiveBayes
            The fitted model, so that calls chain.

        Raises
        ------
        ValueError
            If `X` is empty, not 2-d or not finite; if `y` does not hold one label per row of `X`; if `priors`
            was given with a length other than the number of classes; if a smoothed variance is zero (every
            feature constant, or no smoothing with a feature constant within a class); or if a variance
            overflows float64.
        TypeError
            If `X` is boolean, complex or non-numeric, or `y` holds neither numbers nor strings.

        Examples
        --------
        >>> from mlequations import GaussianNaiveBayes
        >>> model = GaussianNaiveBayes().fit([[1.0], [3.0], [10.0], [14.0]], ["a", "a", "b", "b"])
        >>> model.classes_.tolist(), model.theta_.ravel().tolist(), model.class_prior_.tolist()
        (['a', 'b'], [2.0, 12.0], [0.5, 0.5])
        >>> model.var_.ravel().round(6).tolist()   # 1 and 4, plus 1e-9 times the variance of all four points
        [1.0, 4.0]
        """
        X, y = _check_naive_bayes_fit(X, y)
        with np.errstate(over="ignore", invalid="ignore"):  # a variance past the largest float: reported just below
            classes, prior, theta, var, epsilon = _class_statistics_equation(X, y, self.var_smoothing)
        _check_class_statistics(classes, var, self.priors)
        self.classes_ = classes
        self.class_count_ = np.round(prior * y.shape[0])  # n_c, which P(c) = n_c / n holds exactly
        self.class_prior_ = (prior if self.priors is None else np.array(self.priors)).astype(X.dtype)
        self.theta_, self.var_, self.epsilon_ = theta, var, epsilon
        return self

    def predict_joint_log_proba(self, X):
        r"""Log of the joint probability :math:`P(c, \mathbf{x}) = P(c) \prod_j p(x_j \mid c)` for every class.

        .. math::

            \log P(c, \mathbf{x}) = \log P(c) - \frac{1}{2} \sum_{j=1}^{d} \left[
                \log\left(2 \pi \sigma_{cj}^2\right) + \frac{(x_j - \mu_{cj})^2}{\sigma_{cj}^2} \right]

        Parameters
        ----------
        X : array_like of float
            Samples of shape (n_samples, n_features), with the number of features seen in `fit`.

        Returns
        -------
        jll : ndarray
            Shape (n_samples, n_classes); columns in the order of `classes_`.

        Raises
        ------
        ValueError
            If the model is not fitted, or `X` is empty, not finite or has a different number of features, or
            a sample is so far from a class of positive prior that its log-likelihood is below the most
            negative float (predict_proba and predict still handle such samples).
        TypeError
            If `X` is boolean, complex or non-numeric.

        Examples
        --------
        One feature, two classes with means 0 and 2 and unit variance, equal priors:

        >>> from mlequations import GaussianNaiveBayes
        >>> model = GaussianNaiveBayes(var_smoothing=0.0).fit([[-1.0], [1.0], [1.0], [3.0]], [0, 0, 1, 1])
        >>> model.predict_joint_log_proba([[0.0]]).round(10)   # log(1/2) - log(2 pi)/2, then 2 less for class 1
        array([[-1.61208571, -3.61208571]])
        """
        caller = "GaussianNaiveBayes.predict_joint_log_proba"
        X, jll = self._joint_log_proba(X, caller)
        check_joint_log_proba_finite(jll, np.log(self.class_prior_), X, caller=caller)
        return jll

    def predict_proba(self, X):
        r"""Posterior probability :math:`P(c \mid \mathbf{x})` of every class.

        .. math::

            P(c \mid \mathbf{x}) = \frac{\exp \log P(c, \mathbf{x})}{\sum_{k} \exp \log P(k, \mathbf{x})}

        Parameters
        ----------
        X : array_like of float
            Samples of shape (n_samples, n_features), with the number of features seen in `fit`.

        Returns
        -------
        proba : ndarray
            Shape (n_samples, n_classes), each row summing to 1; columns in the order of `classes_`.

        Raises
        ------
        ValueError
            If the model is not fitted, or `X` is empty, not finite or has a different number of features.
        TypeError
            If `X` is boolean, complex or non-numeric.

        Examples
        --------
        >>> from mlequations import GaussianNaiveBayes
        >>> model = GaussianNaiveBayes(var_smoothing=0.0).fit([[-1.0], [1.0], [1.0], [3.0]], [0, 0, 1, 1])
        >>> model.predict_proba([[0.0], [1.0]]).round(10)   # 1 / (1 + e^-2) at 0; a tie at 1
        array([[0.88079708, 0.11920292],
               [0.5       , 0.5       ]])

        Far out, the squared distances overflow, yet the class whose mean is nearer still wins outright:

        >>> model.predict_proba([[1e200], [-1e200]]).round(10)
        array([[0., 1.],
               [1., 0.]])
        """
        # The posterior is the softmax of the joint log-likelihoods over the classes (the evidence cancels).
        return softmax(self._shifted_log_proba(X, "GaussianNaiveBayes.predict_proba"), axis=1)

    def predict(self, X):
        r"""The class of largest posterior probability for each sample.

        .. math::

            \hat{y} = \operatorname*{arg\,max}_c \log P(c, \mathbf{x})

        Parameters
        ----------
        X : array_like of float
            Samples of shape (n_samples, n_features), with the number of features seen in `fit`.

        Returns
        -------
        y_pred : ndarray
            Shape (n_samples,), labels from `classes_`. An exact tie goes to the class that comes first in
            `classes_`.

        Raises
        ------
        ValueError
            If the model is not fitted, or `X` is empty, not finite or has a different number of features.
        TypeError
            If `X` is boolean, complex or non-numeric.

        Examples
        --------
        >>> from mlequations import GaussianNaiveBayes
        >>> model = GaussianNaiveBayes(var_smoothing=0.0).fit([[-1.0], [1.0], [1.0], [3.0]], [0, 0, 1, 1])
        >>> model.predict([[0.0], [0.999], [1.0], [1.001]])   # 1.0 is an exact tie: the first class wins
        array([0, 0, 0, 1])
        """
        shifted = self._shifted_log_proba(X, "GaussianNaiveBayes.predict")
        return self.classes_[np.argmax(shifted, axis=1)]

    def _joint_log_proba(self, X, caller):
        """The checked samples and their joint log-likelihoods, one row per sample, one column per class."""
        X = _check_naive_bayes_samples(self, X, caller)
        # A squared distance past the largest float becomes inf, and its log-likelihood -inf: the callers deal
        # with that. A prior of 0 gives log 0 = -inf: that class is never predicted.
        with np.errstate(over="ignore", divide="ignore"):
            return X, _joint_log_likelihood_equation(X, self.class_prior_, self.theta_, self.var_)

    def _log_prior_and_norm(self):
        """The part of the joint log-likelihood that does not depend on x: log P(c) - sum_j log(2 pi var_cj) / 2."""
        log_norm = np.sum(np.log(2 * np.pi * self.var_), axis=1)
        with np.errstate(divide="ignore"):  # a prior of zero gives log 0 = -inf: that class is never predicted
            log_prior = np.log(self.class_prior_)
        return log_prior - 0.5 * log_norm

    def _shifted_log_proba(self, X, caller):
        """The joint log-likelihood minus its row maximum: the log-posterior up to a
        log-sum-exp, at most 0.

        Far from every class mean, the squared distances lose what tells the classes apart:
        at x = 1e100 with means 0 and 1, (x - 0)^2 and (x - 1)^2 round to the same float,
        and at x = 1e200 both overflow, so the joint log-likelihoods are all -inf and their
        differences nan. For a sample whose largest magnitude s is more than 1e4 times the
        size of the fitted means and standard deviations, or whose every log-likelihood
        overflowed, the differences are computed from the expanded distance, with x = s u:

            sum_j (x_j - mu_cj)^2 / var_cj = s^2 A_c - 2 s B_c + C_c,

        where A_c = sum u^2 / var, B_c = sum u mu / var and C_c = sum mu^2 / var. Relative
        to a reference class b (least A, then largest B) the difference is

            (g_c - g_b) + s [(B_c - B_b) - s (A_c - A_b) / 2],

        with g = log prior - log norm / 2 - C / 2: the cross term 2 s B decides exactly when
        the variances are equal, and an overflow is a trail of -inf (a posterior of 0).
        """
        X, jll = self._joint_log_proba(X, caller)
        size = max(float(np.max(np.abs(self.theta_))), float(np.sqrt(np.max(self.var_))))
        far = np.all(np.isneginf(jll), axis=1) | (np.max(np.abs(X), axis=1) > 1e4 * size)
        if np.any(far):
            x = X[far]
            # Positive: a row of zeros is never far.
            scale = np.max(np.abs(x), axis=1, keepdims=True)
            u = x / scale
            inv_var = 1 / self.var_
            A = u**2 @ inv_var.T
            B = u @ (self.theta_ * inv_var).T
            with np.errstate(over="ignore"):  # sum mu^2 / var past the largest float: see below
                C = np.sum(self.theta_**2 * inv_var, axis=1)
                g = self._log_prior_and_norm() - 0.5 * C
            g = np.broadcast_to(g, A.shape)
            rows = np.arange(x.shape[0])
            # The reference class: of those with a positive prior, least A, then largest B and g.
            ref = np.lexsort((-g, -B, A, ~np.isfinite(g)), axis=1)[:, 0]
            dA, dB, dg = (v - v[rows, ref][:, None] for v in (A, B, g))
            with np.errstate(over="ignore", invalid="ignore"):  # an overflow: a posterior of 0
                relative = dg + scale * (dB - 0.5 * scale * dA)
            # A prior of zero: never, whatever the distance.
            relative = np.where(np.isfinite(g), relative, -np.inf)
            check_shifted_log_proba(relative, x, caller=caller)
            jll[far] = relative
        return jll - np.max(jll, axis=1, keepdims=True)
