"""Tests of mlequations.optimization: gradient_descent, least_squares_objective, MultilayerPerceptron."""

import math

import numpy as np
import pytest
import sklearn.metrics
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

from mlequations import MultilayerPerceptron, gradient_descent, least_squares_objective

from .strategies import convex_quadratics

GUIDE_X = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
GUIDE_Y = np.array([1.0, 2.0, 3.0])


def _square(t):
    return 2 * t


def _random_regression(n=20, d=3, seed=20261124):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    return X, X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)


def _central_differences(function, arrays, h=1e-6):
    """Central finite differences of `function(arrays)` with respect to every entry of every array."""
    grads = []
    for k, array in enumerate(arrays):
        grad = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            shifted = [a.copy() for a in arrays]
            shifted[k][index] += h
            up = function(shifted)
            shifted[k][index] -= 2 * h
            grads_index = (up - function(shifted)) / (2 * h)
            grad[index] = grads_index
        grads.append(grad)
    return grads


# -- gradient_descent: closed forms --------------------------------------------------------------------------

def test_each_step_at_learning_rate_a_quarter_halves_theta_squared():
    result = gradient_descent(_square, 1.0, learning_rate=0.25, epochs=6, loss=lambda t: t * t)
    assert result.theta == 0.5**6 and type(result.theta) is float
    np.testing.assert_array_equal(result.path, 0.5 ** np.arange(7))
    np.testing.assert_array_equal(result.losses, 0.25 ** np.arange(7))


def test_the_result_unpacks_like_a_tuple_and_has_no_losses_without_a_loss():
    theta, path, losses = gradient_descent(_square, [1.0, 2.0], learning_rate=0.1, epochs=3)
    assert path.shape == (4, 2) and losses is None
    np.testing.assert_array_equal(theta, path[-1])
    np.testing.assert_array_equal(path[0], [1.0, 2.0])


def test_zero_epochs_returns_the_start():
    result = gradient_descent(_square, [[1.0, 2.0]], learning_rate=0.1, epochs=0, loss=lambda t: float(np.sum(t)))
    assert result.path.shape == (1, 1, 2)
    np.testing.assert_array_equal(result.theta, [[1.0, 2.0]])
    np.testing.assert_array_equal(result.losses, [3.0])


def test_tol_stops_at_the_first_small_gradient():
    # |gradient| = 2 * 0.5^t <= 0.01 first at t = 8 (2 / 256 = 0.0078); t = 7 gives 0.0156.
    result = gradient_descent(_square, 1.0, learning_rate=0.25, epochs=100, tol=0.01, loss=lambda t: t * t)
    assert result.path.shape == (9,) and result.losses.shape == (9,)
    assert result.theta == 0.5**8
    # Without tol, or with a tol never reached, exactly `epochs` updates are made.
    assert len(gradient_descent(_square, 1.0, learning_rate=0.25, epochs=5, tol=1e-300).path) == 6


def test_tol_is_the_euclidean_norm_of_the_gradient():
    # Gradient (2, 2) * 0.5^t has norm 2 sqrt(2) 0.5^t: at t = 2 it is 0.707, above 0.7; at t = 3, 0.354.
    assert len(gradient_descent(_square, [1.0, 1.0], learning_rate=0.25, epochs=10, tol=0.7).path) == 4


# -- gradient_descent and least squares: agreement with NumPy ---------------------------------------------------

@pytest.mark.parametrize("half", [False, True])
def test_least_squares_converges_to_lstsq(half):
    X, y = _random_regression()
    objective = least_squares_objective(X, y, half=half)
    lipschitz = np.linalg.eigvalsh(objective.hessian)[-1]
    result = gradient_descent(objective.gradient, np.zeros(3), learning_rate=1 / lipschitz, epochs=10_000,
                              tol=1e-12)
    np.testing.assert_allclose(result.theta, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10)
    assert len(result.path) < 10_001  # it stopped on tol


def test_least_squares_loss_agrees_with_scikit_learn_and_the_gradient_with_finite_differences():
    X, y = _random_regression()
    theta = np.random.default_rng(1).normal(size=3)
    mse = least_squares_objective(X, y)
    half = least_squares_objective(X, y, half=True)
    reference = sklearn.metrics.mean_squared_error(y, X @ theta)
    assert mse.loss(theta) == pytest.approx(reference, rel=1e-12)
    assert half.loss(theta) == pytest.approx(reference / 2, rel=1e-12)
    numerical = _central_differences(lambda arrays: mse.loss(arrays[0]), [theta])[0]
    np.testing.assert_allclose(mse.gradient(theta), numerical, rtol=1e-6)
    np.testing.assert_allclose(half.gradient(theta), numerical / 2, rtol=1e-6)
    np.testing.assert_allclose(mse.hessian, 2 * X.T @ X / len(y), rtol=1e-14)
    np.testing.assert_allclose(half.hessian, X.T @ X / len(y), rtol=1e-14)


