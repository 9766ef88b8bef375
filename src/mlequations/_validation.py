"""Every input check of the package, every error message it raises, and the conversion of results.

Only this module raises, so the wording cannot drift between functions. Messages follow one template:

    The 'p' parameter of entropy must be <what is expected>. Got <what was given> instead.
"""

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "as_result",
    "check_axis",
    "check_bool",
    "check_log_base",
    "check_positive_scalar",
    "check_probability_vector",
    "describe",
    "fail_all_impossible",
]


def describe(value):
    """A short, printable description of `value` for an error message."""
    if isinstance(value, np.ndarray):
        # Summarise long arrays so that a bad 10^7-element input does not flood the terminal.
        return np.array2string(value, threshold=8, edgeitems=3)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(exc_type, name, caller, expected, got, hint=""):
    message = f"The {name!r} parameter of {caller} must be {expected}. Got {got} instead."
    if hint:
        message = f"{message} {hint}"
    raise exc_type(message)


def as_result(value):
    """A 0-d result as a Python float (so examples never print ``np.float64(...)``), anything larger as is."""
    return float(value) if np.ndim(value) == 0 else value


def as_float_array(x, *, name, caller, min_ndim=0, allow_neg_inf=False):
    """Convert array_like `x` to a finite, non-empty floating-point array.

    Integers become float64 and float32 stays float32; every other float type becomes float64. Booleans,
    complex numbers, strings and objects are rejected with a `TypeError`, because none of them is a real number
    in the sense the equations need. The input is never modified: a float64 or float32 array is returned as a
    read-only view rather than a copy. With `allow_neg_inf`, ``-inf`` passes (a score or log-probability that
    means "impossible"); NaN and ``+inf`` never do.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        _fail(ValueError, name, caller, "a rectangular array of real numbers", describe(x), hint=f"({exc})")
    kind = arr.dtype.kind
    if kind == "b":
        _fail(TypeError, name, caller, "an array of real numbers, not booleans", describe(x),
              hint="Convert with .astype(float) if 0/1 values are meant.")
    if kind == "c":
        _fail(TypeError, name, caller, "an array of real numbers, not complex numbers", describe(x))
    if kind not in "iuf":
        _fail(TypeError, name, caller, "an array of real numbers", f"dtype {arr.dtype}: {describe(x)}")
    if arr.dtype != np.float32:
        arr = arr.astype(np.float64, copy=False)
    if arr.ndim < min_ndim:
        _fail(ValueError, name, caller, f"an array with at least {min_ndim} dimension(s)",
              f"a {arr.ndim}-d array {describe(arr)}")
    if arr.size == 0:
        _fail(ValueError, name, caller, "a non-empty array", f"an array of shape {arr.shape}")
    if allow_neg_inf:
        if np.any(np.isnan(arr)) or np.any(arr == np.inf):
            _fail(ValueError, name, caller, "real numbers or -inf (no NaN or +inf)", describe(arr))
    elif not np.all(np.isfinite(arr)):
        _fail(ValueError, name, caller, "finite (no NaN or infinity)", describe(arr))
    view = arr.view()
    view.flags.writeable = False
    return view


def check_axis(axis, arr, *, name, caller):
    """Return `axis` as an int after checking that it indexes a dimension of `arr` (negative counts from the end)."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        _fail(TypeError, "axis", caller, "an integer", describe(axis))
    if not -arr.ndim <= axis < arr.ndim:
        _fail(ValueError, "axis", caller, f"in [-{arr.ndim}, {arr.ndim - 1}] for the {arr.ndim}-d {name!r}",
              describe(axis))
    return int(axis)


def check_probability_vector(p, axis, *, name, caller):
    """Check that `p` holds probability vectors along `axis`: non-negative and summing to 1.

    The sum may miss 1 by at most the square root of the dtype's machine epsilon (about 1.5e-8 for float64,
    3.5e-4 for float32): enough for rounding in the caller's arithmetic, far too little to hide a mistake.
    """
    total = np.sum(p, axis=axis)
    tolerance = float(np.sqrt(np.finfo(p.dtype).eps))
    if np.any(p < 0) or np.any(np.abs(total - 1) > tolerance):
        _fail(ValueError, name, caller,
              f"a probability vector (non-negative, summing to 1 along axis {axis})", describe(p),
              hint=f"Each sum may miss 1 by at most {tolerance:.1e}; divide by the sum to normalise counts.")


def check_log_base(base, *, caller):
    """Return the natural log of `base` (None means nats), checking that it is a valid logarithm base."""
    if base is None:
        return None
    if isinstance(base, (bool, np.bool_)) or not isinstance(base, numbers.Real):
        _fail(TypeError, "base", caller, "a positive real number or None (nats)", describe(base))
    if not (np.isfinite(base) and base > 0 and base != 1):
        _fail(ValueError, "base", caller, "positive, finite and not 1 (e.g. 2 for bits, or None for nats)",
              describe(base))
    return float(np.log(base))


