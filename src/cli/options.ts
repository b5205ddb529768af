import type { Command } from 'commander';
import { UsageError } from '../engine/errors';
import type { Severity } from '../rules/types';

/** Option helpers shared by the commands (no `register`: not a command). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs takes a whole number from 1 to 256, not '${v}'`);
  return n;
}

export function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('--select <codes>', 'rule codes or prefixes to run (SEC, SEC00, SEC003); repeatable, comma-separated', collect)
    .option('--ignore <codes>', 'rule codes or prefixes to skip', collect)
    .option('--target-version <ver>', 'Python version to target: py38 .. py314 (default: from requires-python, else py312)')
    .option('--config <file>', 'read settings from this TOML file instead of the nearest pyproject.toml')
    .option('--jobs <n>', 'worker threads (default: number of CPUs)', parseJobs);
}

export const FAIL_LEVELS = ['high', 'medium', 'low', 'never'] as const;
export type FailOn = (typeof FAIL_LEVELS)[number];

export function checkFailOn(v: string | undefined): FailOn | undefined {
  if (v === undefined) return undefined;
  if (!(FAIL_LEVELS as readonly string[]).includes(v)) throw new UsageError(`--fail-on must be one of ${FAIL_LEVELS.join(', ')}, not '${v}'`);
  return v as FailOn;
}

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1, info: 0 };

/** Whether a finding of this severity fails the run at this --fail-on level. */
export function fails(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return RANK[severity] >= RANK[failOn];
}

/** Colour when writing to a terminal, unless NO_COLOR or FORCE_COLOR=0 says otherwise. */
export function useColor(stream: NodeJS.WriteStream, toFile: boolean): boolean {
  if (toFile) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== '0';
  return !!stream.isTTY;
}