def test_the_mse_at_learning_rate_eta_takes_the_steps_of_half_the_mse_at_two_eta():
    mse = least_squares_objective(GUIDE_X, GUIDE_Y)
    half = least_squares_objective(GUIDE_X, GUIDE_Y, half=True)
    a = gradient_descent(mse.gradient, np.zeros(2), learning_rate=0.005, epochs=500).path
    b = gradient_descent(half.gradient, np.zeros(2), learning_rate=0.01, epochs=500).path
    np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)


def test_the_guides_example_matches_the_closed_form_of_the_iteration():
    # On a quadratic, theta_k - theta* = (I - lr H)^k (theta_0 - theta*).
    half = least_squares_objective(GUIDE_X, GUIDE_Y, half=True)
    optimum = np.linalg.lstsq(GUIDE_X, GUIDE_Y, rcond=None)[0]
    result = gradient_descent(half.gradient, np.zeros(2), learning_rate=0.01, epochs=1000, loss=half.loss)
    expected = optimum - np.linalg.matrix_power(np.eye(2) - 0.01 * GUIDE_X.T @ GUIDE_X / 3, 1000) @ optimum
    np.testing.assert_allclose(result.theta, expected, rtol=1e-12)
    assert abs(result.theta[0] - 0.0) > 0.05  # so the guide's "~[0., 1.]" is wrong after 1000 epochs
    np.testing.assert_allclose(result.losses[-1], np.mean((GUIDE_X @ result.theta - GUIDE_Y) ** 2) / 2, rtol=1e-12)
    # X^T X = [[3, 6], [6, 14]]: trace 17, determinant 6, so its eigenvalues are (17 +- sqrt(265)) / 2.
    expected_condition = (17 + math.sqrt(265)) / (17 - math.sqrt(265))
    eigenvalues = np.linalg.eigvalsh(half.hessian)
    assert eigenvalues[-1] / eigenvalues[0] == pytest.approx(expected_condition, rel=1e-12)


# -- gradient_descent: properties ----------------------------------------------------------------------------------

@given(convex_quadratics(), st.floats(0.05, 0.95), st.integers(0, 2**32 - 1))
def test_below_two_over_l_the_distance_to_the_optimum_shrinks_at_the_predicted_rate(quadratic, fraction, seed):
    hessian, _, _ = quadratic
    eigenvalues = np.linalg.eigvalsh(hessian)
    rng = np.random.default_rng(seed)
    b = rng.normal(size=len(hessian))
    optimum = np.linalg.solve(hessian, b)
    lr = fraction * 2 / eigenvalues[-1]
    result = gradient_descent(lambda t: hessian @ t - b, rng.normal(size=len(hessian)), learning_rate=lr,
                              epochs=50, loss=lambda t: 0.5 * t @ hessian @ t - b @ t)
    distance = np.linalg.norm(result.path - optimum, axis=1)
    rate = np.max(np.abs(1 - lr * eigenvalues))
    assert rate < 1
    assert np.all(distance[1:] <= rate * distance[:-1] * (1 + 1e-9) + 1e-12)
    assert np.all(np.diff(result.losses) <= 1e-12 * (1 + np.abs(result.losses[1:])))


@given(convex_quadratics(), st.floats(1.5, 4.0))
def test_above_two_over_l_the_iteration_grows_and_then_raises_naming_the_learning_rate(quadratic, fraction):
    hessian, _, _ = quadratic
    eigenvalues, vectors = np.linalg.eigh(hessian)
    lr = fraction * 2 / eigenvalues[-1]
    start = vectors[:, -1]  # the steepest direction: the error along it is multiplied by 1 - lr L each step
    path = gradient_descent(lambda t: hessian @ t, start, learning_rate=lr, epochs=20).path
    np.testing.assert_allclose(path[-1] @ vectors[:, -1], (1 - lr * eigenvalues[-1]) ** 20, rtol=1e-6)
    with pytest.raises(ValueError, match=r"'learning_rate' parameter of gradient_descent must be small enough .* "
                                         r"diverged: the (parameters|gradient) became non-finite at step \d+"):
        gradient_descent(lambda t: hessian @ t, start, learning_rate=lr, epochs=5000)


def test_a_loss_that_overflows_first_also_names_the_learning_rate():
    with pytest.raises(ValueError, match=r"'learning_rate' .* the loss became non-finite at step"):
        gradient_descent(_square, 1.0, learning_rate=3.0, epochs=5000, loss=lambda t: t**4)


