"""Linear algebra: linear transformations, eigendecomposition, singular value decomposition, and two uses of it."""

from typing import NamedTuple

import numpy as np

from ._validation import (
    as_float_array,
    as_matrix,
    check_bool,
    check_finite_result,
    check_integer,
    check_linear_transform_shapes,
    check_min_rows,
    in_common_dtype,
)
from ._rescale import in_range, near_overflow, recompute_overflowed, scaled_back

__all__ = [
    "linear_transform",
    "eigendecomposition",
    "singular_value_decomposition",
    "principal_components",
    "low_rank_approximation",
]


class EigResult(NamedTuple):
    """Eigenvalues, in the package's order, and unit-norm eigenvectors, one per column."""

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray


class SVDResult(NamedTuple):
    """Left singular vectors (columns of U), descending singular values S, right singular vectors (rows of Vt)."""

    U: np.ndarray
    S: np.ndarray
    Vt: np.ndarray


class PCAResult(NamedTuple):
    """The projected data, the principal axes (rows), their variances and shares of the variance, the mean."""

    scores: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray
    mean: np.ndarray


# -- the equations -------------------------------------------------------------------------------------------------

def _linear_transform_equation(A, x, b):
    """y = A x + b for one vector x, or for each row of a batch x (x @ A.T is A x, row by row)."""
    y = x @ A.T
    return y if b is None else y + b


def _sign_convention_equation(V):
    """Each column of V times the unit factor (a sign, for real V) that makes its pivot real, > 0.

    The pivot is the column's first component within a relative sqrt(eps) of its largest magnitude:
    two components that differ only in their last bits cannot decide the sign. Returns the new
    columns and the factors.
    """
    magnitude = np.abs(V)
    tolerance = np.sqrt(np.finfo(magnitude.dtype).eps)
    pivots = np.argmax(magnitude >= (1 - tolerance) * magnitude.max(axis=0), axis=0)
    columns = np.arange(V.shape[1])
    factors = np.conj(V[pivots, columns]) / magnitude[pivots, columns]
    V = V * factors
    # Set the pivots exactly: the imaginary part of conj(v) v / |v| can keep a rounding error.
    V[pivots, columns] = magnitude[pivots, columns]
    return V, factors


def _eigendecomposition_equation(A):
    """The eigenvalues (lambda) of A in descending order, and its unit eigenvectors, the columns of
    V, in the sign convention. A symmetric A goes to LAPACK's symmetric solver: real results."""
    if np.array_equal(A, A.T):
        eigenvalues, V = np.linalg.eigh(A)
        eigenvalues, V = eigenvalues[::-1], V[:, ::-1]  # eigh sorts ascending
    else:
        eigenvalues, V = np.linalg.eig(A)
        order = np.lexsort((-eigenvalues.imag, -eigenvalues.real))  # the last key comes first
        eigenvalues, V = eigenvalues[order], V[:, order]
    V, _ = _sign_convention_equation(V / np.linalg.norm(V, axis=0))
    return np.ascontiguousarray(eigenvalues), V


def _singular_value_decomposition_equation(A, full_matrices):
    """U, the singular values S (sigma, descending) and V^T of A, in the sign convention.

    Each pair (u_i, v_i) is flipped together, decided on v_i: u_i sigma_i v_i^T is unchanged.
    """
    U, S, Vt = np.linalg.svd(A, full_matrices=full_matrices)
    k = S.size
    V, signs = _sign_convention_equation(Vt[:k].T)
    U[:, :k] *= signs
    Vt[:k] = V.T
    if full_matrices:  # the columns of U, or rows of V^T, beyond k have no partner: each on its own
        U[:, k:] = _sign_convention_equation(U[:, k:])[0]
        Vt[k:] = _sign_convention_equation(Vt[k:].T)[0].T
    return U, S, Vt


def _principal_components_equation(X, k):
    """PCA of the rows of X: the SVD of the centred data, its first k axes, scores and variances."""
    mu = X.mean(axis=0)
    U, S, Vt = _singular_value_decomposition_equation(X - mu, False)
    variance = S**2 / (len(X) - 1)
    ratio = variance / (variance.sum() or 1)  # constant data: no variance, every ratio 0
    return U[:, :k] * S[:k], Vt[:k], variance[:k], ratio[:k], mu


