import typing
import typing as t
from typing import Dict, List
from typing import Deque as Q


# ruleid: TYP001
def group(rows: List[str]) -> int:
    return len(rows)


# ruleid: TYP001
counts: Dict[str, int] = {}
# ruleid: TYP001
pairs: typing.Tuple[int, int] = (1, 2)
# ruleid: TYP001
names: t.Set[str] = set()
# ruleid: TYP001
queue: Q[int]

# ok: TYP001
modern: list[int] = []
rows = [1, 2]
# ok: TYP001
first = rows[0]
