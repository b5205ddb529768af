"""Asynchronous key/value cache with expiry, stored in SQLite through aiosqlite.

The event loop never blocks on the database: aiosqlite runs each connection
in its own thread. Values are stored as JSON, so anything ``json.dumps``
accepts can be cached (and nothing on disk can execute code when read back,
as a pickle could).

Usage::

    from __PACKAGE__.async_cache import AsyncCache

    async with AsyncCache("cache.db", default_ttl=3600) as cache:
        await cache.set("answer", {"value": 42}, ttl=60)
        hit = await cache.get("answer")
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache_entries (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at REAL
)
"""
_INDEX = "CREATE INDEX IF NOT EXISTS cache_entries_expires_at ON cache_entries (expires_at)"

_MISSING = object()


class AsyncCache:
    """A TTL key/value cache in one SQLite file, used from asyncio code."""

    def __init__(
        self,
        path: str | Path,
        default_ttl: float | None = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Prepare the cache; :meth:`open` (or ``async with``) connects.

        ``default_ttl`` is in seconds; None keeps entries until deleted.
        ``clock`` returns the current time in seconds (tests pass a fake one).
        """
        self.path = str(path)
        self.default_ttl = default_ttl
        self.clock = clock
        self._db: aiosqlite.Connection | None = None
        self.hits = 0
        self.misses = 0

    async def open(self) -> AsyncCache:
        """Connect, switch to WAL and create the table if needed."""
        if self._db is None:
            self._db = await aiosqlite.connect(self.path)
            await self._db.execute("PRAGMA journal_mode = WAL")
            await self._db.execute("PRAGMA synchronous = NORMAL")
            await self._db.execute(_SCHEMA)
            await self._db.execute(_INDEX)
            await self._db.commit()
        return self

    async def close(self) -> None:
        """Close the connection; the cache can be opened again later."""
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def __aenter__(self) -> AsyncCache:
        """Open the cache for an ``async with`` block."""
        return await self.open()

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the cache at the end of the block."""
        await self.close()

    @property
    def db(self) -> aiosqlite.Connection:
        """The open connection; raises if the cache is not open."""
        if self._db is None:
            raise RuntimeError("the cache is not open: use 'async with AsyncCache(...)' or 'await cache.open()'")
        return self._db

    def _expiry(self, ttl: float | None) -> float | None:
        """Turn a TTL (None: the default TTL) into an absolute expiry time."""
        effective = self.default_ttl if ttl is None else ttl
        return None if effective is None else self.clock() + effective

    async def get(self, key: str, default: Any = None) -> Any:
        """Return the value for ``key``, or ``default`` when it is absent or expired."""
        cursor = await self.db.execute("SELECT value, expires_at FROM cache_entries WHERE key = ?", (key,))
        row = await cursor.fetchone()
        await cursor.close()
        if row is None or (row[1] is not None and row[1] <= self.clock()):
            self.misses += 1
            return default
        self.hits += 1
        return json.loads(row[0])

    async def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        """Store ``value`` under ``key`` for ``ttl`` seconds (default: the cache's TTL)."""
        payload = json.dumps(value)
        await self.db.execute(
            "INSERT INTO cache_entries (key, value, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
            (key, payload, self._expiry(ttl)),
        )
        await self.db.commit()

    async def get_or_set(self, key: str, factory: Callable[[], Any], ttl: float | None = None) -> Any:
        """Return the cached value, or compute it with ``factory`` (sync or async), store and return it."""
        found = await self.get(key, _MISSING)
        if found is not _MISSING:
            return found
        value = factory()
        if hasattr(value, "__await__"):
            value = await value
        await self.set(key, value, ttl)
        return value

    async def delete(self, key: str) -> bool:
        """Remove ``key``; return whether it was there."""
        cursor = await self.db.execute("DELETE FROM cache_entries WHERE key = ?", (key,))
        await self.db.commit()
        return cursor.rowcount > 0

    async def contains(self, key: str) -> bool:
        """Tell whether ``key`` holds a value that has not expired."""
        return await self.get(key, _MISSING) is not _MISSING

    async def purge_expired(self) -> int:
        """Delete every expired entry; return how many were deleted."""
        cursor = await self.db.execute(
            "DELETE FROM cache_entries WHERE expires_at IS NOT NULL AND expires_at <= ?", (self.clock(),)
        )
        await self.db.commit()
        if cursor.rowcount:
            logger.debug("purged %d expired cache entries from %s", cursor.rowcount, self.path)
        return cursor.rowcount

    async def clear(self) -> None:
        """Delete every entry."""
        await self.db.execute("DELETE FROM cache_entries")
        await self.db.commit()

    async def size(self) -> int:
        """Return the number of entries that have not expired."""
        cursor = await self.db.execute(
            "SELECT COUNT(*) FROM cache_entries WHERE expires_at IS NULL OR expires_at > ?", (self.clock(),)
        )
        row = await cursor.fetchone()
        await cursor.close()
        return int(row[0]) if row else 0

    def stats(self) -> dict[str, Any]:
        """Return hit and miss counts since the cache object was created."""
        lookups = self.hits + self.misses
        return {"hits": self.hits, "misses": self.misses, "hit_ratio": self.hits / lookups if lookups else 0.0}
