import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judgeState, UPGRADES, upgradeById } from '../../src/upgrades';

/** `status` runs the built CLI on a small project written to a temporary folder. */
const BIN = path.resolve(__dirname, '../../bin/rfsn-upgrade.js');

function writeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-status-'));
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

const PROJECT = {
  'pyproject.toml': '[project]\nname = "demo"\nversion = "1.0"\ndependencies = ["prometheus-client"]\n',
  'demo/__init__.py': '"""Demo."""\n',
  'demo/__main__.py': '"""Entry point."""\nfrom demo import metrics\n',
  'demo/metrics.py': '"""Metrics."""\nfrom prometheus_client import Counter\n\nRUNS = Counter("runs", "Runs")\n',
  'tests/test_metrics.py': '"""Tests."""\nfrom demo import metrics\n',
  'benchmarks/bench_runs.py': '"""Benchmarks."""\n',
  'MIGRATION.md': '# Migrating to 1.0\n',
};

function run(dir: string, args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, 'status', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('status', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeProject(PROJECT);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints every upgrade as JSON with its state, findings and files', () => {
    const r = run(dir, ['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['upgrades', 'done', 'total']);
    expect(json.total).toBe(19);
    expect(json.upgrades.map((u: { id: string }) => u.id)).toEqual(UPGRADES.map((u) => u.id));
    for (const u of json.upgrades) expect(Object.keys(u)).toEqual(['id', 'title', 'priority', 'state', 'findings', 'files', 'evidence', 'unfinished']);
    const byId = Object.fromEntries(json.upgrades.map((u: { id: string }) => [u.id, u]));
    // the metrics module is there (and used) but no metrics server: partial
    expect(byId.U07).toEqual({
      id: 'U07',
      title: 'Prometheus metrics',
      priority: 'medium',
      state: 'partial',
      findings: 0,
      files: [],
      evidence: [
        { scaffold: 'metrics', at: 'demo/metrics.py', why: 'imports prometheus_client; used by demo/__main__.py' },
        { scaffold: 'metrics-server', at: null, why: 'no metrics_server.py or a module defining start_metrics_server()' },
      ],
      unfinished: [],
    });
    // nothing unused, every module tested, dependencies declared, a guide and a benchmarks folder
    for (const id of ['U01', 'U08', 'U11', 'U16', 'U17']) expect({ id, state: byId[id].state }).toEqual({ id, state: 'done' });
    // no tracing: one project-level finding on pyproject.toml, no scaffold
    expect(byId.U10).toEqual({
      id: 'U10',
      title: 'Distributed tracing',
      priority: 'medium',
      state: 'todo',
      findings: 1,
      files: ['pyproject.toml'],
      evidence: [{ scaffold: 'tracing', at: null, why: 'no module importing opentelemetry, or tracing.py defining traced()' }],
      unfinished: [],
    });
    expect(json.done).toBe(json.upgrades.filter((u: { state: string }) => u.state === 'done').length);
  });

  it('prints a table by priority with the overall progress', () => {
    const json = JSON.parse(run(dir, ['--format', 'json']).stdout);
    const r = run(dir, []);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('High priority');
    expect(lines.indexOf('Medium priority')).toBeGreaterThan(0);
    expect(lines.indexOf('Low priority')).toBeGreaterThan(lines.indexOf('Medium priority'));
    expect(lines.find((l) => l.startsWith('  U07'))).toMatch(/^ {2}U07 {2}Prometheus metrics +partial +no findings$/);
    expect(lines.find((l) => l.startsWith('  U10'))).toMatch(/todo +1 finding in 1 file$/);
    expect(r.stdout).toContain(
      '        scaffold metrics: demo/metrics.py (imports prometheus_client; used by demo/__main__.py)\n' +
        '        scaffold metrics-server: not accepted: no metrics_server.py or a module defining start_metrics_server()\n',
    );
    const pct = Math.round((json.done / 19) * 100);
    expect(lines[lines.length - 2]).toBe(`Overall progress: ${json.done}/19 upgrades complete (${pct}%)`);
  });

  it('refuses an unknown format with exit code 2', () => {
    const r = run(dir, ['--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--format must be text or json, not 'xml'");
  });

  it('judges partial when a scaffold exists but findings remain', () => {
    const u03 = upgradeById('U03')!;
    expect(judgeState(u03, 9, new Set(['pool']))).toBe('partial');
    expect(judgeState(u03, 0, new Set(['pool']))).toBe('done');
    expect(judgeState(u03, 0, new Set())).toBe('todo');
    expect(judgeState(u03, 3, new Set())).toBe('todo');
    expect(judgeState(upgradeById('U13')!, 0, new Set())).toBe('done');
  });

  it('reads the sample project', () => {
    const out = execFileSync(process.execPath, [BIN, 'status', 'fixtures/sample-project', '--format', 'json'], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
    const json = JSON.parse(out);
    const u01 = json.upgrades.find((u: { id: string }) => u.id === 'U01');
    expect(u01.files).toEqual(['fixtures/sample-project/taskrunner/artifacts.py', 'fixtures/sample-project/taskrunner/planner_v2/__init__.py']);
  });
});

/**
 * Issue 23: a verdict names the evidence it accepted, and the evidence works.
 * A project shaped like RFSN's: its own metrics.py that only the metrics
 * server and a test import, a benchmark that imports a class db_pool.py does
 * not have, generated tests that only skip.
 */
describe('status: evidence that works', () => {
  let dir: string;
  type Seen = { state: string; evidence: Array<{ scaffold: string; at: string | null; why: string }>; unfinished: string[] };
  const byId = (): Record<string, Seen> => {
    const r = run(dir, ['--format', 'json']);
    expect(r.stderr).toBe('');
    return Object.fromEntries(JSON.parse(r.stdout).upgrades.map((u: { id: string }) => [u.id, u]));
  };
  beforeAll(() => {
    dir = writeProject({
      'pyproject.toml': '[project]\nname = "demo"\nversion = "1.0"\ndependencies = ["prometheus-client"]\n',
      'demo/__init__.py': '"""Demo."""\n',
      'demo/metrics.py': '"""Metrics."""\nfrom prometheus_client import Counter\n\nRUNS = Counter("demo_runs", "Runs")\n',
      'demo/metrics_server.py':
        '"""Serve."""\nfrom prometheus_client import start_http_server\n\nfrom demo import metrics\n\n\ndef start_metrics_server() -> None:\n    """Serve."""\n    start_http_server(0)\n',
      'demo/db_pool.py': '"""Pool."""\n\n\nclass SQLiteConnectionPool:\n    """Pool."""\n',
      'demo/jobs.py': '"""Jobs."""\n\n\ndef run() -> int:\n    """Run."""\n    return 1\n',
      'tests/test_metrics.py': '"""Tests."""\nfrom demo import db_pool, metrics, metrics_server\n\n\ndef test_runs() -> None:\n    """Counts."""\n    assert metrics.RUNS\n',
      'tests/test_jobs.py':
        '"""Generated."""\nimport pytest\n\nfrom demo import jobs\n\n\ndef test_import() -> None:\n    """Imports."""\n    assert jobs\n\n\ndef test_run() -> None:\n    """Stub."""\n    pytest.skip("to be written: run")\n\n\n@pytest.mark.skip(reason="to be written")\ndef test_other() -> None:\n    """Stub."""\n',
      'benchmarks/bench_pool.py': '"""Benchmark."""\nfrom demo.db_pool import ConnectionPool\n',
      'MIGRATION.md': '# Migrating to 1.0\n',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('metrics count only when a module of the application imports them; a benchmark only when it runs; stubs are tests to write', () => {
    const before = byId();
    // the metrics module is imported by the server and a test only: not accepted, and U07 is not done
    expect(before.U07.evidence[0]).toEqual({ scaffold: 'metrics', at: null, why: 'demo/metrics.py imports prometheus_client, but no module of the application imports it' });
    expect(before.U07.state).toBe('partial');
    // the benchmark imports a class the pool module does not have
    expect(before.U17.evidence[0].at).toBeNull();
    expect(before.U17.evidence[0].why).toMatch(/^benchmarks\/bench_pool\.py fails with .*: ImportError: cannot import name 'ConnectionPool' from 'demo\.db_pool'/);
    expect(before.U17.state).toBe('todo');
    // every module is tested, but two tests only skip
    expect(before.U11.unfinished).toEqual(['2 tests to write: skipped stubs in tests/test_jobs.py']);
    expect(before.U11.state).toBe('partial');
    expect(run(dir, []).stdout).toMatch(/\n {2}U11 {2}Test coverage gaps +partial +no findings\n {8}still to do: 2 tests to write: skipped stubs in tests\/test_jobs.py\n/);

    // the application uses its metrics, the benchmark imports what exists
    fs.writeFileSync(path.join(dir, 'demo/jobs.py'), '"""Jobs."""\nfrom demo.metrics import RUNS\n\n\ndef run() -> int:\n    """Run."""\n    RUNS.inc()\n    return 1\n');
    fs.writeFileSync(path.join(dir, 'benchmarks/bench_pool.py'), '"""Benchmark."""\nfrom demo.db_pool import SQLiteConnectionPool\n');
    const after = byId();
    expect(after.U07.evidence[0]).toEqual({ scaffold: 'metrics', at: 'demo/metrics.py', why: 'imports prometheus_client; used by demo/jobs.py' });
    expect(after.U07.state).toBe('done');
    expect(after.U17.evidence[0].at).toBe('benchmarks/bench_pool.py');
    expect(after.U17.evidence[0].why).toMatch(/^imports \(it has no --smoke run to try\) with /);
    expect(after.U17.state).toBe('done');
  });
});
