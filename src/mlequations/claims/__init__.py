"""The guide's claims, recomputed.

The package keeps its own copy of the guide's worked examples and the outputs they claim (``ledger.toml``).
`verify_claims` recomputes each covered claim with the package's functions and compares, at the precision the
claim was printed with; ``python -m mlequations.claims`` prints the table that the errata page renders.
"""

from ._ledger import LEDGER_RESOURCE, Claim, Ledger, load_ledger
from ._recompute import RECOMPUTATIONS, Recomputation
from ._verdict import (
    APPROX_TOLERANCE,
    FLOAT64_RTOL,
    CORRECT,
    NO_CLAIM,
    NOT_COVERED,
    WRONG,
    Verdict,
    claimed_numbers,
    format_value,
    judge,
    verify_claims,
)

__all__ = [
    "APPROX_TOLERANCE", "FLOAT64_RTOL", "CORRECT", "NO_CLAIM", "NOT_COVERED", "WRONG",
    "Claim", "LEDGER_RESOURCE", "Ledger", "RECOMPUTATIONS", "Recomputation", "Verdict",
    "claimed_numbers", "format_value", "judge", "load_ledger", "verify_claims",
]
