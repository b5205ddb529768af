# target-version: py312
"""Return annotations: -> None and literal return types."""
import abc
from typing import overload


def save(path, data) -> None:  # ruleid: TYP004
    with open(path, "w") as f:
        f.write(data)


def is_ready(job) -> bool:  # ruleid: TYP004
    if job:
        return True
    return False


def label(n) -> str:  # ruleid: TYP004
    if n > 1:
        return "many"
    return "one"


def code(ok) -> int:  # ruleid: TYP004
    if ok:
        return 0
    return -1


def bare(x) -> None:  # ruleid: TYP004
    if not x:
        return
    print(x)


def explicit_none(x) -> None:  # ruleid: TYP004
    return None


async def ping(host) -> None:  # ruleid: TYP004
    pass
    host.ping()


def numbers(n):  # ruleid: TYP004 nofix
    yield from range(n)


def mixed(x):  # ruleid: TYP004 nofix
    if x:
        return 1
    return "1"


def maybe(x):  # ruleid: TYP004 nofix
    if x:
        return True


def compute(x):  # ruleid: TYP004 nofix
    return x * 2


def stub(x):  # ruleid: TYP004 nofix
    """Not written yet."""
    raise NotImplementedError


def outer(x) -> None:  # ruleid: TYP004
    def inner(y):  # ok: TYP004
        return y
    inner(x)


class Shape(abc.ABC):
    def __init__(self, name):  # ok: TYP004
        self.name = name

    @abc.abstractmethod
    def area(self):  # ruleid: TYP004 nofix
        ...

    def describe(self) -> None:  # ruleid: TYP004
        print(self.name)

    def is_round(self):  # ruleid: TYP004
        return False

    def _private(self):  # ok: TYP004
        pass

    @overload
    def scale(self, k: int):  # ruleid: TYP004 nofix
        ...

    def scale(self, k):  # ruleid: TYP004 nofix
        return self


class _Hidden:
    def method(self):  # ok: TYP004
        pass


def annotated(x) -> int:  # ok: TYP004
    return x


def _helper():  # ok: TYP004
    pass


# this fixture lives under tests/: a test file, whose test functions are not asked for -> None by default
def test_groups():  # ok: TYP004
    assert annotated(1) == 1


class TestHidden:
    def test_method(self):  # ok: TYP004
        pass

    def helper(self):  # ruleid: TYP004 nofix
        pass
