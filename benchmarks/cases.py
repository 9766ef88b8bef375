"""What is benchmarked: each public function with a counterpart in a reference library, on the same inputs.

A `Case` builds seeded inputs for an element count and a dtype, and knows how to call our function, the
reference, and how to check that the two agree (a benchmark of a function that returns the wrong answer would
be worthless). The floors are timed on `Inputs.main`, the array whose size is the element count: `np.copy`
of it, and one `np.exp` (logits) or `np.log` (probabilities) pass over it when the function cannot avoid that
transcendental work.

Shapes:

- distributions and scores: rows of `ROW` entries, ``(n // ROW, ROW)``, reduced along the last axis;
- element-wise losses: a vector of ``n`` entries;
- ``convolve``: a signal of ``n`` samples and a kernel of `TAPS` taps; ``convolve2d``: a square image of about
  ``n`` pixels and a 3 x 3 kernel, both with ``mode="same"``;
- ``conv2d``: ``(1, CHANNELS, s, s)`` with ``s * s * CHANNELS`` about ``n``, ``CHANNELS`` output channels, a 3 x 3
  kernel and padding 1;
- attention: ``Q``, ``K`` and ``V`` of shape ``(B, L, HEAD_DIM)`` with ``L`` up to `ATTENTION_LENGTH`, ``B * L *
  HEAD_DIM`` about ``n`` (the score matrices hold ``B * L * L`` entries);
- eigen- and singular value decompositions: a square matrix of about ``n`` entries, at most `MATRIX_CAP`;
- PCA: ``(n // PCA_FEATURES, PCA_FEATURES)`` samples by features.
"""

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

import mlequations as ml

ROW = 1000
TAPS = 5
CHANNELS = 4
HEAD_DIM = 64
ATTENTION_LENGTH = 256
PCA_FEATURES = 50
# An O(n^3) decomposition of a 3162 x 3162 matrix takes minutes on two cores: matrices stop at 1000 x 1000.
MATRIX_CAP = 10**6

# Memory-bound cases are held to the floor targets; the others do many multiply-adds per element (kernels,
# matrix products, O(n^3) factorisations), so a copy is no floor for them and only the reference ratio is a target.
MEMORY_BOUND = "memory-bound"
COMPUTE_BOUND = "compute-bound"


@dataclass
class Inputs:
    """Arguments for our function and for the reference, and the array the floors are timed on."""

    ours: tuple
    ours_kwargs: dict
    reference: tuple
    reference_kwargs: dict
    main: np.ndarray
    shape: str


@dataclass(frozen=True)
class Case:
    name: str
    function: str
    reference: str
    make: Callable[[int, np.dtype, np.random.Generator], Inputs]
    run_ours: Callable[..., Any]
    run_reference: Callable[..., Any]
    agree: Callable[[Any, Any, np.dtype], bool]
    floor: str | None = None  # "exp", "log" or None: the transcendental pass the function cannot avoid
    kind: str = MEMORY_BOUND
    max_size: int = 10**7
    torch_reference: bool = False
    notes: str = ""
    extra: dict = field(default_factory=dict)


# -- agreement -----------------------------------------------------------------------------------------------------

def _tolerance(dtype):
    return 1e-9 if np.dtype(dtype) == np.float64 else 2e-3


def _to_numpy(value):
    if hasattr(value, "detach"):
        return value.detach().numpy()
    return np.asarray(value)


def _close(ours, reference, dtype):
    ours, reference = np.asarray(ours, dtype=np.float64), _to_numpy(reference).astype(np.float64)
    scale = max(float(np.max(np.abs(reference))), 1e-300)
    return ours.shape == reference.shape and bool(np.allclose(ours, reference, rtol=_tolerance(dtype),
                                                             atol=_tolerance(dtype) * scale))


def _close_values(ours, reference, dtype):
    """Eigen- or singular values, compared as sorted multisets (the libraries order them differently)."""
    ours = np.sort_complex(np.asarray(ours).astype(np.complex128))
    reference = np.sort_complex(np.asarray(reference).astype(np.complex128))
    scale = max(float(np.max(np.abs(reference))), 1e-300)
    return ours.shape == reference.shape and bool(np.allclose(ours, reference, rtol=0,
                                                             atol=10 * _tolerance(dtype) * scale))


# -- inputs ------------------------------------------------------------------------------------------------------

