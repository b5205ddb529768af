/**
 * The generated Python, run for real: each kind is generated into a temporary
 * project and its own tests run under pytest in the test venv (VENV_PYTHON:
 * pytest, prometheus-client, aiosqlite, httpx, opentelemetry-sdk), where no
 * generated test may skip; the modules that promise to work without their
 * optional packages are also imported and run with a bare python3 (a venv of
 * Debian's without site packages: barePython).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import execa from 'execa';
import { scaffold } from '../../src/scaffold';
import { cli, makeProject, read, removeTempDirs, REPO, runPytest, testPython, write, type PytestRun } from './helpers';
import { barePython } from '../helpers/python';

const NAMESPACE = 'rfsn';
const METRICS = [
  'proposals_total', 'proposals_rejected_total', 'proposals_accepted_total',
  'repair_duration_seconds', 'repair_iterations', 'active_repairs', 'repair_outcomes_total',
  'tests_run_total', 'test_duration_seconds', 'test_failures_total',
  'cache_hits_total', 'cache_misses_total', 'cache_size_bytes',
  'llm_calls_total', 'llm_tokens_total', 'llm_latency_seconds', 'llm_errors_total',
  'gate_validations_total', 'gate_rejections_total', 'system_info',
].map((m) => `${NAMESPACE}_${m}`);

let root: string;
let generated: string[];

beforeAll(() => {
  root = makeProject('run');
  generated = [];
  // metrics-server first: it must bring metrics along
  for (const kind of ['metrics-server', 'pool', 'tracing', 'async-cache', 'benchmarks', 'grafana']) {
    const res = scaffold({ kind, out: root, namespace: NAMESPACE });
    generated.push(...res.files.filter((f) => f.action !== 'keep').map((f) => f.abs));
  }
});

afterAll(removeTempDirs);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function explain(run: PytestRun): string {
  return run.output.split('\n').slice(-60).join('\n');
}

test('every generated module passes its generated tests', async () => {
  expect(generated.map((f) => path.relative(root, f).split(path.sep).join('/')).sort()).toEqual([
    'benchmarks/bench_pool.py',
    'demo_app/async_cache.py',
    'demo_app/db_pool.py',
    'demo_app/metrics.py',
    'demo_app/metrics_server.py',
    'demo_app/tracing.py',
    'docs/TRACING.md',
    'grafana/dashboard.json',
    'tests/test_async_cache.py',
    'tests/test_db_pool.py',
    'tests/test_metrics.py',
    'tests/test_metrics_server.py',
    'tests/test_tracing.py',
  ]);
  const run = await runPytest(root);
  if (run.exitCode !== 0) throw new Error(`pytest failed (exit ${run.exitCode}):\n${explain(run)}`);
  // the venv has the OpenTelemetry SDK: the real-SDK tests run too, and nothing skips
  expect(Object.fromEntries(run.byFile)).toEqual({
    'tests/test_async_cache.py': { passed: 9, skipped: 0 },
    'tests/test_db_pool.py': { passed: 18, skipped: 0 },
    'tests/test_metrics.py': { passed: 15, skipped: 0 },
    'tests/test_metrics_server.py': { passed: 11, skipped: 0 },
    'tests/test_tracing.py': { passed: 7, skipped: 0 },
  });
  expect(run.passed).toBe(60);
  expect(run.skipped).toBe(0);
  expect(run.failed).toBe(0);
});

test('the modules that need no optional package work on a bare python3: tracing as a no-op, the pool, its benchmark', async () => {
  // the point is the fallback: this interpreter lacks OpenTelemetry, prometheus_client and aiosqlite by construction, whatever Debian has installed
  const python = barePython();
  const bare = execa.sync(python, ['-c', 'import importlib.util as u; print([m for m in ("opentelemetry", "prometheus_client", "aiosqlite", "pytest") if u.find_spec(m)])'], { reject: false });
  expect(bare.stdout.trim()).toBe('[]');
  const script = [
    'import warnings',
    'with warnings.catch_warnings(record=True) as caught:',
    '    warnings.simplefilter("always")',
    '    from demo_app import tracing',
    '    tracing.setup_tracing()',
    'assert tracing.OTEL_AVAILABLE is False',
    'assert any(issubclass(w.category, RuntimeWarning) for w in caught), [str(w.message) for w in caught]',
    '@tracing.traced()',
    'def double(x: int) -> int:',
    '    return 2 * x',
    'with tracing.span("outer", kind="test"):',
    '    assert double(21) == 42',
    'from demo_app.db_pool import ConnectionPool',
    'import tempfile, os',
    'with tempfile.TemporaryDirectory() as d:',
    '    pool = ConnectionPool(os.path.join(d, "x.db"))',
    '    with pool.connection() as conn:',
    '        assert conn.execute("select 40 + 2").fetchone()[0] == 42',
    '    pool.close()',
    'print("ok")',
  ].join('\n');
  const run = execa.sync(python, ['-c', script], { cwd: root, reject: false, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  if (run.exitCode !== 0) throw new Error(`bare python3 failed:\n${run.stderr}`);
  expect(run.stdout.trim()).toBe('ok');
  const bench = await execa(python, ['benchmarks/bench_pool.py', '--queries', '20', '--repeat', '1', '--threads', '2'], { cwd: root, reject: false });
  if (bench.exitCode !== 0) throw new Error(`bench_pool.py on bare python3 failed:\n${bench.stderr}`);
});

test('python -m <package>.metrics_server serves /metrics and /health on a loopback port', async () => {
  const port = await freePort();
  const server = execa(testPython(), ['-m', 'demo_app.metrics_server', '--port', String(port), '--host', '127.0.0.1'], { cwd: root, reject: false });
  try {
    const base = `http://127.0.0.1:${port}`;
    let health: Response | undefined;
    for (let i = 0; i < 200 && !health; i++) {
      try {
        health = await fetch(`${base}/health`);
      } catch {
        if (server.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (!health) throw new Error(`the server did not answer on ${base}: ${(await server.catch((e) => e)).stderr ?? ''}`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json');
    expect(await health.json()).toMatchObject({ status: 'ok', checks: {} });

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    const types = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const name of METRICS) expect(types).toContain(name);
    expect(text).toMatch(/^rfsn_system_info\{python_version="[\d.]+",version="unknown"\} 1\.0$/m);
    expect(text).toContain('rfsn_repair_duration_seconds_bucket{le="3600.0"} 0.0');

    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  } finally {
    server.kill('SIGTERM');
    await server;
  }
});

test('the pool benchmark prints a table', async () => {
  const run = await execa(testPython(), ['benchmarks/bench_pool.py', '--queries', '20', '--repeat', '1', '--threads', '2'], { cwd: root, reject: false });
  expect(run.stderr).toMatch(/SQLite [\d.]+, 20 queries per scenario, best of 1/);
  expect(run.exitCode).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(6);
  expect(lines[0].split('|').map((c) => c.trim())).toEqual(['scenario', 'queries', 'total s', 'us/query', 'queries/s', 'speedup']);
  expect(lines[1]).toMatch(/^-+(-\+-+)+$/);
  expect(lines.slice(2).map((l) => l.split('|')[0].trim())).toEqual([
    'new connection per query',
    'pooled',
    'new connection per query, 2 threads',
    'pooled, 2 threads',
  ]);
  for (const row of lines.slice(2)) {
    const cells = row.split('|').map((c) => c.trim());
    expect(cells).toHaveLength(6);
    expect(cells[1]).toBe('20');
    expect(cells[5]).toMatch(/^\d+\.\d\dx$/);
  }
});

test('the Grafana dashboard queries only metrics the generated module exposes, and all of them', () => {
  const dashboard = JSON.parse(read(root, 'grafana/dashboard.json'));
  const exprs: string[] = dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr));
  const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\brfsn_[a-z_]+/g)].map((m) => m[0])));
  // every series name a scrape of these metrics can contain, from the generated module itself
  const script = [
    'from prometheus_client import CollectorRegistry',
    'from demo_app.metrics import Metrics',
    'suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"], "gauge": [""], "info": ["_info"]}',
    'm = Metrics(registry=CollectorRegistry())',
    'import sys',
    'sys.stdout.write("\\n".join(f.name + s for f in m.registry.collect() for s in suffixes[f.type]))',
  ].join('\n');
  const run = execa.sync(testPython(), ['-c', script], { cwd: root });
  const exposed = new Set(run.stdout.split('\n'));
  expect([...used].filter((n) => !exposed.has(n))).toEqual([]);
  const base = (n: string): string => n.replace(/_(bucket|sum|count)$/, '');
  for (const name of METRICS) expect([...used].some((u) => base(u) === name)).toBe(true);
  expect(dashboard.uid).toBe('rfsn-overview');
  expect(dashboard.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
});

test('generated Python follows the rules it asks of others', () => {
  const pyFiles = generated.filter((f) => f.endsWith('.py'));
  const check = execa.sync(testPython(), [path.join(__dirname, 'check_generated.py'), ...pyFiles], { reject: false });
  expect(check.stdout).toBe(`checked ${pyFiles.length} files, 0 problems`);
  expect(check.exitCode).toBe(0);

  // and the tool's own scan, with the per-file rule families it has (project-level ones such as
  // DEP001 "not declared" or INT001 "imported only by tests" are expected in a bare temp project)
  const rules: { code: string }[] = JSON.parse(cli(['rules', '--format', 'json'], root).stdout);
  const families = ['SEC', 'DOC', 'LOG', 'TYP', 'FMT', 'TODO', 'ASY', 'DB', 'NET'];
  const select = families.filter((f) => rules.some((r) => r.code.startsWith(f) && /^[A-Z]+\d+$/.test(r.code) && r.code.replace(/\d+$/, '') === f));
  expect(select).toEqual(expect.arrayContaining(['SEC', 'DOC']));
  const scan = cli(['scan', 'demo_app', 'tests', 'benchmarks', '--select', select.join(','), '--format', 'json', '--fail-on', 'never', '--no-progress'], root);
  expect(scan.stderr).not.toMatch(/^(error|warning|rfsn-upgrade)/im);
  expect(scan.exitCode).toBe(0);
  const findings: { code: string; severity: string; path: string; line: number; message: string }[] = JSON.parse(scan.stdout).findings;
  const real = findings.filter(
    (f) =>
      // info is not a problem: DB002 "uses the synchronous sqlite3 driver" is what the pool is for
      f.severity !== 'info' &&
      // SEC006 takes the Prometheus label `token_type="prompt"` (OpenTelemetry's gen_ai.token.type) for a secret: a false positive
      !(f.code === 'SEC006' && /token_type/.test(f.message)),
  );
  expect(real.map((f) => `${f.path}:${f.line} ${f.code} ${f.message}`)).toEqual([]);
});

describe('tests --for MODULE', () => {
  const shapes = `"""Shapes of public symbols."""

from __future__ import annotations

import asyncio
import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass, field


def answer() -> int:
    """Return 42, after leaving a mark in the working directory (a generated test must not call it)."""
    with open("answer-was-called", "w", encoding="utf-8") as fh:
        fh.write("called")
    return 42


def greet(name: str, punctuation: str = "!") -> str:
    """Greet someone."""
    return f"hello {name}{punctuation}"


async def ready() -> bool:
    """Be ready after a tick."""
    await asyncio.sleep(0)
    return True


def numbers() -> object:
    """Yield forever."""
    n = 0
    while True:
        yield n
        n += 1


def main(argv: list[str] | None = None) -> int:
    """Run the program."""
    raise SystemExit(2)


def _helper() -> None:
    """Private: no test."""


class Plain:
    """Built without arguments, leaving a mark (a generated test must not build it)."""

    def __init__(self) -> None:
        """Leave the mark."""
        with open("plain-was-built", "w", encoding="utf-8") as fh:
            fh.write("built")


class Store:
    """Needs a path."""

    def __init__(self, path: str, *, size: int = 3) -> None:
        """Remember the path."""
        self.path = path


class Color(enum.Enum):
    """Colours."""

    RED = 1
    BLUE = 2


class StoreError(RuntimeError):
    """Raised by the store."""


class Base(ABC):
    """Abstract."""

    @abstractmethod
    def run(self) -> None:
        """Run."""


@dataclass
class Options:
    """All defaults."""

    retries: int = 3
    tags: list[str] = field(default_factory=list)


@dataclass
class Point:
    """Needs coordinates."""

    x: int
    y: int


class FancyStore(Store):
    """Inherits a constructor that needs a path."""


class FancyPlain(Plain):
    """Inherits a constructor without arguments."""
`;

  test('writes a pytest file that passes and calls nothing of the module: what needs no arguments is skipped as "to be written" too (RFSN: a generated test started a server that never ended, another wrote a database into the package)', async () => {
    const proj = makeProject('testsfor');
    write(proj, 'demo_app/shapes.py', shapes);
    const res = cli(['scaffold', 'tests', '--for', 'demo_app/shapes.py'], proj);
    expect(res.stderr).toBe('');
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/^wrote {2}tests\/test_shapes\.py$/m);
    const text = read(proj, 'tests/test_shapes.py');
    expect(text).toContain('import demo_app.shapes as module');
    expect(text).toContain('pytest.skip("to be written: greet() needs name")');
    expect(text).toContain('pytest.skip("to be written: Store() needs path")');
    expect(text).toContain('pytest.skip("to be written: Point() needs x, y")');
    expect(text).toContain('pytest.skip("to be written: Base is abstract: test a concrete subclass")');
    expect(text).toContain('pytest.skip("to be written: main() is an entry point: call it with explicit arguments")');
    expect(text).not.toContain('_helper');
    const names = [...text.matchAll(/^def (test_\w+)/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'test_import', 'test_answer', 'test_greet', 'test_ready', 'test_numbers', 'test_main', 'test_plain', 'test_store',
      'test_color', 'test_store_error', 'test_base', 'test_options', 'test_point', 'test_fancy_store', 'test_fancy_plain',
    ]);
    const run = await runPytest(proj, ['tests/test_shapes.py']);
    if (run.exitCode !== 0) throw new Error(`pytest failed:\n${explain(run)}`);
    // passed: import, Color, StoreError (an enum's members and an exception raised: no code of the module runs)
    // skipped: everything callable, with what it needs (FancyStore's inherited constructor is probed at run time)
    expect([run.passed, run.skipped, run.failed]).toEqual([3, 12, 0]);
    expect(run.output).toContain('to be written: FancyStore() needs path');
    expect(run.output).toContain('to be written: call answer() and check what it returns');
    expect(fs.existsSync(path.join(proj, 'answer-was-called'))).toBe(false);
    expect(fs.existsSync(path.join(proj, 'plain-was-built'))).toBe(false);
    // status counts every one of those skips as a test to write (each stub's body starts with the skip)
    const status = cli(['status', '--format', 'json', '.'], proj);
    const u11 = (JSON.parse(status.stdout) as { upgrades: Array<{ id: string; unfinished: string[] }> }).upgrades.find((u) => u.id === 'U11')!;
    expect(u11.unfinished).toEqual(['12 tests to write: skipped stubs in tests/test_shapes.py']);

    const check = execa.sync(testPython(), [path.join(__dirname, 'check_generated.py'), path.join(proj, 'tests/test_shapes.py')], { reject: false });
    expect(check.stdout).toBe('checked 1 files, 0 problems');
  });

  test('a dotted name works too, and a module with a syntax error is a usage error', () => {
    const proj = makeProject('testsfor2');
    write(proj, 'demo_app/sub/__init__.py', '"""Sub."""\n');
    write(proj, 'demo_app/sub/calc.py', '"""Calc."""\n\n\ndef add(a: int, b: int) -> int:\n    """Add."""\n    return a + b\n');
    write(proj, 'demo_app/bad.py', 'def broken(:\n');
    expect(cli(['scaffold', 'tests', '--for', 'demo_app.sub.calc'], proj).exitCode).toBe(0);
    expect(read(proj, 'tests/test_calc.py')).toContain('import demo_app.sub.calc as module');
    const bad = cli(['scaffold', 'tests', '--for', 'demo_app.bad'], proj);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^rfsn-upgrade: public_symbols\.py: .*bad\.py:1: syntax error/);
  });
});

// config-docs has its own test file, tests/scaffold/config-docs.test.ts (no Python needed)