def _low_rank_approximation_equation(A, k):
    """A_k, the sum of the first k layers sigma_i u_i v_i^T of the SVD of A.

    The sign of a pair (u_i, v_i) cancels in its layer, so LAPACK's signs are as good as any.
    """
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * S[:k]) @ Vt[:k]


# -- the checks ----------------------------------------------------------------------------------------------------

def _check_linear_transform(A, x, b):
    """The checked A, x and b (or None) of linear_transform, in their common dtype."""
    caller = "linear_transform"
    A = as_matrix(A, name="A", caller=caller)
    x = as_float_array(x, name="x", caller=caller)
    if b is not None:
        b = as_float_array(b, name="b", caller=caller)
    check_linear_transform_shapes(A, x, b, caller=caller)
    return in_common_dtype(A, x, b)


def _check_eigendecomposition(A):
    """The checked square matrix of eigendecomposition."""
    return as_matrix(A, name="A", caller="eigendecomposition", square=True)


def _check_singular_value_decomposition(A, full_matrices):
    """The checked matrix and flag of singular_value_decomposition."""
    caller = "singular_value_decomposition"
    return as_matrix(A, name="A", caller=caller), check_bool(full_matrices, name="full_matrices", caller=caller)


def _check_principal_components(X, n_components):
    """The checked data (at least two rows) and number of components of principal_components."""
    caller = "principal_components"
    X = as_matrix(X, name="X", caller=caller)
    check_min_rows(X, 2, name="X", caller=caller, why="the variance needs two samples")
    k_max = min(X.shape)
    k = k_max if n_components is None else check_integer(
        n_components, name="n_components", caller=caller, low=1, high=k_max, why=f"at most min(N, d) for X of "
        f"shape {X.shape}")
    return X, k


def _check_low_rank_approximation(A, rank):
    """The checked matrix and rank of low_rank_approximation."""
    caller = "low_rank_approximation"
    A = as_matrix(A, name="A", caller=caller)
    rank = check_integer(rank, name="rank", caller=caller, low=1, high=min(A.shape),
                                  why=f"at most min(m, n) for A of shape {A.shape}")
    return A, rank


# -- the public functions ------------------------------------------------------------------------------------------

