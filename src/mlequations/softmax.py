"""Softmax, log-softmax and log-sum-exp, computed without overflow.

The three share one trick: subtract the largest score before exponentiating. Losses and attention build on
these functions rather than exponentiating scores themselves.
"""

import math
from typing import NamedTuple

import numpy as np

from ._rowwise import rowwise
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

# exp(x) is a normal float above the first bound and finite below the second (each 1 inside the exact limit,
# log(tiny) and log(max), so that exp's own rounding cannot cross it).
_EXP_RANGE = {np.dtype(t): (float(np.log(np.finfo(t).tiny)) + 1, float(np.log(np.finfo(t).max)) - 1)
              for t in (np.float32, np.float64)}


class _Scores(NamedTuple):
    """Validated scores, the axis to normalise along, the largest score of each slice (kept dims) and where it
    is, the temperature (None for 1), and whether ``exp(z)`` may be taken without the shift (`_exp_as_is`)."""

    z: np.ndarray
    axis: int
    top: np.ndarray
    where_top: np.ndarray
    temperature: float | None
    exp_as_is: bool


def _scores(z, axis, temperature, *, name, caller, allow_posinf=False):
    """Validate scores and find the largest along `axis`. -inf is allowed (an impossible outcome)."""
    # The values are checked on the maxima found below, not in a pass of their own.
    z = as_float_array(z, name=name, caller=caller, min_ndim=1, check_values=False)
    axis = check_axis(axis, z, name=name, caller=caller)
    # argmax finds the largest score and its position in one pass (_log_normaliser needs the position), and a
    # NaN or +inf anywhere in a slice is what argmax picks there, so checking the maxima checks every value.
    where_top = np.argmax(writeable_behind(z), axis=axis, keepdims=True)
    top = np.take_along_axis(z, where_top, axis=axis)
    check_scores_maximum(top.max(), z, name=name, caller=caller, allow_posinf=allow_posinf)
    if temperature is not None:
        temperature = check_positive_scalar(temperature, name="temperature", caller=caller)
        temperature = None if temperature == 1.0 else temperature
    return _Scores(z, axis, top, where_top, temperature, _exp_as_is(z, axis, top, temperature))


def _check_possible(scores, *, name, caller):
    """Raise for a slice that is all -inf: no outcome is possible there."""
    if np.any(np.isneginf(scores.top)):
        fail_all_impossible(name, caller, scores.axis, scores.z)


def _exp_as_is(z, axis, top, temperature):
    """Whether ``exp(z)`` may be taken as it is, without shifting the scores by their maximum first.

    It may when the sums of exponentials along the axis are finite and every exponential is as accurate as the
    shifted one would be. The first holds when every top lies below ``log(max) - log(n)``. The second holds
    when every exponential is a normal float (every score above ``log(tiny)``, about -708 in float64 and -87
    in float32), or when every top is at least 0: then an exponential that is subnormal (or 0) shifted is
    subnormal (or 0) unshifted as well, with the same absolute error, and dividing by the sum, at least
    ``exp(top) >= 1``, does not magnify it. The plain form is then the more accurate one: ``z - top`` is one more
    rounding, which ``exp`` magnifies by up to ``|z - top|``. The first test costs nothing (the tops are
    known); the second reads the scores once, and only when some top is negative. A temperature (whose division
    rounds the scores) and a slice that is all -inf always take the shifted form.
    """
    if temperature is not None:
        return False
    low, high = _EXP_RANGE[z.dtype]
    if not top.max() < high - math.log(z.shape[axis]):
        return False
    return bool(top.min() >= 0 or z.min() > low)


def _shift(scores, *, out=None):
    """``(z - top) / temperature``, into a new array or `out`.

    A score more than the largest float below the top (or that far after dividing by a tiny temperature) is
    shifted to -inf: its exponential, 0, is exact; log_softmax reports the lost log-probability by name. The
    maximum of an all -inf slice is taken as 0, so that such a slice stays all -inf instead of becoming
    ``-inf - -inf = nan``.
    """
    z, top = scores.z, scores.top
    with np.errstate(over="ignore"), rowwise(z, scores.axis):
        shifted = np.subtract(z, np.where(np.isneginf(top), 0, top).astype(z.dtype, copy=False), out=out)
        if scores.temperature is not None:
            # Dividing after the shift keeps every exponent <= 0, so a small temperature cannot overflow.
            shifted /= scores.temperature
    return shifted


