r"""
===========================================
Softmax temperature: from argmax to uniform
===========================================

Softmax turns scores into probabilities, :math:`\sigma(\mathbf{z})_i = e^{z_i / T} / \sum_j e^{z_j / T}`.
Sweep the temperature :math:`T` over five orders of magnitude for one fixed set of scores with
:func:`mlequations.softmax`, and watch the distribution move from nearly a hard argmax towards a uniform
guess.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Five scores
# -----------
# The scores could be the logits of a five-class classifier, or a language model's scores for five tokens.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import entropy, softmax

scores = np.array([2.0, 1.0, 0.5, 0.0, -1.0])
temperatures = np.logspace(-2, 3, 301)
probs = np.stack([softmax(scores, temperature=t) for t in temperatures])

# %%
# Probabilities against temperature
# ---------------------------------
# At low temperature the largest score, which is unique here, takes nearly all the mass; at high temperature
# every class approaches :math:`1/n`. At every temperature the probabilities keep the order of the scores.
fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
for k, z in enumerate(scores):
    ax.plot(temperatures, probs[:, k], lw=2, label=f"$z = {z:g}$")
ax.axhline(1 / scores.size, color="0.6", lw=1, ls=":", zorder=0)
ax.set(xscale="log", xlabel="temperature $T$", ylabel=r"$\sigma(z / T)$",
       title="Cold softmax picks the top score; hot softmax spreads evenly")
ax.legend(loc="center right", fontsize="small")
plt.show()

# %%
# How uncertain is the distribution?
# ----------------------------------
# The entropy of the result grows with the temperature, from near 0 (its limit as :math:`T \to 0`, since the
# largest score is unique) towards :math:`\log n`, the entropy of the uniform distribution.
spread = entropy(probs)
print(f"entropy at T = {temperatures[0]:g}: {spread[0]:.4f} nats; at T = {temperatures[-1]:g}: {spread[-1]:.4f}"
      f" nats; log n = {np.log(scores.size):.4f}")

# %%
# Take-away
# ---------
# Temperature is a single knob between exploiting the best score and treating every option alike. Sampling
# from a language model at a lower temperature is the same division of the scores.
