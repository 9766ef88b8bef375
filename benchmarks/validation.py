"""What input validation costs: the checks each function makes, called on their own on the function's inputs.

Each entry calls the function's own checking helper where it has one (softmax's `_check_softmax`, probability's
`_check_entropy`, convolution's `_checked_operands`), and otherwise repeats the `_validation` calls
that the function makes before it computes anything (the same helpers with the same arguments), so their time,
set against a whole call, is the share of the call spent on checking. Where a check shares a pass with the
computation (softmax's argmax finds the maxima that the shift needs and that reveal NaN and +inf), the pass
counts as checking here, so the share is an upper bound. tests/test_benchmarks.py checks that each entry
accepts valid input and rejects the same bad input as the function, so an entry cannot silently drift from what
the function checks.
"""

import numpy as np

from mlequations import _validation as v
from mlequations.convolution import _checked_operands
from mlequations.losses import _in_unit_interval, _unchecked_pair
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


# The losses first try a fast path that makes the cheap checks up front and hands anything unusual to the
# checked path; valid input never reaches the checked path's checks, so these entries time the fast path's.
def _mean_squared_error(y_true, y_pred):
    v.check_reduction("mean", caller="mean_squared_error")
    _unchecked_pair(y_true, y_pred)


def _binary_cross_entropy(y_true, probs):
    v.check_reduction("mean", caller="binary_cross_entropy")
    v.check_clip_epsilon(0.0, caller="binary_cross_entropy")
    pair = _unchecked_pair(y_true, probs, labels=True)
    _in_unit_interval(pair[1])


def _binary_cross_entropy_with_logits(y_true, logits):
    v.check_reduction("mean", caller="binary_cross_entropy_with_logits")
    pair = _unchecked_pair(y_true, logits, labels=True)
    _in_unit_interval(pair[0])


def _softmax_cross_entropy(y_true, logits):
    caller = "softmax_cross_entropy"
    scores = _check_log_softmax(logits, -1, None, name="logits", caller=caller)
    v.as_class_targets(y_true, scores.z, name="y_true", caller=caller)
    v.check_reduction("mean", caller=caller)


def _convolve(f, g):
    _checked_operands(f, g, "same", 1, names=("f", "g"), layouts=("(N,)", "(M,)"), caller="convolve")


def _convolve2d(image, kernel):
    _checked_operands(image, kernel, "same", 2, names=("image", "kernel"), layouts=("(H, W)", "(kh, kw)"),
                      caller="convolve2d")


def _attention(Q, K, V):
    caller = "scaled_dot_product_attention"
    Q = v.as_float_array(Q, name="Q", caller=caller, min_ndim=2)
    K = v.as_float_array(K, name="K", caller=caller, min_ndim=2)
    V = v.as_float_array(V, name="V", caller=caller, min_ndim=2)
    v.check_same_size({"Q": Q, "K": K}, (-1, -1), "key dimension d_k (last dimension)", caller=caller)
    v.check_same_size({"K": K, "V": V}, (-2, -2), "number of keys S (second-to-last dimension)", caller=caller)
    v.check_same_leading_shape({"Q": Q, "K": K, "V": V}, caller=caller)


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
