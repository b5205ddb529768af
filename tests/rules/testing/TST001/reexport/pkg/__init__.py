"""A package that re-exports what its modules define."""
from .core import Thing
from .api import make
from .extras import *  # noqa: F403

__all__ = ["Thing", "make"]
