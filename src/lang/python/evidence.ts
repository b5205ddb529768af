import fs from 'node:fs';
import path from 'node:path';
import { importsAny, type ModuleFacts } from './modules';

/**
 * Project-wide evidence that the "does the project have X at all" rules
 * (OBS001, OBS002, BEN001, MIG001) and `status` share: which libraries are
 * imported anywhere, which files and folders exist.
 */
const METRICS_MODULES = ['prometheus_client', 'opentelemetry.metrics', 'opentelemetry.sdk.metrics', 'opentelemetry.exporter.prometheus', 'aioprometheus', 'prometheus_fastapi_instrumentator', 'starlette_exporter'];
const TRACING_MODULES = ['opentelemetry.trace', 'opentelemetry.sdk.trace', 'opentelemetry.instrumentation'];
const BENCHMARK_MODULES = ['pytest_benchmark', 'pyperf', 'asv'];

/** The first file (in path order) whose facts satisfy `test`. */
export function firstFileWhere(files: Array<{ path: string; facts: ModuleFacts | undefined }>, test: (f: ModuleFacts) => boolean): string | null {
  const hit = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).find((f) => f.facts && test(f.facts));
  return hit ? hit.path : null;
}

export function importsMetrics(f: ModuleFacts): boolean {
  return importsAny(f, METRICS_MODULES);
}

export function importsTracing(f: ModuleFacts): boolean {
  return importsAny(f, TRACING_MODULES);
}

/** A folder at the project root with at least one file in it. */
function nonEmptyDir(root: string, name: string): string | null {
  const dir = path.join(root, name);
  try {
    if (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).length > 0) return dir;
  } catch {
    // missing
  }
  return null;
}

/** Benchmark evidence: a benchmarks/ folder, an asv config, pytest-benchmark's fixture or a benchmark library import. */
export function benchmarkEvidence(root: string, files: Array<{ path: string; facts: ModuleFacts | undefined }>): string | null {
  for (const name of ['benchmarks', 'benchmark', 'bench']) {
    const d = nonEmptyDir(root, name);
    if (d) return d;
  }
  if (fs.existsSync(path.join(root, 'asv.conf.json'))) return path.join(root, 'asv.conf.json');
  return firstFileWhere(files, (f) => f.benchmarkFixture || importsAny(f, BENCHMARK_MODULES));
}

const MIGRATION_FILE = /^migrat(ion|ions|ing)([-_ .].*)?\.(md|rst|txt|markdown)$/i;

/** A migration guide: MIGRATION*.md at the root, or docs/**\/migration* (three levels deep at most). */
export function migrationGuide(root: string): string | null {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(root).sort();
  } catch {
    return null;
  }
  const top = entries.find((e) => MIGRATION_FILE.test(e));
  if (top) return path.join(root, top);
  const walk = (dir: string, depth: number): string | null => {
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return null;
    }
    for (const e of list) if (/^migrat/i.test(e.name)) return path.join(dir, e.name);
    if (depth <= 0) return null;
    for (const e of list) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const hit = walk(path.join(dir, e.name), depth - 1);
      if (hit) return hit;
    }
    return null;
  };
  return walk(path.join(root, 'docs'), 2);
}
