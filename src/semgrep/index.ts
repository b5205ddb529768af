/**
 * The semgrep engine: runs semgrep (through execa) on an explicit file list
 * with our pack (`rules/` at the repository root) and/or the user's rules, and
 * maps its JSON to our finding model.
 *
 * ## API (what the CLI wires)
 *
 *   const r = await runSemgrep({ files, configs, cwd, bin, jobs, timeout, maxTargetBytes });
 *   r.findings: SemgrepFinding[]   // Finding + ruleId (semgrep's check_id) + source (the line, read from the file)
 *   r.errors:   FileError[]        // semgrep's own errors, one line each; `internal: true` for rule/config errors
 *   r.rules:    SemgrepRuleInfo[]  // one per code seen (for SARIF's rules[] and `rules CODE` of foreign codes)
 *   r.version:  string             // semgrep's version, from its JSON
 *
 * - `files`: absolute or cwd-relative paths, e.g. discovery's list (semgrep's
 *   own ignores do not apply to explicit targets); chunked (`chunkSize`, default
 *   400) into sequential semgrep processes, each with `--jobs`.
 * - `configs`: YAML files or folders; default `[PACK_DIR]`. Pass
 *   `[PACK_DIR, ...userConfigs]` for `--engine semgrep --semgrep-config X`.
 * - `bin`: an explicit semgrep executable (`--semgrep-bin`); otherwise
 *   `semgrep` on PATH. Missing → `SemgrepMissingError` (one line naming
 *   `pip install semgrep==1.185.0`), before anything runs: turn it into exit 2.
 * - Exit codes 0 and 1 are results. 2 and above with semgrep's JSON on stdout
 *   (a rule that does not parse, an invalid config) keep the results and turn
 *   each of semgrep's errors into a FileError; without JSON the run throws
 *   `SemgrepFailedError` (one line: the exit code and semgrep's last stderr
 *   line): exit 2.
 * - Codes: see `semgrepCode` in ./codes (our code when the rule id is ours;
 *   `metadata.rfsn-code` when the user gives one; else `SG` + 6 digits).
 * - Severity: ERROR/CRITICAL/HIGH → high, WARNING/MEDIUM → medium,
 *   INFO/LOW → low (anything else: medium).
 * - Positions: semgrep's `offset`s are bytes of the file on disk; they are
 *   mapped through the file's own decoding (BOM, PEP 263 cookie) to UTF-16
 *   `start`/`end` and code-point `line`/`column` (`endColumn` exclusive), as
 *   the native engine reports them. Paths are relative to `cwd` with `/`.
 * - A semgrep `fix` (or `fix-regex`) becomes an unsafe Fix: one edit replacing
 *   the match range, so `fix --unsafe-fixes` applies it through the verified
 *   fix engine (re-parse, compile, atomic write).
 * - `upgrade`: our rule's for our codes; otherwise `metadata.upgrade` when it
 *   is a catalog id (U01–U19), else ''.
 *
 * `mapSemgrepOutput` is the pure half (recorded JSON in, findings out).
 */
import fs from 'node:fs';
import path from 'node:path';
import type execaType from 'execa';
import { ruleByCode } from '../rules/registry';
import type { FileError, Finding, Severity } from '../core/finding';
import { relPosix, toPosix } from '../core/paths';
import { decodePython } from '../lang/python/decode';
import { upgradeById } from '../upgrades';
import { semgrepCode } from './codes';
import { ByteIndex } from './positions';
import { lineStartsOf } from '../core/positions';
import { pushAll } from '../core/arrays';

export { semgrepCode, hashedCode } from './codes';

/** The pack of our rules as semgrep YAML (the repository's `rules/`; shipped beside `dist/`). */
export const PACK_DIR = path.resolve(__dirname, '..', '..', 'rules');
export const SEMGREP_VERSION = '1.185.0';
export const INSTALL_HINT = `pip install semgrep==${SEMGREP_VERSION}`;

export class SemgrepMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemgrepMissingError';
  }
}

export class SemgrepFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemgrepFailedError';
  }
}

export interface SemgrepOptions {
  files: string[];
  configs?: string[];
  cwd?: string;
  bin?: string;
  jobs?: number;
  /** seconds per file and rule (semgrep's --timeout); default 30 */
  timeout?: number;
  /** semgrep skips larger files (its default is 1 MB); pass the run's max-file-size */
  maxTargetBytes?: number;
  chunkSize?: number;
}

