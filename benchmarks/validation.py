"""What input validation costs: the checks each function makes, called on their own on the function's inputs.

Each entry calls the function's own checking helper where it has one (softmax's `_check_softmax`, probability's
`_check_entropy`, convolution's `_check_convolve`), and otherwise repeats the `_validation` calls
that the function makes before it computes anything (the same helpers with the same arguments), so their time,
set against a whole call, is the share of the call spent on checking. Where a check shares a pass with the
computation (softmax's argmax finds the maxima that the shift needs and that reveal NaN and +inf), the pass
counts as checking here, so the share is an upper bound. tests/test_benchmarks.py checks that each entry
accepts valid input and rejects the same bad input as the function, so an entry cannot silently drift from what
the function checks.
"""

import numpy as np

from mlequations import _validation as v
from mlequations.attention import _check_scaled_dot_product_attention
from mlequations.convolution import _check_convolve, _check_convolve2d
from mlequations._kernels import losses as loss_kernels
from mlequations.losses import _REDUCTIONS, _check_softmax_cross_entropy
from mlequations.probability import _check_entropy, _check_kl_divergence
from mlequations.softmax import _check_log_softmax, _check_log_sum_exp, _check_softmax

from . import cases

VALIDATION_SIZE = 10**3


def _entropy(p):
    _check_entropy(p, None, -1)


def _kl_divergence(p, q):
    _check_kl_divergence(p, q, None, -1)


def _softmax(z):
    _check_softmax(z, -1, 1.0)


def _log_softmax(z):
    _check_log_softmax(z, -1, 1.0)


def _log_sum_exp(x):
    _check_log_sum_exp(x, -1, False)


# From 2^8 elements on (the validation size is above it), a loss's kernel makes the cheap checks up front and reads
# the rest off its computation, handing anything unusual to the `_check_*` function, which raises. These entries
# time the kernels' up-front checks; below 2^8 elements the `_check_*` functions run first.
def _mean_squared_error(y_true, y_pred):
    v.check_choice("mean", _REDUCTIONS, name="reduction", caller="mean_squared_error")
    loss_kernels.large_pair(y_true, y_pred)


def _binary_cross_entropy(y_true, probs):
    v.check_choice("mean", _REDUCTIONS, name="reduction", caller="binary_cross_entropy")
    v.check_clip_epsilon(0.0, caller="binary_cross_entropy")
    pair = loss_kernels.large_pair(y_true, probs, labels=True)
    loss_kernels.in_unit_interval(pair[1])


def _binary_cross_entropy_with_logits(y_true, logits):
    v.check_choice("mean", _REDUCTIONS, name="reduction", caller="binary_cross_entropy_with_logits")
    pair = loss_kernels.large_pair(y_true, logits, labels=True)
    loss_kernels.in_unit_interval(pair[0])


def _softmax_cross_entropy(y_true, logits):
    _check_softmax_cross_entropy(y_true, logits, "mean")


def _convolve(f, g):
    _check_convolve(f, g, "same")


def _convolve2d(image, kernel):
    _check_convolve2d(image, kernel, "same")


def _attention(Q, K, V):
    _check_scaled_dot_product_attention(Q, K, V)


# Functions that check some values while computing, not up front: a NaN in their first input passes the entry
# above and is caught by the function (the reason is what the test prints if that ever changes).
CHECKED_WHILE_COMPUTING = {
    "mean_squared_error": "NaN and infinities make the sum not finite, and the checked path then raises",
    "binary_cross_entropy": "the labels are checked block by block, as the losses are computed",
    "binary_cross_entropy_with_logits": "targets outside [0, 1] (or NaN) send the call to the checked path",
    "convolve": "a NaN or an infinity in f makes the result not finite, and f is then checked",
    "convolve2d": "a NaN or an infinity in the image makes the result not finite, and the image is then checked",
}

# case name -> the checks of the function it benchmarks, called with our inputs for that case
CHECKS = {
    "entropy": _entropy,
    "kl_divergence": _kl_divergence,
    "softmax": _softmax,
    "log_softmax": _log_softmax,
    "log_sum_exp": _log_sum_exp,
    "mean_squared_error": _mean_squared_error,
    "binary_cross_entropy": _binary_cross_entropy,
    "binary_cross_entropy_with_logits": _binary_cross_entropy_with_logits,
    "softmax_cross_entropy": _softmax_cross_entropy,
    "convolve": _convolve,
    "convolve2d": _convolve2d,
    "scaled_dot_product_attention": _attention,
}


def validation_callables(case_name, dtype="float64", size=VALIDATION_SIZE):
    """``(whole call, checks only)`` as zero-argument callables on the case's seeded inputs."""
    case = next(c for c in cases.CASES if c.name == case_name)
    inputs = case.make(size, np.dtype(dtype), np.random.default_rng(0))
    check = CHECKS[case_name]
    return (lambda: case.run_ours(*inputs.ours, **inputs.ours_kwargs)), (lambda: check(*inputs.ours))
