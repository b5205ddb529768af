"""A key/value store."""
import os
import sqlite3
from typing import Dict, List, Optional

DB_PATH = os.environ.get("MINI_DB", ":memory:")


def connect(path: Optional[str] = None):
    conn = sqlite3.connect(path or DB_PATH)
    conn.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value INTEGER)")
    return conn


def keys(conn) -> List[str]:
    return [row[0] for row in conn.execute("SELECT key FROM kv ORDER BY key")]


def summary(values: Dict[str, int]) -> str:
    return "%d values" % len(values)
