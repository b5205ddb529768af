"""Fixture for DB002: one finding per module, at the first sqlite3 import.

import sqlite3 in a docstring is not an import.
"""
import json  # ok: DB002
import sqlite3  # ruleid: DB002
from sqlite3 import Row  # ok: DB002
import aiosqlite  # ok: DB002

# import sqlite3  # ok: DB002


def rows(path):
    conn = sqlite3.connect(path)
    conn.row_factory = Row
    return json.dumps([dict(r) for r in conn.execute("select 1 as x")]), aiosqlite
