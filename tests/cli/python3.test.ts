import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';
import { VENV_PYTHON } from '../helpers/python';

/**
 * Issue 21, item 6: the python3 that confirms syntax errors and vouches for
 * fixes may be broken. Each fake below is a real executable named python3,
 * put first on PATH for one run: one that exits 3, one that prints garbage,
 * one that hangs (a shell that waits on a `sleep`, as a pyenv shim runs the
 * real interpreter as its child). RFSN_UPGRADE_PYTHON_TIMEOUT keeps the hung
 * one's limit short; a run that hangs anyway fails through cli()'s timeout.
 */

const FAKES = {
  'exits 3': '#!/bin/sh\necho "broken interpreter" >&2\nexit 3\n',
  'prints garbage': '#!/bin/sh\necho garbage\necho "{not json"\n',
  // the sleep's pid is kept, to see that the timeout ended it too (not only the shell)
  hangs: '#!/bin/sh\nsleep 600 &\necho $! >> "$(dirname "$0")/pids"\nwait\n',
  // answers its first request (as valid) and exits 0: the rest got no verdict
  'answers one and exits 0': '#!/bin/sh\nread line\np=$(printf "%s" "$line" | sed \'s/^{"p":"\\([^"]*\\)".*/\\1/\')\nprintf \'{"p": "%s", "ok": true}\\n\' "$p"\n',
};

function fakePython(kind: keyof typeof FAKES): { bin: string; python: string; env: Record<string, string> } {
  const bin = tempProject({});
  const python = path.join(bin, 'python3');
  fs.writeFileSync(python, FAKES[kind], { mode: 0o755 });
  return { bin, python, env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, RFSN_UPGRADE_PYTHON_TIMEOUT: '1' } };
}

/** A process that still runs (a zombie waiting for its parent counts as ended). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The sleeps a hung fake started are gone: polled a bounded number of times (SIGKILL lands asynchronously). */
function sleepsLeft(bin: string): number[] {
  const pids = fs.existsSync(path.join(bin, 'pids')) ? fs.readFileSync(path.join(bin, 'pids'), 'utf8').split('\n').filter(Boolean).map(Number) : [];
  let left = pids.filter(running);
  for (let i = 0; i < 50 && left.length; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    left = left.filter(running);
  }
  for (const pid of left) process.kill(pid, 'SIGKILL'); // not left behind by a failing test
  return left;
}

const TABS = 'def f(x):\n\tif x:\n        return 1\n';
const TYPED = 'from typing import List\n\n\ndef f(a: List[int]) -> List[int]:\n    return a\n';

