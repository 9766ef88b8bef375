r"""
=======================================
A handwritten digit dissolving in noise
=======================================

Noise one image of a handwritten digit to several steps :math:`t` with :func:`mlequations.forward_diffusion`,
:math:`x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \epsilon`, under the linear and the cosine
schedule, with the same noise :math:`\epsilon` for both.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scikit-learn``.
"""

# %%
# The image
# ---------
# An 8 x 8 digit from the data set that ships with scikit-learn, its grey levels 0 to 16 scaled to
# :math:`[-1, 1]`, the range DDPM works in.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from mlequations import alpha_bar, cosine_beta_schedule, forward_diffusion, linear_beta_schedule

x0 = load_digits().images[0] / 8.0 - 1.0
T = 1000
steps = [0, 50, 150, 300, 500, 1000]
eps = np.random.default_rng(0).standard_normal(x0.shape)

# %%
# Noised in one draw per step
# ---------------------------
# Every panel is one call: no chain of steps is simulated, because :math:`\bar\alpha_t` jumps straight to step
# :math:`t`. Step 0 is the clean image.
schedules = {"linear": linear_beta_schedule(T), "cosine": cosine_beta_schedule(T)}
fig, axes = plt.subplots(2, len(steps), figsize=(8.8, 3.6), layout="constrained")
for row, (name, betas) in zip(axes, schedules.items()):
    abar = np.concatenate([[1.0], alpha_bar(betas)])  # abar[0] = 1: nothing noised yet
    for ax, t in zip(row, steps):
        ax.imshow(forward_diffusion(x0, abar[t], noise=eps), cmap="gray", vmin=-2.5, vmax=2.5)
        ax.set(xticks=[], yticks=[], title=rf"$t = {t}$, $\bar\alpha_t = {abar[t]:.2f}$")
        ax.title.set_fontsize("small")
    row[0].set_ylabel(name)
fig.suptitle("By t = 300 the linear schedule has all but erased the digit; the cosine one has not")
plt.show()

# %%
# Take-away
# ---------
# The model has to learn to undo every one of these steps. A schedule that erases the data early, like the
# linear one on small images, leaves many steps at which almost no signal is left to learn from.
