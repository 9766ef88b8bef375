"""Softmax, log-softmax and log-sum-exp, computed without overflow.

The three share one trick: subtract the largest score before exponentiating. Losses and attention build on
these functions rather than exponentiating scores themselves.
"""

import numpy as np

from ._validation import (
    as_float_array,
    as_result,
    check_axis,
    check_bool,
    check_log_probabilities_finite,
    check_positive_scalar,
    fail_all_impossible,
)

__all__ = ["log_softmax", "log_sum_exp", "softmax"]


def _scores(z, axis, temperature, *, name, caller):
    """Validate scores and return them shifted so that the largest along `axis` is 0, then divided by T, with the
    largest score and its position.

    -inf is allowed (an impossible outcome). The maximum of an all -inf slice is replaced by 0, so that such a
    slice stays all -inf instead of becoming ``-inf - -inf = nan``.
    """
    z = as_float_array(z, name=name, caller=caller, min_ndim=1, allow_neg_inf=True)
    axis = check_axis(axis, z, name=name, caller=caller)
    # argmax finds the largest score and its position in one pass; _log_normaliser needs the position too.
    where_top = np.argmax(z, axis=axis, keepdims=True)
    top = np.take_along_axis(z, where_top, axis=axis)
    if temperature is not None:
        temperature = check_positive_scalar(temperature, name="temperature", caller=caller)
    return z, axis, top, _shift(z, top, temperature), where_top


def _shift(z, top, temperature, *, out=None):
    """``(z - top) / temperature`` for the maximum `top` of `z`, into a new array or `out`.

    A score more than the largest float below the top (or that far after dividing by a tiny temperature) is
    shifted to -inf: its exponential, 0, is exact; log_softmax reports the lost log-probability by name.
    """
    with np.errstate(over="ignore"):
        shifted = np.subtract(z, np.where(np.isneginf(top), 0, top).astype(z.dtype, copy=False), out=out)
        if temperature is not None and temperature != 1.0:
            # Dividing after the shift keeps every exponent <= 0, so a small temperature cannot overflow.
            shifted /= float(temperature)
    return shifted


def _log_normaliser(shifted, axis, where_top, *, overwrite=False):
    """``log(sum(exp(shifted)))`` along `axis`, for scores whose largest entry, at `where_top`, is 0.

    That entry contributes exactly 1 to the sum, so the result is ``log1p`` of the other terms: when they are
    small (a confident prediction), ``log(1 + s)`` would round ``1 + s`` and lose the digits of ``s``. With
    `overwrite`, the exponentials are written over `shifted`, which saves an array when the caller is done
    with it.
    """
    terms = np.exp(shifted, out=shifted if overwrite else None)
    np.put_along_axis(terms, where_top, 0, axis=axis)
    return np.log1p(np.sum(terms, axis=axis, keepdims=True))


def softmax(z, *, axis=-1, temperature=1.0):
    r"""Softmax: turn real-valued scores into probabilities.

    Exponentiating makes every score positive, and dividing by the sum makes them add to one; the order of the
    scores is kept. A temperature :math:`T` sharpens (:math:`T < 1`) or flattens (:math:`T > 1`) the result.

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
    and the largest term is exactly one, so the sum is at least one and the division is safe. The textbook
    form :math:`e^{z_i} / \sum_j e^{z_j}` returns NaN as soon as a score passes about 709.78 in float64
    (88.72 in float32), where :math:`e^{z}` overflows.

    As :math:`T \to 0` softmax tends to the indicator of the largest score (a "hard" argmax); as
    :math:`T \to \infty` it tends to the uniform distribution.

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
    z, axis, top, shifted, _ = _scores(z, axis, temperature, name="z", caller="softmax")
    if np.any(np.isneginf(top)):
        fail_all_impossible("z", "softmax", axis, z)
    probs = np.exp(shifted, out=shifted)  # in place: the shifted scores are not needed again
    probs /= np.sum(probs, axis=axis, keepdims=True)
    return probs


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

    A score 1000 below the others has probability about exp(-1000), which is 0 in float64, so its
    logarithm through softmax would be ``-inf``. Computed directly, it is finite:

    >>> log_softmax([0.0, 0.0, -1000.0]).round(10).tolist()
    [-0.6931471806, -0.6931471806, -1000.6931471806]
    """
    return _log_softmax(z, axis, temperature, name="z", caller="log_softmax")


def _log_softmax(z, axis, temperature, *, name, caller):
    """log_softmax with errors naming `name` of `caller` (softmax_cross_entropy calls it on its 'logits')."""
    z, axis, top, shifted, where_top = _scores(z, axis, temperature, name=name, caller=caller)
    if np.any(np.isneginf(top)):
        fail_all_impossible(name, caller, axis, z)
    # The exponentials are written over the shifted scores, which are then shifted again into the same array:
    # one more subtraction costs less than a second array of the input's size.
    log_normaliser = _log_normaliser(shifted, axis, where_top, overwrite=True)
    log_probs = _shift(z, top, temperature, out=shifted)
    log_probs -= log_normaliser
    check_log_probabilities_finite(log_probs, z, name=name, caller=caller)
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
        Values to reduce, e.g. logits or log-probabilities; at least 1-d. ``-inf`` (a zero term) is allowed.
    axis : int, default=-1
        Axis along which to reduce.
    keepdims : bool, default=False
        Keep the reduced axis with length one.

    Returns
    -------
    lse : float or ndarray
        A Python float when the result is 0-d; otherwise float32 for float32 input and float64 otherwise.
        ``-inf`` for a slice that is all ``-inf`` (the log of an empty sum).

    Raises
    ------
    ValueError
        If `x` is 0-d, empty, or contains NaN or ``+inf``, or if `axis` is out of range.
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
    """
    check_bool(keepdims, name="keepdims", caller="log_sum_exp")
    x, axis, top, shifted, where_top = _scores(x, axis, None, name="x", caller="log_sum_exp")
    # An all -inf slice is the log of an empty sum, -inf; its shifted entries stay -inf and would give 0.
    out = np.where(np.isneginf(top), top, top + _log_normaliser(shifted, axis, where_top, overwrite=True))
    if not keepdims:
        out = np.squeeze(out, axis=axis)
    return as_result(out)
