import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { discover } from '../../src/engine/discover';
import { cli, tempProject } from '../helpers/cli';

const names = (dir: string, files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

describe('discover', () => {
  test('walks folders for .py files, skipping default excludes and .gitignore entries', () => {
    const dir = tempProject({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n*_pb2.py\n',
      'pkg/__init__.py': '',
      'pkg/a.py': 'x = 1\n',
      'pkg/a_pb2.py': 'x = 1\n',
      'pkg/notes.txt': 'hi',
      'generated/g.py': 'x = 1\n',
      '.venv/lib/site.py': 'x = 1\n',
      'node_modules/x/y.py': 'x = 1\n',
      'build/lib/b.py': 'x = 1\n',
      'sub/.gitignore': 'local.py\n',
      'sub/local.py': 'x = 1\n',
      'sub/kept.py': 'x = 1\n',
    });
    const found = discover([dir], { projectRoot: dir });
    expect(names(dir, found.files)).toEqual(['pkg/__init__.py', 'pkg/a.py', 'sub/kept.py']);
    expect(found.errors).toEqual([]);
  });

  test('config exclude uses gitignore syntax relative to the project root', () => {
    const dir = tempProject({ 'a/migrations/m1.py': '', 'a/models.py': '', 'scripts/x.py': '' });
    const found = discover([dir], { projectRoot: dir, exclude: ['migrations/', '/scripts'] });
    expect(names(dir, found.files)).toEqual(['a/models.py']);
  });

  test('a file named on the command line is read whatever its ending', () => {
    const dir = tempProject({ 'tool': '#!/usr/bin/env python3\nx = 1\n' });
    expect(names(dir, discover([path.join(dir, 'tool')], { projectRoot: dir }).files)).toEqual(['tool']);
  });

  test('symlink loops end and links out of the tree are not followed', () => {
    const outside = tempProject({ 'secret.py': 'x = 1\n' });
    const dir = tempProject({ 'pkg/a.py': 'x = 1\n' });
    fs.symlinkSync(dir, path.join(dir, 'pkg', 'loop'));
    fs.symlinkSync(outside, path.join(dir, 'out'));
    fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'dangling.py'));
    fs.symlinkSync(path.join(dir, 'pkg', 'a.py'), path.join(dir, 'alias.py'));
    const found = discover([dir], { projectRoot: dir });
    expect(names(dir, found.files)).toEqual(['pkg/a.py']);
    expect(found.errors.map((e) => e.message)).toEqual(['broken or looping symlink; skipped']);
  });

  test('a path that does not exist is a usage error', () => {
    expect(() => discover(['/no/such/place'], { projectRoot: '/' })).toThrow(/path does not exist: \/no\/such\/place/);
  });
});

/**
 * Git's own rules (issue 21 item 4). Every repository here sets its own
 * core.excludesFile, and the CLI runs get a HOME of their own, so the
 * machine's global git configuration cannot change what these tests see.
 */
