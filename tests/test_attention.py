"""Tests of mlequations.attention: scaled_dot_product_attention, multi_head_attention."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from mlequations import multi_head_attention, scaled_dot_product_attention
from mlequations.attention import AttentionResult

from .strategies import attention_inputs

TOLERANCES = {np.float64: 1e-12, np.float32: 1e-5}


def _rng():
    return np.random.default_rng(20261124)


def _qkv(batch=(2, 3), L=5, S=7, d_k=4, d_v=3, dtype=np.float64, scale=1.0):
    rng = _rng()
    return tuple((scale * rng.normal(size=(*batch, n, d))).astype(dtype) for n, d in ((L, d_k), (S, d_k), (S, d_v)))


def _torch_sdpa(Q, K, V, mask=None):
    t = torch.from_numpy
    return F.scaled_dot_product_attention(t(Q), t(K), t(V), attn_mask=None if mask is None else t(mask)).numpy()


def _torch_weights(Q, K):
    """The weights by PyTorch's own softmax of the scaled scores: an independent reference for the weights."""
    scores = torch.from_numpy(Q) @ torch.from_numpy(K).transpose(-1, -2) / math.sqrt(Q.shape[-1])
    return torch.softmax(scores, dim=-1).numpy()


# -- closed forms ------------------------------------------------------------------------------------------------

def test_identical_keys_give_the_mean_of_the_values():
    out, weights = scaled_dot_product_attention([[3.0, -1.0]], [[1.0, 2.0]] * 4, [[0.0], [1.0], [2.0], [5.0]])
    np.testing.assert_array_equal(weights, [[0.25] * 4])
    np.testing.assert_allclose(out, [[2.0]], rtol=1e-15)


def test_two_keys_weight_by_the_logistic_function_of_the_scaled_score_difference():
    # Scores q.k / sqrt(d_k) = 2 / sqrt(4) = 1 and 0: the weights are sigma(1) and 1 - sigma(1).
    out, weights = scaled_dot_product_attention([[1.0, 1.0, 0.0, 0.0]], [[1.0, 1.0, 0.0, 0.0], [0.0] * 4],
                                                [[1.0, 0.0], [0.0, 1.0]])
    s = 1 / (1 + math.exp(-1.0))
    np.testing.assert_allclose(weights, [[s, 1 - s]], rtol=1e-15)
    np.testing.assert_allclose(out, [[s, 1 - s]], rtol=1e-15)


def test_returns_a_named_tuple():
    result = scaled_dot_product_attention(np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 5)))
    assert isinstance(result, AttentionResult)
    assert result.output.shape == (2, 5) and result.weights.shape == (2, 4)
    out, weights = result
    assert out is result.output and weights is result.weights


def test_the_additive_mask_minus_inf_equals_the_boolean_mask():
    Q, K, V = _qkv()
    keep = np.tril(np.ones((5, 7), dtype=bool))
    additive = np.where(keep, 0.0, -np.inf)
    for a, b in zip(scaled_dot_product_attention(Q, K, V, mask=keep),
                    scaled_dot_product_attention(Q, K, V, mask=additive)):
        np.testing.assert_array_equal(a, b)


def test_one_head_with_identity_projections_is_plain_attention():
    x = _rng().normal(size=(3, 4, 5))
    eye = np.eye(5)
    mha = multi_head_attention(x, x, eye, eye, eye, eye, num_heads=1)
    sdpa = scaled_dot_product_attention(x, x, x)
    np.testing.assert_allclose(mha.output, sdpa.output, rtol=1e-14)
    np.testing.assert_allclose(mha.weights[:, 0], sdpa.weights, rtol=1e-14)


def test_each_head_attends_with_its_own_block_of_columns():
    rng = _rng()
    x, y = rng.normal(size=(4, 6)), rng.normal(size=(5, 3))
    w_q, w_k, w_v, w_o = rng.normal(size=(6, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 6)), rng.normal(
        size=(6, 2))
    out, weights = multi_head_attention(x, y, w_q, w_k, w_v, w_o, num_heads=2)
    heads = [scaled_dot_product_attention(x @ w_q[:, 2 * i:2 * i + 2], y @ w_k[:, 2 * i:2 * i + 2],
                                          y @ w_v[:, 3 * i:3 * i + 3]) for i in range(2)]
    np.testing.assert_allclose(weights, np.stack([h.weights for h in heads]), rtol=1e-13)
    np.testing.assert_allclose(out, np.concatenate([h.output for h in heads], axis=-1) @ w_o, rtol=1e-12,
                               atol=1e-14)


