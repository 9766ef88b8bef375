"""Scaled dot-product attention and multi-head attention, built on the package's softmax.

Attention weights each value by how well its key matches the query; the weights are a softmax over the keys.
Masks take the convention of ``torch.nn.functional.scaled_dot_product_attention``: a boolean mask is True where
a query may attend, a float mask is added to the scores.

Each public function checks its input (`_check_<name>`) and computes with its equation function
(`_<name>_equation`), which calls softmax's. There is no fast path: the package's earlier one (scores divided in
place, softmax's kernel) was no faster than the equation function at the benchmark's sizes (at Q of 10^5 and 10^6
elements, 6 x 256 x 256 and 61 x 256 x 256 scores of d_k = 64: 10.7 against 10.6 ms and 112.0 against 112.5 ms,
the best of seven and of twelve runs on the shared 2-core machine), the matrix products taking most of the time.
What the package adds is `_attend`, which takes over where the equation function's output is not finite.
"""

import math
from typing import NamedTuple

import numpy as np

from ._validation import (
    as_attention_mask,
    as_float_array,
    check_divisible,
    check_finite_result,
    check_integer,
    check_masked_scores,
    check_ndim,
    check_same_leading_shape,
    check_same_size,
)
from ._kernels import softmax as softmax_kernels
from ._rescale import power_of_two, scaled_back
from .softmax import _softmax_equation, softmax

__all__ = ["AttentionResult", "multi_head_attention", "scaled_dot_product_attention"]


class AttentionResult(NamedTuple):
    """The result of an attention layer: the attended values and the weights that produced them."""

    output: np.ndarray
    weights: np.ndarray


# -- the equations -------------------------------------------------------------------------------------------------

def _scaled_dot_product_attention_equation(Q, K, V, M):
    """softmax(Q K^T / sqrt(d_k) + M) V, the softmax over the keys (the last axis of the scores): the output and
    the weights. M is the additive mask: 0 where a query may attend, -inf where it may not (or any float)."""
    d_k = Q.shape[-1]
    scores = Q @ np.swapaxes(K, -1, -2) / math.sqrt(d_k) + M
    weights = _softmax_equation(scores, -1, 1.0)
    return weights @ V, weights


def _multi_head_attention_equation(x_q, x_kv, w_q, w_k, w_v, w_o, b_q, b_k, b_v, b_o, h, M):
    """Concat(head_1, ..., head_h) W^O + b^O, with head_i = Attention(X_q W^Q_i + b^Q_i, X_kv W^K_i + b^K_i,
    X_kv W^V_i + b^V_i): the output and each head's weights. W^Q_i is the i-th of h blocks of columns of W^Q."""
    heads = []  # the queries, keys and values of every head, shape (..., h, T, d)
    for x, w, b in ((x_q, w_q, b_q), (x_kv, w_k, b_k), (x_kv, w_v, b_v)):
        projected = x @ w + b
        heads.append(np.moveaxis(projected.reshape(*projected.shape[:-1], h, -1), -2, -3))
    output, weights = _scaled_dot_product_attention_equation(*heads, M)
    concat = np.moveaxis(output, -3, -2).reshape(*x_q.shape[:-1], -1)
    return concat @ w_o + b_o, weights


# -- the checks ----------------------------------------------------------------------------------------------------

def _check_scaled_dot_product_attention(Q, K, V):
    """The checked queries, keys and values (finite, at least 2-d, of fitting shapes), in their common dtype.

    The mask is checked against the scores' shape where attention is computed (`_attention`)."""
    caller = "scaled_dot_product_attention"
    Q = as_float_array(Q, name="Q", caller=caller, min_ndim=2)
    K = as_float_array(K, name="K", caller=caller, min_ndim=2)
    V = as_float_array(V, name="V", caller=caller, min_ndim=2)
    check_same_size({"Q": Q, "K": K}, (-1, -1), "key dimension d_k (last dimension)", caller=caller)
    check_same_size({"K": K, "V": V}, (-2, -2), "number of keys S (second-to-last dimension)", caller=caller)
    check_same_leading_shape({"Q": Q, "K": K, "V": V}, caller=caller)
    dtype = np.result_type(Q, K, V)
    return Q.astype(dtype, copy=False), K.astype(dtype, copy=False), V.astype(dtype, copy=False)


