import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';
import { VENV_PYTHON } from '../helpers/python';

/**
 * Issue 25: python3's verdict on a file CPython's own bytecode cache shows it
 * compiled is that cache's, as the import system trusts it (a __pycache__
 * .pyc of this interpreter that matches the source's mtime and size, or its
 * hash); any other file is compiled as before. A source and a .pyc that
 * disagree in what they say are built here on purpose, to see which one
 * judged.
 */

// the interpreter that judges (first on PATH as python3) is the one that writes the .pyc files
const bin = tempProject({});
fs.symlinkSync(VENV_PYTHON, path.join(bin, 'python3'));
const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };

const GOOD = 'print("hello")\n';
const BROKEN = 'print "hello"\n\n'; // as long as GOOD: a .pyc records the size

function pyCompile(file: string, mode: 'TIMESTAMP' | 'CHECKED_HASH'): void {
  execFileSync(VENV_PYTHON, ['-c', `import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True, invalidation_mode=py_compile.PycInvalidationMode.${mode})`, file]);
}

function errorsOf(dir: string): Record<string, string> {
  const r = cli(['scan', '.', '--no-cache', '--select', 'SEC', '--format', 'json'], { cwd: dir, env });
  return Object.fromEntries(JSON.parse(r.stdout).errors.map((e: { path: string; message: string }) => [e.path, e.message]));
}

test('a file its .pyc matches by mtime and size is judged by the .pyc, not compiled again', () => {
  expect(BROKEN.length).toBe(GOOD.length);
  const dir = tempProject({ 'm.py': GOOD });
  const file = path.join(dir, 'm.py');
  pyCompile(file, 'TIMESTAMP');
  const { mtime } = fs.statSync(file);
  // the same size and mtime with other bytes: what Python's import would also take the .pyc for
  fs.writeFileSync(file, BROKEN);
  fs.utimesSync(file, mtime, mtime);
  expect(errorsOf(dir)).toEqual({});
});

test('a .pyc that does not match the source (another size, another hash) is not trusted: the file is compiled', () => {
  const dir = tempProject({ 'ts.py': GOOD, 'hash.py': GOOD });
  pyCompile(path.join(dir, 'ts.py'), 'TIMESTAMP');
  pyCompile(path.join(dir, 'hash.py'), 'CHECKED_HASH');
  const { mtime } = fs.statSync(path.join(dir, 'ts.py'));
  fs.writeFileSync(path.join(dir, 'ts.py'), `${BROKEN}\n`);
  fs.utimesSync(path.join(dir, 'ts.py'), mtime, mtime);
  fs.writeFileSync(path.join(dir, 'hash.py'), BROKEN);
  const errs = errorsOf(dir);
  expect(Object.keys(errs).sort()).toEqual(['hash.py', 'ts.py']);
  for (const m of Object.values(errs)) expect(m).toMatch(/Missing parentheses in call to 'print'.*CPython rejects this file/);
});

test('a hash-based .pyc of the same bytes vouches for them', () => {
  const dir = tempProject({ 'm.py': GOOD });
  pyCompile(path.join(dir, 'm.py'), 'CHECKED_HASH');
  expect(fs.readdirSync(path.join(dir, '__pycache__'))).toHaveLength(1);
  expect(errorsOf(dir)).toEqual({});
});
