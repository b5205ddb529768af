import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, cli } from '../helpers/cli';
import { GREET, HINTS, project, PY, PYTEST } from './verify-project';

/**
 * `fix --verify CMD` end to end: the built CLI, a real project, the venv's
 * real pytest (or a plain Python script for the exit-code and time-limit
 * paths). Every wait is bounded: cli() kills a run after 180 s, and the
 * time-limit test's command sleeps 60 s at most.
 */
jest.setTimeout(240_000);

const read = (dir: string, p: string): string => fs.readFileSync(path.join(dir, p), 'utf8');
const fix = (dir: string, ...args: string[]) => cli(['fix', '--no-progress', ...args], { cwd: dir });

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

test('keeps the harmless fixes, reverts and names the one a test notices, ends green', () => {
  const dir = project();
  dirs.push(dir);
  fs.chmodSync(path.join(dir, 'app', 'hints.py'), 0o640);
  const r = fix(dir, '--verify', PYTEST, '--report', 'guide.md', '.');
  expect([0, 1]).toContain(r.code);
  // the culprit, by file, line, rule and the test it broke
  expect(r.stderr).toMatch(/^reverted: app\/hints\.py:5 TYP001 \(.*\): broke tests\.test_app::test_hints$/m);
  expect(r.stderr.match(/^reverted:/gm)).toHaveLength(1);
  expect(r.stderr).toMatch(/^verify: green after \d+ test runs; 1 fix reverted; 1 test failing before any fix did not count$/m);
  // exactly that fix is left out: the other TYP001 fix of the same file stays, so does the import it still needs
  expect(read(dir, 'app/hints.py')).toBe(HINTS.replace('def names(prefix: str) -> List[str]:', 'def names(prefix: str) -> list[str]:'));
  expect(fs.statSync(path.join(dir, 'app', 'hints.py')).mode & 0o777).toBe(0o640);
  expect(read(dir, 'app/greet.py')).toContain('return f"hello {name}"');
  expect(read(dir, 'app/greet.py')).toContain('return f"bye {name}"');
  const guide = read(dir, 'guide.md');
  expect(guide).toContain('## Checked by the test suite');
  expect(guide).toMatch(/\| `app\/hints\.py` \| 5 \| TYP001 \| .* \| tests\.test_app::test_hints \|/);
  // the suite as the baseline had it: only the test that always failed fails
  const after = spawnSync(PY, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(after.stdout).toMatch(/1 failed, 2 passed/);
  expect(after.stdout).toContain('test_always_fails');
});

test('the verify key of [tool.rfsn-upgrade] runs the same way; an empty one is a configuration error', () => {
  const dir = project();
  dirs.push(dir);
  fs.appendFileSync(path.join(dir, 'pyproject.toml'), `\n[tool.rfsn-upgrade]\nverify = "${PYTEST}"\n`);
  const r = fix(dir, '.');
  expect(r.stderr).toMatch(/^reverted: app\/hints\.py:5 TYP001 /m);
  expect(read(dir, 'app/hints.py')).toContain('def numbers() -> List[int]:');

  const bad = project({ 'pyproject.toml': '[project]\nname = "app"\n\n[tool.rfsn-upgrade]\nverify = " "\n' });
  dirs.push(bad);
  const e = fix(bad, '.');
  expect(e.code).toBe(2);
  expect(e.stderr.trim().split('\n')).toHaveLength(1);
  expect(read(bad, 'app/hints.py')).toBe(HINTS);
});

// a runner that is not pytest and writes no JUnit XML: its exit code is all there is
const CHECK = `import typing
import sys
sys.path.insert(0, ".")
from app.hints import numbers
from app.greet import hello
ok = typing.get_type_hints(numbers)["return"] == typing.List[int] and hello("x") == "hello x"
sys.exit(0 if ok else 3)
`;

test('exit-code fallback: a suite that passes is compared by its exit code', () => {
  const dir = project({ 'check.py': CHECK });
  dirs.push(dir);
  const r = fix(dir, '--verify', `${PY} check.py`, '.');
  expect([0, 1]).toContain(r.code);
  expect(r.stderr).toMatch(/^reverted: app\/hints\.py:5 TYP001 \(.*\): broke \(the test command exited 3\)$/m);
  expect(read(dir, 'app/hints.py')).toContain('def numbers() -> List[int]:');
  expect(read(dir, 'app/hints.py')).toContain('def names(prefix: str) -> list[str]:');
  expect(read(dir, 'app/greet.py')).toContain('f"bye {name}"');
});

test('exit-code fallback: a suite that fails before any fix is an error that says what to pass, and nothing is written', () => {
  const dir = project({ 'check.py': 'import sys\nsys.exit(1)\n' });
  dirs.push(dir);
  const r = fix(dir, '--verify', `${PY} check.py`, '.');
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain('--verify-junit');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(read(dir, 'app/hints.py')).toBe(HINTS);
  expect(read(dir, 'app/greet.py')).toBe(GREET);
});

test('--verify-junit: another runner writes the JUnit XML, compared test by test', () => {
  // a tiny runner: each check is a test case; one fails before any fix, one reads the hint
  const runner = `import sys, typing
sys.path.insert(0, ".")
from app.hints import numbers
cases = [("hints", typing.get_type_hints(numbers)["return"] == typing.List[int]), ("always", False)]
xml = ['<?xml version="1.0"?><testsuite name="mine">']
for name, ok in cases:
    xml.append('<testcase classname="t &amp; co" name="%s">%s</testcase>' % (name, "" if ok else '<failure message="a &lt; b"/>'))
xml.append("</testsuite>")
open(sys.argv[1], "w").write("".join(xml))
sys.exit(0 if all(ok for _, ok in cases) else 1)
`;
  const dir = project({ 'run.py': runner });
  dirs.push(dir);
  const r = fix(dir, '--verify', `${PY} run.py out.xml`, '--verify-junit', 'out.xml', '.');
  expect([0, 1]).toContain(r.code);
  expect(r.stderr).toMatch(/^reverted: app\/hints\.py:5 TYP001 \(.*\): broke t & co::hints$/m);
  expect(read(dir, 'app/greet.py')).toContain('f"bye {name}"');
});

test('--verify-timeout: a run past the limit counts as failed; the tree ends as the last green run left it', () => {
  // the suite hangs (60 s, far past the limit) once greet.py holds an f-string: the string-format fixes are reverted
  const slow = `import sys, time
if 'f"' in open("app/greet.py").read():
    time.sleep(60)
sys.exit(0)
`;
  const dir = project({ 'slow.py': slow });
  dirs.push(dir);
  const r = fix(dir, '--verify', `${PY} slow.py`, '--verify-timeout', '3', '.');
  expect([0, 1]).toContain(r.code);
  expect(r.stderr).toMatch(/^reverted: app\/greet\.py:\d+ FMT\d+ .*ran past --verify-timeout/m);
  expect(read(dir, 'app/greet.py')).toBe(GREET);
  expect(read(dir, 'app/hints.py')).toContain('def numbers() -> list[int]:');
});

test('bad input: --verify with --diff, a bad --verify-timeout, --verify-junit alone: one line, exit 2', () => {
  const dir = project();
  dirs.push(dir);
  const cases: Array<[string[], RegExp]> = [
    [['--diff', '--verify', PYTEST], /cannot be combined with --diff/],
    [['--verify', PYTEST, '--verify-timeout', 'soon'], /--verify-timeout takes a number of seconds above 0/],
    [['--verify-junit', 'x.xml'], /go with --verify "CMD"/],
  ];
  for (const [args, message] of cases) {
    const r = fix(dir, ...args, '.');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  }
  expect(read(dir, 'app/hints.py')).toBe(HINTS);
});

test('Ctrl-C while the suite runs: the runner is stopped and the tree is as the last green run left it', async () => {
  // the type-hint upgrade (U12) comes first and passes; the suite then hangs on the string-format batch, and says so
  const hang = `import sys, time
if 'f"' in open("app/greet.py").read():
    open("hanging", "w").close()
    time.sleep(60)
sys.exit(0)
`;
  const dir = project({ 'hang.py': hang });
  dirs.push(dir);
  const child = spawn(process.execPath, [BIN, 'fix', '--no-progress', '--verify', `${PY} hang.py`, '.'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // bounded: the marker appears within 60 s or the test fails
  for (let i = 0; i < 600 && !fs.existsSync(path.join(dir, 'hanging')); i++) await new Promise((r) => setTimeout(r, 100));
  expect(fs.existsSync(path.join(dir, 'hanging'))).toBe(true);
  child.kill('SIGINT');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(killer);
  expect(code).toBe(130);
  expect(stderr).toMatch(/SIGINT: the test command was stopped; the files are as the last green run left them/);
  expect(read(dir, 'app/greet.py')).toBe(GREET);
  expect(read(dir, 'app/hints.py')).toBe(HINTS.replace(/List\[/g, 'list[').replace('from typing import List\n', ''));
});
