"""Quantities stated in the prose of docs/chapters/probability.md (see the package docstring)."""

import inspect

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from mlequations import GaussianNaiveBayes

from . import quantity


@quantity("prob-sum-tolerance")
def _():
    """How far a float64 probability vector's sum may miss 1 before entropy, kl_divergence and the rest refuse it:
    the square root of float64's machine epsilon (the message of _validation.check_probability_vector)."""
    return f"{float(np.sqrt(np.finfo(np.float64).eps)):.1e}"


@quantity("prob-tree-default-criterion")
def _():
    """The default split criterion of scikit-learn's DecisionTreeClassifier, in the pinned version."""
    return repr(inspect.signature(DecisionTreeClassifier).parameters["criterion"].default)


@quantity("prob-naive-bayes-default-smoothing")
def _():
    """GaussianNaiveBayes's default var_smoothing, the fraction of the largest feature variance added to each."""
    return f"{GaussianNaiveBayes().var_smoothing:g}"
