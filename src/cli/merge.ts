import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { applyBaseline, baselineNotes, baselinePath, readBaseline, SourceCache, type StaleEntry } from '../ci/baseline';
import { loadConfig, rel } from '../engine/config';
import { UsageError } from '../core/errors';
import { runMergedProjectRules } from '../ci/shard';
import { allRules, coverageFigures } from '../rules/registry';
import { REPORTERS } from '../report';
import type { ReportResult, ShardInfo } from '../report/types';
import type { FileError, Finding } from '../core/finding';
import type { CoverageFigure } from '../core/rule';
import { checkFailOn, collect, parseFailUnder, planOutputs, type FailOn } from './options';
import { emitReports, exitCodeFor } from './scan';
import { pushAll } from '../core/arrays';

/**
 * `merge a.json b.json …` joins the JSON reports of `scan --shard I/N` jobs
 * (or any scans of disjoint file sets) into one report in any format. The
 * project-level rules a shard held back run here, once, over the facts every
 * shard recorded, so the merged report equals an unsharded scan. Run it in
 * the same checkout as the shards: reporters read the source for SARIF fixes
 * and fingerprints.
 */
interface ScanJson {
  version: number;
  tool?: { name?: string; version?: string };
  summary: { files: number; baseline?: { file: string; hidden: number; stale: Array<Omit<StaleEntry, 'fingerprints'>> } };
  findings: Finding[];
  errors: FileError[];
  shard?: ShardInfo;
}

interface MergeFlags {
  format?: string[];
  output?: string;
  failOn?: string;
  failUnder?: string;
  baseline?: string;
}

export function readScanJson(file: string): ScanJson {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `${file}: not JSON: ${(err as Error).message}`);
  }
  const o = raw as Partial<ScanJson> | null;
  if (!o || typeof o !== 'object' || o.version !== 1 || !Array.isArray(o.findings) || !Array.isArray(o.errors) || typeof o.summary?.files !== 'number') {
    throw new UsageError(`${file}: not the JSON of 'rfsn-upgrade scan --format json' (version 1)`);
  }
  return o as ScanJson;
}

/** Inputs that disagree on `what` (one value per input, undefined: not recorded) cannot make one report: refused, naming two of them. */
function sameFor(files: string[], values: Array<string | undefined>, what: string, fix: string): void {
  const first = values.findIndex((v) => v !== undefined);
  const other = values.findIndex((v) => v !== undefined && v !== values[first]);
  if (other >= 0) throw new UsageError(`merge: ${files[first]} was made with ${what} ${values[first]}, ${files[other]} with ${values[other]}; ${fix}`);
}