def linear_transform(A, x, b=None):
    r"""Apply the affine map :math:`y = Ax + b` to a vector or to a batch of vectors.

    The matrix :math:`A` maps :math:`n`-dimensional inputs to :math:`m`-dimensional outputs; the bias :math:`b`
    shifts the result. A dense layer of a neural network is exactly this map, applied to every row of a batch.

    .. math::

        \mathbf{y} = A\mathbf{x} + \mathbf{b}, \qquad A \in \mathbb{R}^{m \times n},\;
        \mathbf{x} \in \mathbb{R}^{n},\; \mathbf{b}, \mathbf{y} \in \mathbb{R}^{m}

    Parameters
    ----------
    A : array_like of float, shape (m, n)
        The matrix of the linear part.
    x : array_like of float, shape (n,) or (batch, n)
        One input vector, or a batch of them, one per row.
    b : array_like of float, shape (m,), optional
        The bias, added to every output. ``None`` (the default) means no bias: a purely linear map.

    Returns
    -------
    y : ndarray, shape (m,) or (batch, m)
        The outputs, one per input row. float32 when every argument is float32, float64 otherwise.

    Raises
    ------
    ValueError
        If `A` is not a 2-d matrix, `x` is not 1-d or 2-d, `x` does not have :math:`n` entries along its last
        axis, or `b` does not have :math:`m` entries (the message names both dimensions); if any argument is
        empty or not finite; or if the result overflows its dtype (float32 or float64).
    TypeError
        If an argument is boolean, complex or non-numeric.

    See Also
    --------
    numpy.matmul : ``A @ x + b``, which broadcasts silently where this function checks the shapes.

    Notes
    -----
    A batch is stored one vector per row, as in machine learning, so the batch form computes
    :math:`Y = X A^\top + \mathbf{1} \mathbf{b}^\top`. With :math:`\mathbf{b} \neq \mathbf{0}` the map is affine
    rather than linear: it sends the origin to :math:`\mathbf{b}`. Appending a constant 1 to :math:`\mathbf{x}`
    and :math:`\mathbf{b}` as a last column to :math:`A` turns it back into a linear map in one dimension more.

    References
    ----------
    .. [1] G. Strang, "The Fundamental Theorem of Linear Algebra", The American Mathematical Monthly 100(9),
       pp. 848-855, 1993. https://doi.org/10.2307/2324660

    Examples
    --------
    The guide's example: :math:`Ax = (4, 7)`, and the bias then adds 1 to the second entry.

    >>> from mlequations import linear_transform
    >>> linear_transform([[2, 1], [1, 3]], [1, 2], [0, 1])
    array([4., 8.])

    A batch of inputs, one per row, goes through in one call, and a shape mismatch is named instead of being
    broadcast:

    >>> linear_transform([[2, 1], [1, 3]], [[1, 2], [1, 0], [0, 1]], [0, 1])
    array([[4., 8.],
           [2., 2.],
           [1., 4.]])
    >>> linear_transform([[2, 1, 0], [1, 3, 0]], [1, 2])
    Traceback (most recent call last):
      ...
    ValueError: The 'A' and 'x' parameters of linear_transform must have matching dimensions: A is m x n = 2 x 3, so x must have n = 3 entries along its last axis. Got shapes (2, 3) and (2,) instead.
    """
    A, x, b = _check_linear_transform(A, x, b)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
        y = _linear_transform_equation(A, x, b)
    recompute_overflowed(y, _linear_transform_equation, A, x, b)  # where only a partial sum overflowed
    check_finite_result(y, names=("A", "x") if b is None else ("A", "x", "b"), caller="linear_transform")
    return y



