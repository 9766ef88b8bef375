"""Tests of mlequations.linear_algebra."""

import math
import os
import subprocess
import sys

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA

from mlequations import (
    eigendecomposition,
    linear_transform,
    low_rank_approximation,
    principal_components,
    singular_value_decomposition,
)
import mlequations.linear_algebra as linear_algebra
from mlequations.linear_algebra import _sign_convention_equation

from .strategies import matrices

SEED = 20261124


def _in_convention(vectors):
    return _sign_convention_equation(vectors)[0]


def _pivots_are_real_positive(vectors):
    """Each column's pivot (first component within sqrt(eps) of the largest magnitude) is real and positive."""
    pivots = _pivots_by_definition(vectors)
    values = vectors[pivots, np.arange(vectors.shape[1])]
    return bool(np.all(np.real(values) > 0) and np.all(np.imag(values) == 0))


def _scale(a):
    return max(1.0, float(np.linalg.norm(a)))


# -- linear_transform ------------------------------------------------------------------------------------------

def test_linear_transform_of_the_guides_example_adds_the_bias():
    np.testing.assert_array_equal(linear_transform([[2, 1], [1, 3]], [1, 2], [0, 1]), [4.0, 8.0])
    np.testing.assert_array_equal(linear_transform([[2, 1], [1, 3]], [1, 2]), [4.0, 7.0])


def test_linear_transform_maps_the_basis_to_the_columns():
    A = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(linear_transform(A, np.eye(3)), A.T)


