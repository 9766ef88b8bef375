r"""
======================================================
Joint, marginal and conditional: one table, four views
======================================================

A joint probability table :math:`P(A, B)` holds everything about two discrete variables. Summing along the rows
or along the columns gives a marginal; dividing by a marginal gives a conditional; multiplying back gives the
table again, :math:`P(A, B) = P(A \mid B) P(B) = P(B \mid A) P(A)`. The table here is random, drawn with a seed.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# A joint table
# -------------
# Four values of :math:`A` (rows) and five of :math:`B` (columns), drawn from a Dirichlet distribution so that
# the twenty cells sum to one.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import conditional_probability, joint_probability, marginal

rng = np.random.default_rng(0)
joint = rng.dirichlet(np.full(20, 0.7)).reshape(4, 5)
p_a, p_b = marginal(joint, keep=0), marginal(joint, keep=1)
a_given_b = conditional_probability(joint, given=1)  # each column sums to one
b_given_a = conditional_probability(joint, given=0)  # each row sums to one

# %%
# The four tables side by side
# ----------------------------
# The conditionals rescale the joint table column by column or row by row, so the same cell can be small in one
# view and large in another.
fig, axes = plt.subplots(1, 4, figsize=(11.0, 3.8), layout="constrained")
views = [(joint, "$P(A, B)$"), (a_given_b, r"$P(A \mid B)$, columns sum to 1"),
         (b_given_a, r"$P(B \mid A)$, rows sum to 1"), (np.outer(p_a, p_b), "$P(A)\\,P(B)$")]
for ax, (table, title) in zip(axes, views):
    image = ax.imshow(table, cmap="viridis", vmin=0, vmax=1)
    ax.set(title=title, xlabel="$b$", ylabel="$a$", xticks=range(5), yticks=range(4))
fig.colorbar(image, ax=axes, shrink=0.8, label="probability")
fig.suptitle("Conditioning rescales the joint table; the product of marginals is a different table")
plt.show()

# %%
# The product rule, both ways
# ---------------------------
# Multiplying each conditional by its marginal rebuilds the joint table up to rounding, whichever variable is
# conditioned on. The product of the marginals does not: :math:`A` and :math:`B` are not independent.
via_b = joint_probability(a_given_b, p_b, given=1)
via_a = joint_probability(b_given_a, p_a, given=0)
print(f"largest |P(A|B)P(B) - P(A,B)|: {np.abs(via_b - joint).max():.1e}")
print(f"largest |P(B|A)P(A) - P(A,B)|: {np.abs(via_a - joint).max():.1e}")
print(f"largest |P(A)P(B) - P(A,B)|:   {np.abs(np.outer(p_a, p_b) - joint).max():.3f}")

# %%
# Take-away
# ---------
# Marginals and conditionals are views of the joint table: the sum rule removes a variable, the product rule
# puts it back. Bayes' theorem is the product rule written both ways and solved for one conditional.
