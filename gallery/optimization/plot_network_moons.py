r"""
=======================================
A hidden layer learns a curved boundary
=======================================

Train a :class:`mlequations.MultilayerPerceptron` with one hidden layer of tanh units on scikit-learn's two
moons, by full-batch gradient descent with backpropagated gradients. No straight line separates the moons; the
hidden layer bends the boundary around them.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scikit-learn``.
"""

# %%
# Two interleaved moons
# ---------------------
# 200 points with a little noise, drawn with a fixed seed; the labels are 0 and 1.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons

from mlequations import MultilayerPerceptron

X, labels = make_moons(n_samples=200, noise=0.15, random_state=0)
y = labels[:, None].astype(float)

# %%
# Training
# --------
# Sixteen tanh units and a sigmoid output, trained on the mean squared error between the output and the label.
# Each epoch is one step of :meth:`~mlequations.MultilayerPerceptron.sgd_step` on all points.
net = MultilayerPerceptron.random([2, 16, 1], rng=np.random.default_rng(0), output_activation="sigmoid")
losses = []
for epoch in range(2000):
    losses.append(net.loss(X, y))
    net = net.sgd_step(X, y, learning_rate=2.0)
accuracy = np.mean((net.forward(X) > 0.5) == y)
print(f"MSE from {losses[0]:.3f} to {net.loss(X, y):.4f}; training accuracy {accuracy:.3f}")

# %%
# The decision region
# -------------------
u, v = np.meshgrid(np.linspace(-1.5, 2.5, 200), np.linspace(-1.0, 1.5, 200))
p = net.forward(np.column_stack([u.ravel(), v.ravel()])).reshape(u.shape)

fig, (region, curve) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained",
                                    gridspec_kw={"width_ratios": [1.4, 1]})
filled = region.contourf(u, v, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
region.contour(u, v, p, levels=[0.5], colors="k", linewidths=1.5)
region.scatter(X[:, 0], X[:, 1], c=labels, cmap="RdBu_r", edgecolors="k", s=18)
fig.colorbar(filled, ax=region, label=r"network output $\hat y$")
region.set(xlabel="$x_1$", ylabel="$x_2$", title="The boundary (black) curls around both moons")
curve.plot(losses, lw=2)
curve.set(yscale="log", xlabel="epoch", ylabel="MSE", title="Training loss")
plt.show()

# %%
# Take-away
# ---------
# A network is trained by the same update as a line fit; backpropagation only supplies the gradient, one layer at
# a time. The non-linear hidden layer is what lets the boundary bend.
