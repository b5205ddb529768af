import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, tempProject } from '../helpers/cli';

/**
 * Issue 21 item 7: standard output that cannot be written (`> /dev/full`,
 * a full disk). One line on stderr and exit 2, for every command that
 * writes a report; no stack trace. (`scan | head` stays quiet: trust.test.ts.)
 */
function toDevFull(args: string[], cwd = ROOT): { code: number | null; stderr: string } {
  const full = fs.openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', full, 'pipe'],
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      timeout: 180_000,
    });
    return { code: r.status, stderr: r.stderr };
  } finally {
    fs.closeSync(full);
  }
}

const LINE = 'rfsn-upgrade: cannot write to standard output: ENOSPC: no space left on device';

test.each([
  ['scan', ['scan', 'fixtures/sample-project', '--no-progress']],
  ['scan --format json', ['scan', 'fixtures/sample-project', '--format', 'json', '--no-progress']],
  ['status', ['status', 'fixtures/sample-project', '--no-progress']],
  ['rules', ['rules']],
])('%s > /dev/full: one line, exit 2', (_name, args) => {
  const r = toDevFull(args);
  expect(r.stderr).not.toMatch(/^\s+at |Error:/m);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('rfsn-upgrade:'))).toEqual([LINE]);
  expect(r.code).toBe(2);
});

test('fix > /dev/full: the files are fixed, the summary that could not be printed is one line, exit 2', () => {
  const dir = tempProject({ 'm.py': 'from typing import List\n\nx: List[int] = []\n' });
  try {
    const r = toDevFull(['fix', '.', '--select', 'TYP001', '--no-cache', '--no-progress'], dir);
    expect(fs.readFileSync(path.join(dir, 'm.py'), 'utf8')).toBe('from typing import List\n\nx: list[int] = []\n');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([LINE]);
    expect(r.code).toBe(2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
