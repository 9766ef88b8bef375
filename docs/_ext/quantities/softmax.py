"""Quantities stated in the prose of docs/chapters/softmax.md (see the package docstring)."""
