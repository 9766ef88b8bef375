"""Fast paths of the three element-wise losses, for input of at least `MIN_SIZE` elements.

Each kernel takes the loss's raw arguments (after the cheap checks of `reduction` and `eps`), converts them
without scanning their values, and computes block by block. It returns None whenever anything is unusual (a
type, a shape, a value that a check would reject, a sum that overflows), and the public function then runs its
checks and its equation function, which raise the exact error or compute the unusual case. Each kernel says why
no input that a check rejects can come back from it as a number.

What they add over the equation functions of :mod:`mlequations.losses`:

- Blocks of 2^15 elements (256 KB in float64) keep a loss's scratch arrays in the 1 MB L2 cache, so its many
  cheap steps do not each stream the whole input through memory, and no temporary of the input's size is made.
- The value checks are read off the computation: a NaN or an infinity makes the sum not finite.
- Labels exactly 0 or 1 take one logarithm per element instead of two (`_bce_of_labels`).
- The block sums are added with math.fsum, correctly rounded, so their order cannot matter.

Measured against the public function's other path (its checks, then its equation function and the reduction),
float64, labels 0 or 1, ``reduction="mean"``, the best of seven runs of a small timeit script, on this project's
2-core machine, which is shared and was loaded while measuring (so the figures are rough):

================================  ==================  ==================  ==================  ==================
public function                   10^3: kernel        checks + equation   10^6: kernel        checks + equation
================================  ==================  ==================  ==================  ==================
mean_squared_error                5.5 us              14.5 us (2.6x)      0.57 ms             1.37 ms (2.4x)
binary_cross_entropy              13.8 us             29.7 us (2.2x)      2.3 ms              18.2 ms (8.0x)
binary_cross_entropy_with_logits  12.1 us             23.8 us (2.0x)      2.6 ms              25.0 ms (9.6x)
================================  ==================  ==================  ==================  ==================

At small sizes the gain is the checks: they cost more than the arithmetic, and the kernels fold them into it.
At 10^6 the equation function of mean_squared_error alone, without its checks, is about as fast as its kernel
(0.63 ms against 0.57 ms): that kernel is kept for the checks it makes in the same pass. The kernels are as much
faster at 4 elements (2 to 2.9 times), so `MIN_SIZE` is not a crossover: it keeps input of the size of the guide's
examples on the equation functions that the pages show, and lies below the smallest benchmarked size, 10^3.

Agreement (tests/test_losses.py): mean_squared_error and binary_cross_entropy_with_logits compute the same
numbers in the same order as their equation functions, so every per-element loss agrees to the last bit;
binary_cross_entropy of labels is within 2 units in the last place of each loss in float64, 4 in float32 (its one
logarithm against the equation's two).
"""

import math

import numpy as np

from .._validation import as_float_array_unchecked, as_result, in_common_dtype

# Below this many elements the public functions run their equation functions (see the module docstring: the
# kernels are faster at every size measured, so this is not a crossover).
MIN_SIZE = 2**8

# A block keeps a loss's scratch arrays in the L2 cache; the blocks are fixed, so a result depends on the input only.
BLOCK = 1 << 15


def large_pair(first, second, *, labels=False):
    """Both arrays as the checks make them, or None unless both are arrays of real numbers of one shape with at
    least `MIN_SIZE` elements.

    With `labels`, `first` holds targets, and integer targets take the dtype of `second` (as the checks do).
    """
    a = as_float_array_unchecked(first)
    b = None if a is None or a.size < MIN_SIZE else as_float_array_unchecked(second)
    if b is None or a.shape != b.shape:
        return None
    if labels and np.asarray(first).dtype.kind in "iu":
        a = a.astype(b.dtype)
    return a, b


