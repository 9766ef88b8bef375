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


# -- diffusion and convolution ------------------------------------------------------------------------------------

def check_in_interval(arr, *, name, caller, low, high, low_open=False, high_open=False, hint=""):
    """Check that every entry of the float array `arr` lies in the interval from `low` to `high`."""
    too_low = arr <= low if low_open else arr < low
    too_high = arr >= high if high_open else arr > high
    if np.any(too_low) or np.any(too_high):
        interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        _fail(ValueError, name, caller, f"in {interval}", describe(arr), hint=hint)


def check_int(value, *, name, caller, minimum):
    """Return `value` as an int after checking that it is an integer (not a bool) of at least `minimum`."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        _fail(TypeError, name, caller, "an integer", describe(value))
    if value < minimum:
        _fail(ValueError, name, caller, f"an integer >= {minimum}", describe(value))
    return int(value)


def check_int_pair(value, *, name, caller, minimum):
    """Return `value` as a pair of ints >= `minimum`: one integer is used for both spatial dimensions."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            _fail(ValueError, name, caller, "an integer or a pair of integers (height, width)", describe(value))
        return tuple(check_int(v, name=name, caller=caller, minimum=minimum) for v in value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        _fail(TypeError, name, caller, "an integer or a pair of integers (height, width)", describe(value))
    value = check_int(value, name=name, caller=caller, minimum=minimum)
    return value, value


def check_ndim(arr, ndim, *, name, caller, layout):
    """Check that `arr` has exactly `ndim` dimensions, laid out as described by `layout` (e.g. "(N, C, H, W)")."""
    if arr.ndim != ndim:
        _fail(ValueError, name, caller, f"a {ndim}-d array {layout}", f"a {arr.ndim}-d array of shape {arr.shape}")


def check_mode(mode, *, caller):
    """Return `mode` after checking that it is one of the convolution modes 'full', 'same' and 'valid'."""
    if not isinstance(mode, str):
        _fail(TypeError, "mode", caller, "a string: 'full', 'same' or 'valid'", describe(mode))
    if mode not in ("full", "same", "valid"):
        _fail(ValueError, "mode", caller, "one of 'full', 'same' or 'valid'", describe(mode))
    return mode


def fail_pair(first, second, caller, expected, got, hint=""):
    """Raise ValueError for two arguments that do not fit together, e.g. shapes that differ."""
    message = f"The {first!r} and {second!r} parameters of {caller} must {expected}. Got {got} instead."
    raise ValueError(f"{message} {hint}" if hint else message)


def fail_kernel_too_large(name, caller, limit, got, hint):
    """Raise ValueError for a kernel that does not fit inside the (padded) input, which leaves no output."""
    _fail(ValueError, name, caller, f"no larger than {limit}", got, hint=hint)


def check_scalar_in_interval(value, *, name, caller, low, high, low_open=False, high_open=False):
    """Return `value` as a float after checking that it is a real number (not a bool) in the given interval."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        _fail(TypeError, name, caller, "a real number", describe(value))
    if np.isnan(value):
        _fail(ValueError, name, caller, "a number (not NaN)", describe(value))
    check_in_interval(np.float64(value), name=name, caller=caller, low=low, high=high, low_open=low_open,
                      high_open=high_open)
    return float(value)
