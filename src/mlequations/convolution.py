"""Convolution in one and two dimensions, the cross-correlation of convolutional layers, and its output size.

Every function here builds its output as a sum of shifted copies of the input, one for each entry of the kernel,
each scaled by that entry (or, across channels, mixed by a matrix product). The loops run over the few kernel
entries (and, for `convolve` and `convolve2d`, over blocks of a few thousand outputs that stay in the cache), never
over single output positions, and every step is one operation on a whole array or block.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ._rescale import power_of_two, scaled_back
from ._validation import (
    as_float_array,
    check_finite,
    check_finite_result,
    check_int,
    check_int_pair,
    check_mode,
    check_layout,
    deferred_finite_check,
    fail_kernel_too_large,
    fail_pair,
    fits_in_memory,
)

__all__ = ["conv2d", "conv_output_size", "convolve", "convolve2d"]


def _pads(input_size, kernel_size, mode):
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
_BLOCK = 32768


def _block_size(dtype):
    return _BLOCK * 8 // np.dtype(dtype).itemsize


def _shift_and_add(data, kernel, pads):
    """Convolve `data` with `kernel` (both 1-d or both 2-d), zero-padded by `pads` (zeros before and after, per axis).

    The output is the sum, over the kernel's entries ``(i, j)``, of ``kernel[i, j]`` times the data shifted by
    ``(i, j)``; a 1-d convolution runs as a 2-d one with a single column. The output is built a band of rows at a
    time (about `_block_size` outputs). The band's input, zero-padded, is laid out in rows of the padded width, so
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
    rows = max(1, min(out_height, _block_size(dtype) // padded_width))
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


def _convolved(data, kernel, pads, names, caller):
    """`_shift_and_add` of checked operands, with the data's finiteness checked off the result, and overflow handled.

    The data's finiteness check is deferred to here, and it is sound: every entry of the data is multiplied into
    at least one output in every mode (a 'valid' kernel is no larger than the data), and a NaN or an infinity
    times any kernel entry, even 0, is NaN or infinite, as is any sum that includes it. So non-finite data always
    make the result non-finite, and the data's own error is raised, as it was before. Otherwise a non-finite
    output means that a partial sum overflowed, though the output itself may be a float: those outputs are
    computed again on the data and the kernel divided by powers of two, and scaled back.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # handled just below
        out, finite = _shift_and_add(data, kernel, pads)
    if not finite:
        check_finite(data, name=names[0], caller=caller)
        data_scale, kernel_scale = power_of_two(data), power_of_two(kernel)
        with np.errstate(over="ignore", invalid="ignore"):
            rescaled, _ = _shift_and_add(data / data_scale, kernel / kernel_scale, pads)
        overflowed = ~np.isfinite(out)
        out[overflowed] = scaled_back(scaled_back(rescaled[overflowed], data_scale), kernel_scale)
        check_finite_result(out, names=names, caller=caller)
    return out


def _checked_operands(data, kernel, mode, ndim, *, names, layouts, caller):
    """The `ndim`-d data and kernel of convolve or convolve2d, converted and checked, and the checked `mode`.

    Whether the data are finite is read off the result instead of a pass of its own (see `_convolved`); if
    another check fails first, the data's own non-finite error still comes first, as if checked up front.
    """
    data_name, kernel_name = names
    data = as_float_array(data, name=data_name, caller=caller, check_values=False)
    with deferred_finite_check(data, name=data_name, caller=caller):
        kernel = as_float_array(kernel, name=kernel_name, caller=caller)
        check_layout(data, ndim, name=data_name, caller=caller, layout=layouts[0])
        check_layout(kernel, ndim, name=kernel_name, caller=caller, layout=layouts[1])
        mode = check_mode(mode, caller=caller)
        _check_kernel_fits(mode, kernel, kernel_name, data, data_name, caller)
    return data, kernel, mode


def _check_kernel_fits(mode, kernel, name, data, data_name, caller):
    if mode == "valid" and any(k > n for k, n in zip(kernel.shape, data.shape)):
        fail_kernel_too_large(name, caller, f"{data_name!r} in every dimension with mode='valid' ({data.shape})",
                              f"shape {kernel.shape}",
                              hint="mode='valid' keeps only the positions where the kernel lies entirely inside "
                                   "the input; use mode='full' or 'same', or a smaller kernel.")


def convolve(f, g, *, mode="full"):
    r"""Discrete convolution of two 1-D sequences.

    Each output is a sum of products of `f` with the *reversed* kernel `g`, shifted to that position: the
    kernel's first entry weighs the latest sample. Convolving with a moving-average kernel smooths, with a
    difference kernel differentiates, and with a unit impulse returns the input.

    .. math::

        (f * g)[n] = \sum_{k} f[k]\, g[n - k], \qquad n = 0, \dots, N + M - 2

    Parameters
    ----------
    f : array_like of float, shape (N,)
        The signal.
    g : array_like of float, shape (M,)
        The kernel (filter).
    mode : {'full', 'same', 'valid'}, default='full'
        'full': every position where `f` and `g` overlap, length :math:`N + M - 1`. 'same': length :math:`N`,
        centred on the full output. 'valid': only the positions where `g` lies entirely inside `f`, length
        :math:`N - M + 1`.

    Returns
    -------
    out : ndarray of shape (N + M - 1,), (N,) or (N - M + 1,)
        float32 when both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If `f` or `g` is not 1-d, is empty or is not finite; if `mode` is not one of the three; or if `g` is
        longer than `f` with ``mode='valid'``; or if the result overflows float64.
    TypeError
        If `f` or `g` is boolean, complex or non-numeric, or `mode` is not a string.

    See Also
    --------
    convolve2d : The same operation on images.
    numpy.convolve : Agrees in every mode when ``len(f) >= len(g)``; it swaps its arguments otherwise.

    Notes
    -----
    In 'full' mode convolution is commutative, :math:`f * g = g * f`, and linear in each argument. 'same'
    and 'valid' single out `f` as the signal: its length sets the output's. NumPy quietly swaps the two when the
    kernel is longer; here a longer kernel in 'valid' mode is an error, because it usually is one.

    Examples
    --------
    >>> from mlequations import convolve
    >>> convolve([1.0, 2.0, 3.0], [0.0, 1.0, 0.5]).tolist()
    [0.0, 1.0, 2.5, 4.0, 1.5]
    >>> convolve([1.0, 2.0, 3.0], [0.0, 1.0, 0.5], mode="same").tolist()
    [1.0, 2.5, 4.0]

    A two-tap difference kernel turns samples of :math:`t^2` into (approximately) its derivative
    :math:`2t`:

    >>> t = np.arange(5.0)
    >>> convolve(t**2, [1.0, -1.0], mode="valid").tolist()
    [1.0, 3.0, 5.0, 7.0]
    """
    caller = "convolve"
    f, g, mode = _checked_operands(f, g, mode, 1, names=("f", "g"), layouts=("(N,)", "(M,)"), caller=caller)
    return _convolved(f, g, [_pads(f.size, g.size, mode)], ("f", "g"), caller)


def convolve2d(image, kernel, *, mode="full"):
    r"""Discrete convolution of two 2-D arrays, with the kernel flipped as the definition asks.

    Every output pixel is the sum of the image's pixels around it, weighted by the kernel turned by 180
    degrees. Blurring, sharpening and edge detection are all convolutions with small kernels.

    .. math::

        (I * K)[i, j] = \sum_{m} \sum_{n} I[m, n]\, K[i - m, j - n]

    Parameters
    ----------
    image : array_like of float, shape (H, W)
        The image (a single channel).
    kernel : array_like of float, shape (kh, kw)
        The kernel.
    mode : {'full', 'same', 'valid'}, default='full'
        'full': shape :math:`(H + k_h - 1, W + k_w - 1)`. 'same': shape :math:`(H, W)`, centred on the full
        output. 'valid': only where the kernel lies inside the image, :math:`(H - k_h + 1, W - k_w + 1)`.

    Returns
    -------
    out : ndarray
        float32 when both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If `image` or `kernel` is not 2-d, is empty or is not finite; if `mode` is not one of the three; or if
        the kernel is larger than the image in either dimension with ``mode='valid'``; or if the result
        overflows float64.
    TypeError
        If `image` or `kernel` is boolean, complex or non-numeric, or `mode` is not a string.

    See Also
    --------
    convolve : The 1-D case.
    conv2d : What convolutional layers compute: the same sum without the flip, over channels and batches.
    scipy.signal.convolve2d : Agrees in every mode (with its default zero boundary).

    Notes
    -----
    Flipping the kernel makes the operation commutative and associative, which is why signal processing
    defines it this way. Without the flip it is the cross-correlation
    :math:`\sum_{m,n} I[i + m, j + n]\, K[m, n]`, which deep-learning libraries call convolution; for a kernel
    that is symmetric under a half turn the two agree.

    Examples
    --------
    Convolving with a single one at a position shifts the image:

    >>> from mlequations import convolve2d
    >>> image = np.arange(1.0, 7.0).reshape(2, 3)
    >>> convolve2d(image, [[0.0, 0.0], [0.0, 1.0]]).tolist()
    [[0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 2.0, 3.0], [0.0, 4.0, 5.0, 6.0]]

    A horizontal Sobel kernel responds where the brightness changes from left to right; its sign says in
    which direction:

    >>> step = np.array([[0.0, 0.0, 1.0, 1.0]] * 3)
    >>> sobel_x = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
    >>> convolve2d(step, sobel_x, mode="valid").tolist()
    [[4.0, 4.0]]
    """
    caller = "convolve2d"
    image, kernel, mode = _checked_operands(image, kernel, mode, 2, names=("image", "kernel"),
                                            layouts=("(H, W)", "(kh, kw)"), caller=caller)
    pads = [_pads(n, k, mode) for n, k in zip(image.shape, kernel.shape)]
    return _convolved(image, kernel, pads, ("image", "kernel"), caller)


def conv2d(x, weight, bias=None, *, stride=1, padding=0, dilation=1):
    r"""The 2-D convolutional layer of deep learning: a cross-correlation over channels, for a batch of images.

    Each output channel slides its own kernel over all input channels at once and adds a bias. Unlike
    :func:`convolve2d` the kernel is *not* flipped, as in every deep-learning library; since the kernel is
    learnt, the flip would change nothing but the learnt values. Stride skips positions, zero padding widens
    the input, and dilation spreads the kernel's taps apart.

    .. math::

        y[n, o, i, j] = b[o] + \sum_{c=1}^{C_{\text{in}}} \sum_{u=0}^{k_h - 1} \sum_{v=0}^{k_w - 1}
        w[o, c, u, v]\, \tilde x[n, c,\, s_h i + d_h u,\, s_w j + d_w v]

    where :math:`\tilde x` is `x` with `padding` zeros on each side of its height and width.

    Parameters
    ----------
    x : array_like of float, shape (N, C_in, H, W)
        A batch of images, channels first (NCHW).
    weight : array_like of float, shape (C_out, C_in, kh, kw)
        One kernel per pair of output and input channel.
    bias : array_like of float, shape (C_out,), optional
        One value per output channel; None (default) adds nothing.
    stride : int or (int, int), default=1
        Step between output positions, at least 1, for height and width.
    padding : int or (int, int), default=0
        Zeros added on both sides of the height and width, at least 0.
    dilation : int or (int, int), default=1
        Spacing between kernel taps, at least 1.

    Returns
    -------
    y : ndarray of shape (N, C_out, H_out, W_out)
        With :math:`H_\text{out}` = ``conv_output_size(H, kh, stride=s_h, padding=p_h, dilation=d_h)``, and
        likewise for the width. float32 when every input is float32, float64 otherwise.

    Raises
    ------
    ValueError
        If `x` or `weight` is not 4-d, or `bias` not 1-d, or any of them is empty or not finite; if the channel
        counts of `x` and `weight` or the lengths of `bias` and ``weight.shape[0]`` differ; if `stride` or
        `dilation` is below 1, `padding` below 0, or a pair does not have two entries; or if the (dilated)
        kernel is larger than the padded input; or if the result overflows float64.
    TypeError
        If an array is boolean, complex or non-numeric, or `stride`, `padding` or `dilation` is not an integer
        or a pair of integers.

    See Also
    --------
    conv_output_size : The size of each spatial dimension of the output.
    convolve2d : True convolution, with the flip, of one 2-D array.
    torch.nn.functional.conv2d : Agrees, with the same argument names and layout.

    Notes
    -----
    The kernel positions are visited one at a time: the pixels that position ``(i, j)`` sees, for every output
    pixel, are one strided slice of the padded input (stride and dilation are the slice's steps), and a matrix
    product with ``weight[:, :, i, j]`` mixes their channels. The loop runs over the ``kh * kw`` kernel positions,
    never over output pixels, for one band of output rows at a time, so that the band's padded input, the slice
    and the running sum stay in the cache; besides the output, only band-sized arrays are allocated, where one
    contraction of all windows would copy the input ``C_in * kh * kw`` times.

    Examples
    --------
    A single 2 x 2 kernel of ones adds up each 2 x 2 patch, without flipping anything:

    >>> from mlequations import conv2d
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> conv2d(x, np.ones((1, 1, 2, 2))).tolist()
    [[[[8.0, 12.0], [20.0, 24.0]]]]

    An asymmetric kernel shows the difference from true convolution: this one reads the pixel to the right.

    >>> conv2d(x, [[[[0.0, 1.0]]]]).tolist()
    [[[[1.0, 2.0], [4.0, 5.0], [7.0, 8.0]]]]

    The guide's layer, ``Conv2d(1, 1, kernel_size=3)`` on a 28 x 28 image, shrinks it to 26 x 26; padding by
    one keeps 28 x 28, and stride 2 halves it:

    >>> image = np.random.default_rng(0).standard_normal((1, 1, 28, 28))
    >>> w = np.ones((1, 1, 3, 3)) / 9
    >>> conv2d(image, w).shape, conv2d(image, w, padding=1).shape, conv2d(image, w, padding=1, stride=2).shape
    ((1, 1, 26, 26), (1, 1, 28, 28), (1, 1, 14, 14))
    """
    caller = "conv2d"
    x = as_float_array(x, name="x", caller=caller)
    weight = as_float_array(weight, name="weight", caller=caller)
    check_layout(x, 4, name="x", caller=caller, layout="(N, C_in, H, W); add a batch axis with x[None]")
    check_layout(weight, 4, name="weight", caller=caller, layout="(C_out, C_in, kh, kw)")
    if x.shape[1] != weight.shape[1]:
        fail_pair("x", "weight", caller, "have the same number of input channels (x.shape[1] == weight.shape[1])",
                  f"{x.shape[1]} and {weight.shape[1]} (shapes {x.shape} and {weight.shape})")
    dtypes = [x, weight]
    if bias is not None:
        bias = as_float_array(bias, name="bias", caller=caller)
        check_layout(bias, 1, name="bias", caller=caller, layout="(C_out,)")
        if bias.shape[0] != weight.shape[0]:
            fail_pair("bias", "weight", caller, "agree on the number of output channels "
                      "(bias.shape[0] == weight.shape[0])", f"{bias.shape[0]} and {weight.shape[0]}")
        dtypes.append(bias)
    stride = check_int_pair(stride, name="stride", caller=caller, minimum=1)
    padding = check_int_pair(padding, name="padding", caller=caller, minimum=0)
    dilation = check_int_pair(dilation, name="dilation", caller=caller, minimum=1)
    padded_size = tuple(n + 2 * p for n, p in zip(x.shape[2:], padding))
    reach = tuple(d * (k - 1) + 1 for d, k in zip(dilation, weight.shape[2:]))  # the dilated kernel's extent
    if any(r > n for r, n in zip(reach, padded_size)):
        fail_kernel_too_large("weight", caller, f"the padded 'x': a kernel extent of at most {padded_size}",
                              f"shape {weight.shape}, of extent {reach} with dilation {dilation}",
                              hint="Pad the input, or use a smaller kernel or dilation.")
    out_size = tuple((size - r) // s + 1 for size, r, s in zip(padded_size, reach, stride))
    dtype = np.result_type(*dtypes)
    with np.errstate(over="ignore", invalid="ignore"), fits_in_memory(padding, name="padding", caller=caller):  # handled just below
        y = _cross_correlate(x, weight, bias, dtype, stride, padding, dilation, out_size)
        overflowed = ~np.isfinite(y)
        if np.any(overflowed):
            # A partial sum overflowed, though an output may still be a float: again on x and the weights divided
            # by powers of two (the bias by both), scaled back.
            sx, sw = power_of_two(x), power_of_two(weight)
            rescaled = _cross_correlate(x / sx, weight / sw, None if bias is None else bias / sx / sw, dtype,
                                        stride, padding, dilation, out_size)
            y[overflowed] = scaled_back(scaled_back(rescaled[overflowed], sx), sw)
    check_finite_result(y, names=("x", "weight") if bias is None else ("x", "weight", "bias"), caller=caller)
    return y


def _cross_correlate(x, weight, bias, dtype, stride, padding, dilation, out_size):
    """`conv2d`'s sum over kernel positions and input channels.

    One kernel position (i, j) at a time: the pixels it sees, for every output pixel, are a strided slice of the
    zero-padded input (stride and dilation are the slice's steps). Copied into one contiguous array, a matrix
    product with ``weight[:, :, i, j]`` mixes their channels; the products of all kernel positions add up to the
    output, and the bias is added last. This runs on a band of output rows at a time (about `_block_size` values
    per channel array), so that the padded input rows the band reads, the copy, the product and the running sum
    stay in the cache across the kernel positions, and the padded input is never stored whole.
    """
    (sh, sw), (ph, pw), (dh, dw), (h_out, w_out) = stride, padding, dilation, out_size
    (n, c_in, height, width), c_out, kh = x.shape, weight.shape[0], weight.shape[2]
    taps = [(i * dh, j * dw, weight[:, :, i, j].astype(dtype)) for i, j in np.ndindex(weight.shape[2:])]
    bias = np.zeros(c_out, dtype) if bias is None else bias.astype(dtype)  # the sum starts from +0: 0 + 0 = 0
    y = np.empty((n, c_out, h_out, w_out), dtype)
    rows = max(1, min(h_out, _block_size(dtype) // (n * max(c_in, c_out) * w_out)))
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


def conv_output_size(input_size, kernel_size, *, stride=1, padding=0, dilation=1):
    r"""The length of one spatial dimension after a convolutional layer.

    The kernel, spread to :math:`d(k - 1) + 1` pixels by dilation, fits into the padded input
    :math:`n + 2p` in :math:`n + 2p - d(k - 1)` positions; a stride :math:`s` keeps every :math:`s`-th of them.

    .. math::

        n_{\text{out}} = \left\lfloor \frac{n + 2p - d(k - 1) - 1}{s} \right\rfloor + 1

    Parameters
    ----------
    input_size : int
        :math:`n`, the input's height or width, at least 1.
    kernel_size : int
        :math:`k`, the kernel's extent along the same dimension, at least 1.
    stride : int, default=1
        :math:`s`, at least 1.
    padding : int, default=0
        :math:`p`, zeros added on each side, at least 0.
    dilation : int, default=1
        :math:`d`, the spacing between kernel taps, at least 1.

    Returns
    -------
    size : int
        At least 1.

    Raises
    ------
    ValueError
        If a size, the stride or the dilation is below 1 or the padding below 0, or if the dilated kernel is
        larger than the padded input (there would be no output).
    TypeError
        If an argument is not an integer.

    See Also
    --------
    conv2d : Whose output has this size.

    References
    ----------
    .. [1] V. Dumoulin and F. Visin, "A guide to convolution arithmetic for deep learning", 2016,
       Relationship 15. https://doi.org/10.48550/arXiv.1603.07285

    Examples
    --------
    The guide's example: a 3 x 3 kernel without padding on 28 pixels leaves 26.

    >>> from mlequations import conv_output_size
    >>> conv_output_size(28, 3)
    26
    >>> conv_output_size(28, 3, padding=1), conv_output_size(28, 3, padding=1, stride=2)
    (28, 14)

    The floor matters: with stride 2, inputs of 27 and 28 pixels give the same size, so the last row of a
    28-pixel input is never read.

    >>> conv_output_size(27, 3, stride=2), conv_output_size(28, 3, stride=2)
    (13, 13)
    """
    caller = "conv_output_size"
    n = check_int(input_size, name="input_size", caller=caller, minimum=1)
    k = check_int(kernel_size, name="kernel_size", caller=caller, minimum=1)
    s = check_int(stride, name="stride", caller=caller, minimum=1)
    p = check_int(padding, name="padding", caller=caller, minimum=0)
    d = check_int(dilation, name="dilation", caller=caller, minimum=1)
    reach = d * (k - 1) + 1
    if reach > n + 2 * p:
        fail_kernel_too_large("kernel_size", caller, f"the padded input: an extent d(k - 1) + 1 of at most "
                              f"input_size + 2 * padding = {n + 2 * p}", f"{k}, of extent {reach}",
                              hint="Pad the input, or use a smaller kernel.")
    return (n + 2 * p - reach) // s + 1
