"""Powers of two that bring extreme input into range, and back.

Multiplying by a power of two is exact (away from the subnormals), so a result computed on rescaled input and
scaled back equals the direct one wherever the direct one did not overflow. The functions that need it
(decompositions, matrix products, convolutions, attention) rescale only input whose intermediate results could
overflow, or whose direct result did: ordinary input takes the direct path, bit for bit as before.
"""

import math

import numpy as np


def power_of_two(x):
    """The power of two ``2**e`` with ``max|x| / 2**e`` in [1, 2), as a Python float; 1.0 for an all-zero `x`."""
    largest = float(np.max(np.abs(x)))
    return math.ldexp(1.0, math.frexp(largest)[1] - 1) if largest > 0 else 1.0


def near_overflow(x, factor=1):
    """Whether ``max|x| * factor`` comes within 2**24 of the largest float of `x`'s dtype: an input a routine
    may overflow on inside (a norm, a sum of `factor` products) even where its result is representable."""
    return float(np.max(np.abs(x))) * factor > float(np.finfo(x.dtype).max) / 2**24


def scaled_back(values, scale):
    """`values` times the Python float `scale`, in the dtype of `values`; inf (not a warning) past its range.

    The product is taken in float64 (complex128 for complex values), where `scale` itself is representable even
    when it is not in float32, and rounded once into the dtype of `values`.
    """
    wide = np.complex128 if np.iscomplexobj(values) else np.float64
    with np.errstate(over="ignore"):
        return (np.asarray(values, dtype=wide) * scale).astype(values.dtype, copy=False)


def in_range(x, factor):
    """`x` divided by a power of two where `near_overflow(x, factor)`, and the divisor; else `x` and 1.0.

    Dividing by a power of two is exact, and leaves eigen- and singular vectors as they are.
    """
    scale = power_of_two(x) if near_overflow(x, factor) else 1.0
    return (x, scale) if scale == 1.0 else (x / scale, scale)


def recompute_overflowed(out, product, a, b, c=None):
    """The entries of `out` = ``product(a, b, c)`` (sums of products of `a` and `b` entries, plus `c`) that are not
    finite, computed again on `a` and `b` divided by powers of two (`c` by both) and scaled back, in place.

    Call it on finite operands: a non-finite entry then means that a partial sum overflowed, though the entry
    itself may be a float. The finite entries are exact as they are and are kept. Returns `out`.
    """
    overflowed = ~np.isfinite(out)
    if np.any(overflowed):
        sa, sb = power_of_two(a), power_of_two(b)
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            rescaled = product(a / sa, b / sb, None if c is None else c / sa / sb)
        out[overflowed] = scaled_back(scaled_back(rescaled[overflowed], sa), sb)
    return out
