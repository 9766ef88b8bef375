"""Quantities stated in the prose of docs/chapters/optimization.md (see the package docstring)."""
