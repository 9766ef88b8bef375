"""Every input check of the package, every error message it raises, and the conversion of results.

Only this module raises, so the wording cannot drift between functions. Messages follow one template:

    The 'p' parameter of entropy must be <what is expected>. Got <what was given> instead.
"""

import contextlib
import math
import numbers
import re

import numpy as np


# -- Messages: the one template, and the errors raised from more than one place -------------------------------------

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


def _fail_pair(exc_type, names, caller, expected, got, hint=""):
    """Raise for two arguments that do not fit together, in the two-parameter form of the template."""
    message = f"The {names[0]!r} and {names[1]!r} parameters of {caller} must {expected}. Got {got} instead."
    raise exc_type(f"{message} {hint}" if hint else message)


def _names_phrase(names):
    """'x' parameter, or 'a' and 'b' parameters, or 'a', 'b' and 'c' parameters."""
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return f"{quoted[0]} parameter"
    return f"{', '.join(quoted[:-1])} and {quoted[-1]} parameters"


def fail_pair(first, second, caller, expected, got, hint=""):
    """Raise ValueError for two arguments that do not fit together, e.g. shapes that differ."""
    _fail_pair(ValueError, (first, second), caller, expected, got, hint=hint)


def fail_all_impossible(name, caller, axis, arr):
    """Raise for a slice of scores that are all -inf: no outcome is possible, so no distribution exists."""
    _fail(ValueError, name, caller, f"finite somewhere along axis {axis} (a slice of only -inf has no softmax)",
          describe(arr), hint="Mask fewer entries, or drop the fully masked rows.")


def fail_kernel_too_large(name, caller, limit, got, hint):
    """Raise ValueError for a kernel that does not fit inside the (padded) input, which leaves no output."""
    _fail(ValueError, name, caller, f"no larger than {limit}", got, hint=hint)


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


def fail_layer_count(n_weights, n_biases, *, caller):
    """Raise for a network without layers or with a different number of weights and biases."""
    _fail_pair(ValueError, ("weights", "biases"), caller, "be non-empty and of the same length (one per layer)",
               f"{n_weights} and {n_biases}")


def check_layer_sizes(layer_sizes, *, caller):
    """Raise for layer sizes that are not at least two positive integers."""
    _fail(ValueError, "layer_sizes", caller, "a list or tuple of at least two positive integers",
          describe(layer_sizes))


# -- Arrays and dtypes: conversion of input and of results ----------------------------------------------------------

def as_result(value):
    """A 0-d result as a Python float (so examples never print ``np.float64(...)``), anything larger as is."""
    return float(value) if np.ndim(value) == 0 else value


