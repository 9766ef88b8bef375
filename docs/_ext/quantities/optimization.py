"""Quantities stated in the prose of docs/chapters/optimization.md (see the package docstring)."""

import numpy as np

from mlequations import least_squares_objective

from . import quantity

# The guide's line fit: three points on y = x, a column of ones for the intercept.
_X = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
_Y = np.array([1.0, 2.0, 3.0])


def _condition_number(X):
    """The condition number of the Hessian of half the MSE of a line fit with design matrix X."""
    eigenvalues = np.linalg.eigvalsh(least_squares_objective(X, _Y, half=True).hessian)
    return eigenvalues[-1] / eigenvalues[0]


@quantity("opt-kappa-guide")
def _():
    """The condition number of the Hessian X^T X / n of the guide's line fit."""
    return f"{_condition_number(_X):.1f}"


@quantity("opt-kappa-centred")
def _():
    """The same condition number once the column of x is centred (x - mean(x)), the intercept column kept."""
    centred = _X - [0.0, _X[:, 1].mean()]
    return f"{_condition_number(centred):.1f}"
