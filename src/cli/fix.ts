import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import ora from 'ora';
import { parseCodeList, runScan, type ScanResult } from '../engine/run';
import { ruleByCode } from '../rules/registry';
import { unifiedDiff } from '../fix/diff';
import { migrationReport } from '../fix/report';
import type { FixRunOptions, FixRunResult } from '../fix/run';
import type { VerifySummary } from '../fix/bisect';
import { runFixRemembering } from '../fix/reverted';
import { openWorkTree } from '../fix/commit';
import { UsageError } from '../core/errors';
import { loadConfig } from '../engine/config';
import path from 'node:path';
import { textReporter } from '../report/text';
import { addRuffOutputOptions, addSelectionOptions, cacheDirOf, selectionOf, checkColor, checkFailOn, exitZero, fails, readStdin, stdinMode, useColor, writeOutput, type FailOn } from './options';
import { escapeTerminal } from '../report/escape';
import { fixStdin } from '../fix/stdin';
import { reportInput } from './report-input';

interface FixFlags {
  select?: string[];
  extendSelect?: string[];
  exitZero?: boolean;
  color?: string;
  ignore?: string[];
  targetVersion?: string;
  config?: string;
  jobs?: number;
  diff?: boolean;
  unsafeFixes?: boolean;
  report?: string;
  progress?: boolean;
  failOn?: string;
  cache?: boolean;
  cacheDir?: string;
  verify?: string;
  verifyJunit?: string;
  verifyTimeout?: string;
  commit?: boolean;
  stdinFilename?: string;
}

/** --verify-timeout: seconds above 0. */
function parseTimeout(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(v) || !(n > 0)) throw new UsageError(`--verify-timeout takes a number of seconds above 0, not '${v}'`);
  return n;
}

/** What --verify did, on stderr: each reverted fix with the tests it broke, then one line. */
function verifyLines(v: VerifySummary): string {
  const out: string[] = [];
  for (const r of v.reverted) out.push(`reverted: ${r.path}:${r.line} ${r.code} (${r.description}): broke ${r.tests.join(', ')}`);
  const base = v.failingAtBaseline ? `; ${v.failingAtBaseline} test${v.failingAtBaseline === 1 ? '' : 's'} failing before any fix did not count` : '';
  out.push(v.green ? `verify: green after ${v.runs} test run${v.runs === 1 ? '' : 's'}; ${v.reverted.length} fix${v.reverted.length === 1 ? '' : 'es'} reverted${base}` : `verify: ${v.failure}`);
  return out.join('\n') + '\n';
}

/**
 * The exit code (the convention of Ruff and ESLint): 2 for configuration and
 * internal errors; 1 when a finding at or above --fail-on remains, or an input
 * could not be checked or written (with --fail-on never those are printed but
 * do not fail), or, with --diff, when something would change; 0 otherwise.
 * With --fail-on never: 0 unless 2 applies.
 */
export function fixExitCode(r: Pick<FixRunResult, 'errors' | 'findings' | 'changedFiles' | 'loaded'>, failOn: FailOn, dryRun: boolean): number {
  if (r.loaded.errors.length || r.errors.some((e) => e.internal)) return 2;
  if (failOn === 'never') return 0; // like Ruff's --exit-zero (docs/json.md, exit codes)
  if (dryRun && r.changedFiles > 0) return 1;
  if (r.errors.length) return 1;
  return r.findings.some((f) => fails(f.severity, failOn)) ? 1 : 0;
}

export function summaryLine(r: FixRunResult, dryRun: boolean): string {
  const verb = dryRun ? 'would be applied' : '';
  const head = `${r.fixes} fix${r.fixes === 1 ? '' : 'es'}${verb ? ` ${verb}` : ''} in ${r.changedFiles} file${r.changedFiles === 1 ? '' : 's'}`;
  return r.unsafeSkipped ? `${head} (${r.unsafeSkipped} unsafe fix${r.unsafeSkipped === 1 ? '' : 'es'} not applied: use --unsafe-fixes)` : head;
}

/**
 * What the fix leaves, as `scan` with the same paths and selection reports it
 * (native rules): the project-level rules judge the project as written, and
 * each file's result comes from the cache the fix just filled. `fix`'s
 * outcomes hold the per-file findings only, and a project-level fix changes
 * files after them.
 */
