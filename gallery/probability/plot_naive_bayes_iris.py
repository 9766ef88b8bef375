r"""
========================================
Gaussian naive Bayes on the iris flowers
========================================

:class:`mlequations.GaussianNaiveBayes` models each class by one normal distribution per feature and predicts the
class of largest posterior, :math:`\hat{y} = \arg\max_c P(c) \prod_j \mathcal{N}(x_j; \mu_{cj}, \sigma_{cj}^2)`.
Fitted on two petal measurements of scikit-learn's iris data set, its decision regions are drawn and compared
with scikit-learn's ``GaussianNB``.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scikit-learn``.
"""

# %%
# Data and fit
# ------------
# Petal length and width of 150 flowers of three species, shipped with scikit-learn.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_iris
from sklearn.naive_bayes import GaussianNB

from mlequations import GaussianNaiveBayes

iris = load_iris()
X, y = iris.data[:, 2:4], iris.target
model = GaussianNaiveBayes().fit(X, y)

# %%
# Decision regions
# ----------------
# Every point of a grid is classified; the background colour is the predicted species and the shading its
# posterior probability. With a variance per class and feature, the boundaries are curves, not lines.
xx, yy = np.meshgrid(np.linspace(0.5, 7.5, 300), np.linspace(-0.2, 2.8, 300))
grid = np.column_stack([xx.ravel(), yy.ravel()])
proba = model.predict_proba(grid)
region = model.predict(grid).reshape(xx.shape)

fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
colours = ["tab:blue", "tab:orange", "tab:green"]
ax.contourf(xx, yy, region, levels=[-0.5, 0.5, 1.5, 2.5], colors=colours, alpha=0.25)
ax.contour(xx, yy, proba.max(axis=1).reshape(xx.shape), levels=[0.9], colors="0.3", linewidths=1,
           linestyles="--")
for k, name in enumerate(iris.target_names):
    ax.scatter(*X[y == k].T, s=18, color=colours[k], edgecolor="k", linewidth=0.4, label=name)
ax.set(xlabel="petal length (cm)", ylabel="petal width (cm)",
       title="Curved boundaries from one Gaussian per class and feature")
ax.legend(loc="upper left", title="species (dashed: posterior 0.9)")
plt.show()

# %%
# Agreement with scikit-learn
# ---------------------------
# The same model in scikit-learn, at the same ``var_smoothing``, on the grid and the training points.
reference = GaussianNB(var_smoothing=model.var_smoothing).fit(X, y)
points = np.vstack([grid, X])
print("same predictions everywhere:", bool(np.all(model.predict(points) == reference.predict(points))))
difference = np.abs(model.predict_proba(points) - reference.predict_proba(points)).max()
print(f"largest difference in posterior: {difference:.1e}")
print(f"training accuracy: {np.mean(model.predict(X) == y):.3f}")

# %%
# Take-away
# ---------
# Naive Bayes treats petal length and width as independent within each species, although they are positively
# correlated within each, yet its training accuracy (printed above) is high: a prediction needs only the class
# of largest posterior to be the true one, not the posterior values themselves.
