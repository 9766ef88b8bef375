r"""
========================================
Binary entropy: how uncertain is a coin?
========================================

A coin that lands heads with probability :math:`q` has entropy
:math:`H(q) = -q \log q - (1 - q) \log(1 - q)`. Plot it in bits and in nats with :func:`mlequations.entropy`
and see where it peaks, where it vanishes, and how the two units relate.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Coins from certain tails to certain heads
# ------------------------------------------
# Each row of ``p`` is one coin, ``[P(heads), P(tails)]``. The two ends are certain coins, whose entropy is
# zero by the convention :math:`0 \log 0 = 0`.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import entropy

q = np.linspace(0.0, 1.0, 201)
p = np.column_stack([q, 1.0 - q])

bits = entropy(p, base=2)
nats = entropy(p)

# %%
# Entropy against the probability of heads
# ----------------------------------------
# The fair coin, in the middle, is the least predictable: one bit, or :math:`\log 2` nats.
fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
ax.plot(q, bits, lw=2.5, label="bits (base 2)")
ax.plot(q, nats, lw=2.5, ls="--", label="nats (natural log)")
ax.axvline(0.5, color="0.6", lw=1, zorder=0)
ax.set(xlabel="probability of heads $q$", ylabel="entropy $H(q)$",
       title="A fair coin is the most uncertain; a certain one carries nothing")
ax.legend(loc="lower center")
plt.show()

# %%
# The ratio between the units
# ---------------------------
# Away from the two certain coins, bits divided by nats is :math:`1 / \log 2` everywhere, up to rounding.
inside = (q > 0) & (q < 1)
ratio = bits[inside] / nats[inside]
print(f"bits / nats: min {ratio.min():.12f}, max {ratio.max():.12f}, 1 / log 2 = {1 / np.log(2):.12f}")

# %%
# Take-away
# ---------
# Entropy measures unpredictability: zero for a certain outcome, largest for equally likely outcomes. The
# logarithm's base only sets the unit, so always say which one a number is in.
