import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { venvTool } from '../helpers/python';

/**
 * Issue 24: the hook of .pre-commit-hooks.yaml installs and runs with the
 * real pre-commit, as a user's `pre-commit try-repo` or `pre-commit install`
 * would do it: npm installs this repository from git (where npm cannot run
 * the TypeScript build; the launcher compiles on first use), and the hook
 * runs once over all the files it is given (require_serial: one summary).
 */
const ROOT = path.resolve(__dirname, '../..');

test('pre-commit try-repo installs the hook and runs it: the eval() fails the commit, one report for all files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-precommit-'));
  const git = (...args: string[]): void => {
    expect(spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).status).toBe(0);
  };
  git('init', '-q', '.');
  fs.writeFileSync(path.join(dir, 'a.py'), 'import os\n\n\ndef f():\n    return eval(os.environ["X"])\n');
  for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, `m${i}.py`), `"""Module ${i}."""\n`);
  git('add', '.');
  const env = { ...process.env, PRE_COMMIT_HOME: path.join(dir, '.pre-commit-home'), NO_COLOR: '1' };
  const r = spawnSync(venvTool('pre-commit'), ['try-repo', ROOT, 'rfsn-upgrade', '--all-files'], { cwd: dir, env, encoding: 'utf8', timeout: 540_000 });
  const out = `${r.stdout}${r.stderr}`;
  expect(out).not.toMatch(/An unexpected error has occurred|tsc: not found/);
  expect(out).toMatch(/rfsn-upgrade scan\.+Failed/);
  expect(r.status).toBe(1);
  expect(out).toMatch(/^a\.py:5:12\s+high\s+SEC001/m);
  // require_serial: one run over all 31 files, so one summary
  expect(out.match(/files? checked/g)).toHaveLength(1);
  expect(out).toMatch(/31 files checked/);
  // a clean tree passes
  fs.writeFileSync(path.join(dir, 'a.py'), '"""Fine."""\n');
  git('add', '.');
  const again = spawnSync(venvTool('pre-commit'), ['try-repo', ROOT, 'rfsn-upgrade', '--all-files'], { cwd: dir, env, encoding: 'utf8', timeout: 540_000 });
  expect(`${again.stdout}${again.stderr}`).toMatch(/rfsn-upgrade scan\.+Passed/);
  expect(again.status).toBe(0);
}, 600_000);
