"""Tests of mlequations.convolution: convolve, convolve2d, conv2d, conv_output_size."""

import itertools

import numpy as np
import pytest
import scipy.signal
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

from mlequations import conv2d, conv_output_size, convolve, convolve2d

from .strategies import real_images, real_vectors

MODES = ["full", "same", "valid"]


def _rng():
    return np.random.default_rng(20261124)


def _torch_conv2d(x, weight, bias=None, **kwargs):
    t = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(weight),
                                   None if bias is None else torch.from_numpy(bias), **kwargs)
    return t.numpy()


# -- closed forms --------------------------------------------------------------------------------------------------

def test_convolve_by_hand():
    # (1 + 2z + 3z^2)(1 + z) = 1 + 3z + 5z^2 + 3z^3: convolution multiplies polynomials.
    assert convolve([1.0, 2.0, 3.0], [1.0, 1.0]).tolist() == [1.0, 3.0, 5.0, 3.0]
    assert convolve([1.0, 2.0, 3.0], [1.0, 1.0], mode="valid").tolist() == [3.0, 5.0]
    assert convolve([1.0, 2.0, 3.0], [1.0, 1.0], mode="same").tolist() == [1.0, 3.0, 5.0]


def test_convolve2d_flips_the_kernel_and_conv2d_does_not():
    image = np.arange(9.0).reshape(3, 3)
    reads_right = np.array([[0.0, 1.0]])      # cross-correlation: out[i, j] = image[i, j + 1]
    np.testing.assert_array_equal(conv2d(image[None, None], reads_right[None, None])[0, 0], image[:, 1:])
    np.testing.assert_array_equal(convolve2d(image, reads_right, mode="valid"), image[:, :-1])


def test_valid_mode_with_a_kernel_as_large_as_the_input_is_one_dot_product():
    rng = _rng()
    image, kernel = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    out = convolve2d(image, kernel, mode="valid")
    assert out.shape == (1, 1)
    assert out[0, 0] == pytest.approx(np.sum(image * kernel[::-1, ::-1]), rel=1e-13)


@pytest.mark.parametrize("n, k, s, p, d, expected", [
    (28, 3, 1, 0, 1, 26), (28, 3, 1, 1, 1, 28), (28, 3, 2, 1, 1, 14), (28, 3, 2, 0, 1, 13), (27, 3, 2, 0, 1, 13),
    (5, 5, 1, 0, 1, 1), (7, 3, 1, 0, 2, 3), (224, 7, 2, 3, 1, 112), (1, 1, 1, 0, 1, 1), (1, 3, 1, 1, 1, 1),
])
def test_conv_output_size_by_hand(n, k, s, p, d, expected):
    assert conv_output_size(n, k, stride=s, padding=p, dilation=d) == expected


# -- agreement with NumPy, SciPy and PyTorch ------------------------------------------------------------------------

@pytest.mark.parametrize("n, m", [(1, 1), (7, 1), (7, 3), (8, 4), (10, 10), (33, 6)])
@pytest.mark.parametrize("mode", MODES)
def test_convolve_agrees_with_numpy(n, m, mode):
    rng = _rng()
    f, g = rng.standard_normal(n), rng.standard_normal(m)
    np.testing.assert_allclose(convolve(f, g, mode=mode), np.convolve(f, g, mode=mode), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("mode", ["full", "same"])
def test_convolve_with_a_longer_kernel_agrees_with_scipy(mode):
    # NumPy swaps the arguments when the kernel is longer; SciPy, like us, keeps f as the signal in 'same' mode.
    rng = _rng()
    f, g = rng.standard_normal(4), rng.standard_normal(9)
    np.testing.assert_allclose(convolve(f, g, mode=mode), scipy.signal.convolve(f, g, mode=mode, method="direct"),
                               rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("image_shape, kernel_shape", [((1, 1), (1, 1)), ((7, 9), (3, 3)), ((7, 9), (4, 2)),
                                                       ((6, 6), (6, 6)), ((12, 5), (5, 4))])
@pytest.mark.parametrize("mode", MODES)
def test_convolve2d_agrees_with_scipy(image_shape, kernel_shape, mode):
    rng = _rng()
    image, kernel = rng.standard_normal(image_shape), rng.standard_normal(kernel_shape)
    np.testing.assert_allclose(convolve2d(image, kernel, mode=mode), scipy.signal.convolve2d(image, kernel, mode=mode),
                               rtol=1e-12, atol=1e-13)


CONV2D_CASES = [
    dict(),
    dict(stride=2),
    dict(padding=1),
    dict(stride=(2, 3), padding=(1, 2)),
    dict(dilation=2),
    dict(stride=2, padding=3, dilation=(1, 2)),
]


@pytest.mark.parametrize("kwargs", CONV2D_CASES, ids=str)
@pytest.mark.parametrize("use_bias", [False, True])
def test_conv2d_agrees_with_torch_in_float64(kwargs, use_bias):
    rng = _rng()
    x, weight = rng.standard_normal((2, 3, 11, 10)), rng.standard_normal((4, 3, 3, 2))
    bias = rng.standard_normal(4) if use_bias else None
    ours = conv2d(x, weight, bias, **kwargs)
    expected = _torch_conv2d(x, weight, bias, **kwargs)
    assert ours.shape == expected.shape and ours.dtype == np.float64
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-13)


def test_conv2d_agrees_with_torch_in_float32():
    rng = _rng()
    x = rng.standard_normal((2, 3, 16, 16)).astype(np.float32)
    weight = rng.standard_normal((5, 3, 3, 3)).astype(np.float32)
    bias = rng.standard_normal(5).astype(np.float32)
    ours = conv2d(x, weight, bias, stride=2, padding=1)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, _torch_conv2d(x, weight, bias, stride=2, padding=1), rtol=1e-5, atol=1e-5)