export interface SemgrepFinding extends Finding {
  /** semgrep's check_id */
  ruleId: string;
  /** the finding's first line, from the file (semgrep's `lines` says "requires login" when logged out) */
  source: string;
}

export interface SemgrepRuleInfo {
  code: string;
  ruleId: string;
  ours: boolean;
  severity: Severity;
  /** the message of its first finding (semgrep's JSON has no rule summary) */
  message: string;
  references: string[];
  cwe: string[];
  /** semgrep's convention for a security rule: `metadata.category: security` */
  security: boolean;
}

export interface SemgrepResult {
  findings: SemgrepFinding[];
  errors: FileError[];
  rules: SemgrepRuleInfo[];
  version: string;
}

// --- the binary ----------------------------------------------------------

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The semgrep to run: `bin` when given, else `semgrep` on PATH; SemgrepMissingError otherwise. */
export function findSemgrep(bin?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (bin) {
    if (isExecutable(bin)) return path.resolve(bin);
    throw new SemgrepMissingError(`semgrep not found at ${bin} (--semgrep-bin); install it with: ${INSTALL_HINT}`);
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'semgrep');
    if (isExecutable(candidate)) return candidate;
  }
  throw new SemgrepMissingError(`semgrep is not installed (not on PATH); install it with: ${INSTALL_HINT}, or pass --semgrep-bin`);
}

// --- the mapping ---------------------------------------------------------

export function mapSeverity(s: unknown): Severity {
  switch (String(s).toUpperCase()) {
    case 'ERROR':
    case 'CRITICAL':
    case 'HIGH':
      return 'high';
    case 'INFO':
    case 'LOW':
      return 'low';
    default:
      return 'medium';
  }
}

interface SgPos {
  line: number;
  col: number;
  offset: number;
}
interface SgResult {
  check_id: string;
  path: string;
  start: SgPos;
  end: SgPos;
  extra: { message?: string; severity?: string; metadata?: Record<string, unknown>; fix?: string; lines?: string };
}
interface SgError {
  code?: number;
  level?: string;
  type?: string | unknown[];
  rule_id?: string;
  message?: string;
  path?: string;
  long_msg?: string;
  short_msg?: string;
  spans?: Array<{ file?: string; start?: { line?: number } }>;
}
export interface SgOutput {
  version?: string;
  results?: SgResult[];
  errors?: SgError[];
}

interface FileText {
  text: string;
  index: ByteIndex;
  lineStarts: number[];
}


/** 1-based line and code-point column of a string index. */
function position(ft: FileText, index: number): { line: number; column: number } {
  let lo = 0;
  let hi = ft.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ft.lineStarts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  let column = 1;
  for (let i = ft.lineStarts[lo]; i < index; i++) {
    const c = ft.text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    column++;
  }
  return { line: lo + 1, column };
}

