"""Thread-safe SQLite connection pool for __PACKAGE__.

Opening a SQLite connection costs a file open, a schema read and the PRAGMA
setup on every call; a pool pays that once per connection and hands the same
connections out again. Connections are created lazily up to ``pool_size``;
a caller that finds them all in use waits up to ``timeout`` seconds and then
gets a :class:`PoolTimeoutError` that says which pool was exhausted.

Usage::

    from __PACKAGE__.db_pool import get_pool

    pool = get_pool("cache.db", pool_size=5)
    with pool.connection() as conn:
        row = conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()

Leaving the ``with`` block commits an open transaction; an exception rolls it
back. Either way the connection goes back to the pool.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: PRAGMAs applied to every new connection: WAL lets readers run while one
#: writer writes, NORMAL synchronous is safe with WAL, and busy_timeout makes
#: SQLite itself wait for a lock before reporting "database is locked".
DEFAULT_PRAGMAS: dict[str, str | int] = {
    "journal_mode": "WAL",
    "synchronous": "NORMAL",
    "foreign_keys": "ON",
    "busy_timeout": 5000,
    "temp_store": "MEMORY",
    "cache_size": -16000,
}

#: Error texts of sqlite3.OperationalError that mean "try again later".
LOCKED_MESSAGES = ("database is locked", "database is busy", "database table is locked")


class PoolError(Exception):
    """Base class of the pool's own errors."""


class PoolTimeoutError(PoolError, TimeoutError):
    """No connection became free within the checkout timeout."""


class PoolClosedError(PoolError):
    """The pool was closed; it hands out no more connections."""


@dataclass(frozen=True)
class PoolStats:
    """A snapshot of one pool's counters."""

    path: str
    pool_size: int
    created: int
    in_use: int
    idle: int
    checkouts: int
    waits: int
    timeouts: int
    wait_seconds: float
    closed: bool

    def as_dict(self) -> dict[str, Any]:
        """Return the snapshot as a plain dictionary (for logs and JSON)."""
        return asdict(self)


def _is_locked_error(exc: BaseException) -> bool:
    """Tell whether an exception is SQLite's transient "locked/busy" error."""
    return isinstance(exc, sqlite3.OperationalError) and any(m in str(exc).lower() for m in LOCKED_MESSAGES)


class ConnectionPool:
    """A bounded, thread-safe pool of connections to one SQLite database file.

    Connections are opened with ``check_same_thread=False`` because they move
    between threads; the pool guarantees that one thread uses a connection at
    a time.
    """

    def __init__(
        self,
        path: str | Path,
        pool_size: int = 5,
        timeout: float = 30.0,
        pragmas: Mapping[str, str | int] | None = None,
        row_factory: Callable[[sqlite3.Cursor, tuple[Any, ...]], Any] | None = sqlite3.Row,
    ) -> None:
        """Prepare a pool; no connection is opened until one is needed.

        ``timeout`` is how long :meth:`acquire` waits for a free connection.
        ``pragmas`` replaces :data:`DEFAULT_PRAGMAS` when given.
        """
        if str(path) == ":memory:" or str(path).startswith("file::memory:"):
            raise ValueError("a pool needs a database file: ':memory:' would give each pooled connection its own empty database")
        if pool_size < 1:
            raise ValueError(f"pool_size must be at least 1, not {pool_size}")
        if timeout < 0:
            raise ValueError(f"timeout must be zero or more seconds, not {timeout}")
        self.path = str(path)
        self.pool_size = pool_size
        self.timeout = timeout
        self.row_factory = row_factory
        self.pragmas: dict[str, str | int] = dict(DEFAULT_PRAGMAS if pragmas is None else pragmas)
        for name in self.pragmas:
            if not name.isidentifier():
                raise ValueError(f"not a PRAGMA name: {name!r}")
        self._cond = threading.Condition(threading.Lock())
        self._idle: list[sqlite3.Connection] = []
        self._in_use: set[int] = set()
        self._created = 0
        self._closed = False
        self._checkouts = 0
        self._waits = 0
        self._timeouts = 0
        self._wait_seconds = 0.0

    def __repr__(self) -> str:
        """Show the path and the occupancy."""
        return f"<ConnectionPool {self.path!r} size={self.pool_size} in_use={len(self._in_use)}>"

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._closed

    def _connect(self) -> sqlite3.Connection:
        """Open and configure one new connection."""
        conn = sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False)
        try:
            if self.row_factory is not None:
                conn.row_factory = self.row_factory
            for name, value in self.pragmas.items():
                conn.execute(f"PRAGMA {name} = {value}")
        except BaseException:
            conn.close()
            raise
        logger.debug("opened connection %d/%d to %s", self._created, self.pool_size, self.path)
        return conn

    def acquire(self, timeout: float | None = None) -> sqlite3.Connection:
        """Take a connection out of the pool; give it back with :meth:`release`.

        Prefer :meth:`connection`, which cannot forget to give it back.
        Raises :class:`PoolTimeoutError` when none is free within ``timeout``
        seconds (default: the pool's timeout) and :class:`PoolClosedError`
        after :meth:`close`.
        """
        wait_for = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait_for
        started = time.monotonic()
        waited = False
        with self._cond:
            while True:
                if self._closed:
                    raise PoolClosedError(f"connection pool for {self.path} is closed")
                if self._idle:
                    conn = self._idle.pop()
                    break
                if self._created < self.pool_size:
                    self._created += 1
                    conn = None
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._timeouts += 1
                    self._wait_seconds += time.monotonic() - started
                    raise PoolTimeoutError(
                        f"no free connection to {self.path} within {wait_for:g}s: all {self.pool_size} are in use "
                        f"(pool_size={self.pool_size}); release connections sooner or raise pool_size"
                    )
                waited = True
                self._cond.wait(remaining)
            self._checkouts += 1
            if waited:
                self._waits += 1
                self._wait_seconds += time.monotonic() - started
        if conn is None:
            try:
                conn = self._connect()
            except BaseException:
                with self._cond:
                    self._created -= 1
                    self._cond.notify()
                raise
        with self._cond:
            self._in_use.add(id(conn))
        return conn

    def release(self, conn: sqlite3.Connection) -> None:
        """Give a connection back, rolling back a transaction it left open."""
        healthy = True
        try:
            if conn.in_transaction:
                conn.rollback()
        except sqlite3.Error:
            logger.warning("closing a pooled connection to %s that failed to roll back", self.path, exc_info=True)
            healthy = False
        with self._cond:
            self._in_use.discard(id(conn))
            if self._closed or not healthy:
                self._created -= 1
                conn.close()
            else:
                self._idle.append(conn)
            self._cond.notify()

    @contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[sqlite3.Connection]:
        """Lend a connection for the ``with`` block.

        On normal exit an open transaction is committed; on an exception it is
        rolled back and the exception propagates. The connection returns to
        the pool in both cases.
        """
        conn = self.acquire(timeout)
        try:
            yield conn
            if conn.in_transaction:
                conn.commit()
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.rollback()
                except sqlite3.Error:
                    logger.warning("rollback failed on %s", self.path, exc_info=True)
            raise
        finally:
            self.release(conn)

    def stats(self) -> PoolStats:
        """Return the pool's counters at this moment."""
        with self._cond:
            return PoolStats(
                path=self.path,
                pool_size=self.pool_size,
                created=self._created,
                in_use=len(self._in_use),
                idle=len(self._idle),
                checkouts=self._checkouts,
                waits=self._waits,
                timeouts=self._timeouts,
                wait_seconds=round(self._wait_seconds, 6),
                closed=self._closed,
            )

    def close(self) -> None:
        """Close idle connections now and the others when they are released.

        Threads waiting for a connection get :class:`PoolClosedError`.
        """
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._created -= len(idle)
            self._cond.notify_all()
        for conn in idle:
            conn.close()
        logger.debug("closed pool for %s", self.path)

    def __enter__(self) -> ConnectionPool:
        """Use the pool as a context manager that closes it on exit."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the pool."""
        self.close()


