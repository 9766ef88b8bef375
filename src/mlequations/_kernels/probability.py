"""Fast paths of entropy, kl_divergence and cross_entropy, for checked distributions of at least `MIN_SIZE` elements.

They compute what the equation functions of :mod:`mlequations.probability` compute, with two savings:

- Every step after the first writes in place, so no second array of the input's size is made (tracemalloc's peak
  at 10^6 elements: one array against two for entropy and cross_entropy, four for kl_divergence).
- kl_divergence takes one logarithm per term, of ``p / q``, where its equation function takes four (``log1p``
  of the relative difference, ``log`` of the ratio, and ``log p - log q`` for a ratio that overflows) and
  picks among them. That one logarithm is accurate enough unless the distributions are close; the kernel
  checks that they are not, and declines otherwise (returns None), as it does where some p or q is 0.

Measured against the equation functions on this project's 2-core machine, shared and loaded while it ran
(float64, rows of 1000 along the last axis as in benchmarks/cases.py, the best of seven timeit runs; the ranges
are over four runs)::

    elements        entropy            kl_divergence         cross_entropy
    512             1.0x               1.4x                  0.8x
    1000            1.2x               2.1x                  0.9x
    16384           1.3x               12x                   1.1x
    10^5            1.5x               7.3x                  1.1x
    10^6            1.5 - 2.3x         8.7 - 11x             1.2 - 1.4x
    10^7            1.7x               5.8 - 6.4x            1.3 - 1.4x

At 10^6 elements: entropy 0.8 - 1.2 ms against 1.6 - 2.4 ms, kl_divergence 1.5 - 2.5 ms against 16 - 22 ms,
cross_entropy 1.3 - 1.4 ms against 1.6 - 1.9 ms. Where the equation functions' temporaries are large enough to be
mapped afresh on every call (2.6 * 10^5 elements here), the kernels are 6 to 25 times as fast. `MIN_SIZE` is the
size from which each kernel was at least 1.2 times as fast in these runs, except for cross_entropy: its kernel
gains only by sparing memory, at least 1.2 times from 10^6 elements on (and 6 times at 2.6 * 10^5, where the
temporaries start to be mapped afresh), but only 1.1 times at 10^5 and at 5 * 10^5; its `MIN_SIZE` is 2^18.

Agreement (tests/test_probability.py): entropy and cross_entropy make the same operations as their equation
functions, and agree with them bit for bit; kl_divergence, where it does not decline, agrees with its equation function within the bound of the Notes of
:func:`mlequations.kl_divergence`.
"""

import numpy as np

# From this many elements on, each kernel is at least 1.2 times as fast as its equation function (see above); below,
# the public functions call the equation functions.
# (entropy's is lower than that: `make bench` at 10^4 showed it 16 to 26 percent slower on the equation function,
# where the kernel is 1.2 to 1.3 times as fast.)
MIN_SIZE = {"entropy": 2**10, "kl_divergence": 2**9, "cross_entropy": 2**18}


def _sum_of_products(a, b, axis):
    """``np.sum(a * b, axis=axis)``, writing the products over `b` (a temporary of the caller's) in place.

    np.sum adds by pairwise summation, with a rounding error that grows like log n and does not depend on the
    number of BLAS threads; a BLAS dot product adds one term after another, which at 10^7 terms is 10^4 times
    less accurate, and its result changes with the thread count.
    """
    b *= a
    return np.sum(b, axis=axis)


def entropy(p, axis):
    """``-sum(p log p)`` along `axis`, the products written over the logarithms.

    Where p = 0, log p = -inf and 0 * -inf = nan; the limit of p log p as p -> 0 is 0,
    so those terms are set to 0 and the sum is taken again (only when some p is 0).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.log(p)
        h = -_sum_of_products(p, terms, axis)
        if np.any(np.isnan(h)):
            terms[p == 0] = 0
            h = -np.sum(terms, axis=axis)
    return h


def kl_divergence(p, q, axis):
    """``sum(p log(p / q))`` along `axis` with one logarithm per term, or None where that
    is not accurate enough.

    It declines where some p or q is 0 (the conventions at zero are the equation
    function's), where a ratio overflows, and where the distributions are close. The error
    of ``log(p / q)`` is at most ``eps / 2 sum(p) + (1 + ceil(log2 n)) eps sum|t_i|``,
    within the bound of kl_divergence's Notes wherever ``sum|t_i| >= 1/4 >= sum(p) / 6``:
    distributions that are not close.
    """
    if not (p.min() > 0 and q.min() > 0):
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # a ratio that overflows: declined
        terms = p / q
        np.log(terms, out=terms)
        kl = _sum_of_products(p, terms, axis)  # the terms t_i are written over the logs
        if not np.all(np.isfinite(kl)):
            return None
        if np.all(kl >= 0.25) or np.all(np.sum(np.abs(terms, out=terms), axis=axis) >= 0.25):
            return kl
    return None


def cross_entropy(p, q, axis):
    """``-sum(p log q)`` along `axis`, the log taken only where p > 0, into an array of 0s.

    Where p = 0 the term stays 0 whatever q is; where p > 0 = q it is -inf, the sum +inf.
    """
    terms = np.zeros(p.shape, dtype=p.dtype)
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer where p > 0 = q
        np.log(q, out=terms, where=p > 0)
    terms *= p
    return -np.sum(terms, axis=axis)
