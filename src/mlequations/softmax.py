"""Softmax, log-softmax and log-sum-exp, computed without overflow.

The three share one trick: subtract the largest score before exponentiating. Losses and attention build on
these functions rather than exponentiating scores themselves.
"""

import numpy as np

from ._kernels import softmax as kernels
from ._validation import (
    as_float_array,
    as_result,
    check_axis,
    check_bool,
    check_log_probabilities_finite,
    check_positive_scalar,
    check_scores_maximum,
    fail_all_impossible,
    writeable_behind,
)

__all__ = ["log_softmax", "log_sum_exp", "softmax"]


# -- the equations -------------------------------------------------------------------------------------------------

def _softmax_equation(z, axis, temperature):
    """softmax(z / T) along `axis`, from z - max(z): no exponent is above 0."""
    m = np.max(z, axis=axis, keepdims=True)
    e = np.exp((z - m) / temperature)
    return e / np.sum(e, axis=axis, keepdims=True)


def _log_softmax_equation(z, axis, temperature):
    """log softmax(z / T) along `axis`: the shifted scores less the log of the sum of their exponentials.

    The maximum's term of the sum is exactly 1: log1p adds it back, and tiny terms keep their digits.
    """
    m = np.max(z, axis=axis, keepdims=True)
    shifted = (z - m) / temperature
    e = np.exp(shifted)
    np.put_along_axis(e, np.argmax(z, axis=axis, keepdims=True), 0.0, axis=axis)  # the maximum's 1
    return shifted - np.log1p(np.sum(e, axis=axis, keepdims=True))


def _log_sum_exp_equation(x, axis):
    """log sum exp(x) along `axis`, with the maximum m factored out of the sum.

    A slice of only -inf is shifted by 0 instead, and its result is m = -inf. The maximum's term of the sum is
    exactly 1: log1p adds it back, and tiny terms keep their digits.
    """
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(m), m, 0.0))
    np.put_along_axis(e, np.argmax(x, axis=axis, keepdims=True), 0.0, axis=axis)  # the maximum's 1
    return np.squeeze(m + np.log1p(np.sum(e, axis=axis, keepdims=True)), axis=axis)


# -- the checks ----------------------------------------------------------------------------------------------------

def _checked_scores(z, axis, temperature, *, name, caller, allow_posinf=False):
    """Check scores and find the largest along `axis`; -inf is allowed (an impossible outcome).

    Returns the kernels' `Scores`. The values are checked on the maxima, not in a pass of their own: argmax
    finds the largest score and its position in one pass (the kernels need the position), and a NaN or +inf
    anywhere in a slice is what argmax picks there, so checking the maxima checks every value.
    """
    z = as_float_array(z, name=name, caller=caller, min_ndim=1, check_values=False)
    axis = check_axis(axis, z, name=name, caller=caller)
    where_top = np.argmax(writeable_behind(z), axis=axis, keepdims=True)
    top = np.take_along_axis(z, where_top, axis=axis)
    check_scores_maximum(top.max(), z, name=name, caller=caller, allow_posinf=allow_posinf)
    if temperature is not None:
        temperature = check_positive_scalar(temperature, name="temperature", caller=caller)
        temperature = None if temperature == 1.0 else temperature
    return kernels.Scores(z, axis, top, where_top, temperature)


def _check_softmax(z, axis, temperature, *, name="z", caller="softmax"):
    """The checked scores of softmax (and of log_softmax): no NaN, no +inf, no slice of only -inf."""
    scores = _checked_scores(z, axis, temperature, name=name, caller=caller)
    if np.any(np.isneginf(scores.top)):
        fail_all_impossible(name, caller, scores.axis, scores.z)
    return scores


def _check_log_softmax(z, axis, temperature, *, name="z", caller="log_softmax"):
    """The checked scores of log_softmax: those of softmax."""
    return _check_softmax(z, axis, temperature, name=name, caller=caller)


def _check_log_sum_exp(x, axis, keepdims):
    """The checked values of log_sum_exp: no NaN; empty arrays, -inf and +inf allowed. Returns the scores (None
    for an empty array), the checked axis and keepdims."""
    caller = "log_sum_exp"
    keepdims = check_bool(keepdims, name="keepdims", caller=caller)
    x = as_float_array(x, name="x", caller=caller, min_ndim=1, check_values=False, allow_empty=True)
    if x.size == 0:
        return None, check_axis(axis, x, name="x", caller=caller), keepdims, x
    scores = _checked_scores(x, axis, None, name="x", caller=caller, allow_posinf=True)
    return scores, scores.axis, keepdims, x