_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()


def _registry_key(path: str | Path) -> str:
    """Key pools by absolute path so "a.db" and "./a.db" share one pool."""
    return str(Path(path).expanduser().resolve())


def get_pool(path: str | Path, pool_size: int = 5, **options: Any) -> ConnectionPool:
    """Return the shared pool for ``path``, creating it on first use.

    Later calls for the same file return the same pool whatever ``pool_size``
    they pass. ``options`` go to :class:`ConnectionPool` (timeout, pragmas,
    row_factory) when the pool is created.
    """
    key = _registry_key(path)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None or pool.closed:
            pool = ConnectionPool(path, pool_size=pool_size, **options)
            _pools[key] = pool
        elif pool.pool_size != pool_size:
            logger.debug("get_pool(%s): reusing the existing pool of size %d", path, pool.pool_size)
        return pool


def get_pool_stats() -> dict[str, dict[str, Any]]:
    """Return the counters of every shared pool, keyed by database path."""
    with _pools_lock:
        pools = list(_pools.items())
    return {key: pool.stats().as_dict() for key, pool in pools}


def close_all() -> None:
    """Close every shared pool and forget them."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def retry_on_locked(operation: Callable[[], T], retries: int = 5, delay: float = 0.05, max_delay: float = 1.0) -> T:
    """Run ``operation``, retrying while SQLite reports the database locked.

    Waits ``delay`` seconds before the first retry and doubles it each time up
    to ``max_delay``. Other errors, and the last "locked" error once
    ``retries`` retries are spent, propagate.
    """
    attempt = 0
    while True:
        try:
            return operation()
        except sqlite3.OperationalError as exc:
            if not _is_locked_error(exc) or attempt >= retries:
                raise
            attempt += 1
            wait = min(delay * 2 ** (attempt - 1), max_delay)
            logger.warning("%s; retry %d/%d in %.3fs", exc, attempt, retries, wait)
            time.sleep(wait)


def execute_with_retry(
    pool: ConnectionPool,
    sql: str,
    params: Sequence[Any] | Mapping[str, Any] = (),
    retries: int = 5,
    delay: float = 0.05,
) -> list[Any]:
    """Execute one statement on a pooled connection, retrying while locked.

    The statement runs in its own transaction, committed before returning;
    the rows it produced (if any) are returned as a list.
    """

    def run() -> list[Any]:
        """Run the statement once on a pooled connection."""
        with pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    return retry_on_locked(run, retries=retries, delay=delay)
