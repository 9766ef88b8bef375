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
def matrices(draw, min_side=1, max_side=6, square=False, symmetric=False, rank_deficient=None):
    """A float64 matrix with entries in [-10, 10]: any shape (tall, wide, 1 x 1), square or symmetric on request.

    With ``rank_deficient=True`` it is a product of two thinner factors, so its rank is below min(m, n) whenever
    min(m, n) > 1; ``None`` draws both kinds.
    """
    m = draw(st.integers(min_side, max_side))
    n = m if square or symmetric else draw(st.integers(min_side, max_side))
    if rank_deficient is None:
        rank_deficient = draw(st.booleans())
    # Entries on a grid of 1e-6: LAPACK's general eigensolver can return a wrong eigenvector when entries span
    # hundreds of orders of magnitude (1e-112 next to 1), a limit of the solver that the tests do not probe.
    elements = st.floats(-10, 10, allow_nan=False, allow_subnormal=False).map(lambda v: round(v, 6))
    if rank_deficient and min(m, n) > 1:
        r = draw(st.integers(1, min(m, n) - 1))
        left = draw(hnp.arrays(np.float64, (m, r), elements=elements))
        right = draw(hnp.arrays(np.float64, (r, n), elements=elements))
        a = left @ right
    else:
        a = draw(hnp.arrays(np.float64, (m, n), elements=elements))
    if symmetric:
        a = (a + a.T) / 2
    return a


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