def test_linear_transform_agrees_with_numpy_row_by_row():
    rng = np.random.default_rng(SEED)
    A, X, b = rng.normal(size=(4, 3)), rng.normal(size=(10, 3)), rng.normal(size=4)
    Y = linear_transform(A, X, b)
    assert Y.shape == (10, 4)
    for x, y in zip(X, Y):
        np.testing.assert_allclose(y, A @ x + b, rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(linear_transform(A, x, b), y, rtol=1e-13, atol=1e-14)


@given(matrices(), st.data())
def test_linear_transform_is_linear_without_bias(A, data):
    x1 = data.draw(st.lists(st.floats(-10, 10), min_size=A.shape[1], max_size=A.shape[1]).map(np.array))
    x2 = data.draw(st.lists(st.floats(-10, 10), min_size=A.shape[1], max_size=A.shape[1]).map(np.array))
    scale = _scale(A) * 100
    np.testing.assert_allclose(linear_transform(A, 2 * x1 - x2), 2 * linear_transform(A, x1) - linear_transform(A, x2),
                               atol=1e-11 * scale)


def test_linear_transform_keeps_float32_and_promotes_mixed_input():
    A = np.eye(2, dtype=np.float32)
    x = np.ones(2, dtype=np.float32)
    assert linear_transform(A, x, x).dtype == np.float32
    assert linear_transform(A, x, np.ones(2)).dtype == np.float64
    assert linear_transform([[1, 2]], [3, 4]).dtype == np.float64


def test_linear_transform_does_not_modify_its_input():
    A, x, b = np.eye(2), np.ones(2), np.zeros(2)
    before = [A.copy(), x.copy(), b.copy()]
    linear_transform(A, x, b)
    for array, copy in zip([A, x, b], before):
        np.testing.assert_array_equal(array, copy)
        assert array.flags.writeable


# -- eigendecomposition: closed forms ------------------------------------------------------------------------------

def test_eigendecomposition_of_the_guides_matrix():
    values, vectors = eigendecomposition([[4, 2], [1, 3]])
    np.testing.assert_allclose(values, [5.0, 2.0], rtol=1e-14)
    expected = np.array([[2, 1], [1, -1]]) / np.array([math.sqrt(5), math.sqrt(2)])
    np.testing.assert_allclose(vectors, expected, rtol=1e-14)


def test_a_one_ulp_tie_does_not_decide_the_sign():
    # (1, -1)/sqrt(2) as a solver may return it: the second component one ulp larger in magnitude than the first.
    first = -0.7071067811865475
    v = np.array([[first], [np.nextafter(-first, 1.0)]])
    assert abs(v[1, 0]) > abs(v[0, 0])
    np.testing.assert_array_equal(_in_convention(v), -v)
    np.testing.assert_array_equal(_in_convention(-v), -v)


def test_the_rotation_has_complex_eigenvalues():
    values, vectors = eigendecomposition([[0, -1], [1, 0]])
    assert values.dtype == np.complex128
    np.testing.assert_allclose(values, [1j, -1j], atol=1e-15)
    np.testing.assert_allclose(vectors, np.array([[1, 1], [-1j, 1j]]) / math.sqrt(2), atol=1e-15)
    assert np.all(vectors[0].imag == 0)


def test_eigendecomposition_of_a_diagonal_matrix_sorts_descending():
    values, vectors = eigendecomposition(np.diag([1.0, 3.0, 2.0]))
    np.testing.assert_array_equal(values, [3.0, 2.0, 1.0])
    np.testing.assert_array_equal(vectors, np.eye(3)[:, [1, 2, 0]])


def test_conjugate_pairs_come_with_the_positive_imaginary_part_first():
    A = np.array([[1.0, -2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 5.0]])  # 5 and 1 +- 2i
    values, _ = eigendecomposition(A)
    np.testing.assert_allclose(values, [5, 1 + 2j, 1 - 2j], atol=1e-14)


# -- eigendecomposition: agreement with NumPy and SciPy -----------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_eigendecomposition_agrees_with_numpy_up_to_phase(n):
    rng = np.random.default_rng(SEED + n)
    A = rng.normal(size=(n, n))
    values, vectors = eigendecomposition(A)
    reference_values, reference_vectors = np.linalg.eig(A)
    order = np.lexsort((-reference_values.imag, -reference_values.real))
    np.testing.assert_allclose(values, reference_values[order], rtol=1e-12, atol=1e-12)
    # Same eigenvector up to a unit factor: |<v, w>| = 1 for unit vectors v and w.
    overlap = np.abs(np.sum(np.conj(vectors) * reference_vectors[:, order], axis=0))
    np.testing.assert_allclose(overlap, 1.0, rtol=1e-10)


def test_symmetric_eigendecomposition_agrees_with_scipy():
    rng = np.random.default_rng(SEED)
    B = rng.normal(size=(6, 6))
    A = B + B.T
    values, vectors = eigendecomposition(A)
    assert values.dtype == vectors.dtype == np.float64
    reference_values, reference_vectors = scipy.linalg.eigh(A)
    np.testing.assert_allclose(values, reference_values[::-1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(vectors, _in_convention(reference_vectors[:, ::-1]), rtol=1e-9, atol=1e-12)


# -- eigendecomposition: properties --------------------------------------------------------------------------------

@given(matrices(square=True))
def test_eigenpairs_satisfy_the_equation(A):
    values, vectors = eigendecomposition(A)
    np.testing.assert_allclose(A @ vectors, vectors * values, atol=1e-10 * _scale(A))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=0), 1.0, rtol=1e-12)
    assert _pivots_are_real_positive(vectors)
    keys = list(zip(-values.real, -values.imag)) if np.iscomplexobj(values) else list(-values)
    assert keys == sorted(keys)


@given(matrices(symmetric=True))
def test_symmetric_input_gives_real_orthonormal_results(A):
    values, vectors = eigendecomposition(A)
    assert not np.iscomplexobj(values) and not np.iscomplexobj(vectors)
    assert np.all(np.diff(values) <= 0)
    np.testing.assert_allclose(vectors.T @ vectors, np.eye(len(A)), atol=1e-12)
    np.testing.assert_allclose(vectors * values @ vectors.T, A, atol=1e-12 * _scale(A))


# -- eigendecomposition: determinism ---------------------------------------------------------------------------

def test_eigendecomposition_ignores_the_solvers_order_and_phases(monkeypatch):
    rng = np.random.default_rng(SEED)
    A = rng.normal(size=(5, 5))
    expected_values, expected_vectors = eigendecomposition(A)
    true_eig = np.linalg.eig

    def scrambled_eig(a):
        values, vectors = true_eig(a)
        order = rng.permutation(len(values))
        phases = np.exp(1j * rng.uniform(0, 2 * np.pi, len(values)))
        return values[order], vectors[:, order] * phases

    monkeypatch.setattr(np.linalg, "eig", scrambled_eig)
    values, vectors = eigendecomposition(A)
    np.testing.assert_allclose(values, expected_values, rtol=1e-15)
    np.testing.assert_allclose(vectors, expected_vectors, rtol=1e-12, atol=1e-15)


def test_symmetric_eigendecomposition_ignores_the_solvers_signs(monkeypatch):
    A = np.array([[2.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 2.0]])
    expected = eigendecomposition(A)
    true_eigh = np.linalg.eigh
    monkeypatch.setattr(np.linalg, "eigh", lambda a: (true_eigh(a)[0], -true_eigh(a)[1]))
    np.testing.assert_array_equal(eigendecomposition(A).eigenvectors, expected.eigenvectors)


# -- the faster bookkeeping around LAPACK (issue 9) --------------------------------------------------------------

def _pivots_by_definition(vectors):
    """The first index within a relative sqrt(eps) of each column's largest magnitude, by argmax over axis 0."""
    magnitude = np.abs(vectors)
    tolerance = np.sqrt(np.finfo(magnitude.dtype).eps)
    return np.argmax(magnitude >= (1 - tolerance) * magnitude.max(axis=0), axis=0)


@pytest.mark.parametrize("n", [1, 2, 255, 256, 300, 1365, 1366, 70_000])
def test_the_pivot_is_the_first_component_within_the_tolerance(n):
    rng = np.random.default_rng(SEED)
    vectors = rng.normal(size=(n, 3))
    vectors[-1, 2] = 1e3
    vectors[n // 2, 2] = -1e3 * (1 - 1e-12)              # a near tie: the earlier entry wins
    converted, factors = _sign_convention_equation(vectors)
    pivots = _pivots_by_definition(vectors)
    assert pivots[2] == n // 2 and factors[2] == -1.0
    np.testing.assert_array_equal(converted, vectors * factors)
    assert _pivots_are_real_positive(converted)
    complex_vectors = vectors + 1j * rng.normal(size=(n, 3))
    assert _pivots_are_real_positive(_in_convention(complex_vectors))


def _eigendecomposition_before_issue_9(A):
    """The eigendecomposition as first written: reorder, divide by the norms, then apply the convention."""
    if np.array_equal(A, A.T):
        values, vectors = np.linalg.eigh(A)
        values, vectors = values[::-1], vectors[:, ::-1]
    else:
        values, vectors = np.linalg.eig(A)
        order = np.lexsort((-values.imag, -values.real))
        values, vectors = values[order], vectors[:, order]
    vectors = vectors / np.linalg.norm(vectors, axis=0)
    return np.ascontiguousarray(values), _in_convention(vectors)


def _same_bits(x, y):
    return (x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)
            and np.array_equal(np.signbit(x.real), np.signbit(y.real))
            and np.array_equal(np.signbit(np.imag(x)), np.signbit(np.imag(y))))


@pytest.mark.parametrize("n", [1, 2, 7, 60])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_eigendecomposition_is_bit_for_bit_what_it_was(n, dtype):
    # In-place scaling in the solver's layout, and the order applied by one copy, change no bit of the result.
    rng = np.random.default_rng(SEED)
    m = rng.normal(size=(n, n)).astype(dtype)
    for A in (m, m + m.T, np.triu(m), np.eye(n, dtype=dtype)):
        values, vectors = eigendecomposition(A)
        expected_values, expected_vectors = _eigendecomposition_before_issue_9(A)
        assert _same_bits(values, expected_values) and _same_bits(vectors, expected_vectors)
        assert vectors.flags.c_contiguous == expected_vectors.flags.c_contiguous


def test_complex_eigenvectors_with_exact_zeros_keep_their_values():
    # Complex columns are scaled by the reciprocal of their norm, which is how NumPy divides a complex number by a
    # real one: the same values, except that an exactly zero component may change the sign of its zero.
    A = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 2.0]])
    values, vectors = eigendecomposition(A)
    expected_values, expected_vectors = _eigendecomposition_before_issue_9(A)
    assert np.sum(vectors == 0) >= 4
    assert _same_bits(values, expected_values) and np.array_equal(vectors, expected_vectors)