# -- gradient_descent: dtypes, extremes, input handling ----------------------------------------------------------

def test_float32_stays_float32_and_integers_become_float64():
    result = gradient_descent(_square, np.array([1.0], dtype=np.float32), learning_rate=0.25, epochs=3,
                              loss=lambda t: float(t @ t))
    assert result.path.dtype == np.float32 and result.losses.dtype == np.float32
    assert gradient_descent(_square, [1, 2], learning_rate=0.25, epochs=3).path.dtype == np.float64


def test_least_squares_keeps_float32():
    X, y = (a.astype(np.float32) for a in _random_regression())
    objective = least_squares_objective(X, y)
    theta = np.ones(3, dtype=np.float32)
    assert objective.gradient(theta).dtype == np.float32 and objective.hessian.dtype == np.float32
    np.testing.assert_allclose(objective.gradient(theta),
                               least_squares_objective(X.astype(float), y.astype(float)).gradient(np.ones(3)),
                               rtol=1e-5)


def test_input_is_not_modified_and_the_gradient_sees_read_only_arrays():
    theta0 = np.array([1.0, 2.0])
    writable = []

    def gradient(t):
        writable.append(t.flags.writeable)
        return 2 * t

    gradient_descent(gradient, theta0, learning_rate=0.1, epochs=3)
    np.testing.assert_array_equal(theta0, [1.0, 2.0])
    assert theta0.flags.writeable and writable == [False, False, False]


def test_extreme_but_finite_parameters_are_fine():
    result = gradient_descent(_square, [1e300, -1e-300], learning_rate=0.25, epochs=2)
    np.testing.assert_array_equal(result.theta, [0.25e300, -0.25e-300])


# -- MultilayerPerceptron: closed forms ------------------------------------------------------------------------

def test_a_zero_sigmoid_unit_by_hand():
    net = MultilayerPerceptron([np.zeros((1, 2))], [np.zeros(1)], output_activation="sigmoid")
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])
    assert net.loss(X, y) == 0.25
    # dL/dz = 2/n (0.5 - y) * 0.25 = (0.125, -0.125); dW = dz^T X, db = sum dz.
    w_grad, b_grad = net.gradients(X, y)
    np.testing.assert_array_equal(w_grad, [[-0.125, -0.125]])
    np.testing.assert_array_equal(b_grad, [0.0])
    after = net.sgd_step(X, y, learning_rate=0.01)
    np.testing.assert_array_equal(after.parameters()[0], [[0.00125, 0.00125]])
    expected = (0.25 + (1 - 1 / (1 + math.exp(-0.0025))) ** 2) / 2
    assert after.loss(X, y) == pytest.approx(expected, rel=1e-15)
    assert net.loss(X, y) == 0.25  # sgd_step returned a new network


def test_a_linear_network_is_an_affine_map():
    rng = np.random.default_rng(3)
    W1, b1, W2, b2 = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=(2, 4)), rng.normal(size=2)
    net = MultilayerPerceptron([W1, W2], [b1, b2], hidden_activation="identity")
    X = rng.normal(size=(5, 3))
    np.testing.assert_allclose(net.forward(X), X @ (W2 @ W1).T + W2 @ b1 + b2, rtol=1e-12)


# -- MultilayerPerceptron: three checks of the gradients ------------------------------------------------------

ACTIVATIONS = [("tanh", "identity"), ("sigmoid", "identity"), ("tanh", "sigmoid"), ("sigmoid", "tanh")]


def _network_and_data(hidden, output, sizes=(3, 5, 4, 2), seed=11, dtype=np.float64):
    rng = np.random.default_rng(seed)
    params = MultilayerPerceptron.random(list(sizes), rng=rng).parameters()
    params = [p.astype(dtype) for p in params]
    net = MultilayerPerceptron(params[0::2], params[1::2], hidden_activation=hidden, output_activation=output)
    X, y = rng.normal(size=(7, sizes[0])).astype(dtype), rng.normal(size=(7, sizes[-1])).astype(dtype)
    return net, X, y


