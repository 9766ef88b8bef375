r"""
=========================================
Attention weights with and without a mask
=========================================

Six tokens attend to each other with :func:`mlequations.scaled_dot_product_attention`,
:math:`\operatorname{softmax}(Q K^\top / \sqrt{d_k} + M)\, V`. Each row of the heatmap is one query's weights
over the keys. A causal mask, as in a language model that must not read ahead, sets every weight above the
diagonal to exactly zero.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Six tokens
# ----------
# The embeddings are random, drawn from a seeded generator; queries, keys and values are the embeddings
# themselves (self-attention without learned projections). A token's score with itself is its squared length,
# which is often, but not always, its largest: a longer embedding pointing in a similar direction can score
# higher (here the first "the" scores highest with "mat").
import matplotlib.pyplot as plt
import numpy as np

from mlequations import scaled_dot_product_attention

tokens = ["the", "cat", "sat", "on", "the", "mat"]
rng = np.random.default_rng(0)
X = rng.normal(size=(len(tokens), 8))
X[4] = X[0] + 0.3 * rng.normal(size=8)  # the second "the" resembles the first

full = scaled_dot_product_attention(X, X, X)
causal_mask = np.tril(np.ones((len(tokens), len(tokens)), dtype=bool))  # True: may attend
causal = scaled_dot_product_attention(X, X, X, mask=causal_mask)

# %%
# Two heatmaps
# ------------
# Without a mask every token may also draw on the tokens after it, and the second "the" gives weight to the
# first one, which it resembles (the numbers are printed below). With the causal mask the first token can only attend to itself, and every row
# still sums to one.
fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.4), layout="constrained", sharey=True)
for ax, result, name in zip(axes, (full, causal), ("no mask", "causal mask")):
    image = ax.imshow(result.weights, vmin=0, vmax=1, cmap="viridis")
    ax.set(xticks=range(len(tokens)), xticklabels=tokens, yticks=range(len(tokens)), yticklabels=tokens,
           xlabel="key", title=name)
axes[0].set_ylabel("query")
fig.colorbar(image, ax=axes, label="attention weight", shrink=0.8)
fig.suptitle("A causal mask zeroes every weight above the diagonal")
plt.show()

# %%
# What the mask did
# -----------------
print("second 'the' -> first 'the', no mask:", round(float(full.weights[4, 0]), 3),
      "; causal:", round(float(causal.weights[4, 0]), 3))
print("largest weight above the diagonal with the causal mask:", float(np.triu(causal.weights, k=1).max()))
print("row sums:", causal.weights.sum(axis=1).round(12).tolist())

# %%
# Take-away
# ---------
# Attention weights are a probability distribution over the keys for each query. A mask removes keys from that
# distribution before the softmax, so masked positions get exactly zero weight and the rest renormalise.
