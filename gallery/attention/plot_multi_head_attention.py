r"""
=============================================
Two heads, two patterns: multi-head attention
=============================================

:func:`mlequations.multi_head_attention` splits the projected queries, keys and values into heads that attend
independently. Here the projections are built by hand so that one head looks at the previous token and the
other at the current one, under a causal mask: the same input, two different attention patterns.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Positions as the input
# ----------------------
# Each of the seven tokens is a one-hot vector of its position. Head 1 compares a query at position
# :math:`i` with a key projected from position :math:`i - 1`; head 2 compares it with the key at :math:`i`.
# The factor ``sharpness`` makes the matching score, :math:`16/\sqrt{7}` after the scaling, large against the
# others, which are 0.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import multi_head_attention

n, sharpness = 7, 16.0
X = np.eye(n)
shift = np.eye(n, k=1)  # row j of X @ shift is the one-hot vector of position j + 1
w_q = sharpness * np.hstack([np.eye(n), np.eye(n)])  # columns: head 1, then head 2
w_k = np.hstack([shift, np.eye(n)])  # head 1: the key at j looks like the query at j + 1
w_v = np.eye(n).repeat(2, axis=1) / 2  # both heads carry the position on to the output
w_o = np.eye(2 * n)
causal = np.tril(np.ones((n, n), dtype=bool))

output, weights = multi_head_attention(X, X, w_q, w_k, w_v, w_o, num_heads=2, mask=causal)

# %%
# The weights of each head
# ------------------------
# The first token has no predecessor, so under the causal mask head 1 can only attend to the token itself.
fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.9), layout="constrained", sharey=True)
for head, (ax, title) in enumerate(zip(axes, ("head 1: previous token", "head 2: current token"))):
    image = ax.imshow(weights[head], vmin=0, vmax=1, cmap="magma")
    ax.set(xlabel="key position $j$", title=title, xticks=range(n), yticks=range(n))
axes[0].set_ylabel("query position $i$")
fig.colorbar(image, ax=axes, label="attention weight", shrink=0.8)
fig.suptitle("One head looks one token back, the other at the token itself")
plt.show()

# %%
# How sharp the patterns are
# --------------------------
print("head 1, weight on the previous token:", weights[0, np.arange(1, n), np.arange(n - 1)].round(3).tolist())
print("head 2, weight on the current token: ", weights[1].diagonal().round(3).tolist())

# %%
# Take-away
# ---------
# Heads attend in parallel subspaces of the projections, so one layer can keep several patterns, such as
# "previous token" and "this token", apart: a single softmax over one set of scores could only mix the two
# positions into one weighted average.