def _exponentials(scores):
    """``exp((z - top) / T)``, or ``exp(z)`` where `_exp_as_is` allows it, in a new array."""
    if scores.exp_as_is:
        return np.exp(scores.z)
    terms = _shift(scores)
    return np.exp(terms, out=terms)  # in place: the shifted scores are not needed again


def _log_normaliser(scores):
    """``log(sum(exp((z - top) / T)))`` along the axis (kept dims), and a scratch array of the input's size.

    The top entry contributes exactly 1 to the sum, so the result is ``log1p`` of the other terms: when they are
    small (a confident prediction), ``log(1 + s)`` would round ``1 + s`` and lose the digits of ``s``. Without
    a shift the other terms are ``exp(z) / exp(top)``; the scratch array (their exponentials) is the caller's
    to overwrite.
    """
    terms = _exponentials(scores)
    np.put_along_axis(terms, scores.where_top, 0, axis=scores.axis)
    rest = np.sum(terms, axis=scores.axis, keepdims=True)
    if scores.exp_as_is:
        rest /= np.exp(scores.top)  # the sum of exp(z - top), less the top's 1, divided out after the fact
    return np.log1p(rest), terms


def _log_softmax(scores, *, name, caller):
    """log_softmax of validated scores, with errors naming `name` of `caller`."""
    log_normaliser, scratch = _log_normaliser(scores)
    # The log-probabilities are written over the scratch array: no second array of the input's size.
    log_probs = _shift(scores, out=scratch)
    with rowwise(log_probs, scores.axis):
        log_probs -= log_normaliser
    if not scores.exp_as_is:  # scores that pass _exp_as_is lie less than 1420 apart: none can be lost
        check_log_probabilities_finite(log_probs, scores.z, name=name, caller=caller)
    return log_probs


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
    and the largest term is exactly one, so the sum is at least one and the division is safe. When no score
    comes near the limits of ``exp`` (every score between about -708 and 700 in float64), the shift is
    skipped: it would only add a rounding. The textbook
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
    scores = _scores(z, axis, temperature, name="z", caller="softmax")
    _check_possible(scores, name="z", caller="softmax")
    probs = _exponentials(scores)
    with rowwise(probs, scores.axis):
        probs /= np.sum(probs, axis=scores.axis, keepdims=True)
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
    scores = _scores(z, axis, temperature, name="z", caller="log_softmax")
    _check_possible(scores, name="z", caller="log_softmax")
    return _log_softmax(scores, name="z", caller="log_softmax")


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

    Where the mathematics gives a value, it is returned: an empty sum is 0, and a sum with an infinite term is
    infinite.

    >>> log_sum_exp(np.array([])), log_sum_exp([1.0, np.inf])
    (-inf, inf)
    """
    caller = "log_sum_exp"
    check_bool(keepdims, name="keepdims", caller=caller)
    x = as_float_array(x, name="x", caller=caller, min_ndim=1, check_values=False, allow_empty=True)
    if x.size == 0:  # the log of an empty sum: -inf for each slice (SciPy's convention)
        axis = check_axis(axis, x, name="x", caller=caller)
        shape = np.sum(np.zeros(x.shape), axis=axis, keepdims=keepdims).shape
        return as_result(np.full(shape, -np.inf, dtype=x.dtype))
    scores = _scores(x, axis, None, name="x", caller=caller, allow_posinf=True)
    infinite = np.isposinf(scores.top)  # a +inf term makes the sum +inf, whatever else the slice holds
    if np.any(infinite):
        scores = _scores(np.where(infinite, 0.0, x).astype(x.dtype), scores.axis, None, name="x", caller=caller)
    log_normaliser, _ = _log_normaliser(scores)
    # An all -inf slice is the log of an empty sum, -inf; its shifted entries stay -inf and would give 0.
    out = np.where(np.isneginf(scores.top), scores.top, scores.top + log_normaliser)
    if np.any(infinite):
        out[infinite] = np.inf
    if not keepdims:
        out = np.squeeze(out, axis=scores.axis)
    return as_result(out)