def test_pca_is_bit_for_bit_the_svd_of_the_centred_data():
    # The signs folded into the scores give the same numbers as flipping U first and multiplying by S after.
    rng = np.random.default_rng(SEED)
    for X in (rng.normal(size=(200, 7)), rng.normal(size=(6, 9)), rng.normal(size=(50, 4)).astype(np.float32)):
        mean = X.mean(axis=0)
        U, S, Vt = singular_value_decomposition(X - mean)
        for k in (1, min(X.shape)):
            pca = principal_components(X, n_components=k)
            assert _same_bits(pca.scores, U[:, :k] * S[:k]) and _same_bits(pca.components, Vt[:k])


PRINT_SCRIPT = """
import numpy as np
from mlequations import eigendecomposition, singular_value_decomposition, principal_components
rng = np.random.default_rng(0)
A = rng.normal(size=(40, 40))
print(eigendecomposition(A).eigenvectors.round(8)[:, :6] + 0)
print(eigendecomposition(A + A.T).eigenvectors.round(8)[:, :6] + 0)
U, S, Vt = singular_value_decomposition(rng.normal(size=(60, 30)))
print(U.round(8)[:, :6] + 0, S.round(8), Vt.round(8)[:6] + 0)
print(principal_components(rng.normal(size=(80, 5))).components.round(8) + 0)
"""


def test_printed_output_is_the_same_with_one_and_two_threads():
    outputs = []
    for threads in ("1", "2"):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads, MKL_NUM_THREADS=threads)
        result = subprocess.run([sys.executable, "-c", PRINT_SCRIPT], env=env, capture_output=True, text=True,
                                check=True)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") > 100


# -- eigendecomposition: extremes and dtypes -------------------------------------------------------------------

def test_repeated_eigenvalues_of_a_symmetric_matrix():
    rng = np.random.default_rng(SEED)
    Q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    A = Q @ np.diag([2.0, 2.0, 2.0, -1.0]) @ Q.T
    A = (A + A.T) / 2
    values, vectors = eigendecomposition(A)
    np.testing.assert_allclose(values, [2, 2, 2, -1], atol=1e-13)
    np.testing.assert_allclose(vectors.T @ vectors, np.eye(4), atol=1e-13)
    # Only the eigenspace is determined: its projector is the same whatever basis the solver chose.
    np.testing.assert_allclose(vectors[:, :3] @ vectors[:, :3].T, Q[:, :3] @ Q[:, :3].T, atol=1e-12)


