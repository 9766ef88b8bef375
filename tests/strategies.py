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
