#!/usr/bin/env python
"""TODO: Summarize the `DOC_fix` module."""

import os  # ok: DOC001


class Store:  # ruleid: DOC002
    """TODO: Summarize `Store`."""

    def get(self, key, default=None, *args, **kw):  # ruleid: DOC004
        """TODO: Summarize `get`.

        Args:
            key: TODO.
            default: TODO.
            *args: TODO.
            **kw: TODO.

        Returns:
            TODO.

        Raises:
            ValueError: TODO.
            LookupError: TODO.
        """
        if not key:
            raise ValueError("empty key")
        try:
            return os.environ[key]
        except KeyError:
            raise LookupError(key) from None

    def items(self):  # ruleid: DOC004
        """TODO: Summarize `items`.

        Yields:
            TODO.
        """
        for k in os.environ:
            yield k

    def _private(self):  # ok: DOC004
        pass


def helper(a: int, b: str = "x", *, c) -> None:  # ruleid: DOC003
    # a comment first
    """TODO: Summarize `helper`.

    Args:
        a: TODO.
        b: TODO.
        c: TODO.
    """
    def inner():  # ok: DOC003
        return 1
    print(a, b, c, inner())


def one_liner(x): return x  # ruleid: DOC003 nofix


class _Hidden:  # ok: DOC002
    pass
