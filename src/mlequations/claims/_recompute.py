"""How each covered claim is recomputed with the package's own functions.

A claim that has no entry here is reported as "not yet covered". An entry says what it computes (the call a
reader can repeat, shown on the errata page), computes it from the claim's own inputs, and, for the case where
the claim turns out wrong, says why in one line. The
cause may quote computed values through ``{name}`` fields that `compute` returns.
"""

from typing import Callable, NamedTuple

import numpy as np

from ..attention import scaled_dot_product_attention
from ..convolution import conv2d, conv_output_size
from ..diffusion import forward_diffusion
from ..linear_algebra import eigendecomposition, linear_transform, singular_value_decomposition
from ..losses import mean_squared_error
from ..optimization import MultilayerPerceptron, gradient_descent, least_squares_objective
from ..probability import GaussianNaiveBayes, bayes_posterior, cross_entropy, entropy, kl_divergence
from ..softmax import softmax
from ._tolerances import APPROX_TOLERANCE

__all__ = ["Recomputation", "RECOMPUTATIONS"]


class Recomputation(NamedTuple):
    what: str
    compute: Callable  # inputs dict -> (true value, dict of values the cause may quote)
    cause: str


def _softmax(inputs):
    return softmax(inputs["z"]), {}


def _mean_squared_error(inputs):
    squares = mean_squared_error(inputs["y_true"], inputs["y_pred"], reduction="none")
    mse = mean_squared_error(inputs["y_true"], inputs["y_pred"])
    return mse, {"squares": squares.round(10).tolist(), "mse": mse}


def _attention_output(inputs):
    return scaled_dot_product_attention(inputs["Q"], inputs["K"], inputs["V"]).output, {}


def _entropy_nats(inputs):
    p = inputs["p"]
    return entropy(p), {"bits": entropy(p, base=2)}


def _bayes_disease(inputs):
    prior, sensitivity, fpr = inputs["prior"], inputs["sensitivity"], inputs["false_positive_rate"]
    return bayes_posterior([prior, 1 - prior], [sensitivity, fpr])[0], {}


def _naive_bayes_prediction(inputs):
    model = GaussianNaiveBayes().fit(inputs["X"], inputs["y"])
    proba = model.predict_proba(inputs["query"])[0]
    return model.predict(inputs["query"]), {"p0": proba[0], "p1": proba[1]}


def _kl_nats(inputs):
    return kl_divergence(inputs["P"], inputs["Q"]), {}


def _mean_binary_cross_entropy(inputs):
    y, y_hat = np.asarray(inputs["y_true"], dtype=float), np.asarray(inputs["y_pred"], dtype=float)
    p, q = np.column_stack([y, 1 - y]), np.column_stack([y_hat, 1 - y_hat])
    return float(np.mean(cross_entropy(p, q))), {"bits": float(np.mean(cross_entropy(p, q, base=2)))}


def _gradient_descent(inputs):
    # The guide's gradient has no factor 2: it descends half the mean squared error.
    X = inputs["X"]
    objective = least_squares_objective(X, inputs["y"], half=True)
    start = [0.0] * len(X[0])
    theta = gradient_descent(objective.gradient, start, learning_rate=inputs["learning_rate"],
                             epochs=inputs["epochs"]).theta

    # How many epochs until every later iterate is within the approximate tolerance of the least-squares optimum,
    # at the guide's learning rate and at the best fixed one, 2 / (lambda_min + lambda_max).
    optimum = np.linalg.lstsq(np.asarray(X, dtype=float), np.asarray(inputs["y"], dtype=float), rcond=None)[0]
    eigenvalues = np.linalg.eigvalsh(objective.hessian)

    def epochs_needed(learning_rate):
        path = gradient_descent(objective.gradient, start, learning_rate=learning_rate,
                                epochs=10 * inputs["epochs"]).path
        return int(np.flatnonzero(np.any(np.abs(path - optimum) > APPROX_TOLERANCE, axis=1))[-1]) + 1

    eta, cond = inputs["learning_rate"], eigenvalues[-1] / eigenvalues[0]
    details = {"eta": eta, "cap": 2 / eigenvalues[-1], "times": 2 / eigenvalues[-1] / eta, "tol": APPROX_TOLERANCE,
               "rate": 1 - eta * eigenvalues[0], "needed": epochs_needed(eta), "cond": cond,
               "best_rate": (cond - 1) / (cond + 1),
               "best_needed": epochs_needed(2 / (eigenvalues[0] + eigenvalues[-1]))}
    return theta, details


def _backpropagation(inputs):
    # The guide's weights are random and unseeded; start from zero weights instead, so the value is reproducible.
    X, y = inputs["X"], inputs["y"]
    net = MultilayerPerceptron([np.zeros((1, 2))], [np.zeros(1)], output_activation="sigmoid")
    after = net.sgd_step(X, y, learning_rate=inputs["learning_rate"])
    return np.array([net.loss(X, y), after.loss(X, y)]), {}


def _forward_diffusion_mean_std(inputs):
    # x_t is Gaussian given x0: its mean is x_t at zero noise, its standard deviation what one unit of noise adds.
    x0, alpha = inputs["x0"], inputs["alpha_t"]
    mean = forward_diffusion(x0, alpha, noise=0.0)
    return [mean, forward_diffusion(x0, alpha, noise=1.0) - mean], {}


