r"""
=======================================
Why softmax subtracts the largest score
=======================================

The textbook formula exponentiates raw scores: :math:`e^{z}` overflows to infinity once :math:`z` exceeds the
logarithm of the largest float, and rounds to 0 far enough below zero (both thresholds are printed at the end).
Compare it with the shifted form of :func:`mlequations.log_sum_exp` and :func:`mlequations.log_softmax`,
whose exponents never exceed zero.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Two scores, moved together
# --------------------------
# Each row holds two scores one unit apart, shifted by a common offset :math:`c`. The exact log-sum-exp is
# :math:`c + \log(1 + e)`, and the log-softmax of the larger score is :math:`-\log(1 + e^{-1})`, whatever :math:`c`.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import log_softmax, log_sum_exp

offsets = np.linspace(-1000.0, 1000.0, 2001)
scores = offsets[:, None] + np.array([0.0, 1.0])

# %%
# Textbook against shifted
# ------------------------
# The overflow and the ``0 / 0`` that follow are the point of this example, so their warnings are silenced.
# A line cannot show an infinity or a NaN, so the offsets where the textbook value is not finite are shaded, and
# each shaded region says what the formula returns there. Just above the underflow region the exponentials are
# subnormal numbers, with few significant digits, and the textbook value strays off the panel.
with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
    naive_lse = np.log(np.exp(scores).sum(axis=1))
    naive_log_softmax = np.log(np.exp(scores[:, 1]) / np.exp(scores).sum(axis=1))
shifted_lse = log_sum_exp(scores, axis=1)
shifted_log_softmax = log_softmax(scores, axis=1)[:, 1]

fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 5.6), sharex=True, layout="constrained")
for ax, shifted, naive in [(top, shifted_lse - offsets, naive_lse - offsets),
                           (bottom, shifted_log_softmax, naive_log_softmax)]:
    ax.plot(offsets, shifted, lw=3, label="shifted")
    ax.plot(offsets, naive, ls="--", label="textbook, where finite")
    ax.set_ylim(shifted[0] - 0.35, shifted[0] + 0.35)  # the textbook value near the underflow leaves the panel
    # Shade each run of offsets where the textbook value is not finite, and say what it is there.
    failed = ~np.isfinite(naive)
    starts = np.flatnonzero(failed & ~np.r_[False, failed[:-1]])
    ends = np.flatnonzero(failed & ~np.r_[failed[1:], False])
    for start, end in zip(starts, ends):
        ax.axvspan(offsets[start], offsets[end], color="tab:red", alpha=0.15, lw=0)
        ax.text((offsets[start] + offsets[end]) / 2, 0.75, f"textbook\ngives {naive[start]}", color="tab:red",
                ha="center", va="center", transform=ax.get_xaxis_transform())
top.set(ylabel=r"$\mathrm{LSE}(z) - c$", title="The textbook formula fails in the shaded regions")
top.legend(loc="lower center", ncols=2)
bottom.set(xlabel="common offset $c$ of the scores", ylabel=r"$\log \sigma(z)_2$")
plt.show()

# %%
# Where the textbook formula breaks
# ---------------------------------
# Count the offsets at which each formula fails to give a finite answer, and print the float64 thresholds of
# ``exp``: above the first it overflows to infinity, below the second it rounds to 0.
print("textbook log-sum-exp fails at", np.sum(~np.isfinite(naive_lse)), "of", offsets.size, "offsets")
print("textbook log-softmax fails at", np.sum(~np.isfinite(naive_log_softmax)), "of", offsets.size, "offsets")
print("shifted forms fail at", np.sum(~np.isfinite(shifted_lse)) + np.sum(~np.isfinite(shifted_log_softmax)),
      "offsets")
print(f"exp overflows above {np.log(np.finfo(np.float64).max):.2f} and rounds to 0 below {-1075 * np.log(2):.2f}")

# %%
# Take-away
# ---------
# Softmax does not change when every score moves by the same amount, so subtracting the largest score costs
# nothing in exact arithmetic and keeps every exponent at or below zero. Losses and attention should call these
# functions rather than exponentiate scores themselves.
