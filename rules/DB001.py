import sqlite3
import sqlite3 as db
from sqlite3 import connect


def save(task):
    # ruleid: DB001
    with sqlite3.connect("tasks.db") as conn:
        conn.execute("insert into tasks values (?)", (task,))


def load():
    # ruleid: DB001
    conn = db.connect("tasks.db")
    # ruleid: DB001
    other = connect(":memory:")
    return conn, other


class ConnectionPool:
    def _open(self):
        # ok: DB001
        return sqlite3.connect("tasks.db")


class Repository:
    def open(self):
        # ruleid: DB001
        return sqlite3.connect("tasks.db")


class Plain:
    # ruleid: DB001
    shared = sqlite3.connect(":memory:")


class PlainPool:
    # ok: DB001
    shared = sqlite3.connect(":memory:")


class Socket:
    def connect(self, addr):
        return addr


# ok: DB001
Socket().connect("localhost")