def test_eigendecomposition_of_a_singular_and_a_nearly_singular_matrix():
    values, _ = eigendecomposition([[1.0, 2.0], [2.0, 4.0]])
    np.testing.assert_allclose(values, [5.0, 0.0], atol=1e-14)
    A = np.array([[1.0, 1.0], [1.0, 1.0 + 1e-12]])
    values, vectors = eigendecomposition(A)
    np.testing.assert_allclose(A @ vectors, vectors * values, atol=1e-15)


def test_eigendecomposition_of_a_1x1_matrix():
    values, vectors = eigendecomposition([[-3.0]])
    np.testing.assert_array_equal(values, [-3.0])
    np.testing.assert_array_equal(vectors, [[1.0]])


def test_eigendecomposition_keeps_float32():
    values, vectors = eigendecomposition(np.array([[4, 2], [1, 3]], dtype=np.float32))
    assert values.dtype == vectors.dtype == np.float32
    np.testing.assert_allclose(vectors, eigendecomposition([[4, 2], [1, 3]]).eigenvectors, rtol=1e-6)
    values, vectors = eigendecomposition(np.array([[0, -1], [1, 0]], dtype=np.float32))
    assert values.dtype == vectors.dtype == np.complex64
    values, _ = eigendecomposition(np.eye(2, dtype=np.float32))
    assert values.dtype == np.float32


def test_eigendecomposition_does_not_modify_its_input():
    A = np.array([[4.0, 2.0], [1.0, 3.0]])
    eigendecomposition(A)
    np.testing.assert_array_equal(A, [[4.0, 2.0], [1.0, 3.0]])


# -- singular_value_decomposition ------------------------------------------------------------------------------

def test_svd_of_the_guides_matrix_has_the_closed_form_singular_values():
    U, S, Vt = singular_value_decomposition([[1, 2], [3, 4], [5, 6]])
    # The eigenvalues of A^T A = [[35, 44], [44, 56]] are (91 +- sqrt(8185)) / 2.
    np.testing.assert_allclose(S, np.sqrt([(91 + math.sqrt(8185)) / 2, (91 - math.sqrt(8185)) / 2]), rtol=1e-13)
    assert U.shape == (3, 2) and Vt.shape == (2, 2)


@pytest.mark.parametrize("shape", [(1, 1), (5, 3), (3, 5), (8, 8)])
def test_svd_agrees_with_numpy_and_scipy_up_to_a_common_sign(shape):
    rng = np.random.default_rng(SEED)
    A = rng.normal(size=shape)
    U, S, Vt = singular_value_decomposition(A)
    for reference in (np.linalg.svd(A, full_matrices=False), scipy.linalg.svd(A, full_matrices=False)):
        U_ref, S_ref, Vt_ref = reference
        np.testing.assert_allclose(S, S_ref, rtol=1e-12)
        signs = np.sign(np.sum(Vt * Vt_ref, axis=1))  # +1 or -1 per pair
        np.testing.assert_allclose(Vt, Vt_ref * signs[:, None], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(U, U_ref * signs, rtol=1e-10, atol=1e-12)


@given(matrices())
def test_svd_reconstructs_and_is_orthonormal(A):
    U, S, Vt = singular_value_decomposition(A)
    k = min(A.shape)
    assert U.shape == (A.shape[0], k) and S.shape == (k,) and Vt.shape == (k, A.shape[1])
    np.testing.assert_allclose(U * S @ Vt, A, atol=1e-12 * _scale(A))
    np.testing.assert_allclose(U.T @ U, np.eye(k), atol=1e-12)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(k), atol=1e-12)
    assert np.all(S >= 0) and np.all(np.diff(S) <= 0)
    assert _pivots_are_real_positive(Vt.T)


@given(matrices())
def test_full_svd_completes_both_bases(A):
    U, S, Vt = singular_value_decomposition(A, full_matrices=True)
    m, n = A.shape
    k = min(m, n)
    np.testing.assert_allclose(U.T @ U, np.eye(m), atol=1e-12)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(n), atol=1e-12)
    np.testing.assert_allclose(U[:, :k] * S @ Vt[:k], A, atol=1e-12 * _scale(A))
    assert _pivots_are_real_positive(Vt.T) and _pivots_are_real_positive(U[:, k:])
    thin = singular_value_decomposition(A)
    np.testing.assert_array_equal(S, thin.S)


