"""Fixture for DB001: sqlite3.connect outside the pool module.

Text such as sqlite3.connect("x.db") in a docstring is not a call.
"""
import socket
import sqlite3
import sqlite3 as sql
from sqlite3 import connect
from sqlite3 import connect as open_db
from sqlite3 import dbapi2

import aiosqlite

DB = "tasks.db"


def load(task_id):
    with sqlite3.connect(DB) as conn:  # ruleid: DB001
        return conn.execute("select * from tasks where id = ?", (task_id,)).fetchone()


def aliases():
    a = sql.connect(DB)  # ruleid: DB001
    b = connect(DB)  # ruleid: DB001
    c = open_db(DB, timeout=5)  # ruleid: DB001
    d = dbapi2.connect(DB)  # ruleid: DB001
    return a, b, c, d


async def fine(conn, host):
    sock = socket.create_connection((host, 80))  # ok: DB001
    conn.connect()  # ok: DB001
    async with aiosqlite.connect(DB) as db:  # ok: DB001
        await db.execute("select 1")
    text = "sqlite3.connect(DB)"  # ok: DB001
    # sqlite3.connect(DB) in a comment  # ok: DB001
    return sock, text


def shadowed(sqlite3):
    return sqlite3.connect(DB)  # ok: DB001


class ConnectionHolder:
    def connect(self):
        return self

    def use(self):
        return self.connect()  # ok: DB001
