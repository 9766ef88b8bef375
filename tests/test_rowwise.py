"""Tests of mlequations._kernels.rowwise: capping NumPy's ufunc buffer changes how fast row-wise arithmetic runs, never
what it computes, and never outlives the block."""

import numpy as np
import pytest

from mlequations._kernels.rowwise import MIN_ROW, rowwise


@pytest.mark.parametrize("shape", [(300, MIN_ROW), (40, 1000), (3, 5000)])
def test_results_are_bit_for_bit_those_of_plain_numpy(shape):
    rng = np.random.default_rng(3)
    z = rng.normal(size=shape)
    m = rng.normal(size=(shape[0], 1))
    expected = (z - m, z / m, z * m)
    with rowwise(z, -1):
        assert np.getbufsize() <= shape[-1]
        got = (z - m, z / m, z * m)
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(g, e)


@pytest.mark.parametrize("arr, axis", [
    (np.zeros((1000, MIN_ROW - 1)), -1),     # short rows: NumPy's buffered loop is the faster one
    (np.zeros((MIN_ROW, 1000)), 0),          # not the last axis
    (np.zeros((1000, 1000)).T, -1),          # not C-contiguous
    (np.zeros((2, 10_000)), -1),             # rows longer than the buffer already run in place
])
def test_the_buffer_is_left_alone_where_capping_would_not_help(arr, axis):
    before = np.getbufsize()
    with rowwise(arr, axis):
        assert np.getbufsize() == before


def test_the_buffer_size_is_restored_after_an_error():
    before = np.getbufsize()
    with pytest.raises(RuntimeError), rowwise(np.zeros((2, 1000)), -1):
        raise RuntimeError("inside the block")
    assert np.getbufsize() == before
