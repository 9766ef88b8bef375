"""Quantities stated in the prose of docs/chapters/attention.md (see the package docstring)."""
