r"""The symbolic form of each displayed equation, written from the literature, and the code it must agree with.

Each form is a SymPy statement of the equation as the cited source states it (not a transcription of the
equation function), with the seeded environments it is evaluated in and the equation function's values for
its sides. FORMS maps a chapter label (``eq-softmax``) or a docstring key (``softmax``, ``Class.method``,
``name#k`` for the k-th equation of a docstring after the first) to its form; LEFT_OUT says what is not checked
this way, and why.
"""

import numpy as np
import sympy as sp

import importlib
from types import SimpleNamespace

from mlequations import attention, convolution, diffusion, linear_algebra, losses, optimization, probability

from .check import Array, Env, Form, evaluate
from .latex import MatrixFunction

S, F, IB = sp.Symbol, sp.Function, sp.IndexedBase
i, j, k, n, m, T, s, t, b = (S(x) for x in "ijknmTstb")
N = 3  # every sum over n runs over three terms; matrices are 2 x 2 or 3 x 3
z, x, p, q, y = (IB(c) for c in "zxpqy")
Sum, Product, log, exp, sqrt = sp.Sum, sp.Product, sp.log, sp.exp, sp.sqrt


softmax_module = importlib.import_module("mlequations.softmax")  # the package re-exports the function softmax


def _max_over(fn, lo, hi):
    if not (lo.is_number and hi.is_number):
        return F("Max_over")(fn, lo, hi)
    return sp.Max(*[fn(v) for v in range(int(lo), int(hi) + 1)])


def _simplex(rng, size):
    w = rng.uniform(0.2, 1.0, size)
    return w / w.sum(axis=-1, keepdims=True)


# -- softmax ---------------------------------------------------------------------------------------------------
def _norm(M):
    """The Euclidean norm of a vector, the Frobenius norm of a matrix: the square root of the sum of squares."""
    if not isinstance(M, sp.MatrixBase):
        return F("norm")(M)
    return sqrt(sum(entry ** 2 for entry in M))


def _softmax_envs(temperature, free_index=True):
    def envs(rng):
        zs = rng.normal(size=N) * 3
        for index in range(1, N + 1 if free_index else 2):
            free = {"i": index} if free_index else {}
            yield Env(symbols={"n": N, **free, "T": temperature, "m": float(zs.max())},
                      arrays={"z": Array(zs), "x": Array(zs)}, definitions={"Max_over": _max_over})
    return envs


def _zs(env):
    return env.arrays["z"].values


SIGMA = F("sigma_")(S("z"), i)
SOFTMAX = exp(z[i] / T) / Sum(exp(z[j] / T), (j, 1, n))
SOFTMAX_SHIFTED = exp((z[i] - m) / T) / Sum(exp((z[j] - m) / T), (j, 1, n))
MAX_Z = F("Max_over")(sp.Lambda(j, z[j]), 1, n)

FORMS = {
    "eq-softmax": Form(
        [[SIGMA, SOFTMAX], r"i = 1, \dots, n"],
        names={"functions": {"sigma"}, "indices": {"i"}},
        envs=_softmax_envs(0.7),
        code=lambda env: [(0, 1, softmax_module._softmax_equation(_zs(env), -1, 0.7)[env.symbols["i"] - 1])]),
    "softmax": Form(
        [[SIGMA, SOFTMAX, SOFTMAX_SHIFTED], [S("m"), MAX_Z]],
        names={"functions": {"sigma"}, "indices": {"i"}},
        envs=_softmax_envs(0.7),
        code=lambda env: [(0, s_, softmax_module._softmax_equation(_zs(env), -1, 0.7)[env.symbols["i"] - 1])
                          for s_ in (1, 2)]),
    "eq-log-softmax": Form(
        [[log(SIGMA), z[i] - log(Sum(exp(z[j]), (j, 1, n)))]],
        names={"functions": {"sigma"}, "indices": {"i"}},
        envs=_softmax_envs(1.0),
        code=lambda env: [(0, 1, softmax_module._log_softmax_equation(_zs(env), -1, 1.0)[env.symbols["i"] - 1])]),
    "log_softmax": Form(
        [[log(SIGMA), (z[i] - m) / T - log(Sum(exp((z[j] - m) / T), (j, 1, n)))], [S("m"), MAX_Z]],
        names={"functions": {"sigma"}, "indices": {"i"}},
        envs=_softmax_envs(0.7),
        code=lambda env: [(0, 1, softmax_module._log_softmax_equation(_zs(env), -1, 0.7)[env.symbols["i"] - 1])]),
    "eq-log-sum-exp": Form(
        [[F("LSE")(S("x")), log(Sum(exp(x[i]), (i, 1, n))), m + log(Sum(exp(x[i] - m), (i, 1, n)))],
         [S("m"), F("Max_over")(sp.Lambda(i, x[i]), 1, n)]],
        names={"functions": {"LSE"}},
        envs=_softmax_envs(1.0, free_index=False),
        code=lambda env: [(0, s_, softmax_module._log_sum_exp_equation(_zs(env), -1)) for s_ in (1, 2)]),
}
FORMS["log_sum_exp"] = FORMS["eq-log-sum-exp"]


# -- probability -----------------------------------------------------------------------------------------------
def _entropy_def(*args):
    """H(p) and H(p, q), from their definitions: -sum p log p and -sum p log q."""
    first, second = args[0], args[-1]
    return -Sum(IB(str(first))[i] * log(IB(str(second))[i]), (i, 1, n))


def _kl_def(a, c):
    return Sum(IB(str(a))[i] * log(IB(str(a))[i] / IB(str(c))[i]), (i, 1, n))


def _pq_envs(rng):
    for _ in range(3):
        ps, qs = _simplex(rng, N), _simplex(rng, N)
        yield Env(symbols={"n": N}, arrays={"p": Array(ps), "q": Array(qs)},
                  definitions={"H": _entropy_def, "D_KL||": _kl_def})


def _pq(env):
    return env.arrays["p"].values, env.arrays["q"].values


H_P = -Sum(p[i] * log(p[i]), (i, 1, n))
KL = Sum(p[i] * log(p[i] / q[i]), (i, 1, n))
CROSS = -Sum(p[i] * log(q[i]), (i, 1, n))
PQ_NAMES = {"functions": {"H", "D_KL"}}
FORMS.update({
    "eq-entropy": Form(
        [[F("H")(S("p")), H_P], r"0 \log 0 = 0"], names=PQ_NAMES, envs=_pq_envs,
        code=lambda env: [(0, s_, probability._entropy_equation(_pq(env)[0], -1)) for s_ in (0, 1)]),
    "eq-kl": Form(
        [[F("D_KL||")(S("p"), S("q")), KL]], names=PQ_NAMES, envs=_pq_envs,
        code=lambda env: [(0, s_, probability._kl_divergence_equation(*_pq(env), -1)) for s_ in (0, 1)]),
    "kl_divergence": Form(
        [[F("D_KL||")(S("p"), S("q")), KL], r"0 \log \frac{0}{q_i} = 0",
         r"p_i \log \frac{p_i}{0} = \infty \text{ for } p_i > 0"], names=PQ_NAMES, envs=_pq_envs,
        code=lambda env: [(0, s_, probability._kl_divergence_equation(*_pq(env), -1)) for s_ in (0, 1)]),
    "eq-cross-entropy": Form(
        [[F("H")(S("p"), S("q")), CROSS, F("H")(S("p")) + F("D_KL||")(S("p"), S("q"))]], names=PQ_NAMES,
        envs=_pq_envs,
        code=lambda env: [(0, s_, probability._cross_entropy_equation(*_pq(env), -1)) for s_ in (0, 1, 2)]),
    "cross_entropy": Form(
        [[F("H")(S("p"), S("q")), CROSS, F("H")(S("p")) + F("D_KL||")(S("p"), S("q"))], r"0 \log q_i = 0"],
        names=PQ_NAMES, envs=_pq_envs,
        code=lambda env: [(0, s_, probability._cross_entropy_equation(*_pq(env), -1)) for s_ in (0, 1, 2)]),
})
FORMS["entropy"] = FORMS["eq-entropy"]


def _joint_table(rng, shape=(N, 2)):
    table = rng.uniform(0.2, 1.0, shape)
    return table / table.sum()


def _bayes_envs(rng):
    """A joint table P(h, e) over three hypotheses and two outcomes: every probability on the page is read off
    it by its definition, so Bayes' rule and the law of total probability are both tested, not assumed."""
    joint = _joint_table(rng)
    p_h, p_e = joint.sum(axis=1), joint.sum(axis=0)  # marginals; the evidence e is outcome 0

    def prob(*args, given=False):
        ks = [a.indices[0] for a in args if isinstance(a, sp.Indexed)]
        if not all(k_.is_number for k_ in ks):
            return F("P|" if given else "P")(*args)
        ks = [int(k_) - 1 for k_ in ks]
        if given and isinstance(args[0], sp.Indexed):  # P(h_k | e)
            return sp.Float(joint[ks[0], 0] / p_e[0])
        if given:  # P(e | h_k)
            return sp.Float(joint[ks[0], 0] / p_h[ks[0]])
        return sp.Float(p_h[ks[0]] if ks else p_e[0])

    for index in range(1, N + 1):
        yield Env(symbols={"n": N, "i": index},
                  definitions={"P": prob, "P|": lambda *a: prob(*a, given=True)},
                  arrays={"prior": Array(p_h), "likelihood": Array(joint[:, 0] / p_h)})


