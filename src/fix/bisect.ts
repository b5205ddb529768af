import fs from 'node:fs';
import { UsageError } from '../core/errors';
import { ruleByCode } from '../rules/registry';
import type { AppliedFix } from './engine';
import { runFix, type FixId, type FixRunOptions, type FixRunResult, type FixSelection } from './run';
import { brokenTests, disposeSuite, killRunning, makeSuite, runSuite, type Suite, type SuiteRun } from './suite';
import { writeAtomic } from '../core/write';

/**
 * `fix --verify CMD`: the fixes proven against the project's own tests. CMD
 * runs on the untouched tree (the baseline), then after each batch of fixes
 * (an upgrade's, then a rule's); a batch after which a test fails that passed
 * at the baseline is split (rules, files, then the fixes of one file) until
 * the fixes that broke it are found. Those are left out, everything else is
 * kept, and a final run confirms the result. Every state is made the same
 * way: the files restored to their bytes as read, then `fix` run with a
 * selection of the fixes (FixRunOptions.selection), so what is written is
 * always a whole, compiled `fix` result.
 */
export interface VerifyOptions {
  command: string;
  /** where CMD writes JUnit XML (--verify-junit) */
  junit?: string;
  /** per run of CMD; 0 or absent: no limit */
  timeoutSeconds?: number;
  /** the folder CMD runs in */
  cwd: string;
  onProgress?: (text: string) => void;
}

export interface RevertedFix {
  path: string;
  line: number;
  code: string;
  description: string;
  /** the tests it broke (or why the run failed, in parentheses) */
  tests: string[];
  /** how excludeFix names it (the reverted-fix store keeps it by this) */
  fix: FixId;
  safety: AppliedFix['safety'];
}

export interface VerifySummary {
  command: string;
  /** runs of CMD, the baseline and the final one included */
  runs: number;
  reverted: RevertedFix[];
  /** tests that failed before any fix: they block nothing */
  failingAtBaseline: number;
  /** false: the final run was not green and the tree was put back as it was */
  green: boolean;
  /** why it is not green */
  failure?: string;
  /** when green: the fixes kept, as a selection (fix --commit replays them upgrade by upgrade) */
  kept?: FixSelection;
}

export type VerifiedResult = FixRunResult & { verify?: VerifySummary };

/** The fixes a state lets through: per file, rule codes and fixes left out; the project-level rules. */
interface State {
  codes: Map<string, Set<string>>;
  exclude: Map<string, FixId[]>;
  project: Set<string>;
}

type Unit =
  | { kind: 'upgrade'; id: string; codes: string[] }
  | { kind: 'rule'; code: string }
  | { kind: 'file'; code: string; path: string }
  | { kind: 'fix'; code: string; path: string; fix: FixId; line: number; description: string; safety: AppliedFix['safety'] };

interface Trial {
  broken: string[] | null;
  result: FixRunResult;
}

function clone(s: State): State {
  return {
    codes: new Map([...s.codes].map(([k, v]) => [k, new Set(v)])),
    exclude: new Map([...s.exclude].map(([k, v]) => [k, [...v]])),
    project: new Set(s.project),
  };
}

const sameFix = (a: FixId, b: FixId): boolean => a.code === b.code && a.before === b.before && a.after === b.after;

function label(u: Unit): string {
  if (u.kind === 'upgrade') return `${u.id} (${u.codes.join(', ')})`;
  if (u.kind === 'rule') return u.code;
  if (u.kind === 'file') return `${u.code} in ${u.path}`;
  return `${u.code} at ${u.path}:${u.line}`;
}

interface Snapshot {
  abs: string;
  bytes: Buffer;
  mode: number;
}

function snapshot(abs: string[]): Snapshot[] {
  return abs.map((a) => ({ abs: a, bytes: fs.readFileSync(a), mode: fs.statSync(a).mode & 0o7777 }));
}

/** Put files back as a snapshot holds them (only those that differ: an untouched file keeps its mtime). */
function restore(snap: Snapshot[]): void {
  for (const s of snap) {
    let now: Buffer | null = null;
    try {
      now = fs.readFileSync(s.abs);
    } catch {
      // removed: written again below
    }
    const mode = (() => {
      try {
        return fs.statSync(s.abs).mode & 0o7777;
      } catch {
        return -1;
      }
    })();
    if (now && now.equals(s.bytes) && mode === s.mode) continue;
    writeAtomic(s.abs, s.bytes, { mode: s.mode });
  }
}

