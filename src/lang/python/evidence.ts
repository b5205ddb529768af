import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { relPosix } from '../../core/paths';
import { importsAny, ModuleMap, type ModuleFacts, type ModuleInfo } from './modules';
import { SourceFile } from './source';

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

/**
 * What `status` accepted as a scaffold's evidence: the file (or folder) and
 * why it works, or null with why nothing was accepted.
 */
export interface Evidence {
  at: string | null;
  why: string;
}

type ViewFile = { path: string; absPath?: string; facts: ModuleFacts | undefined };

/** The metrics library a module imports, as written (for the why). */
function metricsLibrary(f: ModuleFacts): string {
  return f.imports.map((i) => i.module).find((m) => METRICS_MODULES.some((p) => m === p || m.startsWith(`${p}.`))) ?? 'a metrics library';
}

/**
 * Metrics that work: a module importing a metrics library that the
 * application uses, i.e. some non-test module that imports no metrics library
 * itself (not the metrics server, not another metrics module) reaches it
 * through imports. A metrics.py nothing imports measures nothing (issue 23:
 * RFSN's was accepted as the metrics scaffold).
 */
export function metricsEvidence(files: ViewFile[], root: string, roots: string[]): Evidence {
  const known = files.filter((f): f is ViewFile & { absPath: string } => !!f.absPath);
  const map = new ModuleMap(known, root, roots);
  const factsOf = new Map<ModuleInfo, ModuleFacts>();
  for (const f of known) {
    const m = map.moduleAt(f.absPath);
    if (m && f.facts) factsOf.set(m, f.facts);
  }
  const importers = new Map<ModuleInfo, ModuleInfo[]>();
  for (const [m, facts] of factsOf) {
    if (m.isTest) continue;
    for (const imp of facts.imports) {
      if (imp.typeChecking) continue;
      for (const t of map.resolve(m, imp).targets) if (t !== m) importers.set(t, [...(importers.get(t) ?? []), m]);
    }
  }
  const candidates = [...factsOf].filter(([m, f]) => !m.isTest && importsMetrics(f)).sort(([a], [b]) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!candidates.length) return { at: null, why: 'nothing imports prometheus_client or OpenTelemetry metrics' };
  for (const [m, f] of candidates) {
    const seen = new Set<ModuleInfo>([m]);
    const queue = [...(importers.get(m) ?? [])];
    while (queue.length) {
      const u = queue.shift()!;
      if (seen.has(u)) continue;
      seen.add(u);
      const uf = factsOf.get(u);
      if (uf && !importsMetrics(uf)) return { at: m.path, why: `imports ${metricsLibrary(f)}; used by ${u.path}` };
      queue.push(...(importers.get(u) ?? []));
    }
  }
  const [m, f] = candidates[0];
  return { at: null, why: `${m.path} imports ${metricsLibrary(f)}, but no module of the application imports it` };
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

const BENCH_FOLDERS = ['benchmarks', 'benchmark', 'bench'];

/** The .py files of a benchmark folder (two levels deep), in path order. */
function benchFiles(dir: string, depth = 1): string[] {
  let list: fs.Dirent[];
  try {
    list = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of list) {
    const abs = path.join(dir, e.name);
    if (e.isFile() && e.name.endsWith('.py') && e.name !== '__init__.py' && e.name !== 'conftest.py') out.push(abs);
    else if (e.isDirectory() && depth > 0 && !e.name.startsWith('.') && e.name !== '__pycache__') out.push(...benchFiles(abs, depth - 1));
  }
  return out;
}

/** Whether a script declares a `--smoke` option: some `….add_argument("--smoke", …)` call (the parser must be initialised). */
function declaresSmoke(abs: string): boolean {
  let src: SourceFile;
  try {
    src = new SourceFile(abs, abs, fs.readFileSync(abs, 'utf8'));
  } catch {
    return false;
  }
  try {
    return src.root.descendantsOfType('call').some((c) => {
      const fn = c?.childForFieldName('function');
      const first = c?.childForFieldName('arguments')?.namedChildren[0];
      return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'add_argument' && first?.type === 'string' && /^["']--smoke["']$/.test(first.text);
    });
  } finally {
    src.dispose();
  }
}

/** How long one benchmark may take to show it runs. */
const BENCH_TIMEOUT_MS = 60_000;

/**
 * Run one benchmark briefly with the project's interpreter: a pytest-benchmark
 * file under pytest with --benchmark-disable (each benchmark once), a script
 * that declares --smoke with it, any other file by importing it.
 */
function tryBenchmark(root: string, abs: string, facts: ModuleFacts | undefined, roots: string[], python: string): { ok: boolean; how: string; error?: string } {
  let args: string[];
  let how: string;
  if (facts?.benchmarkFixture) {
    args = ['-m', 'pytest', '-q', '-x', '-p', 'no:cacheprovider', '--benchmark-disable', abs];
    how = 'runs under pytest --benchmark-disable';
  } else if (facts?.mainGuard && declaresSmoke(abs)) {
    args = [abs, '--smoke'];
    how = 'runs with --smoke';
  } else {
    args = ['-c', 'import runpy, sys; runpy.run_path(sys.argv[1], run_name="benchmark_import")', abs];
    how = 'imports (it has no --smoke run to try)';
  }
  const r = spawnSync(python, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: [...roots, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter) },
    timeout: BENCH_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status === 0) return { ok: true, how };
  const last = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const error = r.error ? r.error.message : r.signal ? `stopped after ${BENCH_TIMEOUT_MS / 1000} s` : (last.find((l) => /Error\b|Exception\b/.test(l)) ?? last[last.length - 1] ?? `exit ${r.status}`);
  return { ok: false, how, error };
}

/**
 * Benchmarks that work: the first benchmark file (under benchmarks/, or with
 * pytest-benchmark's fixture) that runs a short iteration with the project's
 * interpreter (issue 23: the generated benchmark imported a pool class the
 * project did not have, and U17 showed done). An asv configuration is taken
 * as it is: asv runs its suite. `python` null: nothing to run it with.
 */
export function benchmarkWorks(root: string, files: ViewFile[], roots: string[], python: string | null): Evidence {
  const factsAt = new Map(files.filter((f) => f.absPath).map((f) => [path.resolve(f.absPath!), f.facts]));
  const candidates = [
    ...BENCH_FOLDERS.flatMap((name) => benchFiles(path.join(root, name))),
    ...files.filter((f) => f.absPath && f.facts && (f.facts.benchmarkFixture || importsAny(f.facts, BENCHMARK_MODULES))).map((f) => f.absPath!),
  ].map((p) => path.resolve(p));
  const unique = [...new Set(candidates)];
  const shown = (abs: string): string => relPosix(root, abs);
  if (!unique.length) {
    const asv = path.join(root, 'asv.conf.json');
    if (fs.existsSync(asv)) return { at: asv, why: 'asv configuration (asv runs the suite; not run here)' };
    return { at: null, why: 'no benchmark file: no benchmarks/ folder, asv configuration or pytest-benchmark test' };
  }
  if (!python) return { at: null, why: `${shown(unique[0])}: no Python interpreter to run it with` };
  let failed: string | null = null;
  // a few at most: each is a process, and one that works is enough
  for (const abs of unique.slice(0, 3)) {
    const r = tryBenchmark(root, abs, factsAt.get(abs), roots, python);
    if (r.ok) return { at: abs, why: `${r.how} with ${python}` };
    failed ??= `${shown(abs)} fails with ${python}: ${r.error}`;
  }
  return { at: null, why: failed! };
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