h = IB("h")
P, PG = F("P"), F("P|")
BAYES_NAMES = {"functions": {"P"}, "indices": {"i", "j"}}


def _bayes_code(env):
    prior, likelihood = env.arrays["prior"].values, env.arrays["likelihood"].values
    posterior = probability._bayes_posterior_equation(prior, likelihood, -1)
    return [(0, s_, posterior[env.symbols["i"] - 1]) for s_ in (0, 1)]


FORMS["eq-bayes"] = FORMS["bayes_posterior"] = Form(
    [[PG(h[i], S("e")), PG(S("e"), h[i]) * P(h[i]) / P(S("e"))],
     [P(S("e")), Sum(PG(S("e"), h[j]) * P(h[j]), (j, 1, n))]],
    names=BAYES_NAMES, envs=_bayes_envs, code=_bayes_code)


# -- joint, marginal and conditional tables ----------------------------------------------------------------------
A_, B_, a_, b_ = S("A"), S("B"), S("a"), S("b")
TABLE_NAMES = {"functions": {"P"}, "sum_ranges": {"b": (0, 1), "a": (0, 2)}}


def _table_envs(rng):
    """A joint table P(A = a, B = b), a in {0, 1, 2}, b in {0, 1}; the marginals are its sums (NumPy)."""
    joint = _joint_table(rng)
    for a_value in range(3):
        for b_value in range(2):
            prob = _table_probability(joint, {A_: a_value, B_: b_value})
            yield Env(symbols={"a": a_value, "b": b_value},
                      definitions={"P": prob, "P|": lambda *args, prob=prob: prob(*args, given=True)},
                      arrays={"joint": Array(joint, first=0)})


def _table_probability(joint, at):
    """P(...) and P(... | ...) read off the joint table; a bare A or B stands for the values in `at`."""
    def value(arg):
        return arg.rhs if isinstance(arg, sp.Eq) else sp.Integer(at[arg])

    def prob(*args, given=False):
        if not all(value(arg).is_number for arg in args):
            return F("P|" if given else "P")(*args)
        names = [arg.lhs if isinstance(arg, sp.Eq) else arg for arg in args]
        cell = dict(zip(names, (int(value(arg)) for arg in args)))
        if set(names) == {A_, B_}:
            full = joint[cell[A_], cell[B_]]
            return sp.Float(full / (joint[:, cell[B_]].sum() if names[1] == B_ else joint[cell[A_]].sum())
                            if given else full)
        return sp.Float(joint[cell[A_]].sum() if A_ in cell else joint[:, cell[B_]].sum())
    return prob


def _joint(env):
    return env.arrays["joint"].values


def _ab(env):
    return env.symbols["a"], env.symbols["b"]


FORMS["eq-marginal"] = FORMS["marginal"] = Form(
    [[P(sp.Eq(A_, a_)), Sum(P(sp.Eq(A_, a_), sp.Eq(B_, b_)), (b_, 0, 1))]],
    names=TABLE_NAMES, envs=lambda rng: [e for e in _table_envs(rng) if e.symbols["b"] == 0],
    code=lambda env: [(0, 1, probability._marginal_equation(_joint(env), (0,))[env.symbols["a"]])])
FORMS["eq-conditional"] = FORMS["conditional_probability"] = Form(
    [[PG(sp.Eq(A_, a_), sp.Eq(B_, b_)), P(sp.Eq(A_, a_), sp.Eq(B_, b_)) / P(sp.Eq(B_, b_))], r"P(B = b) > 0"],
    names=TABLE_NAMES, envs=_table_envs,
    code=lambda env: [(0, s_, probability._conditional_probability_equation(_joint(env), (1,))[_ab(env)])
                      for s_ in (0, 1)])


def _product_code(env):
    joint = _joint(env)
    conditional = joint / joint.sum(axis=0)  # P(A | B), by its definition
    product = probability._joint_probability_equation(conditional, joint.sum(axis=0), (1,))
    return [(0, s_, product[_ab(env)]) for s_ in (0, 1, 2)]


FORMS["eq-product-rule"] = FORMS["joint_probability"] = Form(
    [[P(A_, B_), PG(A_, B_) * P(B_), PG(B_, A_) * P(A_)]],
    names=TABLE_NAMES, envs=_table_envs, code=_product_code)


# -- losses ------------------------------------------------------------------------------------------------------
yhat = IB("yhat")


def _loss_envs(kind):
    def envs(rng):
        ys = {"mse": rng.normal(size=N), "bce": rng.uniform(0.05, 0.95, N)}.get(kind, rng.integers(0, 2, N) * 1.0)
        other = {"mse": rng.normal(size=N), "bce": rng.uniform(0.05, 0.95, N)}.get(kind, rng.normal(size=N) * 2)
        yield Env(symbols={"n": N}, arrays={"y": Array(ys), "yhat": Array(other), "p": Array(other),
                                           "z": Array(other)})
    return envs


def _yo(env):
    return env.arrays["y"].values, env.arrays["p"].values


LOSS_NAMES = {"functions": {"MSE", "BCE", "CE"}}
FORMS.update({
    "eq-mean-squared-error": Form(
        [[F("MSE")(S("y"), S("yhat")), Sum((y[i] - yhat[i]) ** 2, (i, 1, n)) / n]],
        names=LOSS_NAMES, envs=_loss_envs("mse"),
        code=lambda env: [(0, 1, losses._mean_squared_error_equation(*_yo(env)).mean())]),
    "eq-binary-cross-entropy": Form(
        [[F("BCE")(S("y"), S("p")), -Sum(y[i] * log(p[i]) + (1 - y[i]) * log(1 - p[i]), (i, 1, n)) / n],
         r"0 \log 0 = 0"],
        names=LOSS_NAMES, envs=_loss_envs("bce"),
        code=lambda env: [(0, 1, losses._binary_cross_entropy_equation(*_yo(env)).mean())]),
    "eq-binary-cross-entropy-with-logits": Form(
        [[F("BCE")(S("y"), S("z")),
          Sum(y[i] * log(1 + exp(-z[i])) + (1 - y[i]) * log(1 + exp(z[i])), (i, 1, n)) / n]],
        names=LOSS_NAMES, envs=_loss_envs("logits"),
        code=lambda env: [(0, 1, losses._binary_cross_entropy_with_logits_equation(*_yo(env)).mean())]),
})
for _label, _name in (("eq-mean-squared-error", "mean_squared_error"), ("eq-binary-cross-entropy",
                      "binary_cross_entropy"), ("eq-binary-cross-entropy-with-logits",
                                                "binary_cross_entropy_with_logits")):
    FORMS[_name] = FORMS[_label]
K_ = 3  # classes


def _softmax_row(row, kk):
    """sigma(z_i)_k, from its definition, for row z_i of the logits."""
    if not isinstance(row, sp.Indexed):
        return F("sigma_")(row, kk)
    r = row.indices[0]
    return exp(z[r, kk]) / Sum(exp(z[r, j]), (j, 1, S("K")))


def _ce_envs(rng):
    logits = rng.normal(size=(N, K_)) * 2
    targets = np.eye(K_)[rng.integers(0, K_, N)]
    for row, col in ((1, 1), (2, 3), (3, 2)):
        yield Env(symbols={"n": N, "K": K_, "i": row, "k": col},
                  arrays={"z": Array(logits), "y": Array(targets), "Z": Array(logits)},
                  definitions={"sigma_": _softmax_row})


def _ce_code(env):
    Y, Z = env.arrays["y"].values, env.arrays["z"].values
    i_, k_ = env.symbols["i"], env.symbols["k"]
    return [(0, 1, losses._softmax_cross_entropy_equation(Y, Z).mean()),
            (1, 1, softmax_module._log_softmax_equation(Z, -1, 1.0)[i_ - 1, k_ - 1])]


LOG_SIGMA_ROW = log(F("sigma_")(z[i], k))
FORMS["eq-softmax-cross-entropy"] = FORMS["softmax_cross_entropy"] = Form(
    [[F("CE")(S("Y"), S("Z")), -Sum(Sum(y[i, k] * log(F("sigma_")(z[i], k)), (k, 1, S("K"))), (i, 1, n)) / n],
     [LOG_SIGMA_ROW, z[i, k] - log(Sum(exp(z[i, j]), (j, 1, S("K"))))]],
    names={"functions": {"CE", "sigma"}, "indices": {"i", "k"}}, envs=_ce_envs, code=_ce_code)


# -- attention ----------------------------------------------------------------------------------------------------
def _rowwise_softmax(X):
    if not isinstance(X, sp.MatrixBase):
        return MatrixFunction("softmax", X)
    a = np.array(X.evalf(30), dtype=float)
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return sp.ImmutableMatrix(e / e.sum(axis=1, keepdims=True))


Qm, Km, Vm, Mm = (sp.MatrixSymbol(c, 3, 3) for c in "QKVM")
ATTENTION = MatrixFunction("softmax", Qm * Km.T / sqrt(S("d_k")) + Mm) * Vm


