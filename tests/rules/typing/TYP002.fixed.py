# target-version: py310
"""PEP 604 fixture: Optional and Union in annotations."""
import typing
from typing import Callable, Dict, Optional, Union, cast
from typing import Optional as Opt


def find(key: str | None, default: int | str = 0) -> int | str | None:  # ruleid: TYP002
    return None


def call(cb: Callable[[int], str] | None, m: Dict[str, int] | None) -> None:  # ruleid: TYP002
    pass


def single(a: int, b: int | str, c: int | str) -> None:  # ruleid: TYP002
    pass


def spread(
    a: None | (  # ruleid: TYP002
        int
    ),
    b: (  # ruleid: TYP002
        int |  # the count
        str
    ),
) -> None:
    pass


class Node:
    parent: Optional["Node"] = None  # ruleid: TYP002 nofix
    children: Union["Node", None] = None  # ruleid: TYP002 nofix
    weight: Optional[float] = None  # ruleid: TYP002


MaybeInt = Optional[int]  # ruleid: TYP002 nofix
value = cast(Union[int, str], 3)  # ruleid: TYP002 nofix
renamed: Opt[int] = None  # ruleid: TYP002 nofix
quoted: "Optional[int]" = None  # ok: TYP002
already: int | None = None  # ok: TYP002
mapping: Dict[str, int] = {}  # ok: TYP002
