"""mlequations: the core equations of machine learning, implemented from scratch in NumPy and checked.

Every public function implements one equation, carries it in its docstring, and prints only outputs that
the documentation build checks.
"""

from .optimization import MultilayerPerceptron, gradient_descent, least_squares_objective
from .probability import entropy
from .softmax import log_softmax, log_sum_exp, softmax

__version__ = "0.1.0.dev0"

__all__ = [
    # Probability and information theory
    "entropy",
    # Optimization
    "gradient_descent",
    "least_squares_objective",
    "MultilayerPerceptron",
    # Softmax
    "log_softmax",
    "log_sum_exp",
    "softmax",
]
