import execa from 'execa';
import { UsageError } from '../core/errors';
import { templatePath } from './templates';

/**
 * The scaffolds that read the user's code (tests --for, config-docs) ask
 * Python's own `ast` module through a helper script in templates/_helpers/:
 * the same parser the code runs under, and only the standard library.
 */
let cached: string | undefined;

const PROBE = 'import ast, json, sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)';

export function findPython(): string {
  if (cached) return cached;
  const override = process.env.RFSN_UPGRADE_PYTHON;
  const candidates = override ? [override] : ['python3', 'python', '/usr/bin/python3'];
  for (const cmd of candidates) {
    const probe = execa.sync(cmd, ['-c', PROBE], { reject: false, timeout: 15000 });
    if (probe.exitCode === 0) return (cached = cmd);
  }
  throw new UsageError(
    override
      ? `RFSN_UPGRADE_PYTHON=${override} is not a working Python 3.8+`
      : 'this scaffold needs Python 3.8+ to read the code: none found as python3 or python (set RFSN_UPGRADE_PYTHON)',
  );
}

/** Run a helper script and parse the JSON it prints; its error line becomes a UsageError. */
export function runHelper<T>(script: string, args: string[]): T {
  const python = findPython();
  const run = execa.sync(python, [templatePath(`_helpers/${script}`), ...args], { reject: false, timeout: 120000, maxBuffer: 64 * 1024 * 1024 });
  if (run.exitCode !== 0) {
    const line = (run.stderr || run.stdout || `exit ${run.exitCode}`).trim().split('\n').pop();
    throw new UsageError(`${script}: ${line}`);
  }
  return JSON.parse(run.stdout) as T;
}
