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
from mlequations.losses import (_check_binary_cross_entropy, _check_binary_cross_entropy_with_logits,
                                _check_mean_squared_error, _check_softmax_cross_entropy)
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


# Below 2^8 elements the losses make these checks, then run their equation functions. From 2^8 on, a kernel makes
# the cheap ones up front and reads the rest off its computation (so these entries are an upper bound there), and
# hands anything unusual to these checks, which raise.
def _mean_squared_error(y_true, y_pred):
    _check_mean_squared_error(y_true, y_pred, "mean")


def _binary_cross_entropy(y_true, probs):
    _check_binary_cross_entropy(y_true, probs, 0.0, "mean")


def _binary_cross_entropy_with_logits(y_true, logits):
    _check_binary_cross_entropy_with_logits(y_true, logits, "mean")


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
