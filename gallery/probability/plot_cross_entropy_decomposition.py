r"""
===========================================
Cross-entropy is entropy plus KL divergence
===========================================

For a coin with true probability of heads :math:`y` and a predicted probability :math:`\hat{y}`, the
cross-entropy :math:`H(p, q)` of :math:`p = (y, 1 - y)` and :math:`q = (\hat{y}, 1 - \hat{y})` splits into the
entropy :math:`H(p)`, which no prediction can remove, and :math:`D_{\mathrm{KL}}(p \,\|\, q)`, which a perfect
prediction removes. Computed with :func:`mlequations.cross_entropy`, :func:`mlequations.entropy` and
:func:`mlequations.kl_divergence`.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# A fixed truth and every prediction
# ----------------------------------
import matplotlib.pyplot as plt
import numpy as np

from mlequations import cross_entropy, entropy, kl_divergence

y = 0.3
y_hat = np.linspace(0.005, 0.995, 199)
p = np.broadcast_to([y, 1 - y], (y_hat.size, 2))
q = np.column_stack([y_hat, 1 - y_hat])
h_pq, h_p, kl = cross_entropy(p, q), entropy(p), kl_divergence(p, q)
print(f"largest |H(p,q) - H(p) - KL(p||q)|: {np.abs(h_pq - h_p - kl).max():.1e} nats")

# %%
# The decomposition
# -----------------
# The floor is the entropy of the truth; the cross-entropy touches it only where the prediction equals the truth,
# :math:`\hat{y} = y`.
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.fill_between(y_hat, 0, h_p, color="tab:blue", alpha=0.3, label="$H(p)$")
ax.fill_between(y_hat, h_p, h_pq, color="tab:orange", alpha=0.3, label=r"$D_{\mathrm{KL}}(p \,\|\, q)$")
ax.plot(y_hat, h_pq, "k", lw=2, label="$H(p, q)$")
ax.axvline(y, color="0.5", lw=1, ls="--")
ax.set(xlabel=r"predicted probability of heads $\hat{y}$", ylabel="nats", ylim=(0, 2.5),
       title="The KL part vanishes only where the prediction is the truth")
ax.legend(loc="upper center")
plt.show()

# %%
# Labels are one-hot: the entropy vanishes
# ----------------------------------------
# With 0/1 labels, :math:`H(p) = 0` and the cross-entropy is all KL divergence: the binary cross-entropy loss
# of the guide's three samples is the mean of the per-sample cross-entropies.
labels, predicted = np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.1, 0.8])
p_samples = np.column_stack([labels, 1 - labels])
q_samples = np.column_stack([predicted, 1 - predicted])
print("entropy of each label:", entropy(p_samples))
print(f"mean binary cross-entropy: {cross_entropy(p_samples, q_samples).mean():.10f} nats")

# %%
# Take-away
# ---------
# Minimising the cross-entropy over predictions :math:`q` minimises :math:`D_{\mathrm{KL}}(p \,\|\, q)`, with the
# truth first, because the entropy term does not depend on the prediction: the two losses train the same model,
# and the cross-entropy is the simpler to compute (with one-hot labels, the negative log-probability of the true
# class).