def eigendecomposition(A):
    r"""Eigenvalues and unit-norm eigenvectors of a square matrix, in a fixed order and sign.

    An eigenvector is a non-zero vector that :math:`A` only scales, by its eigenvalue (a negative eigenvalue
    flips it). A non-real eigenvalue has a complex eigenvector; on the real plane spanned by that vector's real
    and imaginary parts, :math:`A` then acts as a rotation combined with a scaling. Exactly symmetric input goes to the symmetric solver and gives real
    results; any other input may give complex-conjugate pairs.

    .. math::

        A\mathbf{v} = \lambda\mathbf{v}, \qquad \mathbf{v} \neq \mathbf{0},\; \lambda \in \mathbb{C},
        \qquad A = V \Lambda V^{-1} \text{ when } A \text{ is diagonalisable}

    Parameters
    ----------
    A : array_like of float, shape (n, n)
        A real square matrix.

    Returns
    -------
    result : EigResult
        A named tuple ``(eigenvalues, eigenvectors)``: ``eigenvalues`` of shape (n,), and ``eigenvectors`` of
        shape (n, n) whose column ``i`` belongs to ``eigenvalues[i]`` and has unit Euclidean norm. Both are real
        (float32 for float32 input, float64 otherwise) when every eigenvalue is real, and complex otherwise.

    Raises
    ------
    ValueError
        If `A` is not a 2-d square matrix, is empty, or is not finite.
    TypeError
        If `A` is boolean, complex or non-numeric.

    See Also
    --------
    numpy.linalg.eig : The general solver, with LAPACK's order and signs.
    numpy.linalg.eigh : The symmetric solver, in ascending order.
    singular_value_decomposition : The factorisation that exists for every matrix, square or not.

    Notes
    -----
    **Solver.** If :math:`A = A^\top` entry for entry, LAPACK's symmetric solver (``eigh``) is used: the
    eigenvalues are real and the eigenvectors orthonormal. A matrix that is symmetric only up to rounding is
    treated as general; pass ``(A + A.T) / 2`` to get the symmetric path.

    **Order.** Eigenvalues are sorted by descending real part, then by descending imaginary part, so a
    conjugate pair :math:`a \pm bi` comes as :math:`a + bi, a - bi`. Exactly equal eigenvalues keep the
    solver's order.

    **Sign (phase).** An eigenvector is defined only up to a non-zero factor. Each column is scaled to unit norm
    and multiplied by the sign (real case) or unit complex number (complex case) that makes its *pivot* real and
    positive, where the pivot is the first component whose magnitude is within a relative
    :math:`\sqrt{\varepsilon}` (about 1.5e-8 in float64, 3.5e-4 in float32) of the largest magnitude in the
    column. The tolerance matters: in the eigenvector :math:`(1, -1)/\sqrt{2}` the solver's two components can
    differ in their last bit, so "make the largest component positive" would flip with the rounding.

    **What stays free.** For a repeated eigenvalue only the eigenspace is determined: any basis of it is valid,
    and the one returned is the solver's, each vector put in the convention above. A defective matrix such as
    ``[[1, 1], [0, 1]]`` has fewer independent eigenvectors than columns, and the returned columns are then
    (nearly) parallel. LAPACK's general solver can also return an inaccurate eigenvector when the entries span
    hundreds of orders of magnitude, as in ``[[1e-112, 1e-112], [1, 1]]``: check :math:`A\mathbf{v} - \lambda
    \mathbf{v}` if such input is possible.

    References
    ----------
    .. [1] J. G. F. Francis, "The QR Transformation: A Unitary Analogue to the LR Transformation, Part 1", The
       Computer Journal 4(3), pp. 265-271, 1961. https://doi.org/10.1093/comjnl/4.3.265

    Examples
    --------
    A symmetric matrix has real eigenvalues and orthogonal eigenvectors:

    >>> from mlequations import eigendecomposition
    >>> result = eigendecomposition([[2, 1], [1, 2]])
    >>> result.eigenvalues.round(10)
    array([3., 1.])
    >>> result.eigenvectors.round(10)
    array([[ 0.70710678,  0.70710678],
           [ 0.70710678, -0.70710678]])

    A rotation by 90 degrees leaves no real direction in place, so its eigenvalues are :math:`\pm i`; adding
    zero turns a rounded ``-0`` into ``0``:

    >>> result = eigendecomposition([[0, -1], [1, 0]])
    >>> result.eigenvalues.round(10) + 0
    array([0.+1.j, 0.-1.j])
    >>> result.eigenvectors.round(10) + 0
    array([[0.70710678+0.j        , 0.70710678+0.j        ],
           [0.        -0.70710678j, 0.        +0.70710678j]])
    """
    A = _check_eigendecomposition(A)
    A, scale = in_range(A, len(A))
    eigenvalues, eigenvectors = _eigendecomposition_equation(A)
    if scale != 1.0:
        eigenvalues = scaled_back(eigenvalues, scale)
        check_finite_result(eigenvalues, names=("A",), caller="eigendecomposition", what="every eigenvalue")
    return EigResult(eigenvalues, eigenvectors)



