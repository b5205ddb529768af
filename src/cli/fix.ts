import fs from 'node:fs';
import type { Command } from 'commander';
import ora from 'ora';
import { parseCodeList, type ScanResult } from '../engine/run';
import { unifiedDiff } from '../fix/diff';
import { migrationReport } from '../fix/report';
import { runFix, type FixRunResult } from '../fix/run';
import { textReporter } from '../report/text';
import { escapeTerminal } from '../report/escape';
import { UsageError } from '../core/errors';
import { fixStdin } from '../fix/stdin';
import { addSelectionOptions, cacheDirOf, checkFailOn, fails, readStdin, stdinMode, useColor, writeOutput, type FailOn } from './options';

interface FixFlags {
  select?: string[];
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
  stdinFilename?: string;
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

function asScanResult(r: FixRunResult): ScanResult {
  return {
    files: r.outcomes.length,
    lines: 0,
    findings: r.findings,
    errors: r.errors,
    warnings: r.warnings,
    rules: r.rules,
    loaded: r.loaded,
    targetVersion: r.targetVersion,
    options: r.options,
    facts: new Map(),
    scanned: r.outcomes.map((o) => o.abs),
  };
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
  addSelectionOptions(cmd)
    .option('--diff', 'print a unified diff of what would change and write nothing (exit 1 when something would change)')
    .option('--unsafe-fixes', 'apply unsafe fixes too (they can change behaviour: see each rule\'s "Fix safety")')
    .option('--report <file>', 'write a Markdown migration guide of what changed')
    .option('--fail-on <level>', 'exit 1 when a finding at or above this severity remains, or an input could not be checked or written: high, medium, low, never')
    .option('--stdin-filename <path>', 'with `-` as the path: fix the text read from stdin as this file and write the result to stdout (format-on-save)')
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: FixFlags) => {
      const cliFailOn = checkFailOn(flags.failOn);
      const stdin = stdinMode(paths, flags);
      if (stdin) {
        if (flags.report) throw new UsageError('fix -: --report needs files, not stdin');
        await fixStdinCommand(stdin, flags, cliFailOn);
        return;
      }
      const interactive = flags.progress !== false && !!process.stderr.isTTY && !process.env.CI;
      const spinner = interactive ? ora({ text: 'Fixing…', stream: process.stderr }) : null;
      const timer = spinner ? setTimeout(() => spinner.start(), 300) : null;
      let result: FixRunResult;
      try {
        result = await runFix({
          paths,
          select: parseCodeList(flags.select),
          ignore: parseCodeList(flags.ignore),
          targetVersion: flags.targetVersion,
          configFile: flags.config,
          jobs: flags.jobs,
          language: (flags as { language?: string }).language,
          unsafe: !!flags.unsafeFixes,
          write: !flags.diff,
          cacheDir: cacheDirOf(flags),
          onProgress: spinner ? (done, total) => (spinner.text = `Fixing ${done}/${total} files`) : undefined,
        });
      } finally {
        if (timer) clearTimeout(timer);
        spinner?.stop();
      }
      const dryRun = !!flags.diff;
      if (flags.report) fs.writeFileSync(flags.report, migrationReport(result, { dryRun }));
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      if (result.compileSkipped && result.changedFiles) process.stderr.write('warning: python3 not found on PATH: results were checked with the parser only\n');
      if (dryRun) {
        for (const o of result.outcomes) {
          if (o.changed && !o.refused) process.stdout.write(unifiedDiff(o.path, o.original!, o.text!));
        }
        for (const e of result.errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
        process.stderr.write(`${summaryLine(result, true)}.\n`);
        process.exitCode = fixExitCode(result, cliFailOn ?? result.loaded.config['fail-on'] ?? 'high', true);
        return;
      }
      process.stdout.write(`${summaryLine(result, false)}.\n`);
      if (result.findings.length || result.errors.length) {
        process.stdout.write('\n');
        writeOutput({ format: 'text', file: null }, textReporter({ result: asScanResult(result), color: useColor(process.stdout, false) }));
      }
      const failOn: FailOn = cliFailOn ?? result.loaded.config['fail-on'] ?? 'high';
      process.exitCode = fixExitCode(result, failOn, false);
    });
}
