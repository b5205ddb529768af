import path from 'node:path';
import { listTemplateFiles, readTemplate, render } from './templates';
import type { GenContext, KindSpec, PlannedFile } from './types';

/**
 * A kind whose files are a template folder copied as is: `templates/<kind>/__PACKAGE__/x.py`
 * goes to the package folder, anything else (tests/, benchmarks/, grafana/) to the project root.
 */
export function planTemplateFolder(kind: string, ctx: GenContext): PlannedFile[] {
  const pkg = ctx.package();
  const tokens = { PACKAGE: pkg.name, NAMESPACE: ctx.namespace() };
  return listTemplateFiles(kind).map((rel) => {
    const [first, ...rest] = rel.split('/');
    const abs = first === '__PACKAGE__' ? path.join(pkg.dir, ...rest) : path.join(ctx.root, ...rel.split('/'));
    return { abs, content: render(readTemplate(`${kind}/${rel}`), tokens, `${kind}/${rel}`) };
  });
}

const pytest = (...files: string[]): string => `run its tests: python3 -m pytest ${files.join(' ')}`;

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
    plan: (ctx) => planTemplateFolder('metrics-server', ctx),
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
    plan: (ctx) => planTemplateFolder('benchmarks', ctx),
    next: () => ['run: python3 benchmarks/bench_pool.py'],
  },
  {
    name: 'grafana',
    summary: 'grafana/dashboard.json: a Grafana dashboard for the metrics of `scaffold metrics`',
    upgrade: 'U07',
    plan: (ctx) => planTemplateFolder('grafana', ctx),
    next: () => ['import grafana/dashboard.json in Grafana (Dashboards > New > Import) and pick the Prometheus data source'],
  },
];