def as_float_array(x, *, name, caller, min_ndim=0, check_values=True, allow_empty=False):
    """Convert array_like `x` to a finite, non-empty floating-point array.

    Integers become float64 and float32 stays float32. float16 becomes float32, which holds every float16 value
    exactly: float16's range (up to 65504) and 11-bit significand would make exp, squares and sums overflow or lose
    every digit, so the package never computes in it, and its results for float16 input are float32. Every other
    float type (e.g. longdouble) becomes float64. Booleans,
    complex numbers, strings and objects are rejected with a `TypeError`, because none of them is a real number
    in the sense the equations need. The input is never modified: a float64 or float32 array is returned as a
    read-only view rather than a copy. With ``check_values=False`` the values are not scanned at all: the
    caller checks them in a pass it makes anyway (see `check_scores_maximum`, `check_probability_vector`,
    `deferred_finite_check`).
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        _fail(ValueError, name, caller, "a rectangular array of real numbers", describe(x), hint=f"({exc})")
    if arr.dtype.kind == "O":  # Python ints beyond int64, fractions.Fraction: real numbers NumPy keeps as objects
        arr = _object_reals_as_float64(arr, x, name=name, caller=caller)
    kind = arr.dtype.kind
    if kind == "b":
        _fail(TypeError, name, caller, "an array of real numbers, not booleans", describe(x),
              hint="Convert with .astype(float) if 0/1 values are meant.")
    if kind == "c":
        _fail(TypeError, name, caller, "an array of real numbers, not complex numbers", describe(x))
    if kind not in "iuf":
        _fail(TypeError, name, caller, "an array of real numbers", f"dtype {arr.dtype}: {describe(x)}")
    arr = _in_computing_dtype(arr)
    if arr.ndim < min_ndim:
        _fail(ValueError, name, caller, f"an array with at least {min_ndim} dimension(s)",
              f"a {arr.ndim}-d array {describe(arr)}")
    if arr.size == 0 and not allow_empty:
        _fail(ValueError, name, caller, "a non-empty array", f"an array of shape {arr.shape}")
    if check_values:
        check_finite(arr, name=name, caller=caller)
    view = arr.view()
    view.flags.writeable = False
    return view


def _object_reals_as_float64(arr, x, *, name, caller):
    """An object array whose every entry is a real number (not a bool), as float64; `arr` itself otherwise.

    NumPy stores Python ints beyond 64 bits and `fractions.Fraction` values as objects. Each is converted by
    Python's own float(), which rounds correctly and raises OverflowError past the largest float: that is a
    value too large for the package, named as such, not a wrong type.
    """
    items = arr.ravel().tolist()
    if not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in items):
        return arr  # rejected as a TypeError by the caller
    try:
        return np.array([float(v) for v in items], dtype=np.float64).reshape(arr.shape)
    except OverflowError:
        _fail(ValueError, name, caller, "real numbers within float64's range (magnitudes up to about 1.8e308)",
              describe(x))


def _in_computing_dtype(arr):
    """A real array in the dtype the package computes in: float32 kept, float16 as float32, all else float64."""
    if arr.dtype == np.float16:
        return arr.astype(np.float32)
    return arr if arr.dtype == np.float32 else arr.astype(np.float64, copy=False)


def in_common_dtype(*arrays):
    """The arrays (None passes through) converted to their common result dtype before any arithmetic.

    A float32 operand beside a float64 one gives a float64 result; it must then be widened before the log, the
    product or the matmul, not after, or the result keeps float32's rounding errors (np.log of float32 data
    written into a float64 array is float32's log).
    """
    dtype = np.result_type(*(a for a in arrays if a is not None))
    return tuple(None if a is None else a.astype(dtype, copy=False) for a in arrays)


def as_float_array_unchecked(x):
    """`x` converted as `as_float_array` converts it, or None where `as_float_array` might raise.

    It never raises and checks no values: None stands for "not a non-empty array of real numbers", which the
    caller hands to `as_float_array` to get the exact error. A caller that skips `as_float_array` this way must
    still catch every value it would reject (NaN and infinities), e.g. by a result that is not finite.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):  # ragged nested lists: as_float_array names them
        return None
    if arr.dtype.kind not in "iuf" or arr.size == 0:
        return None
    return _in_computing_dtype(arr)


def writeable_behind(view):
    """The writeable array behind a read-only view from `as_float_array`, for NumPy functions that only read but
    copy a read-only input first (np.argmax does: 0.21 ms against 0.09 ms for 10^6 float64 here); `view` itself
    when there is none. Never write to the result."""
    base = view.base
    if (isinstance(base, np.ndarray) and base.flags.writeable and base.dtype == view.dtype
            and base.shape == view.shape and base.strides == view.strides
            and base.__array_interface__["data"][0] == view.__array_interface__["data"][0]):
        return base
    return view


def as_matrix(x, *, name, caller, square=False):
    """Convert array_like `x` to a finite, non-empty 2-d floating-point array (square if `square`)."""
    arr = as_float_array(x, name=name, caller=caller)
    if arr.ndim != 2:
        _fail(ValueError, name, caller, "a 2-d array (a matrix)", f"a {arr.ndim}-d array of shape {arr.shape}")
    if square and arr.shape[0] != arr.shape[1]:
        _fail(ValueError, name, caller, "a square matrix", f"shape {arr.shape}",
              hint="Eigenvalues exist only for square matrices; the singular value decomposition takes any shape.")
    return arr


