import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../core/errors';
import { readJUnit, type TestOutcome } from './junitread';

/**
 * Running the project's own test command for `fix --verify`. A run is
 * compared with the baseline test by test when the command reports them in
 * JUnit XML: pytest is asked for it (`--junitxml`, a file of ours), any other
 * runner names its file with `--verify-junit`. Without either only the exit
 * code counts.
 */
export interface SuiteRun {
  /** the command's exit code; null when it was killed (time limit, signal) */
  code: number | null;
  timedOut: boolean;
  /** each test's outcome, when the run wrote a readable JUnit report */
  tests: Map<string, TestOutcome> | null;
  /** why there are no per-test results although some were expected */
  noReport?: string;
  /** what it printed (stdout and stderr), shown when a run cannot be used */
  output: string;
}

export interface Suite {
  command: string;
  /** where the JUnit report is read from, or null: exit code only */
  junit: string | null;
  /** the report file is ours (a temporary folder removed by dispose) */
  ownJunit: boolean;
  timeoutMs: number;
  cwd: string;
}

/** Shell words of a command, enough to see whether it runs pytest (quotes honoured, operators split off). */
function words(command: string): string[][] {
  const cmds: string[][] = [[]];
  const re = /\s*(?:(&&|\|\||[;|&])|'([^']*)'|"((?:\\.|[^"\\])*)"|((?:\\.|[^\s'";|&])+))/g;
  let m: RegExpExecArray | null;
  let word: string | null = null;
  let last = 0;
  while ((m = re.exec(command)) && m.index === last) {
    last = re.lastIndex;
    const glued = m[0].length > 0 && !/^\s/.test(m[0]) && word !== null;
    if (m[1]) {
      if (word !== null) cmds[cmds.length - 1].push(word);
      word = null;
      cmds.push([]);
      continue;
    }
    const piece = m[2] ?? (m[3] ?? m[4]).replace(/\\(.)/g, '$1');
    if (glued) word += piece;
    else {
      if (word !== null) cmds[cmds.length - 1].push(word);
      word = piece;
    }
  }
  if (word !== null) cmds[cmds.length - 1].push(word);
  return cmds.filter((c) => c.length);
}

/** The last simple command of CMD runs pytest: `pytest …`, `py.test …`, `python -m pytest …` (after env assignments): --junitxml goes at its end. */
export function runsPytest(command: string): boolean {
  const all = words(command);
  const last = all[all.length - 1] ?? [];
  const argv = last.filter((w, i) => !(/^[A-Za-z_]\w*=/.test(w) && last.slice(0, i).every((x) => /^[A-Za-z_]\w*=/.test(x))));
  // the program itself, not a word it is given (`sh -c pytest` would hand --junitxml to sh)
  const program = path.basename(argv[0] ?? '');
  if (program === 'pytest' || program === 'py.test') return true;
  return /^python[\d.]*$/.test(program) && argv.some((w, i) => w === '-m' && argv[i + 1] === 'pytest');
}

export function makeSuite(command: string, opts: { junit?: string; timeoutSeconds?: number; cwd: string }): Suite {
  if (!command.trim()) throw new UsageError('--verify needs a command, e.g. --verify "python -m pytest -q"');
  const timeoutMs = Math.round((opts.timeoutSeconds ?? 0) * 1000);
  if (opts.junit) return { command, junit: path.resolve(opts.cwd, opts.junit), ownJunit: false, timeoutMs, cwd: opts.cwd };
  if (runsPytest(command)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-verify-'));
    return { command, junit: path.join(dir, 'junit.xml'), ownJunit: true, timeoutMs, cwd: opts.cwd };
  }
  return { command, junit: null, ownJunit: false, timeoutMs, cwd: opts.cwd };
}

export function disposeSuite(s: Suite): void {
  if (s.ownJunit && s.junit) fs.rmSync(path.dirname(s.junit), { recursive: true, force: true });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The child under way, so an interrupt can end it (its whole process group). */
let running: ChildProcess | null = null;

export function killRunning(): void {
  if (running?.pid) {
    try {
      process.kill(-running.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Grace between SIGTERM and SIGKILL when a run passes its time limit. */
const KILL_GRACE_MS = 2000;

/**
 * One run of the command through /bin/sh, in its own process group (so a
 * time limit ends the runner and everything it started), output passed
 * through to our stderr so the user sees the suite.
 */
export function runSuite(s: Suite): Promise<SuiteRun> {
  if (s.junit) fs.rmSync(s.junit, { force: true }); // a stale report must not stand for this run
  const command = s.ownJunit ? `${s.command} ${shellQuote(`--junitxml=${s.junit}`)}` : s.command;
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: s.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running = child;
    let timedOut = false;
    let timer: NodeJS.Timeout | null = null;
    let kill: NodeJS.Timeout | null = null;
    const output: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => output.push(b));
    child.stderr!.on('data', (b: Buffer) => output.push(b));
    if (s.timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          // gone already
        }
        kill = setTimeout(() => {
          killRunning();
          // a process that left the group and still holds our pipes: stop waiting for them
          kill = setTimeout(() => {
            child.stdout!.destroy();
            child.stderr!.destroy();
            done(null);
          }, KILL_GRACE_MS);
        }, KILL_GRACE_MS);
      }, s.timeoutMs);
    }
    let finished = false;
    const done = (code: number | null): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      if (kill) clearTimeout(kill);
      running = null;
      let tests: Map<string, TestOutcome> | null = null;
      let noReport: string | undefined;
      if (s.junit && !timedOut) {
        try {
          tests = readJUnit(fs.readFileSync(s.junit, 'utf8'));
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          noReport = e.code === 'ENOENT' ? `it wrote no JUnit report (${s.junit})` : `its JUnit report cannot be read: ${e.message}`;
        }
      }
      resolve({ code, timedOut, tests, ...(noReport ? { noReport } : {}), output: Buffer.concat(output).toString('utf8') });
    };
    child.on('error', () => done(null));
    child.on('close', (code) => done(timedOut ? null : code));
  });
}

/** The tests that passed at the baseline and do not pass in `run` (failed, or gone). */
export function brokenTests(baseline: SuiteRun, run: SuiteRun): string[] | null {
  if (run.timedOut) return ['(the test command ran past --verify-timeout)'];
  if (!baseline.tests) return run.code === 0 ? null : [`(the test command exited ${run.code ?? 'on a signal'})`];
  if (!run.tests) return [`(the test command ${run.noReport ?? 'gave no report'})`];
  const broken: string[] = [];
  for (const [id, was] of baseline.tests) {
    if (was !== 'passed') continue;
    const now = run.tests.get(id);
    if (now === 'failed') broken.push(id);
    else if (now === undefined) broken.push(`${id} (no longer run)`);
  }
  // a test new in this run that fails (pytest reports a module that no longer imports as one)
  for (const [id, now] of run.tests) if (now === 'failed' && !baseline.tests.has(id)) broken.push(id);
  return broken.length ? broken : null;
}
