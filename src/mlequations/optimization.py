"""Optimization: gradient descent, the least-squares objective, and backpropagation through a small network.

Gradient descent is written once, for any gradient function; the least-squares objective and the multilayer
perceptron supply gradients to it, the second by the chain rule applied layer by layer.
"""

from typing import Callable, NamedTuple

import numpy as np

from ._validation import (
    as_float_array,
    as_result,
    check_bool,
    check_callable,
    check_choice,
    check_finite_result,
    check_generator,
    check_integer,
    check_layer_sizes,
    check_ndim,
    check_positive_scalar,
    check_returned_array,
    check_returned_scalar,
    check_same_rows,
    check_sequence,
    check_shape,
    fail_diverged,
    fail_layer_count,
    fail_not_finite_at_start,
    fits_in_memory,
    in_common_dtype,
)

__all__ = ["MultilayerPerceptron", "gradient_descent", "least_squares_objective"]


# -- the equations -------------------------------------------------------------------------------------------------

def _gradient_descent_equation(gradient, theta0, eta, epochs, tol=None):
    """theta_{t+1} = theta_t - eta * gradient(theta_t) for t = 0, ..., epochs - 1: every iterate,
    the start included, one per row. With `tol`, stop at the first theta_t whose gradient has a
    Euclidean norm of at most tol."""
    path = [theta0]
    for t in range(epochs):
        g = gradient(path[-1])
        if tol is not None and np.sqrt(np.sum(np.square(g, dtype=np.float64))) <= tol:
            break
        path.append(path[-1] - eta * g)
    return np.stack(path)


def _least_squares_loss_equation(X, y, theta, half):
    """MSE(theta) = |X theta - y|^2 / n, or half of it, as a float."""
    c = (1 if half else 2) / len(y)  # the factor of the gradient: 2/n, or 1/n for half the MSE
    r = X @ theta - y  # the residuals
    return float(r @ r) * c / 2


def _least_squares_gradient_equation(X, y, theta, half):
    """The gradient (2/n) X^T (X theta - y) of the MSE at theta, or half of it."""
    c = (1 if half else 2) / len(y)
    return (X.T @ (X @ theta - y)) * c


def _least_squares_hessian_equation(X, half):
    """The constant Hessian (2/n) X^T X of the MSE, or half of it."""
    c = (1 if half else 2) / len(X)
    return (X.T @ X) * c


def _sigmoid_equation(z):
    """sigma(z) = 1 / (1 + e^-z), written so that neither tail overflows: e^-|z| is at most 1."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _forward_pass_equation(X, weights, biases, activations):
    """a^(0) = x, a^(l) = phi_l(W^(l) a^(l-1) + b^(l)) for each row x of X: every layer's output."""
    a = [X]
    for W, b, phi in zip(weights, biases, activations):
        a.append(phi(a[-1] @ W.T + b))  # one sample per row: W a + b is a @ W.T + b
    return a


def _backpropagation_equation(a, y, weights, slopes):
    """The gradients of L = mean((a^(K) - y)^2) with respect to W^(1), b^(1), ..., W^(K), b^(K).

    `a` holds the outputs of every layer, from the forward pass; slopes[l](a[l + 1]) is the slope
    phi'(z) of layer l + 1's activation, computed from its output. delta is dL/dz of a layer.
    """
    delta = 2 / y.size * (a[-1] - y) * slopes[-1](a[-1])
    grads = []
    for l in range(len(weights) - 1, -1, -1):
        grads = [delta.T @ a[l], delta.sum(axis=0)] + grads  # dL/dW, dL/db of layer l + 1
        if l > 0:
            delta = (delta @ weights[l]) * slopes[l - 1](a[l])
    return grads


# The activations by name: phi and its slope phi', the latter as a function of phi's output.
_ACTIVATIONS = {
    "identity": (lambda z: z, np.ones_like),
    "sigmoid": (_sigmoid_equation, lambda a: a * (1 - a)),
    "tanh": (np.tanh, lambda a: 1 - a * a),
}


# -- the checks ----------------------------------------------------------------------------------------------------

def _check_gradient_descent(gradient, theta0, learning_rate, epochs, loss, tol):
    """The checked start (a float array), learning rate, number of epochs and tolerance of gradient_descent."""
    caller = "gradient_descent"
    check_callable(gradient, name="gradient", caller=caller)
    if loss is not None:
        check_callable(loss, name="loss", caller=caller)
    theta = as_float_array(theta0, name="theta0", caller=caller)
    learning_rate = check_positive_scalar(learning_rate, name="learning_rate", caller=caller)
    epochs = check_integer(epochs, name="epochs", caller=caller, low=0, words="a non-negative integer")
    if tol is not None:
        tol = check_positive_scalar(tol, name="tol", caller=caller)
    return theta, learning_rate, epochs, tol


