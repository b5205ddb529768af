"""Store tests."""
from minictl import store


def test_keys_and_summary():
    conn = store.connect(":memory:")
    conn.execute("INSERT INTO kv VALUES ('b', 2), ('a', 1)")
    assert store.keys(conn) == ["a", "b"]
    assert store.summary({"a": 1}) == "1 values"
