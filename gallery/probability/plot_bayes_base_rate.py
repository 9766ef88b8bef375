r"""
=================================================
Bayes' theorem: a positive test and the base rate
=================================================

How likely is the disease after a positive test? Bayes' theorem,
:math:`P(D \mid +) = P(+ \mid D) P(D) / P(+)`, says it depends on how common the disease is, not only on how
good the test is. Here :func:`mlequations.bayes_posterior` answers for every base rate from one in a million to
one in two, for three tests.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# Priors from rare to common
# --------------------------
# Each row of ``prior`` is one population, ``[P(disease), P(healthy)]``; the likelihood of a positive result is
# ``[sensitivity, false-positive rate]``, the same for every row.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import bayes_posterior

base_rate = np.logspace(-6, np.log10(0.5), 300)
prior = np.column_stack([base_rate, 1.0 - base_rate])
tests = {"sensitivity 0.99, false positives 0.02 (the guide's)": (0.99, 0.02),
         "sensitivity 0.99, false positives 0.001": (0.99, 0.001),
         "sensitivity 0.80, false positives 0.10": (0.80, 0.10)}

# %%
# The posterior against the base rate
# -----------------------------------
# The guide's case, one person in a hundred, is marked: a positive result there means a one-in-three chance.
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
for label, (sensitivity, fpr) in tests.items():
    likelihood = np.broadcast_to([sensitivity, fpr], prior.shape)
    ax.plot(base_rate, bayes_posterior(prior, likelihood)[:, 0], lw=2, label=label)
guide = bayes_posterior([0.01, 0.99], [0.99, 0.02])[0]
ax.plot([0.01], [guide], "ko")
ax.annotate(f"base rate 0.01: {guide:.4f}", (0.01, guide), xytext=(1e-4, 0.55),
            arrowprops={"arrowstyle": "->"})
ax.set(xscale="log", xlabel="base rate $P(D)$", ylabel=r"posterior $P(D \mid +)$", ylim=(0, 1.02),
       title="For a rare disease, most positive results are false alarms")
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# How rare is too rare?
# ---------------------
# The posterior passes one half when the true positives outnumber the false ones, :math:`s P(D) > f (1 - P(D))`,
# i.e. at the base rate :math:`f / (s + f)`.
for label, (sensitivity, fpr) in tests.items():
    print(f"{label}: posterior above 1/2 from a base rate of {fpr / (sensitivity + fpr):.4f}")

# %%
# Take-away
# ---------
# A test's sensitivity and false-positive rate are only part of the story: the prior decides how much a positive
# result means. Screening a population for a rare condition needs a very low false-positive rate, or a second
# test whose result is independent of the first given the disease status.
