# target-version: py310
"""Unused typing imports, after the upgrades left them behind."""
from typing import TYPE_CHECKING, Any, List, Optional  # ruleid: TYP003
from typing import Callable  # noqa: F401  # ok: TYP003
from typing import (  # noqa: F401  # ok: TYP003
    Hashable,
)
from typing import (
    Iterable,
    Sequence,
)
from typing import Protocol, TypeVar  # ok: TYP003

if TYPE_CHECKING:
    pass  # ruleid: TYP003

__all__ = ["Sequence"]

T = TypeVar("T")


class Reader(Protocol):
    def read(self) -> Any:
        ...


def first(items: Iterable[T]) -> "Optional[T]":
    for item in items:
        return item
    return None


def keys(d: dict[str, int]) -> list[str]:
    x = []  # type: List[str]
    x.extend(d)
    return x


# TYP001 leaves a class-body annotation to --unsafe-fixes: the import it still needs stays
from typing import Tuple  # ok: TYP003


class Point:
    xy: Tuple[int, int] = (0, 0)
