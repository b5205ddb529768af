"""Entry point."""
import app.deep.sub.mod
from app import core
from app.rel import a

from .helpers import fmt


def main():
    return fmt(core.run())