def _check_lost_log_probabilities(log_probs, scores, *, name, caller):
    """Raise where a finite score got a log-probability of -inf (it lies more than the largest float below the
    top). Scores that the kernel takes without the shift lie less than 1420 apart: none can be lost."""
    if scores.z.size < kernels.MIN_SIZE or not kernels.exp_as_is(scores):
        check_log_probabilities_finite(log_probs, scores.z, name=name, caller=caller)


# -- what the losses need ------------------------------------------------------------------------------------------

def _class_log_probabilities(scores, labels=None, *, name, caller):
    """The log-softmax of checked scores along their last axis, or only its entries at integer `labels` (shape
    ``scores.z.shape[:-1]``, one per slice), with lost log-probabilities named as log_softmax names them."""
    if labels is None:
        log_probs = _log_softmax(scores)
        _check_lost_log_probabilities(log_probs, scores, name=name, caller=caller)
        return log_probs
    # -log softmax(z)_y = (m - z_y) + log sum exp(z - m): the log-softmax of the labelled class alone.
    normaliser, _ = kernels.log_normaliser(scores, kernels.exp_as_is(scores))
    labelled = np.take_along_axis(scores.z, labels[..., np.newaxis], axis=-1)
    with np.errstate(over="ignore"):  # a labelled score more than the largest float below the top: named below
        log_probs = (labelled - scores.top) - normaliser
    check_log_probabilities_finite(log_probs, labelled, name=name, caller=caller)
    return log_probs[..., 0]


def _log_softmax(scores):
    """The log-softmax of checked scores: the equation function on small input, the kernel on large."""
    if scores.z.size < kernels.MIN_SIZE:
        with np.errstate(over="ignore"):  # a score more than the largest float below the top: named by callers
            return _log_softmax_equation(scores.z, scores.axis, scores.temperature or 1.0)
    return kernels.log_softmax(scores)


def softmax(z, *, axis=-1, temperature=1.0):
    r"""Softmax: turn real-valued scores into probabilities.

    Exponentiating turns every score into a positive term, and dividing by the sum makes the terms add to one; a
    larger score gets a larger probability. A temperature :math:`T` sharpens (:math:`T < 1`) or flattens
    (:math:`T > 1`) the result, compared with :math:`T = 1`.

    .. math::

        \sigma(\mathbf{z})_i = \frac{e^{z_i / T}}{\sum_{j=1}^{n} e^{z_j / T}}
        = \frac{e^{(z_i - m) / T}}{\sum_{j=1}^{n} e^{(z_j - m) / T}}, \qquad m = \max_j z_j

    Parameters
    ----------
    z : array_like of float
        Scores (logits) along `axis`, at least 1-d. ``-inf`` marks an impossible outcome, whose probability is
        exactly 0. NaN and ``+inf`` are rejected.
    axis : int, default=-1
        Axis along which the probabilities sum to one.
    temperature : float, default=1.0
        Positive, finite divisor of the scores.

    Returns
    -------
    probs : ndarray
        The same shape as `z`; non-negative, summing to one along `axis`. float32 for float32 input, float64
        otherwise.

    Raises
    ------
    ValueError
        If `z` is 0-d, empty, contains NaN or ``+inf``, or has a slice along `axis` that is all ``-inf``; if
        `axis` is out of range; or if `temperature` is not positive and finite.
    TypeError
        If `z` is boolean, complex or non-numeric, or `axis` or `temperature` has the wrong type.

    See Also
    --------
    log_softmax : The logarithm of softmax, computed without taking the log of a rounded-off zero.
    log_sum_exp : The normaliser, :math:`\log \sum_j e^{z_j}`.
    scipy.special.softmax : The same function, without a temperature.

    Notes
    -----
    Softmax does not change when a constant is added to every score, so subtracting the maximum :math:`m`
    changes nothing mathematically; numerically it keeps every exponent at or below zero, so nothing overflows,
    and the largest term is exactly one, so the sum is at least one and the division is safe. On large arrays,
    the package's fast path skips the shift when no sum of exponentials can overflow and no exponential loses
    digits to underflow: there the shift would only add a rounding. The textbook form
    :math:`e^{z_i} / \sum_j e^{z_j}` gives NaN for a score above the logarithm of the largest finite float of
    the dtype, where :math:`e^{z}` overflows and the quotient is :math:`\infty / \infty`.

    As :math:`T \to 0` softmax tends to the indicator of the largest score (a "hard" argmax) when that score is
    unique, and to equal shares among the tied largest scores otherwise; as :math:`T \to \infty` it tends to
    the uniform distribution over the finite scores.

    References
    ----------
    .. [1] J. S. Bridle, "Probabilistic Interpretation of Feedforward Classification Network Outputs, with
       Relationships to Statistical Pattern Recognition", in Neurocomputing, NATO ASI Series F68, Springer,
       1990, pp. 227-236. https://doi.org/10.1007/978-3-642-76153-9_28

    Examples
    --------
    >>> from mlequations import softmax
    >>> softmax([0.0, 0.0, 0.0, 0.0]).tolist()
    [0.25, 0.25, 0.25, 0.25]
    >>> softmax([1.0, 2.0, 3.0]).round(8).tolist()
    [0.09003057, 0.24472847, 0.66524096]

    Adding 1000 to every score changes nothing, and does not overflow:

    >>> softmax([1001.0, 1002.0, 1003.0]).round(8).tolist()
    [0.09003057, 0.24472847, 0.66524096]

    A low temperature sharpens the distribution, and ``-inf`` rules an outcome out:

    >>> softmax([1.0, 2.0, 3.0], temperature=0.5).round(8).tolist()
    [0.01587624, 0.11731043, 0.86681333]
    >>> softmax([1.0, 2.0, -np.inf]).round(8).tolist()
    [0.26894142, 0.73105858, 0.0]
    """
    scores = _check_softmax(z, axis, temperature)
    if scores.z.size >= kernels.MIN_SIZE:
        return kernels.softmax(scores)
    with np.errstate(over="ignore"):  # a score more than the largest float below the top: exp(-inf) = 0, exact
        return _softmax_equation(scores.z, scores.axis, scores.temperature or 1.0)