describe('a broken or hung python3 (issue 21, item 6)', () => {
  test.each(['exits 3', 'prints garbage', 'hangs', 'answers one and exits 0'] as const)('scan: a python3 that %s gives one warning naming it, and its files count as not checked (exit 1)', (kind) => {
    const fake = fakePython(kind);
    // tabs.py: tree-sitter reads it, only CPython rejects it (TabError), so without a verdict it would pass
    const dir = tempProject({ 'tabs.py': TABS, 'ok.py': 'x = 1\n' });
    const r = cli(['scan', '.', '--no-cache', '--select', 'SEC'], { cwd: dir, env: fake.env });
    expect(r.code).toBe(1);
    const naming = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes(fake.python));
    expect(naming).toHaveLength(1);
    expect(naming[0]).toMatch(/^warning: .*python3 failed to check the files: /);
    expect(r.stdout).toMatch(/^error: tabs\.py: not checked by CPython: python3 gave no verdict/m);
    // the one that stops short vouched for ok.py (asked first) before it exited
    const unchecked = kind === 'answers one and exits 0' ? ['tabs.py'] : ['ok.py', 'tabs.py'];
    expect(r.stdout).toContain(`${unchecked.length === 1 ? '1 input' : '2 inputs'} could not be checked`);
    // the machine formats say the same through `errors`
    const json = JSON.parse(cli(['scan', '.', '--no-cache', '--select', 'SEC', '--format', 'json'], { cwd: dir, env: fake.env }).stdout);
    expect(json.errors.map((e: { path: string }) => e.path)).toEqual(unchecked);
    expect(sleepsLeft(fake.bin)).toEqual([]);
  });

  test.each(['exits 3', 'prints garbage', 'hangs', 'answers one and exits 0'] as const)('fix: a python3 that %s vouches for nothing, so nothing is written (one warning naming it, exit 1)', (kind) => {
    const fake = fakePython(kind);
    const dir = tempProject({ 'm.py': TYPED, 'n.py': TYPED });
    const r = cli(['fix', '.', '--no-cache', '--select', 'TYP'], { cwd: dir, env: fake.env });
    expect(r.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'm.py'), 'utf8')).toBe(TYPED);
    expect(fs.readFileSync(path.join(dir, 'n.py'), 'utf8')).toBe(TYPED);
    expect(fs.readdirSync(dir).sort()).toEqual(['m.py', 'n.py']);
    const naming = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes(fake.python));
    expect(naming).toHaveLength(1);
    expect(naming[0]).toMatch(/^warning: .*python3 failed to check the results: /);
    expect(r.stdout).toMatch(/^error: m\.py: not written: python3 gave no verdict on the fixed text/m);
    expect(r.stdout).toMatch(/0 fixes in 0 files/);
    expect(sleepsLeft(fake.bin)).toEqual([]);
  });

  test('why it failed: the exit code and the end of its stderr; a hung one was killed at its limit', () => {
    const dir = tempProject({ 'ok.py': 'x = 1\n' });
    const exits = fakePython('exits 3');
    expect(cli(['scan', '.', '--no-cache'], { cwd: dir, env: exits.env }).stderr).toContain(`${exits.python} failed to check the files: exited with code 3: broken interpreter`);
    const hangs = fakePython('hangs');
    expect(cli(['scan', '.', '--no-cache'], { cwd: dir, env: hangs.env }).stderr).toMatch(/python3 failed to check the files: no answer within [\d.]+ s \(on .*ok\.py\); killed\. RFSN_UPGRADE_PYTHON_TIMEOUT sets the limit's base, now 1 s/);
    expect(sleepsLeft(hangs.bin)).toEqual([]);
  });

  test('a fix with nothing for python3 to check does not wait for a hung one', () => {
    const hangs = fakePython('hangs');
    // the limit is long here: waiting for the hung checker would fail through cli()'s timeout
    const dir = tempProject({ 'm.py': 'x = 1\n' });
    const r = cli(['fix', '.', '--no-cache', '--select', 'TYP'], { cwd: dir, env: { ...hangs.env, RFSN_UPGRADE_PYTHON_TIMEOUT: '3600' } });
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toContain(hangs.python);
    expect(sleepsLeft(hangs.bin)).toEqual([]);
  });

  test('RFSN_UPGRADE_PYTHON_TIMEOUT that is not a number of seconds is a usage error: one line, exit 2', () => {
    const dir = tempProject({ 'ok.py': 'x = 1\n' });
    for (const cmd of ['scan', 'fix']) {
      const r = cli([cmd, '.', '--no-cache'], { cwd: dir, env: { RFSN_UPGRADE_PYTHON_TIMEOUT: 'soon' } });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual(['rfsn-upgrade: RFSN_UPGRADE_PYTHON_TIMEOUT="soon": expected a number of seconds greater than 0']);
    }
  });

  test('a working python3 still confirms: TabError is an error, a good file passes', () => {
    const dir = tempProject({ 'tabs.py': TABS, 'ok.py': 'x = 1\n' });
    const out = JSON.parse(cli(['scan', '.', '--no-cache', '--select', 'SEC', '--format', 'json'], { cwd: dir, env: { RFSN_UPGRADE_PYTHON_TIMEOUT: '120' } }).stdout);
    expect(out.errors).toEqual([{ path: 'tabs.py', message: expect.stringMatching(/inconsistent use of tabs and spaces/) }]);
  });
});

