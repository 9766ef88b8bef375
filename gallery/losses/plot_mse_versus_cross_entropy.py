r"""
===========================================================
Squared error against cross-entropy for a binary classifier
===========================================================

A classifier predicts the probability :math:`p = \sigma(z)` that a sample is positive, from a logit :math:`z`.
Compare what the mean squared error :math:`(1 - p)^2` and the cross-entropy :math:`-\log p` charge for a
positive sample, and how hard each one pushes the logit when the prediction is wrong.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scipy``.
"""

# %%
# The two losses against the predicted probability
# ------------------------------------------------
# The label is 1 throughout. The squared error never exceeds 1, however wrong the prediction; the
# cross-entropy grows without bound as the probability of the true class goes to zero.
import matplotlib.pyplot as plt
import numpy as np
from scipy.special import expit

from mlequations import binary_cross_entropy, binary_cross_entropy_with_logits, mean_squared_error

p = np.linspace(0.001, 1.0, 1000)
ones = np.ones_like(p)
squared = mean_squared_error(ones, p, reduction="none")
cross_entropy = binary_cross_entropy(ones, p, reduction="none")

# %%
# Their gradients with respect to the logit
# -----------------------------------------
# Training moves the logit, so what matters is the derivative with respect to :math:`z`. Central differences of
# the two losses approximate it, with an error of order :math:`h^2`; the exact derivatives are
# :math:`-2\sigma(z)(1 - \sigma(z))^2` for the squared error of the sigmoid, and :math:`\sigma(z) - 1` for the
# cross-entropy. The right panel shows their moduli.
z = np.linspace(-10.0, 10.0, 401)
h = 1e-5
ones_z = np.ones_like(z)
grad_squared = (mean_squared_error(ones_z, expit(z + h), reduction="none")
                - mean_squared_error(ones_z, expit(z - h), reduction="none")) / (2 * h)
grad_cross_entropy = (binary_cross_entropy_with_logits(ones_z, z + h, reduction="none")
                      - binary_cross_entropy_with_logits(ones_z, z - h, reduction="none")) / (2 * h)

fig, (left, right) = plt.subplots(1, 2, figsize=(8.8, 3.8), layout="constrained")
left.plot(p, cross_entropy, lw=2, label=r"cross-entropy $-\log p$")
left.plot(p, squared, lw=2, ls="--", label=r"squared error $(1 - p)^2$")
left.set(xlabel="predicted probability $p$ of the true class", ylabel="loss", ylim=(0, 5),
         title="Cross-entropy punishes confident mistakes")
left.legend()
right.plot(z, np.abs(grad_cross_entropy), lw=2, label="cross-entropy")
right.plot(z, np.abs(grad_squared), lw=2, ls="--", label="squared error of $\\sigma(z)$")
right.set(yscale="log", xlabel="logit $z$ of a positive sample", ylabel=r"$|\partial L / \partial z|$",
          title="The squared error stops pushing when wrong")
right.legend()
plt.show()

# %%
# A confidently wrong prediction
# ------------------------------
# At :math:`z = -10` the model gives the true class a tiny probability. The cross-entropy still pulls the logit
# up at almost full strength; the squared error barely moves it.
wrong = z == -10.0
print("probability of the true class:", float(expit(-10.0)))
print("gradient of the cross-entropy:", float(grad_cross_entropy[wrong][0]))
print("gradient of the squared error:", float(grad_squared[wrong][0]))

# %%
# Take-away
# ---------
# Through a sigmoid, the squared error's gradient tends to 0 where a classifier is most confidently wrong, so
# learning stalls there; the cross-entropy's gradient, :math:`\sigma(z) - y`, is largest in modulus there. That
# is why classifiers are trained with cross-entropy.
