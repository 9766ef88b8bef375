r"""
===========================================
Gradient descent: too slow, right, too fast
===========================================

Fit a line through the guide's three points by gradient descent on half the mean squared error, with
:func:`mlequations.least_squares_objective` and :func:`mlequations.gradient_descent`, at four learning rates.
The update is :math:`\theta_{t+1} = \theta_t - \eta \nabla L(\theta_t)`; on this quadratic it converges for
every :math:`0 < \eta < 2/\lambda_{\max}`, where :math:`\lambda_{\max}` is the largest eigenvalue of the Hessian,
and diverges above it from almost every start. (The printed output writes :math:`\lambda_{\max}` as ``L``, the
Lipschitz constant of the gradient, which for a quadratic is the same number.)

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib``.
"""

# %%
# The objective and its curvature
# -------------------------------
# The first column of ``X`` is the intercept. The Hessian of half the MSE is :math:`X^\top X / n`; its
# eigenvalues bound the learning rate and set the speed of the slowest direction.
import matplotlib.pyplot as plt
import numpy as np

from mlequations import gradient_descent, least_squares_objective

X = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
y = np.array([1.0, 2.0, 3.0])
objective = least_squares_objective(X, y, half=True)
eigenvalues = np.linalg.eigvalsh(objective.hessian)
print(f"eigenvalues {eigenvalues.round(4)}, condition number {eigenvalues[-1] / eigenvalues[0]:.1f}, "
      f"2/L = {2 / eigenvalues[-1]:.4f}")

# %%
# Four learning rates
# -------------------
# The guide's 0.01, two larger stable ones, and one just above :math:`2/\lambda_{\max}`. The divergent run is
# kept short: a longer one overflows, and an error is raised rather than NaN returned (see the last cell).
rates = {0.01: 300, 0.1: 300, 0.3: 300, 0.38: 25}
runs = {eta: gradient_descent(objective.gradient, np.zeros(2), learning_rate=eta, epochs=epochs,
                              loss=objective.loss) for eta, epochs in rates.items()}

fig, (curves, contour) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
for eta, run in runs.items():
    curves.plot(run.losses, lw=2, label=rf"$\eta = {eta}$")
curves.set(yscale="log", xlabel="epoch $t$", ylabel=r"$\frac{1}{2}\,\mathrm{MSE}(\theta_t)$",
           title="Larger steps converge faster, until they diverge")
curves.legend()

t0, t1 = np.meshgrid(np.linspace(-1.5, 1.5, 61), np.linspace(-0.25, 1.75, 61))
grid = np.array([objective.loss(p) for p in np.column_stack([t0.ravel(), t1.ravel()])]).reshape(t0.shape)
contour.contour(t0, t1, grid, levels=np.geomspace(1e-3, 20, 14), colors="0.75", linewidths=0.8)
for k, (eta, run) in enumerate(runs.items()):  # the slowest rate on top
    contour.plot(run.path[:, 0], run.path[:, 1], ".-", ms=3, lw=1, zorder=10 - k, label=rf"$\eta = {eta}$")
contour.plot(*np.linalg.lstsq(X, y, rcond=None)[0], "k*", ms=12, label="least squares")
contour.set(xlim=(-1.5, 1.5), ylim=(-0.25, 1.75), xlabel=r"intercept $\theta_0$", ylabel=r"slope $\theta_1$",
            title="Paths from the origin over the loss contours")
contour.legend(loc="lower left", fontsize="small")
plt.show()

# %%
# The shape of the objective
# --------------------------
# Half the MSE is a quadratic: with :math:`\theta^\star` its minimiser and :math:`H` its Hessian,
# :math:`L(\theta) = L(\theta^\star) + \frac12 (\theta - \theta^\star)^\top H (\theta - \theta^\star)`. Its level
# set :math:`L(\theta) = L(\theta^\star) + c` is therefore an ellipse centred on :math:`\theta^\star`, whose axes
# point along the eigenvectors :math:`q_i` of :math:`H` with half-lengths :math:`\sqrt{2c/\lambda_i}`: long where
# the curvature is small. The arrows are those half-axes, computed from the eigendecomposition, for the level
# drawn in black.
minimiser = np.linalg.lstsq(X, y, rcond=None)[0]
curvatures, axes_of_h = np.linalg.eigh(objective.hessian)
c = 0.1
fig, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
ax.contour(t0, t1, grid, levels=np.geomspace(1e-3, 20, 14), colors="0.75", linewidths=0.8)
ax.contour(t0, t1, grid, levels=[objective.loss(minimiser) + c], colors="k", linewidths=2)
for i, color in enumerate(["tab:blue", "tab:orange"]):
    tip = minimiser + np.sqrt(2 * c / curvatures[i]) * axes_of_h[:, i]
    ax.annotate("", xy=tip, xytext=minimiser, arrowprops=dict(arrowstyle="->", color=color, lw=2.5))
    ax.annotate(rf"$\sqrt{{2c/\lambda_{i + 1}}}\,q_{i + 1}$", xy=(minimiser + tip) / 2,
                xytext=(4, 6) if i else (0, -22), textcoords="offset points", color=color, fontsize=12)
ax.plot(*minimiser, "k*", ms=12, label=r"$\theta^\star$ (normal equations)")
ax.set(xlim=(-1.5, 1.5), ylim=(-0.25, 1.75), xlabel=r"intercept $\theta_0$", ylabel=r"slope $\theta_1$",
       title="Level sets are ellipses along the Hessian's eigenvectors")
ax.legend(loc="lower left")
plt.show()

# %%
# How many epochs does each stable rate need?
# -------------------------------------------
# The guide stops after 1000 epochs at :math:`\eta = 0.01` and expects about :math:`[0, 1]`. Count the epochs
# after which every component stays within 0.05 of the optimum.
for eta in (0.01, 0.1, 0.3):
    path = gradient_descent(objective.gradient, np.zeros(2), learning_rate=eta, epochs=3000).path
    outside = np.flatnonzero(np.any(np.abs(path - [0.0, 1.0]) > 0.05, axis=1))
    print(f"eta = {eta}: within 0.05 from epoch {outside[-1] + 1}; after 1000 epochs theta = {path[1000].round(4) + 0.0}")

# %%
# Above 2/L the run raises
# ------------------------
# Here the objective's gradient raises first: it checks its own result and names ``theta``. A gradient function
# without such a check lets :func:`~mlequations.gradient_descent` raise, naming the learning rate and the step.
try:
    gradient_descent(objective.gradient, np.zeros(2), learning_rate=0.38, epochs=10_000)
except ValueError as error:
    print(error)

# %%
# Take-away
# ---------
# The learning rate is capped by the steepest direction (:math:`\eta < 2/\lambda_{\max}`), while the flattest
# direction sets the number of epochs: when :math:`\eta\lambda_{\min} \ll 1`, its error shrinks by a factor
# :math:`e` about every :math:`1/(\eta\lambda_{\min})` epochs. The guide's 1000 epochs at :math:`\eta = 0.01` fall
# short mainly because that rate is far below the cap printed above; the condition number printed above is why
# even the best fixed rate needs many epochs.