def test_svd_ignores_the_solvers_signs(monkeypatch):
    rng = np.random.default_rng(SEED)
    A = rng.normal(size=(6, 4))
    expected = singular_value_decomposition(A, full_matrices=True)
    true_svd = np.linalg.svd
    flips = np.array([-1.0, 1.0, -1.0, -1.0, -1.0, 1.0])  # pairs 0, 2, 3 together; extra column 4 of U alone

    def flipped_svd(a, full_matrices=True):
        U, S, Vt = true_svd(a, full_matrices=full_matrices)
        return U * flips, S, Vt * flips[:4, None]

    monkeypatch.setattr(np.linalg, "svd", flipped_svd)
    U, S, Vt = singular_value_decomposition(A, full_matrices=True)
    np.testing.assert_array_equal(S, expected.S)
    np.testing.assert_allclose(U, expected.U, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(Vt, expected.Vt, rtol=1e-15, atol=1e-15)


def test_svd_of_a_rank_deficient_and_a_zero_matrix():
    U, S, Vt = singular_value_decomposition(np.outer([1.0, 2.0, 3.0], [1.0, -1.0]))
    np.testing.assert_allclose(S, [math.sqrt(14) * math.sqrt(2), 0.0], atol=1e-14)
    np.testing.assert_allclose(Vt[0], np.array([1.0, -1.0]) / math.sqrt(2), rtol=1e-14)
    U, S, Vt = singular_value_decomposition(np.zeros((3, 2)))
    np.testing.assert_array_equal(S, [0.0, 0.0])
    np.testing.assert_allclose(U.T @ U, np.eye(2), atol=1e-15)


def test_svd_of_a_nearly_singular_matrix_keeps_the_small_singular_value():
    A = np.diag([1.0, 1e-15])
    U, S, Vt = singular_value_decomposition(A)
    np.testing.assert_allclose(S, [1.0, 1e-15], rtol=1e-12)


def test_svd_keeps_float32():
    A = np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32)
    U, S, Vt = singular_value_decomposition(A)
    assert U.dtype == S.dtype == Vt.dtype == np.float32
    reference = singular_value_decomposition(A.astype(np.float64))
    for ours, theirs in zip((U, S, Vt), reference):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_svd_does_not_modify_its_input():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    singular_value_decomposition(A)
    np.testing.assert_array_equal(A, [[1.0, 2.0], [3.0, 4.0]])


# -- principal_components -----------------------------------------------------------------------------------------

