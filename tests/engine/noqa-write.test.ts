import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';

/**
 * Issue 21 item 5: `scan --add-noqa` over files it cannot write. Each is
 * skipped with one line and the run goes on to the files after it (exit 1:
 * a file that could not be written). Tests run as root, who may write any
 * file, so "cannot write" is made of what root cannot get past either: a
 * second hard link, a 0444 mode (refused on the mode itself), and a folder
 * with the immutable attribute (`chattr +i`, where the file system has it).
 */
const EVAL = 'x = eval("1")\n';
const NOQA = 'x = eval("1")  # noqa: SEC001\n';

const immutable = (() => {
  const probe = tempProject({ 'f.txt': '' });
  const ok = spawnSync('chattr', ['+i', probe]).status === 0;
  if (ok) spawnSync('chattr', ['-i', probe]);
  fs.rmSync(probe, { recursive: true, force: true });
  return ok;
})();

let dir: string;
afterEach(() => {
  spawnSync('chattr', ['-R', '-i', dir]);
  for (const f of ['d.py']) if (fs.existsSync(path.join(dir, f))) fs.chmodSync(path.join(dir, f), 0o644);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a hard-linked or read-only file is skipped with one line each; the files after them get their comment; exit 1', () => {
  dir = tempProject({ 'a.py': EVAL, 'b.py': EVAL, 'c.py': EVAL, 'd.py': EVAL, 'e.py': EVAL });
  fs.linkSync(path.join(dir, 'b.py'), path.join(dir, 'b-link.txt'));
  fs.chmodSync(path.join(dir, 'd.py'), 0o444);
  const r = cli(['scan', '.', '--add-noqa', '--select', 'SEC001', '--no-cache'], { cwd: dir });
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
  expect([read('a.py'), read('b.py'), read('c.py'), read('d.py'), read('e.py')]).toEqual([NOQA, EVAL, NOQA, EVAL, NOQA]);
  expect(r.stderr.split('\n').filter(Boolean)).toEqual([
    'error: b.py: it has 2 hard links: replacing it would split them, and writing it in place would not be atomic; no noqa comment written',
    'error: d.py: it is read-only (mode 0444); no noqa comment written',
  ]);
  expect(r.stdout).toMatch(/^Added 3 noqa comments in 3 files\./);
  expect(r.code).toBe(1);
});

(immutable ? test : test.skip)('a folder that refuses the temporary file (chattr +i): one line, the other folders go on, exit 1', () => {
  dir = tempProject({ 'a/m.py': EVAL, 'b/m.py': EVAL, 'c/m.py': EVAL });
  expect(spawnSync('chattr', ['+i', path.join(dir, 'b')]).status).toBe(0);
  const r = cli(['scan', '.', '--add-noqa', '--select', 'SEC001', '--no-cache'], { cwd: dir });
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
  expect([read('a/m.py'), read('b/m.py'), read('c/m.py')]).toEqual([NOQA, EVAL, NOQA]);
  expect(r.stderr.split('\n').filter(Boolean)).toEqual(['error: b/m.py: cannot write (EPERM); no noqa comment written']);
  expect(r.code).toBe(1);
});
