from pkg import Thing, make


def test_thing():
    assert Thing() is not None
    assert make() == 1
