import typing
from typing import Optional, Union


# ruleid: TYP002
def find(key: str) -> Optional[int]:
    return None


# ruleid: TYP002
value: typing.Optional[str] = None
# ruleid: TYP002
either: Union[int, str] = 1
# ruleid: TYP002
cache: Optional[dict[str, int]] = None

# ok: TYP002
modern: int | None = None