def _attention_envs(rng):
    for masked in (False, True):
        mask = np.where(np.tril(np.ones((3, 3))) > 0, 0.0, -1e9) if masked else np.zeros((3, 3))
        yield Env(symbols={"d_k": 3},
                  matrices={"Q": rng.normal(size=(3, 3)), "K": rng.normal(size=(3, 3)), "V": rng.normal(size=(3, 3)),
                            "M": mask},
                  functions={"softmax": _rowwise_softmax})


def _attention_code(env):
    Q, K, V, M = (env.matrices[c] for c in "QKVM")
    return [(0, 1, attention._scaled_dot_product_attention_equation(Q, K, V, M)[0])]


FORMS["eq-attention"] = FORMS["scaled_dot_product_attention"] = Form(
    [[F("Attention")(Qm, Km, Vm), ATTENTION]],
    names={"functions": {"Attention", "softmax"}, "matrices": {c: (3, 3) for c in "QKVM"}},
    envs=_attention_envs, code=_attention_code)


TQ, TKV, D_MODEL, HEADS = 2, 3, 4, 2  # query and key tokens, model width, heads
D_HEAD = D_MODEL // HEADS


def _attention_of(Q, K, V):
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V, d_k the width of Q: Vaswani et al. (2017), eq. 1."""
    if not all(isinstance(M, sp.MatrixBase) for M in (Q, K, V)):
        return MatrixFunction("Attention", Q, K, V, shape=(TQ, D_HEAD))
    Q, K, V = (np.array(M.evalf(30), dtype=float) for M in (Q, K, V))
    return sp.ImmutableMatrix(np.array(_rowwise_softmax(sp.ImmutableMatrix(Q @ K.T / np.sqrt(Q.shape[1]))).evalf(30),
                                       dtype=float) @ V)


def _concat(*blocks):
    """Concat(head_1, ..., head_h): the heads side by side; the display's dots stand for the heads between."""
    if not all(isinstance(M, sp.MatrixBase) or M == S("...") for M in blocks):
        return MatrixFunction("Concat", *blocks, shape=(TQ, D_MODEL))
    return sp.ImmutableMatrix(np.hstack([np.array(M.evalf(30), dtype=float) for M in blocks if M != S("...")]))


def _multi_head_envs(biases):
    def envs(rng):
        x_q, x_kv = rng.normal(size=(TQ, D_MODEL)), rng.normal(size=(TKV, D_MODEL))
        w = {c: rng.normal(size=(D_MODEL, D_MODEL)) / 2 for c in "QKVO"}
        b4 = {c: rng.normal(size=D_MODEL) if biases else np.zeros(D_MODEL) for c in "QKVO"}
        output, weights = attention._multi_head_attention_equation(
            x_q, x_kv, w["Q"], w["K"], w["V"], w["O"], b4["Q"], b4["K"], b4["V"], b4["O"], HEADS, 0.0)
        blocks = {c: np.split(w[c], HEADS, axis=1) for c in "QKV"}
        bias_blocks = {c: np.split(b4[c], HEADS) for c in "QKV"}
        heads = [weights[h_] @ (x_kv @ blocks["V"][h_] + bias_blocks["V"][h_]) for h_ in range(HEADS)]
        for head in range(HEADS):
            matrices = {"X_q": x_q, "X_kv": x_kv, "W^O": w["O"], "b^O": np.tile(b4["O"], (TQ, 1)),
                        "head_1": heads[0], "head_h": heads[-1], "head_i": heads[head]}
            for c, rows in (("Q", TQ), ("K", TKV), ("V", TKV)):
                matrices[f"W^{c}_i"] = blocks[c][head]
                matrices[f"b^{c}_i"] = np.tile(bias_blocks[c][head], (rows, 1))
            yield Env(matrices=matrices, functions={"Concat": _concat, "Attention": _attention_of},
                      data={"output": output})
    return envs


def _multi_head_form(biases):
    mat = {"X_q": (TQ, D_MODEL), "X_kv": (TKV, D_MODEL), "W^O": (D_MODEL, D_MODEL), "head_1": (TQ, D_HEAD),
           "head_h": (TQ, D_HEAD), "head_i": (TQ, D_HEAD), "W^Q_i": (D_MODEL, D_HEAD), "W^K_i": (D_MODEL, D_HEAD),
           "W^V_i": (D_MODEL, D_HEAD)}
    if biases:
        mat.update({"b^O": (TQ, D_MODEL), "b^Q_i": (TQ, D_HEAD), "b^K_i": (TKV, D_HEAD), "b^V_i": (TKV, D_HEAD)})
    M_ = {name: sp.MatrixSymbol(name, *shape) for name, shape in mat.items()}

    def affine(x_, c, rows):
        product = M_[x_] * M_[f"W^{c}_i"]
        return product + M_[f"b^{c}_i"] if biases else product

    output = MatrixFunction("Concat", M_["head_1"], S("..."), M_["head_h"], shape=(TQ, D_MODEL)) * M_["W^O"]
    head = MatrixFunction("Attention", affine("X_q", "Q", TQ), affine("X_kv", "K", TKV), affine("X_kv", "V", TKV),
                          shape=(TQ, D_HEAD))
    return Form(
        [[F("MultiHead")(M_["X_q"], M_["X_kv"]), output + M_["b^O"] if biases else output], [M_["head_i"], head]],
        names={"functions": {"MultiHead", "Concat", "Attention"}, "matrices": mat,
               "matrix_functions": {"Concat": (TQ, D_MODEL), "Attention": (TQ, D_HEAD)}},
        envs=_multi_head_envs(biases),
        code=lambda env: [(0, 1, env.data["output"]), (1, 0, env.matrices["head_i"]), (1, 1, env.matrices["head_i"])])


FORMS["eq-multi-head-attention"] = _multi_head_form(biases=False)
FORMS["multi_head_attention"] = _multi_head_form(biases=True)


# -- diffusion ------------------------------------------------------------------------------------------------------
alphabar, alpha, beta, xs, eps = IB("alphabar"), IB("alpha"), IB("beta"), IB("x"), IB("epsilon")
T_STEPS = 5


def _diffusion_envs(rng):
    """Five steps of a schedule; the closed form at t = 1, ..., 5, on one element of (x_0, epsilon) each, and on
    all three at the last step."""
    betas = rng.uniform(0.01, 0.2, T_STEPS)
    bar = diffusion._alpha_bar_equation(betas)
    for step in range(1, T_STEPS + 1):
        x0, noise = rng.normal(size=N), rng.normal(size=N)
        for element in range(N) if step == T_STEPS else (step % N,):  # every element at the last step
            yield Env(symbols={"t": step, "x_0": x0[element], "epsilon": noise[element]},
                      arrays={"beta": Array(betas), "alpha": Array(1 - betas), "alphabar": Array(bar),
                              "x": Array(diffusion._forward_diffusion_equation(x0[element], bar, noise[element]))})


def _diffusion_code(env):
    step, x0, noise = env.symbols["t"], env.symbols["x_0"], env.symbols["epsilon"]
    bar = env.arrays["alphabar"].values
    return [(0, 1, diffusion._forward_diffusion_equation(x0, bar[step - 1], noise)),
            (2, 0, diffusion._alpha_bar_equation(env.arrays["beta"].values)[step - 1])]


CLOSED_FORM = sqrt(alphabar[t]) * S("x_0") + sqrt(1 - alphabar[t]) * S("epsilon")
ALPHA_BAR = Product(1 - beta[s], (s, 1, t))
DIFFUSION_NAMES = {"indices": {"t"}}
FORMS["eq-forward-diffusion"] = Form(
    [[xs[t], CLOSED_FORM], r"\epsilon \sim \mathcal{N}(0, I)", [alphabar[t], ALPHA_BAR]],
    names=DIFFUSION_NAMES, envs=_diffusion_envs, code=_diffusion_code)
FORMS["forward_diffusion"] = Form(
    [[xs[t], CLOSED_FORM], r"\epsilon \sim \mathcal{N}(0, I)"],
    names=DIFFUSION_NAMES, envs=_diffusion_envs, code=lambda env: _diffusion_code(env)[:1])


def _step_envs(rng):
    """One step from x_{t-1}: the closed form from x_{t-1} with alpha-bar = 1 - beta_t is the same map."""
    betas = rng.uniform(0.01, 0.2, T_STEPS)
    for step in range(2, T_STEPS + 1):
        previous, noise = rng.normal(), rng.normal()
        yield Env(symbols={"t": step},
                  arrays={"beta": Array(betas), "alpha": Array(1 - betas),
                          "x": Array([previous] * T_STEPS), "epsilon": Array([noise] * T_STEPS)})


def _step_code(env):
    step = env.symbols["t"]
    beta_t = env.arrays["beta"].values[step - 1]
    x_prev, noise = env.arrays["x"].values[0], env.arrays["epsilon"].values[0]
    one_step = diffusion._forward_diffusion_equation(x_prev, 1 - beta_t, noise)
    return [(0, 1, one_step), (0, 2, one_step), (1, 1, 1 - beta_t)]