def check_returned_array(value, *, shape, step, name, caller):
    """Check what a gradient function returned: real numbers of exactly `shape`, finite. Return a float array."""
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        _fail(ValueError, name, caller, "a function returning a rectangular array of real numbers",
              f"{describe(value)} at step {step}", hint=f"({exc})")
    if arr.dtype.kind == "O":  # Python ints beyond 64 bits, fractions: real numbers NumPy keeps as objects
        arr = _object_reals_as_float64(arr, value, name=name, caller=caller)
    if arr.dtype.kind not in "iuf":
        _fail(TypeError, name, caller, "a function returning real numbers",
              f"dtype {arr.dtype} at step {step}: {describe(value)}")
    if arr.shape != tuple(shape):
        _fail(ValueError, name, caller, f"a function returning an array of the parameters' shape {tuple(shape)}",
              f"shape {arr.shape} at step {step}")
    return arr


def check_returned_scalar(value, *, step, name, caller):
    """Check what a loss function returned: one real number. Return it as a float."""
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):  # a Python or NumPy scalar
        return as_real_scalar(value, name=name, caller=caller, expected="a function returning a real number")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists: not one real number either
        arr = np.asarray(None)
    if arr.dtype.kind not in "iuf":
        _fail(TypeError, name, caller, "a function returning a real number", f"{describe(value)} at step {step}")
    if arr.ndim != 0:
        _fail(ValueError, name, caller, "a function returning a single real number (0-d)",
              f"shape {arr.shape} at step {step}")
    return float(arr)


@contextlib.contextmanager
def fits_in_memory(value, *, name, caller):
    """Turn NumPy's refusal to allocate an array into a ValueError naming the argument, `value`, that sized it."""
    try:
        yield
    except MemoryError:
        _fail(ValueError, name, caller, "small enough for the result to fit in memory", describe(value))
    except ValueError as exc:
        if not re.search(r"Maximum allowed size exceeded|array is too big", str(exc)):
            raise
        _fail(ValueError, name, caller, "small enough for the result to fit in memory", describe(value))


# -- Values: finiteness and ranges, before and after computing ------------------------------------------------------

def check_finite(arr, *, name, caller):
    """Raise unless every entry of `arr` is finite."""
    if not np.all(np.isfinite(arr)):
        _fail(ValueError, name, caller, "finite (no NaN or infinity)", describe(arr))


@contextlib.contextmanager
def deferred_finite_check(arr, *, name, caller):
    """Run the remaining input checks; if one fails, `arr`'s own non-finite error is raised first, if it has one.

    For an `arr` converted with ``check_values=False``: the errors then come in the same order as if `arr` had
    been checked for finiteness first, as every caller did before, whatever else is wrong with the input.
    """
    try:
        yield
    except (TypeError, ValueError):
        check_finite(arr, name=name, caller=caller)
        raise


def check_scores_maximum(maximum, arr, *, name, caller, allow_posinf=False):
    """Raise unless `maximum` is below +inf, where `maximum` is the largest entry of the scores `arr`, or the
    largest of its maxima along an axis: a NaN anywhere makes it NaN, and a +inf makes it +inf. -inf passes,
    and so does +inf with `allow_posinf`."""
    if allow_posinf and not np.isnan(maximum):
        return
    if not maximum < np.inf:
        expected = "real numbers or infinities (no NaN)" if allow_posinf else "real numbers or -inf (no NaN or +inf)"
        _fail(ValueError, name, caller, expected, describe(arr))


def check_nonnegative(x, *, name, caller):
    """Check that every entry of `x` is at least zero."""
    if np.any(x < 0):
        _fail(ValueError, name, caller, "non-negative everywhere", describe(x))


def check_unit_interval(arr, *, name, caller, what="probabilities"):
    """Check that every entry of the finite float array `arr` lies in [0, 1]."""
    if np.any(arr < 0) or np.any(arr > 1):
        _fail(ValueError, name, caller, f"{what} in [0, 1]", describe(arr))


