import path from 'node:path';
import { metricsPrefix, ownModule, poolClass, requireNames } from './shape';
import { listTemplateFiles, readTemplate, render } from './templates';
import type { GenContext, KindSpec, PlannedFile } from './types';

/**
 * A kind whose files are a template folder copied as is: `templates/<kind>/__PACKAGE__/x.py`
 * goes to the package folder, anything else (tests/, benchmarks/, grafana/) to the project root.
 */
export function planTemplateFolder(kind: string, ctx: GenContext, extra: Record<string, string> = {}): PlannedFile[] {
  const pkg = ctx.package();
  const tokens = { PACKAGE: pkg.name, NAMESPACE: ctx.namespace(), ...extra };
  return listTemplateFiles(kind).map((rel) => {
    const [first, ...rest] = rel.split('/');
    const abs = first === '__PACKAGE__' ? path.join(pkg.dir, ...rest) : path.join(ctx.root, ...rel.split('/'));
    return { abs, content: render(readTemplate(`${kind}/${rel}`), tokens, `${kind}/${rel}`) };
  });
}

const pytest = (...files: string[]): string => `run its tests: python3 -m pytest ${files.join(' ')}`;

/** The benchmark drives the project's own pool class when it has a db_pool.py (else the pool scaffold's, written with it). */
function planBenchmarks(ctx: GenContext): PlannedFile[] {
  const own = ownModule(ctx, 'db_pool.py');
  const cls = own ? poolClass(own) : 'ConnectionPool';
  return planTemplateFolder('benchmarks', ctx, { POOL_IMPORT: cls === 'ConnectionPool' ? cls : `${cls} as ConnectionPool` });
}

/** The series the dashboard template queries, as the suffixes after the namespace. */
function dashboardSeries(): string[] {
  const text = listTemplateFiles('grafana').map((rel) => readTemplate(`grafana/${rel}`)).join('\n');
  return [...new Set([...text.matchAll(/__NAMESPACE___([a-z0-9_]+)/g)].map((m) => m[1]))].sort();
}

/** The dashboard queries the project's own metrics: their prefix, unless --namespace names one. */
function planGrafana(ctx: GenContext): PlannedFile[] {
  const own = ctx.explicitNamespace ? null : ownModule(ctx, 'metrics.py');
  if (!own) return planTemplateFolder('grafana', ctx);
  const { prefix, note } = metricsPrefix(own, dashboardSeries());
  if (note) ctx.notes.push(note);
  return planTemplateFolder('grafana', ctx, { NAMESPACE: prefix });
}

/** The server reads the registry and version of the package's metrics module: the scaffold's, or one that has them. */
function planMetricsServer(ctx: GenContext): PlannedFile[] {
  const own = ownModule(ctx, 'metrics.py');
  // the server reads METRICS and package_version; its test also imports METRIC_NAMES, NAMESPACE and Metrics
  if (own) requireNames('metrics-server', own, ['METRICS', 'package_version', 'METRIC_NAMES', 'NAMESPACE', 'Metrics'], 'the generated metrics_server.py (with its test)');
  return planTemplateFolder('metrics-server', ctx);
}

export const STATIC_KINDS: KindSpec[] = [
  {
    name: 'pool',
    summary: 'thread-safe SQLite connection pool (db_pool.py) and its tests',
    upgrade: 'U03',
    module: 'db_pool.py',
    plan: (ctx) => planTemplateFolder('pool', ctx),
    next: () => [pytest('tests/test_db_pool.py'), `use it: with get_pool("app.db").connection() as conn: ...`],
  },
  {
    name: 'metrics',
    summary: 'Prometheus metrics (metrics.py) named <namespace>_..., with helpers and tests',
    upgrade: 'U07',
    module: 'metrics.py',
    needs: ['prometheus-client'],
    plan: (ctx) => planTemplateFolder('metrics', ctx),
    next: () => [pytest('tests/test_metrics.py')],
  },
  {
    name: 'metrics-server',
    summary: '/metrics and /health over HTTP (metrics_server.py), WSGI/ASGI apps, and tests',
    upgrade: 'U07',
    module: 'metrics_server.py',
    requires: ['metrics'],
    needs: ['prometheus-client'],
    plan: planMetricsServer,
    next: (ctx) => [pytest('tests/test_metrics_server.py'), `serve: python3 -m ${ctx.package().name}.metrics_server --port 9090`],
  },
  {
    name: 'tracing',
    summary: 'OpenTelemetry tracing (tracing.py) that degrades to a no-op without it, and tests',
    upgrade: 'U10',
    module: 'tracing.py',
    needs: ['opentelemetry-api', 'opentelemetry-sdk', 'opentelemetry-exporter-otlp (optional: tracing is a no-op without them)'],
    plan: (ctx) => planTemplateFolder('tracing', ctx),
    next: () => [pytest('tests/test_tracing.py')],
  },
  {
    name: 'async-cache',
    summary: 'asyncio key/value cache with TTL on aiosqlite (async_cache.py), and tests',
    upgrade: 'U05',
    module: 'async_cache.py',
    needs: ['aiosqlite'],
    plan: (ctx) => planTemplateFolder('async-cache', ctx),
    next: () => [pytest('tests/test_async_cache.py')],
  },
  {
    name: 'benchmarks',
    summary: 'benchmarks/bench_pool.py: pooled vs a new connection per query, as a table',
    upgrade: 'U17',
    requires: ['pool'],
    plan: planBenchmarks,
    next: () => ['run: python3 benchmarks/bench_pool.py (--smoke: one short run, what `rfsn-upgrade status` tries)'],
  },
  {
    name: 'grafana',
    summary: "grafana/dashboard.json: a Grafana dashboard for the metrics of `scaffold metrics` (named with the prefix of the package's metrics.py)",
    upgrade: 'U07',
    plan: planGrafana,
    next: () => ['import grafana/dashboard.json in Grafana (Dashboards > New > Import) and pick the Prometheus data source'],
  },
];
