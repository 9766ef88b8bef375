"""How each covered claim is recomputed with the package's own functions.

A claim that has no entry here is reported as "not yet covered". An entry says what it computes (the call a
reader can repeat, shown on the errata page), computes it from the claim's own inputs, and, for the case where
the claim turns out wrong, says why in one line. The
cause may quote computed values through ``{name}`` fields that `compute` returns.
"""

from typing import Callable, NamedTuple

import numpy as np

from ..optimization import MultilayerPerceptron, gradient_descent, least_squares_objective
from ..probability import entropy
from ..softmax import softmax

__all__ = ["Recomputation", "RECOMPUTATIONS"]


class Recomputation(NamedTuple):
    what: str
    compute: Callable  # inputs dict -> (true value, dict of values the cause may quote)
    cause: str


def _softmax(inputs):
    return softmax(inputs["z"]), {}


def _entropy_nats(inputs):
    p = inputs["p"]
    return entropy(p), {"bits": entropy(p, base=2)}


def _gradient_descent(inputs):
    # The guide's gradient has no factor 2: it descends half the mean squared error.
    X = inputs["X"]
    objective = least_squares_objective(X, inputs["y"], half=True)
    start = [0.0] * len(X[0])
    theta = gradient_descent(objective.gradient, start, learning_rate=inputs["learning_rate"],
                             epochs=inputs["epochs"]).theta
    from ._verdict import APPROX_TOLERANCE  # here, not at the top: _verdict imports this module

    # How many epochs until every later iterate is within the approximate tolerance of the least-squares optimum.
    optimum = np.linalg.lstsq(np.asarray(X, dtype=float), np.asarray(inputs["y"], dtype=float), rcond=None)[0]
    path = gradient_descent(objective.gradient, start, learning_rate=inputs["learning_rate"],
                            epochs=10 * inputs["epochs"]).path
    outside = np.flatnonzero(np.any(np.abs(path - optimum) > APPROX_TOLERANCE, axis=1))
    eigenvalues = np.linalg.eigvalsh(objective.hessian)
    details = {"cond": eigenvalues[-1] / eigenvalues[0], "needed": int(outside[-1]) + 1,
               "rate": 1 - inputs["learning_rate"] * eigenvalues[0]}
    return theta, details


def _backpropagation(inputs):
    # The guide's weights are random and unseeded; start from zero weights instead, so the value is reproducible.
    X, y = inputs["X"], inputs["y"]
    net = MultilayerPerceptron([np.zeros((1, 2))], [np.zeros(1)], output_activation="sigmoid")
    after = net.sgd_step(X, y, learning_rate=inputs["learning_rate"])
    return np.array([net.loss(X, y), after.loss(X, y)]), {}


RECOMPUTATIONS = {
    "entropy-fair-coin": Recomputation(
        what="entropy(p)",
        compute=_entropy_nats,
        cause="The entropy of a fair coin is log 2 nats; the claimed figure is something else.",
    ),
    "entropy-biased-coin": Recomputation(
        what="entropy(p)",
        compute=_entropy_nats,
        cause=("The same function gives the fair coin in nats, yet this figure is neither the value in nats "
               "nor the value in bits ({bits:.10f}): it matches no unit."),
    ),
    "gradient-descent": Recomputation(
        what="gradient_descent(least_squares_objective(X, y, half=True).gradient, [0, 0], ...).theta",
        compute=_gradient_descent,
        cause=("Gradient descent has not converged after these epochs: X^T X has condition number {cond:.1f}, so "
               "the flattest direction shrinks only by a factor {rate:.6f} per epoch, and every component is "
               "within 0.05 of the optimum [0, 1] only from epoch {needed} on."),
    ),
    "backpropagation": Recomputation(
        what=("MultilayerPerceptron([zeros((1, 2))], [zeros(1)], output_activation='sigmoid'): MSE before and "
              "after sgd_step(X, y, learning_rate)"),
        compute=_backpropagation,
        cause="",
    ),
    "softmax": Recomputation(
        what="softmax(z)",
        compute=_softmax,
        cause="The printed probabilities are not the softmax of the scores.",
    ),
}
