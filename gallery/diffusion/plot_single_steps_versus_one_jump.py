r"""
===============================================
A thousand small steps or one jump: same result
===============================================

The forward process adds a little noise at each step, :math:`x_t = \sqrt{1 - \beta_t}\, x_{t-1} + \sqrt{\beta_t}\,
\epsilon_t`. Run that chain many times and compare the distribution of :math:`x_t` with the one-draw closed form
:math:`x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \epsilon` of :func:`mlequations.forward_diffusion`.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# The chain
# ---------
# One step is ``forward_diffusion`` with :math:`\bar\alpha_t` replaced by :math:`1 - \beta_t`. We follow 20 000
# copies of :math:`x_0 = 1.5` through the first 200 steps of the DDPM schedule.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import alpha_bar, forward_diffusion, linear_beta_schedule

rng = np.random.default_rng(0)
betas = linear_beta_schedule(1000)[:200]
x0 = np.full(20_000, 1.5)
x = x0
for beta in betas:
    x = forward_diffusion(x, 1 - beta, noise=rng.standard_normal(x.shape))

# %%
# The jump
# --------
# The same number of draws, each from :math:`x_0` straight to step 200.
abar = alpha_bar(betas)[-1]
jumped = forward_diffusion(x0, abar, noise=rng.standard_normal(x0.shape))
mean, std = np.sqrt(abar) * 1.5, np.sqrt(1 - abar)
print(f"closed form: mean {mean:.4f}, std {std:.4f}")
print(f"200 steps:   mean {x.mean():.4f}, std {x.std():.4f}")
print(f"one jump:    mean {jumped.mean():.4f}, std {jumped.std():.4f}")

# %%
# Both histograms and the Gaussian density
# ----------------------------------------
grid = np.linspace(mean - 4 * std, mean + 4 * std, 400)
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
bins = np.linspace(grid[0], grid[-1], 60)
ax.hist(x, bins=bins, density=True, alpha=0.5, label="200 single steps")
ax.hist(jumped, bins=bins, density=True, histtype="step", lw=2, label=r"one jump with $\bar\alpha_{200}$")
ax.plot(grid, np.exp(-0.5 * ((grid - mean) / std) ** 2) / (std * np.sqrt(2 * np.pi)), "k", lw=1,
        label=rf"$\mathcal{{N}}(\sqrt{{\bar\alpha_t}}\,x_0,\ 1 - \bar\alpha_t)$")
ax.set(xlabel="$x_{200}$", ylabel="density", title="Small steps and one jump give the same Gaussian")
ax.legend(fontsize="small")
plt.show()

# %%
# Take-away
# ---------
# Because a sum of independent Gaussians is Gaussian, with the variances of the steps adding up to
# :math:`1 - \bar\alpha_t`, the chain can be skipped: the two give the same distribution, not the same samples.
# Training draws a random step and noises the data to it in one go, with :math:`\bar\alpha_t`, not the per-step
# :math:`\alpha_t`.
