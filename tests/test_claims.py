"""Tests of mlequations.claims: the ledger copy, the comparison rules and every computed verdict."""

import math
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
import scipy.special
import scipy.stats

from mlequations import claims
from mlequations.claims import CORRECT, NO_CLAIM, NOT_COVERED, WRONG

from .conftest import ROOT

SHARED_LEDGER = ROOT.parent / "shared" / "guide-claims.toml"


# -- the project's copy of the ledger --------------------------------------------------------------------------

@pytest.mark.skipif(not SHARED_LEDGER.exists(), reason="the team's ledger ../shared/guide-claims.toml is not beside "
                                                        "this checkout; the packaged copy is used alone")
def test_ledger_copy_matches_the_shared_ledger():
    shared = tomllib.loads(SHARED_LEDGER.read_text(encoding="utf-8"))
    ours = claims.load_ledger()
    assert ours.source == shared["source"]
    assert [c.id for c in ours.claims] == [c["id"] for c in shared["claim"]]
    for claim, theirs in zip(ours.claims, shared["claim"]):
        for field in claims.Claim._fields:
            assert getattr(claim, field) == theirs[field], (claim.id, field)


def test_ledger_ids_are_unique_and_every_recomputation_has_a_claim():
    ids = [c.id for c in claims.load_ledger().claims]
    assert len(ids) == len(set(ids)) == 16
    assert set(claims.RECOMPUTATIONS) <= set(ids)


# -- the comparison rules ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("claimed, true_value, verdict", [
    ("0.3333", 1 / 3, CORRECT),                      # right at the precision printed
    ("P(D|T+) = 0.3333", 1 / 3, CORRECT),            # a label around the number
    ("0.333", 0.3336, WRONG),                        # rounds to 0.334
    ("0.3335", 0.33345, CORRECT),                    # exactly half a unit away still rounds to it
    ("0.6931471805599453", math.log(2), CORRECT),
    ("0.6931471805599453", math.log(2) + 1e-15, CORRECT),  # float64 rounding: within a relative 1e-13
    ("0.6931471805599453", math.log(2) + 1e-12, WRONG),
    ("0.08228287850505156", 0.08228287850505178, CORRECT),  # the KL claim: the last digits are rounding
    ("[4 7]", [4.0, 8.0], WRONG),
    ("[4 8]", [4.0, 8.0], CORRECT),
    ("torch.Size([1, 1, 26, 26])", [1, 1, 26, 26], CORRECT),
    ("[0.09003057 0.24472847 0.66524096]", [0.09003057, 0.24472847, 0.66524096], CORRECT),
    ("~[0., 1.]", [0.04, 0.97], CORRECT),            # approximate: within 0.05 of each component
    ("~[0., 1.]", [0.06, 1.0], WRONG),
    ("~[0., 1.]", [0.0, 1.0, 0.0], WRONG),           # a different number of components
    ("MSE: 0.01", 0.02, WRONG),
    ("1e-3", 0.0012, CORRECT),                       # one significant digit: 1.2e-3 rounds to 1e-3
    ("1e-3", 0.0016, WRONG),
    ("1.5e-3", 0.00152, CORRECT),
])
def test_judge(claimed, true_value, verdict):
    assert claims.judge(claimed, true_value) == verdict


def test_claimed_numbers_carry_their_printed_precision():
    assert claims.claimed_numbers("0.3333") == [(0.3333, pytest.approx(5e-5))]
    assert claims.claimed_numbers("~[0., 1.]") == [(0.0, 0.5), (1.0, 0.5)]
    assert claims.claimed_numbers("P(D|T+) = 0.3333")[0][0] == 0.3333


# -- every verdict, pinned ----------------------------------------------------------------------------------------

PINNED_VERDICTS = {
    "bayes-theorem": CORRECT,
    "entropy-fair-coin": CORRECT,
    "entropy-biased-coin": WRONG,
    "naive-bayes-prediction": WRONG,
    "kl-divergence": CORRECT,
    "cross-entropy": WRONG,
    "linear-transformation": WRONG,
    "eigendecomposition": NO_CLAIM,
    "singular-value-decomposition": NO_CLAIM,
    "gradient-descent": WRONG,
    "backpropagation": NO_CLAIM,
    "mean-squared-error": WRONG,
    "forward-diffusion": NO_CLAIM,
    "convolution-output-shape": CORRECT,
    "softmax": CORRECT,
    "scaled-dot-product-attention": NO_CLAIM,
}


