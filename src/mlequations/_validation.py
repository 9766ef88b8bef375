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


# -- attention ----------------------------------------------------------------------------------------------------

def _fail_pair(exc_type, names, caller, expected, got, hint=""):
    """Raise for two arguments that do not fit together, in the two-parameter form of the template."""
    message = f"The {names[0]!r} and {names[1]!r} parameters of {caller} must {expected}. Got {got} instead."
    raise exc_type(f"{message} {hint}" if hint else message)


def check_same_size(arrays, axes, what, *, caller):
    """Check that two arrays, given as ``{name: array}``, have the same length along their given axes."""
    (name_a, a), (name_b, b) = arrays.items()
    if a.shape[axes[0]] != b.shape[axes[1]]:
        _fail_pair(ValueError, (name_a, name_b), caller, f"have the same {what}",
                   f"shapes {a.shape} and {b.shape}")


def check_same_leading_shape(arrays, *, caller, trailing=2):
    """Check that arrays given as ``{name: array}`` agree in every dimension before their last `trailing` ones.

    Leading (batch and head) dimensions are never broadcast: a mismatch is far more often a bug than a
    deliberate reuse, and an explicit ``np.broadcast_to`` by the caller says the reuse is meant.
    """
    (name_a, a), *others = arrays.items()
    for name_b, b in others:
        if a.ndim != b.ndim or a.shape[:-trailing] != b.shape[:-trailing]:
            _fail_pair(ValueError, (name_a, name_b), caller,
                       f"have the same leading (batch and head) dimensions before the last {trailing}",
                       f"shapes {a.shape} and {b.shape}",
                       hint="Leading dimensions are not broadcast; use np.broadcast_to if sharing is meant.")


def as_attention_mask(mask, score_shape, dtype, *, caller):
    """Return `mask` as a boolean array (True means "may attend") or a float additive mask of `dtype`.

    The mask must broadcast to `score_shape`, the shape (..., L, S) of the attention scores, without changing
    it: a mask may have fewer or length-one dimensions, never more or longer ones. Integer masks are rejected,
    since 0/1 could mean either convention. A float mask may hold -inf (a forbidden key), never NaN or +inf.
    """
    try:
        arr = np.asarray(mask)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        _fail(ValueError, "mask", caller, "a rectangular array", describe(mask), hint=f"({exc})")
    if arr.dtype.kind == "b":
        out = arr
    elif arr.dtype.kind == "f":
        if np.any(np.isnan(arr)) or np.any(arr == np.inf):
            _fail(ValueError, "mask", caller, "real numbers or -inf (no NaN or +inf) when it is additive",
                  describe(arr))
        with np.errstate(over="ignore"):  # a float64 -1e300 becomes -inf in float32: still a forbidden key
            out = arr.astype(dtype, copy=False)
    else:
        _fail(TypeError, "mask", caller, "a boolean array (True means 'may attend') or a float array added to "
              "the scores", f"dtype {arr.dtype}",
              hint="An integer 0/1 mask is ambiguous: convert it with .astype(bool).")
    if arr.ndim > len(score_shape) or any(m not in (1, s) for m, s in zip(arr.shape[::-1], score_shape[::-1])):
        _fail(ValueError, "mask", caller, f"broadcastable to the shape {score_shape} of the scores (..., L, S)",
              f"shape {arr.shape}")
    view = out.view()
    view.flags.writeable = False
    return view


def check_finite_scores(scores, *, caller):
    """Raise when finite queries and keys give an infinite dot product (it overflowed)."""
    if not np.all(np.isfinite(scores)):
        _fail_pair(ValueError, ("Q", "K"), caller, "be small enough for their dot products to be finite",
                   f"a scaled dot product of {float(scores[~np.isfinite(scores)][0])}",
                   hint="Rescale the inputs.")


def check_masked_scores(scores, mask, *, caller):
    """Check the masked scores: none is +inf, and every query row keeps at least one key that is not -inf.

    A row of only -inf has no softmax (its weights would be 0/0), so it is an error.
    """
    if np.any(scores == np.inf):
        _fail(ValueError, "mask", caller, "small enough that the scores plus the mask stay finite",
              describe(np.asarray(mask)))
    full = np.all(np.isneginf(scores), axis=-1)
    if np.any(full):
        first = tuple(int(i) for i in np.argwhere(full)[0])
        _fail(ValueError, "mask", caller, "a mask that leaves each query at least one key to attend to",
              f"{int(np.sum(full))} fully masked query row(s), the first at index {first} of the scores "
              f"(..., L), for the mask {describe(np.asarray(mask))}",
              hint="A row of only masked keys has no softmax; unmask a key (e.g. the query's own position) or "
                   "drop the row.")


def check_positive_int(value, *, name, caller):
    """Return `value` as an int after checking that it is an integer (not a bool) of at least 1."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        _fail(TypeError, name, caller, "a positive integer", describe(value))
    if value < 1:
        _fail(ValueError, name, caller, "a positive integer", describe(value))
    return int(value)


def check_divisible(arr, axis, divisor, *, name, caller, what):
    """Check that `arr` has a length along `axis` that `divisor` (e.g. the number of heads) divides."""
    if arr.shape[axis] % divisor:
        _fail(ValueError, name, caller, f"an array whose {what} is divisible by num_heads={divisor}",
              f"shape {arr.shape}")


def check_ndim(arr, ndim, *, name, caller, what):
    """Check that `arr` has exactly `ndim` dimensions."""
    if arr.ndim != ndim:
        _fail(ValueError, name, caller, f"a {ndim}-d array ({what})", f"shape {arr.shape}")