# -- agreement with PyTorch ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("mask_kind", ["none", "causal", "random bool", "float", "float -inf", "broadcast"])
def test_agreement_with_torch_sdpa(dtype, mask_kind):
    rtol = TOLERANCES[dtype]
    Q, K, V = _qkv(dtype=dtype, scale=2.0)
    rng = np.random.default_rng(5)
    mask = {
        "none": None,
        "causal": np.tril(np.ones((5, 7), dtype=bool)),
        "random bool": rng.random((2, 3, 5, 7)) < 0.5,
        "float": rng.normal(size=(5, 7)).astype(dtype),
        "float -inf": np.where(rng.random((5, 7)) < 0.5, -np.inf, rng.normal(size=(5, 7))).astype(dtype),
        "broadcast": rng.random((3, 1, 7)) < 0.6,
    }[mask_kind]
    # Fully masked rows are compared below, separately; here every query keeps its first key.
    if mask is not None:
        mask = mask.copy()
        mask[..., 0] = True if mask.dtype == bool else 0.0
    out, weights = scaled_dot_product_attention(Q, K, V, mask=mask)
    assert out.dtype == weights.dtype == dtype
    np.testing.assert_allclose(out, _torch_sdpa(Q, K, V, mask), rtol=rtol, atol=rtol)
    if mask is None:
        np.testing.assert_allclose(weights, _torch_weights(Q, K), rtol=rtol, atol=1e-30)


