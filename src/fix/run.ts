import path from 'node:path';
import { rel } from '../engine/config';
import { runPool } from '../engine/pool';
import { adapterFor } from '../engine/languages';
import { perFileIgnores, prepareRun, rootsOf, unionRules, type RootRun, type RunResultBase } from '../engine/run';
import { encodePython } from '../lang/python/decode';
import { initParser, parsePython } from '../lang/python/parser';
import { oldSyntax, type OldConstruct } from '../lang/python/py2';
import { allRules, matchesSelector } from '../rules/registry';
import type { FileError, FileResult, Finding } from '../core/finding';
import type { FileOptions, Rule } from '../core/rule';
import { allowedFix, canFix, fixSource, unsafeSkippedOf, type AppliedFix, type FileFixResult, type FixPolicy, type KeptFacts } from './engine';
import { CACHE_ENV, CacheSet, claimCacheDir, contentHash, encodeEntry, lookupFiles, pythonIdentity, resolveCacheDir } from '../engine/cache';
import { VERSION } from '../version';
import { compileFilesAsync } from '../engine/pycompile';
import { findPython } from '../lang/python/interpreter';
import { Compiler, compileAll, type CompileVerdict } from './verify';
import { findStaleTemps, letSignalsIn, sha256, writeAtomic, WriteRefused } from '../core/write';
import { pushAll } from '../core/arrays';

/**
 * `fix` over a set of paths: discover, fix each file to a fixed point (in
 * worker threads, like `scan`), verify the changed files with python3 in one
 * batch, and write the ones that pass atomically. With `write: false`
 * (`--diff`) nothing is written and the results are only reported.
 */
export interface FixRunOptions {
  paths: string[];
  /** --language python|js|all */
  language?: string;
  select?: string[];
  /** --extend-select (ScanOptions.extendSelect) */
  extendSelect?: string[];
  ignore?: string[];
  targetVersion?: string;
  configFile?: string;
  jobs?: number;
  unsafe: boolean;
  write: boolean;
  /** run python3's compile check on the results (default: when python3 is on PATH) */
  compile?: boolean;
  /** use these rules instead of the selected ones (tests; runs in this thread; no cache) */
  rules?: Rule[];
  /** the cache folder (as ScanOptions.cacheDir); null: no cache (--no-cache) */
  cacheDir?: string | null;
  onProgress?: (done: number, total: number) => void;
  /**
   * `fix --verify`: which fixes each file may get (by display path; a file
   * it gives nothing for gets none) and which project-level fixes run
   */
  selection?: FixSelection;
  /** fixes a file (by absolute path) does not get, whatever the selection: those `fix --verify` reverted (reverted.ts) */
  exclude?: (abs: string) => FixId[];
}

/** A fix named the way FixPolicy.excludeFix knows it. */
export interface FixId {
  code: string;
  before: string;
  after: string;
}

export interface FixSelection {
  /** the rule codes whose fixes a file may get, and fixes of those left out */
  file: (display: string) => { allow: string[]; exclude: FixId[] };
  /** the rules whose project-level fixes run */
  projectCodes: string[];
}


export interface FileJob {
  abs: string;
  display: string;
  /** rule codes per-file-ignores switch off for this file */
  skip?: string[];
  /**
   * the run keeps a cache: return scan's result of the file as read, as a
   * cache blob (FixOutcome.entries), and with 'both' (a run that writes) of
   * the fixed text too
   */
  cache?: 'before' | 'both';
  /** FixRunOptions.selection of this file: only these rules' fixes, less these fixes */
  allow?: string[];
  exclude?: FixId[];
}

/** A cache entry a fix worker made: the content hash it is for and the encoded result (cache.ts encodeEntry). */
export interface FixCacheEntry {
  hash: string;
  blob: Uint8Array;
}