def singular_value_decomposition(A, *, full_matrices=False):
    r"""Singular value decomposition :math:`A = U \Sigma V^\top`, in descending order and a fixed sign.

    Every real matrix, of any shape, is an orthogonal map (a rotation, possibly combined with a reflection), then
    an axis-aligned scaling by the singular values (which also changes the dimension when the matrix is not
    square), then another orthogonal map. The singular values are unique; the singular vectors are fixed here by a
    sign convention applied to each pair :math:`(\mathbf{u}_i, \mathbf{v}_i)` together, so that
    ``U @ np.diag(S) @ Vt`` still reproduces :math:`A`.

    .. math::

        A = U \Sigma V^\top = \sum_{i=1}^{r} \sigma_i \mathbf{u}_i \mathbf{v}_i^\top, \qquad
        U^\top U = I,\; V^\top V = I,\; \sigma_1 \ge \sigma_2 \ge \dots \ge \sigma_r \ge 0

    Parameters
    ----------
    A : array_like of float, shape (m, n)
        Any real matrix.
    full_matrices : bool, default=False
        ``False`` returns the thin factors, with :math:`k = \min(m, n)` columns of :math:`U` and rows of
        :math:`V^\top`; ``True`` completes :math:`U` to :math:`m \times m` and :math:`V^\top` to
        :math:`n \times n`.

    Returns
    -------
    result : SVDResult
        A named tuple ``(U, S, Vt)``: ``U`` of shape (m, k) or (m, m), ``S`` of shape (k,) in descending order,
        and ``Vt`` of shape (k, n) or (n, n), so that ``U[:, :k] * S @ Vt[:k]`` equals `A`. float32 for float32
        input, float64 otherwise.

    Raises
    ------
    ValueError
        If `A` is not a 2-d matrix, is empty, or is not finite.
    TypeError
        If `A` is boolean, complex or non-numeric, or if `full_matrices` is not a bool.

    See Also
    --------
    numpy.linalg.svd : The same factors, with LAPACK's signs.
    low_rank_approximation : The best rank-k approximation, read off the leading singular triplets.
    principal_components : PCA, the SVD of the centred data.

    Notes
    -----
    **Sign.** For :math:`i < k`, the pair :math:`(\mathbf{u}_i, \mathbf{v}_i)` is flipped together so that the
    pivot of :math:`\mathbf{v}_i` (row ``i`` of ``Vt``) is positive: the first component whose magnitude is
    within a relative :math:`\sqrt{\varepsilon}` of the row's largest. Flipping both keeps
    :math:`\sigma_i \mathbf{u}_i \mathbf{v}_i^\top` unchanged. With ``full_matrices=True``, each extra column of
    ``U`` (or extra row of ``Vt``), which has no partner, gets the same convention on its own.

    **What stays free.** A singular value :math:`\sigma_i > 0` that is not repeated determines its pair up to
    that common sign, so the result is unique. A repeated singular value determines only the subspaces its
    vectors span; a zero singular value leaves :math:`\mathbf{u}_i` and :math:`\mathbf{v}_i` free within the
    null spaces, and the extra columns of ``full_matrices=True`` are any orthonormal basis of the orthogonal
    complement. In those cases the basis is the solver's, each vector put in the sign convention.

    **Cost.** A dense SVD of an :math:`m \times n` matrix costs :math:`O(mn \min(m, n))` operations, and the full
    :math:`U` of a tall matrix takes :math:`m^2` memory; ``full_matrices=False`` avoids the latter. When only a
    few leading triplets are needed (:math:`k \ll \min(m, n)`), an iterative or randomised truncated SVD is
    usually far cheaper; the randomised one returns an approximation of them.

    References
    ----------
    .. [1] G. H. Golub and C. Reinsch, "Singular value decomposition and least squares solutions", Numerische
       Mathematik 14, pp. 403-420, 1970. https://doi.org/10.1007/BF02163027

    Examples
    --------
    A diagonal matrix is its own SVD, up to the order of the singular values:

    >>> from mlequations import singular_value_decomposition
    >>> U, S, Vt = singular_value_decomposition([[1, 0], [0, 3]])
    >>> S
    array([3., 1.])
    >>> Vt
    array([[0., 1.],
           [1., 0.]])

    The guide's 3 x 2 matrix: the factors reproduce it, and the signs do not depend on the LAPACK build:

    >>> import numpy as np
    >>> A = np.array([[1, 2], [3, 4], [5, 6]])
    >>> U, S, Vt = singular_value_decomposition(A)
    >>> S.round(10)
    array([9.52551809, 0.51430058])
    >>> Vt.round(10)
    array([[ 0.61962948,  0.78489445],
           [ 0.78489445, -0.61962948]])
    >>> float(np.max(np.abs(U * S @ Vt - A))) < 1e-13   # every entry of U Sigma V^T - A
    True
    """
    A, full_matrices = _check_singular_value_decomposition(A, full_matrices)
    A, scale = in_range(A, max(A.shape))
    U, S, Vt = _singular_value_decomposition_equation(A, full_matrices)
    if scale != 1.0:
        S = scaled_back(S, scale)
        check_finite_result(S, names=("A",), caller="singular_value_decomposition", what="every singular value")
    return SVDResult(U, S, Vt)