def _check_least_squares_objective(X, y, half):
    """Copies of the checked X and y of least_squares_objective, in their common dtype, and the checked flag.

    Copies: the functions returned must not change when the caller's arrays do, and float32 data beside float64
    targets must not be multiplied in float32.
    """
    caller = "least_squares_objective"
    X = as_float_array(X, name="X", caller=caller, min_ndim=2)
    y = as_float_array(y, name="y", caller=caller, min_ndim=1)
    check_ndim(X, 2, name="X", caller=caller, what="a design matrix, one row per sample")
    check_ndim(y, 1, name="y", caller=caller, what="one target per sample")
    check_same_rows(X, y, names=("X", "y"), caller=caller)
    half = check_bool(half, name="half", caller=caller)
    X, y = (a.copy() for a in in_common_dtype(X, y))
    return X, y, half


def _check_multilayer_perceptron(weights, biases, hidden_activation, output_activation):
    """Copies of the checked weights and biases of MultilayerPerceptron, in their common dtype, and the checked
    activation names.

    Copies in one dtype, the parameters' common one: a later change to the caller's arrays must not change the
    network, and a float32 layer among float64 ones must not compute in float32.
    """
    caller = "MultilayerPerceptron"
    for name, value in (("weights", weights), ("biases", biases)):
        if not isinstance(value, (list, tuple)):
            check_sequence(value, name=name, caller=caller)
    if len(weights) == 0 or len(biases) != len(weights):
        fail_layer_count(len(weights), len(biases), caller=caller)
    checked_weights, checked_biases = [], []
    width = None
    for i, (W, b) in enumerate(zip(weights, biases)):
        W = as_float_array(W, name=f"weights[{i}]", caller=caller)
        b = as_float_array(b, name=f"biases[{i}]", caller=caller)
        check_ndim(W, 2, name=f"weights[{i}]", caller=caller, what="outputs by inputs")
        if width is not None:
            check_shape(W, (W.shape[0], width), name=f"weights[{i}]", caller=caller,
                        what=f"{width} columns, one per output of layer {i - 1}")
        check_shape(b, (W.shape[0],), name=f"biases[{i}]", caller=caller, what=f"one entry per row of weights[{i}]")
        width = W.shape[0]
        checked_weights.append(W)
        checked_biases.append(b)
    common = in_common_dtype(*checked_weights, *checked_biases)
    hidden = check_choice(hidden_activation, tuple(_ACTIVATIONS), name="hidden_activation", caller=caller)
    output = check_choice(output_activation, tuple(_ACTIVATIONS), name="output_activation", caller=caller)
    return [W.copy() for W in common[:len(weights)]], [b.copy() for b in common[len(weights):]], hidden, output


class GradientDescentResult(NamedTuple):
    """What :func:`gradient_descent` returns: the final parameters, the path to them, and the losses."""

    theta: object  #: The final parameters, ``path[-1]`` (a Python float for 0-d parameters).
    path: np.ndarray  #: Every iterate, the start included: shape ``(k + 1, *theta0.shape)`` after k updates.
    losses: object  #: ``loss(path[i])`` for every row of `path`, or None when no loss was given.


