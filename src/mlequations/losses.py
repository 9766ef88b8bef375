"""Loss functions: mean squared error and the binary and softmax cross-entropies.

The mean squared error and the binary cross-entropies compare targets with predictions element by element, so the
two must have the same shape; the softmax cross-entropy takes targets of the logits' shape or one integer label per
sample. Nothing is broadcast. Each loss averages the losses of the elements (of the samples, for the softmax
cross-entropy) with ``reduction="mean"`` by default, as scikit-learn and PyTorch do. The cross-entropies of scores
(logits) never form a probability that could round to 0 or 1: they work in log space, on the stable log-softmax of
:mod:`mlequations.softmax` and a softplus written with ``log1p``.

Each public function checks its input (`_check_<name>`) and computes with its equation function
(`_<name>_equation`), or, on large input, with a fast path of :mod:`mlequations._kernels.losses`.
"""

import numpy as np

from ._validation import (
    as_class_targets,
    as_float_array,
    as_result,
    check_choice,
    check_clip_epsilon,
    check_finite_reduction,
    check_finite_result,
    check_log_probabilities_finite,
    check_same_shape,
    check_unit_interval,
    in_common_dtype,
)
from ._kernels import losses as kernels
from .softmax import _check_log_softmax, _class_log_probabilities, _log_softmax_equation

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "mean_squared_error",
    "softmax_cross_entropy",
]

_REDUCTIONS = ("mean", "sum", "none")  # a loss per element, averaged, added, or returned as they are


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


# -- the equations -------------------------------------------------------------------------------------------------
#
# Each returns the loss of every element (every sample for the softmax cross-entropy); the loss is their mean,
# which `_reduce` takes (or their sum, or the losses themselves, as `reduction` asks).

def _mean_squared_error_equation(y, y_hat):
    """The squared error (y_i - ŷ_i)^2 of each prediction."""
    return (y - y_hat) ** 2


def _binary_cross_entropy_equation(y, p):
    """The loss -[y_i log p_i + (1 - y_i) log(1 - p_i)] of each prediction.

    log1p(-p) keeps the digits of a small p that 1 - p rounds away. A term that its target does not weigh is 0
    (0 log 0 = 0), even where its logarithm is -inf and the product 0 * -inf is NaN.
    """
    terms = np.log1p(-p) * (1 - y) + np.log(p) * y
    return np.where(np.isnan(terms), 0.0, -terms)


def _binary_cross_entropy_with_logits_equation(y, z):
    """The loss y_i log(1 + e^(-z_i)) + (1 - y_i) log(1 + e^(z_i)) of each logit.

    Each softplus log(1 + e^x) is written max(x, 0) + log1p(e^(-|x|)): its exponent is never positive, so nothing
    overflows, no part is negative, so nothing cancels, and the two softplus terms share the tail.
    """
    tail = np.log1p(np.exp(-np.abs(z)))
    return (np.maximum(z, 0) * (1 - y) + np.maximum(-z, 0) * y) + tail


def _softmax_cross_entropy_equation(y, z):
    """The loss -sum_k y_k log softmax(z)_k of each sample, the K classes along the last axis of `z`.

    Integer class labels `y` (one per sample) pick the log-probability of their class; target probabilities `y`
    (the shape of `z`) weigh every class, and a class of weight 0 adds nothing (0 log 0 = 0), even at -inf.
    """
    log_probs = _log_softmax_equation(z, -1, 1.0)
    if y.shape != z.shape:  # class labels
        return -np.take_along_axis(log_probs, y[..., np.newaxis], axis=-1)[..., 0]
    return -np.sum(y * np.where(y > 0, log_probs, 0), axis=-1)


# -- the checks ----------------------------------------------------------------------------------------------------

def _check_mean_squared_error(y_true, y_pred, reduction):
    """The checked targets and predictions (finite, non-empty, of one shape) and reduction."""
    caller = "mean_squared_error"
    y_true = as_float_array(y_true, name="y_true", caller=caller)
    y_pred = as_float_array(y_pred, name="y_pred", caller=caller)
    check_same_shape(y_true, y_pred, names=("y_true", "y_pred"), caller=caller)
    return y_true, y_pred, check_choice(reduction, _REDUCTIONS, name="reduction", caller=caller)


