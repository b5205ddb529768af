import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type oraType from 'ora';
import { applyBaseline, baselineNotes, baselinePath, readBaseline, SourceCache, type BaselineOutcome } from '../ci/baseline';
import { changedFiles, changedLines, keepChanged } from '../ci/changed';
import { parseSize, rel } from '../engine/config';
import { UsageError } from '../core/errors';
import { parseCodeList, runScan, type ScanResult } from '../engine/run';
import { scanStdin } from '../engine/stdin';
import { holdBackProjectRules, parseShard, projectRuleCodes, shardFilter } from '../ci/shard';
import { REPORTERS } from '../report';
import { coverageFigures, ruleByCode } from '../rules/registry';
import type { Finding } from '../core/finding';
import { escapeTerminal } from '../report/escape';
import { joinChunks } from '../report/stream';
import { enableTimings, formatTimings, time, timings } from '../engine/timings';
import { performance } from 'node:perf_hooks';
import type { ReportContext, ReportResult, ReportView, ShardInfo } from '../report/types';
import { reportInput } from './report-input';
import { addRuffOutputOptions, addSelectionOptions, cacheDirOf, selectionOf, checkColor, checkFailOn, checkSeverity, collect, exitZero, fails, parseFailUnder, planOutputs, readStdin, stdinMode, useColor, writeOutput, type ColorMode, type FailOn, type OutputPlan } from './options';

export interface ScanFlags {
  select?: string[];
  extendSelect?: string[];
  outputFormat?: string[];
  exitZero?: boolean;
  color?: string;
  quiet?: boolean;
  verbose?: boolean;
  sort?: string;
  ignore?: string[];
  format?: string[];
  output?: string;
  failOn?: string;
  failUnder?: string;
  targetVersion?: string;
  config?: string;
  jobs?: number;
  progress?: boolean;
  baseline?: string;
  addNoqa?: boolean;
  changedSince?: string;
  shard?: string;
  projectRules?: boolean;
  cache?: boolean;
  cacheDir?: string;
  minSeverity?: string;
  statistics?: boolean;
  history?: string;
  since?: string;
  timings?: boolean;
  language?: string;
  engine?: string;
  semgrepConfig?: string[];
  semgrepBin?: string;
  stdinFilename?: string;
}

/** Run a scan with a progress spinner on stderr when a person is watching. */
export async function scanWithProgress(paths: string[], flags: ScanFlags, label = 'Scanning', filterFiles?: (files: string[]) => string[]): Promise<ScanResult> {
  const interactive = flags.progress !== false && !!process.stderr.isTTY && !process.env.CI;
  // ora (and its 30 modules) only when a person watches
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const spinner = interactive ? (require('ora') as typeof oraType)({ text: `${label}…`, stream: process.stderr }) : null;
  const timer = spinner ? setTimeout(() => spinner.start(), 300) : null;
  try {
    return await runScan({
      paths,
      ...selectionOf(flags),
      cacheDir: cacheDirOf(flags),
      engine: flags.engine,
      semgrepConfigs: flags.semgrepConfig,
      semgrepBin: flags.semgrepBin,
      filterFiles,
      // project-level rules judge the whole project: not over one shard or a changed subset
      projectRules: flags.projectRules !== false && flags.shard === undefined && flags.changedSince === undefined,
      onProgress: spinner ? (done, total) => (spinner.text = `${label} ${done}/${total} files`) : undefined,
    });
  } finally {
    if (timer) clearTimeout(timer);
    spinner?.stop();
  }
}

/**
 * Exit code (the convention of Ruff and ESLint): 2 when the tool itself
 * failed (usage and configuration errors are thrown before this); 1 when a
 * finding reaches --fail-on, docstring coverage is below --fail-under, or an
 * input could not be checked; 0 otherwise. With --fail-on never, findings and
 * unchecked inputs still print but exit 0.
 */