def gradient_descent(gradient, theta0, *, learning_rate, epochs, loss=None, tol=None):
    r"""Minimise a function by repeatedly stepping against its gradient.

    Each update moves the parameters a fixed fraction, the learning rate, of the gradient downhill. The function
    is generic: `gradient` may be any callable, for instance the ``gradient`` field of
    :func:`least_squares_objective`.

    .. math::

        \theta_{t+1} = \theta_t - \eta \, \nabla_{\theta} L(\theta_t), \qquad t = 0, 1, \dots, T - 1

    Parameters
    ----------
    gradient : callable
        ``gradient(theta)`` returns :math:`\nabla_\theta L(\theta)` as an array of exactly the shape of
        `theta0`. It receives a read-only array.
    theta0 : array_like of float
        Starting parameters :math:`\theta_0`, of any shape (0-d included). Not modified.
    learning_rate : float
        Step size :math:`\eta`, positive and finite.
    epochs : int
        Maximum number of updates :math:`T`, non-negative; 0 returns the start.
    loss : callable, optional
        ``loss(theta)`` returns :math:`L(\theta)` as a real number. When given, it is evaluated at every row of
        the path, so that a loss curve needs nothing else. It does not influence the iteration.
    tol : float, optional
        Stop early, before the update of step :math:`t`, when the Euclidean norm of
        :math:`\nabla_\theta L(\theta_t)` is at most `tol` (positive and finite). ``None`` (the default) always
        makes `epochs` updates.

    Returns
    -------
    result : GradientDescentResult
        A named tuple ``(theta, path, losses)``:

        - ``theta``: the final parameters, equal to ``path[-1]``; a Python float when `theta0` is 0-d.
        - ``path``: array of shape ``(k + 1, *theta0.shape)`` holding :math:`\theta_0, \dots, \theta_k`, where
          :math:`k` is the number of updates made: `epochs` without `tol`, and with `tol` the first :math:`t`
          whose gradient norm is at most `tol` (or `epochs` if there is none).
        - ``losses``: array of shape ``(k + 1,)`` with ``loss(path[i])``, or None without `loss`.

        The iteration, `path` and `losses` are float32 for float32 `theta0` and float64 otherwise; the gradient
        and loss values are converted to that type.

    Raises
    ------
    ValueError
        If `theta0` is empty or not finite; if `learning_rate` or `tol` is not positive and finite, or `epochs`
        is negative; if `gradient` returns an array of another shape than `theta0` (no broadcasting), or a
        non-finite value at `theta0`, or `loss` returns an array or a non-finite value at `theta0`; and if the
        iteration diverges: when the parameters, the gradient or the loss become non-finite at a later step,
        the error names `learning_rate` and the step.
    TypeError
        If `gradient` or `loss` is not callable or returns something other than real numbers; if `theta0` is
        boolean, complex or non-numeric; if `learning_rate` or `tol` is not a real number, or `epochs` not an
        integer.

    See Also
    --------
    least_squares_objective : The gradient and loss of the guide's example.
    MultilayerPerceptron : Gradients of a neural network by backpropagation.

    Notes
    -----
    For a loss whose gradient is Lipschitz with constant :math:`\lambda_{\max}` (for a quadratic, the largest
    eigenvalue of its Hessian), any :math:`0 < \eta < 2/\lambda_{\max}` decreases the loss at every step where
    the gradient is not zero, and on a quadratic that has a minimiser the iterates converge to one. For
    :math:`\eta > 2/\lambda_{\max}` the error of a quadratic is multiplied by
    :math:`1 - \eta\lambda_{\max} < -1` per step along the steepest direction: from any start with a non-zero
    component there the iteration diverges, and once a value overflows a ``ValueError`` is raised rather than NaN
    returned. A quadratic whose Hessian has
    eigenvalues between :math:`\lambda_{\min}` and :math:`\lambda_{\max}` converges at the rate
    :math:`\max(|1 - \eta\lambda_{\min}|, |1 - \eta\lambda_{\max}|)` per step, so a large condition number
    :math:`\kappa = \lambda_{\max}/\lambda_{\min}` means many epochs.

    References
    ----------
    .. [1] S. Boyd and L. Vandenberghe, "Convex Optimization", Cambridge University Press, 2004, section 9.3.
       https://doi.org/10.1017/CBO9780511804441
    .. [2] Y. Nesterov, "Lectures on Convex Optimization", Springer, 2018, section 2.1.5.
       https://doi.org/10.1007/978-3-319-91578-4

    Examples
    --------
    Minimise :math:`L(\theta) = \theta^2`, whose gradient is :math:`2\theta`: each step at
    :math:`\eta = 0.25` halves :math:`\theta`.

    >>> from mlequations import gradient_descent
    >>> result = gradient_descent(lambda t: 2 * t, 1.0, learning_rate=0.25, epochs=4, loss=lambda t: t**2)
    >>> result.theta
    0.0625
    >>> result.path.tolist()
    [1.0, 0.5, 0.25, 0.125, 0.0625]
    >>> result.losses.tolist()
    [1.0, 0.25, 0.0625, 0.015625, 0.00390625]

    Why the learning rate matters: here :math:`\lambda_{\max} = 2`, so any :math:`\eta < 1` converges, and
    :math:`\eta = 1.5` overshoots further at every step until the parameters overflow:

    >>> gradient_descent(lambda t: 2 * t, 1.0, learning_rate=1.5, epochs=2000)
    Traceback (most recent call last):
    ...
    ValueError: The 'learning_rate' parameter of gradient_descent must be small enough for the iteration to stay finite. Got 1.5 instead. Gradient descent diverged: the gradient became non-finite at step 1023. Lower the learning rate (below 2/L when the gradient is L-Lipschitz), or check the gradient and the loss near the parameters of the previous step.

    With `tol`, the iteration stops at the first iterate whose gradient is small enough:

    >>> result = gradient_descent(lambda t: 2 * t, [1.0, -1.0], learning_rate=0.25, epochs=1000, tol=1e-3)
    >>> len(result.path) - 1, result.theta.tolist()
    (12, [0.000244140625, -0.000244140625])
    """
    theta0, learning_rate, epochs, tol = _check_gradient_descent(gradient, theta0, learning_rate, epochs, loss, tol)
    caller = "gradient_descent"
    dtype, shape = theta0.dtype, theta0.shape
    iterates, losses = [], None if loss is None else []  # the iterates checked so far, and their losses

    def checked_iterate(theta):
        """The iterate of the next step, checked, read-only for the caller's functions, with its loss recorded."""
        step = len(iterates)
        theta = np.asarray(theta)  # a 0-d array, not a NumPy scalar, for 0-d parameters
        if not np.all(np.isfinite(theta)):
            fail_diverged(caller, learning_rate, step, "the parameters")
        theta.flags.writeable = False
        iterates.append(theta)
        if loss is not None:
            value = dtype.type(check_returned_scalar(loss(theta), step=step, name="loss", caller=caller))
            if not np.isfinite(value):
                if step == 0:
                    fail_not_finite_at_start("loss", caller, value)
                fail_diverged(caller, learning_rate, step, "the loss")
            losses.append(value)
        return theta, step

    def checked_gradient(theta):
        """The gradient at an iterate, in the iteration's dtype; the iterate, its loss and its gradient are
        checked in the order in which the iteration reaches them."""
        theta, step = checked_iterate(theta)
        g = check_returned_array(gradient(theta), shape=shape, step=step, name="gradient", caller=caller)
        g = g.astype(dtype, copy=False)
        if not np.all(np.isfinite(g)):
            if step == 0:
                fail_not_finite_at_start("gradient", caller, g)
            fail_diverged(caller, learning_rate, step, "the gradient")
        return g

    # On divergence the update overflows; the checks report it as an error naming the learning rate, so NumPy's
    # overflow warning (also inside the caller's functions) would only repeat it.
    with np.errstate(over="ignore", invalid="ignore"):
        path = _gradient_descent_equation(checked_gradient, theta0, dtype.type(learning_rate), epochs, tol)
        if len(iterates) < len(path):  # the last iterate, whose gradient the iteration did not need
            checked_iterate(path[-1])
    return GradientDescentResult(as_result(path[-1]), path,
                                 None if losses is None else np.asarray(losses, dtype=dtype))


