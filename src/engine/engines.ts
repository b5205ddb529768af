import { pushAll } from '../core/arrays';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { matchesSelector, ruleByCode, setForeignCodes } from '../rules/registry';
import type { FileError, Finding } from '../core/finding';
import type { Rule } from '../core/rule';
import { upgradeById } from '../upgrades';
import { findSemgrep, PACK_DIR, runSemgrep, semgrepCode, SemgrepFailedError, SemgrepMissingError, type SemgrepFinding, type SemgrepResult, type SemgrepRuleInfo } from '../semgrep';
import { ENGINES, findConfigTable, type Config } from './config';
import { UsageError } from '../core/errors';
import { readRegularText } from '../core/readfile';
import { applyPerFileIgnores } from './finish';
import { isSuppressed, type LineSuppression } from './suppress';

/**
 * `scan --engine native|semgrep|both`: which engines a run uses, and how
 * semgrep's findings join the native ones.
 *
 * - native (the default): nothing here runs; semgrep is never looked for.
 * - semgrep: the files are still read and parsed (no native rule runs), for
 *   `# noqa` comments, syntax errors and the line count; semgrep runs the
 *   pack's YAML of the selected codes plus the user's `--semgrep-config`.
 * - both: the native rules, then semgrep; a semgrep finding of the same code
 *   at the same place (path, line, column) as a native one is dropped (the
 *   native one stays: it has the fix and the per-call severity).
 *
 * semgrep runs on the files discovery produced (after every root's excludes),
 * minus those the native pass could not read, with `--jobs` and the
 * max-file-size as `--max-target-bytes`. Its findings go through the same
 * gates as native ones: --select/--ignore and the config's select/ignore
 * (user codes select by prefix: `SG`, `ACME`), `# noqa:` of the file's line
 * (the suppressions the native pass read), per-file-ignores. A user rule's
 * finding with no catalog upgrade (`metadata.upgrade`) is reported under the
 * upgrade `other`.
 *
 * The engine and the user's configs come from the flags, else from
 * `engine`/`semgrep-config`/`semgrep-bin` of the configuration of the first
 * path (config paths are relative to the file they are written in).
 */
export type Engine = (typeof ENGINES)[number];

/** What a user finding without a catalog upgrade is grouped under (byUpgrade, text, markdown). */
export const OTHER_UPGRADE = 'other';

export interface EngineFlags {
  engine?: string;
  /** --semgrep-config (cwd-relative); replaces the configuration's list */
  semgrepConfigs?: string[];
  semgrepBin?: string;
}

export interface EnginePlan {
  engine: Engine;
  /** absolute paths of the user's semgrep configs */
  userConfigs: string[];
  bin?: string;
  /** the user's rules as the configs declare them: code and rule id */
  userRules: Array<{ code: string; ruleId: string }>;
}

const NATIVE: EnginePlan = { engine: 'native', userConfigs: [], userRules: [] };

function checkEngine(v: string, where: string): Engine {
  if (!(ENGINES as readonly string[]).includes(v)) throw new UsageError(`${where} must be one of ${ENGINES.join(', ')}, not '${v}'`);
  return v as Engine;
}

/**
 * Decide the engines before anything else of the run: the user's codes must
 * be known before `--select`, `--ignore` and the configuration's selectors
 * are checked, and a missing semgrep stops the run before files are read.
 */
