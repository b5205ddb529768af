import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { isProjectFolder, PROJECT_MARKERS, relPosix } from '../core/paths';
import { applyPerFileIgnores, perFileIgnores, runProjectRules, sortResults, suppressProjectFindings, type SkippedRule } from './finish';
import { initParser } from '../lang/python/parser';
import { oldSyntax, type OldConstruct } from '../lang/python/py2';
import { isKnownSelector, selectRules } from '../rules/registry';
import type { FileError, Finding } from '../core/finding';
import type { FileOptions, Rule } from '../core/rule';
import type { FileResult } from './check';
import { adapterFor } from './languages';
import { loadConfig, parseSize, rel, resolveTargetVersion, targetMinor, type LoadedConfig } from './config';
import { discover, languagesOf } from './discover';
import { UsageError } from '../core/errors';
import { runPool } from './pool';
import { CacheSet, lookupFiles, pythonIdentity, resolveCacheDir, type CacheHit, type CacheJob, type ResultCache } from './cache';
import { compileFilesAsync, pythonMinor, startCompileFiles, type CompileResult } from './pycompile';
import { VERSION } from '../version';
import { addProcessCpu, time } from './timings';
import { planEngines, runSemgrepEngine, withEngineRules, type EngineFlags } from './engines';
import { readSource } from './read';
import type { JsSourceFile } from '../lang/js/source';
import type { SourceFile } from '../lang/python/source';
import { pushAll } from '../core/arrays';
import { diffEdit } from '../core/edits';
import type { ParsedText } from '../core/adapter';

export interface ScanOptions {
  paths: string[];
  select?: string[];
  /** --extend-select: added to the selection (--select, else the config's select); nothing to add to "every rule" */
  extendSelect?: string[];
  ignore?: string[];
  targetVersion?: string;
  configFile?: string;
  jobs?: number;
  /** false: gather facts but do not run project-level rules (a shard, or a run over part of a project) */
  projectRules?: boolean;
  /** only these files (absolute), after discovery: for --changed-since and --shard */
  filterFiles?: (files: string[]) => string[];
  /** --language python|js|all: which files discovery collects (default all) */
  language?: string;
  /** false: no python3 verdict on files tree-sitter reads without error (faster, misses what only CPython rejects) */
  pythonCheck?: boolean;
  /** the cache folder (--cache-dir; default: .rfsn-upgrade-cache at the project root, or RFSN_UPGRADE_CACHE_DIR); null: no cache (--no-cache) */
  cacheDir?: string | null;
  onProgress?: (done: number, total: number) => void;
}

/** What every run over files (scan, fix) reports. */
export interface RunResultBase {
  findings: Finding[];
  errors: FileError[];
  warnings: string[];
  rules: Rule[];
  loaded: LoadedConfig;
  targetVersion: string;
  options: FileOptions;
}

export interface ScanResult extends RunResultBase {
  files: number;
  lines: number;
  /** per scanned file (display path) -> rule code -> facts */
  facts: Map<string, Record<string, unknown>>;
  scanned: string[];
  /** the project roots the files fell into (absolute), with their file counts and rules */
  roots?: Array<{ root: string; files: number; rules: string[] }>;
  /** project-level rules that could not judge their project */
  skippedRules?: SkippedRule[];
  /**
   * a scan of some files of a project: the facts of its other files, which
   * its project rules (and summaries) judged the named files with
   */
  contextFacts?: Map<string, { abs: string; facts: Record<string, unknown> }>;
  /** files served from the cache and files looked up there in vain (absent with --no-cache) */
  cache?: { hits: number; misses: number };
  /** the text of an input not read from disk (`scan -`), by display path: what reports quote and fingerprint, not the file */
  texts?: Map<string, string>;
}

export interface FileJob {
  abs: string;
  display: string;
}

export interface FileOutcome {
  path: string;
  result?: FileResult;
  error?: string;
  /** the error is the tool's, not the input's */
  internal?: boolean;
  /** content hash of the bytes the worker read (the cache stores under it; with `error`: the error is in those bytes) */
  hash?: string;
  /** python3's verdict from the cache, for a file served from it */
  compile?: CompileResult;
}

export function parseCodeList(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return list;
}