def _torch_model(net, hidden, output, dtype=torch.float64):
    layers = []
    modules = {"tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "identity": torch.nn.Identity}
    params = net.parameters()
    for i, (W, b) in enumerate(zip(params[0::2], params[1::2])):
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, modules[output if i == len(params) // 2 - 1 else hidden]()]
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("hidden, output", ACTIVATIONS)
def test_gradients_agree_with_central_finite_differences(hidden, output):
    net, X, y = _network_and_data(hidden, output)

    def loss(params):
        return MultilayerPerceptron(params[0::2], params[1::2], hidden_activation=hidden,
                                    output_activation=output).loss(X, y)

    for ours, numerical in zip(net.gradients(X, y), _central_differences(loss, net.parameters())):
        np.testing.assert_allclose(ours, numerical, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("hidden, output", ACTIVATIONS)
def test_forward_loss_and_gradients_agree_with_torch_autograd(hidden, output):
    net, X, y = _network_and_data(hidden, output)
    model = _torch_model(net, hidden, output)
    prediction = model(torch.from_numpy(X))
    loss = torch.nn.MSELoss()(prediction, torch.from_numpy(y))
    loss.backward()
    np.testing.assert_allclose(net.forward(X), prediction.detach().numpy(), rtol=1e-12)
    assert net.loss(X, y) == pytest.approx(loss.item(), rel=1e-12)
    for ours, p in zip(net.gradients(X, y), model.parameters()):
        np.testing.assert_allclose(ours, p.grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("hidden, output", ACTIVATIONS)
def test_sgd_steps_agree_with_torch_optim_sgd(hidden, output):
    net, X, y = _network_and_data(hidden, output)
    model = _torch_model(net, hidden, output)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        torch.nn.MSELoss()(model(torch.from_numpy(X)), torch.from_numpy(y)).backward()
        optimizer.step()
        net = net.sgd_step(X, y, learning_rate=0.1)
    for ours, p in zip(net.parameters(), model.parameters()):
        np.testing.assert_allclose(ours, p.detach().numpy(), rtol=1e-10, atol=1e-15)


def test_the_guides_seeded_torch_example_in_float32():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Sigmoid())
    X, y = torch.tensor([[0.0, 0.0], [1.0, 1.0]]), torch.tensor([[0.0], [1.0]])
    params = [p.detach().numpy().copy() for p in model.parameters()]
    net = MultilayerPerceptron(params[0::2], params[1::2], output_activation="sigmoid")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss = torch.nn.MSELoss()(model(X), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    assert net.forward(X.numpy()).dtype == np.float32
    assert net.loss(X.numpy(), y.numpy()) == pytest.approx(loss.item(), rel=1e-6)
    stepped = net.sgd_step(X.numpy(), y.numpy(), learning_rate=0.01)
    for ours, p in zip(stepped.parameters(), model.parameters()):
        assert ours.dtype == np.float32
        np.testing.assert_allclose(ours, p.detach().numpy(), rtol=1e-6)


@given(st.integers(0, 2**32 - 1), st.sampled_from(ACTIVATIONS))
def test_a_small_step_against_the_gradient_never_increases_the_loss(seed, activations):
    net, X, y = _network_and_data(*activations, sizes=(2, 3, 1), seed=seed)
    assert net.sgd_step(X, y, learning_rate=1e-4).loss(X, y) <= net.loss(X, y) + 1e-15


# -- MultilayerPerceptron: extremes and input handling ------------------------------------------------------------

def test_saturated_sigmoids_and_tanhs_give_finite_exact_outputs():
    net = MultilayerPerceptron([[[1.0]], [[1.0]]], [[0.0], [0.0]], hidden_activation="sigmoid",
                               output_activation="sigmoid")
    X = np.array([[-1e4], [1e4]])
    out = net.forward(X)
    np.testing.assert_allclose(out[:, 0], [0.5, 1 / (1 + math.exp(-1.0))], rtol=1e-15)
    assert all(np.all(np.isfinite(g)) for g in net.gradients(X, [[0.0], [1.0]]))
    deep_tail = MultilayerPerceptron([[[1.0]]], [[0.0]], output_activation="sigmoid").forward([[-700.0]])
    assert deep_tail[0, 0] == pytest.approx(math.exp(-700.0), rel=1e-14)  # no cancellation in the tail


def test_random_networks_are_reproducible_and_bounded_like_torch():
    a = MultilayerPerceptron.random([4, 8, 1], rng=np.random.default_rng(5)).parameters()
    b = MultilayerPerceptron.random([4, 8, 1], rng=np.random.default_rng(5)).parameters()
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)
    assert np.max(np.abs(a[0])) <= 1 / 2 and np.max(np.abs(a[2])) <= 1 / math.sqrt(8)


def test_the_network_copies_its_parameters():
    W = np.ones((1, 2))
    net = MultilayerPerceptron([W], [np.zeros(1)])
    W[0, 0] = 5.0
    net.parameters()[0][0, 0] = 7.0
    np.testing.assert_array_equal(net.parameters()[0], [[1.0, 1.0]])
    assert repr(net) == "MultilayerPerceptron(layer_sizes=[2, 1], hidden_activation='tanh', output_activation='identity')"


# -- bad input ---------------------------------------------------------------------------------------------------

LS = least_squares_objective(GUIDE_X, GUIDE_Y)
NET = MultilayerPerceptron([np.ones((3, 2)), np.ones((1, 3))], [np.zeros(3), np.zeros(1)])
GD = dict(gradient=_square, theta0=[1.0], learning_rate=0.1, epochs=3)

BAD_INPUT = [
    # (callable, kwargs, exception, message fragment)
    (gradient_descent, {**GD, "gradient": 3.0}, TypeError, r"'gradient' parameter of gradient_descent must be a "
                                                          r"callable"),
    (gradient_descent, {**GD, "loss": "mse"}, TypeError, r"'loss' parameter of gradient_descent must be a callable"),
    (gradient_descent, {**GD, "theta0": []}, ValueError, r"'theta0' parameter of gradient_descent must be a "
                                                        r"non-empty array"),
    (gradient_descent, {**GD, "theta0": [np.nan]}, ValueError, r"'theta0' parameter of gradient_descent must be "
                                                              r"finite"),
    (gradient_descent, {**GD, "theta0": [True]}, TypeError, r"'theta0' .* not booleans"),
    (gradient_descent, {**GD, "theta0": [1j]}, TypeError, r"'theta0' .* not complex"),
    (gradient_descent, {**GD, "learning_rate": 0.0}, ValueError, r"'learning_rate' parameter of gradient_descent "
                                                                r"must be positive and finite"),
    (gradient_descent, {**GD, "learning_rate": np.inf}, ValueError, r"'learning_rate' .* positive and finite"),
    (gradient_descent, {**GD, "learning_rate": True}, TypeError, r"'learning_rate' .* a positive real number"),
    (gradient_descent, {**GD, "epochs": -1}, ValueError, r"'epochs' parameter of gradient_descent must be a "
                                                        r"non-negative integer. Got -1"),
    (gradient_descent, {**GD, "epochs": 10.0}, TypeError, r"'epochs' .* non-negative integer. Got 10.0"),
    (gradient_descent, {**GD, "epochs": True}, TypeError, r"'epochs' .* non-negative integer"),
    (gradient_descent, {**GD, "tol": -1e-3}, ValueError, r"'tol' parameter of gradient_descent must be positive"),
    (gradient_descent, {**GD, "tol": "1e-3"}, TypeError, r"'tol' .* a positive real number"),
    (gradient_descent, {**GD, "gradient": lambda t: np.ones(2)}, ValueError,
     r"'gradient' parameter of gradient_descent must be a function returning an array of the parameters' shape "
     r"\(1,\). Got shape \(2,\) at step 0"),
    (gradient_descent, {**GD, "gradient": lambda t: 2.0}, ValueError, r"'gradient' .* shape \(1,\). Got shape \(\)"),
    (gradient_descent, {**GD, "gradient": lambda t: t > 0}, TypeError, r"'gradient' parameter of gradient_descent "
                                                                      r"must be a function returning real numbers"),
    (gradient_descent, {**GD, "gradient": lambda t: t * np.nan}, ValueError,
     r"'gradient' parameter of gradient_descent must be a function that is finite at the starting parameters"),
    (gradient_descent, {**GD, "gradient": lambda t: t + np.inf}, ValueError, r"'gradient' .* finite at the start"),
    (gradient_descent, {**GD, "gradient": lambda t: np.where(t < 1, np.nan, 1.0)}, ValueError,
     r"'learning_rate' .* the gradient became non-finite at step 1"),
    (gradient_descent, {**GD, "loss": lambda t: -np.inf}, ValueError, r"'loss' .* finite at the starting"),
    (gradient_descent, {**GD, "loss": lambda t: t}, ValueError, r"'loss' parameter of gradient_descent must be a "
                                                               r"function returning a single real number \(0-d\)"),
    (gradient_descent, {**GD, "loss": lambda t: "small"}, TypeError, r"'loss' .* a function returning a real number"),
    (gradient_descent, {**GD, "loss": lambda t: True}, TypeError, r"'loss' .* a function returning a real number"),
    (gradient_descent, {**GD, "learning_rate": 1e308}, ValueError, r"'learning_rate' .* the parameters became "
                                                                  r"non-finite at step 1"),
    (least_squares_objective, dict(X=[1.0, 2.0], y=[1.0, 2.0]), ValueError,
     r"'X' parameter of least_squares_objective must be an array with at least 2 dimension"),
    (least_squares_objective, dict(X=np.ones((2, 2, 2)), y=[1.0, 2.0]), ValueError, r"'X' .* must be a 2-d array"),
    (least_squares_objective, dict(X=np.ones((3, 2)), y=np.ones((3, 1))), ValueError, r"'y' .* must be a 1-d"),
    (least_squares_objective, dict(X=np.ones((3, 2)), y=[1.0, 2.0]), ValueError,
     r"'X' and 'y' parameters of least_squares_objective must have the same number of rows .* Got 3 and 2"),
    (least_squares_objective, dict(X=[[np.inf]], y=[1.0]), ValueError, r"'X' .* must be finite"),
    (least_squares_objective, dict(X=[[1.0]], y=["a"]), TypeError, r"'y' .* an array of real numbers"),
    (least_squares_objective, dict(X=[[1.0]], y=[1.0], half=1), TypeError, r"'half' .* must be True or False"),
    (LS.loss, dict(theta=[1.0]), ValueError, r"'theta' parameter of least_squares_objective\(...\).loss must be of "
                                            r"shape \(2,\)"),
    (LS.gradient, dict(theta=[[1.0, 2.0]]), ValueError, r"'theta' parameter of least_squares_objective\(...\)"
                                                       r".gradient must be of shape \(2,\)"),
    (LS.gradient, dict(theta=[np.nan, 1.0]), ValueError, r"'theta' .* must be finite"),
    (MultilayerPerceptron, dict(weights=np.ones((1, 2)), biases=[np.zeros(1)]), TypeError,
     r"'weights' parameter of MultilayerPerceptron must be a list or tuple"),
    (MultilayerPerceptron, dict(weights=[], biases=[]), ValueError,
     r"'weights' and 'biases' parameters of MultilayerPerceptron must be non-empty and of the same length"),
    (MultilayerPerceptron, dict(weights=[np.ones((1, 2))], biases=[]), ValueError, r"Got 1 and 0 instead"),
    (MultilayerPerceptron, dict(weights=[np.ones(2)], biases=[np.zeros(1)]), ValueError,
     r"'weights\[0\]' parameter of MultilayerPerceptron must be a 2-d array"),
    (MultilayerPerceptron, dict(weights=[np.ones((3, 2)), np.ones((1, 2))], biases=[np.zeros(3), np.zeros(1)]),
     ValueError, r"'weights\[1\]' .* of shape \(1, 3\) \(3 columns, one per output of layer 0\)"),
    (MultilayerPerceptron, dict(weights=[np.ones((3, 2))], biases=[np.zeros(2)]), ValueError,
     r"'biases\[0\]' .* of shape \(3,\)"),
    (MultilayerPerceptron, dict(weights=[[[np.nan]]], biases=[[0.0]]), ValueError, r"'weights\[0\]' .* finite"),
    (MultilayerPerceptron, dict(weights=[[[True]]], biases=[[0.0]]), TypeError, r"'weights\[0\]' .* not booleans"),
    (MultilayerPerceptron, dict(weights=[[[1.0]]], biases=[[0.0]], hidden_activation="relu"), ValueError,
     r"'hidden_activation' parameter of MultilayerPerceptron must be one of 'identity', 'sigmoid', 'tanh'"),
    (MultilayerPerceptron, dict(weights=[[[1.0]]], biases=[[0.0]], output_activation=None), TypeError,
     r"'output_activation' parameter of MultilayerPerceptron must be a string, one of 'identity', 'sigmoid'"),
    (MultilayerPerceptron.random, dict(layer_sizes=[2, 0, 1], rng=np.random.default_rng(0)), ValueError,
     r"'layer_sizes' parameter of MultilayerPerceptron.random must be a list or tuple of at least two positive"),
    (MultilayerPerceptron.random, dict(layer_sizes=[2], rng=np.random.default_rng(0)), ValueError,
     r"'layer_sizes' .* at least two"),
    (MultilayerPerceptron.random, dict(layer_sizes=[2, 1.5], rng=np.random.default_rng(0)), TypeError,
     r"'layer_sizes' .* a non-negative integer"),
    (MultilayerPerceptron.random, dict(layer_sizes=[2, 1], rng=0), TypeError,
     r"'rng' parameter of MultilayerPerceptron.random must be a numpy.random.Generator"),
    (NET.forward, dict(X=[1.0, 2.0]), ValueError, r"'X' parameter of MultilayerPerceptron.forward must be a 2-d"),
    (NET.forward, dict(X=[[1.0, 2.0, 3.0]]), ValueError, r"'X' .* of shape \(1, 2\) \(2 inputs per sample\)"),
    (NET.forward, dict(X=[[np.inf, 2.0]]), ValueError, r"'X' .* finite"),
    (NET.loss, dict(X=[[1.0, 2.0]], y=[1.0]), ValueError, r"'y' parameter of MultilayerPerceptron.loss must be of "
                                                         r"shape \(1, 1\) \(the shape of the network's output\)"),
    (NET.gradients, dict(X=[[1.0, 2.0]], y=[[1.0, 2.0]]), ValueError, r"'y' parameter of "
                                                                     r"MultilayerPerceptron.gradients"),
    (NET.gradients, dict(X=[[1.0, 2.0]], y=[[True]]), TypeError, r"'y' .* not booleans"),
    (NET.sgd_step, dict(X=[[1.0, 2.0]], y=[[1.0]], learning_rate=-0.1), ValueError,
     r"'learning_rate' parameter of MultilayerPerceptron.sgd_step must be positive and finite"),
]


@pytest.mark.parametrize("function, kwargs, exception, match", BAD_INPUT,
                         ids=[f"{getattr(row[0], '__qualname__', row[0])}-{i}" for i, row in enumerate(BAD_INPUT)])
def test_bad_input(function, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        function(**kwargs)


# -- the equation functions ----------------------------------------------------------------------------------------
# EQUATION_CALLS maps a call onto the equation functions of the page (`ns`), PUBLIC_CALLS says what of the public
# result they reproduce, and RANDOM_CALLS makes a seeded input of about `size` rows (parameters, for gradient
# descent). Optimization has no kernels: every call runs its equation functions, and what the public functions add
# is the checks, at the start and at every step, and the named errors where a value overflows.

def _f(a):
    return np.asarray(a, dtype=float)


def _at_theta(loss, gradient, hessian, d):
    """The loss and the gradient at a fixed theta of `d` weights, and the Hessian, in one array."""
    theta = np.linspace(-1.0, 1.0, d)
    return np.concatenate([[loss(theta)], gradient(theta), np.ravel(hessian)])


def _page_activations(ns, hidden_activation, output_activation, layers):
    """(phi, phi') of each layer, as the page writes them: the slope as a function of phi's output."""
    pairs = {"identity": (lambda z: z, np.ones_like), "sigmoid": (ns["_sigmoid_equation"], lambda a: a * (1 - a)),
             "tanh": (np.tanh, lambda a: 1 - a * a)}
    return [pairs[hidden_activation]] * (layers - 1) + [pairs[output_activation]]


def _network_from_the_page(ns, weights, biases, X, y, hidden_activation="tanh", output_activation="identity"):
    weights, biases = [_f(W) for W in weights], [_f(b) for b in biases]
    layers = _page_activations(ns, hidden_activation, output_activation, len(weights))
    a = ns["_forward_pass_equation"](_f(X), weights, biases, [phi for phi, _ in layers])
    grads = ns["_backpropagation_equation"](a, _f(y), weights, [slope for _, slope in layers])
    return np.concatenate([np.ravel(part) for part in [a[-1]] + grads])


def _network(weights, biases, X, y, **activations):
    net = MultilayerPerceptron(weights, biases, **activations)
    return np.concatenate([np.ravel(part) for part in [net.forward(X)] + net.gradients(X, y)])


EQUATION_CALLS = {
    "gradient_descent": lambda ns, gradient, theta0, learning_rate, epochs, loss=None, tol=None: ns[
        "_gradient_descent_equation"](gradient, _f(theta0), learning_rate, epochs, tol),
    "least_squares_objective": lambda ns, X, y, half=False: _at_theta(
        lambda t: ns["_least_squares_loss_equation"](_f(X), _f(y), t, half),
        lambda t: ns["_least_squares_gradient_equation"](_f(X), _f(y), t, half),
        ns["_least_squares_hessian_equation"](_f(X), half), np.shape(X)[1]),
    "MultilayerPerceptron": _network_from_the_page,
}
PUBLIC_CALLS = {
    "gradient_descent": lambda *args, **kwargs: gradient_descent(*args, **kwargs).path,
    "least_squares_objective": lambda X, y, half=False: _at_theta(*least_squares_objective(X, y, half=half),
                                                                  np.shape(X)[1]),
    "MultilayerPerceptron": _network,
}
EQUATION_FUNCTIONS = {
    "least_squares_objective": ["_least_squares_loss_equation", "_least_squares_gradient_equation",
                                "_least_squares_hessian_equation"],
    "MultilayerPerceptron": ["_forward_pass_equation", "_backpropagation_equation", "_sigmoid_equation"],
}
# The first doctests of these sections continue the gradient-descent example (X and y) and a PyTorch session.
FIRST_DOCTEST_CALLS = {
    "least_squares_objective": ((GUIDE_X, GUIDE_Y), {}),
    "MultilayerPerceptron": (([np.zeros((1, 2))], [np.zeros(1)], [[0.0, 0.0], [1.0, 1.0]], [[0.0], [1.0]]),
                             {"output_activation": "sigmoid"}),
}


def _random_network(rng, size):
    net = MultilayerPerceptron.random([3, 5, 4, 2], rng=rng, hidden_activation="sigmoid")
    parameters = net.parameters()
    return ((parameters[0::2], parameters[1::2], rng.normal(size=(size, 3)), rng.normal(size=(size, 2))),
            {"hidden_activation": "sigmoid", "output_activation": "tanh"})


RANDOM_CALLS = {
    "gradient_descent": lambda rng, size: ((lambda t, c=rng.uniform(0.5, 2.0, size): c * t, rng.normal(size=size)),
                                           {"learning_rate": 0.3, "epochs": 20, "tol": 1e-6}),
    "least_squares_objective": lambda rng, size: ((rng.normal(size=(size, 4)), rng.normal(size=size)),
                                                  {"half": size > 3}),
    "MultilayerPerceptron": _random_network,
}


@pytest.mark.parametrize("name, call", [
    ("_gradient_descent_equation", lambda: gradient_descent(_square, [1.0, 2.0], learning_rate=0.1, epochs=3)),
    ("_least_squares_loss_equation", lambda: least_squares_objective(GUIDE_X, GUIDE_Y).loss([0.0, 1.0])),
    ("_least_squares_gradient_equation", lambda: least_squares_objective(GUIDE_X, GUIDE_Y).gradient([0.0, 1.0])),
    ("_least_squares_hessian_equation", lambda: least_squares_objective(GUIDE_X, GUIDE_Y)),
    ("_forward_pass_equation", lambda: NET.forward([[1.0, 2.0]])),
    ("_backpropagation_equation", lambda: NET.gradients([[1.0, 2.0]], [[0.5]])),
])
def test_the_public_functions_run_their_equation_functions(name, call, monkeypatch):
    """No kernel: the public functions and methods are their checks around the equation functions."""
    import mlequations.optimization as optimization
    calls = []
    original = getattr(optimization, name)
    monkeypatch.setattr(optimization, name, lambda *args: calls.append(1) or original(*args))
    call()
    assert calls



# -- the numbers and derivations of the chapter page ---------------------------------------------------------------

def _page_quantities():
    """The {quantity} registry of docs/_ext/quantities, imported as the site's build imports it."""
    import quantities  # docs/_ext: on the path from tests/conftest.py
    return quantities


def test_the_condition_numbers_the_page_states():
    """kappa of X^T X / n for the guide's line fit, and after centring x, from the closed-form eigenvalues of a
    symmetric 2 x 2 matrix, (T +- sqrt(T^2 - 4 D)) / 2, with trace T and determinant D."""
    quantities = _page_quantities()
    # Guide: X^T X / 3 = [[1, 2], [2, 14/3]]. Centred (x - 2 = -1, 0, 1): [[1, 0], [0, 2/3]], so kappa = 3/2.
    trace, det = 1 + 14 / 3, 14 / 3 - 4
    root = math.sqrt(trace**2 - 4 * det)
    assert quantities.value("opt-kappa-guide") == f"{(trace + root) / (trace - root):.1f}"
    assert quantities.value("opt-kappa-centred") == f"{1.5:.1f}"


@given(convex_quadratics(max_dim=2))
def test_at_the_best_fixed_rate_a_two_dimensional_error_contracts_by_exactly_kappa_ratio(quadratic):
    """The page: with two eigenvalues, at eta = 2 / (lambda_min + lambda_max) the error's Euclidean norm is
    multiplied by exactly (kappa - 1) / (kappa + 1) at every step (both factors have that modulus)."""
    hessian, eigenvalues, _ = quadratic
    lo, hi = eigenvalues[0], eigenvalues[-1]
    kappa = hi / lo
    # Two eigenvalues; kappa away from 1, where the factor is near 0 and the error reaches rounding in a few steps.
    assume(len(eigenvalues) == 2 and kappa > 1.5)
    eta = 2 / (lo + hi)
    optimum = np.linspace(-1.0, 1.0, len(eigenvalues))
    path = gradient_descent(lambda t: hessian @ (t - optimum), np.zeros(len(eigenvalues)), learning_rate=eta,
                            epochs=5).path
    norms = np.linalg.norm(path - optimum, axis=1)
    np.testing.assert_allclose(norms[1:] / norms[:-1], (kappa - 1) / (kappa + 1), rtol=1e-9, atol=1e-12)