def test_a_fully_masked_query_raises_where_torch_returns_zeros_or_nan():
    Q, K, V = _qkv()
    mask = np.tril(np.ones((5, 7), dtype=bool))
    mask[2] = False
    reference = _torch_sdpa(Q, K, V, mask)
    # PyTorch's functional form silently returns zeros there (not a weighted average of V), its layer NaN.
    assert np.all(reference[..., 2, :] == 0.0)
    layer = torch.nn.MultiheadAttention(3, 1, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        x = torch.from_numpy(V[0])
        square = np.tril(np.ones((7, 7), dtype=bool))
        square[2] = False
        assert torch.all(torch.isnan(layer(x, x, x, attn_mask=torch.from_numpy(~square))[0][:, 2]))
    with pytest.raises(ValueError, match=r"'mask' parameter of scaled_dot_product_attention must be a mask that "
                                         r"leaves each query at least one key .* 6 fully masked query row\(s\), "
                                         r"the first at index \(0, 0, 2\)"):
        scaled_dot_product_attention(Q, K, V, mask=mask)
    # The rows that are not fully masked agree with PyTorch once the empty row is given a key.
    mask[2, 0] = True
    rows = [0, 1, 3, 4]
    np.testing.assert_allclose(scaled_dot_product_attention(Q, K, V, mask=mask).output[..., rows, :],
                               reference[..., rows, :], rtol=1e-12, atol=1e-12)


def test_a_large_negative_float_mask_keeps_a_fully_masked_row_defined():
    Q, K, V = _qkv()
    mask = np.zeros((5, 7))
    mask[2] = -1e9
    out, weights = scaled_dot_product_attention(Q, K, V, mask=mask)
    np.testing.assert_allclose(out, _torch_sdpa(Q, K, V, mask), rtol=1e-12, atol=1e-12)
    assert np.all(np.isfinite(weights))


def _torch_mha(x, y, num_heads, rng, dtype, mask=None):
    """PyTorch's MultiheadAttention with random weights and biases, and our function given the same ones."""
    E = x.shape[-1]
    torch.manual_seed(0)
    layer = torch.nn.MultiheadAttention(E, num_heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():  # the default in_proj_bias and out_proj.bias are zero: make them matter
        layer.in_proj_bias.copy_(torch.from_numpy(rng.normal(size=3 * E)))
        layer.out_proj.bias.copy_(torch.from_numpy(rng.normal(size=E)))
    layer = layer.to(torch.float64 if dtype == np.float64 else torch.float32)
    # PyTorch's boolean attn_mask is True where attention is NOT allowed: the opposite convention.
    torch_mask = None if mask is None else torch.from_numpy(~mask)
    with torch.no_grad():
        out, w = layer(torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(y), attn_mask=torch_mask,
                       average_attn_weights=False)
    W, b = layer.in_proj_weight.detach().numpy(), layer.in_proj_bias.detach().numpy()
    ours = multi_head_attention(x, y, W[:E].T, W[E:2 * E].T, W[2 * E:].T, layer.out_proj.weight.detach().numpy().T,
                                num_heads=num_heads, b_q=b[:E], b_k=b[E:2 * E], b_v=b[2 * E:],
                                b_o=layer.out_proj.bias.detach().numpy(), mask=mask)
    return ours, out.numpy(), w.numpy()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("causal", [False, True])
def test_agreement_with_torch_multihead_attention(dtype, causal):
    rtol = TOLERANCES[dtype]
    rng = _rng()
    x = rng.normal(size=(3, 6, 8)).astype(dtype)
    y = x if causal else rng.normal(size=(3, 4, 8)).astype(dtype)
    mask = np.tril(np.ones((6, 6), dtype=bool)) if causal else None
    ours, out, weights = _torch_mha(x, y, 4, rng, dtype, mask)
    assert ours.output.dtype == ours.weights.dtype == dtype
    np.testing.assert_allclose(ours.output, out, rtol=rtol, atol=rtol)
    np.testing.assert_allclose(ours.weights, weights, rtol=rtol, atol=rtol)
    np.testing.assert_allclose(ours.weights.mean(axis=-3), weights.mean(axis=-3), rtol=rtol, atol=rtol)


# -- properties -------------------------------------------------------------------------------------------------

@given(attention_inputs(with_mask=True))
def test_weights_are_rows_of_probabilities_and_masked_keys_get_exactly_zero(inputs):
    Q, K, V, mask = inputs
    weights = scaled_dot_product_attention(Q, K, V, mask=mask).weights
    assert np.all(weights >= 0)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all(weights[..., ~mask] == 0.0)


@given(attention_inputs(), st.randoms(use_true_random=False))
def test_permuting_keys_and_values_together_leaves_the_output_unchanged(inputs, random):
    Q, K, V = inputs
    order = list(range(K.shape[-2]))
    random.shuffle(order)
    out, weights = scaled_dot_product_attention(Q, K, V)
    out_p, weights_p = scaled_dot_product_attention(Q, K[..., order, :], V[..., order, :])
    np.testing.assert_allclose(out_p, out, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(weights_p, weights[..., order], rtol=1e-9, atol=1e-300)


@given(attention_inputs(with_mask=True))
def test_output_rows_lie_within_the_range_of_the_values(inputs):
    Q, K, V, mask = inputs
    out = scaled_dot_product_attention(Q, K, V, mask=mask).output
    slack = 1e-12 * (1 + np.abs(V).max())
    # A convex combination of the rows of V lies within each column's min and max over the rows.
    assert np.all(out >= V.min(axis=-2, keepdims=True) - slack)
    assert np.all(out <= V.max(axis=-2, keepdims=True) + slack)


@given(attention_inputs(max_batch_dims=1), st.integers(1, 3))
def test_multi_head_weights_are_rows_of_probabilities(inputs, num_heads):
    x, y, _ = inputs
    rng = np.random.default_rng(x.size)
    w_q, w_k = rng.normal(size=(x.shape[-1], 2 * num_heads)), rng.normal(size=(y.shape[-1], 2 * num_heads))
    w_v, w_o = rng.normal(size=(y.shape[-1], num_heads)), rng.normal(size=(num_heads, 3))
    out, weights = multi_head_attention(x, y, w_q, w_k, w_v, w_o, num_heads=num_heads)
    assert out.shape == (*x.shape[:-1], 3)
    assert weights.shape == (*x.shape[:-2], num_heads, x.shape[-2], y.shape[-2])
    assert np.all(weights >= 0) and np.all(np.isfinite(out))
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-12)


# -- extremes, dtypes and input handling ----------------------------------------------------------------------------

def test_scores_of_plus_minus_1e4_stay_finite_and_exact():
    # Scores q.k / sqrt(2) of +-1e4: exp would overflow by thousands of orders of magnitude.
    q = [[100.0, 100.0]]
    K = [[50 * math.sqrt(2), 50 * math.sqrt(2)], [-50 * math.sqrt(2), -50 * math.sqrt(2)]]
    out, weights = scaled_dot_product_attention(q, K, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(weights, [[1.0, 0.0]])
    np.testing.assert_array_equal(out, [[1.0, 2.0]])
    big_Q, big_K, V = _qkv(scale=100.0)
    out, weights = scaled_dot_product_attention(big_Q, big_K, V)
    assert np.abs(big_Q @ np.swapaxes(big_K, -1, -2)).max() / 2 > 1e4
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(weights))
    np.testing.assert_allclose(out, _torch_sdpa(big_Q, big_K, V), rtol=1e-9, atol=1e-9)


def test_float32_stays_float32_with_large_scores():
    Q, K, V = _qkv(dtype=np.float32, scale=30.0)  # scores beyond 88.7, where float32 exp overflows
    out, weights = scaled_dot_product_attention(Q, K, V, mask=np.zeros((5, 7)))  # a float64 mask is cast
    assert out.dtype == weights.dtype == np.float32
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, _torch_sdpa(Q, K, V), rtol=1e-4, atol=1e-4)
    assert scaled_dot_product_attention(Q.astype(np.float64), K, V).output.dtype == np.float64


def test_integers_lists_and_views_are_accepted_and_input_is_not_modified():
    Q, K, V = _qkv(batch=())
    Qv = np.asfortranarray(Q)[:, ::1]
    copies = [a.copy() for a in (Q, K, V)]
    mask = np.tril(np.ones((5, 7), dtype=bool))
    np.testing.assert_allclose(scaled_dot_product_attention(Qv, K.tolist(), V, mask=mask.tolist()).output,
                               _torch_sdpa(Q, K, V, mask), rtol=1e-12, atol=1e-12)
    for a, b in zip((Q, K, V), copies):
        np.testing.assert_array_equal(a, b)
    ints = scaled_dot_product_attention([[1, 0]], [[1, 0], [0, 1]], [[2, 0], [0, 2]])
    assert ints.output.dtype == np.float64


# -- bad input ---------------------------------------------------------------------------------------------------

Q2, K2, V2 = np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 5))
SDPA = "scaled_dot_product_attention"
BAD_SDPA = [
    # (kwargs, exception, message fragment)
    (dict(Q=np.ones((2, 4))), ValueError, rf"'Q' and 'K' parameters of {SDPA} must have the same key dimension d_k"),
    (dict(V=np.ones((3, 5))), ValueError, rf"'K' and 'V' parameters of {SDPA} must have the same number of keys S"),
    (dict(Q=np.ones((2, 2, 3))), ValueError, rf"'Q' and 'K' parameters of {SDPA} must have the same leading"),
    (dict(Q=np.ones((2, 2, 3)), K=np.ones((3, 4, 3)), V=np.ones((3, 4, 5))), ValueError,
     r"'Q' and 'K' parameters .* same leading .* Got shapes \(2, 2, 3\) and \(3, 4, 3\)"),
    (dict(V=np.ones((2, 4, 5)), K=np.ones((2, 4, 3)), Q=np.ones((1, 2, 3))), ValueError,
     r"same leading .* not broadcast"),
    (dict(Q=np.ones(3)), ValueError, rf"'Q' parameter of {SDPA} must be an array with at least 2 dimension"),
    (dict(K=np.ones((0, 3)), V=np.ones((0, 5))), ValueError, rf"'K' parameter of {SDPA} must be a non-empty"),
    (dict(Q=[[np.nan, 0.0, 0.0]] * 2), ValueError, rf"'Q' parameter of {SDPA} must be finite"),
    (dict(K=np.full((4, 3), np.inf)), ValueError, rf"'K' parameter of {SDPA} must be finite"),
    (dict(V=np.full((4, 5), -np.inf)), ValueError, rf"'V' parameter of {SDPA} must be finite"),
    (dict(Q=np.ones((2, 3), dtype=bool)), TypeError, rf"'Q' parameter of {SDPA} .* not booleans"),
    (dict(V=np.ones((4, 5), dtype=complex)), TypeError, rf"'V' parameter of {SDPA} .* not complex"),
    (dict(K=[["a"] * 3] * 4), TypeError, rf"'K' parameter of {SDPA} must be an array of real numbers"),
    (dict(mask=np.ones((2, 4), dtype=int)), TypeError, rf"'mask' parameter of {SDPA} must be a boolean array .* "
                                                      r"Got dtype int64"),
    (dict(mask=np.ones((2, 4), dtype=complex)), TypeError, rf"'mask' parameter of {SDPA} must be a boolean"),
    (dict(mask=np.ones((2, 5), dtype=bool)), ValueError,
     rf"'mask' parameter of {SDPA} must be broadcastable to the shape \(2, 4\) .* Got shape \(2, 5\)"),
    (dict(mask=np.ones((4,), dtype=bool)[None].repeat(3, 0)), ValueError, r"'mask' .* broadcastable"),
    (dict(mask=np.ones((1, 2, 4), dtype=bool)), ValueError, r"'mask' .* broadcastable .* Got shape \(1, 2, 4\)"),
    (dict(mask=np.full((2, 4), np.nan)), ValueError, rf"'mask' parameter of {SDPA} must be real numbers or -inf"),
    (dict(mask=np.full((2, 4), np.inf)), ValueError, rf"'mask' parameter of {SDPA} must be real numbers or -inf"),
    (dict(mask=[[True, False], [True]]), ValueError, rf"'mask' parameter of {SDPA} must be a rectangular array"),
    (dict(mask=np.array([[True] * 4, [False] * 4])), ValueError,
     rf"'mask' parameter of {SDPA} must be a mask that leaves each query at least one key "
     r".* the first at index \(1,\)"),
    (dict(mask=np.array([[0.0] * 4, [-np.inf] * 4])), ValueError, r"'mask' .* leaves each query at least one key"),
]


