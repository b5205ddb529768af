import fs from 'node:fs';
import path from 'node:path';
import { runHelper } from './python';
import { GeneratedCodeError } from './verify';
import type { GenContext } from './types';

/**
 * What a module of the project's own defines (templates/_helpers/module_shape.py,
 * read with Python's ast, never imported): the scaffolds that generate code
 * against such a module (benchmarks against db_pool.py, grafana and
 * metrics-server against metrics.py) generate against what is there or
 * refuse with one line, instead of writing code that imports names it lacks
 * (issue 23: RFSN's pool class is SQLiteConnectionPool, its metrics are rfsn_*).
 */
export interface ModuleShape {
  /** names bound at module level */
  names: string[];
  classes: Array<{ name: string; methods: string[]; init: string[]; init_varkw: boolean }>;
  /** top-level functions and the last name of their return annotation ('' without one) */
  functions: Array<{ name: string; returns: string }>;
  /** module-level NAME = "string" */
  constants: Record<string, string>;
  /** the Prometheus metrics it creates with a literal name (namespace and subsystem joined in) */
  metrics: Array<{ type: string; name: string }>;
}

export function moduleShape(file: string): ModuleShape {
  return runHelper<ModuleShape>('module_shape.py', [file]);
}

/** The package's own module `file` (e.g. metrics.py) when it exists, with the path to show. */
export function ownModule(ctx: GenContext, file: string): { abs: string; shown: string } | null {
  const abs = path.join(ctx.package().dir, file);
  if (!fs.existsSync(abs)) return null;
  const rel = path.relative(process.cwd(), abs);
  return { abs, shown: rel.startsWith('..') ? abs : rel.split(path.sep).join('/') };
}

const POOL_API = ['connection', '__enter__', '__exit__'];

/**
 * The class of the project's db_pool.py the benchmark can drive as
 * `Pool(path, pool_size=n)` used as a context manager with `.connection()`:
 * the class get_pool() returns when it qualifies, else the first that does.
 */
export function poolClass(file: { abs: string; shown: string }): string {
  const shape = moduleShape(file.abs);
  const fits = (c: ModuleShape['classes'][number]): boolean => POOL_API.every((m) => c.methods.includes(m)) && c.init.length > 0 && (c.init.includes('pool_size') || c.init_varkw);
  const returned = shape.functions.find((f) => f.name === 'get_pool')?.returns;
  const hit = shape.classes.find((c) => c.name === returned && fits(c)) ?? shape.classes.find(fits);
  if (!hit) {
    throw new GeneratedCodeError(
      `scaffold benchmarks: ${file.shown} has no pool class the benchmark can drive (a class with connection(), __enter__/__exit__ and a pool_size parameter, like the pool scaffold's ConnectionPool); nothing written`,
    );
  }
  return hit.name;
}

/** The names a generated module imports from the project's module: refuse before writing when one is missing. */
export function requireNames(kind: string, file: { abs: string; shown: string }, needed: string[], reader: string): void {
  const have = new Set(moduleShape(file.abs).names);
  // a star import binds names this reading cannot list: the import check after the write judges it
  if (have.has('*')) return;
  const missing = needed.filter((n) => !have.has(n));
  if (missing.length) {
    throw new GeneratedCodeError(`scaffold ${kind}: ${file.shown} does not define ${missing.join(', ')}, which ${reader} imports from it (it is not the metrics scaffold's module); nothing written`);
  }
}

/** The series a metric exposes, as prometheus_client names them. */
function seriesOf(m: { type: string; name: string }): string[] {
  switch (m.type) {
    case 'Counter': {
      const base = m.name.replace(/_total$/, '');
      return [`${base}_total`, `${base}_created`];
    }
    case 'Histogram':
      return ['_bucket', '_sum', '_count'].map((s) => m.name + s);
    case 'Summary':
      return ['_sum', '_count'].map((s) => m.name + s);
    case 'Info':
      return [`${m.name}_info`];
    default:
      return [m.name];
  }
}

/** The longest `_`-separated prefix all names share, leaving each at least one word of its own. */
function commonPrefix(names: string[]): string {
  const split = names.map((n) => n.split('_'));
  const words: string[] = [];
  for (let i = 0; split.every((w) => w.length > i + 1 && w[i] === split[0][i]); i++) words.push(split[0][i]);
  return words.join('_');
}

/**
 * The metric prefix of the project's own metrics module: its NAMESPACE
 * constant (the metrics scaffold's), else the prefix its metric names share.
 * `queried` are the series a generated file queries, as suffixes after the
 * prefix: when the module defines none of them, refuse; when it lacks some,
 * say which (returned as a note).
 */
export function metricsPrefix(file: { abs: string; shown: string }, queried: string[]): { prefix: string; note?: string } {
  const shape = moduleShape(file.abs);
  if (shape.constants.NAMESPACE) return { prefix: shape.constants.NAMESPACE };
  if (!shape.metrics.length) {
    throw new GeneratedCodeError(`scaffold grafana: ${file.shown} creates no Prometheus metric with a literal name, so the dashboard has nothing to query; pass --namespace PREFIX to generate it anyway; nothing written`);
  }
  const prefix = commonPrefix(shape.metrics.map((m) => m.name));
  if (!prefix) throw new GeneratedCodeError(`scaffold grafana: the metrics of ${file.shown} share no name prefix; pass --namespace PREFIX; nothing written`);
  const exposed = new Set(shape.metrics.flatMap(seriesOf));
  const missing = queried.filter((s) => !exposed.has(`${prefix}_${s}`));
  if (missing.length === queried.length) {
    throw new GeneratedCodeError(`scaffold grafana: ${file.shown} defines none of the series the dashboard queries (${prefix}_${queried[0]}, …); nothing written`);
  }
  return { prefix, note: missing.length ? `${missing.length} of the ${queried.length} series the dashboard queries are not in ${file.shown}: ${missing.map((s) => `${prefix}_${s}`).join(', ')}` : undefined };
}
