r"""
=================================================
Cross-entropy from logits, not from probabilities
=================================================

For a negative sample with logit :math:`z`, the cross-entropy is :math:`\log(1 + e^{z})`, which exceeds
:math:`z` by less than :math:`e^{-z}`. Computed from the probability :math:`\sigma(z)`, it breaks down once the
computed :math:`\sigma(z)` is 1; computed from the logit, it stays within rounding of the true value.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scipy``.
"""

# %%
# Four ways to compute one loss
# -----------------------------
# The label is 0 throughout. :func:`mlequations.binary_cross_entropy_with_logits` and a two-class
# :func:`mlequations.softmax_cross_entropy` with logits :math:`(0, z)` work from the logit. The probability form,
# :func:`mlequations.binary_cross_entropy` of :math:`\sigma(z)`, is shown exact (``eps=0``) and clipped at the
# machine epsilon, as scikit-learn's ``log_loss`` does. (PyTorch's ``BCELoss`` clamps the logarithm instead,
# so its curve would level off at another constant; the chapter page shows which.)
import matplotlib.pyplot as plt
import numpy as np
from scipy.special import expit

from mlequations import binary_cross_entropy, binary_cross_entropy_with_logits, softmax_cross_entropy

z = np.linspace(0.0, 120.0, 1201)
labels = np.zeros_like(z)
p = expit(z)

from_logits = binary_cross_entropy_with_logits(labels, z, reduction="none")
two_class = softmax_cross_entropy(np.zeros(z.size, dtype=int), np.stack([np.zeros_like(z), z], axis=1),
                                  reduction="none")
from_probs = binary_cross_entropy(labels, p, reduction="none")
clipped = binary_cross_entropy(labels, p, eps=np.finfo(np.float64).eps, reduction="none")

# %%
# The losses, and the error before they break
# -------------------------------------------
# Upper panel: the unclipped probability form is infinite from the first logit at which the computed
# :math:`\sigma(z)` is 1 (the dotted line); the clipped form levels off at a constant that has nothing to do
# with the logit.
#
# Lower panel: long before it is infinite, the probability form loses digits. :math:`1 - \sigma(z)` is about
# :math:`e^{-z}`, but it is taken from :math:`\sigma(z)` rounded to a float near 1, whose rounding error can be
# as large as half the machine epsilon :math:`\epsilon`; relative to :math:`e^{-z}` that error can reach about
# :math:`e^{z} \epsilon / 2`. The loss, :math:`-\log(1 - \sigma(z))`, inherits it as an absolute error, so its
# relative error can reach about :math:`e^{z} \epsilon / (2z)`: it grows roughly like :math:`e^{z}`.
first_infinite = z[np.isinf(from_probs)][0]
finite = np.isfinite(from_probs) & (z > 0)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.0), sharex=True, layout="constrained")
top.plot(z, from_logits, lw=3, label="from logits")
top.plot(z, two_class, ls=":", color="k", label="two-class softmax")
top.plot(z, from_probs, ls="--", label=r"from $\sigma(z)$, exact")
top.plot(z, clipped, ls="-.", label=r"from $\sigma(z)$, clipped (scikit-learn)")
top.axvline(first_infinite, color="0.6", ls=":")
top.set(ylabel="loss of a negative sample", title="From probabilities, the loss breaks once $\\sigma(z)$ rounds to 1")
top.legend(fontsize="small")
bottom.semilogy(z[finite], np.abs(from_probs[finite] - from_logits[finite]) / from_logits[finite], ".", ms=3)
bottom.axvline(first_infinite, color="0.6", ls=":")
bottom.set(xlabel="logit $z$", ylabel="relative error of the exact\nprobability form")
plt.show()

# %%
# The numbers
# -----------
print("the computed sigma(z) is first 1 on this grid at z =", round(float(first_infinite), 1))
for logit in (10.0, 30.0, 40.0, 100.0):
    i = np.argmin(np.abs(z - logit))
    print(f"z = {logit:5.1f}: from logits {from_logits[i]:.6f}, from probabilities {from_probs[i]:.6f}, "
          f"clipped {clipped[i]:.6f}")
print("at z = 1e4, from logits:", binary_cross_entropy_with_logits([0.0], [1e4]))
print("largest difference between the logit and two-class softmax forms:",
      float(np.max(np.abs(from_logits - two_class))))

# %%
# Take-away
# ---------
# Keep the logits: pass them to the cross-entropy rather than a probability, which cannot hold the information
# once it rounds to 0 or 1.