@pytest.mark.parametrize("kwargs, exception, match", BAD_SDPA, ids=[str(i) for i in range(len(BAD_SDPA))])
def test_bad_input_scaled_dot_product_attention(kwargs, exception, match):
    arguments = dict(Q=Q2, K=K2, V=V2) | kwargs
    with pytest.raises(exception, match=match):
        scaled_dot_product_attention(**arguments)


MHA = "multi_head_attention"
GOOD_MHA = dict(x_q=np.ones((2, 3, 4)), x_kv=np.ones((2, 5, 6)), w_q=np.ones((4, 6)), w_k=np.ones((6, 6)),
                w_v=np.ones((6, 4)), w_o=np.ones((4, 3)), num_heads=2)
BAD_MHA = [
    (dict(x_kv=np.ones((3, 5, 6))), ValueError, rf"'x_q' and 'x_kv' parameters of {MHA} must have the same leading"),
    (dict(x_q=np.ones(4)), ValueError, rf"'x_q' parameter of {MHA} must be an array with at least 2"),
    (dict(x_kv=np.full((2, 5, 6), np.nan)), ValueError, rf"'x_kv' parameter of {MHA} must be finite"),
    (dict(w_q=np.ones((4, 6), dtype=bool)), TypeError, rf"'w_q' parameter of {MHA} .* not booleans"),
    (dict(w_k=np.ones((6, 6, 1))), ValueError, rf"'w_k' parameter of {MHA} must be a 2-d array"),
    (dict(w_q=np.ones((5, 6))), ValueError, rf"'x_q' and 'w_q' parameters of {MHA} must have the same model"),
    (dict(w_k=np.ones((4, 6))), ValueError, rf"'x_kv' and 'w_k' parameters of {MHA} must have the same"),
    (dict(w_v=np.ones((4, 4))), ValueError, rf"'x_kv' and 'w_v' parameters of {MHA} must have the same"),
    (dict(w_k=np.ones((6, 8))), ValueError, rf"'w_q' and 'w_k' parameters of {MHA} must have the same number of"),
    (dict(w_o=np.ones((6, 3))), ValueError, rf"'w_v' and 'w_o' parameters of {MHA} must have the same size"),
    (dict(w_q=np.ones((4, 5)), w_k=np.ones((6, 5))), ValueError,
     rf"'w_q' parameter of {MHA} must be an array whose number of columns is divisible by num_heads=2"),
    (dict(w_v=np.ones((6, 3)), w_o=np.ones((3, 3))), ValueError,
     rf"'w_v' parameter of {MHA} must be an array whose number"),
    (dict(num_heads=0), ValueError, rf"'num_heads' parameter of {MHA} must be a positive integer. Got 0"),
    (dict(num_heads=2.0), TypeError, rf"'num_heads' parameter of {MHA} must be a positive integer"),
    (dict(num_heads=True), TypeError, rf"'num_heads' parameter of {MHA} must be a positive integer"),
    (dict(b_q=np.ones(5)), ValueError, rf"'b_q' and 'w_q' parameters of {MHA} must have the same number of outputs"),
    (dict(b_o=np.ones((1, 3))), ValueError, rf"'b_o' parameter of {MHA} must be a 1-d array"),
    (dict(b_v=[np.inf] * 4), ValueError, rf"'b_v' parameter of {MHA} must be finite"),
    (dict(mask=np.ones((3, 4), dtype=bool)), ValueError,
     rf"'mask' parameter of {MHA} must be broadcastable to the shape \(2, 2, 3, 5\)"),
    (dict(mask=np.zeros((3, 5), dtype=bool)), ValueError,
     rf"'mask' parameter of {MHA} must be a mask that leaves each"),
    (dict(mask=np.zeros((3, 5), dtype=np.int8)), TypeError, rf"'mask' parameter of {MHA} must be a boolean"),
]


