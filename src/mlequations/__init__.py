"""mlequations: the core equations of machine learning, implemented from scratch in NumPy and checked.

Every public function implements one equation, carries it in its docstring, and prints only outputs that
the documentation build checks.
"""

from .convolution import conv2d, conv_output_size, convolve, convolve2d
from .diffusion import alpha_bar, cosine_beta_schedule, forward_diffusion, linear_beta_schedule
from .probability import entropy
from .softmax import log_softmax, log_sum_exp, softmax

__version__ = "0.1.0.dev0"

__all__ = [
    # Probability and information theory
    "entropy",
    # Forward diffusion
    "alpha_bar",
    "cosine_beta_schedule",
    "forward_diffusion",
    "linear_beta_schedule",
    # Convolution
    "conv2d",
    "conv_output_size",
    "convolve",
    "convolve2d",
    # Softmax
    "log_softmax",
    "log_sum_exp",
    "softmax",
]
