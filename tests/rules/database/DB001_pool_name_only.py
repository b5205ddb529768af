"""Fixture for DB001: a Pool class that does not connect does not make a pool module."""
import sqlite3


class PoolSettings:
    size = 5


def open_db(path):
    return sqlite3.connect(path)  # ruleid: DB001


def describe():  # ok: DB001
    return PoolSettings.size
