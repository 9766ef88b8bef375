"""Quantities stated on the pages outside the chapters, and those that any page may quote about the errata page's
rules (the tolerances by which a claim is judged)."""

import numpy as np

from mlequations import claims

from . import quantity


@quantity("errata-float64-rtol")
def _():
    """The relative precision below which a float64 value printed in full is not held against a claim."""
    return f"{claims.FLOAT64_RTOL:g}"


@quantity("errata-approx-tolerance")
def _():
    """The distance within which a claim marked ~ counts as correct."""
    return f"{claims.APPROX_TOLERANCE:g}"


@quantity("float16-eps")
def _():
    """The machine epsilon of float16 (the Notation page)."""
    return repr(float(np.finfo(np.float16).eps))  # 2**-10, exact in decimal


@quantity("float16-max")
def _():
    """The largest finite float16 (the Notation page)."""
    return f"{float(np.finfo(np.float16).max):g}"


@quantity("float32-unit-roundoff")
def _():
    """Half of float32's machine epsilon: the largest relative error of rounding a real number to float32."""
    return f"{float(np.finfo(np.float32).eps) / 2:.1e}"
