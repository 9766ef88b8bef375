"""Fast paths of convolve, convolve2d and conv2d, for checked operands of at least `MIN_SIZE` elements.

They compute what the equation functions of :mod:`mlequations.convolution` compute, with one saving: the output
is built a band of rows at a time (`block_size` outputs), so that the band's partial sums, its scaled copy and
the input it reads stay in the cache while every kernel entry adds into them, where the equation functions stream
the whole output through memory once per kernel entry. Besides the output, only band-sized scratch arrays are
allocated; the equation functions make a zero-padded copy of the whole input.

Measured against the equation functions on this project's 2-core machine, shared and loaded while measuring
(load average 2 to 4), float64, the best of seven runs of a tiny timeit script (``timeit.repeat(call,
number=n, repeat=7)``):

- `shift_and_add` for convolve (5 taps, mode 'same'): at 10^6 samples 1.60 ms against 4.44 ms (2.8x), at 10^5
  0.17 ms against 0.70 ms (4.1x), at 2^15 1.4 to 1.6 times as fast; at 2^14 and below the equation function is
  as fast or faster (24 us against 33 us at 2^14, 7.5 us against 14.5 us at 10^3).
- `shift_and_add` for convolve2d (3 x 3, 'same'): at 1000 x 1000 3.06 ms against 10.2 ms (3.3x), at 316 x 316
  1.3x, at 181 x 181 (2^15 pixels) 1.1 to 1.7 times from run to run; at 128 x 128 1.1x and at 32 x 32 1.0x.
- `cross_correlate` for conv2d (4 to 4 channels, 3 x 3, padding 1): at (1, 4, 500, 500) 6.8 ms against 71 ms
  (10x), at 10^5 elements 1.2 ms against 6.5 ms (5x), at 2^15 elements 3.1x; from 2^14 elements down to 36 it
  is 1.04 to 1.2 times as fast, where the equation function makes the same matrix products on smaller arrays.

The public functions call the equation functions below `MIN_SIZE` elements, where the kernels gain less than
1.2x, and the kernels from there on.

Agreement (tests/test_convolution.py): `shift_and_add` adds the same products in the same order as
`_convolve_equation` and `_convolve2d_equation`, starting from the first product instead of zero and adding
zero at the end, which gives the same sum bit for bit (0 ulps). `cross_correlate` makes the same matrix products
as `_conv2d_equation`, band by band; the test holds the two within 2 (C_in kh kw + 1) ulps of the sum of the
absolute products, in case a BLAS sums the channels in another order for a band than for the whole.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

# From this many elements of the data (the signal, the image, x) on, the kernels take over (measured: see above).
# `make bench` showed convolve2d at 10^4 elements and conv2d at 10^3 slower with the equation functions (by 21
# and 18 percent), where the kernels had been 1.1 to 1.2 times as fast: those thresholds are lower.
MIN_SIZE = {"convolve": 2**15, "convolve2d": 2**13, "conv2d": 2**9}


def mode_pads(input_size, kernel_size, mode):
    """Zeros to add before and after one axis so that a plain sliding window over them gives the `mode` output.

    'full' needs every overlap, so kernel_size - 1 zeros on each side. 'same' keeps the input's size and is
    centred on the full output, which starts (kernel_size - 1) // 2 positions in, as in NumPy and SciPy.
    """
    if mode == "full":
        return kernel_size - 1, kernel_size - 1
    if mode == "same":
        start = (kernel_size - 1) // 2
        return kernel_size - 1 - start, start
    return 0, 0



# Outputs are computed a block of about this many at a time (twice as many in float32: the cache holds bytes): the
# block's accumulator, one scaled copy and the part of the input they read (3 x 256 KiB) then stay in the 1 MiB L2
# cache while every kernel entry adds into them, where whole-array steps would stream the whole output through
# memory once per entry.
BLOCK = 32768


def block_size(dtype):
    return BLOCK * 8 // np.dtype(dtype).itemsize


def shift_and_add(data, kernel, pads):
    """Convolve `data` with `kernel` (both 1-d or both 2-d), zero-padded by `pads` (zeros before and after, per axis).

    The output is the sum, over the kernel's entries ``(i, j)``, of ``kernel[i, j]`` times the data shifted by
    ``(i, j)``; a 1-d convolution runs as a 2-d one with a single column. The output is built a band of rows at a
    time (about `block_size` outputs). The band's input, zero-padded, is laid out in rows of the padded width, so
    every shift is one offset into a flat array and every step is one contiguous operation on data in the cache.
    Each sum runs over the kernel's entries in order; adding zero at the end gives, bit for bit, the sum that starts
    from zero (only an exact zero could differ, as -0), like NumPy's and SciPy's. Besides the output, only
    block-sized scratch arrays are allocated.

    Returns the output and whether its sum is finite, which proves every output finite: a NaN or an infinity
    among the outputs makes the sum NaN or infinite (one pass, where checking each output would take two).
    """
    dtype = np.result_type(data, kernel)
    out_shape = tuple(n + before + after - k + 1 for n, k, (before, after) in zip(data.shape, kernel.shape, pads))
    if data.ndim == 1:
        data, kernel, pads = data[:, None], kernel[:, None], [pads[0], (0, 0)]
    (height, width), (kh, kw) = data.shape, kernel.shape
    (top, _), (left, right) = pads
    padded_width = width + left + right
    out_height, out_width = out_shape[0], padded_width - kw + 1
    out = np.empty((out_height, out_width), dtype)
    # Entry (i, j) reads the padded input kh - 1 - i rows and kw - 1 - j columns after the output position.
    offsets = [(kh - 1 - i) * padded_width + kw - 1 - j for i in range(kh) for j in range(kw)]
    (offset0, weight0), *taps = zip(offsets, kernel.astype(dtype).ravel())  # row by row, as np.ndindex goes
    rows = max(1, min(out_height, block_size(dtype) // padded_width))
    band = np.zeros((rows + kh - 1, padded_width), dtype)  # the padded input rows that `rows` output rows read
    scaled = np.empty(rows * padded_width, dtype)
    wide = np.empty(rows * padded_width, dtype) if kw > 1 else None  # output rows in the padded width
    # Without column padding, the input's own rows serve wherever no zero row is needed.
    flat = data.reshape(-1) if padded_width == width and data.flags.c_contiguous else None
    for first in range(0, out_height, rows):
        last = min(out_height, first + rows)
        n = (last - first - 1) * padded_width + out_width  # the block's outputs, and the columns between its rows
        start, stop = first - top, last - top + kh - 1  # the input rows it reads, before clipping to the input
        if flat is not None and start >= 0 and stop <= height:
            source, base = flat, start * width
        else:
            inside = slice(max(start, 0) - start, min(stop, height) - start)
            band[:inside.start, left:left + width] = 0
            band[inside, left:left + width] = data[max(start, 0):min(stop, height)]
            band[inside.stop:, left:left + width] = 0
            source, base = band.reshape(-1), 0
        block = out[first:last]
        target = block.reshape(-1) if wide is None else wide[:n]
        # dtype= keeps the products in the result's dtype: NumPy 1.x would take a float32 signal times a float64
        # scalar weight in float32 (value-based casting), rounding every product to float32.
        np.multiply(source[base + offset0:base + offset0 + n], weight0, out=target, dtype=dtype)
        for offset, weight in taps:
            np.multiply(source[base + offset:base + offset + n], weight, out=scaled[:n], dtype=dtype)
            np.add(target, scaled[:n], out=target)
        if wide is None:
            np.add(target, 0.0, out=target)
        else:  # keep each row's out_width outputs, drop the kw - 1 columns between rows
            np.add(as_strided(wide, (last - first, out_width), (padded_width * wide.itemsize, wide.itemsize)),
                   0.0, out=block)
    return out.reshape(out_shape), bool(np.isfinite(np.add.reduce(out, axis=None)))



def cross_correlate(x, weight, bias, dtype, stride, padding, dilation, out_size):
    """`conv2d`'s sum over kernel positions and input channels.

    One kernel position (i, j) at a time: the pixels it sees, for every output pixel, are a strided slice of the
    zero-padded input (stride and dilation are the slice's steps). Copied into one contiguous array, a matrix
    product with ``weight[:, :, i, j]`` mixes their channels; the products of all kernel positions add up to the
    output, and the bias is added last. This runs on a band of output rows at a time (about `block_size` values
    per channel array), so that the padded input rows the band reads, the copy, the product and the running sum
    stay in the cache across the kernel positions, and the padded input is never stored whole.
    """
    (sh, sw), (ph, pw), (dh, dw), (h_out, w_out) = stride, padding, dilation, out_size
    (n, c_in, height, width), c_out, kh = x.shape, weight.shape[0], weight.shape[2]
    taps = [(i * dh, j * dw, weight[:, :, i, j].astype(dtype)) for i, j in np.ndindex(weight.shape[2:])]
    bias = np.zeros(c_out, dtype) if bias is None else bias.astype(dtype)  # the sum starts from +0: 0 + 0 = 0
    y = np.empty((n, c_out, h_out, w_out), dtype)
    rows = max(1, min(h_out, block_size(dtype) // (n * max(c_in, c_out) * w_out)))
    padded = np.zeros((n, c_in, sh * (rows - 1) + dh * (kh - 1) + 1, width + 2 * pw), dtype)  # a band's input
    seen = np.empty((n, c_in, rows, w_out), dtype)
    product = np.empty((n, c_out, rows * w_out), dtype)
    total = np.empty_like(product)
    for first in range(0, h_out, rows):
        last = min(h_out, first + rows)
        start = first * sh - ph  # the input row at the top of the band (negative in the padding)
        above = min(max(-start, 0), padded.shape[2])  # the band's rows above the input, then those inside it
        below = max(min(height - start, padded.shape[2]), above)
        padded[:, :, :above] = 0
        padded[:, :, above:below, pw:pw + width] = x[:, :, start + above:start + below]
        padded[:, :, below:] = 0
        band = slice(0, (last - first) * w_out)
        total.fill(0)
        for top, left, w in taps:
            np.copyto(seen[:, :, :last - first], padded[:, :, top:top + sh * (last - first - 1) + 1:sh,
                                                       left:left + sw * (w_out - 1) + 1:sw])
            total[:, :, band] += np.matmul(w, seen[:, :, :last - first].reshape(n, c_in, -1),
                                           out=product[:, :, band])
        np.add(total[:, :, band].reshape(n, c_out, last - first, w_out), bias[:, None, None],
               out=y[:, :, first:last])
    return y
