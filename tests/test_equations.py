r"""The displayed equations, checked against their symbolic forms and against the code.

For every labelled ``$$`` display of the chapter pages and every ``.. math::`` equation of a public docstring
(tests/equations/sources.py reads them from the files as they are): the display's LaTeX is read into SymPy
(tests/equations/latex.py) and must state the symbolic form of tests/equations/forms.py, and the form, evaluated
on seeded random input at n = 3 and on 2 x 2 or 3 x 3 matrices, must agree with the equation function, both
within a relative 1e-10 (absolute 1e-12). Identities the pages show two ways are checked both ways; mutated
displays and mutated equation functions must be rejected.
"""

import importlib

import numpy as np
import pytest
import sympy as sp
from scipy import integrate

import mlequations
from mlequations import convolution, linear_algebra, optimization, probability

from .equations import latex
from .equations.check import ATOL, RTOL, check_code, check_display
from .equations.forms import FORMS, LEFT_OUT, SOFTMAX, SOFTMAX_SHIFTED
from .equations.sources import chapter_displays, docstring_displays

softmax_module = importlib.import_module("mlequations.softmax")
CHAPTER = {label: tex for label, (_, tex) in chapter_displays().items()}
DOCSTRING = docstring_displays()
DISPLAYS = {**CHAPTER, **DOCSTRING}


def test_the_tolerance_is_the_stated_one():
    """The Guarantees page states these numbers; a change here must change the page."""
    assert (RTOL, ATOL) == (1e-10, 1e-12)


# -- every display is verified or listed with its reason ------------------------------------------------------------
def test_every_display_is_verified_or_left_out_with_a_reason():
    verified, left_out = set(FORMS), set(LEFT_OUT)
    assert not verified & left_out, f"both verified and left out: {sorted(verified & left_out)}"
    unlisted = set(DISPLAYS) - verified - left_out
    assert not unlisted, f"displayed equations neither verified nor on LEFT_OUT: {sorted(unlisted)}"
    stale = (verified | left_out) - set(DISPLAYS)
    assert not stale, f"forms or left-out entries for equations that are no longer displayed: {sorted(stale)}"
    assert all(len(reason) > 30 for reason in LEFT_OUT.values())


def test_every_chapter_display_is_found():
    """The reader of the pages finds every labelled display that `grep '^\\$\\$ ('` finds."""
    count = sum(line.startswith("$$ (") for page in sorted(latex_pages()) for line in page.read_text().splitlines())
    assert len(CHAPTER) == count


def latex_pages():
    from .equations.sources import CHAPTERS
    return CHAPTERS.glob("*.md")


# -- each display states its form, and each form agrees with the code -----------------------------------------------
@pytest.mark.parametrize("key", sorted(FORMS))
def test_display_states_its_form(key):
    check_display(FORMS[key], DISPLAYS[key])


@pytest.mark.parametrize("key", sorted(FORMS))
def test_form_agrees_with_the_code(key):
    assert check_code(FORMS[key]) > 0


# -- identities shown two ways -----------------------------------------------------------------------------------------
def test_max_shifted_softmax_is_the_softmax_symbolically():
    """exp(z_i / T) / sum_j exp(z_j / T) = exp((z_i - m) / T) / sum_j exp((z_j - m) / T) for every m (n = 3)."""
    T, m = sp.symbols("T m", positive=True)
    for i in (1, 2, 3):
        difference = (SOFTMAX - SOFTMAX_SHIFTED).subs({sp.Symbol("n"): 3, sp.Symbol("i"): i}).doit()
        assert sp.simplify(sp.powsimp(sp.expand(difference.subs({sp.Symbol("T"): T, sp.Symbol("m"): m})))) == 0


def test_kl_is_cross_entropy_minus_entropy_symbolically():
    """D(p || q) = H(p, q) - H(p), term by term, for positive p_i and q_i (n = 3)."""
    p, q = sp.symbols("p1:4", positive=True), sp.symbols("q1:4", positive=True)
    kl = sum(pi * sp.log(pi / qi) for pi, qi in zip(p, q))
    cross = -sum(pi * sp.log(qi) for pi, qi in zip(p, q))
    entropy = -sum(pi * sp.log(pi) for pi in p)
    assert sp.simplify(sp.expand_log(kl - (cross - entropy), force=True)) == 0


