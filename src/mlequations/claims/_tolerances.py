"""How close a recomputed value must be for a claim to count as correct: read by the verdicts, and by the
recomputations that report how many steps an iteration needs to come that close."""

#: A claim marked ``~`` is correct when every printed component is within this distance of the true value.
APPROX_TOLERANCE = 0.05

#: A float64 result printed in full (16 or 17 significant digits) carries rounding error in its last digits,
#: and two correct formulas differ there. Digits beyond this relative precision are not held against a claim.
FLOAT64_RTOL = 1e-13
