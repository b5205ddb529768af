import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseCodeList } from '../engine/run';
import { batched } from '../report/stream';
import { UsageError } from '../core/errors';
import { SEVERITIES, type Severity } from '../core/finding';

/** Option helpers shared by the commands (no `register`: not a command). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs takes a whole number from 1 to 256, not '${v}'`);
  return n;
}

/** The flags addSelectionOptions adds, as commander parses them. */
interface SelectionFlags {
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
  targetVersion?: string;
  language?: string;
  config?: string;
  jobs?: number;
  cache?: boolean;
  cacheDir?: string;
}

/** The run options those flags stand for (scan's and fix's alike). */
export function selectionOf(flags: SelectionFlags) {
  return {
    select: parseCodeList(flags.select),
    extendSelect: parseCodeList(flags.extendSelect),
    ignore: parseCodeList(flags.ignore),
    targetVersion: flags.targetVersion,
    configFile: flags.config,
    jobs: flags.jobs,
    language: flags.language,
  };
}

export function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('--select <codes>', 'rule codes or prefixes to run (SEC, SEC00, SEC003); repeatable, comma-separated', collect)
    .option('--extend-select <codes>', 'rule codes or prefixes to add to --select (or to the config\'s select), as in ruff', collect)
    .option('--ignore <codes>', 'rule codes or prefixes to skip', collect)
    .option('--target-version <ver>', 'Python version to target: py38 .. py314 (default: from requires-python, else py312)')
    .option('--language <lang>', 'which files to read: python, js (JavaScript and TypeScript) or all', 'all')
    .option('--config <file>', 'read settings from this TOML file instead of the nearest pyproject.toml')
    .option('--jobs <n>', 'worker threads (default: number of CPUs)', parseJobs)
    .option('--cache-dir <dir>', 'keep results per file content here (default: .rfsn-upgrade-cache at the project root, or $RFSN_UPGRADE_CACHE_DIR)')
    .option('--no-cache', 'read and check every file again; write no cache');
}

/** Flags of ruff's that `scan` and `fix` share. */
export function addRuffOutputOptions(cmd: Command): Command {
  return cmd
    .option('--exit-zero', 'exit 0 even when findings remain or an input could not be checked (2 still for usage, configuration and internal errors), as ruff')
    .option('--color <when>', 'colour the text report: auto (a terminal, unless NO_COLOR or FORCE_COLOR=0), always, never');
}

/** `--exit-zero`: findings and unchecked inputs do not fail the run; an error of the tool itself (2) still does. */
export function exitZero(code: number, flag: boolean | undefined): number {
  return flag && code !== 2 ? 0 : code;
}

/** The cache folder a command's flags ask for: undefined for the default, null for --no-cache. */
export function cacheDirOf(flags: { cache?: boolean; cacheDir?: string }): string | null | undefined {
  return flags.cache === false ? null : flags.cacheDir;
}

export const FAIL_LEVELS = ['high', 'medium', 'low', 'never'] as const;
export type FailOn = (typeof FAIL_LEVELS)[number];

export function checkFailOn(v: string | undefined): FailOn | undefined {
  if (v === undefined) return undefined;
  if (!(FAIL_LEVELS as readonly string[]).includes(v)) throw new UsageError(`--fail-on must be one of ${FAIL_LEVELS.join(', ')}, not '${v}'`);
  return v as FailOn;
}

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1, info: 0 };

/** A severity flag's value, or a usage error naming the flag. */
export function checkSeverity(v: string | undefined, flag: string): Severity | undefined {
  if (v === undefined) return undefined;
  if (!(SEVERITIES as string[]).includes(v)) throw new UsageError(`${flag} must be one of ${SEVERITIES.join(', ')}, not '${v}'`);
  return v as Severity;
}

/** Whether a finding of this severity fails the run at this --fail-on level. */
export function fails(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return RANK[severity] >= RANK[failOn];
}

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

export function checkColor(v: string | undefined): ColorMode {
  if (v === undefined) return 'auto';
  if (!(COLOR_MODES as readonly string[]).includes(v)) throw new UsageError(`--color must be one of ${COLOR_MODES.join(', ')}, not '${v}'`);
  return v as ColorMode;
}