def _check_binary_cross_entropy(y_true, probs, eps, reduction):
    """The checked targets and probabilities (in [0, 1], of one shape, in their common dtype), eps and reduction."""
    caller = "binary_cross_entropy"
    p = as_float_array(probs, name="probs", caller=caller)
    y = _binary_targets(y_true, p, name="probs", caller=caller)
    check_unit_interval(p, name="probs", caller=caller)
    eps = check_clip_epsilon(eps, caller=caller)
    reduction = check_choice(reduction, _REDUCTIONS, name="reduction", caller=caller)
    return *in_common_dtype(y, p), eps, reduction


def _check_binary_cross_entropy_with_logits(y_true, logits, reduction):
    """The checked targets (in [0, 1]) and finite logits, of one shape, in their common dtype, and reduction."""
    caller = "binary_cross_entropy_with_logits"
    z = as_float_array(logits, name="logits", caller=caller)
    y = _binary_targets(y_true, z, name="logits", caller=caller)
    reduction = check_choice(reduction, _REDUCTIONS, name="reduction", caller=caller)
    return *in_common_dtype(y, z), reduction


def _check_softmax_cross_entropy(y_true, logits, reduction):
    """The checked logits (softmax's `Scores`), the kind of targets ("labels" or "probs"), the targets, and the
    reduction."""
    caller = "softmax_cross_entropy"
    scores = _check_log_softmax(logits, -1, None, name="logits", caller=caller)
    kind, y = as_class_targets(y_true, scores.z, name="y_true", caller=caller)
    reduction = check_choice(reduction, _REDUCTIONS, name="reduction", caller=caller)
    if kind == "probs" and y.dtype != scores.z.dtype and np.result_type(y, scores.z) == y.dtype:
        # float64 targets and float32 logits: the log-probabilities must be float64's, not float32's widened.
        scores = _check_log_softmax(scores.z.astype(y.dtype), -1, None, name="logits", caller=caller)
    return scores, kind, y, reduction


