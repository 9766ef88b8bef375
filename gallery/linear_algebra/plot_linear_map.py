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
# Which directions keep their direction?
# --------------------------------------
# Send every unit vector :math:`x = (\cos\theta, \sin\theta)` through :math:`A` and measure two things: the angle
# from :math:`x` to :math:`Ax`, and the stretch :math:`\lVert Ax \rVert`. The angle is zero exactly at the
# eigenvectors' directions, and there the stretch is the eigenvalue. The largest and smallest stretch are the
# singular values, reached at the right singular vectors, which are not the eigenvectors of this matrix.
theta = np.linspace(0.0, np.pi, 721)
directions = np.column_stack([np.cos(theta), np.sin(theta)])
images = linear_transform(A, directions)
turn = np.angle((images[:, 0] + 1j * images[:, 1]) / (directions[:, 0] + 1j * directions[:, 1]), deg=True)
stretch = np.linalg.norm(images, axis=1)
eigen_angles = np.degrees(np.mod(np.arctan2(eigenvectors[1], eigenvectors[0]), np.pi))
singular_angles = np.degrees(np.mod(np.arctan2(Vt[:, 1], Vt[:, 0]), np.pi))

fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 5.6), sharex=True, layout="constrained")
top.plot(np.degrees(theta), turn, color="k", lw=2)
top.axhline(0.0, color="0.6", lw=0.8)
bottom.plot(np.degrees(theta), stretch, color="k", lw=2)
for i, color in enumerate(["tab:blue", "tab:orange"]):
    for ax in (top, bottom):
        ax.axvline(eigen_angles[i], color=color, lw=2, ls="-")
    bottom.plot(eigen_angles[i], eigenvalues[i], "o", color=color, ms=8,
                label=rf"$v_{i + 1}$: stretch $\lambda_{i + 1}$")
bottom.plot(singular_angles, S, "s", color="tab:green", ms=7, mfc="none", mew=2,
            label=r"right singular vectors: stretch $\sigma_1$, $\sigma_2$")
top.set(ylabel=r"angle from $x$ to $Ax$ (degrees)", title="The angle vanishes at the eigenvectors")
bottom.set(xlabel=r"direction $\theta$ of the unit vector $x$ (degrees)", ylabel=r"stretch $\Vert Ax \Vert$",
           xticks=range(0, 181, 30), xlim=(0, 180))
bottom.legend(fontsize="small")
plt.show()

# %%
# The SVD as three simple maps
# ----------------------------
# :math:`A = U \Sigma V^\top`: first the orthogonal :math:`V^\top` turns (or reflects) the circle onto itself and
# takes the right singular vectors to the axes; then :math:`\Sigma` stretches along the axes by :math:`\sigma_1`
# and :math:`\sigma_2`; then the orthogonal :math:`U` turns the ellipse into place. The small square marks where
# :math:`(1, 0)` goes.
stages = [(np.eye(2), "the unit circle $x$"), (Vt, r"turned: $V^\top x$"),
          (np.diag(S) @ Vt, r"stretched: $\Sigma V^\top x$"),
          (U @ np.diag(S) @ Vt, r"turned: $U \Sigma V^\top x = Ax$")]
fig, axes = plt.subplots(2, 2, figsize=(7.2, 7.0), sharex=True, sharey=True, layout="constrained")
for ax, (M, title) in zip(axes.flat, stages):
    image = linear_transform(M, circle)
    ax.plot(image[:, 0], image[:, 1], color="k", lw=2)
    for i in range(2):
        s = linear_transform(M, Vt[i])
        ax.annotate("", xy=s, xytext=(0, 0), arrowprops=dict(arrowstyle="->", color="tab:green", lw=2))
        ax.text(*(1.15 * s + [0.0, 0.3]), rf"$v_{i + 1}$", color="tab:green", fontsize=12)
    ax.plot(*linear_transform(M, [1.0, 0.0]), "s", color="tab:red", ms=6)
    ax.set_aspect("equal")
    ax.axhline(0, color="0.6", lw=0.5, zorder=0)
    ax.axvline(0, color="0.6", lw=0.5, zorder=0)
    ax.set(title=title, xlim=(-6, 6), ylim=(-6, 6))
for ax in axes[1]:
    ax.set(xlabel="first coordinate")
for ax in axes[:, 0]:
    ax.set(ylabel="second coordinate")
fig.suptitle("The SVD: turn, stretch along the axes, turn")
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