def test_conv_output_size_agrees_with_conv2d_and_torch():
    x = np.zeros((1, 1, 9, 9))
    for k, s, p, d in itertools.product([1, 2, 3], [1, 2, 3], [0, 1, 2], [1, 2]):
        if d * (k - 1) + 1 > 9 + 2 * p:
            continue
        weight = np.zeros((1, 1, k, k))
        size = conv_output_size(9, k, stride=s, padding=p, dilation=d)
        assert conv2d(x, weight, stride=s, padding=p, dilation=d).shape == (1, 1, size, size)
        assert _torch_conv2d(x, weight, stride=s, padding=p, dilation=d).shape == (1, 1, size, size)


# -- the blocked shift-and-add (issue 9) ---------------------------------------------------------------------------

def _shift_and_add_from_zero(data, kernel, mode):
    """The textbook sum, one whole-array step per kernel entry over a zero-padded copy, starting from zero."""
    data, kernel = np.atleast_2d(data), np.atleast_2d(kernel)
    kh, kw = kernel.shape
    full = np.pad(data, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
    out = np.zeros((data.shape[0] + kh - 1, data.shape[1] + kw - 1), np.result_type(data, kernel))
    for i, j in np.ndindex(kh, kw):
        out += kernel[i, j] * full[kh - 1 - i:kh - 1 - i + out.shape[0], kw - 1 - j:kw - 1 - j + out.shape[1]]
    if mode == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        return out[top:top + data.shape[0], left:left + data.shape[1]]
    if mode == "valid":
        return out[kh - 1:data.shape[0], kw - 1:data.shape[1]]
    return out


@pytest.fixture(params=[5, 64, None, "equation"], ids=["block-5", "block-64", "default-block", "equation"])
def block(request, monkeypatch):
    """Blocks of a few outputs exercise many blocks, the edge blocks and a short last block on small inputs. The
    kernels take every input here, except with "equation", where the equation functions take every input."""
    from mlequations._kernels import convolution as kernels
    monkeypatch.setattr(kernels, "MIN_SIZE", dict.fromkeys(kernels.MIN_SIZE, 0 if request.param != "equation"
                                                            else 2**62))
    if isinstance(request.param, int):
        monkeypatch.setattr(kernels, "BLOCK", request.param)
    return request.param


@pytest.mark.parametrize("n, m", [(1, 1), (2, 3), (37, 1), (37, 5), (100, 9), (1000, 4), (40_001, 5)])
@pytest.mark.parametrize("mode", MODES)
def test_blocked_convolve_is_the_sum_from_zero_bit_for_bit(block, n, m, mode):
    # Interior blocks read the signal in place; edge blocks go through the zero-padded band.
    rng = _rng()
    f, g = rng.standard_normal(n), rng.standard_normal(m)
    if mode == "valid" and m > n:
        return
    ours = convolve(f, g, mode=mode)
    np.testing.assert_array_equal(ours, _shift_and_add_from_zero(f[:, None], g[:, None], mode)[:, 0])
    np.testing.assert_allclose(ours, scipy.signal.convolve(f, g, mode=mode, method="direct"), rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("image_shape, kernel_shape", [((1, 1), (1, 1)), ((9, 7), (3, 3)), ((9, 7), (4, 1)),
                                                       ((9, 7), (1, 4)), ((50, 33), (5, 2)), ((300, 301), (3, 3))])
@pytest.mark.parametrize("mode", MODES)
def test_blocked_convolve2d_is_the_sum_from_zero_bit_for_bit(block, image_shape, kernel_shape, mode):
    # A one-column kernel with no column padding reads the image in place; the others use the padded band.
    rng = _rng()
    image, kernel = rng.standard_normal(image_shape), rng.standard_normal(kernel_shape)
    ours = convolve2d(image, kernel, mode=mode)
    np.testing.assert_array_equal(ours, _shift_and_add_from_zero(image, kernel, mode))
    np.testing.assert_allclose(ours, scipy.signal.convolve2d(image, kernel, mode=mode), rtol=1e-12, atol=1e-12)


def test_strided_and_mixed_precision_input(block):
    rng = _rng()
    f = rng.standard_normal(2001)[::2]              # not contiguous: every block goes through the band
    g = rng.standard_normal(4)
    np.testing.assert_array_equal(convolve(f, g, mode="same"), _shift_and_add_from_zero(f[:, None], g[:, None],
                                                                                         "same")[:, 0])
    image = rng.standard_normal((40, 60)).T         # Fortran order
    kernel = rng.standard_normal((3, 1))
    np.testing.assert_array_equal(convolve2d(image, kernel, mode="valid"),
                                  _shift_and_add_from_zero(image, kernel, "valid"))
    f32 = f.astype(np.float32)
    out = convolve(f32, g)                          # a float64 kernel: the products are float64, not rounded first
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, np.convolve(f32.astype(np.float64), g), rtol=1e-13, atol=1e-13)
    out32 = convolve(f32, g.astype(np.float32))
    assert out32.dtype == np.float32
    np.testing.assert_array_equal(out32, _shift_and_add_from_zero(f32[:, None], g.astype(np.float32)[:, None],
                                                                  "full")[:, 0])
    np.testing.assert_allclose(out32, np.convolve(f32, g.astype(np.float32)), rtol=1e-5, atol=1e-5)


def test_an_exact_zero_is_positive_as_in_numpy_and_scipy(block):
    # Every product is -0 here; a sum that started from the first product instead of zero would return -0.
    f = -np.ones(50)
    for mode in MODES:
        assert not np.any(np.signbit(convolve(f, [0.0, 0.0, 0.0], mode=mode)))
        assert not np.any(np.signbit(np.convolve(f, [0.0, 0.0, 0.0], mode=mode)))
    image = -np.ones((20, 30))
    out = convolve2d(image, -np.zeros((3, 2)), mode="same")
    assert not np.any(np.signbit(out)) and not np.any(np.signbit(scipy.signal.convolve2d(image, -np.zeros((3, 2)),
                                                                                         mode="same")))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("position", [0, 7, 39_999])
def test_non_finite_data_is_caught_after_the_work(block, bad, position):
    # The check that f is finite runs on the result: a zero kernel entry still turns inf into NaN, never into 0.
    f = np.ones(40_000)
    f[position] = bad
    for mode in MODES:
        with pytest.raises(ValueError, match=r"^The 'f' parameter of convolve must be finite \(no NaN or infinity\)"):
            convolve(f, [0.0, 0.0, 1.0], mode=mode)
    image = np.ones((200, 200))
    image.flat[position] = bad
    with pytest.raises(ValueError, match=r"^The 'image' parameter of convolve2d must be finite"):
        convolve2d(image, np.zeros((3, 3)), mode="same")


def test_non_finite_data_is_still_reported_before_other_errors():
    # The errors come in the order they did when the data were checked first.
    with pytest.raises(ValueError, match=r"'f' parameter of convolve must be finite"):
        convolve([np.nan, 1.0], [1.0], mode="circular")
    with pytest.raises(ValueError, match=r"'f' parameter of convolve must be finite"):
        convolve([[np.nan]], [1.0])
    with pytest.raises(ValueError, match=r"'f' parameter of convolve must be finite"):
        convolve([np.inf], [True])
    with pytest.raises(ValueError, match=r"'image' parameter of convolve2d must be finite"):
        convolve2d([[np.nan]], [[1.0, 2.0]], mode="valid")
    with pytest.raises(TypeError, match=r"'g' parameter of convolve .* not booleans"):
        convolve([1.0], [True])


def test_overflow_is_reported_and_a_sum_that_overflows_alone_is_not():
    with pytest.raises(ValueError, match=r"'f' and 'g' parameters of convolve must be small enough"):
        convolve(np.full(40_000, 1e200), [1e200])
    with pytest.raises(ValueError, match=r"'image' and 'kernel' parameters of convolve2d must be small enough"):
        convolve2d(np.full((3, 3), 1e200), [[1e200]])
    # Every output is finite, although their sum is not: the exact check then runs and passes.
    f = np.full(1000, 1e308)
    np.testing.assert_array_equal(convolve(f, [1.0]), f)
    np.testing.assert_array_equal(convolve2d(f.reshape(10, 100), [[1.0]]), f.reshape(10, 100))


def _conv2d_one_position_at_a_time(x, weight, bias, stride, padding, dilation):
    """conv2d as first written: whole-array steps over the padded input, starting from zero, the bias added last."""
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    padded = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    kh, kw = weight.shape[2:]
    h_out = (padded.shape[2] - dh * (kh - 1) - 1) // sh + 1
    w_out = (padded.shape[3] - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((x.shape[0], weight.shape[0], h_out * w_out), np.result_type(x, weight, bias))
    for i, j in np.ndindex(kh, kw):
        seen = padded[:, :, i * dh:i * dh + sh * (h_out - 1) + 1:sh, j * dw:j * dw + sw * (w_out - 1) + 1:sw]
        y += np.matmul(weight[:, :, i, j].astype(y.dtype), seen.reshape(x.shape[0], x.shape[1], -1))
    y = y.reshape(x.shape[0], weight.shape[0], h_out, w_out)
    if bias is not None:
        y += bias[:, None, None]
    return y


@pytest.mark.parametrize("kwargs", [dict(stride=(1, 1), padding=(1, 1), dilation=(1, 1)),
                                    dict(stride=(2, 3), padding=(1, 2), dilation=(1, 1)),
                                    dict(stride=(3, 1), padding=(0, 0), dilation=(2, 1)),
                                    dict(stride=(1, 2), padding=(9, 4), dilation=(1, 1)),   # bands of zeros only
                                    dict(stride=(2, 1), padding=(30, 1), dilation=(3, 1))], ids=str)
@pytest.mark.parametrize("use_bias", [False, True])
def test_conv2d_in_bands_is_the_whole_array_sum_bit_for_bit(block, kwargs, use_bias):
    # Bands of one or a few output rows (and a short last band) against the whole-array computation.
    rng = _rng()
    x, weight = rng.standard_normal((2, 3, 23, 17)), rng.standard_normal((4, 3, 3, 2))
    bias = rng.standard_normal(4) if use_bias else None
    ours = conv2d(x, weight, bias, **kwargs)
    np.testing.assert_array_equal(ours, _conv2d_one_position_at_a_time(x, weight, bias, **kwargs))
    np.testing.assert_allclose(ours, _torch_conv2d(x, weight, bias, **kwargs), rtol=1e-12, atol=1e-12)


def test_conv2d_zero_output_is_positive_even_with_a_negative_zero_bias(block):
    # Every product is -0; the sums start from +0, as before, so neither they nor a -0 bias make a -0.
    x, weight = -np.ones((1, 2, 6, 5)), np.zeros((3, 2, 2, 2))
    for bias in (None, np.array([-0.0, 0.0, -0.0])):
        out = conv2d(x, weight, bias)
        assert np.all(out == 0) and not np.any(np.signbit(out))
        assert not np.any(np.signbit(_conv2d_one_position_at_a_time(x, weight, bias, (1, 1), (0, 0), (1, 1))))


# -- properties ------------------------------------------------------------------------------------------------------

@given(real_vectors(), real_vectors())
def test_full_convolution_is_commutative(f, g):
    np.testing.assert_allclose(convolve(f, g), convolve(g, f), rtol=1e-9, atol=1e-6)


@given(real_vectors(min_size=3, max_size=3), st.floats(-10, 10), st.floats(-10, 10), st.sampled_from(MODES))
def test_convolution_is_linear(g, a, b, mode):
    rng = _rng()
    f1, f2 = rng.standard_normal(8), rng.standard_normal(8)
    scale = 1 + np.abs(g).sum() * (abs(a) + abs(b)) * 8
    np.testing.assert_allclose(convolve(a * f1 + b * f2, g, mode=mode),
                               a * convolve(f1, g, mode=mode) + b * convolve(f2, g, mode=mode),
                               rtol=1e-9, atol=1e-12 * scale)


@given(real_vectors(), st.sampled_from(MODES))
def test_convolving_with_a_delta_is_the_identity(f, mode):
    np.testing.assert_array_equal(convolve(f, [1.0], mode=mode), f)
    if f.size >= 3:
        np.testing.assert_array_equal(convolve(f, [0.0, 1.0, 0.0], mode="same"), f)


@given(real_images())
def test_convolving_an_image_with_a_delta_is_the_identity(image):
    np.testing.assert_array_equal(convolve2d(image, [[1.0]]), image)
    delta = np.zeros((3, 3))
    delta[1, 1] = 1.0
    np.testing.assert_array_equal(convolve2d(image, delta, mode="same"), image)
    np.testing.assert_array_equal(conv2d(image[None, None], delta[None, None], padding=1)[0, 0], image)


@given(real_images(max_side=5), real_images(max_side=5))
def test_convolve2d_is_commutative_in_full_mode(a, b):
    np.testing.assert_allclose(convolve2d(a, b), convolve2d(b, a), rtol=1e-9, atol=1e-6)


@given(real_images(max_side=7), real_images(max_side=3))
def test_cross_correlation_is_convolution_with_the_flipped_kernel(image, kernel):
    assume(kernel.shape[0] <= image.shape[0] and kernel.shape[1] <= image.shape[1])
    cross = conv2d(image[None, None], kernel[None, None])[0, 0]
    np.testing.assert_allclose(cross, convolve2d(image, kernel[::-1, ::-1], mode="valid"), rtol=1e-12, atol=1e-9)


@given(st.integers(1, 300), st.integers(1, 11), st.integers(1, 5), st.integers(0, 5), st.integers(1, 4))
def test_conv_output_size_counts_the_kernel_positions(n, k, s, p, d):
    reach = d * (k - 1) + 1
    assume(reach <= n + 2 * p)
    # Positions 0, s, 2s, ... at which the dilated kernel still fits into the padded input, counted one by one.
    assert conv_output_size(n, k, stride=s, padding=p, dilation=d) == len(range(0, n + 2 * p - reach + 1, s))


# -- extremes and dtypes -------------------------------------------------------------------------------------------

def test_extreme_magnitudes():
    assert convolve([1e300], [1e-300]).tolist() == [pytest.approx(1.0, rel=1e-15)]
    assert np.all(np.isfinite(convolve2d(np.full((3, 3), 1e150), np.full((2, 2), 1e150))))
    out = conv2d(np.full((1, 1, 2, 2), 1e-300), np.full((1, 1, 2, 2), 1e300))
    assert out[0, 0, 0, 0] == pytest.approx(4.0, rel=1e-15)


def test_a_large_image_is_handled_without_a_loop_and_agrees_with_scipy():
    image = _rng().standard_normal((300, 400))
    kernel = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
    np.testing.assert_allclose(convolve2d(image, kernel, mode="same"),
                               scipy.signal.convolve2d(image, kernel, mode="same"), rtol=1e-12, atol=1e-12)


def test_dtypes():
    f32 = np.ones(5, dtype=np.float32)
    assert convolve(f32, f32).dtype == np.float32
    assert convolve(f32, np.ones(2)).dtype == np.float64
    assert convolve([1, 2, 3], [1, 1]).dtype == np.float64
    i32 = np.ones((4, 4), dtype=np.float32)
    assert convolve2d(i32, i32[:2, :2]).dtype == np.float32
    x32, w32 = np.ones((1, 2, 4, 4), dtype=np.float32), np.ones((3, 2, 2, 2), dtype=np.float32)
    assert conv2d(x32, w32, np.ones(3, dtype=np.float32)).dtype == np.float32
    assert conv2d(x32, w32, np.ones(3)).dtype == np.float64
    assert type(conv_output_size(np.int64(28), 3)) is int


def test_input_is_not_modified():
    x, weight, bias = np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3)), np.ones(1)
    conv2d(x, weight, bias, padding=1)
    image, kernel = np.arange(6.0).reshape(2, 3), np.array([[1.0, -1.0]])
    convolve2d(image, kernel)
    assert x.tolist() == np.ones((1, 1, 4, 4)).tolist() and bias.tolist() == [1.0]
    assert image.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]] and kernel.tolist() == [[1.0, -1.0]]