def _binary_targets(y_true, predictions, *, name, caller):
    """Targets in [0, 1] of the shape of `predictions`; integer 0/1 labels take the predictions' dtype (exact)."""
    y = as_float_array(y_true, name="y_true", caller=caller)
    integer_labels = np.asarray(y_true).dtype.kind in "iu"  # a rectangular array of numbers, as just checked
    check_same_shape(y, predictions, names=("y_true", name), caller=caller)
    check_unit_interval(y, name="y_true", caller=caller, what="labels 0 or 1, or target probabilities")
    return y.astype(predictions.dtype) if integer_labels else y


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
        or if a squared difference, or the sum with ``reduction='sum'``, overflows the dtype it is computed in.
    TypeError
        If either input is boolean, complex or non-numeric, or `reduction` is not a string.

    See Also
    --------
    binary_cross_entropy : The loss for predicted probabilities of a binary outcome.
    sklearn.metrics.mean_squared_error : The same mean, over samples and outputs.
    torch.nn.MSELoss : The same loss in PyTorch.

    Notes
    -----
    Up to a positive factor and an additive constant, the mean squared error is the negative log-likelihood of
    the targets when they are the predictions plus independent Gaussian noise of one fixed variance, so both
    have the same minimisers. Among constant predictions, the mean of the targets is the only minimiser. Its
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
    reduction = check_choice(reduction, _REDUCTIONS, name="reduction", caller="mean_squared_error")
    loss = kernels.mean_squared_error(y_true, y_pred, reduction)
    if loss is not None:  # large input whose squares and their sum are finite; anything else is checked below
        return loss
    y_true, y_pred, reduction = _check_mean_squared_error(y_true, y_pred, reduction)
    with np.errstate(over="ignore"):  # a difference past the largest float: reported by name just below
        squared = _mean_squared_error_equation(y_true, y_pred)
    check_finite_result(squared, names=("y_true", "y_pred"), caller="mean_squared_error",
                        what="every squared difference")
    return _reduce(squared, reduction, names=("y_true", "y_pred"), caller="mean_squared_error")


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

    **Accuracy.** :math:`\log(1 - p)` keeps the digits of a small :math:`p`: it is taken as ``log1p(-p)``, except
    on large arrays of labels that are exactly 0 or 1, where one logarithm per element suffices, of :math:`p` or
    of :math:`1 - p`, and the rounding error of :math:`1 - p` is recovered exactly and added back to first order,
    with a neglected part below one unit in the last place of the loss.
    The probability itself can only carry so much: at a logit of 40 the sigmoid rounds to exactly 1 in float64
    (see the Examples), and then the loss of a negative sample is infinite here (and the clipped or clamped
    constant in the libraries), whereas its true value exceeds the logit by less than :math:`e^{-40}`. Pass logits to
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
    reduction = check_choice(reduction, _REDUCTIONS, name="reduction", caller="binary_cross_entropy")
    eps = check_clip_epsilon(eps, caller="binary_cross_entropy")
    loss = kernels.binary_cross_entropy(y_true, probs, eps, reduction)
    if loss is not None:  # large input of labels 0 or 1; soft targets, small and bad input below
        return loss
    y, p, eps, reduction = _check_binary_cross_entropy(y_true, probs, eps, reduction)
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0) = -inf is the true loss of a certain mistake
        losses = _binary_cross_entropy_equation(y, kernels.clipped(p, eps) if eps > 0 else p)
    return _reduce(losses, reduction, names=("y_true", "probs"), caller="binary_cross_entropy")


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
    positive, so nothing overflows, and the two parts, both non-negative, never cancel. A logit of :math:`10^4`
    whose label is 0 costs :math:`10^4 + \log(1 + e^{-10^4})`, which rounds to :math:`10^4`, where the
    probability form meets a computed :math:`\sigma(z) = 1` and :math:`\log(1 - 1) = -\infty`.

    With ``reduction="mean"``, the gradient with respect to a logit is :math:`(\sigma(z_i) - y_i) / n`: its
    modulus tends to :math:`1 / n` as a prediction with a label 0 or 1 becomes confidently wrong, which is why
    this loss, not the squared error of :math:`\sigma(z_i)`, whose gradient then tends to 0, trains classifiers.

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

    Logits of 10,000 in both directions give the true losses rounded to float64, where the probabilities round
    to 0 and 1:

    >>> binary_cross_entropy_with_logits([1, 0, 1, 0], [1e4, -1e4, -1e4, 1e4], reduction="none").tolist()
    [0.0, 0.0, 10000.0, 10000.0]
    """
    reduction = check_choice(reduction, _REDUCTIONS, name="reduction",
                             caller="binary_cross_entropy_with_logits")
    loss = kernels.binary_cross_entropy_with_logits(y_true, logits, reduction)
    if loss is not None:  # large input with finite losses; anything else is checked below
        return loss
    y, z, reduction = _check_binary_cross_entropy_with_logits(y_true, logits, reduction)
    losses = _binary_cross_entropy_with_logits_equation(y, z)
    return _reduce(losses, reduction, names=("y_true", "logits"), caller="binary_cross_entropy_with_logits")


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
    probability that has rounded to 0; so a true class whose logit lies :math:`10^4` below another's gives a
    loss that rounds to :math:`10^4`, not infinity. Classes that a target does not
    weigh contribute nothing (:math:`0 \log 0 = 0`), even when their logit is ``-inf``.

    With ``reduction="mean"``, the gradient with respect to the logits of sample :math:`i` is
    :math:`(\sigma(\mathbf{z}_i) - \mathbf{y}_i) / n`, since its targets sum to 1 (for a class label,
    :math:`\mathbf{y}_i` is its one-hot vector). For :math:`K = 2` the loss depends only on the difference of
    the two logits, and equals :func:`binary_cross_entropy_with_logits` of :math:`z_{i2} - z_{i1}` with label
    :math:`y_{i2}` (in the arrays, ``logits[:, 1] - logits[:, 0]`` and the target of class 1).

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

    A true class 10,000 below another: its probability rounds to 0, and the loss is still its true value rounded
    to float64:

    >>> softmax_cross_entropy([1], [[1e4, 0.0]])
    10000.0
    """
    scores, kind, y, reduction = _check_softmax_cross_entropy(y_true, logits, reduction)
    if scores.z.size < kernels.MIN_SIZE:
        with np.errstate(over="ignore"):  # a logit more than the largest float below the top: named here
            check_log_probabilities_finite(scores.z - scores.top, scores.z, name="logits",
                                           caller="softmax_cross_entropy")
            losses = _softmax_cross_entropy_equation(y, scores.z)
    elif kind == "labels":  # larger input: softmax's entry point for the losses, which forms only the labelled
        # log-probabilities (2 times as fast at 10^4 elements)
        losses = -_class_log_probabilities(scores, y, name="logits", caller="softmax_cross_entropy")
    else:
        log_probs = _class_log_probabilities(scores, name="logits", caller="softmax_cross_entropy")
        losses = -np.sum(y * np.where(y > 0, log_probs, 0), axis=-1)  # 0 log 0 = 0, as in the equation
    return _reduce(losses, reduction, names=("y_true", "logits"), caller="softmax_cross_entropy")