def check_in_interval(arr, *, name, caller, low, high, low_open=False, high_open=False, hint=""):
    """Check that every entry of the float array `arr` lies in the interval from `low` to `high`."""
    too_low = arr <= low if low_open else arr < low
    too_high = arr >= high if high_open else arr > high
    if np.any(too_low) or np.any(too_high):
        interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        _fail(ValueError, name, caller, f"in {interval}", describe(arr), hint=hint)


def check_finite_result(out, *, names, caller, what="the result"):
    """Raise when finite input gave a result that is not finite: its true value lies beyond the largest float.

    Call it after computing `out` inside ``np.errstate(over="ignore", invalid="ignore")``: the overflow is then
    reported once, as an error naming the arguments, instead of as a warning followed by inf or nan.
    """
    bad = ~np.isfinite(out)
    if np.any(bad):
        where = f" (the first at index {tuple(int(i) for i in np.argwhere(bad)[0])})" if np.ndim(out) else ""
        dtype = out.dtype if isinstance(out, np.ndarray) else np.dtype(np.float64)
        raise ValueError(f"The {_names_phrase(names)} of {caller} must be small enough in magnitude for {what} to "
                         f"be finite in {dtype}. Got {int(np.sum(bad))} non-finite value(s){where} instead. "
                         "Rescale the input.")


def check_finite_reduction(out, losses, *, names, caller, reduction):
    """Raise when finite per-sample losses sum past the largest float (an infinite loss is left as it is)."""
    if not np.isfinite(out) and np.all(np.isfinite(losses)):
        raise ValueError(f"The {_names_phrase(names)} of {caller} must give losses whose {reduction} is finite in "
                         f"float64. Got losses as large as {float(np.max(losses)):.3e} instead. Use "
                         "reduction='mean', or rescale the input.")


def check_log_probabilities_finite(log_probs, z, *, name, caller):
    """Raise when a finite score got a log-probability of -inf: it lies more than the largest float below the top."""
    if not np.isneginf(np.min(log_probs)):  # the common case, in one pass and with no temporary array
        return
    lost = np.isneginf(log_probs) & np.isfinite(z)
    if np.any(lost):
        _fail(ValueError, name, caller, "spread over less than the largest float along the axis (after "
              "dividing by the temperature, if any), so that every log-probability of a finite score is finite",
              describe(z), hint="Its probability, exp of that, is exactly 0: softmax gives it.")


def check_joint_log_proba_finite(jll, log_prior, X, *, caller):
    """Raise when a joint log-likelihood overflowed to -inf although its class has a positive prior.

    -inf from a prior of zero is exact; -inf from a squared distance past the largest float is not (the true
    value is finite, only below -1.8e308), so it is an error rather than a silent infinity.
    """
    overflowed = np.isneginf(jll) & np.isfinite(log_prior)
    if np.any(overflowed):
        row = int(np.argwhere(overflowed)[0][0])
        _fail(ValueError, "X", caller, "close enough to the class means for the joint log-likelihood to be a "
              "float64 (its squared distances overflow)", f"row {row}: {describe(X[row])}",
              hint="predict_proba and predict handle such samples: they need only differences of the "
                   "log-likelihoods, which are computed with the distances rescaled.")


def check_shifted_log_proba(relative, X, *, caller):
    """Raise when the rescaled log-likelihood differences of far-away samples are not usable (nan or +inf).

    That happens only when the class means are themselves near the largest float, so that the sums of
    mean^2 / variance overflow, or a class beats the reference one by more than the largest float.
    """
    bad = np.isnan(relative) | (relative == np.inf)
    if np.any(bad):
        row = int(np.argwhere(bad)[0][0])
        _fail(ValueError, "X", caller, "within the range where the rescaled log-likelihood differences are "
              "finite", f"row {row}: {describe(X[row])}",
              hint="Both the sample and the fitted class means are too large for float64: rescale the data.")


def check_masked_scores(scores, mask, *, caller):
    """Check that every query row of the masked scores keeps at least one key that is not -inf.

    A row of only -inf has no softmax (its weights would be 0/0), so it is an error.
    """
    full = np.all(np.isneginf(scores), axis=-1)
    if np.any(full):
        first = tuple(int(i) for i in np.argwhere(full)[0])
        _fail(ValueError, "mask", caller, "a mask that leaves each query at least one key to attend to",
              f"{int(np.sum(full))} fully masked query row(s), the first at index {first} of the scores "
              f"(..., L), for the mask {describe(np.asarray(mask))}",
              hint="A row of only masked keys has no softmax; unmask a key (e.g. the query's own position) or "
                   "drop the row.")


