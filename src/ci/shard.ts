import crypto from 'node:crypto';
import path from 'node:path';
import { ruleByCode } from '../rules/registry';
import type { FileError, Finding } from '../core/finding';
import type { CoverageFigure, FileOptions, ProjectContext, Rule } from '../core/rule';
import type { ShardInfo } from '../report/types';
import { initParser } from '../lang/python/parser';
import { loadConfig, parseSize, rel, targetMinor } from '../engine/config';
import { readSource } from '../engine/read';
import { addSuppression, isSuppressed, parseSuppression, type LineSuppression } from '../engine/suppress';
import { UsageError } from '../core/errors';
import { repoRoot } from './changed';
import { applyPerFileIgnores, runProjectRules, type ScanResult } from '../engine/run';
import { relPosix } from '../core/paths';
import { pushAll } from '../core/arrays';

/**
 * `scan --shard I/N` reads a deterministic 1/N of the files, so N CI jobs
 * share a big repository; `merge` joins their JSON into one report.
 *
 * A file's shard is a hash of its path relative to the repository root, so
 * it does not depend on the folder a job starts in, on the file list or on N
 * other than through the modulus: every file is in exactly one shard.
 *
 * Project-level rules (those with `project`) need every file's facts, which
 * no shard has. A shard therefore does not run them (runScan with
 * `projectRules: false`) and writes their per-file facts into its JSON (`shard.facts`);
 * `merge` runs the project-level rules once over the union of the facts, so
 * the merged report equals the unsharded one.
 */
export interface Shard {
  index: number; // 1-based
  total: number;
}

export function parseShard(spec: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || total > 10000 || index < 1 || index > total) throw new UsageError(`--shard takes I/N with 1 <= I <= N <= 10000, e.g. 2/4; not '${spec}'`);
  return { index, total };
}

/** 0-based shard of a repository-relative path with `/` separators. */
export function shardOf(repoRelPath: string, total: number): number {
  const h = crypto.createHash('sha1').update(repoRelPath).digest();
  return h.readUInt32BE(0) % total;
}

export function shardFilter(shard: Shard, root = repoRoot()): (files: string[]) => string[] {
  return (files) => files.filter((abs) => shardOf(relPosix(root, abs), shard.total) === shard.index - 1);
}

/** The codes of the selected project-level rules: not run over part of a project (--changed-since, --no-project-rules). */
export function projectRuleCodes(rules: Rule[]): string[] {
  return rules.filter((r) => r.project).map((r) => r.code);
}

/** What a shard writes: its findings without the project-level ones, and the facts `merge` needs for them. */
export function holdBackProjectRules(result: ScanResult, shard: Shard): { findings: Finding[]; info: ShardInfo } {
  const projectRules = result.rules.filter((r) => r.project).map((r) => r.code);
  const facts: ShardInfo['facts'] = {};
  for (const [p, byCode] of result.facts) {
    const kept: Record<string, unknown> = {};
    // the JS side's facts are kept under js:CODE
    for (const c of projectRules) for (const k of [c, `js:${c}`]) if (k in byCode) kept[k] = byCode[k];
    if (Object.keys(kept).length) facts[p] = kept;
  }
  return {
    findings: result.findings.filter((f) => !f.project),
    info: {
      index: shard.index,
      total: shard.total,
      facts,
      projectRules,
      projectRoot: rel(result.loaded.projectRoot),
      config: result.loaded.source && result.loaded.source !== result.loaded.pyprojectPath ? rel(result.loaded.source) : null,
      targetVersion: result.targetVersion,
    },
  };
}

/**
 * Run project-level rules over the facts of every shard (what runScan does
 * after reading all files). `coverage`: the project each of those rules'
 * coverage figures is worked out over, as runScan's caller does.
 */
export async function runMergedProjectRules(shards: ShardInfo[]): Promise<{ findings: Finding[]; errors: FileError[]; coverage: Map<CoverageFigure, ProjectContext> }> {
  const first = shards[0];
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const coverage = new Map<CoverageFigure, ProjectContext>();
  if (!first || first.projectRules.length === 0) return { findings, errors, coverage };
  const loaded = loadConfig(first.projectRoot, first.config ?? undefined);
  const options: FileOptions = {
    targetMinor: targetMinor(first.targetVersion),
    settings: { ...loaded.config, projectRoot: loaded.projectRoot, pyprojectPath: loaded.pyprojectPath },
  };
  const facts = new Map<string, Record<string, unknown>>();
  for (const s of shards) for (const [p, f] of Object.entries(s.facts)) facts.set(p, f);
  const paths = [...facts.keys()].sort();
  const rules: Rule[] = [];
  for (const code of first.projectRules) {
    const rule = ruleByCode(code);
    if (rule?.project) rules.push(rule);
    else errors.push({ path: first.projectRoot, message: `merge: project-level rule ${code} is not in this build; its findings are missing` });
  }
  const project = runProjectRules({ rules, facts, absOf: (p) => path.resolve(p), root: loaded.projectRoot, options });
  pushAll(findings, project.findings);
  pushAll(errors, project.errors);
  const scanned = new Set(paths);
  const unsuppressed = await withoutNoqa(findings, scanned, parseSize(loaded.config['max-file-size']));
  for (const r of rules) {
    if (r.coverage) coverage.set(r.coverage, { root: loaded.projectRoot, options, files: paths.map((p) => ({ path: p, absPath: path.resolve(p), facts: facts.get(p)![r.code] })), report: () => undefined, error: () => undefined });
  }
  return { findings: applyPerFileIgnores(unsuppressed, loaded.config['per-file-ignores'], loaded.projectRoot), errors, coverage };
}

/** `# noqa` holds for project-level findings on a scanned file's line, as in runScan: read those comments again. */
async function withoutNoqa(findings: Finding[], scanned: Set<string>, maxFileSize: number): Promise<Finding[]> {
  const byFile = new Map<string, Map<number, LineSuppression>>();
  const suppressionsOf = (p: string): Map<number, LineSuppression> => {
    let m = byFile.get(p);
    if (m) return m;
    m = new Map();
    byFile.set(p, m);
    const read = readSource(path.resolve(p), p, maxFileSize);
    if (!read.ok) return m;
    try {
      for (const c of read.file.root.descendantsOfType('comment')) {
        if (!c) continue;
        const { suppression } = parseSuppression(c.text);
        if (suppression) addSuppression(m, read.file.lineOf(c.startIndex), suppression);
      }
    } finally {
      read.file.dispose();
    }
    return m;
  };
  if (findings.some((f) => scanned.has(f.path))) await initParser();
  return findings.filter((f) => !scanned.has(f.path) || !isSuppressed(f.code, suppressionsOf(f.path).get(f.line)));
}
