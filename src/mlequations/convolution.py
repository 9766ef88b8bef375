"""Convolution in one and two dimensions, the cross-correlation of convolutional layers, and its output size.

Every function here builds its output as a sum of shifted copies of the input, one for each entry of the kernel,
each scaled by that entry (or, across channels, mixed by a matrix product). The loops run over the few kernel
entries, never over single output positions, and every step is one operation on a whole array. On large input
the fast paths of `mlequations._kernels.convolution` run the same sums a cache-sized block at a time.
"""

import numpy as np

from ._kernels import convolution as kernels
from ._rescale import recompute_overflowed
from ._validation import (
    as_float_array,
    check_finite,
    check_finite_result,
    check_int_pair,
    check_integer,
    check_layout,
    check_choice,
    deferred_finite_check,
    fail_kernel_too_large,
    fail_pair,
    fits_in_memory,
)

__all__ = ["conv2d", "conv_output_size", "convolve", "convolve2d"]



# -- the equations -------------------------------------------------------------------------------------------------

def _convolve_equation(f, g, mode):
    """(f * g)[n] = sum_k g[k] f[n - k]: f shifted by k and scaled by g[k], added up over k.

    The full overlap has N + M - 1 outputs; 'same' keeps the N in its middle, 'valid' the
    N - M + 1 where g lies inside f.
    """
    N, M = len(f), len(g)
    padded = np.zeros(N + 2 * (M - 1), np.result_type(f, g))  # f[n - k] is 0 outside f
    padded[M - 1:M - 1 + N] = f
    out = np.zeros(N + M - 1, padded.dtype)
    for k in range(M):  # out[n] += g[k] f[n - k], for every n at once
        out += g[k] * padded[M - 1 - k:M - 1 - k + N + M - 1]
    start = {"full": 0, "same": (M - 1) // 2, "valid": M - 1}[mode]
    size = {"full": N + M - 1, "same": N, "valid": N - M + 1}[mode]
    return out[start:start + size]


def _convolve2d_equation(I, K, mode):
    """(I * K)[i, j] = sum_{m,n} K[m, n] I[i - m, j - n]: I shifted by (m, n), times K[m, n].

    The full overlap has (H + kh - 1, W + kw - 1) outputs; 'same' keeps the (H, W) in its
    middle, 'valid' the positions where K lies inside I.
    """
    (H, W), (kh, kw) = I.shape, K.shape
    h, w = H + kh - 1, W + kw - 1  # the full output's shape
    padded = np.zeros((h + kh - 1, w + kw - 1), np.result_type(I, K))  # 0 outside I
    padded[kh - 1:kh - 1 + H, kw - 1:kw - 1 + W] = I
    out = np.zeros((h, w), padded.dtype)
    for m, n in np.ndindex(kh, kw):  # out[i, j] += K[m, n] I[i - m, j - n], for all (i, j)
        out += K[m, n] * padded[kh - 1 - m:kh - 1 - m + h, kw - 1 - n:kw - 1 - n + w]
    top = {"full": 0, "same": (kh - 1) // 2, "valid": kh - 1}[mode]
    left = {"full": 0, "same": (kw - 1) // 2, "valid": kw - 1}[mode]
    rows, cols = {"full": (h, w), "same": (H, W), "valid": (H - kh + 1, W - kw + 1)}[mode]
    return out[top:top + rows, left:left + cols]


def _conv_output_size_equation(n, k, s, p, d):
    """n_out = floor((n + 2p - d(k - 1) - 1) / s) + 1, integer division being the floor."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _conv2d_equation(x, w, b, stride, padding, dilation):
    """y[n, o, i, j] = b[o] + sum_{c,u,v} w[o, c, u, v] x~[n, c, s_h i + d_h u, s_w j + d_w v].

    The matrix product with w[:, :, u, v] is the sum over the input channels c.
    """
    (s_h, s_w), (p_h, p_w), (d_h, d_w), (k_h, k_w) = stride, padding, dilation, w.shape[2:]
    x_pad = np.pad(x, ((0, 0), (0, 0), (p_h, p_h), (p_w, p_w)))  # x~: x with zeros around
    h_out = _conv_output_size_equation(x.shape[2], k_h, s_h, p_h, d_h)
    w_out = _conv_output_size_equation(x.shape[3], k_w, s_w, p_w, d_w)
    y = np.zeros((x.shape[0], w.shape[0], h_out, w_out), np.result_type(x, w, b))
    for u, v in np.ndindex(k_h, k_w):  # what tap (u, v) sees from every output pixel (i, j)
        seen = x_pad[:, :, d_h * u::s_h, d_w * v::s_w][:, :, :h_out, :w_out]
        y += (w[:, :, u, v] @ seen.reshape(*seen.shape[:2], -1)).reshape(y.shape)
    return y + b[:, None, None]


# -- the checks ----------------------------------------------------------------------------------------------------

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
        mode = check_choice(mode, ("full", "same", "valid"), name="mode", caller=caller)
        _check_kernel_fits(mode, kernel, kernel_name, data, data_name, caller)
    return data, kernel, mode


def _check_kernel_fits(mode, kernel, name, data, data_name, caller):
    if mode == "valid" and any(k > n for k, n in zip(kernel.shape, data.shape)):
        fail_kernel_too_large(name, caller, f"{data_name!r} in every dimension with mode='valid' ({data.shape})",
                              f"shape {kernel.shape}",
                              hint="mode='valid' keeps only the positions where the kernel lies entirely inside "
                                   "the input; use mode='full' or 'same', or a smaller kernel.")


def _check_convolve(f, g, mode):
    """The checked (f, g, mode) of convolve: 1-d real arrays, g no longer than f with mode='valid'; whether f is
    finite is checked off the result."""
    return _checked_operands(f, g, mode, 1, names=("f", "g"), layouts=("(N,)", "(M,)"), caller="convolve")


def _check_convolve2d(image, kernel, mode):
    """The checked (image, kernel, mode) of convolve2d, as `_check_convolve` checks them in 2-d."""
    return _checked_operands(image, kernel, mode, 2, names=("image", "kernel"), layouts=("(H, W)", "(kh, kw)"),
                             caller="convolve2d")


def _check_conv2d(x, weight, bias, stride, padding, dilation):
    """The checked (x, weight, bias, stride, padding, dilation) of conv2d, each pair as two ints: finite NCHW
    input, matching channel counts, and a dilated kernel no larger than the padded input."""
    caller = "conv2d"
    x = as_float_array(x, name="x", caller=caller)
    weight = as_float_array(weight, name="weight", caller=caller)
    check_layout(x, 4, name="x", caller=caller, layout="(N, C_in, H, W); add a batch axis with x[None]")
    check_layout(weight, 4, name="weight", caller=caller, layout="(C_out, C_in, kh, kw)")
    if x.shape[1] != weight.shape[1]:
        fail_pair("x", "weight", caller, "have the same number of input channels (x.shape[1] == weight.shape[1])",
                  f"{x.shape[1]} and {weight.shape[1]} (shapes {x.shape} and {weight.shape})")
    if bias is not None:
        bias = as_float_array(bias, name="bias", caller=caller)
        check_layout(bias, 1, name="bias", caller=caller, layout="(C_out,)")
        if bias.shape[0] != weight.shape[0]:
            fail_pair("bias", "weight", caller, "agree on the number of output channels "
                      "(bias.shape[0] == weight.shape[0])", f"{bias.shape[0]} and {weight.shape[0]}")
    stride = check_int_pair(stride, name="stride", caller=caller, minimum=1)
    padding = check_int_pair(padding, name="padding", caller=caller, minimum=0)
    dilation = check_int_pair(dilation, name="dilation", caller=caller, minimum=1)
    padded_size = tuple(n + 2 * p for n, p in zip(x.shape[2:], padding))
    reach = tuple(d * (k - 1) + 1 for d, k in zip(dilation, weight.shape[2:]))  # the dilated kernel's extent
    if any(r > n for r, n in zip(reach, padded_size)):
        fail_kernel_too_large("weight", caller, f"the padded 'x': a kernel extent of at most {padded_size}",
                              f"shape {weight.shape}, of extent {reach} with dilation {dilation}",
                              hint="Pad the input, or use a smaller kernel or dilation.")
    return x, weight, bias, stride, padding, dilation


def _check_conv_output_size(input_size, kernel_size, stride, padding, dilation):
    """The checked (n, k, s, p, d): integers, n, k, s and d at least 1, p at least 0, and the dilated kernel no
    larger than the padded input."""
    caller = "conv_output_size"
    n = check_integer(input_size, name="input_size", caller=caller, low=1)
    k = check_integer(kernel_size, name="kernel_size", caller=caller, low=1)
    s = check_integer(stride, name="stride", caller=caller, low=1)
    p = check_integer(padding, name="padding", caller=caller, low=0)
    d = check_integer(dilation, name="dilation", caller=caller, low=1)
    reach = d * (k - 1) + 1
    if reach > n + 2 * p:
        fail_kernel_too_large("kernel_size", caller, f"the padded input: an extent d(k - 1) + 1 of at most "
                              f"input_size + 2 * padding = {n + 2 * p}", f"{k}, of extent {reach}",
                              hint="Pad the input, or use a smaller kernel.")
    return n, k, s, p, d


# -- what the package adds: the kernel or the equation function, and overflow -------------------------------------

def _finite_sum(out):
    """`out` and whether its sum is finite, which proves every entry finite (one pass instead of two)."""
    return out, bool(np.isfinite(np.add.reduce(out, axis=None)))


def _shifted_sum(data, kernel, mode, caller):
    """The convolution of checked operands and whether it is finite: the kernel on large data, the equation
    function below `kernels.MIN_SIZE[caller]` elements, where it is about as fast."""
    if data.size >= kernels.MIN_SIZE[caller]:
        return kernels.shift_and_add(data, kernel, [kernels.mode_pads(n, k, mode)
                                                    for n, k in zip(data.shape, kernel.shape)])
    return _finite_sum((_convolve_equation if data.ndim == 1 else _convolve2d_equation)(data, kernel, mode))


def _convolved(data, kernel, mode, names, caller):
    """`_shifted_sum` of checked operands, with the data's finiteness checked off the result, and overflow handled.

    The data's finiteness check is deferred to here, and it is sound: every entry of the data is multiplied into
    at least one output in every mode (a 'valid' kernel is no larger than the data), and a NaN or an infinity
    times any kernel entry, even 0, is NaN or infinite, as is any sum that includes it. So non-finite data always
    make the result non-finite, and the data's own error is raised, as it was before. Otherwise a non-finite
    output means that a partial sum overflowed, though the output itself may be a float: those outputs are
    computed again on the data and the kernel divided by powers of two, and scaled back.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # handled just below
        out, finite = _shifted_sum(data, kernel, mode, caller)
    if not finite:
        check_finite(data, name=names[0], caller=caller)
        recompute_overflowed(out, lambda d, k, _: _shifted_sum(d, k, mode, caller)[0], data, kernel)
        check_finite_result(out, names=names, caller=caller)
    return out


def _cross_correlated(x, weight, b, stride, padding, dilation):
    """conv2d of checked operands, with the bias `b` an array: the banded kernel on large input, the equation
    function below `kernels.MIN_SIZE['conv2d']` elements of `x`."""
    if x.size >= kernels.MIN_SIZE["conv2d"]:
        out_size = tuple(_conv_output_size_equation(n, k, s, p, d) for n, k, s, p, d in
                         zip(x.shape[2:], weight.shape[2:], stride, padding, dilation))
        return kernels.cross_correlate(x, weight, b, b.dtype, stride, padding, dilation, out_size)
    return _conv2d_equation(x, weight, b, stride, padding, dilation)


# -- the public functions ------------------------------------------------------------------------------------------

def convolve(f, g, *, mode="full"):
    r"""Discrete convolution of two 1-D sequences.

    Each output is a sum of products of `f` with the *reversed* kernel `g`, shifted to that position: the
    kernel's first entry weighs the latest sample. Convolving with a moving-average kernel smooths, with a
    difference kernel takes finite differences (an approximate derivative), and with a unit impulse returns the
    input.

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

    A two-tap difference kernel turns samples of :math:`t^2` into the differences
    :math:`t^2 - (t - 1)^2 = 2t - 1`, the derivative :math:`2t` taken at the midpoint :math:`t - 1/2`:

    >>> t = np.arange(5.0)
    >>> convolve(t**2, [1.0, -1.0], mode="valid").tolist()
    [1.0, 3.0, 5.0, 7.0]
    """
    f, g, mode = _check_convolve(f, g, mode)
    return _convolved(f, g, mode, ("f", "g"), "convolve")


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
    With the flip, the operation is the response of a linear shift-invariant filter whose response to a single
    bright pixel is the kernel, and it is commutative and associative (with full outputs); that is why signal
    processing defines it this way. Without the flip it is the cross-correlation
    :math:`\sum_{m,n} I[i + m, j + n]\, K[m, n]`, which deep-learning libraries call convolution; for a kernel
    that is symmetric under a half turn the two agree in 'valid' mode.

    Examples
    --------
    Convolving with a single one at a position shifts the image:

    >>> from mlequations import convolve2d
    >>> image = np.arange(1.0, 7.0).reshape(2, 3)
    >>> convolve2d(image, [[0.0, 0.0], [0.0, 1.0]]).tolist()
    [[0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 2.0, 3.0], [0.0, 4.0, 5.0, 6.0]]

    The Sobel kernel of the horizontal derivative responds where the brightness changes from left to right; its
    sign says in which direction:

    >>> step = np.array([[0.0, 0.0, 1.0, 1.0]] * 3)
    >>> sobel_x = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
    >>> convolve2d(step, sobel_x, mode="valid").tolist()
    [[4.0, 4.0]]
    """
    image, kernel, mode = _check_convolve2d(image, kernel, mode)
    return _convolved(image, kernel, mode, ("image", "kernel"), "convolve2d")


def conv2d(x, weight, bias=None, *, stride=1, padding=0, dilation=1):
    r"""The 2-D convolutional layer of deep learning: a cross-correlation over channels, for a batch of images.

    Each output channel slides its own kernel over all input channels at once and adds a bias. Unlike
    :func:`convolve2d` the kernel is *not* flipped, as in PyTorch's ``torch.nn.functional.conv2d`` and the other
    deep-learning libraries; since the kernel is learnt, the flip would change nothing but the learnt values.
    Stride skips positions, zero padding widens the input, and dilation spreads the kernel's taps apart.

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
    The kernel positions are visited one at a time: the pixels that position ``(u, v)`` sees, for every output
    pixel, are one strided slice of the padded input (stride and dilation are the slice's steps), and a matrix
    product with ``weight[:, :, u, v]`` mixes their channels. The loop runs over the ``kh * kw`` kernel positions,
    never over output pixels. On large input the fast path runs it for one band of output rows at a time, so
    that the band's padded input, the slice and the running sum stay in the cache; besides the output, only
    band-sized arrays are allocated, where one contraction of all windows would copy the input
    ``C_in * kh * kw`` times.

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
    x, weight, bias, stride, padding, dilation = _check_conv2d(x, weight, bias, stride, padding, dilation)
    names = ("x", "weight") if bias is None else ("x", "weight", "bias")
    dtype = np.result_type(x, weight, *([] if bias is None else [bias]))
    b = np.zeros(weight.shape[0], dtype) if bias is None else bias.astype(dtype)  # no bias: the sum is that of +0
    with np.errstate(over="ignore", invalid="ignore"), fits_in_memory(padding, name="padding", caller="conv2d"):
        y = _cross_correlated(x, weight, b, stride, padding, dilation)
        # Where only a partial sum overflowed, an output may still be a float.
        recompute_overflowed(y, lambda x_, w_, b_: _cross_correlated(x_, w_, b_, stride, padding, dilation),
                             x, weight, b)
    check_finite_result(y, names=names, caller="conv2d")
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
    return _conv_output_size_equation(*_check_conv_output_size(input_size, kernel_size, stride, padding, dilation))