def check_positive_variances(var, *, name, caller):
    """Check that the smoothed per-class variances are positive, so that every Gaussian has a density."""
    if not np.all(var > 0):
        _fail(ValueError, name, caller, "varying in at least one feature, so that the smoothed variances are "
                                        "positive", "every feature constant, or var_smoothing = 0 with a feature "
                                                    "constant within a class",
              hint="Use a positive var_smoothing and data with some spread.")


# -- Probabilities --------------------------------------------------------------------------------------------------

def check_probability_vector(p, axis, *, name, caller):
    """Check that `p` holds probability vectors along `axis`: finite, non-negative and summing to 1.

    The sum may miss 1 by at most the square root of the dtype's machine epsilon (about 1.5e-8 for float64,
    3.5e-4 for float32): enough for rounding in the caller's arithmetic, far too little to hide a mistake.

    NaN fails every comparison made here and an infinity makes a sum fail, so this check needs no pass of its own
    for them, and callers may convert `p` with ``as_float_array(..., check_values=False)``. Only once the check
    has failed is it worked out why, so that NaN and infinities get as_float_array's message.
    """
    tolerance = float(np.sqrt(np.finfo(p.dtype).eps))
    # Array methods and ufunc reductions: the np.min and np.all wrappers cost more than the work at 10^3 entries.
    if p.min() >= 0 and np.abs(_sums_along(p, axis) - 1).max() <= tolerance:
        return
    check_finite(p, name=name, caller=caller)
    _fail(ValueError, name, caller,
          f"a probability vector (non-negative, summing to 1 along axis {axis})", describe(p),
          hint=f"Each sum may miss 1 by at most {tolerance:.1e}; divide by the sum to normalise counts.")


def _sums_along(p, axis):
    """Sums along `axis`, for checks only: einsum adds the rows of a C-contiguous array 1.8 times as fast as
    np.sum at rows of 1000 and 5 times at rows of 10 (measured here). Its rounding differs from np.sum's; on the
    non-negative entries of a probability vector it stays far inside the check's tolerance (5.6e-16 relative
    for 10^7 uniform entries)."""
    if axis in (-1, p.ndim - 1):
        return np.einsum("...i->...", p)
    return np.sum(p, axis=axis)


def check_probability_table(p, *, name, caller):
    """Check that `p` is a joint probability table: non-negative entries that sum to 1 over the whole array."""
    tolerance = float(np.sqrt(np.finfo(p.dtype).eps))
    if np.any(p < 0) or abs(float(np.sum(p, dtype=np.float64)) - 1) > tolerance:
        _fail(ValueError, name, caller, "a joint probability table (non-negative, all entries summing to 1)",
              describe(p), hint=f"The sum may miss 1 by at most {tolerance:.1e}; divide by the sum to normalise "
                                "counts.")


def check_positive_mass(mass, *, name, caller, what):
    """Check that every conditioning event has positive probability (`mass` holds those probabilities)."""
    zero = np.argwhere(mass == 0)
    if zero.size:
        _fail(ValueError, name, caller, f"such that {what} has positive probability",
              f"probability 0 at index {tuple(int(i) for i in zero[0])} of the conditioning variables",
              hint="A conditional probability given an impossible event is undefined.")


def check_positive_evidence(evidence, prior, likelihood, *, caller):
    """Check that the evidence, the sum of likelihood times prior, is positive for every set of hypotheses."""
    if np.any(evidence <= 0):
        _fail_pair(ValueError, ("prior", "likelihood"), caller, "give the evidence a positive probability: some "
                   "hypothesis with a positive prior must have a positive likelihood",
                   f"{describe(prior)} and {describe(likelihood)}")


