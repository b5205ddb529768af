"""The guard CLI."""


def run() -> str:
    """Name it."""
    return "guard"
