"""How each covered claim is recomputed with the package's own functions.

A claim that has no entry here is reported as "not yet covered". An entry says what it computes (the call a
reader can repeat, shown on the errata page), computes it from the claim's own inputs, and, for the case where
the claim turns out wrong, says why in one line. The
cause may quote computed values through ``{name}`` fields that `compute` returns.
"""

from typing import Callable, NamedTuple

from ..attention import scaled_dot_product_attention
from ..probability import entropy
from ..softmax import softmax

__all__ = ["Recomputation", "RECOMPUTATIONS"]


class Recomputation(NamedTuple):
    what: str
    compute: Callable  # inputs dict -> (true value, dict of values the cause may quote)
    cause: str


def _softmax(inputs):
    return softmax(inputs["z"]), {}


def _attention_output(inputs):
    # Flattened row by row, so that the true value prints on one line of the errata table.
    return scaled_dot_product_attention(inputs["Q"], inputs["K"], inputs["V"]).output.ravel(), {}


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
    "softmax": Recomputation(
        what="softmax(z)",
        compute=_softmax,
        cause="The printed probabilities are not the softmax of the scores.",
    ),
    "scaled-dot-product-attention": Recomputation(
        what="scaled_dot_product_attention(Q, K, V).output.ravel()",
        compute=_attention_output,
        cause="The printed output is not softmax(Q K^T / sqrt(d_k)) V for these inputs.",
    ),
}