describe('discover follows git', () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, XDG_CONFIG_HOME: cwd } });
  /** A real repository holding `files`; `track` are committed (with -f, whatever the patterns say), the rest left untracked. */
  const repo = (files: Record<string, string>, track: string[] = []): string => {
    const dir = tempProject(files);
    git(dir, 'init', '-q');
    git(dir, 'config', 'core.excludesFile', path.join(dir, '.no-global-excludes'));
    if (track.length) {
      git(dir, 'add', '-f', '--', ...track);
      git(dir, 'commit', '-q', '-m', 'start');
    }
    return dir;
  };

  test('a nested .gitignore re-includes with ! what the root one ignores, and a tracked file is scanned (the CLI finds the eval)', () => {
    const dir = repo({ '.gitignore': '*.py\n', 'docs/.gitignore': '!*.py\n', 'docs/d.py': 'eval(input())\n', 'top.py': 'eval(input())\n' }, ['.gitignore', 'docs/.gitignore', 'docs/d.py']);
    expect(names(dir, discover([dir], { projectRoot: dir }).files)).toEqual(['docs/d.py']);
    const home = tempProject({});
    const r = cli(['scan', '.', '--select', 'SEC', '--format', 'json', '--no-cache'], { cwd: dir, env: { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; code: string }> };
    expect(report.findings.map((f) => `${f.path} ${f.code}`)).toEqual(['docs/d.py SEC001']);
  });

  test('a tracked file is scanned though a pattern matches it; an untracked one is not; an ignored folder yields only its tracked files', () => {
    const dir = repo({ '.gitignore': 'gen/\n*_pb2.py\n', 'gen/kept.py': '', 'gen/new.py': '', 'gen/.gitignore': '!new.py\n', 'a_pb2.py': '', 'b_pb2.py': '', 'c.py': '' }, ['.gitignore', 'gen/kept.py', 'a_pb2.py']);
    expect(names(dir, discover([dir], { projectRoot: dir }).files)).toEqual(['a_pb2.py', 'c.py', 'gen/kept.py']);
  });

  test('.git/info/exclude and core.excludesFile apply, below the .gitignore files', () => {
    const dir = repo({ 'local.py': '', 'mine.py': '', 'kept.py': '', 'sub/.gitignore': '!kept.py\n', 'sub/kept.py': '', 'sub/mine.py': '' });
    fs.writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'local.py\nkept.py\n');
    fs.writeFileSync(path.join(dir, '.no-global-excludes'), 'mine.py\n');
    expect(names(dir, discover([dir], { projectRoot: dir }).files)).toEqual(['sub/kept.py']);
  });

  test('config exclude and the default excludes still apply to tracked files; a file named on the command line is read though ignored', () => {
    const dir = repo({ '.gitignore': '*.py\n', 'migrations/m.py': '', 'build/b.py': '', 'app.py': '' }, ['migrations/m.py', 'build/b.py', 'app.py']);
    expect(names(dir, discover([dir], { projectRoot: dir, exclude: ['migrations/'] }).files)).toEqual(['app.py']);
    const untracked = repo({ '.gitignore': '*.py\n', 'x.py': '' });
    expect(names(untracked, discover([path.join(untracked, 'x.py')], { projectRoot: untracked }).files)).toEqual(['x.py']);
  });

  test('a nested repository has its own rules: the outer patterns do not reach into it, its own do', () => {
    const dir = repo({ '.gitignore': 'util.py\n', 'util.py': '', 'vendor/lib/util.py': '', 'vendor/lib/.gitignore': 'skip.py\n', 'vendor/lib/skip.py': '' });
    git(path.join(dir, 'vendor', 'lib'), 'init', '-q');
    git(path.join(dir, 'vendor', 'lib'), 'config', 'core.excludesFile', path.join(dir, '.no-global-excludes'));
    expect(names(dir, discover([dir], { projectRoot: dir }).files)).toEqual(['vendor/lib/util.py']);
  });

  test('names with spaces, newlines and quotes are listed as they are', () => {
    const odd = ['with space.py', 'new\nline.py', 'quote".py', 'tab\t.py'];
    const dir = repo({ '.gitignore': '*.py\n', ...Object.fromEntries(odd.map((n) => [n, ''])) }, odd);
    expect(names(dir, discover([dir], { projectRoot: dir }).files)).toEqual([...odd].sort());
  });

  test('outside a work tree, or where git cannot run, the patterns alone decide (negation included)', () => {
    const files = { '.gitignore': '*.py\ngen/\n', 'docs/.gitignore': '!*.py\n', 'docs/d.py': '', 'top.py': '', 'gen/t.py': '' };
    const plain = tempProject(files);
    expect(names(plain, discover([plain], { projectRoot: plain }).files)).toEqual(['docs/d.py']);
    // a repository, but no git on PATH: its tracked gen/t.py cannot be known, and the run goes on without it
    const dir = repo(files, ['gen/t.py']);
    const r = cli(['scan', '.', '--select', 'SEC', '--format', 'json', '--no-cache'], { cwd: dir, env: { PATH: tempProject({}) } });
    expect(JSON.parse(r.stdout).summary.files).toBe(1);
  });
});
