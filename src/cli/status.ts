import chalk from 'chalk';
import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseSize } from '../engine/config';
import { UsageError } from '../core/errors';
import { walkHistory } from '../ci/history';
import type { HistoryEntry } from '../core/history';
import { readSource } from '../engine/read';
import type { ScanResult } from '../engine/run';
import { isModuleFacts, moduleFacts, type ModuleFacts } from '../lang/python/modules';
import { initParser } from '../lang/python/parser';
import { projectPython } from '../lang/python/interpreter';
import { readPyproject, sourceRoots } from '../lang/python/pyproject';
import { judgeUpgrades, PRIORITIES, UPGRADES, upgradeStatuses, type ProjectView, type UpgradeJudgement, type UpgradeStatus } from '../upgrades';
import { REPORTERS } from '../report';
import { coverageFigures } from '../rules/registry';
import type { ReportContext } from '../report/types';
import type { CoverageFigure } from '../core/rule';
import { collect, parseJobs, planOutputs, useColor, writeOutput } from './options';
import { scanWithProgress } from './scan';
import { relPosix } from '../core/paths';
import { reportInput } from './report-input';

/** What the printers take: `upgradeStatuses` (todo/partial/done) or `judgeUpgrades` (also unknown). */
type Judged = UpgradeStatus | UpgradeJudgement;


export interface StatusFlags {
  format?: string;
  config?: string;
  jobs?: number;
  targetVersion?: string;
  ignore?: string[];
  progress?: boolean;
  history?: string;
  since?: string;
}

/** Scan with every rule (config `ignore` still applies) for `status` and `plan`. */
export function scanAll(paths: string[], flags: StatusFlags, label: string): Promise<ScanResult> {
  return scanWithProgress(paths, { select: ['ALL'], ignore: flags.ignore, config: flags.config, jobs: flags.jobs, targetVersion: flags.targetVersion, progress: flags.progress, language: (flags as { language?: string }).language }, label);
}

/**
 * The project's files with their module facts, taken from the scan when a
 * rule that gathers them ran; files without them (all those rules ignored)
 * are read again here. `python`: the interpreter evidence runs with (a
 * benchmark's short run), by default the project's own.
 */