function lineText(ft: FileText, line: number): string {
  const start = ft.lineStarts[line - 1] ?? ft.text.length;
  let end = line < ft.lineStarts.length ? ft.lineStarts[line] : ft.text.length;
  while (end > start && (ft.text[end - 1] === '\n' || ft.text[end - 1] === '\r')) end--;
  return ft.text.slice(start, end);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function errorType(e: SgError): string {
  return Array.isArray(e.type) ? String(e.type[0]) : String(e.type ?? 'error');
}

export interface MapContext {
  /** the folder semgrep ran in: its `path`s are relative to it (or absolute) */
  cwd: string;
  /** the folder our paths are relative to; default cwd */
  displayRoot?: string;
  /** the configs of the run, named in errors that have no file of their own */
  configs?: string[];
  /** read a file's bytes (default fs.readFileSync) */
  read?: (absPath: string) => Buffer;
}

/** Map one semgrep JSON output to our findings and errors. */
export function mapSemgrepOutput(out: SgOutput, ctx: MapContext): SemgrepResult {
  const root = ctx.displayRoot ?? ctx.cwd;
  const read = ctx.read ?? ((p: string) => fs.readFileSync(p));
  const files = new Map<string, FileText | string>();
  const errors: FileError[] = [];
  const rules = new Map<string, SemgrepRuleInfo>();
  const findings: SemgrepFinding[] = [];
  const clashes = new Set<string>();

  const fileText = (abs: string): FileText | string => {
    let ft = files.get(abs);
    if (ft === undefined) {
      try {
        const bytes = read(abs);
        const decoded = decodePython(bytes);
        ft = { text: decoded.text, index: new ByteIndex(decoded.text, decoded, bytes), lineStarts: lineStartsOf(decoded.text) };
      } catch (err) {
        ft = `semgrep reported a finding, but the file cannot be read back: ${err instanceof Error ? err.message : String(err)}`;
      }
      files.set(abs, ft);
    }
    return ft;
  };

  // group by file so each file's offsets are converted in one walk
  const byFile = new Map<string, SgResult[]>();
  for (const r of out.results ?? []) {
    const abs = path.resolve(ctx.cwd, r.path);
    byFile.set(abs, [...(byFile.get(abs) ?? []), r]);
  }
  for (const [abs, results] of byFile) {
    const rel = relPosix(root, abs);
    const ft = fileText(abs);
    if (typeof ft === 'string') {
      errors.push({ path: rel, message: ft });
      continue;
    }
    let idx: Map<number, number>;
    try {
      idx = ft.index.indices(results.flatMap((r) => [r.start.offset, r.end.offset]));
    } catch (err) {
      errors.push({ path: rel, message: `semgrep reported a finding, but its position cannot be mapped: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    for (const r of results) {
      const meta = r.extra.metadata ?? {};
      const { code, ours } = semgrepCode(r.check_id, meta);
      const own = ours ? ruleByCode(code) : undefined;
      const start = idx.get(r.start.offset)!;
      const end = idx.get(r.end.offset)!;
      const a = position(ft, start);
      const b = position(ft, end);
      const severity = mapSeverity(r.extra.severity);
      const message = oneLine(r.extra.message ?? r.check_id);
      const metaUpgrade = typeof meta.upgrade === 'string' && upgradeById(meta.upgrade) ? meta.upgrade : '';
      findings.push({
        code,
        upgrade: own?.upgrade ?? metaUpgrade,
        severity,
        message: ours ? message : `${message} [${r.check_id}]`,
        path: rel,
        line: a.line,
        column: a.column,
        endLine: b.line,
        endColumn: b.column,
        start,
        end,
        fix:
          typeof r.extra.fix === 'string'
            ? { safety: 'unsafe', description: `semgrep fix of ${r.check_id}`, edits: [{ start, end, text: r.extra.fix }] }
            : null,
        ruleId: r.check_id,
        source: lineText(ft, a.line),
      });
      const owner = rules.get(code)?.ruleId;
      if (owner && owner !== r.check_id && !clashes.has(`${owner}\0${r.check_id}`)) {
        clashes.add(`${owner}\0${r.check_id}`);
        errors.push({ path: configLabel(ctx), message: `semgrep rules ${owner} and ${r.check_id} share the code ${code}; give one a metadata rfsn-code`, internal: true });
      }
      if (!rules.has(code)) {
        const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
        rules.set(code, { code, ruleId: r.check_id, ours, severity, message, references: list(meta.references), cwe: list(meta.cwe), security: meta.category === 'security' });
      }
    }
  }
  const specific = (out.errors ?? []).filter((e) => e.path || e.rule_id || e.spans?.length);
  for (const e of specific.length ? specific : out.errors ?? []) errors.push(mapError(e, ctx, root));
  return { findings, errors, rules: [...rules.values()], version: out.version ?? '' };
}

function configLabel(ctx: MapContext): string {
  const c = ctx.configs ?? [];
  return c.length ? c.map((p) => shownPath(ctx.displayRoot ?? ctx.cwd, path.resolve(ctx.cwd, p))).join(', ') : 'semgrep config';
}

/** Relative to root when inside it, else absolute (a config from elsewhere). */
function shownPath(root: string, abs: string): string {
  const rel = relPosix(root, abs);
  return rel.startsWith('../') || rel === '..' ? toPosix(abs) : rel || '.';
}

function mapError(e: SgError, ctx: MapContext, root: string): FileError {
  const type = errorType(e);
  const text = oneLine(e.long_msg ?? e.message ?? e.short_msg ?? type);
  if (e.path) {
    // a target file: a timeout, a parse failure, a file too large
    const where = e.rule_id ? ` (rule ${e.rule_id})` : '';
    return { path: relPosix(root, path.resolve(ctx.cwd, e.path)), message: `semgrep ${type}${where}: ${text}` };
  }
  const span = e.spans?.find((s) => s.file);
  if (span?.file) {
    const at = span.start?.line ? `, line ${span.start.line}` : '';
    return { path: relPosix(root, path.resolve(ctx.cwd, span.file)), message: `semgrep rule error${at}: ${e.short_msg ? `${oneLine(e.short_msg)}: ` : ''}${text}`, internal: true };
  }
  // "Rule parse error in rule X: Invalid pattern …" names the rule, not its file
  return { path: configLabel(ctx), message: `semgrep ${type}${e.rule_id ? ` in rule ${e.rule_id}` : ''}: ${text.replace(/^Rule parse error in rule \S+: ?/, '')}`, internal: true };
}

// --- running -------------------------------------------------------------

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function lastLine(s: string): string {
  const lines = s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

export function semgrepArgs(opts: SemgrepOptions, files: string[]): string[] {
  const args = ['scan', '--json', '--metrics=off', '--disable-version-check', '--no-rewrite-rule-ids', '--quiet'];
  for (const c of opts.configs?.length ? opts.configs : [PACK_DIR]) args.push('--config', c);
  args.push('--jobs', String(Math.max(1, opts.jobs ?? 1)), '--timeout', String(opts.timeout ?? 30));
  if (opts.maxTargetBytes) args.push('--max-target-bytes', String(opts.maxTargetBytes));
  // `--` so that a file named like an option is a target
  args.push('--', ...files);
  return args;
}

/** Run semgrep on `files` and map what it found. */
export async function runSemgrep(opts: SemgrepOptions): Promise<SemgrepResult> {
  const bin = findSemgrep(opts.bin);
  const cwd = opts.cwd ?? process.cwd();
  const configs = opts.configs?.length ? opts.configs : [PACK_DIR];
  const result: SemgrepResult = { findings: [], errors: [], rules: [], version: '' };
  for (const part of chunks(opts.files, opts.chunkSize ?? 400)) {
    // loaded when semgrep runs, not by every native scan (issue 12: start-up)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const execa = require('execa') as typeof execaType;
    const proc = await execa(bin, semgrepArgs({ ...opts, configs }, part), {
      cwd,
      reject: false,
      maxBuffer: 512 * 1024 * 1024,
      env: { SEMGREP_SEND_METRICS: 'off', SEMGREP_ENABLE_VERSION_CHECK: '0' },
    });
    if (proc.exitCode === undefined || proc.exitCode === null) {
      throw new SemgrepFailedError(`semgrep could not run (${bin}): ${oneLine((proc as { shortMessage?: string }).shortMessage ?? proc.stderr ?? '')}`);
    }
    let out: SgOutput | null = null;
    try {
      out = JSON.parse(proc.stdout) as SgOutput;
    } catch {
      out = null;
    }
    if (!out || !Array.isArray(out.results) || (proc.exitCode >= 2 && !(out.errors ?? []).length)) {
      throw new SemgrepFailedError(`semgrep failed (exit ${proc.exitCode}): ${lastLine(proc.stderr) || lastLine(proc.stdout) || 'no output'}`);
    }
    const mapped = mapSemgrepOutput(out, { cwd, configs });
    pushAll(result.findings, mapped.findings);
    // the same rule error comes back from every chunk: keep one
    for (const e of mapped.errors) if (!result.errors.some((x) => x.path === e.path && x.message === e.message)) result.errors.push(e);
    for (const r of mapped.rules) {
      const known = result.rules.find((x) => x.code === r.code);
      if (!known) result.rules.push(r);
      else if (known.ruleId !== r.ruleId) {
        const message = `semgrep rules ${known.ruleId} and ${r.ruleId} share the code ${r.code}; give one a metadata rfsn-code`;
        if (!result.errors.some((x) => x.message === message)) result.errors.push({ path: configLabel({ cwd, configs }), message, internal: true });
      }
    }
    result.version ||= mapped.version;
  }
  return result;
}
