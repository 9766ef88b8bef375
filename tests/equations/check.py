r"""How a symbolic form is compared with a display's LaTeX and with the code.

A form is the equation as the literature states it, written in SymPy: a list of clauses, each either a chain of
expressions ``[a, b, c]`` meaning a = b = c, or a string, a side condition (``0 \log 0 = 0``) that the display
must state word for word after normalisation. An environment gives every symbol a value: numbers for scalars,
arrays for indexed names (with the position of the first element, 1 for ``p_1``), explicit matrices for matrix
symbols, and Python callables for functions (``softmax`` row by row, or a definition such as H(p)).

Agreement is numerical, at RTOL (relative) and ATOL (absolute) below, at fixed small sizes (n = 3, 2 x 2 and
3 x 3 matrices), on seeded random input; what is left symbolic (the name on the left, such as H(p)) must be
identical after substitution.
"""

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from . import latex

RTOL = 1e-10
ATOL = 1e-12


class Array:
    """An indexed name's values: element ``x[k]`` of the display is ``values[k - first]`` (per axis); an index
    outside the array gives `outside` (0 for sequences that are zero off their support), or is an error."""

    def __init__(self, values, first=1, outside=None, columns=False):
        self.values = np.asarray(values)
        self.columns = columns  # element k is the k-th column, a vector
        self.first = (first,) * self.values.ndim if np.isscalar(first) else tuple(first)
        self.outside = outside

    def __getitem__(self, idx):
        idx = tuple(int(i) - f for i, f in zip(idx, self.first))
        if any(i < 0 or i >= s for i, s in zip(idx, self.values.shape)):
            if self.outside is None:
                raise IndexError(f"index {idx} outside {self.values.shape}")
            return self.outside
        item = self.values[idx]
        return sp.ImmutableMatrix(np.atleast_2d(item).reshape(-1, 1)) if np.ndim(item) else item


@dataclass
class Env:
    """Values for one evaluation: `symbols` {name: number}, `arrays` {name: Array}, `matrices` {name: 2-d array},
    `definitions` {function name: callable(*sympy args) -> sympy}, applied before anything is substituted, and
    `functions` {function name: callable}, applied to explicit values at the end."""

    symbols: dict = field(default_factory=dict)
    arrays: dict = field(default_factory=dict)
    matrices: dict = field(default_factory=dict)
    definitions: dict = field(default_factory=dict)
    functions: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # anything the code comparison needs besides the values above


def _apply(expr, table):
    for name, fn in table.items():
        expr = expr.replace(sp.Function(name), fn)
        expr = expr.replace(lambda e, name=name: isinstance(e, latex.MatrixFunction) and e.name == name,
                            lambda e, fn=fn: fn(*(arg.doit() for arg in e.operands)))
    return expr


def _renamed(lam):
    dummy = sp.Dummy(str(lam.variables[0]))
    return sp.Lambda(dummy, lam.expr.xreplace({lam.variables[0]: dummy}))


def evaluate(expr, env):
    """The value of `expr` in `env`: a float, a NumPy array, or what is left symbolic."""
    # A definition is applied before the numbers, so that it can expand into sums, and again after them, for
    # the calls whose arguments were not yet known (it returns such a call unchanged).
    expr = _apply(sp.sympify(expr), env.definitions)
    expr = expr.replace(lambda e: isinstance(e, sp.Lambda), _renamed)  # its variable is not a value to substitute
    expr = expr.subs({sp.Symbol(k): v for k, v in env.symbols.items()})
    expr = _apply(expr.doit(), env.definitions).doit()
    columns = {}  # u_i, the i-th column of an array of vectors, becomes a matrix symbol, so that u_i v_i^T is a product

    def is_column(e):
        return isinstance(e, sp.Indexed) and getattr(env.arrays.get(str(e.base)), "columns", False) \
            and e.indices[0].is_number

    def column(e):
        array, index = env.arrays[str(e.base)], int(e.indices[0])
        symbol = sp.MatrixSymbol(f"{e.base}_{index}", array.values.shape[0], 1)
        columns[symbol] = sp.ImmutableMatrix(array.values[:, index - array.first[0]])
        return symbol

    expr = expr.replace(lambda e: isinstance(e, sp.core.function.AppliedUndef) and e.func.__name__ == "transpose"
                        and is_column(e.args[0]), lambda e: column(e.args[0]).T)
    expr = expr.replace(is_column, column)
    expr = expr.replace(lambda e: isinstance(e, sp.Indexed) and str(e.base) in env.arrays
                        and all(i.is_number for i in e.indices),
                        lambda e: sp.sympify(env.arrays[str(e.base)][e.indices]))
    matrices = {sp.MatrixSymbol(k, *np.shape(v)): sp.ImmutableMatrix(v) for k, v in env.matrices.items()}
    matrices.update(columns)
    expr = expr.xreplace(matrices).doit() if matrices else expr
    expr = _apply(expr, env.functions).doit()
    if isinstance(expr, sp.MatrixBase) or getattr(expr, "is_Matrix", False):
        expr = sp.ImmutableMatrix(expr.doit())
        if not expr.free_symbols and not expr.atoms(sp.core.function.AppliedUndef):
            return np.array(expr.evalf(30), dtype=complex)
        return expr
    if not expr.free_symbols and not expr.atoms(sp.core.function.AppliedUndef) and not expr.atoms(sp.Indexed):
        value = complex(expr.evalf(30))
        return value.real if value.imag == 0 else value
    return expr


