"""One table of bad input, and one of valid but unusual input, over every public name of the package.

Each public function, and each public method of the public classes, is described once in ``SPECS``: a valid call
and what kind of value each argument is. The tables are generated from the kinds, so every function meets the
same bad values (NaN, infinities, empty arrays, strings, objects, complex numbers, booleans, negative
probabilities, mass that does not sum to one, wrong ranks, mismatched shapes) and the same unusual valid ones
(Python lists, integers, non-contiguous views, float32, float16, 0-d). A public name without a spec fails
`test_every_public_name_is_in_the_table`.
"""

import inspect
import re
from dataclasses import dataclass, field

import numpy as np
import pytest

import mlequations
from mlequations import (
    GaussianNaiveBayes,
    MultilayerPerceptron,
    alpha_bar,
    bayes_posterior,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    conditional_probability,
    conv2d,
    conv_output_size,
    convolve,
    convolve2d,
    cosine_beta_schedule,
    cross_entropy,
    eigendecomposition,
    entropy,
    forward_diffusion,
    gradient_descent,
    joint_probability,
    kl_divergence,
    least_squares_objective,
    linear_beta_schedule,
    linear_transform,
    log_softmax,
    log_sum_exp,
    low_rank_approximation,
    marginal,
    mean_squared_error,
    multi_head_attention,
    principal_components,
    scaled_dot_product_attention,
    singular_value_decomposition,
    softmax,
    softmax_cross_entropy,
)

PUBLIC = [name for name in mlequations.__all__ if name != "__version__"]


# -- the kinds of argument, and the bad values each kind meets ---------------------------------------------------

def _with(good, index, value):
    bad = np.array(good, dtype=np.float64)
    bad.flat[index] = value
    return bad


def _shift_mass(good):
    """The same total mass, but the first entry negative: only the sign is wrong."""
    bad = np.array(good, dtype=np.float64)
    delta = bad.flat[0] + 0.1
    bad.flat[0] -= delta
    bad.flat[1] += delta
    return bad


def _non_real_rows(good):
    """Values that are not real numbers at all: each one is a TypeError."""
    good = np.asarray(good)
    return [
        ("string", "0.5", TypeError, r"real numbers|class labels"),
        ("string-array", np.full(good.shape, "a"), TypeError, r"real numbers|class labels"),
        ("object", object(), TypeError, r"real numbers|class labels"),
        ("object-array", np.array(good.tolist() + [None], dtype=object) if good.ndim == 1 else
         np.full(good.shape, None, dtype=object), TypeError, r"real numbers|class labels"),
        ("complex", good.astype(complex), TypeError, r"complex|real numbers"),
        ("bool", good != 0, TypeError, r"boolean"),
    ]


def _real_rows(good, *, neg_inf=True, empty=True):
    good = np.asarray(good, dtype=np.float64)
    rows = [
        ("nan", _with(good, 0, np.nan), ValueError, r"finite|NaN"),
        ("+inf", _with(good, 0, np.inf), ValueError, r"finite|infinity|\+inf"),
    ]
    if neg_inf:
        rows.append(("-inf", _with(good, 0, -np.inf), ValueError, r"finite|infinity"))
    if empty and good.ndim >= 1:
        rows.append(("empty", np.empty((0,) + good.shape[1:]), ValueError, r"non-empty|of shape"))
    rows.append(("ragged", [[1.0, 2.0], [3.0]], ValueError, r"rectangular"))
    # Python ints beyond float64's range: NumPy keeps them as objects, which are real numbers too large.
    rows.append(("huge-int", np.full(good.shape, 10**400, dtype=object), ValueError, r"float64's range"))
    return rows + _non_real_rows(good)


