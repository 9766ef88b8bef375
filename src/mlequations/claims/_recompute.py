"""How each covered claim is recomputed with the package's own functions.

A claim that has no entry here is reported as "not yet covered". An entry says what it computes (the call a
reader can repeat, shown on the errata page), computes it from the claim's own inputs, and, for the case where
the claim turns out wrong, says why in one line. The
cause may quote computed values through ``{name}`` fields that `compute` returns.
"""

from typing import Callable, NamedTuple

from ..losses import mean_squared_error
from ..probability import entropy
from ..softmax import softmax

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


def _entropy_nats(inputs):
    p = inputs["p"]
    return entropy(p), {"bits": entropy(p, base=2)}


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
    "mean-squared-error": Recomputation(
        what="mean_squared_error(y_true, y_pred)",
        compute=_mean_squared_error,
        cause="The squared errors are {squares}, whose mean is {mse:.4g}; the printed value is not their mean.",
    ),
    "softmax": Recomputation(
        what="softmax(z)",
        compute=_softmax,
        cause="The printed probabilities are not the softmax of the scores.",
    ),
}
