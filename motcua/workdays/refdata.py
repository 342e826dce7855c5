"""Reference data loader (filled in by the workdays work)."""


def load() -> str:
    return "nothing yet"