def rows_for(kind, good):
    """The bad values of an argument of `kind` whose valid value is `good`: (label, value, exception, pattern)."""
    if kind == "real":
        return _real_rows(good)
    if kind == "logs":  # -inf is a valid log (of zero) and +inf a valid term; an empty sum has the log -inf
        return [row for row in _real_rows(good, neg_inf=False, empty=False) if row[0] != "+inf"]
    if kind == "scores":  # -inf is a valid score (an impossible outcome); a slice of only -inf is not
        return _real_rows(good, neg_inf=False) + [
            ("all--inf", np.full(np.shape(good), -np.inf), ValueError, r"finite somewhere")]
    if kind in ("prob", "table"):
        return _real_rows(good) + [
            ("negative", _shift_mass(good), ValueError, r"probability|non-negative"),
            ("mass", np.asarray(good) * 1.1, ValueError, r"summing to 1"),
        ]
    if kind == "unit":
        return _real_rows(good) + [
            ("negative", _with(good, 0, -0.25), ValueError, r"\[0, 1\]"),
            ("above-1", _with(good, 0, 1.25), ValueError, r"\[0, 1\]"),
        ]
    if kind == "nonneg":
        return _real_rows(good) + [("negative", _with(good, 0, -0.25), ValueError, r"non-negative")]
    if kind == "variance":  # in (0, 1]
        return _real_rows(good) + [
            ("zero", _with(good, 0, 0.0), ValueError, r"in \(0, 1\]"),
            ("above-1", _with(good, 0, 1.25), ValueError, r"in \(0, 1\]")]
    if kind == "labels":
        return [
            ("nan", np.array([0.0, np.nan, 1.0, 1.0]), ValueError, r"finite"),
            ("object", object(), ValueError, r"1-d array"),
            ("complex", np.array([0, 1, 1, 0], dtype=complex), TypeError, r"class labels"),
            ("2-d", np.array([[0, 0, 1, 1]]), ValueError, r"1-d array"),
        ]
    if kind == "int":
        return [("bool", True, TypeError, r"integer"), ("float", 2.0, TypeError, r"integer"),
                ("string", "2", TypeError, r"integer"), ("zero", 0, ValueError, r"integer|>= 1")]
    if kind == "int0":  # an integer that may be zero
        return [("bool", False, TypeError, r"integer"), ("float", 1.5, TypeError, r"integer"),
                ("negative", -1, ValueError, r"integer|>= 0")]
    if kind in ("positive", "nonneg-scalar", "open-unit"):
        rows = [("bool", True, TypeError, r"real number"), ("string", "0.1", TypeError, r"real number"),
                ("complex", 0.1j, TypeError, r"real number"), ("nan", np.nan, ValueError, r"finite|NaN|in [\[(]"),
                ("-1", -1.0, ValueError, r"positive|non-negative|in "),
                ("huge-int", 10**400, ValueError, r"finite \(within float64's range")]
        if kind != "open-unit":
            rows.append(("inf", np.inf, ValueError, r"finite|in [\[(]"))
        else:
            rows.append(("above-1", 1.5, ValueError, r"in "))
        return rows
    if kind == "flag":
        return [("int", 1, TypeError, r"True or False"), ("string", "yes", TypeError, r"True or False")]
    if kind == "choice":  # a reduction, a convolution mode, an activation: one of a few names
        return [("unknown", "no-such-choice", ValueError, r"must be one of '"),
                ("int", 1, TypeError, r"must be a string, one of '")]
    if kind == "callable":
        return [("not-callable", 3.0, TypeError, r"callable")]
    if kind == "generator":
        return [("seed", 0, TypeError, r"Generator"), ("legacy", np.random.RandomState(0), TypeError, r"Generator")]
    if kind == "mask":
        return [("int", np.ones(np.shape(good), dtype=int), TypeError, r"boolean"),
                ("nan", _with(np.zeros(np.shape(good)), 0, np.nan), ValueError, r"no NaN"),
                ("+inf", _with(np.zeros(np.shape(good)), 0, np.inf), ValueError, r"no NaN or \+inf"),
                ("too-long", np.ones(np.shape(good)[:-1] + (np.shape(good)[-1] + 1,), dtype=bool), ValueError,
                 r"broadcastable"),
                ("all-masked", np.zeros(np.shape(good), dtype=bool), ValueError, r"at least one key")]
    if kind == "layers":
        return [("not-a-list", np.ones((2, 2)), TypeError, r"list or tuple"),
                ("empty", [], ValueError, r"non-empty")]
    if kind == "sizes":
        return [("one-layer", [2], ValueError, r"at least two"), ("zero", [2, 0], ValueError, r"at least two"),
                ("float", [2, 1.5], TypeError, r"integer"), ("not-a-list", 3, ValueError, r"list or tuple")]
    raise AssertionError(f"unknown kind {kind}")


# -- the specs: one valid call per public function and method ---------------------------------------------------

@dataclass
class Spec:
    """A valid call of a public function or method, and what each argument is.

    ``call(**args)`` runs it; ``kinds`` maps each argument to its kind; ``names`` gives the name an error message
    uses when it differs from the key; ``extra`` holds further bad rows (mismatched shapes, wrong ranks) as
    ``(label, argument, bad value, exception, pattern)``; ``arrays`` lists the arguments the valid-input table
    varies (lists, integers, views, dtypes); ``ints`` replaces arguments by integer-valued ones for the
    integer row; ``zero_d`` is a valid call on 0-d input with its expected Python float.
    """

    caller: str
    call: object
    args: dict
    kinds: dict
    names: dict = field(default_factory=dict)
    extra: list = field(default_factory=list)
    arrays: tuple = ()
    ints: dict = field(default_factory=dict)
    zero_d: tuple = None


P3 = np.array([0.2, 0.3, 0.5])
Q3 = np.array([0.5, 0.25, 0.25])
JOINT = np.array([[0.1, 0.2], [0.3, 0.4]])
COND = np.array([[0.25, 0.5], [0.75, 0.5]])  # P(X | Y): each column sums to 1
X_GNB = np.array([[0.0, 1.0], [1.0, 0.0], [4.0, 5.0], [5.0, 3.0]])
Y_GNB = np.array([0, 0, 1, 1])
A2 = np.array([[2.0, 1.0], [1.0, 3.0]])
A32 = np.array([[1.0, 2.0], [3.0, 5.0], [4.0, 1.0]])
W_MLP = [np.array([[1.0, -1.0], [0.0, 2.0], [1.0, 1.0]]), np.array([[1.0, 0.0, -1.0]])]
B_MLP = [np.array([0.0, 1.0, -1.0]), np.array([0.5])]
X_MLP = np.array([[1.0, 2.0], [0.0, -1.0]])
Y_MLP = np.array([[1.0], [0.0]])
IMAGE = np.arange(12.0).reshape(3, 4)
KERNEL = np.array([[1.0, 0.0], [2.0, -1.0]])
X_NCHW = np.arange(32.0).reshape(1, 2, 4, 4)
W_OIHW = np.arange(16.0).reshape(2, 2, 2, 2) - 8
Q_ATT = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
K_ATT = np.array([[1.0, 2.0], [0.0, 1.0]])
V_ATT = np.array([[1.0, 0.0, 2.0], [3.0, 1.0, 0.0]])
X_MHA = np.array([[1.0, 0.0, 2.0, 1.0], [0.0, 1.0, 1.0, 3.0]])
W_MHA = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]]) / 4

_REAL_SCALAR_FREE = ("real",)


def _fitted_gnb(X_fit):
    return GaussianNaiveBayes().fit(X_fit, Y_GNB)


MLP_ARGS = {"W0": W_MLP[0], "W1": W_MLP[1], "b0": B_MLP[0], "b1": B_MLP[1]}


def _mlp_from(W0, W1, b0, b1, **kw):
    return MultilayerPerceptron([W0, W1], [b0, b1], **kw)


def _mha(x_q, x_kv, w_q, w_k, w_v, w_o, b_q, num_heads, mask):
    return multi_head_attention(x_q, x_kv, w_q, w_k, w_v, w_o, b_q=b_q, num_heads=num_heads, mask=mask)