# -- bad input -------------------------------------------------------------------------------------------------------

X, W = np.ones((1, 2, 5, 5)), np.ones((3, 2, 3, 3))

BAD_INPUT = [
    # (function, args, kwargs, exception, message fragment)
    (convolve, (np.ones((2, 2)), [1.0]), {}, ValueError, r"'f' parameter of convolve must be a 1-d array \(N,\). "
                                                         r"Got a 2-d array of shape \(2, 2\)"),
    (convolve, ([1.0], 1.0), {}, ValueError, r"'g' parameter of convolve must be a 1-d array \(M,\)"),
    (convolve, ([1.0], []), {}, ValueError, r"'g' parameter of convolve must be a non-empty array"),
    (convolve, ([1.0], [np.inf]), {}, ValueError, r"'g' parameter of convolve must be finite"),
    (convolve, ([True], [1.0]), {}, TypeError, r"'f' parameter of convolve .* not booleans"),
    (convolve, ([1.0], [1.0]), dict(mode="circular"), ValueError, r"'mode' parameter of convolve must be one of "
                                                                  r"'full', 'same', 'valid'. Got 'circular'"),
    (convolve, ([1.0], [1.0]), dict(mode=None), TypeError, r"'mode' parameter of convolve must be a string"),
    (convolve, ([1.0, 2.0], [1.0, 2.0, 3.0]), dict(mode="valid"), ValueError,
     r"'g' parameter of convolve must be no larger than 'f' in every dimension with mode='valid' \(\(2,\)\). "
     r"Got shape \(3,\)"),
    (convolve2d, (np.ones(3), np.ones((1, 1))), {}, ValueError, r"'image' parameter of convolve2d must be a 2-d "
                                                                r"array \(H, W\)"),
    (convolve2d, (np.ones((3, 3)), np.ones((1, 1, 1))), {}, ValueError, r"'kernel' parameter of convolve2d must be "
                                                                        r"a 2-d array \(kh, kw\)"),
    (convolve2d, (np.ones((3, 3)), np.ones((1, 1))), dict(mode="SAME"), ValueError, r"'mode' parameter of "
                                                                                    r"convolve2d"),
    (convolve2d, (np.ones((5, 3)), np.ones((2, 4))), dict(mode="valid"), ValueError,
     r"'kernel' parameter of convolve2d must be no larger than 'image' .*\(5, 3\).* Got shape \(2, 4\)"),
    (convolve2d, (np.ones((3, 3)), [[1j]]), {}, TypeError, r"'kernel' parameter of convolve2d .* not complex"),
    (conv2d, (np.ones((2, 5, 5)), W), {}, ValueError, r"'x' parameter of conv2d must be a 4-d array \(N, C_in, H, "
                                                      r"W\); add a batch axis with x\[None\]. Got a 3-d array"),
    (conv2d, (X, np.ones((2, 3, 3))), {}, ValueError, r"'weight' parameter of conv2d must be a 4-d array "
                                                      r"\(C_out, C_in, kh, kw\)"),
    (conv2d, (X, np.ones((3, 4, 3, 3))), {}, ValueError,
     r"'x' and 'weight' parameters of conv2d must have the same number of input channels .* Got 2 and 4"),
    (conv2d, (X, W, np.ones(2)), {}, ValueError, r"'bias' and 'weight' parameters of conv2d must agree on the "
                                                 r"number of output channels .* Got 2 and 3"),
    (conv2d, (X, W, np.ones((3, 1))), {}, ValueError, r"'bias' parameter of conv2d must be a 1-d array"),
    (conv2d, (X, W, [np.nan] * 3), {}, ValueError, r"'bias' parameter of conv2d must be finite"),
    (conv2d, (X, W), dict(stride=0), ValueError, r"'stride' parameter of conv2d must be an integer >= 1"),
    (conv2d, (X, W), dict(stride=(1, 0)), ValueError, r"'stride' parameter of conv2d must be an integer >= 1"),
    (conv2d, (X, W), dict(stride=(1, 1, 1)), ValueError, r"'stride' parameter of conv2d must be an integer or a "
                                                         r"pair of integers"),
    (conv2d, (X, W), dict(stride=1.5), TypeError, r"'stride' parameter of conv2d must be an integer or a pair"),
    (conv2d, (X, W), dict(stride=True), TypeError, r"'stride' parameter of conv2d"),
    (conv2d, (X, W), dict(padding=-1), ValueError, r"'padding' parameter of conv2d must be an integer >= 0"),
    (conv2d, (X, W), dict(padding="same"), TypeError, r"'padding' parameter of conv2d must be an integer or a pair"),
    (conv2d, (X, W), dict(dilation=0), ValueError, r"'dilation' parameter of conv2d must be an integer >= 1"),
    (conv2d, (X, np.ones((3, 2, 6, 3))), {}, ValueError,
     r"'weight' parameter of conv2d must be no larger than the padded 'x': a kernel extent of at most \(5, 5\)"),
    (conv2d, (X, W), dict(dilation=3), ValueError, r"'weight' parameter of conv2d must be no larger than the padded "
                                                   r"'x'.*Got shape \(3, 2, 3, 3\), of extent \(7, 7\)"),
    (conv2d, ([[[[True]]]], W), {}, TypeError, r"'x' parameter of conv2d .* not booleans"),
    (conv_output_size, (0, 3), {}, ValueError, r"'input_size' parameter of conv_output_size must be an integer >= "
                                               r"1"),
    (conv_output_size, (28, 0), {}, ValueError, r"'kernel_size' parameter of conv_output_size must be an integer"),
    (conv_output_size, (28, 3.0), {}, TypeError, r"'kernel_size' parameter of conv_output_size must be an integer"),
    (conv_output_size, (28, 3), dict(stride=0), ValueError, r"'stride' parameter of conv_output_size"),
    (conv_output_size, (28, 3), dict(padding=-1), ValueError, r"'padding' parameter of conv_output_size must be an "
                                                              r"integer >= 0"),
    (conv_output_size, (28, 3), dict(dilation=0), ValueError, r"'dilation' parameter of conv_output_size"),
    (conv_output_size, (2, 3), {}, ValueError, r"'kernel_size' parameter of conv_output_size must be no larger than "
                                               r"the padded input.*at most input_size \+ 2 \* padding = 2. Got 3"),
    (conv_output_size, (5, 3), dict(dilation=3), ValueError, r"'kernel_size' parameter of conv_output_size.*Got 3, "
                                                             r"of extent 7"),
]


