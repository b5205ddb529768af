"""Tests of guard's cli: named test_cli.py, not minictl/cli.py's test."""
from guard.cli import run


def test_run():
    assert run() == "guard"