def test_pca_of_points_on_a_line():
    pca = principal_components([[0, 0], [1, 1], [2, 2], [3, 3]])
    np.testing.assert_allclose(pca.components[0], [math.sqrt(0.5)] * 2, rtol=1e-14)
    np.testing.assert_allclose(pca.explained_variance, [10 / 3, 0.0], rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(pca.mean, [1.5, 1.5])
    np.testing.assert_allclose(pca.scores[:, 0], np.array([-1.5, -0.5, 0.5, 1.5]) * math.sqrt(2), rtol=1e-14)


@pytest.mark.parametrize("n_components", [None, 1, 2, 4])
def test_pca_agrees_with_scikit_learn_on_iris(n_components):
    X = load_iris().data
    ours = principal_components(X, n_components=n_components)
    theirs = PCA(n_components=n_components, svd_solver="full").fit(X)
    signs = np.sign(np.sum(ours.components * theirs.components_, axis=1))
    np.testing.assert_allclose(ours.components, theirs.components_ * signs[:, None], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.explained_variance, theirs.explained_variance_, rtol=1e-10)
    np.testing.assert_allclose(ours.explained_variance_ratio, theirs.explained_variance_ratio_, rtol=1e-10)
    np.testing.assert_allclose(ours.mean, theirs.mean_, rtol=1e-13)
    np.testing.assert_allclose(ours.scores, theirs.transform(X) * signs, rtol=1e-9, atol=1e-10)


def test_pca_agrees_with_scikit_learn_on_wide_random_data():
    rng = np.random.default_rng(SEED)
    X = rng.normal(size=(6, 10))
    ours = principal_components(X)
    theirs = PCA(svd_solver="full").fit(X)
    signs = np.sign(np.sum(ours.components * theirs.components_, axis=1))
    np.testing.assert_allclose(ours.components[:5], (theirs.components_ * signs[:, None])[:5], rtol=1e-9,
                               atol=1e-11)
    np.testing.assert_allclose(ours.explained_variance, theirs.explained_variance_, rtol=1e-10, atol=1e-13)


@given(matrices(min_side=2))
def test_pca_scores_reconstruct_the_data_and_variances_add_up(X):
    pca = principal_components(X)
    np.testing.assert_allclose(pca.scores @ pca.components + pca.mean, X, atol=1e-11 * _scale(X))
    total = np.sum(np.var(X, axis=0, ddof=1))
    np.testing.assert_allclose(pca.explained_variance.sum(), total, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(np.var(pca.scores, axis=0, ddof=1), pca.explained_variance, rtol=1e-9,
                               atol=1e-10 * _scale(X))


def test_pca_keeps_float32():
    X = load_iris().data.astype(np.float32)
    pca = principal_components(X, n_components=2)
    assert all(a.dtype == np.float32 for a in pca)
    np.testing.assert_allclose(pca.explained_variance, principal_components(X.astype(np.float64),
                                                                            n_components=2).explained_variance,
                               rtol=1e-4)


# -- low_rank_approximation -------------------------------------------------------------------------------------

def test_low_rank_approximation_of_a_diagonal_matrix():
    np.testing.assert_array_equal(low_rank_approximation(np.diag([3.0, 1.0, 2.0]), rank=2), np.diag([3.0, 0, 2.0]))


@given(matrices(), st.data())
def test_eckart_young_error_is_the_norm_of_the_dropped_singular_values(A, data):
    k = data.draw(st.integers(1, min(A.shape)))
    A_k = low_rank_approximation(A, rank=k)
    S = np.linalg.svd(A, compute_uv=False)
    scale = _scale(A)
    assert abs(np.linalg.norm(A - A_k) - math.sqrt(np.sum(S[k:] ** 2))) <= 1e-11 * scale
    assert abs(np.linalg.norm(A - A_k, ord=2) - (S[k] if k < S.size else 0.0)) <= 1e-11 * scale
    assert np.sum(np.linalg.svd(A_k, compute_uv=False) > 1e-9 * scale) <= k


def test_low_rank_approximation_beats_other_rank_k_matrices():
    rng = np.random.default_rng(SEED)
    A = rng.normal(size=(8, 6))
    best = np.linalg.norm(A - low_rank_approximation(A, rank=2))
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    for keep in ([0, 2], [1, 2], [4, 5]):  # other pairs of singular triplets
        assert np.linalg.norm(A - U[:, keep] * S[keep] @ Vt[keep]) > best
    for _ in range(20):  # random rank-2 matrices, fitted by least squares on their column space
        Q, _ = np.linalg.qr(rng.normal(size=(8, 2)))
        assert np.linalg.norm(A - Q @ (Q.T @ A)) > best


def test_full_rank_approximation_is_the_matrix_itself():
    A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_allclose(low_rank_approximation(A, rank=2), A, rtol=1e-13)


def test_low_rank_approximation_keeps_float32():
    A = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert low_rank_approximation(A, rank=1).dtype == np.float32


# -- bad input ------------------------------------------------------------------------------------------------------

LT = "linear_transform"
BAD_INPUT = [
    # (description, function, kwargs, exception, message fragment)
    ("A 1-d", linear_transform, dict(A=[1.0, 2.0], x=[1.0]), ValueError, rf"'A' parameter of {LT} must be a 2-d"),
    ("A 3-d", linear_transform, dict(A=np.ones((2, 2, 2)), x=[1.0, 1.0]), ValueError, r"'A' parameter .* 2-d"),
    ("x 3-d", linear_transform, dict(A=np.eye(2), x=np.ones((1, 1, 2))), ValueError,
     rf"'x' parameter of {LT} must be a vector \(1-d\) or a batch"),
    ("x wrong length", linear_transform, dict(A=np.ones((2, 3)), x=[1.0, 2.0]), ValueError,
     r"'A' and 'x' parameters of linear_transform .* m x n = 2 x 3, so x must have n = 3 .* \(2, 3\) and \(2,\)"),
    ("batch wrong width", linear_transform, dict(A=np.ones((2, 3)), x=np.ones((4, 2))), ValueError,
     r"n = 3 entries along its last axis. Got shapes \(2, 3\) and \(4, 2\)"),
    ("b wrong length", linear_transform, dict(A=np.ones((2, 3)), x=np.ones(3), b=np.ones(3)), ValueError,
     rf"'b' parameter of {LT} must be a vector of m = 2 entries, as A is m x n = 2 x 3. Got shape \(3,\)"),
    ("b 2-d", linear_transform, dict(A=np.eye(2), x=np.ones(2), b=np.ones((1, 2))), ValueError, r"'b' parameter"),
    ("x NaN", linear_transform, dict(A=np.eye(2), x=[np.nan, 1.0]), ValueError, rf"'x' parameter of {LT} .* finite"),
    ("b inf", linear_transform, dict(A=np.eye(2), x=[1.0, 1.0], b=[np.inf, 0]), ValueError, r"'b' .* finite"),
    ("A strings", linear_transform, dict(A=[["1", "2"]], x=[1.0, 2.0]), TypeError, r"'A' parameter .* real numbers"),
    ("x booleans", linear_transform, dict(A=np.eye(2), x=[True, False]), TypeError, r"'x' parameter .* booleans"),
    ("A empty", linear_transform, dict(A=np.ones((0, 2)), x=[1.0, 2.0]), ValueError, r"'A' parameter .* non-empty"),
    ("eig not square", eigendecomposition, dict(A=np.ones((2, 3))), ValueError,
     r"'A' parameter of eigendecomposition must be a square matrix. Got shape \(2, 3\)"),
    ("eig 1-d", eigendecomposition, dict(A=[1.0, 2.0]), ValueError, r"'A' parameter of eigendecomposition .* 2-d"),
    ("eig 0-d", eigendecomposition, dict(A=3.0), ValueError, r"'A' parameter of eigendecomposition .* 2-d"),
    ("eig NaN", eigendecomposition, dict(A=[[np.nan, 0], [0, 1]]), ValueError, r"'A' .* finite"),
    ("eig inf", eigendecomposition, dict(A=[[np.inf, 0], [0, 1]]), ValueError, r"'A' .* finite"),
    ("eig complex", eigendecomposition, dict(A=[[1j, 0], [0, 1]]), TypeError, r"'A' .* not complex"),
    ("eig objects", eigendecomposition, dict(A=[[object()]]), TypeError, r"'A' .* real numbers"),
    ("eig ragged", eigendecomposition, dict(A=[[1.0, 2.0], [3.0]]), ValueError, r"'A' .* rectangular"),
    ("svd 1-d", singular_value_decomposition, dict(A=[1.0, 2.0]), ValueError, r"'A' parameter of singular_value"),
    ("svd NaN", singular_value_decomposition, dict(A=[[np.nan]]), ValueError, r"'A' .* finite"),
    ("svd booleans", singular_value_decomposition, dict(A=[[True]]), TypeError, r"'A' .* booleans"),
    ("svd full_matrices int", singular_value_decomposition, dict(A=np.eye(2), full_matrices=1), TypeError,
     r"'full_matrices' parameter of singular_value_decomposition must be True or False. Got 1"),
    ("pca one sample", principal_components, dict(X=[[1.0, 2.0]]), ValueError,
     r"'X' parameter of principal_components must be a matrix with at least 2 rows"),
    ("pca 1-d", principal_components, dict(X=[1.0, 2.0, 3.0]), ValueError, r"'X' parameter .* 2-d"),
    ("pca NaN", principal_components, dict(X=[[1.0, np.nan], [0.0, 0.0]]), ValueError, r"'X' .* finite"),
    ("pca zero components", principal_components, dict(X=np.eye(3), n_components=0), ValueError,
     r"'n_components' parameter of principal_components must be an integer in \[1, 3\]"),
    ("pca too many components", principal_components, dict(X=np.ones((5, 2)), n_components=3), ValueError,
     r"'n_components' .* in \[1, 2\] \(at most min\(N, d\) for X of shape \(5, 2\)\)"),
    ("pca float components", principal_components, dict(X=np.eye(3), n_components=1.0), TypeError,
     r"'n_components' .* must be an integer"),
    ("pca bool components", principal_components, dict(X=np.eye(3), n_components=True), TypeError,
     r"'n_components' .* must be an integer"),
    ("rank 0", low_rank_approximation, dict(A=np.eye(3), rank=0), ValueError,
     r"'rank' parameter of low_rank_approximation must be an integer in \[1, 3\]"),
    ("rank too large", low_rank_approximation, dict(A=np.ones((2, 4)), rank=3), ValueError,
     r"'rank' .* \[1, 2\] \(at most min\(m, n\) for A of shape \(2, 4\)\)"),
    ("rank float", low_rank_approximation, dict(A=np.eye(3), rank=1.5), TypeError, r"'rank' .* an integer"),
    ("rank string", low_rank_approximation, dict(A=np.eye(3), rank="1"), TypeError, r"'rank' .* an integer"),
    ("low rank A 1-d", low_rank_approximation, dict(A=[1.0, 2.0], rank=1), ValueError, r"'A' parameter .* 2-d"),
    ("low rank A inf", low_rank_approximation, dict(A=[[np.inf]], rank=1), ValueError, r"'A' .* finite"),
]


@pytest.mark.parametrize("func, kwargs, exception, match", [row[1:] for row in BAD_INPUT],
                         ids=[row[0] for row in BAD_INPUT])
def test_bad_input_is_rejected_with_a_message_naming_the_argument(func, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        func(**kwargs)


def test_rank_is_keyword_only():
    with pytest.raises(TypeError):
        low_rank_approximation(np.eye(2), 1)


# -- the equation functions ----------------------------------------------------------------------------------------
# EQUATION_CALLS maps a call of the public function onto the equation functions of the page (`ns`); RANDOM_CALLS
# makes a seeded input of about `size` rows (a square matrix of side sqrt(size) for the eigendecomposition).
# PUBLIC_CALLS flattens the named tuples of the decompositions into one array, as _flat does the equation
# functions' tuples. Linear algebra has no kernels: every call runs its equation function, and what the public
# functions add is the checks and the rescaling of input near the largest float.

def _f(a):
    return np.asarray(a, dtype=float)


def _flat(result):
    return np.concatenate([np.ravel(part) for part in result])


EQUATION_CALLS = {
    "linear_transform": lambda ns, A, x, b=None: ns["_linear_transform_equation"](
        _f(A), _f(x), None if b is None else _f(b)),
    "eigendecomposition": lambda ns, A: _flat(ns["_eigendecomposition_equation"](_f(A))),
    "singular_value_decomposition": lambda ns, A, full_matrices=False: _flat(
        ns["_singular_value_decomposition_equation"](_f(A), full_matrices)),
    "principal_components": lambda ns, X, n_components=None: _flat(
        ns["_principal_components_equation"](_f(X), n_components or min(np.shape(X)))),
    "low_rank_approximation": lambda ns, A, rank: ns["_low_rank_approximation_equation"](_f(A), rank),
}
PUBLIC_CALLS = {
    "eigendecomposition": lambda A: _flat(eigendecomposition(A)),
    "singular_value_decomposition": lambda A, **kwargs: _flat(singular_value_decomposition(A, **kwargs)),
    "principal_components": lambda X, **kwargs: _flat(principal_components(X, **kwargs)),
}
EQUATION_FUNCTIONS = {"eigendecomposition": ["_eigendecomposition_equation", "_sign_convention_equation"]}


def _random_square(rng, size):
    """A square matrix of about `size` entries (at least 3 x 3): general for 3, symmetric beyond."""
    M = rng.normal(size=(max(3, math.isqrt(size)),) * 2)
    return M if size <= 3 else M + M.T


RANDOM_CALLS = {
    "linear_transform": lambda rng, size: ((rng.normal(size=(4, 6)), rng.normal(size=(size, 6)),
                                            rng.normal(size=4)), {}),
    "eigendecomposition": lambda rng, size: ((_random_square(rng, size),), {}),
    # The full U of 10^4 rows would take 800 MB: the full factors only on the small input.
    "singular_value_decomposition": lambda rng, size: ((rng.normal(size=(size, 4)),), {"full_matrices": size <= 4}),
    "principal_components": lambda rng, size: ((rng.normal(size=(size, 5)) * [3, 2, 1, 0.5, 0.1],),
                                               {"n_components": 2}),
    "low_rank_approximation": lambda rng, size: ((rng.normal(size=(size, 6)),), {"rank": 2}),
}

EQUATIONS = {
    # Near the largest float, the partial sums of A x overflow though A x does not: a second, rescaled call.
    linear_transform: ("_linear_transform_equation", lambda A: ((A, A[0] if A[0, 0] < 1e300 else [200, -200, 1]),
                                                                 {})),
    eigendecomposition: ("_eigendecomposition_equation", lambda A: ((A,), {})),
    singular_value_decomposition: ("_singular_value_decomposition_equation", lambda A: ((A,), {})),
    principal_components: ("_principal_components_equation", lambda A: ((A,), {})),
    low_rank_approximation: ("_low_rank_approximation_equation", lambda A: ((A,), {"rank": 2})),
}


@pytest.mark.parametrize("function", EQUATIONS, ids=lambda f: f.__name__)
def test_small_and_large_input_run_the_equation_function(function, monkeypatch):
    """No kernel: the public function is its checks around the equation function, whatever the size (the
    rescaling near the largest float calls the equation function too)."""
    equation, arguments = EQUATIONS[function]
    calls = []
    original = getattr(linear_algebra, equation)
    monkeypatch.setattr(linear_algebra, equation, lambda *args: calls.append(args[0].size) or original(*args))
    rng = np.random.default_rng(SEED)
    for A in (rng.normal(size=(3, 3)), rng.normal(size=(300, 300)), np.full((3, 3), 1e306)):
        args, kwargs = arguments(A)
        before = len(calls)
        function(*args, **kwargs)
        assert len(calls) > before


def test_the_sign_convention_is_the_one_the_decompositions_document():
    """Each eigenvector and each right singular vector has a real, positive pivot; U flips with V."""
    rng = np.random.default_rng(SEED)
    A = rng.normal(size=(7, 5))
    U, S, Vt = singular_value_decomposition(A, full_matrices=True)
    assert _pivots_are_real_positive(Vt.T) and _pivots_are_real_positive(U[:, 5:])
    U_ref, S_ref, Vt_ref = np.linalg.svd(A, full_matrices=True)
    signs = np.sign(np.sum(Vt * Vt_ref, axis=1))
    np.testing.assert_allclose(U[:, :5], U_ref[:, :5] * signs[:5], atol=1e-12)
    values, vectors = eigendecomposition(rng.normal(size=(6, 6)))
    assert _pivots_are_real_positive(vectors)


# -- the statements of the chapter page and its gallery ------------------------------------------------------------

@given(matrices(square=True, rank_deficient=False))
def test_the_moduli_of_the_eigenvalues_lie_between_the_extreme_singular_values(A):
    """sigma_min <= |A v| / |v| = |lambda| <= sigma_max, for every square matrix (the linear-map example)."""
    S = singular_value_decomposition(A).S
    moduli = np.abs(eigendecomposition(A).eigenvalues)
    slack = 1e-9 * max(S[0], 1.0)
    assert np.all(moduli <= S[0] + slack) and np.all(moduli >= S[-1] - slack)


@given(matrices(symmetric=True))
def test_the_singular_values_of_a_symmetric_matrix_are_the_moduli_of_its_eigenvalues(A):
    S = singular_value_decomposition(A).S
    moduli = np.sort(np.abs(eigendecomposition(A).eigenvalues))[::-1]
    np.testing.assert_allclose(S, moduli, rtol=1e-9, atol=1e-9 * max(S[0], 1.0))


@given(matrices(min_side=2), st.integers(1, 5))
def test_the_spectral_error_of_the_rank_k_approximation_is_the_next_singular_value(A, k):
    """||A - A_k||_2 = sigma_{k+1} (Mirsky), the page's derivation, computed with an independent norm."""
    k = min(k, min(A.shape) - 1)
    S = np.linalg.svd(A, compute_uv=False)
    error = np.linalg.norm(A - low_rank_approximation(A, rank=k), 2)
    np.testing.assert_allclose(error, S[k], rtol=1e-9, atol=1e-9 * max(S[0], 1.0))