function scanAfterFix(o: FixRunOptions): Promise<ScanResult> {
  // without python3: its verdict decides only which inputs are errors, and the fix's own errors say that (a fix
  // that had nothing for python3 to judge must not wait for it now, nor pay a compile of every file)
  return runScan({ paths: o.paths, select: o.select, extendSelect: o.extendSelect, ignore: o.ignore, targetVersion: o.targetVersion, configFile: o.configFile, jobs: o.jobs, language: o.language, cacheDir: o.cacheDir, engine: 'native', pythonCheck: false });
}

/** The scan after the fix with the fix's own errors (why a file was not fixed or written) first; the scan's warnings were the fix's. */
function leftAfterFix(fixed: FixRunResult, after: ScanResult): ScanResult {
  const said = new Set(fixed.errors.map((e) => e.path));
  return { ...after, errors: [...fixed.errors, ...after.errors.filter((e) => !said.has(e.path))], warnings: [] };
}

/**
 * `fix - --stdin-filename PATH`: the fixed text (the whole of it, changed or
 * not) on stdout, or with --diff the diff; the summary and what is left on
 * stderr; exit codes as for files.
 */
async function fixStdinCommand(stdinFilename: string, flags: FixFlags, cliFailOn: FailOn | undefined): Promise<void> {
  const r = await fixStdin(readStdin(), stdinFilename, { select: parseCodeList(flags.select), ignore: parseCodeList(flags.ignore), targetVersion: flags.targetVersion, configFile: flags.config, unsafe: !!flags.unsafeFixes });
  const dryRun = !!flags.diff;
  const changed = r.text !== null && r.text !== r.original;
  if (dryRun) {
    if (changed) process.stdout.write(unifiedDiff(r.display, r.original!, r.text!));
  } else process.stdout.write(r.output);
  if (r.excluded) process.stderr.write(`warning: ${escapeTerminal(r.excluded)}\n`);
  for (const e of r.errors) process.stderr.write(`error: ${escapeTerminal(e.path)}: ${escapeTerminal(e.message)}\n`);
  for (const f of r.findings) process.stderr.write(`${escapeTerminal(f.path)}:${f.line}:${f.column}: ${f.code} ${escapeTerminal(f.message)}\n`);
  const summary = { fixes: r.fixes, changedFiles: changed ? 1 : 0, unsafeSkipped: r.unsafeSkipped } as FixRunResult;
  process.stderr.write(`${summaryLine(summary, dryRun)}.\n`);
  const failOn: FailOn = cliFailOn ?? r.loaded.config['fail-on'] ?? 'high';
  process.exitCode = fixExitCode({ errors: r.errors, findings: r.findings, changedFiles: changed ? 1 : 0, loaded: r.loaded }, failOn, dryRun);
}