SPECS = {
    # Probability and information theory
    "bayes_posterior": Spec(
        "bayes_posterior", lambda prior, likelihood: bayes_posterior(prior, likelihood),
        {"prior": np.array([0.3, 0.7]), "likelihood": np.array([0.9, 0.2])},
        {"prior": "prob", "likelihood": "nonneg"},
        extra=[("mismatch", "likelihood", np.array([0.9, 0.2, 0.1]), ValueError, r"same shape"),
               ("0-d", "prior", 1.0, ValueError, r"at least 1 dimension")],
        arrays=("prior", "likelihood"), ints={"prior": np.array([0, 1]), "likelihood": np.array([2, 3])}),
    "joint_probability": Spec(
        "joint_probability", lambda conditional, marginal: joint_probability(conditional, marginal, given=1),
        {"conditional": COND, "marginal": np.array([0.4, 0.6])}, {"conditional": "prob", "marginal": "prob"},
        extra=[("1-d", "conditional", np.array([0.5, 0.5]), ValueError, r"at least 2 dimension"),
               ("wrong-shape", "marginal", np.array([0.2, 0.3, 0.5]), ValueError, r"of shape \(2,\)")],
        arrays=("conditional", "marginal"), ints={"conditional": np.array([[0, 1], [1, 0]]), "marginal": [1, 0]}),
    "marginal": Spec(
        "marginal", lambda joint: marginal(joint, keep=0), {"joint": JOINT}, {"joint": "table"},
        extra=[("0-d", "joint", 1.0, ValueError, r"at least 1 dimension")],
        arrays=("joint",), ints={"joint": np.array([[0, 1], [0, 0]])}),
    "conditional_probability": Spec(
        "conditional_probability", lambda joint: conditional_probability(joint, given=0), {"joint": JOINT},
        {"joint": "table"}, extra=[("1-d", "joint", np.array([0.5, 0.5]), ValueError, r"at least 2 dimension")],
        arrays=("joint",), ints={"joint": np.array([[0, 1]])}),
    "GaussianNaiveBayes": Spec(
        "GaussianNaiveBayes", lambda priors, var_smoothing: GaussianNaiveBayes(
            priors=priors, var_smoothing=var_smoothing).fit(X_GNB.astype(np.asarray(priors).dtype), Y_GNB)
        .predict_proba(X_GNB.astype(np.asarray(priors).dtype)),
        {"priors": np.array([0.4, 0.6]), "var_smoothing": 1e-9}, {"priors": "prob", "var_smoothing": "nonneg-scalar"},
        extra=[("2-d", "priors", np.array([[0.4, 0.6]]), ValueError, r"1-d")], arrays=("priors",)),
    "GaussianNaiveBayes.fit": Spec(
        "GaussianNaiveBayes.fit", lambda X, y: GaussianNaiveBayes().fit(X, y).predict_proba(X),
        {"X": X_GNB, "y": Y_GNB}, {"X": "real", "y": "labels"},
        extra=[("1-d", "X", X_GNB[:, 0], ValueError, r"at least 2 dimension"),
               ("3-d", "X", X_GNB[None], ValueError, r"2-d array"),
               ("too-few-labels", "y", Y_GNB[:3], ValueError, r"one label for each")],
        arrays=("X",), ints={"X": X_GNB.astype(int)}),
    "GaussianNaiveBayes.predict_proba": Spec(
        "GaussianNaiveBayes.predict_proba", lambda X, X_fit: _fitted_gnb(X_fit).predict_proba(X),
        {"X": X_GNB[:2], "X_fit": X_GNB}, {"X": "real"},
        extra=[("wrong-columns", "X", np.ones((2, 3)), ValueError, r"2 columns")],
        arrays=("X", "X_fit"), ints={"X": X_GNB[:2].astype(int), "X_fit": X_GNB.astype(int)}),
    "GaussianNaiveBayes.predict_joint_log_proba": Spec(
        "GaussianNaiveBayes.predict_joint_log_proba", lambda X, X_fit: _fitted_gnb(X_fit).predict_joint_log_proba(X),
        {"X": X_GNB[:2], "X_fit": X_GNB}, {"X": "real"},
        extra=[("1-d", "X", X_GNB[0], ValueError, r"at least 2 dimension"),
               ("overflow", "X", np.array([[1e200, 0.0]]), ValueError, r"close enough to the class means")],
        arrays=("X", "X_fit"), ints={"X": X_GNB[:2].astype(int), "X_fit": X_GNB.astype(int)}),
    "GaussianNaiveBayes.predict": Spec(
        "GaussianNaiveBayes.predict", lambda X, X_fit: _fitted_gnb(X_fit).predict(X), {"X": X_GNB[:2], "X_fit": X_GNB},
        {"X": "real"}, extra=[("wrong-columns", "X", np.ones((2, 1)), ValueError, r"2 columns")],
        arrays=("X", "X_fit"), ints={"X": X_GNB[:2].astype(int), "X_fit": X_GNB.astype(int)}),
    "entropy": Spec(
        "entropy", lambda p, base: entropy(p, base=base), {"p": P3, "base": 2.0}, {"p": "prob", "base": "positive"},
        extra=[("0-d", "p", 1.0, ValueError, r"at least 1 dimension"),
               ("one", "base", 1.0, ValueError, r"not 1")],
        arrays=("p",), ints={"p": np.array([0, 1, 0])}),
    "kl_divergence": Spec(
        "kl_divergence", lambda p, q: kl_divergence(p, q), {"p": P3, "q": Q3}, {"p": "prob", "q": "prob"},
        extra=[("mismatch", "q", np.array([0.5, 0.5]), ValueError, r"same shape")],
        arrays=("p", "q"), ints={"p": np.array([0, 1, 0]), "q": np.array([0, 1, 0])}),
    "cross_entropy": Spec(
        "cross_entropy", lambda p, q: cross_entropy(p, q), {"p": P3, "q": Q3}, {"p": "prob", "q": "prob"},
        extra=[("mismatch", "q", np.array([[0.5, 0.5]]), ValueError, r"same shape")],
        arrays=("p", "q"), ints={"p": np.array([0, 1, 0]), "q": np.array([0, 1, 0])}),
    # Linear algebra
    "linear_transform": Spec(
        "linear_transform", lambda A, x, b: linear_transform(A, x, b), {"A": A32, "x": np.array([1.0, -2.0]),
                                                                        "b": np.array([1.0, 0.0, 2.0])},
        {"A": "real", "x": "real", "b": "real"},
        extra=[("1-d", "A", np.array([1.0, 2.0]), ValueError, r"2-d array"),
               ("mismatch", "x", np.array([1.0, 2.0, 3.0]), ValueError, r"matching dimensions"),
               ("3-d", "x", np.ones((1, 1, 2)), ValueError, r"vector"),
               ("wrong-length", "b", np.array([1.0, 2.0]), ValueError, r"3 entries")],
        arrays=("A", "x", "b")),
    "eigendecomposition": Spec(
        "eigendecomposition", lambda A: eigendecomposition(A), {"A": A2}, {"A": "real"},
        extra=[("non-square", "A", A32, ValueError, r"square"), ("1-d", "A", np.ones(2), ValueError, r"2-d")],
        arrays=("A",)),
    "singular_value_decomposition": Spec(
        "singular_value_decomposition", lambda A, full_matrices: singular_value_decomposition(
            A, full_matrices=full_matrices), {"A": A32, "full_matrices": False}, {"A": "real", "full_matrices": "flag"},
        extra=[("3-d", "A", np.ones((2, 2, 2)), ValueError, r"2-d")], arrays=("A",)),
    "principal_components": Spec(
        "principal_components", lambda X, n_components: principal_components(X, n_components=n_components),
        {"X": A32, "n_components": 1}, {"X": "real", "n_components": "int"},
        extra=[("one-row", "X", A32[:1], ValueError, r"at least 2 rows"),
               ("too-many", "n_components", 3, ValueError, r"at most min")], arrays=("X",)),
    "low_rank_approximation": Spec(
        "low_rank_approximation", lambda A, rank: low_rank_approximation(A, rank=rank), {"A": A32, "rank": 1},
        {"A": "real", "rank": "int"}, extra=[("too-large", "rank", 3, ValueError, r"at most min"),
                                             ("1-d", "A", np.ones(3), ValueError, r"2-d")], arrays=("A",)),
    # Optimization
    "gradient_descent": Spec(
        "gradient_descent", lambda gradient, theta0, learning_rate, epochs: gradient_descent(
            gradient, theta0, learning_rate=learning_rate, epochs=epochs),
        {"gradient": lambda t: 2 * t, "theta0": np.array([1.0, -2.0]), "learning_rate": 0.25, "epochs": 3},
        {"gradient": "callable", "theta0": "real", "learning_rate": "positive", "epochs": "int0"},
        extra=[("wrong-shape", "gradient", lambda t: np.ones(3), ValueError, r"parameters' shape"),
               ("complex", "gradient", lambda t: t * 1j, TypeError, r"real numbers"),
               ("ragged", "gradient", lambda t: [[1.0, 2.0], [3.0]], ValueError, r"rectangular"),
               ("huge-int", "gradient", lambda t: [10**400, 1], ValueError, r"float64's range")],
        arrays=("theta0",), zero_d=(lambda: gradient_descent(lambda t: 2 * t, 1.0, learning_rate=0.25,
                                                             epochs=1).theta, 0.5)),
    "least_squares_objective": Spec(
        "least_squares_objective", lambda X, y: least_squares_objective(X, y).hessian, {"X": A32, "y": np.ones(3)},
        {"X": "real", "y": "real"},
        extra=[("1-d", "X", np.ones(3), ValueError, r"at least 2 dimension"),
               ("mismatch", "y", np.ones(2), ValueError, r"same number of rows"),
               ("2-d", "y", np.ones((3, 1)), ValueError, r"1-d array")], arrays=("X", "y")),
    "least_squares_objective(X, y).gradient": Spec(
        "least_squares_objective(...).gradient", lambda X, y, theta: least_squares_objective(X, y).gradient(theta),
        {"X": A32, "y": np.array([1.0, -1.0, 0.5]), "theta": np.array([0.5, -0.25])},
        {"theta": "real"}, extra=[("wrong-length", "theta", np.ones(3), ValueError, r"one weight per column")],
        arrays=("X", "y", "theta")),
    "MultilayerPerceptron": Spec(
        "MultilayerPerceptron", lambda W0, W1, b0, b1, hidden_activation: _mlp_from(
            W0, W1, b0, b1, hidden_activation=hidden_activation).forward(np.asarray(X_MLP, np.asarray(W0).dtype)),
        {"W0": W_MLP[0], "W1": W_MLP[1], "b0": B_MLP[0], "b1": B_MLP[1], "hidden_activation": "tanh"},
        {"W0": "real", "W1": "real", "b0": "real", "b1": "real", "hidden_activation": "choice"},
        names={"W0": "weights[0]", "W1": "weights[1]", "b0": "biases[0]", "b1": "biases[1]"},
        extra=[("chain", "W1", np.ones((1, 2)), ValueError, r"3 columns"),
               ("1-d", "W0", np.ones(2), ValueError, r"2-d array"),
               ("wrong-length", "b0", np.ones(2), ValueError, r"one entry per row")],
        arrays=("W0", "W1", "b0", "b1")),
    "MultilayerPerceptron(weights, biases)": Spec(
        "MultilayerPerceptron", lambda weights, biases: MultilayerPerceptron(weights, biases).forward(X_MLP),
        {"weights": W_MLP, "biases": B_MLP}, {"weights": "layers", "biases": "layers"},
        extra=[("one-bias", "biases", B_MLP[:1], ValueError, r"same length")]),
    "MultilayerPerceptron.random": Spec(
        "MultilayerPerceptron.random", lambda layer_sizes, rng: MultilayerPerceptron.random(layer_sizes, rng=rng),
        {"layer_sizes": [2, 3, 1], "rng": np.random.default_rng(0)}, {"layer_sizes": "sizes", "rng": "generator"},
        extra=[("too-large", "layer_sizes", [2, 2**45], ValueError, r"fit in memory")]),
    "MultilayerPerceptron.forward": Spec(
        "MultilayerPerceptron.forward", lambda X, **w: _mlp_from(**w).forward(X), {"X": X_MLP, **MLP_ARGS},
        {"X": "real"},
        extra=[("1-d", "X", X_MLP[0], ValueError, r"2-d array"),
               ("wrong-columns", "X", np.ones((2, 3)), ValueError, r"2 inputs per sample")],
        arrays=("X", *MLP_ARGS), ints={"X": X_MLP.astype(int)}),
    "MultilayerPerceptron.loss": Spec(
        "MultilayerPerceptron.loss", lambda X, y, **w: _mlp_from(**w).loss(X, y), {"X": X_MLP, "y": Y_MLP,
                                                                                   **MLP_ARGS},
        {"X": "real", "y": "real"}, extra=[("mismatch", "y", Y_MLP[:, 0], ValueError, r"shape of the network")],
        arrays=("X", "y", *MLP_ARGS), ints={"X": X_MLP.astype(int), "y": Y_MLP.astype(int)}),
    "MultilayerPerceptron.gradients": Spec(
        "MultilayerPerceptron.gradients", lambda X, y, **w: _mlp_from(**w).gradients(X, y),
        {"X": X_MLP, "y": Y_MLP, **MLP_ARGS},
        {"X": "real", "y": "real"}, extra=[("mismatch", "y", np.ones((3, 1)), ValueError, r"shape of the network")],
        arrays=("X", "y", *MLP_ARGS), ints={"X": X_MLP.astype(int), "y": Y_MLP.astype(int)}),
    "MultilayerPerceptron.sgd_step": Spec(
        "MultilayerPerceptron.sgd_step", lambda X, y, learning_rate, **w: _mlp_from(**w).sgd_step(
            X, y, learning_rate=learning_rate).parameters(),
        {"X": X_MLP, "y": Y_MLP, "learning_rate": 0.1, **MLP_ARGS},
        {"X": "real", "y": "real", "learning_rate": "positive"}, arrays=("X", "y", *MLP_ARGS)),
    # Loss functions
    "binary_cross_entropy": Spec(
        "binary_cross_entropy", lambda y_true, probs, eps, reduction: binary_cross_entropy(
            y_true, probs, eps=eps, reduction=reduction),
        {"y_true": np.array([1.0, 0.0, 1.0]), "probs": np.array([0.9, 0.2, 0.6]), "eps": 0.0, "reduction": "none"},
        {"y_true": "unit", "probs": "unit", "eps": "nonneg-scalar", "reduction": "choice"},
        extra=[("mismatch", "probs", np.array([0.9, 0.2]), ValueError, r"same shape"),
               ("half", "eps", 0.5, ValueError, r"\[0, 0.5\)")],
        arrays=("y_true", "probs"), ints={"y_true": np.array([1, 0, 1])}, zero_d=(
            lambda: binary_cross_entropy(1, 0.5), float(np.log(2)))),
    "binary_cross_entropy_with_logits": Spec(
        "binary_cross_entropy_with_logits", lambda y_true, logits: binary_cross_entropy_with_logits(y_true, logits),
        {"y_true": np.array([1.0, 0.0]), "logits": np.array([2.0, -1.0])}, {"y_true": "unit", "logits": "real"},
        extra=[("mismatch", "logits", np.array([[2.0, -1.0]]), ValueError, r"same shape")],
        arrays=("y_true", "logits"), ints={"y_true": np.array([1, 0]), "logits": np.array([2, -1])},
        zero_d=(lambda: binary_cross_entropy_with_logits(1, 0.0), float(np.log(2)))),
    "mean_squared_error": Spec(
        "mean_squared_error", lambda y_true, y_pred, reduction: mean_squared_error(y_true, y_pred,
                                                                                   reduction=reduction),
        {"y_true": np.array([1.0, 2.0, 3.0]), "y_pred": np.array([1.0, 4.0, 0.0]), "reduction": "mean"},
        {"y_true": "real", "y_pred": "real", "reduction": "choice"},
        extra=[("mismatch", "y_pred", np.array([1.0, 2.0]), ValueError, r"same shape"),
               ("transposed", "y_pred", np.array([[1.0], [4.0], [0.0]]), ValueError, r"same shape")],
        arrays=("y_true", "y_pred"), zero_d=(lambda: mean_squared_error(1.0, 3.0), 4.0)),
    "softmax_cross_entropy": Spec(
        "softmax_cross_entropy", lambda y_true, logits: softmax_cross_entropy(y_true, logits, reduction="none"),
        {"y_true": np.array([[0.0, 1.0, 0.0], [0.5, 0.25, 0.25]]),
         "logits": np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])}, {"y_true": "prob", "logits": "scores"},
        extra=[("float-labels", "y_true", np.array([1.0, 0.0]), TypeError, r"integer class labels"),
               ("label-too-large", "y_true", np.array([1, 3]), ValueError, r"class labels in \[0, 2\]"),
               ("wrong-shape", "y_true", np.ones((2, 2)) / 2, ValueError, r"class labels of shape"),
               ("0-d", "logits", 1.0, ValueError, r"at least 1 dimension")],
        arrays=("y_true", "logits"), ints={"logits": np.array([[1, 2, 0], [0, -1, 3]])}),
    # Forward diffusion
    "alpha_bar": Spec(
        "alpha_bar", lambda betas: alpha_bar(betas), {"betas": np.array([0.1, 0.2, 0.5])}, {"betas": "variance"},
        extra=[("2-d", "betas", np.full((2, 2), 0.1), ValueError, r"1-d array"),
               ("0-d", "betas", 0.1, ValueError, r"at least 1 dimension")],
        arrays=("betas",), ints={"betas": np.array([1, 1])}),
    "cosine_beta_schedule": Spec(
        "cosine_beta_schedule", lambda num_steps, offset, max_beta: cosine_beta_schedule(
            num_steps, offset=offset, max_beta=max_beta), {"num_steps": 10, "offset": 0.008, "max_beta": 0.999},
        {"num_steps": "int", "offset": "nonneg-scalar", "max_beta": "open-unit"},
        extra=[("too-many", "num_steps", 2**70, ValueError, r"fit in memory")]),
    "linear_beta_schedule": Spec(
        "linear_beta_schedule", lambda num_steps, beta_start, beta_end: linear_beta_schedule(
            num_steps, beta_start=beta_start, beta_end=beta_end), {"num_steps": 10, "beta_start": 1e-4,
                                                                   "beta_end": 0.02},
        {"num_steps": "int", "beta_start": "open-unit", "beta_end": "open-unit"},
        extra=[("too-many", "num_steps", 2**70, ValueError, r"fit in memory"),
               ("too-many-to-allocate", "num_steps", 2**45, ValueError, r"fit in memory")]),
    "forward_diffusion": Spec(
        "forward_diffusion", lambda x0, alpha_bar_t, noise: forward_diffusion(x0, alpha_bar_t, noise),
        {"x0": np.array([[1.0, -1.0], [0.5, 2.0]]), "alpha_bar_t": np.array([0.25, 0.64]),
         "noise": np.array([[0.0, 1.0], [-1.0, 0.5]])}, {"x0": "real", "alpha_bar_t": "unit", "noise": "real"},
        extra=[("mismatch", "noise", np.zeros((2, 3)), ValueError, r"same shape"),
               ("per-column", "alpha_bar_t", np.array([0.25, 0.64, 0.5]), ValueError, r"one value per sample")],
        arrays=("x0", "alpha_bar_t", "noise"), ints={"x0": np.array([[1, -1], [0, 2]])},
        zero_d=(lambda: forward_diffusion(1.0, 0.25, 0.0), 0.5)),
    # Convolution
    "conv2d": Spec(
        "conv2d", lambda x, weight, bias, stride, padding: conv2d(x, weight, bias, stride=stride, padding=padding),
        {"x": X_NCHW, "weight": W_OIHW, "bias": np.array([1.0, -1.0]), "stride": 1, "padding": 0},
        {"x": "real", "weight": "real", "bias": "real", "stride": "int", "padding": "int0"},
        extra=[("3-d", "x", X_NCHW[0], ValueError, r"4-d array"),
               ("channels", "weight", np.ones((2, 3, 2, 2)), ValueError, r"input channels"),
               ("bias-length", "bias", np.ones(3), ValueError, r"output channels"),
               ("too-large", "weight", np.ones((2, 2, 5, 5)), ValueError, r"no larger than"),
               ("huge-padding", "padding", 2**40, ValueError, r"fit in memory")],
        arrays=("x", "weight", "bias")),
    "conv_output_size": Spec(
        "conv_output_size", lambda input_size, kernel_size, stride, padding, dilation: conv_output_size(
            input_size, kernel_size, stride=stride, padding=padding, dilation=dilation),
        {"input_size": 8, "kernel_size": 3, "stride": 1, "padding": 0, "dilation": 1},
        {"input_size": "int", "kernel_size": "int", "stride": "int", "padding": "int0", "dilation": "int"},
        extra=[("too-large", "kernel_size", 9, ValueError, r"no larger than")]),
    "convolve": Spec(
        "convolve", lambda f, g, mode: convolve(f, g, mode=mode),
        {"f": np.array([1.0, 2.0, 3.0, 4.0]), "g": np.array([1.0, -1.0]), "mode": "valid"},
        {"f": "real", "g": "real", "mode": "choice"},
        extra=[("2-d", "f", np.ones((2, 2)), ValueError, r"1-d array"),
               ("0-d", "g", 1.0, ValueError, r"1-d array"),
               ("valid-too-long", "g", np.ones(5), ValueError, r"no larger than")],
        arrays=("f", "g")),
    "convolve2d": Spec(
        "convolve2d", lambda image, kernel, mode: convolve2d(image, kernel, mode=mode),
        {"image": IMAGE, "kernel": KERNEL, "mode": "same"}, {"image": "real", "kernel": "real", "mode": "choice"},
        extra=[("1-d", "image", np.ones(4), ValueError, r"2-d array"),
               ("3-d", "kernel", np.ones((1, 2, 2)), ValueError, r"2-d array")],
        arrays=("image", "kernel")),
    # Softmax
    "log_softmax": Spec(
        "log_softmax", lambda z, temperature: log_softmax(z, temperature=temperature),
        {"z": np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]), "temperature": 1.0},
        {"z": "scores", "temperature": "positive"},
        extra=[("0-d", "z", 1.0, ValueError, r"at least 1 dimension")], arrays=("z",)),
    "log_sum_exp": Spec(
        "log_sum_exp", lambda x, keepdims: log_sum_exp(x, keepdims=keepdims),
        {"x": np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]), "keepdims": False}, {"x": "logs", "keepdims": "flag"},
        extra=[("0-d", "x", 1.0, ValueError, r"at least 1 dimension")], arrays=("x",)),
    "softmax": Spec(
        "softmax", lambda z, temperature: softmax(z, temperature=temperature),
        {"z": np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]), "temperature": 0.5},
        {"z": "scores", "temperature": "positive"},
        extra=[("0-d", "z", 1.0, ValueError, r"at least 1 dimension")], arrays=("z",)),
    # Attention
    "multi_head_attention": Spec(
        "multi_head_attention", _mha,
        {"x_q": X_MHA, "x_kv": X_MHA, "w_q": W_MHA, "w_k": W_MHA, "w_v": W_MHA, "w_o": W_MHA,
         "b_q": np.array([0.0, 1.0, 0.0, -1.0]), "num_heads": 2, "mask": np.array([[True, False], [True, True]])},
        {"x_q": "real", "x_kv": "real", "w_q": "real", "w_k": "real", "w_v": "real", "w_o": "real", "b_q": "real",
         "num_heads": "int", "mask": "mask"},
        extra=[("1-d", "x_q", np.ones(4), ValueError, r"at least 2 dimension"),
               ("batch", "x_kv", np.ones((2, 2, 4)), ValueError, r"leading"),
               ("heads", "num_heads", 3, ValueError, r"divisible by num_heads=3", "w_q"),
               ("model-dim", "w_q", np.ones((3, 4)), ValueError, r"model dimension"),
               ("bias-length", "b_q", np.ones(3), ValueError, r"number of outputs")],
        arrays=("x_q", "x_kv", "w_q", "w_k", "w_v", "w_o", "b_q")),
    "scaled_dot_product_attention": Spec(
        "scaled_dot_product_attention", lambda Q, K, V, mask: scaled_dot_product_attention(Q, K, V, mask=mask),
        {"Q": Q_ATT, "K": K_ATT, "V": V_ATT, "mask": np.array([True, True])},
        {"Q": "real", "K": "real", "V": "real", "mask": "mask"},
        extra=[("d_k", "K", np.ones((2, 3)), ValueError, r"key dimension"),
               ("keys", "V", np.ones((3, 3)), ValueError, r"number of keys"),
               ("1-d", "Q", np.ones(2), ValueError, r"at least 2 dimension"),
               ("batch", "Q", np.ones((2, 3, 2)), ValueError, r"leading")],
        arrays=("Q", "K", "V")),
}