class LeastSquaresObjective(NamedTuple):
    """What :func:`least_squares_objective` returns: the loss and gradient functions and the constant Hessian."""

    loss: Callable  #: ``loss(theta)``: the objective at `theta`, a Python float.
    gradient: Callable  #: ``gradient(theta)``: its gradient, an array of the shape of `theta`.
    hessian: np.ndarray  #: The constant Hessian matrix, of shape ``(d, d)``.


def least_squares_objective(X, y, *, half=False):
    r"""The mean squared error of a linear model, with its gradient and Hessian, as functions of the weights.

    A linear model predicts :math:`X\theta`; its mean squared error is a quadratic in :math:`\theta`. With
    ``half=True`` the objective is half of it, whose gradient has no factor 2: that is what the guide's code
    minimises.

    .. math::

        \operatorname{MSE}(\theta) = \frac{1}{n} \lVert X\theta - y \rVert^2, \qquad
        \nabla_\theta \operatorname{MSE}(\theta) = \frac{2}{n} X^\top (X\theta - y), \qquad
        \nabla^2_\theta \operatorname{MSE} = \frac{2}{n} X^\top X

        \tfrac12 \operatorname{MSE}(\theta), \qquad
        \nabla_\theta \tfrac12 \operatorname{MSE}(\theta) = \frac{1}{n} X^\top (X\theta - y), \qquad
        \nabla^2_\theta \tfrac12 \operatorname{MSE} = \frac{1}{n} X^\top X

    Parameters
    ----------
    X : array_like of float
        Design matrix of shape ``(n, d)``: one row per sample, one column per weight (a column of ones gives an
        intercept).
    y : array_like of float
        Targets, of shape ``(n,)``.
    half : bool, default=False
        False: the mean squared error itself. True: half of it, as in the guide.

    Returns
    -------
    objective : LeastSquaresObjective
        A named tuple ``(loss, gradient, hessian)``: ``loss(theta)`` returns the objective as a Python float,
        ``gradient(theta)`` its gradient as an array of shape ``(d,)``, for weights `theta` of shape ``(d,)``;
        ``hessian`` is the constant ``(d, d)`` matrix of second derivatives. Arrays are float32 when `X`, `y`
        and `theta` are all float32, float64 otherwise.

    Raises
    ------
    ValueError
        If `X` is not 2-d or `y` not 1-d, if they differ in their number of rows, or are empty or not finite;
        if a `theta` passed to ``loss`` or ``gradient`` is not of shape ``(d,)`` or not finite; or if the
        Hessian, a loss or a gradient overflows float64.
    TypeError
        If `X`, `y` or a `theta` is boolean, complex or non-numeric, or `half` is not a bool.

    See Also
    --------
    gradient_descent : Minimises it.
    numpy.linalg.lstsq : The minimiser in closed form.

    Notes
    -----
    Both objectives have the same minimisers, the least-squares solutions of :math:`X\theta = y` (the solutions of
    the normal equations :math:`X^\top X \theta = X^\top y`, a single one when :math:`X` has full column rank),
    but the gradient of the MSE is twice as long: gradient descent on the MSE with learning rate :math:`\eta`
    takes exactly the steps of gradient descent on half the MSE with learning rate :math:`2\eta`. The Hessian is
    constant, and its largest eigenvalue :math:`\lambda_{\max}` bounds the stable learning rates: gradient descent
    converges for every :math:`0 < \eta < 2/\lambda_{\max}`. At the best fixed rate the error shrinks by the
    factor :math:`(\kappa - 1)/(\kappa + 1)` per step, :math:`\kappa` the Hessian's condition number.

    References
    ----------
    .. [1] S. Boyd and L. Vandenberghe, "Convex Optimization", Cambridge University Press, 2004, sections 1.2
       and 9.3. https://doi.org/10.1017/CBO9780511804441

    Examples
    --------
    One weight, one sample: the MSE of :math:`\theta = 0` against target 3 is 9, with gradient
    :math:`2 \cdot (0 - 3) = -6`; half the MSE has half of both.

    >>> from mlequations import least_squares_objective
    >>> mse = least_squares_objective([[1.0]], [3.0])
    >>> mse.loss([0.0]), mse.gradient([0.0]).tolist(), mse.hessian.tolist()
    (9.0, [-6.0], [[2.0]])
    >>> half = least_squares_objective([[1.0]], [3.0], half=True)
    >>> half.loss([0.0]), half.gradient([0.0]).tolist(), half.hessian.tolist()
    (4.5, [-3.0], [[1.0]])

    The gradient vanishes at the least-squares solution of a line through three points:

    >>> X = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
    >>> objective = least_squares_objective(X, [1.0, 2.0, 3.0])
    >>> objective.loss([0.0, 1.0]), objective.gradient([0.0, 1.0]).tolist()
    (0.0, [0.0, 0.0])
    """
    X, y, half = _check_least_squares_objective(X, y, half)
    caller = "least_squares_objective"
    d = X.shape[1]
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
        hessian = _least_squares_hessian_equation(X, half)
    check_finite_result(hessian, names=("X",), caller=caller, what="the Hessian")
    hessian.flags.writeable = False

    def weights(theta, who):
        theta = as_float_array(theta, name="theta", caller=f"{caller}(...).{who}")
        check_shape(theta, (d,), name="theta", caller=f"{caller}(...).{who}", what="one weight per column of X")
        return theta

    def objective_loss(theta):
        theta = weights(theta, "loss")
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
            value = _least_squares_loss_equation(X, y, theta, half)
        check_finite_result(value, names=("theta",), caller=f"{caller}(...).loss", what="the loss")
        return value

    def objective_gradient(theta):
        theta = weights(theta, "gradient")
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
            grad = _least_squares_gradient_equation(X, y, theta, half)
        check_finite_result(grad, names=("theta",), caller=f"{caller}(...).gradient", what="the gradient")
        return grad

    objective_loss.__doc__ = f"The {'half ' if half else ''}mean squared error at the weights `theta`."
    objective_gradient.__doc__ = f"The gradient of the {'half ' if half else ''}mean squared error at `theta`."
    return LeastSquaresObjective(objective_loss, objective_gradient, hessian)