def log_softmax(z, *, axis=-1, temperature=1.0):
    r"""Logarithm of the softmax, computed directly from the scores.

    Taking ``log(softmax(z))`` loses every probability that rounds to zero (its log becomes ``-inf``);
    subtracting the log-sum-exp from the scores keeps them.

    .. math::

        \log \sigma(\mathbf{z})_i = \frac{z_i - m}{T} - \log \sum_{j=1}^{n} e^{(z_j - m) / T},
        \qquad m = \max_j z_j

    Parameters
    ----------
    z : array_like of float
        Scores (logits) along `axis`, at least 1-d; ``-inf`` marks an impossible outcome.
    axis : int, default=-1
        Axis along which the probabilities sum to one.
    temperature : float, default=1.0
        Positive, finite divisor of the scores.

    Returns
    -------
    log_probs : ndarray
        The same shape as `z`, all :math:`\le 0`; ``-inf`` exactly where `z` is ``-inf``. float32 for float32
        input, float64 otherwise.

    Raises
    ------
    ValueError
        If `z` is 0-d, empty, contains NaN or ``+inf``, or has a slice along `axis` that is all ``-inf``; if
        `axis` is out of range; if `temperature` is not positive and finite; or if a finite score lies more
        than the largest float below the top of its slice (after dividing by the temperature), so that its
        log-probability is not a float.
    TypeError
        If `z` is boolean, complex or non-numeric, or `axis` or `temperature` has the wrong type.

    See Also
    --------
    softmax : ``exp(log_softmax(z))``.
    log_sum_exp : The normaliser that is subtracted.
    scipy.special.log_softmax : The same function, without a temperature.

    Notes
    -----
    The sum inside the logarithm lies in :math:`[1, n]`, because its largest term is :math:`e^0 = 1`, so the
    logarithm is always finite, and the result stays accurate even where the probability itself underflows to
    zero. That largest term is split off and the logarithm taken as :math:`\operatorname{log1p}` of the rest,
    so the log-probability of a near-certain outcome, a tiny negative number, keeps its digits too.

    Examples
    --------
    >>> from mlequations import log_softmax
    >>> log_softmax([0.0, 0.0]).round(10).tolist()          # log(1/2) twice
    [-0.6931471806, -0.6931471806]

    A score 1000 below two others has probability :math:`e^{-1000} / (2 + e^{-1000})`, which rounds to 0 in
    float64, so its logarithm through softmax would be ``-inf``. Computed directly, it is finite:

    >>> log_softmax([0.0, 0.0, -1000.0]).round(10).tolist()
    [-0.6931471806, -0.6931471806, -1000.6931471806]
    """
    scores = _check_log_softmax(z, axis, temperature)
    log_probs = _log_softmax(scores)
    _check_lost_log_probabilities(log_probs, scores, name="z", caller="log_softmax")
    return log_probs