def in_unit_interval(x):
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
    work = [np.empty(min(n, BLOCK), dtype) for _ in range(scratch + 1)]
    if n <= BLOCK:  # one block, the losses in work[0]: spares the loop's bookkeeping
        if loss_of_block(*flat, *work) is False:
            return None
        return work[0].reshape(arrays[0].shape) if reduction == "none" else np.add.reduce(work[0])
    losses = np.empty(n, dtype) if reduction == "none" else None
    sums = np.empty(-(-n // BLOCK), dtype)
    for k, start in enumerate(range(0, n, BLOCK)):
        stop = min(start + BLOCK, n)
        buffers = [w[:stop - start] for w in work] if stop - start < BLOCK else work
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
    """The mean or the sum from the sum of `n` losses, as the public functions' reduction returns it."""
    return as_result((total / n if reduction == "mean" else total) + 0.0)


def _squared_errors(y_true, y_pred, out):
    """The squared differences of two blocks, into `out`."""
    np.subtract(y_true, y_pred, out=out)
    np.square(out, out=out)


def mean_squared_error(y_true, y_pred, reduction):
    """The mean squared error of large input whose squares and their sum are finite, without checking values;
    else None.

    A NaN or an infinity in either input makes its difference NaN or infinite (inf - inf is NaN), and squares are
    never negative, so nothing can cancel it: the sum (with ``"none"``, the largest square) is then not finite,
    and None sends the call to the checks, which raise. So does a square or a sum that overflows.
    """
    pair = large_pair(y_true, y_pred)
    if pair is None:
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # overflow, inf - inf: the checks report them
        result = _blockwise(_squared_errors, pair, np.result_type(*pair), reduction, scratch=0)
    if reduction == "none":
        # The squares of -0.0 are +0.0, so no "+ 0.0" is needed.
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


def clipped(p, eps):
    """`p` clipped to [eps, 1 - eps] rounded into the dtype of `p`, but never to 0 or 1, so that every log is finite.

    In float32, 1 - 1e-8 rounds to 1, and 1e-50 to 0: such a bound becomes the float next to 1 (or to 0) instead.
    """
    dtype = p.dtype.type
    low = max(dtype(eps), np.nextafter(dtype(0), dtype(1)))
    high = min(dtype(1 - eps), np.nextafter(dtype(1), dtype(0)))
    return np.clip(p, low, high)


def binary_cross_entropy(y_true, probs, eps, reduction):
    """The binary cross-entropy of large input of labels exactly 0 or 1, with every check made; None for
    anything else.

    The probabilities are checked to lie in [0, 1] (a NaN fails both comparisons), and `_bce_of_labels` checks
    that every label is exactly 0 or 1, which implies that it is finite and in [0, 1]: every check is made. Soft
    targets take the equation function, with its two logarithms.
    """
    pair = large_pair(y_true, probs, labels=True)
    if pair is None:
        return None
    y, p = in_common_dtype(*pair)
    if not in_unit_interval(p):
        return None
    if eps > 0:
        p = clipped(p, eps)
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
    negative: the same numbers, in the same order, as the equation function, so the results agree to the last bit.
    """
    np.greater_equal(z, 0, out=out)
    np.subtract(out, y, out=out)  # 1 - y where z >= 0, -y where z < 0
    out *= z
    np.abs(z, out=tail)
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    out += np.log1p(tail, out=tail)


def binary_cross_entropy_with_logits(y_true, logits, reduction):
    """The binary cross-entropy from large, finite logits, whose checks it makes after computing; else None.

    The targets are checked to lie in [0, 1] (a NaN fails both comparisons). The logits are not checked: a NaN
    logit gives a NaN loss, and an infinite one an infinite or NaN loss (its weight may be 0), while a
    finite logit gives a finite loss; so the sum (with ``"none"``, the largest loss) is finite exactly when every
    logit is, and when finite losses overflow the sum. Otherwise None sends the call to the checks.
    """
    pair = large_pair(y_true, logits, labels=True)
    if pair is None:
        return None
    y, z = in_common_dtype(*pair)
    if not in_unit_interval(y):
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # an infinite logit of weight 0 gives NaN, and finite
        # losses may sum past the largest float: the checks report both
        result = _blockwise(_bce_with_logits_of_block, (y, z), np.result_type(y, z), reduction, scratch=1)
    if reduction == "none":
        if not np.maximum.reduce(result, axis=None) < np.inf:
            return None
        result += 0.0  # a perfect prediction's -0.0 prints as 0.0, as the public reduction does
        return as_result(result)
    return _mean_or_sum(result, z.size, reduction) if result < np.inf else None
