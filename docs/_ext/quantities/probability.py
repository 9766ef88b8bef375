"""Quantities stated in the prose of docs/chapters/probability.md (see the package docstring)."""