def principal_components(X, *, n_components=None):
    r"""Principal component analysis from scratch: the singular value decomposition of the centred data.

    The principal axes are the orthogonal directions along which the data vary most, in decreasing order of
    variance. Projecting onto the first few keeps as much of the variance as any subspace of that dimension can.

    .. math::

        X - \mathbf{1}\boldsymbol{\mu}^\top = U \Sigma V^\top, \qquad
        Z = (X - \mathbf{1}\boldsymbol{\mu}^\top) V_k = U_k \Sigma_k, \qquad
        \operatorname{Var}_i = \frac{\sigma_i^2}{N - 1}

    Parameters
    ----------
    X : array_like of float, shape (N, d)
        The data, one sample per row; at least two samples.
    n_components : int, optional
        How many components to keep, in :math:`[1, \min(N, d)]`. ``None`` (the default) keeps
        :math:`\min(N, d)`.

    Returns
    -------
    result : PCAResult
        A named tuple ``(scores, components, explained_variance, explained_variance_ratio, mean)``: the projected
        data :math:`Z` of shape (N, k); the principal axes, one unit vector per row, of shape (k, d); the variance
        along each axis (divided by :math:`N - 1`) and its share of the total variance, both of shape (k,); and
        the mean :math:`\boldsymbol{\mu}` of shape (d,).

    Raises
    ------
    ValueError
        If `X` is not a 2-d matrix, has fewer than two rows, is empty or is not finite; if `n_components` is
        out of range; or if a variance overflows float64.
    TypeError
        If `X` is boolean, complex or non-numeric, or if `n_components` is not an integer.

    See Also
    --------
    sklearn.decomposition.PCA : The same components, variances and scores.
    singular_value_decomposition : The factorisation underneath, and its sign convention.

    Notes
    -----
    The axes are the rows of :math:`V^\top`, in the sign convention of :func:`singular_value_decomposition`
    (the scores :math:`U_k \Sigma_k` flip with them): the pivot (the first component within a relative
    :math:`\sqrt{\varepsilon}` of the largest) of each axis is positive. The SVD of the
    centred data is used rather than the eigendecomposition of the covariance matrix :math:`X_c^\top X_c / (N - 1)`,
    which squares the condition number and can lose the small variances to rounding.

    References
    ----------
    .. [1] I. T. Jolliffe and J. Cadima, "Principal component analysis: a review and recent developments",
       Philosophical Transactions of the Royal Society A 374(2065), 20150202, 2016.
       https://doi.org/10.1098/rsta.2015.0202

    Examples
    --------
    Points on the line :math:`y = x` vary along one direction only, which carries all the variance:

    >>> from mlequations import principal_components
    >>> pca = principal_components([[0, 0], [1, 1], [2, 2], [3, 3]])
    >>> pca.components.round(10)
    array([[ 0.70710678,  0.70710678],
           [ 0.70710678, -0.70710678]])
    >>> pca.explained_variance_ratio.round(10) + 0
    array([1., 0.])

    Correlated Gaussian data: one component keeps most of the variance.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 2)) @ np.array([[3.0, 1.0], [0.0, 0.5]])
    >>> pca = principal_components(X, n_components=1)
    >>> pca.scores.shape, pca.explained_variance_ratio.round(4)
    ((500, 1), array([0.9789]))
    """
    X, k = _check_principal_components(X, n_components)
    caller = "principal_components"
    if near_overflow(X, X.shape[0]):
        # The sum behind the mean can overflow though the mean cannot: each column is divided by a power of two
        # of its own first (its own, so that a column of small values keeps its digits), and the mean scaled back.
        column_scale = np.ldexp(1.0, np.frexp(np.max(np.abs(X), axis=0))[1] - 1)
        mean = ((X / column_scale).mean(axis=0) * column_scale).astype(X.dtype)
        with np.errstate(over="ignore", invalid="ignore"):  # a variance past the largest float: named below
            scores, components, variance, ratio, _ = _principal_components_equation(X - mean, k)
    else:
        with np.errstate(over="ignore", invalid="ignore"):  # a variance past the largest float: named below
            scores, components, variance, ratio, mean = _principal_components_equation(X, k)
    check_finite_result(variance, names=("X",), caller=caller, what="the variances")
    return PCAResult(scores, components, variance, ratio, mean)



