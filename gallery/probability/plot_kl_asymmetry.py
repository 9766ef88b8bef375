r"""
======================================================
KL divergence is not symmetric: two Gaussians compared
======================================================

:math:`D_{\mathrm{KL}}(p \,\|\, q) = \sum_i p_i \log(p_i / q_i)` weighs the log-ratio by :math:`p`. Compare a
standard normal :math:`p` with a normal :math:`q` of standard deviation :math:`\sigma`, both discretised on a
fine grid, in both directions, with :func:`mlequations.kl_divergence`.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Two families of distributions on a grid
# ---------------------------------------
# Each row of ``q`` is a normal density of width :math:`\sigma`, normalised over the grid. The grid stops
# where the narrowest density is still above the smallest float: a ``q`` that underflows to zero where
# :math:`p` is positive would make :math:`D_{\mathrm{KL}}(p \,\|\, q)` infinite.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import kl_divergence

x = np.linspace(-12.0, 12.0, 4801)
sigma = np.logspace(np.log10(1 / 3), np.log10(3), 81)
p = np.exp(-0.5 * x**2)
p /= p.sum()
q = np.exp(-0.5 * (x / sigma[:, None]) ** 2)
q /= q.sum(axis=1, keepdims=True)
p_rows = np.broadcast_to(p, q.shape)

forward = kl_divergence(p_rows, q)   # q approximates p
reverse = kl_divergence(q, p_rows)   # p approximates q

# %%
# Both directions against the width of q
# --------------------------------------
# The closed form for the two continuous normal densities, :math:`\log \sigma + (1 / \sigma^2 - 1) / 2`
# forwards, is drawn thin on top: the discretised divergence follows it.
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(sigma, forward, lw=3, label=r"$D_{\mathrm{KL}}(p \,\|\, q)$")
ax.plot(sigma, reverse, lw=3, label=r"$D_{\mathrm{KL}}(q \,\|\, p)$")
ax.plot(sigma, np.log(sigma) + (1 / sigma**2 - 1) / 2, "k:", lw=1, label="closed form, forwards")
ax.axvline(1.0, color="0.6", lw=1, zorder=0)
ax.set(xscale="log", yscale="log", ylim=(1e-3, 10), xlabel=r"standard deviation $\sigma$ of $q$",
       ylabel="divergence (nats)",
       title=r"$D_{\mathrm{KL}}(p \,\|\, q)$ punishes a too-narrow $q$ more than a too-wide one")
ax.legend()
plt.show()

# %%
# The numbers at a factor of two either way
# -----------------------------------------
for s in (0.5, 2.0):
    k = np.argmin(np.abs(sigma - s))
    print(f"sigma = {sigma[k]:.3f}: KL(p||q) = {forward[k]:.4f} nats, KL(q||p) = {reverse[k]:.4f} nats")

# %%
# Take-away
# ---------
# The terms of :math:`D_{\mathrm{KL}}(p \,\|\, q)` are large where :math:`q` is much smaller than :math:`p`, so
# fitting :math:`q` by minimising it keeps :math:`q` from being small anywhere :math:`p` is not: :math:`q` spreads
# over all of :math:`p`. The reverse direction weighs by :math:`q` and lets :math:`q` leave out parts of
# :math:`p`. Which direction a method minimises shapes its answer.
