"""The CLI."""


def main() -> int:
    """Run."""
    return 0
