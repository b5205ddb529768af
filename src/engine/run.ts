import path from 'node:path';
import ignore from 'ignore';
import { initParser } from '../python/parser';
import { isKnownSelector, matchesSelector, selectRules } from '../core/registry';
import type { FileError, Finding } from '../core/finding';
import type { FileOptions, ProjectContext, Rule } from '../core/rule';
import { checkFile, type FileResult } from './check';
import { loadConfig, parseSize, rel, resolveTargetVersion, targetMinor, type LoadedConfig } from './config';
import { discover } from './discover';
import { UsageError } from './errors';
import { runPool } from './pool';
import { compileFiles } from './pycompile';
import { isSuppressed } from './suppress';
import { readSource } from './read';

export interface ScanOptions {
  paths: string[];
  select?: string[];
  ignore?: string[];
  targetVersion?: string;
  configFile?: string;
  jobs?: number;
  /** false: gather facts but do not run project-level rules (a shard, or a run over part of a project) */
  projectRules?: boolean;
  /** only these files (absolute), after discovery: for --changed-since and --shard */
  filterFiles?: (files: string[]) => string[];
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
}

export interface FileJob {
  abs: string;
  display: string;
}

export interface FileOutcome {
  path: string;
  result?: FileResult;
  error?: string;
}

export function parseCodeList(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return list;
}

export function checkSelectors(list: string[] | undefined, flag: string): void {
  for (const s of list ?? []) if (!isKnownSelector(s)) throw new UsageError(`${flag}: unknown rule code or prefix '${s}' (see 'rfsn-upgrade rules')`);
}

/** Check one file in this thread: read, parse, run the rules, free the tree. */
export function checkOne(job: FileJob, rules: Rule[], options: FileOptions, maxFileSize: number): FileOutcome {
  const read = readSource(job.abs, job.display, maxFileSize);
  if (!read.ok) return { path: job.display, error: read.message };
  try {
    return { path: job.display, result: checkFile(read.file, rules, options) };
  } catch (err) {
    return { path: job.display, error: `internal error: ${(err as Error).message}`, internal: true };
  } finally {
    read.file.dispose();
  }
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
export function prepareRun(opts: Pick<ScanOptions, 'paths' | 'select' | 'ignore' | 'targetVersion' | 'configFile'>, rules?: Rule[]): PreparedRun {
  const loaded = loadConfig(opts.paths[0] ?? '.', opts.configFile);
  const cfg = loaded.config;
  checkSelectors(opts.select, '--select');
  checkSelectors(opts.ignore, '--ignore');
  checkSelectors(cfg.select, 'config select');
  checkSelectors(cfg.ignore, 'config ignore');
  const selected = rules ?? selectRules(opts.select ?? cfg.select, [...(cfg.ignore ?? []), ...(opts.ignore ?? [])]);
  const targetVersion = resolveTargetVersion(opts.targetVersion, loaded);
  const options: FileOptions = {
    targetMinor: targetMinor(targetVersion),
    settings: { ...cfg, projectRoot: loaded.projectRoot, pyprojectPath: loaded.pyprojectPath },
  };
  const found = discover(opts.paths, { exclude: cfg.exclude, projectRoot: loaded.projectRoot });
  return { loaded, rules: selected, targetVersion, options, maxFileSize: parseSize(cfg['max-file-size']), found };
}

export async function runScan(opts: ScanOptions): Promise<ScanResult> {
  const { loaded, rules, targetVersion, options, maxFileSize, found } = prepareRun(opts);
  const cfg = loaded.config;
  let files = found.files;
  if (opts.filterFiles) files = opts.filterFiles(files);
  const jobs: FileJob[] = files.map((abs) => ({ abs, display: rel(abs) }));

  const outcomes = await checkAll(jobs, rules, options, maxFileSize, opts.jobs, opts.onProgress);

  const findings: Finding[] = [];
  const errors: FileError[] = [...loaded.errors, ...found.errors];
  const warnings: string[] = [];
  const facts = new Map<string, Record<string, unknown>>();
  let lines = 0;
  const absOf = new Map(jobs.map((j) => [j.display, j.abs]));
  // tree-sitter's syntax errors, confirmed (and described) by python3 where present
  const broken = outcomes.filter((o) => o.result?.syntaxError);
  const compiled = compileFiles(broken.map((o) => absOf.get(o.path)!));
  for (const o of broken) {
    const se = o.result!.syntaxError!;
    const py = compiled?.get(absOf.get(o.path)!);
    if (py?.ok) warnings.push(`${o.path}:${se.line}: tree-sitter could not parse this region of valid Python (a grammar limitation); findings there are skipped`);
    else if (py && !py.ok) errors.push({ path: o.path, message: `syntax error at line ${py.line}, column ${py.column}: ${py.message}; findings inside the broken region are skipped` });
    else errors.push({ path: o.path, message: se.message });
  }
  for (const o of outcomes) {
    if (o.error) errors.push({ path: o.path, message: o.error });
    if (!o.result) continue;
    findings.push(...o.result.findings);
    errors.push(...o.result.errors);
    warnings.push(...o.result.warnings);
    facts.set(o.path, o.result.facts);
    lines += o.result.lines;
  }

  // project-level rules, once every file is read
  if (opts.projectRules !== false) {
    const project = runProjectRules({ rules, facts, absOf: (p) => absOf.get(p) ?? path.resolve(p), root: loaded.projectRoot, options });
    findings.push(...project.findings);
    errors.push(...project.errors);
  }

  // `# noqa` also holds for project-level findings reported on a scanned file's line
  const suppressionsOf = new Map(outcomes.filter((o) => o.result).map((o) => [o.path, new Map(o.result!.suppressions)]));
  const unsuppressed = findings.filter((f) => {
    if (!f.project) return true; // file-level findings were filtered in the worker
    const s = suppressionsOf.get(f.path)?.get(f.line);
    return !isSuppressed(f.code, s);
  });
  const kept = applyPerFileIgnores(unsuppressed, cfg['per-file-ignores'], loaded.projectRoot);
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)));
  errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: jobs.length, lines, findings: kept, errors, warnings, rules, loaded, targetVersion, options, facts, scanned: jobs.map((j) => j.abs) };
}

