"""Fixture for DB001: a class with Pool in its name that calls sqlite3.connect makes the pool module."""
import queue
import sqlite3


class ConnectionPool:
    def __init__(self, path, size=5):
        self._idle = queue.Queue()
        for _ in range(size):
            self._idle.put(sqlite3.connect(path, check_same_thread=False))  # ok: DB001


def ad_hoc(path):
    return sqlite3.connect(path)  # ok: DB001