def check_log_base(base, *, caller):
    """Return the natural log of `base` (None means nats), checking that it is a valid logarithm base."""
    if base is None:
        return None
    value = as_real_scalar(base, name="base", caller=caller, expected="a positive real number or None (nats)")
    if not (math.isfinite(value) and value > 0 and value != 1):
        _fail(ValueError, "base", caller, "positive, finite and not 1 (e.g. 2 for bits, or None for nats)",
              describe(base))
    return math.log(value)


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
    if arr.dtype.kind == "O":  # Python ints beyond 64 bits, fractions: real numbers NumPy keeps as objects
        arr = _object_reals_as_float64(arr, y_true, name=name, caller=caller)
    if arr.dtype.kind == "b":
        _fail(TypeError, name, caller, "integer class labels or target probabilities, not booleans",
              describe(y_true), hint="Convert with .astype(int) if class labels are meant.")
    if arr.dtype.kind not in "iuf":  # strings, objects, complex: neither labels nor probabilities, whatever the shape
        _fail(TypeError, name, caller, "integer class labels or target probabilities (real numbers)",
              f"dtype {arr.dtype}: {describe(y_true)}")
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


def check_labels(y, n_samples, *, name, caller):
    """Return class labels `y` as a 1-d array with one label per sample."""
    try:
        labels = np.asarray(y)
    except (TypeError, ValueError) as exc:
        _fail(ValueError, name, caller, "a 1-d array of class labels", describe(y), hint=f"({exc})")
    if labels.ndim != 1 or labels.shape[0] != n_samples:
        _fail(ValueError, name, caller, f"a 1-d array with one label for each of the {n_samples} rows of 'X'",
              f"shape {labels.shape}")
    if labels.dtype.kind == "f" and not np.all(np.isfinite(labels)):
        _fail(ValueError, name, caller, "finite class labels (no NaN or infinity)", describe(labels))
    if labels.dtype.kind not in "biuUfS":
        _fail(TypeError, name, caller, "an array of class labels (integers or strings)",
              f"dtype {labels.dtype}: {describe(y)}")
    return labels


# -- Shapes and axes ------------------------------------------------------------------------------------------------

