import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread, threadId } from 'node:worker_threads';

/**
 * `--timings`: where a run spends its CPU, per phase, summed over every
 * thread, so that the split adds up to what the process (and its python3)
 * cost. Off by default and then free: every entry point checks one boolean.
 *
 * Each thread keeps an exclusive clock: one phase is current at a time
 * (`begin`/`end` nest), and the wall time between switches goes to it.
 * Wall time alone overstates every phase on a loaded machine (a thread
 * waiting for a core is not working), so whenever a thread's figures are
 * taken, its wall times are scaled to the CPU the thread used meanwhile
 * (/proc/thread-self/stat on Linux; elsewhere the event loop's active time,
 * which is wall time): the phases then share out that CPU in proportion.
 * Workers send theirs with each batch of results (pool.ts) and the main
 * thread merges them, so `timings()` there covers the whole run.
 *
 * Phases: startup (node, modules, the parser's WASM, before any work),
 * discovery, read (reading and decoding), parse, query (the engine's one
 * query per file, its dispatch, suppressions and error regions), names
 * (name and scope analysis, shared by the rules), rules (per rule code:
 * create, visits, module:exit, facts, fix building), project (project-level
 * rules), cache (lookups, stores, the flush), pycompile (the python3
 * process's own CPU), report (formatting the output), other (the rest of a
 * thread's work: hashing, freeing trees, messages between threads) and
 * helpers (V8's and libuv's own threads: garbage collection, compilation).
 */
export type Phase = 'startup' | 'discovery' | 'read' | 'parse' | 'query' | 'names' | 'rules' | 'project' | 'cache' | 'pycompile' | 'report' | 'other' | 'helpers';

export const PHASES: Phase[] = ['startup', 'discovery', 'read', 'parse', 'query', 'names', 'rules', 'project', 'cache', 'pycompile', 'report', 'other', 'helpers'];

export interface TimingsData {
  /** CPU milliseconds per phase */
  phases: Partial<Record<Phase, number>>;
  /** CPU milliseconds per rule code (their sum is `phases.rules`) */
  rules: Record<string, number>;
  /** files counted in `read` */
  files: number;
  /** CPU milliseconds per thread ('main', 'worker N'), python3's process ('python3') and the helper threads ('helpers') */
  threads: Record<string, number>;
  /** true when some thread's CPU could not be read and its event loop's active (wall) time stands in */
  estimated?: boolean;
}

const ENV = 'RFSN_UPGRADE_TIMINGS';
let on = process.env[ENV] === '1';
const empty = (): TimingsData => ({ phases: {}, rules: {}, files: 0, threads: {} });
let data = empty();
const threadName = isMainThread ? 'main' : `worker ${threadId}`;

// this thread's clock: wall ms per phase (and per rule) since the last take
let current: Phase = 'other';
let currentRule: string | null = null;
let mark = 0;
let wall: Partial<Record<Phase, number>> = {};
let ruleWall: Record<string, number> = {};
const stack: Array<Phase | string | null> = [];
// this thread's CPU and event-loop figures at the last take
let lastCpu = 0;
let lastIdle = 0;

/**
 * This thread's CPU time in ms since it started: utime + stime of
 * /proc/thread-self/stat (in USER_HZ ticks, 100 a second on every Linux
 * ABI), or null where there is no such file. process.cpuUsage() would be
 * the whole process's, every thread's.
 */
function threadCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

function charge(t: number): void {
  const d = t - mark;
  mark = t;
  wall[current] = (wall[current] ?? 0) + d;
  if (currentRule !== null) ruleWall[currentRule] = (ruleWall[currentRule] ?? 0) + d;
}

/** Start this thread's clock, charging all the CPU it used so far to start-up. */
function startClock(): void {
  const cpu = threadCpuMs();
  const elu = performance.eventLoopUtilization();
  const used = cpu ?? elu.active;
  data.phases.startup = (data.phases.startup ?? 0) + used - lastCpu;
  data.threads[threadName] = (data.threads[threadName] ?? 0) + used - lastCpu;
  lastCpu = used;
  lastIdle = elu.idle;
  wall = {};
  ruleWall = {};
  mark = performance.now();
}

if (on) startClock();

/** Turn timings on in this thread and (through the environment they inherit) in worker threads started after. */
export function enableTimings(): void {
  process.env[ENV] = '1';
  if (on) return;
  on = true;
  startClock();
}

export function timingsEnabled(): boolean {
  return on;
}

/** A worker is ready for work: what it used until now (its parser's start-up) is start-up. */
export function startupDone(): void {
  if (on) startClock();
}

/** Make `phase` (and for the rules phase, rule `code`) current until the matching `end()`. */
export function begin(phase: Phase, code: string | null = null): void {
  if (!on) return;
  charge(performance.now());
  stack.push(current, currentRule);
  current = phase;
  currentRule = code;
}

export function end(): void {
  if (!on) return;
  charge(performance.now());
  currentRule = stack.pop() as string | null;
  current = stack.pop() as Phase;
}

/** Run `fn` with `phase` current. Never around an `await`: the time the thread then waits would be the phase's. */
export function time<T>(phase: Phase, fn: () => T): T {
  if (!on) return fn();
  begin(phase);
  try {
    return fn();
  } finally {
    end();
  }
}

