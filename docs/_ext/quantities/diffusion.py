"""Quantities stated in the prose of docs/chapters/diffusion.md (see the package docstring)."""