export async function projectView(result: ScanResult, python: string | null = projectPython(result.loaded.projectRoot)): Promise<ProjectView> {
  // benchmarkWorks parses the benchmark scripts it may run
  await initParser();
  const absOf = new Map<string, string>();
  for (const abs of result.scanned) absOf.set(displayOf(abs), abs);
  const files: ProjectView['files'] = [];
  const maxSize = parseSize(result.loaded.config['max-file-size']);
  for (const [p, byCode] of result.facts) {
    // the shared module facts (imports, definitions) of whichever rule gathered them
    let facts: ModuleFacts | undefined = Object.values(byCode).find(isModuleFacts);
    if (!facts && absOf.has(p)) {
      const read = readSource(absOf.get(p)!, p, maxSize);
      if (read.ok) {
        try {
          facts = moduleFacts(read.file);
        } finally {
          read.file.dispose();
        }
      }
    }
    files.push({ path: p, absPath: absOf.get(p), facts });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const root = result.loaded.projectRoot;
  // what the coverage figures count as written but not done (the tests scaffold's skipped stubs)
  const todo: Record<string, string> = Object.assign({}, ...coverageFigures(result.rules).map((f) => (f.unfinished ? figureUnfinished(f, result) : undefined)));
  const unfinished = Object.keys(todo).length ? todo : undefined;
  return { root, files, roots: sourceRoots(root, readPyproject(result.options.settings)?.doc ?? null), python, unfinished };
}

function figureUnfinished(f: CoverageFigure, result: ScanResult): Record<string, string> | undefined {
  const value = f.of(result);
  return value === null ? undefined : f.unfinished?.(value);
}

function displayOf(abs: string): string {
  return relPosix(process.cwd(), abs) || '.';
}

export async function statusOf(result: ScanResult): Promise<UpgradeStatus[]> {
  const ran = new Set(result.rules.map((r) => r.code));
  return upgradeStatuses(result.findings, ran, await projectView(result));
}

/**
 * What the `status` command shows: the judgement of `statusOf` plus the
 * project-level rules the scan could not run (`skippedRules`), so an upgrade
 * whose evidence is missing is `unknown`, never `done`.
 */
export async function judgementsOf(result: ScanResult, python?: string | null): Promise<UpgradeJudgement[]> {
  const ran = new Set(result.rules.map((r) => r.code));
  const notRun = new Set((result.skippedRules ?? []).map((r) => r.code));
  // undefined: projectView's default, the project's own interpreter
  return judgeUpgrades(result.findings, ran, await projectView(result, python), notRun);
}

/**
 * The one judgement of `status` and of each commit of `status --history`:
 * scan the paths with every rule, then judge the upgrades from the findings
 * and the files. History hands it a commit's tree read from git objects,
 * status the work tree; `pythonFor` gives the interpreter for the project
 * root the scan found (history's tree has no virtual environment: it runs
 * evidence with the work tree's).
 */
export async function judgeTree(paths: string[], flags: StatusFlags, pythonFor: (projectRoot: string) => string | null = projectPython): Promise<{ result: ScanResult; statuses: UpgradeJudgement[] }> {
  const result = await scanAll(paths, flags, 'Checking upgrades');
  return { result, statuses: await judgementsOf(result, pythonFor(result.loaded.projectRoot)) };
}

export function doneCount(statuses: Judged[]): number {
  return statuses.filter((s) => s.state === 'done').length;
}

export function progressLine(statuses: Judged[]): string {
  const done = doneCount(statuses);
  return `Overall progress: ${done}/${UPGRADES.length} upgrades complete (${Math.round((done / UPGRADES.length) * 100)}%)`;
}

export function statusJson(statuses: Judged[]): string {
  const obj = {
    upgrades: statuses.map((s) => ({
      id: s.upgrade.id,
      title: s.upgrade.title,
      priority: s.upgrade.priority,
      state: s.state,
      findings: s.findings,
      files: s.files,
      evidence: s.scaffolds.map((sc) => ({ scaffold: sc.kind, at: sc.at, why: sc.why })),
      unfinished: s.unfinished,
    })),
    done: doneCount(statuses),
    total: UPGRADES.length,
  };
  return `${JSON.stringify(obj, null, 2)}\n`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function statusText(statuses: Judged[], color: boolean): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const paint = { done: c.green, partial: c.yellow, todo: c.red, unknown: c.gray } as const;
  const titleWidth = Math.max(...statuses.map((s) => s.upgrade.title.length));
  const lines: string[] = [];
  for (const prio of PRIORITIES) {
    const group = statuses.filter((s) => s.upgrade.priority === prio);
    if (!group.length) continue;
    lines.push(c.bold(`${prio[0].toUpperCase()}${prio.slice(1)} priority`));
    for (const s of group) {
      const detail = !s.checked
        ? 'not checked: its rules did not run'
        : s.findings
          ? `${plural(s.findings, 'finding')} in ${plural(s.files.length, 'file')}`
          : 'no findings';
      const notRun = 'notRun' in s && s.notRun.length ? `; could not run: ${s.notRun.join(', ')}` : '';
      lines.push(`  ${s.upgrade.id}  ${s.upgrade.title.padEnd(titleWidth)}  ${paint[s.state](s.state.padEnd(7))}  ${detail}${notRun}`);
      for (const sc of s.scaffolds) lines.push(c.dim(`        scaffold ${sc.kind}: ${sc.at ? `${sc.at} (${sc.why})` : `not accepted: ${sc.why}`}`));
      for (const u of s.unfinished) lines.push(c.dim(`        still to do: ${u}`));
    }
    lines.push('');
  }
  lines.push(c.bold(progressLine(statuses)));
  return `${lines.join('\n')}\n`;
}

/** One commit's judgement in the shape `--history --format json` prints and the HTML burndown draws. */
function historyEntry(statuses: Judged[]): Omit<HistoryEntry, 'commit' | 'date' | 'subject' | 'reused'> {
  return {
    done: doneCount(statuses),
    findings: statuses.reduce((n, s) => n + s.findings, 0),
    upgrades: Object.fromEntries(statuses.map((s) => [s.upgrade.id, { state: s.state, findings: s.findings }])),
  };
}

function parseHistory(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--history takes a positive number of commits, not '${v}'`);
  return n;
}

/**
 * `--since` as git reads a date. `git log --since` takes any text (garbage
 * means no commits and an empty table), so the date is checked first with
 * git's careful parser, the one its expiry dates go through.
 */
export function checkSince(v: string | undefined): void {
  if (v === undefined) return;
  const r = spawnSync('git', ['-c', `rfsn-upgrade.since=${v}`, 'config', '--type=expiry-date', 'rfsn-upgrade.since'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new UsageError('--since needs git on PATH');
  if (r.status !== 0) throw new UsageError(`--since takes a date git understands (2024-01-31, '2 weeks ago', yesterday), not '${v}'`);
}

/**
 * The upgrades judged at each of the last commits (oldest first): each commit's
 * files are read from git into a temporary folder (engine/history.ts) and
 * scanned there with every rule, exactly as `status` scans the work tree.
 */
async function statusHistory(paths: string[], flags: StatusFlags, onCommit?: (done: number, total: number) => void): Promise<HistoryEntry[]> {
  const count = parseHistory(flags.history);
  checkSince(flags.since);
  if (count === undefined && flags.since === undefined) return [];
  let judged = 0;
  const points = await walkHistory({ paths, count, since: flags.since }, async (root, scanPaths, _changed, worktree) => {
    onCommit?.(++judged, 0);
    const present = scanPaths.filter((p) => fs.existsSync(p));
    // the paths did not exist yet at this commit: nothing can be judged
    if (!present.length) return { done: 0, findings: 0, upgrades: Object.fromEntries(UPGRADES.map((u) => [u.id, { state: 'unknown', findings: 0 }])) };
    // the same judgement as status, on the commit's tree; evidence runs with the interpreter of that project root in the work tree
    const { statuses } = await judgeTree(present, { ...flags, progress: false }, (projectRoot) => projectPython(path.join(worktree, path.relative(root, projectRoot))));
    return historyEntry(statuses);
  });
  return points.map((p) => ({ commit: p.commit.sha, date: p.commit.date, subject: p.commit.subject, reused: p.reused, ...p.judgement }));
}

function historyJson(entries: HistoryEntry[]): string {
  return `${JSON.stringify({ commits: entries, upgrades: UPGRADES.map((u) => u.id) }, null, 2)}\n`;
}

/** The table: one row per commit (oldest first), the findings of each upgrade, `*` marking an upgrade judged done. */
function historyText(entries: HistoryEntry[]): string {
  const ids = UPGRADES.map((u) => u.id);
  const cell = (e: HistoryEntry, id: string): string => {
    const u = e.upgrades[id];
    if (!u) return '';
    return u.state === 'unknown' ? '?' : `${u.findings}${u.state === 'done' ? '*' : ''}`;
  };
  const widths = ids.map((id) => Math.max(id.length, ...entries.map((e) => cell(e, id).length)));
  const head = ['commit  ', 'date      ', 'done', 'total', ...ids.map((id, i) => id.padStart(widths[i]))].join(' ');
  const lines = [head];
  for (const e of entries) {
    const row = [e.commit.slice(0, 8), e.date.slice(0, 10), String(e.done).padStart(4), String(e.findings).padStart(5), ...ids.map((id, i) => cell(e, id).padStart(widths[i]))];
    lines.push(`${row.join(' ')}${e.reused ? '  =' : ''}  ${e.subject.length > 50 ? `${e.subject.slice(0, 49)}…` : e.subject}`);
  }
  lines.push('', 'Counts are findings per upgrade; * done, ? unknown (not judged: the paths did not exist, or its rules could not run), = no Python change (previous judgement reused).');
  return `${lines.join('\n')}\n`;
}

/**
 * Everything the HTML dashboard needs besides the scan: the upgrade cards as
 * `status` judges them and, with --history/--since, the burndown. `scan
 * --format html` passes this as `ReportContext.dashboard`.
 */
export async function dashboardFor(result: ScanResult, paths: string[], flags: StatusFlags = {}, judged?: UpgradeJudgement[]): Promise<NonNullable<ReportContext['dashboard']>> {
  const statuses = judged ?? (await judgementsOf(result));
  const history = flags.history !== undefined || flags.since !== undefined ? await statusHistory(paths, flags) : undefined;
  return { statuses, history, paths: paths.length ? paths : ['.'] };
}

/** The summary fields the JSON reporter also emits (docstring and test coverage), for a report rendered outside `scan`. */
function coverageSummary(result: ScanResult): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const f of coverageFigures(result.rules)) {
    const value = f.of(result);
    if (value !== null) extra[f.key] = f.summary(value);
  }
  return extra;
}

export function register(program: Command): void {
  program
    .command('status')
    .description('the 19 upgrades of the catalog: todo, partial or done, with finding counts')
    .argument('[paths...]', 'files or folders (default: .)')
    .option('--format <name[:file]>', 'text, json, or html[:FILE] (the dashboard: the cards, the findings and, with --history, the burndown)', 'text')
    .option('--history <n>', 'judge the upgrades at each of the last N commits of the current branch (read from git; the work tree is not touched)')
    .option('--since <date>', 'judge the upgrades at each commit since this date (git log --since)')
    .option('--ignore <codes>', 'rule codes or prefixes to skip', collect)
    .option('--target-version <ver>', 'Python version to target: py38 .. py314')
    .option('--config <file>', 'read settings from this TOML file instead of the nearest pyproject.toml')
    .option('--jobs <n>', 'worker threads (default: number of CPUs)', parseJobs)
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: StatusFlags) => {
      // before any scan: a bad date is a usage error, not an empty history
      checkSince(flags.since);
      const format = flags.format ?? 'text';
      if (format.startsWith('html')) {
        const [plan] = planOutputs([format], undefined, ['html']);
        const { result, statuses } = await judgeTree(paths, flags);
        const dashboard = await dashboardFor(result, paths, flags, statuses);
        writeOutput(plan, REPORTERS.html(reportInput({ result, color: false, extraSummary: coverageSummary(result), dashboard, outputFile: plan.file ?? undefined })));
        for (const e of result.errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
        process.exitCode = result.errors.length ? 2 : 0;
        return;
      }
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}' (or html[:FILE], the dashboard)`);
      if (flags.history !== undefined || flags.since !== undefined) {
        const entries = await statusHistory(paths, flags);
        process.stdout.write(format === 'json' ? historyJson(entries) : historyText(entries));
        process.exitCode = 0;
        return;
      }
      const { result, statuses } = await judgeTree(paths, flags);
      process.stdout.write(flags.format === 'json' ? statusJson(statuses) : statusText(statuses, useColor(process.stdout, false)));
      for (const e of result.errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
      process.exitCode = result.errors.length ? 2 : 0;
    });
}
