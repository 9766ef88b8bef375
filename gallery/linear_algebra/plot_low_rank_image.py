r"""
=========================================================
Compressing a photograph with a rank-k SVD (Eckart-Young)
=========================================================

Approximate a grey-scale photograph that ships with scikit-learn by
:func:`mlequations.low_rank_approximation`. Eckart and Young proved that keeping the :math:`k` largest singular
triplets gives a best approximation of rank at most :math:`k` in the Frobenius norm, with error
:math:`\lVert A - A_k \rVert_F = \sqrt{\sum_{i > k} \sigma_i^2}`.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scikit-learn``.
"""

# %%
# The image as a matrix
# ---------------------
# The colour photograph is averaged to grey and every second row and column is kept, giving a matrix of
# intensities in [0, 1].
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_sample_image

from mlequations import low_rank_approximation, singular_value_decomposition

A = load_sample_image("china.jpg").mean(axis=2)[::2, ::2] / 255.0
m, n = A.shape
S = singular_value_decomposition(A).S
print(f"image of {m} x {n} pixels, rank {min(m, n)}")

# %%
# Error against the rank
# ----------------------
# The curve from the singular values alone and the error measured on the reconstructions agree to rounding:
# the largest gap is printed below.
ranks = np.array([1, 2, 5, 10, 20, 50, 100, 150])
predicted = np.sqrt(np.cumsum((S**2)[::-1])[::-1])  # predicted[k] = norm of S[k:]
measured = np.array([np.linalg.norm(A - low_rank_approximation(A, rank=k)) for k in ranks])
relative = measured / np.linalg.norm(A)
print("largest gap between measured and predicted error:", f"{np.max(np.abs(measured - predicted[ranks])):.1e}")

# %%
# What the eye sees
# -----------------
fig, axd = plt.subplot_mosaic([["5", "20", "50", "original"], ["error"] * 4], figsize=(10.0, 6.0),
                              height_ratios=[1.0, 1.2], layout="constrained")
for k in [5, 20, 50, None]:
    ax = axd["original" if k is None else str(k)]
    ax.imshow(A if k is None else np.clip(low_rank_approximation(A, rank=k), 0, 1), cmap="gray", vmin=0, vmax=1)
    storage = 1.0 if k is None else k * (m + n + 1) / (m * n)
    ax.set(xticks=[], yticks=[], title="original" if k is None else f"rank {k} ({storage:.0%} stored)")
ax = axd["error"]
ax.semilogy(np.arange(1, min(m, n)), predicted[1:] / np.linalg.norm(A), lw=2,
            label=r"predicted $\sqrt{\sum_{i>k}\sigma_i^2}$")
ax.semilogy(ranks, relative, "o", label=r"measured $\|A - A_k\|_F$")
ax.set(xlabel="rank $k$", ylabel=r"relative error $\|A - A_k\|_F / \|A\|_F$",
       title="The error is exactly the norm of the dropped singular values")
ax.legend()
plt.show()

# %%
# Take-away
# ---------
# Storing the first :math:`k` singular triplets takes :math:`k(m + n + 1)` numbers instead of :math:`mn`, and
# the error of the best such approximation is known from the singular values alone, before it is formed. A full SVD is wasteful when only the
# leading triplets are needed: truncated or randomised solvers compute just those.
