from app.only_tested import f
from app.planner_v5 import Engine


def test_f():
    assert f() == 2