def test_bayes_with_total_probability_symbolically():
    """From a joint table J(h_i, e): P(h_i | e) = J_i / sum_j J_j equals P(e | h_i) P(h_i) / sum_j P(e | h_j) P(h_j),
    with P(h) and P(e | h) = J / P(h) as the definitions give them."""
    joint = sp.symbols("J1:4", positive=True)
    p_h = sp.symbols("ph1:4", positive=True)
    likelihood = [J / ph for J, ph in zip(joint, p_h)]
    evidence = sum(l * ph for l, ph in zip(likelihood, p_h))
    for i in range(3):
        assert sp.simplify(likelihood[i] * p_h[i] / evidence - joint[i] / sum(joint)) == 0


def test_forward_diffusion_closed_form_is_the_recursion():
    """Unrolling x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps_t three times gives x_0 times
    sqrt(alpha-bar_3) plus independent noise of variance 1 - alpha-bar_3: the closed form's two coefficients."""
    beta = sp.symbols("beta1:4", positive=True)
    x0, eps = sp.Symbol("x0"), sp.symbols("eps1:4")
    x = x0
    for b, e in zip(beta, eps):
        x = sp.sqrt(1 - b) * x + sp.sqrt(b) * e
    x = sp.expand(x)
    alpha_bar = sp.prod([1 - b for b in beta])
    assert sp.expand(x.coeff(x0) ** 2 - alpha_bar) == 0  # both square roots are positive for beta_s in (0, 1)
    noise_variance = sum(x.coeff(e) ** 2 for e in eps)  # the eps_t are independent with unit variance
    assert sp.simplify(sp.expand(noise_variance) - (1 - sp.expand(alpha_bar))) == 0


def test_conv_output_size_matches_the_arrays():
    """floor((n + 2p - d(k - 1) - 1) / s) + 1, read from the page, is the size of the array conv2d returns."""
    sides, _ = latex.read(latex.clauses(CHAPTER["eq-conv-output-size"])[0])
    size = sp.lambdify([sp.Symbol(c) for c in "nkspd"], sides[1])
    rng = np.random.default_rng(0)
    for n, k, s, p, d in ((7, 3, 1, 0, 1), (8, 3, 2, 1, 1), (10, 3, 3, 2, 2), (9, 2, 4, 0, 3), (5, 5, 1, 2, 1)):
        out = mlequations.conv2d(rng.normal(size=(1, 1, n, n)), rng.normal(size=(1, 1, k, k)), stride=s, padding=p,
                                 dilation=d)
        assert out.shape[-2:] == (size(n, k, s, p, d), size(n, k, s, p, d))


def test_continuous_convolution_by_quadrature_against_the_discrete_sum():
    r"""The page's continuous form (f * g)(t) = \int f(\tau) g(t - \tau) d\tau for two Gaussian bumps: quadrature,
    the closed form (a Gaussian of summed variances), and the discrete sum times the step, from convolve."""
    def gauss(x, sd):
        return np.exp(-x**2 / (2 * sd**2)) / (sd * np.sqrt(2 * np.pi))
    step, grid = 0.01, np.arange(-8, 8 + 0.005, 0.01)
    discrete = convolution._convolve_equation(gauss(grid, 0.6), gauss(grid, 0.8), "full") * step
    for t in (-1.0, 0.0, 0.7, 2.0):
        quadrature, _ = integrate.quad(lambda tau: gauss(tau, 0.6) * gauss(t - tau, 0.8), -np.inf, np.inf)
        exact = gauss(t, 1.0)  # variances 0.36 + 0.64 = 1
        index = int(round((t + 16) / step))  # the full output starts at -8 + -8
        assert quadrature == pytest.approx(exact, rel=1e-9)
        assert discrete[index] == pytest.approx(exact, rel=1e-9)


def test_eckart_young_no_rank_k_matrix_is_closer():
    """||A - A_k||_F = sqrt(sum_{i>k} sigma_i^2) (the form checks it), and no rank-k B of 500 is closer to A."""
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 3))
    best = np.linalg.norm(A - linear_algebra._low_rank_approximation_equation(A, 2))
    for _ in range(500):
        B = rng.normal(size=(3, 2)) @ rng.normal(size=(2, 3))
        B = B + (A - B) * rng.uniform(0, 1)  # part way towards A, then back to rank 2
        U, S, Vt = np.linalg.svd(B)
        B = (U[:, :2] * S[:2]) @ Vt[:2]
        assert np.linalg.norm(A - B) >= best * (1 - 1e-12)


