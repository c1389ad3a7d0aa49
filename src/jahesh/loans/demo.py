"""Demo loan history (filled in below)."""


def seed_demo_loans(region, seed: int = 1) -> str:
    return "Demo loans: none yet"
