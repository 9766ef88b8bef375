"""Quantities stated in the prose of docs/chapters/linear_algebra.md (see the package docstring)."""