export async function runFixVerified(opts: FixRunOptions, v: VerifyOptions): Promise<VerifiedResult> {
  if (!opts.write) throw new UsageError('--verify runs the test suite on the fixed files, so it cannot be combined with --diff');
  if (v.timeoutSeconds !== undefined && !(v.timeoutSeconds > 0)) throw new UsageError('--verify-timeout takes a number of seconds above 0');
  // what the full set of fixes would change: the files to restore, and the fixes to batch
  const dry = await runFix({ ...opts, write: false, onProgress: undefined });
  if (dry.loaded.errors.length) return dry;
  const changed = dry.outcomes.filter((o) => o.changed && !o.refused);
  if (!changed.length) return dry;
  const suite = makeSuite(v.command, { junit: v.junit, timeoutSeconds: v.timeoutSeconds, cwd: v.cwd });
  const original = snapshot(changed.map((o) => o.abs));
  let greenBytes = original;
  // Ctrl-C (or a kill) during the search: the runner's process group ended, the tree as the last green run left it
  const onSignal = (signal: NodeJS.Signals): void => {
    killRunning();
    restore(greenBytes);
    disposeSuite(suite);
    process.stderr.write(`rfsn-upgrade: ${signal}: the test command was stopped; the files are as the last green run left them\n`);
    process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  try {
    return await search(opts, v, suite, dry, original, (snap) => (greenBytes = snap));
  } catch (err) {
    // whatever stopped the search (a bad baseline, an internal error): the files as the last green run left them
    restore(greenBytes);
    throw err;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    disposeSuite(suite);
  }
}

async function search(opts: FixRunOptions, v: VerifyOptions, suite: Suite, dry: FixRunResult, original: Snapshot[], setGreen: (s: Snapshot[]) => void): Promise<VerifiedResult> {
  let runs = 0;
  const progress = (what: string): void => v.onProgress?.(`Verifying: ${what} (${runs} test run${runs === 1 ? '' : 's'} so far)`);
  const run = async (what: string): Promise<SuiteRun> => {
    progress(what);
    const r = await runSuite(suite);
    runs++;
    return r;
  };
  const baseline = await run('baseline, before any fix');
  if (baseline.timedOut) throw new UsageError(`the test command ran past --verify-timeout (${v.timeoutSeconds} s) before any fix; raise the limit`);
  if (suite.junit && !baseline.tests) throw new UsageError(`the test command ${baseline.noReport}; ${suite.ownJunit ? 'it should run pytest' : 'check --verify-junit'} so fix can compare test by test`);
  if (!suite.junit && baseline.code !== 0) {
    throw new UsageError(`the test command fails before any fix (exit ${baseline.code ?? 'on a signal'}): pass --verify-junit FILE (the JUnit XML it writes) so fix can compare test by test, or a command that passes`);
  }
  const failingAtBaseline = baseline.tests ? [...baseline.tests.values()].filter((t) => t === 'failed').length : 0;

  // the units: upgrades in order, each of its rules, the files each rule changes
  const filesOf = new Map<string, string[]>();
  for (const o of dry.outcomes) {
    if (!o.changed || o.refused) continue;
    for (const a of o.applied) {
      const list = filesOf.get(a.code) ?? [];
      if (!list.includes(o.path)) list.push(o.path);
      filesOf.set(a.code, list);
    }
  }
  const isProject = (code: string): boolean => !!ruleByCode(code)?.projectFix;
  const byUpgrade = new Map<string, string[]>();
  for (const code of [...filesOf.keys()].sort()) {
    const up = ruleByCode(code)?.upgrade ?? 'U??';
    byUpgrade.set(up, [...(byUpgrade.get(up) ?? []), code]);
  }

  const with_ = (s: State, u: Unit): State => {
    const n = clone(s);
    const addCode = (code: string, files: string[]): void => {
      if (isProject(code)) n.project.add(code);
      else for (const f of files) n.codes.set(f, new Set([...(n.codes.get(f) ?? []), code]));
    };
    if (u.kind === 'upgrade') for (const c of u.codes) addCode(c, filesOf.get(c) ?? []);
    else if (u.kind === 'rule') addCode(u.code, filesOf.get(u.code) ?? []);
    else if (u.kind === 'file') addCode(u.code, [u.path]);
    else n.exclude.set(u.path, (n.exclude.get(u.path) ?? []).filter((x) => !sameFix(x, u.fix)));
    return n;
  };
  const selectionOf = (s: State): NonNullable<FixRunOptions['selection']> => ({
    file: (display) => ({ allow: [...(s.codes.get(display) ?? [])], exclude: s.exclude.get(display) ?? [] }),
    projectCodes: [...s.project],
  });
  /** make a state on disk: the files as read, then fix with its selection */
  const make = async (s: State, cacheDir: FixRunOptions['cacheDir']): Promise<FixRunResult> => {
    restore(original);
    return runFix({ ...opts, write: true, cacheDir, onProgress: undefined, selection: selectionOf(s) });
  };

  let green: State = { codes: new Map(), exclude: new Map(), project: new Set() };
  const reverted: RevertedFix[] = [];
  const attempt = async (s: State, what: string): Promise<Trial> => {
    const result = await make(s, null);
    return { result, broken: brokenTests(baseline, await run(what)) };
  };
  /** the fixes a unit stands for in a trial's result (what the report names when it is reverted) */
  const appliedIn = (t: Trial, code: string, path?: string): RevertedFix[] =>
    t.result.outcomes
      .filter((o) => o.changed && !o.refused && (path === undefined || o.path === path))
      .flatMap((o) => o.applied.filter((a) => a.code === code).map((a) => ({ path: o.path, line: a.line, code, description: a.description, tests: t.broken ?? [], fix: { code, before: a.before, after: a.after }, safety: a.safety })));
  const culprit = (u: Unit, t: Trial): void => {
    if (u.kind === 'fix') reverted.push({ path: u.path, line: u.line, code: u.code, description: u.description, tests: t.broken ?? [], fix: u.fix, safety: u.safety });
    else if (u.kind === 'file') reverted.push(...appliedIn(t, u.code, u.path));
    else if (u.kind === 'rule') reverted.push(...appliedIn(t, u.code));
  };
  const expand = (u: Unit, t: Trial): Unit[] => {
    if (u.kind === 'upgrade') return u.codes.map((code) => ({ kind: 'rule', code }));
    if (u.kind === 'rule') return isProject(u.code) ? [] : (filesOf.get(u.code) ?? []).map((path) => ({ kind: 'file', code: u.code, path }));
    if (u.kind === 'file') {
      // the fixes of one rule in one file, as the failing trial applied them
      const fixes: Array<Extract<Unit, { kind: 'fix' }>> = [];
      const o = t.result.outcomes.find((x) => x.path === u.path && x.changed && !x.refused);
      for (const a of o?.applied ?? []) {
        if (a.code !== u.code) continue;
        // two identical lines fixed alike are one unit: excludeFix cannot tell them apart
        const fix = { code: u.code, before: a.before, after: a.after };
        if (!fixes.some((f) => sameFix(f.fix, fix))) fixes.push({ kind: 'fix', code: u.code, path: u.path, fix, line: a.line, description: a.description, safety: a.safety });
      }
      if (!fixes.length) return [];
      // the rule joins the file with all these fixes left out (the tree of the last green run); each fix then comes back on its own
      green = with_(green, { kind: 'file', code: u.code, path: u.path });
      green.exclude.set(u.path, [...(green.exclude.get(u.path) ?? []), ...fixes.map((f) => f.fix)]);
      return fixes;
    }
    return [];
  };
  /**
   * Add `units` on top of the green state, splitting what fails in halves.
   * `known`: the trial of exactly these units on the green state, when one
   * already ran. True when all of them were kept.
   */
  const settle = async (units: Unit[], known: Trial | null): Promise<boolean> => {
    if (!units.length) return true;
    let trial = known;
    if (!trial) {
      const state = units.reduce(with_, green);
      trial = await attempt(state, units.length === 1 ? label(units[0]) : `${units.length} batches from ${label(units[0])}`);
      if (!trial.broken) {
        green = state;
        setGreen(snapshot(original.map((s) => s.abs)));
        return true;
      }
    }
    if (units.length === 1) {
      const kids = expand(units[0], trial);
      if (!kids.length) culprit(units[0], trial);
      else await settle(kids, trial);
      return false;
    }
    const mid = Math.ceil(units.length / 2);
    // when the first half is kept whole, the second half on top of it is the trial that failed
    const firstKept = await settle(units.slice(0, mid), null);
    await settle(units.slice(mid), firstKept ? trial : null);
    return false;
  };
  for (const [id, codes] of [...byUpgrade].sort(([a], [b]) => a.localeCompare(b))) await settle([{ kind: 'upgrade', id, codes }], null);

  // the kept fixes, written once more as the result of this run (with the user's cache), and the final run
  const result: VerifiedResult = await make(green, opts.cacheDir);
  const last = await run('final run with the kept fixes');
  const broken = brokenTests(baseline, last);
  const summary: VerifySummary = { command: v.command, runs, reverted, failingAtBaseline, green: !broken, ...(broken ? {} : { kept: selectionOf(green) }) };
  if (broken) {
    // a suite that does not give the same answer twice (or fixes that only break together): nothing is kept
    restore(original);
    setGreen(original);
    summary.failure = `the final run with the kept fixes failed (${broken.slice(0, 3).join(', ')}${broken.length > 3 ? ', …' : ''}); every file was put back as it was`;
    for (const o of result.outcomes) if (o.written) o.written = false;
    result.errors.push({ path: '(verify)', message: summary.failure });
  }
  result.verify = summary;
  return result;
}
