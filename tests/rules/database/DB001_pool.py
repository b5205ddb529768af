"""Fixture for DB001: a module defining get_pool is the pool module."""
import sqlite3
import threading

_pools = {}
_lock = threading.Lock()


def _open(path):
    conn = sqlite3.connect(path, check_same_thread=False)  # ok: DB001
    conn.execute("pragma journal_mode=wal")
    return conn


def get_pool(path, pool_size=5):
    with _lock:
        if path not in _pools:
            _pools[path] = [_open(path) for _ in range(pool_size)]
        return _pools[path]


def direct(path):
    return sqlite3.connect(path)  # ok: DB001