class MultilayerPerceptron:
    r"""A fully connected neural network whose gradients are computed by backpropagation, in NumPy.

    Each layer applies an affine map and an activation; the forward pass keeps every layer's output, and the
    backward pass applies the chain rule from the loss back to the first layer, reusing those outputs. The loss
    is the mean squared error over every output of every sample, as PyTorch's ``MSELoss()``. The object is
    immutable: :meth:`sgd_step` returns a new network.

    .. math::

        \mathbf{a}^{(0)} = \mathbf{x}, \qquad
        \mathbf{z}^{(l)} = W^{(l)} \mathbf{a}^{(l-1)} + \mathbf{b}^{(l)}, \qquad
        \mathbf{a}^{(l)} = \phi_l(\mathbf{z}^{(l)}), \qquad l = 1, \dots, K

        \boldsymbol\delta^{(K)} = \frac{\partial \ell}{\partial \mathbf{a}^{(K)}} \odot \phi_K'(\mathbf{z}^{(K)}),
        \qquad
        \boldsymbol\delta^{(l)} = \big(W^{(l+1)\top} \boldsymbol\delta^{(l+1)}\big) \odot \phi_l'(\mathbf{z}^{(l)})

        \frac{\partial \ell}{\partial W^{(l)}} = \boldsymbol\delta^{(l)} \mathbf{a}^{(l-1)\top}, \qquad
        \frac{\partial \ell}{\partial \mathbf{b}^{(l)}} = \boldsymbol\delta^{(l)}

    Here :math:`\ell` is one sample's share of the loss; the gradients of the loss are the sums over samples.

    Parameters
    ----------
    weights : sequence of array_like of float
        :math:`W^{(1)}, \dots, W^{(K)}`, layer :math:`l` of shape ``(n_l, n_{l-1})`` (outputs by inputs, as
        ``torch.nn.Linear.weight``). One matrix gives a network without hidden layers.
    biases : sequence of array_like of float
        :math:`\mathbf{b}^{(1)}, \dots, \mathbf{b}^{(K)}`, layer :math:`l` of shape ``(n_l,)``.
    hidden_activation : {'tanh', 'sigmoid', 'identity'}, default='tanh'
        :math:`\phi_l` of the layers before the last.
    output_activation : {'identity', 'sigmoid', 'tanh'}, default='identity'
        :math:`\phi_K` of the last layer; 'identity' is a linear output.

    Raises
    ------
    ValueError
        If there are no layers, a number of biases different from the number of weights, a weight that is not
        2-d or a bias that is not 1-d, shapes that do not chain (``n_l`` columns of layer :math:`l + 1`,
        ``n_l`` entries of bias :math:`l`), non-finite or empty parameters, or an unknown activation name. From
        `forward`, `loss`, `gradients` and `sgd_step`: if `X` or `y` is not 2-d with the network's widths, empty
        or not finite, or if the output or the loss overflows float64.
    TypeError
        If `weights` or `biases` is not a list or tuple, a parameter is boolean, complex or non-numeric, or an
        activation is not a string.

    See Also
    --------
    gradient_descent : The update rule that :meth:`sgd_step` applies once.

    Notes
    -----
    The slopes of the activations are computed from their outputs, :math:`\tanh' = 1 - \tanh^2` and
    :math:`\sigma' = \sigma (1 - \sigma)`, so the backward pass needs nothing but the stored activations.
    The sigmoid is evaluated as :math:`1 / (1 + e^{-z})` for :math:`z \ge 0` and :math:`e^{z} / (1 + e^{z})`
    otherwise, which never overflows. Arrays are float32 when every parameter and the input are float32, and
    float64 otherwise.

    References
    ----------
    .. [1] D. E. Rumelhart, G. E. Hinton and R. J. Williams, "Learning representations by back-propagating
       errors", Nature 323, pp. 533-536, 1986. https://doi.org/10.1038/323533a0

    Examples
    --------
    One sigmoid unit with zero weights predicts 0.5 everywhere; against targets 0 and 1 the MSE is 0.25:

    >>> from mlequations import MultilayerPerceptron
    >>> net = MultilayerPerceptron([[[0.0, 0.0]]], [[0.0]], output_activation="sigmoid")
    >>> X, y = [[0.0, 0.0], [1.0, 1.0]], [[0.0], [1.0]]
    >>> net.forward(X).tolist(), net.loss(X, y)
    ([[0.5], [0.5]], 0.25)
    >>> [g.tolist() for g in net.gradients(X, y)]
    [[[-0.125, -0.125]], [0.0]]

    A hidden layer of two tanh units and a linear output; backpropagation agrees with central finite
    differences:

    >>> rng = np.random.default_rng(0)
    >>> net = MultilayerPerceptron.random([2, 2, 1], rng=rng)
    >>> X, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
    >>> W1 = net.parameters()[0]
    >>> h = 1e-6
    >>> def loss_with_W1(entry, shift):
    ...     W = W1.copy()
    ...     W[entry] += shift
    ...     return MultilayerPerceptron([W] + net.parameters()[2::2], net.parameters()[1::2]).loss(X, y)
    >>> numerical = (loss_with_W1((0, 1), h) - loss_with_W1((0, 1), -h)) / (2 * h)
    >>> abs(float(net.gradients(X, y)[0][0, 1]) - numerical) < 1e-9   # rounding error: about eps L / h
    True
    """

    def __init__(self, weights, biases, *, hidden_activation="tanh", output_activation="identity"):
        self._weights, self._biases, self._hidden, self._output = _check_multilayer_perceptron(
            weights, biases, hidden_activation, output_activation)

    @classmethod
    def random(cls, layer_sizes, *, rng, hidden_activation="tanh", output_activation="identity"):
        r"""A network with random parameters, drawn like PyTorch's default for ``nn.Linear``.

        Every weight and bias of layer :math:`l` is uniform on :math:`[-1/\sqrt{n_{l-1}}, 1/\sqrt{n_{l-1}}]`.

        Parameters
        ----------
        layer_sizes : sequence of int
            :math:`n_0, n_1, \dots, n_K`: the inputs, the hidden widths and the outputs; at least two positive
            integers.
        rng : numpy.random.Generator
            The source of randomness, e.g. ``np.random.default_rng(0)``.
        hidden_activation, output_activation : str
            As for the class.

        Returns
        -------
        net : MultilayerPerceptron
            A float64 network.

        Examples
        --------
        >>> from mlequations import MultilayerPerceptron
        >>> net = MultilayerPerceptron.random([3, 4, 2], rng=np.random.default_rng(0))
        >>> [p.shape for p in net.parameters()]
        [(4, 3), (4,), (2, 4), (2,)]
        """
        caller = "MultilayerPerceptron.random"
        check_generator(rng, caller=caller)
        if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
            check_layer_sizes(layer_sizes, caller=caller)
        for size in layer_sizes:
            if check_integer(size, name="layer_sizes", caller=caller, low=0, words="a non-negative integer") == 0:
                check_layer_sizes(layer_sizes, caller=caller)
        weights, biases = [], []
        with fits_in_memory(layer_sizes, name="layer_sizes", caller=caller):
            for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
                bound = 1 / np.sqrt(fan_in)
                weights.append(rng.uniform(-bound, bound, size=(fan_out, fan_in)))
                biases.append(rng.uniform(-bound, bound, size=fan_out))
        return cls(weights, biases, hidden_activation=hidden_activation, output_activation=output_activation)

    def parameters(self):
        r"""The parameters, in PyTorch's order: :math:`W^{(1)}, \mathbf{b}^{(1)}, W^{(2)}, \mathbf{b}^{(2)}, \dots`

        Returns
        -------
        parameters : list of ndarray
            Copies, so changing them does not change the network.

        Examples
        --------
        >>> from mlequations import MultilayerPerceptron
        >>> net = MultilayerPerceptron([[[1.0, 2.0]]], [[0.5]])
        >>> [p.tolist() for p in net.parameters()]
        [[[1.0, 2.0]], [0.5]]
        """
        return [p.copy() for pair in zip(self._weights, self._biases) for p in pair]

    def _activations(self, X, caller):
        X = as_float_array(X, name="X", caller=caller)
        check_ndim(X, 2, name="X", caller=caller, what="one row per sample")
        n_in = self._weights[0].shape[1]
        check_shape(X, (X.shape[0], n_in), name="X", caller=caller, what=f"{n_in} inputs per sample")
        X, _ = in_common_dtype(X, self._weights[0])  # float32 samples through a float64 network: in float64
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
            outputs = _forward_pass_equation(X, self._weights, self._biases, [phi for phi, _ in self._layers()])
        check_finite_result(outputs[-1], names=("X",), caller=caller, what="the network's output")
        return outputs

    def _layers(self):
        """(phi, phi') of each layer: the hidden activation, then the output activation for the last."""
        return [_ACTIVATIONS[self._hidden]] * (len(self._weights) - 1) + [_ACTIVATIONS[self._output]]

    def _targets(self, y, prediction, caller):
        y = as_float_array(y, name="y", caller=caller)
        check_shape(y, prediction.shape, name="y", caller=caller, what="the shape of the network's output")
        return y.astype(np.result_type(y, prediction), copy=False)

    def forward(self, X):
        r"""The forward pass: the network's output for each row of `X`.

        .. math::

            \hat{\mathbf{y}} = \mathbf{a}^{(K)}, \qquad
            \mathbf{a}^{(l)} = \phi_l(W^{(l)} \mathbf{a}^{(l-1)} + \mathbf{b}^{(l)}), \qquad
            \mathbf{a}^{(0)} = \mathbf{x}

        Parameters
        ----------
        X : array_like of float
            Inputs of shape ``(n, n_0)``.

        Returns
        -------
        output : ndarray
            Shape ``(n, n_K)``.

        Examples
        --------
        >>> from mlequations import MultilayerPerceptron
        >>> net = MultilayerPerceptron([[[1.0, 2.0]]], [[0.5]])
        >>> net.forward([[1.0, 1.0], [0.0, -1.0]]).tolist()
        [[3.5], [-1.5]]
        """
        return self._activations(X, "MultilayerPerceptron.forward")[-1]

    def loss(self, X, y):
        r"""The mean squared error of the network's output against `y`, averaged over every entry.

        .. math::

            L = \frac{1}{n\, n_K} \sum_{i=1}^{n} \lVert \hat{\mathbf{y}}_i - \mathbf{y}_i \rVert^2

        Parameters
        ----------
        X : array_like of float
            Inputs of shape ``(n, n_0)``.
        y : array_like of float
            Targets of shape ``(n, n_K)``, exactly the output's shape.

        Returns
        -------
        loss : float

        Examples
        --------
        >>> from mlequations import MultilayerPerceptron
        >>> net = MultilayerPerceptron([[[1.0, 2.0]]], [[0.5]])
        >>> net.loss([[1.0, 1.0], [0.0, -1.0]], [[3.0], [-1.0]])
        0.25
        """
        caller = "MultilayerPerceptron.loss"
        prediction = self._activations(X, caller)[-1]
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
            residual = prediction - self._targets(y, prediction, caller)
            value = float(np.mean(residual * residual))
        check_finite_result(value, names=("X", "y"), caller=caller, what="the loss")
        return value

    def gradients(self, X, y):
        r"""The backward pass: the gradient of :meth:`loss` with respect to every parameter.

        .. math::

            \frac{\partial L}{\partial W^{(l)}} = \sum_{i=1}^{n} \boldsymbol\delta_i^{(l)}
            \mathbf{a}_i^{(l-1)\top}, \qquad
            \boldsymbol\delta_i^{(K)} = \frac{2}{n\, n_K} (\hat{\mathbf{y}}_i - \mathbf{y}_i) \odot
            \phi_K'(\mathbf{z}_i^{(K)})

        Parameters
        ----------
        X : array_like of float
            Inputs of shape ``(n, n_0)``.
        y : array_like of float
            Targets of shape ``(n, n_K)``.

        Returns
        -------
        gradients : list of ndarray
            One array per parameter, in the order and shapes of :meth:`parameters`.

        Examples
        --------
        A linear unit: the loss is :math:`(w x - y)^2` for one sample, with gradient :math:`2 (w x - y) x`.

        >>> from mlequations import MultilayerPerceptron
        >>> net = MultilayerPerceptron([[[2.0]]], [[0.0]])
        >>> [g.tolist() for g in net.gradients([[3.0]], [[5.0]])]
        [[[6.0]], [2.0]]
        """
        return self._backward(X, y, "MultilayerPerceptron.gradients")

    def _backward(self, X, y, caller):
        """The gradients of :meth:`gradients`, with errors naming `caller` (the public method called)."""
        outputs = self._activations(X, caller)
        prediction = outputs[-1]
        y = self._targets(y, prediction, caller)
        slopes = [slope for _, slope in self._layers()]
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by name just below
            grads = _backpropagation_equation(outputs, y, self._weights, slopes)
            if not all(np.all(np.isfinite(g)) for g in grads):
                # prediction - y may overflow though the gradients do not. The two can differ by more than the
                # largest float only with a linear output (sigmoid and tanh lie in [-1, 1]), whose slope is 1:
                # then every gradient is linear in the residual, and half the residual gives half of each.
                halved = _backpropagation_equation(outputs[:-1] + [prediction / 2], y / 2, self._weights, slopes)
                grads = [2 * g for g in halved]
        for grad in grads:
            check_finite_result(grad, names=("X", "y"), caller=caller, what="every gradient")
        return grads

    def sgd_step(self, X, y, *, learning_rate):
        r"""One step of gradient descent on :meth:`loss`, as ``torch.optim.SGD`` takes it with its defaults.

        The defaults meant are those of PyTorch: no momentum and no weight decay.

        .. math::

            \theta \leftarrow \theta - \eta \, \nabla_\theta L

        Parameters
        ----------
        X : array_like of float
            Inputs of shape ``(n, n_0)``.
        y : array_like of float
            Targets of shape ``(n, n_K)``.
        learning_rate : float
            Step size :math:`\eta`, positive and finite.

        Returns
        -------
        net : MultilayerPerceptron
            A new network with the updated parameters; this one is unchanged.

        Examples
        --------
        >>> from mlequations import MultilayerPerceptron
        >>> net = MultilayerPerceptron([[[2.0]]], [[0.0]])
        >>> stepped = net.sgd_step([[3.0]], [[5.0]], learning_rate=0.125)
        >>> [p.tolist() for p in stepped.parameters()], stepped.loss([[3.0]], [[5.0]])
        ([[[1.25]], [-0.25]], 2.25)
        """
        caller = "MultilayerPerceptron.sgd_step"
        eta = check_positive_scalar(learning_rate, name="learning_rate", caller=caller)
        new = [p - eta * g for p, g in zip(self.parameters(), self._backward(X, y, caller))]
        return MultilayerPerceptron(new[0::2], new[1::2], hidden_activation=self._hidden,
                                    output_activation=self._output)

    def __repr__(self):
        sizes = [self._weights[0].shape[1]] + [W.shape[0] for W in self._weights]
        return (f"MultilayerPerceptron(layer_sizes={sizes}, hidden_activation={self._hidden!r}, "
                f"output_activation={self._output!r})")
