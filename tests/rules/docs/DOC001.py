# ruleid: DOC001
# This module has comments and code but no docstring: the finding is on line 1.
from __future__ import annotations

"""Not a module docstring: a statement comes before it."""

MESSAGE = "a string that says: module docstring"  # ok: DOC001


def documented():  # ok: DOC001
    """A function docstring is not the module's."""
    return MESSAGE