export interface FixOutcome {
  path: string;
  abs: string;
  error?: string;
  /** the error is ours, not the input's */
  internal?: boolean;
  changed: boolean;
  original?: string;
  text?: string;
  encoding?: string;
  bom?: boolean;
  mode?: number;
  /** SHA-256 of the bytes read: the file must still hold them when the result is written */
  sha256?: string;
  applied: AppliedFix[];
  remaining: Finding[];
  initial: Finding[];
  /** with FileJob.cache and `error`: the content hash of bytes that cannot be read as source */
  unreadable?: string;
  /** the facts of the rules with a projectFix and the suppressions, as read and of the fixed text (FileFixResult.kept) */
  kept?: FileFixResult['kept'];
  /** with FileJob.cache: scan's result of the bytes read, and of the fixed text when it changed */
  entries?: { before: FixCacheEntry; after?: FixCacheEntry };
  unsafeSkipped: number;
  errors: FileError[];
  rejected: string[];
  unfixed: Array<{ code: string; reason: string }>;
  originalParses: boolean;
  passes: number;
  converged: boolean;
  /** set when the result was not written: why */
  refused?: string;
  /** the refusal is about the input (it cannot be fixed safely), so it counts as an input not processed */
  inputProblem?: boolean;
  written?: boolean;
}

export interface FixRunResult extends RunResultBase {
  outcomes: FixOutcome[];
  fixes: number;
  changedFiles: number;
  unsafeSkipped: number;
  /** python3 was not found: only the tree-sitter check ran */
  compileSkipped: boolean;
  /** files the cache said this run leaves as they are (not read again), and files checked; absent without a cache */
  cache?: { skipped: number; checked: number };
}

/** A file's fix outcome from the fix loop's result and what the reader knew of the file. */
function outcomeOf(job: FileJob, r: FileFixResult, read: { encoding: string; bom: boolean; mode: number; bytes: Buffer }, refused: string | undefined, originalParses: boolean): FixOutcome {
  return {
    path: job.display,
    abs: job.abs,
    changed: r.changed,
    original: r.changed ? r.original : undefined,
    text: r.changed ? r.text : undefined,
    encoding: read.encoding,
    bom: read.bom,
    mode: read.mode,
    sha256: r.changed ? sha256(read.bytes) : undefined,
    ...(refused ? { refused, inputProblem: true } : {}),
    applied: r.applied,
    remaining: r.remaining,
    initial: r.changed ? r.initial : [],
    unsafeSkipped: r.unsafeSkipped,
    errors: r.errors,
    rejected: r.rejected,
    unfixed: r.unfixed,
    originalParses,
    passes: r.passes,
    converged: r.converged,
  };
}

/** The run's policy narrowed to what FileJob.allow and exclude let this file have. */
function jobPolicy(policy: FixPolicy, job: FileJob): FixPolicy {
  if (!job.allow && !job.exclude?.length) return policy;
  const allow = job.allow ? new Set(job.allow) : null;
  const exclude = job.exclude ?? [];
  return {
    ...policy,
    allowFix: (code, safety) => (!allow || allow.has(code)) && (!policy.allowFix || policy.allowFix(code, safety)),
    excludeFix: exclude.length ? (code, before, after) => exclude.some((x) => x.code === code && x.before === before && x.after === after) : policy.excludeFix,
  };
}