FORMS["eq-diffusion-step"] = Form(
    [[xs[t], sqrt(1 - beta[t]) * xs[t - 1] + sqrt(beta[t]) * eps[t],
      sqrt(alpha[t]) * xs[t - 1] + sqrt(1 - alpha[t]) * eps[t]], [alpha[t], 1 - beta[t]]],
    names=DIFFUSION_NAMES, envs=_step_envs, code=_step_code)


def _alpha_bar_code(env):
    value = diffusion._alpha_bar_equation(env.arrays["beta"].values)[env.symbols["t"] - 1]
    return [(0, s_, value) for s_ in (0, 1, 2)]


FORMS["eq-alpha-bar"] = Form(
    [[alphabar[t], Product(alpha[s], (s, 1, t)), ALPHA_BAR]],
    names=DIFFUSION_NAMES, envs=_diffusion_envs, code=_alpha_bar_code)
FORMS["alpha_bar"] = Form(
    [[alphabar[t], Product(alpha[s], (s, 1, t)), ALPHA_BAR], r"t = 1, \dots, T"],
    names=DIFFUSION_NAMES, envs=_diffusion_envs, code=_alpha_bar_code)


def _linear_envs(rng):
    beta_1, beta_T = rng.uniform(1e-4, 1e-3), rng.uniform(0.01, 0.05)
    betas = diffusion._linear_beta_schedule_equation(T_STEPS, beta_1, beta_T)
    for step in range(1, T_STEPS + 1):
        yield Env(symbols={"t": step, "T": T_STEPS, "beta_1": beta_1, "beta_T": beta_T},
                  arrays={"beta": Array(betas)})


FORMS["eq-linear-beta-schedule"] = FORMS["linear_beta_schedule"] = Form(
    [[beta[t], S("beta_1") + (t - 1) / (T - 1) * (S("beta_T") - S("beta_1"))], r"t = 1, \dots, T"],
    names=DIFFUSION_NAMES, envs=_linear_envs,
    code=lambda env: [(0, 0, env.arrays["beta"].values[env.symbols["t"] - 1])])

f_cos = sp.cos((t / T + s) / (1 + s) * sp.pi / 2) ** 2  # Nichol and Dhariwal (2021), eq. 17


def _cosine_envs(max_beta):
    def envs(rng):
        offset = 0.008
        curve = [float(f_cos.subs({t: t_, T: T_STEPS, s: offset})) for t_ in range(T_STEPS + 1)]
        for step in range(1, T_STEPS + 1):
            yield Env(symbols={"t": step, "T": T_STEPS, "s": offset, "beta_max": max_beta},
                      arrays={"alphabar": Array(np.array(curve) / curve[0], first=0),
                              "beta": Array(diffusion._cosine_beta_schedule_equation(T_STEPS, offset, max_beta))},
                      definitions={"f": lambda arg: f_cos.subs(t, arg)})
    return envs


def _cosine_form(max_beta, max_beta_value):
    return Form(
        [[alphabar[t], F("f")(t) / F("f")(0)], [F("f")(t), f_cos],
         [beta[t], sp.Min(1 - alphabar[t] / alphabar[t - 1], max_beta)]],
        names={"functions": {"f"}, "indices": {"t"}}, envs=_cosine_envs(max_beta_value),
        code=lambda env: [(2, 0, env.arrays["beta"].values[env.symbols["t"] - 1])])


FORMS["eq-cosine-beta-schedule"] = _cosine_form(sp.Rational(999, 1000), 0.999)
FORMS["cosine_beta_schedule"] = _cosine_form(S("beta_max"), 0.3)  # a cap low enough to clip the last step


# -- convolution -----------------------------------------------------------------------------------------------------
def _conv_size_envs(rng):
    for n_, k_, s_, p_, d_ in ((7, 3, 1, 0, 1), (8, 3, 2, 1, 1), (10, 3, 3, 2, 2), (5, 5, 1, 2, 1), (9, 2, 4, 0, 3)):
        yield Env(symbols={"n": n_, "k": k_, "s": s_, "p": p_, "d": d_})


def _conv_size_code(env):
    v = env.symbols
    return [(0, 1, convolution._conv_output_size_equation(v["n"], v["k"], v["s"], v["p"], v["d"]))]


FORMS["eq-conv-output-size"] = FORMS["conv_output_size"] = Form(
    [[S("n_out"), sp.floor((n + 2 * S("p") - S("d") * (k - 1) - 1) / s) + 1]],
    envs=_conv_size_envs, code=_conv_size_code)
fseq, gseq = IB("f"), IB("g")


def _convolve_envs(rng):
    f_, g_ = rng.normal(size=4), rng.normal(size=3)
    for index in range(len(f_) + len(g_) - 1):
        yield Env(symbols={"n": index},
                  arrays={"f": Array(f_, first=0, outside=0), "g": Array(g_, first=0, outside=0),
                          "full": Array(convolution._convolve_equation(f_, g_, "full"), first=0)})


CONVOLVE = [F("at")(F("convolution")(S("f"), S("g")), n), Sum(fseq[k] * gseq[n - k], (k, -3, 6))]
CONVOLVE_NAMES = {"sum_ranges": {"k": (-3, 6), "m": (-2, 5), "n": (-2, 5)}}
FORMS["eq-convolve"] = Form(
    [CONVOLVE], names=CONVOLVE_NAMES, envs=_convolve_envs,
    code=lambda env: [(0, 1, env.arrays["full"].values[env.symbols["n"]])])
FORMS["convolve"] = Form(
    [CONVOLVE, r"n = 0, \dots, N + M - 2"], names=CONVOLVE_NAMES, envs=_convolve_envs,
    code=lambda env: [(0, 1, env.arrays["full"].values[env.symbols["n"]])])
image, kernel = IB("I"), IB("K")


def _convolve2d_envs(rng):
    I_, K_2 = rng.normal(size=(3, 3)), rng.normal(size=(2, 2))
    full = convolution._convolve2d_equation(I_, K_2, "full")
    for row, col in ((0, 0), (1, 2), (2, 1), (3, 3)):
        yield Env(symbols={"i": row, "j": col},
                  arrays={"I": Array(I_, first=0, outside=0), "K": Array(K_2, first=0, outside=0),
                          "full": Array(full, first=0)})


FORMS["eq-convolve2d"] = FORMS["convolve2d"] = Form(
    [[F("at")(F("convolution")(S("I"), S("K")), i, j),
      Sum(Sum(image[m, n] * kernel[i - m, j - n], (n, -2, 5)), (m, -2, 5))]],
    names=CONVOLVE_NAMES, envs=_convolve2d_envs,
    code=lambda env: [(0, 1, env.arrays["full"].values[env.symbols["i"], env.symbols["j"]])])


def _conv2d_envs(rng):
    """One image, two input channels, 5 x 6 pixels, two 2 x 2 kernels, stride (1, 2), padding (1, 0), dilation
    (2, 1). x~ is x padded with zeros (NumPy's pad); the channel c of the display counts from 1."""
    x_, w4, b_ = rng.normal(size=(1, 2, 5, 6)), rng.normal(size=(2, 2, 2, 2)), rng.normal(size=2)
    stride, padding, dilation = (1, 2), (1, 0), (2, 1)
    padded = np.pad(x_, ((0, 0), (0, 0), (1, 1), (0, 0)))
    y_ = convolution._conv2d_equation(x_, w4, b_, stride, padding, dilation)
    for out, row, col in ((0, 0, 0), (1, 2, 1), (0, 4, 2)):
        yield Env(symbols={"n": 0, "o": out, "i": row, "j": col, "C_in": 2, "k_h": 2, "k_w": 2, "s_h": 1, "s_w": 2,
                           "d_h": 2, "d_w": 1},
                  arrays={"w": Array(w4, first=(0, 1, 0, 0)), "xtilde": Array(padded, first=(0, 1, 0, 0)),
                          "b": Array(b_, first=0), "y": Array(y_, first=0)})


o_, c_, u_2, v_2 = S("o"), S("c"), S("u"), S("v")
FORMS["eq-conv2d"] = FORMS["conv2d"] = Form(
    [[IB("y")[n, o_, i, j],
      IB("b")[o_] + Sum(Sum(Sum(IB("w")[o_, c_, u_2, v_2] * IB("xtilde")[n, c_, S("s_h") * i + S("d_h") * u_2,
                                                                     S("s_w") * j + S("d_w") * v_2],
                                (v_2, 0, S("k_w") - 1)), (u_2, 0, S("k_h") - 1)), (c_, 1, S("C_in")))]],
    envs=_conv2d_envs,
    code=lambda env: [(0, 1, env.arrays["y"].values[0, env.symbols["o"], env.symbols["i"], env.symbols["j"]])])


# -- linear algebra: y = A x + b ------------------------------------------------------------------------------------
Am, xm, bm, ym = sp.MatrixSymbol("A", 3, 3), sp.MatrixSymbol("x", 3, 1), sp.MatrixSymbol("b", 3, 1), \
    sp.MatrixSymbol("y", 3, 1)


def _linear_envs_matrix(rng):
    for _ in range(2):
        A, x_, b_ = rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=3)
        yield Env(matrices={"A": A, "x": x_[:, None], "b": b_[:, None],
                            "y": linear_algebra._linear_transform_equation(A, x_, b_)[:, None]})


