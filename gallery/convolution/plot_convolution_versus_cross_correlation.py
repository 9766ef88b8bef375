r"""
=============================================================
Convolution or cross-correlation: which way the kernel points
=============================================================

With a symmetric kernel the two operations agree (up to where the output is aligned); with an asymmetric one
they do not. Pass a spike and a step
through a decaying kernel with :func:`mlequations.convolve` and through the same kernel reversed, which is the
cross-correlation that deep-learning layers call convolution.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# A signal and a one-sided kernel
# -------------------------------
# The kernel :math:`g[k] = 0.7^k`, :math:`k = 0, \dots, 7`, is the response of a leaky system to a unit impulse,
# cut after eight samples: it keeps echoing its input, more faintly each step.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import convolve

n = np.arange(60)
signal = np.zeros(60)
signal[15] = 1.0          # a spike
signal[35:] = 0.5         # a step
kernel = 0.7 ** np.arange(8)

# Full outputs, cut so that output n lines up with input n (lag 0): (f * g)[n] = sum_k f[n - k] g[k], and the
# cross-correlation, sum_k f[n + k] g[k], is the convolution with the reversed kernel, shifted by its length - 1.
convolved = convolve(signal, kernel)[: n.size]
correlated = convolve(signal, kernel[::-1])[kernel.size - 1:][: n.size]

# %%
# Two responses
# -------------
# Convolution spreads each input forwards in time, so the echo follows the spike; cross-correlation spreads it
# backwards, so the response starts before the spike has happened.
fig, ax = plt.subplots(figsize=(7.2, 3.6), layout="constrained")
ax.plot(n, signal, "k", drawstyle="steps-mid", lw=1, label="signal $f$")
ax.plot(n, convolved, "o-", ms=3, label=r"convolution $f * g$")
ax.plot(n, correlated, "s--", ms=3, label=r"cross-correlation $f \star g$")
ax.set(xlabel="sample $n$", ylabel="value", title="Convolution echoes after the spike; cross-correlation before it")
ax.legend(fontsize="small")
plt.show()

# %%
# Smoothing with a symmetric kernel
# ---------------------------------
# A sampled Gaussian kernel centred on its middle tap is its own reverse, so here the two operations are the
# same: both average each sample with its neighbours, and the root-mean-square error printed below falls.
rng = np.random.default_rng(0)
t = np.linspace(0, 4 * np.pi, 300)
noisy = np.sin(t) + 0.4 * rng.standard_normal(t.size)
taps = np.arange(-12, 13)
gaussian = np.exp(-0.5 * (taps / 4.0) ** 2)
gaussian /= gaussian.sum()
smooth = convolve(noisy, gaussian, mode="same")
print("the kernel is symmetric:", bool(np.array_equal(gaussian, gaussian[::-1])))
print("root-mean-square error before:", round(float(np.sqrt(np.mean((noisy - np.sin(t)) ** 2))), 3),
      "after, away from the ends:", round(float(np.sqrt(np.mean((smooth - np.sin(t))[12:-12] ** 2))), 3))

fig, ax = plt.subplots(figsize=(7.2, 3.4), layout="constrained")
ax.plot(t, noisy, ".", ms=3, color="0.6", label="noisy samples")
ax.plot(t, smooth, lw=2, label="convolved with a Gaussian")
ax.plot(t, np.sin(t), "k:", lw=1, label=r"$\sin t$")
ax.set(xlabel="$t$", ylabel="value", title="A symmetric kernel smooths the same either way")
ax.legend(fontsize="small", loc="lower left")
plt.show()

# %%
# Take-away
# ---------
# Whether the kernel is flipped matters only for kernels that are not symmetric. Signal processing flips it
# (convolution); convolutional networks do not (cross-correlation), which is harmless because their kernels are
# learnt: a network can learn the flipped kernel as easily.
