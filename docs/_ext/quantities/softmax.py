"""Quantities stated in the prose of docs/chapters/softmax.md (see the package docstring)."""

import math

import numpy as np

from . import quantity


@quantity("sm-exp-overflow-float64")
def _():
    """log of the largest float64: above it, exp overflows to inf."""
    return f"{math.log(np.finfo(np.float64).max):.2f}"


@quantity("sm-exp-underflow-float64")
def _():
    """The float64 threshold below which exp rounds to 0: log(2**-1075), half the smallest subnormal.

    Below it, e^x is nearer to 0 than to the smallest subnormal, 2**-1074; the assertion checks the threshold
    against NumPy's exp on either side, so that the printed number cannot drift from what exp does.
    """
    threshold = -1075 * math.log(2)
    below, above = np.exp([threshold - 1e-9, threshold + 1e-9])
    assert below == 0.0 and above > 0.0, (below, above)
    return f"{threshold:.2f}"