FORMS["eq-linear-transform"] = FORMS["linear_transform"] = Form(
    [[ym, Am * xm + bm],
     r"A \in \mathbb{R}^{m \times n},\; \mathbf{x} \in \mathbb{R}^{n},\; \mathbf{b}, \mathbf{y} \in \mathbb{R}^{m}"],
    names={"matrices": {"A": (3, 3), "x": (3, 1), "b": (3, 1), "y": (3, 1)}}, envs=_linear_envs_matrix,
    code=lambda env: [(0, 0, env.matrices["y"])])


# -- eigendecomposition, SVD, PCA, low rank ---------------------------------------------------------------------------
def _mat(name, rows=3, cols=3):
    return sp.MatrixSymbol(name, rows, cols)


def _eig_envs(rng):
    """A symmetric and a non-symmetric 3 x 3 matrix (the second has complex eigenvalues): each eigenpair."""
    for A in (lambda B: B + B.T)(rng.normal(size=(3, 3))), rng.normal(size=(3, 3)):
        values, vectors = linear_algebra._eigendecomposition_equation(A)
        for index in range(3):
            yield Env(symbols={"lambda": complex(values[index]), "n": 3},
                      matrices={"A": A, "v": vectors[:, [index]], "V": vectors, "Lambda": np.diag(values)})


EIG = [_mat("A") * _mat("v", 3, 1), S("lambda") * _mat("v", 3, 1)]
EIG_DECOMPOSED = [_mat("A"), _mat("V") * _mat("Lambda") * sp.Inverse(_mat("V"))]
EIG_NAMES = {"matrices": {"A": (3, 3), "v": (3, 1), "V": (3, 3), "Lambda": (3, 3)}}


def _eig_code(env):
    """The residuals: A v from the matrix itself, and A, against the form's lambda v and V Lambda V^{-1}."""
    return [(0, 1, env.matrices["A"] @ env.matrices["v"]), (2, 1, env.matrices["A"])]


FORMS["eq-eigendecomposition"] = Form(
    [EIG, r"\mathbf{v} \neq \mathbf{0}",
     (EIG_DECOMPOSED, r"\text{when } A \text{ has } n \text{ independent eigenvectors}")],
    names=EIG_NAMES, envs=_eig_envs, code=_eig_code)
FORMS["eigendecomposition"] = Form(
    [EIG, r"\mathbf{v} \neq \mathbf{0},\; \lambda \in \mathbb{C}",
     (EIG_DECOMPOSED, r"\text{ when } A \text{ is diagonalisable}")],
    names=EIG_NAMES, envs=_eig_envs, code=_eig_code)
u_, v_, sigma = IB("u"), IB("v"), IB("sigma")


def _svd_envs(rng):
    for A in rng.normal(size=(3, 3)), rng.normal(size=(3, 2)) @ rng.normal(size=(2, 3)):  # rank 3 and rank 2
        U, S_, Vt = linear_algebra._singular_value_decomposition_equation(A, False)
        yield Env(symbols={"r": 3, "k": 2},
                  matrices={"A": A, "U": U, "Sigma": np.diag(S_), "V": Vt.T,
                            "A_k": linear_algebra._low_rank_approximation_equation(A, 2)},
                  arrays={"sigma": Array(S_), "u": Array(U, columns=True), "v": Array(Vt.T, columns=True)},
                  functions={"norm": _norm})


SVD_NAMES = {"matrices": {"A": (3, 3), "U": (3, 3), "Sigma": (3, 3), "V": (3, 3), "A_k": (3, 3)},
             "sum_ranges": {"i": (1, 3)}}
LAYERS = Sum(sigma[i] * u_[i] * F("transpose")(v_[i]), (i, 1, S("r")))


def _svd_code(env):
    return [(0, 1, env.matrices["A"]), (0, 2, env.matrices["A"])]


FORMS["eq-svd"] = Form(
    [[_mat("A"), _mat("U") * _mat("Sigma") * _mat("V").T, LAYERS],
     r"U^\top U = I,\; V^\top V = I,\; \sigma_1 \ge \dots \ge \sigma_r \ge 0"],
    names=SVD_NAMES, envs=_svd_envs, code=_svd_code)
FORMS["singular_value_decomposition"] = Form(
    [[_mat("A"), _mat("U") * _mat("Sigma") * _mat("V").T, LAYERS],
     r"U^\top U = I,\; V^\top V = I,\; \sigma_1 \ge \sigma_2 \ge \dots \ge \sigma_r \ge 0"],
    names=SVD_NAMES, envs=_svd_envs, code=_svd_code)


def _low_rank_code(env):
    A, A_k = env.matrices["A"], env.matrices["A_k"]
    return [(0, 0, A_k), (0, 1, A_k), (1, 1, np.linalg.norm(A - A_k)), (1, 2, np.linalg.norm(A - A_k))]


FORMS["eq-low-rank"] = FORMS["low_rank_approximation"] = Form(
    [[_mat("A_k"), Sum(sigma[i] * u_[i] * F("transpose")(v_[i]), (i, 1, k))],
     [F("Min_over")(S("rankBlek"), F("norm")(_mat("A") - _mat("B"))), F("norm")(_mat("A") - _mat("A_k")),
      sqrt(Sum(sigma[i] ** 2, (i, k + 1, 3)))]],
    names={**SVD_NAMES, "matrices": {**SVD_NAMES["matrices"], "B": (3, 3)}}, envs=_svd_envs, code=_low_rank_code,
    relations={})
ROWS = 5


def _pca_envs(rng):
    X = rng.normal(size=(ROWS, 3)) @ np.diag([3.0, 1.0, 0.3])
    scores, components, variance, _, mu = linear_algebra._principal_components_equation(X, 2)
    U, S_, Vt = linear_algebra._singular_value_decomposition_equation(X - mu, False)
    for index in (1, 2):
        yield Env(symbols={"N": ROWS, "i": index},
                  matrices={"X": X, "1": np.ones((ROWS, 1)), "mu": mu[:, None], "U": U, "Sigma": np.diag(S_),
                            "V": Vt.T, "Z": scores, "V_k": components.T, "U_k": U[:, :2],
                            "Sigma_k": np.diag(S_[:2])},
                  arrays={"sigma": Array(S_), "Var": Array(variance)})


def _pca_code(env):
    m_ = env.matrices
    return [(0, 0, m_["X"] - m_["mu"].T), (0, 1, m_["X"] - m_["mu"].T), (1, 1, m_["Z"]), (1, 2, m_["Z"]),
            (2, 0, env.arrays["Var"].values[env.symbols["i"] - 1])]


CENTRED = _mat("X", ROWS) - _mat("1", ROWS, 1) * _mat("mu", 3, 1).T
FORMS["eq-pca"] = FORMS["principal_components"] = Form(
    [[CENTRED, _mat("U", ROWS) * _mat("Sigma") * _mat("V").T],
     [_mat("Z", ROWS, 2), CENTRED * _mat("V_k", 3, 2), _mat("U_k", ROWS, 2) * _mat("Sigma_k", 2, 2)],
     [IB("Var")[i], sigma[i] ** 2 / (S("N") - 1)]],
    names={"indices": {"i"}, "matrices": {"X": (ROWS, 3), "1": (ROWS, 1), "mu": (3, 1), "U": (ROWS, 3),
                                          "Sigma": (3, 3), "V": (3, 3), "Z": (ROWS, 2), "V_k": (3, 2),
                                          "U_k": (ROWS, 2), "Sigma_k": (2, 2)}},
    envs=_pca_envs, code=_pca_code)


# -- optimisation ------------------------------------------------------------------------------------------------------
theta = S("theta")
LOSS_1D = (theta - 1.5) ** 2 + theta ** 4 / 4  # a smooth loss of one weight, minimum near 0.93
theta_seq = IB("theta")


def _gradient(arg):
    """The gradient of L from SymPy's derivative of its formula, at the point L is applied to."""
    if not (isinstance(arg, sp.core.function.AppliedUndef) and arg.func.__name__ == "L"):
        return F("grad_theta")(arg)
    return sp.diff(LOSS_1D, theta).subs(theta, arg.args[0])


def _gd_envs(rng):
    theta0, eta = rng.uniform(-2, 2), 0.1
    path = optimization._gradient_descent_equation(lambda th: 2 * (th - 1.5) + th ** 3, theta0, eta, 4)
    for step in range(4):
        yield Env(symbols={"t": step, "eta": eta}, arrays={"theta": Array(path, first=0)},
                  definitions={"grad_theta": _gradient})


FORMS["eq-gradient-descent"] = FORMS["gradient_descent"] = Form(
    [[theta_seq[t + 1], theta_seq[t] - S("eta") * F("grad_theta")(F("L")(theta_seq[t]))],
     r"t = 0, 1, \dots, T - 1"],
    names={"functions": {"L"}, "indices": {"t"}}, envs=_gd_envs,
    code=lambda env: [(0, 0, env.arrays["theta"].values[env.symbols["t"] + 1])])
ROWS_LS = 4
Xm, thm, ym_ = _mat("X", ROWS_LS, 3), _mat("theta", 3, 1), _mat("y", ROWS_LS, 1)


