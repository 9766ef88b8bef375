"""Quantities stated in the prose of docs/chapters/convolution.md (see the package docstring)."""