@pytest.mark.parametrize("kwargs, exception, match", BAD_MHA, ids=[str(i) for i in range(len(BAD_MHA))])
def test_bad_input_multi_head_attention(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        multi_head_attention(**(GOOD_MHA | kwargs))


# -- the equation functions --------------------------------------------------------------------------------------
# tests/test_contract.py runs each equation function from the text of its chapter page against the public function:
# EQUATION_CALLS maps a call of the public function onto the equation functions of the page (`ns`); RANDOM_CALLS
# makes a seeded input with a given number of query rows. A result is a pair of arrays of different shapes, so
# PUBLIC_CALLS and EQUATION_CALLS both give the output and the weights flattened into one array.

def _as_additive(mask):
    """0 where a query may attend and -inf where it may not, as the equation functions take a mask."""
    if mask is None:
        return 0.0
    mask = np.asarray(mask)
    return np.where(mask, 0.0, -np.inf) if mask.dtype == bool else mask.astype(float)


def _flat(output, weights):
    return np.concatenate([np.ravel(output), np.ravel(weights)])


def _mha_equation_call(ns, x_q, x_kv, w_q, w_k, w_v, w_o, *, num_heads, b_q=None, b_k=None, b_v=None, b_o=None,
                       mask=None):
    w_q, w_k, w_v, w_o = (np.asarray(w, dtype=float) for w in (w_q, w_k, w_v, w_o))
    biases = [np.zeros(w.shape[1]) if b is None else np.asarray(b, dtype=float)
              for b, w in zip((b_q, b_k, b_v, b_o), (w_q, w_k, w_v, w_o))]
    return _flat(*ns["_multi_head_attention_equation"](np.asarray(x_q, dtype=float), np.asarray(x_kv, dtype=float),
                                                       w_q, w_k, w_v, w_o, *biases, num_heads, _as_additive(mask)))


EQUATION_CALLS = {
    "scaled_dot_product_attention": lambda ns, Q, K, V, mask=None: _flat(*ns["_scaled_dot_product_attention_equation"](
        *(np.asarray(a, dtype=float) for a in (Q, K, V)), _as_additive(mask))),
    "multi_head_attention": _mha_equation_call,
}
PUBLIC_CALLS = {
    "scaled_dot_product_attention": lambda *args, **kwargs: _flat(*scaled_dot_product_attention(*args, **kwargs)),
    "multi_head_attention": lambda *args, **kwargs: _flat(*multi_head_attention(*args, **kwargs)),
}


def _random_sdpa(rng, size):
    mask = rng.uniform(size=(size, 5)) < 0.7
    mask[:, 0] = True  # every query keeps a key
    return (rng.normal(size=(size, 8)), rng.normal(size=(5, 8)), rng.normal(size=(5, 3))), {"mask": mask}


def _random_mha(rng, size):
    x_q, x_kv = rng.normal(size=(2, size, 8)), rng.normal(size=(2, 6, 8))
    w_q, w_k, w_v = rng.normal(size=(3, 8, 8))
    return (x_q, x_kv, w_q, w_k, w_v, rng.normal(size=(8, 4))), {"num_heads": 2, "b_q": rng.normal(size=8),
                                                                 "mask": np.triu(np.full((size, 6), -1.0))}


RANDOM_CALLS = {"scaled_dot_product_attention": _random_sdpa, "multi_head_attention": _random_mha}
# The section's first doctest checks the scaling by sqrt(d_k) without calling the function; its worked example:
FIRST_DOCTEST_CALLS = {"scaled_dot_product_attention": (([[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [1.0, 0.0]],
                                                         [[0.0, 1.0], [1.0, 0.0]]), {})}


# -- the equation function and what the package adds ---------------------------------------------------------------

from mlequations import attention as _attention_module  # noqa: E402

EPS64 = float(np.finfo(np.float64).eps)


@pytest.mark.parametrize("rows", [3, 1000])
def test_input_that_does_not_overflow_runs_the_equation_function_and_overflow_runs_attend(rows, monkeypatch):
    calls = []
    for name in ("_scaled_dot_product_attention_equation", "_attend"):
        original = getattr(_attention_module, name)
        monkeypatch.setattr(_attention_module, name,
                            lambda *args, _f=original, _n=name, **kwargs: calls.append(_n) or _f(*args, **kwargs))
    rng = np.random.default_rng(rows)
    Q, K, V = rng.normal(size=(rows, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 2))
    scaled_dot_product_attention(Q, K, V)
    assert calls == ["_scaled_dot_product_attention_equation"]
    calls.clear()
    scaled_dot_product_attention(Q * 1e160, K * 1e160, V)  # dot products past the largest float
    assert calls == ["_scaled_dot_product_attention_equation", "_attend"]


def test_large_score_arrays_run_attend(monkeypatch):
    """From softmax's kernel size on, `_attend` normalises the scores with the package's softmax directly."""
    calls = []
    original = _attention_module._attend
    monkeypatch.setattr(_attention_module, "_attend", lambda *a, **k: calls.append(1) or original(*a, **k))
    rng = np.random.default_rng(0)
    rows = _attention_module.softmax_kernels.MIN_SIZE // 6 + 1
    Q, K, V = rng.normal(size=(rows, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 2))
    result = scaled_dot_product_attention(Q, K, V)
    assert calls == [1]
    equation = _attention_module._scaled_dot_product_attention_equation(Q, K, V, np.zeros((rows, 6)))
    np.testing.assert_allclose(result.output, equation[0], rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("shape", [(1, 3, 5), (2, 200, 300)])
def test_attend_agrees_with_the_equation_function(shape):
    """`_attend`, which takes over where the equation function's output is not finite, computes the same attention
    on input where both apply: the weights within (spread + 4) units in the last place, where spread is the largest
    distance of a score from its row maximum (softmax's kernel, from 2^15 scores, may skip the shift, and exp
    magnifies the shift's rounding by up to that), and the outputs within 1e-13 of the largest value."""
    rng = np.random.default_rng(sum(shape))
    batch, length, keys = shape
    Q, K = rng.normal(scale=3.0, size=(2, batch, length, 16)) if length == keys else (
        rng.normal(scale=3.0, size=(batch, length, 16)), rng.normal(scale=3.0, size=(batch, keys, 16)))
    V = rng.normal(size=(batch, keys, 4))
    mask = rng.uniform(size=(length, keys)) < 0.8
    mask[:, 0] = True
    output, weights = _attention_module._attend(Q, K, V, mask, caller="test")
    expected_output, expected_weights = _attention_module._scaled_dot_product_attention_equation(
        Q, K, V, _as_additive(mask))
    scores = np.where(mask, Q @ np.swapaxes(K, -1, -2) / 4.0, np.nan)
    spread = float(np.nanmax(np.nanmax(scores, axis=-1, keepdims=True) - scores))
    np.testing.assert_allclose(weights, expected_weights, rtol=(spread + 4) * EPS64, atol=1e-300)
    np.testing.assert_allclose(output, expected_output, rtol=0, atol=1e-13 * np.abs(V).max())


# -- claims of the chapter's prose and the docstrings (issue 16) ----------------------------------------------------

def test_a_large_negative_float_on_a_whole_row_masks_nothing():
    """The Notes of scaled_dot_product_attention: -1e9 on every key of a row adds one constant to the row, which
    the softmax ignores; in float64 the scores are rounded to the floats near -1e9, spaced 2**-23 (about 1.2e-7),
    in float32 to multiples of 64, so that scores within a few units get equal weights."""
    rng = np.random.default_rng(0)
    Q, K, V = rng.normal(size=(3, 4, 5))
    mask = np.full((4, 4), -1e9)
    masked, unmasked = (scaled_dot_product_attention(Q, K, V, mask=m).weights for m in (mask, None))
    assert np.max(np.abs(masked - unmasked)) < 1e-6     # masks nothing, up to the rounding of the scores
    assert np.max(np.abs(unmasked - 0.25)) > 0.1        # and the unmasked weights are far from uniform
    Q32, K32, V32 = (a.astype(np.float32) for a in (Q, K, V))
    weights32 = scaled_dot_product_attention(Q32, K32, V32, mask=mask.astype(np.float32)).weights
    assert np.all(weights32 == np.float32(0.25))         # float32: the rounded scores are all equal


def test_the_softmax_jacobian_vanishes_exponentially_in_the_margin():
    """The derivation of the 1/sqrt(d_k): a score ahead of all others by Delta gets a weight of at least
    1 - (S - 1) e^-Delta, and every entry of the softmax Jacobian p_i (delta_ij - p_j) is at most (S - 1) e^-Delta
    in absolute value."""
    from mlequations import softmax
    rng = np.random.default_rng(1)
    for _ in range(200):
        S = int(rng.integers(2, 40))
        z = rng.normal(scale=float(rng.uniform(0.1, 30.0)), size=S)
        top = np.sort(z)
        margin = top[-1] - top[-2]
        p = softmax(z)
        jacobian = np.diag(p) - np.outer(p, p)
        assert p.max() >= 1 - (S - 1) * math.exp(-margin) - 1e-15
        assert np.max(np.abs(jacobian)) <= (S - 1) * math.exp(-margin) + 1e-15


@given(st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_concatenating_the_heads_then_projecting_is_a_sum_over_the_heads(num_heads, width, seed):
    """The derivation of multi-head attention: Concat(head_1, ..., head_h) W^O = sum_i head_i W^O_i, with W^O_i the
    i-th block of rows of W^O; the heads computed here one by one, with scaled_dot_product_attention."""
    rng = np.random.default_rng(seed)
    d = num_heads * width
    x_q, x_kv = rng.normal(size=(2, 3, d)), rng.normal(size=(2, 5, d))
    w_q, w_k, w_v, w_o = rng.normal(size=(4, d, d))
    out = multi_head_attention(x_q, x_kv, w_q, w_k, w_v, w_o, num_heads=num_heads).output
    summed = np.zeros_like(out)
    for i in range(num_heads):
        block = slice(i * width, (i + 1) * width)
        head = scaled_dot_product_attention(x_q @ w_q[:, block], x_kv @ w_k[:, block], x_kv @ w_v[:, block]).output
        summed += head @ w_o[block]
    np.testing.assert_allclose(summed, out, rtol=0, atol=1e-12 * max(1.0, float(np.max(np.abs(out)))))
