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


# -- optimization ---------------------------------------------------------------------------------------------

def check_callable(value, *, name, caller):
    """Check that `value` can be called (a gradient or loss function)."""
    if not callable(value):
        _fail(TypeError, name, caller, "a callable", describe(value))


def check_non_negative_int(value, *, name, caller):
    """Return `value` as an int after checking that it is a non-negative integer (not a bool or a float)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        _fail(TypeError, name, caller, "a non-negative integer", describe(value))
    if value < 0:
        _fail(ValueError, name, caller, "a non-negative integer", describe(value))
    return int(value)


def check_choice(value, choices, *, name, caller):
    """Return `value` after checking that it is one of the strings in `choices`."""
    if not isinstance(value, str) or value not in choices:
        _fail(ValueError, name, caller, "one of " + ", ".join(repr(c) for c in choices), describe(value))
    return value


def check_shape(arr, shape, *, name, caller, what):
    """Check that `arr` has exactly `shape` (no broadcasting); `what` says where the shape comes from."""
    if arr.shape != tuple(shape):
        _fail(ValueError, name, caller, f"of shape {tuple(shape)} ({what})", f"shape {arr.shape}")


def check_ndim(arr, ndim, *, name, caller, what):
    """Check that `arr` has exactly `ndim` dimensions; `what` says what the array holds."""
    if arr.ndim != ndim:
        _fail(ValueError, name, caller, f"a {ndim}-d array ({what})", f"a {arr.ndim}-d array of shape {arr.shape}")


def check_same_rows(a, b, *, names, caller):
    """Check that two arrays have the same number of rows (samples)."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"The {names[0]!r} and {names[1]!r} parameters of {caller} must have the same number of "
                         f"rows (one per sample). Got {a.shape[0]} and {b.shape[0]} instead.")


def check_returned_array(value, *, shape, step, name, caller):
    """Check what a gradient function returned: real numbers of exactly `shape`, finite. Return a float array."""
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        _fail(TypeError, name, caller, "a function returning real numbers",
              f"dtype {arr.dtype} at step {step}: {describe(value)}")
    if arr.shape != tuple(shape):
        _fail(ValueError, name, caller, f"a function returning an array of the parameters' shape {tuple(shape)}",
              f"shape {arr.shape} at step {step}")
    return arr


def check_returned_scalar(value, *, step, name, caller):
    """Check what a loss function returned: one real number. Return it as a float."""
    if isinstance(value, (bool, np.bool_)) or np.asarray(value).dtype.kind not in "iuf":
        _fail(TypeError, name, caller, "a function returning a real number", f"{describe(value)} at step {step}")
    if np.ndim(value) != 0:
        _fail(ValueError, name, caller, "a function returning a single real number (0-d)",
              f"shape {np.shape(value)} at step {step}")
    return float(value)


def fail_not_finite_at_start(name, caller, value):
    """Raise for a gradient or loss function that is not finite at the starting parameters."""
    _fail(ValueError, name, caller, "a function that is finite at the starting parameters 'theta0'",
          describe(value))


def fail_diverged(caller, learning_rate, step, what):
    """Raise for an iteration whose parameters, gradient or loss stopped being finite after the first step."""
    _fail(ValueError, "learning_rate", caller, "small enough for the iteration to stay finite",
          describe(learning_rate),
          hint=(f"Gradient descent diverged: {what} became non-finite at step {step}. Lower the learning rate "
                "(below 2/L when the gradient is L-Lipschitz), or check the gradient and the loss near the "
                "parameters of the previous step."))


def check_generator(rng, *, caller):
    """Check that `rng` is a NumPy random Generator (e.g. ``np.random.default_rng(0)``)."""
    if not isinstance(rng, np.random.Generator):
        _fail(TypeError, "rng", caller, "a numpy.random.Generator such as np.random.default_rng(0)", describe(rng))


def check_sequence(value, *, name, caller):
    """Check that `value` is a list or tuple (of per-layer arrays)."""
    if not isinstance(value, (list, tuple)):
        _fail(TypeError, name, caller, "a list or tuple with one array per layer", describe(value))


def fail_layer_count(n_weights, n_biases, *, caller):
    """Raise for a network without layers or with a different number of weights and biases."""
    raise ValueError(f"The 'weights' and 'biases' parameters of {caller} must be non-empty and of the same length "
                     f"(one per layer). Got {n_weights} and {n_biases} instead.")


def check_layer_sizes(layer_sizes, *, caller):
    """Raise for layer sizes that are not at least two positive integers."""
    _fail(ValueError, "layer_sizes", caller, "a list or tuple of at least two positive integers",
          describe(layer_sizes))