def check_axis(axis, arr, *, name, caller):
    """Return `axis` as an int after checking that it indexes a dimension of `arr` (negative counts from the end)."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        _fail(TypeError, "axis", caller, "an integer", describe(axis))
    if not -arr.ndim <= axis < arr.ndim:
        _fail(ValueError, "axis", caller, f"in [-{arr.ndim}, {arr.ndim - 1}] for the {arr.ndim}-d {name!r}",
              describe(axis))
    return int(axis)


def check_axes(axes, arr, *, name, param, caller):
    """Return `axes` (an int or a tuple of ints) as a tuple of distinct non-negative axes of `arr`."""
    items = axes if isinstance(axes, tuple) else (axes,)
    if not items or any(isinstance(a, (bool, np.bool_)) or not isinstance(a, numbers.Integral) for a in items):
        _fail(TypeError, param, caller, "an integer or a non-empty tuple of integers", describe(axes))
    if any(not -arr.ndim <= a < arr.ndim for a in items):
        _fail(ValueError, param, caller, f"made of axes in [-{arr.ndim}, {arr.ndim - 1}] for the {arr.ndim}-d "
                                         f"{name!r}", describe(axes))
    normalised = tuple(int(a) % arr.ndim for a in items)
    if len(set(normalised)) != len(normalised):
        _fail(ValueError, param, caller, "made of distinct axes", describe(axes))
    return normalised


def check_leaves_an_axis(given, arr, *, name, caller):
    """Check that conditioning on the axes `given` leaves at least one axis of `arr` to be distributed over."""
    if len(given) >= arr.ndim:
        _fail(ValueError, "given", caller, f"a proper subset of the axes of the {arr.ndim}-d {name!r}, so that "
                                           "some variable is left to condition", describe(given))


def check_shape(x, shape, *, name, caller, what):
    """Check that `x` has exactly `shape`; `what` says where that shape comes from."""
    if x.shape != tuple(shape):
        _fail(ValueError, name, caller, f"of shape {tuple(shape)} ({what})", f"shape {x.shape}")


def check_ndim(arr, ndim, *, name, caller, what):
    """Check that `arr` has exactly `ndim` dimensions; `what` says what the array holds."""
    if arr.ndim != ndim:
        _fail(ValueError, name, caller, f"a {ndim}-d array ({what})", f"a {arr.ndim}-d array of shape {arr.shape}")


def check_layout(arr, ndim, *, name, caller, layout):
    """Check that `arr` has exactly `ndim` dimensions, laid out as described by `layout` (e.g. "(N, C, H, W)")."""
    if arr.ndim != ndim:
        _fail(ValueError, name, caller, f"a {ndim}-d array {layout}", f"a {arr.ndim}-d array of shape {arr.shape}")


def check_same_shape(a, b, *, names, caller):
    """Check that arrays `a` and `b` have the same shape; no broadcasting is ever implied."""
    if a.shape != b.shape:
        _fail_pair(ValueError, names, caller, "have the same shape", f"{a.shape} and {b.shape}")


def check_same_rows(a, b, *, names, caller):
    """Check that two arrays have the same number of rows (samples)."""
    if a.shape[0] != b.shape[0]:
        _fail_pair(ValueError, names, caller, "have the same number of rows (one per sample)",
                   f"{a.shape[0]} and {b.shape[0]}")


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


def check_divisible(arr, axis, divisor, *, name, caller, what):
    """Check that `arr` has a length along `axis` that `divisor` (e.g. the number of heads) divides."""
    if arr.shape[axis] % divisor:
        _fail(ValueError, name, caller, f"an array whose {what} is divisible by num_heads={divisor}",
              f"shape {arr.shape}")


def check_min_rows(arr, minimum, *, name, caller, why):
    """Check that the 2-d `arr` has at least `minimum` rows."""
    if arr.shape[0] < minimum:
        _fail(ValueError, name, caller, f"a matrix with at least {minimum} rows ({why})", f"shape {arr.shape}")


def check_n_features(X, n_features, *, caller):
    """Check that the 2-d `X` has the number of columns the model was fitted with."""
    if X.ndim != 2 or X.shape[1] != n_features:
        _fail(ValueError, "X", caller, f"a 2-d array with {n_features} columns, as in fit", f"shape {X.shape}")


def check_linear_transform_shapes(A, x, b, *, caller):
    """Check that ``A @ x + b`` is defined: `A` is m x n, `x` has n entries per row, `b` has m entries."""
    m, n = A.shape
    if x.ndim not in (1, 2):
        _fail(ValueError, "x", caller, "a vector (1-d) or a batch of vectors, one per row (2-d)",
              f"a {x.ndim}-d array of shape {x.shape}")
    if x.shape[-1] != n:
        _fail_pair(ValueError, ("A", "x"), caller, f"have matching dimensions: A is m x n = {m} x {n}, so x must "
                   f"have n = {n} entries along its last axis", f"shapes {A.shape} and {x.shape}")
    if b is not None and b.shape != (m,):
        _fail(ValueError, "b", caller, f"a vector of m = {m} entries, as A is m x n = {m} x {n}",
              f"shape {b.shape}")


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


# -- Scalars and choices --------------------------------------------------------------------------------------------

def as_real_scalar(value, *, name, caller, expected):
    """`value` as a Python float, after checking that it is a real number (not a bool); `expected` words the
    TypeError. Python ints and fractions beyond the largest float are a ValueError; NaN and infinities pass,
    for the caller's range check."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        _fail(TypeError, name, caller, expected, describe(value))
    try:
        return float(value)
    except OverflowError:
        _fail(ValueError, name, caller, "finite (within float64's range, about 1.8e308)", describe(value))


def check_positive_scalar(value, *, name, caller):
    """Return `value` as a float after checking that it is a real number, finite and strictly positive."""
    number = as_real_scalar(value, name=name, caller=caller, expected="a positive real number")
    if not (math.isfinite(number) and number > 0):
        _fail(ValueError, name, caller, "positive and finite", describe(value))
    return number


