r"""A reader for the LaTeX subset of the guide's display equations, into SymPy.

It reads what the chapter pages and the docstrings write, and nothing more: sums and products with their
bounds, ``\frac``, ``\sqrt``, ``\log`` (the natural logarithm, as everywhere in the guide), ``e^{x}``, ``\exp``,
functions applied to arguments (``P(e \mid h_i)``, ``D_{\mathrm{KL}}(p \,\|\, q)``), subscripts that are
summation indices (``p_i`` is element ``i`` of ``p``), bracket indexing (``f[n - k]``), transposes (``K^\top``)
and matrix products. Symbol names keep their case: ``P`` and ``p``, ``T`` and ``t`` differ here.

A display is split into clauses at ``\qquad`` and ``\quad``; each clause is a chain ``a = b = c`` of
expressions, or a side condition (``\epsilon \sim \mathcal{N}(0, I)``, ``t = 1, \dots, T``), which the caller
compares as normalised text.
"""

import re

import sympy as sp

# Spacing and sizing commands: they change how a formula looks, never what it says.
_INVISIBLE = re.compile(r"\\(?:[,;!: ]|(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|displaystyle)(?![a-zA-Z]))")
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "sigma", "phi", "pi",
          "Sigma", "Lambda", "Delta", "tau", "omega", "nabla", "ell"}
_RELATIONS = {"=": sp.Eq, r"\le": sp.Le, r"\ge": sp.Ge, "<": sp.Lt, ">": sp.Gt}
_TOKEN = re.compile(r"\\[a-zA-Z]+\*?|\\\||\\ |[0-9]+(?:\.[0-9]+)?|[a-zA-Z]|[{}()\[\]^_+\-=,/*'<>|.:]")


class LatexError(ValueError):
    """The text is outside the subset this reader knows."""


def normalise(tex):
    """The display's text with invisible spacing removed and every run of white space made one space."""
    tex = _INVISIBLE.sub(" ", tex.replace(r"\tfrac", r"\frac").replace(r"\dfrac", r"\frac"))
    tex = tex.replace(r"\lVert", r"\|").replace(r"\rVert", r"\|")
    tex = re.sub(r"\\frac(\d)(\d)", r"\\frac{\1}{\2}", tex)
    return " ".join(tex.split()).strip().rstrip(",.").strip()


def clauses(tex):
    """The display split at ``\\qquad`` and ``\\quad``, each normalised, with empty pieces and a trailing comma dropped."""
    parts = re.split(r"\\qquad|\\quad", normalise(tex))
    return [p.strip().rstrip(",").strip() for p in parts if p.strip().rstrip(",").strip()]


