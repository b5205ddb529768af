import { Command, CommanderError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, errorMessage } from '../core/errors';
import { VERSION } from '../version';

/**
 * Each command lives in its own file in this folder and exports
 * `register(program)`. Discovering them keeps this file free of edits when a
 * command is added.
 */
export function buildProgram(only?: string): Command {
  const program = new Command();
  program
    .name('rfsn-upgrade')
    .description('Audit a Python codebase for postponed upgrades, fix what is mechanical, scaffold what is new.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError(false)
    .exitOverride();
  const here = __dirname;
  const files = fs
    .readdirSync(here)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !/^index\./.test(f) && !f.includes('.test.'))
    .sort();
  // `rfsn-upgrade scan …` loads scan's file only (each file is named after its command): a warm
  // re-scan should not pay for loading scaffold, status and the rest; help and unknown words load all
  const mine = only ? files.filter((f) => f.replace(/\.(js|ts)$/, '') === only) : [];
  for (const f of mine.length ? mine : files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(here, f));
    if (typeof mod.register === 'function') mod.register(program);
  }
  return program;
}

/**
 * The output cannot be written. `rfsn-upgrade scan | head -1`: the reader
 * went away; stop quietly, as cat does. Anything else (`> /dev/full`, a full
 * disk, an I/O error) leaves a report cut short: one line on stderr, exit 2.
 * Every write is synchronous, so no file `fix` writes is left half-done here.
 */
function onOutputError(stream: NodeJS.WriteStream, name: string): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    if (stream !== process.stderr) {
      try {
        // "ENOSPC: no space left on device, write": the code and its meaning, not the syscall
        process.stderr.write(`rfsn-upgrade: cannot write to ${name}: ${err.message.replace(/, write$/, '')}\n`);
      } catch {
        // stderr is gone too: the exit code says it
      }
    }
    process.exit(2);
  });
}

export async function main(argv: string[]): Promise<void> {
  onOutputError(process.stdout, 'standard output');
  onOutputError(process.stderr, 'standard error');
  const word = argv[2];
  const program = buildProgram(word && !word.startsWith('-') && word !== 'options' ? word : undefined);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; commander already printed its message for usage errors
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`rfsn-upgrade: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`rfsn-upgrade: internal error: ${errorMessage(err)}\n`);
    if (process.env.RFSN_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 2;
  }
}