export interface ProjectRulesInput {
  rules: Rule[];
  /** display path -> rule code -> facts, for every file read */
  facts: Map<string, Record<string, unknown>>;
  absOf: (displayPath: string) => string;
  root: string;
  options: FileOptions;
}

/** Run the project-level rules over the facts every file gave (after a scan, or over merged shards). */
export function runProjectRules(input: ProjectRulesInput): { findings: Finding[]; errors: FileError[] } {
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const paths = [...input.facts.keys()].sort();
  for (const rule of input.rules) {
    if (!rule.project) continue;
    const ctx: ProjectContext = {
      root: input.root,
      files: paths.map((p) => ({ path: p, absPath: input.absOf(p), facts: input.facts.get(p)![rule.code] })),
      options: input.options,
      report: (a) => {
        const line = a.line ?? 1;
        const column = a.column ?? 1;
        findings.push({
          code: rule.code,
          upgrade: rule.upgrade,
          severity: rule.severity,
          message: a.message,
          path: path.isAbsolute(a.path) ? rel(a.path) : a.path,
          line,
          column,
          endLine: line,
          endColumn: column,
          fix: null,
          project: true,
        });
      },
      error: (p, message) => errors.push({ path: path.isAbsolute(p) ? rel(p) : p, message }),
    };
    try {
      rule.project(ctx);
    } catch (err) {
      errors.push({ path: rel(input.root), message: `internal error in rule ${rule.code} (project): ${(err as Error).message}`, internal: true });
    }
  }
  return { findings, errors };
}

/** per-file-ignores: drop findings whose path (relative to the project root) matches a glob naming their code. */
/**
 * per-file-ignores: the code selectors a file's path (relative to the project
 * root, gitignore globs) switches off; `fix` skips those rules for the file.
 */
export function perFileIgnores(pfi: Record<string, string[]> | undefined, root: string): (file: string) => string[] {
  const matchers = Object.entries(pfi ?? {}).map(([glob, codes]) => ({ ig: ignore().add(glob), codes }));
  return (file) => {
    if (!matchers.length) return [];
    const r = path.relative(root, path.resolve(file)).split(path.sep).join('/');
    if (r.startsWith('..')) return [];
    return matchers.filter((m) => m.ig.ignores(r)).flatMap((m) => m.codes);
  };
}

/** Drop findings whose code per-file-ignores switches off for their file. */
export function applyPerFileIgnores(findings: Finding[], pfi: Record<string, string[]> | undefined, root: string): Finding[] {
  if (!pfi || Object.keys(pfi).length === 0) return findings;
  const ignoredFor = perFileIgnores(pfi, root);
  return findings.filter((f) => !ignoredFor(f.path).some((c) => matchesSelector(f.code, c)));
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