def _targets_of(name):
    """The spec keys that cover a public name: the name itself and, for a class, its methods."""
    return [key for key in SPECS if key == name or key.startswith((name + ".", name + "("))]


def test_every_public_name_is_in_the_table():
    missing = [name for name in PUBLIC if not _targets_of(name)]
    assert not missing, f"public names without a row in tests/test_public_api.py SPECS: {missing}"
    stale = [key for key in SPECS if not any(key in _targets_of(name) for name in PUBLIC)]
    assert not stale, f"SPECS entries for names that are not public: {stale}"


@pytest.mark.parametrize("name", [n for n in PUBLIC if inspect.isclass(getattr(mlequations, n))])
def test_every_public_method_is_in_the_table(name):
    cls = getattr(mlequations, name)
    methods = [m for m, v in vars(cls).items() if not m.startswith("_") and callable(getattr(cls, m))
               and m != "parameters"]  # parameters() takes no input that could be bad
    missing = [m for m in methods if f"{name}.{m}" not in SPECS]
    assert not missing, f"{name}: public methods without a row in SPECS: {missing}"


# -- the bad-input table --------------------------------------------------------------------------------------

def _bad_rows():
    for target, spec in SPECS.items():
        for arg, kind in spec.kinds.items():
            for label, value, exc, pattern in rows_for(kind, spec.args[arg]):
                yield pytest.param(target, arg, value, exc, pattern, id=f"{target}-{arg}-{label}")
        for label, arg, value, exc, pattern, *named in spec.extra:
            yield pytest.param(target, arg, value, exc, pattern, *named, id=f"{target}-{arg}-{label}")