def low_rank_approximation(A, *, rank):
    r"""The best approximation of a matrix by one of lower rank (Eckart-Young), from its truncated SVD.

    Keep the `rank` largest singular values and their vectors, drop the rest. No matrix of rank at most `rank` is
    closer to :math:`A`, in the Frobenius norm (Eckart and Young) or in the spectral norm (Mirsky), and the error
    is known from the singular values alone: in the Frobenius norm, the norm of the singular values that were
    dropped; in the spectral norm, the largest of them.

    .. math::

        A_k = \sum_{i=1}^{k} \sigma_i \mathbf{u}_i \mathbf{v}_i^\top, \qquad
        \min_{\operatorname{rank} B \le k} \lVert A - B \rVert_F = \lVert A - A_k \rVert_F
        = \sqrt{\sum_{i > k} \sigma_i^2}

    Parameters
    ----------
    A : array_like of float, shape (m, n)
        The matrix to approximate.
    rank : int
        The rank :math:`k` of the approximation, in :math:`[1, \min(m, n)]`.

    Returns
    -------
    A_k : ndarray, shape (m, n)
        The rank-`rank` approximation. float32 for float32 input, float64 otherwise.

    Raises
    ------
    ValueError
        If `A` is not a 2-d matrix, is empty or is not finite, or if `rank` is out of range.
    TypeError
        If `A` is boolean, complex or non-numeric, or if `rank` is not an integer.

    See Also
    --------
    singular_value_decomposition : The factors the approximation is built from.
    sklearn.decomposition.TruncatedSVD : Computes only the leading triplets, for large or sparse matrices.

    Notes
    -----
    :math:`A_k` is unique when :math:`\sigma_k > \sigma_{k+1}`; when they are equal and positive, several best
    approximations exist and this one depends on the solver's basis (when both are zero, :math:`A_k = A`).
    Storing :math:`A_k` as its factors takes :math:`k(m + n + 1)` numbers instead of :math:`mn`, which is the idea
    behind compressing images and embedding tables with it.

    References
    ----------
    .. [1] C. Eckart and G. Young, "The approximation of one matrix by another of lower rank", Psychometrika
       1(3), pp. 211-218, 1936. https://doi.org/10.1007/BF02288367
    .. [2] L. Mirsky, "Symmetric gauge functions and unitarily invariant norms", The Quarterly Journal of
       Mathematics 11(1), pp. 50-59, 1960. https://doi.org/10.1093/qmath/11.1.50

    Examples
    --------
    A diagonal matrix loses its smallest entry:

    >>> from mlequations import low_rank_approximation
    >>> low_rank_approximation([[3, 0], [0, 1]], rank=1)
    array([[3., 0.],
           [0., 0.]])

    On a random matrix the error equals the norm of the dropped singular values, as Eckart and Young proved:

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> A = rng.normal(size=(6, 4))
    >>> error = np.linalg.norm(A - low_rank_approximation(A, rank=2))
    >>> S = np.linalg.svd(A, compute_uv=False)
    >>> round(float(error), 10), round(float(np.sqrt(np.sum(S[2:] ** 2))), 10)
    (2.0609798549, 2.0609798549)
    """
    A, rank = _check_low_rank_approximation(A, rank)
    A, scale = in_range(A, max(A.shape))
    approximation = _low_rank_approximation_equation(A, rank)
    if scale != 1.0:  # the approximation of A / scale: a singular value of A may overflow where A_k does not
        approximation = scaled_back(approximation, scale)
        check_finite_result(approximation, names=("A",), caller="low_rank_approximation", what="the approximation")
    return approximation
