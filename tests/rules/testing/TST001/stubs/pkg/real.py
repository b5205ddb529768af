"""Real."""


def double(x: int) -> int:
    """Double."""
    return 2 * x
