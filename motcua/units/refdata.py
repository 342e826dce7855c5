"""Reference data loader (filled in by the units work)."""


def load() -> str:
    return "nothing yet"
