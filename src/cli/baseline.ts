import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createBaseline, DEFAULT_BASELINE, pruneBaseline, readBaseline, SourceCache, writeBaselineFile } from '../ci/baseline';
import { rel } from '../engine/config';
import { addSelectionOptions } from './options';
import { scanWithProgress, useBaseline, type ScanFlags } from './scan';

/**
 * `baseline create` records today's findings so `scan --baseline` fails CI
 * only on new ones; `baseline prune` drops the entries whose findings are gone.
 */
interface BaselineFlags extends ScanFlags {
  output?: string;
  baseline?: string;
}

function report(result: { warnings: string[]; errors: Array<{ path: string; message: string }> }): number {
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const e of result.errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
  return result.errors.length ? 2 : 0;
}

export function register(program: Command): void {
  const baseline = program.command('baseline').description('record accepted findings so CI fails only on new ones');

  addSelectionOptions(
    baseline
      .command('create')
      .description(`scan and record every current finding in a baseline file (default ${DEFAULT_BASELINE})`)
      .argument('[paths...]', 'files or folders (default: .)'),
  )
    .option('--output <file>', 'where to write the baseline', DEFAULT_BASELINE)
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: BaselineFlags) => {
      const file = flags.output ?? DEFAULT_BASELINE;
      const result = await scanWithProgress(paths, flags, 'Scanning');
      const b = createBaseline(result.findings, file, paths, new SourceCache());
      writeBaselineFile(file, b);
      const files = Object.keys(b.files).length;
      process.stdout.write(`Wrote ${rel(path.resolve(file))}: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.\n`);
      process.exitCode = report(result);
    });

  addSelectionOptions(
    baseline
      .command('prune')
      .description('remove the entries of findings that are gone (fixed, or their line edited)')
      .argument('[paths...]', 'files or folders (default: the paths the baseline was created with)'),
  )
    .option('--baseline <file>', 'the baseline file', DEFAULT_BASELINE)
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: BaselineFlags) => {
      const file = flags.baseline ?? DEFAULT_BASELINE;
      const b = readBaseline(file);
      const dir = path.dirname(path.resolve(file));
      const scanPaths = paths.length ? paths : (b.paths ?? ['.']).map((p) => rel(path.resolve(dir, p))).filter((p) => fs.existsSync(p));
      const result = await scanWithProgress(scanPaths.length ? scanPaths : [rel(dir)], flags, 'Scanning');
      const outcome = useBaseline(file, result);
      const n = outcome.stale.reduce((s, e) => s + e.count, 0);
      if (n > 0) writeBaselineFile(file, pruneBaseline(b, outcome.stale));
      process.stdout.write(`${n ? `Removed ${n} stale entr${n === 1 ? 'y' : 'ies'} from` : 'Nothing to prune in'} ${rel(path.resolve(file))}.\n`);
      for (const s of outcome.stale) process.stdout.write(`  ${s.path} ${s.code}${s.count > 1 ? ` ×${s.count}` : ''}\n`);
      if (outcome.kept.length) process.stdout.write(`${outcome.kept.length} finding${outcome.kept.length === 1 ? ' is' : 's are'} not in the baseline (prune never adds; 'baseline create' records them).\n`);
      process.exitCode = report(result);
    });
}