def test_every_verdict_is_pinned():
    verdicts = {v.id: v.verdict for v in claims.verify_claims()}
    assert verdicts == PINNED_VERDICTS


def test_entropy_true_values_agree_with_scipy():
    by_id = {v.id: v for v in claims.verify_claims()}
    assert float(by_id["entropy-fair-coin"].true_value) == pytest.approx(scipy.stats.entropy([0.5, 0.5]), rel=1e-9)
    assert float(by_id["entropy-biased-coin"].true_value) == pytest.approx(scipy.stats.entropy([0.9, 0.1]), rel=1e-9)


def test_softmax_true_value_agrees_with_scipy():
    true_value = {v.id: v.true_value for v in claims.verify_claims()}["softmax"]
    expected = claims.format_value(scipy.special.softmax([1.0, 2.0, 3.0]))
    assert true_value == expected


def test_probability_chapter_true_values_agree_with_independent_references():
    import sklearn.naive_bayes
    from scipy.special import rel_entr, xlogy

    by_id = {v.id: v for v in claims.verify_claims()}
    # Bayes by hand, with the evidence from the law of total probability.
    prior, sensitivity, fpr = 0.01, 0.99, 0.02
    expected = sensitivity * prior / (sensitivity * prior + fpr * (1 - prior))
    assert float(by_id["bayes-theorem"].true_value) == pytest.approx(expected, rel=1e-9)
    # scikit-learn on the guide's four points predicts class 0 at the tie, with equal posteriors.
    model = sklearn.naive_bayes.GaussianNB().fit([[1, 2], [2, 3], [3, 4], [4, 5]], [0, 0, 1, 1])
    assert by_id["naive-bayes-prediction"].true_value == claims.format_value(model.predict([[2.5, 3.5]]))
    jll = model.predict_joint_log_proba([[2.5, 3.5]])[0]
    assert jll[0] == jll[1]  # an exact tie, not a near one
    assert float(by_id["kl-divergence"].true_value) == pytest.approx(rel_entr([0.7, 0.3], [0.5, 0.5]).sum(),
                                                                      rel=1e-9)
    y, y_hat = np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.1, 0.8])
    bce = -np.mean(xlogy(y, y_hat) + xlogy(1 - y, 1 - y_hat))
    assert float(by_id["cross-entropy"].true_value) == pytest.approx(bce, rel=1e-9)


def test_the_kl_claim_differs_from_the_exact_value_only_by_float64_rounding():
    import mpmath

    with mpmath.workdps(40):
        exact = sum(mpmath.mpf(p) * mpmath.log(mpmath.mpf(p) / mpmath.mpf(q)) for p, q in [(0.7, 0.5), (0.3, 0.5)])
    claimed = float(next(c for c in claims.load_ledger().claims if c.id == "kl-divergence").claimed)
    # Off by about one unit in the 16th significant digit: more than half a unit of the last printed digit,
    # less than the float64 precision that the judging rule allows.
    assert 0.5e-17 < abs(claimed - float(exact)) < claims.FLOAT64_RTOL * float(exact)
    assert claims.judge(str(claimed), float(exact)) == CORRECT


def test_mean_squared_error_true_value_agrees_with_scikit_learn():
    import sklearn.metrics

    verdict = {v.id: v for v in claims.verify_claims()}["mean-squared-error"]
    expected = sklearn.metrics.mean_squared_error([1, 2, 3], [1.1, 1.9, 3.2])
    assert float(verdict.true_value) == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(0.06 / 3, rel=1e-12)  # (0.01 + 0.01 + 0.04) / 3, by hand
    assert "[0.01, 0.01, 0.04]" in verdict.cause