def _rows(n):
    return (max(1, n // ROW), ROW)


def _probabilities(shape, dtype, rng):
    p = rng.random(shape) + 1e-3
    return (p / p.sum(axis=-1, keepdims=True)).astype(dtype)


def _logits(shape, dtype, rng):
    return (3.0 * rng.standard_normal(shape)).astype(dtype)


def _torch():
    import torch

    return torch


def make_entropy(n, dtype, rng):
    p = _probabilities(_rows(n), dtype, rng)
    return Inputs((p,), {}, (p,), {"axis": -1}, p, f"{p.shape}")


def make_kl(n, dtype, rng):
    p, q = _probabilities(_rows(n), dtype, rng), _probabilities(_rows(n), dtype, rng)
    return Inputs((p, q), {}, (p, q), {}, p, f"p, q {p.shape}")


def make_scores(n, dtype, rng, *, torch=False):
    z = _logits(_rows(n), dtype, rng)
    reference = (_torch().from_numpy(z),) if torch else (z,)
    return Inputs((z,), {}, reference, {}, z, f"{z.shape}")


def make_mse(n, dtype, rng):
    y, y_hat = rng.standard_normal(n).astype(dtype), rng.standard_normal(n).astype(dtype)
    return Inputs((y, y_hat), {}, (y, y_hat), {}, y, f"({n},)")


def make_bce(n, dtype, rng):
    y = (rng.random(n) < 0.5).astype(dtype)
    p = rng.uniform(0.001, 0.999, n).astype(dtype)
    return Inputs((y, p), {}, (y, p), {"labels": [0, 1]}, p, f"({n},)")


def make_bce_logits(n, dtype, rng):
    y = (rng.random(n) < 0.5).astype(dtype)
    z = _logits(n, dtype, rng)
    return Inputs((y, z), {}, (y, z), {"labels": [0, 1]}, z, f"({n},)")


def make_softmax_cross_entropy(n, dtype, rng):
    z = _logits(_rows(n), dtype, rng)
    labels = rng.integers(0, ROW, z.shape[0])
    return Inputs((labels, z), {}, (labels, z), {"labels": np.arange(ROW)}, z, f"{z.shape}")


def make_convolve(n, dtype, rng):
    f, g = rng.standard_normal(n).astype(dtype), rng.standard_normal(TAPS).astype(dtype)
    return Inputs((f, g), {"mode": "same"}, (f, g), {"mode": "same"}, f, f"({n},) * ({TAPS},)")


def _side(n, per_pixel=1):
    return max(2, round(math.sqrt(n / per_pixel)))


def make_convolve2d(n, dtype, rng):
    s = _side(n)
    image, kernel = rng.standard_normal((s, s)).astype(dtype), rng.standard_normal((3, 3)).astype(dtype)
    return Inputs((image, kernel), {"mode": "same"}, (image, kernel), {"mode": "same"}, image,
                  f"({s}, {s}) * (3, 3)")


def make_conv2d(n, dtype, rng):
    s = _side(n, CHANNELS)
    x = rng.standard_normal((1, CHANNELS, s, s)).astype(dtype)
    w = rng.standard_normal((CHANNELS, CHANNELS, 3, 3)).astype(dtype)
    torch = _torch()
    return Inputs((x, w), {"padding": 1}, (torch.from_numpy(x), torch.from_numpy(w)), {"padding": 1}, x,
                  f"x {x.shape}, weight {w.shape}")


def make_attention(n, dtype, rng):
    length = max(1, min(ATTENTION_LENGTH, n // HEAD_DIM))
    batch = max(1, round(n / (length * HEAD_DIM)))
    Q, K, V = (rng.standard_normal((batch, length, HEAD_DIM)).astype(dtype) for _ in range(3))
    torch = _torch()
    return Inputs((Q, K, V), {}, tuple(torch.from_numpy(a) for a in (Q, K, V)), {}, Q,
                  f"Q, K, V {Q.shape}")


def make_symmetric(n, dtype, rng):
    s = _side(n)
    m = rng.standard_normal((s, s))
    a = ((m + m.T) / 2).astype(dtype)
    return Inputs((a,), {}, (a,), {}, a, f"({s}, {s}) symmetric")


def make_general(n, dtype, rng):
    s = _side(n)
    a = rng.standard_normal((s, s)).astype(dtype)
    return Inputs((a,), {}, (a,), {}, a, f"({s}, {s})")


def make_pca(n, dtype, rng):
    rows = max(2, n // PCA_FEATURES)
    # Features of decreasing scale, so that the components are well separated.
    X = (rng.standard_normal((rows, PCA_FEATURES)) * np.linspace(3.0, 0.1, PCA_FEATURES)).astype(dtype)
    return Inputs((X,), {}, (X,), {}, X, f"{X.shape}")


# -- references ----------------------------------------------------------------------------------------------------

def scipy_entropy(p, **kw):
    import scipy.stats
    return scipy.stats.entropy(p, **kw)


def scipy_rel_entr_sum(p, q):
    import scipy.special
    return np.sum(scipy.special.rel_entr(p, q), axis=-1)


def scipy_special(name):
    def run(z, **kw):
        import scipy.special
        return getattr(scipy.special, name)(z, axis=-1, **kw)
    run.__name__ = f"scipy_{name}"
    return run


def torch_reduction(name):
    def run(t):
        return getattr(_torch(), name)(t, dim=-1)
    run.__name__ = f"torch_{name}"
    return run


def sklearn_mse(y, y_hat):
    import sklearn.metrics
    return sklearn.metrics.mean_squared_error(y, y_hat)


def sklearn_log_loss(y, p, **kw):
    import sklearn.metrics
    return sklearn.metrics.log_loss(y, p, **kw)


def sklearn_log_loss_of_sigmoid(y, z, **kw):
    import scipy.special
    import sklearn.metrics
    return sklearn.metrics.log_loss(y, scipy.special.expit(z), **kw)


def sklearn_log_loss_of_softmax(y, z, **kw):
    import scipy.special
    import sklearn.metrics
    return sklearn.metrics.log_loss(y, scipy.special.softmax(z, axis=-1), **kw)


def scipy_convolve2d(image, kernel, **kw):
    import scipy.signal
    return scipy.signal.convolve2d(image, kernel, **kw)


def numpy_convolve(f, g, **kw):
    return np.convolve(f, g, **kw)


def torch_conv2d(x, w, **kw):
    return _torch().nn.functional.conv2d(x, w, **kw)


def torch_sdpa(Q, K, V):
    return _torch().nn.functional.scaled_dot_product_attention(Q, K, V)


def numpy_eigh(a):
    return np.linalg.eigh(a)


def numpy_eig(a):
    return np.linalg.eig(a)


def numpy_svd(a):
    return np.linalg.svd(a, full_matrices=False)


def sklearn_pca(svd_solver):
    def run(X):
        from sklearn.decomposition import PCA
        return PCA(svd_solver=svd_solver).fit_transform(X)
    run.__name__ = f"sklearn_pca_{svd_solver}"
    return run


# -- agreement checks that need to pick a part of a result --------------------------------------------------------

def _agree_attention(ours, reference, dtype):
    return _close(ours.output, reference, dtype)


def _agree_eigenvalues(ours, reference, dtype):
    return _close_values(ours.eigenvalues, reference[0], dtype)


def _agree_singular_values(ours, reference, dtype):
    return _close_values(ours.S, reference[1], dtype)


def _agree_pca(ours, reference, dtype):
    # Component signs are a convention: compare the scores up to the sign of each column.
    return _close(np.abs(ours.scores), np.abs(reference), dtype)


def _call(name):
    function = getattr(ml, name)

    def run(*args, **kwargs):
        return function(*args, **kwargs)
    run.__name__ = name
    return run


CASES = [
    Case("entropy", "entropy", "scipy.stats.entropy", make_entropy, _call("entropy"), scipy_entropy, _close,
         floor="log"),
    Case("kl_divergence", "kl_divergence", "scipy.special.rel_entr (summed)", make_kl, _call("kl_divergence"),
         scipy_rel_entr_sum, _close, floor="log"),
    Case("softmax", "softmax", "scipy.special.softmax", make_scores, _call("softmax"), scipy_special("softmax"),
         _close, floor="exp"),
    Case("softmax-torch", "softmax", "torch.softmax", lambda n, d, r: make_scores(n, d, r, torch=True),
         _call("softmax"), torch_reduction("softmax"), _close, floor="exp", torch_reference=True),
    Case("log_softmax", "log_softmax", "scipy.special.log_softmax", make_scores, _call("log_softmax"),
         scipy_special("log_softmax"), _close, floor="exp"),
    Case("log_softmax-torch", "log_softmax", "torch.log_softmax", lambda n, d, r: make_scores(n, d, r, torch=True),
         _call("log_softmax"), torch_reduction("log_softmax"), _close, floor="exp", torch_reference=True),
    Case("log_sum_exp", "log_sum_exp", "scipy.special.logsumexp", make_scores, _call("log_sum_exp"),
         scipy_special("logsumexp"), _close, floor="exp"),
    Case("log_sum_exp-torch", "log_sum_exp", "torch.logsumexp", lambda n, d, r: make_scores(n, d, r, torch=True),
         _call("log_sum_exp"), torch_reduction("logsumexp"), _close, floor="exp", torch_reference=True),
    Case("mean_squared_error", "mean_squared_error", "sklearn.metrics.mean_squared_error", make_mse,
         _call("mean_squared_error"), sklearn_mse, _close),
    Case("binary_cross_entropy", "binary_cross_entropy", "sklearn.metrics.log_loss", make_bce,
         _call("binary_cross_entropy"), sklearn_log_loss, _close, floor="log"),
    Case("binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits",
         "sklearn.metrics.log_loss of scipy.special.expit", make_bce_logits,
         _call("binary_cross_entropy_with_logits"), sklearn_log_loss_of_sigmoid, _close, floor="exp"),
    Case("softmax_cross_entropy", "softmax_cross_entropy", "sklearn.metrics.log_loss of scipy.special.softmax",
         make_softmax_cross_entropy, _call("softmax_cross_entropy"), sklearn_log_loss_of_softmax, _close,
         floor="exp"),
    Case("convolve", "convolve", "numpy.convolve", make_convolve, _call("convolve"), numpy_convolve, _close),
    Case("convolve2d", "convolve2d", "scipy.signal.convolve2d", make_convolve2d, _call("convolve2d"),
         scipy_convolve2d, _close),
    Case("conv2d", "conv2d", "torch.nn.functional.conv2d", make_conv2d, _call("conv2d"), torch_conv2d, _close,
         kind=COMPUTE_BOUND, torch_reference=True),
    Case("scaled_dot_product_attention", "scaled_dot_product_attention",
         "torch.nn.functional.scaled_dot_product_attention", make_attention,
         _call("scaled_dot_product_attention"), torch_sdpa, _agree_attention, kind=COMPUTE_BOUND,
         torch_reference=True, notes="ours also returns the attention weights; PyTorch returns only the output"),
    Case("eigendecomposition-symmetric", "eigendecomposition", "numpy.linalg.eigh", make_symmetric,
         _call("eigendecomposition"), numpy_eigh, _agree_eigenvalues, kind=COMPUTE_BOUND, max_size=MATRIX_CAP),
    Case("eigendecomposition-general", "eigendecomposition", "numpy.linalg.eig", make_general,
         _call("eigendecomposition"), numpy_eig, _agree_eigenvalues, kind=COMPUTE_BOUND, max_size=MATRIX_CAP),
    Case("singular_value_decomposition", "singular_value_decomposition", "numpy.linalg.svd", make_general,
         _call("singular_value_decomposition"), numpy_svd, _agree_singular_values, kind=COMPUTE_BOUND,
         max_size=MATRIX_CAP),
    Case("principal_components", "principal_components", "sklearn.decomposition.PCA (svd_solver='full')",
         make_pca, _call("principal_components"), sklearn_pca("full"), _agree_pca, kind=COMPUTE_BOUND),
    Case("principal_components-auto", "principal_components", "sklearn.decomposition.PCA (default solver)",
         make_pca, _call("principal_components"), sklearn_pca("auto"), _agree_pca, kind=COMPUTE_BOUND,
         notes="scikit-learn's default picks an eigendecomposition of the covariance for tall data"),
]

# Public names that are not benchmarked, and why. tests/test_benchmarks.py checks that every name in
# mlequations.__all__ is either benchmarked above or listed here.
NOT_BENCHMARKED = {
    "bayes_posterior": "no library function computes a posterior from a prior and a likelihood table",
    "joint_probability": "a broadcast product; no library counterpart",
    "marginal": "a sum over axes; no library counterpart",
    "conditional_probability": "a division by a marginal; no library counterpart",
    "GaussianNaiveBayes": "a model (fit and predict), outside the element-count benchmark",
    "cross_entropy": "no library computes the cross-entropy of two distributions directly",
    "linear_transform": "one matrix product, which NumPy's BLAS does for both",
    "low_rank_approximation": "no library computes a truncated SVD reconstruction in one call",
    "gradient_descent": "an iterative solver whose cost is the user's gradient",
    "least_squares_objective": "a residual norm; no library counterpart",
    "MultilayerPerceptron": "a model (training loop), outside the element-count benchmark",
    "alpha_bar": "a cumulative product of a schedule; no library counterpart installed",
    "cosine_beta_schedule": "a schedule of a few hundred values; no library counterpart installed",
    "linear_beta_schedule": "a schedule of a few hundred values; no library counterpart installed",
    "forward_diffusion": "no library counterpart installed (diffusers is not a dependency)",
    "conv_output_size": "integer arithmetic on shapes",
    "multi_head_attention": "benchmarked through scaled_dot_product_attention, which does its heavy work",
}

SIZES = (10**3, 10**4, 10**5, 10**6, 10**7)
DTYPES = ("float64", "float32")