BAD_ROWS = list(_bad_rows())


def _names_the_argument(message, caller, name):
    """The message opens with the template for one argument, or for several ("The 'a' and 'b' parameters")."""
    one = f"The {name!r} parameter of {caller} must "
    several = re.match(rf"The ((?:'[^']+', )*'[^']+' and '[^']+') parameters of {re.escape(caller)} must ", message)
    return message.startswith(one) or bool(several and re.findall(r"'([^']+)'", several.group(1)).count(name))


def _pad(row):
    """Rows name the changed argument unless a sixth value names the one the message is about."""
    values = row.values if len(row.values) == 6 else row.values + (row.values[1],)
    return pytest.param(*values, id=row.id)


@pytest.mark.parametrize(("target", "arg", "value", "exc", "pattern", "named"), [_pad(row) for row in BAD_ROWS])
def test_bad_input_raises_a_clear_error(target, arg, value, exc, pattern, named):
    spec = SPECS[target]
    kwargs = dict(spec.args, **{arg: value})
    with pytest.raises((ValueError, TypeError)) as info:
        spec.call(**kwargs)
    message = str(info.value)
    name = spec.names.get(named, named)
    assert info.type is exc, f"{info.type.__name__} instead of {exc.__name__}: {message}"
    assert _names_the_argument(message, spec.caller, name), f"the message does not name {name!r}: {message}"
    assert " Got " in message, f"the message does not say what was given: {message}"
    assert re.search(pattern, message), f"the message does not say what was expected ({pattern}): {message}"


