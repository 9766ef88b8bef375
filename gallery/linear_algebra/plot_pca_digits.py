r"""
================================================
PCA of handwritten digits: a few axes carry most
================================================

Run :func:`mlequations.principal_components` on the 1797 images of 8 x 8 pixels in scikit-learn's digits data
set, :math:`X - \mathbf{1}\boldsymbol{\mu}^\top = U \Sigma V^\top`. The first two scores already group
several digits, and the explained-variance curve shows how many of the 64 axes are needed to keep most of the
variance.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scikit-learn``.
"""

# %%
# The data and the decomposition
# ------------------------------
# Each row of ``X`` is one image, flattened to 64 pixel intensities between 0 and 16.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA

from mlequations import principal_components

digits = load_digits()
X, labels = digits.data, digits.target
pca = principal_components(X)
cumulative = np.cumsum(pca.explained_variance_ratio)
needed = int(np.searchsorted(cumulative, 0.9) + 1)
print(f"{X.shape[0]} images of {X.shape[1]} pixels; {needed} components keep 90% of the variance")

# %%
# scikit-learn agrees
# -------------------
# Same variances, and the same axes up to sign (each pair of unit axes has :math:`|\cos| = 1`). scikit-learn's
# sign convention makes the component of largest magnitude of each axis positive.
reference = PCA(svd_solver="full").fit(X)
print("variances agree:", np.allclose(pca.explained_variance, reference.explained_variance_, rtol=1e-9))
print("axes agree up to sign:",
      np.allclose(np.abs(np.sum(pca.components * reference.components_, axis=1)), 1.0, atol=1e-8))

# %%
# Scores and explained variance
# -----------------------------
fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.4), layout="constrained")
points = left.scatter(pca.scores[:, 0], pca.scores[:, 1], c=labels, cmap="tab10", s=6)
fig.colorbar(points, ax=left, label="digit", ticks=range(10))
left.set(xlabel="first principal score $z_1$", ylabel="second principal score $z_2$",
         title="Two axes already group several digits")
right.plot(np.arange(1, cumulative.size + 1), cumulative, marker=".", lw=1.5)
right.axhline(0.9, color="0.6", ls="--", lw=1)
right.axvline(needed, color="0.6", ls="--", lw=1)
right.set(xlabel="number of components $k$", ylabel="cumulative explained variance",
          title=f"{needed} of 64 axes keep 90% of the variance", ylim=(0, 1.02))
plt.show()

# %%
# Take-away
# ---------
# PCA is the SVD of the centred data: the right singular vectors are the axes, and the squared singular values
# divided by :math:`N - 1` are the variances along them. Pixel images are highly redundant, so far fewer axes
# than pixels keep most of the variance (the count for 90% is printed above).
