r"""
==================================================
Why divide by the square root of the key dimension
==================================================

The dot product of two random vectors with independent entries of mean 0 and variance 1 has variance
:math:`d_k`. Without
the :math:`1/\sqrt{d_k}` in :math:`\operatorname{softmax}(Q K^\top / \sqrt{d_k})`, the scores spread further as
the dimension grows and the softmax saturates towards a one-hot vector. Measure it with
:func:`mlequations.scaled_dot_product_attention` and the entropy of the weights.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Random queries and keys
# -----------------------
# For each key dimension, 200 queries attend over 32 keys, all with standard normal entries. The unscaled
# version is obtained by multiplying the queries by :math:`\sqrt{d_k}`, which cancels the division.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import entropy, scaled_dot_product_attention

rng = np.random.default_rng(0)
n_queries, n_keys = 200, 32
dims = 2 ** np.arange(0, 11)
score_std, mean_entropy = {"scaled": [], "unscaled": []}, {"scaled": [], "unscaled": []}
for d_k in dims:
    Q = rng.normal(size=(n_queries, d_k))
    K = rng.normal(size=(n_keys, d_k))
    V = np.eye(n_keys)  # values are irrelevant to the weights
    for name, factor in (("scaled", 1.0), ("unscaled", np.sqrt(d_k))):
        weights = scaled_dot_product_attention(factor * Q, K, V).weights
        score_std[name].append(np.std(factor * Q @ K.T / np.sqrt(d_k)))
        mean_entropy[name].append(np.mean(entropy(weights)))

# %%
# Spread of the scores and entropy of the weights
# -----------------------------------------------
# The standard deviation of the raw dot products grows like :math:`\sqrt{d_k}`; after scaling it stays near 1.
# The entropy of the unscaled weights collapses towards 0 (one key takes everything), while the scaled weights
# keep an entropy close to that of a softmax of unit-variance scores, below the uniform :math:`\log 32`.
fig, (ax_std, ax_entropy) = plt.subplots(1, 2, figsize=(8.4, 3.6), layout="constrained")
for name, style in (("scaled", "-o"), ("unscaled", "--s")):
    ax_std.plot(dims, score_std[name], style, label=name)
    ax_entropy.plot(dims, mean_entropy[name], style, label=name)
ax_std.plot(dims, np.sqrt(dims), color="0.6", lw=1, ls=":", label=r"$\sqrt{d_k}$", zorder=0)
ax_std.set(xscale="log", yscale="log", xlabel="key dimension $d_k$", ylabel="standard deviation of the scores",
           title="Unscaled scores spread like $\\sqrt{d_k}$")
ax_entropy.axhline(np.log(n_keys), color="0.6", lw=1, ls=":", label="uniform, $\\log 32$")
ax_entropy.set(xscale="log", xlabel="key dimension $d_k$", ylabel="mean entropy of the weights (nats)",
               title="Without scaling the softmax saturates")
for ax in (ax_std, ax_entropy):
    ax.set_xscale("log", base=2)
    ax.legend(fontsize="small")
plt.show()

# %%
# The numbers at the largest dimension
# ------------------------------------
print(f"d_k = {dims[-1]}: mean entropy scaled {mean_entropy['scaled'][-1]:.3f} nats, "
      f"unscaled {mean_entropy['unscaled'][-1]:.3f} nats (uniform: {np.log(n_keys):.3f})")

# %%
# Take-away
# ---------
# For queries and keys with independent entries of mean 0 and variance 1, dividing by :math:`\sqrt{d_k}` keeps
# the scores at unit variance whatever the width of the heads, so the softmax stays in the range where its
# gradients are useful. Without it, wide heads that start from such queries and keys start with near one-hot
# attention and vanishing gradients.
