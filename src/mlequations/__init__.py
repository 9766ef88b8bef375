"""mlequations: the core equations of machine learning, implemented from scratch in NumPy and checked.

Every public function implements one equation, carries it in its docstring, and prints only outputs that
the documentation build checks.
"""

from .probability import entropy
from .probability import (GaussianNaiveBayes, bayes_posterior, conditional_probability, cross_entropy,
                          joint_probability, kl_divergence, marginal)

__version__ = "0.1.0.dev0"

__all__ = ["entropy"]
__all__ += ["bayes_posterior", "joint_probability", "marginal", "conditional_probability", "GaussianNaiveBayes",
            "kl_divergence", "cross_entropy"]