def test_naive_bayes_prediction_is_the_argmax_of_the_model():
    """GaussianNaiveBayes.predict returns, for each sample, the class that maximises the form's bracket."""
    from .equations.check import Array, Env, evaluate
    from .equations.forms import JOINT_LOG
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(30, 3)) + np.repeat(np.arange(3), 10)[:, None], np.repeat(np.arange(3), 10)
    model = mlequations.GaussianNaiveBayes().fit(X, y)
    prior, mu, var = (np.asarray(model.class_prior_), np.asarray(model.theta_), np.asarray(model.var_))
    for sample, predicted in zip(X[::4], model.predict(X[::4])):  # eight samples, from every class
        env = Env(symbols={"d": 3}, arrays={"x": Array(sample), "mu": Array(mu, first=(0, 1)),
                                             "sigma": Array(np.sqrt(var), first=(0, 1))},
                  definitions={"P": lambda arg: sp.Float(prior[int(arg)]) if arg.is_number else sp.Function("P")(arg)})
        brackets = [evaluate(JOINT_LOG.subs(sp.Symbol("c"), c), env) for c in range(3)]
        assert predicted == np.argmax(brackets)


# -- the check can fail: mutated displays ------------------------------------------------------------------------------
MUTATIONS = {
    # kind: (display key, text shown, mutated text)
    "flipped sign": [("eq-softmax", r"e^{z_i / T}}{", r"e^{-z_i / T}}{"),
                     ("softmax", r"e^{z_i / T}}{", r"e^{-z_i / T}}{")],
    "p and q swapped": [("eq-kl", r"\frac{p_i}{q_i}", r"\frac{q_i}{p_i}"),
                        ("kl_divergence", r"\frac{p_i}{q_i}", r"\frac{q_i}{p_i}"),
                        ("eq-kl", r"D_{\mathrm{KL}}(p \,\|\, q)", r"D_{\mathrm{KL}}(q \,\|\, p)"),
                        ("eq-cross-entropy", r"p_i \log q_i", r"q_i \log p_i")],
    "sqrt d_k dropped": [("eq-attention", r"\frac{Q K^\top}{\sqrt{d_k}}", r"Q K^\top"),
                         ("scaled_dot_product_attention", r"\frac{Q K^\top}{\sqrt{d_k}}", r"Q K^\top")],
    "missing term": [("eq-binary-cross-entropy", r"y_i \log p_i + (1 - y_i) \log (1 - p_i)", r"y_i \log p_i"),
                     ("binary_cross_entropy", r"y_i \log p_i + (1 - y_i) \log (1 - p_i)", r"y_i \log p_i"),
                     ("eq-log-sum-exp", r"= m + \log", r"= \log")],
}
CASES = [(kind, *case) for kind, cases in MUTATIONS.items() for case in cases]


