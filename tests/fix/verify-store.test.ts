import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { HINTS, project, PYTEST } from './verify-project';

/**
 * The store of reverted fixes (src/fix/reverted.ts): what `fix --verify`
 * reverted, the next `fix` declines by reason without running the suite,
 * until the file changes. The suite command appends to runs.log each time it
 * runs, so "without running the suite" is a file that is not there.
 */
jest.setTimeout(240_000);

const read = (dir: string, p: string): string => fs.readFileSync(path.join(dir, p), 'utf8');
const fix = (dir: string, ...args: string[]) => cli(['fix', '--no-progress', ...args], { cwd: dir });
const SUITE = `echo run >> runs.log; ${PYTEST}`;
const STORE = path.join('.rfsn-upgrade-cache', 'reverted-fixes.json');
const DECLINED = /^warning: app\/hints\.py:5: TYP001 not fixed: fix --verify reverted this fix \(.*\): it broke tests\.test_app::test_hints; it is offered again once the file changes$/m;
const REVERTED_LINE = 'def numbers() -> List[int]:';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A project after one `fix --verify` that reverted TYP001 in app/hints.py; runs.log removed. */
function verified(): string {
  const dir = project();
  dirs.push(dir);
  const r = fix(dir, '--verify', SUITE, '.');
  expect(r.stderr).toMatch(/^reverted: app\/hints\.py:5 TYP001 /m);
  expect(fs.existsSync(path.join(dir, 'runs.log'))).toBe(true);
  fs.rmSync(path.join(dir, 'runs.log'));
  return dir;
}

test('a fix --verify reverted is declined by the next fix, with the tests it broke, without the suite, until the file changes', () => {
  const dir = verified();
  // plain fix, twice: declined by reason, not applied, the suite never run
  for (let i = 0; i < 2; i++) {
    const r = fix(dir, '.');
    expect(r.stderr).toMatch(DECLINED);
    expect(r.stderr.match(/not fixed: fix --verify reverted/g)).toHaveLength(1);
    expect(read(dir, 'app/hints.py')).toContain(REVERTED_LINE);
  }
  // fix --verify again: nothing left to try, so the suite does not run either
  const again = fix(dir, '--verify', SUITE, '.');
  expect(again.stderr).toMatch(DECLINED);
  expect(read(dir, 'app/hints.py')).toContain(REVERTED_LINE);
  expect(fs.existsSync(path.join(dir, 'runs.log'))).toBe(false);
  // --no-cache: the store is not read
  const diff = fix(dir, '--no-cache', '--diff', '.');
  expect(diff.stdout).toContain('+def numbers() -> list[int]:');
  expect(diff.stderr).not.toMatch(/reverted this fix/);
  // the user edits the file: the fix is offered (and applied) again
  fs.appendFileSync(path.join(dir, 'app/hints.py'), '\n\nLIMIT = 3\n');
  const edited = fix(dir, '.');
  expect(edited.stderr).not.toMatch(/reverted this fix/);
  expect(read(dir, 'app/hints.py')).toContain('def numbers() -> list[int]:');
});

test('the fixes fix itself writes into the file keep it declined', () => {
  // the unsafe fixes of greet.py's neighbour: an unsafe fix applied later to hints.py changes the file, not the verdict
  const dir = project({ 'app/hints.py': HINTS + '\n\ndef show() -> None:\n    """Show."""\n    print(numbers())\n' });
  dirs.push(dir);
  const r = fix(dir, '--verify', SUITE, '.');
  expect(r.stderr).toMatch(/^reverted: app\/hints\.py:5 TYP001 /m);
  const before = read(dir, 'app/hints.py');
  expect(before).toContain('print(numbers())');
  // --unsafe-fixes turns the print into a log call: the file changes, by fix's hand
  const unsafe = fix(dir, '--unsafe-fixes', '.');
  expect(read(dir, 'app/hints.py')).not.toBe(before);
  expect(unsafe.stderr).toMatch(/TYP001 not fixed: fix --verify reverted this fix/);
  const next = fix(dir, '.');
  expect(next.stderr).toMatch(/TYP001 not fixed: fix --verify reverted this fix/);
  expect(read(dir, 'app/hints.py')).toContain(REVERTED_LINE);
});

test('a corrupt store is one warning and is not trusted; cache clean removes it with the cache', () => {
  const dir = verified();
  const store = path.join(dir, STORE);
  // one byte changed inside an entry (still JSON): the checksum no longer holds
  fs.writeFileSync(store, read(dir, STORE).replace('tests.test_app::test_hints', 'tests.test_app::test_hintz'));
  const r = fix(dir, '--diff', '.');
  expect(r.stderr.match(/^warning: cache: .*reverted-fixes\.json is corrupt \(checksum mismatch\); the reverted fixes it held are not used/gm)).toHaveLength(1);
  expect(r.stderr).not.toMatch(/reverted this fix/);
  expect(r.stdout).toContain('+def numbers() -> list[int]:');
  // not JSON at all: the same, one line
  fs.writeFileSync(store, '\u0000garbage');
  const g = fix(dir, '--diff', '.');
  expect(g.stderr.match(/^warning: cache: .*reverted-fixes\.json is not JSON/gm)).toHaveLength(1);
  expect(g.stdout).toContain('+def numbers() -> list[int]:');

  const clean = cli(['cache', 'clean'], { cwd: dir });
  expect(clean.code).toBe(0);
  expect(clean.stdout).toMatch(/^Removed the reverted fixes fix --verify remembered \(1 file, /m);
  expect(clean.stdout).toMatch(/^Removed \.rfsn-upgrade-cache /m);
  expect(fs.existsSync(path.join(dir, '.rfsn-upgrade-cache'))).toBe(false);
});
