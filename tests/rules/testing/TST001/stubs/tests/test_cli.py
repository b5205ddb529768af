"""Tests of other.cli (a test_cli.py, but not pkg/cli.py's)."""
from other.cli import run


def test_run() -> None:
    assert run() == 1
