"""Loss functions: mean squared error and the binary and softmax cross-entropies.

Every loss compares targets with predictions element by element, so the two must have the same shape (nothing is
broadcast), and reduces the per-sample losses with ``reduction="mean"`` by default, as scikit-learn and PyTorch
do. The cross-entropies of scores (logits) never form a probability that could round to 0 or 1: they work in
log space, on the stable log-softmax of :mod:`mlequations.softmax` and a softplus written once below.
"""

import math

import numpy as np

from ._validation import (
    as_class_targets,
    as_float_array,
    as_float_array_unchecked,
    as_result,
    check_clip_epsilon,
    check_finite_reduction,
    check_finite_result,
    check_reduction,
    check_same_shape,
    check_unit_interval,
    in_common_dtype,
)
from .softmax import _check_log_softmax, _class_log_probabilities

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "mean_squared_error",
    "softmax_cross_entropy",
]


def _reduce(losses, reduction, *, names, caller):
    """Average or add the per-element losses, or return them as they are; a 0-d result becomes a Python float."""
    # Negating a zero logarithm gives -0.0; adding +0.0 turns it into 0.0, so a perfect prediction prints as 0.0.
    # It is added after the reduction, which spares a copy of every loss.
    with np.errstate(over="ignore"):  # finite losses whose running sum overflows: handled just below
        if reduction == "mean":
            out = np.mean(losses)
            if not np.isfinite(out) and np.all(np.isfinite(losses)):
                out = np.sum(losses / losses.dtype.type(losses.size))  # the mean is finite; only the sum was not
        elif reduction == "sum":
            out = np.sum(losses)
            check_finite_reduction(out, losses, names=names, caller=caller, reduction="sum")
        else:
            out = losses
    return as_result(out + 0.0)


# -- fast paths ---------------------------------------------------------------------------------------------------
#
# Each binary loss first tries a fast path that checks only what is cheap (types, sizes, shapes, `reduction`) and
# computes block by block. It returns None whenever anything is unusual, and the function then runs its checked
# path, which raises the exact error or computes the unusual case; every comment on a fast path says why no input
# that a check rejects can come back from it as a number. A block of 2**15 elements (256 KB in float64) keeps a
# loss's scratch arrays in the 1 MB L2 cache, so its many cheap steps do not each stream the whole input through
# memory, and no temporary of the input's size is made. The blocks are fixed and their sums are added pairwise in
# order, so a result never depends on anything but the input.

_BLOCK = 1 << 15


def _unchecked_pair(first, second, *, labels=False):
    """Both arrays as the checked path makes them, or None unless both are non-empty arrays of real numbers of
    one shape.

    With `labels`, `first` holds targets, and integer targets take the dtype of `second` (as `_binary_targets`).
    """
    a = as_float_array_unchecked(first)
    b = None if a is None else as_float_array_unchecked(second)
    if b is None or a.shape != b.shape:
        return None
    if labels and np.asarray(first).dtype.kind in "iu":
        a = a.astype(b.dtype)
    return a, b


def _in_unit_interval(x):
    """Whether every entry of `x` lies in [0, 1]; a NaN fails both comparisons."""
    return bool(np.minimum.reduce(x, axis=None) >= 0 and np.maximum.reduce(x, axis=None) <= 1)


