import { performance } from 'node:perf_hooks';

/**
 * `--timings`: where a run spends its time, per phase, summed over every
 * thread (so with 2 workers the total is about twice the wall time). Off by
 * default and then free: every entry point checks one boolean. Each thread
 * keeps its own accumulator; workers send theirs back with each batch of
 * results (pool.ts) and the main thread merges them, so `timings()` in the
 * main thread covers the whole run once the pool is done.
 *
 * Phases: discovery, read (reading and decoding), parse, query (the engine's
 * one query per file and its dispatch), rules (per rule code: create, visits,
 * module:exit, facts, and the lazy work they trigger such as name resolution
 * and fix building), project (project-level rules), pycompile (the python3
 * syntax check of files tree-sitter flags), report (formatting the output).
 */
export type Phase = 'discovery' | 'read' | 'parse' | 'query' | 'rules' | 'project' | 'pycompile' | 'report';

export const PHASES: Phase[] = ['discovery', 'read', 'parse', 'query', 'rules', 'project', 'pycompile', 'report'];

export interface TimingsData {
  /** milliseconds per phase */
  phases: Partial<Record<Phase, number>>;
  /** milliseconds per rule code (their sum is `phases.rules`) */
  rules: Record<string, number>;
  /** files counted in `read` */
  files: number;
}

const ENV = 'RFSN_UPGRADE_TIMINGS';
let on = process.env[ENV] === '1';
let data: TimingsData = { phases: {}, rules: {}, files: 0 };

/** Turn timings on in this thread and (through the environment they inherit) in worker threads started after. */
export function enableTimings(): void {
  on = true;
  process.env[ENV] = '1';
}

export function timingsEnabled(): boolean {
  return on;
}

/** A timestamp when timings are on, else 0 (pair with `addSince`). */
export function now(): number {
  return on ? performance.now() : 0;
}

export function addSince(phase: Phase, t0: number): void {
  if (on) data.phases[phase] = (data.phases[phase] ?? 0) + (performance.now() - t0);
}

export function addPhase(phase: Phase, ms: number): void {
  if (on) data.phases[phase] = (data.phases[phase] ?? 0) + ms;
}

/** Adds the time since `t0` to rule `code` (and to the rules phase); returns it. */
export function addRuleSince(code: string, t0: number): number {
  if (!on) return 0;
  const ms = performance.now() - t0;
  data.rules[code] = (data.rules[code] ?? 0) + ms;
  data.phases.rules = (data.phases.rules ?? 0) + ms;
  return ms;
}

export function countFile(): void {
  if (on) data.files++;
}

/** Run `fn`, adding its time to `phase`. */
export function time<T>(phase: Phase, fn: () => T): T {
  if (!on) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    addSince(phase, t0);
  }
}

export async function timeAsync<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  if (!on) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    addSince(phase, t0);
  }
}

/** This thread's figures since the last take (a worker sends them with a batch's results). */
export function takeTimings(): TimingsData {
  const out = data;
  data = { phases: {}, rules: {}, files: 0 };
  return out;
}

export function mergeTimings(other: TimingsData): void {
  for (const [k, v] of Object.entries(other.phases)) data.phases[k as Phase] = (data.phases[k as Phase] ?? 0) + (v ?? 0);
  for (const [k, v] of Object.entries(other.rules)) data.rules[k] = (data.rules[k] ?? 0) + v;
  data.files += other.files;
}

/** The figures so far (not reset). */
export function timings(): TimingsData {
  return data;
}

/** A table for stderr: phases in run order with their share, then the rules, slowest first. */
export function formatTimings(t: TimingsData = data, wallMs?: number, topRules = 12): string {
  const total = PHASES.reduce((s, p) => s + (t.phases[p] ?? 0), 0);
  const pct = (ms: number): string => (total ? `${((100 * ms) / total).toFixed(1)}%` : '');
  const row = (name: string, ms: number): string => `  ${name.padEnd(22)} ${ms.toFixed(0).padStart(8)} ms ${pct(ms).padStart(7)}\n`;
  let out = `timings (thread time summed over threads${wallMs !== undefined ? `; wall ${wallMs.toFixed(0)} ms` : ''}${t.files ? `; ${t.files} files` : ''}):\n`;
  for (const p of PHASES) {
    const label = { discovery: 'discovery', read: 'reading and decoding', parse: 'parsing', query: 'query and dispatch', rules: 'rule code', project: 'project rules', pycompile: 'python3 syntax check', report: 'reporting' }[p];
    out += row(label, t.phases[p] ?? 0);
  }
  out += row('total', total);
  const rules = Object.entries(t.rules).sort((a, b) => b[1] - a[1]);
  if (rules.length) {
    out += `rule code by rule (slowest ${Math.min(topRules, rules.length)} of ${rules.length}):\n`;
    for (const [code, ms] of rules.slice(0, topRules)) out += row(code, ms);
  }
  return out;
}
