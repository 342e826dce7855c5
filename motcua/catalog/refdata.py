"""Reference data loader (filled in by the catalog work)."""


def load() -> str:
    return "nothing yet"
