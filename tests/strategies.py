"""Hypothesis strategies shared by the test modules."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


@st.composite
def probability_vectors(draw, min_size=1, max_size=12, allow_zeros=True):
    """A float64 probability vector: non-negative weights, some exactly zero, normalised to sum to one."""
    size = draw(st.integers(min_size, max_size))
    low = 0.0 if allow_zeros else 1e-6
    weights = draw(hnp.arrays(np.float64, size, elements=st.floats(low, 1e3)))
    if not weights.sum() > 0:
        weights[draw(st.integers(0, size - 1))] = 1.0
    return weights / weights.sum()


# -- diffusion and convolution ------------------------------------------------------------------------------------

def real_vectors(min_size=1, max_size=12, bound=1e3):
    """A float64 vector of moderate, finite reals (sums of products stay far from overflow)."""
    return hnp.arrays(np.float64, st.integers(min_size, max_size), elements=st.floats(-bound, bound))


def real_images(max_side=6, bound=1e3):
    """A float64 2-d array of moderate, finite reals."""
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=max_side),
                      elements=st.floats(-bound, bound))


def beta_schedules(min_size=1, max_size=50):
    """Noise variances beta_t in [1e-6, 0.999]: every step adds some noise and keeps some signal."""
    return hnp.arrays(np.float64, st.integers(min_size, max_size), elements=st.floats(1e-6, 0.999))
