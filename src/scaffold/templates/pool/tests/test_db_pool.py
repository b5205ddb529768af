"""Tests for __PACKAGE__.db_pool: basic use, many threads, timeout, close, retry."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from __PACKAGE__.db_pool import (
    ConnectionPool,
    PoolClosedError,
    PoolTimeoutError,
    close_all,
    execute_with_retry,
    get_pool,
    get_pool_stats,
    retry_on_locked,
)


@pytest.fixture(autouse=True)
def _no_shared_pools() -> Iterator[None]:
    """Start and end every test with an empty pool registry."""
    close_all()
    yield
    close_all()


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    """Return a database file with a small table in it."""
    path = tmp_path / "test.db"
    with ConnectionPool(path, pool_size=1) as pool, pool.connection() as conn:
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        conn.executemany("INSERT INTO items (name) VALUES (?)", [("a",), ("b",), ("c",)])
    return path


def test_query_returns_rows_by_name(db_path: Path) -> None:
    """Rows come back as sqlite3.Row, readable by column name."""
    pool = get_pool(db_path)
    with pool.connection() as conn:
        rows = conn.execute("SELECT id, name FROM items ORDER BY id").fetchall()
    assert [row["name"] for row in rows] == ["a", "b", "c"]
    assert isinstance(rows[0], sqlite3.Row)


def test_connections_use_wal_and_pragmas(db_path: Path) -> None:
    """Every pooled connection runs in WAL mode with foreign keys on."""
    with ConnectionPool(db_path, pool_size=2) as pool, pool.connection() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_connection_is_reused(db_path: Path) -> None:
    """Sequential checkouts get the same connection back instead of a new one."""
    with ConnectionPool(db_path, pool_size=3) as pool:
        with pool.connection() as first:
            pass
        with pool.connection() as second:
            pass
        assert first is second
        assert pool.stats().created == 1
        assert pool.stats().checkouts == 2


def test_leaving_the_block_commits(db_path: Path) -> None:
    """A transaction left open at the end of the block is committed."""
    pool = get_pool(db_path)
    with pool.connection() as conn:
        conn.execute("INSERT INTO items (name) VALUES ('d')")
    with pool.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 4


def test_error_rolls_back_and_returns_the_connection(db_path: Path) -> None:
    """An exception rolls the transaction back and the connection is returned."""
    pool = get_pool(db_path, pool_size=1)
    with pytest.raises(RuntimeError, match="boom"), pool.connection() as conn:
        conn.execute("INSERT INTO items (name) VALUES ('lost')")
        raise RuntimeError("boom")
    assert pool.stats().in_use == 0
    with pool.connection(timeout=0.5) as conn:
        assert not conn.in_transaction
        assert conn.execute("SELECT COUNT(*) FROM items WHERE name = 'lost'").fetchone()[0] == 0


def test_release_rolls_back_an_open_transaction(db_path: Path) -> None:
    """A connection released by hand mid-transaction is rolled back."""
    with ConnectionPool(db_path, pool_size=1) as pool:
        conn = pool.acquire()
        conn.execute("DELETE FROM items")
        pool.release(conn)
        with pool.connection() as again:
            assert again.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3


def test_twenty_threads_share_five_connections(db_path: Path) -> None:
    """Twenty threads at once never open more than pool_size connections."""
    pool = get_pool(db_path, pool_size=5)
    errors: list[BaseException] = []
    start = threading.Barrier(20)

    def worker(n: int) -> None:
        """Insert and read back rows from one thread."""
        try:
            start.wait()
            for i in range(10):
                execute_with_retry(pool, "INSERT INTO items (name) VALUES (?)", (f"t{n}-{i}",))
                with pool.connection() as conn:
                    conn.execute("SELECT COUNT(*) FROM items").fetchone()
        except Exception as exc:  # collected and asserted below: a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stats = pool.stats()
    assert stats.created <= 5
    assert stats.in_use == 0
    assert stats.checkouts == 20 * 10 * 2
    with pool.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3 + 200


def test_checkout_times_out_with_a_clear_error(db_path: Path) -> None:
    """When every connection is busy, acquire waits for the timeout and then says why."""
    with ConnectionPool(db_path, pool_size=1, timeout=0.2) as pool, pool.connection():
        started = time.monotonic()
        with pytest.raises(PoolTimeoutError, match=r"all 1 are in use \(pool_size=1\)"):
            pool.acquire()
        assert time.monotonic() - started >= 0.15
        assert pool.stats().timeouts == 1


def test_waiting_thread_gets_the_released_connection(db_path: Path) -> None:
    """A checkout that waits is served as soon as another thread releases."""
    with ConnectionPool(db_path, pool_size=1, timeout=5) as pool:
        held = pool.acquire()
        timer = threading.Timer(0.1, pool.release, args=(held,))
        timer.start()
        with pool.connection() as conn:
            assert conn is held
        timer.join()
        assert pool.stats().waits == 1


def test_closed_pool_refuses_checkouts(db_path: Path) -> None:
    """After close(), acquire raises and idle connections are closed."""
    pool = ConnectionPool(db_path, pool_size=2)
    with pool.connection() as conn:
        pass
    pool.close()
    assert pool.closed
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
    with pytest.raises(PoolClosedError):
        pool.acquire()


def test_connection_in_use_is_closed_when_released_after_close(db_path: Path) -> None:
    """A connection still out when the pool closes is closed on its return."""
    pool = ConnectionPool(db_path, pool_size=1)
    conn = pool.acquire()
    pool.close()
    pool.release(conn)
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
    assert pool.stats().created == 0


def test_registry_shares_one_pool_per_file(db_path: Path, tmp_path: Path) -> None:
    """get_pool returns the same pool for the same file, however it is spelled."""
    first = get_pool(db_path, pool_size=2)
    assert get_pool(str(db_path)) is first
    assert get_pool(tmp_path / "." / "test.db") is first
    other = get_pool(tmp_path / "other.db")
    assert other is not first
    assert set(get_pool_stats()) == {str(db_path.resolve()), str((tmp_path / "other.db").resolve())}


def test_close_all_closes_and_forgets(db_path: Path) -> None:
    """close_all closes every shared pool; the next get_pool makes a new one."""
    first = get_pool(db_path)
    close_all()
    assert first.closed
    assert get_pool_stats() == {}
    second = get_pool(db_path)
    assert second is not first
    assert not second.closed


def test_stats_report_usage(db_path: Path) -> None:
    """get_pool_stats shows size, connections in use and checkouts."""
    pool = get_pool(db_path, pool_size=3)
    with pool.connection():
        stats = get_pool_stats()[str(db_path.resolve())]
        assert stats["pool_size"] == 3
        assert stats["in_use"] == 1
        assert stats["checkouts"] == 1
    assert pool.stats().idle == 1


def _hold_write_lock(db_path: Path, seconds: float, ready: threading.Event) -> None:
    """Keep a write transaction open on db_path for a while, from another pool."""
    with ConnectionPool(db_path, pool_size=1) as other, other.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)


def test_execute_with_retry_waits_out_a_lock(db_path: Path) -> None:
    """A write that meets "database is locked" is retried until the lock goes."""
    pool = ConnectionPool(db_path, pool_size=1, pragmas={"journal_mode": "WAL", "busy_timeout": 0})
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db_path, 0.3, ready))
    holder.start()
    ready.wait(5)
    try:
        execute_with_retry(pool, "INSERT INTO items (name) VALUES (?)", ("late",), retries=10, delay=0.05)
    finally:
        holder.join()
        rows = execute_with_retry(pool, "SELECT name FROM items WHERE name = ?", ("late",))
        pool.close()
    assert [row["name"] for row in rows] == ["late"]


def test_execute_with_retry_gives_up(db_path: Path) -> None:
    """When the lock outlasts the retries, the last "locked" error propagates."""
    pool = ConnectionPool(db_path, pool_size=1, pragmas={"busy_timeout": 0})
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db_path, 0.5, ready))
    holder.start()
    ready.wait(5)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            execute_with_retry(pool, "INSERT INTO items (name) VALUES ('x')", retries=2, delay=0.01)
    finally:
        holder.join()
        pool.close()


def test_retry_does_not_retry_other_errors() -> None:
    """Errors other than "locked" are raised at once."""
    calls: list[int] = []

    def broken() -> None:
        """Fail with a syntax error."""
        calls.append(1)
        raise sqlite3.OperationalError('near "SELEC": syntax error')

    with pytest.raises(sqlite3.OperationalError, match="syntax error"):
        retry_on_locked(broken, retries=3, delay=0)
    assert calls == [1]


def test_memory_database_is_refused() -> None:
    """':memory:' cannot be pooled: each connection would see its own database."""
    with pytest.raises(ValueError, match="needs a database file"):
        ConnectionPool(":memory:")
