import path from 'node:path';
import { gitRoot } from '../engine/discover';
import execa from 'execa';
import { UsageError } from '../core/errors';
import { realOrSelf } from '../core/paths';

/**
 * `scan --changed-since REV`: the files a pull request touched. That is what
 * `git diff --name-only REV` lists (committed, staged and unstaged changes
 * against REV; deleted files left out) plus untracked files that are not
 * ignored, so a new module is scanned before it is ever committed.
 */
export async function changedFiles(rev: string, cwd = process.cwd()): Promise<Set<string>> {
  if (!rev || rev.startsWith('-')) throw new UsageError(`--changed-since takes a git revision, not '${rev}'`);
  const top = await git(['rev-parse', '--show-toplevel'], cwd, `--changed-since: not inside a git repository (${cwd})`);
  const root = top.trim();
  await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], root, `--changed-since: unknown git revision '${rev}'`);
  const diff = await git(['diff', '--name-only', '-z', '--diff-filter=d', '--no-renames', rev, '--'], root, `--changed-since: git diff ${rev} failed`);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], root, '--changed-since: git ls-files failed');
  const out = new Set<string>();
  for (const name of [...diff.split('\0'), ...untracked.split('\0')]) {
    if (!name) continue;
    out.add(realOrSelf(path.join(root, name)));
  }
  return out;
}

/**
 * The lines a change touched since REV, per file (real path): the new side of
 * each hunk of `git diff -U0 REV`; an untracked file counts whole. Reporters
 * that must choose (GitHub's 10 annotations a level) put findings there first.
 */
export async function changedLines(rev: string, cwd = process.cwd()): Promise<(file: string, line: number) => boolean> {
  const root = (await git(['rev-parse', '--show-toplevel'], cwd, `--changed-since: not inside a git repository (${cwd})`)).trim();
  const diff = await git(['diff', '-U0', '--no-color', '--no-ext-diff', '--diff-filter=d', '--no-renames', rev, '--'], root, `--changed-since: git diff ${rev} failed`);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], root, '--changed-since: git ls-files failed');
  const ranges = new Map<string, Array<[number, number]>>();
  const whole = new Set(untracked.split('\0').filter(Boolean).map((n) => realOrSelf(path.join(root, n))));
  let current: Array<[number, number]> | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      current = name === '/dev/null' ? null : [];
      if (current) ranges.set(realOrSelf(path.join(root, name.replace(/^b\//, ''))), current);
    } else if (current && line.startsWith('@@')) {
      const m = /^@@ -\S+ \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (m) {
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        if (count > 0) current.push([start, start + count - 1]);
      }
    }
  }
  return (file, line) => {
    const real = realOrSelf(file);
    if (whole.has(real)) return true;
    return (ranges.get(real) ?? []).some(([a, b]) => line >= a && line <= b);
  };
}

/** Keep the discovered files that git says changed (compared by real path, so a symlinked checkout still matches). */
export function keepChanged(changed: Set<string>): (files: string[]) => string[] {
  return (files) => files.filter((f) => changed.has(realOrSelf(f)));
}

async function git(args: string[], cwd: string, failure: string): Promise<string> {
  try {
    const r = await execa('git', args, { cwd, stripFinalNewline: false });
    return r.stdout;
  } catch (err) {
    const e = err as { stderr?: string; code?: string };
    if (e.code === 'ENOENT') throw new UsageError('--changed-since needs git on PATH');
    const why = (e.stderr ?? '').split('\n').find((l) => l.trim());
    throw new UsageError(why ? `${failure}: ${why.replace(/^(fatal|error): /, '')}` : failure);
  }
}

/** The repository root above `from` (the folder holding .git), else `from` itself. */
export function repoRoot(from = process.cwd()): string {
  const start = path.resolve(from);
  return gitRoot(start) ?? start;
}
