"""Row-wise arithmetic at the speed of flat arithmetic.

NumPy (2.x) runs a binary ufunc whose second operand is constant along the last axis, such as ``z - m`` with
``m`` of shape ``(rows, 1)``, through its buffered iterator whenever two rows fit in the ufunc buffer (8192
elements by default): the row constants are copied into the buffer, which makes the operation about 2.2 times as
slow as subtracting one scalar from every element (0.34 ms against 0.15 ms for 1000 x 1000 float64 here). With
the buffer no larger than one row, NumPy loops over the rows in place instead. For short rows the buffered loop
is the faster one, so the buffer is only capped for rows of at least `MIN_ROW` elements; rows longer than the
buffer already run in place.
"""

import contextlib

import numpy as np

# Measured crossover (1000 x 1000 down to 62500 x 16 float64): at rows of 128 both loops take as long; at 256 the
# capped buffer is 1.4 times as fast, at 1000 2.2 times; at 64 it is 1.6 times as slow.
MIN_ROW = 256


@contextlib.contextmanager
def rowwise(arr, axis):
    """Within the block, broadcasting a row constant along `axis` of `arr` loops over rows without buffering.

    Only the ufunc buffer size of the current context changes, and it is restored on exit (even after an
    error); results are bit-for-bit the same either way.
    """
    length = arr.shape[axis]
    if axis not in (-1, arr.ndim - 1) or not MIN_ROW <= length < np.getbufsize() or not arr.flags.c_contiguous:
        yield
        return
    previous = np.setbufsize(length // 16 * 16)  # NumPy requires a multiple of 16
    try:
        yield
    finally:
        np.setbufsize(previous)