def log_sum_exp(x, /, *, axis=-1, keepdims=False):
    r"""Log of the sum of exponentials, computed without overflow.

    The largest entry is factored out before exponentiating, so large values do not overflow and very
    negative ones do not all underflow to zero.

    .. math::

        \operatorname{LSE}(\mathbf{x}) = \log \sum_{i=1}^{n} e^{x_i}
        = m + \log \sum_{i=1}^{n} e^{x_i - m}, \qquad m = \max_i x_i

    Parameters
    ----------
    x : array_like of float
        Values to reduce, e.g. logits or log-probabilities; at least 1-d, possibly empty. ``-inf`` (a zero
        term) and ``+inf`` (an infinite term) are allowed; NaN is not.
    axis : int, default=-1
        Axis along which to reduce.
    keepdims : bool, default=False
        Keep the reduced axis with length one.

    Returns
    -------
    lse : float or ndarray
        A Python float when the result is 0-d; otherwise float32 for float32 input and float64 otherwise.
        ``-inf`` for a slice that is empty or all ``-inf`` (the log of an empty sum, or of a sum of zeros), and
        ``+inf`` for a slice that holds ``+inf``, as in ``scipy.special.logsumexp``.

    Raises
    ------
    ValueError
        If `x` is 0-d or contains NaN, or if `axis` is out of range.
    TypeError
        If `x` is boolean, complex or non-numeric, `axis` is not an integer, or `keepdims` is not a bool.

    See Also
    --------
    softmax : ``exp(x - log_sum_exp(x, keepdims=True))``.
    scipy.special.logsumexp : The same reduction, with optional weights.

    Notes
    -----
    Every shifted exponent is at most zero and one of them equals zero, so the inner sum lies in :math:`[1, n]`
    and :math:`\max_i x_i \le \operatorname{LSE}(\mathbf{x}) \le \max_i x_i + \log n`. The log-sum-exp is a
    smooth upper bound of the maximum.

    Examples
    --------
    >>> from mlequations import log_sum_exp
    >>> round(log_sum_exp([0.0, 0.0]), 10)          # log 2
    0.6931471806
    >>> round(log_sum_exp([1000.0, 1000.0]), 10)    # exp(1000) overflows; the shifted form does not
    1000.6931471806
    >>> log_sum_exp([[0.0, -np.inf], [-np.inf, -np.inf]]).tolist()
    [0.0, -inf]

    Where the mathematics gives a value, it is returned: the logarithm of an empty sum is
    :math:`\log 0 = -\infty`, and that of a sum with an infinite term is :math:`+\infty`.

    >>> log_sum_exp(np.array([])), log_sum_exp([1.0, np.inf])
    (-inf, inf)
    """
    scores, axis, keepdims, x = _check_log_sum_exp(x, axis, keepdims)
    if scores is None:  # the log of an empty sum: -inf for each slice (SciPy's convention)
        return as_result(np.full(np.sum(np.zeros(x.shape), axis=axis, keepdims=keepdims).shape, -np.inf, x.dtype))
    # A +inf term makes the sum +inf, whatever else the slice holds; the maxima are +inf exactly there.
    infinite = np.isposinf(scores.top) if scores.top.max() == np.inf else None
    if infinite is not None:
        scores = _checked_scores(np.where(infinite, 0.0, x).astype(x.dtype), axis, None, name="x",
                                 caller="log_sum_exp")
    if x.size >= kernels.MIN_SIZE:
        out = kernels.log_sum_exp(scores)
    else:
        with np.errstate(over="ignore"):  # x - m past the largest float: exp(-inf) = 0, exact
            out = np.expand_dims(_log_sum_exp_equation(scores.z, axis), axis)
    if infinite is not None:
        out[infinite] = np.inf
    return as_result(out if keepdims else np.squeeze(out, axis=axis))
