"""Another CLI."""


def run() -> int:
    """Run."""
    return 1
