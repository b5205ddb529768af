# target-version: py39
"""PEP 585 fixture: typing aliases of builtins and collections classes."""
import collections
import typing
import typing as t
from typing import Deque, Dict, FrozenSet, List, Set, Tuple, Type
from typing import List as L


def group(rows: List[str]) -> Dict[str, List[str]]:  # ruleid: TYP001
    out: Dict[str, List[str]] = {}  # ruleid: TYP001
    return out


def pair(a: typing.Tuple[int, int], b: typing.Dict[str, typing.Set[int]]) -> None:  # ruleid: TYP001
    pass


def kinds(k: Type[Exception], s: FrozenSet[int]) -> Tuple[int, ...]:  # ruleid: TYP001
    return ()


Rows = List[Tuple[str, int]]  # ruleid: TYP001
multi: Dict[  # ruleid: TYP001
    str,
    List[int],  # ruleid: TYP001
] = {}
aliased: L[int] = []  # ruleid: TYP001 nofix
module_alias: t.List[int] = []  # ruleid: TYP001 nofix
queue: Deque[int] = collections.deque()  # ruleid: TYP001 nofix
is_list = isinstance([], typing.List)  # ruleid: TYP001
quoted: "List[int]" = []  # ok: TYP001
plain = [1, 2, 3][0]  # ok: TYP001
builtin: list[int] = []  # ok: TYP001
counter: collections.Counter[str] = collections.Counter()  # ok: TYP001


def shadowed():
    List = {"a": 1}
    return List["a"]  # ok: TYP001
