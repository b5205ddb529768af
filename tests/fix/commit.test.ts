import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { GREET, HINTS, project, PYTEST } from './verify-project';

/**
 * `fix --commit` in a real git repository: one commit per upgrade listing its
 * fixes, only the files fix wrote that had no change of the user's, never the
 * user's other changes; refused (one line, exit 2) outside a work tree or
 * with staged changes. git runs with no system or user configuration.
 */
jest.setTimeout(240_000);

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const gitEnv = (dir: string): Record<string, string> => ({
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: dir,
  XDG_CONFIG_HOME: dir,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
});
const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...gitEnv(dir) } });
const fix = (dir: string, ...args: string[]) => cli(['fix', '--no-progress', '--commit', ...args], { cwd: dir, env: gitEnv(dir) });
const read = (dir: string, p: string): string => fs.readFileSync(path.join(dir, p), 'utf8');

/** The verify project (TYP001 in hints.py, FMT in greet.py) as a git repository with one commit, plus a file fix also changes. */
function repo(): string {
  const dir = project({ 'app/extra.py': '"""Extra."""\n\n\ndef f(x: str) -> str:\n    """F."""\n    return "%s!" % (x,)\n', 'README.md': 'readme\n' });
  dirs.push(dir);
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'start');
  return dir;
}

test('one commit per upgrade, listing its fixes; the user\'s own changes are never committed', () => {
  const dir = repo();
  // the user's: an unstaged edit of a file fix does not touch, an untracked file, and an edit of a file fix also fixes
  fs.appendFileSync(path.join(dir, 'README.md'), 'mine\n');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'untracked\n');
  fs.appendFileSync(path.join(dir, 'app/extra.py'), '\n\ndef g(x: str) -> str:\n    """G."""\n    return "{}".format(x)\n');
  const r = fix(dir, '.');
  expect(r.code).toBe(0);
  const subjects = git(dir, 'log', '--format=%s', 'HEAD~2..HEAD').trim().split('\n').reverse();
  // the upgrades in catalog order: typing (U12: TYP001 and the import TYP003 then drops), then string formatting (U19)
  expect(subjects).toEqual(['U12 Modernise type hints: 3 fixes by rfsn-upgrade', 'U19 Modernise string formatting (f-strings): 3 fixes by rfsn-upgrade']);
  expect(git(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('3');
  // each commit: its fixes, one line each, and only its own files' changes
  const typ = git(dir, 'show', '--format=%b', 'HEAD~1');
  expect(typ).toMatch(/^TYP001 app\/hints\.py:5 /m);
  expect(typ).toMatch(/^TYP001 app\/hints\.py:10 /m);
  expect(typ).toMatch(/^TYP003 app\/hints\.py:2 /m);
  expect(typ).toContain('-from typing import List');
  expect(typ).not.toContain('app/greet.py');
  const fmt = git(dir, 'show', '--format=%b', 'HEAD');
  expect(fmt).toMatch(/^FMT002 app\/greet\.py:6 /m);
  expect(fmt).toMatch(/^FMT001 app\/greet\.py:11 /m);
  expect(fmt).toContain('+++ b/app/greet.py');
  expect(fmt).not.toContain('app/hints.py');
  expect(r.stderr).toMatch(/^committed: [0-9a-f]+ U12 Modernise type hints: 3 fixes by rfsn-upgrade$/m);
  // the committed files are as fix wrote them; what stays uncommitted is the user's, and extra.py (fixed, said once)
  expect(git(dir, 'show', 'HEAD:app/hints.py')).toBe(read(dir, 'app/hints.py'));
  expect(git(dir, 'show', 'HEAD:app/greet.py')).toBe(read(dir, 'app/greet.py'));
  expect(read(dir, 'app/greet.py')).toContain('f"bye {name}"');
  expect(git(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M README.md', ' M app/extra.py', '?? notes.txt']);
  expect(read(dir, 'app/extra.py')).toContain('f"{x}!"');
  expect(r.stderr).toMatch(/^warning: app\/extra\.py: written but not committed: it had uncommitted changes of yours/m);
  expect(git(dir, 'show', 'HEAD:README.md')).toBe('readme\n');
});

test('with --verify, only the fixes that stayed are committed', () => {
  const dir = repo();
  const r = fix(dir, '--verify', PYTEST, '.');
  expect(r.stderr).toMatch(/^reverted: app\/hints\.py:5 TYP001 /m);
  const committed = git(dir, 'show', 'HEAD:app/hints.py');
  expect(committed).toContain('def numbers() -> List[int]:');
  expect(committed).toContain('def names(prefix: str) -> list[str]:');
  expect(committed).toBe(read(dir, 'app/hints.py'));
  expect(git(dir, 'log', '--format=%b', '-1')).not.toMatch(/hints\.py:5 /);
  expect(git(dir, 'status', '--porcelain')).toBe('');
});

test('refused with one line and exit 2, nothing written: not a git work tree, staged changes of the user\'s, with --diff', () => {
  const plain = project();
  dirs.push(plain);
  const a = fix(plain, '.');
  expect(a.code).toBe(2);
  expect(a.stderr.trim().split('\n')).toHaveLength(1);
  expect(a.stderr).toMatch(/--commit: .* is not in a git work tree/);
  expect(read(plain, 'app/hints.py')).toBe(HINTS);

  const dir = repo();
  fs.appendFileSync(path.join(dir, 'README.md'), 'staged\n');
  git(dir, 'add', 'README.md');
  const b = fix(dir, '.');
  expect(b.code).toBe(2);
  expect(b.stderr.trim().split('\n')).toHaveLength(1);
  expect(b.stderr).toMatch(/--commit: the index holds staged changes of yours/);
  expect(read(dir, 'app/greet.py')).toBe(GREET);
  expect(git(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('1');

  const c = fix(dir, '--diff', '.');
  expect(c.code).toBe(2);
  expect(c.stderr.trim().split('\n')).toHaveLength(1);
});