def test_attention_true_value_agrees_with_torch_and_the_closed_form():
    import torch

    true_value = {v.id: v.true_value for v in claims.verify_claims()}["scaled-dot-product-attention"]
    Q, K, V = (torch.tensor(m, dtype=torch.float64) for m in ([[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [1.0, 0.0]],
                                                               [[0.0, 1.0], [1.0, 0.0]]))
    expected = torch.nn.functional.scaled_dot_product_attention(Q, K, V).numpy()
    assert true_value == claims.format_value(expected)
    # By hand: the first query scores both keys 1/sqrt(2), so it averages V; the second scores them 1/sqrt(2)
    # and 0, so it weights the first value row by the logistic function of 1/sqrt(2).
    w = 1 / (1 + math.exp(-1 / math.sqrt(2)))
    np.testing.assert_allclose(expected, [[0.5, 0.5], [1 - w, w]], rtol=1e-15)


def test_gradient_descent_true_value_agrees_with_the_closed_form_iteration():
    # On a quadratic, theta_k = theta* + (I - lr H)^k (theta_0 - theta*), with theta* from NumPy's lstsq.
    X, y = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]), np.array([1.0, 2.0, 3.0])
    optimum = np.linalg.lstsq(X, y, rcond=None)[0]
    hessian = X.T @ X / 3
    theta = optimum + np.linalg.matrix_power(np.eye(2) - 0.01 * hessian, 1000) @ (np.zeros(2) - optimum)
    verdict = {v.id: v for v in claims.verify_claims()}["gradient-descent"]
    assert verdict.true_value == claims.format_value(theta)
    # The epochs the claim needs: iterate the error e_k = (I - lr H)^k e_0 directly, and find the last epoch
    # at which a component is more than 0.05 from the optimum.
    def epochs_needed(learning_rate):
        error, step, last_outside = -optimum, np.eye(2) - learning_rate * hessian, 0
        for k in range(1, 5000):
            error = step @ error
            if np.max(np.abs(error)) > 0.05:
                last_outside = k
        return last_outside + 1

    condition = np.linalg.cond(X.T @ X)
    assert "condition number of X^T X" in verdict.cause and f"kappa = {condition:.1f}" in verdict.cause
    assert f"from epoch {epochs_needed(0.01)} on" in verdict.cause
    # The learning rate is the main cause: the stable rates end at 2 / lambda_max, 36 times the guide's, and the
    # best fixed rate 2 / (lambda_min + lambda_max) converges in a small fraction of those epochs.
    low, high = np.linalg.eigvalsh(hessian)
    assert f"2/lambda_max = {2 / high:.4f}" in verdict.cause and f"is {2 / high / 0.01:.0f} times 0.01" in verdict.cause
    assert f"needs {epochs_needed(2 / (low + high))} epochs" in verdict.cause


