import execa from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors';
import { writeAtomic } from '../core/write';
import { upgradeById } from '../upgrades';
import { runFix, type FixOutcome, type FixRunOptions, type FixRunResult, type FixSelection } from './run';
import { realOrSelf } from '../core/paths';

/**
 * `fix --commit`: one git commit per upgrade (U01…U19, the rules' `upgrade`),
 * each listing its fixes. Only the files fix wrote are committed, and only
 * those that had no change of the user's when the run began (a file with
 * uncommitted edits, or untracked, is fixed but left out): the commits are
 * made with `git commit --only -- <paths>`, so nothing else of the index or
 * the work tree goes in, and the run is refused up front when the index
 * already holds staged changes. The commits are replayed: the committed
 * files are put back as HEAD has them (they were clean: that is what the
 * run began from), then fixed with the upgrades so far, committed, and so on;
 * the last commit holds the files exactly as the run wrote them.
 */
export interface WorkTree {
  top: string;
  /** paths (relative to `top`, `/`-separated) with changes of the user's, or untracked, before the run */
  dirty: Set<string>;
}

export interface Commit {
  sha: string;
  subject: string;
  fixes: number;
}

async function git(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await execa('git', args, { cwd, reject: false, stripFinalNewline: false, env: { GIT_TERMINAL_PROMPT: '0' } });
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') throw new UsageError('--commit needs git on PATH');
    throw err;
  }
}

const firstLine = (s: string): string => (s.split('\n').find((l) => l.trim()) ?? '').replace(/^(fatal|error): /, '');
const slash = (p: string): string => p.split(path.sep).join('/');

/** The git work tree around `cwd`, or a UsageError (one line, exit 2): not a work tree, or staged changes of the user's. */
export async function openWorkTree(cwd: string): Promise<WorkTree> {
  const top = await git(['rev-parse', '--show-toplevel'], cwd);
  if (top.code !== 0) throw new UsageError(`--commit: ${path.resolve(cwd)} is not in a git work tree (${firstLine(top.stderr) || 'git rev-parse failed'})`);
  const root = top.stdout.trim();
  const staged = await git(['diff', '--cached', '--quiet', '--no-ext-diff'], root);
  if (staged.code === 1) throw new UsageError('--commit: the index holds staged changes of yours; commit or unstage them first (fix commits only the files it writes)');
  if (staged.code !== 0) throw new UsageError(`--commit: git diff --cached failed: ${firstLine(staged.stderr)}`);
  return { top: root, dirty: await changedPaths(root, []) };
}

/** Paths under `top` that differ from HEAD or are untracked (`git status`), of `only` when given. */
async function changedPaths(top: string, only: string[]): Promise<Set<string>> {
  const r = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...only], top);
  if (r.code !== 0) throw new UsageError(`--commit: git status failed: ${firstLine(r.stderr)}`);
  return new Set(r.stdout.split('\0').filter((e) => e.length > 3).map((e) => e.slice(3)));
}

/**
 * Commit what the run wrote, one commit per upgrade. `kept`: with --verify,
 * the fixes that stayed (the replay applies nothing else). Returns the
 * commits; problems go into the result (a file not committed: a warning; a
 * git commit that failed: an error, and the files stay as the run wrote them).
 */
export async function commitUpgrades(tree: WorkTree, opts: FixRunOptions, result: FixRunResult, kept: FixSelection | undefined): Promise<Commit[]> {
  const written = result.outcomes.filter((o) => o.written);
  const relOf = new Map(written.map((o) => [o, slash(path.relative(tree.top, realOrSelf(o.abs)))]));
  const mine: FixOutcome[] = [];
  for (const o of written) {
    const rel = relOf.get(o)!;
    if (rel.startsWith('../') || path.isAbsolute(rel)) result.warnings.push(`${o.path}: written but not committed: it is outside the git work tree`);
    else if (tree.dirty.has(rel)) result.warnings.push(`${o.path}: written but not committed: it had uncommitted changes of yours (or is untracked) when fix began`);
    else mine.push(o);
  }
  if (!mine.length) return [];
  const paths = mine.map((o) => relOf.get(o)!);
  // every file the run wrote, as it wrote it: the tree is put back to exactly this at the end
  const final = written.map((o) => ({ abs: o.abs, bytes: fs.readFileSync(o.abs) }));
  const upgradeOf = new Map(result.rules.map((r) => [r.code, r.upgrade]));
  const ups = [...new Set(mine.flatMap((o) => o.applied.map((a) => upgradeOf.get(a.code) ?? '')))].filter(Boolean).sort();
  const commits: Commit[] = [];
  const restore = async (): Promise<void> => {
    for (const f of final) if (!fs.readFileSync(f.abs).equals(f.bytes)) writeAtomic(f.abs, f.bytes);
  };
  // the committed files as the run found them: clean, so HEAD's (and the index's) content
  const back = await git(['checkout', '--', ...paths], tree.top);
  if (back.code !== 0) {
    await restore();
    result.errors.push({ path: '(commit)', message: `--commit: git checkout failed: ${firstLine(back.stderr)}; the fixes are written, nothing was committed` });
    return [];
  }
  try {
    for (let i = 0; i < ups.length; i++) {
      const upto = new Set(result.rules.filter((r) => ups.slice(0, i + 1).includes(r.upgrade)).map((r) => r.code));
      const selection: FixSelection = {
        file: (display) => {
          const k = kept?.file(display);
          return { allow: (k ? k.allow : [...upto]).filter((c) => upto.has(c)), exclude: k?.exclude ?? [] };
        },
        projectCodes: (kept ? kept.projectCodes : [...upto]).filter((c) => upto.has(c)),
      };
      const step = await runFix({ ...opts, write: true, cacheDir: null, onProgress: undefined, selection });
      const last = i === ups.length - 1;
      if (last) await restore();
      const changed = [...(await changedPaths(tree.top, paths))].filter((p) => paths.includes(p));
      if (!changed.length) continue;
      const u = upgradeById(ups[i]);
      const lines = step.outcomes
        .filter((o) => o.written && changed.includes(slash(path.relative(tree.top, realOrSelf(o.abs)))))
        .flatMap((o) => o.applied.map((a) => `${a.code} ${o.path}:${a.line} ${a.description}`));
      const subject = `${ups[i]}${u ? ` ${u.title}` : ''}: ${lines.length} fix${lines.length === 1 ? '' : 'es'} by rfsn-upgrade`;
      const c = await git(['commit', '--only', '--quiet', '-m', `${subject}\n\n${lines.join('\n')}\n`, '--', ...changed], tree.top);
      if (c.code !== 0) {
        result.errors.push({ path: '(commit)', message: `--commit: git commit of ${ups[i]} failed: ${firstLine(c.stderr) || firstLine(c.stdout)}; the fixes are written, ${ups[i]} and after not committed` });
        break;
      }
      const sha = (await git(['rev-parse', '--short', 'HEAD'], tree.top)).stdout.trim();
      commits.push({ sha, subject, fixes: lines.length });
    }
  } finally {
    await restore();
  }
  return commits;
}
