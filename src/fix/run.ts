import path from 'node:path';
import { rel } from '../engine/config';
import { runPool } from '../engine/pool';
import { readSource } from '../engine/read';
import { perFileIgnores, prepareRun, type RunResultBase } from '../engine/run';
import { encodePython } from '../python/decode';
import { initParser } from '../python/parser';
import { allRules, matchesSelector } from '../core/registry';
import type { FileError, Finding } from '../core/finding';
import type { FileOptions, Rule } from '../core/rule';
import { fixSource, type AppliedFix, type FixPolicy } from './engine';
import { findPython } from '../engine/pycompile';
import { Compiler } from './verify';
import { writeAtomic } from './write';

/**
 * `fix` over a set of paths: discover, fix each file to a fixed point (in
 * worker threads, like `scan`), verify the changed files with python3 in one
 * batch, and write the ones that pass atomically. With `write: false`
 * (`--diff`) nothing is written and the results are only reported.
 */
export interface FixRunOptions {
  paths: string[];
  select?: string[];
  ignore?: string[];
  targetVersion?: string;
  configFile?: string;
  jobs?: number;
  unsafe: boolean;
  write: boolean;
  /** run python3's compile check on the results (default: when python3 is on PATH) */
  compile?: boolean;
  /** use these rules instead of the selected ones (tests; runs in this thread) */
  rules?: Rule[];
  onProgress?: (done: number, total: number) => void;
}


export interface FileJob {
  abs: string;
  display: string;
  /** rule codes per-file-ignores switch off for this file */
  skip?: string[];
}

export interface FixOutcome {
  path: string;
  abs: string;
  error?: string;
  changed: boolean;
  original?: string;
  text?: string;
  encoding?: string;
  bom?: boolean;
  mode?: number;
  applied: AppliedFix[];
  remaining: Finding[];
  initial: Finding[];
  unsafeSkipped: number;
  errors: FileError[];
  rejected: string[];
  unfixed: Array<{ code: string; reason: string }>;
  originalParses: boolean;
  passes: number;
  converged: boolean;
  /** set when the result was not written: why */
  refused?: string;
  written?: boolean;
}

export interface FixRunResult extends RunResultBase {
  outcomes: FixOutcome[];
  fixes: number;
  changedFiles: number;
  unsafeSkipped: number;
  /** python3 was not found: only the tree-sitter check ran */
  compileSkipped: boolean;
}

export function fixOne(job: FileJob, rules: Rule[], options: FileOptions, maxFileSize: number, policy: FixPolicy): FixOutcome {
  const empty = { changed: false, applied: [], remaining: [], initial: [], unsafeSkipped: 0, errors: [], rejected: [], unfixed: [], originalParses: true, passes: 0, converged: true };
  if (job.skip?.length) rules = rules.filter((r) => !job.skip!.some((c) => matchesSelector(r.code, c)));
  const read = readSource(job.abs, job.display, maxFileSize);
  if (!read.ok) return { path: job.display, abs: job.abs, error: read.message, ...empty };
  read.file.dispose();
  try {
    const r = fixSource(job.display, job.abs, read.file.text, rules, options, policy);
    return {
      path: job.display,
      abs: job.abs,
      changed: r.changed,
      original: r.changed ? r.original : undefined,
      text: r.changed ? r.text : undefined,
      encoding: read.decoded.encoding,
      bom: read.decoded.bom,
      mode: read.mode,
      applied: r.applied,
      remaining: r.remaining,
      initial: r.changed ? r.initial : [],
      unsafeSkipped: r.unsafeSkipped,
      errors: r.errors,
      rejected: r.rejected,
      unfixed: r.unfixed,
      originalParses: r.originalParses,
      passes: r.passes,
      converged: r.converged,
    };
  } catch (err) {
    return { path: job.display, abs: job.abs, error: `internal error: ${(err as Error).message}`, ...empty };
  }
}

/** a selector names opt-in fixes only when every rule it matches is opt-in (`DOC`, `DOC003`; not `D` or `ALL`) */
function allOptIn(selector: string): boolean {
  const hit = allRules().filter((r) => matchesSelector(r.code, selector));
  return hit.length > 0 && hit.every((r) => r.fixOptIn);
}

export function blockedFixCodes(rules: Rule[], select: string[] | undefined): string[] {
  return rules
    .filter((r) => r.fixOptIn)
    .filter((r) => !(select ?? []).some((s) => matchesSelector(r.code, s) && allOptIn(s)))
    .map((r) => r.code);
}

export function policyFor(unsafe: boolean, blocked: string[]): FixPolicy {
  const set = new Set(blocked);
  return { unsafe, allowed: set.size ? (code) => !set.has(code) : undefined };
}

