import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import execa from 'execa';
import { UsageError } from '../core/errors';
import { relPosix } from '../core/paths';

/**
 * `status --history N` / `--since DATE`: the upgrades judged at past commits
 * of the current branch (first parents only, so a merge is one step).
 *
 * Nothing touches the work tree. The oldest commit's tree is read with
 * `git ls-tree` and `git cat-file --batch` into a private temporary folder;
 * each later commit applies only its `git diff-tree` to that folder. A commit
 * that changes none of the files a judgement reads (Python sources and the
 * project files the rules look at) reuses the previous judgement and costs
 * one diff-tree.
 *
 * Where the content cache (planned) plugs in: `judge` is handed the paths that
 * changed since the previous judgement; a scan keyed by blob content would
 * re-check only those and take every other file's findings from the cache.
 */
interface CommitInfo {
  sha: string;
  /** committer date, ISO 8601 */
  date: string;
  subject: string;
}

interface HistoryPoint<T> {
  commit: CommitInfo;
  /** true when the commit changed nothing a judgement reads: the previous one is reused */
  reused: boolean;
  judgement: T;
}

/** What the HTML burndown and `status --history --format json` carry per commit. */
interface HistoryOptions {
  /** a folder inside the repository (default: the cwd) */
  cwd?: string;
  /** the paths to judge, relative to cwd (default: ['.']) */
  paths?: string[];
  /** the last N commits */
  count?: number;
  /** commits after this date (anything `git log --since` accepts) */
  since?: string;
}

/**
 * judge(root, paths, changed, worktree): root is the folder holding the
 * commit's files (a new folder for each judgement), paths the scanned paths
 * inside it, worktree the repository's work tree (what root stands for).
 */
type Judge<T> = (root: string, paths: string[], changed: string[], worktree: string) => Promise<T>;

const PROJECT_FILES = /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py|tox\.ini|\.gitignore|requirements[^/]*\.txt|asv\.conf\.json|\.env\.example|[^/]*\.md|[^/]*\.markdown|[^/]*\.rst|[^/]*\.txt)$/i;

/**
 * Whether a changed path can change a judgement: Python sources, the project
 * files rules read (dependencies, docs of every kind CFG's docs search and
 * the migration guide read, ignore files, benchmark set-ups) and anything
 * under docs/ or a benchmark folder.
 */
function affectsJudgement(p: string): boolean {
  return /\.pyi?$/i.test(p) || PROJECT_FILES.test(p) || /(^|\/)(benchmarks?|bench|docs?)\//.test(p);
}

async function git(args: string[], cwd: string, input?: string | Buffer): Promise<Buffer> {
  try {
    const r = await execa('git', args, { cwd, input, encoding: null, maxBuffer: 1 << 30, stripFinalNewline: false });
    return r.stdout as unknown as Buffer;
  } catch (err) {
    const e = err as { stderr?: Buffer | string; code?: string };
    if (e.code === 'ENOENT') throw new UsageError('--history needs git on PATH');
    const why = String(e.stderr ?? '').split('\n').find((l) => l.trim()) ?? 'failed';
    throw new UsageError(`--history: git ${args[0]}: ${why}`);
  }
}

/** The commits to judge, oldest first. */
async function listCommits(root: string, opts: HistoryOptions): Promise<CommitInfo[]> {
  const args = ['log', '--first-parent', '-z', '--format=%H%x1f%cI%x1f%s'];
  if (opts.count !== undefined) args.push(`-n${opts.count}`);
  if (opts.since !== undefined) args.push(`--since=${opts.since}`);
  args.push('HEAD', '--');
  const out = (await git(args, root)).toString('utf8');
  return out
    .split('\0')
    .filter((s) => s.trim())
    .map((rec) => {
      const [sha, date, subject] = rec.replace(/^\n/, '').split('\x1f');
      return { sha, date, subject: subject ?? '' };
    })
    .reverse();
}

