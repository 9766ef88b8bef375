"""How each covered claim is recomputed with the package's own functions.

A claim that has no entry here is reported as "not yet covered". An entry says what it computes (the call a
reader can repeat, shown on the errata page), computes it from the claim's own inputs, and, for the case where
the claim turns out wrong, says why in one line. The
cause may quote computed values through ``{name}`` fields that `compute` returns.
"""

from typing import Callable, NamedTuple

import numpy as np

from ..convolution import conv2d, conv_output_size
from ..diffusion import forward_diffusion
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
        cause=("The same function gives the fair coin in nats, yet this figure is neither the value in nats "
               "nor the value in bits ({bits:.10f}): it matches no unit."),
    ),
    "forward-diffusion": Recomputation(
        what="[mean, std] of forward_diffusion(x0, alpha_t, noise) over noise ~ N(0, 1)",
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
}
