r"""
======================================================
Joint, marginal and conditional: one table, four views
======================================================

A joint probability table :math:`P(A, B)` holds everything about two discrete variables. Summing along the rows
or along the columns gives a marginal; dividing by a marginal gives a conditional; multiplying back gives the
table again, :math:`P(A, B) = P(A \mid B) P(B) = P(B \mid A) P(A)`. The table here sorts the flowers of the
iris data set by species :math:`A` and by petal length :math:`B`.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scikit-learn``.
"""

# %%
# A joint table from data
# -----------------------
# Three species (rows) and six bins of petal length (columns); each cell is the share of the flowers that fall
# in it, so the cells sum to one. Every cell is printed on the figures, and the colour scale of
# each panel runs from 0 to the largest value it can hold, so that the table can be read.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_iris

from mlequations import conditional_probability, joint_probability, marginal

iris = load_iris()
species = [name.capitalize() for name in iris.target_names]
edges = np.array([1.0, 2.0, 4.0, 4.5, 5.0, 5.5, 7.0])
lengths = [f"{lo:g}\N{EN DASH}{hi:g}" for lo, hi in zip(edges[:-1], edges[1:])]
counts = np.array([np.histogram(iris.data[iris.target == k, 2], bins=edges)[0] for k in range(3)])
joint = counts / counts.sum()
p_a, p_b = marginal(joint, keep=0), marginal(joint, keep=1)
a_given_b = conditional_probability(joint, given=1)  # each column sums to one
b_given_a = conditional_probability(joint, given=0)  # each row sums to one
print("flowers per cell:\n", counts)


def show(ax, table, title, vmax):
    """Draw `table` as a heat map from 0 to `vmax`, with each cell's value written in it."""
    image = ax.imshow(table, cmap="Blues", vmin=0.0, vmax=vmax)
    for (i, j), value in np.ndenumerate(table):
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9,
                color="white" if value > 0.6 * vmax else "black")
    ax.set(title=title, xticks=range(len(lengths)), xticklabels=lengths, yticks=range(len(species)),
           yticklabels=species, xlabel="petal length $b$ (cm)")
    return image


# %%
# The sum rule: marginals are the row and column sums
# ---------------------------------------------------
# :math:`P(A = a) = \sum_b P(A = a, B = b)` sums each row (right); :math:`P(B = b)` sums each column (top).
fig, axes = plt.subplot_mosaic([["top", "."], ["joint", "right"]], figsize=(7.6, 4.6), layout="constrained",
                               width_ratios=[4.0, 1.0], height_ratios=[1.2, 2.0])
show(axes["joint"], joint, "", vmax=joint.max())
axes["joint"].set(ylabel="species $a$")
axes["top"].bar(range(len(lengths)), p_b, color="tab:blue")
axes["top"].set(xlim=axes["joint"].get_xlim(), ylim=(0.0, 1.25 * p_b.max()), xticks=[], ylabel="$P(B = b)$",
                title="The sum rule: each marginal sums the joint table along one axis")
axes["right"].barh(range(len(species)), p_a, color="tab:blue")
axes["right"].set(ylim=axes["joint"].get_ylim(), yticks=[], xlabel="$P(A = a)$")
for k, value in enumerate(p_b):
    axes["top"].text(k, value, f"{value:.2f}", ha="center", va="bottom", fontsize=9)
for k, value in enumerate(p_a):
    axes["right"].text(value / 2, k, f"{value:.2f}", ha="center", va="center", color="white", fontsize=9)
plt.show()

# %%
# Conditioning rescales the table
# -------------------------------
# :math:`P(A \mid B)` divides each column by its sum: given the petal length, how likely each species is.
# :math:`P(B \mid A)` divides each row by its sum: given the species, how its petal lengths spread. The same cell
# can be small in the joint table and large in a conditional: the versicolor flowers with petals of 2 to 4 cm
# are few among all flowers, but they are every flower of that length.
fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.4), layout="constrained")
show(axes[0], a_given_b, r"$P(A \mid B)$: each column sums to 1", vmax=1.0)
show(axes[1], b_given_a, r"$P(B \mid A)$: each row sums to 1", vmax=1.0)
axes[0].set(ylabel="species $a$")
fig.suptitle("Conditioning divides the joint table by one of its marginals")
plt.show()

# %%
# The product rule, and what independence would look like
# --------------------------------------------------------
# Multiplying each conditional by its marginal rebuilds the joint table up to rounding, whichever variable is
# conditioned on. The product of the marginals is the table that independent variables would have: it spreads
# every species over every length, which the flowers do not do.
via_b = joint_probability(a_given_b, p_b, given=1)
via_a = joint_probability(b_given_a, p_a, given=0)
independent = np.outer(p_a, p_b)
fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.0), layout="constrained")
vmax = max(joint.max(), independent.max())
show(axes[0], via_b, r"$P(A \mid B)\,P(B) = P(A, B)$", vmax=vmax)
show(axes[1], independent, r"$P(A)\,P(B) \neq P(A, B)$: not independent", vmax=vmax)
axes[0].set(ylabel="species $a$")
plt.show()

print(f"largest |P(A|B)P(B) - P(A,B)|: {np.abs(via_b - joint).max():.1e}")
print(f"largest |P(B|A)P(A) - P(A,B)|: {np.abs(via_a - joint).max():.1e}")
print(f"largest |P(A)P(B) - P(A,B)|:   {np.abs(independent - joint).max():.3f}")

# %%
# Take-away
# ---------
# Marginals and conditionals are views of the joint table: the sum rule removes a variable, the product rule
# puts it back. Bayes' theorem is the product rule written both ways and solved for one conditional.
