"""Demo accounts (filled in by the accounts work)."""


def load() -> str:
    return "no demo accounts yet"
