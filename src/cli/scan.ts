import fs from 'node:fs';
import type { Command } from 'commander';
import ora from 'ora';
import { UsageError } from '../engine/errors';
import { parseCodeList, runScan, type ScanResult } from '../engine/run';
import { REPORTERS } from '../report';
import { addSelectionOptions, checkFailOn, collect, fails, useColor, type FailOn } from './options';

export interface ScanFlags {
  select?: string[];
  ignore?: string[];
  format?: string[];
  output?: string;
  failOn?: string;
  targetVersion?: string;
  config?: string;
  jobs?: number;
  progress?: boolean;
}

/** Run a scan with a progress spinner on stderr when a person is watching. */
export async function scanWithProgress(paths: string[], flags: ScanFlags, label = 'Scanning'): Promise<ScanResult> {
  const interactive = flags.progress !== false && !!process.stderr.isTTY && !process.env.CI;
  const spinner = interactive ? ora({ text: `${label}…`, stream: process.stderr }) : null;
  const timer = spinner ? setTimeout(() => spinner.start(), 300) : null;
  try {
    return await runScan({
      paths,
      select: parseCodeList(flags.select),
      ignore: parseCodeList(flags.ignore),
      targetVersion: flags.targetVersion,
      configFile: flags.config,
      jobs: flags.jobs,
      onProgress: spinner ? (done, total) => (spinner.text = `${label} ${done}/${total} files`) : undefined,
    });
  } finally {
    if (timer) clearTimeout(timer);
    spinner?.stop();
  }
}

/** Exit code: 2 when an input could not be checked, 1 when a finding reaches --fail-on, else 0. */
export function exitCodeFor(result: ScanResult, failOn: FailOn): number {
  if (result.errors.length) return 2;
  return result.findings.some((f) => fails(f.severity, failOn)) ? 1 : 0;
}

export function register(program: Command): void {
  const cmd = program
    .command('scan')
    .description('find upgrade work in Python files; writes nothing')
    .argument('[paths...]', 'files or folders (default: .)');
  addSelectionOptions(cmd)
    .option('--format <name>', `output format: ${Object.keys(REPORTERS).join(', ')}`, collect)
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <level>', 'exit 1 when a finding at or above this severity remains: high, medium, low, never')
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: ScanFlags) => {
      const formats = flags.format?.length ? flags.format : ['text'];
      if (formats.length > 1) throw new UsageError('--format: give one format');
      const format = formats[0];
      const reporter = REPORTERS[format];
      if (!reporter) throw new UsageError(`--format must be one of ${Object.keys(REPORTERS).join(', ')}, not '${format}'`);
      const cliFailOn = checkFailOn(flags.failOn);
      const result = await scanWithProgress(paths, flags);
      const failOn: FailOn = cliFailOn ?? result.loaded.config['fail-on'] ?? 'high';
      const toFile = !!flags.output;
      const text = reporter({ result, color: format === 'text' && useColor(process.stdout, toFile) });
      if (toFile) fs.writeFileSync(flags.output!, text);
      else process.stdout.write(text);
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      if (toFile || format !== 'text') for (const e of result.errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
      process.exitCode = exitCodeFor(result, failOn);
    });
}
