"""One real test and stubs."""
import sys
import unittest

import pytest

from pkg import real


def test_double() -> None:
    assert real.double(2) == 4


@pytest.mark.skipif(sys.platform == "win32", reason="a condition: not a stub")
def test_posix() -> None:
    assert real.double(0) == 0


class TestReal(unittest.TestCase):
    def test_later(self) -> None:
        self.skipTest("to be written")

    def test_raise(self) -> None:
        raise unittest.SkipTest("to be written")
