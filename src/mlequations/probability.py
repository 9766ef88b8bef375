"""Probability and information theory: entropy."""

import numpy as np

from ._validation import as_float_array, as_result, check_axis, check_log_base, check_probability_vector

__all__ = ["entropy"]


def entropy(p, *, base=None, axis=-1):
    r"""Shannon entropy of a discrete probability distribution.

    Entropy is the expected surprise :math:`-\log p(x)` of an outcome drawn from :math:`p`: zero for a certain
    outcome, largest when every outcome is equally likely.

    .. math::

        H(p) = -\sum_{i=1}^{n} p_i \log p_i, \qquad 0 \log 0 = 0

    Parameters
    ----------
    p : array_like of float
        Probabilities along `axis`: non-negative, summing to 1. Other axes index separate distributions.
    base : float, optional
        Base of the logarithm. ``None`` (the default) uses the natural log, in nats; 2 gives bits.
    axis : int, default=-1
        Axis along which `p` sums to 1.

    Returns
    -------
    h : float or ndarray
        The entropy, in :math:`[0, \log n]` for :math:`n` outcomes. A Python float for a single distribution;
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
    :math:`\log 2 \approx 0.693` nats.

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
    caller = "entropy"
    p = as_float_array(p, name="p", caller=caller, min_ndim=1)
    axis = check_axis(axis, p, name="p", caller=caller)
    log_base = check_log_base(base, caller=caller)
    check_probability_vector(p, axis, name="p", caller=caller)
    # log(p) only where p > 0: the zeros in `terms` stay zero, which is the limit of p log p as p -> 0.
    terms = np.zeros_like(p)
    np.log(p, out=terms, where=p > 0)
    terms *= p
    h = -np.sum(terms, axis=axis)
    if log_base is not None:
        h = h / log_base
    # -0.0 from a one-hot row reads as a bug to a reader; entropy is never negative.
    h = np.maximum(h, 0)
    return as_result(h)

