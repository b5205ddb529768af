"""Only re-exports."""
from lib.a import thing

__all__ = ["thing"]
