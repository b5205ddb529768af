/**
 * Issue 23: the scaffolds that generate code against a module of the
 * project's own (benchmarks against its db_pool.py, grafana and
 * metrics-server against its metrics.py) read that module and generate
 * against what it defines, or refuse with one line and write nothing.
 */
import execa from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { cli, makeProject, read, removeTempDirs, testPython, tree, write } from './helpers';

afterAll(removeTempDirs);

// shaped like RFSN's: the class has another name, get_pool returns it (the whole-upgrade test's project holds the same module)
const OWN_POOL = fs.readFileSync(path.join(__dirname, 'rfsn-shaped', 'minictl', 'db_pool.py'), 'utf8');

// shaped like RFSN's: module-level metrics named rfsn_*, no NAMESPACE, METRICS or timed
const OWN_METRICS = `"""Metrics of the project's own."""
from prometheus_client import Counter, Histogram, Info

proposals_total = Counter("rfsn_proposals_total", "Proposals", ["intent", "action_type"])
repair_duration = Histogram("rfsn_repair_duration_seconds", "Repair time")
system_info = Info("rfsn_system", "System")
`;

test('scaffold benchmarks drives the project\'s own pool class (another name than ConnectionPool), and the benchmark runs', () => {
  const root = makeProject('own-pool', { name: 'demo-app' });
  write(root, 'demo_app/db_pool.py', OWN_POOL);
  const res = cli(['scaffold', 'benchmarks'], root);
  expect(res.stderr).toBe('');
  expect(res.exitCode).toBe(0);
  expect(tree(root)).toEqual(['benchmarks/bench_pool.py', 'demo_app/__init__.py', 'demo_app/db_pool.py', 'pyproject.toml']);
  const bench = read(root, 'benchmarks/bench_pool.py');
  expect(bench).toContain('from demo_app.db_pool import SQLiteConnectionPool as ConnectionPool\n');
  const run = execa.sync(testPython(), ['benchmarks/bench_pool.py', '--smoke'], { cwd: root, reject: false, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  expect(run.stderr).toContain('20 queries per scenario, best of 1');
  expect(run.exitCode).toBe(0);
  expect(run.stdout.split('\n').filter((l) => /^pooled/.test(l))).toHaveLength(2);
});

test('scaffold benchmarks refuses, in one line, a db_pool.py with no class it can drive', () => {
  const root = makeProject('no-pool-class', { name: 'demo-app' });
  write(root, 'demo_app/db_pool.py', '"""Only functions."""\n\n\ndef get_pool(path):\n    return None\n');
  const res = cli(['scaffold', 'benchmarks'], root);
  expect(res.exitCode).toBe(1);
  expect(res.stdout).toBe('');
  expect(res.stderr).toBe(
    "rfsn-upgrade: scaffold benchmarks: demo_app/db_pool.py has no pool class the benchmark can drive (a class with connection(), __enter__/__exit__ and a pool_size parameter, like the pool scaffold's ConnectionPool); nothing written",
  );
  expect(tree(root)).toEqual(['demo_app/__init__.py', 'demo_app/db_pool.py', 'pyproject.toml']);
});

test('scaffold grafana queries the prefix of the package\'s own metrics (rfsn_*, not demo_app_*) and says which series it lacks', () => {
  const root = makeProject('own-metrics', { name: 'demo-app' });
  write(root, 'demo_app/metrics.py', OWN_METRICS);
  const res = cli(['scaffold', 'grafana'], root);
  expect(res.stderr).toBe('');
  expect(res.exitCode).toBe(0);
  const exprs = [...read(root, 'grafana/dashboard.json').matchAll(/"expr": "([^"]*)"/g)].map((m) => m[1]);
  expect(exprs.some((e) => e.includes('rfsn_proposals_total'))).toBe(true);
  expect(exprs.filter((e) => /demo_app_/.test(e))).toEqual([]);
  const note = res.stdout.split('\n').find((l) => l.startsWith('next: ') && l.includes('series the dashboard queries'));
  expect(note).toMatch(/^next: \d+ of the \d+ series the dashboard queries are not in demo_app\/metrics.py: rfsn_/);
  expect(note).not.toContain('rfsn_proposals_total,');
  // --namespace names the prefix as given
  const named = cli(['scaffold', 'grafana', '--namespace', 'other', '--force'], root);
  expect(named.exitCode).toBe(0);
  expect(read(root, 'grafana/dashboard.json')).toContain('other_proposals_total');
});

test('scaffold grafana refuses metrics that share nothing with the dashboard; metrics-server refuses a metrics.py without METRICS', () => {
  const root = makeProject('foreign-metrics', { name: 'demo-app' });
  write(root, 'demo_app/metrics.py', '"""Other metrics."""\nfrom prometheus_client import Counter\n\nhits = Counter("shop_hits_total", "Hits")\nmisses = Counter("shop_misses_total", "Misses")\n');
  const grafana = cli(['scaffold', 'grafana'], root);
  expect(grafana.exitCode).toBe(1);
  expect(grafana.stderr).toBe('rfsn-upgrade: scaffold grafana: demo_app/metrics.py defines none of the series the dashboard queries (shop_active_repairs, …); nothing written');
  const server = cli(['scaffold', 'metrics-server'], root);
  expect(server.exitCode).toBe(1);
  expect(server.stderr).toBe(
    "rfsn-upgrade: scaffold metrics-server: demo_app/metrics.py does not define METRICS, package_version, METRIC_NAMES, NAMESPACE, Metrics, which the generated metrics_server.py (with its test) imports from it (it is not the metrics scaffold's module); nothing written",
  );
  expect(tree(root)).toEqual(['demo_app/__init__.py', 'demo_app/metrics.py', 'pyproject.toml']);
});
