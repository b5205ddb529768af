"""Fixture for DOC002: public classes without a docstring."""
import dataclasses
import sys
from typing import TYPE_CHECKING


class Undocumented:  # ruleid: DOC002
    x = 1


class Documented:  # ok: DOC002
    """Has one."""


class CommentFirst:  # ok: DOC002
    # a comment between the header and the docstring
    """Still the docstring."""


class OneLiner: """Docstring on the header line."""  # ok: DOC002


class Bare: pass  # ruleid: DOC002


class _Private:  # ok: DOC002
    pass


@dataclasses.dataclass
class Point:  # ruleid: DOC002
    x: int = 0


class LateString:  # ruleid: DOC002
    value = 1
    """Not a docstring: an assignment comes first."""


class Outer:
    """Documented outer class."""

    class Inner:  # ok: DOC002
        pass


def factory():
    """Classes made inside a function are not public."""

    class Local:  # ok: DOC002
        pass

    return Local


if TYPE_CHECKING or sys.version_info >= (3, 8):
    class Conditional:  # ruleid: DOC002
        pass
else:
    class Fallback:  # ruleid: DOC002
        pass

try:
    class Guarded(Exception):  # ruleid: DOC002
        pass
except NameError:
    pass

TEMPLATE = """
class NotAClass:  # ok: DOC002
    pass
"""
# class InAComment:  # ok: DOC002
