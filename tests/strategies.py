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
def convex_quadratics(draw, max_dim=4):
    """A symmetric positive definite Hessian with eigenvalues in [0.1, 10], its eigenvalues and eigenvectors.

    The eigenvectors are the Q of a QR factorisation of a Gaussian matrix drawn from a seed, so the quadratic
    is random in orientation while its spectrum, which decides convergence, is drawn by hypothesis.
    """
    dim = draw(st.integers(1, max_dim))
    eigenvalues = np.sort(np.array(draw(st.lists(st.floats(0.1, 10.0), min_size=dim, max_size=dim))))
    seed = draw(st.integers(0, 2**32 - 1))
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(dim, dim)))
    hessian = (q * eigenvalues) @ q.T
    return (hessian + hessian.T) / 2, eigenvalues, q