def _mse_literature(X, y_, th):
    """MSE(theta) = (1/n) sum_i (x_i . theta - y_i)^2, from its definition, for an explicit or symbolic theta."""
    residual = sp.Matrix(X) * th - sp.Matrix(y_)
    return sum(r ** 2 for r in residual) / X.shape[0]


def _least_squares_envs(rng):
    X, y_, th = rng.normal(size=(ROWS_LS, 3)), rng.normal(size=(ROWS_LS, 1)), rng.normal(size=(3, 1))
    symbolic = sp.Matrix(sp.symbols("theta1:4"))
    mse = _mse_literature(X, y_, symbolic)

    def derivative(order):
        def apply(arg):
            inner = arg.replace(F("MSE"), lambda *a: mse).subs(S("MSE"), mse)
            if inner.has(F("MSE")) or isinstance(inner, sp.MatrixBase):
                return F(f"grad{order}_theta")(arg)
            value = sp.Matrix([inner]).jacobian(symbolic).T if order == "" else sp.hessian(inner, symbolic)
            return sp.ImmutableMatrix(value.subs(dict(zip(symbolic, th.ravel()))))
        return apply

    yield Env(symbols={"n": ROWS_LS}, matrices={"X": X, "y": y_, "theta": th},
              functions={"grad_theta": derivative(""), "grad2_theta": derivative("2"), "norm": _norm})


def _ls_code(env, half, clauses):
    X, y_, th = env.matrices["X"], env.matrices["y"].ravel(), env.matrices["theta"].ravel()
    return [(clauses[0], 1, optimization._least_squares_gradient_equation(X, y_, th, half)[:, None]),
            (clauses[1], 1, optimization._least_squares_hessian_equation(X, half))]


MSE_THETA = F("MSE")(thm)
RESIDUAL = Xm * thm - ym_
LS_NAMES = {"functions": {"MSE"}, "matrices": {"X": (ROWS_LS, 3), "theta": (3, 1), "y": (ROWS_LS, 1)}}
HALF = sp.Rational(1, 2)
FORMS["eq-least-squares"] = Form(
    [[MSE_THETA, F("norm")(RESIDUAL) ** 2 / n],
     [F("grad_theta")(MSE_THETA), 2 / n * Xm.T * RESIDUAL],
     [F("grad_theta")(HALF * MSE_THETA), 1 / n * Xm.T * RESIDUAL]],
    names=LS_NAMES, envs=_least_squares_envs,
    code=lambda env: [(0, 1, optimization._least_squares_loss_equation(
        env.matrices["X"], env.matrices["y"].ravel(), env.matrices["theta"].ravel(), False))]
    + _ls_code(env, False, (1, 1))[:1] + _ls_code(env, True, (2, 2))[:1])
FORMS["least_squares_objective"] = Form(
    [[MSE_THETA, F("norm")(RESIDUAL) ** 2 / n],
     [F("grad_theta")(MSE_THETA), 2 / n * Xm.T * RESIDUAL],
     [F("grad2_theta")(S("MSE")), 2 / n * Xm.T * Xm]],
    names=LS_NAMES, envs=_least_squares_envs,
    code=lambda env: _ls_code(env, False, (1, 2)))
FORMS["least_squares_objective#1"] = Form(
    [[HALF * MSE_THETA],
     [F("grad_theta")(HALF * MSE_THETA), 1 / n * Xm.T * RESIDUAL],
     [F("grad2_theta")(HALF * S("MSE")), 1 / n * Xm.T * Xm]],
    names=LS_NAMES, envs=_least_squares_envs,
    code=lambda env: _ls_code(env, True, (1, 2)))


# -- Gaussian naive Bayes --------------------------------------------------------------------------------------------
C_ = 3  # classes, numbered 0, 1, 2 as the fitted model numbers them
mu_, sig_, xv = IB("mu"), IB("sigma"), IB("x")
c_ = S("c")
JOINT_LOG = log(P(c_)) - HALF * Sum(log(2 * sp.pi * sig_[c_, j] ** 2)
                                     + (xv[j] - mu_[c_, j]) ** 2 / sig_[c_, j] ** 2, (j, 1, S("d")))


def _nb_envs(rng):
    prior = _simplex(rng, C_)
    means, stds = rng.normal(size=(C_, N)), rng.uniform(0.5, 2.0, (C_, N))
    for _ in range(4):
        sample = rng.normal(size=N) * 1.5
        jll = probability._joint_log_likelihood_equation(sample[None, :], prior, means, stds ** 2)[0]
        env = Env(symbols={"d": N},
                  arrays={"x": Array(sample), "mu": Array(means, first=(0, 1)), "sigma": Array(stds, first=(0, 1)),
                          "jll": Array(jll, first=0), "prior": Array(prior, first=0)},
                  definitions={"P": lambda *args, prior=prior: sp.Float(prior[int(args[0])])
                               if len(args) == 1 and args[0].is_number else P(*args)})
        env.functions["Argmax_over"] = _argmax_over(env)
        yield env


def _argmax_over(env):
    """The class that maximises the bracket, each class's bracket evaluated in `env`."""
    def argmax(fn, lo, hi):
        values = [evaluate(fn(v), env) for v in range(int(lo), int(hi) + 1)]
        return sp.Integer(int(lo) + int(np.argmax(values)))
    return argmax


def _nb_code(env):
    return [(0, 1, int(np.argmax(env.arrays["jll"].values)))]


FORMS["eq-naive-bayes"] = Form(
    [[S("yhat"), F("Argmax_over")(sp.Lambda(c_, JOINT_LOG), 0, C_ - 1)]],
    names={"functions": {"P"}, "indices": {"c", "j"}, "sum_ranges": {"c": (0, C_ - 1)}},
    envs=_nb_envs, code=_nb_code)


def _nb_class_envs(rng):
    for env in _nb_envs(rng):
        for cls in range(C_):
            env.symbols["c"] = cls
            yield env


FORMS["GaussianNaiveBayes.predict_joint_log_proba"] = Form(
    [[log(P(c_, S("x"))), JOINT_LOG]],
    names={"functions": {"P"}, "indices": {"c", "j"}}, envs=_nb_class_envs,
    code=lambda env: [(0, 1, env.arrays["jll"].values[env.symbols["c"]])])


def _nb_model_envs(rng):
    """A model fitted on 12 samples of three classes; each probability of the docstrings is read off the form's
    joint log-likelihood, P(c, x) = exp(bracket), by its definition (P(x) by the law of total probability)."""
    X = rng.normal(size=(12, N)) + np.repeat(np.arange(C_), 4)[:, None]
    labels = np.repeat(np.arange(C_), 4)
    model = probability.GaussianNaiveBayes().fit(X, labels)
    for sample in X[[0, 5, 11]] + rng.normal(size=(3, N)) * 0.5:
        env = Env(symbols={"d": N, "n": len(X), "epsilon": model.epsilon_},
                  arrays={"x": Array(sample), "mu": Array(model.theta_, first=(0, 1)),
                          "sigma": Array(np.sqrt(model.var_), first=(0, 1)), "X": Array(X, first=(1, 1)),
                          "labels": Array(labels, first=1), "n": Array(model.class_count_, first=0)},
                  data={"model": model, "sample": sample})
        joint = [evaluate(JOINT_LOG.subs(c_, cls), Env(symbols=env.symbols, arrays=env.arrays, definitions={
            "P": lambda *a: sp.Float(model.class_prior_[int(a[0])]) if a[0].is_number else P(*a)}))
            for cls in range(C_)]
        evidence = float(np.log(np.sum(np.exp(joint))))

        def prob(*args, given=False, joint=joint, evidence=evidence, prior=model.class_prior_):
            if not args[0].is_number:
                return F("P|" if given else "P")(*args)
            if given:  # P(c | x)
                return sp.exp(joint[int(args[0])] - evidence)
            return sp.exp(joint[int(args[0])]) if len(args) == 2 else sp.Float(prior[int(args[0])])

        env.definitions = {"P": lambda *a, prob=prob: sp.exp(evidence) if a == (S("x"),) else prob(*a),
                           "P|": lambda *a, prob=prob: prob(*a, given=True)}
        env.functions["Argmax_over"] = _argmax_over(env)
        for cls in range(C_):
            yield Env(symbols={**env.symbols, "c": cls}, arrays=env.arrays, definitions=env.definitions,
                      functions=env.functions, data=env.data)


def _nb_model(env):
    return env.data["model"], env.data["sample"][None, :]


NB_NAMES = {"functions": {"P"}, "indices": {"c", "j"}, "sum_ranges": {"c": (0, C_ - 1), "k": (0, C_ - 1),
                                                                      "i": (1, 12)}}
FORMS["GaussianNaiveBayes"] = Form(
    [[log(PG(c_, S("x"))), JOINT_LOG - log(P(S("x")))],
     [S("yhat"), F("Argmax_over")(sp.Lambda(c_, PG(c_, S("x"))), 0, C_ - 1)]],
    names=NB_NAMES, envs=_nb_model_envs,
    code=lambda env: [(0, 1, np.log(_nb_model(env)[0].predict_proba(_nb_model(env)[1])[0, env.symbols["c"]])),
                      (1, 1, _nb_model(env)[0].predict(_nb_model(env)[1])[0])])