def check_positive_scalar(value, *, name, caller):
    """Return `value` as a float after checking that it is a real number, finite and strictly positive."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        _fail(TypeError, name, caller, "a positive real number", describe(value))
    if not (np.isfinite(value) and value > 0):
        _fail(ValueError, name, caller, "positive and finite", describe(value))
    return float(value)


def fail_all_impossible(name, caller, axis, arr):
    """Raise for a slice of scores that are all -inf: no outcome is possible, so no distribution exists."""
    _fail(ValueError, name, caller, f"finite somewhere along axis {axis} (a slice of only -inf has no softmax)",
          describe(arr), hint="Mask fewer entries, or drop the fully masked rows.")


def check_bool(value, *, name, caller):
    """Return `value` as a bool after checking that it is one (a flag, not a truthy number or string)."""
    if not isinstance(value, (bool, np.bool_)):
        _fail(TypeError, name, caller, "True or False", describe(value))
    return bool(value)


# -- losses -------------------------------------------------------------------------------------------------------

def check_same_shape(a, b, *, names, caller):
    """Check that two arrays have exactly the same shape: a loss compares them element by element, never broadcast."""
    if a.shape != b.shape:
        first, second = names
        raise ValueError(f"The {first!r} and {second!r} parameters of {caller} must have the same shape. "
                         f"Got {a.shape} and {b.shape} instead.")


def check_unit_interval(arr, *, name, caller, what="probabilities"):
    """Check that every entry of the finite float array `arr` lies in [0, 1]."""
    if np.any(arr < 0) or np.any(arr > 1):
        _fail(ValueError, name, caller, f"{what} in [0, 1]", describe(arr))


def check_reduction(reduction, *, caller):
    """Return `reduction` after checking that it is one of 'mean', 'sum' or 'none'."""
    choices = ("mean", "sum", "none")
    if not isinstance(reduction, str):
        _fail(TypeError, "reduction", caller, f"one of {', '.join(map(repr, choices))}", describe(reduction))
    if reduction not in choices:
        _fail(ValueError, "reduction", caller, f"one of {', '.join(map(repr, choices))}", describe(reduction))
    return reduction


def check_clip_epsilon(eps, *, caller):
    """Return `eps` as a float after checking that it is a real number in [0, 0.5)."""
    if isinstance(eps, (bool, np.bool_)) or not isinstance(eps, numbers.Real):
        _fail(TypeError, "eps", caller, "a real number in [0, 0.5)", describe(eps))
    if not 0 <= eps < 0.5:
        _fail(ValueError, "eps", caller, "in [0, 0.5) (probabilities are clipped to [eps, 1 - eps])", describe(eps))
    return float(eps)


def as_class_targets(y_true, logits, *, name, caller):
    """Convert `y_true` to the targets of a K-class loss over `logits` of shape (..., K).

    Returns ``("labels", ints)`` for integer class labels of shape ``logits.shape[:-1]``, each in [0, K - 1], or
    ``("probs", floats)`` for target probability vectors (one-hot or soft) of the shape of `logits`. Integer
    one-hot targets take the dtype of `logits`, since 0 and 1 are exact in any float type.
    """
    try:
        arr = np.asarray(y_true)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        _fail(ValueError, name, caller, "a rectangular array", describe(y_true), hint=f"({exc})")
    n_classes = logits.shape[-1]
    if arr.dtype.kind == "b":
        _fail(TypeError, name, caller, "integer class labels or target probabilities, not booleans",
              describe(y_true), hint="Convert with .astype(int) if class labels are meant.")
    if arr.shape == logits.shape[:-1]:
        if arr.dtype.kind not in "iu":
            _fail(TypeError, name, caller, f"integer class labels, since its shape {arr.shape} is that of "
                  f"'logits' {logits.shape} without the class axis", f"dtype {arr.dtype}: {describe(arr)}",
                  hint="Convert with .astype(int), or pass one-hot targets of the shape of 'logits'.")
        if np.any(arr < 0) or np.any(arr >= n_classes):
            _fail(ValueError, name, caller, f"class labels in [0, {n_classes - 1}] for {n_classes} classes",
                  describe(arr))
        return "labels", arr
    if arr.shape == logits.shape:
        probs = as_float_array(arr, name=name, caller=caller)
        if arr.dtype.kind in "iu":
            probs = probs.astype(logits.dtype)
        check_probability_vector(probs, -1, name=name, caller=caller)
        return "probs", probs
    _fail(ValueError, name, caller, f"class labels of shape {logits.shape[:-1]} or target probabilities of shape "
          f"{logits.shape}, to match 'logits' of shape {logits.shape}", f"shape {arr.shape}")
