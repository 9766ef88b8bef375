"""Fast paths of softmax, log_softmax and log_sum_exp, for checked scores of at least `MIN_SIZE` elements.

They compute what the equation functions of :mod:`mlequations.softmax` compute, with three savings:

- The shift by the maximum is skipped where ``exp(z)`` can neither overflow nor lose digits
  (`exp_as_is`): one pass less, and one rounding less.
- Every step after the first writes in place, so no second array of the input's size is made.
- NumPy's ufunc buffer is capped at one row for rows of 256 to 8191 elements (`rowwise`), where its buffered
  loop would copy the row constants.

Measured against the equation functions on this project's 2-core machine (float64, rows along the last axis,
the best of seven runs): at 1000 x 1000, softmax 1.12 ms against 4.23 ms (3.8x), log_softmax 1.19 ms against
6.05 ms (5.1x), log_sum_exp 0.82 ms against 3.76 ms (4.6x), with a peak of one array of the input's size
against two (three for log_softmax). At `MIN_SIZE` elements they are 1.3 to 1.4 times as fast in one row and
1.7 to 6 times in several; at 10^3 elements they are slower (softmax 8.4 us against 7.0 us, log_softmax 18 us
against 10 us), and the public functions call the equation functions below `MIN_SIZE`.

Agreement (tests/test_softmax.py): where the shift is made, the same operations as the equation functions up to
the order of the sums; where it is skipped, ``exp(z)`` differs from ``exp(z - m)`` by at most ``|z - m| + 2``
units in the last place, in the kernel's favour.
"""

import math
from typing import NamedTuple

import numpy as np

from .rowwise import rowwise

# From this many elements on, the kernels are the faster path: measured at 10^4 elements, softmax 1.2 (one row) to
# 1.5 (100 x 100) times as fast as its equation function, log_sum_exp 1.15 to 1.5, log_softmax 0.9 to 1.2. `make
# bench` at 10^4 showed the public functions 20 to 27 percent slower with the equation functions there.
MIN_SIZE = 2**13

# exp(x) is a normal float above the first bound and finite below the second (each 1 inside the exact limit,
# log(tiny) and log(max), so that exp's own rounding cannot cross it).
_EXP_RANGE = {np.dtype(t): (float(np.log(np.finfo(t).tiny)) + 1, float(np.log(np.finfo(t).max)) - 1)
              for t in (np.float32, np.float64)}


class Scores(NamedTuple):
    """Checked scores, the axis to normalise along, the largest score of each slice (kept dims) and where it
    is, and the temperature (None for 1). The checks of mlequations.softmax make it; the kernels take it."""

    z: np.ndarray
    axis: int
    top: np.ndarray
    where_top: np.ndarray
    temperature: float | None


def exp_as_is(scores):
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
    z, top = scores.z, scores.top
    if scores.temperature is not None:
        return False
    low, high = _EXP_RANGE[z.dtype]
    if not top.max() < high - math.log(z.shape[scores.axis]):
        return False
    return bool(top.min() >= 0 or z.min() > low)


def shift(scores, *, out=None):
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


def _exponentials(scores, as_is):
    """``exp((z - top) / T)``, or ``exp(z)`` where `exp_as_is` allows it, in a new array."""
    if as_is:
        return np.exp(scores.z)
    terms = shift(scores)
    return np.exp(terms, out=terms)  # in place: the shifted scores are not needed again


def log_normaliser(scores, as_is):
    """``log(sum(exp((z - top) / T)))`` along the axis (kept dims), and a scratch array of the input's size.

    The top entry contributes exactly 1 to the sum, so the result is ``log1p`` of the other terms: when they are
    small (a confident prediction), ``log(1 + s)`` would round ``1 + s`` and lose the digits of ``s``. Without
    a shift the other terms are ``exp(z) / exp(top)``; the scratch array (their exponentials) is the caller's
    to overwrite.
    """
    terms = _exponentials(scores, as_is)
    np.put_along_axis(terms, scores.where_top, 0, axis=scores.axis)
    rest = np.sum(terms, axis=scores.axis, keepdims=True)
    if as_is:
        rest /= np.exp(scores.top)  # the sum of exp(z - top), less the top's 1, divided out after the fact
    return np.log1p(rest), terms


def softmax(scores):
    """The softmax of checked scores, in one array of their size."""
    probs = _exponentials(scores, exp_as_is(scores))
    with rowwise(probs, scores.axis):
        probs /= np.sum(probs, axis=scores.axis, keepdims=True)
    return probs


def log_softmax(scores):
    """The log-softmax of checked scores, in one array of their size."""
    normaliser, scratch = log_normaliser(scores, exp_as_is(scores))
    # The log-probabilities are written over the scratch array: no second array of the input's size.
    log_probs = shift(scores, out=scratch)
    with rowwise(log_probs, scores.axis):
        log_probs -= normaliser
    return log_probs


def log_sum_exp(scores):
    """The log-sum-exp of checked scores along their axis, with kept dims; -inf for a slice of only -inf."""
    normaliser, _ = log_normaliser(scores, exp_as_is(scores))
    # An all -inf slice is the log of an empty sum, -inf; its shifted entries stay -inf and would give 0.
    return np.where(np.isneginf(scores.top), scores.top, scores.top + normaliser)