export function exitCodeFor(result: Pick<ReportResult, 'findings' | 'errors'>, failOn: FailOn, coverage?: { percent: number } | null, failUnder?: number): number {
  if (result.errors.some((e) => e.internal)) return 2;
  if (failOn !== 'never' && result.errors.length) return 1;
  if (result.findings.some((f) => fails(f.severity, failOn))) return 1;
  if (failUnder !== undefined && coverage && coverage.percent < failUnder) return 1;
  return 0;
}

/** Compose the --changed-since and --shard file filters. */
async function fileFilter(flags: ScanFlags): Promise<((files: string[]) => string[]) | undefined> {
  const steps: Array<(files: string[]) => string[]> = [];
  if (flags.changedSince !== undefined) steps.push(keepChanged(await changedFiles(flags.changedSince)));
  if (flags.shard !== undefined) steps.push(shardFilter(parseShard(flags.shard)));
  if (!steps.length) return undefined;
  return (files) => steps.reduce((acc, step) => step(acc), files);
}

/** Apply --baseline to the findings; the files read and the rules run decide which entries can be stale. */
export function useBaseline(file: string, result: ScanResult, findings = result.findings, heldBack: string[] = []): BaselineOutcome {
  const baseline = readBaseline(file);
  // a file that could not be fully checked may have lost findings: its entries are not stale
  const broken = new Set(result.errors.map((e) => baselinePath(file, e.path)));
  const scanned = new Set(result.scanned.map((abs) => baselinePath(file, abs)).filter((p) => !broken.has(p)));
  const ran = new Set(result.rules.map((r) => r.code).filter((c) => !heldBack.includes(c)));
  return applyBaseline(findings, baseline, file, { scanned: (p) => scanned.has(p), ran: (c) => ran.has(c) }, new SourceCache());
}

/** Render every planned output; report what a person should see on stderr when no text report goes to stdout. */
export function emitReports(plans: OutputPlan[], given: Omit<ReportContext, 'color' | 'source' | 'fingerprints'>, warnings: string[] = [], color: ColorMode = 'auto'): void {
  const ctx = reportInput(given);
  for (const plan of plans) {
    const text = REPORTERS[plan.format]({ ...ctx, color: (plan.format === 'text' || plan.format === 'concise') && useColor(process.stdout, plan.file !== null, color), outputFile: plan.file ?? undefined });
    writeOutput(plan, text);
  }
  if (plans.some((p) => p.format === 'github')) writeStepSummary(ctx);
  // the text formats carry the errors themselves; a person reads them, so warnings and notes go to stderr
  const forPeople = (f: string): boolean => f === 'text' || f === 'concise';
  const textOnStdout = plans.some((p) => forPeople(p.format) && p.file === null);
  // a machine format on stdout gets nothing on stderr but errors: its consumer reads the summary from the report
  const machineOnStdout = plans.some((p) => !forPeople(p.format) && p.file === null);
  if (!machineOnStdout) for (const w of warnings) process.stderr.write(`warning: ${escapeTerminal(w)}\n`);
  if (!textOnStdout) {
    for (const e of ctx.result.errors) process.stderr.write(`error: ${escapeTerminal(e.path)}: ${escapeTerminal(e.message)}\n`);
    if (!machineOnStdout && !ctx.view?.quiet) for (const n of ctx.notes ?? []) process.stderr.write(`${escapeTerminal(n)}\n`);
  }
}