class Reader:
    """Reads one clause. `matrices` maps names to (rows, cols) of the matrix symbols; `functions` names the
    letters that are applied to arguments (``H(p)``) rather than multiplied (``d (k - 1)``), and
    `matrix_functions` those of them whose value is a matrix ({name: shape}, or a set of names whose value has
    the shape of their one argument); `indices` are the
    names that index a vector when they appear as a subscript, beside the bound variables of sums."""

    def __init__(self, matrices=None, functions=(), indices=(), sum_ranges=None, matrix_functions=("softmax",)):
        self.matrix_functions = matrix_functions if isinstance(matrix_functions, dict) \
            else dict.fromkeys(matrix_functions)
        self.matrices = dict(matrices or {})
        self.functions = set(functions)
        self.indices = set(indices)
        self.sum_ranges = dict(sum_ranges or {})

    # -- tokens ------------------------------------------------------------------------------------------------
    def read(self, clause):
        """A list of expressions, the sides of a chain ``a = b = ...``, and the list of relation symbols."""
        self.tokens = [t for t in _TOKEN.findall(clause) if t != "\\ "]
        rest = _TOKEN.sub("", clause).strip()
        if rest:
            raise LatexError(f"cannot read {rest!r} in {clause!r}")
        self.pos = 0
        self.bound = set()
        self.closing = 0
        sides, relations = [self.expression()], []
        while self.peek() in _RELATIONS:
            relations.append(self.next())
            sides.append(self.expression())
        if self.peek() is not None:
            raise LatexError(f"unexpected {self.peek()!r} at token {self.pos} of {clause!r}")
        return sides, relations

    def peek(self, k=0):
        return self.tokens[self.pos + k] if self.pos + k < len(self.tokens) else None

    def next(self):
        token = self.peek()
        if token is None:
            raise LatexError("unexpected end")
        self.pos += 1
        return token

    def expect(self, token):
        if self.next() != token:
            raise LatexError(f"expected {token!r} before token {self.pos}, got {self.tokens[self.pos - 1]!r}")

    def group_text(self):
        """The raw tokens of a braced group (or of one token), joined."""
        if self.peek() != "{":
            return self.next()
        self.next()
        depth, out = 1, []
        while True:
            t = self.next()
            depth += (t == "{") - (t == "}")
            if depth == 0:
                return " ".join(out)
            out.append(t)

    # -- grammar -----------------------------------------------------------------------------------------------
    def expression(self):
        sign = 1
        if self.peek() in ("-", "+"):
            sign = -1 if self.next() == "-" else 1
        total = sign * self.term()
        while self.peek() in ("+", "-"):
            op = self.next()
            total = total + self.term() if op == "+" else total - self.term()
        return total

    _STOP = {"+", "-", "=", ")", "]", "}", ",", r"\le", r"\ge", "<", ">", "|", r"\mid", r"\rfloor", None}

    def stops(self):
        """Whether the next token ends the current product: a \\| ends one only inside a norm or an argument list."""
        token = self.peek()
        return token in self._STOP or (token == r"\|" and self.closing > 0)

    def term(self):
        """A product of factors up to the next + or - at this level: also a summand, or what a gradient acts on."""
        value = self.factor()
        while not self.stops():
            op = self.peek()
            if op == "*":  # (f * g): the convolution, never a product in the guide's displays
                self.next()
                value = sp.Function("convolution")(value, self.factor())
            elif op in ("/", r"\cdot", r"\odot"):
                self.next()
                right = self.factor()
                value = value / right if op == "/" else self.multiply(value, right, op == r"\odot")
            else:
                value = self.multiply(value, self.factor())
        return value

    @staticmethod
    def multiply(a, b, elementwise=False):
        if elementwise:
            return sp.hadamard_product(a, b)
        if isinstance(a, sp.MatrixExpr) or isinstance(b, sp.MatrixExpr):
            return sp.MatMul(a, b) if a.is_Matrix and b.is_Matrix else a * b
        return a * b

    def factor(self):
        if self.peek() == "-":
            self.next()
            return -self.factor()
        base = self.primary()
        while self.peek() in ("^", "'"):
            if self.next() == "'":
                base = sp.Function(f"{base}'") if isinstance(base, sp.core.function.UndefinedFunction) else base
                continue
            base = self.superscript(base)
        return base

    def superscript(self, base):
        text = self.group_text()
        if text in (r"\top", "T") and (isinstance(base, sp.MatrixExpr) or text == r"\top"):
            return sp.transpose(base) if isinstance(base, sp.MatrixExpr) else _transposed(base)
        if text == "-1" and isinstance(base, sp.MatrixExpr):
            return sp.Inverse(base)
        return base ** self.sub_expression(text)

    def sub_expression(self, text):
        saved = self.tokens, self.pos
        self.tokens, self.pos = [t for t in _TOKEN.findall(text) if t != "\\ "], 0
        value = self.expression()
        self.tokens, self.pos = saved
        return value

    def primary(self):
        t = self.next()
        if re.fullmatch(r"[0-9.]+", t):
            return sp.Rational(t) if "." in t else sp.Integer(t)
        if t in ("(", "[", "{"):
            value = self.expression()
            self.expect({"(": ")", "[": "]", "{": "}"}[t])
            if t == "(" and self.peek() == "[":  # (f * g)[n]
                value = sp.Function("at")(value, *self.bracket_indices())
            return value
        if t == r"\lfloor":
            value = self.expression()
            self.expect(r"\rfloor")
            return sp.floor(value)
        if t == r"\|":
            self.closing += 1
            value = self.expression()
            self.closing -= 1
            self.expect(r"\|")
            norm = _norm(value)
            if self.peek() == "_":  # \| . \|_F
                self.next()
                self.group_text()
            return norm
        if t == r"\frac":
            top, bottom = self.group_text(), self.group_text()
            if top.startswith(r"\partial") and bottom.startswith(r"\partial"):  # a partial derivative
                f, v = self.sub_expression(top[len(r"\partial"):]), self.sub_expression(bottom[len(r"\partial"):])
                # with respect to a matrix, the derivative is a matrix of its shape
                return MatrixFunction("partial", f, v, shape=v.shape) if isinstance(v, sp.MatrixExpr) \
                    else sp.Function("partial")(f, v)
            return self.sub_expression(top) / self.sub_expression(bottom)
        if t == r"\sqrt":
            return sp.sqrt(self.sub_expression(self.group_text()))
        if t in (r"\sum", r"\prod"):
            return self.big_operator(sp.Sum if t == r"\sum" else sp.Product)
        if t in (r"\log", r"\exp", r"\cos", r"\sin"):
            return self.named_function({r"\log": sp.log, r"\exp": sp.exp, r"\cos": sp.cos, r"\sin": sp.sin}[t])
        if t in (r"\min", r"\max"):
            return self.min_max(sp.Min if t == r"\min" else sp.Max)
        if t == r"\operatorname" or t == r"\operatorname*":
            name = _clean(self.group_text())
            return self.min_max("Argmax") if name == "argmax" else self.name_after(name)
        if t == r"\nabla":  # \nabla_\theta L(\theta_t), \nabla^2_\theta \operatorname{MSE}
            power = ""
            if self.peek() == "^":
                self.next()
                power = self.group_text()
            self.expect("_")
            return sp.Function(f"grad{power}_{_clean(self.group_text())}")(self.term())
        if t in (r"\mathrm", r"\text", r"\mathcal", r"\mathbb"):
            return self.name_after(self.group_text())
        if t in (r"\mathbf", r"\boldsymbol", r"\hat", r"\bar", r"\tilde"):
            inner = _clean(self.group_text()).lstrip("\\")
            suffix = {r"\hat": "hat", r"\bar": "bar", r"\tilde": "tilde"}.get(t, "")
            return self.name_after(inner + suffix)
        if t == r"\pi":
            return sp.pi
        if t == r"\infty":
            return sp.oo
        if t == r"\dots":
            return sp.Symbol("...")
        if t.startswith("\\") and t[1:] in _GREEK:
            return self.name_after(t[1:])
        if re.fullmatch(r"[a-zA-Z]", t):
            if t == "e" and self.peek() == "^":
                self.next()
                return sp.exp(self.sub_expression(self.group_text()))
            return self.name_after(t)
        raise LatexError(f"unexpected token {t!r}")

    def name_after(self, name):
        """A symbol, an indexed element, a matrix or a function application, with its subscript."""
        name = _clean(name)
        if self.peek() == "^" and re.fullmatch("[A-Z]", self.peek(1) or "") and self.peek(2) != "(":
            self.next()  # W^Q_i, W^O: a name with a letter above it
            name = f"{name}^{self.next()}"
        sub = None
        if self.peek() == "_":
            self.next()
            sub = _clean(self.group_text())
        sup = None
        if self.peek() == "^" and self.peek(1) == "{" and self.peek(2) == "(":  # a layer: W^{(l)}
            self.next()
            sup = self.group_text()
            if sup.endswith(r"\top"):  # a^{(l-1)\top}
                value = self.name_with(name, sub, _clean(sup[: -len(r"\top")]))
                return value.T if isinstance(value, sp.MatrixExpr) else _transposed(value)
            sup = _clean(sup)
        return self.name_with(name, sub, sup)

    def name_with(self, name, sub, sup):
        if sub is not None and f"{name}_{sub}" in self.functions:
            return self.application(f"{name}_{sub}")
        if name in self.functions and self.peek() in ("(", "'", "^"):
            prime = ""
            while self.peek() == "'":
                self.next()
                prime += "'"
            fname = name + prime + (f"_{sub}" if sub is not None else "") + (sup or "")
            return self.application(fname)
        if sub is not None and self.is_index(sub) and name not in self.matrices:
            idx = [self.sub_expression(s) for s in self.split_indices(sub)]
            return sp.IndexedBase(name + (sup or ""))[tuple(idx)]
        full = name + (f"_{sub}" if sub is not None else "") + (sup or "")
        if self.peek() == "[":  # f[n - k], I[m, n]
            return sp.IndexedBase(full)[tuple(self.bracket_indices())]
        if full in self.matrices:
            return sp.MatrixSymbol(full, *self.matrices[full])
        return sp.Symbol(full)

    def bracket_indices(self, opening="[", closing="]"):
        """The comma-separated expressions of ``[i, j]`` (or of ``(a, b)``), the brackets included."""
        self.expect(opening)
        idx = [self.expression()]
        while self.peek() == ",":
            self.next()
            idx.append(self.expression())
        self.expect(closing)
        return idx

    def is_index(self, sub):
        names = set(re.findall(r"[a-zA-Z]+", sub))
        letters = set(sub.replace(" ", "")) - set("+-0123456789,")
        return bool(names) and (letters <= (self.bound | self.indices))

    @staticmethod
    def split_indices(sub):
        if "," in sub:
            return sub.split(",")
        if re.fullmatch(r"[a-zA-Z]{2,}", sub):
            return list(sub)
        return [sub]

    def application(self, fname):
        while self.peek() == "^":  # \cos^2(x)
            self.next()
            power = self.sub_expression(self.group_text())
            return self.application(fname) ** power
        self.expect("(")
        self.closing += 1
        args, seps = [self.relation_or_expression()], []
        while self.peek() in (",", r"\mid", "|", r"\|"):
            seps.append({",": ",", r"\mid": "|", "|": "|", r"\|": "||"}[self.next()])
            args.append(self.relation_or_expression())
        self.closing -= 1
        self.expect(")")
        marker = "".join(s for s in seps if s != ",")
        if fname in self.matrix_functions:  # softmax(Q K^T / sqrt(d_k) + M) V, Concat(head_1, ..., head_h)
            return MatrixFunction(fname, *args, shape=self.matrix_functions[fname])
        value = sp.Function(fname + marker)(*args)
        if self.peek() == "_":  # \sigma(\mathbf{z})_i
            self.next()
            sub = self.group_text()
            value = sp.Function(f"{fname}{marker}_")(*args, *[self.sub_expression(s) for s in self.split_indices(sub)])
        return value

    def relation_or_expression(self):
        left = self.expression()
        if self.peek() == "=":
            self.next()
            return sp.Eq(left, self.expression(), evaluate=False)
        return left

    def named_function(self, fn):
        power = None
        if self.peek() == "^":
            self.next()
            power = self.sub_expression(self.group_text())
        if self.peek() == "(":
            self.next()
            arg = self.expression()
            self.expect(")")
        else:  # \log p_i, \log \sum_j e^{z_j}: the argument is the rest of the product
            arg = self.term_for_argument()
        value = fn(arg, evaluate=False) if fn is not sp.exp else sp.exp(arg)
        return value ** power if power is not None else value

    def term_for_argument(self):
        if self.peek() in (r"\sum", r"\prod", r"\frac"):
            return self.factor()
        value = self.factor()
        while not self.stops() and self.peek() not in (r"\cdot", r"\log", r"\sum", r"\odot"):
            value = value * self.factor()
        return value

    def min_max(self, fn):
        name = fn if isinstance(fn, str) else fn.__name__
        if self.peek() == "_" and self.peek(1) == "{" and len(self.tokens) > self.pos + 3 \
                and self.tokens[self.pos + 3] != "}":  # \min_{\operatorname{rank} B \le k} ...: kept as stated
            self.next()
            condition = sp.Symbol(_clean(self.group_text()))
            return sp.Function(f"{name}_over")(condition, self.factor())
        if self.peek() == "_":  # \max_i x_i
            self.next()
            var = sp.Symbol(self.group_text())
            self.bound.add(str(var))
            body = self.factor()
            self.bound.discard(str(var))
            lo, hi = self.sum_ranges.get(str(var), (1, sp.Symbol("n")))
            return sp.Function(f"{name}_over")(sp.Lambda(var, body), lo, hi)
        return fn(*self.bracket_indices("(", ")"), evaluate=False)

    def big_operator(self, kind):
        lower = upper = None
        for _ in range(2):
            if self.peek() == "_":
                self.next()
                lower = self.group_text()
            elif self.peek() == "^":
                self.next()
                upper = self.group_text()
        if lower is None:
            raise LatexError("a sum or product without a variable")
        if ":" in lower:  # \sum_{i : y_i = c}: every i, the terms that meet the condition
            var, condition = (part.strip() for part in lower.split(":", 1))
            self.bound.add(var)
            sides = [self.sub_expression(part) for part in condition.split("=")]
            start, stop = self.sum_ranges[var]
            body = self.term()
            self.bound.discard(var)
            return kind(sp.Piecewise((body, sp.Eq(*sides)), (0, True)), (sp.Symbol(var), start, stop))
        if "=" in lower:
            var, start = lower.split("=", 1)
            var = var.strip()
            start = self.sub_expression(start)
        elif ">" in lower:  # \sum_{i > k}
            var, after = lower.split(">", 1)
            var = var.strip()
            start = self.sub_expression(after) + 1
        else:
            var = lower.strip()
            start = None
        self.bound.add(var)
        if start is None:
            start, stop = self.sum_ranges[var]
        else:
            stop = self.sub_expression(upper) if upper is not None else self.sum_ranges[var][1]
        if self.peek() in (r"\sum", r"\prod"):
            body = self.factor()
        else:
            body = self.term()
        self.bound.discard(var)
        return kind(body, (sp.Symbol(var), start, stop))