def test_backpropagation_true_value_agrees_with_torch():
    import torch  # installed with the test extras; imported here to keep the other tests light
    X = torch.tensor([[0.0, 0.0], [1.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([[0.0], [1.0]], dtype=torch.float64)
    model = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Sigmoid()).double()
    torch.nn.init.zeros_(model[0].weight)
    torch.nn.init.zeros_(model[0].bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    before = torch.nn.functional.mse_loss(model(X), y)
    optimizer.zero_grad()
    before.backward()
    optimizer.step()
    after = torch.nn.functional.mse_loss(model(X), y)
    true_value = {v.id: v.true_value for v in claims.verify_claims()}["backpropagation"]
    assert true_value == claims.format_value(np.array([before.item(), after.item()]))


def test_forward_diffusion_true_value_is_the_gaussian_mean_and_std():
    true_value = {v.id: v.true_value for v in claims.verify_claims()}["forward-diffusion"]
    assert true_value == claims.format_value([math.sqrt(0.9), math.sqrt(0.1)])
    # Independently: the sample mean and standard deviation of a million seeded draws of the guide's formula.
    eps = np.random.default_rng(20261124).standard_normal(1_000_000)
    draws = math.sqrt(0.9) * 1.0 + math.sqrt(1 - 0.9) * eps
    assert draws.mean() == pytest.approx(math.sqrt(0.9), abs=2e-3)  # 6 standard errors of 0.316 / 1000
    assert draws.std() == pytest.approx(math.sqrt(0.1), rel=5e-3)


def test_convolution_output_shape_agrees_with_torch():
    import torch

    true_value = {v.id: v.true_value for v in claims.verify_claims()}["convolution-output-shape"]
    layer = torch.nn.Conv2d(1, 1, kernel_size=3)
    with torch.no_grad():
        shape = layer(torch.zeros(1, 1, 28, 28)).shape
    assert true_value == "[" + ", ".join(str(n) for n in shape) + "]" == "[1, 1, 26, 26]"


def test_a_wrong_output_shape_would_be_judged_wrong_with_its_cause():
    ledger = claims.load_ledger()
    padded = [c._replace(claimed="torch.Size([1, 1, 28, 28])") if c.id == "convolution-output-shape" else c
              for c in ledger.claims]
    verdict = {v.id: v for v in claims.verify_claims(ledger._replace(claims=padded))}["convolution-output-shape"]
    assert verdict.verdict == WRONG and "[26, 26]" in verdict.cause


def test_a_wrong_claim_has_a_cause_and_the_others_none():
    for verdict in claims.verify_claims():
        assert bool(verdict.cause) == (verdict.verdict == WRONG), verdict.id
        assert bool(verdict.true_value) == (verdict.verdict != NOT_COVERED), verdict.id


def test_the_biased_coin_cause_quotes_the_value_in_bits():
    cause = {v.id: v.cause for v in claims.verify_claims()}["entropy-biased-coin"]
    assert f"{scipy.stats.entropy([0.9, 0.1], base=2):.10f}" in cause


def test_a_changed_claim_changes_its_verdict():
    ledger = claims.load_ledger()
    fixed = [c._replace(claimed=f"{scipy.stats.entropy([0.9, 0.1]):.4f}") if c.id == "entropy-biased-coin" else c
             for c in ledger.claims]
    verdicts = {v.id: v.verdict for v in claims.verify_claims(ledger._replace(claims=fixed))}
    assert verdicts["entropy-biased-coin"] == CORRECT


def test_a_claim_with_no_output_is_no_claim():
    ledger = claims.load_ledger()
    silent = [c._replace(claimed="") if c.id == "entropy-fair-coin" else c for c in ledger.claims]
    verdict = {v.id: v for v in claims.verify_claims(ledger._replace(claims=silent))}["entropy-fair-coin"]
    assert verdict.verdict == NO_CLAIM and verdict.true_value


def test_format_value():
    assert claims.format_value(1 / 3) == "0.3333333333"
    assert claims.format_value(np.array([4.0, 8.0])) == "[4, 8]"
    assert claims.format_value([[0.5, 1 / 3], [2.0, -1e-20]]) == "[[0.5, 0.3333333333], [2, -1e-20]]"


def test_command_line_table():
    result = subprocess.run([sys.executable, "-m", "mlequations.claims"], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "claimed", "recomputed_with", "true_value", "verdict", "cause"]
    assert len(lines) == 1 + len(PINNED_VERDICTS)
    assert any(line.startswith("entropy-biased-coin") and " wrong " in line for line in lines)


def test_linear_algebra_true_values_agree_with_numpy():
    ledger = {c.id: c.inputs for c in claims.load_ledger().claims}
    by_id = {v.id: v for v in claims.verify_claims()}
    lt = ledger["linear-transformation"]
    expected = np.array(lt["A"]) @ np.array(lt["x"]) + np.array(lt["b"])  # integer arithmetic, exact
    assert by_id["linear-transformation"].true_value == claims.format_value(expected.astype(float)) == "[4, 8]"
    eigenvalues = np.sort(np.linalg.eigvals(np.array(ledger["eigendecomposition"]["A"], dtype=float)).real)[::-1]
    assert by_id["eigendecomposition"].true_value == claims.format_value(eigenvalues)
    singular_values = np.linalg.svd(np.array(ledger["singular-value-decomposition"]["A"], dtype=float),
                                    compute_uv=False)
    assert by_id["singular-value-decomposition"].true_value == claims.format_value(singular_values)
    # The singular values of the 3 x 2 matrix are the square roots of the eigenvalues of
    # A^T A = [[35, 44], [44, 56]]: (91 +- sqrt(91^2 - 4 * 24)) / 2.
    closed_form = np.sqrt([(91 + math.sqrt(8185)) / 2, (91 - math.sqrt(8185)) / 2])
    np.testing.assert_allclose(singular_values, closed_form, rtol=1e-12)


def test_the_linear_transformation_cause_names_the_missing_bias():
    cause = {v.id: v.cause for v in claims.verify_claims()}["linear-transformation"]
    assert "[4, 7]" in cause and "bias" in cause


def test_the_claims_modules_import_each_other_without_a_cycle():
    """Each module of mlequations.claims may import the ones before it, never one that imports it back."""
    import ast

    package = Path(claims.__file__).parent
    imports = {}
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports[path.stem] = {node.module.lstrip(".").split(".")[0] for node in ast.walk(tree)
                              if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}

    def reaches(start, target, seen=()):
        return any(n == target or (n not in seen and reaches(n, target, seen + (n,))) for n in imports.get(start, ()))

    assert not [m for m in imports if reaches(m, m)], imports