export function register(program: Command): void {
  const cmd = program
    .command('fix')
    .description('apply the fixes: safe ones, unsafe ones with --unsafe-fixes; every result is verified before it is written')
    .argument('[paths...]', 'files or folders (default: .)');
  addRuffOutputOptions(addSelectionOptions(cmd))
    .option('--diff', 'print a unified diff of what would change and write nothing (exit 1 when something would change)')
    .option('--unsafe-fixes', 'apply unsafe fixes too (they can change behaviour: see each rule\'s "Fix safety")')
    .option('--report <file>', 'write a Markdown migration guide of what changed')
    .option('--fail-on <level>', 'exit 1 when a finding at or above this severity remains, or an input could not be checked or written: high, medium, low, never')
    .option('--verify <cmd>', 'run this test command before any fix and after each batch; revert the fixes after which a test fails that passed before (also: verify in [tool.rfsn-upgrade])')
    .option('--verify-junit <file>', 'the JUnit XML the --verify command writes (pytest is asked for one itself); without it only the exit code counts')
    .option('--verify-timeout <seconds>', 'time limit of each run of the --verify command; a run past it counts as failed')
    .option('--commit', 'in a git work tree: one commit per upgrade of the files fix wrote, listing its fixes (refused when the index holds staged changes)')
    .option('--stdin-filename <path>', 'with `-` as the path: fix the text read from stdin as this file and write the result to stdout (format-on-save)')
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: FixFlags) => {
      const cliFailOn = checkFailOn(flags.failOn);
      const color = checkColor(flags.color);
      const stdin = stdinMode(paths, flags);
      if (stdin) {
        if (flags.report) throw new UsageError('fix -: --report needs files, not stdin');
        if (flags.verify) throw new UsageError('fix -: --verify needs files, not stdin');
        if (flags.commit) throw new UsageError('fix -: --commit needs files, not stdin');
        await fixStdinCommand(stdin, flags, cliFailOn);
        return;
      }
      // --no-cache: nothing of the project's cache is read or written, but the run keeps its own in a fresh
      // temporary folder, removed at the end, so the summary scan after the fix reads what the fix just checked
      // instead of parsing and checking every file a second time (it doubled the CPU of `fix --no-cache`)
      const privateCache = cacheDirOf(flags) === null ? fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-upgrade-run-cache-')) : null;
      try {
        const interactive = flags.progress !== false && !!process.stderr.isTTY && !process.env.CI;
        const spinner = interactive ? ora({ text: 'Fixing…', stream: process.stderr }) : null;
        const timer = spinner ? setTimeout(() => spinner.start(), 300) : null;
        let result: Awaited<ReturnType<typeof runFixRemembering>>;
        let fixOptions: FixRunOptions;
        const timeoutSeconds = parseTimeout(flags.verifyTimeout);
        // the command: the flag's (run here), else the configuration's (run beside the file it is in)
        let verify: { command: string; cwd: string } | null = flags.verify !== undefined ? { command: flags.verify, cwd: process.cwd() } : null;
        if (!verify && !flags.diff) {
          const loaded = loadConfig(paths[0] ?? '.', flags.config);
          if (loaded.config.verify) verify = { command: loaded.config.verify, cwd: loaded.source ? path.dirname(loaded.source) : process.cwd() };
        }
        if (!verify && (flags.verifyJunit !== undefined || timeoutSeconds !== undefined)) throw new UsageError('--verify-junit and --verify-timeout go with --verify "CMD"');
        if (flags.commit && flags.diff) throw new UsageError('--commit commits what fix writes, so it cannot be combined with --diff');
        const tree = flags.commit ? await openWorkTree(process.cwd()) : null;
        try {
          fixOptions = {
            paths,
            ...selectionOf(flags),
            unsafe: !!flags.unsafeFixes,
            write: !flags.diff,
            cacheDir: privateCache ?? cacheDirOf(flags),
            onProgress: spinner ? (done: number, total: number) => (spinner.text = `Fixing ${done}/${total} files`) : undefined,
          };
          result = await runFixRemembering(fixOptions, verify ? { ...verify, junit: flags.verifyJunit, timeoutSeconds, onProgress: spinner ? (text) => (spinner.text = text) : undefined } : null, tree);
        } finally {
          if (timer) clearTimeout(timer);
          spinner?.stop();
        }
        const dryRun = !!flags.diff;
        // what is left: a scan after the fix; --diff wrote nothing, so there the files' own findings are of the fixed texts
        // and only the project-level ones come from a scan (of the files as they are)
        const now = !dryRun || flags.report ? await scanAfterFix(fixOptions) : null;
        if (flags.report) {
          const remaining = dryRun ? [...result.findings, ...(now?.findings.filter((f) => ruleByCode(f.code)?.project) ?? [])] : now!.findings;
          fs.writeFileSync(flags.report, migrationReport(result, { dryRun, remaining }));
        }
        // the guide can change what is left (a MIGRATION.md is the migration guide's evidence): then the summary scans again
        const left = dryRun ? null : leftAfterFix(result, flags.report ? await scanAfterFix(fixOptions) : now!);
        if (result.verify) process.stderr.write(verifyLines(result.verify));
        for (const c of result.commits ?? []) process.stderr.write(`committed: ${c.sha} ${c.subject}\n`);
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        if (result.compileSkipped && result.changedFiles) process.stderr.write('warning: python3 not found on PATH: results were checked with the parser only\n');
        if (dryRun) {
          for (const o of result.outcomes) {
            if (o.changed && !o.refused) process.stdout.write(unifiedDiff(o.path, o.original!, o.text!));
          }
          for (const e of result.errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
          process.stderr.write(`${summaryLine(result, true)}.\n`);
          process.exitCode = exitZero(fixExitCode(result, cliFailOn ?? result.loaded.config['fail-on'] ?? 'high', true), flags.exitZero);
          return;
        }
        process.stdout.write(`${summaryLine(result, false)}.\n`);
        const shown = left!;
        if (shown.findings.length || shown.errors.length) {
          process.stdout.write('\n');
          writeOutput({ format: 'text', file: null }, textReporter(reportInput({ result: shown, color: useColor(process.stdout, false, color) })));
        }
        const failOn: FailOn = cliFailOn ?? result.loaded.config['fail-on'] ?? 'high';
        process.exitCode = exitZero(fixExitCode({ ...result, findings: shown.findings, errors: shown.errors }, failOn, false), flags.exitZero);
      } finally {
        if (privateCache) fs.rmSync(privateCache, { recursive: true, force: true });
      }
    });
}