/** GitHub's job summary (GITHUB_STEP_SUMMARY) holds up to 1 MiB of Markdown: the whole picture on the run's page. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

function writeStepSummary(ctx: Omit<ReportContext, 'color'>): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  let md = joinChunks(REPORTERS.markdown({ ...ctx, color: false }));
  const room = STEP_SUMMARY_LIMIT - (fs.existsSync(file) ? fs.statSync(file).size : 0) - 200;
  if (room <= 0) return;
  if (Buffer.byteLength(md) > room) md = `${Buffer.from(md).subarray(0, room).toString('utf8').replace(/\n[^\n]*$/, '')}\n\n_(cut at GitHub's 1 MiB summary limit)_\n`;
  fs.appendFileSync(file, md);
}

export function register(program: Command): void {
  const cmd = program
    .command('scan')
    .description('find upgrade work in Python files; writes nothing (unless --add-noqa)')
    .argument('[paths...]', 'files or folders (default: .)');
  addRuffOutputOptions(addSelectionOptions(cmd))
    .option('--format <name[:file]>', `output format, repeatable: ${Object.keys(REPORTERS).join(', ')}; FILE writes it there (at most one format goes to stdout)`, collect)
    .option('--output-format <name[:file]>', 'another name for --format (ruff\'s)', collect)
    .option('--sort <order>', 'the text report within a file: line (default) or severity (the highest first)')
    .option('-q, --quiet', 'print the findings and errors only: no summary, no notes')
    .option('-v, --verbose', 'also say on stderr which configuration, rules, target and cache the run used')
    .option('--output <file>', 'write the report (the one --format without a FILE) to this file instead of stdout')
    .option('--fail-on <level>', 'exit 1 when a finding at or above this severity remains: high, medium, low, never')
    .option('--fail-under <pct>', 'exit 1 when docstring coverage (DOC rules) is below this percentage')
    .option('--baseline <file>', 'hide findings recorded in this baseline (see `rfsn-upgrade baseline create`); list stale entries')
    .option('--add-noqa', 'write `# noqa: CODE` on the line of each finding instead of reporting it')
    .option('--changed-since <rev>', 'scan only files changed since this git revision (plus untracked files)')
    .option('--shard <i/n>', 'scan only the I-th of N deterministic parts of the files (combine with `rfsn-upgrade merge`)')
    .option('--no-project-rules', 'leave out project-level rules (INT001, DEP…): for hooks that pass a few files')
    .option('--min-severity <level>', 'list only findings at or above this severity in the text report: high, medium, low, info (the gate stays --fail-on)')
    .option('--statistics', 'one line per rule code (count, severity, fixable) instead of the findings')
    .option('--history <n>', 'html: draw the burndown of the last N commits (as status --history)')
    .option('--since <date>', 'html: draw the burndown of the commits since this date (as status --since)')
    .option('--engine <name>', 'native (default), semgrep (the rules/ pack and --semgrep-config) or both; also `engine` in the config')
    .option('--semgrep-config <path>', 'a YAML file or folder of your own semgrep rules (with --engine semgrep|both); repeatable', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--semgrep-bin <path>', 'the semgrep executable (default: semgrep on PATH)')
    .option('--stdin-filename <path>', 'with `-` as the path: judge the text read from stdin as this file (its settings, per-file-ignores, language); project-level rules off')
    .option('--timings', 'print where the time went, per phase and per rule, on stderr')
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: ScanFlags) => {
      const started = performance.now();
      if (flags.timings) enableTimings();
      if (flags.addNoqa && (flags.format?.length || flags.outputFormat?.length || flags.output !== undefined)) throw new UsageError('--add-noqa writes comments, not a report: drop --format/--output');
      if (flags.addNoqa && flags.shard !== undefined) throw new UsageError('--add-noqa and --shard do not go together: run --add-noqa on the whole project');
      const formats = [...(flags.format ?? []), ...(flags.outputFormat ?? [])];
      const plans = planOutputs(formats.length ? formats : undefined, flags.output, Object.keys(REPORTERS));
      const cliFailOn = checkFailOn(flags.failOn);
      const color = checkColor(flags.color);
      if (flags.sort !== undefined && flags.sort !== 'line' && flags.sort !== 'severity') throw new UsageError(`--sort must be line or severity, not '${flags.sort}'`);
      if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose do not go together');
      const view: ReportView = { minSeverity: checkSeverity(flags.minSeverity, '--min-severity'), statistics: !!flags.statistics, sort: flags.sort as ReportView['sort'], quiet: !!flags.quiet };
      const cliFailUnder = parseFailUnder(flags.failUnder);
      const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
      const stdin = stdinMode(paths, flags);
      if (stdin) flags.projectRules = false; // one text is not a project
      if (stdin && (flags.addNoqa || flags.shard !== undefined || flags.changedSince !== undefined || plans.some((p) => p.format === 'html'))) throw new UsageError('scan -: --add-noqa, --shard, --changed-since and the html format need files, not stdin');
      const filter = await fileFilter(flags);
      const scanned = stdin ? await scanStdin(readStdin(), stdin, { select: parseCodeList(flags.select), ignore: parseCodeList(flags.ignore), targetVersion: flags.targetVersion, configFile: flags.config }) : await scanWithProgress(paths, flags, 'Scanning', filter);
      if (flags.changedSince !== undefined && plans.some((p) => p.format === 'github')) view.changedLines = await changedLines(flags.changedSince);
      const failOn: FailOn = cliFailOn ?? scanned.loaded.config['fail-on'] ?? 'high';
      const warnings = [...scanned.warnings];
      const notes: string[] = [];
      const extraSummary: Record<string, unknown> = {};
      let findings = scanned.findings;

      let shardInfo: ShardInfo | undefined;
      let heldBack: string[] = [];
      if (shard) {
        const held = holdBackProjectRules(scanned, shard);
        findings = held.findings;
        shardInfo = held.info;
        heldBack = held.info.projectRules;
      } else if (flags.projectRules === false || flags.changedSince !== undefined) {
        // project-level rules judge the whole project; over part of it they would report what is not true (runScan skipped them)
        heldBack = projectRuleCodes(scanned.rules);
        if (heldBack.length && flags.projectRules !== false) notes.push(`Project-level rules (${heldBack.join(', ')}) need every file; they are left out of a --changed-since run.`);
      }

      let baselineApplied = false;
      if (flags.baseline !== undefined) {
        const outcome = useBaseline(flags.baseline, scanned, findings, heldBack);
        findings = outcome.kept;
        baselineApplied = true;
        notes.push(...baselineNotes(outcome, flags.baseline));
        extraSummary.baseline = { file: rel(path.resolve(flags.baseline)), hidden: outcome.hidden, stale: outcome.stale.map(({ path: p, code, count }) => ({ path: p, code, count })) };
      }

      if (flags.addNoqa) {
        const { addNoqa } = await import('../engine/noqa');
        const outcome = await addNoqa(findings, { scanned: new Set(scanned.scanned.map(rel)), maxFileSize: parseSize(scanned.loaded.config['max-file-size']) });
        for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
        const errors = [...scanned.errors, ...outcome.errors];
        for (const e of errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
        for (const n of notes) process.stderr.write(`${n}\n`);
        process.stdout.write(`Added ${outcome.added} noqa comment${outcome.added === 1 ? '' : 's'} in ${outcome.files.length} file${outcome.files.length === 1 ? '' : 's'}.\n`);
        if (outcome.skipped.length) {
          process.stdout.write(`Skipped ${outcome.skipped.length} finding${outcome.skipped.length === 1 ? '' : 's'}:\n`);
          for (const s of outcome.skipped) process.stdout.write(`  ${s.path}:${s.line} ${s.code}: ${s.reason}\n`);
        }
        const left = findings.filter((f) => outcome.errors.some((e) => e.path === f.path) || outcome.skipped.some((s) => s.path === f.path && s.line === f.line && s.code === f.code));
        process.exitCode = exitZero(exitCodeFor({ findings: left, errors }, failOn), flags.exitZero);
        return;
      }

      const cascade = cascadeNote(findings);
      if (cascade) notes.push(cascade);

      // a shard sees part of the files: coverage is judged by `merge`; a figure of the whole project is not given for part of it
      const failUnder = shard ? undefined : (cliFailUnder ?? scanned.loaded.config['fail-under']);
      const partial = !!shard || flags.changedSince !== undefined || flags.projectRules === false;
      const figures = coverageFigures(scanned.rules).flatMap((figure) => {
        const value = partial && figure.wholeProject ? null : figure.of(scanned);
        return value === null ? [] : [{ figure, value }];
      });
      const gated = figures.find((f) => f.figure.failUnder);
      const coverage = gated ? gated.figure.summary(gated.value) : null;
      if (shard && cliFailUnder !== undefined) notes.push('--fail-under is judged on the merged report: pass it to `rfsn-upgrade merge`.');
      if (failUnder !== undefined && !gated) {
        const why = 'no DOC rule is selected (docstring coverage comes from the DOC rules)';
        if (cliFailUnder !== undefined) throw new UsageError(`--fail-under: ${why}`);
        warnings.push(`fail-under in config ignored: ${why}`);
      }
      for (const { figure, value } of figures) {
        extraSummary[figure.key] = figure.summary(value);
        notes.push(figure.note(value, figure.failUnder ? failUnder : undefined));
      }

      // project-level rules that could not judge their project: said on stderr (warnings) and here, so `status` can show `unknown`
      if (scanned.skippedRules?.length) extraSummary.skippedRules = scanned.skippedRules.map((r) => ({ ...r, root: r.root }));
      const result: ScanResult = { ...scanned, findings };
      // loaded only for the html format (status.ts and what it needs)
      const dashboard = plans.some((p) => p.format === 'html') ? await (await import('./status')).dashboardFor(result, paths, { history: flags.history, since: flags.since, ignore: flags.ignore, config: flags.config, jobs: flags.jobs, targetVersion: flags.targetVersion }) : undefined;
      if (flags.verbose) for (const line of verboseLines(scanned)) process.stderr.write(`${line}\n`);
      time('report', () => emitReports(plans, { result, extraSummary, notes, shard: shardInfo, baselineApplied, view, dashboard }, warnings, color));
      if (flags.timings) {
        process.stderr.write(formatTimings(timings(), performance.now() - started));
        const c = scanned.cache;
        process.stderr.write(c ? `cache: ${c.hits} file${c.hits === 1 ? '' : 's'} served from the cache, ${c.misses} checked\n` : 'cache: off\n');
      }
      process.exitCode = exitZero(exitCodeFor(result, failOn, coverage, failUnder), flags.exitZero);
    });
}

/**
 * Why `fix` applies more than the summary's fixable count, when anything is
 * fixable: the counts are of the findings as they are, and a project-level
 * fix (a manifest edit) is in no finding's `fix`.
 */
export function cascadeNote(findings: Finding[]): string | null {
  const project = findings.filter((f) => !f.fix && ruleByCode(f.code)?.projectFix).length;
  if (!project && !findings.some((f) => f.fix)) return null;
  const more = project ? `, and ${project} project-level finding${project === 1 ? '' : 's'} with a fix (whole-file edits such as the manifest's) ${project === 1 ? 'is' : 'are'} not counted` : '';
  return `Fixes make more fixes possible (a rewrite can leave an import unused, an added import needs declaring)${more}: \`rfsn-upgrade fix --diff\` shows all that fix would apply.`;
}

/** `--verbose`: what the run used, for a person wondering why a rule did (not) run. */
function verboseLines(r: ScanResult): string[] {
  const c = r.cache;
  return [
    `config: ${r.loaded.source ? rel(r.loaded.source) : 'none (defaults)'}`,
    `rules: ${r.rules.length} (${r.rules.map((x) => x.code).join(', ')})`,
    `files: ${r.scanned.length} checked`,
    c ? `cache: ${c.hits} file${c.hits === 1 ? '' : 's'} served from the cache, ${c.misses} checked` : 'cache: off',
  ];
}