/**
 * Colour when writing to a terminal, unless NO_COLOR or FORCE_COLOR=0 says
 * otherwise; `--color always|never` (ruff's flag) decides over both.
 */
export function useColor(stream: NodeJS.WriteStream, toFile: boolean, mode: ColorMode = 'auto'): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (toFile) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== '0';
  return !!stream.isTTY;
}

/** Where one report goes: a file, or stdout when `file` is null. */
export interface OutputPlan {
  format: string;
  file: string | null;
}

/**
 * `--format F[:FILE]` may repeat: each format with a FILE is written there, at
 * most one without a FILE goes to stdout, and `--output` names the file of
 * that one instead.
 */
export function planOutputs(specs: string[] | undefined, output: string | undefined, known: string[], fallback = 'text'): OutputPlan[] {
  const plans: OutputPlan[] = (specs?.length ? specs : [fallback]).map((spec) => {
    const at = spec.indexOf(':');
    const format = (at < 0 ? spec : spec.slice(0, at)).trim();
    const file = at < 0 ? null : spec.slice(at + 1).trim();
    if (!known.includes(format)) throw new UsageError(`--format must be one of ${known.join(', ')}, not '${format}'`);
    if (file === '') throw new UsageError(`--format ${format}: give a file after ':', e.g. --format ${format}:report.${format}`);
    return { format, file };
  });
  const toStdout = plans.filter((p) => p.file === null);
  if (toStdout.length > 1) throw new UsageError(`--format: only one format can go to stdout (${toStdout.map((p) => p.format).join(', ')} have no file); write the others to files: --format sarif:results.sarif`);
  if (output !== undefined) {
    if (!output) throw new UsageError('--output needs a file name');
    if (toStdout.length === 0) throw new UsageError('--output names the file of the one --format without a file, and every --format here has one');
    toStdout[0].file = output;
  }
  const seen = new Set<string>();
  for (const p of plans) {
    if (p.file === null) continue;
    const key = path.resolve(p.file);
    if (seen.has(key)) throw new UsageError(`two formats would write the same file: ${p.file}`);
    seen.add(key);
  }
  return plans;
}

/** Write a report to its file (creating the folder) or to stdout, as its reporter makes it (in chunks: report/stream.ts). */
export function writeOutput(plan: OutputPlan, report: string | Iterable<string>): void {
  const chunks = typeof report === 'string' ? [report] : batched(report);
  if (plan.file === null) {
    for (const chunk of chunks) process.stdout.write(chunk);
    return;
  }
  const failed = (err: unknown): UsageError => new UsageError(`cannot write ${plan.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  let fd: number;
  try {
    fs.mkdirSync(path.dirname(path.resolve(plan.file)), { recursive: true });
    fd = fs.openSync(plan.file, 'w');
  } catch (err) {
    throw failed(err);
  }
  try {
    // the reporter runs between writes: its own errors are not write errors
    for (const chunk of chunks) {
      try {
        const bytes = Buffer.from(chunk);
        for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
      } catch (err) {
        throw failed(err);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function parseFailUnder(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/%$/, ''));
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--fail-under takes a percentage from 0 to 100, not '${v}'`);
  return n;
}

/**
 * `-` as the only path reads stdin, judged as --stdin-filename (which it
 * needs: a text has no settings or language of its own); returns that name,
 * or undefined for a run over files.
 */
export function stdinMode(paths: string[], flags: { stdinFilename?: string }): string | undefined {
  if (!paths.includes('-')) {
    if (flags.stdinFilename !== undefined) throw new UsageError('--stdin-filename goes with - as the path (read stdin)');
    return undefined;
  }
  if (paths.length > 1) throw new UsageError('- (stdin) cannot be combined with other paths');
  if (!flags.stdinFilename) throw new UsageError('-: give --stdin-filename PATH, the file the text on stdin is judged as (its settings and language)');
  return flags.stdinFilename;
}

/** All of stdin, as bytes (decoded as the --stdin-filename file would be). */
export function readStdin(): Buffer {
  try {
    return fs.readFileSync(0);
  } catch (err) {
    throw new UsageError(`cannot read stdin: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
