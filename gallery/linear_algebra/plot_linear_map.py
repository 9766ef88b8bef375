r"""
=============================================================
A matrix turns the unit circle into an ellipse: eigen and SVD
=============================================================

Apply the guide's matrix :math:`A = \begin{pmatrix} 4 & 2 \\ 1 & 3 \end{pmatrix}` to the unit circle and to a
grid with :func:`mlequations.linear_transform`. Two kinds of special directions show up: the eigenvectors,
which :math:`A` only stretches (:math:`A\mathbf{v} = \lambda\mathbf{v}`), and the right singular vectors, which
:math:`A` maps onto the semi-axes of the ellipse (:math:`A\mathbf{v}_i = \sigma_i\mathbf{u}_i`).

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# The circle, a grid, and the map
# -------------------------------
# Points are stored one per row, so one call maps all of them.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import eigendecomposition, linear_transform, singular_value_decomposition

A = np.array([[4.0, 2.0], [1.0, 3.0]])
t = np.linspace(0.0, 2.0 * np.pi, 361)
circle = np.column_stack([np.cos(t), np.sin(t)])
ticks = np.linspace(-1.0, 1.0, 5)
line = np.linspace(-1.0, 1.0, 41)
grid = [np.column_stack([np.full_like(line, c), line]) for c in ticks]
grid += [np.column_stack([line, np.full_like(line, c)]) for c in ticks]

eigenvalues, eigenvectors = eigendecomposition(A)
U, S, Vt = singular_value_decomposition(A)
print("eigenvalues:", eigenvalues.round(10))
print("singular values:", S.round(10))

# %%
# Before and after
# ----------------
# On the left, the input plane with the eigenvectors (solid) and the right singular vectors (dashed). On the
# right, their images: each eigenvector is only stretched by its eigenvalue (both are positive here) and keeps its
# direction, while the right singular vectors, orthogonal before, land on the orthogonal semi-axes of the ellipse.
fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.6), layout="constrained")
for ax, mapped in zip(axes, [False, True]):
    f = (lambda p: linear_transform(A, p)) if mapped else (lambda p: p)
    for segment in grid:
        image = f(segment)
        ax.plot(image[:, 0], image[:, 1], color="0.8", lw=0.8)
    image = f(circle)
    ax.plot(image[:, 0], image[:, 1], color="k", lw=2)
    for i, color in enumerate(["tab:blue", "tab:orange"]):
        v = f(eigenvectors[:, i])
        ax.annotate("", xy=v, xytext=(0, 0), arrowprops=dict(arrowstyle="->", color=color, lw=2.5))
        ax.text(*(1.1 * v), rf"$\lambda_{i + 1} v_{i + 1}$" if mapped else rf"$v_{i + 1}$", color=color, fontsize=12)
        s = f(Vt[i])
        ax.annotate("", xy=s, xytext=(0, 0), arrowprops=dict(arrowstyle="->", color="tab:green", lw=1.5, ls="--"))
    ax.set_aspect("equal")
    ax.axhline(0, color="0.6", lw=0.5, zorder=0)
    ax.axvline(0, color="0.6", lw=0.5, zorder=0)
axes[0].set(xlabel="$x_1$", ylabel="$x_2$", xticks=[-1, 0, 1], yticks=[-1, 0, 1], title="input $x$")
axes[1].set(xlabel="$y_1$", ylabel="$y_2$", title="output $y = Ax$")
axes[0].legend(handles=[plt.Line2D([], [], color="tab:blue", lw=2.5, label="eigenvectors"),
                        plt.Line2D([], [], color="tab:green", lw=1.5, ls="--", label="right singular vectors")],
               loc="lower left", fontsize=8)
fig.suptitle("Eigenvectors keep their direction; singular vectors land on the ellipse's axes")
plt.show()

# %%
# The numbers behind the picture
# ------------------------------
# The ellipse's longest radius is the largest singular value (the 361 sampled points come within rounding of it).
# The moduli of the eigenvalues lie between the extreme singular values, as for every square matrix
# (:math:`\sigma_{\min} \le \lVert A\mathbf{v} \rVert / \lVert \mathbf{v} \rVert = |\lambda| \le \sigma_{\max}`),
# but the eigenvectors of this non-symmetric matrix are not orthogonal.
image = linear_transform(A, circle)
print("longest radius of the ellipse, over 361 points of the circle:", np.linalg.norm(image, axis=1).max().round(6))
print("cosine between the eigenvectors:", float(eigenvectors[:, 0] @ eigenvectors[:, 1]).__round__(10))

# %%
# Take-away
# ---------
# Eigenvectors are the directions a square matrix leaves in place (up to a scaling); right singular vectors are
# orthogonal directions that it sends to orthogonal directions. For a symmetric matrix, orthonormal eigenvectors
# are also right singular vectors, and the singular values are the moduli of the eigenvalues.