export function checkSelectors(list: string[] | undefined, flag: string): void {
  for (const s of list ?? []) if (!isKnownSelector(s)) throw new UsageError(`${flag}: unknown rule code or prefix '${s}' (see 'rfsn-upgrade rules')`);
}

/**
 * Check one file in this thread with its language's adapter
 * (src/engine/languages.ts): read, parse, run the rules, free the tree.
 */
export function checkOne(job: FileJob, rules: Rule[], options: FileOptions, maxFileSize: number): FileOutcome {
  return adapterFor(job.abs).check(job, rules, options, maxFileSize);
}

/**
 * Check a text that is not (or not yet) on disk as the file at `absPath`
 * would be checked: an editor's buffer, stdin. Parse, dispatch, free; the
 * language by the path's extension, as checkOne picks it. `withFile` sees
 * the parsed file and its result before the file is freed (the server builds its `# noqa` edits
 * from the tree). The caller has awaited initParser(). A JS syntax error is
 * the file's error, as in checkOne; a Python one stays in `syntaxError`.
 */
export function checkText(text: string, absPath: string, rules: Rule[], options: FileOptions, withFile?: (file: SourceFile | JsSourceFile, result: FileResult) => void): FileResult {
  const parsed = parseText(text, absPath);
  try {
    return adapterFor(absPath).checkBuffer(parsed, rules, options, withFile as ((file: unknown, result: FileResult) => void) | undefined);
  } finally {
    parsed.dispose?.();
  }
}

/**
 * An editor buffer's text checked as checkText would, parsed from `prev` (the
 * same file's previous version, as this returned it) where the language
 * reparses incrementally: tree-sitter reparses only what the edit touched.
 * `prev` is freed; the parsed text is kept for the next version, and the
 * caller frees it (`dispose`) when the buffer closes.
 */
export function checkBuffer(text: string, absPath: string, rules: Rule[], options: FileOptions, prev: ParsedText | undefined, withFile?: (file: SourceFile | JsSourceFile, result: FileResult) => void): { result: FileResult; parsed: ParsedText } {
  const adapter = adapterFor(absPath);
  let parsed: ParsedText;
  if (prev) {
    parsed = adapter.edited(prev, text, [diffEdit(prev.text, text)]);
    prev.dispose?.(); // the new version holds a copy of what it needs (its tree, to reparse from)
  } else parsed = parseText(text, absPath);
  try {
    return { result: adapter.checkBuffer(parsed, rules, options, withFile as ((file: unknown, result: FileResult) => void) | undefined), parsed };
  } catch (err) {
    parsed.dispose?.();
    throw err;
  }
}

/** A text parsed as the file at absPath would be (no rules run); the caller frees it (`dispose`). */
export function parseText(text: string, absPath: string): ParsedText {
  return adapterFor(absPath).parse(rel(absPath), absPath, text);
}

/** The settings of the project `absPath` belongs to (its root as scan finds it, or --config's), for a file checked alone: an editor buffer, stdin. */
export function settingsOfFile(absPath: string, opts: Pick<ScanOptions, 'select' | 'ignore' | 'targetVersion' | 'configFile'> = {}): PreparedRun & { root: string } {
  if (opts.configFile) {
    // --config: one set of settings, its project root that of the config (as rootsOf does)
    const settings = prepareSettings({ ...opts, paths: [path.dirname(absPath)] });
    return { ...settings, root: settings.loaded.projectRoot };
  }
  const root = projectRootOf(absPath, path.dirname(absPath));
  return { ...prepareSettings({ ...opts, paths: [root] }), root };
}

export interface PreparedRun {
  loaded: LoadedConfig;
  rules: Rule[];
  targetVersion: string;
  options: FileOptions;
  maxFileSize: number;
  found: ReturnType<typeof discover>;
}

/** What scan and fix both start from: config, the selected rules, the target, the files. */
export function prepareRun(opts: Pick<ScanOptions, 'paths' | 'select' | 'extendSelect' | 'ignore' | 'targetVersion' | 'configFile' | 'language'>, rules?: Rule[]): PreparedRun {
  const settings = prepareSettings(opts, rules);
  const found = discover(opts.paths, { exclude: settings.loaded.config.exclude, projectRoot: settings.loaded.projectRoot, languages: languagesOf(opts.language) });
  return { ...settings, found };
}