describe('Python 2 syntax is an error even when python3 is older than the target (issue 21, item 11)', () => {
  // the project's pinned interpreter, first on PATH as python3: the targets below are newer than it
  const bin = tempProject({});
  fs.symlinkSync(VENV_PYTHON, path.join(bin, 'python3'));
  const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  const minor = Number(spawnSync(VENV_PYTHON, ['-c', 'import sys; print(sys.version_info[1])'], { encoding: 'utf8' }).stdout);
  const targets = ['py312', 'py314'].filter((t) => minor < Number(t.slice(3)));

  const PY2 = {
    'backtick.py': 'x = `1`\n',
    'except.py': 'try:\n    pass\nexcept ValueError, e:\n    pass\n',
    'except_as.py': 'try:\n    pass\nexcept ValueError, TypeError as e:\n    pass\n',
    'octal.py': 'x = 0777\n',
    'print.py': 'print "x"\n',
    'exec.py': 'exec "x = 1"\n',
    'long.py': 'x = 10L\n',
    'raise.py': 'raise ValueError, "x"\n',
    'ur.py': 'x = ur"a"\n',
    'ne.py': 'if 1 <> 2:\n    pass\n',
    'tuple_param.py': 'def f((a, b)):\n    pass\n',
    // newer syntax first, Python 2 further down: python3 stops at the first, the tree shows the second
    'mixed.py': 'type Point = tuple[float, float]\n\n\ndef f(x):\n    return `x`\n',
  };
  // valid in a Python 3 newer than the interpreter: still only a warning
  const NEW = {
    'alias.py': 'type Point = tuple[float, float]\n',
    'shift.py': 'import sys\ntype T = int\nprint >>sys.stderr, "x"\n',
  };

  test('the interpreter is older than the targets tried', () => {
    expect(targets).toContain('py314');
  });

  test.each(targets)('--target-version %s: backticks, except X, e, 0777, print "x" and the rest are errors (exit 1); newer syntax only warns', (target) => {
    const dir = tempProject({ ...PY2, ...NEW });
    const r = cli(['scan', '.', '--no-cache', '--select', 'SEC', '--target-version', target, '--format', 'json'], { cwd: dir, env });
    expect(r.code).toBe(1);
    const errs = Object.fromEntries(JSON.parse(r.stdout).errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    // `except A, B:` catches both since 3.14 (PEP 758): for py314 it is newer syntax, not an error
    const expected = Object.keys(PY2).filter((f) => !(target === 'py314' && f === 'except.py'));
    expect(Object.keys(errs).sort()).toEqual(expected.sort());
    expect(errs['octal.py']).toMatch(/^syntax error at line 1, column 5: leading zeros in decimal integer literals/);
    expect(errs['mixed.py']).toBe('syntax error at line 5, column 12: a backtick repr (`x`), which no Python 3 accepts (CPython rejects this file; tree-sitter read it, so its findings are reported)');
    const text = cli(['scan', '.', '--no-cache', '--select', 'SEC', '--target-version', target], { cwd: dir, env });
    const newer = text.stderr.split('\n').filter((l) => l.includes('may use syntax newer than'));
    expect(newer.map((l) => l.replace(/^warning: ([^:]+):.*/, '$1')).sort()).toEqual(target === 'py314' ? ['alias.py', 'except.py', 'shift.py'] : ['alias.py', 'shift.py']);
  });
});

describe('fix writes no Python 3 code into a Python 2 file python3 could not judge (issue 21, item 11)', () => {
  const bin = tempProject({});
  fs.symlinkSync(VENV_PYTHON, path.join(bin, 'python3'));
  const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  test('--target-version py314: the Python 2 file is left as it is (one line, exit 1); a file with newer syntax is still fixed', () => {
    const py2 = 'def f(x):\n    y = `x`\n    return "{}".format(y)\n';
    const newer = 'type Point = tuple[float, float]\n\n\ndef f(y):\n    return "{}".format(y)\n';
    const dir = tempProject({ 'py2.py': py2, 'newer.py': newer });
    const r = cli(['fix', '.', '--no-cache', '--select', 'FMT', '--target-version', 'py314'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'py2.py'), 'utf8')).toBe(py2);
    // one error line for the file (what is left in it is listed too, as scan lists it: its lines outside the broken one)
    expect(r.stdout.split('\n').filter((l) => l.startsWith('error: py2.py'))).toEqual(['error: py2.py: syntax error at line 2, column 9: a backtick repr (`x`), which no Python 3 accepts; not fixed']);
    expect(fs.readFileSync(path.join(dir, 'newer.py'), 'utf8')).toContain('return f"{y}"');
  });
});

describe('fix writes nothing into a file python3 cannot compile as it is', () => {
  const bin = tempProject({});
  fs.symlinkSync(VENV_PYTHON, path.join(bin, 'python3'));
  const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  test('a TabError or IndentationError original is left as it is (one line, exit 1); the rest of the run is fixed', () => {
    // tree-sitter reads both without an error; python3 rejects them, and would reject any fixed text too
    const tabs = 'from typing import List\n\n\ndef f(x: List[int]) -> None:\n    if x:\n\treturn None\n';
    const indent = 'from typing import List\n\n\ndef g(x: List[int]) -> None:\n    return None\n      y = 1\n';
    const fine = 'from typing import List\n\n\ndef h(x: List[int]) -> None:\n    return None\n';
    const dir = tempProject({ 'tabs.py': tabs, 'indent.py': indent, 'fine.py': fine });
    const r = cli(['fix', '.', '--no-cache', '--select', 'TYP001', '--target-version', 'py310'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'tabs.py'), 'utf8')).toBe(tabs);
    expect(fs.readFileSync(path.join(dir, 'indent.py'), 'utf8')).toBe(indent);
    expect(fs.readFileSync(path.join(dir, 'fine.py'), 'utf8')).toContain('x: list[int]');
    const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('error:')).sort();
    expect(errors).toEqual([
      expect.stringMatching(/^error: indent\.py: python3 cannot compile the file as it is \(IndentationError: unexpected indent \(line 6\)\); not fixed$/),
      expect.stringMatching(/^error: tabs\.py: python3 cannot compile the file as it is \(TabError: inconsistent use of tabs and spaces in indentation \(line 6\)\); not fixed$/),
    ]);
  });
});
