r"""
==============================================
Backpropagation agrees with finite differences
==============================================

Backpropagation applies the chain rule layer by layer,
:math:`\boldsymbol\delta^{(l)} = (W^{(l+1)\top}\boldsymbol\delta^{(l+1)}) \odot \phi'(\mathbf{z}^{(l)})`. Check
every gradient of a small :class:`mlequations.MultilayerPerceptron` against central finite differences
:math:`(L(\theta + h\mathbf{e}_j) - L(\theta - h\mathbf{e}_j)) / 2h`, one parameter :math:`\theta_j` at a time,
which need nothing but the loss. (The chapter page also checks
them against PyTorch's autograd.)

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# A network with two hidden layers
# --------------------------------
# Two inputs, two tanh layers of six units, one linear output: :math:`(2 + 1) \cdot 6 + (6 + 1) \cdot 6 + (6 + 1)
# \cdot 1 = 67` parameters (weights and biases), drawn from a seeded generator.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import MultilayerPerceptron

rng = np.random.default_rng(0)
sizes = [2, 6, 6, 1]
weights = [rng.normal(scale=1 / np.sqrt(m), size=(n, m)) for m, n in zip(sizes[:-1], sizes[1:])]
biases = [rng.normal(scale=0.1, size=n) for n in sizes[1:]]
net = MultilayerPerceptron(weights, biases, hidden_activation="tanh")
X, y = rng.normal(size=(32, 2)), rng.normal(size=(32, 1))
analytic = np.concatenate([g.ravel() for g in net.gradients(X, y)])

# %%
# Central finite differences
# --------------------------
# Nudge one parameter at a time by :math:`\pm h` and rebuild the network. The error of the central difference
# is of order :math:`h^2` from truncation, plus rounding of order :math:`\varepsilon |L| / h`.
h = 1e-6
params = net.parameters()
numerical = []
for k, p in enumerate(params):
    for index in np.ndindex(p.shape):
        shifted = [q.copy() for q in params]
        shifted[k][index] += h
        up = MultilayerPerceptron(shifted[0::2], shifted[1::2]).loss(X, y)
        shifted[k][index] -= 2 * h
        down = MultilayerPerceptron(shifted[0::2], shifted[1::2]).loss(X, y)
        numerical.append((up - down) / (2 * h))
numerical = np.array(numerical)

# %%
# Two estimates of every partial derivative
# -----------------------------------------
fig, (scatter, errors) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
scatter.plot(analytic, numerical, "o", ms=6, mfc="none")
line = np.array([analytic.min(), analytic.max()])
scatter.plot(line, line, color="0.6", lw=1, zorder=0)
scatter.set(xlabel=r"backpropagation $\partial L / \partial\theta_j$", ylabel="central finite difference",
            title="Every gradient lies on the diagonal")
scale = np.max(np.abs(analytic))
errors.semilogy(np.abs(numerical - analytic) / scale, "o", ms=4, mfc="none")
errors.set(xlabel="parameter index $j$", ylabel="|difference| / largest gradient",
           title="They differ by less than a billionth")
plt.show()

print(f"largest difference: {np.max(np.abs(numerical - analytic)) / scale:.1e} of the largest gradient")

# %%
# Take-away
# ---------
# A gradient check is cheap insurance for hand-written backward passes: finite differences need nothing but the
# loss, and agree to many digits when the step :math:`h` balances truncation against rounding.
