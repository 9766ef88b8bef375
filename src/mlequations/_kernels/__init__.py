"""The package's fast paths, one module per subject, kept apart from the equations they speed up.

Each kernel computes what an equation function of its subject computes, on input that the public function has
already checked, and says in its docstring what it speeds up and by how much (measured by ``make bench``). The
tests hold each kernel to its equation function within a stated number of units in the last place.
"""