/** Wrap `methods` of `obj` (in place) so that their time is `phase`'s: a shared service called from rule code. */
export function timeMethods<T extends object>(obj: T, phase: Phase, methods: Array<keyof T & string>): T {
  if (!on) return obj;
  for (const m of methods) {
    const fn = obj[m] as unknown as (...a: unknown[]) => unknown;
    (obj as Record<string, unknown>)[m] = (...a: unknown[]) => {
      begin(phase);
      try {
        return fn.apply(obj, a);
      } finally {
        end();
      }
    };
  }
  return obj;
}

/** CPU another process used for this run (python3's verdict), from its own account. */
export function addProcessCpu(phase: Phase, name: string, ms: number): void {
  if (!on) return;
  data.phases[phase] = (data.phases[phase] ?? 0) + ms;
  data.threads[name] = (data.threads[name] ?? 0) + ms;
}

export function countFile(): void {
  if (on) data.files++;
}

/**
 * Settle this thread's clock: the wall time since the last take, less the
 * time its event loop sat idle (which only `other` can hold: no phase spans
 * an await), shared out as the CPU the thread used meanwhile.
 */
function settle(): void {
  charge(performance.now());
  const elu = performance.eventLoopUtilization();
  const cpu = threadCpuMs();
  const used = cpu ?? elu.active;
  if (cpu === null) data.estimated = true;
  const idle = elu.idle - lastIdle;
  wall.other = Math.max(0, (wall.other ?? 0) - idle);
  const spent = used - lastCpu;
  const total = PHASES.reduce((s, p) => s + (wall[p] ?? 0), 0);
  const scale = total > 0 ? spent / total : 0;
  for (const p of PHASES) if (wall[p]) data.phases[p] = (data.phases[p] ?? 0) + wall[p]! * scale;
  for (const [k, v] of Object.entries(ruleWall)) data.rules[k] = (data.rules[k] ?? 0) + v * scale;
  // with nothing on the clock (an idle thread), the CPU is still the thread's
  if (total === 0) data.phases.other = (data.phases.other ?? 0) + spent;
  data.threads[threadName] = (data.threads[threadName] ?? 0) + spent;
  lastCpu = used;
  lastIdle = elu.idle;
  wall = {};
  ruleWall = {};
}

/** This thread's figures since the last take (a worker sends them with a batch's results). */
export function takeTimings(): TimingsData {
  settle();
  const out = data;
  data = empty();
  return out;
}

export function mergeTimings(other: TimingsData): void {
  for (const [k, v] of Object.entries(other.phases)) data.phases[k as Phase] = (data.phases[k as Phase] ?? 0) + (v ?? 0);
  for (const [k, v] of Object.entries(other.rules)) data.rules[k] = (data.rules[k] ?? 0) + v;
  for (const [k, v] of Object.entries(other.threads)) data.threads[k] = (data.threads[k] ?? 0) + v;
  data.files += other.files;
  if (other.estimated) data.estimated = true;
}

/**
 * The figures so far (in the main thread: the whole run, its own clock
 * settled now), with the process's CPU that no thread accounts for (V8's
 * and libuv's helper threads, workers' last moments) as `helpers`.
 */
export function timings(): TimingsData {
  if (!on) return data;
  settle();
  if (isMainThread) {
    const c = process.cpuUsage();
    const processMs = (c.user + c.system) / 1000;
    const counted = Object.entries(data.threads).reduce((s, [k, v]) => (k === 'python3' || k === 'helpers' ? s : s + v), 0) + (data.threads.helpers ?? 0);
    const rest = Math.max(0, processMs - counted);
    data.phases.helpers = (data.phases.helpers ?? 0) + rest;
    data.threads.helpers = (data.threads.helpers ?? 0) + rest;
  }
  return data;
}

const LABELS: Record<Phase, string> = {
  startup: 'start-up',
  discovery: 'discovery',
  read: 'reading and decoding',
  parse: 'parsing',
  query: 'query and dispatch',
  names: 'names and scopes',
  rules: 'rule code',
  project: 'project rules',
  cache: 'cache',
  pycompile: 'python3 verdict',
  report: 'reporting',
  other: 'other engine work',
  helpers: 'V8/libuv threads (GC)',
};

/** A table for stderr: the CPU of each thread, then the phases in run order with their share, then the rules, slowest first. */
export function formatTimings(t: TimingsData = data, wallMs?: number, topRules = 12): string {
  const total = PHASES.reduce((s, p) => s + (t.phases[p] ?? 0), 0);
  const pct = (ms: number): string => (total ? `${((100 * ms) / total).toFixed(1)}%` : '');
  const row = (name: string, ms: number): string => `  ${name.padEnd(24)} ${ms.toFixed(0).padStart(8)} ms ${pct(ms).padStart(7)}\n`;
  const how = t.estimated ? 'CPU estimated from event-loop time' : 'CPU';
  let out = `timings (${how}, summed over threads and python3${wallMs !== undefined ? `; wall ${wallMs.toFixed(0)} ms` : ''}${t.files ? `; ${t.files} files` : ''}):\n`;
  const threads = Object.entries(t.threads).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b, 'en', { numeric: true }));
  out += `  by thread: ${threads.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')} ms\n`;
  for (const p of PHASES) out += row(LABELS[p], t.phases[p] ?? 0);
  out += row('total', total);
  const rules = Object.entries(t.rules).sort((a, b) => b[1] - a[1]);
  if (rules.length) {
    out += `rule code by rule (slowest ${Math.min(topRules, rules.length)} of ${rules.length}):\n`;
    for (const [code, ms] of rules.slice(0, topRules)) out += row(code, ms);
  }
  return out;
}

function order(thread: string): number {
  return thread === 'main' ? 0 : thread.startsWith('worker') ? 1 : thread === 'helpers' ? 2 : 3;
}