def same(a, b):
    """Whether two evaluated values agree: numerically within RTOL/ATOL, or identical where left symbolic."""
    numeric = (int, float, complex, np.ndarray)
    if isinstance(a, numeric) and isinstance(b, numeric):
        a, b = np.asarray(a, dtype=complex), np.asarray(b, dtype=complex)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=False))
    if isinstance(a, numeric) or isinstance(b, numeric):
        return False
    if sp.sympify(a) == sp.sympify(b):  # identical: the usual case for a name on the left, such as H(p)
        return True
    difference = sp.simplify(sp.sympify(a) - sp.sympify(b))
    return difference == 0 or (getattr(difference, "is_zero_matrix", False) is True)


@dataclass
class Form:
    """One display: its clauses (chains of SymPy expressions, or side-condition strings), what the reader must
    know about its names, the environments to evaluate in, and the code to compare with.

    `code(env)` returns [(clause, side, value)]: the equation function's value for that side. A clause may also
    be a pair (chain, text): a formula followed by words such as "when A has n independent eigenvectors"."""

    clauses: list
    names: dict = field(default_factory=dict)
    envs: object = None
    code: object = None
    relations: dict = field(default_factory=dict)


def _split_text(clause):
    """A clause's formula and its trailing words: "A = V \\Lambda V^{-1} \\text{ when } ..." at the first \\text."""
    at = clause.find(r"\text")
    return (clause, "") if at < 0 else (clause[:at].strip(), clause[at:].strip())


def check_display(form, tex, seed=0):
    """Raise AssertionError, saying where, unless the display `tex` states `form`."""
    shown = latex.clauses(tex)
    assert len(shown) == len(form.clauses), f"{len(shown)} clauses shown, {len(form.clauses)} in the form: {shown}"
    parsed = []
    for k, (text, expected) in enumerate(zip(shown, form.clauses)):
        if isinstance(expected, str):
            assert text == latex.normalise(expected), f"clause {k}: {text!r} is not {latex.normalise(expected)!r}"
            parsed.append(None)
            continue
        chain, words = expected if isinstance(expected, tuple) else (expected, "")
        formula, shown_words = _split_text(text) if words else (text, "")
        assert shown_words == latex.normalise(words), f"clause {k}: {shown_words!r} is not {words!r}"
        sides, relations = latex.read(formula, **form.names)
        want = form.relations.get(k, ["="] * (len(chain) - 1))
        assert relations == want, f"clause {k}: relations {relations} are not {want}"
        assert len(sides) == len(chain), f"clause {k}: {len(sides)} sides shown, {len(chain)} in the form"
        parsed.append(sides)
    for env in form.envs(np.random.default_rng(seed)):
        for k, (sides, expected) in enumerate(zip(parsed, form.clauses)):
            if sides is None:
                continue
            chain = expected[0] if isinstance(expected, tuple) else expected
            for s, (got, want) in enumerate(zip(sides, chain)):
                a, b = evaluate(got, env), evaluate(want, env)
                assert same(a, b), f"clause {k}, side {s}: the display gives {a}, the form {b} ({got} vs {want})"


def check_code(form, seed=0):
    """Raise AssertionError unless every side that `form.code` names equals the equation function's value."""
    count = 0
    for env in form.envs(np.random.default_rng(seed)):
        for k, s, value in form.code(env):
            chain = form.clauses[k][0] if isinstance(form.clauses[k], tuple) else form.clauses[k]
            got = evaluate(chain[s], env)
            assert same(got, np.asarray(value) if np.ndim(value) else complex(value).real
                        if np.isrealobj(value) else complex(value)), \
                f"clause {k}, side {s}: the form gives {got}, the code {value}"
            count += 1
    assert count, "no value of the code was compared"
    return count
