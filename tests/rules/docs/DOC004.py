"""Fixture for DOC004: public methods without a docstring."""
from typing import overload


class Service:
    """A public class."""

    def run(self):  # ruleid: DOC004
        pass

    def documented(self):  # ok: DOC004
        """Has one."""

    def comment_first(self):  # ok: DOC004
        # a comment before the docstring
        """Still the docstring."""

    def _helper(self):  # ok: DOC004
        pass

    def __mangled(self):  # ok: DOC004
        pass

    def __init__(self):  # ok: DOC004
        self._name = ""

    def __repr__(self):  # ok: DOC004
        return "Service()"

    def __call__(self):  # ok: DOC004
        return self.run()

    def __new__(cls):  # ok: DOC004
        return super().__new__(cls)

    @property
    def name(self):  # ruleid: DOC004
        return self._name

    @name.setter
    def name(self, value):  # ok: DOC004
        self._name = value

    @name.deleter
    def name(self):  # ok: DOC004
        self._name = ""

    @staticmethod
    def make():  # ruleid: DOC004
        return Service()

    @classmethod
    def create(cls):  # ruleid: DOC004
        return cls()

    async def fetch(self):  # ruleid: DOC004
        return None

    def one_liner(self): return 1  # ruleid: DOC004

    @overload
    def get(self, key: int) -> int: ...  # ok: DOC004

    @overload
    def get(self, key: str) -> str: ...  # ok: DOC004

    def get(self, key):  # ok: DOC004
        """Look a key up."""
        return key

    def with_nested(self):  # ruleid: DOC004
        def nested():  # ok: DOC004
            pass

        return nested

    if True:
        def conditional(self):  # ruleid: DOC004
            pass

    class Options:
        """A public nested class: its methods are public."""

        def merge(self, other):  # ruleid: DOC004
            return other

    class _Hidden:
        def merge(self, other):  # ok: DOC004
            return other


class _Private:
    def run(self):  # ok: DOC004
        pass


class Bare:
    def run(self):  # ruleid: DOC004
        pass


def factory():
    """Classes in functions are not public, nor are their methods."""

    class Local:
        def run(self):  # ok: DOC004
            pass

    return Local


def run():  # ok: DOC004
    """A function, not a method."""
