"""mlequations: the core equations of machine learning, implemented from scratch in NumPy and checked.

Every public function implements one equation, carries it in its docstring, and prints only outputs that
the documentation build checks.
"""

from .attention import multi_head_attention, scaled_dot_product_attention
from .convolution import conv2d, conv_output_size, convolve, convolve2d
from .diffusion import alpha_bar, cosine_beta_schedule, forward_diffusion, linear_beta_schedule
from .linear_algebra import (
    eigendecomposition,
    linear_transform,
    low_rank_approximation,
    principal_components,
    singular_value_decomposition,
)
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    mean_squared_error,
    softmax_cross_entropy,
)
from .optimization import MultilayerPerceptron, gradient_descent, least_squares_objective
from .probability import (
    GaussianNaiveBayes,
    bayes_posterior,
    conditional_probability,
    cross_entropy,
    entropy,
    joint_probability,
    kl_divergence,
    marginal,
)
from .softmax import log_softmax, log_sum_exp, softmax

__version__ = "0.1.0.dev0"

__all__ = [
    # Probability and information theory
    "bayes_posterior",
    "joint_probability",
    "marginal",
    "conditional_probability",
    "GaussianNaiveBayes",
    "entropy",
    "kl_divergence",
    "cross_entropy",
    # Linear algebra
    "linear_transform",
    "eigendecomposition",
    "singular_value_decomposition",
    "principal_components",
    "low_rank_approximation",
    # Optimization
    "gradient_descent",
    "least_squares_objective",
    "MultilayerPerceptron",
    # Loss functions
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "mean_squared_error",
    "softmax_cross_entropy",
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
    # Attention
    "multi_head_attention",
    "scaled_dot_product_attention",
]