export function fixOne(job: FileJob, rules: Rule[], options: FileOptions, maxFileSize: number, policy: FixPolicy): FixOutcome {
  policy = jobPolicy(policy, job);
  // the project-level fixes read these rules' facts of every file: kept here, not read again (a file
  // with per-file-ignores runs fewer rules: its facts are read again)
  const keep = job.skip?.length ? [] : rules.filter((r) => r.projectFix);
  const empty = { changed: false, applied: [], remaining: [], initial: [], unsafeSkipped: 0, errors: [], rejected: [], unfixed: [], originalParses: true, passes: 0, converged: true };
  rules = rulesFor(job, rules);
  const adapter = adapterFor(job.abs);
  const read = adapter.readText(job.abs, job.display, maxFileSize);
  // bytes that cannot be read as source: the cache keeps that verdict for scan too
  if (!read.ok) return { path: job.display, abs: job.abs, error: read.message, ...empty, ...(job.cache && read.bytes ? { unreadable: contentHash(read.bytes) } : {}) };
  try {
    const r = fixSource(job.display, job.abs, read.text, rules, options, policy, { scan: job.cache ?? false, keep }, adapter);
    const refused = r.changed ? adapter.whyNotFixed(r.original, r.originalParses) : undefined;
    // a parse python3 does not confirm is its own verdict: nothing for python3 to judge after the loop
    const o = outcomeOf(job, r, read, refused, r.originalParses || !adapter.confirmedByPython3);
    if (r.kept) o.kept = r.kept;
    if (r.scan) {
      // encoded here, in the worker: the result objects are shared with the outcome's findings
      const entry = (res: FileResult, bytes: Buffer): FixCacheEntry => {
        for (const f of res.findings) f.language = adapter.language; // as checkOne marks them
        return { hash: contentHash(bytes), blob: encodeEntry(res, job.display) };
      };
      o.entries = { before: entry(r.scan.before, read.bytes) };
      try {
        if (r.scan.after) o.entries.after = entry(r.scan.after, encodedOf(o, r.text));
      } catch {
        // the text cannot be encoded back: onOutcome refuses it; nothing to cache
      }
    }
    return o;
  } catch (err) {
    return { path: job.display, abs: job.abs, error: `internal error: ${(err as Error).message}`, internal: true, ...empty };
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

/** The rules that run on one file: per-file-ignores taken out. */
function rulesFor(job: Pick<FileJob, 'skip'>, rules: Rule[]): Rule[] {
  return job.skip?.length ? rules.filter((r) => !job.skip!.some((c) => matchesSelector(r.code, c))) : rules;
}

function encodedOf(o: FixOutcome, text: string): Buffer {
  return encodePython(text, { encoding: o.encoding!, bom: o.bom! });
}

/** One way of fixing a file: which fixes (by rule and safety) are let through. */
type Unit = { code: string; safety: AppliedFix['safety'] };
const unitKey = (u: Unit): string => `${u.code}/${u.safety}`;

/**
 * A file whose fixed text python3 rejects: try again without its unsafe fixes,
 * then rule by rule (safe ones first), keeping each rule whose fixes still
 * compile with those kept before. Returns the best result and what was dropped.
 */
async function salvage(
  o: FixOutcome,
  job: FileJob,
  rules: Rule[],
  options: FileOptions,
  base: FixPolicy,
  python: string,
): Promise<{ result: FileFixResult | null; bytes: Buffer | null; dropped: Unit[] }> {
  await initParser();
  const own = rulesFor(job, rules);
  const units: Unit[] = [];
  for (const a of o.applied) if (!units.some((u) => u.code === a.code && u.safety === a.safety)) units.push({ code: a.code, safety: a.safety });
  units.sort((a, b) => (a.safety === b.safety ? 0 : a.safety === 'safe' ? -1 : 1));
  const originalBytes = encodedOf(o, o.original!);
  const attempt = async (allowed: Set<string>): Promise<{ result: FileFixResult; bytes: Buffer } | null> => {
    const narrowed = jobPolicy(base, job);
    const policy: FixPolicy = { ...narrowed, allowFix: (code, safety) => allowed.has(unitKey({ code, safety })) && (!narrowed.allowFix || narrowed.allowFix(code, safety)) };
    const r = fixSource(o.path, o.abs, o.original!, own, options, policy);
    if (!r.changed) return null;
    const bytes = encodedOf(o, r.text);
    // a checker that fails here confirms nothing: the attempt is not kept
    const v = await compileAll([{ path: o.path, bytes, original: originalBytes }], python).catch(() => null);
    return v?.get(o.path)?.ok && !v.get(o.path)!.unverified ? { result: r, bytes } : null;
  };
  let best: { result: FileFixResult; bytes: Buffer } | null = null;
  const accepted = new Set<string>();
  const safeUnits = units.filter((u) => u.safety === 'safe');
  if (safeUnits.length && safeUnits.length < units.length) {
    const all = new Set(safeUnits.map(unitKey));
    const r = await attempt(all);
    if (r) {
      best = r;
      for (const k of all) accepted.add(k);
    }
  }
  for (const u of units) {
    if (accepted.has(unitKey(u))) continue;
    const trial = new Set([...accepted, unitKey(u)]);
    const r = await attempt(trial);
    if (r) {
      best = r;
      accepted.add(unitKey(u));
    }
  }
  return { result: best?.result ?? null, bytes: best?.bytes ?? null, dropped: units.filter((u) => !accepted.has(unitKey(u))) };
}

/** The first Python 2 construct of a text python3 could not judge (rare: its original does not compile either). */
async function oldSyntaxOf(text: string, target: number): Promise<OldConstruct | null> {
  await initParser();
  const tree = parsePython(text);
  try {
    return oldSyntax(tree.rootNode, target);
  } finally {
    tree.delete();
  }
}

export async function runFix(opts: FixRunOptions): Promise<FixRunResult> {
  const primary = prepareRun(opts, opts.rules);
  const { loaded, targetVersion, options, found } = primary;
  // every project root with the settings of its own configuration, as scan judges it: a nested project's
  // requires-python, select/ignore and per-file-ignores decide what fix writes into it
  const roots = rootsOf(opts, found.files, primary, opts.rules);
  const rootOf = new Map<string, RootRun>();
  const jobs: FileJob[] = roots.flatMap((r) => {
    const ignoredFor = perFileIgnores(r.loaded.config['per-file-ignores'], r.root);
    return r.jobs.map((j) => {
      rootOf.set(j.display, r);
      const skip = ignoredFor(j.abs);
      const chosen = opts.selection?.file(j.display);
      const exclude = [...(chosen?.exclude ?? []), ...(opts.exclude?.(j.abs) ?? [])];
      return { abs: j.abs, display: j.display, skip: skip.length ? skip : undefined, ...(chosen ? { allow: chosen.allow } : {}), ...(exclude.length ? { exclude } : {}) };
    });
  });
  const rules = roots.length > 1 ? unionRules(roots.map((r) => r.rules)) : roots.length ? roots[0].rules : primary.rules;
  const warnings: string[] = [];
  const errors: FileError[] = [...loaded.errors, ...found.errors];
  // what killed runs may have left behind: named, never removed (the name proves nothing; write.ts findStaleTemps)
  if (opts.write) for (const p of findStaleTemps(found.files.map((f) => path.dirname(f)))) warnings.push(`${rel(p)}: named like the temporary file of a killed rfsn-upgrade run; left alone (delete it if it is one)`);
  // an opt-in rule's fixes apply when the run names it: --select DOC, or --extend-select DOC
  const blocked = blockedFixCodes(rules, opts.select || opts.extendSelect ? [...(opts.select ?? []), ...(opts.extendSelect ?? [])] : undefined);
  const policy = policyFor(opts.unsafe, blocked);
  // a cache folder that is not the cache's own is refused before anything starts (python3 included)
  if (opts.cacheDir) claimCacheDir(resolveCacheDir(loaded.projectRoot, opts.cacheDir));
  else if (opts.cacheDir !== null && process.env[CACHE_ENV]) claimCacheDir(resolveCacheDir(loaded.projectRoot));
  // results are encoded and sent to python3 as they come in, so verification overlaps the fixing
  const python = opts.compile === false ? null : findPython();
  const compiler = python ? new Compiler(python) : null;
  const bytesOf = new Map<string, Buffer>();
  const onOutcome = (o: FixOutcome): void => {
    if (!o.changed || o.refused || !o.originalParses) return;
    try {
      const bytes = encodedOf(o, o.text!);
      bytesOf.set(o.path, bytes);
      // a result python3 does not confirm was verified by its own parse when it was made
      if (adapterFor(o.abs).confirmedByPython3) compiler?.add({ path: o.path, bytes, original: encodedOf(o, o.original!) });
    } catch (err) {
      o.refused = `cannot write the file back: ${(err as Error).message}`;
      o.inputProblem = true; // an input that could not be written
    }
  };
  // scan's cache: a file whose cached result has nothing this run would fix is not read again; the
  // files checked here leave scan's results of what they hold now. Not with opt-in fixes allowed (DOC's
  // skeletons change the findings) nor with test rules.
  const optIn = rules.some((r) => r.fixOptIn && (!policy.allowed || policy.allowed(r.code)));
  const caches = new CacheSet(opts.cacheDir === null || opts.rules || optIn ? null : resolveCacheDir(loaded.projectRoot, opts.cacheDir ?? undefined), loaded.projectRoot);
  const python3 = pythonIdentity();
  const cacheOfRoot = new Map(roots.map((r) => [r, caches.for({ version: VERSION, engine: 'native', rules: r.rules.map((x) => x.code), options: r.options, python: python3 })]));
  const served = new Map<string, FixOutcome>();
  const cacheHits = new Map<string, FileResult>();
  const checked: FixOutcome[] = [];
  let done = 0;
  for (const r of roots) {
    const rootJobs = jobs.filter((j) => rootOf.get(j.display) === r);
    const cache = cacheOfRoot.get(r);
    if (cache) {
      const fixers = new Set(r.rules.filter((x) => canFix(x, policy)).map((x) => x.code));
      const plain = rootJobs.filter((j) => !j.skip && adapterFor(j.abs).fixUsesScanCache);
      const { hits } = lookupFiles(cache, plain, () => [], r.maxFileSize);
      for (const h of hits) {
        if (h.readError !== undefined || !nothingToFix(h.result, fixers, policy)) continue;
        served.set(h.job.display, cachedOutcome(h.job, h.result, policy));
        cacheHits.set(h.job.display, h.result);
      }
      for (const j of plain) if (!served.has(j.display)) j.cache = opts.write ? 'both' : 'before';
    }
    const base = done;
    pushAll(
      checked,
      await fixAll(
        rootJobs.filter((j) => !served.has(j.display)),
        r.rules,
        r.options,
        r.maxFileSize,
        opts.unsafe,
        blocked,
        opts.rules ? 1 : opts.jobs,
        opts.onProgress ? (d) => opts.onProgress!(base + d, jobs.length) : undefined,
        onOutcome,
      ),
    );
    done += rootJobs.length;
  }
  const byDisplay = new Map(checked.map((o) => [o.path, o]));
  const outcomes = jobs.map((j) => served.get(j.display) ?? byDisplay.get(j.display)!);
  const changed = outcomes.filter((o) => o.changed);
  let verdicts: Map<string, CompileVerdict> | null = null;
  // a python3 that failed, garbled or ran past its time limit: said once, naming it
  let checkerFailure: string | undefined;
  if (compiler && compiler.added === 0) compiler.cancel();
  else if (compiler) {
    try {
      verdicts = await compiler.done();
    } catch (err) {
      checkerFailure = (err as Error).message;
    }
  }
  // a file tree-sitter could not parse: python3 says whether it is broken or only misread; neither is fixed
  const unparsed = outcomes.filter((o) => !o.error && !o.originalParses);
  const judged = python && checkerFailure === undefined && unparsed.length ? await compileFilesAsync(unparsed.map((o) => o.abs)) : null;
  checkerFailure ??= judged?.failure;
  if (checkerFailure !== undefined) warnings.push(checkerFailure);
  for (const o of unparsed) {
    const py = judged?.verdicts.get(o.abs);
    if (py?.ok) {
      warnings.push(`${o.path}: tree-sitter could not parse this file as Python does (a grammar limitation); findings in that region are skipped`);
      if (o.changed) {
        o.refused ??= "tree-sitter's reading of it disagrees with Python's; not fixed";
        errors.push({ path: o.path, message: o.refused });
      }
    } else {
      o.refused ??= 'the file has syntax errors; not fixed';
      errors.push({ path: o.path, message: py && !py.ok ? `syntax error at line ${py.line}, column ${py.column}: ${py.message}; not fixed` : 'syntax errors (tree-sitter; python3 could not confirm); not fixed' });
    }
  }
  const jobOf = new Map(jobs.map((j) => [j.display, j]));
  for (const o of changed) {
    if (o.refused) continue;
    const v = verdicts?.get(o.path);
    const old = v?.unverified ? await oldSyntaxOf(o.original!, options.targetMinor) : null;
    if (compiler && !v && adapterFor(o.abs).confirmedByPython3) {
      // python3 was asked and gave no verdict: nothing vouches for this result, so it is not written
      o.refused = 'not written: python3 gave no verdict on the fixed text (it failed or ran past its time limit)';
      o.inputProblem = true;
    } else if (old) {
      // python3 could not judge (the original does not compile either), and not because the syntax is newer than it:
      // a Python 2 file, which scan reports as broken, gets no Python 3 code
      o.refused = `syntax error at line ${old.line}, column ${old.column}: ${old.what}, which no Python 3${old.since ? ` before 3.${old.since}` : ''} accepts; not fixed`;
      o.inputProblem = true;
    } else if (v?.broken) {
      // python3 cannot compile the file as it is, and not because its syntax is newer: nothing vouches for a fixed text
      o.refused = `python3 cannot compile the file as it is (${v.broken}); not fixed`;
      o.inputProblem = true;
    } else if (v && !v.ok) {
      // what is safe still lands: retry without the unsafe fixes, then rule by rule
      const own = rootOf.get(o.path)!;
      const s = await salvage(o, jobOf.get(o.path)!, own.rules, own.options, policy, python!);
      const dropped = s.dropped.map((u) => `${u.code} (${u.safety})`).join(', ');
      if (!s.result) {
        o.refused = `the result does not compile (${v.message}); file left untouched`;
        continue;
      }
      o.rejected.push(`${dropped} fixes dropped: with them the result does not compile (${v.message})`);
      if (o.kept) delete o.kept.after; // of the text before the salvage: read again if written
      Object.assign(o, {
        text: s.result.text,
        applied: s.result.applied,
        remaining: s.result.remaining,
        unsafeSkipped: s.result.unsafeSkipped,
        converged: s.result.converged,
      });
      bytesOf.set(o.path, s.bytes!);
    } else if (!verdicts && !o.originalParses) o.refused = 'the file has syntax errors and python3 is not on PATH to judge the result; not fixed';
  }
  for (const o of changed) {
    if (o.refused) {
      if (errors.some((e) => e.path === o.path)) continue;
      if (o.inputProblem) errors.push({ path: o.path, message: o.refused });
      else warnings.push(`${o.path}: ${o.refused}`);
      continue;
    }
    if (!opts.write) continue;
    try {
      writeAtomic(o.abs, bytesOf.get(o.path)!, { mode: o.mode ?? 0o644, expectSha256: o.sha256 });
      o.written = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      o.refused = err instanceof WriteRefused ? (err as Error).message : `cannot write: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (err as Error).message)}`;
      // an input that could not be written
      errors.push({ path: o.path, message: o.refused });
    }
    await letSignalsIn(); // a SIGINT or SIGTERM stops the run here, between two files
  }
  // a project's declared Python turned the version-dependent fixes off: said once per root (the config's own line), not per file
  const versionOff = new Set(roots.map((r) => r.options.versionFixesOff).filter((w): w is string => !!w));
  for (const w of versionOff) warnings.push(w);
  for (const o of outcomes) {
    for (const r of o.rejected) warnings.push(`${o.path}: fix not applied: ${r}`);
    for (const u of o.unfixed) if (!versionOff.has(u.reason)) warnings.push(`${o.path}: ${u.code} not fixed: ${u.reason}`);
    if (!o.converged && !o.error && !o.refused) warnings.push(`${o.path}: fixes still pending after the maximum number of passes; run fix again`);
  }

  const findings: Finding[] = [];
  let fixes = 0;
  let changedFiles = 0;
  let unsafeSkipped = 0;
  for (const o of outcomes) {
    if (o.error) errors.push({ path: o.path, message: o.error, internal: o.internal });
    pushAll(errors, o.errors);
    if (o.changed && o.refused) {
      // nothing changes on disk: what remains is what was there
      pushAll(findings, o.initial);
      unsafeSkipped += o.initial.filter((f) => f.fix?.safety === 'unsafe' && !blocked.includes(f.code)).length;
      continue;
    }
    pushAll(findings, o.remaining);
    unsafeSkipped += o.unsafeSkipped;
    if (o.changed) {
      changedFiles++;
      fixes += o.applied.length;
    }
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)));
  errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const result: FixRunResult = { outcomes, findings, errors, warnings, rules, loaded, targetVersion, options, fixes, changedFiles, unsafeSkipped: opts.unsafe ? 0 : unsafeSkipped, compileSkipped: python === null && opts.compile !== false };
  // the project-level fixes (DEP's manifest edits, CLI001's --version), over the files as the writes above left
  // them: their facts as this run saw them (the cache's, what was read, the written text), the rest read again
  const known = new Map<string, KeptFacts>();
  for (const o of outcomes) {
    // what is on disk now: the fixed text when it was written, else the text as read
    const k = o.written ? o.kept?.after : o.kept?.before;
    if (k && !o.error) known.set(o.abs, k);
  }
  for (const [display, o] of served) {
    const h = cacheHits.get(display);
    if (h) known.set(o.abs, { facts: h.facts, suppressions: h.suppressions });
  }
  await (await import('./project')).applyProjectFixes(opts, result, { root: loaded.projectRoot, facts: known });
  if (caches.dir) {
    result.cache = { skipped: served.size, checked: checked.length };
    for (const o of outcomes) {
      const cache = cacheOfRoot.get(rootOf.get(o.path)!);
      if (!cache) continue;
      if (o.error && o.unreadable) cache.storeReadError(cache.relOf(o.abs), o.unreadable, o.error);
      const e = o.entries;
      if (!e) continue;
      const rel = cache.relOf(o.abs);
      const v = verdicts?.get(o.path);
      // the fixed text as written (a project-level fix may have changed it again: then it is a miss next time)
      const after = o.written && e.after && contentHash(encodedOf(o, o.text!)) === e.after.hash ? e.after : null;
      if (after) cache.storeEncoded(rel, after.hash, asBuffer(after.blob), { compile: v?.ok && !v.unverified ? { ok: true } : undefined });
      // without python3's verdict (fix asks it of new texts only): the next scan asks it beside its pool
      else if (!o.written) cache.storeEncoded(rel, e.before.hash, asBuffer(e.before.blob));
    }
    for (const w of caches.flush()) result.warnings.push(w); // each says `cache: …`
  }
  return result;
}

