"""A store."""


def get(key: str) -> str:
    """Get."""
    return key
