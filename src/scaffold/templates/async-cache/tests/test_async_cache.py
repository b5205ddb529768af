"""Tests for __PACKAGE__.async_cache, run with asyncio.run (no pytest plugin needed)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from __PACKAGE__.async_cache import AsyncCache


class FakeClock:
    """A clock the test moves by hand, so expiry needs no sleeping."""

    def __init__(self) -> None:
        """Start at an arbitrary fixed time."""
        self.now = 1_000_000.0

    def __call__(self) -> float:
        """Return the current fake time."""
        return self.now


def test_set_get_delete(tmp_path: Path) -> None:
    """Values round-trip through JSON; delete reports whether the key was there."""

    async def scenario() -> None:
        """Store, read and delete a value."""
        async with AsyncCache(tmp_path / "c.db") as cache:
            await cache.set("k", {"n": 1, "items": [1, 2]})
            assert await cache.get("k") == {"n": 1, "items": [1, 2]}
            assert await cache.get("absent", "dflt") == "dflt"
            assert await cache.delete("k") is True
            assert await cache.delete("k") is False
            assert await cache.get("k") is None

    asyncio.run(scenario())


def test_ttl_expiry(tmp_path: Path) -> None:
    """An entry disappears once its TTL has passed; the default TTL applies without one."""
    clock = FakeClock()

    async def scenario() -> None:
        """Move the clock past each entry's expiry."""
        async with AsyncCache(tmp_path / "c.db", default_ttl=100, clock=clock) as cache:
            await cache.set("short", 1, ttl=10)
            await cache.set("default", 2)
            clock.now += 11
            assert await cache.get("short") is None
            assert await cache.get("default") == 2
            assert await cache.size() == 1
            clock.now += 100
            assert await cache.contains("default") is False

    asyncio.run(scenario())


def test_no_ttl_keeps_entries(tmp_path: Path) -> None:
    """With default_ttl=None entries never expire."""
    clock = FakeClock()

    async def scenario() -> None:
        """Store without expiry and jump a year ahead."""
        async with AsyncCache(tmp_path / "c.db", default_ttl=None, clock=clock) as cache:
            await cache.set("k", "v")
            clock.now += 365 * 24 * 3600
            assert await cache.get("k") == "v"

    asyncio.run(scenario())


def test_overwrite_and_purge(tmp_path: Path) -> None:
    """set() replaces a value and its expiry; purge_expired deletes only expired rows."""
    clock = FakeClock()

    async def scenario() -> None:
        """Overwrite one key and purge another."""
        async with AsyncCache(tmp_path / "c.db", clock=clock) as cache:
            await cache.set("a", 1, ttl=5)
            await cache.set("a", 2, ttl=50)
            await cache.set("b", 3, ttl=5)
            clock.now += 10
            assert await cache.purge_expired() == 1
            assert await cache.get("a") == 2
            await cache.clear()
            assert await cache.size() == 0

    asyncio.run(scenario())


def test_persists_across_connections(tmp_path: Path) -> None:
    """Entries survive closing and reopening the cache file."""

    async def scenario() -> None:
        """Write with one cache object and read with another."""
        async with AsyncCache(tmp_path / "c.db") as first:
            await first.set("k", [1, 2, 3])
        async with AsyncCache(tmp_path / "c.db") as second:
            assert await second.get("k") == [1, 2, 3]

    asyncio.run(scenario())


def test_get_or_set_with_sync_and_async_factories(tmp_path: Path) -> None:
    """get_or_set computes once, then serves the cached value; hits and misses are counted."""
    calls: list[str] = []

    def compute() -> int:
        """Compute synchronously."""
        calls.append("sync")
        return 7

    async def compute_async() -> int:
        """Compute asynchronously."""
        calls.append("async")
        await asyncio.sleep(0)
        return 8

    async def scenario() -> None:
        """Ask for each value twice."""
        async with AsyncCache(tmp_path / "c.db") as cache:
            assert await cache.get_or_set("s", compute) == 7
            assert await cache.get_or_set("s", compute) == 7
            assert await cache.get_or_set("a", compute_async) == 8
            assert await cache.get_or_set("a", compute_async) == 8
            assert cache.stats()["hits"] == 2
            assert cache.stats()["misses"] == 2

    asyncio.run(scenario())
    assert calls == ["sync", "async"]


def test_concurrent_tasks(tmp_path: Path) -> None:
    """Many tasks writing and reading at once all see their own values."""

    async def scenario() -> None:
        """Run fifty writers and readers concurrently."""
        async with AsyncCache(tmp_path / "c.db") as cache:

            async def worker(n: int) -> int:
                """Write a value and read it back."""
                await cache.set(f"k{n}", n)
                return await cache.get(f"k{n}")

            results = await asyncio.gather(*(worker(n) for n in range(50)))
            assert results == list(range(50))
            assert await cache.size() == 50

    asyncio.run(scenario())


def test_closed_cache_says_so(tmp_path: Path) -> None:
    """Using a cache that was never opened raises a clear error."""
    cache = AsyncCache(tmp_path / "c.db")

    async def scenario() -> None:
        """Read from the unopened cache."""
        await cache.get("k")

    with pytest.raises(RuntimeError, match="not open"):
        asyncio.run(scenario())


def test_values_must_be_json(tmp_path: Path) -> None:
    """Values that JSON cannot encode are refused instead of being pickled."""

    async def scenario() -> None:
        """Store an object JSON cannot encode."""
        async with AsyncCache(tmp_path / "c.db") as cache:
            await cache.set("k", object())

    with pytest.raises(TypeError):
        asyncio.run(scenario())
