"""Read the project's copy of the guide's claims (``ledger.toml``, shipped as package data)."""

import tomllib
from importlib import resources
from typing import NamedTuple

__all__ = ["Claim", "Ledger", "load_ledger", "LEDGER_RESOURCE"]

LEDGER_RESOURCE = resources.files(__package__) / "ledger.toml"


class Claim(NamedTuple):
    """One worked example of the guide, as the guide states it."""

    id: str
    chapter: str
    equation: str
    inputs: dict
    claimed: str


class Ledger(NamedTuple):
    """The guide that makes the claims (title, address, dates) and its claims, in the guide's order."""

    source: dict
    claims: list


def load_ledger(text=None):
    """Parse the ledger; `text` defaults to the copy shipped with the package."""
    if text is None:
        text = LEDGER_RESOURCE.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    claims = [Claim(**{field: entry[field] for field in Claim._fields}) for entry in data["claim"]]
    return Ledger(source=data["source"], claims=claims)
