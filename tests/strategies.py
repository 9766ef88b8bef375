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
def attention_inputs(draw, max_batch_dims=2, max_side=5, with_mask=False):
    """Q (..., L, d_k), K (..., S, d_k), V (..., S, d_v) of float64 in [-10, 10], and optionally a boolean mask
    of shape (L, S) that leaves every query at least one key."""
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=max_batch_dims, min_side=1, max_side=3))
    L, S, d_k, d_v = (draw(st.integers(1, max_side)) for _ in range(4))
    elements = st.floats(-10, 10)
    Q = draw(hnp.arrays(np.float64, (*batch, L, d_k), elements=elements))
    K = draw(hnp.arrays(np.float64, (*batch, S, d_k), elements=elements))
    V = draw(hnp.arrays(np.float64, (*batch, S, d_v), elements=elements))
    if not with_mask:
        return Q, K, V
    mask = draw(hnp.arrays(np.bool_, (L, S)))
    mask[np.arange(L), draw(hnp.arrays(np.intp, L, elements=st.integers(0, S - 1)))] = True
    return Q, K, V, mask