function checkShards(files: string[], docs: ScanJson[]): ShardInfo[] {
  // rules, messages and fixes differ between versions: such reports do not add up to one run
  sameFor(files, docs.map((d) => d.tool?.version), 'rfsn-upgrade', 'merge reports of one version');
  const shards = docs.map((d) => d.shard).filter((s): s is ShardInfo => !!s);
  if (shards.length === 0) return [];
  if (shards.length !== docs.length) throw new UsageError('merge: some inputs come from `scan --shard` and some do not; merge the shards of one run');
  const total = shards[0].total;
  const seen = new Map<number, string>();
  shards.forEach((s, i) => {
    if (s.total !== total) throw new UsageError(`merge: ${files[i]} is shard ${s.index}/${s.total}, the others are of ${total}`);
    if (seen.has(s.index)) throw new UsageError(`merge: ${files[i]} and ${seen.get(s.index)} are both shard ${s.index}/${total}`);
    seen.set(s.index, files[i]);
  });
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new UsageError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing; the report would be incomplete`);
  // the target version decides findings and fixes (TYP001 at py38 vs py312), and merge runs the project rules at the first one's
  sameFor(files, shards.map((s) => s.targetVersion), 'target version', 'run every shard with the same --target-version');
  const codes = JSON.stringify([...shards[0].projectRules].sort());
  if (shards.some((s) => JSON.stringify([...s.projectRules].sort()) !== codes)) throw new UsageError('merge: the shards ran different rules; run every shard with the same --select/--ignore');
  return shards;
}

const key = (f: Finding): string => JSON.stringify([f.path, f.line, f.column, f.endLine, f.endColumn, f.code, f.message, f.fix]);

/** The sort order of runScan: path, line, column, code (stable). */
function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)));
}

export interface Merged {
  result: ReportResult;
  extraSummary: Record<string, unknown>;
  notes: string[];
  /** the coverage figures of the merged run (the one --fail-under judges has no note yet: its note says the verdict) */
  figures: Array<{ figure: CoverageFigure; value: unknown }>;
}

export async function mergeReports(files: string[], baselineFile?: string): Promise<Merged> {
  if (files.length === 0) throw new UsageError('merge: give the JSON reports to merge');
  const docs = files.map(readScanJson);
  const shards = checkShards(files, docs);

  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const d of docs) {
    for (const f of d.findings) {
      const k = key(f);
      if (seen.has(k)) continue;
      seen.add(k);
      findings.push(f);
    }
  }
  const errors: FileError[] = [];
  const seenErr = new Set<string>();
  const addError = (e: FileError): void => {
    const k = `${e.path}\u0000${e.message}`;
    if (seenErr.has(k)) return;
    seenErr.add(k);
    errors.push(e);
  };
  for (const d of docs) d.errors.forEach(addError);

  const project = await runMergedProjectRules(shards);
  project.errors.forEach(addError);
  let projectFindings = project.findings;

  const extraSummary: Record<string, unknown> = {};
  const notes: string[] = [];
  const baselines = docs.map((d) => d.summary.baseline).filter((b) => !!b);
  if (baselineFile !== undefined || baselines.length) {
    let hidden = baselines.reduce((s, b) => s + b!.hidden, 0);
    const stale: StaleEntry[] = baselines.flatMap((b) => b!.stale.map((s) => ({ ...s, fingerprints: [] })));
    if (baselineFile !== undefined && shards.length) {
      // the shards held the project-level findings back; the baseline applies to them here
      const facts = new Set(shards.flatMap((s) => Object.keys(s.facts)).map((p) => baselinePath(baselineFile, p)));
      const codes = new Set(shards[0].projectRules);
      const outcome = applyBaseline(projectFindings, readBaseline(baselineFile), baselineFile, { scanned: (p) => facts.has(p), ran: (c) => codes.has(c) }, new SourceCache());
      projectFindings = outcome.kept;
      hidden += outcome.hidden;
      pushAll(stale, outcome.stale);
    }
    stale.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code.localeCompare(b.code)));
    const file = baselines[0]?.file ?? rel(path.resolve(baselineFile!));
    extraSummary.baseline = { file, hidden, stale: stale.map(({ path: p, code, count }) => ({ path: p, code, count })) };
    notes.push(...baselineNotes({ kept: [], hidden, stale }, file));
  }
  pushAll(findings, projectFindings);
  sortFindings(findings);
  errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const figures: Merged['figures'] = [];
  for (const figure of coverageFigures(allRules())) {
    const value = figure.merged({ summaries: docs.map((d) => (d.summary as Record<string, unknown>)[figure.key]).filter((v) => v !== undefined), project: project.coverage.get(figure) ?? null });
    if (value === null) continue;
    figures.push({ figure, value });
    extraSummary[figure.key] = figure.summary(value);
    if (!figure.failUnder) notes.push(figure.note(value));
  }

  const result: ReportResult = { files: docs.reduce((s, d) => s + d.summary.files, 0), findings, errors };
  return { result, extraSummary, notes, figures };
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('combine the JSON reports of `scan --shard` jobs into one report')
    .argument('<reports...>', 'JSON files written by `scan --format json`')
    .option('--format <name[:file]>', `output format, repeatable: ${Object.keys(REPORTERS).join(', ')}; FILE writes it there`, collect)
    .option('--output <file>', 'write the report (the one --format without a FILE) to this file instead of stdout')
    .option('--fail-on <level>', 'exit 1 when a finding at or above this severity remains: high, medium, low, never')
    .option('--fail-under <pct>', 'exit 1 when the merged docstring coverage is below this percentage')
    .option('--baseline <file>', 'the baseline the shards used: applied to the project-level findings computed here')
    .action(async (reports: string[], flags: MergeFlags) => {
      const plans = planOutputs(flags.format, flags.output, Object.keys(REPORTERS));
      const cliFailOn = checkFailOn(flags.failOn);
      const failUnder = parseFailUnder(flags.failUnder);
      const merged = await mergeReports(reports, flags.baseline);
      const config = loadConfig('.').config;
      const failOn: FailOn = cliFailOn ?? config['fail-on'] ?? 'high';
      const gated = merged.figures.find((f) => f.figure.failUnder);
      if (failUnder !== undefined && !gated) throw new UsageError('--fail-under: the reports carry no docstring coverage (no DOC rule ran)');
      if (gated) merged.notes.push(gated.figure.note(gated.value, failUnder));
      emitReports(plans, { result: merged.result, extraSummary: merged.extraSummary, notes: merged.notes });
      process.exitCode = exitCodeFor(merged.result, failOn, gated && gated.figure.summary(gated.value), failUnder);
    });
}
