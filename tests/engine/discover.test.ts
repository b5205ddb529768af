import fs from 'node:fs';
import path from 'node:path';
import { discover } from '../../src/engine/discover';
import { tempProject } from '../helpers/cli';

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