export async function runFix(opts: FixRunOptions): Promise<FixRunResult> {
  const { loaded, rules, targetVersion, options, maxFileSize, found } = prepareRun(opts, opts.rules);
  const cfg = loaded.config;
  const ignoredFor = perFileIgnores(cfg['per-file-ignores'], loaded.projectRoot);
  const jobs: FileJob[] = found.files.map((abs) => {
    const skip = ignoredFor(abs);
    return { abs, display: rel(abs), skip: skip.length ? skip : undefined };
  });
  const blocked = blockedFixCodes(rules, opts.select);
  // results are encoded and sent to python3 as they come in, so verification overlaps the fixing
  const python = opts.compile === false ? null : findPython();
  const compiler = python ? new Compiler(python) : null;
  const bytesOf = new Map<string, Buffer>();
  const onOutcome = (o: FixOutcome): void => {
    if (!o.changed) return;
    try {
      const bytes = encodePython(o.text!, { encoding: o.encoding!, bom: o.bom! });
      bytesOf.set(o.path, bytes);
      compiler?.add({ path: o.path, bytes, original: encodePython(o.original!, { encoding: o.encoding!, bom: o.bom! }) });
    } catch (err) {
      o.refused = `cannot write the file back: ${(err as Error).message}`;
    }
  };
  const outcomes = await fixAll(jobs, rules, options, maxFileSize, opts.unsafe, blocked, opts.rules ? 1 : opts.jobs, opts.onProgress, onOutcome);
  const changed = outcomes.filter((o) => o.changed);
  const verdicts = compiler ? await compiler.done() : null;
  for (const o of changed) {
    if (o.refused) continue;
    const v = verdicts?.get(o.path);
    if (v && !v.ok) o.refused = `the result does not compile (${v.message}); file left untouched`;
    // broken to begin with (neither tree-sitter nor python3 reads it): nothing can vouch for the result
    else if (v?.unverified && !o.originalParses) o.refused = 'the file has syntax errors; not fixed';
    else if (!verdicts && !o.originalParses) o.refused = 'the file has syntax errors and python3 is not on PATH to judge the result; not fixed';
  }
  const warnings: string[] = [];
  const syntaxErrors: FileError[] = [];
  for (const o of changed) {
    if (o.refused) {
      if (!o.originalParses && /syntax errors/.test(o.refused)) syntaxErrors.push({ path: o.path, message: o.refused });
      else warnings.push(`${o.path}: ${o.refused}`);
      continue;
    }
    if (!opts.write) continue;
    try {
      writeAtomic(o.abs, bytesOf.get(o.path)!, o.mode ?? 0o644);
      o.written = true;
    } catch (err) {
      o.refused = `cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      warnings.push(`${o.path}: ${o.refused}`);
    }
  }
  for (const o of outcomes) {
    for (const r of o.rejected) warnings.push(`${o.path}: fix not applied: ${r}`);
    for (const u of o.unfixed) warnings.push(`${o.path}: ${u.code} not fixed: ${u.reason}`);
    if (!o.converged && !o.error) warnings.push(`${o.path}: fixes still pending after the maximum number of passes; run fix again`);
  }

  const findings: Finding[] = [];
  const errors: FileError[] = [...loaded.errors, ...found.errors, ...syntaxErrors];
  let fixes = 0;
  let changedFiles = 0;
  let unsafeSkipped = 0;
  for (const o of outcomes) {
    if (o.error) errors.push({ path: o.path, message: o.error });
    errors.push(...o.errors);
    if (o.changed && o.refused) {
      // nothing changes on disk: what remains is what was there
      findings.push(...o.initial);
      unsafeSkipped += o.initial.filter((f) => f.fix?.safety === 'unsafe' && !blocked.includes(f.code)).length;
      continue;
    }
    findings.push(...o.remaining);
    unsafeSkipped += o.unsafeSkipped;
    if (o.changed) {
      changedFiles++;
      fixes += o.applied.length;
    }
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)));
  return { outcomes, findings, errors, warnings, rules, loaded, targetVersion, options, fixes, changedFiles, unsafeSkipped: opts.unsafe ? 0 : unsafeSkipped, compileSkipped: verdicts === null && opts.compile !== false };
}

function fixAll(
  jobs: FileJob[],
  rules: Rule[],
  options: FileOptions,
  maxFileSize: number,
  unsafe: boolean,
  blocked: string[],
  threads: number | undefined,
  onProgress?: (done: number, total: number) => void,
  onOutcome?: (o: FixOutcome) => void,
): Promise<FixOutcome[]> {
  const policy = policyFor(unsafe, blocked);
  return runPool<FileJob, FixOutcome>({
    jobs,
    threads,
    workerFile: path.join(__dirname, path.basename(__filename).replace(/^run\./, 'worker.')),
    workerData: { codes: rules.map((r) => r.code), options, maxFileSize, unsafe, blocked },
    batch: 8,
    init: initParser,
    inThread: (job) => fixOne(job, rules, options, maxFileSize, policy),
    onResult: onOutcome,
    onProgress,
  });
}
