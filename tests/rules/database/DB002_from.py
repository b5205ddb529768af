"""Fixture for DB002: a from-import counts too."""
import os  # ok: DB002

try:
    from sqlite3 import dbapi2 as sqlite  # ruleid: DB002
except ImportError:  # ok: DB002
    sqlite = None

PATH = os.path.join("x", "y.db")
