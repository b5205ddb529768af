import typing
from typing import Optional, Union


# ruleid: TYP002
def find(key: str) -> int | None:
    return None


# ruleid: TYP002
value: str | None = None
# ruleid: TYP002
either: Union[int, str] = 1
# ruleid: TYP002
cache: dict[str, int] | None = None

# ok: TYP002
modern: int | None = None