def _check_multi_head_attention(x_q, x_kv, w_q, w_k, w_v, w_o, num_heads, b_q, b_k, b_v, b_o):
    """The checked inputs, weights and biases (a bias of zeros where None), all in their common dtype, and
    num_heads, in the order of the equation function's arguments."""
    caller = "multi_head_attention"
    x_q = as_float_array(x_q, name="x_q", caller=caller, min_ndim=2)
    x_kv = as_float_array(x_kv, name="x_kv", caller=caller, min_ndim=2)
    check_same_leading_shape({"x_q": x_q, "x_kv": x_kv}, caller=caller)
    num_heads = check_integer(num_heads, name="num_heads", caller=caller, low=1, words="a positive integer")
    weights = {}
    for name, w in (("w_q", w_q), ("w_k", w_k), ("w_v", w_v), ("w_o", w_o)):
        weights[name] = as_float_array(w, name=name, caller=caller)
        check_ndim(weights[name], 2, name=name, caller=caller, what="inputs by outputs")
    w_q, w_k, w_v, w_o = weights.values()
    check_same_size({"x_q": x_q, "w_q": w_q}, (-1, 0), "model dimension (last of x_q, rows of w_q)",
                    caller=caller)
    check_same_size({"x_kv": x_kv, "w_k": w_k}, (-1, 0), "dimension (last of x_kv, rows of w_k)", caller=caller)
    check_same_size({"x_kv": x_kv, "w_v": w_v}, (-1, 0), "dimension (last of x_kv, rows of w_v)", caller=caller)
    check_same_size({"w_q": w_q, "w_k": w_k}, (1, 1), "number of columns (h * d_k)", caller=caller)
    check_same_size({"w_v": w_v, "w_o": w_o}, (1, 0), "size h * d_v (columns of w_v, rows of w_o)",
                    caller=caller)
    for name, w in (("w_q", w_q), ("w_v", w_v)):
        check_divisible(w, 1, num_heads, name=name, caller=caller, what="number of columns")
    biases = []
    for name, b, w in (("b_q", b_q, w_q), ("b_k", b_k, w_k), ("b_v", b_v, w_v), ("b_o", b_o, w_o)):
        if b is not None:
            b = as_float_array(b, name=name, caller=caller)
            check_ndim(b, 1, name=name, caller=caller, what="one entry per output")
            check_same_size({name: b, "w" + name[1:]: w}, (0, 1), "number of outputs (length, columns)",
                            caller=caller)
        biases.append(b)
    dtype = np.result_type(x_q, x_kv, *weights.values(), *(b for b in biases if b is not None))
    biases = [np.zeros(w.shape[1], dtype) if b is None else b.astype(dtype, copy=False)
              for b, w in zip(biases, weights.values())]
    x_q, x_kv, w_q, w_k, w_v, w_o = (a.astype(dtype, copy=False) for a in (x_q, x_kv, w_q, w_k, w_v, w_o))
    return x_q, x_kv, w_q, w_k, w_v, w_o, *biases, num_heads


def _additive_mask(mask, score_shape, dtype, *, caller):
    """The checked mask as the equation functions take it: 0 where a query may attend, -inf where it may not (a
    boolean mask), the float mask itself, or 0 for no mask."""
    if mask is None:
        return 0.0
    mask = as_attention_mask(mask, score_shape, dtype, caller=caller)
    return np.where(mask, dtype.type(0), dtype.type(-np.inf)) if mask.dtype == bool else mask


# -- what the package adds -----------------------------------------------------------------------------------------

def _equation_mask(mask, score_shape, dtype, *, caller):
    """The additive mask for the equation functions, or None for a mask that fails its checks (`_attend` then
    raises, in the order of its other checks)."""
    try:
        return _additive_mask(mask, score_shape, dtype, caller=caller)
    except (TypeError, ValueError):
        return None