class MatrixFunction(sp.MatrixExpr):
    """A named function whose value is a matrix, such as the row-wise softmax (of its argument's shape) or Concat
    (of a stated shape): SymPy's undefined functions are scalars, and a scalar times a matrix symbol is not a
    matrix product."""

    def __new__(cls, name, *args, shape=None):
        name = name if isinstance(name, sp.Symbol) else sp.Symbol(name)
        if shape is None and args and isinstance(args[0], sp.Tuple):  # rebuilt by doit() from self.args
            shape, args = args[0], args[1:]
        shape = sp.Tuple(*(shape or args[0].shape))
        return sp.Basic.__new__(cls, name, shape, *args)

    @property
    def name(self):
        return str(self.args[0])

    @property
    def shape(self):
        return tuple(self.args[1])

    @property
    def operands(self):
        return self.args[2:]

    def _eval_transpose(self):
        return sp.Transpose(self)


def _clean(text):
    """A name or subscript without font commands, braces and spaces: \\mathrm{KL} is KL."""
    text = re.sub(r"\\(?:mathrm|text|operatorname|mathbf|boldsymbol)\s*", "", text)
    return re.sub(r"[{}\s\\]", "", text)


def _transposed(value):
    """A transpose of something the reader does not know is a matrix: kept, never silently dropped."""
    return sp.Function("transpose")(value)


def _norm(value):
    return sp.Function("norm")(value)


def read(clause, **names):
    """The sides and relations of one clause (see Reader)."""
    return Reader(**names).read(clause)