/** Read blobs by id with one `git cat-file --batch`. */
async function readBlobs(root: string, shas: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const unique = [...new Set(shas)];
  if (!unique.length) return out;
  const buf = await git(['cat-file', '--batch'], root, `${unique.join('\n')}\n`);
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(0x0a, at);
    const header = buf.subarray(at, nl).toString('utf8').split(' ');
    at = nl + 1;
    if (header[1] === 'missing') continue;
    const size = Number(header[2]);
    out.set(header[0], buf.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

function writeFile(dir: string, rel: string, data: Buffer): void {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, data);
}

/** Parse `git ls-tree -r -z` or `git diff-tree -r -z` (raw) output into blob changes; symlinks and submodules are left out. */
function parseTree(out: string): Array<{ path: string; sha: string }> {
  const rows: Array<{ path: string; sha: string }> = [];
  for (const rec of out.split('\0')) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(rec);
    if (m && m[1] !== '120000') rows.push({ path: m[3], sha: m[2] });
  }
  return rows;
}

function parseDiff(out: string): Array<{ path: string; sha: string | null }> {
  const parts = out.split('\0');
  const rows: Array<{ path: string; sha: string | null }> = [];
  for (let i = 0; i < parts.length; i++) {
    const m = /^:(\d+) (\d+) [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*$/.exec(parts[i].replace(/^\n/, ''));
    if (!m) continue;
    const p = parts[++i];
    const [, , newMode, sha, status] = m;
    const gone = status === 'D' || newMode === '000000' || newMode === '120000' || newMode === '160000';
    rows.push({ path: p, sha: gone ? null : sha });
  }
  return rows;
}

/**
 * Judge each selected commit, oldest first. `judge` runs only for the first
 * commit and for commits that change a file `affectsJudgement` accepts.
 */
export async function walkHistory<T>(opts: HistoryOptions, judge: Judge<T>): Promise<HistoryPoint<T>[]> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  if (opts.count !== undefined && (!Number.isInteger(opts.count) || opts.count < 1)) throw new UsageError(`--history takes a positive number of commits, not '${opts.count}'`);
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  const commits = await listCommits(top, opts);
  const prefixOf = (p: string): string => relPosix(top, path.resolve(cwd, p));
  const paths = (opts.paths?.length ? opts.paths : ['.']).map(prefixOf);
  if (paths.some((p) => p.startsWith('..'))) throw new UsageError('--history: the paths must be inside the repository');
  // only the tree under the repository root is materialised; the paths are resolved inside it
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-history-'));
  let dir = path.join(base, 'tree');
  // discover treats a folder with .git as a repository root (its .gitignore files apply as in the checkout)
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  let judged = 0;
  const points: HistoryPoint<T>[] = [];
  try {
    let prev: CommitInfo | null = null;
    let last: T | undefined;
    for (const c of commits) {
      let changed: string[];
      if (!prev) {
        const rows = parseTree((await git(['ls-tree', '-r', '-z', '--full-tree', c.sha], top)).toString('utf8'));
        const blobs = await readBlobs(top, rows.map((r) => r.sha));
        for (const r of rows) writeFile(dir, r.path, blobs.get(r.sha) ?? Buffer.alloc(0));
        changed = rows.map((r) => r.path);
      } else {
        const rows = parseDiff((await git(['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', prev.sha, c.sha], top)).toString('utf8'));
        const blobs = await readBlobs(top, rows.flatMap((r) => (r.sha ? [r.sha] : [])));
        for (const r of rows) {
          if (r.sha) writeFile(dir, r.path, blobs.get(r.sha) ?? Buffer.alloc(0));
          else fs.rmSync(path.join(dir, r.path), { force: true });
        }
        changed = rows.map((r) => r.path);
      }
      const relevant = changed.filter((p) => affectsJudgement(p) && paths.some((q) => q === '' || q === '.' || p === q || p.startsWith(`${q}/`)));
      if (last !== undefined && !relevant.length) {
        points.push({ commit: c, reused: true, judgement: last });
      } else {
        // each judgement sees its tree at a path of its own: what was read and kept by path for the
        // previous commit (the docs' words, a project's settings) cannot stand for this one's
        const next = path.join(base, `c${++judged}`);
        fs.renameSync(dir, next);
        dir = next;
        last = await judge(dir, paths.map((p) => path.join(dir, p)), relevant, top);
        points.push({ commit: c, reused: false, judgement: last });
      }
      prev = c;
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  return points;
}
