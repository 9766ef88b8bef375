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
def same_shape_pairs(draw, max_dims=3, max_side=6):
    """Two float64 arrays of one shape, on a grid of step 1/1024 so that distinct entries have squares that do
    not underflow: the mean squared error is then zero exactly when the arrays are equal."""
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=1, max_side=max_side))
    grid = st.integers(-10**6, 10**6).map(lambda k: k / 1024)
    return draw(hnp.arrays(np.float64, shape, elements=grid)), draw(hnp.arrays(np.float64, shape, elements=grid))


@st.composite
def binary_targets_and_logits(draw, max_size=12, max_logit=1e4, soft=True):
    """A 1-d float64 array of targets in [0, 1] (labels 0/1, or soft targets when `soft`) and logits of its size."""
    size = draw(st.integers(1, max_size))
    targets = st.floats(0.0, 1.0) if soft else st.sampled_from([0.0, 1.0])
    y = draw(hnp.arrays(np.float64, size, elements=targets))
    z = draw(hnp.arrays(np.float64, size, elements=st.floats(-max_logit, max_logit)))
    return y, z


@st.composite
def class_labels_and_logits(draw, max_samples=8, max_classes=6, max_logit=1e4):
    """Integer labels of shape (n,) and float64 logits of shape (n, K), with K >= 2 classes."""
    n = draw(st.integers(1, max_samples))
    k = draw(st.integers(2, max_classes))
    labels = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    logits = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-max_logit, max_logit)))
    return labels, logits
