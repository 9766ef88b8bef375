"""Compare a claimed output with the recomputed value, at the precision the claim was printed with."""

import re
from typing import NamedTuple

import numpy as np

from ._ledger import load_ledger
from ._recompute import RECOMPUTATIONS
from ._tolerances import APPROX_TOLERANCE, FLOAT64_RTOL

__all__ = ["APPROX_TOLERANCE", "FLOAT64_RTOL", "CORRECT", "WRONG", "NO_CLAIM", "NOT_COVERED", "Verdict", "judge",
           "claimed_numbers", "verify_claims", "format_value"]

CORRECT, WRONG, NO_CLAIM, NOT_COVERED = "correct", "wrong", "no claim", "not yet covered"

# A printed number: optional sign, digits with an optional fractional part (``0.`` counts), optional exponent.
# Digits inside names such as ``torch.Size`` do not occur in the ledger's claims; labels like ``P(D|T+) =`` carry
# no digits either.
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class Verdict(NamedTuple):
    id: str
    chapter: str
    claimed: str
    recomputed_with: str
    true_value: str
    verdict: str
    cause: str


def claimed_numbers(claimed):
    """The numbers printed in `claimed`, each with half a unit in its last printed decimal place.

    ``"0.3333"`` gives ``[(0.3333, 5e-05)]``: any true value that rounds to 0.3333 at four decimals agrees.
    """
    numbers = []
    for match in _NUMBER.finditer(claimed):
        text = match.group()
        mantissa, _, exponent = text.lower().partition("e")
        decimals = len(mantissa.partition(".")[2])
        half_unit = 0.5 * 10.0 ** (int(exponent or 0) - decimals)
        numbers.append((float(text), half_unit))
    return numbers


def judge(claimed, true_value):
    """Return CORRECT or WRONG for a non-empty `claimed` string against the recomputed `true_value`."""
    approximate = claimed.lstrip().startswith("~")
    printed = claimed_numbers(claimed)
    truth = np.ravel(np.asarray(true_value, dtype=float))
    if len(printed) != truth.size:
        return WRONG
    for (value, half_unit), true in zip(printed, truth):
        allowed = APPROX_TOLERANCE if approximate else max(half_unit, FLOAT64_RTOL * abs(true))
        # A relative slack of a few ulps keeps a value exactly on the rounding boundary on the right side.
        if abs(value - true) > allowed + 4 * np.finfo(float).eps * max(abs(value), abs(true)):
            return WRONG
    return CORRECT


def format_value(value):
    """Print a recomputed value with ten significant digits: a number, or a (nested) list on one line."""
    def nested(item):
        if isinstance(item, list):
            return "[" + ", ".join(nested(element) for element in item) + "]"
        return f"{item:.10g}"

    return nested(np.asarray(value, dtype=float).tolist())


def verify_claims(ledger=None):
    """Recompute every claim of `ledger` (default: the packaged copy) and return one Verdict per claim."""
    ledger = load_ledger() if ledger is None else ledger
    verdicts = []
    for claim in ledger.claims:
        recomputation = RECOMPUTATIONS.get(claim.id)
        if recomputation is None:
            verdicts.append(Verdict(claim.id, claim.chapter, claim.claimed, "", "", NOT_COVERED, ""))
            continue
        true_value, details = recomputation.compute(claim.inputs)
        if not claim.claimed.strip():
            verdict, cause = NO_CLAIM, ""
        else:
            verdict = judge(claim.claimed, true_value)
            cause = recomputation.cause.format(**details) if verdict == WRONG else ""
        verdicts.append(Verdict(claim.id, claim.chapter, claim.claimed, recomputation.what,
                                format_value(true_value), verdict, cause))
    return verdicts
