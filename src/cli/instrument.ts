import path from 'node:path';
import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { instrument } from '../instrument';
import { GeneratedCodeError } from '../scaffold/verify';

/**
 * `instrument MODULE:FUNCTION... --metrics --tracing`: wrap functions with
 * the metrics and tracing scaffolds' helpers (see src/instrument/index.ts).
 */
interface InstrumentFlags {
  metrics?: boolean;
  tracing?: boolean;
  package?: string;
  root: string;
  diff?: boolean;
}

export function register(program: Command): void {
  program
    .command('instrument')
    .description('wrap functions with the generated metrics (call counts, durations) and tracing (spans) helpers')
    .argument('<targets...>', 'MODULE:FUNCTION or MODULE:Class.method, e.g. taskrunner.worker:QueueWorker.poll_once')
    .option('--metrics', 'count and time each call (needs `rfsn-upgrade scaffold metrics`)')
    .option('--tracing', 'run each call in a span (needs `rfsn-upgrade scaffold tracing`)')
    .option('--package <name>', 'the package holding metrics.py / tracing.py (default: as scaffold chooses)')
    .option('--root <dir>', 'project root', '.')
    .option('--diff', 'show what would change; write nothing (exit 1 when something would)')
    .action(async (targets: string[], flags: InstrumentFlags) => {
      let r;
      try {
        r = await instrument({ root: flags.root, targets, metrics: !!flags.metrics, tracing: !!flags.tracing, package: flags.package, write: !flags.diff });
      } catch (err) {
        // generated code that would not import here: exit 1, like a failed check (a usage error is 2)
        if (!(err instanceof GeneratedCodeError)) throw err;
        process.stderr.write(`rfsn-upgrade: ${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      for (const f of r.files) {
        const rel = path.relative(process.cwd(), f.path);
        if (flags.diff) process.stdout.write(createTwoFilesPatch(rel, rel, f.before, f.after));
        else process.stdout.write(`${f.created ? 'created' : 'updated'} ${rel}\n`);
      }
      for (const w of r.wrapped) process.stdout.write(`${flags.diff ? 'would wrap' : 'wrapped'} ${w.target} (${w.added.join(', ')})\n`);
      for (const u of r.unchanged) process.stdout.write(`${u}: already instrumented\n`);
      for (const c of r.checks) process.stdout.write(`${c}\n`);
      process.exitCode = flags.diff && r.files.length ? 1 : 0;
    });
}