export function planEngines(opts: EngineFlags & { paths: string[]; configFile?: string }): EnginePlan {
  setForeignCodes([]);
  // not validated yet: loadConfig reports a bad value of these keys as it does any other
  const table = findConfigTable(opts.paths[0] ?? '.', opts.configFile);
  const raw = (table.raw && typeof table.raw === 'object' && !Array.isArray(table.raw) ? table.raw : {}) as Record<string, unknown>;
  const base = table.source ? path.dirname(table.source) : process.cwd();
  const cfgEngine = typeof raw.engine === 'string' && (ENGINES as readonly string[]).includes(raw.engine) ? (raw.engine as Engine) : undefined;
  const engine = opts.engine !== undefined ? checkEngine(opts.engine, '--engine') : (cfgEngine ?? 'native');
  if (engine === 'native') {
    if (opts.semgrepConfigs?.length) throw new UsageError('--semgrep-config needs --engine semgrep or --engine both');
    if (opts.semgrepBin !== undefined) throw new UsageError('--semgrep-bin needs --engine semgrep or --engine both');
    return NATIVE;
  }
  const cfgList = Array.isArray(raw['semgrep-config']) ? (raw['semgrep-config'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const userConfigs = opts.semgrepConfigs?.length ? opts.semgrepConfigs.map((c) => path.resolve(c)) : cfgList.map((c) => path.resolve(base, c));
  const shown = (abs: string): string => path.relative(process.cwd(), abs) || '.';
  for (const c of userConfigs) if (!fs.existsSync(c)) throw new UsageError(`${opts.semgrepConfigs?.length ? '--semgrep-config' : 'semgrep-config'}: no such file or folder: ${shown(c)}`);
  const cfgBin = typeof raw['semgrep-bin'] === 'string' ? path.resolve(base, raw['semgrep-bin']) : undefined;
  let bin: string;
  try {
    bin = findSemgrep(opts.semgrepBin ?? cfgBin);
  } catch (err) {
    if (err instanceof SemgrepMissingError) throw new UsageError(err.message);
    throw err;
  }
  const userRules = declaredRules(userConfigs);
  setForeignCodes(userRules.filter((r) => !ruleByCode(r.code)).map((r) => r.code));
  return { engine, userConfigs, bin, userRules };
}

function yamlFiles(p: string): string[] {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  const out: string[] = [];
  for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/i.test(e.name)) out.push(full);
  }
  return out;
}

/**
 * The rule ids (and `rfsn-code`s) the user's configs declare, read line by
 * line from block-style YAML (`- id: X`, `rfsn-code: Y` after it): only to
 * know the codes `--select` may name before semgrep has run. semgrep itself
 * parses the files; a rule this reader misses still reports, and its code
 * joins the known ones when it has a finding.
 */