/** A worker's blob (a Uint8Array once it crossed the thread) as a Buffer, without a copy. */
function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/**
 * Whether a cached result leaves the file as it is, so fix can skip reading
 * and parsing it. `fixers`: the rules whose fixes this run may apply
 * (canFix). Work is a fix allowedFix lets through, or a declined fix of such
 * a rule (fix reports why it was not applied). A file with errors or a
 * broken parse is never skipped: fix reports those its own way.
 */
export function nothingToFix(result: FileResult, fixers: ReadonlySet<string>, policy: FixPolicy): boolean {
  if (result.syntaxError || result.errors.length) return false;
  for (const f of result.findings) {
    if (!fixers.has(f.code)) continue;
    if (f.declined || allowedFix(f, policy)) return false;
  }
  return true;
}

/** The outcome of a file the cache says this run leaves as it is: what fixOne would give it, unread. */
function cachedOutcome(job: FileJob, r: FileResult, policy: FixPolicy): FixOutcome {
  return {
    path: job.display,
    abs: job.abs,
    changed: false,
    applied: [],
    remaining: r.findings,
    initial: [],
    unsafeSkipped: unsafeSkippedOf(r.findings, policy),
    errors: r.errors,
    rejected: [],
    unfixed: [],
    originalParses: true,
    passes: 0,
    converged: true,
  };
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