def test_table_size():
    """Every public name meets at least 5 bad rows, and the table averages at least 10 per public name."""
    per_name = {name: sum(1 for row in BAD_ROWS if row.values[0] in _targets_of(name)) for name in PUBLIC}
    assert min(per_name.values()) >= 5, per_name
    assert len(BAD_ROWS) >= 10 * len(PUBLIC)


# -- the valid-but-unusual table ----------------------------------------------------------------------------------

def _outputs(result):
    """The arrays and floats of a result, flattened (a NamedTuple or list gives its fields in order)."""
    if isinstance(result, (tuple, list)):
        return [out for item in result for out in _outputs(item)]
    return [] if result is None else [result]


def _run(spec, **changes):
    args = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in spec.args.items()}
    args.update(changes)
    return _outputs(spec.call(**args))


def _assert_same(got, want, rtol=1e-12, atol=0.0, dtype=None):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        if isinstance(w, np.ndarray) and w.dtype.kind in "iuUb":  # class labels
            np.testing.assert_array_equal(g, w)
            continue
        if isinstance(w, np.ndarray):
            assert isinstance(g, np.ndarray), type(g)
            if dtype is not None and w.dtype.kind == "f":
                assert g.dtype == dtype, f"{g.dtype} instead of {dtype}"
        else:
            assert type(g) is type(w), f"{type(g)} instead of {type(w)}"
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol)


