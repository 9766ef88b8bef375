"""Print the claims table: ``python -m mlequations.claims``."""

from . import verify_claims

COLUMNS = ("id", "claimed", "recomputed_with", "true_value", "verdict", "cause")


def main():
    rows = [[getattr(v, column) for column in COLUMNS] for v in verify_claims()]
    widths = [max(len(str(cell)) for cell in column) for column in zip(COLUMNS, *rows)]
    for row in [COLUMNS, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