@pytest.mark.parametrize(("kind", "key", "shown", "mutated"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_mutated_display_is_rejected(kind, key, shown, mutated):
    tex = DISPLAYS[key]
    assert tex.count(shown) == 1, f"{shown!r} is not shown once in {key}"
    check_display(FORMS[key], tex)  # the display as shown passes
    with pytest.raises((AssertionError, latex.LatexError)):
        check_display(FORMS[key], tex.replace(shown, mutated))


def test_the_mutations_cover_a_chapter_display_and_a_docstring_for_each_kind():
    for kind, cases in MUTATIONS.items():
        keys = {key for key, _, _ in cases}
        assert keys & set(CHAPTER) and keys & set(DOCSTRING), kind


# -- the check can fail: mutated equation functions --------------------------------------------------------------------
def _softmax_shift_not_scaled(z, axis, temperature):
    m = np.max(z, axis=axis, keepdims=True)
    e = np.exp(z / temperature - m)  # the shift taken outside the temperature: right only for T = 1
    return e / np.sum(e, axis=axis, keepdims=True) * np.exp(m - m / temperature)


def _kl_swapped(p, q, axis):
    return np.sum(q * np.log(q / p), axis=axis)


def _attention_unscaled(Q, K, V, M):
    weights = softmax_module._softmax_equation(Q @ np.swapaxes(K, -1, -2) + M, -1, 1.0)
    return weights @ V, weights


def _bce_one_term(y, p):
    return -(y * np.log(p))


@pytest.mark.parametrize(("module", "name", "mutant", "key"), [
    (softmax_module, "_softmax_equation", _softmax_shift_not_scaled, "eq-softmax"),
    (probability, "_kl_divergence_equation", _kl_swapped, "eq-kl"),
    (importlib.import_module("mlequations.attention"), "_scaled_dot_product_attention_equation", _attention_unscaled,
     "eq-attention"),
    (importlib.import_module("mlequations.losses"), "_binary_cross_entropy_equation", _bce_one_term,
     "eq-binary-cross-entropy"),
], ids=["softmax-shift", "kl-p-q-swapped", "attention-sqrt-dk-dropped", "bce-missing-term"])
def test_a_mutated_equation_function_is_rejected(monkeypatch, module, name, mutant, key):
    check_code(FORMS[key])
    monkeypatch.setattr(module, name, mutant)
    with pytest.raises(AssertionError):
        check_code(FORMS[key])


# -- the reader's traps --------------------------------------------------------------------------------------------------
def test_the_reader_keeps_case_natural_logs_and_transposes():
    (left, right), _ = latex.read(r"P(T) = \log t", functions={"P"})
    assert left == sp.Function("P")(sp.Symbol("T")) and right == sp.log(sp.Symbol("t"))  # case kept, base e
    (product,), _ = latex.read(r"Q K^\top", matrices={"Q": (2, 2), "K": (2, 2)})
    assert product == sp.MatrixSymbol("Q", 2, 2) * sp.MatrixSymbol("K", 2, 2).T
    (unknown,), _ = latex.read(r"x^\top y")
    assert unknown.has(sp.Function("transpose"))  # a transpose of an undeclared name is kept, not dropped


# -- readers see it: the marks on the built pages --------------------------------------------------------------------
def _checked_by_page():
    pages = {}
    for label, (stem, _) in chapter_displays().items():
        pages.setdefault(stem, []).append(label)
    return pages


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1400])
def test_each_checked_equation_carries_its_mark_and_the_link_resolves(browser, site_url, width):
    """On the built chapter pages, in Chromium at a phone's and a desktop's width: each labelled equation with a
    form has "checked against the code" right below it, inside the page's width, linking to the Guarantees
    section; a labelled equation without a form has no mark."""
    from .conftest import ROOT

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    targets, marked = set(), 0
    for stem, labels in sorted(_checked_by_page().items()):
        page.goto(f"{site_url}/chapters/{stem}.html")
        found = page.evaluate("""(labels) => labels.map(label => {
            const eq = document.getElementById('equation-' + label);
            const next = eq && eq.nextElementSibling;
            const mark = next && next.matches('p.eq-checked') ? next : null;
            const link = mark && mark.querySelector('a');
            const svg = eq && eq.querySelector('svg');
            const box = mark && mark.getBoundingClientRect(), eqBox = svg && svg.getBoundingClientRect();
            return {label, found: !!eq, text: link && link.textContent, href: link && link.href,
                    inside: !!box && box.width > 0 && box.left >= 0 && box.right <= window.innerWidth + 1,
                    below: !!box && box.top >= eqBox.bottom - 1 && box.top - eqBox.bottom < 40,
                    gap: box && box.top - eqBox.bottom};
        })""", labels)
        for item in found:
            assert item["found"], item
            if item["label"] in FORMS:
                assert item["text"] == "checked against the code" and item["inside"] and item["below"], item
                targets.add(item["href"])
                marked += 1
            else:
                assert item["text"] is None, item
        if stem == "softmax":
            SHOTS = ROOT / "build" / "screenshots"
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.locator("#equation-eq-softmax").scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"equation-mark-{width}.png"))
    assert marked == sum(key.startswith("eq-") for key in FORMS)
    assert len(targets) == 1
    (target,) = targets
    assert target.endswith("/guarantees.html#equations-checked")
    response = page.goto(target)
    assert response.ok
    assert page.locator("#equations-checked h2").inner_text().startswith("Equations checked against the code")
    context.close()
