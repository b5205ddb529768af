"""Run history kept in SQLite: DB001 fix fixture."""
import sqlite3


def init(db_path):
    with sqlite3.connect(db_path) as conn:  # ruleid: DB001
        conn.execute("CREATE TABLE IF NOT EXISTS runs (task TEXT, status TEXT)")


def record(db_path, task, status):
    with sqlite3.connect(db_path) as conn:  # ruleid: DB001
        conn.execute("INSERT INTO runs VALUES (?, ?)", (task, status))


def recent(db_path):
    with sqlite3.connect(db_path) as conn:  # ruleid: DB001
        return [tuple(r) for r in conn.execute("SELECT task, status FROM runs ORDER BY rowid")]


def count(db_path):
    conn = sqlite3.connect(db_path, timeout=1)  # ruleid: DB001 nofix
    try:
        return conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    finally:
        conn.close()