VALID = [key for key, spec in SPECS.items() if spec.arrays]


def _view(a):
    """A non-contiguous view holding the values of `a`: every other element of a twice-as-long array."""
    a = np.asarray(a)
    axis = int(np.argmax(a.shape)) if a.ndim else 0
    view = np.repeat(a, 2, axis=axis)[(slice(None),) * axis + (slice(None, None, 2),)]
    assert np.array_equal(view, a) and (a.size == 1 or not view.flags.c_contiguous)
    return view


@pytest.mark.parametrize("target", VALID)
def test_python_lists_work(target):
    spec = SPECS[target]
    _assert_same(_run(spec, **{a: np.asarray(spec.args[a]).tolist() for a in spec.arrays}), _run(spec))


@pytest.mark.parametrize("target", VALID)
def test_non_contiguous_views_work(target):
    spec = SPECS[target]
    _assert_same(_run(spec, **{a: _view(spec.args[a]) for a in spec.arrays}), _run(spec), rtol=1e-12)


@pytest.mark.parametrize("target", VALID)
def test_input_is_never_modified(target):
    spec = SPECS[target]
    args = {a: np.array(spec.args[a]) for a in spec.arrays}
    before = {a: v.copy() for a, v in args.items()}
    _run(spec, **args)
    for a in args:
        np.testing.assert_array_equal(args[a], before[a])