export function declaredRules(configs: string[]): Array<{ code: string; ruleId: string }> {
  const out: Array<{ code: string; ruleId: string }> = [];
  for (const c of configs) {
    for (const file of yamlFiles(c)) {
      let text: string;
      try {
        // a FIFO or a huge file among the user's configs must not hang the run (semgrep itself reports on it)
        text = readRegularText(file, 16 * 1024 * 1024);
      } catch {
        continue;
      }
      let current: { ruleId: string; chosen?: string } | null = null;
      const flush = (): void => {
        if (current) out.push({ code: semgrepCode(current.ruleId, current.chosen ? { 'rfsn-code': current.chosen } : {}).code, ruleId: current.ruleId });
      };
      for (const line of text.split(/\r?\n/)) {
        const id = /^\s*-\s+id:\s*(["']?)([^"'#\s]+)\1\s*(#.*)?$/.exec(line);
        if (id) {
          flush();
          current = { ruleId: id[2] };
          continue;
        }
        const code = /^\s*rfsn-code:\s*(["']?)([A-Za-z]+[0-9]+)\1\s*(#.*)?$/.exec(line);
        if (code && current) current.chosen = code[2];
      }
      flush();
    }
  }
  return out;
}

/** The codes of the pack: one `CODE.yaml` per code. */
export function packCodes(): string[] {
  try {
    return fs.readdirSync(PACK_DIR).filter((f) => /^[A-Z]+[0-9]+\.yaml$/.test(f)).map((f) => f.replace(/\.yaml$/, '')).sort();
  } catch {
    return [];
  }
}

/** One project root of the run, as runScan grouped the files. */
export interface EngineRoot {
  root: string;
  loaded: { config: Config };
  maxFileSize: number;
  jobs: Array<{ abs: string; display: string }>;
}

export interface EngineInput {
  roots: EngineRoot[];
  /** the native pass's outcome per file: its suppressions, or why it could not be read */
  outcomes: Array<{ path: string; result?: { suppressions: Array<[number, LineSuppression]> }; error?: string }>;
  /** native findings so far (kept; semgrep's duplicates of them are dropped) */
  findings: Finding[];
  errors: FileError[];
  select?: string[];
  ignore?: string[];
  jobs?: number;
}

export interface EngineOutput {
  findings: SemgrepFinding[];
  errors: FileError[];
  /** descriptors of the semgrep codes that ran (ours: our Rule; the user's: one made from semgrep's rule) */
  rules: Rule[];
  warnings: string[];
  version: string;
}

function selects(code: string, select: string[] | undefined, ignore: string[]): boolean {
  const selected = !select || select.length === 0 || select.some((s) => matchesSelector(code, s));
  return selected && !ignore.some((s) => matchesSelector(code, s));
}

/** A user rule as a Rule, for reporters (SARIF's rules[], text statistics). */
export interface ForeignRule extends Rule {
  semgrep: { ruleId: string; references: string[] };
}

/** 78 of semgrep's "CWE-78: Improper Neutralization…" */
function cweNumber(cwe: string | undefined): number | undefined {
  const m = /^CWE-(\d+)\b/i.exec(cwe ?? '');
  return m ? Number(m[1]) : undefined;
}

function foreignRule(code: string, ruleId: string, info: SemgrepRuleInfo | undefined, upgrade: string): ForeignRule {
  const summary = info?.message ?? `semgrep rule ${ruleId}`;
  return {
    code,
    name: ruleId,
    upgrade,
    severity: info?.severity ?? 'medium',
    summary,
    docs: `semgrep rule \`${ruleId}\` of the run's --semgrep-config.${info?.references.length ? `\n\nReferences: ${info.references.join(', ')}` : ''}`,
    semgrep: { ruleId, references: info?.references ?? [] },
    // a security rule by semgrep's convention (metadata.category) is one in SARIF and GitLab too; its first CWE tags it
    ...(info?.security ? { security: true } : {}),
    ...(cweNumber(info?.cwe[0]) ? { cwe: cweNumber(info?.cwe[0]) } : {}),
  } as ForeignRule;
}

/** --select/--ignore of the flags, else of the root's configuration (its ignore and the flags' add up), as selectRules does. */
function gateOf(input: EngineInput): (r: EngineRoot | undefined) => { select?: string[]; ignore: string[] } {
  return (r) => ({
    select: input.select ?? r?.loaded.config.select,
    ignore: [...(r?.loaded.config.ignore ?? []), ...(input.ignore ?? [])],
  });
}

/** Run semgrep for the plan and gate its findings as the native ones are gated. */
export async function runSemgrepEngine(plan: EnginePlan, input: EngineInput): Promise<EngineOutput> {
  const out: EngineOutput = { findings: [], errors: [], rules: [], warnings: [], version: '' };
  const gate = gateOf(input);
  const rootsOrNone = input.roots.length ? input.roots : [undefined];
  const pack = packCodes().filter((c) => rootsOrNone.some((r) => selects(c, gate(r).select, gate(r).ignore)));
  const configs = [...pack.map((c) => path.join(PACK_DIR, `${c}.yaml`)), ...plan.userConfigs];
  const readable = new Set(input.outcomes.filter((o) => o.result).map((o) => o.path));
  const files = input.roots.flatMap((r) => r.jobs.filter((j) => readable.has(j.display)).map((j) => j.abs));
  if (!configs.length) {
    out.warnings.push('semgrep: no rule of the pack is selected and no --semgrep-config is given; semgrep did not run');
    return out;
  }
  if (!files.length) return out;
  let result;
  try {
    result = await runSemgrep({
      files,
      configs,
      cwd: process.cwd(),
      bin: plan.bin,
      jobs: input.jobs ?? os.availableParallelism(),
      maxTargetBytes: Math.max(...input.roots.map((r) => r.maxFileSize)),
    });
  } catch (err) {
    if (err instanceof SemgrepFailedError || err instanceof SemgrepMissingError) throw new UsageError(err.message);
    throw err;
  }
  return combineSemgrep(result, plan, input, pack);
}

/**
 * The pure half of runSemgrepEngine: semgrep's mapped result gated as native
 * findings are (selection, `# noqa`, per-file-ignores), its duplicates of
 * native findings and of native syntax errors dropped, and the rules that ran.
 */
export function combineSemgrep(result: SemgrepResult, plan: EnginePlan, input: EngineInput, pack: string[]): EngineOutput {
  const out: EngineOutput = { findings: [], errors: [], rules: [], warnings: [], version: result.version };
  const rootOf = new Map<string, EngineRoot>();
  for (const r of input.roots) for (const j of r.jobs) rootOf.set(j.display, r);
  const gate = gateOf(input);
  const rootsOrNone = input.roots.length ? input.roots : [undefined];
  const suppressionsOf = new Map<string, Map<number, LineSuppression>>();
  for (const o of input.outcomes) if (o.result) suppressionsOf.set(o.path, new Map(o.result.suppressions));
  const native = new Set(input.findings.map((f) => `${f.code}\0${f.path}\0${f.line}\0${f.column}`));
  const byRoot = new Map<EngineRoot | undefined, SemgrepFinding[]>();
  for (const f of result.findings) {
    const r = rootOf.get(f.path);
    const g = gate(r);
    if (!selects(f.code, g.select, g.ignore)) continue;
    const sup = suppressionsOf.get(f.path);
    if (isSuppressed(f.code, sup?.get(f.line)) || isSuppressed(f.code, sup?.get(f.endLine))) continue;
    if (native.has(`${f.code}\0${f.path}\0${f.line}\0${f.column}`)) continue;
    if (!f.upgrade) f.upgrade = OTHER_UPGRADE;
    byRoot.set(r, [...(byRoot.get(r) ?? []), f]);
  }
  for (const [r, list] of byRoot) {
    pushAll(out.findings, r ? (applyPerFileIgnores(list, r.loaded.config['per-file-ignores'], r.root) as SemgrepFinding[]) : list);
  }

  // semgrep's partial parse of a file the native pass already reports as a syntax error says it twice
  const broken = new Set(input.errors.filter((e) => /^syntax error\b/.test(e.message)).map((e) => e.path));
  for (const e of result.errors) if (e.internal || !broken.has(e.path)) out.errors.push(e);

  // the rules that ran: the pack's codes are ours; the user's declared rules, with what semgrep told of them
  const info = new Map(result.rules.map((r) => [r.code, r]));
  for (const c of pack) {
    const own = ruleByCode(c);
    if (own) out.rules.push(own);
  }
  const seen = new Set<string>();
  const declared = [...plan.userRules, ...result.rules.filter((r) => !r.ours).map((r) => ({ code: r.code, ruleId: r.ruleId }))];
  for (const d of declared) {
    if (seen.has(d.code) || ruleByCode(d.code)) continue;
    seen.add(d.code);
    const g = rootsOrNone.some((r) => selects(d.code, gate(r).select, gate(r).ignore));
    if (!g) continue;
    const i = info.get(d.code);
    const f = out.findings.find((x) => x.code === d.code);
    const upgrade = f?.upgrade ?? OTHER_UPGRADE;
    out.rules.push(foreignRule(d.code, i?.ruleId ?? d.ruleId, i, upgradeById(upgrade) ? upgrade : OTHER_UPGRADE));
  }
  return out;
}

/** The rules a run reports: the native ones, then semgrep's codes that are not among them. */
export function withEngineRules(rules: Rule[], extra: Rule[] | undefined): Rule[] {
  if (!extra?.length) return rules;
  const by = new Map(rules.map((r) => [r.code, r]));
  for (const r of extra) if (!by.has(r.code)) by.set(r.code, r);
  return [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
}
