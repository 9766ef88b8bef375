"""Tests of mlequations.claims: the ledger copy, the comparison rules and every computed verdict."""

import math
import subprocess
import sys
import tomllib

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
    ("0.6931471805599453", math.log(2) + 1e-15, WRONG),
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
    "bayes-theorem": NOT_COVERED,
    "entropy-fair-coin": CORRECT,
    "entropy-biased-coin": WRONG,
    "naive-bayes-prediction": NOT_COVERED,
    "kl-divergence": NOT_COVERED,
    "cross-entropy": NOT_COVERED,
    "linear-transformation": NOT_COVERED,
    "eigendecomposition": NOT_COVERED,
    "singular-value-decomposition": NOT_COVERED,
    "gradient-descent": NOT_COVERED,
    "backpropagation": NOT_COVERED,
    "mean-squared-error": NOT_COVERED,
    "forward-diffusion": NO_CLAIM,
    "convolution-output-shape": CORRECT,
    "softmax": CORRECT,
    "scaled-dot-product-attention": NOT_COVERED,
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


def test_command_line_table():
    result = subprocess.run([sys.executable, "-m", "mlequations.claims"], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "claimed", "recomputed_with", "true_value", "verdict", "cause"]
    assert len(lines) == 1 + len(PINNED_VERDICTS)
    assert any(line.startswith("entropy-biased-coin") and " wrong " in line for line in lines)