def _blockwise(loss_of_block, arrays, dtype, reduction, *, scratch):
    """The losses of `arrays`, computed block by block by `loss_of_block`, reduced as `reduction` says.

    ``loss_of_block(*blocks, out, *work)`` writes the loss of each element of its blocks into `out`, using the
    `scratch` work arrays of `dtype`, and returns False to give up (an input the fast path does not take).
    Returns the sum over all elements (a NumPy scalar of `dtype`) for ``"mean"`` and ``"sum"``, the losses in
    the inputs' shape for ``"none"``, or None if a block gave up.
    """
    flat = [x.reshape(-1) for x in arrays]
    n = flat[0].size
    work = [np.empty(min(n, _BLOCK), dtype) for _ in range(scratch + 1)]
    if n <= _BLOCK:  # one block, the losses in work[0]: spares the loop's bookkeeping on small input
        if loss_of_block(*flat, *work) is False:
            return None
        return work[0].reshape(arrays[0].shape) if reduction == "none" else np.add.reduce(work[0])
    losses = np.empty(n, dtype) if reduction == "none" else None
    sums = np.empty(-(-n // _BLOCK), dtype)
    for k, start in enumerate(range(0, n, _BLOCK)):
        stop = min(start + _BLOCK, n)
        buffers = [w[:stop - start] for w in work] if stop - start < _BLOCK else work
        out = buffers[0] if losses is None else losses[start:stop]
        if loss_of_block(*[x[start:stop] for x in flat], out, *buffers[1:]) is False:
            return None
        if losses is None:
            sums[k] = np.add.reduce(out)
    return _sum_of_block_sums(sums) if losses is None else losses.reshape(arrays[0].shape)


def _sum_of_block_sums(sums):
    """The sum of the block sums, correctly rounded (math.fsum), so their order cannot matter; in their dtype.

    Adding the few block sums pairwise, as NumPy does, would lose about a quarter of a unit in the last place on
    average over the whole array's pairwise sum; fsum loses none. Losses are never -inf, so an infinite or NaN
    block sum gives an infinite or NaN total, which the caller handles.
    """
    if sums.size == 1:
        return sums[0]
    try:
        return sums.dtype.type(math.fsum(sums.tolist()))
    except OverflowError:  # finite block sums whose total is past the largest float
        return sums.dtype.type(np.inf)


def _mean_or_sum(total, n, reduction):
    """The mean or the sum from the sum of `n` losses, as `_reduce` returns it."""
    return as_result((total / n if reduction == "mean" else total) + 0.0)


def _squared_errors(y_true, y_pred, out):
    """The squared differences of two blocks, into `out`."""
    np.subtract(y_true, y_pred, out=out)
    np.square(out, out=out)


def _mean_squared_error_fast(y_true, y_pred, reduction):
    """`mean_squared_error` of input whose squares and their sum are finite, without checking values; else None.

    A NaN or an infinity in either input makes its difference NaN or infinite (inf - inf is NaN), and squares are
    never negative, so nothing can cancel it: the sum (with ``"none"``, the largest square) is then not finite,
    and None sends the call to the checked path, which raises. So does a square or a sum that overflows.
    """
    reduction = check_reduction(reduction, caller="mean_squared_error")
    pair = _unchecked_pair(y_true, y_pred)
    if pair is None:
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # overflow, inf - inf: the checked path reports them
        result = _blockwise(_squared_errors, pair, np.result_type(*pair), reduction, scratch=0)
    if reduction == "none":
        # The squares of -0.0 are +0.0, so no "+ 0.0" is needed (see `_reduce`).
        return as_result(result) if np.maximum.reduce(result, axis=None) < np.inf else None
    return _mean_or_sum(result, pair[0].size, reduction) if result < np.inf else None


def _bce_of_labels(y, p, out, s):
    """Binary cross-entropy of labels exactly 0 or 1, one logarithm per element, into `out`; False for others.

    The loss is -log q, with q = p for label 1 and q = 1 - p for label 0. q is formed as |p + (y - 1)|, and the
    rounding error e of p + (y - 1) is recovered exactly (Fast2Sum: |y - 1| = 1 >= p where it is not 0), so that
    -log(q - e) = -log q + e / q + O(e^2) keeps the digits of log1p(-p) for small p; e / q is taken as e, which
    differs by e (1 - q) / q, at most 2**-53 of the loss (e is 0 unless 1/2 <= q < 1, where -log q >= 1 - q).
    `out` holds y - 1, then the rounding error, then the loss.
    """
    np.subtract(y, 1, out=out)  # -1 for label 0, 0 for label 1
    np.multiply(y, out, out=s)  # y (y - 1) is 0 for y = 0 and 1 only (it is not 0 for any other float, or NaN)
    if np.maximum.reduce(s) != 0 or np.minimum.reduce(s) != 0:
        return False
    np.add(p, out, out=s)  # p, or p - 1 rounded
    np.subtract(s, out, out=out)
    np.subtract(p, out, out=out)  # e = p - ((p + (y - 1)) - (y - 1)), exactly
    np.abs(s, out=s)
    np.log(s, out=s)  # -inf where q = 0: a certain mistake, whose loss is inf
    np.subtract(out, s, out=out)
    return True


def _binary_cross_entropy_fast(y_true, probs, eps, reduction):
    """`binary_cross_entropy` of labels exactly 0 or 1, with every check made; None for anything else.

    The probabilities are checked to lie in [0, 1] (a NaN fails both comparisons), and `_bce_of_labels` checks
    that every label is exactly 0 or 1, which implies that it is finite and in [0, 1]: every check of the checked
    path is made. Soft targets take the checked path, with its two logarithms.
    """
    reduction = check_reduction(reduction, caller="binary_cross_entropy")
    eps = check_clip_epsilon(eps, caller="binary_cross_entropy")
    pair = _unchecked_pair(y_true, probs, labels=True)
    if pair is None:
        return None
    y, p = in_common_dtype(*pair)
    if not _in_unit_interval(p):
        return None
    if eps > 0:
        p = _clipped(p, eps)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):  # log(0) = -inf is the true loss there;
        # a label that overflows y (y - 1) or is NaN fails the label check
        result = _blockwise(_bce_of_labels, (y, p), np.result_type(y, p), reduction, scratch=1)
    if result is None or reduction != "none":
        # Each loss is at most about 745 (float64) or 104 (float32), so only a certain mistake makes the sum inf.
        return result if result is None else _mean_or_sum(result, p.size, reduction)
    return as_result(result)  # e - log q is never -0.0: e = +0.0 wherever log q = 0


def _bce_with_logits_of_block(y, z, out, tail):
    """Binary cross-entropy from logits, into `out`: z ([z >= 0] - y) + log1p(exp(-|z|)).

    The first term is (1 - y) max(z, 0) + y max(-z, 0) with the term that is 0 left out, and it is never
    negative: the same numbers, in the same order, as the checked path, so the results agree to the last bit.
    """
    np.greater_equal(z, 0, out=out)
    np.subtract(out, y, out=out)  # 1 - y where z >= 0, -y where z < 0
    out *= z
    np.abs(z, out=tail)
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    out += np.log1p(tail, out=tail)


def _binary_cross_entropy_with_logits_fast(y_true, logits, reduction):
    """`binary_cross_entropy_with_logits` of finite logits, whose checks it makes after computing; else None.

    The targets are checked to lie in [0, 1] (a NaN fails both comparisons). The logits are not checked: a NaN
    logit gives a NaN loss, and an infinite one an infinite or NaN loss (its weight may be 0), while a
    finite logit gives a finite loss; so the sum (with ``"none"``, the largest loss) is finite exactly when every
    logit is, and when finite losses overflow the sum. Otherwise None sends the call to the checked path.
    """
    reduction = check_reduction(reduction, caller="binary_cross_entropy_with_logits")
    pair = _unchecked_pair(y_true, logits, labels=True)
    if pair is None:
        return None
    y, z = in_common_dtype(*pair)
    if not _in_unit_interval(y):
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # an infinite logit of weight 0 gives NaN, and finite
        # losses may sum past the largest float: the checked path reports both
        result = _blockwise(_bce_with_logits_of_block, (y, z), np.result_type(y, z), reduction, scratch=1)
    if reduction == "none":
        if not np.maximum.reduce(result, axis=None) < np.inf:
            return None
        result += 0.0  # a perfect prediction's -0.0 prints as 0.0, as in `_reduce`
        return as_result(result)
    return _mean_or_sum(result, z.size, reduction) if result < np.inf else None


def _clipped(p, eps):
    """`p` clipped to [eps, 1 - eps] rounded into the dtype of `p`, but never to 0 or 1, so that every log is finite.

    In float32, 1 - 1e-8 rounds to 1, and 1e-50 to 0: such a bound becomes the float next to 1 (or to 0) instead.
    """
    dtype = p.dtype.type
    low = max(dtype(eps), np.nextafter(dtype(0), dtype(1)))
    high = min(dtype(1 - eps), np.nextafter(dtype(1), dtype(0)))
    return np.clip(p, low, high)


def _binary_targets(y_true, predictions, *, name, caller):
    """Targets in [0, 1] of the shape of `predictions`; integer 0/1 labels take the predictions' dtype (exact)."""
    y = as_float_array(y_true, name="y_true", caller=caller)
    integer_labels = np.asarray(y_true).dtype.kind in "iu"  # a rectangular array of numbers, as just checked
    check_same_shape(y, predictions, names=("y_true", name), caller=caller)
    check_unit_interval(y, name="y_true", caller=caller, what="labels 0 or 1, or target probabilities")
    return y.astype(predictions.dtype) if integer_labels else y


def _softplus_tail(x, *, out):
    r"""``log1p(exp(-|x|))`` for every element of `x`, written into `out`.

    The softplus ``log(1 + exp(x))`` is the log-sum-exp of the two numbers 0 and `x`, written out for two
    terms: the larger one, ``max(x, 0)``, is factored out, and what is left is this tail, the logarithm of one
    plus the smaller term, taken with ``log1p``. Its exponent is never positive, so nothing overflows. The
    tail is the same for `x` and `-x`, so the two softplus terms of a loss share it.
    """
    np.abs(x, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    return np.log1p(out, out=out)


def mean_squared_error(y_true, y_pred, *, reduction="mean"):
    r"""Mean squared error: the average squared difference between targets and predictions.

    Each prediction is charged the square of its distance to its target, so large errors weigh much more than
    small ones, and the loss is zero only when every prediction is exact.

    .. math::

        \operatorname{MSE}(\mathbf{y}, \hat{\mathbf{y}}) = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat{y}_i)^2

    Parameters
    ----------
    y_true : array_like of float
        Targets :math:`y_i`, of any shape.
    y_pred : array_like of float
        Predictions :math:`\hat{y}_i`, of exactly the shape of `y_true` (nothing is broadcast).
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"mean"`` averages over all :math:`n` elements (scikit-learn's ``mean_squared_error`` and PyTorch's
        ``MSELoss``), ``"sum"`` adds them, ``"none"`` returns the squared error of each element.

    Returns
    -------
    loss : float or ndarray
        A Python float for ``"mean"`` and ``"sum"``; for ``"none"``, an array of the shape of the inputs.
        Computed in float32 when both inputs are float32, in float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, if either input is empty or not finite, or if `reduction` is not one of the three;
        or if a squared difference, or the sum with ``reduction='sum'``, overflows float64.
    TypeError
        If either input is boolean, complex or non-numeric, or `reduction` is not a string.

    See Also
    --------
    binary_cross_entropy : The loss for predicted probabilities of a binary outcome.
    sklearn.metrics.mean_squared_error : The same mean, over samples and outputs.
    torch.nn.MSELoss : The same loss in PyTorch.

    Notes
    -----
    The mean squared error is the negative log-likelihood, up to constants, of Gaussian noise of fixed variance
    around the predictions, and the prediction that minimises it for a fixed set of targets is their mean. Its
    gradient with respect to a prediction is :math:`2 (\hat{y}_i - y_i) / n`.

    References
    ----------
    .. [1] E. L. Lehmann and G. Casella, "Theory of Point Estimation", 2nd ed., Springer, 1998, section 2.4.
       https://doi.org/10.1007/b98854

    Examples
    --------
    >>> from mlequations import mean_squared_error
    >>> mean_squared_error([1.0, 2.0], [1.0, 4.0])       # (0 + 4) / 2
    2.0
    >>> mean_squared_error([1.0, 2.0], [1.0, 4.0], reduction="none").tolist()
    [0.0, 4.0]

    The guide's example: the squared errors are 0.01, 0.01 and 0.04.

    >>> round(mean_squared_error([1, 2, 3], [1.1, 1.9, 3.2]), 10)
    0.02
    """
    caller = "mean_squared_error"
    loss = _mean_squared_error_fast(y_true, y_pred, reduction)
    if loss is not None:  # the common case; anything unusual is checked and computed below
        return loss
    y_true = as_float_array(y_true, name="y_true", caller=caller)
    y_pred = as_float_array(y_pred, name="y_pred", caller=caller)
    check_same_shape(y_true, y_pred, names=("y_true", "y_pred"), caller=caller)
    reduction = check_reduction(reduction, caller=caller)
    with np.errstate(over="ignore"):  # a difference past the largest float: reported by name just below
        difference = np.asarray(y_true - y_pred)  # a new array (asarray: 0-d too), so it may be squared in place
        squared = np.square(difference, out=difference)
    check_finite_result(squared, names=("y_true", "y_pred"), caller=caller, what="every squared difference")
    return _reduce(squared, reduction, names=("y_true", "y_pred"), caller=caller)


def binary_cross_entropy(y_true, probs, *, eps=0.0, reduction="mean"):
    r"""Binary cross-entropy of predicted probabilities: the log loss of a yes/no prediction.

    A prediction :math:`p_i` is the probability that sample :math:`i` is positive; the loss charges the
    negative log of the probability given to what actually happened.

    .. math::

        \operatorname{BCE}(\mathbf{y}, \mathbf{p}) = -\frac{1}{n} \sum_{i=1}^{n}
        \bigl[ y_i \log p_i + (1 - y_i) \log (1 - p_i) \bigr], \qquad 0 \log 0 = 0

    Parameters
    ----------
    y_true : array_like of float
        Targets :math:`y_i`: labels 0 or 1, or target probabilities in [0, 1], of any shape.
    probs : array_like of float
        Predicted probabilities :math:`p_i` in [0, 1], of exactly the shape of `y_true`.
    eps : float, default=0.0
        Clip the probabilities to ``[eps, 1 - eps]`` before taking logarithms, with both bounds rounded into the
        dtype the loss is computed in but never to 0 or 1 (in float32, ``1 - 1e-8`` rounds to 1, so the upper
        bound becomes the float just below 1): any ``eps > 0`` makes every loss finite. The default, 0, clips
        nothing and gives the exact loss. ``np.finfo(probs.dtype).eps`` reproduces scikit-learn's ``log_loss``.
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"mean"`` averages over all elements (scikit-learn's and PyTorch's default), ``"sum"`` adds them,
        ``"none"`` returns the loss of each element.

    Returns
    -------
    loss : float or ndarray
        Non-negative; ``inf`` where a probability of exactly 0 is given to what happened (unless `eps` > 0).
        A Python float for ``"mean"`` and ``"sum"``, an array of the shape of the inputs for ``"none"``.
        Computed in the dtype of `probs` when `y_true` is float32 or integer, in float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ; if either input is empty or not finite; if a label or probability lies outside
        [0, 1]; if `eps` is not in [0, 0.5); or if `reduction` is not one of the three; or if finite losses
        sum past the largest float with ``reduction='sum'``.
    TypeError
        If either input is boolean, complex or non-numeric, `eps` is not a real number, or `reduction` is not
        a string.

    See Also
    --------
    binary_cross_entropy_with_logits : The same loss from logits, stable where probabilities round to 0 or 1.
    sklearn.metrics.log_loss : Clips the probabilities to the machine epsilon of their dtype.
    torch.nn.BCELoss : Clamps each logarithm at -100.

    Notes
    -----
    **Probabilities 0 and 1.** The convention :math:`0 \log 0 = 0` drops the term that a target does not
    weigh, so a certain and correct prediction costs exactly 0. A certain and wrong one costs
    :math:`-\log 0 = \infty`: that is the true value, and it is returned. The libraries replace it by a
    finite number. scikit-learn's ``log_loss`` clips the probabilities to :math:`[\epsilon, 1 - \epsilon]`
    with the machine epsilon of the dtype, so a certain mistake costs :math:`-\log \epsilon \approx 36.04` in
    float64; ``eps=np.finfo(np.float64).eps`` gives the same here. PyTorch's ``BCELoss`` clamps each logarithm
    at :math:`-100`, so a certain mistake costs 100. Both keep training going, but both are a number that the
    equation does not give.

    **Accuracy.** :math:`\log(1 - p)` keeps the digits of a small :math:`p`: for soft targets it is taken as
    ``log1p(-p)``; for labels that are exactly 0 or 1, one logarithm per element suffices, of :math:`p` or of
    :math:`1 - p`, and the rounding error of :math:`1 - p` is recovered exactly and added back to first order,
    which is exact far below the last digit.
    The probability itself can only carry so much: a logit of 40 already rounds :math:`p` to exactly 1 in
    float64 (see the Examples), and then the loss of a negative sample is infinite here (and the clipped or
    clamped constant in the libraries), whereas its true value is about the logit. Pass logits to
    :func:`binary_cross_entropy_with_logits` instead.

    References
    ----------
    .. [1] I. J. Good, "Rational Decisions", Journal of the Royal Statistical Society, Series B, 14(1),
       1952, pp. 107-114. https://doi.org/10.1111/j.2517-6161.1952.tb00104.x

    Examples
    --------
    >>> from mlequations import binary_cross_entropy
    >>> round(binary_cross_entropy([1, 0], [0.5, 0.5]), 10)     # log 2: a coin toss
    0.6931471806
    >>> binary_cross_entropy([1, 0], [0.9, 0.2], reduction="none").round(10).tolist()
    [0.1053605157, 0.2231435513]

    Certain predictions: exactly 0 when right, infinite when wrong, unless clipped as scikit-learn does:

    >>> binary_cross_entropy([1, 0], [1.0, 0.0])
    0.0
    >>> binary_cross_entropy([1, 0], [0.0, 1.0])
    inf
    >>> round(binary_cross_entropy([1, 0], [0.0, 1.0], eps=np.finfo(np.float64).eps), 10)
    36.0436533891

    A negative sample with logit 40: its probability rounds to 1, and only the logit form keeps the loss:

    >>> binary_cross_entropy([0], [1 / (1 + np.exp(-40.0))])
    inf
    >>> from mlequations import binary_cross_entropy_with_logits
    >>> round(binary_cross_entropy_with_logits([0], [40.0]), 10)
    40.0
    """
    caller = "binary_cross_entropy"
    loss = _binary_cross_entropy_fast(y_true, probs, eps, reduction)
    if loss is not None:  # labels 0 or 1, one logarithm per element; soft targets and bad input below
        return loss
    p = as_float_array(probs, name="probs", caller=caller)
    y = _binary_targets(y_true, p, name="probs", caller=caller)
    check_unit_interval(p, name="probs", caller=caller)
    eps = check_clip_epsilon(eps, caller=caller)
    reduction = check_reduction(reduction, caller=caller)
    y, p = in_common_dtype(y, p)
    if eps > 0:
        p = _clipped(p, eps)
    # -(y log p + (1 - y) log(1 - p)), in two arrays of the input's size, every step writing in place.
    dtype = np.result_type(y, p)
    losses = np.negative(p, out=np.empty(p.shape, dtype))
    part = np.subtract(1, y, out=np.empty(p.shape, dtype))
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0) = -inf is the true loss of a certain mistake
        np.log1p(losses, out=losses)
        losses *= part  # (1 - y) log(1 - p)
        np.log(p, out=part)
        part *= y  # y log p
        losses += part
    np.negative(losses, out=losses)
    # 0 log 0 = 0: a term that its target does not weigh costs nothing, even at a probability of exactly 0 or 1,
    # where it gave 0 * -inf = nan above. The other term is then log 1 = 0, so the whole loss is 0.
    undefined = np.isnan(losses)
    if np.any(undefined):
        losses[undefined] = 0
    return _reduce(losses, reduction, names=("y_true", "probs"), caller=caller)


def binary_cross_entropy_with_logits(y_true, logits, *, reduction="mean"):
    r"""Binary cross-entropy from logits, computed without forming the probability.

    The same loss as :func:`binary_cross_entropy` of :math:`p_i = \sigma(z_i) = 1 / (1 + e^{-z_i})`, written
    with the softplus :math:`\log(1 + e^{z})`, so that logits of any size give a finite, accurate loss.

    .. math::

        \operatorname{BCE}(\mathbf{y}, \mathbf{z}) = \frac{1}{n} \sum_{i=1}^{n}
        \bigl[ y_i \log(1 + e^{-z_i}) + (1 - y_i) \log(1 + e^{z_i}) \bigr]

    Parameters
    ----------
    y_true : array_like of float
        Targets :math:`y_i`: labels 0 or 1, or target probabilities in [0, 1], of any shape.
    logits : array_like of float
        Finite scores :math:`z_i = \log(p_i / (1 - p_i))`, of exactly the shape of `y_true`.
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"mean"`` averages over all elements (PyTorch's default), ``"sum"`` adds them, ``"none"`` returns the
        loss of each element.

    Returns
    -------
    loss : float or ndarray
        Non-negative and finite. A Python float for ``"mean"`` and ``"sum"``, an array of the shape of the
        inputs for ``"none"``. Computed in the dtype of `logits` when `y_true` is float32 or integer, in float64
        otherwise.

    Raises
    ------
    ValueError
        If the shapes differ; if either input is empty or not finite; if a label lies outside [0, 1]; or if
        `reduction` is not one of the three; or if the losses sum past the largest float with
        ``reduction='sum'``.
    TypeError
        If either input is boolean, complex or non-numeric, or `reduction` is not a string.

    See Also
    --------
    binary_cross_entropy : The same loss from probabilities.
    softmax_cross_entropy : The loss for :math:`K` classes; for two classes it is this loss of the difference of
        the two logits.
    torch.nn.BCEWithLogitsLoss : The same loss in PyTorch.

    Notes
    -----
    Since :math:`-\log \sigma(z) = \log(1 + e^{-z})` and :math:`-\log(1 - \sigma(z)) = \log(1 + e^{z})`, each
    term is a softplus, evaluated as :math:`\max(z, 0) + \operatorname{log1p}(e^{-|z|})`: the exponent is never
    positive, so nothing overflows, and the two parts never cancel. A logit of :math:`10^4` whose label is 0
    costs exactly :math:`10^4`, where the probability form meets :math:`\sigma(z) = 1` and
    :math:`\log(1 - 1) = -\infty`.

    The gradient with respect to a logit is :math:`(\sigma(z_i) - y_i) / n`: it stays large when a prediction is
    confidently wrong, which is why this loss, not the squared error of :math:`\sigma(z_i)`, trains classifiers.

    References
    ----------
    .. [1] D. R. Cox, "The Regression Analysis of Binary Sequences", Journal of the Royal Statistical Society,
       Series B, 20(2), 1958, pp. 215-242. https://doi.org/10.1111/j.2517-6161.1958.tb00292.x

    Examples
    --------
    >>> from mlequations import binary_cross_entropy_with_logits
    >>> round(binary_cross_entropy_with_logits([1, 0], [0.0, 0.0]), 10)   # sigma(0) = 1/2: log 2
    0.6931471806
    >>> binary_cross_entropy_with_logits([1, 0], [2.0, -1.0], reduction="none").round(10).tolist()
    [0.126928011, 0.3132616875]

    Logits of 10,000 in both directions give exact losses, where the probabilities round to 0 and 1:

    >>> binary_cross_entropy_with_logits([1, 0, 1, 0], [1e4, -1e4, -1e4, 1e4], reduction="none").tolist()
    [0.0, 0.0, 10000.0, 10000.0]
    """
    caller = "binary_cross_entropy_with_logits"
    loss = _binary_cross_entropy_with_logits_fast(y_true, logits, reduction)
    if loss is not None:  # the common case; anything unusual is checked and computed below
        return loss
    z = as_float_array(logits, name="logits", caller=caller)
    y = _binary_targets(y_true, z, name="logits", caller=caller)
    reduction = check_reduction(reduction, caller=caller)
    y, z = in_common_dtype(y, z)
    # -log(sigma(z)) = softplus(-z) and -log(1 - sigma(z)) = softplus(z); the targets weigh the two. Written
    # out, y max(-z, 0) + (1 - y) max(z, 0) + log1p(exp(-|z|)): the tail is shared, every part is >= 0, so
    # nothing cancels, and two arrays of the input's size suffice, every step writing in place.
    dtype = np.result_type(y, z)
    losses = np.maximum(z, 0, out=np.empty(z.shape, dtype))
    part = np.subtract(1, y, out=np.empty(z.shape, dtype))
    losses *= part  # (1 - y) max(z, 0)
    np.maximum(np.negative(z, out=part), 0, out=part)
    part *= y  # y max(-z, 0)
    losses += part
    losses += _softplus_tail(z, out=part)
    return _reduce(losses, reduction, names=("y_true", "logits"), caller=caller)


def softmax_cross_entropy(y_true, logits, *, reduction="mean"):
    r"""Cross-entropy of a softmax over :math:`K` classes, computed from the logits.

    The negative log-probability that the softmax of the logits gives to the true class; with target
    probabilities (one-hot or soft), their cross-entropy with the predicted distribution.

    .. math::

        \operatorname{CE}(\mathbf{Y}, \mathbf{Z}) = -\frac{1}{n} \sum_{i=1}^{n} \sum_{k=1}^{K} y_{ik}
        \log \sigma(\mathbf{z}_i)_k, \qquad
        \log \sigma(\mathbf{z}_i)_k = z_{ik} - \log \sum_{j=1}^{K} e^{z_{ij}}

    Parameters
    ----------
    y_true : array_like of int or float
        Either integer class labels in :math:`[0, K - 1]` of shape ``logits.shape[:-1]``, or target
        probabilities (one-hot or soft, summing to 1 along the last axis) of the shape of `logits`.
    logits : array_like of float
        Scores of shape ``(..., K)``, classes along the last axis. ``-inf`` marks a class as impossible; NaN and
        ``+inf`` are rejected.
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"mean"`` averages over the samples, every axis but the last (scikit-learn's ``log_loss`` and PyTorch's
        ``CrossEntropyLoss``); ``"sum"`` adds them; ``"none"`` returns the loss of each sample.

    Returns
    -------
    loss : float or ndarray
        Non-negative; ``inf`` only where a target class has a logit of ``-inf``. A Python float for ``"mean"``
        and ``"sum"``, an array of shape ``logits.shape[:-1]`` for ``"none"``. Computed in the dtype of `logits`
        for integer labels or integer one-hot targets, by NumPy's promotion of the two dtypes otherwise.

    Raises
    ------
    ValueError
        If `logits` is 0-d, empty, contains NaN or ``+inf``, or has a sample whose logits are all ``-inf``; if
        `y_true` has neither of the two shapes, holds a label outside :math:`[0, K - 1]`, or holds targets
        that are not probability vectors; if `reduction` is not one of the three; if a finite logit lies more
        than the largest float below the largest logit of its sample (its log-probability is not a float); or
        if finite losses sum past the largest float with ``reduction='sum'``.
    TypeError
        If `logits` is boolean, complex or non-numeric; if `y_true` is boolean, or has the shape of labels but
        not an integer dtype; or if `reduction` is not a string.

    See Also
    --------
    log_softmax : The log-probabilities this loss picks from.
    binary_cross_entropy_with_logits : The two-class case, with one logit per sample.
    torch.nn.CrossEntropyLoss : The same loss in PyTorch, with class indices or probabilities as targets.
    sklearn.metrics.log_loss : The same loss from predicted probabilities.

    Notes
    -----
    The log-probabilities are those of :func:`mlequations.log_softmax` (for class labels, only the labelled
    class's is formed), which subtracts the log-sum-exp from the logits and never takes the logarithm of a
    probability that has rounded to 0; so a logit :math:`10^4` below
    the true class's competitor gives a loss of :math:`10^4`, not infinity. Classes that a target does not
    weigh contribute nothing (:math:`0 \log 0 = 0`), even when their logit is ``-inf``.

    The gradient with respect to the logits of sample :math:`i` is :math:`(\sigma(\mathbf{z}_i) - \mathbf{y}_i)
    / n`. For :math:`K = 2` the loss depends only on the difference of the two logits, and equals
    :func:`binary_cross_entropy_with_logits` of :math:`z_{i1} - z_{i0}` with label :math:`y_{i1}`.

    References
    ----------
    .. [1] J. S. Bridle, "Probabilistic Interpretation of Feedforward Classification Network Outputs, with
       Relationships to Statistical Pattern Recognition", in Neurocomputing, NATO ASI Series F68, Springer,
       1990, pp. 227-236. https://doi.org/10.1007/978-3-642-76153-9_28

    Examples
    --------
    >>> from mlequations import softmax_cross_entropy
    >>> round(softmax_cross_entropy([2], [[0.0, 0.0, 0.0, 0.0]]), 10)    # uniform over 4 classes: log 4
    1.3862943611
    >>> logits = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]
    >>> softmax_cross_entropy([0, 1], logits, reduction="none").round(10).tolist()
    [0.4170300163, 0.220049523]
    >>> softmax_cross_entropy([[1, 0, 0], [0, 1, 0]], logits, reduction="none").round(10).tolist()
    [0.4170300163, 0.220049523]

    A true class 10,000 below another: the probability is 0 in floating point, the loss is still exact:

    >>> softmax_cross_entropy([1], [[1e4, 0.0]])
    10000.0
    """
    caller = "softmax_cross_entropy"
    scores = _check_log_softmax(logits, -1, None, name="logits", caller=caller)
    kind, y = as_class_targets(y_true, scores.z, name="y_true", caller=caller)
    reduction = check_reduction(reduction, caller=caller)
    if kind == "labels":
        losses = -_class_log_probabilities(scores, y, name="logits", caller=caller)
    else:
        if y.dtype != scores.z.dtype and np.result_type(y, scores.z) == y.dtype:
            # float64 targets and float32 logits: the log-probabilities must be float64's, not float32's widened.
            scores = _check_log_softmax(scores.z.astype(y.dtype), -1, None, name="logits", caller=caller)
        log_probs = _class_log_probabilities(scores, name="logits", caller=caller)
        # 0 log 0 = 0: a class the target does not weigh adds nothing, even if its log-probability is -inf.
        losses = -np.sum(y * np.where(y > 0, log_probs, 0), axis=-1)
    return _reduce(losses, reduction, names=("y_true", "logits"), caller=caller)