def _attend(Q, K, V, mask, *, caller):
    """Attention of checked Q, K, V of one dtype, with a mask of any kind (checked here): the output and weights.

    It computes what the equation function computes, for the input on which the equation function's output is
    not finite. A mask that leaves a query no key is named as an error. A dot product, a masked score or an output
    past the largest float is no error: the weights need only the scores' differences from their row maximum,
    so they are computed on queries and keys divided by powers of two (`mlequations._rescale`) and scaled back
    after the shift, and an output, a convex combination of finite values, is computed again on values divided
    by a power of two.
    """
    d_k = Q.shape[-1]
    with np.errstate(over="ignore", invalid="ignore"):  # scores past the largest float: rescaled just below
        scores = Q @ np.swapaxes(K, -1, -2)
        scores /= np.sqrt(Q.dtype.type(d_k))  # in place: the scores are the largest array here
    q_scale = k_scale = 1.0
    if not np.all(np.isfinite(scores)):
        # A dot product beyond the largest float. The weights need only the scores' differences from their row
        # maximum, so they are computed on Q / q_scale and K / k_scale (powers of two) and scaled back after the
        # shift, where a difference beyond the largest float is -inf: a weight of exactly 0.
        q_scale, k_scale = power_of_two(Q), power_of_two(K)
        scores = (Q / q_scale) @ np.swapaxes(K / k_scale, -1, -2)
        scores /= np.sqrt(Q.dtype.type(d_k))
    if mask is not None:
        mask = as_attention_mask(mask, scores.shape, scores.dtype, caller=caller)
        if mask.dtype == bool:
            scores = np.where(mask, scores, -np.inf).astype(scores.dtype, copy=False)
        else:
            with np.errstate(over="ignore", under="ignore"):  # a sum past the largest float: halved just below
                total = scores + (mask if q_scale == k_scale == 1.0 else mask / q_scale / k_scale)
                if np.any(~np.isfinite(total) & np.isfinite(mask)):
                    # A finite score plus a finite mask overflowed: half of each cannot, and the factor 2 is
                    # scaled back after the shift, like the queries' and keys' scales.
                    total = scores / 2 + (mask / 2 if q_scale == k_scale == 1.0 else mask / q_scale / k_scale / 2)
                    k_scale *= 2
            scores = total
        check_masked_scores(scores, mask, caller=caller)
    if q_scale != 1.0 or k_scale != 1.0:
        top = np.max(scores, axis=-1, keepdims=True)  # finite: every row keeps a key (checked above)
        scores = scaled_back(scaled_back(scores - top, q_scale), k_scale)
    # -inf scores (masked keys) get weight exactly 0; every row has a finite score, so softmax is defined.
    weights = softmax(scores, axis=-1)
    with np.errstate(over="ignore", invalid="ignore"):
        output = weights @ V
    if not np.all(np.isfinite(output)):
        # Each output is a convex combination of finite values, so it is finite; only a partial sum of values
        # near the largest float overflowed. Again on V divided by a power of two.
        v_scale = power_of_two(V)
        overflowed = ~np.isfinite(output)
        output[overflowed] = scaled_back(weights @ (V / v_scale), v_scale)[overflowed]
    return output, weights


def _small(score_shape):
    """Whether scores of `score_shape` are few enough for the equation functions: larger ones go to `_attend`,
    whose softmax has a fast path that the equation function's plain softmax lacks (`make bench`: 3.2 times as
    slow at 10^5 elements with the equation function)."""
    return math.prod(score_shape) < softmax_kernels.MIN_SIZE


def _attention(Q, K, V, mask, *, caller):
    """Attention of checked Q, K, V of one dtype: the equation function, where its output comes out finite;
    `_attend` on anything that overflowed or that the mask leaves without a key (a NaN weight spreads to the
    output), which it rescales or names; and `_attend` directly on large score arrays (see `_small`)."""
    score_shape = Q.shape[:-1] + K.shape[-2:-1]
    M = _equation_mask(mask, score_shape, Q.dtype, caller=caller) if _small(score_shape) else None
    if M is not None:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow and 0/0: `_attend` takes over below
            output, weights = _scaled_dot_product_attention_equation(Q, K, V, M)
        if np.all(np.isfinite(output)):
            return AttentionResult(output, weights)
    return AttentionResult(*_attend(Q, K, V, mask, caller=caller))