@pytest.mark.parametrize("function, args, kwargs, exception, match", BAD_INPUT,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUT)])
def test_bad_input(function, args, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        function(*args, **kwargs)


# -- the equation functions --------------------------------------------------------------------------------------
# tests/test_contract.py runs each equation function from the text of its chapter page against the public function:
# EQUATION_CALLS maps a call of the public function onto the equation functions of the page (`ns`); RANDOM_CALLS
# makes a seeded input of about `size` rows (3 stays on the equation function, 10^4 reaches the kernel).

def _conv2d_call(ns, x, weight, bias=None, stride=1, padding=0, dilation=1):
    x, weight = np.asarray(x, dtype=float), np.asarray(weight, dtype=float)
    b = np.zeros(weight.shape[0]) if bias is None else np.asarray(bias, dtype=float)
    pair = lambda v: (v, v) if np.ndim(v) == 0 else tuple(v)  # noqa: E731
    return ns["_conv2d_equation"](x, weight, b, pair(stride), pair(padding), pair(dilation))


EQUATION_CALLS = {
    "convolve": lambda ns, f, g, mode="full": ns["_convolve_equation"](
        np.asarray(f, dtype=float), np.asarray(g, dtype=float), mode),
    "convolve2d": lambda ns, image, kernel, mode="full": ns["_convolve2d_equation"](
        np.asarray(image, dtype=float), np.asarray(kernel, dtype=float), mode),
    "conv2d": _conv2d_call,
    "conv_output_size": lambda ns, input_size, kernel_size, stride=1, padding=0, dilation=1: ns[
        "_conv_output_size_equation"](input_size, kernel_size, stride, padding, dilation),
}
RANDOM_CALLS = {
    "convolve": lambda rng, size: ((rng.standard_normal(4 * size), rng.standard_normal(5)), {"mode": "same"}),
    "convolve2d": lambda rng, size: ((rng.standard_normal((size, 7)), rng.standard_normal((3, 2))),
                                     {"mode": "valid"}),
    "conv2d": lambda rng, size: ((rng.standard_normal((2, 3, size, 6)), rng.standard_normal((4, 3, 3, 2)),
                                  rng.standard_normal(4)), {"stride": (2, 1), "padding": 1, "dilation": (1, 2)}),
    "conv_output_size": lambda rng, size: ((size, 3), {"stride": int(rng.integers(1, 4)),
                                                       "padding": int(rng.integers(0, 3)), "dilation": 2}),
}

# The first doctest of the conv2d section draws its input from the page's `rng`, made in an earlier section: the
# same shapes, from a generator of their own.
_first = np.random.default_rng(0)
FIRST_DOCTEST_CALLS = {"conv2d": ((_first.standard_normal((1, 1, 28, 28)), _first.standard_normal((1, 1, 3, 3)),
                                   _first.standard_normal(1)), {})}


# -- the kernels against the equation functions ----------------------------------------------------------------

from mlequations._kernels import convolution as kernels  # noqa: E402
from mlequations.convolution import (  # noqa: E402
    _conv2d_equation,
    _conv_output_size_equation,
    _convolve2d_equation,
    _convolve_equation,
)


@pytest.mark.parametrize("shape, taps", [((kernels.MIN_SIZE["convolve"],), (5,)), ((100_003,), (9,)),
                                         ((kernels.BLOCK + 1,), (2,)), ((300, 301), (3, 3)), ((181, 183), (5, 2)),
                                         ((4, 40_000), (1, 4))])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("scale", [1.0, 1e-300, 1e150])
def test_shift_and_add_is_the_equation_function_bit_for_bit(shape, taps, mode, scale):
    """0 ulps: the kernel adds the same products in the same order, a block of rows at a time (the shapes cross
    the block boundaries); at the extremes of the float range too, with subnormal and huge products."""
    rng = np.random.default_rng(sum(shape))
    data, kernel = scale * rng.standard_normal(shape), rng.standard_normal(taps)
    equation = _convolve_equation if data.ndim == 1 else _convolve2d_equation
    out, finite = kernels.shift_and_add(data, kernel, [kernels.mode_pads(n, k, mode)
                                                       for n, k in zip(data.shape, kernel.shape)])
    assert finite
    np.testing.assert_array_equal(out, equation(data, kernel, mode))


@pytest.mark.parametrize("x_shape, w_shape, stride, padding, dilation", [
    ((1, 4, 91, 91), (4, 4, 3, 3), (1, 1), (1, 1), (1, 1)),      # the benchmark's layer, many bands
    ((2, 3, 64, 80), (5, 3, 3, 2), (2, 1), (0, 2), (1, 2)),
    ((1, 8, 40, 120), (2, 8, 1, 5), (1, 3), (4, 0), (3, 1)),
])
@pytest.mark.parametrize("scale", [1.0, 1e-150, 1e150])
def test_cross_correlate_agrees_with_the_equation_function(x_shape, w_shape, stride, padding, dilation, scale):
    """Within 2 (C_in kh kw + 1) ulps of the sum of the absolute products (the two may add the channels in another
    order). Measured: bit for bit on this machine, where both use the same matrix product."""
    rng = np.random.default_rng(sum(x_shape))
    x, w, b = scale * rng.standard_normal(x_shape), rng.standard_normal(w_shape), scale * rng.standard_normal(
        w_shape[0])
    h_out, w_out = (_conv_output_size_equation(n, k, s, p, d) for n, k, s, p, d in
                    zip(x_shape[2:], w_shape[2:], stride, padding, dilation))
    out = kernels.cross_correlate(x, w, b, np.float64, stride, padding, dilation, (h_out, w_out))
    equation = _conv2d_equation(x, w, b, stride, padding, dilation)
    magnitude = _conv2d_equation(np.abs(x), np.abs(w), np.abs(b), stride, padding, dilation)
    ulps = 2 * (np.prod(w_shape[1:]) + 1) * np.finfo(np.float64).eps
    assert np.all(np.abs(out - equation) <= ulps * magnitude)


@pytest.mark.parametrize("function, equation, small, large", [
    (convolve, "_convolve_equation", (np.ones(100), np.ones(3)),
     (np.ones(kernels.MIN_SIZE["convolve"]), np.ones(3))),
    (convolve2d, "_convolve2d_equation", (np.ones((10, 10)), np.ones((3, 3))),
     (np.ones((2, kernels.MIN_SIZE["convolve2d"] // 2)), np.ones((3, 3)))),
    (conv2d, "_conv2d_equation", (np.ones((1, 2, 10, 10)), np.ones((3, 2, 3, 3))),
     (np.ones((1, 2, 2, kernels.MIN_SIZE["conv2d"] // 4)), np.ones((3, 2, 1, 3)))),
])
def test_small_input_runs_the_equation_function_and_large_input_the_kernel(function, equation, small, large,
                                                                            monkeypatch):
    import mlequations.convolution as module
    calls = []
    original = getattr(module, equation)
    monkeypatch.setattr(module, equation, lambda *args: calls.append(args[0].size) or original(*args))
    function(*small)
    function(*large)
    assert calls == [small[0].size]


def test_conv_output_size_is_its_equation_function():
    import mlequations.convolution as module
    for args in itertools.product([1, 5, 28], [1, 3], [1, 2], [0, 1], [1, 2]):
        n, k, s, p, d = args
        if d * (k - 1) + 1 <= n + 2 * p:
            assert conv_output_size(n, k, stride=s, padding=p, dilation=d) == module._conv_output_size_equation(
                *args)


# -- claims of the chapter's prose and the docstrings (issue 16) ----------------------------------------------------

@pytest.mark.parametrize("stride", [(1, 1), (2, 3), (3, 2)])
@pytest.mark.parametrize("dilation", [(1, 1), (2, 1), (2, 3)])
def test_stride_is_subsampling_and_dilation_is_a_kernel_with_zeros_between_the_taps(stride, dilation):
    """The derivation of conv2d: a stride keeps every s-th output of the stride-1 result, and a dilation d is the
    cross-correlation with the kernel spread to d (k - 1) + 1 taps, zeros in between."""
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal((2, 3, 13, 11)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4)
    (s_h, s_w), (d_h, d_w) = stride, dilation
    spread = np.zeros((4, 3, d_h * 2 + 1, d_w * 1 + 1))
    spread[:, :, ::d_h, ::d_w] = w
    expected = conv2d(x, spread, b)[:, :, ::s_h, ::s_w]
    np.testing.assert_allclose(conv2d(x, w, b, stride=stride, dilation=dilation), expected, rtol=1e-13, atol=1e-13)


def test_numpy_same_mode_takes_the_longer_length_where_convolve_keeps_the_signals():
    """The chapter's caveat on modes: NumPy swaps a longer kernel in, so its 'same' output has max(M, N) values."""
    short, long = np.array([1.0, 2.0]), np.array([1.0, 1.0, 1.0])
    assert np.convolve(short, long, mode="same").shape == (3,)
    assert convolve(short, long, mode="same").shape == (2,)
    with pytest.raises(ValueError, match="'valid'"):
        convolve(short, long, mode="valid")
    assert np.convolve(short, long, mode="valid").shape == (2,)