def check_nonnegative_real(value, *, name, caller):
    """Return `value` as a float after checking that it is a real number, finite and at least zero."""
    number = as_real_scalar(value, name=name, caller=caller, expected="a real number")
    if not (math.isfinite(number) and number >= 0):
        _fail(ValueError, name, caller, "finite and non-negative", describe(value))
    return number


def check_scalar_in_interval(value, *, name, caller, low, high, low_open=False, high_open=False):
    """Return `value` as a float after checking that it is a real number (not a bool) in the given interval."""
    number = as_real_scalar(value, name=name, caller=caller, expected="a real number")
    if math.isnan(number):
        _fail(ValueError, name, caller, "a number (not NaN)", describe(value))
    check_in_interval(np.asarray(number, dtype=np.float64), name=name, caller=caller, low=low, high=high,
                      low_open=low_open, high_open=high_open)
    return number


def check_clip_epsilon(eps, *, caller):
    """Return `eps` as a float after checking that it is a real number in [0, 0.5)."""
    value = as_real_scalar(eps, name="eps", caller=caller, expected="a real number in [0, 0.5)")
    if not 0 <= value < 0.5:
        _fail(ValueError, "eps", caller, "in [0, 0.5) (probabilities are clipped to [eps, 1 - eps])", describe(eps))
    return value


def check_integer(value, *, name, caller, low, high=None, why=None, words=None):
    """Return `value` as an int after checking that it is an integer (not a bool) with ``low <= value <= high``.

    `words` names the integer in both messages ("a positive integer"); without it the TypeError asks for "an
    integer" and the ValueError states the range, with `why` after a finite upper bound.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        _fail(TypeError, name, caller, words or "an integer", describe(value))
    if value < low or (high is not None and value > high):
        expected = words or (f"an integer in [{low}, {high}] ({why})" if high is not None else f"an integer >= {low}")
        _fail(ValueError, name, caller, expected, describe(value))
    return int(value)


def check_int_pair(value, *, name, caller, minimum):
    """Return `value` as a pair of ints >= `minimum`: one integer is used for both spatial dimensions."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            _fail(ValueError, name, caller, "an integer or a pair of integers (height, width)", describe(value))
        return tuple(check_integer(v, name=name, caller=caller, low=minimum) for v in value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        _fail(TypeError, name, caller, "an integer or a pair of integers (height, width)", describe(value))
    value = check_integer(value, name=name, caller=caller, low=minimum)
    return value, value


def check_bool(value, *, name, caller):
    """Return `value` as a bool after checking that it is one (a flag, not a truthy number or string)."""
    if not isinstance(value, (bool, np.bool_)):
        _fail(TypeError, name, caller, "True or False", describe(value))
    return bool(value)


def check_choice(value, choices, *, name, caller):
    """Return `value` after checking that it is one of the strings in `choices`: a TypeError for a value that is
    not a string, a ValueError for any other string, both listing the choices."""
    listed = "one of " + ", ".join(map(repr, choices))
    if not isinstance(value, str):
        _fail(TypeError, name, caller, f"a string, {listed}", describe(value))
    if value not in choices:
        _fail(ValueError, name, caller, listed, describe(value))
    return value


def check_callable(value, *, name, caller):
    """Check that `value` can be called (a gradient or loss function)."""
    if not callable(value):
        _fail(TypeError, name, caller, "a callable", describe(value))


def check_generator(rng, *, caller):
    """Check that `rng` is a NumPy random Generator (e.g. ``np.random.default_rng(0)``)."""
    if not isinstance(rng, np.random.Generator):
        _fail(TypeError, "rng", caller, "a numpy.random.Generator such as np.random.default_rng(0)", describe(rng))


def check_sequence(value, *, name, caller):
    """Check that `value` is a list or tuple (of per-layer arrays)."""
    if not isinstance(value, (list, tuple)):
        _fail(TypeError, name, caller, "a list or tuple with one array per layer", describe(value))


def check_fitted(model, attribute, *, caller):
    """Check that `model` has been fitted, i.e. has `attribute`."""
    if not hasattr(model, attribute):
        _fail(ValueError, "self", caller, "a fitted model (call fit first)", f"an unfitted {type(model).__name__}")