def scaled_dot_product_attention(Q, K, V, *, mask=None):
    r"""Scaled dot-product attention: a softmax-weighted average of values, weighted by query-key similarity.

    Each query is compared with every key by a dot product, divided by :math:`\sqrt{d_k}` so that the spread
    of the scores does not grow with the dimension. A softmax over the keys turns each query's scores into
    weights, and the output for that query is the weighted average of the values.

    .. math::

        \operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}} + M\right) V

    where the softmax runs over the keys (each row), and the mask :math:`M` is 0 where a query may attend and
    :math:`-\infty` where it may not (or any additive float mask).

    Parameters
    ----------
    Q : array_like of float, shape (..., L, d_k)
        Queries, one per row. Leading dimensions (batch, heads) are allowed and must equal those of `K` and `V`.
    K : array_like of float, shape (..., S, d_k)
        Keys, one per row, of the same dimension :math:`d_k` as the queries.
    V : array_like of float, shape (..., S, d_v)
        Values, one per key.
    mask : array_like of bool or float, optional
        Broadcastable to the scores' shape (..., L, S) without enlarging it. Boolean: True where a query may
        attend to a key (the convention of ``torch.nn.functional.scaled_dot_product_attention``). Float: added
        to the scaled scores in their dtype, with ``-inf`` forbidding a key. Integer masks are rejected. Every
        query must keep at least one key.

    Returns
    -------
    AttentionResult
        A named tuple of

        output : ndarray, shape (..., L, d_v)
            The attended values; each row is a convex combination of the rows of `V`.
        weights : ndarray, shape (..., L, S)
            The attention weights: non-negative, each row summing to one, exactly 0 at masked keys.

        Both are float32 when `Q`, `K` and `V` are all float32, float64 otherwise.

    Raises
    ------
    ValueError
        If `Q`, `K` or `V` has fewer than 2 dimensions, is empty, or holds NaN or infinity; if `Q` and `K` differ
        in :math:`d_k`, `K` and `V` in :math:`S`, or any two of them in their leading dimensions; or if `mask`
        holds NaN or ``+inf``, does not broadcast to (..., L, S), or masks every key of a query. Scores beyond
        the largest float are no error: the weights are the softmax of the true scores, computed on rescaled
        queries and keys.
    TypeError
        If `Q`, `K` or `V` is boolean, complex or non-numeric, or `mask` is neither boolean nor float.

    See Also
    --------
    multi_head_attention : Several attention heads over learned projections of the inputs.
    softmax : The normalisation of each row of scores.
    torch.nn.functional.scaled_dot_product_attention : The same function in PyTorch, which returns only the
        output, and a row of zeros for a fully masked query.

    Notes
    -----
    If the entries of a query and a key are independent with mean 0 and variance 1, their dot product has
    mean 0 and variance :math:`d_k`. Without the division by :math:`\sqrt{d_k}`, large dimensions give widely
    spread scores, the softmax saturates towards a one-hot vector, and every entry of its Jacobian
    :math:`p_i (\delta_{ij} - p_j)` tends to 0; with the division, such scores keep unit variance.

    A query whose keys are all masked has no softmax: its weights would be :math:`0/0`. For such a query
    PyTorch 2.13's ``scaled_dot_product_attention`` returns a row of zeros (weights that do not sum to one) and
    ``torch.nn.MultiheadAttention`` returns NaN; this function raises a ValueError naming `mask` instead, so
    neither travels silently into the rest of a model. A large negative float (e.g. ``-1e9``) instead of
    ``-inf`` keeps such a row defined, but it no longer masks anything: adding the same number to every score of
    a row leaves its softmax unchanged, so the query attends as if unmasked, up to the rounding of each score to
    the spacing of the floats near the mask value (about 1e-7 for ``-1e9`` in float64, but 64 in float32, where
    scores that differ by much less than that come out with equal weights).

    The scores take memory of order :math:`L \times S` per batch element and head.

    References
    ----------
    .. [1] A. Vaswani et al., "Attention Is All You Need", Advances in Neural Information Processing Systems 30,
       2017. https://doi.org/10.48550/arXiv.1706.03762

    Examples
    --------
    >>> from mlequations import scaled_dot_product_attention
    >>> Q = [[1.0, 0.0]]
    >>> K = [[1.0, 0.0], [1.0, 0.0]]          # two identical keys: equal weights
    >>> V = [[0.0, 2.0], [4.0, 0.0]]
    >>> out, weights = scaled_dot_product_attention(Q, K, V)
    >>> weights.tolist(), out.tolist()
    ([[0.5, 0.5]], [[2.0, 1.0]])

    A causal mask lets each position attend only to itself and to earlier positions:

    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(3, 4))
    >>> causal = np.tril(np.ones((3, 3), dtype=bool))
    >>> scaled_dot_product_attention(X, X, X, mask=causal).weights.round(6).tolist()
    [[1.0, 0.0, 0.0], [0.25014, 0.74986, 0.0], [0.171671, 0.131176, 0.697153]]

    Scores far beyond where the exponential overflows still give the right weights:

    >>> scaled_dot_product_attention([[100.0, 100.0]], [[100.0, 100.0], [-100.0, -100.0]], V).weights.tolist()
    [[1.0, 0.0]]
    """
    Q, K, V = _check_scaled_dot_product_attention(Q, K, V)
    return _attention(Q, K, V, mask, caller="scaled_dot_product_attention")


