r"""
=============================================
Noise schedules: how fast the signal is spent
=============================================

A schedule sets the variance :math:`\beta_t` of each step's noise; what matters for the data is the product
:math:`\bar\alpha_t = \prod_{s \le t} (1 - \beta_s)`, the share of the signal's variance left after :math:`t` steps,
and, for data of unit variance, the signal-to-noise ratio :math:`\bar\alpha_t / (1 - \bar\alpha_t)`. Compare DDPM's linear schedule with the
cosine schedule of improved DDPM, both over :math:`T = 1000` steps.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Two schedules
# -------------
# :func:`mlequations.linear_beta_schedule` raises :math:`\beta_t` evenly from :math:`10^{-4}` to :math:`0.02`;
# :func:`mlequations.cosine_beta_schedule` derives it from a squared cosine prescribed for :math:`\bar\alpha_t`.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import alpha_bar, cosine_beta_schedule, linear_beta_schedule

T = 1000
t = np.arange(1, T + 1)
schedules = {"linear (DDPM)": linear_beta_schedule(T), "cosine (improved DDPM)": cosine_beta_schedule(T)}
abars = {name: alpha_bar(betas) for name, betas in schedules.items()}

# %%
# Signal left and signal-to-noise ratio
# -------------------------------------
# The linear schedule has spent most of the signal's variance by a third of the way; the cosine schedule's
# :math:`\bar\alpha_t` falls almost linearly through the middle steps, and so, on the logarithmic axis, does its
# signal-to-noise ratio.
fig, (ax_abar, ax_snr) = plt.subplots(1, 2, figsize=(8.8, 3.6), layout="constrained")
for name, abar in abars.items():
    ax_abar.plot(t, abar, lw=2, label=name)
    ax_snr.plot(t, abar / (1 - abar), lw=2, label=name)
ax_abar.set(xlabel="step $t$", ylabel=r"$\bar\alpha_t$", title="Signal variance left")
ax_snr.set(xlabel="step $t$", ylabel=r"SNR $= \bar\alpha_t / (1 - \bar\alpha_t)$", yscale="log",
           title="Signal-to-noise ratio")
ax_abar.legend()
fig.suptitle("The cosine schedule spends the signal evenly; the linear one spends it early")
plt.show()

# %%
# Where each schedule crosses even odds
# -------------------------------------
# The step at which signal and noise have equal variance, :math:`\bar\alpha_t = 1/2`:
for name, abar in abars.items():
    print(f"{name}: SNR falls below 1 at step {int(np.argmax(abar < 0.5)) + 1} of {T}")

# %%
# Take-away
# ---------
# Two schedules with the same number of steps can spend the signal at very different rates: compare them by
# :math:`\bar\alpha_t` or the signal-to-noise ratio, not by :math:`\beta_t`.
