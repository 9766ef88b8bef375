"""What input validation costs: the checks each function makes, called on their own on the function's inputs.

Each entry repeats the `_validation` calls that the function makes before it computes anything (the same
helpers with the same arguments), so their time, set against a whole call, is the share of the call spent on
checking. tests/test_benchmarks.py checks that each entry accepts valid input and rejects the same bad input
as the function, so an entry cannot silently drift from what the function checks.
"""

import numpy as np

from mlequations import _validation as v

from . import cases

VALIDATION_SIZE = 10**3


def _entropy(p):
    p = v.as_float_array(p, name="p", caller="entropy", min_ndim=1)
    axis = v.check_axis(-1, p, name="p", caller="entropy")
    v.check_log_base(None, caller="entropy")
    v.check_probability_vector(p, axis, name="p", caller="entropy")


def _kl_divergence(p, q):
    caller = "kl_divergence"
    p = v.as_float_array(p, name="p", caller=caller, min_ndim=1)
    q = v.as_float_array(q, name="q", caller=caller, min_ndim=1)
    v.check_same_shape(p, q, names=("p", "q"), caller=caller)
    axis = v.check_axis(-1, p, name="p", caller=caller)
    v.check_log_base(None, caller=caller)
    v.check_probability_vector(p, axis, name="p", caller=caller)
    v.check_probability_vector(q, axis, name="q", caller=caller)


def _scores(caller):
    def check(z):
        z = v.as_float_array(z, name="z", caller=caller, min_ndim=1, allow_neg_inf=True)
        v.check_axis(-1, z, name="z", caller=caller)
        v.check_positive_scalar(1.0, name="temperature", caller=caller)
    return check


def _log_sum_exp(x):
    v.check_bool(False, name="keepdims", caller="log_sum_exp")
    x = v.as_float_array(x, name="x", caller="log_sum_exp", min_ndim=1, allow_neg_inf=True)
    v.check_axis(-1, x, name="x", caller="log_sum_exp")


def _mean_squared_error(y_true, y_pred):
    caller = "mean_squared_error"
    y_true = v.as_float_array(y_true, name="y_true", caller=caller)
    y_pred = v.as_float_array(y_pred, name="y_pred", caller=caller)
    v.check_same_shape(y_true, y_pred, names=("y_true", "y_pred"), caller=caller)
    v.check_reduction("mean", caller=caller)


def _binary_targets(y_true, predictions, name, caller):
    y = v.as_float_array(y_true, name="y_true", caller=caller)
    v.check_same_shape(y, predictions, names=("y_true", name), caller=caller)
    v.check_unit_interval(y, name="y_true", caller=caller, what="labels 0 or 1, or target probabilities")


def _binary_cross_entropy(y_true, probs):
    caller = "binary_cross_entropy"
    p = v.as_float_array(probs, name="probs", caller=caller)
    _binary_targets(y_true, p, "probs", caller)
    v.check_unit_interval(p, name="probs", caller=caller)
    v.check_clip_epsilon(0.0, caller=caller)
    v.check_reduction("mean", caller=caller)


def _binary_cross_entropy_with_logits(y_true, logits):
    caller = "binary_cross_entropy_with_logits"
    z = v.as_float_array(logits, name="logits", caller=caller)
    _binary_targets(y_true, z, "logits", caller)
    v.check_reduction("mean", caller=caller)


def _softmax_cross_entropy(y_true, logits):
    caller = "softmax_cross_entropy"
    z = v.as_float_array(logits, name="logits", caller=caller, min_ndim=1, allow_neg_inf=True)
    if np.any(np.max(z, axis=-1) == -np.inf):
        v.fail_all_impossible("logits", caller, -1, z)
    v.as_class_targets(y_true, z, name="y_true", caller=caller)
    v.check_reduction("mean", caller=caller)


def _convolve(f, g):
    caller = "convolve"
    f = v.as_float_array(f, name="f", caller=caller)
    g = v.as_float_array(g, name="g", caller=caller)
    v.check_layout(f, 1, name="f", caller=caller, layout="(N,)")
    v.check_layout(g, 1, name="g", caller=caller, layout="(M,)")
    v.check_mode("same", caller=caller)


def _convolve2d(image, kernel):
    caller = "convolve2d"
    image = v.as_float_array(image, name="image", caller=caller)
    kernel = v.as_float_array(kernel, name="kernel", caller=caller)
    v.check_layout(image, 2, name="image", caller=caller, layout="(H, W)")
    v.check_layout(kernel, 2, name="kernel", caller=caller, layout="(kh, kw)")
    v.check_mode("same", caller=caller)


def _attention(Q, K, V):
    caller = "scaled_dot_product_attention"
    Q = v.as_float_array(Q, name="Q", caller=caller, min_ndim=2)
    K = v.as_float_array(K, name="K", caller=caller, min_ndim=2)
    V = v.as_float_array(V, name="V", caller=caller, min_ndim=2)
    v.check_same_size({"Q": Q, "K": K}, (-1, -1), "key dimension d_k (last dimension)", caller=caller)
    v.check_same_size({"K": K, "V": V}, (-2, -2), "number of keys S (second-to-last dimension)", caller=caller)
    v.check_same_leading_shape({"Q": Q, "K": K, "V": V}, caller=caller)


# case name -> the checks of the function it benchmarks, called with our inputs for that case
CHECKS = {
    "entropy": _entropy,
    "kl_divergence": _kl_divergence,
    "softmax": _scores("softmax"),
    "log_softmax": _scores("log_softmax"),
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