FORMS["GaussianNaiveBayes.predict_proba"] = Form(
    [[PG(c_, S("x")), exp(log(P(c_, S("x")))) / Sum(exp(log(P(k, S("x")))), (k, 0, C_ - 1))]],
    names=NB_NAMES, envs=_nb_model_envs,
    code=lambda env: [(0, 1, _nb_model(env)[0].predict_proba(_nb_model(env)[1])[0, env.symbols["c"]])])
FORMS["GaussianNaiveBayes.predict"] = Form(
    [[S("yhat"), F("Argmax_over")(sp.Lambda(c_, log(P(c_, S("x")))), 0, C_ - 1)]],
    names=NB_NAMES, envs=lambda rng: [e for e in _nb_model_envs(rng) if e.symbols["c"] == 0],
    code=lambda env: [(0, 1, _nb_model(env)[0].predict(_nb_model(env)[1])[0])])
X_, labels_ = IB("X"), IB("labels")
IN_CLASS = sp.Eq(IB("y")[i], c_)
FORMS["GaussianNaiveBayes.fit"] = Form(
    [[mu_[c_, j], Sum(sp.Piecewise((IB("x")[i, j], IN_CLASS), (0, True)), (i, 1, 12)) / IB("n")[c_]],
     [sig_[c_, j] ** 2,
      Sum(sp.Piecewise(((IB("x")[i, j] - mu_[c_, j]) ** 2, IN_CLASS), (0, True)), (i, 1, 12)) / IB("n")[c_]
      + S("epsilon")]],
    names=NB_NAMES, envs=lambda rng: _nb_fit_envs(rng),
    code=lambda env: [(0, 0, env.data["model"].theta_[env.symbols["c"], env.symbols["j"] - 1]),
                      (1, 0, env.data["model"].var_[env.symbols["c"], env.symbols["j"] - 1])])


def _nb_fit_envs(rng):
    """The fitted means and variances against the class sums of the training data (x_ij, y_i)."""
    for env in list(_nb_model_envs(rng))[:C_]:  # the fit does not depend on the sample: the first one's classes
        for feature in (1, 3):
            arrays = {**env.arrays, "x": env.arrays["X"], "y": env.arrays["labels"]}
            yield Env(symbols={**env.symbols, "j": feature}, arrays=arrays, data=env.data)


# -- backpropagation, against SymPy's derivative of a tiny network -----------------------------------------------------
def _tiny_network(rng):
    """x (2) -> tanh layer (3) -> identity layer (1), loss L = (a^(2) - y)^2, as SymPy expressions of symbolic
    weights, with seeded values for them: the derivatives below are SymPy's, not the code's."""
    W1, b1 = sp.Matrix(3, 2, sp.symbols("W1_1:4_1:3")), sp.Matrix(sp.symbols("b1_1:4"))
    W2, b2 = sp.Matrix(1, 3, sp.symbols("W2_1_1:4")), sp.Matrix(sp.symbols("b2_1:2"))
    x_in, target = rng.normal(size=(2, 1)), rng.normal(size=(1, 1))
    z1 = W1 * sp.Matrix(x_in) + b1
    a1 = z1.applyfunc(sp.tanh)
    z2 = W2 * a1 + b2
    loss = (z2[0] - target[0, 0]) ** 2
    symbols = list(W1) + list(b1) + list(W2) + list(b2)
    values = dict(zip(symbols, rng.normal(size=len(symbols))))
    return SimpleNamespace(W1=W1, b1=b1, W2=W2, b2=b2, x=x_in, y=target, z1=z1, a1=a1, z2=z2, loss=loss,
                           values=values)


def _numeric(expr, net):
    return np.array(sp.Matrix(expr).subs(net.values).evalf(30), dtype=float)


def _layers_envs(rng):
    net = _tiny_network(rng)
    z1_symbols = sp.Matrix(sp.symbols("z1_1:4"))
    loss_of_z1 = (net.W2 * z1_symbols.applyfunc(sp.tanh) + net.b2)[0] - net.y[0, 0]
    loss_of_z1 = loss_of_z1 ** 2
    delta1 = sp.Matrix([sp.diff(loss_of_z1, v) for v in z1_symbols]).subs(dict(zip(z1_symbols, net.z1)))
    z2_symbol = sp.Symbol("z2")
    delta2 = sp.Matrix([sp.diff((z2_symbol - net.y[0, 0]) ** 2, z2_symbol)]).subs(z2_symbol, net.z2[0])
    slope = sp.Lambda(z2_symbol, sp.diff(sp.tanh(z2_symbol), z2_symbol))  # phi' from SymPy's derivative of tanh

    def partial(f, v):
        target = {"W(l)": net.W1, "b(l)": net.b1}.get(str(v))
        if str(f) != "L" or target is None:
            return _partial(f, v)
        return sp.ImmutableMatrix(_numeric(target.applyfunc(lambda w: sp.diff(net.loss, w)), net))

    yield Env(matrices={"delta(l)": _numeric(delta1, net), "delta(l+1)": _numeric(delta2, net),
                        "W(l+1)": _numeric(net.W2, net), "z(l)": _numeric(net.z1, net), "a(l-1)": net.x,
                        "W(l)": _numeric(net.W1, net), "b(l)": _numeric(net.b1, net)},
              definitions={"partial": partial},
              functions={"phi'": lambda M: sp.ImmutableMatrix(M.applyfunc(slope)) if isinstance(M, sp.MatrixBase)
                         else MatrixFunction("phi'", M)},
              data={"net": net})


def _layers_code(env):
    net = env.data["net"]
    W1, b1, W2, b2 = (_numeric(m_, net) for m_ in (net.W1, net.b1, net.W2, net.b2))
    a1 = np.tanh(W1 @ net.x + b1)
    a = [net.x.T, a1.T, (W2 @ a1 + b2).T]  # one sample per row, as the code takes them
    grads = optimization._backpropagation_equation(a, net.y.T, [W1, W2], [lambda v: 1 - v * v, np.ones_like])
    return [(1, 0, grads[0]), (1, 1, grads[0]), (2, 0, grads[1][:, None]), (2, 1, grads[1][:, None])]


def _partial(f, v):
    """The derivative of f with respect to the matrix v: a matrix of v's shape."""
    return MatrixFunction("partial", f, v, shape=v.shape)


LAYER_NAMES = {"functions": {"phi"}, "matrix_functions": {"phi'"},
               "matrices": {"delta(l)": (3, 1), "delta(l+1)": (1, 1), "W(l+1)": (1, 3), "z(l)": (3, 1),
                            "a(l-1)": (2, 1), "W(l)": (3, 2), "b(l)": (3, 1)}}
_M = {name: sp.MatrixSymbol(name, *shape) for name, shape in LAYER_NAMES["matrices"].items()}
FORMS["eq-backpropagation-layers"] = Form(
    [[_M["delta(l)"], sp.hadamard_product(_M["W(l+1)"].T * _M["delta(l+1)"], MatrixFunction("phi'", _M["z(l)"]))],
     [_partial(S("L"), _M["W(l)"]), _M["delta(l)"] * _M["a(l-1)"].T],
     [_partial(S("L"), _M["b(l)"]), _M["delta(l)"]]],
    names=LAYER_NAMES, envs=_layers_envs, code=_layers_code)


def _chain_envs(rng):
    """One sigmoid layer, three inputs and two outputs, L = sum_j (a_j - y_j)^2 / 2: each partial derivative is
    SymPy's, of the quantity written in terms of the variable it is taken with respect to."""
    w = sp.Matrix(3, 2, sp.symbols("w1:4_1:3"))  # w[i, j]: input i to output j
    bias, zs, activations = sp.symbols("b1:3"), sp.symbols("z1:3"), sp.symbols("a1:3")
    x_in, target = rng.normal(size=3), rng.normal(size=2)
    values = dict(zip(list(w) + list(bias), rng.normal(size=8)))
    linear = {zs[o]: sum(w[r, o] * x_in[r] for r in range(3)) + bias[o] for o in range(2)}
    squash = {activations[o]: 1 / (1 + sp.exp(-zs[o])) for o in range(2)}
    loss = sum((activations[o] - target[o]) ** 2 for o in range(2)) / 2

    def symbol(e):
        if e == S("L"):
            return None
        name, idx = str(e.base), [int(v) - 1 for v in e.indices]
        return {"w": lambda: w[idx[0], idx[1]], "a": lambda: activations[idx[0]], "z": lambda: zs[idx[0]]}[name]()

    def partial(f, v):
        if not all(all(i_.is_number for i_ in e.indices) for e in (f, v) if isinstance(e, sp.Indexed)):
            return F("partial")(f, v)
        var = symbol(v)
        expr = loss if f == S("L") else (squash | linear)[symbol(f)]
        if var not in activations:  # written in terms of the z, unless the variable is an a
            expr = expr.subs(squash)
        if var not in activations + zs:  # and in terms of the weights, unless it is a z
            expr = expr.subs(linear)
        derivative = sp.diff(expr, var)
        return sp.Float(derivative.subs(squash).subs(linear).subs(values))

    for i_, j_ in ((1, 1), (3, 2), (2, 1)):
        yield Env(symbols={"i": i_, "j": j_}, definitions={"partial": partial},
                  arrays={"x": Array(x_in), "y": Array(target),
                          "W": Array(np.array([[values[w[r, o]] for r in range(3)] for o in range(2)])),
                          "b": Array(np.array([values[bias[o]] for o in range(2)]))})


