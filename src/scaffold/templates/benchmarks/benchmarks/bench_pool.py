"""Benchmark: pooled SQLite connections vs a new connection per query.

Runs the same primary-key lookup many times, first opening (and closing) a
connection for each query as code without a pool does, then borrowing one
from ``__PACKAGE__.db_pool``, single-threaded and from several threads, and
writes a table of the results. It measures the upgrade plan's claim that
pooling makes database operations 20-30 % faster: on your machine, with your
numbers.

    python3 benchmarks/bench_pool.py [--queries 5000] [--threads 4] [--repeat 3]
    python3 benchmarks/bench_pool.py --smoke   # one short run: does it work?
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

try:
    from __PACKAGE__.db_pool import __POOL_IMPORT__
except ImportError:  # run as a script from a checkout: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from __PACKAGE__.db_pool import __POOL_IMPORT__

logger = logging.getLogger(__name__)

ROWS = 1000


@dataclass(frozen=True)
class Result:
    """The best of several timed runs of one scenario."""

    scenario: str
    queries: int
    seconds: float

    @property
    def per_query_us(self) -> float:
        """Microseconds per query."""
        return self.seconds / self.queries * 1e6

    @property
    def queries_per_second(self) -> float:
        """Queries per second."""
        return self.queries / self.seconds if self.seconds > 0 else float("inf")


def create_database(path: Path) -> None:
    """Create the benchmark table with ROWS rows."""
    with ConnectionPool(path, pool_size=1) as pool, pool.connection() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT, value REAL)")
        conn.execute("DELETE FROM items")
        conn.executemany("INSERT INTO items (id, name, value) VALUES (?, ?, ?)", ((i, f"item-{i}", i * 0.5) for i in range(ROWS)))


def query_unpooled(path: Path, n: int) -> None:
    """Run ``n`` lookups, opening and closing a connection for each, as code without a pool does."""
    for i in range(n):
        conn = sqlite3.connect(path)  # noqa: DB001 - the unpooled baseline being measured
        try:
            conn.execute("SELECT name, value FROM items WHERE id = ?", (i % ROWS,)).fetchone()
        finally:
            conn.close()


def query_pooled(pool: ConnectionPool, n: int) -> None:
    """Run ``n`` lookups on connections borrowed from ``pool``."""
    for i in range(n):
        with pool.connection() as conn:
            conn.execute("SELECT name, value FROM items WHERE id = ?", (i % ROWS,)).fetchone()


def in_threads(threads: int, work: Callable[[int], None], n: int) -> None:
    """Split ``n`` queries of ``work`` over ``threads`` threads and wait for them."""
    share, extra = divmod(n, threads)
    workers = [threading.Thread(target=work, args=(share + (1 if t < extra else 0),)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def best_of(repeat: int, run: Callable[[], None]) -> float:
    """Return the fastest of ``repeat`` timed runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def run_benchmark(path: Path, queries: int, threads: int, repeat: int, pool_size: int) -> list[Result]:
    """Time every scenario on the database at ``path``."""
    create_database(path)
    results = []
    with ConnectionPool(path, pool_size=pool_size) as pool:
        query_pooled(pool, pool_size)  # open the pool's connections before timing, as a running service would have
        scenarios: list[tuple[str, Callable[[], None]]] = [
            ("new connection per query", lambda: query_unpooled(path, queries)),
            ("pooled", lambda: query_pooled(pool, queries)),
            (f"new connection per query, {threads} threads", lambda: in_threads(threads, lambda n: query_unpooled(path, n), queries)),
            (f"pooled, {threads} threads", lambda: in_threads(threads, lambda n: query_pooled(pool, n), queries)),
        ]
        for name, run in scenarios:
            results.append(Result(name, queries, best_of(repeat, run)))
    return results


def format_table(results: Sequence[Result]) -> str:
    """Lay the results out as a text table; speedup is relative to the unpooled row above."""
    header = ("scenario", "queries", "total s", "us/query", "queries/s", "speedup")
    rows = []
    baseline = results[0]
    for result in results:
        if result.scenario.startswith("new connection"):
            baseline = result
            comparison = "1.00x"
        else:
            comparison = f"{baseline.seconds / result.seconds:.2f}x" if result.seconds > 0 else "n/a"
        rows.append((
            result.scenario,
            str(result.queries),
            f"{result.seconds:.4f}",
            f"{result.per_query_us:.1f}",
            f"{result.queries_per_second:,.0f}",
            comparison,
        ))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in [header, *rows]]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the benchmark and write the table to stdout."""
    # a benchmark script, not a console entry point: it changes nothing, so there is nothing to dry-run
    parser = argparse.ArgumentParser(description="Pooled vs unpooled SQLite connections.")  # noqa: CLI001
    parser.add_argument("--queries", type=int, default=5000, help="queries per scenario (default 5000)")
    parser.add_argument("--threads", type=int, default=4, help="threads in the threaded scenarios (default 4)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per scenario; the best counts (default 3)")
    parser.add_argument("--pool-size", type=int, default=5, help="connections in the pool (default 5)")
    parser.add_argument("--db", type=Path, help="database file to use (default: a temporary file)")
    parser.add_argument("--smoke", action="store_true", help="one short run (20 queries, 2 threads, once) to check that it works")
    args = parser.parse_args(argv)
    if args.smoke:
        args.queries, args.threads, args.repeat = 20, 2, 1
    if args.queries < 1 or args.threads < 1 or args.repeat < 1:
        parser.error("--queries, --threads and --repeat must be at least 1")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        logger.info("SQLite %s, %d queries per scenario, best of %d", sqlite3.sqlite_version, args.queries, args.repeat)
        results = run_benchmark(path, args.queries, args.threads, args.repeat, args.pool_size)
    sys.stdout.write(format_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