def _split_heads(x, num_heads):
    """(..., T, h * d) -> (..., h, T, d)."""
    return np.moveaxis(x.reshape(*x.shape[:-1], num_heads, x.shape[-1] // num_heads), -2, -3)


def multi_head_attention(x_q, x_kv, w_q, w_k, w_v, w_o, *, num_heads, b_q=None, b_k=None, b_v=None, b_o=None,
                         mask=None):
    r"""Multi-head attention: scaled dot-product attention in several learned subspaces at once.

    The queries, keys and values are linear projections of the inputs. Their columns are split into
    ``num_heads`` equal groups; each group (a head) runs :func:`scaled_dot_product_attention` on its own, and the
    heads' outputs are concatenated and projected once more.

    .. math::

        \operatorname{MultiHead}(X_q, X_{kv}) = \operatorname{Concat}(\mathrm{head}_1, \dots,
        \mathrm{head}_h)\, W^O + b^O, \qquad
        \mathrm{head}_i = \operatorname{Attention}\!\left(X_q W^Q_i + b^Q_i,\; X_{kv} W^K_i + b^K_i,\;
        X_{kv} W^V_i + b^V_i\right)

    where :math:`W^Q_i` is the :math:`i`-th block of :math:`d_k = d_q^{\mathrm{total}} / h` columns of
    :math:`W^Q`, and likewise for keys and values.

    Parameters
    ----------
    x_q : array_like of float, shape (..., L, d_model)
        The sequence that asks (queries come from it).
    x_kv : array_like of float, shape (..., S, d_kv)
        The sequence that is attended to (keys and values come from it); pass `x_q` again for self-attention.
        Its leading dimensions must equal those of `x_q`.
    w_q : array_like of float, shape (d_model, h * d_k)
        Query projection, applied as ``x_q @ w_q`` (the transpose of PyTorch's ``Linear`` layout).
    w_k : array_like of float, shape (d_kv, h * d_k)
        Key projection, applied as ``x_kv @ w_k``.
    w_v : array_like of float, shape (d_kv, h * d_v)
        Value projection, applied as ``x_kv @ w_v``.
    w_o : array_like of float, shape (h * d_v, d_out)
        Output projection of the concatenated heads.
    num_heads : int
        The number of heads :math:`h`; it must divide the columns of `w_q`, `w_k` and `w_v`.
    b_q, b_k, b_v, b_o : array_like of float, optional
        Biases added after each projection, of length the projection's number of columns. None means no bias.
    mask : array_like of bool or float, optional
        As in :func:`scaled_dot_product_attention`, broadcastable to the per-head scores (..., h, L, S): True
        (boolean) where a query may attend, or added to the scores (float). A mask of shape (L, S) applies to
        every batch and head; one per batch element needs a head axis, (N, 1, L, S).

    Returns
    -------
    AttentionResult
        A named tuple of

        output : ndarray, shape (..., L, d_out)
            The projected, concatenated outputs of the heads.
        weights : ndarray, shape (..., h, L, S)
            Each head's attention weights. Their mean over the head axis, ``weights.mean(axis=-3)``, is what
            ``torch.nn.MultiheadAttention`` returns by default.

        float32 when every input is float32, float64 otherwise.

    Raises
    ------
    ValueError
        If an input is empty or holds NaN or infinity; if `x_q` or `x_kv` has fewer than 2 dimensions or they
        differ in leading dimensions; if a weight is not 2-d or a bias not 1-d, or their shapes do not fit the
        inputs and each other; if `num_heads` is less than 1 or does not divide the projections' columns; if
        a projection or the output overflows; or if `mask` is invalid as in
        :func:`scaled_dot_product_attention`.
    TypeError
        If an input is boolean, complex or non-numeric, `num_heads` is not an integer, or `mask` is neither
        boolean nor float.

    See Also
    --------
    scaled_dot_product_attention : The attention each head computes.
    torch.nn.MultiheadAttention : The same layer in PyTorch; see Notes for its weight layout and mask convention.

    Notes
    -----
    When keys and values have the model's width E (``kdim = vdim = E``, its default), PyTorch stores the three
    input projections stacked as ``in_proj_weight`` of shape (3E, E), in the order query, key, value, each
    applied as ``x @ W.T``: with ``E = d_model``, ``w_q = in_proj_weight[:E].T``,
    ``w_k = in_proj_weight[E:2E].T``, ``w_v = in_proj_weight[2E:].T`` and ``w_o = out_proj.weight.T``. Its
    inputs are (L, N, E) unless ``batch_first=True``. Its boolean ``attn_mask`` is True where a query may NOT
    attend, the opposite of ``torch.nn.functional.scaled_dot_product_attention`` and of this function.

    References
    ----------
    .. [1] A. Vaswani et al., "Attention Is All You Need", Advances in Neural Information Processing Systems 30,
       2017. https://doi.org/10.48550/arXiv.1706.03762

    Examples
    --------
    With identity projections and one head, multi-head attention is scaled dot-product attention:

    >>> from mlequations import multi_head_attention, scaled_dot_product_attention
    >>> X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    >>> eye = np.eye(2)
    >>> mha = multi_head_attention(X, X, eye, eye, eye, eye, num_heads=1)
    >>> single = scaled_dot_product_attention(X, X, X).output
    >>> float(np.max(np.abs(mha.output - single))) < 1e-15      # the largest difference: rounding at most
    True

    Two heads over a batch of two sequences of length 3, with a causal mask shared by both:

    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(2, 3, 4))
    >>> w_q, w_k, w_v, w_o = rng.normal(size=(4, 4, 4))
    >>> causal = np.tril(np.ones((3, 3), dtype=bool))
    >>> out, weights = multi_head_attention(x, x, w_q, w_k, w_v, w_o, num_heads=2, mask=causal)
    >>> out.shape, weights.shape
    ((2, 3, 4), (2, 2, 3, 3))
    >>> weights[0, 1].round(6).tolist()     # batch 0, head 1: each row sums to one, nothing above the diagonal
    [[1.0, 0.0, 0.0], [0.687679, 0.312321, 0.0], [0.767771, 0.223702, 0.008527]]
    """
    caller = "multi_head_attention"
    checked = _check_multi_head_attention(x_q, x_kv, w_q, w_k, w_v, w_o, num_heads, b_q, b_k, b_v, b_o)
    x_q, x_kv, w_q, w_k, w_v, w_o, b_q, b_k, b_v, b_o, num_heads = checked
    score_shape = x_q.shape[:-2] + (num_heads, x_q.shape[-2], x_kv.shape[-2])
    M = _equation_mask(mask, score_shape, x_q.dtype, caller=caller) if _small(score_shape) else None
    if M is not None:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow and 0/0: the checked path below takes over
            output, attention_weights = _multi_head_attention_equation(*checked, M)
        if np.all(np.isfinite(output)):
            return AttentionResult(output, attention_weights)
    # Large scores, anything that overflowed, or a mask that fails: each step checked and named, the attention
    # rescaled where it overflows.
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
        Q = x_q @ w_q + b_q
        K = x_kv @ w_k + b_k
        V = x_kv @ w_v + b_v
    for names, projection in ((("x_q", "w_q"), Q), (("x_kv", "w_k"), K), (("x_kv", "w_v"), V)):
        check_finite_result(projection, names=names, caller=caller, what="the projection")
    Q, K, V = (_split_heads(p, num_heads) for p in (Q, K, V))
    heads, attention_weights = _attention(Q, K, V, mask, caller=caller)
    concat = np.moveaxis(heads, -3, -2).reshape(*x_q.shape[:-1], w_v.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
        output = concat @ w_o + b_o
    check_finite_result(output, names=("x_kv", "w_o"), caller=caller, what="the output")
    return AttentionResult(output, attention_weights)
