import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, cli, ROOT } from '../helpers/cli';

/**
 * Issue 21, items 3, 10 and 14 (part): what happens to a file that someone
 * else edits, chmods, replaces or signals while `fix` writes it. Each test
 * runs the built CLI and holds it between its last check and the rename
 * (RFSN_UPGRADE_TEST_HOLD_RENAME, test-only: write.ts testHold), acts from
 * outside, then releases it: nothing here depends on timing.
 */
const TYPED = 'from typing import List\n\nx: List[int] = []\n';
const FIXED = 'from typing import List\n\nx: list[int] = []\n';
const TEMP = /^\..+\.rfsn-\d+-[0-9a-f]{8}\.tmp$/;
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let dir: string;
let gate: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-races-'));
  gate = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-gate-')), 'go');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(gate), { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  fs.chmodSync(f, 0o644);
  return f;
}

function temps(): string[] {
  return fs.readdirSync(dir).filter((n) => TEMP.test(n));
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `fix DIR --select TYP001` held before its first rename: resolves once it is
 * there (FILE.held), and rejects when the run ends without getting there.
 */
function heldFix(): { held: Promise<void>; exit: Promise<Exit>; child: ReturnType<typeof spawn> } {
  const child = spawn(process.execPath, [BIN, 'fix', dir, '--select', 'TYP001', '--no-cache', '--no-progress'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', RFSN_UPGRADE_TEST_HOLD_RENAME: gate },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const held = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (fs.existsSync(`${gate}.held`)) {
        clearInterval(poll);
        resolve();
      }
    }, 10);
    void exit.then((e) => {
      clearInterval(poll);
      reject(new Error(`fix ended (code ${e.code}, signal ${e.signal}) without reaching the point before its rename:\n${e.stderr}`));
    });
  });
  return { held, exit, child };
}

const release = (): void => fs.writeFileSync(gate, '');

describe('an edit, chmod or chown made while fix writes the file is kept', () => {
  test('an edit and a chmod between the last check and the rename: the user’s version is put back, exit 1', async () => {
    const f = write('m.py', TYPED);
    const edited = 'from typing import List\n\nx: List[int] = [1]  # the user’s edit\n';
    const run = heldFix();
    await run.held;
    fs.writeFileSync(f, edited); // in place, as most editors save
    fs.chmodSync(f, 0o600);
    release();
    const r = await run.exit;
    expect(fs.readFileSync(f, 'utf8')).toBe(edited);
    expect(fs.statSync(f).mode & 0o7777).toBe(0o600);
    expect(r.stdout + r.stderr).toMatch(/m\.py: it changed on disk during this run \(saved by an editor or another tool\?\); not overwritten; run fix again/);
    expect(r.code).toBe(1);
    expect(temps()).toEqual([]);
  }, 60_000);

  test('a chmod alone in that window is carried over to the fixed file', async () => {
    const f = write('m.py', TYPED);
    const run = heldFix();
    await run.held;
    fs.chmodSync(f, 0o600);
    release();
    const r = await run.exit;
    expect(fs.readFileSync(f, 'utf8')).toBe(FIXED);
    expect(fs.statSync(f).mode & 0o7777).toBe(0o600);
    expect(r.code).toBe(0);
  }, 60_000);

  (asRoot ? test : test.skip)('a chown in that window is carried over too (as root)', async () => {
    const f = write('m.py', TYPED);
    const run = heldFix();
    await run.held;
    fs.chownSync(f, 4321, 4322);
    release();
    const r = await run.exit;
    expect(fs.readFileSync(f, 'utf8')).toBe(FIXED);
    const st = fs.statSync(f);
    expect([st.uid, st.gid]).toEqual([4321, 4322]);
    expect(r.code).toBe(0);
  }, 60_000);

  test('a file replaced by a directory in that window: said so, not "2 hard links"', async () => {
    const f = write('m.py', TYPED);
    const run = heldFix();
    await run.held;
    fs.rmSync(f);
    fs.mkdirSync(f);
    release();
    const r = await run.exit;
    expect(fs.statSync(f).isDirectory()).toBe(true);
    expect(r.stderr).not.toMatch(/hard link/);
    expect(r.stdout + r.stderr).toMatch(/m\.py: it is no longer a regular file \(now a directory\); not fixed/);
    expect(r.code).toBe(1);
    expect(temps()).toEqual([]);
  }, 60_000);
});

describe('temporary files', () => {
  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s during a write: that file ends whole, no further file is written, no temporary file is left, exit %d', async (signal, code) => {
    const a = write('a.py', TYPED);
    const b = write('b.py', TYPED);
    const run = heldFix();
    await run.held;
    expect(temps()).toHaveLength(1); // the run is inside a write
    run.child.kill(signal);
    release();
    const r = await run.exit;
    expect({ code: r.code, signal: r.signal }).toEqual({ code, signal: null });
    expect(temps()).toEqual([]);
    // the write under way finished (a file is old or new, never half); the next one never started
    expect([fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8')].sort()).toEqual([FIXED, TYPED].sort());
  }, 60_000);

  test('a user’s file named like a temporary file of a dead run is left alone, and named', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const name = `.notes.py.rfsn-${dead.stdout}-0badc0de.tmp`;
    const mine = write(name, 'my notes\n');
    write('m.py', TYPED);
    const r = cli(['fix', dir, '--select', 'TYP001', '--no-cache']);
    expect(fs.readFileSync(mine, 'utf8')).toBe('my notes\n');
    expect(r.stderr).toContain(`${name}: named like the temporary file of a killed rfsn-upgrade run; left alone (delete it if it is one)`);
    expect(fs.readFileSync(path.join(dir, 'm.py'), 'utf8')).toBe(FIXED);
    expect(r.code).toBe(0);
  });
});