def _chain_code(env):
    W, b_ = env.arrays["W"].values, env.arrays["b"].values
    X, Y = env.arrays["x"].values[None, :], env.arrays["y"].values[None, :]
    A = 1 / (1 + np.exp(-(X @ W.T + b_)))
    grads = optimization._backpropagation_equation([X, A], Y, [W], [lambda v: v * (1 - v)])
    value = grads[0][env.symbols["j"] - 1, env.symbols["i"] - 1]
    return [(0, 0, value), (0, 1, value)]


w_, a_seq, z_seq = IB("w"), IB("a"), IB("z")
FORMS["eq-backpropagation"] = Form(
    [[F("partial")(S("L"), w_[i, j]),
      F("partial")(S("L"), a_seq[j]) * F("partial")(a_seq[j], z_seq[j]) * F("partial")(z_seq[j], w_[i, j])]],
    names={"indices": {"i", "j"}}, envs=_chain_envs, code=_chain_code)


# -- the multilayer perceptron's docstrings, on the same tiny network ------------------------------------------------
def _mlp_envs(rng):
    """The tiny network of _tiny_network as a MultilayerPerceptron (tanh, then identity; one sample, one output,
    so its loss is l = (a^(2) - y)^2): layer l = 1, K = 2. The deltas are SymPy's derivatives of l."""
    net = _tiny_network(rng)
    W1, b1, W2, b2 = (_numeric(m_, net) for m_ in (net.W1, net.b1, net.W2, net.b2))
    model = optimization.MultilayerPerceptron([W1, W2], [b1.ravel(), b2.ravel()])
    z1 = W1 @ net.x + b1
    a1 = np.tanh(z1)
    z2 = W2 @ a1 + b2
    z_symbols, z2_symbol = sp.Matrix(sp.symbols("z1_1:4")), sp.Symbol("z2")
    loss_of_z1 = ((net.W2 * z_symbols.applyfunc(sp.tanh) + net.b2)[0] - net.y[0, 0]) ** 2
    delta1 = sp.Matrix([sp.diff(loss_of_z1, v) for v in z_symbols]).subs(dict(zip(z_symbols, net.z1)))
    delta2 = sp.diff((z2_symbol - net.y[0, 0]) ** 2, z2_symbol).subs(z2_symbol, net.z2[0])
    a2_symbol = sp.Symbol("a2")
    tanh_slope = sp.Lambda(z2_symbol, sp.diff(sp.tanh(z2_symbol), z2_symbol))

    def elementwise(fn, name):
        return lambda M: sp.ImmutableMatrix(M.applyfunc(fn)) if isinstance(M, sp.MatrixBase) \
            else MatrixFunction(name, M)

    def partial(f, v):
        target = {"W(l)": net.W1, "b(l)": net.b1}.get(str(v))
        if str(f) != "ell":
            return _partial(f, v)
        if str(v) == "a(K)":  # l as a function of the network's output
            slope = sp.diff((a2_symbol - net.y[0, 0]) ** 2, a2_symbol).subs(a2_symbol, net.z2[0])
            return sp.ImmutableMatrix(_numeric(sp.Matrix([slope]), net))
        if target is None:
            return _partial(f, v)
        return sp.ImmutableMatrix(_numeric(target.applyfunc(lambda w: sp.diff(net.loss, w)), net))

    yield Env(matrices={"a(0)": net.x, "x": net.x, "z(l)": z1, "W(l)": W1, "a(l-1)": net.x, "b(l)": b1,
                        "a(l)": a1, "a(K)": z2, "z(K)": z2, "yhat": z2, "W(l+1)": W2,
                        "delta(K)": _numeric(sp.Matrix([delta2]), net), "delta(l+1)": _numeric(sp.Matrix([delta2]), net),
                        "delta(l)": _numeric(delta1, net)},
              definitions={"partial": partial},
              functions={"phi_l": elementwise(sp.tanh, "phi_l"), "phi'_l": elementwise(tanh_slope, "phi'_l"),
                         "phi'_K": elementwise(lambda v: sp.Integer(1), "phi'_K")},
              data={"model": model, "X": net.x.T, "y": net.y.T})


def _mlp_gradients(env):
    return env.data["model"].gradients(env.data["X"], env.data["y"])


MLP_MATRICES = {"a(0)": (2, 1), "x": (2, 1), "z(l)": (3, 1), "W(l)": (3, 2), "a(l-1)": (2, 1), "b(l)": (3, 1),
                "a(l)": (3, 1), "a(K)": (1, 1), "z(K)": (1, 1), "yhat": (1, 1), "W(l+1)": (1, 3), "delta(K)": (1, 1),
                "delta(l+1)": (1, 1), "delta(l)": (3, 1)}
MLP_NAMES = {"functions": {"phi"}, "matrices": MLP_MATRICES,
             "matrix_functions": {"phi_l": None, "phi'_l": None, "phi'_K": None}}
_P = {name: sp.MatrixSymbol(name, *shape) for name, shape in MLP_MATRICES.items()}


def _mf(name, arg):
    return MatrixFunction(name, arg)


HIDDEN = _mf("phi_l", _P["W(l)"] * _P["a(l-1)"] + _P["b(l)"])
FORMS["MultilayerPerceptron"] = Form(
    [[_P["a(0)"], _P["x"]], [_P["z(l)"], _P["W(l)"] * _P["a(l-1)"] + _P["b(l)"]], [_P["a(l)"], _mf("phi_l", _P["z(l)"])],
     r"l = 1, \dots, K"],
    names=MLP_NAMES, envs=_mlp_envs,
    code=lambda env: [(2, 1, env.data["model"]._activations(env.data["X"], "test")[1].T)])
FORMS["MultilayerPerceptron#1"] = Form(
    [[_P["delta(K)"], sp.hadamard_product(_partial(S("ell"), _P["a(K)"]), _mf("phi'_K", _P["z(K)"]))],
     [_P["delta(l)"], sp.hadamard_product(_P["W(l+1)"].T * _P["delta(l+1)"], _mf("phi'_l", _P["z(l)"]))]],
    names=MLP_NAMES, envs=_mlp_envs,
    code=lambda env: [(0, 0, _mlp_gradients(env)[3][:, None]), (0, 1, _mlp_gradients(env)[3][:, None]),
                      (1, 0, _mlp_gradients(env)[1][:, None]), (1, 1, _mlp_gradients(env)[1][:, None])])
FORMS["MultilayerPerceptron#2"] = Form(
    [[_partial(S("ell"), _P["W(l)"]), _P["delta(l)"] * _P["a(l-1)"].T],
     [_partial(S("ell"), _P["b(l)"]), _P["delta(l)"]]],
    names=MLP_NAMES, envs=_mlp_envs,
    code=lambda env: [(0, 0, _mlp_gradients(env)[0]), (0, 1, _mlp_gradients(env)[0]),
                      (1, 0, _mlp_gradients(env)[1][:, None]), (1, 1, _mlp_gradients(env)[1][:, None])])
FORMS["MultilayerPerceptron.forward"] = Form(
    [[_P["yhat"], _P["a(K)"]], [_P["a(l)"], HIDDEN], [_P["a(0)"], _P["x"]]],
    names=MLP_NAMES, envs=_mlp_envs,
    code=lambda env: [(0, 0, env.data["model"].forward(env.data["X"]).T),
                      (1, 1, env.data["model"]._activations(env.data["X"], "test")[1].T)])


def _mlp_loss_envs(rng):
    model = optimization.MultilayerPerceptron.random([2, 3, 2], rng=rng)
    X, Y = rng.normal(size=(N, 2)), rng.normal(size=(N, 2))
    yield Env(symbols={"n": N, "n_K": 2}, arrays={"yhat": Array(model.forward(X).T, columns=True),
                                                   "y": Array(Y.T, columns=True)},
              functions={"norm": _norm}, data={"loss": model.loss(X, Y)})


FORMS["MultilayerPerceptron.loss"] = Form(
    [[S("L"), Sum(F("norm")(IB("yhat")[i] - IB("y")[i]) ** 2, (i, 1, n)) / (n * S("n_K"))]],
    envs=_mlp_loss_envs, code=lambda env: [(0, 1, env.data["loss"])])


# -- what is not checked this way, and why ---------------------------------------------------------------------------
LEFT_OUT = {
    "MultilayerPerceptron.gradients": "a sum over samples of per-sample vectors multiplied elementwise, which the "
                                      "reader does not build (its indexed names are scalars); the same gradients, "
                                      "for one sample, are the forms of MultilayerPerceptron#1 and #2, and "
                                      "tests/test_optimization.py compares them with PyTorch",
    "MultilayerPerceptron.sgd_step": "an assignment (theta <- theta - eta grad L), not an equation between two "
                                     "values; the same update is the checked form of eq-gradient-descent",
}
