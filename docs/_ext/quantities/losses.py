"""Quantities stated in the prose of docs/chapters/losses.md (see the package docstring)."""