/** Configuration, rules, target and options for the project around `opts.paths[0]`. */
function prepareSettings(opts: Pick<ScanOptions, 'paths' | 'select' | 'extendSelect' | 'ignore' | 'targetVersion' | 'configFile'>, rules?: Rule[]): PreparedRun {
  const loaded = loadConfig(opts.paths[0] ?? '.', opts.configFile);
  const cfg = loaded.config;
  checkSelectors(opts.select, '--select');
  checkSelectors(opts.extendSelect, '--extend-select');
  checkSelectors(opts.ignore, '--ignore');
  checkSelectors(cfg.select, 'config select');
  checkSelectors(cfg.ignore, 'config ignore');
  const base = opts.select ?? cfg.select;
  const select = base && opts.extendSelect?.length ? [...base, ...opts.extendSelect] : base;
  const selected = rules ?? selectRules(select, [...(cfg.ignore ?? []), ...(opts.ignore ?? [])]);
  const targetVersion = resolveTargetVersion(opts.targetVersion, loaded);
  const options: FileOptions = {
    targetMinor: targetMinor(targetVersion),
    settings: { ...cfg, projectRoot: loaded.projectRoot, pyprojectPath: loaded.pyprojectPath },
    ...(loaded.versionFixesOff ? { versionFixesOff: loaded.versionFixesOff } : {}),
  };
  return { loaded, rules: selected, targetVersion, options, maxFileSize: parseSize(cfg['max-file-size']), found: { files: [], errors: [] } };
}

/** A file python3 may open without blocking (not a FIFO or device) and the reader will take (not over max-file-size). */
function isRegularFile(abs: string, maxFileSize: number): boolean {
  try {
    const st = fs.statSync(abs);
    return st.isFile() && st.size <= maxFileSize;
  } catch {
    return false;
  }
}

/** Files python3 judges: those of a language whose syntax it confirms (JS/TS files are checked by their own parser). */
function isPythonPath(abs: string): boolean {
  return adapterFor(abs).confirmedByPython3;
}

/** Files that name a project: its root is the nearest folder above a file with one of these. */

/**
 * The project root of a file: the nearest folder at or above it with a
 * pyproject.toml, setup.cfg or setup.py (not leaving its git repository),
 * else the git root, else `fallback`. Scanning from above a project finds the
 * project's own root, so project-level rules judge the same files either way.
 */
