"""Connection pool: the class is not called ConnectionPool."""
import sqlite3
import threading
from contextlib import contextmanager
from queue import Queue

_pools = {}
_lock = threading.Lock()


class SQLiteConnectionPool:
    """Pooled SQLite connections."""

    def __init__(self, db_path, pool_size=5, timeout=5.0):
        self.timeout = timeout
        self._pool = Queue(maxsize=pool_size)
        for _ in range(pool_size):
            self._pool.put(sqlite3.connect(db_path, check_same_thread=False))

    @contextmanager
    def connection(self):
        conn = self._pool.get(timeout=self.timeout)
        try:
            yield conn
            conn.commit()
        finally:
            self._pool.put(conn)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        while not self._pool.empty():
            self._pool.get().close()


def get_pool(db_path: str, pool_size: int = 5) -> SQLiteConnectionPool:
    with _lock:
        if db_path not in _pools:
            _pools[db_path] = SQLiteConnectionPool(db_path, pool_size=pool_size)
        return _pools[db_path]