@pytest.mark.parametrize("target", [key for key in VALID if SPECS[key].ints or all(
    np.array_equal(np.asarray(SPECS[key].args[a]), np.round(SPECS[key].args[a])) for a in SPECS[key].arrays)])
def test_integer_arrays_become_float64(target):
    spec = SPECS[target]
    ints = dict(spec.ints) or {a: np.asarray(spec.args[a]).astype(np.int64) for a in spec.arrays}
    ints = {a: np.asarray(v) for a, v in ints.items()}
    assert all(v.dtype.kind == "i" for v in ints.values())
    floats = {a: v.astype(np.float64) for a, v in ints.items()}
    _assert_same(_run(spec, **ints), _run(spec, **floats), dtype=np.float64)


@pytest.mark.parametrize("target", VALID)
def test_float32_stays_float32(target):
    """float32 in, float32 out, and the float64 answer to float32's precision."""
    spec = SPECS[target]
    args32 = {a: np.asarray(spec.args[a], dtype=np.float32) for a in spec.arrays}
    _assert_same(_run(spec, **args32), _run(spec), rtol=1e-5, atol=1e-6, dtype=np.float32)


@pytest.mark.parametrize("target", VALID)
def test_float16_is_computed_in_float32(target):
    """float16 input is widened to float32 first (docs/notation.md): the result is the float32 one, exactly."""
    spec = SPECS[target]
    args16 = {a: np.asarray(spec.args[a], dtype=np.float16) for a in spec.arrays}
    args32 = {a: v.astype(np.float32) for a, v in args16.items()}
    _assert_same(_run(spec, **args16), _run(spec, **args32), rtol=0, dtype=np.float32)


@pytest.mark.parametrize("target", [key for key, spec in SPECS.items() if spec.zero_d])
def test_zero_d_input_gives_a_python_float(target):
    call, expected = SPECS[target].zero_d
    result = call()
    assert type(result) is float
    assert result == pytest.approx(expected, rel=1e-15)


# -- mixed precision --------------------------------------------------------------------------------------------

def _float32_grid(value, kind):
    """The float64 input that a float32 argument stands for: `value` rounded to float32 and widened back.

    Probability vectors and tables are rounded to multiples of 1/64 instead, which float32 holds exactly and
    which still sum to 1 exactly, while rounding 0.2, 0.3, 0.5 to float32 misses 1 by more than float64's
    tolerance. Everything else keeps float32's rounded values, so that float32 arithmetic on them is inexact
    and a computation that stays in float32 shows.
    """
    if kind in ("real", "nonneg", None):  # None: data such as X_fit, which the kinds do not list
        # The table's real arguments are mostly small integers, on which float32 arithmetic is exact: a factor
        # of 4/3 gives them 24 significant bits, so that float32's rounding shows.
        value = np.asarray(value, dtype=np.float64) * (4 / 3)
    if kind not in ("prob", "table"):
        return np.asarray(value, dtype=np.float32).astype(np.float64)
    grid = np.round(np.asarray(value, dtype=np.float64) * 64) / 64
    assert np.array_equal(grid.astype(np.float32).astype(np.float64), grid)
    return grid


# X_fit is left out: a model fitted on float32 data has float32 statistics by design (float32 stays float32), so
# predicting float64 samples with it is not the float64 computation on the float32 data.
MIXED = [pytest.param(key, arg, id=f"{key}-{arg}") for key in VALID for arg in SPECS[key].arrays
         if len(SPECS[key].arrays) > 1 and arg != "X_fit"]


@pytest.mark.parametrize(("target", "arg"), MIXED)
def test_mixed_precision_computes_in_float64(target, arg):
    """One float32 argument among float64 ones gives float64's answer on the widened values, not float32's.

    Widening after a log, a product or a matmul keeps float32's rounding errors (about 1e-8 relative); widening
    before keeps float64's. Every other argument is put on the float32 grid too, so that the float64 reference
    sees exactly the values the mixed call sees.
    """
    spec = SPECS[target]
    grid = {a: _float32_grid(spec.args[a], spec.kinds.get(a)) for a in spec.arrays}
    want = _run(spec, **grid)
    got = _run(spec, **dict(grid, **{arg: grid[arg].astype(np.float32)}))
    _assert_same(got, want, rtol=1e-13, atol=1e-300, dtype=np.float64)
