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


@st.composite
def probability_vector_pairs(draw, min_size=1, max_size=12, allow_zeros=True):
    """Two float64 probability vectors of the same length."""
    size = draw(st.integers(min_size, max_size))
    return (draw(probability_vectors(size, size, allow_zeros=allow_zeros)),
            draw(probability_vectors(size, size, allow_zeros=allow_zeros)))


@st.composite
def joint_tables(draw, min_dims=2, max_dims=3, max_side=5, allow_zeros=True):
    """A float64 joint probability table: 2 to 3 axes of length 1 to 5, non-negative, summing to one."""
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side))
    low = 0.0 if allow_zeros else 1e-3
    weights = draw(hnp.arrays(np.float64, shape, elements=st.floats(low, 1e3)))
    if not weights.sum() > 0:
        weights[(0,) * len(shape)] = 1.0
    return weights / weights.sum()