export function projectRootOf(abs: string, fallback: string, memo = new Map<string, string>()): string {
  const start = path.dirname(abs);
  const seen: string[] = [];
  let found: string | null = null;
  for (let d = start; ; d = path.dirname(d)) {
    const hit = memo.get(d);
    if (hit !== undefined) {
      found = hit;
      break;
    }
    seen.push(d);
    if (PROJECT_MARKERS.some((m) => fs.existsSync(path.join(d, m)))) {
      found = d;
      break;
    }
    if (fs.existsSync(path.join(d, '.git'))) {
      found = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  const root = found ?? fallback;
  for (const d of seen) memo.set(d, root);
  return root;
}

/** One project root of a run, with the settings its own configuration gives. */
export interface RootRun {
  root: string;
  loaded: LoadedConfig;
  rules: Rule[];
  targetVersion: string;
  options: FileOptions;
  maxFileSize: number;
  jobs: FileJob[];
}

/** Group the discovered files by project root, each root with its own configuration (CLI flags still win). */
export function rootsOf(opts: Pick<ScanOptions, 'select' | 'extendSelect' | 'ignore' | 'targetVersion' | 'configFile'>, files: string[], primary: PreparedRun, rules?: Rule[]): RootRun[] {
  const fallback = primary.loaded.projectRoot;
  const memo = new Map<string, string>();
  const byRoot = new Map<string, string[]>();
  for (const abs of files) {
    const r = opts.configFile ? fallback : projectRootOf(abs, fallback, memo);
    let list = byRoot.get(r);
    if (!list) byRoot.set(r, (list = []));
    list.push(abs);
  }
  const out: RootRun[] = [];
  for (const [root, list] of [...byRoot].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const prepared = root === primary.loaded.projectRoot ? primary : prepareSettings({ ...opts, paths: [root] }, rules);
    let kept = list;
    if (prepared !== primary && prepared.loaded.config.exclude?.length) {
      // the root's own excludes, relative to it (discovery applied the starting folder's)
      const ig = ignore().add(prepared.loaded.config.exclude);
      kept = list.filter((abs) => !ig.ignores(relPosix(root, abs)));
    }
    out.push({ root, loaded: prepared.loaded, rules: prepared.rules, targetVersion: prepared.targetVersion, options: prepared.options, maxFileSize: prepared.maxFileSize, jobs: kept.map((abs) => ({ abs, display: rel(abs) })) });
  }
  return out;
}

export async function runScan(opts: ScanOptions & EngineFlags): Promise<ScanResult> {
  // python3 starts now (its start-up beside discovery and the cache lookup); the first root gives it its
  // files. Until then it does not hold this process, and a run that ends early (a config error) ends it.
  const early = { judge: opts.pythonCheck === false ? null : startCompileFiles() };
  try {
    return await scanWith(opts, early);
  } finally {
    early.judge?.([]);
  }
}

async function scanWith(opts: ScanOptions & EngineFlags, early: { judge: ReturnType<typeof startCompileFiles> | null }): Promise<ScanResult> {
  // the engines first: the user's semgrep codes must be known before the selectors are checked
  const plan = planEngines(opts);
  const primary = time('discovery', () => prepareRun(opts));
  let files = primary.found.files;
  if (opts.filterFiles) files = opts.filterFiles(files);
  const roots = rootsOf(opts, files, primary);
  // --engine semgrep: the files are still read (noqa comments, syntax errors), but no native rule runs
  if (plan.engine === 'semgrep') for (const r of roots) r.rules = [];

  const findings: Finding[] = [];
  const errors: FileError[] = [...primary.loaded.errors, ...primary.found.errors];
  const warnings: string[] = [];
  const facts = new Map<string, Record<string, unknown>>();
  const skipped: SkippedRule[] = [];
  const contextFacts = new Map<string, { abs: string; facts: Record<string, unknown> }>();
  let lines = 0;
  const allJobs = roots.flatMap((r) => r.jobs);
  const absOf = new Map(allJobs.map((j) => [j.display, j.abs]));
  const outcomes: FileOutcome[] = [];
  let done = 0;
  // results per file content and settings: only files that changed are checked again
  const caches = new CacheSet(opts.cacheDir === null ? null : resolveCacheDir(primary.loaded.projectRoot, opts.cacheDir ?? undefined), primary.loaded.projectRoot);
  const python = pythonIdentity();
  const cacheOf = new Map<string, { cache: ResultCache; hash: string }>();
  // a python3 that failed or ran past its time limit (one line naming it), and the files it left without a verdict
  let checkerFailure: string | undefined;
  const unchecked = new Set<string>();
  for (const r of roots) {
    const cache = time('cache', () => caches.for({ version: VERSION, engine: 'native', rules: r.rules.map((x) => x.code), options: r.options, python }));
    const ignoredFor = perFileIgnores(r.loaded.config['per-file-ignores'], r.root);
    const { hits, misses }: { hits: CacheHit[]; misses: CacheJob[] } = cache ? time('cache', () => lookupFiles(cache, r.jobs, ignoredFor, r.maxFileSize)) : { hits: [], misses: r.jobs };
    const base = done + hits.length;
    // a miss's stat from before the worker read it: stored with its result (a later write changes it)
    const statOf = new Map(misses.map((m) => [m.display, m.stat ?? null]));
    // python3's verdict on every file it has not judged yet, beside the pool (tree-sitter accepts code CPython rejects)
    // (and on the files served from the cache without one: entries `fix` left)
    const unjudgedHits = hits.filter((h) => !h.compile && h.readError === undefined).map((h) => h.job);
    const toJudge = [...misses, ...unjudgedHits].filter((j) => isPythonPath(j.abs) && isRegularFile(j.abs, r.maxFileSize)).map((j) => j.abs);
    const judge = early.judge ?? compileFilesAsync;
    early.judge = null;
    // a checker that failed is not started again for the next root: its files would only wait for the same failure
    const verdicts = opts.pythonCheck === false || checkerFailure !== undefined ? Promise.resolve(null) : judge(toJudge);
    const checked = await checkAll(misses, r.rules, r.options, r.maxFileSize, opts.jobs, opts.onProgress ? (d) => opts.onProgress!(base + d, allJobs.length) : undefined);
    const judged = await verdicts;
    if (judged?.cpuMs !== undefined) addProcessCpu('pycompile', 'python3', judged.cpuMs);
    checkerFailure ??= judged?.failure;
    if (checkerFailure !== undefined) for (const abs of toJudge) if (!judged?.verdicts.has(abs)) unchecked.add(abs);
    if (judged) for (const o of checked) if (judged.verdicts.has(absOf.get(o.path)!)) o.compile = judged.verdicts.get(absOf.get(o.path)!);
    done += r.jobs.length;
    const byPath = new Map<string, FileOutcome>();
    for (const h of hits) {
      if (h.readError !== undefined) {
        byPath.set(h.job.display, { path: h.job.display, error: h.readError, hash: h.hash });
        continue;
      }
      byPath.set(h.job.display, { path: h.job.display, result: h.result, hash: h.hash, compile: h.compile ?? judged?.verdicts.get(h.job.abs) });
      if (cache) cacheOf.set(h.job.display, { cache, hash: h.hash });
    }
    for (const o of checked) {
      byPath.set(o.path, o);
      // a file that cannot be decoded (or holds NUL bytes) says so again for the same bytes
      const stat = statOf.get(o.path) ?? null;
      if (cache && o.error && o.hash && !o.internal) time('cache', () => cache.storeReadError(cache.relOf(absOf.get(o.path)!), o.hash!, o.error!, { ignores: ignoredFor(absOf.get(o.path)!), stat }));
      if (cache && o.result && o.hash) {
        const abs = absOf.get(o.path)!;
        time('cache', () => cache.store(cache.relOf(abs), o.hash!, o.path, o.result!, { ignores: ignoredFor(abs), stat }));
        cacheOf.set(o.path, { cache, hash: o.hash });
      }
    }
    // in discovery order, as an uncached run gives them
    const got = r.jobs.map((j) => byPath.get(j.display)!).filter(Boolean);
    pushAll(outcomes, got);
    const rootFacts = new Map<string, Record<string, unknown>>();
    for (const o of got) if (o.result) rootFacts.set(o.path, o.result.facts);
    // project-level rules, once every file of the root is read
    if (opts.projectRules !== false) {
      // a scan of some files of a project (`scan calc/util.py`, `scan pkg/`): project rules judge the whole
      // project the files belong to, and report only what concerns the named files
      const whole = coversRoot(opts.paths, r.root) || !isProjectFolder(r.root) ? null : await wholeRootFacts(r, cache, opts.language, opts.jobs);
      if (whole) for (const [p, f] of whole.facts) contextFacts.set(p, { abs: whole.abs.get(p)!, facts: f });
      const allFacts = whole ? new Map([...whole.facts, ...rootFacts]) : rootFacts;
      const absOfAny = (p: string): string => absOf.get(p) ?? whole?.abs.get(p) ?? path.resolve(p);
      // each language's side of the project rules over the facts of that language's files
      const project = time('project', () => runProjectRules({ rules: r.rules, facts: allFacts, absOf: absOfAny, root: r.root, options: r.options }));
      if (whole) {
        const named = new Set(r.jobs.map((j) => j.display));
        project.findings = project.findings.filter((f) => named.has(f.path));
      }
      const suppressionsOf = new Map(got.filter((o) => o.result).map((o) => [o.path, new Map(o.result!.suppressions)]));
      pushAll(findings, applyPerFileIgnores(suppressProjectFindings(project.findings, (p) => suppressionsOf.get(p)), r.loaded.config['per-file-ignores'], r.root));
      pushAll(errors, project.errors);
      pushAll(skipped, project.skipped);
    }
    for (const o of got) {
      if (o.result) pushAll(findings, applyPerFileIgnores(o.result.findings, r.loaded.config['per-file-ignores'], r.root));
    }
  }
  // tree-sitter's syntax errors, confirmed (and described) by python3 where present; a python3 that
  // failed is said once, and each file it gave no verdict is an input not checked (no second try: a
  // hung interpreter would cost its time limit again)
  if (checkerFailure !== undefined) warnings.push(checkerFailure);
  // python3's minor version costs a process start: asked only when a plain syntax error needs it
  // (and once per interpreter: the cache keeps it)
  const pyMinor = (): number | null => (opts.pythonCheck === false ? null : caches.pythonMinor(pythonMinor));
  const targetOf = new Map(roots.flatMap((r) => r.jobs.map((j) => [j.display, r.options.targetMinor] as const)));
  for (const o of outcomes) {
    if (!o.result) continue;
    const c = cacheOf.get(o.path);
    if (o.compile && c) time('cache', () => c.cache.storeCompile(c.cache.relOf(absOf.get(o.path)!), c.hash, o.compile!));
    const se = o.result.syntaxError;
    const py = o.compile;
    const target = targetOf.get(o.path) ?? 12;
    // an interpreter older than the target may reject syntax that is new, not wrong (never an indentation
    // error, a file's encoding or a string's escapes, nor a file with Python 2 syntax: the syntax tree shows what no Python 3 up to the target accepts)
    const minor = !!py && !py.ok && !se && (py.kind ?? 'SyntaxError') === 'SyntaxError' && !/Missing parentheses|too many nested|unexpected indent|unindent|encoding problem|unknown encoding|Non-UTF-8 code|\(unicode error\)/i.test(py.message) ? pyMinor() : null;
    const old = minor !== null && minor < target ? await oldSyntaxIn(absOf.get(o.path)!, o.path, target) : null;
    const older = minor !== null && minor < target && !old;
    if (se) {
      if (py?.ok) warnings.push(`${o.path}:${se.line}: tree-sitter could not parse this region of valid Python (a grammar limitation); findings there are skipped`);
      else if (py && !py.ok) errors.push({ path: o.path, message: `syntax error at line ${py.line}, column ${py.column}: ${py.message}; findings inside the broken region are skipped` });
      else errors.push({ path: o.path, message: se.message });
    } else if (!py && unchecked.has(absOf.get(o.path)!)) {
      errors.push({ path: o.path, message: 'not checked by CPython: python3 gave no verdict (it failed or ran past its time limit); the findings tree-sitter read are reported' });
    } else if (py && !py.ok) {
      if (older) warnings.push(`${o.path}:${py.line}: python3 3.${minor} cannot compile this file (${py.message}); it may use syntax newer than 3.${minor} (target py3${target})`);
      else if (old && old.line !== py.line) errors.push({ path: o.path, message: `syntax error at line ${old.line}, column ${old.column}: ${old.what}, which no Python 3${old.since ? ` before 3.${old.since}` : ''} accepts (CPython rejects this file; tree-sitter read it, so its findings are reported)` });
      else errors.push({ path: o.path, message: `syntax error at line ${py.line}, column ${py.column}: ${py.message} (CPython rejects this file; tree-sitter read it, so its findings are reported)` });
    }
  }
  for (const o of outcomes) {
    if (o.error) errors.push({ path: o.path, message: o.error, ...(o.internal ? { internal: true } : {}) });
    if (!o.result) continue;
    pushAll(errors, o.result.errors);
    pushAll(warnings, o.result.warnings);
    facts.set(o.path, o.result.facts);
    lines += o.result.lines;
  }
  for (const s of skipped) warnings.push(`${s.code} could not run for ${s.root}: ${s.reason}`);
  for (const w of time('cache', () => caches.flush())) warnings.push(w); // each says `cache: …`
  for (const r of roots.length ? roots : [{ loaded: primary.loaded }]) for (const w of r.loaded.warnings ?? []) if (!warnings.includes(w)) warnings.push(w);
  if (allJobs.length === 0 && primary.found.errors.length === 0) warnings.push(`no Python or JS/TS files found in ${opts.paths.length ? opts.paths.join(', ') : '.'}`);
  const sg = plan.engine === 'native' ? null : await runSemgrepEngine(plan, { roots, outcomes, findings, errors, select: opts.select, ignore: opts.ignore, jobs: opts.jobs });
  if (sg) {
    pushAll(findings, sg.findings);
    pushAll(errors, sg.errors);
    pushAll(warnings, sg.warnings);
  }
  sortResults(findings, errors);
  const one = roots.length === 1 ? roots[0] : null;
  const rules = withEngineRules(one ? one.rules : unionRules(roots.length ? roots.map((r) => r.rules) : [primary.rules]), sg?.rules);
  return {
    files: allJobs.length,
    lines,
    findings,
    errors,
    warnings,
    rules,
    loaded: one ? one.loaded : primary.loaded,
    targetVersion: one ? one.targetVersion : primary.targetVersion,
    options: one ? one.options : primary.options,
    facts,
    scanned: allJobs.map((j) => j.abs),
    roots: roots.map((r) => ({ root: r.root, files: r.jobs.length, rules: r.rules.map((x) => x.code) })),
    skippedRules: skipped,
    ...(contextFacts.size ? { contextFacts } : {}),
    ...(caches.dir ? { cache: caches.stats } : {}),
  };
}

/** The first Python 2 construct of a file python3 rejected, read and parsed again here (rare: only when the interpreter is older than the target). */
async function oldSyntaxIn(abs: string, display: string, target: number): Promise<OldConstruct | null> {
  const read = readSource(abs, display, Infinity);
  if (!read.ok) return null;
  await initParser();
  try {
    return oldSyntax(read.file.root, target);
  } finally {
    read.file.dispose();
  }
}

/** The rules of several roots, once each, by code. */
export function unionRules(lists: Rule[][]): Rule[] {
  const by = new Map<string, Rule>();
  for (const l of lists) for (const r of l) by.set(r.code, r);
  return [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export { applyPerFileIgnores, perFileIgnores, runProjectRules } from './finish';

/** The paths named on the command line include the root itself (or a folder above it): every file of it was discovered. */
function coversRoot(paths: string[], root: string): boolean {
  return (paths.length ? paths : ['.']).some((p) => {
    const r = path.relative(path.resolve(p), root);
    return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
  });
}

/**
 * The facts of the files of `r`'s project that the run did not name, for
 * its project rules: from the cache where it has them, else checked (and
 * then cached). Their findings and errors are not the run's.
 */
async function wholeRootFacts(r: RootRun, cache: ResultCache | null, language: string | undefined, threads: number | undefined): Promise<{ facts: Map<string, Record<string, unknown>>; abs: Map<string, string> }> {
  const found = discover([r.root], { exclude: r.loaded.config.exclude, projectRoot: r.root, languages: languagesOf(language) });
  const have = new Set(r.jobs.map((j) => j.abs));
  const memo = new Map<string, string>();
  const extra: FileJob[] = found.files.filter((abs) => !have.has(abs) && projectRootOf(abs, r.root, memo) === r.root).map((abs) => ({ abs, display: rel(abs) }));
  const ignoredFor = perFileIgnores(r.loaded.config['per-file-ignores'], r.root);
  const { hits, misses }: { hits: CacheHit[]; misses: CacheJob[] } = cache ? lookupFiles(cache, extra, ignoredFor, r.maxFileSize) : { hits: [], misses: extra };
  const facts = new Map<string, Record<string, unknown>>();
  const abs = new Map(extra.map((j) => [j.display, j.abs]));
  for (const h of hits) if (h.readError === undefined) facts.set(h.job.display, h.result.facts);
  const checked = await checkAll(misses, r.rules, r.options, r.maxFileSize, threads);
  for (const o of checked) {
    if (!o.result) continue;
    facts.set(o.path, o.result.facts);
    const a = abs.get(o.path)!;
    if (cache && o.hash) cache.store(cache.relOf(a), o.hash, o.path, o.result, { ignores: ignoredFor(a) });
  }
  return { facts, abs };
}

/** Check every file, in worker threads when there are enough of them. */
function checkAll(
  jobs: FileJob[],
  rules: Rule[],
  options: FileOptions,
  maxFileSize: number,
  threads: number | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<FileOutcome[]> {
  return runPool<FileJob, FileOutcome>({
    jobs,
    threads,
    workerFile: path.join(__dirname, path.basename(__filename).replace(/^run\./, 'worker.')),
    workerData: { codes: rules.map((r) => r.code), options, maxFileSize },
    batch: 16,
    init: initParser,
    inThread: (job) => checkOne(job, rules, options, maxFileSize),
    onProgress,
  });
}
