import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FileReadError, readRegularFile } from '../../src/core/readfile';
import { cli, tempProject } from '../helpers/cli';

/**
 * Issue 21 item 9: a FIFO, a device or a huge sparse file where the tool
 * expects a configuration file, a manifest or a .gitignore is one line, never
 * a hang or gigabytes of memory. Real FIFOs (mkfifo) and real sparse files;
 * every CLI run is bounded by cli()'s timeout, so a hang fails the test.
 */
const fifo = (p: string): void => {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  expect(spawnSync('mkfifo', [p]).status).toBe(0);
};
/** A file that claims `size` bytes and occupies none. */
const sparse = (p: string, size: number): void => {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.closeSync(fs.openSync(p, 'w'));
  fs.truncateSync(p, size);
};
const TEN_GB = 10 * 1024 ** 3;
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => /^(error|rfsn-upgrade):/.test(l));

describe('readRegularFile', () => {
  test('reads a regular file, and refuses a FIFO, a device, a folder and a file over the limit without blocking', () => {
    const dir = tempProject({ 'a.txt': 'hello' });
    expect(readRegularFile(path.join(dir, 'a.txt'), 5).bytes.toString()).toBe('hello');
    fifo(path.join(dir, 'pipe'));
    sparse(path.join(dir, 'big'), TEN_GB);
    const why = (p: string, limit = 1000): string => {
      try {
        readRegularFile(p, limit);
      } catch (err) {
        if (err instanceof FileReadError) return err.message;
        throw err;
      }
      return 'read';
    };
    expect(why(path.join(dir, 'pipe'))).toBe('is a FIFO, not a regular file');
    expect(why('/dev/zero')).toBe('is a character device, not a regular file');
    expect(why(dir)).toBe('is a folder, not a regular file');
    expect(why(path.join(dir, 'big'))).toBe('is 10.7 GB, over the 1.0 kB limit');
    expect(why(path.join(dir, 'a.txt'), 4)).toBe('is 5 B, over the 4 B limit');
    expect(why(path.join(dir, 'missing'))).toBe('cannot read: no such file');
  });
});

describe('special files in the tree', () => {
  test('a FIFO named pyproject.toml is one line and exit 2', () => {
    const dir = tempProject({ 'a.py': 'eval(input())\n' });
    fifo(path.join(dir, 'pyproject.toml'));
    const r = cli(['scan', '.', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['rfsn-upgrade: pyproject.toml: is a FIFO, not a regular file; cannot use it as configuration']);
  });

  test('a sparse 10 GB pyproject.toml is refused by its size: one line, exit 2', () => {
    const dir = tempProject({ 'a.py': 'x = 1\n' });
    sparse(path.join(dir, 'pyproject.toml'), TEN_GB);
    const r = cli(['scan', '.', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['rfsn-upgrade: pyproject.toml: is 10.7 GB, over the 5.0 MB limit; cannot use it as configuration']);
  });

  test('--config /dev/zero and --config FIFO are one line and exit 2', () => {
    const dir = tempProject({ 'a.py': 'x = 1\n' });
    fifo(path.join(dir, 'conf.toml'));
    const zero = cli(['scan', '.', '--no-cache', '--config', '/dev/zero'], { cwd: dir });
    expect(zero.code).toBe(2);
    expect(errorLines(zero.stderr)).toEqual(['rfsn-upgrade: /dev/zero: is a character device, not a regular file; cannot use it as configuration']);
    const pipe = cli(['scan', '.', '--no-cache', '--config', 'conf.toml'], { cwd: dir });
    expect(pipe.code).toBe(2);
    expect(errorLines(pipe.stderr)).toEqual(['rfsn-upgrade: conf.toml: is a FIFO, not a regular file; cannot use it as configuration']);
  });

  test('a FIFO .gitignore, a sparse 10 GB one, a FIFO package.json and requirements.txt: one line each, the rest is scanned', () => {
    const dir = tempProject({
      'a.py': 'eval(input())\n',
      'sub/b.py': 'eval(input())\n',
      'big/c.py': 'eval(input())\n',
      'web/app.js': "import _ from 'lodash';\nconsole.log(_);\n",
    });
    fifo(path.join(dir, 'sub', '.gitignore'));
    sparse(path.join(dir, 'big', '.gitignore'), TEN_GB);
    fifo(path.join(dir, 'web', 'package.json'));
    fifo(path.join(dir, 'requirements.txt'));
    const r = cli(['scan', '.', '--no-cache', '--select', 'SEC,DEP', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; code: string }>; errors: Array<{ path: string; message: string }> };
    expect(report.findings.map((f) => `${f.path} ${f.code}`).sort()).toEqual(['a.py SEC001', 'big/c.py SEC001', 'sub/b.py SEC001']);
    expect(report.errors.map((e) => `${e.path}: ${e.message}`).sort()).toEqual([
      'big/.gitignore: is 10.7 GB, over the 5.0 MB limit; its patterns are not applied',
      'requirements.txt: is a FIFO, not a regular file; skipped',
      'sub/.gitignore: is a FIFO, not a regular file; its patterns are not applied',
      'web/package.json: is a FIFO, not a regular file; skipped',
    ]);
  });

  test('a FIFO .gitignore in a git work tree does not hang discovery (git itself would)', () => {
    const dir = tempProject({ 'a.py': 'eval(input())\n', 'sub/b.py': 'x = 1\n' });
    expect(spawnSync('git', ['init', '-q'], { cwd: dir }).status).toBe(0);
    fifo(path.join(dir, 'sub', '.gitignore'));
    const home = tempProject({});
    const r = cli(['scan', '.', '--no-cache', '--select', 'SEC', '--format', 'json'], { cwd: dir, env: { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { files: number }; errors: Array<{ path: string; message: string }> };
    expect(report.summary.files).toBe(2);
    expect(report.errors).toEqual([{ path: 'sub/.gitignore', message: 'is a FIFO, not a regular file; its patterns are not applied' }]);
  });
});