def _convolution_output_shape(inputs):
    # The guide's layer is Conv2d(1, 1, kernel_size=3): one output channel, no padding, stride 1.
    shape, k = inputs["input_shape"], inputs["kernel_size"]
    computed = conv2d(np.zeros(shape), np.zeros((1, shape[1], k, k))).shape
    # As floats, so that format_value prints "[1, 1, 26, 26]" (an int array would be padded to equal widths).
    return np.array(computed, dtype=float), {"formula": [conv_output_size(n, k) for n in shape[2:]]}


RECOMPUTATIONS = {
    "entropy-fair-coin": Recomputation(
        what="entropy(p)",
        compute=_entropy_nats,
        cause="The entropy of a fair coin is log 2 nats; the claimed figure is something else.",
    ),
    "entropy-biased-coin": Recomputation(
        what="entropy(p)",
        compute=_entropy_nats,
        cause=("The figure is neither the entropy in nats, the unit in which the same code gives the fair coin, "
               "nor the entropy in bits ({bits:.10f})."),
    ),
    "mean-squared-error": Recomputation(
        what="mean_squared_error(y_true, y_pred)",
        compute=_mean_squared_error,
        cause="The squared errors are {squares}, whose mean is {mse:.4g}; the printed value is not their mean.",
    ),
    "gradient-descent": Recomputation(
        what="gradient_descent(least_squares_objective(X, y, half=True).gradient, [0, 0], ...).theta",
        compute=_gradient_descent,
        cause=("Gradient descent has not converged after these epochs, mainly because the learning rate is small: "
               "the largest stable rate, 2/lambda_max = {cap:.4f} for the Hessian X^T X / n, is {times:.0f} times "
               "{eta:g}. The error along the flattest direction shrinks only by a factor {rate:.6f} per epoch, and "
               "every component is within {tol:g} of the optimum [0, 1] only from epoch {needed} on. Even the best "
               "fixed rate, 2/(lambda_min + lambda_max), needs {best_needed} epochs: its slowest factor per epoch is "
               "(kappa - 1)/(kappa + 1) = {best_rate:.4f}, with kappa = {cond:.1f} the condition number of X^T X."),
    ),
    "backpropagation": Recomputation(
        what=("MultilayerPerceptron([zeros((1, 2))], [zeros(1)], output_activation='sigmoid'): MSE before and "
              "after sgd_step(X, y, learning_rate)"),
        compute=_backpropagation,
        cause="",
    ),
    "forward-diffusion": Recomputation(
        what="[mean, std] of forward_diffusion(x0, alpha_t, noise), noise ~ N(0, 1)",
        compute=_forward_diffusion_mean_std,
        cause="x_t given x0 has mean sqrt(alpha_t) x0 and standard deviation sqrt(1 - alpha_t).",
    ),
    "convolution-output-shape": Recomputation(
        what="conv2d(np.zeros(input_shape), np.zeros((1, C_in, k, k))).shape",
        compute=_convolution_output_shape,
        cause="Without padding a k x k kernel fits into n - k + 1 positions per side: {formula}.",
    ),
    "softmax": Recomputation(
        what="softmax(z)",
        compute=_softmax,
        cause="The printed probabilities are not the softmax of the scores.",
    ),
    "linear-transformation": Recomputation(
        what="linear_transform(A, x, b)",
        compute=lambda inputs: (linear_transform(inputs["A"], inputs["x"], inputs["b"]),
                                {"Ax": linear_transform(inputs["A"], inputs["x"]).astype(int).tolist()}),
        cause="The printed output is A x = {Ax} alone: the bias b was never added.",
    ),
    "eigendecomposition": Recomputation(
        what="eigendecomposition(A).eigenvalues",
        compute=lambda inputs: (eigendecomposition(inputs["A"]).eigenvalues, {}),
        cause="",
    ),
    "singular-value-decomposition": Recomputation(
        what="singular_value_decomposition(A).S",
        compute=lambda inputs: (singular_value_decomposition(inputs["A"]).S, {}),
        cause="",
    ),
    "bayes-theorem": Recomputation(
        what="bayes_posterior([prior, 1 - prior], [sensitivity, false_positive_rate])[0]",
        compute=_bayes_disease,
        cause="The posterior of the disease after a positive test is a different number.",
    ),
    "naive-bayes-prediction": Recomputation(
        what="GaussianNaiveBayes().fit(X, y).predict(query)",
        compute=_naive_bayes_prediction,
        cause=("The query is the exact midpoint of the two class means, and the classes have equal variances "
               "and priors, so both posteriors are exactly {p0}: a tie, which argmax (in scikit-learn and "
               "here) breaks towards the first class, 0."),
    ),
    "kl-divergence": Recomputation(
        what="kl_divergence(P, Q)",
        compute=_kl_nats,
        cause="The divergence of Q from P is a different number.",
    ),
    "cross-entropy": Recomputation(
        what="mean(cross_entropy([y, 1 - y], [y_pred, 1 - y_pred]))",
        compute=_mean_binary_cross_entropy,
        cause=("The mean binary cross-entropy of these predictions is a different number, and not the value in "
               "bits ({bits:.10f}) either."),
    ),
    "scaled-dot-product-attention": Recomputation(
        what="scaled_dot_product_attention(Q, K, V).output",
        compute=_attention_output,
        cause="The printed output is not softmax(Q K^T / sqrt(d_k)) V for these inputs.",
    ),
}
