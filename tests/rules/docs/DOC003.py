"""Fixture for DOC003: public functions without a docstring."""
import functools
import sys
from typing import overload


def undocumented():  # ruleid: DOC003
    return 1


def documented():  # ok: DOC003
    """Has one."""
    return 1


async def fetch(url):  # ruleid: DOC003
    return url


async def fetch_documented(url):  # ok: DOC003
    """Has one."""
    return url


def comment_first():  # ok: DOC003
    # the comment is a sibling of the body in the syntax tree
    """Still the docstring."""


def one_liner(): return 1  # ruleid: DOC003


def one_liner_doc(): "Docstring on the header line."  # ok: DOC003


def _private():  # ok: DOC003
    pass


def __getattr__(name):  # ok: DOC003
    raise AttributeError(name)


@functools.lru_cache(maxsize=None)
def cached(n):  # ruleid: DOC003
    return n


@overload
def convert(x: int) -> int: ...  # ok: DOC003


@overload
def convert(x: str) -> str: ...  # ok: DOC003


def convert(x):  # ok: DOC003
    """Implementation carries the docstring."""
    return x


def late_string():  # ruleid: DOC003
    value = 1
    """Not a docstring: an assignment comes first."""
    return value


def outer():
    """Nested functions are not public."""

    def inner():  # ok: DOC003
        pass

    async def ainner():  # ok: DOC003
        pass

    return inner, ainner


def blank_doc():  # ok: DOC003
    """"""


if sys.platform == "win32":
    def platform_helper():  # ruleid: DOC003
        pass
else:
    def platform_helper():  # ruleid: DOC003
        pass

handler = lambda event: event  # ok: DOC003
CODE = "def not_a_function():  # ok: DOC003"
# def in_a_comment():  # ok: DOC003


class Holder:
    """Methods are DOC004, not DOC003."""

    def method(self):  # ok: DOC003
        pass
