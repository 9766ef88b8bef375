"""Shared test configuration: hypothesis profiles and paths."""

import os
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# `make test` runs a derandomised profile, so a property test gives the same verdict on every run; the example
# database is not written into the repository.
settings.register_profile("default", derandomize=True, max_examples=100, deadline=None, database=None)
# `make test-deep` selects a deeper profile: at least 200 examples per property and no deadline, still
# derandomised (so its verdict repeats too) and without an example database.
settings.register_profile("deep", derandomize=True, max_examples=250, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
