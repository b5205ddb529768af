"""Fixture: __all__ changed after its assignment cannot be read, so names decide."""

__all__ = ["exported"]
__all__ += ["also_exported"]


def exported():  # ruleid: DOC003
    pass


def not_listed():  # ruleid: DOC003
    pass


def _private():  # ok: DOC003
    pass
