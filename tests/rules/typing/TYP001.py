# target-version: py39
"""PEP 585 fixture: typing aliases of builtins and collections classes."""
import collections
import typing
import typing as t
from typing import Deque, Dict, FrozenSet, List, Set, Tuple, Type, cast, get_type_hints
from typing import List as L
from typing import Iterable, Mapping  # ruleid: TYP001
from typing import Sized  # ruleid: TYP001


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
# runtime expressions: List[int] is not list[int], so these fixes are unsafe
assert List[int] is List[int]  # ruleid: TYP001
same_hint = typing.List[int] == get_type_hints(group)["rows"]  # ruleid: TYP001
as_list = cast(List[int], [])  # ruleid: TYP001


def with_default(kind=Dict[str, int]) -> None:  # ruleid: TYP001
    pass


quoted: "List[int]" = []  # ok: TYP001
plain = [1, 2, 3][0]  # ok: TYP001
builtin: list[int] = []  # ok: TYP001
counter: collections.Counter[str] = collections.Counter()  # ok: TYP001


def shadowed():
    List = {"a": 1}
    return List["a"]  # ok: TYP001


# the collections.abc moves: safe when every use is an annotation, unsafe with a runtime use
def walk(items: Iterable[int], index: Mapping[str, int]) -> None:  # ok: TYP001
    pass


has_len = isinstance([], Sized)  # ok: TYP001


# class-body annotations are evaluated when the class is created (attrs, dataclasses store them): unsafe there
from typing import Collection  # ruleid: TYP001


class Record:
    names: List[str] = []  # ruleid: TYP001
    index: typing.Dict[str, int]  # ruleid: TYP001
    tags: Collection[str] = ()  # ok: TYP001
    if True:
        extra: Set[int] = set()  # ruleid: TYP001

    def method(self, rows: List[str]) -> Tuple[int, int]:  # ruleid: TYP001
        seen: Set[str] = set()  # ruleid: TYP001
        return (0, 0)
